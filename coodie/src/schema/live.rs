//! The live schema: what the database holds, read from `system_schema` (and from
//! the build status tables). The one reader of every schema table sync compares;
//! tables and views share the reader of `system_schema.columns`.

use std::borrow::Cow;
use std::collections::BTreeMap;

use scylla::deserialize::row::DeserializeRow;
use scylla::response::query_result::QueryRowsResult;

use crate::exec::{self, StatementOptions};
use crate::model::{ColumnKind, Order};
use crate::session::{StatementKey, StatementKind};
use crate::{Error, Result, Server, Session};

/// One column of a table or view, from `system_schema.columns`: its strings
/// borrowed from the rows read (a table's sync copies none of them unless they
/// go into a drift), or owned (a view's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LiveColumn<'r> {
    pub(crate) name: Cow<'r, str>,
    /// Its role, in the model's words (`clustering` carries `clustering_order`).
    pub(crate) kind: ColumnKind,
    /// The position in the partition or clustering key (-1 for other columns).
    pub(crate) position: i32,
    /// The CQL type as the server spells it.
    pub(crate) cql_type: Cow<'r, str>,
}

impl LiveColumn<'_> {
    /// The column with its strings copied.
    fn into_owned(self) -> LiveColumn<'static> {
        LiveColumn {
            name: Cow::Owned(self.name.into_owned()),
            kind: self.kind,
            position: self.position,
            cql_type: Cow::Owned(self.cql_type.into_owned()),
        }
    }
}

/// One index of a table, from `system_schema.indexes`, its strings borrowed
/// from the rows read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LiveIndex<'r> {
    pub(crate) name: Cow<'r, str>,
    /// The indexed column, unquoted, or the raw target when it is not one column.
    pub(crate) target: Cow<'r, str>,
    /// The index class of a `CUSTOM` index (a storage-attached index and the
    /// like); `None` for the built-in secondary index.
    pub(crate) custom_class: Option<Cow<'r, str>>,
    /// The `similarity_function` option of a vector index, as the server spells
    /// it (`COSINE` …).
    pub(crate) similarity: Option<Cow<'r, str>>,
}

/// A table as `system_schema` describes it, borrowed from [`LiveTableRows`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct LiveTable<'r> {
    pub(crate) default_ttl: u32,
    pub(crate) columns: Vec<LiveColumn<'r>>,
    pub(crate) indexes: Vec<LiveIndex<'r>>,
}

/// The `system_schema` rows that describe a table, kept as they arrived:
/// [`table`](Self::table) reads them with borrowed strings.
pub(crate) struct LiveTableRows {
    table: QueryRowsResult,
    columns: QueryRowsResult,
    indexes: QueryRowsResult,
}

impl LiveTableRows {
    /// The table these rows describe.
    pub(crate) fn table(&self) -> Result<LiveTable<'_>> {
        let ttl: Option<(Option<i32>,)> = self
            .table
            .maybe_first_row()
            .map_err(|e| Error::driver(TABLE.cql, e))?;
        Ok(LiveTable {
            default_ttl: ttl
                .and_then(|(ttl,)| ttl)
                .and_then(|t| u32::try_from(t).ok())
                .unwrap_or(0),
            columns: column_rows(&self.columns)?,
            indexes: index_rows(&self.indexes)?,
        })
    }

    /// The rows as they arrived, in the order they were read.
    pub(crate) fn results(&self) -> [&QueryRowsResult; 3] {
        [&self.table, &self.columns, &self.indexes]
    }
}

/// A materialized view as `system_schema` describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LiveView {
    pub(crate) base_table: String,
    pub(crate) where_clause: String,
    pub(crate) include_all_columns: bool,
    pub(crate) columns: Vec<LiveColumn<'static>>,
}

/// The key columns of `columns` with `kind`, in key order.
fn key<'c, 'r>(
    columns: &'c [LiveColumn<'r>],
    is_kind: impl Fn(ColumnKind) -> bool,
) -> Vec<&'c LiveColumn<'r>> {
    let mut key: Vec<_> = columns.iter().filter(|c| is_kind(c.kind)).collect();
    key.sort_by_key(|c| c.position);
    key
}

/// The partition key columns of a live table or view, in key order.
pub(crate) fn partition_key<'c, 'r>(columns: &'c [LiveColumn<'r>]) -> Vec<&'c LiveColumn<'r>> {
    key(columns, |kind| kind == ColumnKind::PartitionKey)
}

/// The clustering columns of a live table or view with their order, in key order.
pub(crate) fn clustering_key<'c, 'r>(
    columns: &'c [LiveColumn<'r>],
) -> Vec<(&'c LiveColumn<'r>, Order)> {
    key(columns, |kind| matches!(kind, ColumnKind::Clustering(_)))
        .into_iter()
        .map(|c| match c.kind {
            ColumnKind::Clustering(order) => (c, order),
            _ => (c, Order::Asc),
        })
        .collect()
}

