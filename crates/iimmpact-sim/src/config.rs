//! What a simulator run looks like: credentials, ledger size, pacing and limits.

use std::time::Duration;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::time;

/// The API key of the demo merchant (a staging-style `iimm_dev_` key).
pub const DEMO_API_KEY: &str = "iimm_dev_kaunter_demo";
/// The demo merchant's HMAC secret, Base64 as the dashboard shows it.
/// It decodes to the ASCII text `kaunter-demo-secret-not-for-real-use`.
pub const DEMO_SECRET_BASE64: &str = "a2F1bnRlci1kZW1vLXNlY3JldC1ub3QtZm9yLXJlYWwtdXNl";

/// The demo merchant's legacy sign-in (`POST /v2/token`), for the ID-token scheme.
pub const DEMO_USERNAME: &str = "demo@kaunter.test";
/// The demo merchant's legacy password: a test value, accepted by the simulator only.
pub const DEMO_PASSWORD: &str = "kaunter-demo-password";

/// A user of the legacy sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimUser {
    pub username: String,
    pub password: String,
}

impl SimUser {
    pub fn new(username: &str, password: &str) -> Self {
        Self {
            username: username.to_owned(),
            password: password.to_owned(),
        }
    }
}

/// IIMMPACT's documented IP limit: requests per window, then a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub max_requests: u32,
    pub window: Duration,
    pub block: Duration,
}

impl Default for RateLimit {
    /// 30,000 requests per 5 minutes per source IP, then a 240-minute block (`../shared/iimmpact-api.md` §4.4).
    fn default() -> Self {
        Self {
            max_requests: 30_000,
            window: Duration::from_secs(300),
            block: Duration::from_secs(240 * 60),
        }
    }
}

#[derive(Debug, Clone)]
pub struct SimConfig {
    /// 0 picks a free port. The simulator only ever binds 127.0.0.1.
    pub port: u16,
    pub api_key: String,
    pub secret_base64: String,
    /// A fixed legacy ID token accepted in `Authorization`, besides the ones signed-in
    /// users get; `None` accepts only those.
    pub id_token: Option<String>,
    /// Who may sign in at `POST /v2/token` (the legacy scheme).
    pub users: Vec<SimUser>,
    /// How long an issued ID token is accepted (IIMMPACT's: 60 minutes); short in tests.
    pub id_token_lifetime: Duration,
    /// Everything random (history, serial numbers, bill data) derives from it.
    pub seed: u64,
    /// Seeded balance-statement entries before the simulator starts.
    pub history_entries: usize,
    /// Last day (GMT+8) of the seeded history.
    pub history_end: NaiveDate,
    /// How many days, ending `history_end`, the seeded history spreads over.
    pub history_days: u32,
    /// Wallet balance before the first seeded entry; the wallet starts at this plus the history.
    pub opening_balance: Decimal,
    /// Largest `limit` honoured by the paged endpoints; larger requests get this.
    pub max_page_size: u32,
    /// Added to every API request, as a distant server would.
    pub latency: Duration,
    /// How long an accepted payment stays pending before its final status.
    pub processing_delay: Duration,
    pub rate_limit: RateLimit,
    /// `0` = full access, `50` = read-only (topup refused).
    pub access_level: u8,
    /// The dashboard's "Require API Key for Topup": legacy tokens get 403 on topup.
    pub require_api_key_for_topup: bool,
    /// Allowed distance between `X-Timestamp` and the server clock.
    pub clock_window: Duration,
}

impl SimConfig {
    /// The documented demo: the demo key and secret, the demo user ([`DEMO_USERNAME`],
    /// ID tokens of 60 minutes), seed 42, 2,000 entries over the 30 days up
    /// to yesterday, RM 5,000.00 opening balance, pages of up to 100, no added latency, payments
    /// final after 1.5 s, the real rate limit and clock window.
    pub fn demo() -> Self {
        Self {
            port: 0,
            api_key: DEMO_API_KEY.to_owned(),
            secret_base64: DEMO_SECRET_BASE64.to_owned(),
            id_token: None,
            users: vec![SimUser::new(DEMO_USERNAME, DEMO_PASSWORD)],
            id_token_lifetime: Duration::from_secs(60 * 60),
            seed: 42,
            history_entries: 2_000,
            history_end: time::today_gmt8().pred_opt().unwrap_or(NaiveDate::MIN),
            history_days: 30,
            opening_balance: Decimal::new(500_000, 2),
            max_page_size: 100,
            latency: Duration::ZERO,
            processing_delay: Duration::from_millis(1_500),
            rate_limit: RateLimit::default(),
            access_level: 0,
            require_api_key_for_topup: false,
            clock_window: Duration::from_secs(300),
        }
    }

    /// Nonces are remembered for twice the clock window (docs/api-decisions.md).
    pub(crate) fn nonce_retention(&self) -> Duration {
        self.clock_window * 2
    }
}
