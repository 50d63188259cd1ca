//! Reconciliation: this PC's journal against IIMMPACT's own records for a date range.
//!
//! Every page of `/v2/transactions` is matched by refid to the journal's payments of
//! the same GMT+8 days; then every page of the balance statement is checked (closing −
//! opening equals the sum of the entries; each payment debit names a listed
//! transaction). Both streams run inside the shared request budget at bulk priority,
//! behind payments. A payment open here and final there is settled in the journal
//! through its checked state moves, and the report says so; an unclear record at
//! IIMMPACT is never read as either outcome. Each disagreement names the counter
//! that sold the payment, so a chain's finance can group them by counter.
//!
//! - `report`: the typed report; `standing`: how a history row's status is read;
//!   `matching`: the rules for one refid; `counters`: each counter's part;
//!   `statement`: the statement's checks; `sheet`: the mismatches as a CSV file or
//!   workbook, which adds each counter's part and the statement's checks.

mod counters;
mod matching;
mod report;
mod sheet;
mod standing;
mod statement;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;
use futures::TryStreamExt;
use iimmpact::client::Client;
use iimmpact::models::{StatementQuery, Transaction, TransactionsQuery};
use iimmpact::DateRange;
use tokio::sync::broadcast;

pub use report::{
    CounterTally, IimmpactState, KindCount, Mismatch, MismatchKind, ReconcileReport,
    StatementCheck, StatementLine,
};

pub(crate) use standing::standing;

use crate::export::{self, CsvFormat, FileType, Summary};
use crate::journal::{Journal, PaymentRecord, Settlement};
use crate::Result;
use counters::Outcome;
use matching::Verdict;

/// Reconciles the days `from` to `to` (GMT+8, both included); each payment it settles
/// goes to `updates` as well. `this_counter` is this PC's counter name, for the
/// journal's payments that IIMMPACT's remarks do not name.
pub async fn run(
    client: &Client,
    journal: &Journal,
    updates: &broadcast::Sender<PaymentRecord>,
    this_counter: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<ReconcileReport> {
    let mut sides = Sides {
        journal,
        updates,
        this_counter: this_counter.trim(),
        counters: counters::Counters::default(),
    };
    let dates = DateRange::new(from, to)?;
    let mut ours: HashMap<String, PaymentRecord> = journal
        .between(from, to)?
        .into_iter()
        .map(|p| (p.refid.as_str().to_owned(), p))
        .collect();
    let mut report = ReconcileReport {
        from,
        to,
        matched: 0,
        open_at_both: 0,
        journal_payments: ours.len() as u64,
        iimmpact_transactions: 0,
        settled: 0,
        mismatches: Vec::new(),
        by_counter: Vec::new(),
        statement: statement::Checker::default().finish(),
    };
    let mut trxids = HashSet::new();
    let mut seen = HashSet::new();
    let mut pages = client.transactions_stream(TransactionsQuery::new(dates));
    while let Some(page) = pages.try_next().await? {
        for row in &page.rows {
            report.iimmpact_transactions += 1;
            trxids.insert(row.trxid.clone());
            let at = standing(row);
            let refid = row.refid.as_deref().unwrap_or_default();
            let first_time = seen.insert(refid.to_owned());
            let ours = if first_time { ours.remove(refid) } else { None };
            let verdict = match &ours {
                _ if refid.is_empty() || !first_time => {
                    Verdict::Mismatch(MismatchKind::UnclearAtIimmpact)
                }
                Some(journal_record) => matching::both(journal_record, row, at),
                None => Verdict::Mismatch(MismatchKind::OnlyAtIimmpact),
            };
            sides.record(&mut report, verdict, ours, Some((row, at)))?;
        }
    }
    let mut left: Vec<PaymentRecord> = ours.into_values().collect();
    left.sort_by_key(|p| p.created_at);
    for payment in left {
        let verdict = matching::journal_only(&payment);
        sides.record(&mut report, verdict, Some(payment), None)?;
    }
    report.by_counter = sides.counters.finish();

    let mut check = statement::Checker::default();
    let mut pages = client.balance_statement_stream(StatementQuery::new(dates));
    while let Some(page) = pages.try_next().await? {
        for entry in &page.rows {
            check.add(entry, &trxids)?;
        }
    }
    report.statement = check.finish();
    Ok(report)
}

/// What a verdict is recorded against: the journal it may settle, who hears of it,
/// this PC's counter name, and each counter's tally so far.
struct Sides<'a> {
    journal: &'a Journal,
    updates: &'a broadcast::Sender<PaymentRecord>,
    this_counter: &'a str,
    counters: counters::Counters,
}

