//! Comparing a model with the live schema: the one comparison of CQL types, of
//! columns and of primary keys, shared by tables and views (and by whatever schema
//! object has columns and keys).

use super::live::{self, LiveColumn};
use crate::error::ColumnTypeMismatch;
use crate::model::drift::Drift;
use crate::model::{ColumnKind, ColumnSchema, Compatibility, TableSchema, compatibility};

/// A CQL type in a comparable form: lower case, no spaces, `varchar` spelled
/// `text` (one is an alias of the other).
fn normalize_type(cql_type: &str) -> String {
    cql_type
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase()
        .replace("varchar", "text")
}

/// Whether two spellings of CQL types name the same type. The usual case, the
/// model and the server spelling a type alike, allocates nothing.
pub(crate) fn same_type(a: &str, b: &str) -> bool {
    a == b || normalize_type(a) == normalize_type(b)
}

/// How the columns of a model and of the database differ.
#[derive(Debug, Default)]
pub(crate) struct ColumnDiff<'a> {
    /// Model columns the database lacks, in declaration order.
    pub(crate) missing: Vec<&'a ColumnSchema>,
    /// Another type, static versus regular, a column the model does not have.
    pub(crate) drift: Vec<Drift>,
}

/// Compares the model's `columns` with the `live` ones: types, static versus
/// regular, and, with `report_extra`, the live columns the model does not have.
pub(crate) fn columns<'a>(
    columns: &'a [ColumnSchema],
    live: &[LiveColumn],
    report_extra: bool,
) -> ColumnDiff<'a> {
    let mut diff = ColumnDiff::default();
    for column in columns {
        let Some(found) = live.iter().find(|c| c.name == column.name) else {
            diff.missing.push(column);
            continue;
        };
        if !same_type(&found.cql_type, &column.cql_type) {
            diff.drift.push(Drift::ColumnType {
                column: column.name.to_string(),
                expected: column.cql_type.clone(),
                actual: found.cql_type.to_string(),
            });
        }
        let (expected, actual) = (
            column.kind == ColumnKind::Static,
            found.kind == ColumnKind::Static,
        );
        if !column.kind.is_primary_key() && !found.kind.is_primary_key() && expected != actual {
            diff.drift.push(Drift::StaticColumn {
                column: column.name.to_string(),
                expected,
                actual,
            });
        }
    }
    if report_extra {
        for found in live {
            if !columns.iter().any(|c| c.name == found.name) {
                diff.drift.push(Drift::ExtraColumn {
                    column: found.name.to_string(),
                    cql_type: found.cql_type.to_string(),
                });
            }
        }
    }
    diff
}

/// The first column whose type in the database the model's field cannot read or
/// write ([`Compatibility::Incompatible`](crate::model::Compatibility)), as the
/// typed error: `drift` is what [`columns`] found for `model`, `rust_types` the
/// fields' Rust types in column order ([`Table::RUST_TYPES`](crate::Table::RUST_TYPES)).
pub(crate) fn incompatible(
    table: &str,
    model: &[ColumnSchema],
    rust_types: &[&str],
    drift: &[Drift],
) -> Option<ColumnTypeMismatch> {
    drift.iter().find_map(|d| match d {
        Drift::ColumnType {
            column,
            expected,
            actual,
        } if compatibility(expected, actual) == Compatibility::Incompatible => {
            let index = model.iter().position(|c| c.name == column)?;
            Some(ColumnTypeMismatch {
                table: table.to_string(),
                column: column.clone(),
                database_type: actual.clone(),
                rust_type: rust_types
                    .get(index)
                    .map_or_else(|| model[index].field.to_string(), |t| t.to_string()),
                model_type: Some(expected.clone()),
            })
        }
        _ => None,
    })
}

