//! Reading one row by its full primary key.

use crate::cql::dml;
use crate::exec::{self, StatementOptions};
use crate::model::Table;
use crate::session::{StatementKey, StatementKind};
use crate::{Result, Session};

/// The row of `T` with primary key `key`, if there is one.
pub(crate) async fn get<T: Table>(db: &Session, key: &T::PrimaryKey) -> Result<Option<T>> {
    let prepared = db
        .prepared(StatementKey::new::<T>(StatementKind::Get), true, || {
            dml::select_by_key(T::schema(), db.keyspace())
        })
        .await?;
    let statement = StatementOptions::read().apply(&prepared.statement);
    let result = exec::run(db, &prepared.cql, &statement, T::primary_key_values(key)).await?;
    exec::first_row(&prepared.cql, result)
}
