//! Human-readable output: short lines a clerk can read at a glance.

use std::fmt::Write as _;

use crate::describe;

use kaunter::counter::{
    AccountThresholdView, BalanceView, BillCheckView, CallbackView, ChoiceView, Family,
    NetworkView, ProductView, Receipt, ReceiptField,
};
use kaunter::credentials::{CredentialKind, CredentialSource, CredentialStatus};
use kaunter::export::Summary;
use kaunter::finance::{Figures, MonthStatement, ShiftReport, SummaryBy, TransactionSummary};
use kaunter::journal::{DayTotals, PaymentRecord, PaymentState};
use kaunter::lookup::{LookupReport, ProblemReport, ReportOutcome};
use kaunter::reconcile::{Mismatch, MismatchKind, ReconcileReport, StatementCheck};
use rust_decimal::Decimal;

pub fn balance(balance: &BalanceView) -> String {
    let mut out = format!("Balance: RM {:.2}", balance.balance);
    if !balance.name.is_empty() {
        let _ = write!(out, " ({} {})", balance.account, balance.name);
    }
    if !balance.may_pay {
        out.push_str(" - read-only: this account cannot pay");
    }
    out.push('\n');
    out
}

pub fn products(products: &[ProductView]) -> String {
    let mut out = String::new();
    for p in products {
        let amounts = if p.family == Family::Plan {
            "priced by plan".to_owned()
        } else if p.denominations.is_empty() {
            "any amount".to_owned()
        } else {
            let listed: Vec<String> = p.denominations.iter().map(Decimal::to_string).collect();
            format!("RM {}", listed.join(","))
        };
        let extras: Vec<String> = p
            .extras
            .iter()
            .map(|e| match e.required {
                true => e.name.field().to_owned(),
                false => format!("[{}]", e.name.field()),
            })
            .collect();
        let extras = match extras.is_empty() {
            true => String::new(),
            false => format!("  --extra {}", extras.join(" ")),
        };
        let _ = writeln!(out, "{:<10} {:<32} {amounts}{extras}", p.code, p.name);
    }
    out
}

