//! The payment journal: one SQLite file in the app's data dir, written before money moves.
//!
//! Every payment is inserted as `sending`, with the exact request body, before the
//! request leaves the machine; every reply or failed attempt is written as it arrives.
//! `synchronous=FULL` makes each of those writes durable before the call returns, so a
//! power cut or `SIGKILL` can lose nothing the counter was told.
//!
//! The app and the CLI may have the file open at once. Every write is an IMMEDIATE
//! transaction: it takes the write lock before reading, so it waits (up to
//! [`BUSY_TIMEOUT`]) for another writer instead of failing when that writer commits
//! under a read it already made.

mod query;
mod record;
mod schema;
mod sheet;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use iimmpact::models::{PreparedTopup, TopupReply};
use iimmpact::{Amount, ProductCode, Refid};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction, TransactionBehavior};

// Part of a record: the shell and the CLI word it without depending on the API client.
pub use iimmpact::models::FailureReason;
pub use query::{DayTotals, HistoryQuery, StateTotal};
pub use record::{
    counter_day, PaymentRecord, PaymentState, SealedVoucher, Settlement, VoucherSeal,
};
pub use sheet::write_history;

use crate::vault::{Field, VoucherKey, VoucherSecret};
use crate::{Error, Result};

/// How long a write waits for another process's. Each write holds the lock for one
/// fsync (milliseconds), so this outlasts a long queue of them, yet a process stuck
/// holding the lock fails a payment in bounded time rather than freezing the counter.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Payments that may still go through: the duplicate guard and a restart care about them.
const OPEN: &str = "state IN ('sending', 'pending', 'unknown')";

/// A payment's columns, less its voucher secrets: only whether it has them (sealed, or
/// left in clear by an older Kaunter until they are sealed).
const COLUMNS: &str = "refid, product, account, amount, body, state, status_code, status_text, \
     product_name, sn, expiry, note, cost, balance_after, attempts, last_error, \
     created_at, updated_at, voucher_not_stored, \
     (pin_sealed IS NOT NULL OR pin IS NOT NULL) AS has_pin, \
     (voucherlink_sealed IS NOT NULL OR voucherlink IS NOT NULL) AS has_voucherlink";

/// Rows holding a voucher secret in clear, as Kaunter wrote them before sealing them.
const CLEAR_SECRETS: &str = "pin IS NOT NULL OR voucherlink IS NOT NULL";

pub struct Journal {
    // One connection, held for the few milliseconds of each statement: payments are
    // human-paced, and a single writer keeps every transition strictly ordered.
    conn: Mutex<Connection>,
    path: PathBuf,
}

/// The journal's write lock, held on a connection of its own until dropped.
pub struct WriteLock {
    _conn: Connection,
}

