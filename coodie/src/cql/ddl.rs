//! The CQL text of schema statements (tables, indexes, materialized views, and
//! user-defined types from `type_ddl.rs`),
//! rendered from a [`TableSchema`]. Tables and views share one renderer of the
//! primary key, the clustering order and the `WITH` options.
//!
//! Every function takes the schema and the session's keyspace, used when the
//! schema names none. Column names are always quoted; keyspace, table and index
//! names are quoted when CQL requires it.

use super::table_ref;
pub use super::type_ddl::{add_type_field, create_type};
use crate::error::{InvalidQuery, InvalidQueryKind};
use crate::ident;
use crate::model::{
    ColumnKind, ColumnSchema, IndexKind, IndexSchema, Order, TableSchema, ViewSchema,
};
use crate::{Error, Result};

/// One column definition: `"name" type` (with ` STATIC` for a static column).
///
/// ```
/// use coodie::model::{ColumnKind, ColumnSchema};
/// let column = ColumnSchema { name: "tags", field: "tags", cql_type: "set<text>".into(), kind: ColumnKind::Static };
/// assert_eq!(coodie::cql::ddl::column_definition(&column), "\"tags\" set<text> STATIC");
/// ```
pub fn column_definition(column: &ColumnSchema) -> String {
    let mut definition = format!("{} {}", ident::quote(column.name), column.cql_type);
    if column.kind == ColumnKind::Static {
        definition.push_str(" STATIC");
    }
    definition
}

/// `PRIMARY KEY (…)`: `("id")`, `("id", "at")` or `(("a", "b"), "at")`.
///
/// ```
/// use coodie::model::{ColumnKind, ColumnSchema, Order, TableSchema};
/// let col = |name, kind| ColumnSchema { name, field: name, cql_type: "int".into(), kind };
/// let schema = TableSchema {
///     keyspace: None, name: "events",
///     columns: vec![
///         col("tenant", ColumnKind::PartitionKey),
///         col("day", ColumnKind::PartitionKey),
///         col("at", ColumnKind::Clustering(Order::Desc)),
///     ],
///     indexes: vec![], default_ttl: None, options: None, view: None,
/// };
/// assert_eq!(
///     coodie::cql::ddl::primary_key(&schema),
///     "PRIMARY KEY ((\"tenant\", \"day\"), \"at\")"
/// );
/// ```
pub fn primary_key(schema: &TableSchema) -> String {
    let partition: Vec<String> = schema
        .partition_key()
        .map(|c| ident::quote(c.name))
        .collect();
    let mut parts = vec![if partition.len() == 1 {
        partition.concat()
    } else {
        format!("({})", partition.join(", "))
    }];
    parts.extend(schema.clustering_key().map(|(c, _)| ident::quote(c.name)));
    format!("PRIMARY KEY ({})", parts.join(", "))
}

/// `CLUSTERING ORDER BY (…)` when a clustering column is descending, else `None`.
///
/// ```
/// use coodie::model::{ColumnKind, ColumnSchema, Order, TableSchema};
/// let col = |name, kind| ColumnSchema { name, field: name, cql_type: "int".into(), kind };
/// let schema = TableSchema {
///     keyspace: None, name: "events",
///     columns: vec![
///         col("id", ColumnKind::PartitionKey),
///         col("day", ColumnKind::Clustering(Order::Asc)),
///         col("at", ColumnKind::Clustering(Order::Desc)),
///     ],
///     indexes: vec![], default_ttl: None, options: None, view: None,
/// };
/// assert_eq!(
///     coodie::cql::ddl::clustering_order(&schema).as_deref(),
///     Some("CLUSTERING ORDER BY (\"day\" ASC, \"at\" DESC)")
/// );
/// ```
pub fn clustering_order(schema: &TableSchema) -> Option<String> {
    let clustering: Vec<_> = schema.clustering_key().collect();
    if clustering.iter().all(|(_, order)| *order == Order::Asc) {
        return None;
    }
    let terms: Vec<String> = clustering
        .iter()
        .map(|(c, order)| format!("{} {}", ident::quote(c.name), order.as_cql()))
        .collect();
    Some(format!("CLUSTERING ORDER BY ({})", terms.join(", ")))
}

