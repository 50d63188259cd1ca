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
use super::Credentials;
use crate::error::Error;
use crate::signing::{self, SigningInput};

/// A request before it is signed.
pub(crate) struct Call<'a> {
    pub method: Method,
    /// Below the base URL, e.g. `/balance`.
    pub path: &'a str,
    pub query: Vec<(&'static str, String)>,
    pub body: &'a [u8],
    pub priority: Priority,
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
        self.deliver(call).await
    }

    /// Sends once whatever the gate says: the one deliberate request that finds out
    /// whether a block has ended. It still takes its token from the budget.
    pub async fn send_past_gate(&self, call: &Call<'_>) -> Result<Reply, Error> {
        self.budget.acquire(call.priority).await;
        self.deliver(call).await
    }

    fn closed_gate(&self) -> Result<(), Error> {
        match self.block.status() {
            Some(blocked) => Err(blocked.into()),
            None => Ok(()),
        }
    }

    async fn deliver(&self, call: &Call<'_>) -> Result<Reply, Error> {
        let mut query = call.query.clone();
        // The wire order is the canonical order (see `signing`), so a server that
        // sorts repeated keys differently still computes the same string.
        query.sort_unstable();
        let canonical = signing::canonical_query(&query);
        let mut url = format!("{}{}", self.base_url, call.path);
        if !query.is_empty() {
            url.push('?');
            url.push_str(&encode_query(&query));
        }
        let headers = self.auth_headers(&call.method, &canonical, call.body)?;
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

    fn auth_headers(&self, method: &Method, query: &str, body: &[u8]) -> Result<HeaderMap, Error> {
        let mut headers = HeaderMap::new();
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
            Credentials::IdToken(token) => {
                let mut value = header_value("id_token", &format!("Bearer {}", token.expose()))?;
                value.set_sensitive(true);
                headers.insert(AUTHORIZATION, value);
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
