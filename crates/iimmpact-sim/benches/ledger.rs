//! How fast the simulator starts with a large seeded history, what it costs in memory,
//! and how many statement pages it serves a second over loopback.
//! Run: `cargo bench -p iimmpact-sim`.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use iimmpact::signing::{self, SigningInput};
use iimmpact::HmacSecret;
use iimmpact_sim::memory::resident_kib;
use iimmpact_sim::{SimConfig, Simulator, DEMO_SECRET_BASE64};

fn config(entries: usize) -> SimConfig {
    SimConfig {
        history_entries: entries,
        history_end: NaiveDate::from_ymd_opt(2025, 5, 31).unwrap(),
        history_days: 31,
        ..SimConfig::demo()
    }
}

async fn fetch_all_pages(base: &str, http: &reqwest::Client) -> (usize, usize) {
    let secret = HmacSecret::from_base64(DEMO_SECRET_BASE64).unwrap();
    let (mut rows, mut pages) = (0, 0);
    for page in 1.. {
        let page = page.to_string();
        let query = [
            ("date", "2025-05-01 - 2025-05-31"),
            ("limit", "100"),
            ("page", page.as_str()),
        ];
        let ts = chrono::Utc::now().timestamp().to_string();
        let nonce = signing::new_nonce(0);
        let canonical = signing::canonical_query(&query);
        let input = SigningInput {
            timestamp: &ts,
            nonce: &nonce,
            method: "GET",
            query: &canonical,
            body: b"",
        };
        let body: serde_json::Value = http
            .get(format!("{base}/balance-statement"))
            .query(&query)
            .header("X-Api-Key", iimmpact_sim::DEMO_API_KEY)
            .header("X-Timestamp", &ts)
            .header("X-Nonce", &nonce)
            .header("X-Signature", signing::sign(&secret, &input))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let n = body["data"].as_array().map_or(0, Vec::len);
        if n == 0 {
            return (rows, pages);
        }
        rows += n;
        pages += 1;
    }
    unreachable!()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let http = reqwest::Client::builder()
        .user_agent("iimmpact-sim-bench")
        .build()
        .unwrap();
    println!("entries   start      RSS growth   statement walk (pages of 100, one at a time)");
    for entries in [20_000, 200_000, 2_000_000] {
        let before = resident_kib();
        let t = Instant::now();
        let sim = Simulator::start(config(entries)).await.unwrap();
        let start = t.elapsed();
        let grown = resident_kib().saturating_sub(before);
        let walk = if entries <= 200_000 {
            let t = Instant::now();
            let (rows, pages) = fetch_all_pages(&sim.base_url(), &http).await;
            assert_eq!(rows, entries);
            let secs = t.elapsed().as_secs_f64();
            format!(
                "{rows} rows, {pages} pages in {secs:.2} s = {:.0} pages/s, {:.0} rows/s",
                pages as f64 / secs,
                rows as f64 / secs
            )
        } else {
            "skipped".to_owned()
        };
        println!(
            "{entries:>9} {:>7.1} ms {:>8} KiB   {walk}",
            ms(start),
            grown
        );
        sim.shutdown().await;
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1_000.0
}
