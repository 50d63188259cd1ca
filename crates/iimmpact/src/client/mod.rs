//! The HTTP client (feature `client`).
//!
//! - [`Client`]: one method per endpoint, built from a [`ClientConfig`].
//! - [`budget`]: the process-wide request budget every call goes through.
//! - [`ip_block`]: the gate that sends nothing while IIMMPACT blocks this IP.
//! - [`retry`]: the retry policy, a pure function.
//! - [`paging`]: balance statement and transactions as ordered streams over all pages,
//!   as many in flight as [`pacing`] (a pure function) says.
//!
//! TLS is rustls with the operating system's trust store (so a corporate CA on an
//! office PC is trusted). The configured proxy, or else the system's, carries every
//! request but those to loopback ([`proxy`]).
//! Redirects are never followed: a signed request goes to the base URL's host only.

pub mod budget;
mod endpoints;
pub mod ip_block;
pub mod pacing;
pub mod paging;
mod proxy;
pub mod retry;
mod same_payment;
pub mod token_source;
mod transport;

use std::sync::Arc;
use std::time::Duration;

use crate::error::{Error, InputError, Problem};
use crate::secret::{ApiKey, HmacSecret, IdToken};

pub use budget::{Priority, RequestBudget};
pub use ip_block::{Blocked, IpBlock};
pub use pacing::Pacing;
pub use paging::{Page, Progress};
pub use proxy::ProxyUrl;
pub use retry::{Decision, Outcome, RequestKind, RetryPolicy};
pub use token_source::{OnRefresh, TokenSource};

/// How requests are authenticated.
#[derive(Clone, Debug)]
pub enum Credentials {
    /// The current scheme: API key + HMAC-SHA256 signature on every request.
    ApiKey { key: ApiKey, secret: HmacSecret },
    /// Legacy (deprecated by IIMMPACT): a fixed Cognito ID token as `Authorization:
    /// Bearer`, never refreshed.
    IdToken(IdToken),
    /// Legacy: a signed-in account's ID token, refreshed before it expires
    /// ([`TokenSource`]).
    SignedIn(TokenSource),
    /// None: only the unsigned sign-in ([`Client::sign_in`]) may be sent.
    Anonymous,
}

impl Credentials {
    /// Whether requests carry an ID token rather than an API key's signature.
    pub fn is_id_token(&self) -> bool {
        matches!(self, Self::IdToken(_) | Self::SignedIn(_))
    }
}

#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// All v2 paths hang off it, e.g. `https://staging.iimmpact.com/v2`.
    pub base_url: String,
    pub credentials: Credentials,
    /// Always sent: the gateway may refuse a request without one.
    pub user_agent: String,
    /// Longer than the server's 29 s integration timeout, so a slow payment is answered
    /// by the server (504) rather than abandoned by us.
    pub timeout: Duration,
    /// Shared by every client of the process.
    pub budget: Arc<RequestBudget>,
    /// Shared by every client of the process, like the budget.
    pub block: Arc<IpBlock>,
    /// Reading a reply stops past this many bytes (an error page or a runaway reply).
    pub max_reply_bytes: u64,
    /// Rows asked per page; the server may use fewer (`meta.per_page` is followed).
    pub page_size: u32,
    /// How many pages a page stream keeps in flight ([`Pacing::SEQUENTIAL`]: one).
    pub pacing: Pacing,
    pub retry: RetryPolicy,
    /// `None` follows the system's proxy settings. Loopback is always reached directly.
    pub proxy: Option<ProxyUrl>,
}

impl ClientConfig {
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(35);
    pub const DEFAULT_PAGE_SIZE: u32 = 1000;
    /// Far above the largest page (1,000 rows of a few hundred bytes each).
    pub const DEFAULT_MAX_REPLY_BYTES: u64 = 32 * 1024 * 1024;

    /// The defaults, with a budget and an IP gate of its own; share them between
    /// clients with [`ClientConfig::budget`] and [`ClientConfig::block`].
    pub fn new(base_url: &str, credentials: Credentials) -> Self {
        Self {
            base_url: base_url.to_owned(),
            credentials,
            user_agent: default_user_agent(),
            timeout: Self::DEFAULT_TIMEOUT,
            budget: Arc::new(RequestBudget::default()),
            block: Arc::new(IpBlock::new()),
            max_reply_bytes: Self::DEFAULT_MAX_REPLY_BYTES,
            page_size: Self::DEFAULT_PAGE_SIZE,
            pacing: Pacing::default(),
            retry: RetryPolicy::default(),
            proxy: None,
        }
    }
}

/// `Kaunter/<version>`.
pub fn default_user_agent() -> String {
    format!("Kaunter/{}", env!("CARGO_PKG_VERSION"))
}

/// A client of one environment. Cheap to clone; clones share the connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    transport: transport::Transport,
    page_size: u32,
    pacing: Pacing,
    retry: RetryPolicy,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.transport.base_url)
            .finish_non_exhaustive()
    }
}

