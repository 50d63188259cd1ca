//! Request counting: the per-IP rate limit and the figures benchmarks check their budget with.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::IpAddr;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::config::RateLimit;

/// What the simulator has seen of the API traffic (not of `/_sim/`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub total_requests: u64,
    pub requests_per_path: BTreeMap<String, u64>,
    /// Most requests inside any sliding 1-second span.
    pub max_requests_per_second: u64,
    /// Most requests inside any sliding span of the rate-limit window.
    pub max_requests_per_window: u64,
    /// Requests answered 403 because their IP was over the limit or blocked, or while a
    /// block was forced (`/_sim/block`): "nothing was sent" is this staying put.
    pub blocked_requests: u64,
}

#[derive(Debug)]
struct Client {
    window_start: Instant,
    count: u32,
    blocked_until: Option<Instant>,
}

/// Why a request was turned away, and so which 403 it answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Blocked {
    /// `ip_blocked` with the block time: the rate limit's block, or one forced with its body.
    IpBlocked,
    /// The gateway's bare `Forbidden`, forced.
    Bare,
}

impl Blocked {
    pub fn forced(bare: bool) -> Self {
        if bare {
            Self::Bare
        } else {
            Self::IpBlocked
        }
    }
}

pub(crate) struct Traffic {
    limit: RateLimit,
    clients: HashMap<IpAddr, Client>,
    stats: Stats,
    last_second: Sliding,
    last_window: Sliding,
    /// A block forced from outside, refusing every request until lifted.
    forced: Option<Blocked>,
}

impl Traffic {
    pub fn new(limit: RateLimit) -> Self {
        Self {
            limit,
            clients: HashMap::new(),
            stats: Stats::default(),
            last_second: Sliding::new(Duration::from_secs(1)),
            last_window: Sliding::new(limit.window),
            forced: None,
        }
    }

    pub fn stats(&self) -> Stats {
        self.stats.clone()
    }

    /// Forces a block on every request (or lifts it, with `None`); the rate limit's own
    /// blocks are not touched.
    pub fn force_block(&mut self, block: Option<Blocked>) {
        self.forced = block;
    }

    /// Counts one request and applies the fixed-window limit per source IP, as documented:
    /// over `max_requests` in a window blocks the IP for `block`, whatever it sends meanwhile.
    pub fn admit(&mut self, ip: IpAddr, path: &str, now: Instant) -> Result<(), Blocked> {
        self.stats.total_requests += 1;
        *self
            .stats
            .requests_per_path
            .entry(path.to_owned())
            .or_default() += 1;
        self.stats.max_requests_per_second = self
            .stats
            .max_requests_per_second
            .max(self.last_second.push(now));
        self.stats.max_requests_per_window = self
            .stats
            .max_requests_per_window
            .max(self.last_window.push(now));
        if let Some(forced) = self.forced {
            self.stats.blocked_requests += 1;
            return Err(forced);
        }

        let client = self.clients.entry(ip).or_insert(Client {
            window_start: now,
            count: 0,
            blocked_until: None,
        });
        if let Some(until) = client.blocked_until {
            if now < until {
                self.stats.blocked_requests += 1;
                return Err(Blocked::IpBlocked);
            }
            client.blocked_until = None;
            client.window_start = now;
            client.count = 0;
        }
        if now.duration_since(client.window_start) >= self.limit.window {
            client.window_start = now;
            client.count = 0;
        }
        client.count += 1;
        if client.count > self.limit.max_requests {
            client.blocked_until = Some(now + self.limit.block);
            self.stats.blocked_requests += 1;
            return Err(Blocked::IpBlocked);
        }
        Ok(())
    }

    /// The block length as the message states it, in whole minutes rounded up.
    pub fn block_minutes(&self) -> u64 {
        u64::try_from(self.limit.block.as_millis().div_ceil(60_000)).unwrap_or(u64::MAX)
    }
}

/// Requests inside the last `span`.
struct Sliding {
    span: Duration,
    times: VecDeque<Instant>,
}

impl Sliding {
    fn new(span: Duration) -> Self {
        Self {
            span,
            times: VecDeque::new(),
        }
    }

    /// Adds `now` and returns how many requests the span ending `now` holds.
    fn push(&mut self, now: Instant) -> u64 {
        while self
            .times
            .front()
            .is_some_and(|&t| now.duration_since(t) >= self.span)
        {
            self.times.pop_front();
        }
        self.times.push_back(now);
        self.times.len() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    const IP: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

    fn traffic() -> Traffic {
        Traffic::new(RateLimit {
            max_requests: 3,
            window: Duration::from_secs(10),
            block: Duration::from_secs(60),
        })
    }

    /// The limit's three requests at the start of a window, each admitted.
    fn use_up_the_window(t: &mut Traffic, t0: Instant) {
        for i in 0..3 {
            assert_eq!(
                t.admit(IP, "/v2/balance", t0 + Duration::from_millis(i)),
                Ok(())
            );
        }
    }

    #[test]
    fn over_the_limit_blocks_for_the_block_time_then_recovers() {
        let mut t = traffic();
        let t0 = Instant::now();
        use_up_the_window(&mut t, t0);
        assert_eq!(
            t.admit(IP, "/v2/balance", t0 + Duration::from_secs(1)),
            Err(Blocked::IpBlocked)
        );
        // A new window does not lift the block; only the block time does.
        assert_eq!(
            t.admit(IP, "/v2/balance", t0 + Duration::from_secs(30)),
            Err(Blocked::IpBlocked)
        );
        assert_eq!(
            t.admit(IP, "/v2/balance", t0 + Duration::from_secs(62)),
            Ok(())
        );
        assert_eq!(t.stats().blocked_requests, 2);
        assert_eq!(t.stats().total_requests, 6);
    }

    #[test]
    fn a_forced_block_refuses_everything_until_lifted_and_counts_it() {
        let mut t = traffic();
        let t0 = Instant::now();
        t.force_block(Some(Blocked::Bare));
        assert_eq!(t.admit(IP, "/v2/balance", t0), Err(Blocked::Bare));
        t.force_block(Some(Blocked::IpBlocked));
        assert_eq!(t.admit(IP, "/v2/topup", t0), Err(Blocked::IpBlocked));
        t.force_block(None);
        // The refused requests did not use up the limit's window.
        use_up_the_window(&mut t, t0);
        assert_eq!(t.stats().blocked_requests, 2);
        assert_eq!(t.stats().total_requests, 5);
    }

    #[test]
    fn a_new_window_resets_the_count() {
        let mut t = traffic();
        let t0 = Instant::now();
        use_up_the_window(&mut t, t0);
        assert_eq!(
            t.admit(IP, "/v2/balance", t0 + Duration::from_secs(10)),
            Ok(())
        );
    }

    #[test]
    fn sliding_maxima() {
        let mut t = traffic();
        let t0 = Instant::now();
        for ms in [0, 100, 900, 1_050, 1_100, 1_200] {
            let _ = t.admit(IP, "/v2/x", t0 + Duration::from_millis(ms));
        }
        // 900, 1050, 1100 and 1200 share one second; no second holds five.
        assert_eq!(t.stats().max_requests_per_second, 4);
        assert_eq!(t.stats().max_requests_per_window, 6);
    }
}
