//! The text of `SELECT`, `INSERT`, `UPDATE` and `DELETE`, with `?` markers for
//! every value.

use super::table_ref;
use crate::expr::{OrderTerm, Restriction, restriction_clause};
use crate::ident;
use crate::model::TableSchema;

/// `"a" = ? AND "b" = ?`: every column of a key, each with `=`.
pub(crate) fn key_clause<'a>(columns: impl IntoIterator<Item = &'a str>) -> String {
    columns
        .into_iter()
        .map(|c| format!("{} = ?", ident::quote(c)))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// Every column of `schema`, quoted, in declaration order.
fn all_columns(schema: &TableSchema) -> String {
    ident::column_list(&schema.columns.iter().map(|c| c.name).collect::<Vec<_>>())
}

/// What a `SELECT` holds besides its table.
pub(crate) struct SelectParts<'a> {
    /// `None`: every column of the model; `Some("COUNT(*)")` and the like.
    pub(crate) selection: Option<&'a str>,
    pub(crate) restrictions: &'a [Restriction],
    pub(crate) ordering: &'a [OrderTerm],
    pub(crate) per_partition_limit: bool,
    pub(crate) limit: bool,
    pub(crate) allow_filtering: bool,
}

/// `SELECT … FROM ks.t[ WHERE …][ ORDER BY …][ PER PARTITION LIMIT ?][ LIMIT ?][ ALLOW FILTERING]`
pub(crate) fn select(schema: &TableSchema, session_keyspace: &str, parts: &SelectParts) -> String {
    let selection = match parts.selection {
        Some(selection) => selection.to_string(),
        None => all_columns(schema),
    };
    let mut cql = format!(
        "SELECT {selection} FROM {}",
        table_ref(schema, session_keyspace)
    );
    if !parts.restrictions.is_empty() {
        cql.push_str(" WHERE ");
        cql.push_str(&restriction_clause(parts.restrictions));
    }
    if !parts.ordering.is_empty() {
        cql.push_str(" ORDER BY ");
        let terms: Vec<String> = parts.ordering.iter().map(|o| o.to_cql()).collect();
        cql.push_str(&terms.join(", "));
    }
    if parts.per_partition_limit {
        cql.push_str(" PER PARTITION LIMIT ?");
    }
    if parts.limit {
        cql.push_str(" LIMIT ?");
    }
    if parts.allow_filtering {
        cql.push_str(" ALLOW FILTERING");
    }
    cql
}

/// `SELECT <every column> FROM ks.t WHERE <the full primary key>`
pub(crate) fn select_by_key(schema: &TableSchema, session_keyspace: &str) -> String {
    format!(
        "SELECT {} FROM {} WHERE {}",
        all_columns(schema),
        table_ref(schema, session_keyspace),
        key_clause(schema.primary_key().map(|c| c.name))
    )
}

/// `INSERT INTO ks.t ("a", "b") VALUES (?, ?)[ IF NOT EXISTS][ USING …]`
pub(crate) fn insert(
    schema: &TableSchema,
    session_keyspace: &str,
    if_not_exists: bool,
    using: &str,
) -> String {
    let markers = vec!["?"; schema.columns.len()].join(", ");
    format!(
        "INSERT INTO {} ({}) VALUES ({markers}){}{using}",
        table_ref(schema, session_keyspace),
        all_columns(schema),
        if if_not_exists { " IF NOT EXISTS" } else { "" }
    )
}

/// `DELETE[ <cells>] FROM ks.t[ USING TIMESTAMP ?] WHERE <where_clause>[ IF …]`;
/// `cells` is empty for a delete of whole rows.
pub(crate) fn delete(
    schema: &TableSchema,
    session_keyspace: &str,
    cells: &str,
    using: &str,
    where_clause: &str,
    condition: &str,
) -> String {
    let cells = if cells.is_empty() {
        String::new()
    } else {
        format!(" {cells}")
    };
    format!(
        "DELETE{cells} FROM {}{using} WHERE {where_clause}{condition}",
        table_ref(schema, session_keyspace)
    )
}

/// `UPDATE ks.t[ USING …] SET <assignments> WHERE <where_clause>[ IF …]`
pub(crate) fn update(
    schema: &TableSchema,
    session_keyspace: &str,
    using: &str,
    assignments: &str,
    where_clause: &str,
    condition: &str,
) -> String {
    format!(
        "UPDATE {}{using} SET {assignments} WHERE {where_clause}{condition}",
        table_ref(schema, session_keyspace)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ColumnKind, test_column as col, test_table};

    fn products() -> TableSchema {
        test_table(
            "products",
            vec![
                col("id", "uuid", ColumnKind::PartitionKey),
                col("name", "text", ColumnKind::Regular),
            ],
        )
    }

    #[test]
    fn insert_delete_update_and_select_text() {
        let schema = products();
        assert_eq!(
            insert(&schema, "shop", false, ""),
            "INSERT INTO shop.products (\"id\", \"name\") VALUES (?, ?)"
        );
        assert_eq!(
            insert(&schema, "shop", true, " USING TTL ?"),
            "INSERT INTO shop.products (\"id\", \"name\") VALUES (?, ?) IF NOT EXISTS USING TTL ?"
        );
        let key = key_clause(schema.primary_key().map(|c| c.name));
        assert_eq!(
            delete(
                &schema,
                "shop",
                "",
                " USING TIMESTAMP ?",
                &key,
                " IF EXISTS"
            ),
            "DELETE FROM shop.products USING TIMESTAMP ? WHERE \"id\" = ? IF EXISTS"
        );
        assert_eq!(
            delete(&schema, "shop", "\"name\"", "", &key, ""),
            "DELETE \"name\" FROM shop.products WHERE \"id\" = ?"
        );
        assert_eq!(
            update(&schema, "shop", "", "\"name\" = ?", &key, ""),
            "UPDATE shop.products SET \"name\" = ? WHERE \"id\" = ?"
        );
        assert_eq!(
            select_by_key(&schema, "shop"),
            "SELECT \"id\", \"name\" FROM shop.products WHERE \"id\" = ?"
        );
        assert_eq!(key_clause(["a", "b"]), "\"a\" = ? AND \"b\" = ?");
    }
}
