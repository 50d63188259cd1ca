//! Statement export throughput and memory, against the bounds the request budget and
//! the page latency set.
//!
//!     cargo run --release -p kaunter --example export_bench [-- --latency-ms 100 --page-size 1000]
//!
//! For each size (20,000 and 200,000 rows) a simulator with that history and the given
//! per-request latency runs in this process, and the export runs in a fresh child
//! process (so its peak RSS, VmHWM, is the export's alone and not the simulator's):
//! once with the client's default page concurrency, once sequentially (one page at a
//! time), both into CSV, then concurrently into an Excel workbook (`.xlsx`, written in
//! constant memory, so its VmHWM should not grow with the rows either). The client uses
//! the default request budget. The simulator's counters then show the budget was never
//! exceeded.

use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use iimmpact::client::{Client, ClientConfig, Credentials, RequestBudget};
use iimmpact::HmacSecret;
use iimmpact_sim::memory::peak_resident_kib;
use iimmpact_sim::{SimConfig, Simulator};
use kaunter::export::{self, CsvFormat, ExportKind, ExportRequest};
use tokio_util::sync::CancellationToken;

const SIZES: [usize; 2] = [20_000, 200_000];

/// The file kinds and page concurrencies each size is exported with (`None`: the
/// client's default).
const RUNS: [(&str, Option<usize>); 3] = [("csv", None), ("csv", Some(1)), ("xlsx", None)];

struct Options {
    latency: Duration,
    page_size: u32,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--child") {
        return child(&args[1..]);
    }
    let flag = |name: &str, default: u64| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .map_or(default, |v| v.parse().expect("a number"))
    };
    let options = Options {
        latency: Duration::from_millis(flag("--latency-ms", 100)),
        page_size: u32::try_from(flag("--page-size", 1000)).expect("a page size"),
    };
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(parent(options));
}

async fn parent(options: Options) {
    let budget = RequestBudget::default();
    let (rate, burst) = (budget.rate_per_sec(), f64::from(budget.burst()));
    let concurrency = ClientConfig::DEFAULT_PAGE_CONCURRENCY;
    println!(
        "export bench: simulator latency {} ms/request, page size {}, request budget {rate} req/s (burst {burst}), {concurrency} pages in flight",
        options.latency.as_millis(),
        options.page_size,
    );
    println!(
        "{:>8} {:>6} {:>5} {:>11} {:>9} {:>10} {:>10} {:>11} {:>10} {:>13} {:>9} {:>7}",
        "rows",
        "pages",
        "file",
        "mode",
        "time s",
        "rows/s",
        "VmHWM MiB",
        "budget s",
        "latency s",
        "sequential s",
        "max req/s",
        "blocked"
    );
    for rows in SIZES {
        for (extension, page_concurrency) in RUNS {
            let page_concurrency = page_concurrency.unwrap_or(concurrency);
            let config = SimConfig {
                history_entries: rows,
                max_page_size: options.page_size,
                latency: options.latency,
                ..SimConfig::demo()
            };
            let sim = Simulator::start(config.clone()).await.unwrap();
            let to = config.history_end;
            let from = to - chrono::Days::new(u64::from(config.history_days));
            let out = Command::new(std::env::current_exe().unwrap())
                .args([
                    "--child".to_owned(),
                    sim.base_url(),
                    from.to_string(),
                    to.to_string(),
                    page_concurrency.to_string(),
                    options.page_size.to_string(),
                    extension.to_owned(),
                ])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            let stats = sim.stats();
            let pages = report["pages"].as_f64().unwrap();
            let secs = report["secs"].as_f64().unwrap();
            let latency = options.latency.as_secs_f64();
            println!(
                "{:>8} {:>6} {:>5} {:>11} {:>9.2} {:>10.0} {:>10.1} {:>11.2} {:>10.2} {:>13.2} {:>9} {:>7}",
                report["rows"].as_u64().unwrap(),
                pages,
                extension,
                if page_concurrency == 1 { "sequential" } else { "concurrent" },
                secs,
                report["rows"].as_f64().unwrap() / secs,
                report["vm_hwm_kib"].as_f64().unwrap() / 1024.0,
                // The budget lets `burst` requests through at once, then `rate` a second.
                ((pages - burst).max(0.0)) / rate,
                (pages / page_concurrency as f64).ceil() * latency,
                pages * latency,
                stats.max_requests_per_second,
                stats.blocked_requests,
            );
            assert_eq!(stats.blocked_requests, 0, "the IP limit was never hit");
            assert!(
                stats.max_requests_per_second as f64 <= rate + burst,
                "the budget was exceeded: {stats:?}"
            );
            sim.shutdown().await;
        }
    }
    println!(
        "budget s: the least time the request budget allows; latency s: pages / pages in flight x latency; \
         sequential s: pages x latency. max req/s: the simulator's busiest second (budget: {rate} + burst {burst})."
    );
}

/// Runs one export against the simulator at `base_url` and prints a JSON report.
fn child(args: &[String]) {
    let [base_url, from, to, concurrency, page_size, extension] = args else {
        panic!("--child BASE_URL FROM TO CONCURRENCY PAGE_SIZE EXTENSION");
    };
    let demo = SimConfig::demo();
    let mut config = ClientConfig::new(
        base_url,
        Credentials::ApiKey {
            key: iimmpact::ApiKey::parse(&demo.api_key).expect("the demo key is valid"),
            secret: HmacSecret::from_base64(&demo.secret_base64).unwrap(),
        },
    );
    config.page_concurrency = concurrency.parse().unwrap();
    config.page_size = page_size.parse().unwrap();
    config.budget = Arc::new(RequestBudget::default());
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