/// The `WITH …` clause of a table or view: clustering order, default TTL and the
/// declared options, or `""` when there is none.
fn with_clause(schema: &TableSchema) -> String {
    let mut options = Vec::new();
    options.extend(clustering_order(schema));
    if let Some(ttl) = schema.default_ttl {
        options.push(format!("default_time_to_live = {ttl}"));
    }
    if let Some(extra) = schema.options.map(str::trim).filter(|o| !o.is_empty()) {
        options.push(extra.to_string());
    }
    if options.is_empty() {
        String::new()
    } else {
        format!(" WITH {}", options.join(" AND "))
    }
}

/// `CREATE TABLE IF NOT EXISTS …` for a document's table.
///
/// ```
/// use coodie::model::{ColumnKind, ColumnSchema, TableSchema};
/// let col = |name, cql: &str, kind| ColumnSchema { name, field: name, cql_type: cql.into(), kind };
/// let schema = TableSchema {
///     keyspace: None, name: "products",
///     columns: vec![
///         col("id", "uuid", ColumnKind::PartitionKey),
///         col("name", "text", ColumnKind::Regular),
///     ],
///     indexes: vec![], default_ttl: Some(3600), options: None, view: None,
/// };
/// assert_eq!(
///     coodie::cql::ddl::create_table(&schema, "shop"),
///     "CREATE TABLE IF NOT EXISTS shop.products (\"id\" uuid, \"name\" text, \
///      PRIMARY KEY (\"id\")) WITH default_time_to_live = 3600"
/// );
/// ```
pub fn create_table(schema: &TableSchema, session_keyspace: &str) -> String {
    let mut definitions: Vec<String> = schema.columns.iter().map(column_definition).collect();
    definitions.push(primary_key(schema));
    format!(
        "CREATE TABLE IF NOT EXISTS {} ({}){}",
        table_ref(schema, session_keyspace),
        definitions.join(", "),
        with_clause(schema)
    )
}

/// `CREATE INDEX IF NOT EXISTS name ON keyspace.table ("column")`.
///
/// ```
/// use coodie::model::{IndexSchema, TableSchema};
/// let schema = TableSchema {
///     keyspace: None, name: "products", columns: vec![], indexes: vec![],
///     default_ttl: None, options: None, view: None,
/// };
/// let index = IndexSchema::secondary("products_category_idx", "category");
/// assert_eq!(
///     coodie::cql::ddl::create_index(&schema, &index, "shop"),
///     "CREATE INDEX IF NOT EXISTS products_category_idx ON shop.products (\"category\")"
/// );
/// ```
///
/// A storage-attached index (Cassandra 5) is a custom index of class
/// `StorageAttachedIndex`, with its similarity function as an option:
///
/// ```
/// # use coodie::model::{IndexSchema, Similarity, TableSchema};
/// # let schema = TableSchema {
/// #     keyspace: None, name: "signals", columns: vec![], indexes: vec![],
/// #     default_ttl: None, options: None, view: None,
/// # };
/// let index = IndexSchema::sai("signals_embedding_idx", "embedding", Some(Similarity::Cosine));
/// assert_eq!(
///     coodie::cql::ddl::create_index(&schema, &index, "ks"),
///     "CREATE CUSTOM INDEX IF NOT EXISTS signals_embedding_idx ON ks.signals (\"embedding\") \
///      USING 'StorageAttachedIndex' WITH OPTIONS = {'similarity_function': 'COSINE'}"
/// );
/// ```
pub fn create_index(schema: &TableSchema, index: &IndexSchema, session_keyspace: &str) -> String {
    let (create, using) = match index.kind {
        IndexKind::Secondary => ("CREATE INDEX", String::new()),
        IndexKind::Sai { similarity } => (
            "CREATE CUSTOM INDEX",
            match similarity {
                Some(similarity) => format!(
                    " USING 'StorageAttachedIndex' WITH OPTIONS = {{'similarity_function': '{}'}}",
                    similarity.as_cql()
                ),
                None => " USING 'StorageAttachedIndex'".to_string(),
            },
        ),
    };
    format!(
        "{create} IF NOT EXISTS {} ON {} ({}){using}",
        ident::quote_if_needed(&index.name),
        table_ref(schema, session_keyspace),
        ident::quote(index.column)
    )
}

