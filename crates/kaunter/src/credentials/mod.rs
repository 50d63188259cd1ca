//! Each environment's credentials, kept in the OS keychain: an API key and HMAC secret
//! (recommended), or a legacy sign-in (an ID token and its refresh token).
//!
//! Layout: service `kaunter`; for an API key two entries per environment, users
//! `<env>:api-key` and `<env>:hmac-secret` (e.g. `staging:hmac-secret`), each holding
//! the text as IIMMPACT issued it. Anyone can find them with
//! `secret-tool lookup service kaunter username staging:hmac-secret`. A legacy sign-in
//! is one entry, user `<env>:sign-in`, holding JSON (`username`, `id_token`,
//! `refresh_token`, `expires_at`) so the tokens are replaced together when they are
//! refreshed. The password is sent once, to sign in, and kept nowhere. An environment
//! holds one kind: storing either removes the other.
//! The same service keeps each environment's journal key for voucher PINs, user
//! `journal-pin-key-<env>` (see [`crate::vault`]); a supervisor reset leaves it.
//!
//! The secret goes in and never comes back out as text: [`Keychain::load`] hands back
//! the client's [`Credentials`], whose [`HmacSecret`] only the signer can read. There is no fallback to
//! a file; when the keychain is unusable the error says how to fix it.
//! `IIMMPACT_API_KEY` / `IIMMPACT_API_SECRET` in the environment override the keychain,
//! for scripts and CI.

mod keychain;
mod sign_in;

use iimmpact::client::Credentials;
use iimmpact::{ApiKey, HmacSecret, Problem};
use serde::Serialize;

pub use keychain::{KeychainProblem, KeychainProblemKind};

use crate::supervisor::SupervisorUnlock;
use crate::{Environment, Error, Result};

pub const SERVICE: &str = "kaunter";
pub const API_KEY_VAR: &str = "IIMMPACT_API_KEY";
pub const API_SECRET_VAR: &str = "IIMMPACT_API_SECRET";

/// Where the credentials for an environment come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CredentialSource {
    Keychain,
    /// `IIMMPACT_API_KEY` / `IIMMPACT_API_SECRET`, which take precedence.
    EnvironmentVariables,
    None,
}

/// How an environment's requests are authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CredentialKind {
    /// An API key and HMAC secret (recommended by IIMMPACT).
    ApiKey,
    /// The legacy sign-in: an ID token, refreshed with its refresh token.
    Login,
}

/// What Settings shows: whether credentials exist, never the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CredentialStatus {
    pub environment: Environment,
    pub source: CredentialSource,
    /// Which kind is stored; `None` with no credentials.
    pub kind: Option<CredentialKind>,
    /// The first characters of the API key, e.g. `iimm_dev_ab12…`.
    pub api_key_prefix: Option<String>,
    pub has_secret: bool,
    /// The legacy sign-in's user name.
    pub username: Option<String>,
    /// When the stored ID token expires (it is refreshed before then, as it is used).
    #[ts(type = "string | null")]
    pub id_token_expires_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// The keychain entries of one service name (tests use their own to stay apart).
#[derive(Debug, Clone)]
pub struct Keychain {
    service: String,
}

impl Default for Keychain {
    fn default() -> Self {
        Self::with_service(SERVICE)
    }
}

