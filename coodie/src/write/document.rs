//! Writing whole documents: `INSERT` (upsert or `IF NOT EXISTS`) and `DELETE` of
//! a document's row.

use super::options::WriteOptions;
use crate::cql::dml::{self, key_clause};
use crate::exec::{self, Applied};
use crate::expr::chain;
use crate::model::{Document, Table};
use crate::{Result, Session};

/// Upserts `doc`; `None` fields are unset, not null.
pub(crate) async fn save<D: Document>(db: &Session, doc: &D, options: &WriteOptions) -> Result<()> {
    let (using, using_values) = options.using(true)?;
    let cql = dml::insert(D::schema(), db.keyspace(), false, &using);
    let values = chain(doc.values(), D::COLUMN_NAMES.len(), using_values);
    // An upsert of the same values: idempotent.
    exec::execute(db, &cql, &options.statement_options(true), values).await?;
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
    let cql = dml::insert(D::schema(), db.keyspace(), true, &using);
    let values = chain(doc.values(), D::COLUMN_NAMES.len(), using_values);
    // A lightweight transaction: not idempotent (a retry of an applied insert
    // reports "not applied").
    let result = exec::execute(db, &cql, &options.statement_options(false), values).await?;
    exec::applied(&cql, result)
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
    let cql = delete_cql::<D>(db.keyspace(), &using);
    let values = chain(
        using_values.clone(),
        using_values.len(),
        D::primary_key_values(key),
    );
    exec::execute(db, &cql, &options.statement_options(true), values).await?;
    Ok(())
}
