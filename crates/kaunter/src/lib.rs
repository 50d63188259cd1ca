//! Kaunter's core: everything the desktop shell and the `kaunter` CLI share, with no Tauri.
//!
//! Module map (each file holds what its name says):
//! - [`error`]: the crate's one error enum and its IPC form `{kind, message, field?}`.
//! - [`counter`]: the counter's rules: what a cashier is shown of each reply, the receipt.
//! - `block`: IIMMPACT's IP block, remembered on disk per environment.
//! - `paths`: where the journal, settings and logs live (OS data/config dirs).
//! - `settings`: the small settings file (never a secret in it).
//! - `credentials`: API key + HMAC secret per environment in the OS keychain.
//! - `journal`: the SQLite payment journal.
//! - `payments`: the pay / re-check / resume flow over the journal and the API client.
//! - [`lookup`]: "was this customer charged?", this journal then IIMMPACT; reporting a payment.
//! - [`reconcile`]: the journal against IIMMPACT's transactions and balance statement.
//! - `session`: [`session::Kaunter`], the facade the CLI and the desktop shell both use.
//! - `export`: streaming statement export to Excel-ready CSV.
//! - `supervisor`: the supervisor PIN and the unlock its guarded operations take.
//! - `vault`: voucher PINs and gift links sealed in the journal under a keychain key.
//! - [`diagnostics`]: the report support asks for, credentials scrubbed from it.
//! - `demo`: the in-process simulator Demo runs on (the `demo` feature).

mod atomic_file;
pub mod block;
pub mod counter;
pub mod credentials;
mod demo;
pub mod diagnostics;
pub mod environment;
pub mod error;
pub mod export;
pub mod finance;
pub mod journal;
pub mod logging;
pub mod lookup;
pub mod paths;
pub mod payments;
pub mod product_cache;
pub mod reconcile;
pub mod session;
pub mod settings;
pub mod supervisor;
pub mod vault;

pub use environment::Environment;
pub use error::{Error, ErrorKind, ErrorPayload, Result};
pub use iimmpact::{time, AuthFailure, Problem};
