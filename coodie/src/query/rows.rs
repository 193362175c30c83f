//! Running a checked `SELECT` of the session's statement cache and reading its
//! rows as `R`: the plumbing every terminal operation shares, whatever it reads
//! (whole rows, projections, partition keys).

use std::sync::Arc;

use scylla::deserialize::row::DeserializeRow;
use scylla::response::PagingState;

use super::page::Page;
use super::row_stream::RowStream;
use crate::exec::{self, StatementOptions};
use crate::expr::BoundValue;
use crate::session::{Lookup, Prepared};
use crate::{Error, Result, Session};

/// A checked statement found in (or missing from) the session's cache, and its
/// values; or why it was refused.
pub(crate) type LookedUp = Result<(Lookup, Vec<BoundValue>)>;

/// The statement of `looked_up`, prepared (on the first call of its shape), and
/// its values.
pub(crate) async fn resolve<V>(
    db: &Session,
    looked_up: Result<(Lookup, V)>,
) -> Result<(Arc<Prepared>, V)> {
    let (lookup, values) = looked_up?;
    Ok((db.resolve(lookup).await?, values))
}

/// Every row, fetched page by page.
pub(crate) async fn all<R>(
    db: &Session,
    looked_up: LookedUp,
    options: &StatementOptions,
) -> Result<Vec<R>>
where
    R: for<'f, 'm> DeserializeRow<'f, 'm>,
{
    let (prepared, values) = resolve(db, looked_up).await?;
    exec::all_pages(db, &prepared, options, values).await
}

/// The rows of one unpaged request.
pub(crate) async fn unpaged<R>(
    db: &Session,
    looked_up: LookedUp,
    options: &StatementOptions,
) -> Result<Vec<R>>
where
    R: for<'f, 'm> DeserializeRow<'f, 'm>,
{
    let (prepared, values) = resolve(db, looked_up).await?;
    let statement = options.apply(&prepared.statement);
    let result = exec::run(db, &prepared.cql, &statement, values).await?;
    exec::rows(&prepared.cql, result)
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
    looked_up: LookedUp,
    options: StatementOptions,
) -> RowStream<R>
where
    R: for<'f, 'm> DeserializeRow<'f, 'm> + Send + 'static,
{
    RowStream::new(db.clone(), looked_up, options)
}

/// One page of rows from `state` on.
pub(crate) async fn page<R>(
    db: &Session,
    looked_up: LookedUp,
    options: &StatementOptions,
    state: Option<PagingState>,
) -> Result<Page<R>>
where
    R: for<'f, 'm> DeserializeRow<'f, 'm>,
{
    let (prepared, values) = resolve(db, looked_up).await?;
    let statement = options.apply(&prepared.statement);
    let (result, response) = db
        .driver()
        .get_session()
        .execute_single_page(&statement, values, state.unwrap_or_else(PagingState::start))
        .await
        .map_err(|e| exec::execution_error(&prepared.cql, e))?;
    let rows = exec::rows(&prepared.cql, result)?;
    let next = exec::next_page_state(response);
    Ok(Page { rows, next })
}
