//! [`Session`]: the one facade the CLI and the desktop shell both drive.
//!
//! Opening a session touches only local files (journal, settings), so history and
//! receipts work offline and without credentials. The API client, and in Demo the
//! in-process simulator, start on the first call that needs IIMMPACT.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use chrono::Utc;
/// The process's request budget: the app shares one among its sessions.
pub use iimmpact::client::RequestBudget;
use iimmpact::client::{Client, ClientConfig, Credentials};
use iimmpact::models::SignIn;
use iimmpact::models::{
    BillPresentmentQuery, CatalogQuery, OptionsQuery, Product, SubproductsQuery,
};
use iimmpact::{Password, ProductCode, Refid};
use tokio::sync::{broadcast, Mutex, OnceCell};
use tokio_util::sync::CancellationToken;

use crate::block::{BlockStatus, BlockStore};
use crate::counter::{self, ChoiceView, Family, PaymentRequest};
use crate::counter::{
    AccountThresholdView, BalanceView, BillCheckView, CallbackView, NetworkView, ProductView,
    Receipt,
};
use crate::credentials::{self, CredentialStatus, Keychain};
use crate::demo::{self, DemoServer};
use crate::export::{self, ExportRequest, FileType, Progress, Summary};
use crate::finance::{self, Month, MonthStatement, ShiftReport, TransactionSummary};
use crate::journal::{self, counter_day, DayTotals, HistoryQuery, Journal, PaymentRecord};
use crate::lookup::{
    self, FoundPayment, LookupReport, PaymentKey, ProblemReport, ProblemRequest, Source,
};
use crate::paths::Paths;
use crate::payments::{self, Payments, Polling};
use crate::product_cache::{CachedProducts, ProductCache};
use crate::reconcile::{self, ReconcileReport};
use crate::settings::Settings;
use crate::vault::Vault;
use crate::{Environment, Error, Result};

/// How to open a session: the CLI's global flags, or the app's settings.
#[derive(Debug, Clone)]
pub struct SessionConfig {
    pub environment: Environment,
    /// Replaces the environment's documented base URL (a proxy, a test server).
    pub base_url: Option<String>,
    /// Requests per second for every call of this process; the settings' value when absent.
    pub rate: Option<u32>,
    /// The process's one request budget, shared with every other session it opens (the
    /// app's, a credentials test's); the session makes its own when absent (the CLI).
    pub budget: Option<Arc<RequestBudget>>,
    pub paths: Paths,
    pub polling: Polling,
    /// Where the environment's API key and secret and its journal key live.
    pub keychain: Keychain,
}

