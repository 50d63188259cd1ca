//! Statement export: the client's page stream straight into an Excel-ready CSV file.
//!
//! - [`cells`]: one value → one cell (formula neutralising, exact money, GMT+8 dates).
//! - `sink`: the CSV file, written to a temp file and renamed into place on success.
//! - [`summary`]: the totals shown when an export is done.

pub mod cells;
mod sink;
pub mod summary;

use serde::{Deserialize, Serialize};

pub use summary::{GroupTotal, Summary};

/// A balance-statement entry type, as the export form filters by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EntryType {
    Deposit,
    Transaction,
    Refund,
    Commission,
}

/// How the CSV is laid out for the program that opens it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
#[ts(export)]
pub struct CsvFormat {
    /// A UTF-8 byte-order mark, without which Excel reads UTF-8 as the local code page.
    pub bom: bool,
    /// CRLF line endings, as Excel on Windows writes them.
    pub crlf: bool,
}

impl Default for CsvFormat {
    fn default() -> Self {
        Self {
            bom: true,
            crlf: true,
        }
    }
}
