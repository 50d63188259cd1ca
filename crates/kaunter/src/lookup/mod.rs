//! "Was this customer charged?": this PC's journal first, then IIMMPACT's own
//! transaction history, so that a payment made at another counter is found too.
//!
//! IIMMPACT is asked only when the journal has nothing, by account (`/v2/transactions`
//! documents no refid filter), over the last [`LOOKUP_DAYS`] GMT+8 days, at the
//! cashier's priority: a customer is waiting. Every result says where it came from.
//! An unclear row at IIMMPACT is shown as unknown, never as either outcome.
//!
//! - `found`: the typed results; `problem`: reporting a payment to IIMMPACT.

mod found;
mod problem;

use chrono::{Duration, NaiveDate};
use iimmpact::client::Client;
use iimmpact::models::{Transaction, TransactionsQuery};
use iimmpact::DateRange;

pub use found::{FoundPayment, LookupReport, PaymentKey, Source};
pub(crate) use problem::dispute_request;
pub use problem::{ProblemReport, ProblemRequest, ReportOutcome};

use crate::journal::PaymentRecord;
use crate::{Error, Problem, Result};

/// How many days back (today included) IIMMPACT is asked about an account.
pub const LOOKUP_DAYS: u32 = 7;
/// Rows asked per page: an account's week fits in one.
const PAGE_ROWS: u32 = 100;
/// A lookup stops after this many pages; a busier account is searched by date in History.
const MAX_PAGES: u64 = 10;

/// The lookup's text, trimmed; an error naming `query` when there is none.
pub(crate) fn query_text(query: &str) -> Result<&str> {
    match query.trim() {
        "" => Err(Error::invalid("query", Problem::Required)),
        text => Ok(text),
    }
}

/// The days IIMMPACT is asked about, ending `today`.
pub(crate) fn days_ending(today: NaiveDate) -> Result<DateRange> {
    let from = today - Duration::days(i64::from(LOOKUP_DAYS) - 1);
    Ok(DateRange::new(from, today)?)
}

/// The journal's payments for `query` as a report, when there are any.
pub(crate) fn from_journal(
    query: &str,
    dates: DateRange,
    found: Vec<PaymentRecord>,
) -> LookupReport {
    LookupReport {
        query: query.to_owned(),
        asked_iimmpact: false,
        from: dates.from(),
        to: dates.to(),
        found: found.into_iter().map(FoundPayment::from).collect(),
    }
}

/// IIMMPACT's transactions to `account` on `dates`, newest first, each as found there.
pub(crate) async fn at_iimmpact(
    client: &Client,
    account: &str,
    dates: DateRange,
) -> Result<Vec<FoundPayment>> {
    let mut query = TransactionsQuery::new(dates);
    query.account = Some(account.to_owned());
    let mut rows: Vec<Transaction> = Vec::new();
    for _ in 0..MAX_PAGES {
        let page = client
            .transactions(&query, rows.len() as u64, PAGE_ROWS)
            .await?;
        let got = page.data.len();
        rows.extend(page.data);
        let total = page.meta.and_then(|m| m.total);
        let done = got < PAGE_ROWS as usize || total.is_some_and(|t| rows.len() as i64 >= t);
        if done {
            break;
        }
    }
    let mut found: Vec<FoundPayment> = rows.iter().map(FoundPayment::from).collect();
    found.sort_by_key(|f| std::cmp::Reverse(f.at));
    Ok(found)
}

/// The payment `key` names, found again where it was found first: an error naming it
/// when IIMMPACT no longer lists it.
pub(crate) fn pick(found: Vec<FoundPayment>, key: &PaymentKey) -> Result<FoundPayment> {
    found
        .into_iter()
        .find(|f| match (&key.trxid, &key.refid) {
            (Some(trxid), _) => f.key.trxid.as_ref() == Some(trxid),
            (None, Some(refid)) => f.key.refid.as_ref() == Some(refid),
            (None, None) => false,
        })
        .ok_or_else(|| Error::NotFound {
            refid: key
                .refid
                .clone()
                .or_else(|| key.trxid.clone())
                .unwrap_or_default(),
        })
}
