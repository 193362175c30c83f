//! The text of a token-range read: `SELECT … WHERE token(pk) > ? AND token(pk) <= ?`.

use super::table_ref;
use crate::ident;
use crate::model::TableSchema;

/// `token("a", "b")` over the partition key of `schema`.
pub(crate) fn token_of(schema: &TableSchema) -> String {
    let key: Vec<&str> = schema.partition_key().map(|c| c.name).collect();
    format!("token({})", ident::column_list(&key))
}

/// `SELECT <selection> FROM ks.t WHERE token(pk) > ? AND token(pk) <= ?[ AND <filter> ALLOW FILTERING]`:
/// the rows of one token range (start exclusive, end inclusive), the two bounds
/// bound as `bigint`. A `filter` (CQL text of the model, such as a view's `WHERE`)
/// makes the server discard the rows that do not match, which needs `ALLOW
/// FILTERING`.
pub(crate) fn select_token_range(
    schema: &TableSchema,
    session_keyspace: &str,
    selection: &str,
    filter: Option<&str>,
) -> String {
    let token = token_of(schema);
    let mut cql = format!(
        "SELECT {selection} FROM {} WHERE {token} > ? AND {token} <= ?",
        table_ref(schema, session_keyspace)
    );
    if let Some(filter) = filter {
        cql.push_str(" AND ");
        cql.push_str(filter);
        cql.push_str(" ALLOW FILTERING");
    }
    cql
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ColumnKind, test_column, test_table};

    #[test]
    fn a_token_range_select_binds_both_bounds() {
        let schema = test_table(
            "readings",
            vec![
                test_column("sensor", "text", ColumnKind::PartitionKey),
                test_column("day", "int", ColumnKind::PartitionKey),
                test_column("value", "double", ColumnKind::Regular),
            ],
        );
        assert_eq!(
            select_token_range(&schema, "shop", "\"value\"", None),
            "SELECT \"value\" FROM shop.readings WHERE token(\"sensor\", \"day\") > ? \
             AND token(\"sensor\", \"day\") <= ?"
        );
        assert_eq!(
            select_token_range(&schema, "shop", "\"value\"", Some("\"value\" > 1")),
            "SELECT \"value\" FROM shop.readings WHERE token(\"sensor\", \"day\") > ? \
             AND token(\"sensor\", \"day\") <= ? AND \"value\" > 1 ALLOW FILTERING"
        );
    }
}
