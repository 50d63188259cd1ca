//! One request budget for the whole process: a token bucket with priorities.
//!
//! IIMMPACT allows 30,000 requests per 5 minutes per source IP and answers a breach
//! with a 403 that blocks the IP for 240 minutes (`../shared/iimmpact-api.md` §4.4). Every counter in an
//! outlet shares that IP, so one PC's share is a tenth of it: 3,000 requests per
//! 300 s ([`RequestBudget::SHARE_PER_WINDOW`]). A token bucket can grant its whole
//! burst and then its rate for the rest of any window, `burst + rate × 300`, so
//! [`RequestBudget::new`] refuses any pair above the share; the default, 9 req/s with
//! a burst of 18, grants at most 2,718. Every call acquires a token here before it is
//! sent. A payment or a status check goes ahead of interactive calls,
//! and both go ahead of export pages, so an export never delays a customer.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

use crate::error::{InputError, Problem};

/// Who is waiting for a token, most urgent first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Priority {
    /// A payment or its status check: a customer is standing at the counter.
    Payment,
    /// Balance, product lists, bill checks: a person is waiting for the screen.
    Interactive,
    /// Export pages: can wait.
    Bulk,
}

const PRIORITIES: usize = 3;

#[derive(Debug)]
pub struct RequestBudget {
    state: Mutex<State>,
    granted: AtomicU64,
}

#[derive(Debug)]
struct State {
    /// Under the lock with the tokens, so a rate change (a settings change while the
    /// app runs) applies to the next token of every waiter at once.
    rate_per_sec: f64,
    burst: f64,
    tokens: f64,
    refilled_at: Instant,
    /// The tickets of the waiters of each priority, in the order they came.
    waiting: [BTreeSet<u64>; PRIORITIES],
    next_ticket: u64,
}

impl RequestBudget {
    /// One PC's share of IIMMPACT's per-IP limit (30,000 per window): a tenth, as an
    /// outlet's counters share one IP address.
    pub const SHARE_PER_WINDOW: u32 = 3_000;
    /// The rate limiter's window.
    pub const WINDOW: Duration = Duration::from_secs(300);
    /// A burst of two seconds' requests, with room to spare in the share.
    pub const DEFAULT_RATE_PER_SEC: f64 = 9.0;
    pub const DEFAULT_BURST: u32 = 18;

    /// The highest rate that keeps `burst + rate × window` within the share; `None`
    /// when the burst alone exceeds it.
    pub fn max_rate_for(burst: u32) -> Option<f64> {
        let room = Self::SHARE_PER_WINDOW
            .checked_sub(burst)
            .filter(|&r| r > 0)?;
        Some(f64::from(room) / Self::WINDOW.as_secs_f64())
    }

    /// A budget that starts full (`burst` tokens), within this PC's share of the limit.
    pub fn new(rate_per_sec: f64, burst: u32) -> Result<Self, InputError> {
        within_share(rate_per_sec, burst)?;
        Self::uncapped(rate_per_sec, burst)
    }

    /// A budget without the cap on the share: only for a simulator on loopback, e.g. a
    /// benchmark measuring pacing at rates IIMMPACT itself would block.
    pub fn uncapped(rate_per_sec: f64, burst: u32) -> Result<Self, InputError> {
        valid(rate_per_sec, burst)?;
        Ok(Self {
            state: Mutex::new(State {
                rate_per_sec,
                burst: f64::from(burst),
                tokens: f64::from(burst),
                refilled_at: Instant::now(),
                waiting: Default::default(),
                next_ticket: 0,
            }),
            granted: AtomicU64::new(0),
        })
    }

    /// Changes the rate and burst from now on, within the share as [`Self::new`]; the
    /// tokens already saved up never exceed the new burst.
    pub fn set_rate(&self, rate_per_sec: f64, burst: u32) -> Result<(), InputError> {
        within_share(rate_per_sec, burst)?;
        valid(rate_per_sec, burst)?;
        let mut state = self.lock();
        state.refill(Instant::now());
        state.rate_per_sec = rate_per_sec;
        state.burst = f64::from(burst);
        state.tokens = state.tokens.min(state.burst);
        Ok(())
    }

    pub fn rate_per_sec(&self) -> f64 {
        self.lock().rate_per_sec
    }

    pub fn burst(&self) -> u32 {
        self.lock().burst as u32
    }

    /// Requests let through so far.
    pub fn granted(&self) -> u64 {
        self.granted.load(Ordering::Relaxed)
    }

