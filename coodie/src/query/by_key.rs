//! Reading one row by its full primary key.

use crate::cql::dml;
use crate::exec::{self, StatementOptions};
use crate::model::Table;
use crate::{Result, Session};

/// The row of `T` with primary key `key`, if there is one.
pub(crate) async fn get<T: Table>(db: &Session, key: &T::PrimaryKey) -> Result<Option<T>> {
    let cql = dml::select_by_key(T::schema(), db.keyspace());
    let result = exec::execute(
        db,
        &cql,
        &StatementOptions::default(),
        T::primary_key_values(key),
    )
    .await?;
    let mut rows: Vec<T> = exec::rows(&cql, result)?;
    Ok(rows.pop())
}