/// One choice a line: its code (what `--extra` takes), label, price or limits, validity.
pub fn choices(choices: &[ChoiceView]) -> String {
    if choices.is_empty() {
        return "no choices\n".to_owned();
    }
    let mut out = String::new();
    for c in choices {
        let amount = match (c.price, c.min, c.max) {
            (Some(price), _, _) => format!("RM {price}"),
            (None, Some(min), Some(max)) => format!("RM {min} to {max}"),
            (None, Some(min), None) => format!("from RM {min}"),
            (None, None, Some(max)) => format!("up to RM {max}"),
            (None, None, None) => String::new(),
        };
        let validity = c.validity.as_deref().unwrap_or("");
        let line = format!("{:<20} {:<36} {amount:<20} {validity}", c.code, c.label);
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

pub fn network_status(status: &NetworkView) -> String {
    if status.warning {
        format!(
            "{} ({}): {} - payments may be slow or not go through (you may still pay)\n",
            status.product_name, status.product_code, status.status
        )
    } else {
        format!(
            "{} ({}): healthy\n",
            status.product_name, status.product_code
        )
    }
}

pub fn bill(bill: &BillCheckView) -> String {
    let mut out = format!("{}\n", bill.message);
    let fields = [
        ("Biller", bill.biller_name.clone()),
        ("Customer", bill.customer_name.clone()),
        (
            "Outstanding",
            bill.outstanding.map(|d| format!("RM {d:.2}")),
        ),
        (
            "Due date",
            bill.due_date.map(|d| d.format("%d/%m/%Y").to_string()),
        ),
        ("Address", bill.address.clone()),
        ("Note", bill.transaction_message.clone()),
        ("Error", bill.refusal.clone()),
    ];
    for (label, value) in fields {
        if let Some(value) = value {
            let _ = writeln!(out, "  {label:<12}{value}");
        }
    }
    if !bill.may_pay {
        out.push_str("Do not pay: the account number is invalid.\n");
    }
    out
}

pub fn payment(p: &PaymentRecord) -> String {
    let mut out = format!(
        "{}  {}  {} {}  RM {}  {}",
        p.created_myt().format("%Y-%m-%d %H:%M:%S"),
        p.refid,
        p.product,
        p.account,
        p.amount,
        p.state.as_str().to_uppercase()
    );
    if let Some(sn) = &p.sn {
        let _ = write!(out, "  SN {sn}");
    }
    match (&p.pin, &p.voucherlink) {
        (None, None) if p.has_pin || p.has_voucherlink => {
            let _ = write!(
                out,
                "  voucher PIN kept sealed (`kaunter receipt --refid {}` shows it)",
                p.refid
            );
        }
        (pin, link) => {
            if let Some(pin) = pin {
                let _ = write!(out, "  PIN {}", pin.expose());
            }
            if let Some(link) = link {
                let _ = write!(out, "  voucher {}", link.expose());
            }
        }
    }
    if p.voucher_not_stored {
        out.push_str("  - voucher PIN NOT kept on this PC (no keychain): hand it over now");
    }
    if let Some(reason) = p.reason {
        let _ = write!(out, "  ({})", describe::failure(reason));
    }
    // This call's error in words; the journal's text when the payment is read back.
    let error = p
        .refusal
        .as_ref()
        .map(describe::describe_payload)
        .or_else(|| p.last_error.clone());
    if !p.state.is_final() {
        out.push_str("  - not final yet: check again with `kaunter status --refid ");
        out.push_str(p.refid.as_str());
        out.push('`');
        if let Some(error) = error {
            let _ = write!(out, " (last attempt: {error})");
        }
    } else if let (PaymentState::Failed, Some(refusal)) = (p.state, &p.refusal) {
        let _ = write!(out, "  ({})", describe::describe_payload(refusal));
    }
    out.push('\n');
    out
}

/// An environment's credentials as Settings shows them: the kind, never a secret.
pub fn credentials(status: &CredentialStatus) -> String {
    let env = status.environment;
    let from = match status.source {
        CredentialSource::EnvironmentVariables => "from IIMMPACT_API_KEY/IIMMPACT_API_SECRET",
        CredentialSource::Keychain | CredentialSource::None => "in the keychain",
    };
    match status.kind {
        None => format!("No credentials for {env}.\n"),
        Some(CredentialKind::ApiKey) => format!(
            "{env}: API key {} {from}{}.\n",
            status.api_key_prefix.as_deref().unwrap_or("?"),
            if status.has_secret {
                ", with its secret"
            } else {
                ", without a secret"
            }
        ),
        Some(CredentialKind::Login) => {
            let expiry = status.id_token_expires_at.map_or_else(
                || "?".to_owned(),
                |at| {
                    at.with_timezone(&kaunter::time::gmt8())
                        .format("%Y-%m-%d %H:%M GMT+8")
                        .to_string()
                },
            );
            format!(
                "{env}: signed in as {} (legacy ID token, {from}; the current token expires \
                 {expiry} and is refreshed as it is used). IIMMPACT recommends an API key.\n",
                status.username.as_deref().unwrap_or("?")
            )
        }
    }
}

pub fn payments(list: &[PaymentRecord]) -> String {
    if list.is_empty() {
        return "No payments.\n".to_owned();
    }
    list.iter().map(payment).collect()
}

pub fn totals(totals: &DayTotals) -> String {
    let mut out = format!("{} (Malaysia time)\n", totals.day);
    if totals.by_state.is_empty() {
        out.push_str("  no payments\n");
    }
    for line in &totals.by_state {
        let _ = writeln!(
            out,
            "  {:<10} {:>5}  RM {:>12.2}",
            line.state.as_str(),
            line.count,
            line.amount
        );
    }
    out
}

pub fn summary(summary: &Summary, file: &str) -> String {
    let mut out = format!("Wrote {} rows to {file}\n", summary.rows);
    let money = |d: Option<Decimal>| d.map_or("-".to_owned(), |d| format!("RM {d:.2}"));
    let _ = writeln!(out, "  opening balance  {}", money(summary.opening_balance));
    let _ = writeln!(out, "  closing balance  {}", money(summary.closing_balance));
    for group in &summary.groups {
        let _ = writeln!(
            out,
            "  {:<16} {:>7}  RM {:>14.2}",
            group.name, group.count, group.amount
        );
    }
    out
}

pub fn threshold(threshold: &AccountThresholdView) -> String {
    let mut out = match threshold.amount.filter(|t| !t.is_zero()) {
        Some(amount) => format!("IIMMPACT low-balance alert below RM {amount:.2}"),
        None => "No IIMMPACT low-balance alert set".to_owned(),
    };
    if let Some(email) = &threshold.email {
        let _ = write!(out, " (to {email})");
    }
    out.push('\n');
    out
}

pub fn callback(callback: &CallbackView) -> String {
    match (&callback.url, callback.method) {
        (Some(url), Some(method)) => format!("Callbacks: {method} {url}\n"),
        (Some(url), None) => format!("Callbacks: {url}\n"),
        _ => "No callback URL set\n".to_owned(),
    }
}

/// The receipt as plain text at its paper's width (32 columns on 58 mm, 48 on 80 mm):
/// the heading centred, one field per line, long values wrapped under their label.
pub fn receipt(receipt: &Receipt) -> String {
    let width = receipt.width.columns();
    let mut out = String::new();
    for line in &receipt.heading {
        for piece in wrap(line, width) {
            let _ = writeln!(out, "{piece:^width$}");
        }
    }
    let rule = "-".repeat(width);
    let _ = writeln!(out, "{rule}");
    for line in &receipt.lines {
        receipt_field(&mut out, width, receipt_label(line.field), &line.value);
        if line.field == ReceiptField::Amount {
            receipt_field(&mut out, width, "Status", receipt_status(receipt.state));
        }
    }
    if receipt.pin_not_kept {
        receipt_field(&mut out, width, "PIN", "not kept on this PC");
    }
    let _ = writeln!(out, "{rule}");
    let _ = writeln!(out, "{:^width$}", "Date/time: Malaysia (GMT+8)");
    out
}

fn receipt_field(out: &mut String, width: usize, label: &str, value: &str) {
    const LABEL: usize = 8;
    for (i, piece) in wrap(value, width - LABEL).iter().enumerate() {
        let label = if i == 0 { label } else { "" };
        let _ = writeln!(out, "{label:<LABEL$}{piece}");
    }
}

/// `text` cut into pieces of at most `width` characters (a voucher link has no spaces
/// to break at); one empty piece for empty text.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return vec![String::new()];
    }
    chars.chunks(width).map(|c| c.iter().collect()).collect()
}

