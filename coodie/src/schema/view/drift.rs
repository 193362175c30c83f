//! How a view in the database differs from its Rust declaration.

use std::fmt;

use super::ddl::Definition;
use super::live::LiveView;
use super::where_clause;
use crate::model::{Order, TableSchema};

/// One difference between a materialized view in the database and its Rust
/// declaration. Sync reports each one; it recreates the view only when asked to
/// ([`ViewSyncOptions::recreate_on_drift`](super::ViewSyncOptions::recreate_on_drift)).
///
/// ```
/// use coodie::schema::view::ViewDrift;
/// let drift = ViewDrift::PartitionKey {
///     expected: vec!["category".into()],
///     actual: vec!["brand".into()],
/// };
/// assert_eq!(
///     drift.to_string(),
///     "partition key is (brand), the model declares (category)"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ViewDrift {
    /// The view reads from another base table.
    BaseTable {
        /// The base table the model names.
        expected: String,
        /// The base table in the database.
        actual: String,
    },
    /// The view selects `*` where the model selects only its columns, or the
    /// other way round.
    SelectAll {
        /// Whether the model selects `*`.
        expected: bool,
        /// Whether the view in the database selects `*`.
        actual: bool,
    },
    /// A column of the model is not in the view.
    MissingColumn {
        /// The column's CQL name.
        column: String,
    },
    /// The view has a column the model does not select (only reported for views
    /// that select their columns, not `*`).
    ExtraColumn {
        /// The column's CQL name.
        column: String,
    },
    /// A column has another CQL type in the database.
    ColumnType {
        /// The column's CQL name.
        column: String,
        /// The model's CQL type.
        expected: String,
        /// The database's CQL type.
        actual: String,
    },
    /// The partition key has other columns or another column order.
    PartitionKey {
        /// The model's partition key, in order.
        expected: Vec<String>,
        /// The database's partition key, in order.
        actual: Vec<String>,
    },
    /// The clustering columns differ (names or their order in the key).
    ClusteringKey {
        /// The model's clustering columns, in order.
        expected: Vec<String>,
        /// The database's clustering columns, in order.
        actual: Vec<String>,
    },
    /// A clustering column sorts the other way.
    ClusteringOrder {
        /// The column's CQL name.
        column: String,
        /// The model's order.
        expected: Order,
        /// The database's order.
        actual: Order,
    },
    /// The `WHERE` clause restricts other columns or restricts them otherwise (the
    /// comparison ignores spelling: quotes, spacing, case of keywords, order).
    WhereClause {
        /// The model's clause, as coodie writes it.
        expected: String,
        /// The clause the database stores.
        actual: String,
    },
}

impl ViewDrift {
    /// Every difference, separated by `; `, for messages.
    ///
    /// ```
    /// use coodie::schema::view::ViewDrift;
    /// let list = ViewDrift::list(&[
    ///     ViewDrift::MissingColumn { column: "price".into() },
    ///     ViewDrift::SelectAll { expected: true, actual: false },
    /// ]);
    /// assert_eq!(
    ///     list,
    ///     "column `price` is missing; the view selects only some columns, the model selects *"
    /// );
    /// ```
    pub fn list(drift: &[ViewDrift]) -> String {
        crate::schema::drift::one_line(drift)
    }
}

fn select(all: bool) -> &'static str {
    if all { "*" } else { "only some columns" }
}

impl fmt::Display for ViewDrift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ViewDrift::BaseTable { expected, actual } => write!(
                f,
                "the view reads from `{actual}`, the model from `{expected}`"
            ),
            ViewDrift::SelectAll { expected, actual } => write!(
                f,
                "the view selects {}, the model selects {}",
                select(*actual),
                select(*expected)
            ),
            ViewDrift::MissingColumn { column } => write!(f, "column `{column}` is missing"),
            ViewDrift::ExtraColumn { column } => {
                write!(f, "column `{column}` is in the view but not in the model")
            }
            ViewDrift::ColumnType {
                column,
                expected,
                actual,
            } => write!(
                f,
                "column `{column}` is {actual}, the model declares {expected}"
            ),
            ViewDrift::PartitionKey { expected, actual } => write!(
                f,
                "partition key is ({}), the model declares ({})",
                actual.join(", "),
                expected.join(", ")
            ),
            ViewDrift::ClusteringKey { expected, actual } => write!(
                f,
                "clustering columns are ({}), the model declares ({})",
                actual.join(", "),
                expected.join(", ")
            ),
            ViewDrift::ClusteringOrder {
                column,
                expected,
                actual,
            } => write!(
                f,
                "clustering column `{column}` is {}, the model declares {}",
                actual.as_cql(),
                expected.as_cql()
            ),
            ViewDrift::WhereClause { expected, actual } => write!(
                f,
                "the view's WHERE clause is `{actual}`, the model's is `{expected}`"
            ),
        }
    }
}