impl Sides<'_> {
    /// Counts one refid's verdict, settling the journal when it says to.
    fn record(
        &mut self,
        report: &mut ReconcileReport,
        verdict: Verdict,
        ours: Option<PaymentRecord>,
        theirs: Option<(&Transaction, IimmpactState)>,
    ) -> Result<()> {
        let row = theirs.map(|(row, _)| row);
        // What was sent wins over this PC's name now: the counter may have been renamed.
        let counter = row
            .and_then(|r| r.remarks.as_deref())
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .or(ours.as_ref().map(|_| self.this_counter))
            .filter(|name| !name.is_empty());
        let (kind, settled) = match verdict {
            Verdict::Matched => {
                report.matched += 1;
                self.counters.add(counter, Outcome::Matched);
                return Ok(());
            }
            Verdict::OpenAtBoth => {
                report.open_at_both += 1;
                self.counters.add(counter, Outcome::OpenAtBoth);
                return Ok(());
            }
            Verdict::Mismatch(kind) => (kind, None),
            Verdict::Settle(state) => {
                let (payment, row) = ours.as_ref().zip(row).expect("both sides listed it");
                let settled = self
                    .journal
                    .settle_from_history(&payment.refid, &settlement(state, row))?;
                tracing::info!(refid = %payment.refid, state = %settled.state, "settled by reconciliation");
                report.settled += 1;
                // Nobody listening is no reason to fail: the journal has it.
                let _ = self.updates.send(settled);
                (MismatchKind::OpenInJournalFinalAtIimmpact, Some(state))
            }
        };
        self.counters.add(counter, Outcome::Mismatch(kind));
        report.mismatches.push(Mismatch {
            kind,
            refid: ours
                .as_ref()
                .map(|p| p.refid.to_string())
                .or_else(|| row.and_then(|r| r.refid.clone()))
                .unwrap_or_default(),
            trxid: row.map(|r| r.trxid.clone()),
            account: ours
                .as_ref()
                .map(|p| p.account.clone())
                .or_else(|| row.map(|r| r.account.clone()))
                .unwrap_or_default(),
            product: ours
                .as_ref()
                .map(|p| p.product.to_string())
                .or_else(|| row.map(|r| r.product_code.clone()))
                .unwrap_or_default(),
            counter: counter.map(str::to_owned),
            journal_state: ours.as_ref().map(|p| p.state),
            journal_amount: ours.as_ref().map(|p| p.amount.value()),
            journal_product: ours.as_ref().map(|p| p.product.to_string()),
            iimmpact_state: theirs.map(|(_, at)| at),
            iimmpact_status_code: row.and_then(|r| r.status_code),
            iimmpact_amount: row.map(|r| r.amount),
            iimmpact_product: row.map(|r| r.product_code.clone()),
            settled,
        });
        Ok(())
    }
}

fn settlement(state: crate::journal::PaymentState, row: &Transaction) -> Settlement {
    Settlement {
        state,
        status_code: row.status_code,
        status_text: row.status.as_ref().map(|s| s.as_str().to_owned()),
        product_name: Some(row.product_name.clone()).filter(|n| !n.is_empty()),
        sn: row.sn.clone(),
        cost: row.price,
    }
}

/// Writes `report`'s mismatches to `out`, a workbook or a CSV file as `file_type` or
/// its extension says, which appears only once complete; a workbook adds each
/// counter's part ("By counter") and the statement's checks ("Statement check").
/// Without `overwrite`, a file already there is kept ([`crate::Error::FileExists`]).
pub async fn write_mismatches(
    report: &ReconcileReport,
    out: &Path,
    file_type: Option<FileType>,
    format: CsvFormat,
    overwrite: bool,
) -> Result<Summary> {
    export::pages_to_file::<sheet::MismatchSheet>(
        export::one_page(report.mismatches.clone()),
        out,
        file_type,
        format,
        overwrite,
        &sheet::appendices(report),
    )
    .await
}
