//! Balance statement and transactions as ordered streams over all their pages.
//!
//! The first page says how many there are (and how many rows a page really holds:
//! the client asks for a large page, the server may cap it, and `meta.per_page` is
//! followed from then on). The remaining pages are fetched ahead, each inside the
//! shared budget at [`Priority::Bulk`] and retried like any read on 503/504/timeouts,
//! and yielded strictly in order. How many are in flight follows the budget's rate and
//! the latency measured so far ([`super::pacing`]), so slow pages still use the budget,
//! which paces every request whatever the window. Pages in flight and pages fetched
//! and not yet yielded are never more than [`Pacing::max_in_flight`] together, so
//! memory does not grow with the number of rows.
//!
//! The total is read from the first page: rows added during an export (new payments)
//! belong to the next export. A stream ends after its first error, and a stream whose
//! pages held fewer rows than that total ends with [`Error::ShortPages`]: an export
//! must never look complete when rows are missing.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use futures::future;
use futures::stream::{self, BoxStream, FuturesOrdered, StreamExt, TryStreamExt};
use serde::Serialize;
use tokio::task::JoinHandle;

use super::budget::{Priority, RequestBudget};
use super::pacing::{Latency, Pacing};
use super::Client;
use crate::error::Error;
use crate::models::{StatementEntry, StatementQuery, Transaction, TransactionsQuery};

/// One page of rows, with the progress of the whole stream after it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub progress: Progress,
}

/// How far a paged stream has come; totals are `None` when the server does not say.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub pages_done: u64,
    pub pages_total: Option<u64>,
    pub rows_done: u64,
    pub rows_total: Option<u64>,
}

/// A page as fetched, before the stream numbers it.
struct Fetched<T> {
    rows: Vec<T>,
    pages_total: Option<u64>,
    rows_total: Option<u64>,
}

type Pages<T> = BoxStream<'static, Result<Fetched<T>, Error>>;

