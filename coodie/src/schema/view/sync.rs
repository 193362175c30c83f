//! Creating, checking, recreating and dropping a materialized view.

use super::ddl::{Definition, create_view_cql, drop_view_cql};
use super::drift::{ViewDrift, compare};
use super::live;
use crate::model::{MaterializedView, Table, TableSchema};
use crate::{Result, Session};

/// How [`sync_view`](super::ViewExt::sync_view_with) treats a view.
///
/// The default creates a missing view, leaves a drifted one as it is (and reports
/// the drift), and runs what it decides.
///
/// ```
/// use coodie::schema::view::ViewSyncOptions;
/// let plan_only = ViewSyncOptions::default().dry_run(true).recreate_on_drift(true);
/// assert!(plan_only.dry_run && plan_only.recreate_on_drift);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ViewSyncOptions {
    /// Return the statements without running them.
    pub dry_run: bool,
    /// Drop and recreate a view whose definition differs from the model. The view is
    /// rebuilt from the base table in the background; until it is, reads miss rows.
    pub recreate_on_drift: bool,
    /// Fail with [`Error::ViewDrift`](crate::Error::ViewDrift), running nothing, when
    /// the view differs from the model. Takes precedence over
    /// [`ViewSyncOptions::recreate_on_drift`].
    pub fail_on_drift: bool,
}

impl ViewSyncOptions {
    /// Sets [`ViewSyncOptions::dry_run`].
    ///
    /// ```
    /// let plan = coodie::schema::view::ViewSyncOptions::default().dry_run(true);
    /// assert!(plan.dry_run);
    /// ```
    pub fn dry_run(mut self, dry_run: bool) -> Self {
        self.dry_run = dry_run;
        self
    }

    /// Sets [`ViewSyncOptions::recreate_on_drift`].
    ///
    /// ```
    /// let fix = coodie::schema::view::ViewSyncOptions::default().recreate_on_drift(true);
    /// assert!(fix.recreate_on_drift && !fix.dry_run);
    /// ```
    pub fn recreate_on_drift(mut self, recreate: bool) -> Self {
        self.recreate_on_drift = recreate;
        self
    }

    /// Sets [`ViewSyncOptions::fail_on_drift`].
    ///
    /// ```
    /// let strict = coodie::schema::view::ViewSyncOptions::default().fail_on_drift(true);
    /// assert!(strict.fail_on_drift);
    /// ```
    pub fn fail_on_drift(mut self, fail: bool) -> Self {
        self.fail_on_drift = fail;
        self
    }
}

/// What sync found and did (or, on a dry run, would do) to one view.
///
/// ```no_run
/// # use coodie::prelude::*;
/// # use coodie::schema::view::ViewOutcome;
/// # async fn demo<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
/// match V::sync_view(db).await?.outcome {
///     ViewOutcome::Created => println!("created; it fills from the base in the background"),
///     ViewOutcome::UpToDate => {}
///     ViewOutcome::Drifted => println!("differs from the model; left as it is"),
///     ViewOutcome::Recreated => println!("dropped and created again"),
///     _ => {}
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ViewOutcome {
    /// The view did not exist and is created.
    Created,
    /// The view matches the model; nothing to do.
    UpToDate,
    /// The view differs from the model and is left as it is (see
    /// [`ViewSyncReport::drift`]).
    Drifted,
    /// The view differed from the model and is dropped and created again.
    Recreated,
}

/// The result of syncing one view: its drift and the statements run (or planned,
/// on a dry run).
///
/// ```
/// use coodie::schema::view::{ViewOutcome, ViewSyncReport};
/// let report = ViewSyncReport {
///     view: "viewdemo.products_by_category".into(),
///     outcome: ViewOutcome::UpToDate,
///     drift: vec![],
///     executed: vec![],
///     dry_run: false,
/// };
/// assert!(report.is_in_sync());
/// assert!(report.ran().is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewSyncReport {
    /// The view, as `keyspace.view`.
    pub view: String,
    /// What sync found and did.
    pub outcome: ViewOutcome,
    /// Every difference between the view in the database and the model, found
    /// before any statement ran (empty when the view was missing or matched).
    pub drift: Vec<ViewDrift>,
    /// The statements run, in order; on a dry run, the statements that would run
    /// (as in [`SyncReport::executed`](crate::schema::SyncReport::executed)).
    pub executed: Vec<String>,
    /// Whether this was a dry run (nothing was executed).
    pub dry_run: bool,
}

impl ViewSyncReport {
    /// Whether the view already matched the model: nothing to run, no drift.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
    /// V::sync_view(db).await?;
    /// assert!(V::sync_view(db).await?.is_in_sync(), "a second sync runs nothing");
    /// # Ok(()) }
    /// ```
    pub fn is_in_sync(&self) -> bool {
        self.executed.is_empty() && self.drift.is_empty()
    }

    /// The statements that really ran: none on a dry run.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # use coodie::schema::view::ViewSyncOptions;
    /// # async fn demo<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
    /// let plan = V::sync_view_with(db, ViewSyncOptions::default().dry_run(true)).await?;
    /// assert!(plan.ran().is_empty());
    /// println!("would run {:?}", plan.executed);
    /// # Ok(()) }
    /// ```
    pub fn ran(&self) -> &[String] {
        if self.dry_run { &[] } else { &self.executed }
    }
}

/// The keyspace a view lives in: its base table's.
pub(crate) fn view_keyspace<'a>(
    view: &'a TableSchema,
    base: &'a TableSchema,
    db: &'a Session,
) -> &'a str {
    base.keyspace
        .or(view.keyspace)
        .unwrap_or_else(|| db.keyspace())
}