    /// Waits for a token. A waiter lets every more urgent waiter go first, and the
    /// waiters of its own priority that came before it; dropping the future (a cancelled
    /// export) gives up its place. In order because an export's pages ask in page order
    /// and are yielded in it: a page that lost the race for its token to the pages behind
    /// it would hold them all up, and with a burst of 1 the tokens issued meanwhile are lost.
    pub async fn acquire(&self, priority: Priority) {
        let place = Place::take(self, priority);
        loop {
            let wait = match self.try_take(&place) {
                None => return,
                Some(wait) => wait,
            };
            tokio::time::sleep(wait).await;
        }
    }

    /// Takes a token for `place`, or says how long to wait before trying again.
    fn try_take(&self, place: &Place<'_>) -> Option<Duration> {
        let mut state = self.lock();
        state.refill(Instant::now());
        let priority = place.priority as usize;
        let more_urgent_waiting = state.waiting[..priority].iter().any(|q| !q.is_empty());
        // A token for each waiter ahead in this priority, and one for this one.
        let needed = state.waiting[priority].range(..place.ticket).count() as f64 + 1.0;
        if state.tokens >= needed && !more_urgent_waiting {
            state.tokens -= 1.0;
            self.granted.fetch_add(1, Ordering::Relaxed);
            return None;
        }
        // Until the tokens it needs exist; when they exist but are promised to a more
        // urgent waiter, look again after that waiter's turn.
        let missing = (needed - state.tokens).max(0.0);
        let secs = if missing > 0.0 {
            missing / state.rate_per_sec
        } else {
            1.0 / state.rate_per_sec
        };
        Some(Duration::from_secs_f64(secs))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // The state is plain numbers, valid even if a holder panicked.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The timer wakes a waiter on its first tick at or after the token is due, so up to a
/// tick late, and a few microseconds after a tick counts as the next one.
const TIMER_TICK: Duration = Duration::from_millis(1);

impl State {
    /// Adds what accrued since the last refill. The bucket holds its burst plus what
    /// accrues in one timer tick: with a burst of 1 a full bucket would otherwise lose,
    /// on every grant, the time its waiter woke after the token came due (about a tick
    /// each: 26 ms a page instead of 25 at 40/s). Over any time `t` it grants at most
    /// `burst + rate × (t + 1 ms)`: over IIMMPACT's 300 s window, at the share's rates
    /// (under 10/s), a hundredth of a request more than `burst + rate × t`, never a whole one.
    fn refill(&mut self, now: Instant) {
        let elapsed = now.duration_since(self.refilled_at).as_secs_f64();
        let cap = self.burst + self.rate_per_sec * TIMER_TICK.as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.rate_per_sec).min(cap);
        self.refilled_at = now;
    }
}

/// A bucket can grant its whole burst and then its rate for the rest of any window.
fn within_share(rate_per_sec: f64, burst: u32) -> Result<(), InputError> {
    let most = f64::from(burst) + rate_per_sec * RequestBudget::WINDOW.as_secs_f64();
    // Rounding of the product must not refuse a pair exactly at the share.
    if most > f64::from(RequestBudget::SHARE_PER_WINDOW) + 1e-9 {
        // The fastest rate this burst leaves room for, rounded down to a hundredth.
        let room = f64::from(RequestBudget::SHARE_PER_WINDOW.saturating_sub(burst));
        let max = (room / RequestBudget::WINDOW.as_secs_f64() * 100.0).floor() / 100.0;
        return Err(InputError::new(
            "rate",
            Problem::AboveMax {
                max: max.to_string(),
            },
        ));
    }
    Ok(())
}

fn valid(rate_per_sec: f64, burst: u32) -> Result<(), InputError> {
    if !(rate_per_sec.is_finite() && rate_per_sec > 0.0) {
        return Err(InputError::new("rate", Problem::NotPositive));
    }
    if burst == 0 {
        return Err(InputError::new(
            "burst",
            Problem::BelowMin { min: "1".into() },
        ));
    }
    Ok(())
}

impl Default for RequestBudget {
    fn default() -> Self {
        Self::new(Self::DEFAULT_RATE_PER_SEC, Self::DEFAULT_BURST).expect("the defaults are valid")
    }
}

/// A waiter's place in the queue of its priority, released however the wait ends.
struct Place<'a> {
    budget: &'a RequestBudget,
    priority: Priority,
    ticket: u64,
}

