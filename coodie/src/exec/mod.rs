//! Running statements: through the session's cache of prepared statements, with
//! per-statement settings, reading typed rows and the outcome of conditional
//! writes.

mod lwt;

pub(crate) use lwt::{LwtRow, applied};

use scylla::deserialize::row::DeserializeRow;
use scylla::response::query_result::QueryResult;
use scylla::serialize::row::SerializeRow;
use scylla::statement::batch::{Batch, BatchType};
use scylla::statement::{Consistency, SerialConsistency, Statement};

use crate::{Error, Result, Session};

/// Per-statement settings that travel with the prepared statement, not in its text.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct StatementOptions {
    pub(crate) consistency: Option<Consistency>,
    pub(crate) serial_consistency: Option<SerialConsistency>,
    pub(crate) timestamp: Option<i64>,
    pub(crate) page_size: Option<i32>,
}

/// Sets consistency, serial consistency and timestamp (those given) on a driver
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
    };
}

impl StatementOptions {
    pub(crate) fn statement(&self, cql: &str) -> Statement {
        let mut statement = Statement::new(cql);
        set_consistency_and_timestamp!(self, statement);
        if let Some(size) = self.page_size {
            statement.set_page_size(size);
        }
        statement
    }

    /// An empty driver batch of `kind` with these settings (a batch has no pages).
    pub(crate) fn batch(&self, kind: BatchType) -> Batch {
        let mut batch = Batch::new(kind);
        set_consistency_and_timestamp!(self, batch);
        batch
    }
}

/// Runs `cql` unpaged: prepared once per session, then taken from the cache.
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

/// Every row of a result, typed.
pub(crate) fn rows<R>(cql: &str, result: QueryResult) -> Result<Vec<R>>
where
    R: for<'f, 'm> DeserializeRow<'f, 'm>,
{
    let rows = result
        .into_rows_result()
        .map_err(|e| Error::driver(cql, e))?;
    let typed = rows.rows::<R>().map_err(|e| Error::driver(cql, e))?;
    typed
        .collect::<std::result::Result<Vec<R>, _>>()
        .map_err(|e| Error::driver(cql, e))
}
