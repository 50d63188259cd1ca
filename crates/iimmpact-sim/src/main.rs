//! `iimmpact-sim`: the simulator as a process. Prints its base URL as the first line of
//! stdout, then serves until interrupted.

use std::io::Write as _;
use std::time::Duration;

use chrono::NaiveDate;
use clap::Parser;
use iimmpact_sim::{RateLimit, SimConfig, Simulator};
use rust_decimal::Decimal;

/// A faithful IIMMPACT v2 API simulator on 127.0.0.1. Every default is the demo's.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Port on 127.0.0.1; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// API key to accept.
    #[arg(long, default_value = iimmpact_sim::DEMO_API_KEY)]
    api_key: String,
    /// HMAC secret (Base64) requests are signed with. Prefer IIMMPACT_SIM_SECRET to keep it off the command line.
    #[arg(long, env = "IIMMPACT_SIM_SECRET", default_value = iimmpact_sim::DEMO_SECRET_BASE64, hide_default_value = true, hide_env_values = true)]
    secret: String,
    /// Legacy ID token to accept in `Authorization` (none by default).
    #[arg(long, env = "IIMMPACT_SIM_ID_TOKEN", hide_env_values = true)]
    id_token: Option<String>,
    /// Lifetime of the ID tokens the legacy sign-in issues, in seconds (the demo user
    /// signs in with the documented test user name and password).
    #[arg(long, default_value_t = 3_600)]
    id_token_lifetime_secs: u64,
    /// Seed of everything generated.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Seeded balance-statement entries.
    #[arg(long, default_value_t = 2_000)]
    history_entries: usize,
    /// Last day of the seeded history, yyyy-MM-dd [default: yesterday, GMT+8].
    #[arg(long)]
    history_end: Option<NaiveDate>,
    /// Days the seeded history spreads over.
    #[arg(long, default_value_t = 30)]
    history_days: u32,
    /// Wallet balance before the first seeded entry, in RM.
    #[arg(long, default_value = "5000.00")]
    opening_balance: Decimal,
    /// Largest page the paged endpoints serve.
    #[arg(long, default_value_t = 100)]
    max_page_size: u32,
    /// Latency added to every API request, in ms.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// How long a payment stays pending, in ms.
    #[arg(long, default_value_t = 1_500)]
    processing_delay_ms: u64,
    /// Requests per rate window per IP before the block.
    #[arg(long, default_value_t = 30_000)]
    rate_max_requests: u32,
    /// Rate window, in seconds.
    #[arg(long, default_value_t = 300)]
    rate_window_secs: u64,
    /// Block length after a breach, in seconds.
    #[arg(long, default_value_t = 14_400)]
    rate_block_secs: u64,
    /// Account access level: 0 full, 50 read-only.
    #[arg(long, default_value_t = 0)]
    access_level: u8,
    /// Refuse topups authenticated by a legacy ID token.
    #[arg(long)]
    require_api_key_for_topup: bool,
    /// Allowed clock skew of X-Timestamp, in seconds.
    #[arg(long, default_value_t = 300)]
    clock_window_secs: u64,
}

impl Args {
    fn into_config(self) -> SimConfig {
        let demo = SimConfig::demo();
        SimConfig {
            port: self.port,
            api_key: self.api_key,
            secret_base64: self.secret,
            id_token: self.id_token,
            users: demo.users.clone(),
            id_token_lifetime: Duration::from_secs(self.id_token_lifetime_secs),
            seed: self.seed,
            history_entries: self.history_entries,
            history_end: self.history_end.unwrap_or(demo.history_end),
            history_days: self.history_days,
            opening_balance: self.opening_balance,
            max_page_size: self.max_page_size,
            latency: Duration::from_millis(self.latency_ms),
            processing_delay: Duration::from_millis(self.processing_delay_ms),
            rate_limit: RateLimit {
                max_requests: self.rate_max_requests,
                window: Duration::from_secs(self.rate_window_secs),
                block: Duration::from_secs(self.rate_block_secs),
            },
            access_level: self.access_level,
            require_api_key_for_topup: self.require_api_key_for_topup,
            clock_window: Duration::from_secs(self.clock_window_secs),
        }
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cfg = Args::parse().into_config();
    let sim = match Simulator::start(cfg).await {
        Ok(sim) => sim,
        Err(e) => {
            eprintln!("iimmpact-sim: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    println!("{}", sim.base_url());
    let _ = std::io::stdout().flush();
    let _ = tokio::signal::ctrl_c().await;
    sim.shutdown().await;
    std::process::ExitCode::SUCCESS
}
