//! The CSV file an export streams into: Excel-ready, and in place only when complete.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::CsvFormat;
use crate::atomic_file::AtomicFile;
use crate::{Error, Result};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

pub(crate) struct CsvSink {
    path: PathBuf,
    writer: csv::Writer<AtomicFile>,
}

impl CsvSink {
    /// Without `overwrite`, fails with [`crate::Error::FileExists`] if a file is at
    /// `path`, now or when the export is done.
    pub fn create(
        path: &Path,
        format: CsvFormat,
        overwrite: bool,
        header: &[&str],
    ) -> Result<Self> {
        let mut file = if overwrite {
            AtomicFile::create(path)?
        } else {
            AtomicFile::create_new(path)?
        };
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
        sink.write(header)?;
        Ok(sink)
    }

    pub fn write<I, T>(&mut self, record: I) -> Result<()>
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

    pub fn commit(self) -> Result<()> {
        let file = self
            .writer
            .into_inner()
            .map_err(|e| write_error(&self.path, e.into_error()))?;
        file.commit()
    }
}

fn write_error(path: &Path, e: std::io::Error) -> Error {
    Error::io(format!("writing {}", path.display()), e)
}
