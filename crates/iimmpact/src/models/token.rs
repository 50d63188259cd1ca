//! The legacy sign-in (`../shared/iimmpact-api.md` §2.2): `POST /v2/token` with a user name
//! and password, `POST /v2/token/refresh` with the refresh token, both answering an
//! `AuthenticationResult`.
//!
//! The reply is read leniently: `ExpiresIn` as a number or a string (absent or unreadable:
//! the documented 60 minutes), and a refresh reply without a `RefreshToken` (as Cognito
//! answers a refresh) keeps the one it was refreshed with.

use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use super::forgiving;
use crate::error::{InputError, Problem};
use crate::secret::{IdToken, Password, RefreshToken};

/// How long an ID token lives when the reply does not say (`../shared/iimmpact-api.md` §2.2).
pub const DEFAULT_ID_TOKEN_LIFETIME: TimeDelta = TimeDelta::minutes(60);

/// What a sign-in needs: the user name, and the password used for this one request.
#[derive(Debug)]
pub struct SignIn {
    pub username: String,
    pub password: Password,
}

impl SignIn {
    pub fn new(username: &str, password: Password) -> Result<Self, InputError> {
        let username = username.trim();
        if username.is_empty() {
            return Err(InputError::new("username", Problem::Required));
        }
        if username.chars().any(char::is_control) {
            return Err(InputError::new("username", Problem::ControlCharacters));
        }
        if username.chars().count() > 128 {
            return Err(InputError::new("username", Problem::TooLong { max: 128 }));
        }
        Ok(Self {
            username: username.to_owned(),
            password,
        })
    }

    /// The JSON body of `POST /token`.
    pub fn body(&self) -> Vec<u8> {
        #[derive(Serialize)]
        struct Body<'a> {
            username: &'a str,
            password: &'a str,
        }
        serde_json::to_vec(&Body {
            username: &self.username,
            password: self.password.expose(),
        })
        .unwrap_or_default()
    }
}

/// The JSON body of `POST /token/refresh`.
pub fn refresh_body(token: &RefreshToken) -> Vec<u8> {
    serde_json::json!({ "refresh_token": token.expose() })
        .to_string()
        .into_bytes()
}

/// The tokens of a signed-in account: the ID token sent as `Authorization: Bearer`, when
/// it expires, and the refresh token that gets the next one.
#[derive(Clone, Debug)]
pub struct Tokens {
    pub id_token: IdToken,
    pub refresh_token: RefreshToken,
    pub expires_at: DateTime<Utc>,
}

/// `{"AuthenticationResult": {…}}`, as login and refresh both answer.
#[derive(Deserialize)]
pub struct AuthenticationReply {
    #[serde(rename = "AuthenticationResult")]
    result: AuthenticationResult,
}

#[derive(Deserialize)]
struct AuthenticationResult {
    #[serde(
        rename = "IdToken",
        default,
        deserialize_with = "forgiving::optional_text"
    )]
    id_token: Option<String>,
    #[serde(
        rename = "RefreshToken",
        default,
        deserialize_with = "forgiving::optional_text"
    )]
    refresh_token: Option<String>,
    /// Seconds; unreadable is taken as absent, since the tokens are still good.
    #[serde(
        rename = "ExpiresIn",
        default,
        deserialize_with = "forgiving::optional_text"
    )]
    expires_in: Option<String>,
}

impl AuthenticationReply {
    /// The tokens this reply gives, at `now`; `previous` is kept when a refresh reply
    /// brings no new refresh token. `None` for a reply without the tokens it needs.
    pub fn tokens(self, now: DateTime<Utc>, previous: Option<&RefreshToken>) -> Option<Tokens> {
        let result = self.result;
        let id_token = IdToken::new(result.id_token.as_deref()?).ok()?;
        let refresh_token = match result.refresh_token.as_deref() {
            Some(text) => RefreshToken::new(text).ok()?,
            None => previous?.clone(),
        };
        let lifetime = result
            .expires_in
            .and_then(|text| text.trim().parse::<i64>().ok())
            .filter(|secs| *secs > 0)
            .map_or(DEFAULT_ID_TOKEN_LIFETIME, TimeDelta::seconds);
        Some(Tokens {
            id_token,
            refresh_token,
            expires_at: now + lifetime,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(json: &str, previous: Option<&RefreshToken>) -> Option<Tokens> {
        let reply: AuthenticationReply = serde_json::from_str(json).unwrap();
        reply.tokens(DateTime::UNIX_EPOCH, previous)
    }

    #[test]
    fn expires_in_as_number_string_or_missing() {
        for (json, secs) in [
            (
                r#"{"AuthenticationResult":{"IdToken":"id","RefreshToken":"rt","ExpiresIn":3600,"TokenType":"Bearer","AccessToken":"a"}}"#,
                3600,
            ),
            (
                r#"{"AuthenticationResult":{"IdToken":"id","RefreshToken":"rt","ExpiresIn":"120"}}"#,
                120,
            ),
            (
                r#"{"AuthenticationResult":{"IdToken":"id","RefreshToken":"rt"}}"#,
                3600,
            ),
            (
                r#"{"AuthenticationResult":{"IdToken":"id","RefreshToken":"rt","ExpiresIn":"soon"}}"#,
                3600,
            ),
            (
                r#"{"AuthenticationResult":{"IdToken":"id","RefreshToken":"rt","ExpiresIn":null}}"#,
                3600,
            ),
        ] {
            let t = tokens(json, None).unwrap();
            assert_eq!(t.expires_at.timestamp(), secs, "{json}");
            assert_eq!(
                (t.id_token.expose(), t.refresh_token.expose()),
                ("id", "rt")
            );
        }
    }

    #[test]
    fn a_refresh_without_a_refresh_token_keeps_the_old_one() {
        let old = RefreshToken::new("old").unwrap();
        let json = r#"{"AuthenticationResult":{"IdToken":"new-id","ExpiresIn":3600}}"#;
        assert_eq!(
            tokens(json, Some(&old)).unwrap().refresh_token.expose(),
            "old"
        );
        assert!(tokens(json, None).is_none(), "a login must bring one");
        let no_id = r#"{"AuthenticationResult":{"RefreshToken":"rt"}}"#;
        assert!(tokens(no_id, Some(&old)).is_none());
    }

    #[test]
    fn the_bodies_are_as_documented() {
        let sign_in = SignIn::new(" merchant ", Password::new("p\"w").unwrap()).unwrap();
        let body: serde_json::Value = serde_json::from_slice(&sign_in.body()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"username": "merchant", "password": "p\"w"})
        );
        assert!(!format!("{sign_in:?}").contains("p\\\"w"));
        let refresh = refresh_body(&RefreshToken::new("rt").unwrap());
        assert_eq!(refresh, br#"{"refresh_token":"rt"}"#);
        assert_eq!(
            SignIn::new(" ", Password::new("x").unwrap())
                .unwrap_err()
                .field,
            "username"
        );
    }
}
