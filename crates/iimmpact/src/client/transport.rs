//! One signed HTTP exchange: IP gate, budget, headers, signature, and the reply's
//! classification.

use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::header::{
    HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, DATE, LOCATION,
};
use reqwest::{Method, StatusCode};

use super::budget::{Priority, RequestBudget};
use super::ip_block::IpBlock;
use super::token_source::{self, TokenSource};
use super::Credentials;
use crate::error::{AuthFailure, Error, InputError, Problem};
use crate::models::{token, AuthenticationReply};
use crate::secret::IdToken;
use crate::signing::{self, SigningInput};

/// A request before it is signed.
pub(crate) struct Call<'a> {
    pub method: Method,
    /// Below the base URL, e.g. `/balance`.
    pub path: &'a str,
    pub query: Vec<(&'static str, String)>,
    pub body: &'a [u8],
    pub priority: Priority,
    /// False for the legacy sign-in and refresh, which carry no credentials.
    pub signed: bool,
}

/// Any HTTP reply, successful or not.
pub(crate) struct Reply {
    pub status: StatusCode,
    pub body: Vec<u8>,
    /// The server's `Date` minus the local clock, in seconds.
    pub clock_skew_secs: Option<i64>,
    /// From sending the request to the reply's last byte: the time on the wire, without
    /// the wait for a token (the page window follows it).
    pub elapsed: Duration,
    /// The ID token the request carried, if it carried one.
    pub id_token: Option<IdToken>,
}

impl Reply {
    pub fn into_success(self) -> Result<Vec<u8>, Error> {
        if self.status.is_success() {
            Ok(self.body)
        } else {
            Err(self.error())
        }
    }

    /// The error this reply stands for, if it is not a success.
    pub fn error(&self) -> Error {
        Error::from_reply(
            self.status.as_u16(),
            &String::from_utf8_lossy(&self.body),
            self.clock_skew_secs,
        )
    }
}

pub(crate) struct Transport {
    pub http: reqwest::Client,
    pub base_url: String,
    pub credentials: Credentials,
    pub timeout: Duration,
    pub budget: std::sync::Arc<RequestBudget>,
    pub block: std::sync::Arc<IpBlock>,
    pub max_reply_bytes: u64,
}

impl Transport {
    /// Sends once, after taking a token from the budget, unless the IP is blocked: then
    /// nothing leaves this PC. A fresh timestamp and nonce are made here, so a re-sent
    /// payment is signed anew while its body stays the same.
    pub async fn send(&self, call: &Call<'_>) -> Result<Reply, Error> {
        self.closed_gate()?;
        self.budget.acquire(call.priority).await;
        // Another request may have met the block while this one waited for its token.
        self.closed_gate()?;
        self.authorize_and_deliver(call).await
    }

    /// Sends once whatever the gate says: the one deliberate request that finds out
    /// whether a block has ended. It still takes its token from the budget.
    pub async fn send_past_gate(&self, call: &Call<'_>) -> Result<Reply, Error> {
        self.budget.acquire(call.priority).await;
        self.authorize_and_deliver(call).await
    }

    async fn authorize_and_deliver(&self, call: &Call<'_>) -> Result<Reply, Error> {
        if !call.signed {
            return self.deliver(call, HeaderMap::new(), None).await;
        }
        let id_token = match &self.credentials {
            Credentials::SignedIn(source) => Some(self.current_id_token(source, call).await?),
            Credentials::IdToken(token) => Some(token.clone()),
            Credentials::ApiKey { .. } | Credentials::Anonymous => None,
        };
        let mut canonical = call.query.clone();
        canonical.sort_unstable();
        let headers = self.auth_headers(
            &call.method,
            &signing::canonical_query(&canonical),
            call.body,
            id_token.as_ref(),
        )?;
        self.deliver(call, headers, id_token).await
    }

