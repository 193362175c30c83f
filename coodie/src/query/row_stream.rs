//! [`RowStream`]: the rows of a query, read page by page as they are consumed.

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use futures::future::BoxFuture;
use futures::stream::{FusedStream, Stream};
use scylla::deserialize::result::TypedRowIterator;
use scylla::deserialize::row::{ColumnIterator, DeserializeRow};
use scylla::errors::DeserializationError;
use scylla::response::PagingState;
use scylla::response::query_result::QueryRowsResult;
use scylla::serialize::row::SerializeRow;
use scylla::statement::bound::BoundStatement;
use tokio::task::{JoinError, JoinHandle};

use crate::exec::{self, StatementOptions};
use crate::session::{Lookup, Prepared};
use crate::{Error, Result, Session};

/// The rows of a query as a stream of `Result<R>`, returned by
/// [`Select::stream`](crate::query::Select::stream) and
/// [`Projected::stream`](crate::query::Projected::stream).
///
/// Nothing is sent before the first poll. Then the stream reads one page, as
/// the database sent it, and requests the next one while the rows are read, so
/// memory stays bounded by about two pages. A row that fails to deserialize is
/// yielded as an error and the stream goes on; after a request that fails, a
/// page whose columns are not `R`'s, or the last row, the stream yields `None`
/// and stays ended ([`FusedStream`]).
///
/// Each page is requested by a task of its own, with the statement bound to its
/// values once for every page. Reading a row deserializes the next row of the
/// page, straight into the item: there is no pager task, channel or per-row
/// future in between.
///
/// ```no_run
/// # use coodie::prelude::*;
/// use futures::TryStreamExt;
/// # async fn demo<T: Table>(db: &coodie::Session) -> coodie::Result<()> {
/// let rows: coodie::query::RowStream<T> = T::find().page_size(500).stream(db);
/// let count = rows.try_fold(0u64, |n, _row| async move { Ok(n + 1) }).await?;
/// # Ok(()) }
/// ```
#[must_use = "a stream does nothing unless polled"]
pub struct RowStream<R> {
    state: State,
    /// Rows are made as they are read: the stream holds none.
    row: PhantomData<fn() -> R>,
}

enum State {
    /// Preparing the statement (on its first use) and requesting the first page.
    Opening(BoxFuture<'static, Result<(Arc<Query>, Page)>>),
    /// Reading the rows of a page; the following page, if there is one, is
    /// being requested.
    Reading {
        query: Arc<Query>,
        rows: PageRows,
        next: Option<PageTask>,
    },
    /// No more rows.
    Ended,
}

/// The statement every page of one stream runs, bound to its values.
struct Query {
    db: Session,
    bound: BoundStatement,
    prepared: Arc<Prepared>,
}

/// One page, and where the next page starts, if there is one.
struct Page {
    rows: PageRows,
    more: Option<PagingState>,
}

/// The rows of one page, not yet deserialized.
type RawRows<'page> = TypedRowIterator<'page, 'page, ColumnIterator<'page, 'page>>;

self_cell::self_cell!(
    /// A page as the database sent it, and the reader of its rows.
    struct PageRows {
        owner: QueryRowsResult,
        #[covariant]
        dependent: RawRows,
    }
);

/// The task requesting a page, aborted if the stream is dropped first.
struct PageTask(JoinHandle<Result<Page>>);

impl Drop for PageTask {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl<R> RowStream<R>
where
    R: for<'f, 'm> DeserializeRow<'f, 'm>,
{
    /// The rows of the statement `looked_up` found (prepared on its first use),
    /// bound to its values, read with `options`; or a stream of the one error.
    pub(crate) fn new<V>(
        db: Session,
        looked_up: Result<(Lookup, V)>,
        options: StatementOptions,
    ) -> Self
    where
        V: SerializeRow + Send + 'static,
    {
        let opening = async move {
            let (prepared, values) = super::rows::resolve(&db, looked_up).await?;
            let bound = options
                .apply(&prepared.statement)
                .into_owned()
                .bind(&values)
                .map_err(|e| Error::driver(prepared.cql.as_str(), e))?;
            let query = Arc::new(Query {
                db,
                bound,
                prepared,
            });
            let page = query.page(PagingState::start()).await?;
            Ok((query, page))
        };
        RowStream {
            state: State::Opening(Box::pin(opening)),
            row: PhantomData,
        }
    }
}

impl Query {
    fn cql(&self) -> &str {
        &self.prepared.cql
    }

