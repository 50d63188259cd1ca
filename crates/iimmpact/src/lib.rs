//! Typed client for the IIMMPACT v2 payments API.
//!
//! Without the default `client` feature this crate is only the wire contract
//! (signing, credentials, money, time, identifiers and models), which the simulator
//! shares. With it, [`client::Client`] speaks to the API over HTTPS.
//!
//! Module map:
//! - [`signing`], [`secret`]: the HMAC scheme and the credentials it uses.
//! - [`money`], [`time`], [`refid`]: exact amounts, GMT+8 times, payment identifiers.
//! - [`models`]: one module per API resource, requests and replies.
//! - [`error`]: the one error enum.
//! - `client` (feature): the HTTP client, request budget, retry policy and page streams.
//!
//! Where the API docs are silent (`../shared/iimmpact-api.md` §5), the decisions are in `docs/api-decisions.md`
//! and in the docs of the module each one concerns.

pub mod error;
pub mod models;
pub mod money;
pub mod refid;
pub mod secret;
pub mod signing;
pub mod time;

#[cfg(feature = "client")]
pub mod client;

pub use error::{AuthFailure, Error, InputError, Problem};
pub use money::{Amount, Money};
pub use refid::{ProductCode, Refid};
pub use secret::{ApiKey, HmacSecret, IdToken, Password, RefreshToken};
pub use time::{DateRange, Timestamp};

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