/// Syncs one view given its schema and its base table's.
pub(crate) async fn sync_schema(
    db: &Session,
    view: &TableSchema,
    base: &TableSchema,
    options: ViewSyncOptions,
) -> Result<ViewSyncReport> {
    let keyspace = view_keyspace(view, base, db);
    let definition = Definition::of(view)?;
    let create = create_view_cql(keyspace, view)?;
    let (outcome, drift, statements) = match live::read(db, keyspace, view.name).await? {
        None if live::is_table(db, keyspace, view.name).await? => {
            return Err(crate::Error::InvalidQuery(format!(
                "`{}` is a table, not a materialized view: rename the view or drop the table",
                crate::ident::qualified(keyspace, view.name)
            )));
        }
        None => (ViewOutcome::Created, Vec::new(), vec![create]),
        Some(found) => {
            let drift = compare(view, &definition, &found);
            if !drift.is_empty() && options.fail_on_drift {
                return Err(crate::Error::ViewDrift {
                    view: crate::ident::qualified(keyspace, view.name),
                    drift,
                });
            }
            if drift.is_empty() {
                (ViewOutcome::UpToDate, drift, Vec::new())
            } else if options.recreate_on_drift {
                let drop = drop_view_cql(keyspace, view.name);
                (ViewOutcome::Recreated, drift, vec![drop, create])
            } else {
                (ViewOutcome::Drifted, drift, Vec::new())
            }
        }
    };
    if !options.dry_run {
        for statement in &statements {
            db.execute_ddl(statement).await?;
        }
    }
    if !drift.is_empty() {
        tracing::warn!(
            view = %crate::ident::qualified(keyspace, view.name),
            recreated = options.recreate_on_drift && !options.dry_run,
            "materialized view drifted from its model: {}",
            ViewDrift::list(&drift)
        );
    }
    Ok(ViewSyncReport {
        view: crate::ident::qualified(keyspace, view.name),
        outcome,
        drift,
        executed: statements,
        dry_run: options.dry_run,
    })
}

/// Creates view `V` if it is missing, reports how it differs from the model if it
/// exists, and recreates it only when `options` ask for it. Usually called as
/// [`V::sync_view_with`](super::ViewExt::sync_view_with).
///
/// ```no_run
/// # use coodie::model::MaterializedView;
/// # use coodie::schema::view::{ViewSyncOptions, sync_view};
/// # async fn demo<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
/// let report = sync_view::<V>(db, ViewSyncOptions::default()).await?;
/// # Ok(()) }
/// ```
pub async fn sync_view<V: MaterializedView>(
    db: &Session,
    options: ViewSyncOptions,
) -> Result<ViewSyncReport> {
    sync_schema(db, V::schema(), <V::Base as Table>::schema(), options).await
}

/// How view `V` in the database differs from the model: `None` when the view does
/// not exist, an empty list when it matches. Runs no DDL. Usually called as
/// [`V::view_drift`](super::ViewExt::view_drift).
///
/// ```no_run
/// # use coodie::model::MaterializedView;
/// # async fn demo<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
/// let drift = coodie::schema::view::view_drift::<V>(db).await?;
/// # Ok(()) }
/// ```
pub async fn view_drift<V: MaterializedView>(db: &Session) -> Result<Option<Vec<ViewDrift>>> {
    let view = V::schema();
    let keyspace = view_keyspace(view, <V::Base as Table>::schema(), db);
    let definition = Definition::of(view)?;
    Ok(live::read(db, keyspace, view.name)
        .await?
        .map(|found| compare(view, &definition, &found)))
}

/// Drops view `V` if it exists; the base table and its data are untouched. Usually
/// called as [`V::drop_view`](super::ViewExt::drop_view).
///
/// ```no_run
/// # use coodie::model::MaterializedView;
/// # async fn demo<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
/// coodie::schema::view::drop_view::<V>(db).await?;
/// # Ok(()) }
/// ```
pub async fn drop_view<V: MaterializedView>(db: &Session) -> Result<()> {
    let view = V::schema();
    let keyspace = view_keyspace(view, <V::Base as Table>::schema(), db);
    db.execute_ddl(&drop_view_cql(keyspace, view.name)).await?;
    Ok(())
}

const BUILT_CQL: &str =
    "SELECT view_name FROM system.built_views WHERE keyspace_name = ? AND view_name = ?";

/// Whether the node that answers has finished building view `view` of `keyspace`
/// from its base table's existing rows.
pub(crate) async fn is_built(db: &Session, keyspace: &str, view: &str) -> Result<bool> {
    let rows = db
        .execute(BUILT_CQL, (keyspace, view))
        .await?
        .into_rows_result()
        .map_err(|e| crate::Error::driver(BUILT_CQL, e))?;
    Ok(rows.rows_num() > 0)
}

/// Waits until view `V` is built from the rows its base table held when the view
/// was created (a new or recreated view fills in the background), polling
/// `system.built_views` of the node that answers. `Ok(false)` when `timeout`
/// passes first. Usually called as
/// [`V::wait_until_built`](super::ViewExt::wait_until_built).
///
/// ```no_run
/// # use coodie::model::MaterializedView;
/// # async fn demo<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
/// let built = coodie::schema::view::wait_until_built::<V>(db, std::time::Duration::from_secs(30)).await?;
/// # Ok(()) }
/// ```
pub async fn wait_until_built<V: MaterializedView>(
    db: &Session,
    timeout: std::time::Duration,
) -> Result<bool> {
    let view = V::schema();
    let keyspace = view_keyspace(view, <V::Base as Table>::schema(), db);
    let started = std::time::Instant::now();
    loop {
        if is_built(db, keyspace, view.name).await? {
            return Ok(true);
        }
        if started.elapsed() >= timeout {
            return Ok(false);
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
