//! Office networks, through the real `kaunter` binary (a child process, so it reads
//! the proxy and trust-store variables afresh): a system proxy never catches loopback,
//! the settings' proxy carries Staging's requests, and a root CA from the trust store
//! (a corporate one) is trusted.

mod common;

use common::json;

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use iimmpact_sim::{SimConfig, SimHandle, Simulator, DEMO_API_KEY, DEMO_SECRET_BASE64};
use kaunter::paths::Paths;
use kaunter::settings::Settings;
use rust_decimal::Decimal;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Nothing listens on the discard port: a request sent there fails to connect.
const DEAD_PROXY: &str = "http://127.0.0.1:9";
const PROXY_VARS: [&str; 6] = [
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
];
/// A hostname only the test's proxy can resolve.
const PROXIED_HOST: &str = "iimmpact.test";

/// `kaunter --json --data-dir DIR ARGS…` with no proxy or trust-store variables of the
/// machine running the tests, and the simulator's credentials for Staging.
fn kaunter(data_dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kaunter"));
    cmd.arg("--json")
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env("IIMMPACT_API_KEY", DEMO_API_KEY)
        .env("IIMMPACT_API_SECRET", DEMO_SECRET_BASE64)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for var in
        PROXY_VARS
            .into_iter()
            .chain(["NO_PROXY", "no_proxy", "SSL_CERT_FILE", "SSL_CERT_DIR"])
    {
        cmd.env_remove(var);
    }
    cmd
}

/// Whether the CLI printed the simulator's balance (the scale may differ).
fn shows_balance_of(output: &Output, sim: &SimHandle) -> bool {
    let printed: Decimal = json(output)["balance"].as_str().unwrap().parse().unwrap();
    printed == sim.ledger().balance
}

#[test]
fn demo_never_goes_through_a_system_proxy() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = kaunter(dir.path(), &["--env", "demo", "balance"]);
    for var in PROXY_VARS {
        cmd.env(var, DEAD_PROXY);
    }
    let output = cmd.output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(json(&output)["balance"].is_string(), "{output:?}");
}

