//! Syncing a materialized view: create it when missing, compare it with the model,
//! recreate it only on request; and [`ViewExt`], the view's schema operations.

use std::future::Future;
use std::time::{Duration, Instant};

use super::build_status::{self, ViewBuildStatus};
use super::live::{self, LiveView};
use super::options::SyncOptions;
use super::report::{ViewOutcome, ViewSyncReport};
use super::{compare, where_clause};
use crate::cql::{ddl, table_ref};
use crate::error::{InvalidQuery, InvalidQueryKind};
use crate::model::drift::Drift;
use crate::model::{MaterializedView, TableSchema, ViewSchema};
use crate::{Error, Result, Session};

/// Every difference between the model's view and the live one.
pub(crate) fn compare(model: &TableSchema, view: &ViewSchema, live: &LiveView) -> Vec<Drift> {
    let mut drift = Vec::new();
    if live.base_table != view.base_table {
        drift.push(Drift::BaseTable {
            expected: view.base_table.to_string(),
            actual: live.base_table.clone(),
        });
    }
    if live.include_all_columns != view.select_all {
        drift.push(Drift::SelectAll {
            expected: view.select_all,
            actual: live.include_all_columns,
        });
    }
    // A `SELECT *` view holds every base column: only a view of selected columns
    // can have one too many.
    let report_extra = !view.select_all && !live.include_all_columns;
    let columns = compare::columns(&model.columns, &live.columns, report_extra);
    drift.extend(columns.missing.iter().map(|c| Drift::MissingColumn {
        column: c.name.to_string(),
    }));
    drift.extend(columns.drift);
    drift.extend(compare::key(model, &live.columns));
    let expected_where = ddl::view_where_clause(model);
    if !where_clause::same(&expected_where, &live.where_clause) {
        drift.push(Drift::WhereClause {
            expected: expected_where,
            actual: live.where_clause.clone(),
        });
    }
    drift
}

/// How view `schema` in the database differs from the model: `None` when the view
/// does not exist.
async fn drift(db: &Session, schema: &TableSchema) -> Result<Option<Vec<Drift>>> {
    let view = ddl::view_of(schema)?;
    let keyspace = schema.keyspace_or(db.keyspace());
    Ok(live::view(db, keyspace, schema.name)
        .await?
        .map(|found| compare(schema, view, &found)))
}

/// Syncs the view described by `schema`. Used by
/// [`ViewExt::sync_view_with`] and [`SchemaSync`](super::SchemaSync).
///
/// A column whose type the view's field cannot read fails the sync with
/// [`Error::ColumnTypeMismatch`] (a dry run reports it as drift only).
pub(crate) async fn sync(
    db: &Session,
    schema: &TableSchema,
    rust_types: &[&str],
    options: SyncOptions,
) -> Result<ViewSyncReport> {
    let create = ddl::create_view(schema, db.keyspace())?;
    let name = table_ref(schema, db.keyspace());
    let found = drift(db, schema).await?;
    if let (Some(drift), false) = (&found, options.dry_run || options.fail_on_drift) {
        if let Some(mismatch) = compare::incompatible(&name, &schema.columns, rust_types, drift) {
            return Err(Error::ColumnTypeMismatch(mismatch));
        }
    }
    let (outcome, drift, statements) = match found {
        None if live::is_table(db, schema.keyspace_or(db.keyspace()), schema.name).await? => {
            return Err(Error::InvalidQuery(InvalidQuery::new(
                InvalidQueryKind::Schema,
                format!(
                    "`{name}` is a table, not a materialized view: rename the view or drop the table"
                ),
            )));
        }
        None => (ViewOutcome::Created, Vec::new(), vec![create]),
        Some(drift) if drift.is_empty() => (ViewOutcome::UpToDate, drift, Vec::new()),
        Some(drift) if options.fail_on_drift => {
            return Err(Error::ViewDrift { view: name, drift });
        }
        Some(drift) if options.recreate_views_on_drift => {
            let drop = ddl::drop_view(schema, db.keyspace());
            (ViewOutcome::Recreated, drift, vec![drop, create])
        }
        Some(drift) => (ViewOutcome::Drifted, drift, Vec::new()),
    };
    if !options.dry_run {
        for statement in &statements {
            db.execute_ddl(statement).await?;
        }
    }
    if !drift.is_empty() {
        tracing::warn!(
            view = %name,
            recreated = options.recreate_views_on_drift && !options.dry_run,
            "materialized view drifted from its model: {}",
            Drift::list(&drift)
        );
    }
    Ok(ViewSyncReport {
        view: name,
        outcome,
        drift,
        executed: statements,
        dry_run: options.dry_run,
    })
}