/// CQL types compared without case or spacing.
fn same_type(a: &str, b: &str) -> bool {
    let canonical = |t: &str| {
        t.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase()
    };
    canonical(a) == canonical(b)
}

/// Every difference between the model's view and the live one.
pub(crate) fn compare(
    model: &TableSchema,
    definition: &Definition<'_>,
    live: &LiveView,
) -> Vec<ViewDrift> {
    let mut drift = Vec::new();
    let view = definition.view;

    if live.base_table != view.base_table {
        drift.push(ViewDrift::BaseTable {
            expected: view.base_table.to_string(),
            actual: live.base_table.clone(),
        });
    }
    if live.include_all_columns != view.select_all {
        drift.push(ViewDrift::SelectAll {
            expected: view.select_all,
            actual: live.include_all_columns,
        });
    }

    for column in &model.columns {
        match live.column(column.name) {
            None => drift.push(ViewDrift::MissingColumn {
                column: column.name.to_string(),
            }),
            Some(found) if !same_type(&found.cql_type, &column.cql_type) => {
                drift.push(ViewDrift::ColumnType {
                    column: column.name.to_string(),
                    expected: column.cql_type.clone(),
                    actual: found.cql_type.clone(),
                })
            }
            Some(_) => {}
        }
    }
    if !view.select_all && !live.include_all_columns {
        for column in &live.columns {
            if model.column(&column.name).is_none() {
                drift.push(ViewDrift::ExtraColumn {
                    column: column.name.clone(),
                });
            }
        }
    }

    let live_partition: Vec<String> = live
        .partition_key()
        .iter()
        .map(|c| c.name.clone())
        .collect();
    if live_partition != definition.partition_key {
        drift.push(ViewDrift::PartitionKey {
            expected: definition
                .partition_key
                .iter()
                .map(|c| c.to_string())
                .collect(),
            actual: live_partition,
        });
    }

    let live_clustering = live.clustering_key();
    let live_names: Vec<String> = live_clustering.iter().map(|c| c.name.clone()).collect();
    let model_names: Vec<&str> = definition.clustering_key.iter().map(|(c, _)| *c).collect();
    if live_names != model_names {
        drift.push(ViewDrift::ClusteringKey {
            expected: model_names.iter().map(|c| c.to_string()).collect(),
            actual: live_names,
        });
    } else {
        for ((name, expected), found) in definition.clustering_key.iter().zip(&live_clustering) {
            let actual = found.order.unwrap_or_default();
            if actual != *expected {
                drift.push(ViewDrift::ClusteringOrder {
                    column: name.to_string(),
                    expected: *expected,
                    actual,
                });
            }
        }
    }

    let expected_where = definition.where_clause();
    if !where_clause::same(&expected_where, &live.where_clause) {
        drift.push(ViewDrift::WhereClause {
            expected: expected_where,
            actual: live.where_clause.clone(),
        });
    }
    drift
}

#[cfg(test)]
mod tests {
    use super::super::live::LiveColumn;
    use super::*;
    use crate::model::{ColumnKind, ColumnSchema, ViewSchema};