fn receipt_label(field: ReceiptField) -> &'static str {
    match field {
        ReceiptField::Date => "Date",
        ReceiptField::Refid => "Ref",
        ReceiptField::Product => "Product",
        ReceiptField::Account => "Account",
        ReceiptField::Amount => "Amount",
        ReceiptField::Serial => "SN",
        ReceiptField::Pin => "PIN",
        ReceiptField::Expiry => "Expiry",
        ReceiptField::VoucherLink => "Voucher",
        ReceiptField::Note => "Note",
    }
}

fn receipt_status(state: PaymentState) -> &'static str {
    match state {
        PaymentState::Succeeded => "SUCCESSFUL",
        PaymentState::Failed => "FAILED",
        PaymentState::Refunded => "REFUNDED",
        PaymentState::NotSent => "NOT SENT - not charged",
        // The customer must not leave thinking it failed: it may yet succeed.
        PaymentState::Sending | PaymentState::Pending | PaymentState::Unknown => {
            "PENDING - being checked"
        }
    }
}

/// A reconciliation: the counts, each counter's, one line per mismatch, then the
/// statement's checks.
pub fn reconcile(report: &ReconcileReport) -> String {
    let mut out = format!(
        "Reconciled {} to {}: {} payments in this journal, {} at IIMMPACT; {} matched, {} open at both, {} mismatched",
        report.from,
        report.to,
        report.journal_payments,
        report.iimmpact_transactions,
        report.matched,
        report.open_at_both,
        report.mismatches.len(),
    );
    if report.settled > 0 {
        let _ = write!(
            out,
            "; {} open payments settled from IIMMPACT's record",
            report.settled
        );
    }
    out.push_str(".\n");
    out.push_str(&by_counter(report));
    if !report.mismatches.is_empty() {
        let _ = writeln!(
            out,
            "\n{:<48} {:<30} {:<14} {:<8} {:<16} {:<22} IIMMPACT",
            "MISMATCH", "REFID", "ACCOUNT", "PRODUCT", "COUNTER", "THIS JOURNAL"
        );
        for m in &report.mismatches {
            let _ = writeln!(
                out,
                "{:<48} {:<30} {:<14} {:<8} {:<16} {:<22} {}",
                kind_words(m.kind),
                m.refid,
                m.account,
                m.product,
                m.counter.as_deref().unwrap_or("-"),
                journal_side(m),
                iimmpact_side(m)
            );
        }
    }
    out.push_str(&statement_check(&report.statement));
    out
}