/// Schema operations on a materialized view, as associated functions of the view's
/// type: `ProductByCategory::sync_view(&db)`. Implemented for every
/// [`MaterializedView`]; in `coodie::prelude`.
///
/// Sync never loses data on its own: a missing view is created, a view whose
/// definition differs from the model (columns, partition key, clustering key or
/// order, filter, base table, `SELECT *`) is reported as [`Drift`], and it is
/// dropped and created again only with
/// [`SyncOptions::recreate_views_on_drift`].
///
/// ```no_run
/// use coodie::MaterializedView;
/// use coodie::schema::{SyncOptions, ViewExt, ViewOutcome};
///
/// async fn deploy<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
///     let report = V::sync_view(db).await?;
///     if report.outcome == ViewOutcome::Drifted {
///         eprintln!("{} drifted: {:?}", report.view, report.drift);
///         V::sync_view_with(db, SyncOptions::default().recreate_views_on_drift(true)).await?;
///     }
///     Ok(())
/// }
/// ```
///
/// Only views have `sync_view`; a document has `sync_table`:
///
/// ```compile_fail,E0599
/// # use coodie::prelude::*;
/// # #[derive(Document)]
/// # #[coodie(table = "products")]
/// # pub struct Product { #[coodie(partition_key)] pub id: i32 }
/// # async fn demo(db: &coodie::Session) -> coodie::Result<()> {
/// Product::sync_view(db).await?; // error: `Product` is not a `MaterializedView`
/// # Ok(()) }
/// ```
pub trait ViewExt: MaterializedView {
    /// Creates the view if it is missing; an existing view that differs from the
    /// model is reported in [`ViewSyncReport::drift`] and left alone. A second call
    /// runs nothing.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
    /// let report = V::sync_view(db).await?;
    /// println!("{:?}: {:?}", report.outcome, report.executed);
    /// # Ok(()) }
    /// ```
    fn sync_view(db: &Session) -> impl Future<Output = Result<ViewSyncReport>> + Send {
        sync(db, Self::schema(), Self::RUST_TYPES, SyncOptions::default())
    }

    /// [`ViewExt::sync_view`] with options: a dry run, recreating a drifted view,
    /// or failing on drift.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
    /// let plan = V::sync_view_with(db, SyncOptions::default().dry_run(true)).await?;
    /// for statement in &plan.executed {
    ///     println!("{statement};");
    /// }
    /// # Ok(()) }
    /// ```
    fn sync_view_with(
        db: &Session,
        options: SyncOptions,
    ) -> impl Future<Output = Result<ViewSyncReport>> + Send {
        sync(db, Self::schema(), Self::RUST_TYPES, options)
    }

    /// How the view in the database differs from the model, without changing
    /// anything: `None` when the view does not exist, an empty list when it
    /// matches.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
    /// if let Some(drift) = V::view_drift(db).await? {
    ///     assert!(drift.is_empty(), "view changed: {drift:?}");
    /// }
    /// # Ok(()) }
    /// ```
    fn view_drift(db: &Session) -> impl Future<Output = Result<Option<Vec<Drift>>>> + Send {
        drift(db, Self::schema())
    }

    /// Drops the view if it exists. The base table keeps its data.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
    /// V::drop_view(db).await?;
    /// # Ok(()) }
    /// ```
    fn drop_view(db: &Session) -> impl Future<Output = Result<()>> + Send {
        async move {
            db.execute_ddl(&ddl::drop_view(Self::schema(), db.keyspace()))
                .await?;
            Ok(())
        }
    }

    /// Where the build of the view stands on every node the driver knows: each
    /// node is asked directly (its `system.built_views` is its own), all at once. A
    /// node that cannot be asked (down, no connection) is
    /// [`BuildState::Unreachable`](crate::schema::BuildState::Unreachable) and does not count as built; when no node
    /// answers at all, the database is unreachable and this is an error.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
    /// let status = V::build_status(db).await?;
    /// for node in status.pending() {
    ///     eprintln!("{}: {:?}", node.address, node.state);
    /// }
    /// # Ok(()) }
    /// ```
    fn build_status(db: &Session) -> impl Future<Output = Result<ViewBuildStatus>> + Send {
        let schema = Self::schema();
        build_status::view(db, schema.keyspace_or(db.keyspace()), schema.name)
    }

