//! Transaction Summary and monthly statement: time and peak memory as the history grows.
//!
//!     cargo run --release -p kaunter --example summary_bench [-- --latency-ms 0]
//!
//! For each size, a simulator in this process seeds a history (pages of 1,000), and a
//! fresh child process sums every transaction of it into a summary, then the month of
//! its last day into a statement, with an uncapped budget (loopback, one client). The
//! child's peak RSS (VmHWM) is the summary's alone: flat while the rows grow tenfold.

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use iimmpact::client::{Client, RequestBudget};
use iimmpact_sim::memory::peak_resident_kib;
use kaunter::finance::{self, Month};

const SIZES: [usize; 2] = [20_000, 200_000];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    if args.first().map(String::as_str) == Some("--child") {
        return runtime.block_on(child(&args[1..]));
    }
    let latency = args
        .iter()
        .position(|a| a == "--latency-ms")
        .and_then(|i| args.get(i + 1))
        .map_or(0, |v| v.parse().expect("a number"));
    println!(
        "{:>9} {:>12} {:>10} {:>10} {:>10} {:>10}",
        "entries", "transactions", "summary s", "rows/s", "month s", "VmHWM MiB"
    );
    for entries in SIZES {
        runtime.block_on(one(entries, Duration::from_millis(latency)));
    }
}

async fn one(entries: usize, latency: Duration) {
    let (sim, _, from, to) = support::seeded(entries, 1000, latency).await;
    let r = support::run_child([sim.base_url(), from.to_string(), to.to_string()]);
    let rows = r["transactions"].as_u64().unwrap();
    let secs = r["summary_secs"].as_f64().unwrap();
    println!(
        "{:>9} {:>12} {:>10.2} {:>10.0} {:>10.2} {:>10.1}",
        entries,
        rows,
        secs,
        rows as f64 / secs,
        r["month_secs"].as_f64().unwrap(),
        r["vm_hwm_kib"].as_f64().unwrap() / 1024.0
    );
    sim.shutdown().await;
}

async fn child(args: &[String]) {
    let [base_url, from, to] = args else {
        panic!("--child BASE_URL FROM TO");
    };
    let mut config = support::client_config(base_url);
    config.budget = Arc::new(RequestBudget::uncapped(1_000.0, 100).unwrap());
    let client = Client::new(config).unwrap();
    let (from, to) = (from.parse().unwrap(), to.parse().unwrap());
    let started = Instant::now();
    let summary = finance::transaction_summary(&client, from, to)
        .await
        .unwrap();
    let summary_secs = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let statement = finance::month_statement(&client, Month::of(to))
        .await
        .unwrap();
    let month_secs = started.elapsed().as_secs_f64();
    assert!(statement.balances);
    println!(
        "{}",
        serde_json::json!({
            "transactions": summary.transactions,
            "summary_secs": summary_secs,
            "month_secs": month_secs,
            "vm_hwm_kib": peak_resident_kib(),
        })
    );
}
