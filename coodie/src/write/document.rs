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
pub(crate) async fn save<D: Document>(db: &Session, doc: &D, options: WriteOptions) -> Result<()> {
    let using_values = options.using_values(true)?;
    let key = StatementKey::shaped::<D>(StatementKind::Save, options.using_shape());
    // An upsert of the same values: idempotent.
    let statement_options = options.statement_options(true);
    let prepared = db
        .prepared(key, statement_options.idempotent, || {
            dml::insert(
                D::schema(),
                db.keyspace(),
                false,
                &options.using_clause(true),
            )
        })
        .await?;
    let values = chain(doc.values(), D::COLUMN_NAMES.len(), using_values);
    let statement = statement_options.apply(&prepared.statement);
    exec::run(db, &prepared.cql, &statement, values).await?;
    Ok(())
}

/// `INSERT … IF NOT EXISTS`, returning the existing row (read as `R`) when the key
/// was taken.
pub(crate) async fn insert<D: Document, R: Table>(
    db: &Session,
    doc: &D,
    options: WriteOptions,
) -> Result<Applied<R>> {
    let using_values = options.using_values(true)?;
    let key = StatementKey::shaped::<D>(StatementKind::Insert, options.using_shape());
    // A lightweight transaction: not idempotent (a retry of an applied insert
    // reports "not applied").
    let statement_options = options.statement_options(false);
    let prepared = db
        .prepared(key, statement_options.idempotent, || {
            dml::insert(
                D::schema(),
                db.keyspace(),
                true,
                &options.using_clause(true),
            )
        })
        .await?;
    let values = chain(doc.values(), D::COLUMN_NAMES.len(), using_values);
    let statement = statement_options.apply(&prepared.statement);
    let result = exec::run(db, &prepared.cql, &statement, values).await?;
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
    key: D::PrimaryKey,
    options: WriteOptions,
) -> Result<()> {
    let using_values = options.using_values(false)?;
    let statement = StatementKey::shaped::<D>(StatementKind::DeleteByKey, options.using_shape());
    let statement_options = options.statement_options(true);
    let prepared = db
        .prepared(statement, statement_options.idempotent, || {
            delete_cql::<D>(db.keyspace(), &options.using_clause(false))
        })
        .await?;
    let values = chain(
        using_values,
        using_values.len(),
        D::primary_key_values(&key),
    );
    let statement = statement_options.apply(&prepared.statement);
    exec::run(db, &prepared.cql, &statement, values).await?;
    Ok(())
}