    /// The signed-in account's ID token, refreshed first when it is due. Other
    /// requests wait on the lock meanwhile and then use the token this one got.
    async fn current_id_token(
        &self,
        source: &TokenSource,
        call: &Call<'_>,
    ) -> Result<IdToken, Error> {
        let mut tokens = source.lock().await;
        if token_source::due(tokens.expires_at, Utc::now()) {
            let body = token::refresh_body(&tokens.refresh_token);
            let refresh = Call {
                method: Method::POST,
                path: "/token/refresh",
                query: Vec::new(),
                body: &body,
                priority: call.priority,
                signed: false,
            };
            // One more request: it takes its own token from the budget.
            self.budget.acquire(call.priority).await;
            let reply = self.deliver(&refresh, HeaderMap::new(), None).await?;
            let fresh = authentication(reply, Some(&tokens.refresh_token))?;
            tracing::info!(expires_at = %fresh.expires_at, "ID token refreshed");
            source.replace(&mut tokens, fresh).await;
        }
        Ok(tokens.id_token.clone())
    }

    fn closed_gate(&self) -> Result<(), Error> {
        match self.block.status() {
            Some(blocked) => Err(blocked.into()),
            None => Ok(()),
        }
    }

    async fn deliver(
        &self,
        call: &Call<'_>,
        headers: HeaderMap,
        id_token: Option<IdToken>,
    ) -> Result<Reply, Error> {
        let mut query = call.query.clone();
        // The wire order is the canonical order (see `signing`), so a server that
        // sorts repeated keys differently still computes the same string.
        query.sort_unstable();
        let mut url = format!("{}{}", self.base_url, call.path);
        if !query.is_empty() {
            url.push('?');
            url.push_str(&encode_query(&query));
        }
        let mut request = self
            .http
            .request(call.method.clone(), url)
            .headers(headers)
            .header(ACCEPT, "application/json")
            .header(CONTENT_TYPE, "application/json");
        if call.method != Method::GET {
            request = request.body(call.body.to_vec());
        }
        let sent = tokio::time::Instant::now();
        let response = request.send().await.map_err(|e| self.transport_error(&e))?;
        let status = response.status();
        if status.is_redirection() {
            return Err(Error::Redirected {
                status: status.as_u16(),
                location: response
                    .headers()
                    .get(LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned),
            });
        }
        let clock_skew_secs = response
            .headers()
            .get(DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| DateTime::parse_from_rfc2822(v).ok())
            .map(|server| server.timestamp() - Utc::now().timestamp());
        let body = self.read_body(response).await?;
        let reply = Reply {
            status,
            body,
            clock_skew_secs,
            elapsed: sent.elapsed(),
            id_token,
        };
        if status == StatusCode::FORBIDDEN {
            if let Error::IpBlocked { bare_forbidden, .. } = reply.error() {
                return Err(self.block.block(Utc::now(), bare_forbidden).into());
            }
        }
        Ok(reply)
    }