impl Client {
    /// Every entry of the balance statement for `query`, page by page, in order.
    pub fn balance_statement_stream(
        &self,
        query: StatementQuery,
    ) -> BoxStream<'static, Result<Page<StatementEntry>, Error>> {
        let client = self.clone();
        let pages = stream::once(async move {
            let (first, first_latency) = client
                .statement_page(&query, 1, client.inner.page_size, Priority::Bulk)
                .await?;
            let per_page = page_size("meta.per_page", first.meta.per_page)?;
            let pages_total = u64::try_from(first.meta.last_page).unwrap_or(0).max(1);
            let rows_total = first.meta.total.and_then(|t| u64::try_from(t).ok());
            let window = Window::of(&client, first_latency);
            let rest = window.fetch(2..=pages_total, move |number| {
                let (client, query) = (client.clone(), query.clone());
                async move {
                    let (page, latency) = client
                        .statement_page(&query, number, per_page, Priority::Bulk)
                        .await?;
                    if page.meta.current_page != number as i64
                        || page.meta.per_page != i64::from(per_page)
                    {
                        return Err(Error::Decode {
                            message: format!(
                                "asked for page {number} of {per_page} rows, got page {} of {}",
                                page.meta.current_page, page.meta.per_page
                            ),
                        });
                    }
                    let fetched = Fetched {
                        rows: page.data,
                        pages_total: Some(pages_total),
                        rows_total,
                    };
                    Ok((fetched, latency))
                }
            });
            let first = Fetched {
                rows: first.data,
                pages_total: Some(pages_total),
                rows_total,
            };
            Ok::<Pages<StatementEntry>, Error>(
                stream::once(future::ready(Ok(first))).chain(rest).boxed(),
            )
        })
        .try_flatten();
        numbered(pages.boxed())
    }

    /// Every transaction for `query`, page by page, in order.
    ///
    /// With `meta.total` the pages are fetched in parallel by offset; without it, one
    /// after another until a page comes back short (docs/api-decisions.md).
    pub fn transactions_stream(
        &self,
        query: TransactionsQuery,
    ) -> BoxStream<'static, Result<Page<Transaction>, Error>> {
        let client = self.clone();
        let pages = stream::once(async move {
            let asked = client.inner.page_size;
            let (first, first_latency) = client
                .transactions_page(&query, 0, asked, Priority::Bulk)
                .await?;
            let first_len = first.data.len() as u64;
            let meta = first.meta.as_ref();
            let server_limit = meta.and_then(|m| m.limit).filter(|&l| l > 0);
            // Rows per page the server uses: what it says, else what the first page held.
            let step = match server_limit {
                Some(limit) => page_size("meta.limit", limit)?,
                None => u32::try_from(first_len).unwrap_or(asked),
            };
            let rows_total = meta
                .and_then(|m| m.total)
                .and_then(|t| u64::try_from(t).ok());
            let pages_total = rows_total.map(|total| {
                if step == 0 {
                    1
                } else {
                    total.div_ceil(u64::from(step)).max(1)
                }
            });
            let first = Fetched {
                rows: first.data,
                pages_total,
                rows_total,
            };
            let rest: Pages<Transaction> = match rows_total {
                Some(total) if total > first_len && step == 0 => {
                    return Err(Error::Decode {
                        message: format!("an empty first page of {total} transactions"),
                    })
                }
                Some(total) => {
                    let offsets = (u64::from(step)..total).step_by(step.max(1) as usize);
                    Window::of(&client, first_latency).fetch(offsets, move |offset| {
                        let (client, query) = (client.clone(), query.clone());
                        async move {
                            let (page, latency) = client
                                .transactions_page(&query, offset, step, Priority::Bulk)
                                .await?;
                            let fetched = Fetched {
                                rows: page.data,
                                pages_total,
                                rows_total,
                            };
                            Ok((fetched, latency))
                        }
                    })
                }
                None => {
                    let short =
                        first_len == 0 || server_limit.is_some_and(|l| first_len < l as u64);
                    sequential_transactions(client, query, first_len, step, short)
                }
            };
            Ok::<Pages<Transaction>, Error>(
                stream::once(future::ready(Ok(first))).chain(rest).boxed(),
            )
        })
        .try_flatten();
        numbered(pages.boxed())
    }
}

/// Transactions without a total: the next page only once this one came back full.
fn sequential_transactions(
    client: Client,
    query: TransactionsQuery,
    offset: u64,
    step: u32,
    done: bool,
) -> Pages<Transaction> {
    stream::try_unfold((offset, done), move |(offset, done)| {
        let (client, query) = (client.clone(), query.clone());
        async move {
            if done {
                return Ok(None);
            }
            let (page, _) = client
                .transactions_page(&query, offset, step, Priority::Bulk)
                .await?;
            let len = page.data.len() as u64;
            let done = len == 0 || len < u64::from(step);
            let fetched = Fetched {
                rows: page.data,
                pages_total: None,
                rows_total: None,
            };
            Ok(Some((fetched, (offset + len, done))))
        }
    })
    .boxed()
}

/// The pages after the first, fetched ahead in order.
struct Window {
    budget: Arc<RequestBudget>,
    pacing: Pacing,
    latency: Latency,
}

impl Window {
    /// The client's pacing, starting from the first page's latency.
    fn of(client: &Client, first_latency: Duration) -> Self {
        Self {
            budget: client.budget().clone(),
            pacing: client.inner.pacing,
            latency: Latency::first(first_latency),
        }
    }

