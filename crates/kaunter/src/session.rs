//! [`Kaunter`]: the one facade the CLI and the desktop shell both drive.
//!
//! Opening a session touches only local files (journal, settings), so history and
//! receipts work offline and without credentials. The API client, and in Demo the
//! in-process simulator, start on the first call that needs IIMMPACT.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use iimmpact::client::{Client, ClientConfig, Credentials, RequestBudget};
use iimmpact::models::{
    Balance, BillPresentmentQuery, BillPresentmentReply, Catalog, CatalogQuery, NetworkStatusReply,
    Product,
};
use iimmpact::{HmacSecret, ProductCode, Refid};
use tokio::sync::{broadcast, Mutex, OnceCell};
use tokio_util::sync::CancellationToken;

use crate::block::BlockStatus;
use crate::credentials::Keychain;
use crate::export::{self, ExportRequest, Progress, Summary};
use crate::journal::{DayTotals, HistoryQuery, Journal, PaymentRecord};
use crate::paths::Paths;
use crate::payments::{PaymentRequest, Payments, Polling};
use crate::settings::Settings;
use crate::{receipt, Environment, Error, Result};

/// How to open a session: the CLI's global flags, or the app's settings.
#[derive(Debug, Clone)]
pub struct SessionConfig {
    pub environment: Environment,
    /// Replaces the environment's documented base URL (a proxy, a test server).
    pub base_url: Option<String>,
    /// Requests per second for every call of this process; the settings' value when absent.
    pub rate: Option<u32>,
    pub paths: Paths,
    pub polling: Polling,
}

impl SessionConfig {
    pub fn new(environment: Environment, paths: Paths) -> Self {
        Self {
            environment,
            base_url: None,
            rate: None,
            paths,
            polling: Polling::default(),
        }
    }
}

/// One journal per environment, so Demo payments never mix with real ones.
pub fn journal_file(paths: &Paths, environment: Environment) -> PathBuf {
    paths
        .data_dir()
        .join(format!("journal-{environment}.sqlite3"))
}

/// Updates a slow listener may fall behind by before it misses some (it then reloads).
const UPDATES_BUFFER: usize = 256;

pub struct Kaunter {
    config: SessionConfig,
    settings: Settings,
    journal: Arc<Journal>,
    online: OnceCell<Online>,
    /// The product list, fetched once: it adds denomination checks to `pay`.
    products: Mutex<Option<Vec<Product>>>,
    /// Every change of a payment's state, as it is journalled.
    updates: broadcast::Sender<PaymentRecord>,
}

struct Online {
    client: Client,
    payments: Payments,
    /// Demo's simulator lives as long as the session.
    _simulator: Option<iimmpact_sim::SimHandle>,
}

impl Kaunter {
    /// Opens the journal and the settings; nothing is sent yet.
    pub fn open(config: SessionConfig) -> Result<Self> {
        config.paths.create_all()?;
        let settings = Settings::load(&config.paths)?;
        let journal = Journal::open(&journal_file(&config.paths, config.environment))?;
        Ok(Self {
            config,
            settings,
            journal: Arc::new(journal),
            online: OnceCell::new(),
            products: Mutex::new(None),
            updates: broadcast::channel(UPDATES_BUFFER).0,
        })
    }

