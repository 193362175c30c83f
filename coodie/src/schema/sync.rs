//! `sync_table`: make the database hold what the model declares, without losing
//! data, and say what differs.

use super::ddl;
use super::drift::{Drift, KeyShape};
use super::introspect::{self, DbColumn, DbIndex, normalize_type};
use crate::model::{ColumnKind, TableSchema};
use crate::{Error, Result, Session};

/// How [`sync_table`](crate::Model::sync_table_with) behaves.
///
/// ```
/// let preview = coodie::schema::SyncOptions::default().dry_run(true);
/// assert!(preview.is_dry_run());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncOptions {
    dry_run: bool,
    fail_on_drift: bool,
    wait_for_indexes: bool,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            dry_run: false,
            fail_on_drift: false,
            wait_for_indexes: true,
        }
    }
}

impl SyncOptions {
    /// Work out the statements and the drift, but run nothing.
    ///
    /// ```
    /// let preview = coodie::schema::SyncOptions::default().dry_run(true);
    /// ```
    pub fn dry_run(mut self, yes: bool) -> Self {
        self.dry_run = yes;
        self
    }

    /// Fail with [`Error::SchemaDrift`] (and run nothing) when drift is found,
    /// instead of reporting it in [`SyncReport::drift`].
    ///
    /// ```
    /// let strict = coodie::schema::SyncOptions::default().fail_on_drift(true);
    /// ```
    pub fn fail_on_drift(mut self, yes: bool) -> Self {
        self.fail_on_drift = yes;
        self
    }

    /// Wait (up to a minute) until newly created indexes are built, so that the
    /// first query on them does not fail (default: yes).
    ///
    /// ```
    /// let fast = coodie::schema::SyncOptions::default().wait_for_indexes(false);
    /// ```
    pub fn wait_for_indexes(mut self, yes: bool) -> Self {
        self.wait_for_indexes = yes;
        self
    }

    /// Whether this is a dry run.
    ///
    /// ```
    /// assert!(!coodie::schema::SyncOptions::default().is_dry_run());
    /// ```
    pub fn is_dry_run(&self) -> bool {
        self.dry_run
    }
}

/// What a sync did (or, on a dry run, would do) and the drift it found.
///
/// ```no_run
/// # use coodie::prelude::*;
/// # async fn demo<T: Document>(db: &coodie::Session) -> coodie::Result<()> {
/// let report = T::sync_table(db).await?;
/// for statement in &report.executed {
///     println!("ran: {statement}");
/// }
/// for drift in &report.drift {
///     println!("drift: {drift}");
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncReport {
    /// `keyspace.table`.
    pub table: String,
    /// Whether the table did not exist (and was, or on a dry run would be, created).
    pub created: bool,
    /// The statements run, in order; on a dry run, the statements that would run.
    pub executed: Vec<String>,
    /// Whether this was a dry run (nothing was executed).
    pub dry_run: bool,
    /// Differences sync does not repair; the data is left alone.
    pub drift: Vec<Drift>,
}

impl SyncReport {
    /// Whether the database already matched the model: nothing to run, no drift.
    ///
    /// ```
    /// assert!(coodie::schema::SyncReport::default().is_in_sync());
    /// ```
    pub fn is_in_sync(&self) -> bool {
        self.executed.is_empty() && self.drift.is_empty()
    }
}

/// The plan: statements to run and drift to report.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Plan {
    pub(crate) created: bool,
    pub(crate) statements: Vec<String>,
    pub(crate) drift: Vec<Drift>,
}

fn model_key(schema: &TableSchema) -> KeyShape {
    KeyShape {
        partition: schema.partition_key().map(|c| c.name.to_string()).collect(),
        clustering: schema
            .clustering_key()
            .map(|(c, order)| (c.name.to_string(), order))
            .collect(),
    }
}

fn database_key(columns: &[DbColumn]) -> KeyShape {
    let mut partition: Vec<&DbColumn> = columns
        .iter()
        .filter(|c| c.kind == "partition_key")
        .collect();
    partition.sort_by_key(|c| c.position);
    let mut clustering: Vec<&DbColumn> =
        columns.iter().filter(|c| c.kind == "clustering").collect();
    clustering.sort_by_key(|c| c.position);
    KeyShape {
        partition: partition.iter().map(|c| c.name.clone()).collect(),
        clustering: clustering
            .iter()
            .map(|c| (c.name.clone(), c.order))
            .collect(),
    }
}

