//! The CQL text of schema statements, rendered from a [`TableSchema`].
//!
//! Column names are always quoted; keyspace, table and index names are quoted when
//! CQL requires it.

use crate::ident;
use crate::model::{ColumnKind, ColumnSchema, IndexSchema, TableSchema};

/// `keyspace.table` for `schema`, with `session_keyspace` when the schema names
/// none.
///
/// ```
/// use coodie::model::TableSchema;
/// let schema = TableSchema {
///     keyspace: None, name: "products", columns: vec![], indexes: vec![],
///     default_ttl: None, options: None, view: None,
/// };
/// assert_eq!(coodie::schema::ddl::table_ref(&schema, "shop"), "shop.products");
/// ```
pub fn table_ref(schema: &TableSchema, session_keyspace: &str) -> String {
    ident::qualified(schema.keyspace_or(session_keyspace), schema.name)
}

/// One column definition: `"name" type` (with ` STATIC` for a static column).
///
/// ```
/// use coodie::model::{ColumnKind, ColumnSchema};
/// let column = ColumnSchema { name: "tags", field: "tags", cql_type: "set<text>".into(), kind: ColumnKind::Static };
/// assert_eq!(coodie::schema::ddl::column_definition(&column), "\"tags\" set<text> STATIC");
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
///     coodie::schema::ddl::primary_key(&schema),
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
///     coodie::schema::ddl::clustering_order(&schema).as_deref(),
///     Some("CLUSTERING ORDER BY (\"day\" ASC, \"at\" DESC)")
/// );
/// ```
pub fn clustering_order(schema: &TableSchema) -> Option<String> {
    let clustering: Vec<_> = schema.clustering_key().collect();
    if clustering
        .iter()
        .all(|(_, order)| *order == crate::model::Order::Asc)
    {
        return None;
    }
    let terms: Vec<String> = clustering
        .iter()
        .map(|(c, order)| format!("{} {}", ident::quote(c.name), order.as_cql()))
        .collect();
    Some(format!("CLUSTERING ORDER BY ({})", terms.join(", ")))
}

/// The `WITH …` clause of a table: clustering order, default TTL and the declared
/// options, or `""` when there is none.
fn table_options(schema: &TableSchema) -> String {
    let mut options = Vec::new();
    options.extend(clustering_order(schema));
    if let Some(ttl) = schema.default_ttl {
        options.push(format!("default_time_to_live = {ttl}"));
    }
    if let Some(extra) = schema.options {
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
///     coodie::schema::ddl::create_table(&schema, "shop"),
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
        table_options(schema)
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
/// let index = IndexSchema { name: "products_category_idx".into(), column: "category" };
/// assert_eq!(
///     coodie::schema::ddl::create_index(&schema, &index, "shop"),
///     "CREATE INDEX IF NOT EXISTS products_category_idx ON shop.products (\"category\")"
/// );
/// ```
pub fn create_index(schema: &TableSchema, index: &IndexSchema, session_keyspace: &str) -> String {
    format!(
        "CREATE INDEX IF NOT EXISTS {} ON {} ({})",
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
///     coodie::schema::ddl::add_column(&schema, &column, "shop"),
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
/// assert_eq!(coodie::schema::ddl::drop_table(&schema, "other"), "DROP TABLE IF EXISTS shop.products");
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
/// assert_eq!(coodie::schema::ddl::truncate(&schema, "shop"), "TRUNCATE shop.products");
/// ```
pub fn truncate(schema: &TableSchema, session_keyspace: &str) -> String {
    format!("TRUNCATE {}", table_ref(schema, session_keyspace))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Order, test_column as col};

    fn products() -> TableSchema {
        TableSchema {
            keyspace: None,
            name: "products",
            columns: vec![
                col("id", "uuid", ColumnKind::PartitionKey),
                col("name", "text", ColumnKind::Regular),
                col("category", "text", ColumnKind::Regular),
                col("brand", "text", ColumnKind::Regular),
                col("price", "double", ColumnKind::Regular),
                col("description", "text", ColumnKind::Regular),
                col("created_at", "timestamp", ColumnKind::Regular),
            ],
            indexes: vec![
                IndexSchema {
                    name: "products_category_idx".into(),
                    column: "category",
                },
                IndexSchema {
                    name: "products_brand_idx".into(),
                    column: "brand",
                },
            ],
            default_ttl: None,
            options: None,
            view: None,
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
            name: "readings",
            columns: vec![
                col("sensor", "uuid", ColumnKind::PartitionKey),
                col("day", "date", ColumnKind::PartitionKey),
                col("at", "timestamp", ColumnKind::Clustering(Order::Desc)),
                col("seq", "int", ColumnKind::Clustering(Order::Asc)),
                col("unit", "text", ColumnKind::Static),
                col("order", "map<text, frozen<list<int>>>", ColumnKind::Regular),
            ],
            indexes: vec![],
            default_ttl: Some(86400),
            options: Some("comment = 'raw' AND gc_grace_seconds = 3600"),
            view: None,
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
            keyspace: None,
            name: "Events",
            columns: vec![
                col("id", "int", ColumnKind::PartitionKey),
                col("at", "timeuuid", ColumnKind::Clustering(Order::Asc)),
            ],
            indexes: vec![IndexSchema {
                name: "ByAt".into(),
                column: "at",
            }],
            default_ttl: None,
            options: None,
            view: None,
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
}