impl Client {
    pub fn new(config: ClientConfig) -> Result<Self, Error> {
        let (base_url, target) = validate_base_url(&config.base_url)?;
        if config.user_agent.trim().is_empty() {
            return Err(InputError::new("user_agent", Problem::Required).into());
        }
        if config.page_size == 0 {
            return Err(InputError::new("page_size", Problem::BelowMin { min: "1".into() }).into());
        }
        if config.pacing.max_in_flight == 0 {
            let at_least_one = Problem::BelowMin { min: "1".into() };
            return Err(InputError::new("max_in_flight", at_least_one).into());
        }
        let builder = reqwest::Client::builder()
            .user_agent(config.user_agent.clone())
            .timeout(config.timeout)
            .redirect(reqwest::redirect::Policy::none());
        let cannot_build = |e: reqwest::Error| Error::Network {
            message: e.to_string(),
            maybe_delivered: false,
        };
        let builder = match proxy::route(&target, config.proxy.as_ref()) {
            proxy::Route::Direct => builder.no_proxy(),
            proxy::Route::Through(url) => {
                builder.proxy(reqwest::Proxy::all(url.as_str()).map_err(cannot_build)?)
            }
            proxy::Route::System => builder,
        };
        let http = builder.build().map_err(cannot_build)?;
        Ok(Self {
            inner: Arc::new(Inner {
                transport: transport::Transport {
                    http,
                    base_url,
                    credentials: config.credentials,
                    timeout: config.timeout,
                    budget: config.budget,
                    block: config.block,
                    max_reply_bytes: config.max_reply_bytes,
                },
                page_size: config.page_size,
                pacing: config.pacing,
                retry: config.retry,
            }),
        })
    }

    pub fn base_url(&self) -> &str {
        &self.inner.transport.base_url
    }

    pub fn budget(&self) -> &Arc<RequestBudget> {
        &self.inner.transport.budget
    }

    pub fn ip_block(&self) -> &Arc<IpBlock> {
        &self.inner.transport.block
    }

    pub fn credentials(&self) -> &Credentials {
        &self.inner.transport.credentials
    }
}

/// The base URL as given, less a trailing slash, and parsed.
fn validate_base_url(text: &str) -> Result<(String, url::Url), InputError> {
    let trimmed = text.trim().trim_end_matches('/');
    let url =
        url::Url::parse(trimmed).map_err(|_| InputError::new("base_url", Problem::NotAUrl))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() || url.query().is_some() {
        return Err(InputError::new("base_url", Problem::NotAUrl));
    }
    Ok((trimmed.to_owned(), url))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> Credentials {
        Credentials::ApiKey {
            key: ApiKey::parse("iimm_dev_abc123").unwrap(),
            secret: HmacSecret::from_base64("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
                .unwrap(),
        }
    }

    fn field_of(result: Result<Client, Error>) -> &'static str {
        match result {
            Err(Error::Input(e)) => e.field,
            other => panic!("expected an input error, got {other:?}"),
        }
    }

    #[test]
    fn config_is_validated_naming_the_field() {
        for bad in [
            "",
            "staging.iimmpact.com/v2",
            "ftp://x/v2",
            "https://x/v2?a=1",
        ] {
            assert_eq!(
                field_of(Client::new(ClientConfig::new(bad, key()))),
                "base_url",
                "{bad}"
            );
        }
        let mut no_agent = ClientConfig::new("https://x/v2", key());
        no_agent.user_agent = String::new();
        assert_eq!(field_of(Client::new(no_agent)), "user_agent");
        let mut no_pages = ClientConfig::new("https://x/v2", key());
        no_pages.pacing.max_in_flight = 0;
        assert_eq!(field_of(Client::new(no_pages)), "max_in_flight");
    }

    #[test]
    fn defaults() {
        let config = ClientConfig::new("https://staging.iimmpact.com/v2/", key());
        assert_eq!(
            config.user_agent,
            format!("Kaunter/{}", env!("CARGO_PKG_VERSION"))
        );
        assert!(config.timeout > Duration::from_secs(29));
        assert_eq!(config.page_size, 1000);
        assert_eq!(config.pacing.max_in_flight, Pacing::DEFAULT_MAX_IN_FLIGHT);
        let client = Client::new(config).unwrap();
        assert_eq!(client.base_url(), "https://staging.iimmpact.com/v2");
        assert!(!format!("{client:?}").contains("MDEy"));
    }

    #[test]
    fn debug_never_prints_the_key_or_secret() {
        let config = ClientConfig::new("https://staging.iimmpact.com/v2", key());
        let printed = [
            format!("{config:?}"),
            format!("{:?}", config.credentials),
            format!("{:?}", Client::new(config.clone()).unwrap()),
        ];
        for text in printed {
            assert!(!text.contains("abc123") && !text.contains("MDEy"), "{text}");
        }
        assert!(format!("{config:?}").contains("iimm_dev_…"));
    }
}