/// A read of a system table for one schema object (its two markers: keyspace
/// and name): the text, and the number its prepared statement is kept under in
/// the session's cache (no text is hashed or copied per call).
struct SystemRead {
    id: u8,
    cql: &'static str,
}

const TABLE: SystemRead = SystemRead {
    id: 0,
    cql: "SELECT default_time_to_live FROM system_schema.tables \
          WHERE keyspace_name = ? AND table_name = ?",
};
const VIEW: SystemRead = SystemRead {
    id: 1,
    cql: "SELECT base_table_name, where_clause, include_all_columns \
          FROM system_schema.views WHERE keyspace_name = ? AND view_name = ?",
};
const COLUMNS: SystemRead = SystemRead {
    id: 2,
    cql: "SELECT column_name, kind, position, type, clustering_order \
          FROM system_schema.columns WHERE keyspace_name = ? AND table_name = ?",
};
const INDEXES: SystemRead = SystemRead {
    id: 3,
    cql: "SELECT index_name, kind, options FROM system_schema.indexes \
          WHERE keyspace_name = ? AND table_name = ?",
};
const INDEX_BUILT: SystemRead = SystemRead {
    id: 4,
    cql: "SELECT index_name FROM system.\"IndexInfo\" WHERE table_name = ? AND index_name = ?",
};
const VIEW_BUILT: SystemRead = SystemRead {
    id: 5,
    cql: "SELECT view_name FROM system.built_views WHERE keyspace_name = ? AND view_name = ?",
};
/// A row of `system_schema.types`: field names, field types.
const TYPE: SystemRead = SystemRead {
    id: 6,
    cql: "SELECT field_names, field_types FROM system_schema.types \
          WHERE keyspace_name = ? AND type_name = ?",
};

/// The rows `read` selects for one schema object: its two markers are bound to
/// `keyspace` and `name`.
async fn rows_of<R>(db: &Session, read: &SystemRead, keyspace: &str, name: &str) -> Result<Vec<R>>
where
    R: for<'f, 'm> DeserializeRow<'f, 'm>,
{
    let rows = rows_result(db, read, keyspace, name).await?;
    map_rows(read, &rows, std::convert::identity::<R>)
}

/// The rows of `read` for `(keyspace, name)`, to deserialize with borrowed
/// (`&str`) fields where the strings are only looked at.
async fn rows_result(
    db: &Session,
    read: &SystemRead,
    keyspace: &str,
    name: &str,
) -> Result<QueryRowsResult> {
    let key = StatementKey::new::<SystemRead>(StatementKind::System(read.id));
    let prepared = db.prepared(key, true, || read.cql.to_string()).await?;
    let statement = StatementOptions::read().apply(&prepared.statement);
    let result = exec::run(db, &prepared.cql, &statement, (keyspace, name)).await?;
    result
        .into_rows_result()
        .map_err(|e| Error::driver(read.cql, e))
}

/// Maps every row of `rows`, read as `R` (which may borrow from `rows`), with `f`.
fn map_rows<'r, R, T>(
    read: &SystemRead,
    rows: &'r QueryRowsResult,
    f: impl Fn(R) -> T,
) -> Result<Vec<T>>
where
    R: DeserializeRow<'r, 'r>,
{
    let typed = rows.rows::<R>().map_err(|e| Error::driver(read.cql, e))?;
    typed
        .map(|row| row.map(&f).map_err(|e| Error::driver(read.cql, e)))
        .collect()
}

/// A row of `system_schema.columns`: name, kind, position, type, clustering order.
type ColumnRow<'r> = (&'r str, &'r str, i32, &'r str, Option<&'r str>);

/// The columns of table or view `keyspace.name`, copied: the one reader of
/// `system_schema.columns` for views (a table's sync borrows them from
/// [`LiveTableRows`]).
async fn columns(db: &Session, keyspace: &str, name: &str) -> Result<Vec<LiveColumn<'static>>> {
    let rows = rows_result(db, &COLUMNS, keyspace, name).await?;
    Ok(column_rows(&rows)?
        .into_iter()
        .map(LiveColumn::into_owned)
        .collect())
}

/// The columns `rows` (of `system_schema.columns`) list, borrowing their strings.
fn column_rows(rows: &QueryRowsResult) -> Result<Vec<LiveColumn<'_>>> {
    map_rows(
        &COLUMNS,
        rows,
        |(name, kind, position, cql_type, order): ColumnRow<'_>| LiveColumn {
            name: Cow::Borrowed(name),
            kind: column_kind(kind, order),
            position,
            cql_type: Cow::Borrowed(cql_type),
        },
    )
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

