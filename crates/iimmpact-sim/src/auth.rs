//! Request authentication as the real server does it: HMAC signature, clock window,
//! nonce replay guard, or a legacy ID token (fixed, or issued by the sign-in and
//! refresh, and accepted until it expires).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::HeaderMap;
use iimmpact::signing::{self, SigningInput, NONCE_LEN};
use iimmpact::HmacSecret;

use crate::config::SimUser;
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
    users: Vec<SimUser>,
    sessions: Mutex<Sessions>,
}

/// What the legacy sign-in and refresh issued.
struct Sessions {
    lifetime: Duration,
    /// ID token → when it stops being accepted.
    id_tokens: HashMap<String, Instant>,
    /// Refresh token → its user.
    refresh_tokens: HashMap<String, String>,
    counts: TokenCounts,
}

/// How many sign-ins and refreshes were answered with tokens.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TokenCounts {
    pub sign_ins: u32,
    pub refreshes: u32,
}

/// Tokens as the sign-in or a refresh hands them out.
pub(crate) struct Issued {
    pub id_token: String,
    /// Only a sign-in issues one; a refresh keeps the one it was given (as Cognito does).
    pub refresh_token: Option<String>,
    pub expires_in: Duration,
}

/// The request, as far as the signature covers it.
pub(crate) struct Signed<'a> {
    pub method: &'a str,
    /// Decoded query pairs, in any order.
    pub query: &'a [(String, String)],
    pub body: &'a [u8],
}

impl Verifier {
    pub fn new(cfg: &crate::SimConfig, secret: HmacSecret) -> Self {
        Self {
            api_key: cfg.api_key.clone(),
            secret,
            id_token: cfg.id_token.clone(),
            window_secs: i64::try_from(cfg.clock_window.as_secs()).unwrap_or(i64::MAX),
            nonces: Mutex::new(NonceBook::new(cfg.nonce_retention())),
            users: cfg.users.clone(),
            sessions: Mutex::new(Sessions {
                lifetime: cfg.id_token_lifetime,
                id_tokens: HashMap::new(),
                refresh_tokens: HashMap::new(),
                counts: TokenCounts::default(),
            }),
        }
    }

    /// `POST /v2/token`: a configured user's name and password get a refresh token and
    /// an ID token.
    pub fn sign_in(&self, username: &str, password: &str) -> Result<Issued, AuthRefusal> {
        let known = self.users.iter().any(|u| {
            u.username.eq_ignore_ascii_case(username.trim()) && same(&u.password, password)
        });
        if !known {
            return Err(AuthRefusal::InvalidCredentials);
        }
        let mut sessions = lock(&self.sessions);
        let refresh_token = format!("sim-refresh-{:032x}", rand::random::<u128>());
        sessions
            .refresh_tokens
            .insert(refresh_token.clone(), username.trim().to_owned());
        sessions.counts.sign_ins += 1;
        let mut issued = sessions.issue(Instant::now());
        issued.refresh_token = Some(refresh_token);
        Ok(issued)
    }

    /// `POST /v2/token/refresh`: a refresh token issued and not revoked gets a new ID token.
    pub fn refresh(&self, refresh_token: &str) -> Result<Issued, AuthRefusal> {
        let mut sessions = lock(&self.sessions);
        if !sessions.refresh_tokens.contains_key(refresh_token.trim()) {
            return Err(AuthRefusal::InvalidRefreshToken);
        }
        sessions.counts.refreshes += 1;
        Ok(sessions.issue(Instant::now()))
    }

    /// Every ID token issued so far is refused from now on (their hour has passed).
    pub fn expire_id_tokens(&self) {
        lock(&self.sessions).id_tokens.clear();
    }

    /// Every refresh token issued so far is refused from now on (a password change).
    pub fn revoke_refresh_tokens(&self) {
        lock(&self.sessions).refresh_tokens.clear();
    }

    pub fn token_counts(&self) -> TokenCounts {
        lock(&self.sessions).counts
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
        let fixed = self
            .id_token
            .as_deref()
            .is_some_and(|expected| !token.is_empty() && same(expected, token));
        let issued = lock(&self.sessions)
            .id_tokens
            .get(token)
            .is_some_and(|expires| Instant::now() < *expires);
        if fixed || issued {
            Ok(Credential::IdToken)
        } else {
            Err(AuthRefusal::InvalidToken)
        }
    }
}

impl Sessions {
    /// A new ID token, accepted for the configured lifetime from `now`.
    fn issue(&mut self, now: Instant) -> Issued {
        // Expired tokens are dropped as new ones come, so memory stays bounded.
        self.id_tokens.retain(|_, expires| now < *expires);
        let id_token = format!("eyJ.sim.{:032x}", rand::random::<u128>());
        self.id_tokens.insert(id_token.clone(), now + self.lifetime);
        Issued {
            id_token,
            refresh_token: None,
            expires_in: self.lifetime,
        }
    }
}

/// Compares every byte, so the time taken does not tell how much of a secret matched.
fn same(expected: &str, presented: &str) -> bool {
    let (a, b) = (expected.as_bytes(), presented.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
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