    /// Waits until **every node** holds the rows the base table had when the view
    /// was created: a new or recreated view is filled in the background by each
    /// node on its own, so this polls [`build_status`](ViewExt::build_status)
    /// (each node's `system.built_views`) until all nodes the driver knows list the
    /// view. Returns `false` when `timeout` passes first, also when a node is down
    /// all that time (a node that cannot be asked has not been seen to build it;
    /// [`build_status`](ViewExt::build_status) says which). An error when no node
    /// answers at all. (Rows written later reach the view asynchronously, build or
    /// not.)
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
    /// V::sync_view(db).await?;
    /// if !V::wait_until_built(db, std::time::Duration::from_secs(30)).await? {
    ///     eprintln!("still building: {}", V::build_status(db).await?);
    /// }
    /// # Ok(()) }
    /// ```
    fn wait_until_built(
        db: &Session,
        timeout: Duration,
    ) -> impl Future<Output = Result<bool>> + Send {
        async move {
            let started = Instant::now();
            loop {
                let status = Self::build_status(db).await?;
                if status.is_built_everywhere() {
                    return Ok(true);
                }
                if started.elapsed() >= timeout {
                    tracing::debug!("view not built everywhere after {timeout:?}: {status}");
                    return Ok(false);
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }

    /// The `CREATE MATERIALIZED VIEW` statement sync would run on `db`.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # fn demo<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
    /// println!("{}", V::create_view_cql(db)?);
    /// # Ok(()) }
    /// ```
    fn create_view_cql(db: &Session) -> Result<String> {
        ddl::create_view(Self::schema(), db.keyspace())
    }
}

impl<V: MaterializedView> ViewExt for V {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ColumnKind, Order, test_column as col, test_view};
    use crate::schema::compare::tests::live_column;

    fn model(select_all: bool, filter: Option<&'static str>) -> TableSchema {
        test_view(
            "products_by_category",
            vec![
                col("category", "text", ColumnKind::PartitionKey),
                col("id", "uuid", ColumnKind::Clustering(Order::Desc)),
                col("price", "double", ColumnKind::Regular),
            ],
            select_all,
            filter,
        )
    }

    fn matching_live() -> LiveView {
        LiveView {
            base_table: "products".into(),
            where_clause: "category IS NOT NULL AND id IS NOT NULL".into(),
            include_all_columns: true,
            columns: vec![
                live_column("brand", ColumnKind::Regular, -1, "text"),
                live_column("category", ColumnKind::PartitionKey, 0, "text"),
                live_column("id", ColumnKind::Clustering(Order::Desc), 0, "uuid"),
                live_column("price", ColumnKind::Regular, -1, "double"),
            ],
        }
    }

    fn diff(model: &TableSchema, live: &LiveView) -> Vec<Drift> {
        compare(model, model.view.as_ref().expect("a view"), live)
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
            live_column("brand", ColumnKind::PartitionKey, 0, "text"),
            live_column("category", ColumnKind::Regular, -1, "text"),
            live_column("id", ColumnKind::Clustering(Order::Asc), 0, "uuid"),
            live_column("price", ColumnKind::Regular, -1, "float"),
        ];
        assert_eq!(
            diff(&model(true, None), &live),
            vec![
                Drift::BaseTable {
                    expected: "products".into(),
                    actual: "items".into()
                },
                Drift::ColumnType {
                    column: "price".into(),
                    expected: "double".into(),
                    actual: "float".into()
                },
                Drift::PartitionKey {
                    expected: vec!["category".into()],
                    actual: vec!["brand".into()]
                },
                Drift::ClusteringOrder {
                    column: "id".into(),
                    expected: Order::Desc,
                    actual: Order::Asc
                },
                Drift::WhereClause {
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
        assert_eq!(
            diff(&model(false, None), &live),
            vec![
                Drift::MissingColumn {
                    column: "price".into()
                },
                Drift::ExtraColumn {
                    column: "brand".into(),
                    cql_type: "text".into()
                },
            ]
        );
        assert!(diff(&model(true, None), &live).contains(&Drift::SelectAll {
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
            [Drift::WhereClause { .. }]
        ));
        assert!(matches!(
            diff(&model(true, None), &live).as_slice(),
            [Drift::WhereClause { .. }]
        ));
    }

    #[test]
    fn clustering_columns_in_another_order() {
        let mut live = matching_live();
        live.columns = vec![
            live_column("category", ColumnKind::PartitionKey, 0, "text"),
            live_column("price", ColumnKind::Clustering(Order::Asc), 0, "double"),
            live_column("id", ColumnKind::Clustering(Order::Desc), 1, "uuid"),
        ];
        live.where_clause += " AND price IS NOT NULL";
        let drift = diff(&model(true, None), &live);
        assert_eq!(
            drift[0],
            Drift::ClusteringKey {
                expected: vec!["id".into()],
                actual: vec!["price".into(), "id".into()]
            }
        );
        assert_eq!(
            drift[0].to_string(),
            "clustering columns are (price, id) in the database but (id) in the model"
        );
    }
}