    /// The page that starts at `state`.
    async fn page(&self, state: PagingState) -> Result<Page> {
        let (result, response) = self
            .db
            .driver()
            .get_session()
            .execute_bound_single_page(&self.bound, state)
            .await
            .map_err(|e| exec::execution_error(self.cql(), e))?;
        let result = result
            .into_rows_result()
            .map_err(|e| Error::driver(self.cql(), e))?;
        let rows = PageRows::try_new(result, |result| result.rows::<ColumnIterator>())
            .map_err(|e| Error::driver(self.cql(), e))?;
        Ok(Page {
            rows,
            more: exec::next_page_state(response),
        })
    }

    /// Starts requesting the page at `state`, as a task of its own.
    fn spawn_page(self: &Arc<Self>, state: PagingState) -> PageTask {
        let query = Arc::clone(self);
        PageTask(tokio::spawn(async move { query.page(state).await }))
    }

    /// A row of the page being read failed to deserialize.
    #[cold]
    #[inline(never)]
    fn row_error(&self, error: DeserializationError) -> Error {
        Error::driver(self.cql(), error)
    }

    /// What a page's task gave: its page, or the error that ends the stream.
    fn joined(&self, joined: std::result::Result<Result<Page>, JoinError>) -> Result<Page> {
        match joined {
            Ok(page) => page,
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            // Only a runtime shutting down cancels the task.
            Err(e) => Err(Error::driver(self.cql(), e)),
        }
    }
}

impl<R> Stream for RowStream<R>
where
    R: for<'f, 'm> DeserializeRow<'f, 'm>,
{
    type Item = Result<R>;

    /// The path every row takes is kept this small (the next row of the page,
    /// deserialized) so that it inlines into the caller's loop; the pages are
    /// handled out of line.
    #[inline]
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<R>>> {
        let this = self.get_mut();
        match this.next_row() {
            Some(row) => Poll::Ready(Some(row)),
            None => this.poll_page(cx),
        }
    }
}

impl<R> RowStream<R>
where
    R: for<'f, 'm> DeserializeRow<'f, 'm>,
{
    /// The next row of the page being read, if it has one more.
    #[inline]
    fn next_row(&mut self) -> Option<Result<R>> {
        let State::Reading { query, rows, .. } = &mut self.state else {
            return None;
        };
        let row =
            rows.with_dependent_mut(|_, rows| rows.next().map(|row| row.and_then(R::deserialize)))?;
        Some(match row {
            Ok(row) => Ok(row),
            Err(e) => Err(query.row_error(e)),
        })
    }

    /// The page being read is done: the first row of the next page that has
    /// one (the request for the page after it started), or the error that
    /// ended the stream, or its end.
    #[inline(never)]
    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<R>>> {
        loop {
            let arrived = match &mut self.state {
                State::Opening(opening) => ready!(opening.as_mut().poll(cx)),
                State::Reading {
                    query,
                    next: Some(task),
                    ..
                } => {
                    let joined = ready!(Pin::new(&mut task.0).poll(cx));
                    query.joined(joined).map(|page| (Arc::clone(query), page))
                }
                State::Reading { next: None, .. } | State::Ended => {
                    self.state = State::Ended;
                    return Poll::Ready(None);
                }
            };
            if let Err(e) = arrived.and_then(|(query, page)| self.read(query, page)) {
                self.state = State::Ended;
                return Poll::Ready(Some(Err(e)));
            }
            if let Some(row) = self.next_row() {
                return Poll::Ready(Some(row));
            }
        }
    }

    /// Starts reading `page`, once its columns are found to be `R`'s, and
    /// requesting the page after it.
    fn read(&mut self, query: Arc<Query>, page: Page) -> Result<()> {
        R::type_check(page.rows.borrow_owner().column_specs().as_slice())
            .map_err(|e| Error::driver(query.cql(), e))?;
        let next = page.more.map(|state| query.spawn_page(state));
        self.state = State::Reading {
            query,
            rows: page.rows,
            next,
        };
        Ok(())
    }
}

impl<R> FusedStream for RowStream<R>
where
    R: for<'f, 'm> DeserializeRow<'f, 'm>,
{
    fn is_terminated(&self) -> bool {
        matches!(self.state, State::Ended)
    }
}

impl<R> fmt::Debug for RowStream<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match &self.state {
            State::Opening(_) => "opening",
            State::Reading { query, .. } => query.cql(),
            State::Ended => "ended",
        };
        f.debug_struct("RowStream").field("state", &state).finish()
    }
}
