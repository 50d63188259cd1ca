//! Request authentication as the real server does it: HMAC signature, clock window,
//! nonce replay guard, or a legacy ID token.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::HeaderMap;
use iimmpact::signing::{self, SigningInput, NONCE_LEN};
use iimmpact::HmacSecret;

use crate::error::AuthRefusal;
use crate::state::lock;

/// How the request proved who it is; topup treats the two differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Credential {
    ApiKey,
    IdToken,
}

pub(crate) struct Verifier {
    api_key: String,
    secret: HmacSecret,
    id_token: Option<String>,
    window_secs: i64,
    nonces: Mutex<NonceBook>,
}

/// The request, as far as the signature covers it.
pub(crate) struct Signed<'a> {
    pub method: &'a str,
    /// Decoded query pairs, in any order.
    pub query: &'a [(String, String)],
    pub body: &'a [u8],
}

impl Verifier {
    pub fn new(
        api_key: String,
        secret: HmacSecret,
        id_token: Option<String>,
        window: Duration,
        retention: Duration,
    ) -> Self {
        Self {
            api_key,
            secret,
            id_token,
            window_secs: i64::try_from(window.as_secs()).unwrap_or(i64::MAX),
            nonces: Mutex::new(NonceBook::new(retention)),
        }
    }

    pub fn check(
        &self,
        headers: &HeaderMap,
        request: &Signed<'_>,
        unix_now: i64,
    ) -> Result<Credential, AuthRefusal> {
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let Some(key) = header(signing::HEADER_API_KEY) else {
            return match header("authorization") {
                Some(token) => self.check_token(token),
                None => Err(AuthRefusal::MissingHeaders),
            };
        };
        let (Some(timestamp), Some(nonce), Some(signature)) = (
            header(signing::HEADER_TIMESTAMP),
            header(signing::HEADER_NONCE),
            header(signing::HEADER_SIGNATURE),
        ) else {
            return Err(AuthRefusal::MissingHeaders);
        };
        if key != self.api_key {
            return Err(AuthRefusal::ApiKeyNotFound);
        }
        // Seconds only: a 13-digit millisecond stamp is decades away and so out of window.
        let in_window = timestamp.bytes().all(|b| b.is_ascii_digit())
            && timestamp
                .parse::<i64>()
                .is_ok_and(|ts| ts.abs_diff(unix_now) <= self.window_secs.unsigned_abs());
        if !in_window {
            return Err(AuthRefusal::InvalidTimestamp);
        }
        if !NONCE_LEN.contains(&nonce.chars().count()) {
            return Err(AuthRefusal::InvalidNonce);
        }
        let input = SigningInput {
            timestamp,
            nonce,
            method: request.method,
            query: &signing::canonical_query(request.query),
            body: request.body,
        };
        if !signing::verify(&self.secret, &input, signature) {
            return Err(AuthRefusal::InvalidSignature);
        }
        // Only a correctly signed request spends its nonce, so garbage cannot block one.
        let fresh = lock(&self.nonces).remember(nonce, Instant::now());
        if !fresh {
            return Err(AuthRefusal::NonceReused);
        }
        Ok(Credential::ApiKey)
    }

    fn check_token(&self, header: &str) -> Result<Credential, AuthRefusal> {
        let token = header.strip_prefix("Bearer ").unwrap_or(header).trim();
        match &self.id_token {
            Some(expected) if !token.is_empty() && token == expected => Ok(Credential::IdToken),
            _ => Err(AuthRefusal::InvalidToken),
        }
    }
}

/// Nonces seen within the retention time.
struct NonceBook {
    retention: Duration,
    seen: HashMap<String, Instant>,
    last_sweep: Instant,
}

impl NonceBook {
    fn new(retention: Duration) -> Self {
        Self {
            retention,
            seen: HashMap::new(),
            last_sweep: Instant::now(),
        }
    }

    /// Records `nonce`; false when it was already used within the retention time.
    fn remember(&mut self, nonce: &str, now: Instant) -> bool {
        // Sweeping once per retention period keeps memory bounded by the traffic of two periods.
        if now.duration_since(self.last_sweep) >= self.retention {
            let retention = self.retention;
            self.seen
                .retain(|_, at| now.duration_since(*at) < retention);
            self.last_sweep = now;
        }
        match self.seen.get(nonce) {
            Some(at) if now.duration_since(*at) < self.retention => false,
            _ => {
                self.seen.insert(nonce.to_owned(), now);
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonce_is_refused_inside_retention_and_forgotten_after() {
        let mut book = NonceBook::new(Duration::from_secs(600));
        let t0 = Instant::now();
        assert!(book.remember("req-1-aaaaaaaaaaaaaaaa", t0));
        assert!(!book.remember("req-1-aaaaaaaaaaaaaaaa", t0 + Duration::from_secs(599)));
        assert!(book.remember("req-1-aaaaaaaaaaaaaaaa", t0 + Duration::from_secs(601)));
        assert!(book.remember("req-2-aaaaaaaaaaaaaaaa", t0 + Duration::from_secs(1300)));
        assert_eq!(book.seen.len(), 1, "the sweep dropped the stale nonce");
    }
}