/// The rows that describe table `keyspace.name` as the database holds it;
/// `None` when there is no such table (a view of that name is not a table).
pub(crate) async fn table(
    db: &Session,
    keyspace: &str,
    name: &str,
) -> Result<Option<LiveTableRows>> {
    let table = rows_result(db, &TABLE, keyspace, name).await?;
    if table.rows_num() == 0 {
        return Ok(None);
    }
    Ok(Some(LiveTableRows {
        table,
        columns: rows_result(db, &COLUMNS, keyspace, name).await?,
        indexes: rows_result(db, &INDEXES, keyspace, name).await?,
    }))
}

/// The rows of `system_schema.types` that describe type `keyspace.name` (none
/// when there is no such type), kept as they arrived.
pub(super) async fn type_rows(db: &Session, keyspace: &str, name: &str) -> Result<QueryRowsResult> {
    rows_result(db, &TYPE, keyspace, name).await
}

/// `rows` of `system_schema.types` (from [`type_rows`]), each read as `R`.
pub(super) fn read_type_rows<'r, R>(rows: &'r QueryRowsResult) -> Result<Vec<R>>
where
    R: DeserializeRow<'r, 'r>,
{
    map_rows(&TYPE, rows, std::convert::identity::<R>)
}

/// Whether `keyspace` holds a table (not a view) called `name`.
pub(crate) async fn is_table(db: &Session, keyspace: &str, name: &str) -> Result<bool> {
    let tables: Vec<(Option<i32>,)> = rows_of(db, &TABLE, keyspace, name).await?;
    Ok(!tables.is_empty())
}

/// View `keyspace.name` as the database holds it; `None` when there is no such
/// view.
pub(crate) async fn view(db: &Session, keyspace: &str, name: &str) -> Result<Option<LiveView>> {
    let views: Vec<(String, Option<String>, Option<bool>)> =
        rows_of(db, &VIEW, keyspace, name).await?;
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

/// A row of `system_schema.indexes`: name, kind, options.
type IndexRow<'r> = (&'r str, Option<&'r str>, Option<BTreeMap<&'r str, &'r str>>);

/// The indexes `rows` (of `system_schema.indexes`) list, borrowing their strings.
fn index_rows(rows: &QueryRowsResult) -> Result<Vec<LiveIndex<'_>>> {
    map_rows(&INDEXES, rows, |(name, kind, options): IndexRow<'_>| {
        let options = options.unwrap_or_default();
        let option = |key: &str| options.get(key).map(|value| Cow::Borrowed(*value));
        let custom = kind.is_some_and(|k| k.eq_ignore_ascii_case("custom"));
        LiveIndex {
            name: Cow::Borrowed(name),
            target: unquote_target(options.get("target").copied().unwrap_or_default()),
            custom_class: custom.then(|| option("class_name").unwrap_or_default()),
            similarity: option("similarity_function"),
        }
    })
}

pub(crate) async fn index_built(db: &Session, keyspace: &str, index: &str) -> Result<bool> {
    match db.server() {
        Server::Cassandra => {
            let rows: Vec<(String,)> = rows_of(db, &INDEX_BUILT, keyspace, index).await?;
            Ok(!rows.is_empty())
        }
        Server::Scylla => view_built(db, keyspace, &format!("{index}_index")).await,
    }
}

/// Whether the node that answers has finished building view `view` of `keyspace`
/// from its base table's existing rows (`system.built_views`).
pub(crate) async fn view_built(db: &Session, keyspace: &str, view: &str) -> Result<bool> {
    let rows: Vec<(String,)> = rows_of(db, &VIEW_BUILT, keyspace, view).await?;
    Ok(!rows.is_empty())
}

/// `"Col"` → `Col`, `values(tags)` stays as is, `tags` → `tags`.
fn unquote_target(target: &str) -> Cow<'_, str> {
    match target.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(inner) => Cow::Owned(inner.replace("\"\"", "\"")),
        None => Cow::Borrowed(target),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_system_read_has_its_own_cache_number() {
        let reads = [
            &TABLE,
            &VIEW,
            &COLUMNS,
            &INDEXES,
            &INDEX_BUILT,
            &VIEW_BUILT,
            &TYPE,
        ];
        let mut ids: Vec<u8> = reads.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), reads.len());
        assert!(reads.iter().all(|r| r.cql.matches('?').count() == 2));
    }

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
        let column = |name: &'static str, kind, position| LiveColumn {
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
            .map(|c| c.name.as_ref())
            .collect();
        assert_eq!(names, ["a", "b"]);
        let clustering: Vec<_> = clustering_key(&columns)
            .iter()
            .map(|(c, o)| (c.name.as_ref(), *o))
            .collect();
        assert_eq!(clustering, [("c", Order::Asc), ("d", Order::Desc)]);
    }
}