impl Journal {
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
        }
        let mut conn = Connection::open(path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        use_wal(&conn)?;
        // WAL's default (NORMAL) may lose the last commits on power loss; for a record
        // of money in flight only FULL will do.
        conn.pragma_update(None, "synchronous", "FULL")?;
        // Overwrites what is deleted or replaced instead of leaving it in free space:
        // sealing a clear PIN an older Kaunter wrote must not leave the PIN behind.
        conn.pragma_update(None, "secure_delete", "ON")?;
        schema::migrate(&mut conn)?;
        Ok(Self {
            conn: Mutex::new(conn),
            path: path.to_path_buf(),
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite half-written (each
        // statement is atomic), so a poisoned lock is still safe to use.
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Records a payment as `sending`, with the exact body that will be sent.
    /// Fails if its refid was ever used before.
    pub fn insert(&self, payment: &PreparedTopup) -> Result<PaymentRecord> {
        self.write(|tx, now| insert(tx, payment, now))
    }

    /// [`Self::insert`], unless `guard` refuses given the likely duplicates of the
    /// payment (see [`Self::likely_duplicates`]). Looking and inserting happen under
    /// one write lock, so two processes paying the same order at once cannot both pass.
    pub fn insert_guarded(
        &self,
        payment: &PreparedTopup,
        window: Duration,
        guard: impl FnOnce(&[PaymentRecord]) -> Result<()>,
    ) -> Result<PaymentRecord> {
        let request = payment.request();
        self.write(|tx, now| {
            let since = now.saturating_sub(millis(window));
            let earlier = likely_duplicates(
                tx,
                &request.product,
                &request.account,
                request.amount,
                since,
            )?;
            guard(&earlier)?;
            insert(tx, payment, now)
        })
    }

    /// Counts one more hand-over of the body to the network. Written before the send,
    /// so after a crash `attempts > 0` says the request may have reached IIMMPACT.
    ///
    /// Fails, and the caller must send nothing, when the payment is no longer open:
    /// another process may have closed it as never sent ([`Self::close_unsent`]) since
    /// it was journalled. Counting and closing each take the write lock, so one of the
    /// two wins outright: counted first, it is not closed; closed first, it is not sent.
    pub fn begin_attempt(&self, refid: &Refid) -> Result<PaymentRecord> {
        self.write(|tx, now| {
            let counted = tx.execute(
                &format!(
                    "UPDATE payments SET attempts = attempts + 1, updated_at = ?2
                     WHERE refid = ?1 AND {OPEN}"
                ),
                params![refid.as_str(), now],
            )?;
            let record = require(tx, refid)?;
            if counted == 0 {
                return Err(Error::Storage(format!(
                    "payment {refid} is {} and is not sent again",
                    record.state
                )));
            }
            Ok(record)
        })
    }

    /// Closes as `not_sent` every payment journalled more than `grace` ago whose body
    /// was never handed to the network (the process died in between), and returns
    /// them, oldest first, for the counter to show. `grace` spares a payment another
    /// process has only just journalled and is about to send.
    pub fn close_unsent(&self, grace: Duration) -> Result<Vec<PaymentRecord>> {
        let grace = i64::try_from(grace.as_millis()).unwrap_or(i64::MAX);
        self.write(|tx, now| {
            let mut closed = tx
                .prepare(&format!(
                    "UPDATE payments SET state = 'not_sent', updated_at = ?1
                     WHERE state = 'sending' AND attempts = 0 AND created_at <= ?2
                     RETURNING {COLUMNS}"
                ))?
                .query_map(params![now, now.saturating_sub(grace)], from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            closed.sort_by_key(|p| p.created_at);
            Ok(closed)
        })
    }

    /// Stores what IIMMPACT answered, and the state that puts the payment in. The
    /// reply's voucher secrets are never written from it: only `voucher`, what the
    /// vault sealed of them. A secret sealed earlier stays unless a new one replaces it.
    pub fn settle(
        &self,
        refid: &Refid,
        reply: &TopupReply,
        voucher: &VoucherSeal,
    ) -> Result<PaymentRecord> {
        let status = reply.payment_status();
        let state = PaymentState::from(&status);
        let (sealed, not_stored) = match voucher {
            VoucherSeal::Sealed(sealed) => (sealed, false),
            VoucherSeal::NotStored => (&SealedVoucher::default(), true),
        };
        self.transition(refid, state, |conn, now| {
            conn.execute(
                "UPDATE payments SET state = ?2, status_code = ?3, status_text = ?4,
                    product_name = COALESCE(?5, product_name), sn = COALESCE(?6, sn),
                    pin_sealed = COALESCE(?7, pin_sealed),
                    voucherlink_sealed = COALESCE(?8, voucherlink_sealed),
                    voucher_not_stored = CASE
                        WHEN ?7 IS NOT NULL OR ?8 IS NOT NULL THEN 0
                        WHEN ?14 THEN pin_sealed IS NULL AND voucherlink_sealed IS NULL
                        ELSE voucher_not_stored END,
                    expiry = COALESCE(?9, expiry), note = COALESCE(?10, note),
                    cost = COALESCE(?11, cost), balance_after = COALESCE(?12, balance_after),
                    last_error = NULL, updated_at = ?13
                 WHERE refid = ?1",
                params![
                    refid.as_str(),
                    state.as_str(),
                    reply.status_code,
                    reply.status,
                    reply.product_name,
                    reply.sn,
                    sealed.pin,
                    sealed.voucherlink,
                    reply.expiry.map(|d| d.to_string()),
                    reply.note,
                    reply.cost.map(|d| d.to_string()),
                    reply.balance.map(|d| d.to_string()),
                    now,
                    not_stored
                ],
            )
        })
    }

    /// Settles an open payment (or refunds a success) from IIMMPACT's transaction
    /// history, through the same checked moves as a reply: reconciliation found it
    /// final there. `last_error` says so, for whoever looks at the payment next.
    pub fn settle_from_history(
        &self,
        refid: &Refid,
        settlement: &Settlement,
    ) -> Result<PaymentRecord> {
        let state = settlement.state;
        self.transition(refid, state, |conn, now| {
            conn.execute(
                "UPDATE payments SET state = ?2, status_code = COALESCE(?3, status_code),
                    status_text = COALESCE(?4, status_text),
                    product_name = COALESCE(?5, product_name), sn = COALESCE(?6, sn),
                    cost = COALESCE(?7, cost), last_error = ?8, updated_at = ?9
                 WHERE refid = ?1",
                params![
                    refid.as_str(),
                    state.as_str(),
                    settlement.status_code,
                    settlement.status_text,
                    settlement.product_name,
                    settlement.sn,
                    settlement.cost.map(|d| d.to_string()),
                    Settlement::NOTE,
                    now
                ],
            )
        })
    }

    /// Records why an attempt said nothing certain (or was refused), moving to `state`.
    pub fn note_error(
        &self,
        refid: &Refid,
        state: PaymentState,
        error: &str,
    ) -> Result<PaymentRecord> {
        self.transition(refid, state, |conn, now| {
            conn.execute(
                "UPDATE payments SET state = ?2, last_error = ?3, updated_at = ?4 WHERE refid = ?1",
                params![refid.as_str(), state.as_str(), error, now],
            )
        })
    }

    fn transition(
        &self,
        refid: &Refid,
        next: PaymentState,
        update: impl FnOnce(&Connection, i64) -> rusqlite::Result<usize>,
    ) -> Result<PaymentRecord> {
        self.write(|tx, now| {
            let current = require(tx, refid)?.state;
            if !current.may_become(next) {
                return Err(Error::Storage(format!(
                    "payment {refid} is {current} and cannot become {next}"
                )));
            }
            update(tx, now)?;
            require(tx, refid)
        })
    }

    /// Runs `work` in a transaction holding the write lock from its start; commits
    /// only if `work` succeeds. `work` gets the time of the write, in UTC milliseconds.
    fn write<T>(&self, work: impl FnOnce(&Transaction<'_>, i64) -> Result<T>) -> Result<T> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let done = work(&tx, Utc::now().timestamp_millis())?;
        tx.commit()?;
        Ok(done)
    }

    /// A payment's voucher secrets as sealed; none when it has none.
    pub fn sealed_voucher(&self, refid: &Refid) -> Result<SealedVoucher> {
        let conn = self.conn();
        Ok(conn
            .query_row(
                "SELECT pin_sealed, voucherlink_sealed FROM payments WHERE refid = ?1",
                [refid.as_str()],
                |row| {
                    Ok(SealedVoucher {
                        pin: row.get(0)?,
                        voucherlink: row.get(1)?,
                    })
                },
            )
            .optional()?
            .unwrap_or_default())
    }

    /// Whether an older Kaunter left voucher secrets in clear here.
    pub fn has_clear_secrets(&self) -> Result<bool> {
        let exists = format!("SELECT EXISTS (SELECT 1 FROM payments WHERE {CLEAR_SECRETS})");
        Ok(self.conn().query_row(&exists, [], |row| row.get(0))?)
    }

    /// Seals under `key` every voucher secret an older Kaunter left in clear, and
    /// returns how many payments had some. `secure_delete` overwrites the clear text in
    /// the file; the checkpoint then empties the WAL of the pages that held it (unless
    /// another process is reading at that moment: then its next checkpoint does).
    pub fn seal_clear_secrets(&self, key: &VoucherKey) -> Result<usize> {
        let sealed = self.write(|tx, _| {
            let clear: Vec<(String, Option<String>, Option<String>)> = tx
                .prepare(&format!(
                    "SELECT refid, pin, voucherlink FROM payments WHERE {CLEAR_SECRETS}"
                ))?
                .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            for (refid, pin, link) in &clear {
                let refid = Refid::parse(refid)?;
                let seal = |field, text: &Option<String>| {
                    text.as_ref()
                        .map(|text| key.seal(&refid, field, &VoucherSecret::new(text.as_str())))
                };
                tx.execute(
                    "UPDATE payments SET pin = NULL, voucherlink = NULL,
                        pin_sealed = COALESCE(?2, pin_sealed),
                        voucherlink_sealed = COALESCE(?3, voucherlink_sealed)
                     WHERE refid = ?1",
                    params![
                        refid.as_str(),
                        seal(Field::Pin, pin),
                        seal(Field::VoucherLink, link)
                    ],
                )?;
            }
            Ok(clear.len())
        })?;
        if sealed > 0 {
            self.conn()
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        }
        Ok(sealed)
    }

    /// Holds the journal's write lock, on a connection of its own, until the lock is
    /// dropped: for work outside SQLite that two processes on this journal must not do
    /// at once. Every other write waits meanwhile (up to [`BUSY_TIMEOUT`]).
    pub fn write_lock(&self) -> Result<WriteLock> {
        let conn = Connection::open(&self.path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Closing the connection, when the lock is dropped, ends the empty transaction.
        conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(WriteLock { _conn: conn })
    }

    pub fn get(&self, refid: &Refid) -> Result<Option<PaymentRecord>> {
        get(&self.conn(), refid)
    }

    pub fn require(&self, refid: &Refid) -> Result<PaymentRecord> {
        require(&self.conn(), refid)
    }

    /// Every payment not yet final, oldest first: what a restart must resume.
    pub fn unfinished(&self) -> Result<Vec<PaymentRecord>> {
        self.select(&format!("WHERE {OPEN} ORDER BY created_at"), &[])
    }

    /// Payments of the same product, account and amount that paying again would most
    /// likely double: every open one, however old (it may yet go through), and those
    /// that succeeded within `window`.
    pub fn likely_duplicates(
        &self,
        product: &ProductCode,
        account: &str,
        amount: Amount,
        window: Duration,
    ) -> Result<Vec<PaymentRecord>> {
        let since = Utc::now().timestamp_millis().saturating_sub(millis(window));
        likely_duplicates(&self.conn(), product, account, amount, since)
    }

    pub fn history(&self, query: &HistoryQuery) -> Result<Vec<PaymentRecord>> {
        let (mut sql, args) = history_filter(query, None)?;
        sql.push_str(" ORDER BY created_at DESC, rowid DESC");
        if let Some(limit) = query.limit {
            sql.push_str(&format!(" LIMIT {limit}"));
        }
        let args: Vec<&dyn rusqlite::ToSql> = args.iter().map(AsRef::as_ref).collect();
        self.select(&sql, &args)
    }

    /// The next `size` payments `query` lists (whatever its `limit`), in
    /// [`Self::history`]'s order, after `after`: the key of the last page's last one
    /// (`None` for the first page). Each page holds the connection for its own
    /// statement only, so payments go on being journalled while a long export runs.
    pub(crate) fn history_page(
        &self,
        query: &HistoryQuery,
        after: Option<PageKey>,
        size: u32,
    ) -> Result<Vec<(PageKey, PaymentRecord)>> {
        let (mut sql, args) = history_filter(query, after)?;
        sql.push_str(&format!(
            " ORDER BY created_at DESC, rowid DESC LIMIT {size}"
        ));
        let args: Vec<&dyn rusqlite::ToSql> = args.iter().map(AsRef::as_ref).collect();
        let conn = self.conn();
        let mut stmt = conn.prepare(&format!(
            "SELECT rowid AS page_rowid, {COLUMNS} FROM payments {sql}"
        ))?;
        let rows = stmt.query_map(&args[..], |row| {
            let key = PageKey {
                created_at: row.get("created_at")?,
                rowid: row.get("page_rowid")?,
            };
            Ok((key, from_row(row)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every payment made on the GMT+8 days `from` to `to` (both included), oldest first.
    pub fn between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<PaymentRecord>> {
        let (start, _) = query::day_bounds_ms(from)?;
        let (_, end) = query::day_bounds_ms(to)?;
        self.select(
            "WHERE created_at >= ?1 AND created_at < ?2 ORDER BY created_at, rowid",
            &[&start, &end],
        )
    }

    /// "Was this customer charged?": the payment with this refid, or else every payment
    /// to this account, newest first.
    pub fn lookup(&self, refid_or_account: &str) -> Result<Vec<PaymentRecord>> {
        let text = refid_or_account.trim();
        self.select(
            "WHERE refid = ?1 OR (account = ?1 AND NOT EXISTS
                 (SELECT 1 FROM payments WHERE refid = ?1))
             ORDER BY created_at DESC, rowid DESC",
            &[&text],
        )
    }

    /// Count and sum per state of the payments made on a GMT+8 day.
    pub fn day_totals(&self, day: NaiveDate) -> Result<DayTotals> {
        let payments = self.history(&HistoryQuery {
            day: Some(day),
            ..HistoryQuery::default()
        })?;
        Ok(DayTotals::of(day, &payments))
    }

    fn select(&self, tail: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<PaymentRecord>> {
        select(&self.conn(), tail, args)
    }
}

fn select(
    conn: &Connection,
    tail: &str,
    args: &[&dyn rusqlite::ToSql],
) -> Result<Vec<PaymentRecord>> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM payments {tail}"))?;
    let rows = stmt.query_map(args, from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Where a page of [`Journal::history_page`] ended: its last payment's place in the
/// history's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PageKey {
    created_at: i64,
    rowid: i64,
}

/// The `WHERE` clause (empty when nothing filters) and its arguments for `query`'s
/// payments, those after `after` in the history's order only when it is given.
fn history_filter(
    query: &HistoryQuery,
    after: Option<PageKey>,
) -> Result<(String, Vec<Box<dyn rusqlite::ToSql>>)> {
    let mut clauses = Vec::new();
    let mut args: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
    let (start, end) = query.bounds_ms()?;
    if let Some(start) = start {
        clauses.push("created_at >= ?");
        args.push(Box::new(start));
    }
    if let Some(end) = end {
        clauses.push("created_at < ?");
        args.push(Box::new(end));
    }
    if let Some(text) = query.search_text() {
        // instr, not LIKE: a `%` or `_` typed is looked for as it is.
        clauses.push(
            "(instr(lower(account), ?) > 0 OR instr(lower(refid), ?) > 0 \
              OR instr(lower(COALESCE(sn, '')), ?) > 0)",
        );
        for _ in 0..3 {
            args.push(Box::new(text.to_lowercase()));
        }
    }
    if let Some(account) = &query.account {
        clauses.push("account = ?");
        args.push(Box::new(account.trim().to_owned()));
    }
    if let Some(refid) = &query.refid {
        clauses.push("refid = ?");
        args.push(Box::new(refid.trim().to_owned()));
    }
    if let Some(state) = query.state {
        clauses.push("state = ?");
        args.push(Box::new(state.as_str()));
    }
    if let Some(after) = after {
        // Newest first: what comes after is older, or as old and written earlier. The
        // first term alone walks the time index.
        clauses.push("created_at <= ? AND (created_at < ? OR rowid < ?)");
        args.push(Box::new(after.created_at));
        args.push(Box::new(after.created_at));
        args.push(Box::new(after.rowid));
    }
    let sql = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    Ok((sql, args))
}

fn millis(span: Duration) -> i64 {
    i64::try_from(span.as_millis()).unwrap_or(i64::MAX)
}

fn insert(conn: &Connection, payment: &PreparedTopup, now: i64) -> Result<PaymentRecord> {
    let request = payment.request();
    let inserted = conn.execute(
        "INSERT INTO payments (refid, product, account, amount, body, state, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'sending', ?6, ?6)",
        params![
            request.refid.as_str(),
            request.product.as_str(),
            request.account,
            request.amount.to_string(),
            payment.body(),
            now
        ],
    );
    match inserted {
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            Err(Error::invalid("refid", iimmpact::Problem::AlreadyUsed))
        }
        other => {
            other?;
            require(conn, &request.refid)
        }
    }
}

/// Open payments of the same product, account and amount, and successes since `since`
/// (UTC milliseconds), newest first.
fn likely_duplicates(
    conn: &Connection,
    product: &ProductCode,
    account: &str,
    amount: Amount,
    since: i64,
) -> Result<Vec<PaymentRecord>> {
    select(
        conn,
        &format!(
            "WHERE product = ?1 AND account = ?2 AND amount = ?3
               AND ({OPEN} OR (state = 'succeeded' AND created_at >= ?4))
             ORDER BY created_at DESC"
        ),
        &[&product.as_str(), &account, &amount.to_string(), &since],
    )
}

/// Switches the file to WAL, which lets readers go on while one process writes. The
/// switch needs the file to itself; another process opening it at the same moment may
/// hold it briefly, so a busy refusal is retried for as long as any write would wait.
fn use_wal(conn: &Connection) -> Result<()> {
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))
        {
            Ok(mode) if mode.eq_ignore_ascii_case("wal") => return Ok(()),
            Ok(mode) => {
                return Err(Error::Storage(format!(
                    "the payment journal stays in {mode} mode instead of WAL"
                )))
            }
            Err(e)
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(e) => return Err(e.into()),
        }
    }
}

fn get(conn: &Connection, refid: &Refid) -> Result<Option<PaymentRecord>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM payments WHERE refid = ?1"),
            [refid.as_str()],
            from_row,
        )
        .optional()?)
}

fn require(conn: &Connection, refid: &Refid) -> Result<PaymentRecord> {
    get(conn, refid)?.ok_or_else(|| not_found(refid))
}

fn not_found(refid: &Refid) -> Error {
    Error::NotFound {
        refid: refid.to_string(),
    }
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<PaymentRecord> {
    Ok(PaymentRecord {
        refid: required(row, "refid")?,
        product: required(row, "product")?,
        account: row.get("account")?,
        amount: Amount::new("amount", required(row, "amount")?).map_err(conversion)?,
        body: row.get("body")?,
        state: required(row, "state")?,
        status_code: row.get("status_code")?,
        status_text: row.get("status_text")?,
        reason: row
            .get::<_, Option<i64>>("status_code")?
            .and_then(FailureReason::from_code),
        product_name: row.get("product_name")?,
        sn: row.get("sn")?,
        pin: None,
        voucherlink: None,
        has_pin: row.get("has_pin")?,
        has_voucherlink: row.get("has_voucherlink")?,
        voucher_not_stored: row.get("voucher_not_stored")?,
        expiry: parsed(row, "expiry")?,
        note: row.get("note")?,
        cost: parsed(row, "cost")?,
        balance_after: parsed(row, "balance_after")?,
        attempts: row.get("attempts")?,
        last_error: row.get("last_error")?,
        refusal: None,
        created_at: instant(row, "created_at")?,
        updated_at: instant(row, "updated_at")?,
    })
}

/// A text column parsed by `FromStr`; `None` when it is NULL.
fn parsed<T: std::str::FromStr>(row: &Row<'_>, column: &str) -> rusqlite::Result<Option<T>>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let text: Option<String> = row.get(column)?;
    text.map(|t| t.parse().map_err(conversion)).transpose()
}

fn conversion(e: impl std::error::Error + Send + Sync + 'static) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
}

fn required<T: std::str::FromStr>(row: &Row<'_>, column: &str) -> rusqlite::Result<T>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    parsed(row, column)?.ok_or(rusqlite::Error::InvalidColumnType(
        0,
        column.to_owned(),
        rusqlite::types::Type::Null,
    ))
}

fn instant(row: &Row<'_>, column: &str) -> rusqlite::Result<DateTime<Utc>> {
    let ms: i64 = row.get(column)?;
    DateTime::from_timestamp_millis(ms).ok_or(rusqlite::Error::IntegralValueOutOfRange(0, ms))
}
