//! Progress at most ten times a second, whatever the pages' pace.
//!
//! Pages can come in by the dozen a second, and every report crosses to the window (a
//! Tauri channel, a message the web process parses and renders). Nobody reads faster
//! than ten updates a second, and a web view that keeps up with every page grew by tens
//! of MiB over a 20,000-row export. So a report goes out at once when the last one is
//! old enough, is otherwise held back (replacing any held before it), and the one held
//! at the end goes out then: the final count always reaches the user.

use std::time::{Duration, Instant};

use super::Progress;

pub(crate) struct Throttle {
    every: Duration,
    sent_at: Option<Instant>,
    held: Option<Progress>,
}

impl Throttle {
    /// Ten a second.
    pub const EVERY: Duration = Duration::from_millis(100);

    pub fn new(every: Duration) -> Self {
        Self {
            every,
            sent_at: None,
            held: None,
        }
    }

    /// The report to send at `now`, if one is due; else `progress` is held back.
    pub fn offer(&mut self, progress: Progress, now: Instant) -> Option<Progress> {
        let due = self
            .sent_at
            .is_none_or(|sent| now.saturating_duration_since(sent) >= self.every);
        if due {
            self.sent_at = Some(now);
            self.held = None;
            Some(progress)
        } else {
            self.held = Some(progress);
            None
        }
    }

    /// The last report held back, to send when the pages are done.
    pub fn finish(self) -> Option<Progress> {
        self.held
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(rows: u64) -> Progress {
        Progress {
            rows,
            ..Progress::default()
        }
    }

    /// What goes out for reports offered at these milliseconds (the nth report has n
    /// rows), the final one included.
    fn sent(at_ms: &[u64]) -> Vec<(u64, u64)> {
        let start = Instant::now();
        let mut throttle = Throttle::new(Throttle::EVERY);
        let mut out = Vec::new();
        for (n, &ms) in (1..).zip(at_ms) {
            if let Some(p) = throttle.offer(rows(n), start + Duration::from_millis(ms)) {
                out.push((ms, p.rows));
            }
        }
        out.extend(throttle.finish().map(|p| (u64::MAX, p.rows)));
        out
    }

    #[test]
    fn the_first_goes_out_at_once_and_the_rest_at_most_every_100_ms() {
        let every_25_ms: Vec<u64> = (0..=12).map(|i| i * 25).collect();
        assert_eq!(
            sent(&every_25_ms),
            [(0, 1), (100, 5), (200, 9), (300, 13)],
            "40 pages a second: 4 in 300 ms, none held at the end"
        );
    }

    #[test]
    fn the_last_report_held_back_goes_out_at_the_end() {
        assert_eq!(sent(&[0, 10, 20]), [(0, 1), (u64::MAX, 3)]);
        assert_eq!(sent(&[0, 150, 160]), [(0, 1), (150, 2), (u64::MAX, 3)]);
    }

    #[test]
    fn slow_pages_all_go_out() {
        assert_eq!(
            sent(&[0, 100, 350, 1000]),
            [(0, 1), (100, 2), (350, 3), (1000, 4)]
        );
        assert_eq!(sent(&[]), []);
    }

    #[test]
    fn the_interval_counts_from_the_last_report_sent() {
        // 90 ms after the first is held, 180 ms is 180 ms after it: due.
        assert_eq!(sent(&[0, 90, 180, 260]), [(0, 1), (180, 3), (u64::MAX, 4)]);
    }
}
