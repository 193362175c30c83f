//! Syncing a document's table: make the database hold what the model declares,
//! without losing data, and say what differs.

use std::time::{Duration, Instant};

use super::live::{self, LiveIndex, LiveTable};
use super::options::SyncOptions;
use super::report::SyncReport;
use super::{compare, user_type};
use crate::cql::{ddl, table_ref};
use crate::model::drift::Drift;
use crate::model::{IndexKind, IndexSchema, Similarity, TableSchema, UserTypeSchema};
use crate::{Error, Result, Session};

/// The plan: statements to run and drift to report.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Plan {
    pub(crate) created: bool,
    pub(crate) statements: Vec<String>,
    pub(crate) drift: Vec<Drift>,
}

/// Compares the model with the table the database holds (`None`: no such table)
/// and plans the statements.
pub(crate) fn plan(schema: &TableSchema, session_keyspace: &str, live: Option<&LiveTable>) -> Plan {
    let Some(live) = live else {
        let mut statements = vec![ddl::create_table(schema, session_keyspace)];
        statements.extend(
            schema
                .indexes
                .iter()
                .map(|i| ddl::create_index(schema, i, session_keyspace)),
        );
        return Plan {
            created: true,
            statements,
            drift: Vec::new(),
        };
    };

    let mut plan = Plan::default();
    let columns = compare::columns(&schema.columns, &live.columns, true);
    // A missing key column is a different key, reported below; the others are added.
    plan.statements.extend(
        columns
            .missing
            .iter()
            .filter(|c| !c.kind.is_primary_key())
            .map(|c| ddl::add_column(schema, c, session_keyspace)),
    );
    plan.drift.extend(columns.drift);
    plan.drift.extend(compare::key(schema, &live.columns));

    let expected_ttl = schema.default_ttl.unwrap_or(0);
    if expected_ttl != live.default_ttl {
        plan.drift.push(Drift::DefaultTtl {
            expected: expected_ttl,
            actual: live.default_ttl,
        });
    }

    for index in &schema.indexes {
        match index_drift(index, &live.indexes) {
            Ok(true) => {}
            Ok(false) => plan
                .statements
                .push(ddl::create_index(schema, index, session_keyspace)),
            Err(drift) => plan.drift.push(drift),
        }
    }
    for existing in &live.indexes {
        let declared = || schema.indexes.iter().any(|i| i.name == existing.name);
        let covers_declared_column = || {
            let values_of = values_target(&existing.target);
            schema
                .indexes
                .iter()
                .any(|i| i.column == existing.target || values_of == Some(i.column))
        };
        if !declared() && !covers_declared_column() {
            plan.drift.push(Drift::ExtraIndex {
                name: existing.name.to_string(),
                target: existing.target.to_string(),
            });
        }
    }
    plan
}

/// Whether the model's `index` is in the database (`Ok(true)`), missing
/// (`Ok(false)`: it can be created), or there in another shape (the drift).
fn index_drift(index: &IndexSchema, live: &[LiveIndex]) -> std::result::Result<bool, Drift> {
    // An index on a (non-frozen) collection column indexes its values; the
    // database names its target `values(column)`.
    let on_column =
        |i: &&LiveIndex| i.target == index.column || values_target(&i.target) == Some(index.column);
    let by_name = live.iter().find(|i| i.name == index.name);
    let by_column = || live.iter().find(on_column);
    let Some(found) = by_name.or_else(by_column) else {
        return Ok(false);
    };
    let same_kind = match index.kind {
        IndexKind::Secondary => found.custom_class.is_none(),
        IndexKind::Sai { similarity } => {
            let is_sai = found.custom_class.as_deref().is_some_and(is_sai_class);
            // No similarity declared: the server's default, cosine.
            let declared = similarity.unwrap_or(Similarity::Cosine).as_cql();
            let live = found.similarity.as_deref().unwrap_or("COSINE");
            is_sai && declared.eq_ignore_ascii_case(live)
        }
    };
    if found.name == index.name && on_column(&found) && same_kind {
        return Ok(true);
    }
    let kind = match (&found.custom_class, &found.similarity) {
        (Some(class), Some(similarity)) => {
            format!("custom index ({class}, similarity {similarity})")
        }
        (Some(class), None) => format!("custom index ({class})"),
        (None, _) => "index".to_string(),
    };
    Err(Drift::Index {
        name: index.name.clone(),
        column: index.column.to_string(),
        actual: format!("{kind} `{}` on `{}`", found.name, found.target),
    })
}

/// The column of an index target `values(column)` (an index on a collection's
/// values), else `None`.
fn values_target(target: &str) -> Option<&str> {
    target
        .strip_prefix("values(")
        .and_then(|t| t.strip_suffix(')'))
}

