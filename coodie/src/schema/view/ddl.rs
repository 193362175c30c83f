//! The CQL text that creates and drops a materialized view.

use crate::ident::{qualified, quote};
use crate::model::{Order, TableSchema, ViewSchema};
use crate::{Error, Result};

/// The view's definition as the statement spells it: what [`create_view_cql`] renders
/// and what sync compares with the database.
pub(crate) struct Definition<'a> {
    pub(crate) view: &'a ViewSchema,
    pub(crate) partition_key: Vec<&'static str>,
    pub(crate) clustering_key: Vec<(&'static str, Order)>,
}

impl<'a> Definition<'a> {
    /// Splits a view's schema into its parts; fails on a table that is not a view or a
    /// view without a partition key.
    pub(crate) fn of(schema: &'a TableSchema) -> Result<Definition<'a>> {
        let view = schema.view.as_ref().ok_or_else(|| {
            Error::InvalidQuery(format!(
                "`{}` is a table, not a materialized view",
                schema.name
            ))
        })?;
        if schema.default_ttl.is_some() {
            return Err(Error::InvalidQuery(format!(
                "materialized view `{}` cannot have a default TTL: its rows expire with the \
                 base table's",
                schema.name
            )));
        }
        let partition_key: Vec<_> = schema.partition_key().map(|c| c.name).collect();
        if partition_key.is_empty() {
            return Err(Error::InvalidQuery(format!(
                "materialized view `{}` has no partition key",
                schema.name
            )));
        }
        let clustering_key = schema.clustering_key().map(|(c, o)| (c.name, o)).collect();
        Ok(Definition {
            view,
            partition_key,
            clustering_key,
        })
    }

    /// Every view primary-key column, partition columns first.
    pub(crate) fn key_columns(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.partition_key
            .iter()
            .copied()
            .chain(self.clustering_key.iter().map(|(name, _)| *name))
    }

    /// The `WHERE` clause: `IS NOT NULL` on every view key column, then the filter.
    pub(crate) fn where_clause(&self) -> String {
        let mut restrictions: Vec<String> = self
            .key_columns()
            .map(|name| format!("{} IS NOT NULL", quote(name)))
            .collect();
        if let Some(filter) = self.view.filter.map(str::trim).filter(|f| !f.is_empty()) {
            restrictions.push(filter.to_string());
        }
        restrictions.join(" AND ")
    }
}

/// The `CREATE MATERIALIZED VIEW IF NOT EXISTS` statement for a view's schema, in
/// keyspace `keyspace` (a view always lives in its base table's keyspace).
///
/// Every view key column is restricted with `IS NOT NULL` (both Cassandra and
/// ScyllaDB require it), the optional filter is ANDed after them, and a clustering
/// order is written when a clustering column is descending.
///
/// ```
/// use coodie::model::{ColumnKind, ColumnSchema, Order, TableSchema, ViewSchema};
/// use coodie::schema::view::create_view_cql;
///
/// let column = |name, kind| ColumnSchema { name, field: name, cql_type: "text".into(), kind };
/// let schema = TableSchema {
///     keyspace: None,
///     name: "products_by_category",
///     columns: vec![
///         column("category", ColumnKind::PartitionKey),
///         column("id", ColumnKind::Clustering(Order::Asc)),
///         column("name", ColumnKind::Regular),
///     ],
///     indexes: vec![],
///     default_ttl: None,
///     options: None,
///     view: Some(ViewSchema { base_table: "products", select_all: true, filter: None }),
/// };
/// assert_eq!(
///     create_view_cql("viewdemo", &schema)?,
///     "CREATE MATERIALIZED VIEW IF NOT EXISTS viewdemo.products_by_category AS \
///      SELECT * FROM viewdemo.products \
///      WHERE \"category\" IS NOT NULL AND \"id\" IS NOT NULL \
///      PRIMARY KEY (\"category\", \"id\")"
/// );
/// # Ok::<(), coodie::Error>(())
/// ```
pub fn create_view_cql(keyspace: &str, schema: &TableSchema) -> Result<String> {
    let definition = Definition::of(schema)?;
    let selection = if definition.view.select_all {
        "*".to_string()
    } else {
        schema
            .columns
            .iter()
            .map(|c| quote(c.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let partition = match definition.partition_key.as_slice() {
        [single] => quote(single),
        several => format!(
            "({})",
            several
                .iter()
                .map(|c| quote(c))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let primary_key = std::iter::once(partition)
        .chain(definition.clustering_key.iter().map(|(c, _)| quote(c)))
        .collect::<Vec<_>>()
        .join(", ");

    let mut with = Vec::new();
    if definition
        .clustering_key
        .iter()
        .any(|(_, order)| *order == Order::Desc)
    {
        let orders = definition
            .clustering_key
            .iter()
            .map(|(c, order)| format!("{} {}", quote(c), order.as_cql()))
            .collect::<Vec<_>>()
            .join(", ");
        with.push(format!("CLUSTERING ORDER BY ({orders})"));
    }
    if let Some(options) = schema.options.map(str::trim).filter(|o| !o.is_empty()) {
        with.push(options.to_string());
    }
    let with = if with.is_empty() {
        String::new()
    } else {
        format!(" WITH {}", with.join(" AND "))
    };

    Ok(format!(
        "CREATE MATERIALIZED VIEW IF NOT EXISTS {view} AS SELECT {selection} FROM {base} \
         WHERE {where_clause} PRIMARY KEY ({primary_key}){with}",
        view = qualified(keyspace, schema.name),
        base = qualified(keyspace, definition.view.base_table),
        where_clause = definition.where_clause(),
    ))
}

/// The `DROP MATERIALIZED VIEW IF EXISTS` statement for view `view` in `keyspace`.
///
/// ```
/// assert_eq!(
///     coodie::schema::view::drop_view_cql("viewdemo", "products_by_brand"),
///     "DROP MATERIALIZED VIEW IF EXISTS viewdemo.products_by_brand"
/// );
/// ```
pub fn drop_view_cql(keyspace: &str, view: &str) -> String {
    format!(
        "DROP MATERIALIZED VIEW IF EXISTS {}",
        qualified(keyspace, view)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ColumnKind, ColumnSchema};

    fn column(name: &'static str, kind: ColumnKind) -> ColumnSchema {
        ColumnSchema {
            name,
            field: name,
            cql_type: "text".into(),
            kind,
        }
    }

    fn view(
        name: &'static str,
        columns: Vec<ColumnSchema>,
        select_all: bool,
        filter: Option<&'static str>,
    ) -> TableSchema {
        TableSchema {
            keyspace: None,
            name,
            columns,
            indexes: vec![],
            default_ttl: None,
            options: None,
            view: Some(ViewSchema {
                base_table: "products",
                select_all,
                filter,
            }),
        }
    }

    fn by_category() -> TableSchema {
        view(
            "products_by_category",
            vec![
                column("category", ColumnKind::PartitionKey),
                column("id", ColumnKind::Clustering(Order::Asc)),
                column("name", ColumnKind::Regular),
                column("brand", ColumnKind::Regular),
                column("price", ColumnKind::Regular),
            ],
            true,
            None,
        )
    }

    #[test]
    fn the_demo_view_has_the_design_shape() {
        assert_eq!(
            create_view_cql("viewdemo", &by_category()).unwrap(),
            "CREATE MATERIALIZED VIEW IF NOT EXISTS viewdemo.products_by_category AS \
             SELECT * FROM viewdemo.products \
             WHERE \"category\" IS NOT NULL AND \"id\" IS NOT NULL \
             PRIMARY KEY (\"category\", \"id\")"
        );
    }

    #[test]
    fn composite_partition_key_and_descending_clustering() {
        let schema = view(
            "events_by_day",
            vec![
                column("tenant", ColumnKind::PartitionKey),
                column("day", ColumnKind::PartitionKey),
                column("at", ColumnKind::Clustering(Order::Desc)),
                column("id", ColumnKind::Clustering(Order::Asc)),
                column("body", ColumnKind::Regular),
            ],
            true,
            None,
        );
        assert_eq!(
            create_view_cql("shop", &schema).unwrap(),
            "CREATE MATERIALIZED VIEW IF NOT EXISTS shop.events_by_day AS \
             SELECT * FROM shop.products \
             WHERE \"tenant\" IS NOT NULL AND \"day\" IS NOT NULL AND \"at\" IS NOT NULL \
             AND \"id\" IS NOT NULL \
             PRIMARY KEY ((\"tenant\", \"day\"), \"at\", \"id\") \
             WITH CLUSTERING ORDER BY (\"at\" DESC, \"id\" ASC)"
        );
    }

    #[test]
    fn selected_columns_filter_and_options() {
        let mut schema = view(
            "cheap_by_brand",
            vec![
                column("brand", ColumnKind::PartitionKey),
                column("id", ColumnKind::Clustering(Order::Asc)),
                column("createdAt", ColumnKind::Regular),
            ],
            false,
            Some(" \"id\" > 5 "),
        );
        schema.options = Some("comment = 'cheap'");
        assert_eq!(
            create_view_cql("Shop", &schema).unwrap(),
            "CREATE MATERIALIZED VIEW IF NOT EXISTS \"Shop\".cheap_by_brand AS \
             SELECT \"brand\", \"id\", \"createdAt\" FROM \"Shop\".products \
             WHERE \"brand\" IS NOT NULL AND \"id\" IS NOT NULL AND \"id\" > 5 \
             PRIMARY KEY (\"brand\", \"id\") WITH comment = 'cheap'"
        );
    }

    #[test]
    fn a_partition_key_alone() {
        let schema = view(
            "by_email",
            vec![
                column("email", ColumnKind::PartitionKey),
                column("id", ColumnKind::Regular),
            ],
            true,
            None,
        );
        assert_eq!(
            create_view_cql("ks", &schema).unwrap(),
            "CREATE MATERIALIZED VIEW IF NOT EXISTS ks.by_email AS SELECT * FROM ks.products \
             WHERE \"email\" IS NOT NULL PRIMARY KEY (\"email\")"
        );
    }

    #[test]
    fn a_table_or_a_keyless_view_is_refused() {
        let mut table = by_category();
        table.view = None;
        assert!(matches!(
            create_view_cql("ks", &table),
            Err(Error::InvalidQuery(_))
        ));
        let keyless = view("v", vec![column("a", ColumnKind::Regular)], true, None);
        assert!(matches!(
            create_view_cql("ks", &keyless),
            Err(Error::InvalidQuery(_))
        ));
        let mut with_ttl = by_category();
        with_ttl.default_ttl = Some(60);
        assert!(matches!(
            create_view_cql("ks", &with_ttl),
            Err(Error::InvalidQuery(why)) if why.contains("TTL")
        ));
    }

    #[test]
    fn drop_statement() {
        assert_eq!(
            drop_view_cql("viewdemo", "products_by_category"),
            "DROP MATERIALIZED VIEW IF EXISTS viewdemo.products_by_category"
        );
    }
}
