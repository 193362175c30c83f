//! The live schema: what the database holds, read from `system_schema` (and from
//! the build status tables). The one reader of every schema table sync compares;
//! tables and views share the reader of `system_schema.columns`.

use std::collections::HashMap;

use scylla::deserialize::row::DeserializeRow;

use crate::exec::{self, StatementOptions};
use crate::model::{ColumnKind, Order};
use crate::{Result, Server, Session};

/// One column of a table or view, from `system_schema.columns`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LiveColumn {
    pub(crate) name: String,
    /// Its role, in the model's words (`clustering` carries `clustering_order`).
    pub(crate) kind: ColumnKind,
    /// The position in the partition or clustering key (-1 for other columns).
    pub(crate) position: i32,
    /// The CQL type as the server spells it.
    pub(crate) cql_type: String,
}

/// One index of a table, from `system_schema.indexes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LiveIndex {
    pub(crate) name: String,
    /// The indexed column, unquoted, or the raw target when it is not one column.
    pub(crate) target: String,
    /// The index class of a `CUSTOM` index (a storage-attached index and the
    /// like); `None` for the built-in secondary index.
    pub(crate) custom_class: Option<String>,
    /// The `similarity_function` option of a vector index, as the server spells
    /// it (`COSINE` …).
    pub(crate) similarity: Option<String>,
}

/// A table as `system_schema` describes it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct LiveTable {
    pub(crate) default_ttl: u32,
    pub(crate) columns: Vec<LiveColumn>,
    pub(crate) indexes: Vec<LiveIndex>,
}

/// A materialized view as `system_schema` describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LiveView {
    pub(crate) base_table: String,
    pub(crate) where_clause: String,
    pub(crate) include_all_columns: bool,
    pub(crate) columns: Vec<LiveColumn>,
}

/// The key columns of `columns` with `kind`, in key order.
fn key(columns: &[LiveColumn], is_kind: impl Fn(ColumnKind) -> bool) -> Vec<&LiveColumn> {
    let mut key: Vec<_> = columns.iter().filter(|c| is_kind(c.kind)).collect();
    key.sort_by_key(|c| c.position);
    key
}

/// The partition key columns of a live table or view, in key order.
pub(crate) fn partition_key(columns: &[LiveColumn]) -> Vec<&LiveColumn> {
    key(columns, |kind| kind == ColumnKind::PartitionKey)
}

/// The clustering columns of a live table or view with their order, in key order.
pub(crate) fn clustering_key(columns: &[LiveColumn]) -> Vec<(&LiveColumn, Order)> {
    key(columns, |kind| matches!(kind, ColumnKind::Clustering(_)))
        .into_iter()
        .map(|c| match c.kind {
            ColumnKind::Clustering(order) => (c, order),
            _ => (c, Order::Asc),
        })
        .collect()
}

const TABLE: &str = "SELECT default_time_to_live FROM system_schema.tables \
                     WHERE keyspace_name = ? AND table_name = ?";
const VIEW: &str = "SELECT base_table_name, where_clause, include_all_columns \
                    FROM system_schema.views WHERE keyspace_name = ? AND view_name = ?";
const COLUMNS: &str = "SELECT column_name, kind, position, type, clustering_order \
                       FROM system_schema.columns WHERE keyspace_name = ? AND table_name = ?";
const INDEXES: &str = "SELECT index_name, kind, options FROM system_schema.indexes \
                       WHERE keyspace_name = ? AND table_name = ?";

/// The rows `cql` selects for one schema object: its two markers are bound to
/// `keyspace` and `name`.
pub(super) async fn rows_of<R>(
    db: &Session,
    cql: &str,
    keyspace: &str,
    name: &str,
) -> Result<Vec<R>>
where
    R: for<'f, 'm> DeserializeRow<'f, 'm>,
{
    let result = exec::execute(db, cql, &StatementOptions::read(), (keyspace, name)).await?;
    exec::rows(cql, result)
}

type ColumnRow = (String, String, i32, String, Option<String>);

/// The columns of table or view `keyspace.name`: the one reader of
/// `system_schema.columns`.
async fn columns(db: &Session, keyspace: &str, name: &str) -> Result<Vec<LiveColumn>> {
    let rows: Vec<ColumnRow> = rows_of(db, COLUMNS, keyspace, name).await?;
    Ok(rows
        .into_iter()
        .map(|(name, kind, position, cql_type, order)| LiveColumn {
            name,
            kind: column_kind(&kind, order.as_deref()),
            position,
            cql_type,
        })
        .collect())
}

/// A `kind` and `clustering_order` of `system_schema.columns` as a [`ColumnKind`].
fn column_kind(kind: &str, clustering_order: Option<&str>) -> ColumnKind {
    match kind {
        "partition_key" => ColumnKind::PartitionKey,
        "clustering" => ColumnKind::Clustering(match clustering_order {
            Some(order) if order.eq_ignore_ascii_case("desc") => Order::Desc,
            _ => Order::Asc,
        }),
        "static" => ColumnKind::Static,
        _ => ColumnKind::Regular,
    }
}

