//! A view's definition as the server's schema tables describe it.

use crate::Result;
use crate::model::Order;
use crate::schema::introspect::rows_of;
use crate::session::Session;

/// One column of a view, from `system_schema.columns`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LiveColumn {
    pub(crate) name: String,
    /// `partition_key`, `clustering`, `regular` or `static`.
    pub(crate) kind: String,
    pub(crate) position: i32,
    pub(crate) order: Option<Order>,
    pub(crate) cql_type: String,
}

/// A view as `system_schema.views` and `system_schema.columns` describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LiveView {
    pub(crate) base_table: String,
    pub(crate) where_clause: String,
    pub(crate) include_all_columns: bool,
    pub(crate) columns: Vec<LiveColumn>,
}

impl LiveView {
    fn key(&self, kind: &str) -> Vec<&LiveColumn> {
        let mut key: Vec<_> = self.columns.iter().filter(|c| c.kind == kind).collect();
        key.sort_by_key(|c| c.position);
        key
    }

    /// The partition key columns, in key order.
    pub(crate) fn partition_key(&self) -> Vec<&LiveColumn> {
        self.key("partition_key")
    }

    /// The clustering columns, in key order.
    pub(crate) fn clustering_key(&self) -> Vec<&LiveColumn> {
        self.key("clustering")
    }

    /// The column called `name`.
    pub(crate) fn column(&self, name: &str) -> Option<&LiveColumn> {
        self.columns.iter().find(|c| c.name == name)
    }
}

const VIEW_CQL: &str = "SELECT base_table_name, where_clause, include_all_columns \
                        FROM system_schema.views WHERE keyspace_name = ? AND view_name = ?";
const COLUMNS_CQL: &str = "SELECT column_name, kind, position, clustering_order, type \
                           FROM system_schema.columns WHERE keyspace_name = ? AND table_name = ?";

const TABLE_CQL: &str = "SELECT table_name FROM system_schema.tables \
                         WHERE keyspace_name = ? AND table_name = ?";

type ViewRow = (String, Option<String>, Option<bool>);
type ColumnRow = (String, String, i32, Option<String>, String);

/// Reads view `view` of `keyspace` from the schema tables; `None` when it does not
/// exist.
pub(crate) async fn read(db: &Session, keyspace: &str, view: &str) -> Result<Option<LiveView>> {
    let views: Vec<ViewRow> = rows_of(db, VIEW_CQL, keyspace, view).await?;
    let Some((base_table, where_clause, include_all_columns)) = views.into_iter().next() else {
        return Ok(None);
    };
    let columns: Vec<ColumnRow> = rows_of(db, COLUMNS_CQL, keyspace, view).await?;
    let columns = columns
        .into_iter()
        .map(|(name, kind, position, order, cql_type)| LiveColumn {
            name,
            kind,
            position,
            order: match order.as_deref() {
                Some(o) if o.eq_ignore_ascii_case("desc") => Some(Order::Desc),
                Some(o) if o.eq_ignore_ascii_case("asc") => Some(Order::Asc),
                _ => None,
            },
            cql_type,
        })
        .collect();
    Ok(Some(LiveView {
        base_table,
        where_clause: where_clause.unwrap_or_default(),
        include_all_columns: include_all_columns.unwrap_or(false),
        columns,
    }))
}

/// Whether `keyspace` holds a *table* (not a view) called `name`.
pub(crate) async fn is_table(db: &Session, keyspace: &str, name: &str) -> Result<bool> {
    let tables: Vec<(String,)> = rows_of(db, TABLE_CQL, keyspace, name).await?;
    Ok(!tables.is_empty())
}
