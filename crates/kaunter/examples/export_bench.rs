//! Statement export throughput and memory, against the bounds the request budget and
//! one-page-at-a-time paging set.
//!
//!     cargo run --release -p kaunter --example export_bench [-- --latency-ms 100 --page-size 1000
//!         --rate 40 --burst 1 --sizes 20000/100,20000,200000,1000000]
//!
//! A size is a row count, or `rows/page` for a server that serves pages of `page` rows: the
//! first default, 20,000 rows in pages of 100 (the API's default page, and the page size of
//! the case: 200 pages), beside the same rows in pages of `--page-size`.
//! For each size a simulator with that history and the given per-request latency runs in
//! this process, and each export runs in a fresh child process (so its peak RSS, VmHWM, is
//! the export's alone and not the simulator's): with the client's own paging into CSV,
//! with one page at a time into CSV, and with the client's own paging into an Excel
//! workbook. The defaults are slow pages at 40 requests/s (a budget over IIMMPACT's share
//! for one PC, so uncapped: loopback only), where the number of pages in flight decides
//! whether the budget is used. The simulator's counters then show it was never exceeded.
//!
//! One line per size: the bound, when the budget lets the last request go at the
//! earliest (`bound`), and that plus the last page's latency, the least time any paging
//! takes (`least`); each export's time and how much of them it reached (`bound / time`,
//! `least / time`), how many times faster than sequential paging the client's paging was,
//! and each export's VmHWM.

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use iimmpact::client::{Client, Pacing, RequestBudget};
use iimmpact_sim::memory::peak_resident_kib;
use iimmpact_sim::SimHandle;
use kaunter::export::{self, CsvFormat, ExportKind, ExportRequest};
use tokio_util::sync::CancellationToken;

#[derive(Clone, Copy, PartialEq)]
enum Paging {
    /// The client's own: what an export in the app or the CLI does.
    Client,
    /// One page at a time.
    Sequential,
}

struct Options {
    latency: Duration,
    page_size: u32,
    rate: f64,
    burst: u32,
    sizes: Vec<Size>,
}

#[derive(Clone, Copy)]
struct Size {
    rows: usize,
    page_size: u32,
}

/// What one child export measured.
struct Run {
    rows: u64,
    pages: u64,
    secs: f64,
    vm_hwm_mib: f64,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--child") {
        return child(&args[1..]);
    }
    let flag = |name: &str, default: &str| -> String {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .map_or(default.to_owned(), String::clone)
    };
    let number =
        |name: &str, default: &str| -> u64 { flag(name, default).parse().expect("a number") };
    let page_size = u32::try_from(number("--page-size", "1000")).expect("a page size");
    let options = Options {
        latency: Duration::from_millis(number("--latency-ms", "100")),
        page_size,
        rate: flag("--rate", "40").parse().expect("a rate"),
        burst: u32::try_from(number("--burst", "1")).expect("a burst"),
        sizes: flag("--sizes", "20000/100,20000,200000,1000000")
            .split(',')
            .map(|size| match size.split_once('/') {
                Some((rows, page)) => Size {
                    rows: rows.parse().expect("a row count"),
                    page_size: page.parse().expect("a page size"),
                },
                None => Size {
                    rows: size.parse().expect("a row count"),
                    page_size,
                },
            })
            .collect(),
    };
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(parent(options));
}

