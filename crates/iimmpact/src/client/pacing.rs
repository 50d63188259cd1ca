//! How many export pages to keep in flight: a pure function, so every case is a unit test.
//!
//! The budget decides how fast pages may be asked for; the pages in flight decide whether
//! that pace is reached. By Little's law, keeping `rate` requests a second going while
//! each takes `latency` on the wire needs `rate × latency` of them in flight. With fewer,
//! slow pages leave the budget unused (4 pages of 100 ms reach at most 40 a second, less
//! once any time goes to waiting). Pages are yielded in order, and the window is refilled
//! only when the page at the head of the line is yielded, up to a page's latency later;
//! meanwhile every token the budget issues needs a page already waiting for it, since a
//! bucket with a burst of 1 keeps none for a waiter that comes late. So the window holds
//! as many pages again waiting for their tokens as are on the wire. More than that never
//! speeds anything up, as the budget paces every request anyway, and only holds more
//! pages in memory. The window follows the latency measured so far and the budget's rate
//! as it is now, with headroom for uneven pages, clamped to a maximum that bounds an
//! export's memory.

use std::time::Duration;

/// The pacing of a page stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pacing {
    /// Never more pages in flight (or fetched and not yet yielded) than this: with
    /// pages of 1,000 rows, each a few hundred KiB, it bounds an export's memory.
    /// `1` reads one page at a time.
    pub max_in_flight: usize,
}

impl Pacing {
    pub const DEFAULT_MAX_IN_FLIGHT: usize = 16;
    /// Twice Little's law (on the wire, and as many waiting for their tokens while the
    /// head of the line comes back), and half as much again for uneven latencies: one
    /// slow page holds up those behind it. At 1.5 (on the wire only, with headroom), 200
    /// pages of 100 ms at 40/s with a burst of 1 reached 86–89% of the budget's bound; at
    /// 3, 91–92% (docs/measurements.md, "Export pacing and memory").
    const HEADROOM: f64 = 3.0;

    /// One page at a time.
    pub const SEQUENTIAL: Pacing = Pacing { max_in_flight: 1 };

    /// Pages to keep in flight at `rate_per_sec` (the budget's rate) when a page takes
    /// `latency` on the wire: at least one, at most [`Self::max_in_flight`]. The one
    /// more than the headroom asks for is the page already waiting for its token
    /// when the next token comes.
    pub fn in_flight(&self, rate_per_sec: f64, latency: Duration) -> usize {
        let busy = (rate_per_sec * latency.as_secs_f64() * Self::HEADROOM).ceil();
        // A float-to-int cast saturates (NaN is 0), so any rate stays in bounds.
        (busy as usize)
            .saturating_add(1)
            .clamp(1, self.max_in_flight.max(1))
    }
}

impl Default for Pacing {
    fn default() -> Self {
        Self {
            max_in_flight: Self::DEFAULT_MAX_IN_FLIGHT,
        }
    }
}

/// A page's time on the wire, smoothed over the pages so far: the first page's time,
/// then a quarter of the way towards each new one, so one slow page moves the window
/// a little and a lasting change moves it within a few pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Latency {
    smoothed: Duration,
}

impl Latency {
    pub fn first(sample: Duration) -> Self {
        Self { smoothed: sample }
    }

    pub fn observe(&mut self, sample: Duration) {
        self.smoothed = (self.smoothed * 3 + sample) / 4;
    }

    pub fn estimate(&self) -> Duration {
        self.smoothed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn little_s_law_with_headroom_and_the_waiting_page() {
        let pacing = Pacing::default();
        // 40/s × 0.1 s = 4 on the wire; × 3 = 12; + 1 waiting for its token.
        assert_eq!(pacing.in_flight(40.0, ms(100)), 13);
        // The default budget with fast pages: 9 × 0.1 × 3 = 2.7 → 3, + 1.
        assert_eq!(pacing.in_flight(9.0, ms(100)), 4);
        // The default budget with slow pages (a big statement on a busy day): 27 + 1, clamped.
        assert_eq!(pacing.in_flight(9.0, ms(1000)), 16);
        assert_eq!(pacing.in_flight(10.0, ms(200)), 7);
    }

    #[test]
    fn the_window_follows_the_latency_and_the_rate() {
        let pacing = Pacing::default();
        let by_latency: Vec<_> = [10, 50, 100, 200, 400]
            .map(|l| pacing.in_flight(20.0, ms(l)))
            .into();
        assert_eq!(by_latency, [2, 4, 7, 13, 16]);
        let by_rate: Vec<_> = [1.0, 5.0, 9.0, 20.0]
            .map(|r| pacing.in_flight(r, ms(300)))
            .into();
        assert_eq!(by_rate, [2, 6, 10, 16]);
    }

    #[test]
    fn clamped_to_the_maximum_and_never_below_one() {
        let pacing = Pacing::default();
        assert_eq!(pacing.in_flight(40.0, ms(1000)), 16);
        assert_eq!(pacing.in_flight(40.0, Duration::from_secs(3600)), 16);
        assert_eq!(pacing.in_flight(f64::INFINITY, ms(100)), 16);
        assert_eq!(pacing.in_flight(40.0, Duration::ZERO), 1);
        assert_eq!(pacing.in_flight(f64::NAN, ms(100)), 1);
        assert_eq!(pacing.in_flight(-5.0, ms(100)), 1);
        let small = Pacing { max_in_flight: 3 };
        assert_eq!(small.in_flight(40.0, ms(100)), 3);
        assert_eq!(
            Pacing { max_in_flight: 0 }.in_flight(40.0, ms(100)),
            1,
            "a zero maximum still reads pages"
        );
    }

    #[test]
    fn sequential_is_one_page_whatever_the_latency() {
        for (rate, latency) in [(40.0, 100), (9.0, 5000), (1000.0, 1)] {
            assert_eq!(Pacing::SEQUENTIAL.in_flight(rate, ms(latency)), 1);
        }
    }

    #[test]
    fn latency_starts_at_the_first_page_and_moves_a_quarter_at_a_time() {
        let mut latency = Latency::first(ms(100));
        assert_eq!(latency.estimate(), ms(100));
        latency.observe(ms(200));
        assert_eq!(latency.estimate(), ms(125));
        for _ in 0..20 {
            latency.observe(ms(400));
        }
        let settled = latency.estimate();
        assert!(settled > ms(395) && settled <= ms(400), "{settled:?}");
        latency.observe(ms(0));
        assert_eq!(latency.estimate(), settled * 3 / 4, "one fast page");
    }
}