/// One line a counter: its counts, and its mismatches by kind.
fn by_counter(report: &ReconcileReport) -> String {
    if report.by_counter.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "\n{:<24} {:>8} {:>8} {:>10}  KINDS\n",
        "COUNTER", "MATCHED", "OPEN", "MISMATCHED"
    );
    for line in &report.by_counter {
        let kinds: Vec<String> = line
            .by_kind
            .iter()
            .map(|k| format!("{} {}", k.count, kind_words(k.kind)))
            .collect();
        let _ = writeln!(
            out,
            "{:<24} {:>8} {:>8} {:>10}  {}",
            line.counter.as_deref().unwrap_or("(not named)"),
            line.matched,
            line.open_at_both,
            line.mismatches,
            kinds.join("; ")
        );
    }
    out
}

fn kind_words(kind: MismatchKind) -> String {
    match kind {
        MismatchKind::RefundedAfterTheFact => "refunded after the fact",
        MismatchKind::ChargedButJournalFailed => "charged, though the journal says not",
        MismatchKind::AmountDiffers => "amount differs",
        MismatchKind::ProductDiffers => "product differs",
        MismatchKind::OnlyAtIimmpact => "only at IIMMPACT (another counter?)",
        MismatchKind::SucceededInJournalButAbsentOrFailedAtIimmpact => {
            "succeeded here, absent or failed at IIMMPACT"
        }
        MismatchKind::OpenInJournalFinalAtIimmpact => "was open here, final at IIMMPACT",
        MismatchKind::OpenInJournalAbsentAtIimmpact => "open here, absent at IIMMPACT",
        MismatchKind::FinalInJournalOpenAtIimmpact => "final here, pending at IIMMPACT",
        MismatchKind::UnclearAtIimmpact => "unclear at IIMMPACT: check by hand",
    }
    .to_owned()
}

fn side(state: Option<&str>, amount: Option<Decimal>) -> String {
    match (state, amount) {
        (Some(state), Some(amount)) => format!("{state} RM {amount:.2}"),
        (Some(state), None) => state.to_owned(),
        _ => "-".to_owned(),
    }
}

fn journal_side(m: &Mismatch) -> String {
    let mut text = side(m.journal_state.map(PaymentState::as_str), m.journal_amount);
    if let Some(settled) = m.settled {
        let _ = write!(text, ", settled {settled}");
    }
    text
}

fn iimmpact_side(m: &Mismatch) -> String {
    let mut text = side(m.iimmpact_state.map(|s| s.as_str()), m.iimmpact_amount);
    if let Some(code) = m.iimmpact_status_code {
        let _ = write!(text, " (code {code})");
    }
    if let (Some(ours), Some(theirs)) = (&m.journal_product, &m.iimmpact_product) {
        if !ours.eq_ignore_ascii_case(theirs) {
            let _ = write!(text, " product {theirs}");
        }
    }
    text
}

/// The Transaction Summary: one breakdown as a table, the total, and what was not sold.
pub fn transaction_summary(summary: &TransactionSummary, by: SummaryBy) -> String {
    let mut out = format!(
        "Transaction Summary {} to {}: {} transactions at IIMMPACT, {} sold.\n\n",
        summary.from, summary.to, summary.transactions, summary.total.count
    );
    let heading = match by {
        SummaryBy::Day => "DAY",
        SummaryBy::Product => "PRODUCT",
        SummaryBy::Counter => "COUNTER",
    };
    let _ = writeln!(
        out,
        "{heading:<28} {:>7} {:>14} {:>14} {:>12}",
        "COUNT", "FACE VALUE", "COST", "MARGIN"
    );
    for line in summary.lines(by) {
        let mut name = match (&line.product_name, line.key.is_empty()) {
            (_, true) => "(none)".to_owned(),
            (Some(product_name), false) => format!("{} {product_name}", line.key),
            (None, false) => line.key.clone(),
        };
        if name.chars().count() > 28 {
            name = name.chars().take(27).chain(['~']).collect();
        }
        out.push_str(&figures_row(&name, &line.figures));
    }
    out.push_str(&figures_row("TOTAL", &summary.total));
    let without_cost = summary.total.without_cost;
    if without_cost > 0 {
        let _ = writeln!(
            out,
            "{without_cost} sales without a cost from IIMMPACT: in the count and face value, not in the cost or margin."
        );
    }
    for aside in &summary.not_sold {
        let _ = writeln!(
            out,
            "Not sold: {} {}, RM {:.2}",
            aside.count,
            aside.state.as_str(),
            aside.face_value
        );
    }
    out
}

fn figures_row(name: &str, f: &Figures) -> String {
    format!(
        "{name:<28} {:>7} {:>14.2} {:>14.2} {:>12.2}\n",
        f.count, f.face_value, f.cost, f.margin
    )
}