async fn parent(options: Options) {
    let (rate, burst) = (options.rate, options.burst);
    println!(
        "export bench: simulator latency {} ms/request, pages of {} rows unless a size says, request budget {rate} req/s (burst {burst}), \
         pages in flight by the budget and the latency: {} at this latency, at most {}",
        options.latency.as_millis(),
        options.page_size,
        Pacing::default().in_flight(rate, options.latency),
        Pacing::DEFAULT_MAX_IN_FLIGHT,
    );
    println!(
        "{:>8} {:>5} {:>6} {:>8} {:>8} | {:>7} {:>6} {:>6} {:>5} {:>6} | {:>7} {:>6} | {:>7} {:>6} {:>6} | {:>7} {:>7}",
        "rows", "page", "pages", "bound s", "least s",
        "csv s", "bound/", "least/", "×seq", "MiB",
        "seq s", "MiB",
        "xlsx s", "bound/", "MiB",
        "req/s", "blocked",
    );
    for &Size { rows, page_size } in &options.sizes {
        let (sim, _, from, to) = support::seeded(rows, page_size, options.latency).await;
        let days = (&sim, from, to, page_size);
        let csv = export_in_child(days, &options, Paging::Client, "csv");
        let sequential = export_in_child(days, &options, Paging::Sequential, "csv");
        let xlsx = export_in_child(days, &options, Paging::Client, "xlsx");
        for run in [&csv, &sequential, &xlsx] {
            assert_eq!(run.rows, rows as u64, "every row was exported");
        }
        let stats = sim.stats();
        // The bucket lets `burst` requests through at once, then `rate` a second.
        let bound = (csv.pages as f64 - f64::from(burst)).max(0.0) / rate;
        // The last page's token comes at `bound` at the earliest, and the page then takes
        // its time on the wire.
        let least = bound + options.latency.as_secs_f64();
        println!(
            "{:>8} {:>5} {:>6} {:>8.2} {:>8.2} | {:>7.2} {:>5.0}% {:>5.0}% {:>5.1} {:>6.1} | {:>7.2} {:>6.1} | {:>7.2} {:>5.0}% {:>6.1} | {:>7} {:>7}",
            rows,
            page_size,
            csv.pages,
            bound,
            least,
            csv.secs,
            100.0 * bound / csv.secs,
            100.0 * least / csv.secs,
            sequential.secs / csv.secs,
            csv.vm_hwm_mib,
            sequential.secs,
            sequential.vm_hwm_mib,
            xlsx.secs,
            100.0 * bound / xlsx.secs,
            xlsx.vm_hwm_mib,
            stats.max_requests_per_second,
            stats.blocked_requests,
        );
        assert_eq!(stats.blocked_requests, 0, "the IP limit was never hit");
        assert!(
            stats.max_requests_per_second as f64 <= rate + f64::from(burst),
            "the budget was exceeded: {stats:?}"
        );
        sim.shutdown().await;
    }
    println!(
        "bound s: the issue's bound, (pages - burst) / rate, when the budget lets the last page's request go at the \
         earliest. least s: that plus one page's latency, the least time any paging takes (the last page must come \
         back). bound/, least/: the share of each an export reached. ×seq: how many times faster than one page at a time. MiB: the export process's VmHWM. \
         req/s: the simulator's busiest second over the three exports (budget {rate} + burst {burst})."
    );
}

fn export_in_child(
    (sim, from, to, page_size): (&SimHandle, NaiveDate, NaiveDate, u32),
    options: &Options,
    paging: Paging,
    extension: &str,
) -> Run {
    let report = support::run_child([
        sim.base_url(),
        from.to_string(),
        to.to_string(),
        (paging == Paging::Sequential).to_string(),
        page_size.to_string(),
        options.rate.to_string(),
        options.burst.to_string(),
        extension.to_owned(),
    ]);
    Run {
        rows: report["rows"].as_u64().unwrap(),
        pages: report["pages"].as_u64().unwrap(),
        secs: report["secs"].as_f64().unwrap(),
        vm_hwm_mib: report["vm_hwm_kib"].as_f64().unwrap() / 1024.0,
    }
}

/// Runs one export against the simulator at `base_url` and prints a JSON report.
fn child(args: &[String]) {
    let [base_url, from, to, sequential, page_size, rate, burst, extension] = args else {
        panic!("--child BASE_URL FROM TO SEQUENTIAL PAGE_SIZE RATE BURST EXTENSION");
    };
    let mut config = support::client_config(base_url);
    if sequential == "true" {
        config.pacing = Pacing::SEQUENTIAL;
    }
    config.page_size = page_size.parse().unwrap();
    config.budget =
        Arc::new(RequestBudget::uncapped(rate.parse().unwrap(), burst.parse().unwrap()).unwrap());
    let client = Client::new(config).unwrap();
    let request = ExportRequest {
        what: ExportKind::BalanceStatement { entry_type: None },
        from: from.parse().unwrap(),
        to: to.parse().unwrap(),
        format: CsvFormat::default(),
        overwrite: false,
    };
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let mut pages = 0;
    let summary = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(export::to_file(
            &client,
            &request,
            &dir.path().join(format!("statement.{extension}")),
            None,
            &mut |p| pages = p.pages,
            &CancellationToken::new(),
        ));
    let summary = summary.unwrap();
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{}",
        serde_json::json!({
            "rows": summary.rows,
            "pages": pages,
            "secs": secs,
            "vm_hwm_kib": peak_resident_kib(),
        })
    );
}
