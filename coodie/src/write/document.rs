//! Writing whole documents: `INSERT` (upsert or `IF NOT EXISTS`) and `DELETE` by key.

use super::keys::key_clause;
use super::lwt::{self, Inserted, LwtRow};
use super::options::WriteOptions;
use crate::ident;
use crate::model::{Document, Table, TableSchema};
use crate::query::run;
use crate::query::values::chain;
use crate::schema::ddl::table_ref;
use crate::{Error, Result, Session};

/// `INSERT INTO ks.t ("a", "b") VALUES (?, ?)[ IF NOT EXISTS][ USING …]`
pub(crate) fn insert_cql(
    schema: &TableSchema,
    column_names: &[&str],
    keyspace: &str,
    if_not_exists: bool,
    using: &str,
) -> String {
    let markers = vec!["?"; column_names.len()].join(", ");
    format!(
        "INSERT INTO {} ({}) VALUES ({markers}){}{using}",
        table_ref(schema, keyspace),
        ident::column_list(column_names),
        if if_not_exists { " IF NOT EXISTS" } else { "" }
    )
}

/// `DELETE FROM ks.t[ USING TIMESTAMP ?] WHERE <key>`
pub(crate) fn delete_cql(
    schema: &TableSchema,
    primary_key: &[&str],
    keyspace: &str,
    using: &str,
    condition: &str,
) -> String {
    format!(
        "DELETE FROM {}{using} WHERE {}{condition}",
        table_ref(schema, keyspace),
        key_clause(primary_key)
    )
}

/// Upserts `doc`; `None` fields are unset, not null.
pub(crate) async fn save<D: Document>(db: &Session, doc: &D, options: &WriteOptions) -> Result<()> {
    let (using, using_values) = options.using(true)?;
    let cql = insert_cql(D::schema(), D::COLUMN_NAMES, db.keyspace(), false, &using);
    let values = chain(doc.values(), D::COLUMN_NAMES.len(), using_values);
    run::execute(db, &cql, &options.statement_options(), values).await?;
    Ok(())
}

/// `INSERT … IF NOT EXISTS`, returning the existing row (read as `R`) when the key
/// was taken.
pub(crate) async fn insert<D: Document, R: Table>(
    db: &Session,
    doc: &D,
    options: &WriteOptions,
) -> Result<Inserted<R>> {
    let (using, using_values) = options.using(true)?;
    let cql = insert_cql(D::schema(), D::COLUMN_NAMES, db.keyspace(), true, &using);
    let values = chain(doc.values(), D::COLUMN_NAMES.len(), using_values);
    let result = run::execute(db, &cql, &options.statement_options(), values).await?;
    let rows = result
        .into_rows_result()
        .map_err(|e| Error::driver(cql.as_str(), e))?;
    let row = rows
        .maybe_first_row::<LwtRow<R>>()
        .map_err(|e| Error::driver(cql.as_str(), e))?;
    Ok(match row {
        Some(LwtRow { applied, existing }) => Inserted { applied, existing },
        None => Inserted {
            applied: true,
            existing: None,
        },
    })
}

/// Deletes the row with primary key `key`; with `if_exists`, reports whether it
/// was there.
pub(crate) async fn delete_by_key<T: Table>(
    db: &Session,
    key: &T::PrimaryKey,
    options: &WriteOptions,
    if_exists: bool,
) -> Result<bool> {
    let (using, using_values) = options.using(false)?;
    let condition = if if_exists { " IF EXISTS" } else { "" };
    let cql = delete_cql(
        T::schema(),
        T::PRIMARY_KEY,
        db.keyspace(),
        &using,
        condition,
    );
    let values = chain(
        using_values.clone(),
        using_values.len(),
        T::primary_key_values(key),
    );
    let result = run::execute(db, &cql, &options.statement_options(), values).await?;
    lwt::applied(&cql, result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ColumnKind, ColumnSchema};

    fn schema() -> TableSchema {
        TableSchema {
            keyspace: None,
            name: "products",
            columns: vec![
                ColumnSchema {
                    name: "id",
                    field: "id",
                    cql_type: "uuid".into(),
                    kind: ColumnKind::PartitionKey,
                },
                ColumnSchema {
                    name: "name",
                    field: "name",
                    cql_type: "text".into(),
                    kind: ColumnKind::Regular,
                },
            ],
            indexes: vec![],
            default_ttl: None,
            options: None,
            view: None,
        }
    }

    #[test]
    fn insert_and_delete_text() {
        assert_eq!(
            insert_cql(&schema(), &["id", "name"], "shop", false, ""),
            "INSERT INTO shop.products (\"id\", \"name\") VALUES (?, ?)"
        );
        assert_eq!(
            insert_cql(&schema(), &["id", "name"], "shop", true, " USING TTL ?"),
            "INSERT INTO shop.products (\"id\", \"name\") VALUES (?, ?) IF NOT EXISTS USING TTL ?"
        );
        assert_eq!(
            delete_cql(
                &schema(),
                &["id"],
                "shop",
                " USING TIMESTAMP ?",
                " IF EXISTS"
            ),
            "DELETE FROM shop.products USING TIMESTAMP ? WHERE \"id\" = ? IF EXISTS"
        );
    }
}