/// `ALTER TABLE keyspace.table ADD "column" type`.
///
/// ```
/// use coodie::model::{ColumnKind, ColumnSchema, TableSchema};
/// let column = ColumnSchema { name: "stock", field: "stock", cql_type: "int".into(), kind: ColumnKind::Regular };
/// let schema = TableSchema {
///     keyspace: None, name: "products", columns: vec![column.clone()], indexes: vec![],
///     default_ttl: None, options: None, view: None,
/// };
/// assert_eq!(
///     coodie::cql::ddl::add_column(&schema, &column, "shop"),
///     "ALTER TABLE shop.products ADD \"stock\" int"
/// );
/// ```
pub fn add_column(schema: &TableSchema, column: &ColumnSchema, session_keyspace: &str) -> String {
    format!(
        "ALTER TABLE {} ADD {}",
        table_ref(schema, session_keyspace),
        column_definition(column)
    )
}

/// `DROP TABLE IF EXISTS keyspace.table`.
///
/// ```
/// use coodie::model::TableSchema;
/// let schema = TableSchema {
///     keyspace: Some("shop"), name: "products", columns: vec![], indexes: vec![],
///     default_ttl: None, options: None, view: None,
/// };
/// assert_eq!(coodie::cql::ddl::drop_table(&schema, "other"), "DROP TABLE IF EXISTS shop.products");
/// ```
pub fn drop_table(schema: &TableSchema, session_keyspace: &str) -> String {
    format!(
        "DROP TABLE IF EXISTS {}",
        table_ref(schema, session_keyspace)
    )
}

/// `TRUNCATE keyspace.table`.
///
/// ```
/// use coodie::model::TableSchema;
/// let schema = TableSchema {
///     keyspace: None, name: "products", columns: vec![], indexes: vec![],
///     default_ttl: None, options: None, view: None,
/// };
/// assert_eq!(coodie::cql::ddl::truncate(&schema, "shop"), "TRUNCATE shop.products");
/// ```
pub fn truncate(schema: &TableSchema, session_keyspace: &str) -> String {
    format!("TRUNCATE {}", table_ref(schema, session_keyspace))
}

/// The view part of a view's schema, checked: a table, a view without a partition
/// key and a view with a default TTL are refused ([`InvalidQueryKind::Schema`]),
/// since no server would create them.
pub(crate) fn view_of(schema: &TableSchema) -> Result<&ViewSchema> {
    let refuse =
        |message: String| Error::from(InvalidQuery::new(InvalidQueryKind::Schema, message));
    let view = schema.view.as_ref().ok_or_else(|| {
        refuse(format!(
            "`{}` is a table, not a materialized view",
            schema.name
        ))
    })?;
    if schema.default_ttl.is_some() {
        return Err(refuse(format!(
            "materialized view `{}` cannot have a default TTL: its rows expire with the \
             base table's",
            schema.name
        )));
    }
    if schema.partition_key().next().is_none() {
        return Err(refuse(format!(
            "materialized view `{}` has no partition key",
            schema.name
        )));
    }
    Ok(view)
}

