//! The journal's schema, versioned by `PRAGMA user_version`.
//!
//! Each migration moves the file from version `n` to `n + 1` inside one transaction,
//! so a crash mid-upgrade leaves the old version intact. Never edit a shipped
//! migration: append a new one.

use rusqlite::Connection;

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
];

/// Brings the file up to the newest schema; refuses a file written by a newer Kaunter.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let current: u32 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    let newest = MIGRATIONS.len() as u32;
    if current > newest {
        return Err(Error::Storage(format!(
            "the payment journal has schema version {current}, newer than this Kaunter knows \
             ({newest}): update Kaunter"
        )));
    }
    for (version, sql) in (1..).zip(MIGRATIONS).skip(current as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
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
}