impl<'a> Place<'a> {
    fn take(budget: &'a RequestBudget, priority: Priority) -> Self {
        let mut state = budget.lock();
        let ticket = state.next_ticket;
        state.next_ticket += 1;
        state.waiting[priority as usize].insert(ticket);
        Self {
            budget,
            priority,
            ticket,
        }
    }
}

impl Drop for Place<'_> {
    fn drop(&mut self) {
        self.budget.lock().waiting[self.priority as usize].remove(&self.ticket);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[tokio::test(start_paused = true)]
    async fn burst_then_steady_rate() {
        let budget = RequestBudget::new(9.0, 18).unwrap();
        let start = Instant::now();
        for _ in 0..18 {
            budget.acquire(Priority::Bulk).await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO, "the burst is free");
        for _ in 0..72 {
            budget.acquire(Priority::Bulk).await;
        }
        let took = start.elapsed().as_secs_f64();
        assert!(
            (7.9..8.2).contains(&took),
            "72 more at 9/s take 8 s, took {took}"
        );
        assert_eq!(budget.granted(), 90);
    }

    #[tokio::test(start_paused = true)]
    async fn never_more_than_burst_plus_rate_times_window() {
        let budget = Arc::new(RequestBudget::new(5.0, 3).unwrap());
        let start = Instant::now();
        let tasks: Vec<_> = (0..40)
            .map(|i| {
                let budget = budget.clone();
                let priority = [Priority::Payment, Priority::Interactive, Priority::Bulk][i % 3];
                tokio::spawn(async move {
                    budget.acquire(priority).await;
                    start.elapsed().as_secs_f64()
                })
            })
            .collect();
        let mut times = Vec::new();
        for t in tasks {
            times.push(t.await.unwrap());
        }
        times.sort_by(f64::total_cmp);
        for (i, &t) in times.iter().enumerate() {
            let allowed = 3.0 + 5.0 * t + 1e-6;
            assert!(
                (i + 1) as f64 <= allowed,
                "grant {} at {t} s exceeds the bucket",
                i + 1
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_late_waiter_keeps_its_tick_so_a_burst_of_one_reaches_the_rate() {
        // 30/s: a token every 33.3 ms, which the timer rounds up to 34 ms a grant if the
        // bucket drops what accrued while the waiter slept past the token.
        let budget = RequestBudget::uncapped(30.0, 1).unwrap();
        let start = Instant::now();
        let mut times = Vec::new();
        for _ in 0..301 {
            budget.acquire(Priority::Bulk).await;
            times.push(start.elapsed().as_secs_f64());
        }
        let took = start.elapsed().as_secs_f64();
        assert!(
            (10.0..10.01).contains(&took),
            "300 after the burst at 30/s take 10 s, took {took}"
        );
        for (i, &t) in times.iter().enumerate() {
            let allowed = 1.0 + 30.0 * (t + TIMER_TICK.as_secs_f64()) + 1e-9;
            assert!((i + 1) as f64 <= allowed, "grant {} at {t} s", i + 1);
        }
    }

    #[tokio::test(start_paused = true)]
    async fn waiters_of_one_priority_are_served_in_the_order_they_came() {
        let budget = RequestBudget::uncapped(10.0, 2).unwrap();
        let first = Place::take(&budget, Priority::Bulk);
        let second = Place::take(&budget, Priority::Bulk);
        let third = Place::take(&budget, Priority::Bulk);
        // Two tokens: the first two may take one each, whichever asks first.
        assert_eq!(budget.try_take(&second), None);
        assert!(
            budget.try_take(&third).is_some(),
            "the first is still ahead"
        );
        assert_eq!(budget.try_take(&first), None);
        drop((first, second));
        let wait = budget.try_take(&third).expect("the bucket is empty");
        assert_eq!(wait, Duration::from_millis(100));
        // The next token, due to the third, is not taken by a newcomer.
        tokio::time::advance(wait).await;
        let fourth = Place::take(&budget, Priority::Bulk);
        assert!(budget.try_take(&fourth).is_some(), "the third came first");
        assert_eq!(budget.try_take(&third), None);
    }

    #[tokio::test(start_paused = true)]
    async fn payments_go_ahead_of_waiting_export_pages() {
        let budget = Arc::new(RequestBudget::new(1.0, 1).unwrap());
        budget.acquire(Priority::Bulk).await; // empty now
        let order = Arc::new(Mutex::new(Vec::new()));
        let spawn = |priority: Priority, name: &'static str| {
            let (budget, order) = (budget.clone(), order.clone());
            tokio::spawn(async move {
                budget.acquire(priority).await;
                order.lock().unwrap().push(name);
            })
        };
        let bulk = [
            spawn(Priority::Bulk, "bulk1"),
            spawn(Priority::Bulk, "bulk2"),
        ];
        tokio::time::sleep(Duration::from_millis(10)).await;
        let interactive = spawn(Priority::Interactive, "interactive");
        let payment = spawn(Priority::Payment, "payment");
        for t in bulk.into_iter().chain([interactive, payment]) {
            t.await.unwrap();
        }
        let order = order.lock().unwrap().clone();
        assert_eq!(&order[..2], ["payment", "interactive"], "{order:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_cancelled_waiter_gives_up_its_place() {
        let budget = RequestBudget::new(1.0, 1).unwrap();
        budget.acquire(Priority::Bulk).await;
        let cancelled = tokio::time::timeout(
            Duration::from_millis(100),
            budget.acquire(Priority::Payment),
        )
        .await;
        assert!(cancelled.is_err());
        // Had the payment's place leaked, this bulk request would wait forever.
        tokio::time::timeout(Duration::from_secs(2), budget.acquire(Priority::Bulk))
            .await
            .unwrap();
    }

    #[test]
    fn invalid_settings_name_their_field() {
        assert_eq!(RequestBudget::new(0.0, 1).unwrap_err().field, "rate");
        assert_eq!(RequestBudget::new(f64::NAN, 1).unwrap_err().field, "rate");
        assert_eq!(RequestBudget::new(1.0, 0).unwrap_err().field, "burst");
        assert_eq!(RequestBudget::uncapped(0.0, 1).unwrap_err().field, "rate");
    }

    #[test]
    fn the_share_of_the_ip_limit_caps_rate_and_burst() {
        let share = f64::from(RequestBudget::SHARE_PER_WINDOW);
        let window = RequestBudget::WINDOW.as_secs_f64();
        assert_eq!((share, window), (3000.0, 300.0));
        // At the boundary, and one request beyond it.
        assert!(RequestBudget::new(9.9, 30).is_ok());
        assert!(RequestBudget::new(10.0, 1).is_err());
        let err = RequestBudget::new(10.0, 20).unwrap_err();
        assert_eq!(err.field, "rate");
        // With a burst of 20, the share leaves room for (3000 - 20) / 300 requests/s.
        assert_eq!(
            err.problem,
            Problem::AboveMax { max: "9.93".into() },
            "{err}"
        );
        assert!(
            RequestBudget::new(1.0, 3_000).is_err(),
            "a burst alone over the share"
        );
        for burst in [1, 18, 300, 2_999] {
            let rate = RequestBudget::max_rate_for(burst).unwrap();
            assert!(RequestBudget::new(rate, burst).is_ok(), "{burst}");
            assert!(RequestBudget::new(rate + 0.01, burst).is_err(), "{burst}");
        }
        assert_eq!(RequestBudget::max_rate_for(3_000), None);
        assert!(RequestBudget::uncapped(1000.0, 1000).is_ok());
    }

    #[tokio::test(start_paused = true)]
    async fn a_new_rate_applies_at_once_and_keeps_to_the_share() {
        let budget = RequestBudget::new(9.0, 18).unwrap();
        assert_eq!(budget.set_rate(10.0, 20).unwrap_err().field, "rate");
        assert_eq!(
            budget.rate_per_sec(),
            9.0,
            "a refused change changes nothing"
        );
        budget.set_rate(2.0, 4).unwrap();
        assert_eq!((budget.rate_per_sec(), budget.burst()), (2.0, 4));
        let start = Instant::now();
        for _ in 0..4 {
            budget.acquire(Priority::Bulk).await;
        }
        assert_eq!(
            start.elapsed(),
            Duration::ZERO,
            "saved tokens cut to the new burst"
        );
        for _ in 0..4 {
            budget.acquire(Priority::Bulk).await;
        }
        let took = start.elapsed().as_secs_f64();
        assert!(
            (1.9..2.1).contains(&took),
            "4 more at 2/s take 2 s, took {took}"
        );
    }

    #[test]
    fn the_default_keeps_to_the_share() {
        let d = RequestBudget::default();
        assert_eq!((d.rate_per_sec(), d.burst()), (9.0, 18));
        let most = f64::from(d.burst()) + d.rate_per_sec() * RequestBudget::WINDOW.as_secs_f64();
        assert!(most <= f64::from(RequestBudget::SHARE_PER_WINDOW), "{most}");
    }
}