/// A view's `WHERE` clause: `IS NOT NULL` on every view key column, then the
/// view's filter.
///
/// ```
/// use coodie::model::{ColumnKind, ColumnSchema, Order, TableSchema, ViewSchema};
/// let column = |name, kind| ColumnSchema { name, field: name, cql_type: "text".into(), kind };
/// let schema = TableSchema {
///     keyspace: None,
///     name: "north_by_day",
///     columns: vec![
///         column("day", ColumnKind::PartitionKey),
///         column("sensor", ColumnKind::Clustering(Order::Asc)),
///     ],
///     indexes: vec![], default_ttl: None, options: None,
///     view: Some(ViewSchema { base_table: "readings", select_all: true, filter: Some("\"sensor\" = 'north'") }),
/// };
/// assert_eq!(
///     coodie::cql::ddl::view_where_clause(&schema),
///     "\"day\" IS NOT NULL AND \"sensor\" IS NOT NULL AND \"sensor\" = 'north'"
/// );
/// ```
pub fn view_where_clause(schema: &TableSchema) -> String {
    let mut restrictions: Vec<String> = schema
        .primary_key()
        .map(|c| format!("{} IS NOT NULL", ident::quote(c.name)))
        .collect();
    let filter = schema.view.as_ref().and_then(|v| v.filter);
    if let Some(filter) = filter.map(str::trim).filter(|f| !f.is_empty()) {
        restrictions.push(filter.to_string());
    }
    restrictions.join(" AND ")
}

/// The `CREATE MATERIALIZED VIEW IF NOT EXISTS` statement for a view's schema (a
/// view lives in its base table's keyspace).
///
/// Every view key column is restricted with `IS NOT NULL` (both Cassandra and
/// ScyllaDB require it), the optional filter is ANDed after them, and the primary
/// key, clustering order and options are written as for a table. A table's
/// schema, a view without a partition key or with a TTL is refused with
/// [`Error::InvalidQuery`].
///
/// ```
/// use coodie::model::{ColumnKind, ColumnSchema, Order, TableSchema, ViewSchema};
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
///     coodie::cql::ddl::create_view(&schema, "viewdemo")?,
///     "CREATE MATERIALIZED VIEW IF NOT EXISTS viewdemo.products_by_category AS \
///      SELECT * FROM viewdemo.products \
///      WHERE \"category\" IS NOT NULL AND \"id\" IS NOT NULL \
///      PRIMARY KEY (\"category\", \"id\")"
/// );
/// # Ok::<(), coodie::Error>(())
/// ```
pub fn create_view(schema: &TableSchema, session_keyspace: &str) -> Result<String> {
    let view = view_of(schema)?;
    let selection = if view.select_all {
        "*".to_string()
    } else {
        ident::column_list(&schema.columns.iter().map(|c| c.name).collect::<Vec<_>>())
    };
    let keyspace = schema.keyspace_or(session_keyspace);
    Ok(format!(
        "CREATE MATERIALIZED VIEW IF NOT EXISTS {} AS SELECT {selection} FROM {} \
         WHERE {} {}{}",
        table_ref(schema, session_keyspace),
        ident::qualified(keyspace, view.base_table),
        view_where_clause(schema),
        primary_key(schema),
        with_clause(schema)
    ))
}