impl Keychain {
    pub fn with_service(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    /// Checks both values, then stores them for `env`, replacing what was there.
    /// A supervisor's operation: it takes the proof that the PIN was given.
    pub async fn store(
        &self,
        unlock: &SupervisorUnlock,
        env: Environment,
        api_key: &str,
        secret: &str,
    ) -> Result<()> {
        unlock.check()?;
        let key = ApiKey::parse(api_key)?;
        HmacSecret::from_base64(secret)?;
        let (key_user, secret_user) = users(env)?;
        self.set_text(&key_user, key.expose()).await?;
        self.set_text(&secret_user, secret.trim()).await?;
        self.delete(&sign_in::user(env)).await
    }

    pub async fn status(&self, env: Environment) -> Result<CredentialStatus> {
        if let Some(found) = from_environment(env_var(API_KEY_VAR), env_var(API_SECRET_VAR))? {
            return Ok(CredentialStatus {
                environment: env,
                source: CredentialSource::EnvironmentVariables,
                kind: Some(CredentialKind::ApiKey),
                api_key_prefix: Some(found.0.prefix()),
                has_secret: true,
                username: None,
                id_token_expires_at: None,
            });
        }
        let (key, secret) = self.read(env).await?;
        let key = key.map(|k| ApiKey::parse(&k)).transpose()?;
        let signed_in = if key.is_some() || secret.is_some() {
            None
        } else {
            self.read_sign_in(env).await?
        };
        let kind = match (&key, &secret, &signed_in) {
            (None, None, None) => None,
            (_, _, Some(_)) => Some(CredentialKind::Login),
            _ => Some(CredentialKind::ApiKey),
        };
        Ok(CredentialStatus {
            environment: env,
            source: match kind {
                Some(_) => CredentialSource::Keychain,
                None => CredentialSource::None,
            },
            kind,
            api_key_prefix: key.map(|k| k.prefix()),
            has_secret: secret.is_some(),
            username: signed_in.as_ref().map(|s| s.username.clone()),
            id_token_expires_at: signed_in.map(|s| s.tokens.expires_at),
        })
    }

    /// Removes `env`'s credentials of either kind (signing out of a legacy sign-in);
    /// clearing what is not there is not an error.
    /// A supervisor's operation: it takes the proof that the PIN was given.
    pub async fn clear(&self, unlock: &SupervisorUnlock, env: Environment) -> Result<()> {
        unlock.check()?;
        self.forget(env).await
    }

    /// [`Self::clear`] without the proof: only a supervisor reset, which takes away
    /// what the PIN guarded rather than opening it, may do this.
    pub(crate) async fn forget(&self, env: Environment) -> Result<()> {
        let (key_user, secret_user) = users(env)?;
        self.delete(&key_user).await?;
        self.delete(&secret_user).await?;
        self.delete(&sign_in::user(env)).await
    }

    /// The credentials the client signs with: the environment variables when set,
    /// else the keychain's API key, else its legacy sign-in (whose refreshed tokens
    /// are written back here).
    pub async fn load(&self, env: Environment) -> Result<Credentials> {
        if let Some((key, secret)) =
            from_environment(env_var(API_KEY_VAR), env_var(API_SECRET_VAR))?
        {
            return Ok(Credentials::ApiKey { key, secret });
        }
        match self.read(env).await? {
            (Some(key), Some(secret)) => Ok(Credentials::ApiKey {
                key: ApiKey::parse(&key)?,
                secret: HmacSecret::from_base64(&secret)?,
            }),
            _ => match self.read_sign_in(env).await? {
                Some(signed_in) => Ok(Credentials::SignedIn(
                    self.token_source(env, signed_in.tokens),
                )),
                None => Err(Error::NoCredentials { env }),
            },
        }
    }

    /// Writes, reads back and deletes a throwaway entry: run on start, so a missing or
    /// locked keychain is explained before the user needs it.
    pub async fn probe(&self) -> std::result::Result<(), KeychainProblem> {
        let service = self.service.clone();
        let user = format!("probe:{}", uuid::Uuid::new_v4());
        let value = uuid::Uuid::new_v4().to_string();
        let read = keychain::call(move || {
            let entry = keychain::entry(&service, &user)?;
            entry.set_password(&value)?;
            let read = entry.get_password();
            entry.delete_credential()?;
            Ok(read? == value)
        })
        .await?;
        match read {
            Some(true) => Ok(()),
            _ => Err(KeychainProblem::new(
                KeychainProblemKind::Other,
                "a value written to the keychain did not read back the same",
            )),
        }
    }

    /// The stored texts; the secret stays inside this module.
    async fn read(&self, env: Environment) -> Result<(Option<String>, Option<String>)> {
        let (key_user, secret_user) = users(env)?;
        Ok((
            self.get_text(&key_user).await?,
            self.get_text(&secret_user).await?,
        ))
    }

    /// One entry of this service as text; `None` when there is none.
    pub(crate) async fn get_text(&self, user: &str) -> Result<Option<String>> {
        let (service, user) = (self.service.clone(), user.to_owned());
        Ok(keychain::call(move || keychain::entry(&service, &user)?.get_password()).await?)
    }

    /// Stores the text `value` under `user`, replacing what was there.
    pub(crate) async fn set_text(&self, user: &str, value: &str) -> Result<()> {
        let (service, user, value) = (self.service.clone(), user.to_owned(), value.to_owned());
        keychain::call(move || keychain::entry(&service, &user)?.set_password(&value)).await?;
        Ok(())
    }

    /// Removes `user`'s entry; removing what is not there is not an error.
    pub(crate) async fn delete(&self, user: &str) -> Result<()> {
        let (service, user) = (self.service.clone(), user.to_owned());
        keychain::call(move || keychain::entry(&service, &user)?.delete_credential()).await?;
        Ok(())
    }
}

pub(crate) fn users(env: Environment) -> Result<(String, String)> {
    if env == Environment::Demo {
        return Err(Error::invalid("env", Problem::NotForDemo));
    }
    Ok((format!("{env}:api-key"), format!("{env}:hmac-secret")))
}

/// The keychain user of `env`'s journal key for voucher secrets; Demo has none (its
/// key is fixed, see [`crate::vault::VoucherKey::demo`]).
pub(crate) fn journal_key_user(env: Environment) -> Option<String> {
    (env != Environment::Demo).then(|| format!("journal-pin-key-{env}"))
}

fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// Both variables or neither: one alone is a mistake worth stopping for, not a reason
/// to quietly fall back to the keychain's other account.
fn from_environment(
    key: Option<String>,
    secret: Option<String>,
) -> Result<Option<(ApiKey, HmacSecret)>> {
    match (key, secret) {
        (None, None) => Ok(None),
        (Some(key), Some(secret)) => Ok(Some((
            ApiKey::parse(&key).map_err(|e| Error::invalid(API_KEY_VAR, e.problem))?,
            HmacSecret::from_base64(&secret)
                .map_err(|e| Error::invalid(API_SECRET_VAR, e.problem))?,
        ))),
        (Some(_), None) => Err(Error::invalid(
            API_SECRET_VAR,
            Problem::NeedsOther {
                other: API_KEY_VAR.into(),
            },
        )),
        (None, Some(_)) => Err(Error::invalid(
            API_KEY_VAR,
            Problem::NeedsOther {
                other: API_SECRET_VAR.into(),
            },
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    #[test]
    fn environment_variables_must_come_in_pairs_and_be_valid() {
        assert!(from_environment(None, None).unwrap().is_none());
        let found = from_environment(Some("iimm_dev_x".into()), Some(SECRET.into()))
            .unwrap()
            .unwrap();
        assert_eq!(found.0.expose(), "iimm_dev_x");
        let field = |r: Result<Option<(ApiKey, HmacSecret)>>| r.unwrap_err().payload().field;
        assert_eq!(
            field(from_environment(Some("k".into()), None)).as_deref(),
            Some(API_SECRET_VAR)
        );
        assert_eq!(
            field(from_environment(None, Some(SECRET.into()))).as_deref(),
            Some(API_KEY_VAR)
        );
        assert_eq!(
            field(from_environment(
                Some("k".into()),
                Some("not base64!".into())
            ))
            .as_deref(),
            Some(API_SECRET_VAR)
        );
    }

    #[tokio::test]
    async fn bad_input_is_refused_before_the_keychain_is_touched() {
        // A service name no test stores under: nothing may reach the keychain anyway.
        let keychain = Keychain::with_service("kaunter-unit-never-stored");
        let unlock = SupervisorUnlock::for_tests();
        let err = keychain
            .store(&unlock, Environment::Staging, "iimm_dev_x", "not base64!")
            .await
            .unwrap_err();
        assert_eq!(err.payload().field.as_deref(), Some("secret"));
        let err = keychain
            .store(&unlock, Environment::Staging, "", SECRET)
            .await
            .unwrap_err();
        assert_eq!(err.payload().field.as_deref(), Some("api_key"));
        let err = keychain
            .store(&unlock, Environment::Demo, "iimm_dev_x", SECRET)
            .await
            .unwrap_err();
        assert_eq!(err.payload().field.as_deref(), Some("env"));
    }

    #[tokio::test]
    async fn an_ended_unlock_stores_and_clears_nothing() {
        let keychain = Keychain::with_service("kaunter-unit-never-stored");
        let ended = SupervisorUnlock::expired();
        let err = keychain
            .store(&ended, Environment::Staging, "iimm_dev_x", SECRET)
            .await
            .unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::SupervisorRequired);
        let err = keychain
            .clear(&ended, Environment::Staging)
            .await
            .unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::SupervisorRequired);
    }
}
