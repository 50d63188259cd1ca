//! Streams a paged balance statement of 20,000 and 200,000 rows from the simulator
//! through the client, and prints throughput, peak memory and the bounds that apply.
//!
//! ```text
//! cargo run --release -p iimmpact --example statement_bench
//! ```
//!
//! The simulator (200,000 seeded entries, 100 ms per request, pages of up to 1,000
//! rows) runs in this process; each size is streamed by a fresh child process, so the
//! peak RSS (`VmHWM`) printed is that of the client alone for that size.

use std::process::Stdio;
use std::time::{Duration, Instant};

use chrono::{Duration as Days, NaiveDate};
use futures::TryStreamExt;
use iimmpact::client::{Client, ClientConfig, Credentials, Pacing, RequestBudget};
use iimmpact::models::StatementQuery;
use iimmpact::{DateRange, HmacSecret};
use iimmpact_sim::memory::peak_resident_kib;
use iimmpact_sim::{SimConfig, Simulator, DEMO_API_KEY, DEMO_SECRET_BASE64};

const ENTRIES: usize = 200_000;
const HISTORY_DAYS: u32 = 100;
const LATENCY: Duration = Duration::from_millis(100);
const MAX_PAGE: u32 = 1_000;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("--child") => child(&args[2], &args[3], &args[4]).await,
        _ => parent().await,
    }
}

async fn parent() {
    let end = iimmpact::time::now_gmt8().date_naive() - Days::days(1);
    let config = SimConfig {
        history_entries: ENTRIES,
        history_days: HISTORY_DAYS,
        history_end: end,
        latency: LATENCY,
        max_page_size: MAX_PAGE,
        ..SimConfig::demo()
    };
    let sim = Simulator::start(config)
        .await
        .expect("the simulator starts");
    let budget = RequestBudget::default();
    let per_page = f64::from(MAX_PAGE);
    println!("simulator: {ENTRIES} entries over {HISTORY_DAYS} days, {} ms per request, pages of {MAX_PAGE}", LATENCY.as_millis());
    println!(
        "client: budget {} req/s (burst {}), pages in flight by the budget and the latency, at most {}",
        budget.rate_per_sec(),
        budget.burst(),
        Pacing::DEFAULT_MAX_IN_FLIGHT
    );
    println!(
        "bounds: budget {:.0} rows/s (rate x page size); sequential paging {:.0} rows/s (page size / latency)",
        budget.rate_per_sec() * per_page,
        per_page / LATENCY.as_secs_f64()
    );
    println!(
        "(the first {} pages of a run come out of the budget's burst, so a short run beats both bounds)",
        budget.burst()
    );
    println!();
    println!(
        "{:>9} {:>6} {:>8} {:>10} {:>14} {:>14}",
        "rows", "pages", "secs", "rows/s", "RSS start MiB", "peak RSS MiB"
    );

    // About 2,000 entries a day: the last 10 days are ~20k rows, all 100 days are 200k.
    for days in [10, HISTORY_DAYS] {
        // Each child has its own budget; waiting until a budget would have refilled
        // makes the two runs together look like one process to the simulator.
        tokio::time::sleep(Duration::from_secs_f64(
            f64::from(budget.burst()) / budget.rate_per_sec(),
        ))
        .await;
        let from = end - Days::days(i64::from(days) - 1);
        let output = tokio::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--child",
                &sim.base_url(),
                &from.to_string(),
                &end.to_string(),
            ])
            .stderr(Stdio::inherit())
            .output()
            .await
            .expect("the child runs");
        let line = String::from_utf8_lossy(&output.stdout);
        let f: Vec<f64> = line
            .split_whitespace()
            .map(|x| x.parse().unwrap())
            .collect();
        let [rows, pages, secs, start_kib, peak_kib] = f[..] else {
            panic!("child said {line:?}")
        };
        println!(
            "{rows:>9} {pages:>6} {secs:>8.2} {:>10.0} {:>14.1} {:>14.1}",
            rows / secs,
            start_kib / 1024.0,
            peak_kib / 1024.0
        );
    }

    let stats = sim.stats();
    let allowed_per_second = budget.rate_per_sec() + f64::from(budget.burst());
    println!();
    println!(
        "simulator counters: {} requests, at most {} in any 1 s (budget allows {allowed_per_second:.0}), \
         at most {} in any rate-limit window (IIMMPACT allows 30000), {} blocked",
        stats.total_requests, stats.max_requests_per_second, stats.max_requests_per_window, stats.blocked_requests
    );
    let within =
        stats.max_requests_per_second as f64 <= allowed_per_second && stats.blocked_requests == 0;
    println!(
        "budget never exceeded: {}",
        if within { "yes" } else { "NO" }
    );
    sim.shutdown().await;
}

/// Streams one date range and prints `rows pages secs start_kib peak_kib`.
async fn child(base_url: &str, from: &str, to: &str) {
    let credentials = Credentials::ApiKey {
        key: iimmpact::ApiKey::parse(DEMO_API_KEY).expect("the demo key is valid"),
        secret: HmacSecret::from_base64(DEMO_SECRET_BASE64).unwrap(),
    };
    let client = Client::new(ClientConfig::new(base_url, credentials)).unwrap();
    let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap();
    let range = DateRange::new(day(from), day(to)).unwrap();
    let start_kib = peak_resident_kib();
    let started = Instant::now();
    let mut stream = client.balance_statement_stream(StatementQuery::new(range));
    let (mut rows, mut pages) = (0u64, 0u64);
    while let Some(page) = stream.try_next().await.expect("every page arrives") {
        rows += page.rows.len() as u64;
        pages = page.progress.pages_done;
    }
    let secs = started.elapsed().as_secs_f64();
    println!("{rows} {pages} {secs} {start_kib} {}", peak_resident_kib());
}
