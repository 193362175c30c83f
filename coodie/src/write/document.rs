//! Writing whole documents: `INSERT` (upsert or `IF NOT EXISTS`) and `DELETE` of
//! a document's row.

use super::options::WriteOptions;
use crate::cql::dml::{self, key_clause};
use crate::exec::{self, Applied};
use crate::expr::chain;
use crate::model::{Document, Table};
use crate::session::{StatementKey, StatementKind};
use crate::{Result, Session};

/// Upserts `doc`; `None` fields are unset, not null.
pub(crate) async fn save<D: Document>(db: &Session, doc: &D, options: &WriteOptions) -> Result<()> {
    let (using, using_values) = options.using(true)?;
    let key = StatementKey::shaped::<D>(StatementKind::Save, options.using_shape());
    let prepared = db
        .prepared(key, || {
            dml::insert(D::schema(), db.keyspace(), false, &using)
        })
        .await?;
    let values = chain(doc.values(), D::COLUMN_NAMES.len(), using_values);
    // An upsert of the same values: idempotent.
    exec::run(db, &prepared, &options.statement_options(true), values).await?;
    Ok(())
}

/// `INSERT … IF NOT EXISTS`, returning the existing row (read as `R`) when the key
/// was taken.
pub(crate) async fn insert<D: Document, R: Table>(
    db: &Session,
    doc: &D,
    options: &WriteOptions,
) -> Result<Applied<R>> {
    let (using, using_values) = options.using(true)?;
    let key = StatementKey::shaped::<D>(StatementKind::Insert, options.using_shape());
    let prepared = db
        .prepared(key, || {
            dml::insert(D::schema(), db.keyspace(), true, &using)
        })
        .await?;
    let values = chain(doc.values(), D::COLUMN_NAMES.len(), using_values);
    // A lightweight transaction: not idempotent (a retry of an applied insert
    // reports "not applied").
    let result = exec::run(db, &prepared, &options.statement_options(false), values).await?;
    exec::applied(&prepared.cql, result)
}

/// `DELETE FROM ks.t[ USING TIMESTAMP ?] WHERE <the full primary key>`
pub(crate) fn delete_cql<T: Table>(keyspace: &str, using: &str) -> String {
    dml::delete(
        T::schema(),
        keyspace,
        "",
        using,
        &key_clause(T::PRIMARY_KEY.iter().copied()),
        "",
    )
}

/// Deletes the row of `D` with primary key `key`.
pub(crate) async fn delete<D: Document>(
    db: &Session,
    key: &D::PrimaryKey,
    options: &WriteOptions,
) -> Result<()> {
    let (using, using_values) = options.using(false)?;
    let statement = StatementKey::shaped::<D>(StatementKind::DeleteByKey, options.using_shape());
    let prepared = db
        .prepared(statement, || delete_cql::<D>(db.keyspace(), &using))
        .await?;
    let values = chain(
        using_values,
        usize::from(options.timestamp.is_some()),
        D::primary_key_values(key),
    );
    exec::run(db, &prepared, &options.statement_options(true), values).await?;
    Ok(())
}
