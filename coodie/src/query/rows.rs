//! Running a checked `SELECT` and reading its rows as `R`: the plumbing every
//! terminal operation shares, whatever it reads (whole rows, projections).

use futures::stream::{BoxStream, StreamExt, TryStreamExt};
use scylla::deserialize::row::DeserializeRow;
use scylla::response::PagingState;

use super::page::Page;
use crate::exec::{self, StatementOptions};
use crate::expr::BoundValue;
use crate::{Error, Result, Session};

/// A statement ready to run: its text and values, or why it was refused.
pub(crate) type Prepared = Result<(String, Vec<BoundValue>)>;

/// The rows of one unpaged request.
pub(crate) async fn unpaged<R>(
    db: &Session,
    prepared: Prepared,
    options: &StatementOptions,
) -> Result<Vec<R>>
where
    R: for<'f, 'm> DeserializeRow<'f, 'm>,
{
    let (cql, values) = prepared?;
    let result = exec::execute(db, &cql, options, values).await?;
    exec::rows(&cql, result)
}

/// The only row of `rows` (fetched with `LIMIT 2`): [`Error::NotFound`] or
/// [`Error::MultipleFound`] otherwise.
pub(crate) fn exactly_one<R>(mut rows: Vec<R>, table: &str) -> Result<R> {
    match (rows.pop(), rows.is_empty()) {
        (Some(row), true) => Ok(row),
        (Some(_), false) => Err(Error::MultipleFound {
            table: table.to_string(),
        }),
        (None, _) => Err(Error::NotFound {
            table: table.to_string(),
        }),
    }
}

/// The rows as a stream that fetches pages as they are consumed (nothing is sent
/// before the first poll).
pub(crate) fn stream<R>(
    db: &Session,
    prepared: Prepared,
    options: StatementOptions,
) -> BoxStream<'static, Result<R>>
where
    R: for<'f, 'm> DeserializeRow<'f, 'm> + Send + 'static,
{
    let db = db.clone();
    futures::stream::once(async move {
        let (cql, values) = prepared?;
        let pager = db
            .bounded(
                &cql,
                db.driver().execute_iter(options.statement(&cql), values),
            )
            .await?;
        let rows = pager
            .rows_stream::<R>()
            .map_err(|e| Error::driver(cql.as_str(), e))?;
        Ok::<_, Error>(rows.map(move |row| row.map_err(|e| Error::driver(cql.as_str(), e))))
    })
    .try_flatten()
    .boxed()
}

/// One page of rows from `state` on.
pub(crate) async fn page<R>(
    db: &Session,
    prepared: Prepared,
    options: &StatementOptions,
    state: Option<PagingState>,
) -> Result<Page<R>>
where
    R: for<'f, 'm> DeserializeRow<'f, 'm>,
{
    let (cql, values) = prepared?;
    let (result, response) = db
        .bounded(
            &cql,
            db.driver().execute_single_page(
                options.statement(&cql),
                values,
                state.unwrap_or_else(PagingState::start),
            ),
        )
        .await?;
    let rows = exec::rows(&cql, result)?;
    let next = match response.into_paging_control_flow() {
        std::ops::ControlFlow::Continue(state) => Some(state),
        std::ops::ControlFlow::Break(()) => None,
    };
    Ok(Page { rows, next })
}
