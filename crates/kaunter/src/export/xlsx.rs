//! The Excel workbook an export streams into: typed cells, never a formula, written in
//! constant memory (each finished row goes to a scratch file), continued on a new sheet
//! at Excel's row limit, then a report's appendices, with the totals on a last
//! `Summary` sheet.

use std::path::{Path, PathBuf};

use chrono::{Datelike as _, NaiveDate, Timelike as _};
use iimmpact::Timestamp;
use rust_decimal::Decimal;
use rust_xlsxwriter::{ColNum, ExcelDateTime, Format, RowNum, Workbook, Worksheet, XlsxError};

use super::cells::{self, Cell};
use super::sink::{write_error, RowSink};
use super::{Appendix, Summary};
use crate::atomic_file::AtomicFile;
use crate::{Error, Problem, Result};

/// Rows in an Excel sheet, header included.
pub(crate) const EXCEL_MAX_ROWS: u32 = 1_048_576;

const MONEY_FORMAT: &str = "#,##0.00";
const DATE_FORMAT: &str = "yyyy-mm-dd hh:mm:ss";
const DAY_FORMAT: &str = "yyyy-mm-dd";
/// Wide enough for `DATE_FORMAT` and a large amount: Excel shows `####` in a cell
/// too narrow for its number.
const DATE_WIDTH: f64 = 19.0;
const DAY_WIDTH: f64 = 11.0;
const MONEY_WIDTH: f64 = 15.0;

/// What the data sheets look like.
pub(crate) struct Layout {
    /// The first sheet's name; the next are `{name} 2`, `{name} 3`, …
    pub name: &'static str,
    pub columns: &'static [&'static str],
    pub grouped_by: &'static str,
    pub rows_per_sheet: u32,
}

pub(crate) struct XlsxSink {
    path: PathBuf,
    file: AtomicFile,
    workbook: Workbook,
    layout: Layout,
    styles: Styles,
    /// Data sheets so far; the last one is written.
    sheets: usize,
    /// The next row of the last sheet.
    row: RowNum,
}

struct Styles {
    header: Format,
    money: Format,
    date: Format,
    day: Format,
}

impl XlsxSink {
    pub fn new(path: &Path, file: AtomicFile, mut layout: Layout) -> Result<Self> {
        // A header and at least one row, or no row would ever be written.
        layout.rows_per_sheet = layout.rows_per_sheet.clamp(2, EXCEL_MAX_ROWS);
        let mut sink = Self {
            path: path.to_path_buf(),
            file,
            workbook: Workbook::new(),
            layout,
            styles: Styles {
                header: Format::new().set_bold(),
                money: Format::new().set_num_format(MONEY_FORMAT),
                date: Format::new().set_num_format(DATE_FORMAT),
                day: Format::new().set_num_format(DAY_FORMAT),
            },
            sheets: 0,
            row: 0,
        };
        // The rows wait in scratch files until the workbook is zipped. Beside the
        // export, not in the system temp dir: that may be a RAM disk, and the user
        // chose this disk for the export's bytes.
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if let Err(e) = sink.workbook.set_tempdir(dir) {
            return Err(xlsx_error(path, None, e));
        }
        sink.add_sheet()?;
        Ok(sink)
    }

    /// A data sheet with the header, frozen so it stays in sight while scrolling.
    fn add_sheet(&mut self) -> Result<()> {
        let number = self.sheets + 1;
        let name = match number {
            1 => self.layout.name.to_owned(),
            n => format!("{} {n}", self.layout.name),
        };
        let (columns, header) = (self.layout.columns, &self.styles.header);
        let added = self
            .workbook
            .add_worksheet_with_constant_memory()
            .and_then(|sheet| {
                sheet.set_name(name)?.set_freeze_panes(1, 0)?;
                for (col, title) in (0..).zip(columns) {
                    sheet.write_string_with_format(0, col, *title, header)?;
                }
                Ok(())
            });
        added.map_err(|e| xlsx_error(&self.path, None, e))?;
        self.sheets = number;
        self.row = 1;
        Ok(())
    }

    /// A sheet of small tables, each under its title and header. They are few rows,
    /// so the sheet is kept in memory and its columns sized to fit.
    fn add_appendix(&mut self, appendix: &Appendix<'_>) -> Result<()> {
        let Self {
            workbook,
            styles,
            path,
            ..
        } = self;
        let sheet = workbook.add_worksheet();
        let written = (|| -> Result<(), XlsxError> {
            sheet.set_name(appendix.name)?;
            let mut row: RowNum = 0;
            for table in &appendix.tables {
                if let Some(title) = table.title {
                    sheet.write_string_with_format(row, 0, title, &styles.header)?;
                    row += 1;
                }
                for (col, title) in (0..).zip(&table.columns) {
                    sheet.write_string_with_format(row, col, *title, &styles.header)?;
                }
                row += 1;
                for cells in &table.rows {
                    for (col, cell) in (0..).zip(cells) {
                        write_cell(sheet, row, col, cell, styles)?;
                    }
                    row += 1;
                }
                row += 1;
            }
            sheet.autofit();
            Ok(())
        })();
        written.map_err(|e| xlsx_error(path, None, e))
    }