impl SessionConfig {
    pub fn new(environment: Environment, paths: Paths) -> Self {
        Self {
            environment,
            base_url: None,
            rate: None,
            budget: None,
            paths,
            polling: Polling::default(),
            keychain: Keychain::default(),
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

pub struct Session {
    config: SessionConfig,
    settings: Settings,
    journal: Arc<Journal>,
    vault: Arc<Vault>,
    online: OnceCell<Online>,
    /// The products as last offered: they add the active and denomination checks to `pay`.
    products: Mutex<Option<Vec<Product>>>,
    product_cache: ProductCache,
    /// The fetch behind a stale cache, one at a time.
    refreshing: Mutex<Option<tokio::task::JoinHandle<()>>>,
    /// Every change of a payment's state, as it is journalled.
    updates: broadcast::Sender<PaymentRecord>,
}

struct Online {
    client: Client,
    payments: Payments,
    blocks: BlockStore,
    /// Demo's simulator lives as long as the session.
    _simulator: Option<DemoServer>,
}

impl Session {
    /// Opens the journal and the settings; nothing is sent yet.
    pub fn open(config: SessionConfig) -> Result<Self> {
        config.paths.create_all()?;
        let settings = Settings::load(&config.paths)?;
        let journal = Arc::new(Journal::open(&journal_file(
            &config.paths,
            config.environment,
        ))?);
        let vault = Vault::new(config.environment, config.keychain.clone(), journal.clone());
        let product_cache = ProductCache::new(&config.paths, config.environment);
        Ok(Self {
            config,
            settings,
            journal,
            vault: Arc::new(vault),
            online: OnceCell::new(),
            products: Mutex::new(None),
            product_cache,
            refreshing: Mutex::new(None),
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
        match self.online.get() {
            Some(online) => online.blocks.keep(online.client.ip_block()),
            None => BlockStore::new(&self.config.paths, self.config.environment).load(Utc::now()),
        }
    }

    /// Asks IIMMPACT once, on purpose, whether it answers again (one balance request,
    /// sent past the block): `None` when it does and the block is lifted, the block
    /// still in force when it answers 403 again. Other failures are returned as errors.
    pub async fn unblock_check(&self) -> Result<Option<BlockStatus>> {
        let online = self.online().await?;
        match online.client.check_unblocked().await {
            Ok(_) => {
                online.blocks.clear()?;
                tracing::info!(environment = %self.config.environment, "IIMMPACT answers again: IP block lifted");
                Ok(None)
            }
            Err(iimmpact::Error::IpBlocked { .. }) => Ok(self.block_status()),
            Err(e) => Err(e.into()),
        }
    }

    async fn online(&self) -> Result<&Online> {
        self.online.get_or_try_init(|| self.connect()).await
    }

    async fn connect(&self) -> Result<Online> {
        let env = self.config.environment;
        // Demo runs its own simulator, unless pointed at one with a base URL.
        let simulator = match (env, &self.config.base_url) {
            (Environment::Demo, None) => Some(DemoServer::start().await?),
            _ => None,
        };
        let base_url = simulator.as_ref().map(DemoServer::base_url);
        let credentials = match env {
            Environment::Demo => demo::credentials()?,
            Environment::Staging | Environment::Production => {
                self.config.keychain.load(env).await?
            }
        };
        let (client, blocks) = self.client(base_url, credentials)?;
        let payments = Payments::new(
            client.clone(),
            self.journal.clone(),
            self.vault.clone(),
            self.config.polling,
            self.updates.clone(),
        );
        Ok(Online {
            client,
            payments,
            blocks,
            _simulator: simulator,
        })
    }

    /// A client of this environment's host (`base_url` when given: Demo's own
    /// simulator), with the settings' proxy and rate, behind any IP block an earlier
    /// run met.
    fn client(
        &self,
        base_url: Option<String>,
        credentials: Credentials,
    ) -> Result<(Client, BlockStore)> {
        let env = self.config.environment;
        if let (Environment::Production, Some(url)) = (env, &self.config.base_url) {
            // Production's key, signatures and money go over TLS or not at all.
            if !url.trim().to_ascii_lowercase().starts_with("https://") {
                return Err(Error::invalid("base_url", iimmpact::Problem::NotHttps));
            }
        }
        let base_url = base_url
            .or_else(|| self.config.base_url.clone())
            .or_else(|| env.base_url().map(str::to_owned))
            .unwrap_or_default();
        let mut client_config = ClientConfig::new(&base_url, credentials);
        client_config.proxy = self.settings.proxy_url()?;
        client_config.budget = match &self.config.budget {
            Some(shared) => shared.clone(),
            None => Arc::new(budget_for(
                self.config.rate.unwrap_or(self.settings.request_rate),
            )?),
        };
        // A block met by an earlier run holds here too: nothing is sent until it ends.
        let blocks = BlockStore::new(&self.config.paths, env);
        if let Some(block) = blocks.load(Utc::now()) {
            client_config
                .block
                .restore(block.until, block.bare_forbidden);
        }
        Ok((Client::new(client_config)?, blocks))
    }

    /// Signs in to this environment the legacy way (`../shared/iimmpact-api.md` §2.2): the user
    /// name and password go to IIMMPACT once, and the ID token and refresh token it
    /// answers with replace the environment's credentials in the keychain. The password
    /// is kept nowhere. A supervisor's operation, like storing an API key. Takes effect
    /// for the sessions opened after it.
    pub async fn sign_in(
        &self,
        unlock: &crate::supervisor::SupervisorUnlock,
        username: &str,
        password: &str,
    ) -> Result<CredentialStatus> {
        unlock.check()?;
        let env = self.config.environment;
        credentials::users(env)?;
        let sign_in = SignIn::new(username, Password::new(password)?)?;
        let (client, blocks) = self.client(None, Credentials::Anonymous)?;
        let tokens = client.sign_in(&sign_in).await;
        blocks.keep(client.ip_block());
        let tokens = tokens?;
        tracing::info!(%env, username = %sign_in.username, expires_at = %tokens.expires_at, "signed in with an ID token");
        let keychain = &self.config.keychain;
        keychain
            .save_sign_in(env, &sign_in.username, &tokens)
            .await?;
        keychain.status(env).await
    }

    /// Runs one call that may reach IIMMPACT, keeping on disk any IP block it met, so
    /// that every later process of this environment sends nothing until it ends.
    async fn call<T, E: Into<Error>>(
        &self,
        call: impl AsyncFnOnce(&Online) -> std::result::Result<T, E>,
    ) -> Result<T> {
        let online = self.online().await?;
        let result = call(online).await.map_err(Into::into);
        let status = online.blocks.keep(online.client.ip_block());
        result.map_err(|e| match (e, status) {
            (Error::Api(iimmpact::Error::IpBlocked { .. }), Some(status)) => Error::Blocked(status),
            (e, _) => e,
        })
    }

    pub async fn balance(&self) -> Result<BalanceView> {
        let balance = self.call(async |o| o.client.balance().await).await?;
        Ok(BalanceView::from(&balance))
    }

    /// The products on sale, in the merchant's catalogue order; inactive ones are never
    /// offered. At once from the cache when there is one (fetched again behind it when
    /// it is stale: the next call shows the fresh list), else fetched now.
    pub async fn products(&self) -> Result<Vec<ProductView>> {
        let cached = match self.product_cache.load() {
            Some(cached) => {
                if cached.is_stale(Utc::now()) {
                    self.refresh_behind().await;
                }
                cached
            }
            None => self.fetch_products(None).await?,
        };
        Ok(self.offer(cached).await)
    }

    /// The products fetched now; the cached ones when they cannot be had (an error only
    /// when nothing is cached either).
    pub async fn refresh_products(&self) -> Result<Vec<ProductView>> {
        let cached = self.product_cache.load();
        let fresh = match (self.fetch_products(cached.as_ref()).await, cached) {
            (Ok(fresh), _) => fresh,
            (Err(error), Some(cached)) => {
                tracing::warn!(%error, fetched_at = %cached.fetched_at, "products not fetched; the cached ones are offered");
                cached
            }
            (Err(error), None) => return Err(error),
        };
        Ok(self.offer(fresh).await)
    }

    async fn offer(&self, cached: CachedProducts) -> Vec<ProductView> {
        let views = cached.on_sale().map(ProductView::from).collect();
        *self.products.lock().await = Some(cached.products);
        views
    }

    /// Fetches the products and caches them. A cache that cannot be written costs only
    /// the next start's wait, so that is logged, not returned.
    async fn fetch_products(&self, cached: Option<&CachedProducts>) -> Result<CachedProducts> {
        let fresh = self
            .call(async |o| fetch_products(&o.client, cached).await)
            .await?;
        if let Err(error) = self.product_cache.save(&fresh) {
            tracing::warn!(%error, "the product cache was not written");
        }
        Ok(fresh)
    }

    /// Starts fetching the products into the cache in the background, unless a fetch is
    /// already under way or IIMMPACT cannot be reached from here (no credentials). An IP
    /// block it meets stays in the client's gate, and the next call writes it down.
    async fn refresh_behind(&self) {
        let mut refreshing = self.refreshing.lock().await;
        if refreshing.as_ref().is_some_and(|task| !task.is_finished()) {
            return;
        }
        let client = match self.online().await {
            Ok(online) => online.client.clone(),
            Err(error) => {
                tracing::info!(%error, "the cached products are not fetched again");
                return;
            }
        };
        let cache = self.product_cache.clone();
        *refreshing = Some(tokio::spawn(async move {
            let cached = cache.load();
            match fetch_products(&client, cached.as_ref()).await {
                Ok(fresh) => {
                    if let Err(error) = cache.save(&fresh) {
                        tracing::warn!(%error, "the product cache was not written");
                    }
                }
                Err(error) => {
                    tracing::info!(%error, "products not fetched; the cached ones stay")
                }
            }
        }));
    }

    pub async fn network_status(&self, product: &str) -> Result<NetworkView> {
        let product = ProductCode::parse(product)?;
        let reply = self
            .call(async |o| o.client.network_status(&product).await)
            .await?;
        Ok(NetworkView::from(&reply.data))
    }

    pub async fn bill_check(&self, product: &str, account: &str) -> Result<BillCheckView> {
        let query = BillPresentmentQuery::new(ProductCode::parse(product)?, account)?;
        let reply = self
            .call(async |o| o.client.bill_presentment(&query).await)
            .await?;
        Ok(BillCheckView::from(&reply))
    }

    /// See [`Payments::pay`]. The product list, when it can be had, adds the
    /// denomination check; when it cannot, the payment is not held up for it. A form
    /// missing an extra its product requires asks IIMMPACT nothing; a chosen plan or
    /// account type is looked up in the account's own list (one request), and its
    /// price or limits apply to the amount.
    pub async fn pay(&self, request: &PaymentRequest) -> Result<PaymentRecord> {
        counter::precheck(request)?;
        let product = self.product(&request.product).await;
        let choice = self.chosen(request, product.as_ref()).await?;
        let counter = &self.settings.counter_name;
        self.call(async |o| {
            o.payments
                .pay(request, product.as_ref(), choice.as_ref(), counter)
                .await
        })
        .await
    }

    /// The choices of a product's `field` (when absent, its family's own: data plans,
    /// JomPAY billers, PTPTN/SSPN account types; else its amounts), for `account` where
    /// they depend on it. From `/v2/options`, or `/v2/subproducts` where the options
    /// are not served.
    pub async fn options(
        &self,
        product: &str,
        field: Option<&str>,
        account: Option<&str>,
    ) -> Result<Vec<ChoiceView>> {
        let code = ProductCode::parse(product)?;
        let account = account.map(str::trim).filter(|a| !a.is_empty());
        let request = PaymentRequest {
            product: product.to_owned(),
            account: account.unwrap_or_default().to_owned(),
            ..PaymentRequest::default()
        };
        let listed = self.product(product).await;
        let family = counter::family(&request, listed.as_ref());
        let own = family.choice().map(|(field, _)| field);
        let field = field
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .or(own)
            .unwrap_or("amount");
        let mut query = OptionsQuery::new(code, field)?;
        match account {
            Some(_) => query.account_number = Some(counter::account(&request, listed.as_ref())?),
            None if family.choices_per_account() && own == Some(field) => {
                return Err(Error::invalid("account", iimmpact::Problem::Required))
            }
            None => {}
        }
        self.choices(query).await
    }

    /// The listed choice an order's extras name, when its product has choices: `None`
    /// for a JomPAY biller code typed rather than picked (the docs allow it, and
    /// IIMMPACT checks it), an error naming the extra for a plan not offered.
    async fn chosen(
        &self,
        request: &PaymentRequest,
        product: Option<&Product>,
    ) -> Result<Option<ChoiceView>> {
        let family = counter::family(request, product);
        let Some((field, extra)) = family.choice() else {
            return Ok(None);
        };
        let extras = counter::checked_extras(family, &request.extras)?;
        let Some(wanted) = extra.value(&extras).map(str::to_owned) else {
            return Ok(None);
        };
        let mut query = OptionsQuery::new(ProductCode::parse(&request.product)?, field)?;
        if family.choices_per_account() {
            query.account_number = Some(counter::account(request, product)?);
        }
        if family == Family::JomPay {
            query.biller_code = Some(wanted.clone());
        }
        let choices = self.choices(query).await?;
        match choices.into_iter().find(|c| c.code == wanted) {
            Some(choice) => Ok(Some(choice)),
            None if family == Family::JomPay => Ok(None),
            None => Err(Error::invalid(extra.field(), iimmpact::Problem::NotOffered)),
        }
    }

    /// Every page of `query`'s choices, up to [`MAX_OPTION_PAGES`].
    async fn choices(&self, mut query: OptionsQuery) -> Result<Vec<ChoiceView>> {
        query.limit = Some(OPTIONS_PER_PAGE);
        let mut all = Vec::new();
        for page in 1..=MAX_OPTION_PAGES {
            query.page = Some(page);
            let reply = match self.call(async |o| o.client.options(&query).await).await {
                Ok(reply) => reply,
                Err(Error::Api(e)) if page == 1 && not_served(&e) => {
                    return self.subproducts(&query).await
                }
                Err(e) => return Err(e),
            };
            all.extend(reply.items.iter().map(ChoiceView::from));
            let last = reply.meta.and_then(|m| m.last_page).unwrap_or(1);
            if reply.items.is_empty() || i64::from(page) >= last {
                break;
            }
        }
        Ok(all)
    }

    /// The legacy list behind `/v2/options` (`../shared/iimmpact-api.md` §3.3), all of it.
    async fn subproducts(&self, options: &OptionsQuery) -> Result<Vec<ChoiceView>> {
        let query = SubproductsQuery {
            product_code: options.product_code.clone(),
            account_number: options.account_number.clone(),
            limit: None,
        };
        let reply = self
            .call(async |o| o.client.subproducts(&query).await)
            .await?;
        Ok(reply.data.iter().map(ChoiceView::from).collect())
    }

    /// The journalled payment, re-checked with IIMMPACT while it is not final.
    pub async fn payment_status(&self, refid: &str) -> Result<PaymentRecord> {
        let refid = Refid::parse(refid)?;
        let record = self.journal.require(&refid)?;
        if record.state.is_final() {
            return Ok(record);
        }
        self.call(async |o| o.payments.recheck(&refid).await).await
    }

    /// Closes the payments journalled but never sent (see [`Self::close_unsent`]), then
    /// follows every open one up to the polling deadline.
    pub async fn resume_unfinished(&self) -> Result<Vec<PaymentRecord>> {
        self.seal_clear_vouchers().await;
        let mut closed = self.close_unsent()?;
        if self.journal.unfinished()?.is_empty() {
            return Ok(closed);
        }
        let mut resumed = self
            .call(async |o| o.payments.resume_unfinished().await)
            .await?;
        resumed.append(&mut closed);
        Ok(resumed)
    }

    /// On start: closes as `not_sent` every payment journalled but never sent (the
    /// process died first): they are shown, and the cashier decides. Needs no network.
    pub fn close_unsent(&self) -> Result<Vec<PaymentRecord>> {
        payments::close_unsent(&self.journal, &self.updates, Duration::ZERO)
    }

    /// Whether this environment's journal has payments still open.
    pub fn has_open_payments(&self) -> Result<bool> {
        Ok(!self.journal.unfinished()?.is_empty())
    }

    /// Follows every open payment of this environment in the background until it is
    /// final, each on its own backoff and inside the budget, until `stop` (or, with
    /// `until_idle`, until none is open). Each change reaches [`Self::updates`].
    pub async fn follow_open(&self, stop: &CancellationToken, until_idle: bool) -> Result<()> {
        self.seal_clear_vouchers().await;
        if until_idle && !self.has_open_payments()? {
            return Ok(());
        }
        self.call(async |o| o.payments.follow_open(stop, until_idle).await)
            .await
    }

    pub fn history(&self, query: &HistoryQuery) -> Result<Vec<PaymentRecord>> {
        self.journal.history(query)
    }

    /// This PC's journal searched by refid, else by account, newest first; asks nothing
    /// of IIMMPACT (see [`Self::lookup`]).
    pub fn journal_lookup(&self, refid_or_account: &str) -> Result<Vec<PaymentRecord>> {
        self.journal.lookup(refid_or_account)
    }

    /// "Was this customer charged?": the journal's payments with this refid or to this
    /// account; when it has none, IIMMPACT's transactions to this account over the last
    /// [`lookup::LOOKUP_DAYS`] days, so that another counter's payment is found too.
    pub async fn lookup(&self, query: &str) -> Result<LookupReport> {
        let text = lookup::query_text(query)?;
        let dates = lookup::days_ending(counter_day(Utc::now()))?;
        let local = self.journal.lookup(text)?;
        if !local.is_empty() {
            return Ok(lookup::from_journal(text, dates, local));
        }
        let found = self
            .call(async |o| lookup::at_iimmpact(&o.client, text, dates).await)
            .await?;
        Ok(LookupReport {
            query: text.to_owned(),
            asked_iimmpact: true,
            from: dates.from(),
            to: dates.to(),
            found,
        })
    }

    /// A payment a lookup found, asked about again where it was found: this PC's
    /// through [`Self::payment_status`]; IIMMPACT's in its history of that account
    /// and day (of the lookup's days when the day is not known).
    pub async fn recheck(&self, key: &PaymentKey) -> Result<FoundPayment> {
        match key.source {
            Source::ThisPc => {
                let refid = key.refid.as_deref().unwrap_or_default();
                Ok(FoundPayment::from(self.payment_status(refid).await?))
            }
            Source::Iimmpact => {
                let account = lookup::query_text(&key.account)?;
                let dates = match key.day {
                    Some(day) => iimmpact::DateRange::day(day),
                    None => lookup::days_ending(counter_day(Utc::now()))?,
                };
                let found = self
                    .call(async |o| lookup::at_iimmpact(&o.client, account, dates).await)
                    .await?;
                lookup::pick(found, key)
            }
        }
    }

    /// Reports a successful payment to IIMMPACT, which opens a support case; refused
    /// before anything is sent when it cannot be right (see [`ProblemRequest`]). A
    /// refusal by IIMMPACT (reported already) is an outcome, not an error.
    pub async fn report_problem(&self, problem: &ProblemRequest) -> Result<ProblemReport> {
        let request = lookup::dispute_request(&self.journal, problem)?;
        let reply = self
            .call(async |o| o.client.dispute(&request).await)
            .await?;
        let report = ProblemReport::of(problem, reply);
        tracing::info!(
            refid = ?report.refid, trxid = ?report.trxid, reason = %report.reason,
            outcome = ?report.outcome, message = %report.message,
            "problem reported to IIMMPACT"
        );
        Ok(report)
    }

    /// The journal's payments `query` lists, to `out`: a workbook or a CSV file as
    /// `file_type` or its extension says; see [`journal::write_history`]. The whole
    /// range, whatever the screen shows of it: `query.limit` is not applied.
    pub async fn export_history(
        &self,
        query: &HistoryQuery,
        out: &Path,
        file_type: Option<FileType>,
        format: export::CsvFormat,
        overwrite: bool,
    ) -> Result<Summary> {
        journal::write_history(&self.journal, query, out, file_type, format, overwrite).await
    }

    pub fn day_totals(&self, day: NaiveDate) -> Result<DayTotals> {
        self.journal.day_totals(day)
    }

    /// The journalled payment with its voucher PIN and link opened, on purpose (History's
    /// reveal). Fails when they cannot be opened (no keychain, or not sealed for it).
    pub async fn reveal_voucher(&self, refid: &str) -> Result<PaymentRecord> {
        let payment = self.journal.require(&Refid::parse(refid)?)?;
        self.vault.reveal(payment).await
    }

    /// A reprint: it shows the voucher's PIN and link, so it reveals them, and fails
    /// rather than print a voucher's receipt without them.
    pub async fn receipt(&self, refid: &str) -> Result<Receipt> {
        let payment = self.reveal_voucher(refid).await?;
        Ok(Receipt::new(&self.settings, &payment))
    }

    /// Streams a statement (or transactions) for a date range into a workbook or a CSV
    /// file at `out` (as `file_type` says, else as its extension says), which appears
    /// only once complete; see [`export::to_file`].
    pub async fn export_statement(
        &self,
        request: &ExportRequest,
        out: &Path,
        file_type: Option<FileType>,
        progress: &mut (dyn FnMut(Progress) + Send),
        cancel: &CancellationToken,
    ) -> Result<Summary> {
        self.call(async |o| {
            export::to_file(&o.client, request, out, file_type, progress, cancel).await
        })
        .await
    }

    /// Matches this journal's payments of the days `from` to `to` (GMT+8, both
    /// included) against IIMMPACT's transactions and balance statement, settling
    /// the open payments IIMMPACT has final; see [`reconcile::run`].
    pub async fn reconcile(&self, from: NaiveDate, to: NaiveDate) -> Result<ReconcileReport> {
        self.call(async |o| {
            reconcile::run(
                &o.client,
                &self.journal,
                &self.updates,
                &self.settings.counter_name,
                from,
                to,
            )
            .await
        })
        .await
    }

    /// The Transaction Summary of the days `from` to `to` (GMT+8, both included): sales
    /// per day, product and counter from IIMMPACT's transaction history; see
    /// [`finance::transaction_summary`].
    pub async fn transaction_summary(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<TransactionSummary> {
        self.call(async |o| finance::transaction_summary(&o.client, from, to).await)
            .await
    }

    /// The wallet's statement for a calendar month; see [`finance::month_statement`].
    pub async fn month_statement(&self, month: Month) -> Result<MonthStatement> {
        self.call(async |o| finance::month_statement(&o.client, month).await)
            .await
    }

    /// This counter's end-of-shift report for a GMT+8 day, from the journal alone:
    /// it works offline.
    pub fn shift_report(&self, day: NaiveDate) -> Result<ShiftReport> {
        finance::shift_report(&self.journal, &self.settings.counter_name, day)
    }

    /// Seals the voucher secrets an older Kaunter journalled in clear, at the start of the
    /// work every process does first (the app follows every journal from its start).
    /// Without a key now, they stay until one is at hand: that is no reason to stop.
    async fn seal_clear_vouchers(&self) {
        if let Err(error) = self.vault.seal_clear().await {
            tracing::warn!(environment = %self.config.environment, %error, "voucher secrets journalled in clear are not sealed yet");
        }
    }

    async fn product(&self, code: &str) -> Option<Product> {
        let mut cached = self.products.lock().await;
        if cached.is_none() {
            let products = match self.product_cache.load() {
                Some(products) => products,
                None => self.fetch_products(None).await.ok()?,
            };
            *cached = Some(products.products);
        }
        cached
            .as_ref()?
            .iter()
            .find(|p| p.product_code.eq_ignore_ascii_case(code.trim()))
            .cloned()
    }
}

/// The documented largest page of `/v2/options` (`../shared/iimmpact-api.md` §3.5).
const OPTIONS_PER_PAGE: u32 = 1000;
/// Enough pages for every JomPAY biller; a list that never ends stops here.
const MAX_OPTION_PAGES: u32 = 20;

/// The merchant's catalogue, each product with its form from the product list (or, when
/// the list cannot be had, from the products `cached` before). The product list alone
/// when the catalogue is not served, or fails with nothing cached to fall back on.
async fn fetch_products(
    client: &Client,
    cached: Option<&CachedProducts>,
) -> std::result::Result<CachedProducts, iimmpact::Error> {
    let now = Utc::now();
    match client.catalog(&CatalogQuery::default()).await {
        Ok(catalog) => {
            let forms = match client.product_list().await {
                Ok(list) => list,
                Err(error) => {
                    tracing::info!(%error, "product list not fetched; the catalogue's products keep the forms cached before");
                    cached.map(|c| c.products.clone()).unwrap_or_default()
                }
            };
            Ok(CachedProducts::from_catalog(&catalog, &forms, now))
        }
        Err(error) if not_served(&error) || cached.is_none() => {
            tracing::info!(%error, "catalogue not fetched; the product list is offered");
            let list = client.product_list().await.map_err(|list_error| {
                if not_served(&error) {
                    list_error
                } else {
                    error
                }
            })?;
            Ok(CachedProducts::from_list(list, now))
        }
        Err(error) => Err(error),
    }
}

/// An older or narrower IIMMPACT that does not serve an endpoint (`/v2/options`, or
/// `/v2/catalog`) for this product or account.
fn not_served(error: &iimmpact::Error) -> bool {
    matches!(error.http_status(), Some(404 | 405 | 501))
}

/// A budget of `rate` requests per second with a burst of two seconds' worth, within
/// this PC's share of IIMMPACT's per-IP limit (refused above it, naming `rate`).
pub fn budget_for(rate: u32) -> Result<RequestBudget> {
    Ok(RequestBudget::new(f64::from(rate), rate.saturating_mul(2))?)
}

/// The local low-balance warning's threshold, and whose it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct EffectiveThreshold {
    #[ts(type = "string")]
    pub amount: rust_decimal::Decimal,
    pub source: ThresholdSource,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ThresholdSource {
    /// The account's own alert threshold, as IIMMPACT has it.
    Iimmpact,
    /// Settings' `low_balance_threshold`: IIMMPACT has none set, or could not be asked.
    Settings,
}

/// The account's own settings (`../shared/iimmpact-api.md` §3.13–3.14). Reading is anyone's; writing is a
/// supervisor's and takes the unlock.
impl Session {
    pub fn paths(&self) -> &Paths {
        &self.config.paths
    }

    pub async fn account_threshold(&self) -> Result<AccountThresholdView> {
        let reply = self
            .call(async |o| o.client.low_balance_threshold().await)
            .await?;
        Ok(AccountThresholdView::from(&reply.data))
    }

    /// Sets IIMMPACT's alert threshold: RM, at least 1, at most 2 decimals (field `amount`).
    pub async fn set_account_threshold(
        &self,
        unlock: &crate::supervisor::SupervisorUnlock,
        amount: &str,
    ) -> Result<AccountThresholdView> {
        unlock.check()?;
        let amount = iimmpact::models::ThresholdAmount::parse(amount)?;
        let reply = self
            .call(async |o| o.client.set_low_balance_threshold(amount).await)
            .await?;
        Ok(AccountThresholdView::from(&reply.data))
    }

    pub async fn callback_url(&self) -> Result<CallbackView> {
        let reply = self.call(async |o| o.client.callback_url().await).await?;
        Ok(CallbackView::from(&reply.data))
    }

    /// Points IIMMPACT's transaction callbacks at `url` (absolute http/https, field
    /// `url`) by `method` (`POST` or `GET`, field `method`).
    pub async fn set_callback_url(
        &self,
        unlock: &crate::supervisor::SupervisorUnlock,
        url: &str,
        method: &str,
    ) -> Result<CallbackView> {
        unlock.check()?;
        let target = iimmpact::models::CallbackTarget {
            url: iimmpact::models::CallbackUrl::parse(url)?,
            method: iimmpact::models::CallbackMethod::parse(method)?,
        };
        let reply = self
            .call(async |o| o.client.set_callback_url(&target).await)
            .await?;
        Ok(CallbackView::from(&reply.data))
    }

    /// The threshold the low-balance warning starts from: IIMMPACT's own when it has
    /// one and can be asked (one request), else the local setting. Never fails for
    /// want of IIMMPACT: the warning must still show offline.
    pub async fn low_balance_threshold(&self) -> EffectiveThreshold {
        match self.account_threshold().await {
            Ok(view) => {
                if let Some(amount) = view.amount.filter(|t| !t.is_zero()) {
                    return EffectiveThreshold {
                        amount,
                        source: ThresholdSource::Iimmpact,
                    };
                }
            }
            Err(e) => {
                tracing::info!(error = %e, "IIMMPACT's low-balance threshold not read; the local one applies")
            }
        }
        EffectiveThreshold {
            amount: self.settings.low_balance_threshold,
            source: ThresholdSource::Settings,
        }
    }
}
