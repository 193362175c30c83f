//! Running statements: through the session's cache of prepared statements, with
//! per-statement settings, reading typed rows and the outcome of conditional
//! writes.

mod lwt;

pub use lwt::Applied;
pub(crate) use lwt::{applied, applied_flag};

use std::borrow::Cow;
use std::future::Future;
use std::ops::ControlFlow;
use std::pin::Pin;
use std::task::{Context, Poll};

use scylla::deserialize::row::DeserializeRow;
use scylla::errors::ExecutionError;
use scylla::response::query_result::QueryResult;
use scylla::response::{PagingState, PagingStateResponse};
use scylla::serialize::row::SerializeRow;
use scylla::statement::batch::{Batch, BatchStatement, BatchType};
use scylla::statement::prepared::PreparedStatement;
use scylla::statement::{Consistency, SerialConsistency, Statement};

use crate::session::Prepared;
use crate::{Error, Result, Session};

/// Per-statement settings that travel with the prepared statement, not in its text.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct StatementOptions {
    pub(crate) consistency: Option<Consistency>,
    pub(crate) serial_consistency: Option<SerialConsistency>,
    pub(crate) timestamp: Option<i64>,
    pub(crate) page_size: Option<i32>,
    /// Whether the statement may be applied twice with the effect of once: the
    /// driver retries (and speculatively re-sends) only idempotent statements.
    /// `false` (the driver's default) unless the builder knows better.
    pub(crate) idempotent: bool,
}

/// Sets consistency, serial consistency, timestamp (those given) and idempotence on a driver
/// `Statement` or `Batch`: the two take them alike but share no trait.
macro_rules! set_consistency_and_timestamp {
    ($options:expr, $target:expr) => {
        if let Some(consistency) = $options.consistency {
            $target.set_consistency(consistency);
        }
        if let Some(serial) = $options.serial_consistency {
            $target.set_serial_consistency(Some(serial));
        }
        if $options.timestamp.is_some() {
            $target.set_timestamp($options.timestamp);
        }
        $target.set_is_idempotent($options.idempotent);
    };
}

impl StatementOptions {
    /// The options of a read (or another statement that may run twice): idempotent,
    /// the session's defaults otherwise.
    pub(crate) fn read() -> Self {
        StatementOptions {
            idempotent: true,
            ..StatementOptions::default()
        }
    }

    /// Whether no setting is given (the prepared statement is used as it is).
    #[inline]
    pub(crate) fn is_default(&self) -> bool {
        self.consistency.is_none()
            && self.serial_consistency.is_none()
            && self.timestamp.is_none()
            && self.page_size.is_none()
    }

    /// `prepared` with these settings: itself when there are none, else a copy
    /// that carries them (a copy shares the statement's metadata).
    #[inline]
    pub(crate) fn apply<'p>(&self, prepared: &'p PreparedStatement) -> Cow<'p, PreparedStatement> {
        if self.is_default() && prepared.get_is_idempotent() == self.idempotent {
            return Cow::Borrowed(prepared);
        }
        let mut statement = prepared.clone();
        set_consistency_and_timestamp!(self, statement);
        if let Some(size) = self.page_size {
            statement.set_page_size(size);
        }
        Cow::Owned(statement)
    }

    /// A driver statement of `cql` with these settings.
    pub(crate) fn statement(&self, cql: &str) -> Statement {
        let mut statement = Statement::new(cql);
        set_consistency_and_timestamp!(self, statement);
        if let Some(size) = self.page_size {
            statement.set_page_size(size);
        }
        statement
    }

    /// A driver batch of `kind` with these settings (a batch has no pages).
    pub(crate) fn batch(&self, kind: BatchType, statements: Vec<BatchStatement>) -> Batch {
        let mut batch = Batch::new_with_statements(kind, statements);
        set_consistency_and_timestamp!(self, batch);
        batch
    }
}

/// Runs `cql` unpaged: prepared once per session, then found by its text in the
/// driver's cache. For texts built at run time that have no [`StatementKey`];
/// statements with one go through [`Session::prepared`] and [`run`].
pub(crate) async fn execute(
    db: &Session,
    cql: &str,
    options: &StatementOptions,
    values: impl SerializeRow,
) -> Result<QueryResult> {
    db.bounded(
        cql,
        db.driver().execute_unpaged(options.statement(cql), values),
    )
    .await
}