/// How the primary key of `model` and of the `live` columns differ: the partition
/// key, then the clustering columns, or, when they are the same columns, their
/// order.
pub(crate) fn key(model: &TableSchema, live: &[LiveColumn]) -> Vec<Drift> {
    // Compared by borrowed names: the names are copied only into a drift.
    let mut drift = Vec::new();
    let actual = live::partition_key(live);
    let actual_names = || actual.iter().map(|c| c.name.as_ref());
    if !model.partition_key().map(|c| c.name).eq(actual_names()) {
        drift.push(Drift::PartitionKey {
            expected: model.partition_key().map(|c| c.name.to_string()).collect(),
            actual: actual_names().map(str::to_string).collect(),
        });
    }
    let actual = live::clustering_key(live);
    let actual_names = || actual.iter().map(|(c, _)| c.name.as_ref());
    if !model
        .clustering_key()
        .map(|(c, _)| c.name)
        .eq(actual_names())
    {
        drift.push(Drift::ClusteringKey {
            expected: model
                .clustering_key()
                .map(|(c, _)| c.name.to_string())
                .collect(),
            actual: actual_names().map(str::to_string).collect(),
        });
        return drift;
    }
    for ((column, expected), (_, actual)) in model.clustering_key().zip(&actual) {
        if expected != *actual {
            drift.push(Drift::ClusteringOrder {
                column: column.name.to_string(),
                expected,
                actual: *actual,
            });
        }
    }
    drift
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Order, test_column as col, test_table};

    /// A live column as `system_schema.columns` would list it.
    pub(crate) fn live_column(
        name: &str,
        kind: ColumnKind,
        position: i32,
        cql: &str,
    ) -> LiveColumn<'static> {
        LiveColumn {
            name: name.to_owned().into(),
            kind,
            position,
            cql_type: cql.to_owned().into(),
        }
    }

    #[test]
    fn types_compare_without_spaces_case_or_the_varchar_alias() {
        assert!(same_type(
            "map<text, frozen<list<int>>>",
            "map<text,frozen<list<int>>>"
        ));
        assert!(same_type("VARCHAR", "text"));
        assert!(same_type("list<varchar>", "list<text>"));
        assert!(!same_type("double", "float"));
    }

    #[test]
    fn columns_report_types_statics_missing_and_extra() {
        let model = [
            col("id", "uuid", ColumnKind::PartitionKey),
            col("unit", "text", ColumnKind::Static),
            col("price", "double", ColumnKind::Regular),
            col("note", "text", ColumnKind::Regular),
        ];
        let live = [
            live_column("id", ColumnKind::PartitionKey, 0, "uuid"),
            live_column("unit", ColumnKind::Regular, -1, "varchar"),
            live_column("price", ColumnKind::Regular, -1, "float"),
            live_column("legacy", ColumnKind::Regular, -1, "int"),
        ];
        let diff = columns(&model, &live, true);
        assert_eq!(
            diff.missing.iter().map(|c| c.name).collect::<Vec<_>>(),
            ["note"]
        );
        assert_eq!(
            diff.drift,
            [
                Drift::StaticColumn {
                    column: "unit".into(),
                    expected: true,
                    actual: false
                },
                Drift::ColumnType {
                    column: "price".into(),
                    expected: "double".into(),
                    actual: "float".into()
                },
                Drift::ExtraColumn {
                    column: "legacy".into(),
                    cql_type: "int".into()
                },
            ]
        );
        assert_eq!(columns(&model, &live, false).drift.len(), 2);
    }

    #[test]
    fn keys_report_partition_clustering_and_order() {
        let model = test_table(
            "t",
            vec![
                col("a", "int", ColumnKind::PartitionKey),
                col("c", "int", ColumnKind::Clustering(Order::Desc)),
            ],
        );
        let same = [
            live_column("a", ColumnKind::PartitionKey, 0, "int"),
            live_column("c", ColumnKind::Clustering(Order::Desc), 0, "int"),
        ];
        assert_eq!(key(&model, &same), []);
        let flipped = [
            live_column("a", ColumnKind::PartitionKey, 0, "int"),
            live_column("c", ColumnKind::Clustering(Order::Asc), 0, "int"),
        ];
        assert_eq!(
            key(&model, &flipped),
            [Drift::ClusteringOrder {
                column: "c".into(),
                expected: Order::Desc,
                actual: Order::Asc
            }]
        );
        let rekeyed = [
            live_column("c", ColumnKind::PartitionKey, 0, "int"),
            live_column("a", ColumnKind::Clustering(Order::Asc), 0, "int"),
        ];
        assert_eq!(
            key(&model, &rekeyed),
            [
                Drift::PartitionKey {
                    expected: vec!["a".into()],
                    actual: vec!["c".into()]
                },
                Drift::ClusteringKey {
                    expected: vec!["c".into()],
                    actual: vec!["a".into()]
                },
            ]
        );
    }
}
