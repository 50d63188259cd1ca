//! What the crash-safe journal costs: every payment is three durable writes
//! (`sending`, the attempt, the reply) under `synchronous=FULL`, each an fsync.
//! Prints figures; `cargo bench -p kaunter --bench journal`.

use std::time::Instant;

use chrono::Utc;
use iimmpact::models::{DataEnvelope, TopupReply, TopupRequest};
use iimmpact::{Amount, ProductCode, Refid};
use kaunter::journal::{counter_day, HistoryQuery, Journal, VoucherSeal};

const PAYMENTS: usize = 500;
const HISTORY_ROWS: usize = 10_000;

fn main() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let journal = Journal::open(&dir.path().join("journal.sqlite3")).expect("the journal opens");
    let reply: TopupReply = serde_json::from_str::<DataEnvelope<TopupReply>>(
        r#"{"data":{"statusCode":20,"status":"Succesful","refid":"X","product":"D","account":"0123456789","amount":10,"sn":"123","cost":9.75,"balance":1000}}"#,
    )
    .expect("a valid reply")
    .data;
    let product = ProductCode::parse("D").expect("a product code");
    let amount = Amount::parse("amount", "10").expect("an amount");
    let pay = |n: usize| {
        let payment = TopupRequest::new(
            Refid::parse(&format!("BENCH-{n}")).expect("a refid"),
            product.clone(),
            &format!("01{n:08}"),
            amount,
        )
        .expect("a request")
        .prepare();
        journal.insert(&payment).expect("insert");
        journal.begin_attempt(payment.refid()).expect("attempt");
        journal
            .settle(payment.refid(), &reply, &VoucherSeal::NOTHING)
            .expect("settle");
    };

    let started = Instant::now();
    (0..PAYMENTS).for_each(pay);
    let elapsed = started.elapsed();
    println!(
        "journal: {PAYMENTS} payments (3 durable writes each) in {:.2} s: {:.0} payments/s, {:.2} ms per payment",
        elapsed.as_secs_f64(),
        PAYMENTS as f64 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1000.0 / PAYMENTS as f64
    );

    (PAYMENTS..HISTORY_ROWS).for_each(pay);
    let today = counter_day(Utc::now());
    let started = Instant::now();
    let totals = journal.day_totals(today).expect("totals");
    let totals_time = started.elapsed();
    let started = Instant::now();
    let found = journal
        .history(&HistoryQuery {
            account: Some("0100000042".into()),
            ..HistoryQuery::default()
        })
        .expect("history");
    let account_time = started.elapsed();
    let started = Instant::now();
    let open = journal.unfinished().expect("unfinished");
    let open_time = started.elapsed();
    println!(
        "journal with {HISTORY_ROWS} payments on one day: day totals {:.1} ms ({} states), \
         by account {:.2} ms ({} found), open payments {:.2} ms ({} open)",
        totals_time.as_secs_f64() * 1000.0,
        totals.by_state.len(),
        account_time.as_secs_f64() * 1000.0,
        found.len(),
        open_time.as_secs_f64() * 1000.0,
        open.len()
    );
    let size = std::fs::metadata(dir.path().join("journal.sqlite3"))
        .map(|m| m.len())
        .unwrap_or(0);
    println!(
        "journal file: {:.1} MiB for {HISTORY_ROWS} payments",
        size as f64 / (1024.0 * 1024.0)
    );
}