    /// `fetch(key)` for every key, yielded in the keys' order. Before each page is
    /// yielded, pages are started until as many are in flight (sent, or waiting for
    /// their token) as the pacing says for the budget's rate now (a settings change
    /// applies at once) and the latency so far. Pages done but not yet yielded (behind
    /// a slower one, or waiting for the consumer) are not in flight, but they are held:
    /// no page starts while [`Pacing::max_in_flight`] are held. The window never shrinks
    /// by cancelling, only by not refilling. Each fetch reports its time on the wire.
    fn fetch<T, K, F, Fut>(self, keys: K, fetch: F) -> Pages<T>
    where
        T: Send + 'static,
        K: Iterator + Send + 'static,
        F: FnMut(K::Item) -> Fut + Send + 'static,
        Fut: Future<Output = Result<(Fetched<T>, Duration), Error>> + Send + 'static,
    {
        let window = FuturesOrdered::new();
        // Pages whose task has finished and that are not yet yielded.
        let done = Arc::new(AtomicUsize::new(0));
        stream::unfold(
            (self, keys, fetch, window, done),
            |(mut this, mut keys, mut fetch, mut window, done)| async move {
                let wanted = this
                    .pacing
                    .in_flight(this.budget.rate_per_sec(), this.latency.estimate());
                let most = this.pacing.max_in_flight.max(1);
                let mut in_flight = window.len().saturating_sub(done.load(Ordering::SeqCst));
                while in_flight < wanted && window.len() < most {
                    let Some(key) = keys.next() else { break };
                    let (page, done) = (fetch(key), done.clone());
                    window.push_back(Spawned(tokio::spawn(async move {
                        let fetched = page.await;
                        done.fetch_add(1, Ordering::SeqCst);
                        fetched
                    })));
                    in_flight += 1;
                }
                let fetched = match window.next().await? {
                    Ok((fetched, latency)) => {
                        this.latency.observe(latency);
                        Ok(fetched)
                    }
                    Err(error) => Err(error),
                };
                // Its task counted it done before it could be yielded.
                done.fetch_sub(1, Ordering::SeqCst);
                Some((fetched, (this, keys, fetch, window, done)))
            },
        )
        .boxed()
    }
}

/// A page fetched on a task of its own, so it takes its token, waits for its reply and
/// is decoded while the consumer writes the pages before it: polled only by a consumer
/// busy writing rows, pages would take their tokens late, and a token the bucket has no
/// room to keep is lost to the export. Dropped, it stops the fetch, so a cancelled
/// export sends nothing more.
struct Spawned<T>(JoinHandle<Result<T, Error>>);

impl<T> Future for Spawned<T> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.0).poll(cx).map(|joined| match joined {
            Ok(result) => result,
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            // Only a runtime shutting down cancels it while it is still awaited.
            Err(_) => Err(Error::Network {
                message: "the page's task was stopped".into(),
                maybe_delivered: true,
            }),
        })
    }
}

impl<T> Drop for Spawned<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

fn page_size(field: &str, value: i64) -> Result<u32, Error> {
    u32::try_from(value)
        .ok()
        .filter(|&v| v > 0)
        .ok_or_else(|| Error::Decode {
            message: format!("{field} is {value}, not a page size"),
        })
}

