//! The text of `SELECT`, `INSERT`, `UPDATE` and `DELETE`, with `?` markers for
//! every value.

use super::{ShapePart, table_ref};
use crate::expr::{AnnTerm, Condition, OrderTerm, Restriction, restriction_clause};
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

/// Codes of the shape parts (see [`ShapePart`]); a restriction's part is its
/// operator's code, below all of these.
const ORDER: u8 = 0x10;
const SELECTION: u8 = 0x20;
/// `ORDER BY "col" ANN OF ?`
const ANN: u8 = 0x21;
/// A condition's restriction: `IF "col" op ?`.
const CONDITION: u8 = 0x30;
/// An assignment: `SET "col" … ?` (plus the assignment's own code).
pub(crate) const ASSIGNMENT: u8 = 0x40;
/// A cell of a `DELETE`: `"col"` or `"col"[?]` (plus the cell's own code).
pub(crate) const CELL: u8 = 0x50;
/// The function and the column of a cell-metadata read (`WRITETIME("col")`).
pub(crate) const CELL_META: u8 = 0x60;
/// `IF EXISTS`
const IF_EXISTS: u8 = 0x70;
/// `WHERE <the full primary key>`
pub(crate) const BY_KEY: u8 = 0x71;
/// `WHERE <the partition key>`
pub(crate) const BY_PARTITION: u8 = 0x72;
/// A further column of a tuple relation (`("a", "b") > ?`): the relation's part
/// is its first column's, then one of these per column after it.
const TUPLE_MEMBER: u8 = 0x60;
/// Flags of a `SELECT`: the clauses after `WHERE`.
const SELECT_FLAGS: u8 = 0x80;

/// The shape of `restrictions` (`"a" = ? AND "b" IN ?`), appended to `shape`:
/// one part per restriction, its column and operator (`offset` tells a `WHERE`
/// from an `IF`).
pub(crate) fn restriction_shape(
    restrictions: &[Restriction],
    offset: u8,
    shape: &mut impl Extend<ShapePart>,
) {
    for r in restrictions {
        shape.extend([(r.column, offset + r.op as u8)]);
        shape.extend(r.tuple.iter().skip(1).map(|c| (*c, TUPLE_MEMBER)));
    }
}

/// The shape of a write's condition (`IF EXISTS`, `IF "col" op ? AND …`),
/// appended to `shape`.
pub(crate) fn condition_shape(condition: &Condition, shape: &mut impl Extend<ShapePart>) {
    match condition {
        Condition::None => {}
        Condition::Exists => shape.extend([("", IF_EXISTS)]),
        Condition::Columns(restrictions) => restriction_shape(restrictions, CONDITION, shape),
    }
}

/// What a `SELECT` holds besides its table.
pub(crate) struct SelectParts<'a> {
    /// `None`: every column of the model; `Some("COUNT(*)")` and the like.
    pub(crate) selection: Option<&'a str>,
    pub(crate) restrictions: &'a [Restriction],
    pub(crate) ordering: &'a [OrderTerm],
    /// A nearest-neighbour ordering (`ORDER BY "c" ANN OF ?`), instead of `ordering`.
    pub(crate) ann: Option<&'a AnnTerm>,
    pub(crate) per_partition_limit: bool,
    pub(crate) limit: bool,
    pub(crate) allow_filtering: bool,
}

impl SelectParts<'_> {
    /// Everything [`select`] renders besides the table and the selection: two
    /// selects of one table with equal shapes and selections have one text (the
    /// cache key of its statement; the selection, fixed per kind of statement —
    /// the rows, `COUNT(*)` — is told apart by the key's kind).
    pub(crate) fn shape(&self) -> Vec<ShapePart> {
        let mut shape = Vec::with_capacity(self.restrictions.len() + self.ordering.len() + 2);
        restriction_shape(self.restrictions, 0, &mut shape);
        shape.extend(
            self.ordering
                .iter()
                .map(|o| (o.column, ORDER + o.order as u8)),
        );
        if let Some(ann) = self.ann {
            shape.push((ann.column, ANN));
        }
        if self.selection.is_some() {
            shape.push(("", SELECTION));
        }
        let flags = u8::from(self.per_partition_limit)
            | (u8::from(self.limit) << 1)
            | (u8::from(self.allow_filtering) << 2);
        shape.push(("", SELECT_FLAGS + flags));
        shape
    }
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
    } else if let Some(ann) = parts.ann {
        cql.push_str(" ORDER BY ");
        cql.push_str(&ann.to_cql());
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

    fn restriction(column: &'static str, op: crate::expr::Op) -> Restriction {
        Restriction {
            column,
            kind: ColumnKind::Regular,
            op,
            value: crate::expr::BoundValue::new(1i32),
            tuple: Vec::new(),
        }
    }

    fn select_shape(
        restrictions: &[Restriction],
        limit: bool,
        selection: Option<&'static str>,
    ) -> Vec<ShapePart> {
        SelectParts {
            selection,
            restrictions,
            ordering: &[],
            ann: None,
            per_partition_limit: false,
            limit,
            allow_filtering: false,
        }
        .shape()
    }

    #[test]
    fn shapes_differ_wherever_the_text_does() {
        use crate::expr::Op;
        let by_name = [restriction("name", Op::Eq)];
        let schema = products();
        let text = |r: &[Restriction], limit, sel| {
            select(
                &schema,
                "shop",
                &SelectParts {
                    selection: sel,
                    restrictions: r,
                    ordering: &[],
                    ann: None,
                    per_partition_limit: false,
                    limit,
                    allow_filtering: false,
                },
            )
        };
        // A tuple relation starts with its first column's part: `("name", "id") < ?`
        // and `"name" < ?` differ, and so do tuples of different columns.
        let tuple = |columns: &[&'static str]| Restriction {
            tuple: columns.to_vec(),
            ..restriction(columns[0], Op::Lt)
        };
        let name_id = [tuple(&["name", "id"])];
        let name_price = [tuple(&["name", "price"])];
        let cases: [(&[Restriction], bool, Option<&str>); 7] = [
            (&by_name, false, None),
            (&[restriction("name", Op::Lt)], false, None),
            (&name_id, false, None),
            (&name_price, false, None),
            (&[restriction("id", Op::Eq)], false, None),
            (&by_name, true, None),
            (&by_name, false, Some("COUNT(*)")),
        ];
        for (i, a) in cases.iter().enumerate() {
            for b in &cases[i + 1..] {
                assert_ne!(text(a.0, a.1, a.2), text(b.0, b.1, b.2));
                assert_ne!(select_shape(a.0, a.1, a.2), select_shape(b.0, b.1, b.2));
            }
        }
        // Values do not matter: one shape, one text.
        let other_value = [Restriction {
            value: crate::expr::BoundValue::new(2i32),
            ..restriction("name", Op::Eq)
        }];
        assert_eq!(
            select_shape(&by_name, false, None),
            select_shape(&other_value, false, None)
        );
        let mut exists = Vec::new();
        condition_shape(&Condition::Exists, &mut exists);
        let mut columns = Vec::new();
        condition_shape(
            &Condition::Columns(vec![restriction("name", Op::Eq)]),
            &mut columns,
        );
        let mut none = Vec::new();
        condition_shape(&Condition::None, &mut none);
        assert!(none.is_empty());
        assert_ne!(exists, columns);
        assert_ne!(columns, select_shape(&by_name, false, None)[..1].to_vec());
    }
}
