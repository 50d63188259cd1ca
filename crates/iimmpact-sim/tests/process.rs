//! The binary in its own process, inspected and steered through `/_sim/`.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use iimmpact::signing::{self, SigningInput};
use iimmpact::HmacSecret;
use serde_json::{json, Value};

const SECRET: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

/// Kills the child when the test ends, pass or fail.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn topup(
    http: &reqwest::Client,
    base: &str,
    refid: &str,
) -> reqwest::Result<reqwest::Response> {
    let body = json!({"refid": refid, "product": "D", "account": "0123456789", "amount": "10"})
        .to_string();
    let ts = chrono::Utc::now().timestamp().to_string();
    let nonce = signing::new_nonce(chrono::Utc::now().timestamp());
    let secret = HmacSecret::from_base64(SECRET).unwrap();
    let input = SigningInput {
        timestamp: &ts,
        nonce: &nonce,
        method: "POST",
        query: "",
        body: body.as_bytes(),
    };
    http.post(format!("{base}/topup"))
        .header("X-Api-Key", "iimm_dev_process_test")
        .header("X-Timestamp", &ts)
        .header("X-Nonce", &nonce)
        .header("X-Signature", signing::sign(&secret, &input))
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
}

#[tokio::test]
async fn binary_prints_its_url_first_and_answers_inspection_requests() {
    let mut child = Child(
        Command::new(env!("CARGO_BIN_EXE_iimmpact-sim"))
            .args(["--port", "0", "--seed", "5"])
            .args([
                "--api-key",
                "iimm_dev_process_test",
                "--history-entries",
                "300",
            ])
            .args(["--history-end", "2025-05-31", "--processing-delay-ms", "0"])
            .env("IIMMPACT_SIM_SECRET", SECRET)
            .stdout(Stdio::piped())
            .spawn()
            .expect("the binary starts"),
    );
    let mut first = String::new();
    BufReader::new(child.0.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let base = first.trim().to_owned();
    assert!(
        base.starts_with("http://127.0.0.1:") && base.ends_with("/v2"),
        "{base}"
    );
    let root = base.trim_end_matches("/v2");
    let http = reqwest::Client::builder()
        .user_agent("kaunter-sim-tests")
        .build()
        .unwrap();
    let get = |path: String| {
        let http = http.clone();
        async move {
            http.get(path)
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };

    let ledger = get(format!("{root}/_sim/ledger")).await;
    assert_eq!(ledger["entries"], 300);

    let fault = json!({"path": "/v2/topup", "count": 1, "kind": "drop_after_commit"});
    let resp = http
        .post(format!("{root}/_sim/faults"))
        .json(&fault)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert!(
        topup(&http, &base, "KTR-P-1").await.is_err(),
        "the reply was dropped"
    );
    assert_eq!(
        get(format!("{root}/_sim/charges/KTR-P-1")).await["charges"],
        1
    );
    assert_eq!(
        get(format!("{root}/_sim/charges/NEVER-SENT")).await["charges"],
        0
    );

    let again = topup(&http, &base, "KTR-P-1").await.unwrap();
    assert_eq!(again.status(), 200);
    assert_eq!(
        again.json::<Value>().await.unwrap()["data"]["statusCode"],
        20
    );
    assert_eq!(
        get(format!("{root}/_sim/charges/KTR-P-1")).await["charges"],
        1
    );

    let after = get(format!("{root}/_sim/ledger")).await;
    assert_eq!(after["entries"], 301);
    let bad = json!({"path": "/v2/topup", "kind": "explode"});
    let resp = http
        .post(format!("{root}/_sim/faults"))
        .json(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    assert_eq!(resp.json::<Value>().await.unwrap()["field"], "kind");

    let switch = json!({"product": "TNB", "healthy": false});
    let resp = http
        .post(format!("{root}/_sim/network-status"))
        .json(&switch)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);

    let stats = get(format!("{root}/_sim/stats")).await;
    assert_eq!(
        stats["total_requests"], 2,
        "/_sim/ requests are not counted: {stats}"
    );
    assert_eq!(stats["requests_per_path"]["/v2/topup"], 2);
}

#[test]
fn help_documents_the_demo_defaults_and_hides_the_secret() {
    let out = Command::new(env!("CARGO_BIN_EXE_iimmpact-sim"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for default in [
        "iimm_dev_kaunter_demo",
        "[default: 42]",
        "[default: 2000]",
        "[default: 100]",
        "[default: 30000]",
    ] {
        assert!(help.contains(default), "{default} missing from:\n{help}");
    }
    assert!(!help.contains(iimmpact_sim::DEMO_SECRET_BASE64));
}