/// Compares the model with what `system_schema` holds and plans the statements.
pub(crate) fn plan(
    schema: &TableSchema,
    session_keyspace: &str,
    columns: &[DbColumn],
    indexes: &[DbIndex],
    database_ttl: i32,
) -> Plan {
    if columns.is_empty() {
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
    }

    let mut plan = Plan::default();
    let (model_key, database_key) = (model_key(schema), database_key(columns));
    if model_key != database_key {
        plan.drift.push(Drift::KeyMismatch {
            model: model_key,
            database: database_key,
        });
    }
    for column in &schema.columns {
        match columns.iter().find(|c| c.name == column.name) {
            None if column.kind.is_primary_key() => {} // reported as a key mismatch
            None => plan
                .statements
                .push(ddl::add_column(schema, column, session_keyspace)),
            Some(existing) => {
                if normalize_type(&existing.cql_type) != normalize_type(&column.cql_type) {
                    plan.drift.push(Drift::TypeMismatch {
                        column: column.name.to_string(),
                        model: column.cql_type.clone(),
                        database: existing.cql_type.clone(),
                    });
                }
                let model_static = column.kind == ColumnKind::Static;
                let database_static = existing.kind == "static";
                let both_non_key = !column.kind.is_primary_key()
                    && matches!(existing.kind.as_str(), "regular" | "static");
                if both_non_key && model_static != database_static {
                    plan.drift.push(Drift::StaticMismatch {
                        column: column.name.to_string(),
                        model_static,
                    });
                }
            }
        }
    }
    for existing in columns {
        if schema.column(&existing.name).is_none() {
            plan.drift.push(Drift::ExtraColumn {
                column: existing.name.clone(),
                cql_type: existing.cql_type.clone(),
            });
        }
    }

    let model_ttl = schema.default_ttl.unwrap_or(0);
    if i64::from(model_ttl) != i64::from(database_ttl) {
        plan.drift.push(Drift::DefaultTtlMismatch {
            model: model_ttl,
            database: database_ttl,
        });
    }

    for index in &schema.indexes {
        let by_name = indexes.iter().find(|i| i.name == index.name);
        let by_column = indexes.iter().find(|i| i.target == index.column);
        match (by_name, by_column) {
            (Some(found), _) if found.target == index.column => {}
            (Some(found), _) => plan.drift.push(Drift::IndexMismatch {
                name: index.name.clone(),
                column: index.column.to_string(),
                database: format!("index `{}` on `{}`", found.name, found.target),
            }),
            (None, Some(found)) => plan.drift.push(Drift::IndexMismatch {
                name: index.name.clone(),
                column: index.column.to_string(),
                database: format!("index `{}` on `{}`", found.name, found.target),
            }),
            (None, None) => {
                plan.statements
                    .push(ddl::create_index(schema, index, session_keyspace))
            }
        }
    }
    for existing in indexes {
        let declared = schema.indexes.iter().any(|i| i.name == existing.name);
        let covers_declared_column = schema.indexes.iter().any(|i| i.column == existing.target);
        if !declared && !covers_declared_column {
            plan.drift.push(Drift::ExtraIndex {
                name: existing.name.clone(),
                target: existing.target.clone(),
            });
        }
    }
    plan
}

