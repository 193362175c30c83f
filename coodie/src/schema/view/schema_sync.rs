//! One call that syncs base tables and their views, base tables first.

use std::any::TypeId;
use std::future::Future;

use super::sync::{ViewSyncOptions, ViewSyncReport, sync_schema as sync_view_schema};
use crate::model::{MaterializedView, Table, TableSchema, Writable};
use crate::schema::{SyncOptions, SyncReport, sync_schema as sync_table_schema};
use crate::{Result, Session};

#[derive(Clone, Copy)]
struct TableStep {
    id: TypeId,
    schema: fn() -> &'static TableSchema,
}

#[derive(Clone, Copy)]
struct ViewStep {
    id: TypeId,
    schema: fn() -> &'static TableSchema,
    base: fn() -> &'static TableSchema,
}

/// Syncs base tables and their materialized views in one call: every table first
/// (so a view's base exists when the view is created), then every view, each in the
/// order it was added. Adding a view adds its base table too, so listing the views
/// is enough.
///
/// Each table is synced as [`sync_table`](crate::schema::SyncReport) does it
/// (create, add columns and indexes, report drift) and each view as
/// [`sync_view`](super::ViewExt::sync_view) does it (create, report drift, recreate
/// only with [`SchemaSync::recreate_views_on_drift`]).
///
/// ```no_run
/// use coodie::SchemaSync;
/// # use coodie::model::{Document, MaterializedView};
/// # async fn demo<Product: Document, ByCategory: MaterializedView<Base = Product>,
/// #     ByBrand: MaterializedView<Base = Product>>(db: &coodie::Session) -> coodie::Result<()> {
/// let report = SchemaSync::new()
///     .table::<Product>()
///     .view::<ByCategory>()
///     .view::<ByBrand>()
///     .run(db)
///     .await?;
/// for statement in report.executed() {
///     println!("{statement};");
/// }
/// assert!(SchemaSync::new().view::<ByCategory>().run(db).await?.is_in_sync());
/// # Ok(()) }
/// ```
#[derive(Default, Clone)]
#[must_use = "a SchemaSync does nothing until `.run(&db)`"]
pub struct SchemaSync {
    tables: Vec<TableStep>,
    views: Vec<ViewStep>,
    dry_run: bool,
    recreate_views_on_drift: bool,
    fail_on_drift: bool,
}

impl std::fmt::Debug for SchemaSync {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SchemaSync")
            .field(
                "tables",
                &self
                    .tables
                    .iter()
                    .map(|t| (t.schema)().name)
                    .collect::<Vec<_>>(),
            )
            .field(
                "views",
                &self
                    .views
                    .iter()
                    .map(|v| (v.schema)().name)
                    .collect::<Vec<_>>(),
            )
            .field("dry_run", &self.dry_run)
            .field("recreate_views_on_drift", &self.recreate_views_on_drift)
            .field("fail_on_drift", &self.fail_on_drift)
            .finish()
    }
}

impl SchemaSync {
    /// An empty sync.
    ///
    /// ```
    /// let sync = coodie::SchemaSync::new().dry_run(true);
    /// ```
    pub fn new() -> Self {
        SchemaSync::default()
    }

    /// Adds a document's table (once; adding it again changes nothing). A view is
    /// refused at compile time: sync its base table and add the view with
    /// [`SchemaSync::view`].
    ///
    /// ```compile_fail,E0277
    /// # use coodie::prelude::*;
    /// # #[derive(Document)]
    /// # #[coodie(table = "products")]
    /// # pub struct Product { #[coodie(partition_key)] pub id: i32, pub category: String }
    /// #[derive(MaterializedView)]
    /// #[coodie(view = "products_by_category", base = Product)]
    /// pub struct ProductByCategory {
    ///     #[coodie(partition_key)]
    ///     pub category: String,
    ///     #[coodie(clustering_key)]
    ///     pub id: i32,
    /// }
    /// // error: `ProductByCategory` is a materialized view of `Product`; write to `Product` instead
    /// let sync = coodie::SchemaSync::new().table::<ProductByCategory>();
    /// ```
    pub fn table<T>(mut self) -> Self
    where
        T: Table + Writable<T::Base>,
    {
        self.add_table(TypeId::of::<T>(), T::schema);
        self
    }

    /// Adds a materialized view, and its base table if it is not added yet.
    ///
    /// ```no_run
    /// # use coodie::model::MaterializedView;
    /// # async fn demo<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
    /// // Syncs V's base table, then V.
    /// coodie::SchemaSync::new().view::<V>().run(db).await?;
    /// # Ok(()) }
    /// ```
    pub fn view<V: MaterializedView>(mut self) -> Self {
        self.add_table(TypeId::of::<V::Base>(), <V::Base as Table>::schema);
        if !self.views.iter().any(|v| v.id == TypeId::of::<V>()) {
            self.views.push(ViewStep {
                id: TypeId::of::<V>(),
                schema: V::schema,
                base: <V::Base as Table>::schema,
            });
        }
        self
    }

    /// Works out the statements and the drift, runs nothing.
    ///
    /// ```no_run
    /// # use coodie::model::MaterializedView;
    /// # async fn demo<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
    /// let plan = coodie::SchemaSync::new().view::<V>().dry_run(true).run(db).await?;
    /// for statement in plan.executed() {
    ///     println!("{statement};");
    /// }
    /// # Ok(()) }
    /// ```
    pub fn dry_run(mut self, yes: bool) -> Self {
        self.dry_run = yes;
        self
    }