    fn add_summary(&mut self, summary: &Summary) -> Result<()> {
        let (header, money) = (&self.styles.header, &self.styles.money);
        let grouped_by = self.layout.grouped_by;
        let sheet = self.workbook.add_worksheet();
        let written = (|| -> Result<(), XlsxError> {
            sheet.set_name("Summary")?;
            sheet
                .set_column_width(0, 18)?
                .set_column_width(2, MONEY_WIDTH)?;
            sheet.write_string_with_format(0, 0, "rows", header)?;
            sheet.write_number(0, 1, summary.rows as f64)?;
            let balances = [
                ("opening balance", summary.opening_balance),
                ("closing balance", summary.closing_balance),
            ];
            let mut row = 1;
            for (label, balance) in balances {
                if let Some(balance) = balance {
                    sheet.write_string_with_format(row, 0, label, header)?;
                    write_money(sheet, row, 1, balance, money)?;
                    row += 1;
                }
            }
            row += 1;
            for (col, title) in (0..).zip([grouped_by, "count", "amount"]) {
                sheet.write_string_with_format(row, col, title, header)?;
            }
            for group in &summary.groups {
                row += 1;
                sheet.write_string(row, 0, &group.name)?;
                sheet.write_number(row, 1, group.count as f64)?;
                write_money(sheet, row, 2, group.amount, money)?;
            }
            Ok(())
        })();
        written.map_err(|e| xlsx_error(&self.path, None, e))
    }
}

impl RowSink for XlsxSink {
    fn write(&mut self, row: &[Cell<'_>]) -> Result<()> {
        if self.row >= self.layout.rows_per_sheet {
            self.add_sheet()?;
        }
        let at = self.row;
        let first = at == 1;
        let Self {
            workbook,
            styles,
            layout,
            path,
            sheets,
            ..
        } = self;
        let sheet = workbook
            .worksheet_from_index(*sheets - 1)
            .map_err(|e| xlsx_error(path, None, e))?;
        for ((col, cell), name) in (0..).zip(row).zip(layout.columns) {
            if first {
                size_column(sheet, col, cell).map_err(|e| xlsx_error(path, Some(name), e))?;
            }
            write_cell(sheet, at, col, cell, styles)
                .map_err(|e| xlsx_error(path, Some(name), e))?;
        }
        self.row += 1;
        Ok(())
    }

    fn commit(mut self: Box<Self>, summary: &Summary, appendices: &[Appendix<'_>]) -> Result<()> {
        for appendix in appendices {
            self.add_appendix(appendix)?;
        }
        self.add_summary(summary)?;
        let Self {
            path,
            mut file,
            mut workbook,
            ..
        } = *self;
        workbook
            .save_to_writer(&mut file)
            .map_err(|e| xlsx_error(&path, None, e))?;
        file.commit()
    }
}

fn write_cell(
    sheet: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    cell: &Cell<'_>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    match cell {
        // Always a string cell, never a formula, whatever the text starts with: unlike a
        // CSV cell, it needs no neutralising mark.
        Cell::Text(text) if !text.is_empty() => {
            sheet.write_string(row, col, text.as_ref())?;
        }
        Cell::Money { value, .. } => write_money(sheet, row, col, *value, &styles.money)?,
        // Status codes and such: small, so exact as a number.
        Cell::Integer(value) => {
            sheet.write_number(row, col, *value as f64)?;
        }
        Cell::Bool(value) => {
            sheet.write_boolean(row, col, *value)?;
        }
        Cell::Date(at) => {
            sheet.write_datetime_with_format(row, col, excel_time(*at)?, &styles.date)?;
        }
        Cell::Day(day) => {
            sheet.write_datetime_with_format(row, col, excel_day(*day)?, &styles.day)?;
        }
        Cell::Text(_) | Cell::Empty => {}
    }
    Ok(())
}

/// The GMT+8 wall-clock time as Excel's serial date-time: Excel has no time zones.
fn excel_time(at: Timestamp) -> Result<ExcelDateTime, XlsxError> {
    let local = cells::local_time(at);
    excel_day(local.date())?.and_hms(local.hour() as u16, local.minute() as u8, local.second())
}

/// A calendar day as Excel's serial date.
fn excel_day(day: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    let year =
        u16::try_from(day.year()).map_err(|_| XlsxError::DateTimeRangeError(day.to_string()))?;
    // Month and day always fit: chrono keeps them in range.
    ExcelDateTime::from_ymd(year, day.month() as u8, day.day() as u8)
}

/// Money as the number nearest its exact decimal value: parsing the decimal's own
/// digits rounds correctly, where arithmetic on its parts can be a bit off, so Excel
/// reads back the digits IIMMPACT sent.
fn write_money(
    sheet: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    value: Decimal,
    format: &Format,
) -> Result<(), XlsxError> {
    let number: f64 = value
        .to_string()
        .parse()
        .map_err(|_| XlsxError::ParameterError(format!("{value} is not a number")))?;
    sheet.write_number_with_format(row, col, number, format)?;
    Ok(())
}

/// Widens a column for the numbers the first row shows in it.
fn size_column(sheet: &mut Worksheet, col: ColNum, cell: &Cell<'_>) -> Result<(), XlsxError> {
    let width = match cell {
        Cell::Date(_) => DATE_WIDTH,
        Cell::Day(_) => DAY_WIDTH,
        Cell::Money { .. } => MONEY_WIDTH,
        _ => return Ok(()),
    };
    sheet.set_column_width(col, width)?;
    Ok(())
}

fn xlsx_error(path: &Path, column: Option<&str>, e: XlsxError) -> Error {
    match (e, column) {
        (XlsxError::IoError(io), _) => write_error(path, io),
        // An Excel cell holds at most 32,767 characters; CSV has no such limit.
        (XlsxError::MaxStringLengthExceeded, Some(column)) => {
            Error::invalid(column, Problem::TooLong { max: 32_767 })
        }
        (XlsxError::DateTimeRangeError(_) | XlsxError::DateTimeParseError(_), Some(column)) => {
            Error::invalid(
                column,
                Problem::OutOfRange {
                    min: "1900-01-01".into(),
                    max: "9999-12-31".into(),
                },
            )
        }
        (e, _) => write_error(path, std::io::Error::other(e.to_string())),
    }
}
