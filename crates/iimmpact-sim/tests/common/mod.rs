//! A minimal signed client for driving the simulator over real loopback HTTP.
//! Deliberately not the `iimmpact` client: these tests check the server on its own terms.

#![allow(dead_code)] // each test file uses a different part

use chrono::NaiveDate;
use iimmpact::signing::{self, SigningInput};
use iimmpact::HmacSecret;
use iimmpact_sim::{SimConfig, SimHandle, Simulator, DEMO_API_KEY, DEMO_SECRET_BASE64};
use serde_json::Value;

pub fn config() -> SimConfig {
    SimConfig {
        history_entries: 500,
        history_end: NaiveDate::from_ymd_opt(2025, 5, 31).unwrap(),
        history_days: 31,
        processing_delay: std::time::Duration::from_millis(200),
        ..SimConfig::demo()
    }
}

pub async fn start(cfg: SimConfig) -> (SimHandle, Client) {
    let sim = Simulator::start(cfg).await.expect("simulator starts");
    let client = Client::new(&sim);
    (sim, client)
}

/// `POST /_sim/{path}` on the unauthenticated control API, as the E2E tests call it.
pub async fn control(sim: &SimHandle, path: &str, body: &Value) -> (u16, Value) {
    let req = reqwest::Client::new()
        .post(format!("http://{}/_sim/{path}", sim.addr()))
        .json(body);
    Client::send(req).await
}

pub struct Client {
    pub http: reqwest::Client,
    pub base: String,
    pub key: String,
    secret: HmacSecret,
}

/// What a test may override in an otherwise correctly signed request.
#[derive(Default, Clone)]
pub struct Tweak {
    pub key: Option<String>,
    pub timestamp: Option<String>,
    pub nonce: Option<String>,
    pub signature: Option<String>,
    pub omit: Option<&'static str>,
}

impl Client {
    pub fn new(sim: &SimHandle) -> Self {
        Self::with_http(
            sim,
            reqwest::Client::builder()
                .user_agent("kaunter-sim-tests")
                .build()
                .unwrap(),
        )
    }

    /// A client whose HTTP stack a test chooses (e.g. one that sends no `User-Agent`).
    pub fn with_http(sim: &SimHandle, http: reqwest::Client) -> Self {
        Self {
            http,
            base: sim.base_url(),
            key: DEMO_API_KEY.to_owned(),
            secret: HmacSecret::from_base64(DEMO_SECRET_BASE64).unwrap(),
        }
    }

    pub fn request(
        &self,
        method: &str,
        path: &str,
        query: &[(&str, &str)],
        body: &[u8],
        tweak: &Tweak,
    ) -> reqwest::RequestBuilder {
        let timestamp = tweak
            .timestamp
            .clone()
            .unwrap_or_else(|| chrono::Utc::now().timestamp().to_string());
        let nonce = tweak
            .nonce
            .clone()
            .unwrap_or_else(|| signing::new_nonce(chrono::Utc::now().timestamp()));
        let canonical = signing::canonical_query(query);
        let signature = tweak.signature.clone().unwrap_or_else(|| {
            signing::sign(
                &self.secret,
                &SigningInput {
                    timestamp: &timestamp,
                    nonce: &nonce,
                    method,
                    query: &canonical,
                    body,
                },
            )
        });
        let url = format!("{}{path}", self.base);
        let mut req = self
            .http
            .request(method.parse().unwrap(), url)
            .query(query)
            .header("Content-Type", "application/json")
            .body(body.to_vec());
        let key = tweak.key.clone().unwrap_or_else(|| self.key.clone());
        for (name, value) in [
            ("X-Api-Key", key),
            ("X-Timestamp", timestamp),
            ("X-Nonce", nonce),
            ("X-Signature", signature),
        ] {
            if tweak.omit != Some(name) {
                req = req.header(name, value);
            }
        }
        req
    }

    pub async fn send(req: reqwest::RequestBuilder) -> (u16, Value) {
        let resp = req.send().await.expect("a reply");
        let status = resp.status().as_u16();
        let body = resp.json::<Value>().await.unwrap_or(Value::Null);
        (status, body)
    }

    pub async fn get(&self, path: &str, query: &[(&str, &str)]) -> (u16, Value) {
        Self::send(self.request("GET", path, query, b"", &Tweak::default())).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        let bytes = serde_json::to_vec(body).unwrap();
        Self::send(self.request("POST", path, &[], &bytes, &Tweak::default())).await
    }

    pub async fn topup(
        &self,
        refid: &str,
        product: &str,
        account: &str,
        amount: &str,
    ) -> (u16, Value) {
        let body = serde_json::json!({"refid": refid, "product": product, "account": account, "amount": amount});
        self.post("/topup", &body).await
    }
}
