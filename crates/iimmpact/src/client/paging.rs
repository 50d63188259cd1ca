//! Balance statement and transactions as ordered streams over all their pages.
//!
//! The first page says how many there are (and how many rows a page really holds:
//! the client asks for a large page, the server may cap it, and `meta.per_page` is
//! followed from then on). The remaining pages are fetched with bounded concurrency,
//! each inside the shared budget at [`Priority::Bulk`] and retried like any read on
//! 503/504/timeouts, and yielded strictly in order. At most `page_concurrency` pages
//! are held at once, so memory does not grow with the number of rows.
//!
//! The total is read from the first page: rows added during an export (new payments)
//! belong to the next export. A stream ends after its first error, and a stream whose
//! pages held fewer rows than that total ends with [`Error::ShortPages`]: an export
//! must never look complete when rows are missing.

use futures::future;
use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};
use serde::Serialize;

use super::budget::Priority;
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
            let first = client
                .statement_page(&query, 1, client.inner.page_size, Priority::Bulk)
                .await?;
            let per_page = page_size("meta.per_page", first.meta.per_page)?;
            let pages_total = u64::try_from(first.meta.last_page).unwrap_or(0).max(1);
            let rows_total = first.meta.total.and_then(|t| u64::try_from(t).ok());
            let concurrency = client.inner.page_concurrency;
            let rest = stream::iter(2..=pages_total)
                .map(move |number| {
                    let (client, query) = (client.clone(), query.clone());
                    async move {
                        let page = client
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
                        Ok(Fetched {
                            rows: page.data,
                            pages_total: Some(pages_total),
                            rows_total,
                        })
                    }
                })
                .buffered(concurrency);
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
            let (asked, concurrency) = (client.inner.page_size, client.inner.page_concurrency);
            let first = client
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
                Some(total) => stream::iter((u64::from(step)..total).step_by(step.max(1) as usize))
                    .map(move |offset| {
                        let (client, query) = (client.clone(), query.clone());
                        async move {
                            let page = client
                                .transactions_page(&query, offset, step, Priority::Bulk)
                                .await?;
                            Ok(Fetched {
                                rows: page.data,
                                pages_total,
                                rows_total,
                            })
                        }
                    })
                    .buffered(concurrency)
                    .boxed(),
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
            let page = client
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