    pub fn environment(&self) -> Environment {
        self.config.environment
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Every payment of this session as it changes state, from whichever call or
    /// background re-check changed it.
    pub fn updates(&self) -> broadcast::Receiver<PaymentRecord> {
        self.updates.subscribe()
    }

    /// The IP block in force for this environment, if any; nothing is sent while it is.
    pub fn block_status(&self) -> Option<BlockStatus> {
        None
    }

    /// Asks IIMMPACT once, on purpose, whether it answers again; `None` when the block
    /// is lifted.
    pub async fn unblock_check(&self) -> Result<Option<BlockStatus>> {
        Ok(self.block_status())
    }

    async fn online(&self) -> Result<&Online> {
        self.online.get_or_try_init(|| self.connect()).await
    }

    async fn connect(&self) -> Result<Online> {
        let env = self.config.environment;
        // Demo runs its own simulator, unless pointed at one with a base URL.
        let simulator = match (env, &self.config.base_url) {
            (Environment::Demo, None) => Some(
                iimmpact_sim::Simulator::start(iimmpact_sim::SimConfig::demo())
                    .await
                    .map_err(|e| Error::io("starting the demo simulator", e))?,
            ),
            _ => None,
        };
        let base_url = simulator
            .as_ref()
            .map(iimmpact_sim::SimHandle::base_url)
            .or_else(|| self.config.base_url.clone())
            .or_else(|| env.base_url().map(str::to_owned))
            .unwrap_or_default();
        let credentials = match env {
            Environment::Demo => Credentials::ApiKey {
                key: iimmpact::ApiKey::parse(iimmpact_sim::DEMO_API_KEY)?,
                secret: HmacSecret::from_base64(iimmpact_sim::DEMO_SECRET_BASE64)?,
            },
            Environment::Staging | Environment::Production => Keychain::default().load(env).await?,
        };
        let rate = self.config.rate.unwrap_or(self.settings.request_rate);
        let mut client_config = ClientConfig::new(&base_url, credentials);
        client_config.budget =
            Arc::new(RequestBudget::new(f64::from(rate), rate.saturating_mul(2))?);
        let client = Client::new(client_config)?;
        let payments = Payments::new(client.clone(), self.journal.clone(), self.config.polling);
        Ok(Online {
            client,
            payments,
            _simulator: simulator,
        })
    }

    pub async fn balance(&self) -> Result<Balance> {
        Ok(self.online().await?.client.balance().await?)
    }

    /// The products on sale, as the legacy list (denominations, account labels).
    pub async fn products(&self) -> Result<Vec<Product>> {
        let list = self.online().await?.client.product_list().await?;
        *self.products.lock().await = Some(list.clone());
        Ok(list)
    }

    /// The dynamic catalog: groups and categories in the merchant's order.
    pub async fn catalog(&self) -> Result<Catalog> {
        Ok(self
            .online()
            .await?
            .client
            .catalog(&CatalogQuery::default())
            .await?)
    }

    pub async fn network_status(&self, product: &str) -> Result<NetworkStatusReply> {
        let product = ProductCode::parse(product)?;
        Ok(self.online().await?.client.network_status(&product).await?)
    }

    pub async fn bill_check(&self, product: &str, account: &str) -> Result<BillPresentmentReply> {
        let query = BillPresentmentQuery::new(ProductCode::parse(product)?, account)?;
        Ok(self.online().await?.client.bill_presentment(&query).await?)
    }

    /// See [`Payments::pay`]. The product list, when it can be had, adds the
    /// denomination check; when it cannot, the payment is not held up for it.
    pub async fn pay(&self, request: &PaymentRequest) -> Result<PaymentRecord> {
        let online = self.online().await?;
        let product = self.product(&request.product).await;
        online.payments.pay(request, product.as_ref()).await
    }

    /// The journalled payment, re-checked with IIMMPACT while it is not final.
    pub async fn payment_status(&self, refid: &str) -> Result<PaymentRecord> {
        let refid = Refid::parse(refid)?;
        let record = self.journal.require(&refid)?;
        if record.state.is_final() {
            return Ok(record);
        }
        self.online().await?.payments.recheck(&refid).await
    }

    pub async fn resume_unfinished(&self) -> Result<Vec<PaymentRecord>> {
        if self.journal.unfinished()?.is_empty() {
            return Ok(Vec::new());
        }
        self.online().await?.payments.resume_unfinished().await
    }

    pub fn history(&self, query: &HistoryQuery) -> Result<Vec<PaymentRecord>> {
        self.journal.history(query)
    }

    pub fn lookup(&self, refid_or_account: &str) -> Result<Vec<PaymentRecord>> {
        self.journal.lookup(refid_or_account)
    }

    pub fn day_totals(&self, day: NaiveDate) -> Result<DayTotals> {
        self.journal.day_totals(day)
    }

    pub fn receipt(&self, refid: &str) -> Result<String> {
        let payment = self.journal.require(&Refid::parse(refid)?)?;
        Ok(receipt::render(
            &self.settings.outlet_name,
            &self.settings.receipt_header,
            &payment,
        ))
    }

    /// Streams a statement (or transactions) for a date range into a CSV file at `out`,
    /// which appears only once complete; see [`export::to_csv`].
    pub async fn export_statement(
        &self,
        request: &ExportRequest,
        out: &Path,
        progress: &mut (dyn FnMut(Progress) + Send),
        cancel: &CancellationToken,
    ) -> Result<Summary> {
        let client = &self.online().await?.client;
        export::to_csv(client, request, out, progress, cancel).await
    }

    async fn product(&self, code: &str) -> Option<Product> {
        let mut cached = self.products.lock().await;
        if cached.is_none() {
            let client = &self.online().await.ok()?.client;
            *cached = Some(client.product_list().await.ok()?);
        }
        cached
            .as_ref()?
            .iter()
            .find(|p| p.product_code.eq_ignore_ascii_case(code.trim()))
            .cloned()
    }
}
