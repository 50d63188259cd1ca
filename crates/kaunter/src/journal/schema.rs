//! The journal's schema, versioned by `PRAGMA user_version`.
//!
//! Migration `n` moves the file from version `n - 1` to `n`. All that a file lacks run
//! in one transaction, so a crash mid-upgrade leaves the old version intact. Never
//! edit a shipped migration: append a new one.

use rusqlite::{Connection, TransactionBehavior};

use crate::{Error, Result};

const MIGRATIONS: &[&str] = &[
    // 1: the payments table.
    "CREATE TABLE payments (
        refid         TEXT PRIMARY KEY NOT NULL,
        product       TEXT NOT NULL,
        account       TEXT NOT NULL,
        amount        TEXT NOT NULL,
        body          BLOB NOT NULL,
        state         TEXT NOT NULL CHECK (state IN
                          ('sending','pending','unknown','succeeded','failed','refunded')),
        status_code   INTEGER,
        status_text   TEXT,
        reason        TEXT,
        product_name  TEXT,
        sn            TEXT,
        pin           TEXT,
        voucherlink   TEXT,
        expiry        TEXT,
        note          TEXT,
        cost          TEXT,
        balance_after TEXT,
        attempts      INTEGER NOT NULL DEFAULT 0,
        last_error    TEXT,
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX payments_by_time ON payments (created_at);
    CREATE INDEX payments_by_account ON payments (account, created_at);
    -- Only open payments take part in the duplicate guard, so keep that index small.
    CREATE INDEX payments_open ON payments (product, account, amount, created_at)
        WHERE state IN ('sending', 'pending', 'unknown');",
    // 2: the `not_sent` state. SQLite cannot alter a CHECK, so the table is rebuilt
    // (and its indexes, dropped with it, recreated as they were).
    "CREATE TABLE payments_v2 (
        refid         TEXT PRIMARY KEY NOT NULL,
        product       TEXT NOT NULL,
        account       TEXT NOT NULL,
        amount        TEXT NOT NULL,
        body          BLOB NOT NULL,
        state         TEXT NOT NULL CHECK (state IN
                          ('sending','pending','unknown','succeeded','failed','refunded',
                           'not_sent')),
        status_code   INTEGER,
        status_text   TEXT,
        reason        TEXT,
        product_name  TEXT,
        sn            TEXT,
        pin           TEXT,
        voucherlink   TEXT,
        expiry        TEXT,
        note          TEXT,
        cost          TEXT,
        balance_after TEXT,
        attempts      INTEGER NOT NULL DEFAULT 0,
        last_error    TEXT,
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL
    ) STRICT;
    -- rowid is copied too: history breaks ties between equal times by it.
    INSERT INTO payments_v2 (rowid, refid, product, account, amount, body, state,
        status_code, status_text, reason, product_name, sn, pin, voucherlink, expiry, note,
        cost, balance_after, attempts, last_error, created_at, updated_at)
    SELECT rowid, refid, product, account, amount, body, state,
        status_code, status_text, reason, product_name, sn, pin, voucherlink, expiry, note,
        cost, balance_after, attempts, last_error, created_at, updated_at
    FROM payments;
    DROP TABLE payments;
    ALTER TABLE payments_v2 RENAME TO payments;
    CREATE INDEX payments_by_time ON payments (created_at);
    CREATE INDEX payments_by_account ON payments (account, created_at);
    -- `not_sent` is final, so it stays out of the open payments' index.
    CREATE INDEX payments_open ON payments (product, account, amount, created_at)
        WHERE state IN ('sending', 'pending', 'unknown');",
    // 3: voucher secrets sealed (see crate::vault): nonce ‖ ciphertext under the
    // environment's key in the keychain. `pin` and `voucherlink` are no longer written;
    // what an older Kaunter left in them is sealed once the key is at hand.
    // `voucher_not_stored`: a reply carried a secret that could not be sealed (no key).
    "ALTER TABLE payments ADD COLUMN pin_sealed BLOB;
    ALTER TABLE payments ADD COLUMN voucherlink_sealed BLOB;
    ALTER TABLE payments ADD COLUMN voucher_not_stored INTEGER NOT NULL DEFAULT 0
        CHECK (voucher_not_stored IN (0, 1));",
];

/// Brings the file up to the newest schema; refuses a file written by a newer Kaunter.
///
/// Safe against another process opening the same file at the same moment: the version
/// is read again after taking the write lock, so only the first opener migrates.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    if version(conn)? == newest() {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let current = version(&tx)?;
    if current > newest() {
        return Err(Error::Storage(format!(
            "the payment journal has schema version {current}, newer than this Kaunter knows \
             ({}): update Kaunter",
            newest()
        )));
    }
    for sql in MIGRATIONS.iter().skip(current as usize) {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", newest())?;
    tx.commit()?;
    Ok(())
}

fn version(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("PRAGMA user_version", [], |row| row.get(0))?)
}

fn newest() -> u32 {
    MIGRATIONS.len() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_once_and_refuses_a_newer_file() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        migrate(&mut conn).unwrap();
        let version: u32 = conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .unwrap();
        assert_eq!(version as usize, MIGRATIONS.len());

        conn.pragma_update(None, "user_version", 99).unwrap();
        let err = migrate(&mut conn).unwrap_err();
        assert!(err.to_string().contains("newer"), "{err}");
    }

    #[test]
    fn version_1_files_keep_their_payments_and_gain_not_sent() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = Connection::open(dir.path().join("journal.sqlite3")).unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute_batch(
            "INSERT INTO payments (rowid, refid, product, account, amount, body, state,
                 attempts, sn, created_at, updated_at)
             VALUES (7, 'KTR-1', 'D', '0111', '10.00', x'7b7d', 'succeeded', 1, 'SN1', 5, 6),
                    (9, 'KTR-2', 'D', '0111', '10.00', x'7b7d', 'sending', 0, NULL, 5, 5);",
        )
        .unwrap();

        migrate(&mut conn).unwrap();

        assert_eq!(version(&conn).unwrap(), newest());
        let kept: Vec<(i64, String, String, Option<String>)> = conn
            .prepare("SELECT rowid, refid, state, sn FROM payments ORDER BY rowid")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            kept,
            [
                (7, "KTR-1".into(), "succeeded".into(), Some("SN1".into())),
                (9, "KTR-2".into(), "sending".into(), None),
            ]
        );
        conn.execute(
            "UPDATE payments SET state = 'not_sent' WHERE refid = 'KTR-2'",
            [],
        )
        .unwrap();
        let bad = conn.execute(
            "UPDATE payments SET state = 'lost' WHERE refid = 'KTR-2'",
            [],
        );
        assert!(bad.is_err(), "the CHECK still guards the states");
        let indexes: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            indexes,
            ["payments_by_account", "payments_by_time", "payments_open"]
        );
    }
}
