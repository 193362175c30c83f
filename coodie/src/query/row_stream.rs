//! [`RowStream`]: the rows of a query, read page by page as they are consumed.

use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use futures::future::BoxFuture;
use futures::stream::{FusedStream, Stream};
use scylla::client::pager::TypedRowStream;
use scylla::deserialize::row::DeserializeRow;
use scylla::errors::NextRowError;
use scylla::serialize::row::SerializeRow;

use crate::exec::StatementOptions;
use crate::session::{Lookup, Prepared};
use crate::{Error, Result, Session};

/// The rows of a query as a stream of `Result<R>`, returned by
/// [`Select::stream`](crate::query::Select::stream) and
/// [`Projected::stream`](crate::query::Projected::stream).
///
/// Nothing is sent before the first poll; then the driver fetches one page at a
/// time, at most about one page ahead of the reader, so memory stays bounded by
/// the page size. After the last row, or after an error that ends the read, the
/// stream yields `None` and stays ended ([`FusedStream`]).
///
/// It is a named type rather than a boxed stream: each row is handed from the
/// driver's stream to the caller directly, with no layer in between.
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
    state: State<R>,
}

#[allow(
    clippy::large_enum_variant,
    reason = "the large variant is the one every row is read through: boxed, it would cost an indirection per row"
)]
enum State<R> {
    /// Preparing the statement (on its first use) and sending the first page's
    /// request.
    Opening(BoxFuture<'static, Result<Open<R>>>),
    /// Handing out the rows of the driver's pager.
    Reading(Open<R>),
    Ended,
}

/// The driver's typed stream, and the statement it runs (for its errors).
struct Open<R> {
    rows: TypedRowStream<R>,
    prepared: Arc<Prepared>,
}

impl<R> RowStream<R>
where
    R: for<'f, 'm> DeserializeRow<'f, 'm> + Send + 'static,
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
        let open = async move {
            let (prepared, values) = super::rows::resolve(&db, looked_up).await?;
            let statement = options.apply(&prepared.statement).into_owned();
            let pager = db
                .driver()
                .get_session()
                .execute_iter(statement, values)
                .await
                .map_err(|e| Error::driver(prepared.cql.as_str(), e))?;
            let rows = pager
                .rows_stream::<R>()
                .map_err(|e| Error::driver(prepared.cql.as_str(), e))?;
            Ok(Open { rows, prepared })
        };
        RowStream {
            state: State::Opening(Box::pin(open)),
        }
    }
}

impl<R> Stream for RowStream<R>
where
    R: for<'f, 'm> DeserializeRow<'f, 'm>,
{
    type Item = Result<R>;

    /// The path every row takes is kept this small (a row of the driver's stream,
    /// handed on) so that it inlines into the caller's loop; opening, errors and
    /// the end are handled out of line.
    #[inline]
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<R>>> {
        let this = self.get_mut();
        if let State::Reading(open) = &mut this.state {
            return match Pin::new(&mut open.rows).poll_next(cx) {
                Poll::Ready(Some(Ok(row))) => Poll::Ready(Some(Ok(row))),
                Poll::Pending => Poll::Pending,
                Poll::Ready(Some(Err(e))) => Poll::Ready(this.end(Some(e))),
                Poll::Ready(None) => Poll::Ready(this.end(None)),
            };
        }
        this.poll_opening(cx)
    }
}

impl<R> RowStream<R>
where
    R: for<'f, 'm> DeserializeRow<'f, 'm>,
{
    /// The driver's stream failed (`Some`: the error, and the stream goes on,
    /// as the driver's does) or ended (`None`): the item to hand out.
    #[cold]
    #[inline(never)]
    fn end(&mut self, error: Option<NextRowError>) -> Option<Result<R>> {
        match (error, &self.state) {
            (Some(e), State::Reading(open)) => {
                Some(Err(Error::driver(open.prepared.cql.as_str(), e)))
            }
            _ => {
                self.state = State::Ended;
                None
            }
        }
    }

    /// Every state but reading: the statement being prepared and its first page
    /// requested (then the first row is read as every other is, by `poll_next`),
    /// or the stream ended.
    #[inline(never)]
    fn poll_opening(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<R>>> {
        match &mut self.state {
            State::Opening(opening) => match ready!(opening.as_mut().poll(cx)) {
                Ok(open) => self.state = State::Reading(open),
                Err(e) => {
                    self.state = State::Ended;
                    return Poll::Ready(Some(Err(e)));
                }
            },
            State::Reading(_) => {}
            State::Ended => return Poll::Ready(None),
        }
        Pin::new(self).poll_next(cx)
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
            State::Reading(open) => open.prepared.cql.as_str(),
            State::Ended => "ended",
        };
        f.debug_struct("RowStream").field("state", &state).finish()
    }
}