/// Whether `class` (a custom index's `class_name`) is a storage-attached index:
/// Cassandra keeps the class as it was written (`StorageAttachedIndex`, `sai`, or
/// the full `org.apache.cassandra.index.sai.StorageAttachedIndex`).
fn is_sai_class(class: &str) -> bool {
    class.eq_ignore_ascii_case("sai") || class.ends_with("StorageAttachedIndex")
}

/// How long sync waits for a new index to be built before it returns anyway.
const INDEX_BUILD_TIMEOUT: Duration = Duration::from_secs(60);

/// Waits until every index in `names` answers queries (an index on a table with
/// data is built in the background; querying it before fails).
async fn wait_for_indexes(db: &Session, keyspace: &str, names: &[&str]) -> Result<()> {
    let started = Instant::now();
    for name in names {
        while !live::index_built(db, keyspace, name).await? {
            if started.elapsed() > INDEX_BUILD_TIMEOUT {
                tracing::warn!(index = %name, "coodie sync: index still building, not waiting longer");
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    Ok(())
}

/// The plan for `schema` and the user types it uses (`user_types`, nested ones
/// first) as the database stands now: the types' statements and drift first.
/// Rows that are byte for byte those this session last found in sync plan
/// nothing, without being decoded or compared again ([`InSync`](crate::session::InSync)).
async fn plan_now(
    db: &Session,
    schema: &'static TableSchema,
    user_types: &[&'static UserTypeSchema],
) -> Result<Plan> {
    let keyspace = schema.keyspace_or(db.keyspace());
    let type_rows = user_type::rows_now(db, keyspace, user_types).await?;
    let Some(rows) = live::table(db, keyspace, schema.name).await? else {
        let mut all = user_type::plan_all(keyspace, user_types, &type_rows)?;
        let table = plan(schema, db.keyspace(), None);
        all.created = table.created;
        all.statements.extend(table.statements);
        return Ok(all);
    };
    let read = || type_rows.iter().chain(rows.results());
    if db.in_sync().matches(schema, read()) {
        return Ok(Plan::default());
    }
    let mut all = user_type::plan_all(keyspace, user_types, &type_rows)?;
    let table = plan(schema, db.keyspace(), Some(&rows.table()?));
    all.statements.extend(table.statements);
    all.drift.extend(table.drift);
    if all == Plan::default() {
        db.in_sync().remember(schema, read());
    }
    Ok(all)
}

/// Syncs the table described by `schema`, after the user types it uses
/// (`user_types`, nested ones first): creates what is missing, adds missing
/// columns, type fields and indexes, and reports drift. Used by
/// [`Model::sync_table`](crate::Model::sync_table) and
/// [`SchemaSync`](super::SchemaSync).
///
/// A column whose type the model cannot read or write fails the sync with
/// [`Error::ColumnTypeMismatch`] before anything runs (a dry run reports it as
/// drift only, `fail_on_drift` returns it in `Error::SchemaDrift`); `rust_types` are the fields' Rust types, for that message.
pub(crate) async fn sync(
    db: &Session,
    schema: &'static TableSchema,
    user_types: &[&'static UserTypeSchema],
    rust_types: &[&str],
    options: SyncOptions,
) -> Result<SyncReport> {
    let plan = plan_now(db, schema, user_types).await?;
    let table = table_ref(schema, db.keyspace());
    if !options.dry_run && !options.fail_on_drift {
        if let Some(mismatch) =
            compare::incompatible(&table, &schema.columns, rust_types, &plan.drift)
        {
            return Err(Error::ColumnTypeMismatch(mismatch));
        }
    }
    if options.fail_on_drift && !plan.drift.is_empty() {
        return Err(Error::SchemaDrift {
            table,
            drift: plan.drift,
        });
    }
    if !options.dry_run {
        for statement in &plan.statements {
            tracing::info!(%statement, "coodie sync");
            if let Err(err) = db.execute_ddl(statement).await {
                // Another process may have synced the same model meanwhile (two
                // instances starting at once): if the statement is no longer
                // needed, that is success.
                if plan_now(db, schema, user_types)
                    .await?
                    .statements
                    .contains(statement)
                {
                    return Err(err);
                }
                tracing::info!(%statement, "coodie sync: already done by someone else");
            }
        }
        if options.wait_for_indexes && !plan.statements.is_empty() {
            let created: Vec<&str> = schema
                .indexes
                .iter()
                .filter(|i| {
                    plan.statements
                        .contains(&ddl::create_index(schema, i, db.keyspace()))
                })
                .map(|i| i.name.as_str())
                .collect();
            wait_for_indexes(db, schema.keyspace_or(db.keyspace()), &created).await?;
        }
        if plan.statements.iter().any(|s| s.starts_with("ALTER TYPE ")) {
            // The driver binds with the definition a statement was prepared with.
            tracing::warn!(
                table = %table,
                "coodie sync: a user type gained fields; statements this session prepared \
                 before cannot write them (open a new Session, or sync before the first write)"
            );
        }
    }
    Ok(SyncReport {
        table,
        created: plan.created,
        executed: plan.statements,
        dry_run: options.dry_run,
        drift: plan.drift,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ColumnKind, Order, test_column as col, test_table};
    use crate::schema::compare::tests::live_column;

    fn schema() -> TableSchema {
        TableSchema {
            indexes: vec![IndexSchema::secondary("events_kind_idx", "kind")],
            ..test_table(
                "events",
                vec![
                    col("id", "uuid", ColumnKind::PartitionKey),
                    col("at", "timestamp", ColumnKind::Clustering(Order::Desc)),
                    col("kind", "text", ColumnKind::Regular),
                    col("tags", "map<text, int>", ColumnKind::Regular),
                ],
            )
        }
    }

    fn index(name: &str, target: &str) -> LiveIndex<'static> {
        LiveIndex {
            name: name.to_owned().into(),
            target: target.to_owned().into(),
            custom_class: None,
            similarity: None,
        }
    }

    fn matching() -> LiveTable<'static> {
        LiveTable {
            default_ttl: 0,
            columns: vec![
                live_column("id", ColumnKind::PartitionKey, 0, "uuid"),
                live_column("at", ColumnKind::Clustering(Order::Desc), 0, "timestamp"),
                live_column("kind", ColumnKind::Regular, -1, "text"),
                live_column("tags", ColumnKind::Regular, -1, "map<text, int>"),
            ],
            indexes: vec![index("events_kind_idx", "kind")],
        }
    }

    #[test]
    fn a_missing_table_is_created_with_its_indexes() {
        let plan = plan(&schema(), "ks", None);
        assert!(plan.created);
        assert_eq!(plan.statements.len(), 2);
        assert!(plan.statements[0].starts_with("CREATE TABLE IF NOT EXISTS ks.events"));
        assert_eq!(
            plan.statements[1],
            "CREATE INDEX IF NOT EXISTS events_kind_idx ON ks.events (\"kind\")"
        );
    }

    #[test]
    fn a_matching_table_needs_nothing() {
        assert_eq!(plan(&schema(), "ks", Some(&matching())), Plan::default());
    }

    #[test]
    fn missing_columns_and_indexes_are_added_extra_ones_reported() {
        let mut live = matching();
        live.columns.retain(|c| c.name != "tags");
        live.columns
            .push(live_column("legacy", ColumnKind::Regular, -1, "int"));
        live.indexes.clear();
        let plan = plan(&schema(), "ks", Some(&live));
        assert_eq!(
            plan.statements,
            [
                "ALTER TABLE ks.events ADD \"tags\" map<text, int>",
                "CREATE INDEX IF NOT EXISTS events_kind_idx ON ks.events (\"kind\")",
            ]
        );
        assert_eq!(
            plan.drift,
            [Drift::ExtraColumn {
                column: "legacy".into(),
                cql_type: "int".into()
            }]
        );
    }

    #[test]
    fn type_key_and_index_differences_are_drift_not_statements() {
        let mut live = matching();
        live.columns[1].kind = ColumnKind::Clustering(Order::Asc);
        live.columns[2].cql_type = "int".into();
        live.default_ttl = 7;
        live.indexes = vec![
            index("kind_by_other_name", "kind"),
            index("events_tags_idx", "values(tags)"),
        ];
        let plan = plan(&schema(), "ks", Some(&live));
        assert!(plan.statements.is_empty());
        assert_eq!(
            plan.drift,
            [
                Drift::ColumnType {
                    column: "kind".into(),
                    expected: "text".into(),
                    actual: "int".into(),
                },
                Drift::ClusteringOrder {
                    column: "at".into(),
                    expected: Order::Desc,
                    actual: Order::Asc,
                },
                Drift::DefaultTtl {
                    expected: 0,
                    actual: 7,
                },
                Drift::Index {
                    name: "events_kind_idx".into(),
                    column: "kind".into(),
                    actual: "index `kind_by_other_name` on `kind`".into(),
                },
                Drift::ExtraIndex {
                    name: "events_tags_idx".into(),
                    target: "values(tags)".into(),
                },
            ]
        );
    }

    #[test]
    fn a_custom_index_is_not_the_model_s_secondary_index() {
        let mut live = matching();
        live.indexes[0].custom_class = Some("StorageAttachedIndex".into());
        assert_eq!(
            plan(&schema(), "ks", Some(&live)).drift,
            [Drift::Index {
                name: "events_kind_idx".into(),
                column: "kind".into(),
                actual: "custom index (StorageAttachedIndex) `events_kind_idx` on `kind`".into(),
            }]
        );
    }
}