/// The month's statement, as an invoice statement reads.
pub fn month_statement(s: &MonthStatement) -> String {
    let mut out = format!(
        "Statement for {} ({} to {}): {} entries\n",
        s.month, s.from, s.to, s.entries
    );
    let money = |label: &str, amount: Option<Decimal>| match amount {
        Some(amount) => format!("{label:<12} RM {amount:>14.2}\n"),
        None => format!("{label:<12} {:>17}\n", "-"),
    };
    out.push_str(&money("Opening", s.opening));
    out.push_str(&money("Deposits", Some(s.deposits)));
    out.push_str(&money("Spend", Some(-s.spend)));
    out.push_str(&money("Refunds", Some(s.refunds)));
    out.push_str(&money("Commission", Some(s.commission)));
    if !s.other.is_zero() {
        out.push_str(&money("Other", Some(s.other)));
    }
    out.push_str(&money("Closing", s.closing));
    if !s.balances {
        out.push_str("DOES NOT ADD UP: opening plus the entries is not the closing balance.\n");
    }
    out
}

/// The end-of-shift report, narrow enough for a receipt printer's 48 columns.
pub fn shift(report: &ShiftReport) -> String {
    let mut out = format!(
        "End of shift: {}, {}\n{} payments\n\n",
        report.counter, report.day, report.payments
    );
    let _ = writeln!(
        out,
        "{:<12} {:<10} {:>5} {:>12}",
        "PRODUCT", "STATUS", "COUNT", "AMOUNT"
    );
    for line in &report.by_product {
        let _ = writeln!(
            out,
            "{:<12} {:<10} {:>5} {:>12.2}",
            line.product,
            line.state.as_str(),
            line.count,
            line.amount
        );
    }
    out.push('\n');
    for total in &report.by_state {
        let _ = writeln!(
            out,
            "{:<23} {:>5} {:>12.2}",
            total.state.as_str(),
            total.count,
            total.amount
        );
    }
    let _ = writeln!(
        out,
        "\nTo collect (succeeded and open): RM {:.2}",
        report.to_collect
    );
    if !report.open.is_empty() {
        let _ = writeln!(
            out,
            "\n{} payments still open: re-check them (`kaunter status --refid R`) before closing the till:",
            report.open.len()
        );
        for p in &report.open {
            let _ = writeln!(
                out,
                "  {} {} {} RM {:.2} {}",
                p.refid,
                p.product,
                p.account,
                p.amount.value(),
                p.state
            );
        }
    }
    out
}

fn statement_check(check: &StatementCheck) -> String {
    let mut out = format!("\nBalance statement: {} entries", check.entries);
    if let (Some(opening), Some(closing)) = (check.opening, check.closing) {
        let _ = write!(out, ", opening RM {opening:.2}, closing RM {closing:.2}");
    }
    if check.balances {
        out.push_str("; closing less opening equals the sum of the entries.\n");
    } else {
        let _ = writeln!(
            out,
            "; DOES NOT ADD UP: the entries sum to RM {:.2}, closing less opening differs.",
            check.sum_of_entries
        );
    }
    if !check.debits_without_transaction.is_empty() {
        let _ = writeln!(
            out,
            "{} payment debits without their transaction at IIMMPACT:",
            check.debits_without_transaction.len()
        );
        for line in &check.debits_without_transaction {
            let _ = writeln!(
                out,
                "  #{} {}  RM {:.2}  {}",
                line.id, line.date, line.amount, line.remarks
            );
        }
    }
    out
}