    /// The body, chunk by chunk, stopping once it passes the size limit.
    async fn read_body(&self, mut response: reqwest::Response) -> Result<Vec<u8>, Error> {
        let limit = self.max_reply_bytes;
        let too_large = Error::TooLarge { limit };
        if response.content_length().is_some_and(|n| n > limit) {
            return Err(too_large);
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| self.transport_error(&e))?
        {
            if (body.len() + chunk.len()) as u64 > limit {
                return Err(too_large);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    fn auth_headers(
        &self,
        method: &Method,
        query: &str,
        body: &[u8],
        id_token: Option<&IdToken>,
    ) -> Result<HeaderMap, Error> {
        let mut headers = HeaderMap::new();
        if let Some(token) = id_token {
            let mut value = header_value("id_token", &format!("Bearer {}", token.expose()))?;
            value.set_sensitive(true);
            headers.insert(AUTHORIZATION, value);
            return Ok(headers);
        }
        match &self.credentials {
            Credentials::ApiKey { key, secret } => {
                let timestamp = Utc::now().timestamp().to_string();
                let nonce = signing::new_nonce(Utc::now().timestamp());
                let signature = signing::sign(
                    secret,
                    &SigningInput {
                        timestamp: &timestamp,
                        nonce: &nonce,
                        method: method.as_str(),
                        query,
                        body,
                    },
                );
                let mut key = header_value("api_key", key.expose())?;
                key.set_sensitive(true);
                headers.insert(signing::HEADER_API_KEY, key);
                headers.insert(
                    signing::HEADER_TIMESTAMP,
                    header_value("timestamp", &timestamp)?,
                );
                headers.insert(signing::HEADER_NONCE, header_value("nonce", &nonce)?);
                headers.insert(
                    signing::HEADER_SIGNATURE,
                    header_value("signature", &signature)?,
                );
            }
            // Only the unsigned sign-in may be sent without credentials.
            Credentials::IdToken(_) | Credentials::SignedIn(_) | Credentials::Anonymous => {
                return Err(InputError::new("credentials", Problem::Required).into());
            }
        }
        Ok(headers)
    }

    fn transport_error(&self, error: &reqwest::Error) -> Error {
        if error.is_timeout() {
            return Error::Timeout {
                secs: self.timeout.as_secs(),
            };
        }
        // Only a failed connect proves the request never left; anything later (a reset,
        // a reply cut off) may come after the server acted on it.
        Error::Network {
            message: describe(error),
            maybe_delivered: !error.is_connect(),
        }
    }
}

/// The tokens a sign-in or refresh reply gives. A refusal of either is the account's
/// sign-in ending (a wrong password, a revoked or expired refresh token): an
/// authentication failure, whatever status carried it.
pub(crate) fn authentication(
    reply: Reply,
    previous: Option<&crate::secret::RefreshToken>,
) -> Result<crate::models::Tokens, Error> {
    if reply.status.is_client_error() && reply.status != StatusCode::TOO_MANY_REQUESTS {
        return Err(match reply.error() {
            auth @ Error::Auth { .. } => auth,
            other => Error::Auth {
                failure: AuthFailure::BadToken,
                message: other.to_string(),
                clock_skew_secs: reply.clock_skew_secs,
            },
        });
    }
    let body = reply.into_success()?;
    let parsed: AuthenticationReply = serde_json::from_slice(&body).map_err(|e| Error::Decode {
        message: format!("AuthenticationResult: {e}"),
    })?;
    parsed
        .tokens(Utc::now(), previous)
        .ok_or_else(|| Error::Decode {
            message: "AuthenticationResult: no IdToken or RefreshToken".into(),
        })
}

fn header_value(field: &'static str, text: &str) -> Result<HeaderValue, Error> {
    HeaderValue::from_str(text).map_err(|_| {
        crate::error::InputError::new(field, crate::error::Problem::BadCharacters).into()
    })
}

/// The error and its causes in one line (reqwest hides the cause, e.g. "connection refused").
fn describe(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Percent-encodes everything but the unreserved characters (RFC 3986), so a space is
/// `%20` as in the docs' own example (`date=2025-05-01%20-%202025-05-31`).
fn encode_query(pairs: &[(&'static str, String)]) -> String {
    let encode = |text: &str| -> String {
        text.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_is_encoded_like_the_docs() {
        let pairs = vec![
            ("date", "2025-05-01 - 2025-05-31".to_owned()),
            ("page", "2".to_owned()),
            ("type", "DEPOSIT".to_owned()),
        ];
        assert_eq!(
            encode_query(&pairs),
            "date=2025-05-01%20-%202025-05-31&page=2&type=DEPOSIT"
        );
        let odd = vec![("account", "a&b=c+d/é".to_owned())];
        assert_eq!(encode_query(&odd), "account=a%26b%3Dc%2Bd%2F%C3%A9");
    }
}
