//! Credentials as types that cannot leak through `Debug`, `Display` or serde.

use std::fmt;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use zeroize::Zeroize;

use crate::error::{InputError, Problem};

/// The HMAC secret as issued by IIMMPACT: Base64 text, used as its decoded bytes.
///
/// It is checked when it is entered, so a secret that is not Base64 (a common paste
/// mistake) is refused at once instead of failing every request with a 401 later.
/// There is deliberately no accessor for the Base64 text and no `Serialize`.
#[derive(Clone)]
pub struct HmacSecret {
    key: Vec<u8>,
}

impl HmacSecret {
    pub fn from_base64(text: &str) -> Result<Self, InputError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(InputError::new("secret", Problem::Required));
        }
        let key = B64
            .decode(text)
            .map_err(|_| InputError::new("secret", Problem::NotBase64))?;
        if key.is_empty() {
            return Err(InputError::new("secret", Problem::Required));
        }
        Ok(Self { key })
    }

    /// The decoded key, for the signer only.
    pub(crate) fn key_bytes(&self) -> &[u8] {
        &self.key
    }
}

impl fmt::Debug for HmacSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for HmacSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl Drop for HmacSecret {
    fn drop(&mut self) {
        // Do not leave the key in freed memory.
        self.key.zeroize();
    }
}

/// The API key sent as `X-Api-Key`.
///
/// Printed only as its environment prefix (`iimm_dev_…`, `iimm_prod_…`, `../shared/iimmpact-api.md` §2.1),
/// which tells keys for the two environments apart without revealing them; any
/// other shape prints as `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    pub fn parse(text: &str) -> Result<Self, InputError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(InputError::new("api_key", Problem::Required));
        }
        if text.len() > 256 || !text.chars().all(|c| c.is_ascii_graphic()) {
            return Err(InputError::new("api_key", Problem::NotAnApiKey));
        }
        Ok(Self(text.to_owned()))
    }

    /// Enough to tell keys apart on a settings screen (`iimm_dev_ab12c…`), never the
    /// whole key.
    pub fn prefix(&self) -> String {
        let shown = (self.0.len() / 2).min(14);
        format!("{}…", &self.0[..shown])
    }

    /// The whole key, for the `X-Api-Key` header only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    fn redacted(&self) -> String {
        let environment = self
            .0
            .strip_prefix("iimm_")
            .and_then(|rest| rest.split_once('_'))
            .filter(|(env, key)| !env.is_empty() && env.len() <= 8 && !key.is_empty());
        match environment {
            Some((env, _)) => format!("iimm_{env}_…"),
            None => "***".to_owned(),
        }
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// A legacy Cognito ID token (`Authorization: Bearer …`), for merchants not yet on API keys.
#[derive(Clone)]
pub struct IdToken(String);

impl IdToken {
    pub fn new(token: &str) -> Result<Self, InputError> {
        let token = token.trim();
        if token.is_empty() {
            return Err(InputError::new("id_token", Problem::Required));
        }
        if token.chars().any(char::is_whitespace) {
            return Err(InputError::new("id_token", Problem::BadCharacters));
        }
        Ok(Self(token.to_owned()))
    }