/// Adds progress to each page, ends the stream after the first error, and ends it
/// with an error when the pages held fewer rows than the server announced.
fn numbered<T: Send + 'static>(pages: Pages<T>) -> BoxStream<'static, Result<Page<T>, Error>> {
    stream::unfold(Some((pages, Progress::default())), |state| async move {
        let (mut pages, mut progress) = state?;
        match pages.next().await {
            Some(Ok(fetched)) => {
                progress.pages_done += 1;
                progress.rows_done += fetched.rows.len() as u64;
                progress.pages_total = fetched.pages_total;
                progress.rows_total = fetched.rows_total;
                let page = Page {
                    rows: fetched.rows,
                    progress,
                };
                Some((Ok(page), Some((pages, progress))))
            }
            Some(Err(error)) => Some((Err(error), None)),
            None => match progress.rows_total {
                Some(expected) if progress.rows_done < expected => {
                    let short = Error::ShortPages {
                        expected,
                        received: progress.rows_done,
                    };
                    Some((Err(short), None))
                }
                _ => None,
            },
        }
    })
    .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    /// Pages held by the window (fetching, or fetched and not yet yielded) and the most
    /// of them on the wire at once.
    #[derive(Default)]
    struct Counts {
        held: AtomicUsize,
        most_held: AtomicUsize,
        on_wire: AtomicUsize,
        most_on_wire: AtomicUsize,
    }

    fn raise(now: &AtomicUsize, most: &AtomicUsize) {
        let n = now.fetch_add(1, Ordering::SeqCst) + 1;
        most.fetch_max(n, Ordering::SeqCst);
    }

    /// `pages` pages of one row each (its key), each `latency` on the wire after its
    /// token, through a window that starts from `first_latency`, to a consumer that
    /// takes no time.
    async fn run(
        budget: Arc<RequestBudget>,
        pacing: Pacing,
        first_latency: Duration,
        latency: Duration,
        pages: u64,
    ) -> (Vec<u64>, Arc<Counts>) {
        run_to(
            budget,
            pacing,
            first_latency,
            move |_| latency,
            pages,
            Duration::ZERO,
        )
        .await
    }

    /// As [`run`], page `key` taking `latency(key)` on the wire, to a consumer that takes
    /// `consumer` over each page.
    async fn run_to(
        budget: Arc<RequestBudget>,
        pacing: Pacing,
        first_latency: Duration,
        latency: impl Fn(u64) -> Duration + Send + Copy + 'static,
        pages: u64,
        consumer: Duration,
    ) -> (Vec<u64>, Arc<Counts>) {
        let counts = Arc::new(Counts::default());
        let window = Window {
            budget: budget.clone(),
            pacing,
            latency: Latency::first(first_latency),
        };
        let c = counts.clone();
        let stream = window.fetch(0..pages, move |key| {
            let (budget, counts) = (budget.clone(), c.clone());
            raise(&counts.held, &counts.most_held);
            async move {
                budget.acquire(Priority::Bulk).await;
                raise(&counts.on_wire, &counts.most_on_wire);
                let latency = latency(key);
                tokio::time::sleep(latency).await;
                counts.on_wire.fetch_sub(1, Ordering::SeqCst);
                let fetched = Fetched {
                    rows: vec![key],
                    pages_total: None,
                    rows_total: None,
                };
                Ok((fetched, latency))
            }
        });
        let keys = stream
            .then(|page| {
                counts.held.fetch_sub(1, Ordering::SeqCst);
                async move {
                    tokio::time::sleep(consumer).await;
                    page.unwrap().rows[0]
                }
            })
            .collect()
            .await;
        (keys, counts)
    }

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[tokio::test(start_paused = true)]
    async fn slow_pages_keep_the_budget_busy_in_order_within_the_window() {
        let budget = Arc::new(RequestBudget::uncapped(40.0, 1).unwrap());
        let start = Instant::now();
        let (keys, counts) = run(budget.clone(), Pacing::default(), ms(100), ms(100), 200).await;
        let took = start.elapsed().as_secs_f64();
        assert_eq!(keys, (0..200).collect::<Vec<_>>(), "yielded in order");
        let window = Pacing::default().in_flight(40.0, ms(100));
        assert_eq!(counts.most_held.load(Ordering::SeqCst), window);
        // 40 tokens a second, each page 100 ms: 4 on the wire keep the budget busy (5 at
        // the instant one is sent as another comes back, as the timer orders them).
        let on_wire = counts.most_on_wire.load(Ordering::SeqCst);
        assert!((4..=5).contains(&on_wire), "{on_wire} on the wire");
        // The budget's bound is 199 pages after the burst at 40/s, plus the last page.
        assert!((4.975..5.2).contains(&took), "took {took} s");
        assert_eq!(budget.granted(), 200);
    }

    #[tokio::test(start_paused = true)]
    async fn a_window_too_small_for_the_latency_leaves_the_budget_unused() {
        let budget = Arc::new(RequestBudget::uncapped(40.0, 1).unwrap());
        let start = Instant::now();
        let two = Pacing { max_in_flight: 2 };
        let (keys, counts) = run(budget, two, ms(100), ms(100), 200).await;
        let took = start.elapsed().as_secs_f64();
        assert_eq!(keys.len(), 200);
        assert_eq!(counts.most_held.load(Ordering::SeqCst), 2);
        assert!(
            took >= 10.0,
            "2 pages per 100 ms take 10 s at least, took {took} s"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn the_window_grows_when_pages_turn_out_slower() {
        let budget = Arc::new(RequestBudget::uncapped(40.0, 1).unwrap());
        let pacing = Pacing::default();
        // The first page was fast (a window of 3), the others take 100 ms.
        assert_eq!(pacing.in_flight(40.0, ms(10)), 3);
        let (keys, counts) = run(budget, pacing, ms(10), ms(100), 200).await;
        assert_eq!(keys, (0..200).collect::<Vec<_>>());
        assert_eq!(
            counts.most_held.load(Ordering::SeqCst),
            pacing.in_flight(40.0, ms(100)),
            "grown to what 100 ms asks, and no further"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_page_at_the_head_of_the_line_costs_no_tokens() {
        // Every tenth page takes 250 ms instead of 100: while it holds up the pages behind
        // it, the window must still have a page waiting for each token, or a bucket with a
        // burst of 1 loses it. With a window for the pages on the wire only (7 at 40/s),
        // this took 6.2 s.
        let budget = Arc::new(RequestBudget::uncapped(40.0, 1).unwrap());
        let start = Instant::now();
        let latency = |key: u64| if key % 10 == 9 { ms(250) } else { ms(100) };
        let pacing = Pacing::default();
        let (keys, _) = run_to(
            budget.clone(),
            pacing,
            ms(100),
            latency,
            200,
            Duration::ZERO,
        )
        .await;
        let took = start.elapsed().as_secs_f64();
        assert_eq!(keys, (0..200).collect::<Vec<_>>());
        assert!((4.975..5.3).contains(&took), "took {took} s");
        assert_eq!(budget.granted(), 200);
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_consumer_holds_at_most_the_maximum() {
        let budget = Arc::new(RequestBudget::uncapped(40.0, 1).unwrap());
        let pacing = Pacing::default();
        let (keys, counts) = run_to(budget, pacing, ms(100), |_| ms(100), 100, ms(500)).await;
        assert_eq!(keys, (0..100).collect::<Vec<_>>());
        assert_eq!(
            counts.most_held.load(Ordering::SeqCst),
            pacing.max_in_flight,
            "pages done wait for the consumer, up to the maximum and no more"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn dropping_the_stream_stops_the_pages_in_flight() {
        let budget = Arc::new(RequestBudget::uncapped(40.0, 1).unwrap());
        let started = Arc::new(AtomicUsize::new(0));
        let window = Window {
            budget: budget.clone(),
            pacing: Pacing::default(),
            latency: Latency::first(ms(100)),
        };
        let s = started.clone();
        let mut stream = window.fetch(0..200u64, move |key| {
            let (budget, started) = (budget.clone(), s.clone());
            async move {
                budget.acquire(Priority::Bulk).await;
                started.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(ms(100)).await;
                let fetched = Fetched {
                    rows: vec![key],
                    pages_total: None,
                    rows_total: None,
                };
                Ok((fetched, ms(100)))
            }
        });
        assert_eq!(stream.next().await.unwrap().unwrap().rows, [0]);
        drop(stream);
        let at_drop = started.load(Ordering::SeqCst);
        tokio::time::sleep(Duration::from_secs(5)).await;
        assert_eq!(
            started.load(Ordering::SeqCst),
            at_drop,
            "nothing sent after the drop"
        );
        assert!(at_drop < 10, "{at_drop}");
    }

    #[tokio::test(start_paused = true)]
    async fn sequential_pacing_holds_one_page() {
        let budget = Arc::new(RequestBudget::uncapped(40.0, 1).unwrap());
        let (keys, counts) = run(budget, Pacing::SEQUENTIAL, ms(100), ms(100), 20).await;
        assert_eq!(keys, (0..20).collect::<Vec<_>>());
        assert_eq!(counts.most_held.load(Ordering::SeqCst), 1);
    }
}