/// "Was this customer charged?": each payment found, with where it was found.
pub fn lookup(report: &LookupReport) -> String {
    let mut out = String::new();
    if report.found.is_empty() {
        if report.asked_iimmpact {
            let _ = writeln!(
                out,
                "Not charged as far as anyone knows: nothing for {} in this PC's journal, nor at \
                 IIMMPACT from {} to {}.",
                report.query, report.from, report.to
            );
        } else {
            let _ = writeln!(out, "Nothing for {} in this PC's journal.", report.query);
        }
        return out;
    }
    for found in &report.found {
        match &found.payment {
            Some(payment) => {
                out.push_str("[this PC] ");
                out.push_str(&self::payment(payment));
            }
            None => {
                let at = found.at.map_or_else(
                    || "date unknown".to_owned(),
                    |at| {
                        at.with_timezone(&kaunter::time::gmt8())
                            .format("%Y-%m-%d %H:%M:%S")
                            .to_string()
                    },
                );
                let _ = write!(
                    out,
                    "[IIMMPACT] {at}  {}  trxid {}  {} {}  RM {:.2}  {}",
                    found.key.refid.as_deref().unwrap_or("(no refid)"),
                    found.key.trxid.as_deref().unwrap_or("?"),
                    found.product,
                    found.key.account,
                    found.amount,
                    found.state.as_str().to_uppercase()
                );
                if let Some(sn) = &found.sn {
                    let _ = write!(out, "  SN {sn}");
                }
                if let Some(counter) = &found.counter {
                    let _ = write!(out, "  sold at {counter}");
                }
                out.push('\n');
            }
        }
    }
    if report.asked_iimmpact {
        let _ = writeln!(
            out,
            "Not in this PC's journal: found at IIMMPACT ({} to {}).",
            report.from, report.to
        );
    }
    out
}

pub fn problem_report(report: &ProblemReport) -> String {
    let which = report
        .trxid
        .as_deref()
        .map(|t| format!("trxid {t}"))
        .or_else(|| report.refid.as_deref().map(|r| format!("refid {r}")))
        .unwrap_or_default();
    let said = match report.outcome {
        ReportOutcome::Received => "IIMMPACT opened a case; updates come by e-mail",
        ReportOutcome::Refused => "IIMMPACT refused the report",
        ReportOutcome::Unclear => "IIMMPACT's answer is not one Kaunter knows",
    };
    format!(
        "Reported {which}: {said}.\n  IIMMPACT: {}\n",
        report.message
    )
}

#[cfg(test)]
mod tests {
    use kaunter::counter::ReceiptLine;
    use kaunter::settings::ReceiptWidth;

    use super::*;

    fn line(field: ReceiptField, value: &str) -> ReceiptLine {
        ReceiptLine {
            field,
            value: value.to_owned(),
        }
    }

    #[test]
    fn a_receipt_prints_its_fields_under_a_centred_heading() {
        let text = receipt(&Receipt {
            heading: vec!["Kedai Ali".into()],
            state: PaymentState::Succeeded,
            pin_not_kept: false,
            lines: vec![
                line(ReceiptField::Date, "25/11/2026 01:30:05"),
                line(ReceiptField::Amount, "RM 5.00"),
                line(ReceiptField::Pin, "MPHE39G3WL"),
            ],
            width: ReceiptWidth::Mm58,
        });
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], format!("{:^32}", "Kedai Ali"));
        for expected in [
            "Date    25/11/2026 01:30:05",
            "Amount  RM 5.00",
            "Status  SUCCESSFUL",
            "PIN     MPHE39G3WL",
        ] {
            assert!(
                lines.contains(&expected),
                "{expected:?} missing from\n{text}"
            );
        }
    }

    #[test]
    fn an_open_payment_never_reads_as_failed() {
        let text = receipt(&Receipt {
            heading: vec![],
            state: PaymentState::Unknown,
            pin_not_kept: true,
            lines: vec![line(ReceiptField::Amount, "RM 5.00")],
            width: ReceiptWidth::Mm80,
        });
        assert!(text.contains("Status  PENDING - being checked"), "{text}");
        assert!(text.contains("PIN     not kept on this PC"), "{text}");
        assert!(text.starts_with("----"), "no empty heading lines: {text}");
    }

    #[test]
    fn a_receipt_keeps_to_its_papers_columns() {
        let link = "https://gift.example.my/redeem?code=MPHE39G3WL&sig=0123456789abcdef";
        for (width, columns) in [(ReceiptWidth::Mm58, 32), (ReceiptWidth::Mm80, 48)] {
            let text = receipt(&Receipt {
                heading: vec!["Kedai Runcit Ali".into()],
                state: PaymentState::Succeeded,
                pin_not_kept: false,
                lines: vec![line(ReceiptField::VoucherLink, link)],
                width,
            });
            let lines: Vec<&str> = text.lines().collect();
            assert!(
                lines.iter().all(|l| l.chars().count() <= columns),
                "wider than {columns}:\n{text}"
            );
            assert_eq!(lines[1], "-".repeat(columns));
            assert!(lines[2].starts_with("Voucher "), "{text}");
            let rejoined: String = lines[2..]
                .iter()
                .take_while(|l| !l.starts_with('-'))
                .map(|l| &l[8..])
                .collect();
            assert_eq!(rejoined, link, "the whole link, wrapped under its label");
        }
    }
}