/// Table `keyspace.name` as the database holds it; `None` when there is no such
/// table (a view of that name is not a table).
pub(crate) async fn table(db: &Session, keyspace: &str, name: &str) -> Result<Option<LiveTable>> {
    let tables: Vec<(Option<i32>,)> = rows_of(db, TABLE, keyspace, name).await?;
    let Some((ttl,)) = tables.into_iter().next() else {
        return Ok(None);
    };
    Ok(Some(LiveTable {
        default_ttl: ttl.and_then(|t| u32::try_from(t).ok()).unwrap_or(0),
        columns: columns(db, keyspace, name).await?,
        indexes: indexes(db, keyspace, name).await?,
    }))
}

/// Whether `keyspace` holds a table (not a view) called `name`.
pub(crate) async fn is_table(db: &Session, keyspace: &str, name: &str) -> Result<bool> {
    let tables: Vec<(Option<i32>,)> = rows_of(db, TABLE, keyspace, name).await?;
    Ok(!tables.is_empty())
}

/// View `keyspace.name` as the database holds it; `None` when there is no such
/// view.
pub(crate) async fn view(db: &Session, keyspace: &str, name: &str) -> Result<Option<LiveView>> {
    let views: Vec<(String, Option<String>, Option<bool>)> =
        rows_of(db, VIEW, keyspace, name).await?;
    let Some((base_table, where_clause, include_all_columns)) = views.into_iter().next() else {
        return Ok(None);
    };
    Ok(Some(LiveView {
        base_table,
        where_clause: where_clause.unwrap_or_default(),
        include_all_columns: include_all_columns.unwrap_or(false),
        columns: columns(db, keyspace, name).await?,
    }))
}

type IndexRow = (String, Option<String>, Option<HashMap<String, String>>);

/// The indexes of table `keyspace.name`.
async fn indexes(db: &Session, keyspace: &str, table: &str) -> Result<Vec<LiveIndex>> {
    let rows: Vec<IndexRow> = rows_of(db, INDEXES, keyspace, table).await?;
    Ok(rows
        .into_iter()
        .map(|(name, kind, options)| {
            let mut options = options.unwrap_or_default();
            let custom = kind.is_some_and(|k| k.eq_ignore_ascii_case("custom"));
            LiveIndex {
                name,
                target: unquote_target(&options.remove("target").unwrap_or_default()),
                custom_class: custom.then(|| options.remove("class_name").unwrap_or_default()),
                similarity: options.remove("similarity_function"),
            }
        })
        .collect())
}

/// Whether the secondary index `index` of `keyspace` has finished building, as the
/// answering node sees it: Cassandra lists built indexes in `system."IndexInfo"`,
/// ScyllaDB builds an index as a view named `{index}_index`.
pub(crate) async fn index_built(db: &Session, keyspace: &str, index: &str) -> Result<bool> {
    match db.server() {
        Server::Cassandra => {
            const BUILT: &str = "SELECT index_name FROM system.\"IndexInfo\" \
                                 WHERE table_name = ? AND index_name = ?";
            let rows: Vec<(String,)> = rows_of(db, BUILT, keyspace, index).await?;
            Ok(!rows.is_empty())
        }
        Server::Scylla => view_built(db, keyspace, &format!("{index}_index")).await,
    }
}

/// Whether the node that answers has finished building view `view` of `keyspace`
/// from its base table's existing rows (`system.built_views`).
pub(crate) async fn view_built(db: &Session, keyspace: &str, view: &str) -> Result<bool> {
    const BUILT: &str =
        "SELECT view_name FROM system.built_views WHERE keyspace_name = ? AND view_name = ?";
    let rows: Vec<(String,)> = rows_of(db, BUILT, keyspace, view).await?;
    Ok(!rows.is_empty())
}

/// `"Col"` → `Col`, `values(tags)` stays as is, `tags` → `tags`.
fn unquote_target(target: &str) -> String {
    match target.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => target.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_targets_are_unquoted() {
        assert_eq!(unquote_target("\"Category\""), "Category");
        assert_eq!(unquote_target("brand"), "brand");
        assert_eq!(unquote_target("values(tags)"), "values(tags)");
    }

    #[test]
    fn column_kinds_are_read_in_the_model_s_words() {
        assert_eq!(column_kind("partition_key", None), ColumnKind::PartitionKey);
        assert_eq!(
            column_kind("clustering", Some("DESC")),
            ColumnKind::Clustering(Order::Desc)
        );
        assert_eq!(
            column_kind("clustering", Some("asc")),
            ColumnKind::Clustering(Order::Asc)
        );
        assert_eq!(column_kind("static", Some("none")), ColumnKind::Static);
        assert_eq!(column_kind("regular", Some("none")), ColumnKind::Regular);
    }

    #[test]
    fn keys_are_in_key_order() {
        let column = |name: &str, kind, position| LiveColumn {
            name: name.into(),
            kind,
            position,
            cql_type: "int".into(),
        };
        let columns = [
            column("b", ColumnKind::PartitionKey, 1),
            column("v", ColumnKind::Regular, -1),
            column("d", ColumnKind::Clustering(Order::Desc), 1),
            column("a", ColumnKind::PartitionKey, 0),
            column("c", ColumnKind::Clustering(Order::Asc), 0),
        ];
        let names: Vec<_> = partition_key(&columns)
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(names, ["a", "b"]);
        let clustering: Vec<_> = clustering_key(&columns)
            .iter()
            .map(|(c, o)| (c.name.as_str(), *o))
            .collect();
        assert_eq!(clustering, [("c", Order::Asc), ("d", Order::Desc)]);
    }
}
