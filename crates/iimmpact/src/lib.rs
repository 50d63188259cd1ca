//! Typed client for the IIMMPACT v2 payments API.
//!
//! Without the default `client` feature this crate is only the wire contract
//! (signing, credentials, money, time), which the simulator shares.

pub mod error;
pub mod secret;
pub mod signing;

pub use error::{AuthFailure, Error, InputError};
pub use secret::{HmacSecret, IdToken};
