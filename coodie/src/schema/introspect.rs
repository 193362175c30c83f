//! Reading a table's columns and indexes back from `system_schema`.

use std::collections::HashMap;

use scylla::deserialize::row::DeserializeRow;

use crate::model::Order;
use crate::query::run;
use crate::{Result, Session};

/// One row of `system_schema.columns`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DbColumn {
    pub(crate) name: String,
    /// `partition_key`, `clustering`, `regular` or `static`.
    pub(crate) kind: String,
    pub(crate) position: i32,
    pub(crate) cql_type: String,
    pub(crate) order: Order,
}

/// One row of `system_schema.indexes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DbIndex {
    pub(crate) name: String,
    /// The indexed column, unquoted, or the raw target when it is not one column.
    pub(crate) target: String,
}

const COLUMNS: &str = "SELECT column_name, kind, position, type, clustering_order \
                       FROM system_schema.columns WHERE keyspace_name = ? AND table_name = ?";

const INDEXES: &str = "SELECT index_name, options FROM system_schema.indexes \
                       WHERE keyspace_name = ? AND table_name = ?";

/// The rows `cql` selects for one table or view: its two markers are bound to
/// `keyspace` and `name`.
pub(crate) async fn rows_of<R>(
    db: &Session,
    cql: &str,
    keyspace: &str,
    name: &str,
) -> Result<Vec<R>>
where
    R: for<'f, 'm> DeserializeRow<'f, 'm>,
{
    let result = run::execute(db, cql, &Default::default(), (keyspace, name)).await?;
    run::rows(cql, result)
}

/// The columns of `keyspace.table` (of a table or a view); empty when it does not
/// exist.
pub(crate) async fn columns(db: &Session, keyspace: &str, table: &str) -> Result<Vec<DbColumn>> {
    let rows: Vec<(String, String, i32, String, String)> =
        rows_of(db, COLUMNS, keyspace, table).await?;
    Ok(rows
        .into_iter()
        .map(|(name, kind, position, cql_type, order)| DbColumn {
            name,
            kind,
            position,
            cql_type,
            order: if order.eq_ignore_ascii_case("desc") {
                Order::Desc
            } else {
                Order::Asc
            },
        })
        .collect())
}

/// The secondary indexes of `keyspace.table`.
pub(crate) async fn indexes(db: &Session, keyspace: &str, table: &str) -> Result<Vec<DbIndex>> {
    let rows: Vec<(String, Option<HashMap<String, String>>)> =
        rows_of(db, INDEXES, keyspace, table).await?;
    Ok(rows
        .into_iter()
        .map(|(name, options)| {
            let target = options
                .and_then(|mut o| o.remove("target"))
                .unwrap_or_default();
            DbIndex {
                name,
                target: unquote_target(&target),
            }
        })
        .collect())
}

const TABLE_TTL: &str = "SELECT default_time_to_live FROM system_schema.tables \
                         WHERE keyspace_name = ? AND table_name = ?";

/// The `default_time_to_live` of `keyspace.table` (0 when it has none or does not
/// exist).
pub(crate) async fn default_ttl(db: &Session, keyspace: &str, table: &str) -> Result<i32> {
    let rows: Vec<(Option<i32>,)> = rows_of(db, TABLE_TTL, keyspace, table).await?;
    Ok(rows.first().and_then(|(ttl,)| *ttl).unwrap_or(0))
}

/// Whether the secondary index `index` of `keyspace` has finished building, as the
/// answering node sees it: Cassandra lists built indexes in `system."IndexInfo"`,
/// ScyllaDB builds an index as a view named `{index}_index`.
pub(crate) async fn index_built(db: &Session, keyspace: &str, index: &str) -> Result<bool> {
    let (cql, name) = match db.server() {
        crate::Server::Cassandra => (
            "SELECT index_name FROM system.\"IndexInfo\" WHERE table_name = ? AND index_name = ?",
            index.to_string(),
        ),
        crate::Server::Scylla => (
            "SELECT view_name FROM system.built_views WHERE keyspace_name = ? AND view_name = ?",
            format!("{index}_index"),
        ),
    };
    let rows: Vec<(String,)> = rows_of(db, cql, keyspace, &name).await?;
    Ok(!rows.is_empty())
}

/// `"Col"` → `Col`, `values(tags)` stays as is, `tags` → `tags`.
fn unquote_target(target: &str) -> String {
    match target.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => target.to_string(),
    }
}

/// A CQL type in a comparable form: lower case, no spaces.
pub(crate) fn normalize_type(cql_type: &str) -> String {
    cql_type
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase()
        .replace("varchar", "text")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_compare_without_spaces_or_case() {
        assert_eq!(
            normalize_type("map<text, frozen<list<int>>>"),
            normalize_type("map<text,frozen<list<int>>>")
        );
        assert_eq!(normalize_type("VARCHAR"), "text");
    }

    #[test]
    fn index_targets_are_unquoted() {
        assert_eq!(unquote_target("\"Category\""), "Category");
        assert_eq!(unquote_target("brand"), "brand");
        assert_eq!(unquote_target("values(tags)"), "values(tags)");
    }
}