    /// Drops and recreates every view whose definition differs from its model
    /// (see [`ViewSyncOptions::recreate_on_drift`]). Tables are never dropped.
    ///
    /// ```
    /// let sync = coodie::SchemaSync::new().recreate_views_on_drift(true);
    /// ```
    pub fn recreate_views_on_drift(mut self, yes: bool) -> Self {
        self.recreate_views_on_drift = yes;
        self
    }

    /// Checks every table and view first and fails, running nothing at all, if any
    /// of them drifted from its model: [`Error::SchemaDrift`](crate::Error::SchemaDrift)
    /// for a table, [`Error::ViewDrift`](crate::Error::ViewDrift) for a view. Takes
    /// precedence over [`SchemaSync::recreate_views_on_drift`].
    ///
    /// ```
    /// let strict = coodie::SchemaSync::new().fail_on_drift(true);
    /// ```
    pub fn fail_on_drift(mut self, yes: bool) -> Self {
        self.fail_on_drift = yes;
        self
    }

    fn add_table(&mut self, id: TypeId, schema: fn() -> &'static TableSchema) {
        if !self.tables.iter().any(|t| t.id == id) {
            self.tables.push(TableStep { id, schema });
        }
    }

    /// Syncs every table, then every view. Stops at the first error; the statements
    /// that ran before it stay applied (with [`SchemaSync::fail_on_drift`], drift is
    /// found before anything runs).
    ///
    /// ```no_run
    /// # use coodie::model::MaterializedView;
    /// # async fn demo<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
    /// let report = coodie::SchemaSync::new().view::<V>().run(db).await?;
    /// println!("{} tables, {} views", report.tables.len(), report.views.len());
    /// # Ok(()) }
    /// ```
    ///
    /// The future does not borrow the `SchemaSync`, so a temporary builder can be
    /// run from a closure (`sessions.iter().map(|db| SchemaSync::new().view::<V>().run(db))`).
    pub fn run<'a>(
        &self,
        db: &'a Session,
    ) -> impl Future<Output = Result<SchemaSyncReport>> + Send + use<'a> {
        let this = self.clone();
        async move {
            if this.fail_on_drift && !this.dry_run {
                // Plan everything first, so that drift anywhere stops the whole sync
                // before its first statement.
                this.pass(db, true).await?;
            }
            this.pass(db, this.dry_run).await
        }
    }

    async fn pass(&self, db: &Session, dry_run: bool) -> Result<SchemaSyncReport> {
        let table_options = SyncOptions::default()
            .dry_run(dry_run)
            .fail_on_drift(self.fail_on_drift);
        let view_options = ViewSyncOptions::default()
            .dry_run(dry_run)
            .recreate_on_drift(self.recreate_views_on_drift)
            .fail_on_drift(self.fail_on_drift);
        let mut report = SchemaSyncReport::default();
        for table in &self.tables {
            report
                .tables
                .push(sync_table_schema(db, (table.schema)(), table_options).await?);
        }
        for view in &self.views {
            report
                .views
                .push(sync_view_schema(db, (view.schema)(), (view.base)(), view_options).await?);
        }
        Ok(report)
    }
}

/// What [`SchemaSync::run`] did: one report per table, then one per view.
///
/// ```
/// let report = coodie::schema::view::SchemaSyncReport::default();
/// assert!(report.tables.is_empty() && report.views.is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SchemaSyncReport {
    /// Each table's report, in the order they were synced.
    pub tables: Vec<SyncReport>,
    /// Each view's report, in the order they were synced.
    pub views: Vec<ViewSyncReport>,
}

impl SchemaSyncReport {
    /// Whether every table and view already matched its model: nothing ran, no
    /// drift.
    ///
    /// ```
    /// assert!(coodie::schema::view::SchemaSyncReport::default().is_in_sync());
    /// ```
    pub fn is_in_sync(&self) -> bool {
        self.tables.iter().all(SyncReport::is_in_sync)
            && self.views.iter().all(ViewSyncReport::is_in_sync)
    }

    /// Every statement, in the order it ran (or, on a dry run, would run).
    ///
    /// ```
    /// assert_eq!(coodie::schema::view::SchemaSyncReport::default().executed().count(), 0);
    /// ```
    pub fn executed(&self) -> impl Iterator<Item = &str> {
        self.tables
            .iter()
            .flat_map(|t| t.executed.iter())
            .chain(self.views.iter().flat_map(|v| v.executed.iter()))
            .map(String::as_str)
    }

    /// Whether any table or view drifted from its model.
    ///
    /// ```
    /// assert!(!coodie::schema::view::SchemaSyncReport::default().has_drift());
    /// ```
    pub fn has_drift(&self) -> bool {
        self.tables.iter().any(|t| !t.drift.is_empty())
            || self.views.iter().any(|v| !v.drift.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send<T: Send>(_: &T) {}

    /// `run` can be spawned on a multi-threaded runtime (a compile-time check).
    #[allow(dead_code)]
    fn run_is_send(db: &Session) {
        let sync = SchemaSync::new().dry_run(true);
        assert_send(&sync);
        assert_send(&sync.run(db));
    }

    #[test]
    fn an_empty_report_is_in_sync() {
        let report = SchemaSyncReport::default();
        assert!(report.is_in_sync());
        assert!(!report.has_drift());
        assert_eq!(report.executed().count(), 0);
    }
}
