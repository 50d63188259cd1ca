//! The file an export streams into, in place only when complete: a CSV file here, a
//! workbook in `xlsx`, both behind [`RowSink`].

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::cells::Cell;
use super::engine::{Destination, Sheet};
use super::xlsx::{Layout, XlsxSink};
use super::{Appendix, CsvFormat, FileType, Summary};
use crate::atomic_file::AtomicFile;
use crate::{Error, Result};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Rows in, one file out.
pub(crate) trait RowSink: Send {
    fn write(&mut self, row: &[Cell<'_>]) -> Result<()>;
    /// Puts the file at its path; a file kind with room for them shows `summary`'s
    /// totals and the `appendices` beside the rows.
    fn commit(self: Box<Self>, summary: &Summary, appendices: &[Appendix<'_>]) -> Result<()>;
}

/// The file for `S`'s rows at `to`, its header written. Without `to.overwrite`, fails
/// with [`crate::Error::FileExists`] if a file is at the path, now or when the export
/// is done.
pub(crate) fn create<S: Sheet>(to: &Destination<'_>) -> Result<Box<dyn RowSink>> {
    let file = if to.overwrite {
        AtomicFile::create(to.out)?
    } else {
        AtomicFile::create_new(to.out)?
    };
    Ok(match to.file_type {
        FileType::Csv => Box::new(CsvSink::new(to.out, file, to.format, S::COLUMNS)?),
        FileType::Xlsx => Box::new(XlsxSink::new(
            to.out,
            file,
            Layout {
                name: S::NAME,
                columns: S::COLUMNS,
                grouped_by: S::GROUPED_BY,
                rows_per_sheet: to.rows_per_sheet,
            },
        )?),
    })
}

pub(crate) struct CsvSink {
    path: PathBuf,
    writer: csv::Writer<AtomicFile>,
}

impl CsvSink {
    fn new(path: &Path, mut file: AtomicFile, format: CsvFormat, header: &[&str]) -> Result<Self> {
        if format.bom {
            file.write_all(UTF8_BOM).map_err(|e| write_error(path, e))?;
        }
        let terminator = if format.crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        };
        let mut sink = Self {
            path: path.to_path_buf(),
            writer: csv::WriterBuilder::new()
                .terminator(terminator)
                .from_writer(file),
        };
        sink.write_record(header)?;
        Ok(sink)
    }

    fn write_record<I, T>(&mut self, record: I) -> Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.writer
            .write_record(record)
            .map_err(|e| match e.into_kind() {
                csv::ErrorKind::Io(io) => write_error(&self.path, io),
                other => write_error(&self.path, std::io::Error::other(format!("{other:?}"))),
            })
    }
}

impl RowSink for CsvSink {
    fn write(&mut self, row: &[Cell<'_>]) -> Result<()> {
        let fields: Vec<_> = row.iter().map(Cell::to_csv).collect();
        self.write_record(fields.iter().map(|f| f.as_bytes()))
    }

    /// A CSV file holds rows only: its summary is what the export reports.
    fn commit(self: Box<Self>, _summary: &Summary, _appendices: &[Appendix<'_>]) -> Result<()> {
        let file = self
            .writer
            .into_inner()
            .map_err(|e| write_error(&self.path, e.into_error()))?;
        file.commit()
    }
}

pub(crate) fn write_error(path: &Path, e: std::io::Error) -> Error {
    Error::io(format!("writing {}", path.display()), e)
}