/// A simulator, a forward proxy in front of it, and a data dir whose settings name that proxy.
async fn behind_the_settings_proxy() -> (SimHandle, ForwardProxy, tempfile::TempDir) {
    let sim = Simulator::start(SimConfig::demo()).await.unwrap();
    let proxy = ForwardProxy::start(sim.addr()).await;
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        proxy: Some(proxy.url()),
        ..Settings::default()
    };
    settings.save(&Paths::under(dir.path())).unwrap();
    (sim, proxy, dir)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_settings_proxy_carries_staging_requests() {
    let (sim, proxy, dir) = behind_the_settings_proxy().await;

    let base_url = format!("http://{PROXIED_HOST}/v2");
    let output = kaunter(
        dir.path(),
        &["--env", "staging", "--base-url", &base_url, "balance"],
    )
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(shows_balance_of(&output, &sim), "{output:?}");
    assert_eq!(proxy.requests(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_loopback_target_bypasses_the_settings_proxy() {
    let (sim, proxy, dir) = behind_the_settings_proxy().await;

    let output = kaunter(
        dir.path(),
        &["--env", "staging", "--base-url", &sim.base_url(), "balance"],
    )
    .output()
    .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(proxy.requests(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_root_ca_from_the_trust_store_is_trusted() {
    let sim = Simulator::start(SimConfig::demo()).await.unwrap();
    let office_root = TestCa::new("Kaunter Test Office Root");
    let front = TlsFront::start(&office_root, sim.addr()).await;
    let dir = tempfile::tempdir().unwrap();
    let trusted = dir.path().join("office-root.pem");
    std::fs::write(&trusted, office_root.cert.pem()).unwrap();
    let untrusted = dir.path().join("another-root.pem");
    std::fs::write(&untrusted, TestCa::new("Another Root").cert.pem()).unwrap();

    // `SSL_CERT_FILE` stands in for the system store on Linux (rustls-native-certs
    // reads it instead of the system's bundle); Windows and macOS ask the OS.
    let base_url = format!("https://localhost:{}/v2", front.port());
    let balance = |bundle: &Path| {
        kaunter(
            dir.path(),
            &["--env", "staging", "--base-url", &base_url, "balance"],
        )
        .env("SSL_CERT_FILE", bundle)
        .output()
        .unwrap()
    };
    let output = balance(&trusted);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(shows_balance_of(&output, &sim), "{output:?}");

    let output = balance(&untrusted);
    assert_ne!(output.status.code(), Some(0), "{output:?}");
    let message = json(&output)["message"].as_str().unwrap().to_owned();
    assert!(
        message.contains("certificate") && message.contains("UnknownIssuer"),
        "{message}"
    );
}

/// A root CA made for the test, as an office's IT department would have.
struct TestCa {
    cert: rcgen::Certificate,
    issuer: rcgen::Issuer<'static, rcgen::KeyPair>,
}

impl TestCa {
    fn new(name: &str) -> Self {
        let mut params = rcgen::CertificateParams::new(Vec::new()).unwrap();
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, name);
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params.key_usages = vec![
            rcgen::KeyUsagePurpose::KeyCertSign,
            rcgen::KeyUsagePurpose::DigitalSignature,
        ];
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        Self {
            cert,
            issuer: rcgen::Issuer::new(params, key),
        }
    }

    /// A server certificate for this PC's loopback names, signed by this CA.
    fn server_config(&self) -> tokio_rustls::rustls::ServerConfig {
        use tokio_rustls::rustls::pki_types::PrivateKeyDer;
        let params =
            rcgen::CertificateParams::new(vec!["localhost".into(), "127.0.0.1".into()]).unwrap();
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &self.issuer).unwrap();
        let key = PrivateKeyDer::Pkcs8(key.serialize_der().into());
        let provider = tokio_rustls::rustls::crypto::aws_lc_rs::default_provider();
        tokio_rustls::rustls::ServerConfig::builder_with_provider(Arc::new(provider))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![cert.der().clone()], key)
            .unwrap()
    }
}

/// An HTTPS front on loopback that relays each connection to `upstream` in the clear.
struct TlsFront {
    addr: SocketAddr,
}

impl TlsFront {
    async fn start(ca: &TestCa, upstream: SocketAddr) -> Self {
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(ca.server_config()));
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    // A refused handshake (the untrusted run) ends here, as it should.
                    let Ok(mut client) = acceptor.accept(client).await else {
                        return;
                    };
                    let mut server = TcpStream::connect(upstream).await.unwrap();
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                });
            }
        });
        Self { addr }
    }

    fn port(&self) -> u16 {
        self.addr.port()
    }
}

/// A plain-HTTP forward proxy: reads one absolute-URI request per connection, sends
/// it on to `upstream` whatever its host (so [`PROXIED_HOST`] resolves only here),
/// and counts the requests.
struct ForwardProxy {
    addr: SocketAddr,
    requests: Arc<AtomicUsize>,
}

impl ForwardProxy {
    async fn start(upstream: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(AtomicUsize::new(0));
        let counted = requests.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let counted = counted.clone();
                tokio::spawn(async move {
                    if let Err(e) = forward(client, upstream, &counted).await {
                        eprintln!("test proxy: {e}");
                    }
                });
            }
        });
        Self { addr, requests }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

/// Rewrites `GET http://host/path HTTP/1.1` to `GET /path HTTP/1.1` and relays the
/// connection, closed after one exchange.
async fn forward(
    mut client: TcpStream,
    upstream: SocketAddr,
    counted: &AtomicUsize,
) -> std::io::Result<()> {
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        let byte = client.read_u8().await?;
        head.push(byte);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let (request_line, headers) = head.split_once("\r\n").unwrap();
    let mut parts = request_line.splitn(3, ' ');
    let (method, target, version) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    let after_scheme = target
        .strip_prefix("http://")
        .unwrap_or_else(|| panic!("not an absolute-URI request: {request_line}"));
    let path = &after_scheme[after_scheme.find('/').unwrap_or(after_scheme.len())..];
    counted.fetch_add(1, Ordering::SeqCst);

    let mut server = TcpStream::connect(upstream).await?;
    let headers = headers.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n");
    server
        .write_all(format!("{method} {path} {version}\r\n{headers}").as_bytes())
        .await?;
    tokio::io::copy_bidirectional(&mut client, &mut server).await?;
    Ok(())
}
