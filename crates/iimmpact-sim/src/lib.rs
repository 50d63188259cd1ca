//! A faithful IIMMPACT v2 API simulator on loopback HTTP, with fault injection.
//!
//! Tests, benchmarks and Kaunter's Demo mode start it in-process with
//! [`Simulator::start`]; other processes run the `iimmpact-sim` binary and use the
//! unauthenticated `/_sim/` API on the same port. It follows `../shared/iimmpact-api.md`
//! and, where the docs are silent, `docs/api-decisions.md`. It writes every documented
//! JSON shape itself and shares no model with the client, so a client bug cannot hide
//! behind a common type; only the signing code is shared, so both sides sign alike.
//!
//! # Demo credentials
//! [`DEMO_API_KEY`] and [`DEMO_SECRET_BASE64`]; [`SimConfig::demo`] lists the other defaults.
//!
//! # Demo and test accounts
//! | Account | Where | Result |
//! |---|---|---|
//! | `60123450052`, `…041`, `…043`, `…044`, `…045`, `…047`, `…048`, `60123450464`, `…055`, `…056`, `…057`, `60123450861` | topup | accepted, debited, then failed with the §4.2 code (52, 41, 43, 44, 45, 47, 48, 54, 55, 56, 57, 58) and refunded |
//! | any other valid account | topup | accepted, then `20 Succesful` after the processing delay |
//! | not 6–16 digits, or starting `000` | topup | `40 Failed` at once, no charge |
//! | | bill presentment | `Invalid account no` (with `error_message`) |
//! | valid, ending `503` | bill presentment | `Service unavailable. Please try again later` |
//! | valid, ending `999` | bill presentment | valid, but `transaction_validity` `"false"` with a message |
//! | any other valid account | bill presentment | `Account no is valid` with only the fields the seed table marks Yes |
//!
//! Other immediate, free refusals: an unknown product (`44`), an amount that is not one of
//! the product's denominations or outside RM 1–10,000 for bills (`58`), a wallet too small
//! (`43`).
//!
//! # Products with choices and extras
//! | Products | Choices (`/v2/options` field, also `/v2/subproducts`) | Required `extras` |
//! |---|---|---|
//! | `HI`, `DI`, `CEL` data plans | `plan`, per mobile number (`account_number` required): `<CODE>_DAY1GB` RM 3, `_WEEKUNL` RM 12, `_MONTH35` RM 35, and `_LOYAL20` RM 20 for numbers ending in an even digit | `subproduct_code`; the amount must be the plan's price |
//! | `JOMPAY` (account = Ref-1, 1–30 letters and digits) | `biller` (filter `biller_code`): `5454` RM 1–5,000, `68502` RM 10–30,000, `9001` RM 50–2,000, `12345` RM 1–10,000 | `biller_code`, `ic_number`; `ref2` optional (≤ 30) |
//! | `PTPTN`, `SSPN` | `loan_account` (`account_number` required): `K`, `U`; `PRIME`, `PLUS` | `subproduct_code`, `ic_number` |
//!
//! `ic_number` is 12 digits without dashes, or a passport number (6–15 letters and
//! digits). A missing or malformed required extra, or a choice not offered, is `44`; an
//! amount the plan or biller does not take `58`; both final and free. `GC` answers with
//! a PIN, expiry and voucher link. The extras each payment arrived with are on
//! [`SimHandle::extras`] and `GET /_sim/extras/{refid}`. Products outside the 24 billers answer `Bill presentment is unavailable for this
//! product`. Product `FP` always reports `Interruption`.
//!
//! # Inspection API (`/_sim/`)
//! `GET /_sim/charges/{refid}` → `{"refid", "charges"}`; `GET /_sim/extras/{refid}` →
//! `{"refid", "extras"}` (`null` for an unknown refid); `GET /_sim/ledger` → [`LedgerSummary`];
//! `GET /_sim/stats` → [`Stats`]; `POST /_sim/faults` with a fault's wire form, e.g.
//! `{"path": "/v2/topup", "count": 1, "kind": "status", "status": 503}`;
//! `POST /_sim/network-status` with `{"product": "TNB", "healthy": false}`;
//! `POST /_sim/block` with `{"bare": true|false}` to answer every API request 403 (bare
//! `Forbidden`, or the `ip_blocked` body) until `POST /_sim/block` with `{"lift": true}`
//! ([`SimHandle::block`], [`SimHandle::lift_block`]; refused requests count in
//! [`Stats::blocked_requests`]).
//!
//! Disagreements for reconciliation, each answering the payment as it now stands
//! ([`Planted`]) or 400 naming `refid`: `POST /_sim/refund` with `{"refid"}` voids a
//! successful payment (`53 Refund`, `REFUND` in `/v2/transactions`, an `R` credit in
//! the statement); `POST /_sim/restate` with `{"refid", "status_code"?, "amount"?,
//! "product"?}` changes IIMMPACT's record of a final payment (a listed failure or 53
//! credits its cost back, 20 debits it again, an unlisted code leaves the wallet);
//! `POST /_sim/payments` with `{"refid", "product", "account", "amount", "remarks"?}`
//! records another counter's payment, final at once ([`SimHandle::refund`],
//! [`SimHandle::restate`], [`SimHandle::add_payment`]).
//!
//! # Faults
//! Each fault hits the next `count` requests whose path starts with its `path`; from Rust,
//! [`SimHandle::inject`] a [`Fault`]. What is charged:
//!
//! | `kind` (wire fields) | [`FaultKind`] | Effect | Charged |
//! |---|---|---|---|
//! | `latency` (`ms`) | `Latency` | delay, then handled | as usual |
//! | `status` (`status`: 400–599) | `Status` | that status, documented body for 500/503/504 | no |
//! | `timeout` | `Timeout` | held until the client gives up | no |
//! | `drop_after_commit` | `DropAfterCommit` | handled, connection closed unanswered | yes |
//! | `status_code` (`code`, `text`) | `UnknownStatus` | topup reply with that `statusCode`/`status`; payment not taken, a later re-check submits it | no |
//! | `nonce_reused_after_commit` | `NonceReusedAfterCommit` | handled, then 401 `nonce_reused` | yes |
//! | `redirect` (`location`, `status`: 301/302/307/308, default 307) | `Redirect` | redirect to `location`, not handled | no |
//! | `reply_account` (`form`: `country_code`/`number`/`national`) | `ReplyAccount` | topup reply's `account` as `"60123456789"`, `60123456789` or `"0123456789"` | as usual |
//! | `odd_fields` | `OddFields` | next `20` topup reply: `expiry` and `timestamp` numbers, no `amount`, `cost` `" 9.75 "` | as usual |
//! | `short_pages` (`missing`) | `ShortPages` | each page of `/v2/transactions` or `/v2/balance-statement` hit serves its last `missing` rows fewer, `meta` unchanged | — |

mod api;
mod auth;
mod choices;
mod config;
mod conn;
mod control;
mod error;
mod faults;
mod history;
mod ledger;
pub mod memory;
mod money;
mod payments;
mod plant;
mod products;
mod server;
mod state;
mod time;
mod traffic;

pub use auth::TokenCounts;
pub use config::{
    RateLimit, SimConfig, SimUser, DEMO_API_KEY, DEMO_PASSWORD, DEMO_SECRET_BASE64, DEMO_USERNAME,
};
pub use error::{ApiError, AuthRefusal};
pub use faults::{AccountForm, Fault, FaultKind, RedirectStatus};
pub use ledger::{EntryKind, LedgerSummary, Sums};
pub use plant::{Change, Elsewhere, Planted};
pub use server::{SimHandle, Simulator};
pub use traffic::Stats;