/// `DROP MATERIALIZED VIEW IF EXISTS keyspace.view`.
///
/// ```
/// use coodie::model::{TableSchema, ViewSchema};
/// let schema = TableSchema {
///     keyspace: None, name: "products_by_brand", columns: vec![], indexes: vec![],
///     default_ttl: None, options: None,
///     view: Some(ViewSchema { base_table: "products", select_all: true, filter: None }),
/// };
/// assert_eq!(
///     coodie::cql::ddl::drop_view(&schema, "viewdemo"),
///     "DROP MATERIALIZED VIEW IF EXISTS viewdemo.products_by_brand"
/// );
/// ```
pub fn drop_view(schema: &TableSchema, session_keyspace: &str) -> String {
    format!(
        "DROP MATERIALIZED VIEW IF EXISTS {}",
        table_ref(schema, session_keyspace)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{test_column as col, test_table, test_view};

    fn products() -> TableSchema {
        TableSchema {
            indexes: vec![
                IndexSchema::secondary("products_category_idx", "category"),
                IndexSchema::secondary("products_brand_idx", "brand"),
            ],
            ..test_table(
                "products",
                vec![
                    col("id", "uuid", ColumnKind::PartitionKey),
                    col("name", "text", ColumnKind::Regular),
                    col("category", "text", ColumnKind::Regular),
                    col("brand", "text", ColumnKind::Regular),
                    col("price", "double", ColumnKind::Regular),
                    col("description", "text", ColumnKind::Regular),
                    col("created_at", "timestamp", ColumnKind::Regular),
                ],
            )
        }
    }

    #[test]
    fn the_demo_products_table() {
        assert_eq!(
            create_table(&products(), "viewdemo"),
            "CREATE TABLE IF NOT EXISTS viewdemo.products (\"id\" uuid, \"name\" text, \
             \"category\" text, \"brand\" text, \"price\" double, \"description\" text, \
             \"created_at\" timestamp, PRIMARY KEY (\"id\"))"
        );
        let schema = products();
        let indexes: Vec<String> = schema
            .indexes
            .iter()
            .map(|i| create_index(&schema, i, "viewdemo"))
            .collect();
        assert_eq!(
            indexes,
            [
                "CREATE INDEX IF NOT EXISTS products_category_idx ON viewdemo.products (\"category\")",
                "CREATE INDEX IF NOT EXISTS products_brand_idx ON viewdemo.products (\"brand\")",
            ]
        );
    }

    #[test]
    fn composite_keys_static_columns_order_ttl_and_options() {
        let schema = TableSchema {
            keyspace: Some("Metrics"),
            default_ttl: Some(86400),
            options: Some("comment = 'raw' AND gc_grace_seconds = 3600"),
            ..test_table(
                "readings",
                vec![
                    col("sensor", "uuid", ColumnKind::PartitionKey),
                    col("day", "date", ColumnKind::PartitionKey),
                    col("at", "timestamp", ColumnKind::Clustering(Order::Desc)),
                    col("seq", "int", ColumnKind::Clustering(Order::Asc)),
                    col("unit", "text", ColumnKind::Static),
                    col("order", "map<text, frozen<list<int>>>", ColumnKind::Regular),
                ],
            )
        };
        assert_eq!(
            create_table(&schema, "ignored"),
            "CREATE TABLE IF NOT EXISTS \"Metrics\".readings (\"sensor\" uuid, \"day\" date, \
             \"at\" timestamp, \"seq\" int, \"unit\" text STATIC, \
             \"order\" map<text, frozen<list<int>>>, \
             PRIMARY KEY ((\"sensor\", \"day\"), \"at\", \"seq\")) \
             WITH CLUSTERING ORDER BY (\"at\" DESC, \"seq\" ASC) AND default_time_to_live = 86400 \
             AND comment = 'raw' AND gc_grace_seconds = 3600"
        );
    }

    #[test]
    fn ascending_clustering_needs_no_order_clause() {
        let schema = TableSchema {
            indexes: vec![IndexSchema::secondary("ByAt", "at")],
            ..test_table(
                "Events",
                vec![
                    col("id", "int", ColumnKind::PartitionKey),
                    col("at", "timeuuid", ColumnKind::Clustering(Order::Asc)),
                ],
            )
        };
        assert_eq!(
            create_table(&schema, "ks"),
            "CREATE TABLE IF NOT EXISTS ks.\"Events\" (\"id\" int, \"at\" timeuuid, \
             PRIMARY KEY (\"id\", \"at\"))"
        );
        assert_eq!(
            create_index(&schema, &schema.indexes[0], "ks"),
            "CREATE INDEX IF NOT EXISTS \"ByAt\" ON ks.\"Events\" (\"at\")"
        );
        assert_eq!(
            add_column(&schema, &col("note", "text", ColumnKind::Static), "ks"),
            "ALTER TABLE ks.\"Events\" ADD \"note\" text STATIC"
        );
        assert_eq!(
            drop_table(&schema, "ks"),
            "DROP TABLE IF EXISTS ks.\"Events\""
        );
        assert_eq!(truncate(&schema, "ks"), "TRUNCATE ks.\"Events\"");
    }

    fn by_category() -> TableSchema {
        test_view(
            "products_by_category",
            vec![
                col("category", "text", ColumnKind::PartitionKey),
                col("id", "text", ColumnKind::Clustering(Order::Asc)),
                col("name", "text", ColumnKind::Regular),
                col("brand", "text", ColumnKind::Regular),
                col("price", "text", ColumnKind::Regular),
            ],
            true,
            None,
        )
    }

    #[test]
    fn the_demo_view_has_the_design_shape() {
        assert_eq!(
            create_view(&by_category(), "viewdemo").unwrap(),
            "CREATE MATERIALIZED VIEW IF NOT EXISTS viewdemo.products_by_category AS \
             SELECT * FROM viewdemo.products \
             WHERE \"category\" IS NOT NULL AND \"id\" IS NOT NULL \
             PRIMARY KEY (\"category\", \"id\")"
        );
    }

    #[test]
    fn composite_partition_key_and_descending_clustering() {
        let schema = test_view(
            "events_by_day",
            vec![
                col("tenant", "text", ColumnKind::PartitionKey),
                col("day", "text", ColumnKind::PartitionKey),
                col("at", "text", ColumnKind::Clustering(Order::Desc)),
                col("id", "text", ColumnKind::Clustering(Order::Asc)),
                col("body", "text", ColumnKind::Regular),
            ],
            true,
            None,
        );
        assert_eq!(
            create_view(&schema, "shop").unwrap(),
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
        let mut schema = test_view(
            "cheap_by_brand",
            vec![
                col("brand", "text", ColumnKind::PartitionKey),
                col("id", "text", ColumnKind::Clustering(Order::Asc)),
                col("createdAt", "text", ColumnKind::Regular),
            ],
            false,
            Some(" \"id\" > 5 "),
        );
        schema.options = Some("comment = 'cheap'");
        assert_eq!(
            create_view(&schema, "Shop").unwrap(),
            "CREATE MATERIALIZED VIEW IF NOT EXISTS \"Shop\".cheap_by_brand AS \
             SELECT \"brand\", \"id\", \"createdAt\" FROM \"Shop\".products \
             WHERE \"brand\" IS NOT NULL AND \"id\" IS NOT NULL AND \"id\" > 5 \
             PRIMARY KEY (\"brand\", \"id\") WITH comment = 'cheap'"
        );
    }

    #[test]
    fn a_partition_key_alone() {
        let schema = test_view(
            "by_email",
            vec![
                col("email", "text", ColumnKind::PartitionKey),
                col("id", "text", ColumnKind::Regular),
            ],
            true,
            None,
        );
        assert_eq!(
            create_view(&schema, "ks").unwrap(),
            "CREATE MATERIALIZED VIEW IF NOT EXISTS ks.by_email AS SELECT * FROM ks.products \
             WHERE \"email\" IS NOT NULL PRIMARY KEY (\"email\")"
        );
    }

    #[test]
    fn a_table_or_a_keyless_view_is_refused() {
        let mut table = by_category();
        table.view = None;
        assert!(matches!(
            create_view(&table, "ks"),
            Err(Error::InvalidQuery(_))
        ));
        let keyless = test_view("v", vec![col("a", "text", ColumnKind::Regular)], true, None);
        assert!(matches!(
            create_view(&keyless, "ks"),
            Err(Error::InvalidQuery(_))
        ));
        let mut with_ttl = by_category();
        with_ttl.default_ttl = Some(60);
        assert!(matches!(
            create_view(&with_ttl, "ks"),
            Err(Error::InvalidQuery(why)) if why.message.contains("TTL")
        ));
    }

    #[test]
    fn drop_statement() {
        assert_eq!(
            drop_view(&by_category(), "viewdemo"),
            "DROP MATERIALIZED VIEW IF EXISTS viewdemo.products_by_category"
        );
    }
}
