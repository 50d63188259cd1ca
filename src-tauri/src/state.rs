//! What every command shares, opened once at start.

use kaunter::journal::Journal;
use kaunter::paths::Paths;

pub struct AppState {
    pub paths: Paths,
    pub journal: Journal,
}

impl AppState {
    pub fn start() -> kaunter::Result<Self> {
        let paths = Paths::from_os()?;
        paths.create_all()?;
        let journal = Journal::open(&paths.journal_file())?;
        Ok(Self { paths, journal })
    }
}
