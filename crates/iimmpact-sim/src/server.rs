//! Starting, inspecting and stopping a simulator.

use std::collections::{BTreeMap, HashMap};
use std::future::IntoFuture;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};

use iimmpact::HmacSecret;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::auth::{TokenCounts, Verifier};
use crate::config::SimConfig;
use crate::conn::{ConnInfo, KillableListener};
use crate::error::ApiError;
use crate::faults::{Fault, Faults};
use crate::ledger::{Ledger, LedgerSummary};
use crate::payments::Payments;
use crate::plant::{self, Change, Elsewhere, Planted};
use crate::state::{lock, Book, Settings, Sim};
use crate::traffic::{Blocked, Stats, Traffic};
use crate::{api, control, products};

pub struct Simulator;

impl Simulator {
    /// Seeds the ledger and starts serving on 127.0.0.1 (never another interface).
    /// A secret that is not Base64 is refused as `InvalidInput`.
    pub async fn start(cfg: SimConfig) -> io::Result<SimHandle> {
        let secret = HmacSecret::from_base64(&cfg.secret_base64)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e.to_string()))?;
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, cfg.port)).await?;
        let addr = listener.local_addr()?;
        let (stop, stopping) = watch::channel(false);
        let sim = Arc::new(Sim {
            verifier: Verifier::new(&cfg, secret),
            book: Mutex::new(Book {
                ledger: Ledger::new(&cfg),
                payments: Payments::new(cfg.seed, cfg.processing_delay),
                disputes: Default::default(),
            }),
            traffic: Mutex::new(Traffic::new(cfg.rate_limit)),
            faults: Mutex::new(Faults::default()),
            network: Mutex::new(HashMap::new()),
            settings: Mutex::new(Settings::default()),
            stopping: stopping.clone(),
            cfg,
        });
        let app = api::router(sim.clone())
            .merge(control::router())
            .with_state(sim.clone())
            .into_make_service_with_connect_info::<ConnInfo>();
        let mut stopped = stopping;
        let server = axum::serve(KillableListener(listener), app)
            .with_graceful_shutdown(async move {
                // A dropped handle counts as a stop too.
                let _ = stopped.wait_for(|&stop| stop).await;
            })
            .into_future();
        Ok(SimHandle {
            addr,
            sim,
            stop,
            task: tokio::spawn(server),
        })
    }
}

/// A running simulator. Dropping it stops the server (without waiting for it).
pub struct SimHandle {
    addr: SocketAddr,
    sim: Arc<Sim>,
    stop: watch::Sender<bool>,
    task: JoinHandle<io::Result<()>>,
}

impl SimHandle {
    /// The base URL in the documented form, e.g. `http://127.0.0.1:40123/v2`.
    pub fn base_url(&self) -> String {
        format!("http://{}/v2", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn inject(&self, fault: Fault) {
        lock(&self.sim.faults).inject(fault);
    }

    /// Answers every API request 403 until [`lift_block`](Self::lift_block): the gateway's
    /// bare `{"message":"Forbidden"}` when `bare`, else the rate limit's `ip_blocked` body.
    /// [`Stats::blocked_requests`] counts the requests refused meanwhile.
    pub fn block(&self, bare: bool) {
        lock(&self.sim.traffic).force_block(Some(Blocked::forced(bare)));
    }

    pub fn lift_block(&self) {
        lock(&self.sim.traffic).force_block(None);
    }

    /// Switches a product's network status; unknown products are ignored.
    pub fn set_network_status(&self, product: &str, healthy: bool) {
        if products::find(product).is_some() {
            lock(&self.sim.network).insert(product.to_owned(), healthy);
        }
    }

    /// Net debits for `refid`: 1 while its payment holds money, 0 otherwise.
    pub fn charges(&self, refid: &str) -> u32 {
        Self::charges_in(&self.sim, refid)
    }

    pub(crate) fn charges_in(sim: &Sim, refid: &str) -> u32 {
        lock(&sim.book)
            .settled()
            .payments
            .get(refid)
            .map_or(0, |p| u32::from(p.charged))
    }

    /// The `extras` the payment of `refid` arrived with (empty when it had none);
    /// `None` when no payment has this refid.
    pub fn extras(&self, refid: &str) -> Option<BTreeMap<String, String>> {
        Self::extras_in(&self.sim, refid)
    }

    pub(crate) fn extras_in(sim: &Sim, refid: &str) -> Option<BTreeMap<String, String>> {
        lock(&sim.book)
            .settled()
            .payments
            .get(refid)
            .map(|p| p.request.extras.clone())
    }

    /// Voids a successful payment after the fact (`53 Refund`, its cost credited back).
    pub fn refund(&self, refid: &str) -> Result<Planted, ApiError> {
        plant::refund(&self.sim, refid)
    }

    /// Changes IIMMPACT's record of a final payment: its status, amount or product.
    pub fn restate(&self, refid: &str, change: Change) -> Result<Planted, ApiError> {
        plant::restate(&self.sim, refid, change)
    }

    /// Records a payment another counter made, already final.
    pub fn add_payment(&self, payment: Elsewhere) -> Result<Planted, ApiError> {
        plant::elsewhere(&self.sim, payment)
    }

    /// Refuses every ID token issued so far, as if its hour had passed.
    pub fn expire_id_tokens(&self) {
        self.sim.verifier.expire_id_tokens();
    }

    /// Refuses every refresh token issued so far, as a password change would.
    pub fn revoke_refresh_tokens(&self) {
        self.sim.verifier.revoke_refresh_tokens();
    }

    /// How many legacy sign-ins and refreshes were answered with tokens.
    pub fn token_counts(&self) -> TokenCounts {
        self.sim.verifier.token_counts()
    }

    pub fn ledger(&self) -> LedgerSummary {
        lock(&self.sim.book).settled().ledger.summary()
    }

    pub fn stats(&self) -> Stats {
        lock(&self.sim.traffic).stats()
    }

    /// Stops accepting, ends held requests, and waits for open connections to finish.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        let _ = (&mut self.task).await;
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}