    /// Whether `presented` is this token, for a server checking an `Authorization` header.
    pub fn matches(&self, presented: &str) -> bool {
        // Compare every byte so the time taken does not reveal how much matched.
        let (a, b) = (self.0.as_bytes(), presented.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }

    /// The token's text, for the `Authorization` header and the keychain only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for IdToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for IdToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// A legacy refresh token (one year), traded for a new ID token at `/v2/token/refresh`.
#[derive(Clone, PartialEq, Eq)]
pub struct RefreshToken(String);

impl RefreshToken {
    pub fn new(token: &str) -> Result<Self, InputError> {
        let token = token.trim();
        if token.is_empty() {
            return Err(InputError::new("refresh_token", Problem::Required));
        }
        if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(InputError::new("refresh_token", Problem::BadCharacters));
        }
        Ok(Self(token.to_owned()))
    }

    /// The token's text, for the refresh request and the keychain only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for RefreshToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for RefreshToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// The password of a legacy sign-in: sent once to `/v2/token`, never stored.
pub struct Password(String);

impl Password {
    pub fn new(text: &str) -> Result<Self, InputError> {
        // Kept as typed (spaces may be part of it), less a line ending from a pipe.
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            return Err(InputError::new("password", Problem::Required));
        }
        if text.chars().any(char::is_control) {
            return Err(InputError::new("password", Problem::ControlCharacters));
        }
        Ok(Self(text.to_owned()))
    }

    /// The password's text, for the sign-in request only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl Drop for Password {
    fn drop(&mut self) {
        // As for the HMAC secret: do not leave it in freed memory.
        self.0.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_never_prints() {
        let s = HmacSecret::from_base64("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=").unwrap();
        assert_eq!(format!("{s:?} {s}"), "*** ***");
        let t = IdToken::new("eyJraWQiOi.abc.def").unwrap();
        assert_eq!(format!("{t:?} {t}"), "*** ***");
        assert!(t.matches("eyJraWQiOi.abc.def"));
        assert!(!t.matches("eyJraWQiOi.abc.deX"));
        assert!(!t.matches("eyJraWQiOi.abc"));
        let r = RefreshToken::new(" rt-abc ").unwrap();
        assert_eq!(
            (format!("{r:?} {r}").as_str(), r.expose()),
            ("*** ***", "rt-abc")
        );
        let p = Password::new("pa ss\n").unwrap();
        assert_eq!((format!("{p:?}").as_str(), p.expose()), ("***", "pa ss"));
    }

    #[test]
    fn sign_in_secrets_are_checked_naming_the_field() {
        assert_eq!(RefreshToken::new(" ").unwrap_err().field, "refresh_token");
        assert_eq!(RefreshToken::new("a b").unwrap_err().field, "refresh_token");
        assert_eq!(Password::new("\n").unwrap_err().problem, Problem::Required);
        assert_eq!(
            Password::new("a\u{7}b").unwrap_err().problem,
            Problem::ControlCharacters
        );
    }

    #[test]
    fn api_key_prints_only_its_environment() {
        let dev = ApiKey::parse(" iimm_dev_abc123 ").unwrap();
        assert_eq!(dev.expose(), "iimm_dev_abc123");
        assert_eq!(format!("{dev:?} {dev}"), "iimm_dev_… iimm_dev_…");
        let prod = ApiKey::parse("iimm_prod_XYZ").unwrap();
        assert_eq!(prod.to_string(), "iimm_prod_…");
        for odd in ["abcdef", "iimm_abcdef", "iimm__x", "iimm_dev_"] {
            assert_eq!(ApiKey::parse(odd).unwrap().to_string(), "***", "{odd}");
        }
        for bad in ["", "  ", "iimm dev", "iimm\tdev", "iimm\u{7}x", "iimm_é"] {
            assert_eq!(ApiKey::parse(bad).unwrap_err().field, "api_key", "{bad:?}");
        }
        assert!(ApiKey::parse(&"k".repeat(257)).is_err());
    }

    #[test]
    fn api_key_prefix_tells_keys_apart_without_the_key() {
        let key = ApiKey::parse(" iimm_dev_ab12cd34ef56gh78ij90 ").unwrap();
        assert_eq!(key.prefix(), "iimm_dev_ab12c…");
        assert_eq!(ApiKey::parse("abcd").unwrap().prefix(), "ab…");
    }

    #[test]
    fn non_base64_secret_is_refused_naming_the_field() {
        for bad in ["not base64!", "", "   ", "abc"] {
            let err = HmacSecret::from_base64(bad).unwrap_err();
            assert_eq!(err.field, "secret", "{bad:?}");
        }
    }
}