/// Runs `statement` of the session's cache (its text `cql`, for errors) unpaged
/// with `values`, straight on the driver's session: no look-up by text, and the
/// driver's own future with no `async` layer around it ([`Run`]). The driver
/// bounds it by the request timeout. `statement` is the cached one or, for a
/// call with settings of its own, the copy [`StatementOptions::apply`] made.
pub(crate) fn run<'a>(
    db: &'a Session,
    cql: &'a str,
    statement: &'a PreparedStatement,
    values: impl SerializeRow + 'a,
) -> Run<'a, impl Future<Output = Result<QueryResult, ExecutionError>> + 'a> {
    Run {
        request: db.driver().get_session().execute_unpaged(statement, values),
        cql,
    }
}

pin_project_lite::pin_project! {
    /// The driver's request future, its error made coodie's. Polled in place: an
    /// `async` wrapper or `FutureExt::map` is one more state to step through per
    /// poll, and `map` moves the finished request out to drop it.
    pub(crate) struct Run<'a, F> {
        #[pin]
        request: F,
        cql: &'a str,
    }
}

impl<F> Future for Run<'_, F>
where
    F: Future<Output = Result<QueryResult, ExecutionError>>,
{
    type Output = Result<QueryResult>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<QueryResult>> {
        let this = self.project();
        match this.request.poll(cx) {
            Poll::Ready(result) => Poll::Ready(result.map_err(|e| execution_error(this.cql, e))),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// A driver error of running `cql`; the driver's request timeout becomes
/// [`Error::Timeout`], as coodie's own bound on a preparation does.
pub(crate) fn execution_error(cql: &str, error: ExecutionError) -> Error {
    match error {
        ExecutionError::RequestTimeout(after) => Error::Timeout {
            cql: cql.to_string(),
            after,
        },
        other => Error::driver(cql, other),
    }
}

/// At most one row of a result, typed (a read by primary key).
pub(crate) fn first_row<R>(cql: &str, result: QueryResult) -> Result<Option<R>>
where
    R: for<'f, 'm> DeserializeRow<'f, 'm>,
{
    result
        .into_rows_result()
        .map_err(|e| Error::driver(cql, e))?
        .maybe_first_row::<R>()
        .map_err(|e| Error::driver(cql, e))
}

/// Every row a statement of the session's cache selects, page after page
/// (`execute_single_page` in a loop): what collecting `execute_iter`'s stream
/// gives, without its pager task, channel and per-row stream adapters.
pub(crate) async fn all_pages<R>(
    db: &Session,
    prepared: &Prepared,
    options: &StatementOptions,
    values: impl SerializeRow,
) -> Result<Vec<R>>
where
    R: for<'f, 'm> DeserializeRow<'f, 'm>,
{
    let statement = options.apply(&prepared.statement);
    let session = db.driver().get_session();
    let mut all = Vec::new();
    let mut state = PagingState::start();
    loop {
        let (result, response) = session
            .execute_single_page(&statement, &values, state)
            .await
            .map_err(|e| execution_error(&prepared.cql, e))?;
        extend_rows(&prepared.cql, result, &mut all)?;
        match next_page_state(response) {
            Some(next) => state = next,
            None => return Ok(all),
        }
    }
}

/// Where the next page starts, if the database says there is one.
pub(crate) fn next_page_state(response: PagingStateResponse) -> Option<PagingState> {
    match response.into_paging_control_flow() {
        ControlFlow::Continue(state) => Some(state),
        ControlFlow::Break(()) => None,
    }
}

/// Every row of a result, typed.
pub(crate) fn rows<R>(cql: &str, result: QueryResult) -> Result<Vec<R>>
where
    R: for<'f, 'm> DeserializeRow<'f, 'm>,
{
    let mut all = Vec::new();
    extend_rows(cql, result, &mut all)?;
    Ok(all)
}

/// Appends every row of a result, typed, to `all`.
fn extend_rows<R>(cql: &str, result: QueryResult, all: &mut Vec<R>) -> Result<()>
where
    R: for<'f, 'm> DeserializeRow<'f, 'm>,
{
    let rows = result
        .into_rows_result()
        .map_err(|e| Error::driver(cql, e))?;
    let typed = rows.rows::<R>().map_err(|e| Error::driver(cql, e))?;
    all.reserve(typed.len());
    for row in typed {
        all.push(row.map_err(|e| Error::driver(cql, e))?);
    }
    Ok(())
}
