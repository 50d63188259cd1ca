//! The legacy sign-in's keychain entry: the user name and the current tokens, as one
//! JSON value so a refresh replaces them together.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use iimmpact::client::TokenSource;
use iimmpact::models::Tokens;
use iimmpact::{IdToken, RefreshToken};
use serde::{Deserialize, Serialize};

use super::Keychain;
use crate::{Environment, Error, Result};

/// The keychain user of `env`'s sign-in.
pub(super) fn user(env: Environment) -> String {
    format!("{env}:sign-in")
}

/// A stored sign-in, read back.
pub(super) struct SignedIn {
    pub username: String,
    pub tokens: Tokens,
}

/// The entry's text. Only ever built to be written to, or read from, the keychain.
#[derive(Serialize, Deserialize)]
struct Entry {
    username: String,
    id_token: String,
    refresh_token: String,
    expires_at: DateTime<Utc>,
}

impl Keychain {
    /// Keeps `tokens` as `env`'s credentials, replacing an API key and secret. The
    /// password that got them is not among them: it is never stored.
    pub(crate) async fn save_sign_in(
        &self,
        env: Environment,
        username: &str,
        tokens: &Tokens,
    ) -> Result<()> {
        let (key_user, secret_user) = super::users(env)?;
        self.write_sign_in(env, username, tokens).await?;
        self.delete(&key_user).await?;
        self.delete(&secret_user).await
    }

    /// The stored sign-in of `env`, if there is one.
    pub(super) async fn read_sign_in(&self, env: Environment) -> Result<Option<SignedIn>> {
        let Some(text) = self.get_text(&user(env)).await? else {
            return Ok(None);
        };
        // The parser's message names a position, never the text it read.
        let unreadable =
            |e: &dyn std::fmt::Display| Error::keychain_other(format!("{env} sign-in: {e}"));
        let entry: Entry = serde_json::from_str(&text).map_err(|e| unreadable(&e))?;
        Ok(Some(SignedIn {
            tokens: Tokens {
                id_token: IdToken::new(&entry.id_token).map_err(|e| unreadable(&e))?,
                refresh_token: RefreshToken::new(&entry.refresh_token)
                    .map_err(|e| unreadable(&e))?,
                expires_at: entry.expires_at,
            },
            username: entry.username,
        }))
    }

    /// The tokens of a stored sign-in, writing each refresh back to the keychain so
    /// the next run (or the other face) starts from the fresh token.
    pub(super) fn token_source(&self, env: Environment, tokens: Tokens) -> TokenSource {
        let keychain = self.clone();
        TokenSource::new(tokens).on_refresh(Arc::new(move |fresh| {
            let keychain = keychain.clone();
            Box::pin(async move {
                if let Err(error) = keychain.refreshed(env, &fresh).await {
                    tracing::warn!(%env, %error, "the refreshed ID token was not kept in the keychain");
                }
            })
        }))
    }

    /// Replaces the tokens of `env`'s sign-in, unless it was signed out meanwhile.
    async fn refreshed(&self, env: Environment, tokens: &Tokens) -> Result<()> {
        match self.read_sign_in(env).await? {
            Some(stored) => self.write_sign_in(env, &stored.username, tokens).await,
            None => Ok(()),
        }
    }

    async fn write_sign_in(&self, env: Environment, username: &str, tokens: &Tokens) -> Result<()> {
        let entry = Entry {
            username: username.to_owned(),
            id_token: tokens.id_token.expose().to_owned(),
            refresh_token: tokens.refresh_token.expose().to_owned(),
            expires_at: tokens.expires_at,
        };
        let text = serde_json::to_string(&entry)
            .map_err(|e| Error::keychain_other(format!("{env} sign-in: {e}")))?;
        self.set_text(&user(env), &text).await
    }
}