/// How long sync waits for a new index to be built before it returns anyway.
const INDEX_BUILD_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Waits until every index in `names` answers queries (an index on a table with
/// data is built in the background; querying it before fails).
async fn wait_for_indexes(db: &Session, keyspace: &str, names: &[&str]) -> Result<()> {
    let started = std::time::Instant::now();
    for name in names {
        while !introspect::index_built(db, keyspace, name).await? {
            if started.elapsed() > INDEX_BUILD_TIMEOUT {
                tracing::warn!(index = %name, "coodie sync: index still building, not waiting longer");
                return Ok(());
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
    Ok(())
}

/// Whether `statement` is still part of the plan for `schema`, as the database
/// stands now.
async fn still_needed(db: &Session, schema: &TableSchema, statement: &str) -> Result<bool> {
    let keyspace = schema.keyspace_or(db.keyspace());
    let columns = introspect::columns(db, keyspace, schema.name).await?;
    let indexes = introspect::indexes(db, keyspace, schema.name).await?;
    let ttl = introspect::default_ttl(db, keyspace, schema.name).await?;
    let now = plan(schema, db.keyspace(), &columns, &indexes, ttl);
    Ok(now.statements.iter().any(|s| s == statement))
}

/// Syncs the table described by `schema`: creates it if missing, adds missing
/// columns and indexes, and reports drift. Used by
/// [`Model::sync_table`](crate::Model::sync_table).
pub(crate) async fn sync_schema(
    db: &Session,
    schema: &TableSchema,
    options: SyncOptions,
) -> Result<SyncReport> {
    let keyspace = schema.keyspace_or(db.keyspace());
    let columns = introspect::columns(db, keyspace, schema.name).await?;
    let (indexes, database_ttl) = if columns.is_empty() {
        (Vec::new(), 0)
    } else {
        (
            introspect::indexes(db, keyspace, schema.name).await?,
            introspect::default_ttl(db, keyspace, schema.name).await?,
        )
    };
    let plan = plan(schema, db.keyspace(), &columns, &indexes, database_ttl);
    let table = ddl::table_ref(schema, db.keyspace());
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
                if still_needed(db, schema, statement).await? {
                    return Err(err);
                }
                tracing::info!(%statement, "coodie sync: already done by someone else");
            }
        }
        if options.wait_for_indexes {
            let created: Vec<&str> = schema
                .indexes
                .iter()
                .filter(|i| {
                    plan.statements
                        .iter()
                        .any(|s| *s == ddl::create_index(schema, i, db.keyspace()))
                })
                .map(|i| i.name.as_str())
                .collect();
            wait_for_indexes(db, keyspace, &created).await?;
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
    use crate::model::{IndexSchema, Order, test_column as col};

    fn db_col(name: &str, kind: &str, position: i32, cql: &str, order: Order) -> DbColumn {
        DbColumn {
            name: name.into(),
            kind: kind.into(),
            position,
            cql_type: cql.into(),
            order,
        }
    }

    fn schema() -> TableSchema {
        TableSchema {
            keyspace: None,
            name: "events",
            columns: vec![
                col("id", "uuid", ColumnKind::PartitionKey),
                col("at", "timestamp", ColumnKind::Clustering(Order::Desc)),
                col("kind", "text", ColumnKind::Regular),
                col("tags", "map<text, int>", ColumnKind::Regular),
            ],
            indexes: vec![IndexSchema {
                name: "events_kind_idx".into(),
                column: "kind",
            }],
            default_ttl: None,
            options: None,
            view: None,
        }
    }

    fn matching() -> Vec<DbColumn> {
        vec![
            db_col("id", "partition_key", 0, "uuid", Order::Asc),
            db_col("at", "clustering", 0, "timestamp", Order::Desc),
            db_col("kind", "regular", -1, "text", Order::Asc),
            db_col("tags", "regular", -1, "map<text, int>", Order::Asc),
        ]
    }

    fn kind_index() -> Vec<DbIndex> {
        vec![DbIndex {
            name: "events_kind_idx".into(),
            target: "kind".into(),
        }]
    }

    #[test]
    fn a_missing_table_is_created_with_its_indexes() {
        let plan = plan(&schema(), "ks", &[], &[], 0);
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
        assert_eq!(
            plan(&schema(), "ks", &matching(), &kind_index(), 0),
            Plan::default()
        );
    }

    #[test]
    fn missing_columns_and_indexes_are_added_extra_ones_reported() {
        let mut columns = matching();
        columns.retain(|c| c.name != "tags");
        columns.push(db_col("legacy", "regular", -1, "int", Order::Asc));
        let plan = plan(&schema(), "ks", &columns, &[], 0);
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
        let mut columns = matching();
        columns[1].order = Order::Asc;
        columns[2].cql_type = "int".into();
        let indexes = vec![
            DbIndex {
                name: "kind_by_other_name".into(),
                target: "kind".into(),
            },
            DbIndex {
                name: "events_tags_idx".into(),
                target: "values(tags)".into(),
            },
        ];
        let plan = plan(&schema(), "ks", &columns, &indexes, 7);
        assert!(plan.statements.is_empty());
        assert_eq!(
            plan.drift,
            [
                Drift::KeyMismatch {
                    model: KeyShape {
                        partition: vec!["id".into()],
                        clustering: vec![("at".into(), Order::Desc)],
                    },
                    database: KeyShape {
                        partition: vec!["id".into()],
                        clustering: vec![("at".into(), Order::Asc)],
                    },
                },
                Drift::TypeMismatch {
                    column: "kind".into(),
                    model: "text".into(),
                    database: "int".into(),
                },
                Drift::DefaultTtlMismatch {
                    model: 0,
                    database: 7,
                },
                Drift::IndexMismatch {
                    name: "events_kind_idx".into(),
                    column: "kind".into(),
                    database: "index `kind_by_other_name` on `kind`".into(),
                },
                Drift::ExtraIndex {
                    name: "events_tags_idx".into(),
                    target: "values(tags)".into(),
                },
            ]
        );
    }
}
