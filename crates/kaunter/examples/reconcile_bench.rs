//! Reconciliation time and memory over 100,000 transactions.
//!
//!     cargo run --release -p kaunter --example reconcile_bench [-- --latency-ms 100 --transactions 100000]
//!
//! A simulator in this process seeds a history with the given number of transactions
//! (pages of 1,000, the given latency per request). The journal of a Demo data dir is
//! filled with the same payments, every 1,000th at another amount, in one SQLite
//! transaction. Then a fresh child process opens a session on that data dir and
//! reconciles the whole history (so its peak RSS, VmHWM, is the reconciliation's
//! alone), with the session's default request budget.

mod support;

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use futures::TryStreamExt;
use iimmpact::client::{Client, RequestBudget};
use iimmpact::models::TransactionsQuery;
use iimmpact::DateRange;
use iimmpact_sim::memory::peak_resident_kib;
use kaunter::journal::Journal;
use kaunter::paths::Paths;
use kaunter::session::{journal_file, Session, SessionConfig};
use kaunter::Environment;

/// Of the seeded entries, about 85 in 100 are transactions (the rest deposits,
/// refunds and commissions).
const TRANSACTIONS_PER_ENTRY: f64 = 0.85;
/// Every this many journal rows one is planted at another amount.
const PLANT_EVERY: usize = 1_000;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    if args.first().map(String::as_str) == Some("--child") {
        return runtime.block_on(child(&args[1..]));
    }
    let flag = |name: &str, default: u64| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .map_or(default, |v| v.parse().expect("a number"))
    };
    let latency = Duration::from_millis(flag("--latency-ms", 100));
    let wanted = flag("--transactions", 100_000) as f64;
    runtime.block_on(parent(latency, (wanted / TRANSACTIONS_PER_ENTRY) as usize));
}

async fn parent(latency: Duration, entries: usize) {
    let (sim, _, from, to) = support::seeded(entries, 1000, latency).await;
    let data = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let journalled = fill_journal(&sim.base_url(), data.path(), from, to).await;
    println!(
        "reconcile bench: {journalled} payments journalled in {:.1} s; simulator latency {} ms/request, pages of 1000, the default request budget",
        started.elapsed().as_secs_f64(),
        latency.as_millis()
    );
    let report = support::run_child([
        sim.base_url(),
        data.path().display().to_string(),
        from.to_string(),
        to.to_string(),
    ]);
    let stats = sim.stats();
    println!(
        "{:>12} {:>9} {:>10} {:>9} {:>10} {:>10} {:>9} {:>7}",
        "transactions",
        "matched",
        "mismatches",
        "time s",
        "rows/s",
        "VmHWM MiB",
        "requests",
        "blocked"
    );
    let secs = report["secs"].as_f64().unwrap();
    let rows = report["transactions"].as_u64().unwrap();
    println!(
        "{:>12} {:>9} {:>10} {:>9.2} {:>10.0} {:>10.1} {:>9} {:>7}",
        rows,
        report["matched"],
        report["mismatches"],
        secs,
        rows as f64 / secs,
        report["vm_hwm_kib"].as_f64().unwrap() / 1024.0,
        stats.total_requests,
        stats.blocked_requests,
    );
    assert_eq!(stats.blocked_requests, 0, "the IP limit was never hit");
    assert_eq!(report["statement_balances"], true);
    sim.shutdown().await;
}

/// Journals every transaction IIMMPACT lists for the range as this PC's own
/// succeeded payment, each `PLANT_EVERY`th at RM 1 more.
async fn fill_journal(
    base_url: &str,
    dir: &std::path::Path,
    from: NaiveDate,
    to: NaiveDate,
) -> usize {
    let mut config = support::client_config(base_url);
    config.budget = std::sync::Arc::new(RequestBudget::uncapped(500.0, 100).unwrap());
    let client = Client::new(config).unwrap();
    let query = TransactionsQuery::new(DateRange::new(from, to).unwrap());
    let pages: Vec<_> = client
        .transactions_stream(query)
        .try_collect()
        .await
        .unwrap();

    let file = journal_file(&Paths::under(dir), Environment::Demo);
    drop(Journal::open(&file).unwrap());
    let mut conn = rusqlite::Connection::open(&file).unwrap();
    let tx = conn.transaction().unwrap();
    let mut count = 0;
    for row in pages.iter().flat_map(|p| &p.rows) {
        let at = row.date.unwrap().as_datetime().timestamp_millis();
        let amount = if count % PLANT_EVERY == 0 {
            row.amount + rust_decimal::Decimal::ONE
        } else {
            row.amount
        };
        tx.execute(
            "INSERT INTO payments (refid, product, account, amount, body, state, status_code,
                 attempts, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, x'7B7D', 'succeeded', 20, 1, ?5, ?5)",
            rusqlite::params![
                row.refid.as_deref().unwrap(),
                row.product_code,
                row.account,
                amount.to_string(),
                at
            ],
        )
        .unwrap();
        count += 1;
    }
    tx.commit().unwrap();
    count
}

/// Reconciles `FROM` to `TO` on the data dir's journal and prints a JSON report.
async fn child(args: &[String]) {
    let [base_url, dir, from, to] = args else {
        panic!("--child BASE_URL DATA_DIR FROM TO");
    };
    let mut config = SessionConfig::new(Environment::Demo, Paths::under(dir));
    config.base_url = Some(base_url.clone());
    let session = Session::open(config).unwrap();
    let started = Instant::now();
    let report = session
        .reconcile(from.parse().unwrap(), to.parse().unwrap())
        .await
        .unwrap();
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{}",
        serde_json::json!({
            "transactions": report.iimmpact_transactions,
            "matched": report.matched,
            "mismatches": report.mismatches.len(),
            "statement_balances": report.statement.balances,
            "secs": secs,
            "vm_hwm_kib": peak_resident_kib(),
        })
    );
}