    fn model(select_all: bool, filter: Option<&'static str>) -> TableSchema {
        let column = |name, kind, cql_type: &str| ColumnSchema {
            name,
            field: name,
            cql_type: cql_type.into(),
            kind,
        };
        TableSchema {
            keyspace: None,
            name: "products_by_category",
            columns: vec![
                column("category", ColumnKind::PartitionKey, "text"),
                column("id", ColumnKind::Clustering(Order::Desc), "uuid"),
                column("price", ColumnKind::Regular, "double"),
            ],
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

    fn live_column(
        name: &str,
        kind: &str,
        position: i32,
        order: Option<Order>,
        t: &str,
    ) -> LiveColumn {
        LiveColumn {
            name: name.into(),
            kind: kind.into(),
            position,
            order,
            cql_type: t.into(),
        }
    }

    fn matching_live() -> LiveView {
        LiveView {
            base_table: "products".into(),
            where_clause: "category IS NOT NULL AND id IS NOT NULL".into(),
            include_all_columns: true,
            columns: vec![
                live_column("brand", "regular", -1, None, "text"),
                live_column("category", "partition_key", 0, None, "text"),
                live_column("id", "clustering", 0, Some(Order::Desc), "uuid"),
                live_column("price", "regular", -1, None, "double"),
            ],
        }
    }

    fn diff(model: &TableSchema, live: &LiveView) -> Vec<ViewDrift> {
        let definition = Definition::of(model).unwrap();
        compare(model, &definition, live)
    }

    #[test]
    fn a_matching_view_has_no_drift() {
        assert_eq!(diff(&model(true, None), &matching_live()), vec![]);
    }

    #[test]
    fn every_difference_is_named() {
        let mut live = matching_live();
        live.base_table = "items".into();
        live.where_clause = "brand IS NOT NULL AND id IS NOT NULL".into();
        live.columns = vec![
            live_column("brand", "partition_key", 0, None, "text"),
            live_column("category", "regular", -1, None, "text"),
            live_column("id", "clustering", 0, Some(Order::Asc), "uuid"),
            live_column("price", "regular", -1, None, "float"),
        ];
        let drift = diff(&model(true, None), &live);
        assert_eq!(
            drift,
            vec![
                ViewDrift::BaseTable {
                    expected: "products".into(),
                    actual: "items".into()
                },
                ViewDrift::ColumnType {
                    column: "price".into(),
                    expected: "double".into(),
                    actual: "float".into()
                },
                ViewDrift::PartitionKey {
                    expected: vec!["category".into()],
                    actual: vec!["brand".into()]
                },
                ViewDrift::ClusteringOrder {
                    column: "id".into(),
                    expected: Order::Desc,
                    actual: Order::Asc
                },
                ViewDrift::WhereClause {
                    expected: "\"category\" IS NOT NULL AND \"id\" IS NOT NULL".into(),
                    actual: "brand IS NOT NULL AND id IS NOT NULL".into()
                },
            ]
        );
    }

    #[test]
    fn selected_columns_report_extra_and_missing_columns() {
        let mut live = matching_live();
        live.include_all_columns = false;
        live.columns.retain(|c| c.name != "price");
        let drift = diff(&model(false, None), &live);
        assert_eq!(
            drift,
            vec![
                ViewDrift::MissingColumn {
                    column: "price".into()
                },
                ViewDrift::ExtraColumn {
                    column: "brand".into()
                },
            ]
        );
        let drift = diff(&model(true, None), &live);
        assert!(drift.contains(&ViewDrift::SelectAll {
            expected: true,
            actual: false
        }));
    }

    #[test]
    fn a_changed_filter_is_drift_but_its_spelling_is_not() {
        let mut live = matching_live();
        live.where_clause = "category IS NOT NULL AND id IS NOT NULL AND category = 'toys'".into();
        assert_eq!(
            diff(&model(true, Some("\"category\"='toys'")), &live),
            vec![]
        );
        assert!(matches!(
            diff(&model(true, Some("\"category\" = 'games'")), &live).as_slice(),
            [ViewDrift::WhereClause { .. }]
        ));
        assert!(matches!(
            diff(&model(true, None), &live).as_slice(),
            [ViewDrift::WhereClause { .. }]
        ));
    }

    #[test]
    fn clustering_columns_in_another_order() {
        let mut live = matching_live();
        live.columns = vec![
            live_column("category", "partition_key", 0, None, "text"),
            live_column("price", "clustering", 0, Some(Order::Asc), "double"),
            live_column("id", "clustering", 1, Some(Order::Desc), "uuid"),
        ];
        live.where_clause += " AND price IS NOT NULL";
        let drift = diff(&model(true, None), &live);
        assert_eq!(
            drift[0],
            ViewDrift::ClusteringKey {
                expected: vec!["id".into()],
                actual: vec!["price".into(), "id".into()]
            }
        );
        assert_eq!(
            drift[0].to_string(),
            "clustering columns are (price, id), the model declares (id)"
        );
    }
}
