//! One call that syncs several schema objects in dependency order: tables first,
//! then the views over them.

use std::any::TypeId;
use std::future::Future;

use super::options::SyncOptions;
use super::report::{SyncReport, ViewSyncReport};
use super::{table, view};
use crate::model::{MaterializedView, Table, TableSchema, UserTypeSchema, Writable};
use crate::{Result, Session};

/// The kinds of schema object, in the order they are synced: what a later kind
/// refers to exists by the time it is synced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Table,
    View,
}

/// One object to sync.
#[derive(Clone, Copy)]
struct Step {
    id: TypeId,
    kind: Kind,
    schema: fn() -> &'static TableSchema,
    /// The user types a table uses, nested ones first (none for a view).
    user_types: fn() -> Vec<&'static UserTypeSchema>,
    rust_types: &'static [&'static str],
}

/// Syncs tables and their materialized views in one call: every table first (so a
/// view's base exists when the view is created), then every view, each in the
/// order it was added. Each table's user types are synced just before it, nested
/// types first. Adding a view adds its base table too, so listing the views
/// is enough.
///
/// Each table is synced as [`sync_table`](crate::Model::sync_table) does it
/// (create, add columns and indexes, report drift) and each view as
/// [`sync_view`](super::ViewExt::sync_view) does it (create, report drift, recreate
/// only with [`SyncOptions::recreate_views_on_drift`]).
///
/// ```no_run
/// use coodie::SchemaSync;
/// # use coodie::{Document, MaterializedView};
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
    steps: Vec<Step>,
}

impl std::fmt::Debug for SchemaSync {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names = |kind| {
            self.steps
                .iter()
                .filter(|s| s.kind == kind)
                .map(|s| (s.schema)().name)
                .collect::<Vec<_>>()
        };
        f.debug_struct("SchemaSync")
            .field("tables", &names(Kind::Table))
            .field("views", &names(Kind::View))
            .finish()
    }
}

impl SchemaSync {
    /// An empty sync.
    ///
    /// ```
    /// let sync = coodie::SchemaSync::new();
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
        self.add::<T>(Kind::Table);
        self
    }

    /// Adds a materialized view, and its base table if it is not added yet.
    ///
    /// ```no_run
    /// # use coodie::MaterializedView;
    /// # async fn demo<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
    /// // Syncs V's base table, then V.
    /// coodie::SchemaSync::new().view::<V>().run(db).await?;
    /// # Ok(()) }
    /// ```
    pub fn view<V: MaterializedView>(mut self) -> Self {
        self.add::<V::Base>(Kind::Table);
        self.add::<V>(Kind::View);
        self
    }

    fn add<T: Table>(&mut self, kind: Kind) {
        let id = TypeId::of::<T>();
        if !self.steps.iter().any(|s| s.id == id) {
            self.steps.push(Step {
                id,
                kind,
                schema: T::schema,
                user_types: T::user_types,
                rust_types: T::RUST_TYPES,
            });
        }
    }

    /// Syncs every table, then every view, with the default [`SyncOptions`].
    /// Stops at the first error; the statements that ran before it stay applied.
    ///
    /// ```no_run
    /// # use coodie::MaterializedView;
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
        self.run_with(db, SyncOptions::default())
    }

    /// [`run`](SchemaSync::run) with options: a dry run plans everything and runs
    /// nothing; [`SyncOptions::recreate_views_on_drift`] recreates drifted views
    /// (tables are never dropped); [`SyncOptions::fail_on_drift`] first plans
    /// every table and view and fails (`Error::SchemaDrift` for a table,
    /// `Error::ViewDrift` for a view) before running a single statement if anything
    /// drifted.
    ///
    /// ```no_run
    /// # use coodie::MaterializedView;
    /// use coodie::schema::SyncOptions;
    /// # async fn demo<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
    /// let plan = coodie::SchemaSync::new()
    ///     .view::<V>()
    ///     .run_with(db, SyncOptions::default().dry_run(true))
    ///     .await?;
    /// for statement in plan.executed() {
    ///     println!("{statement};");
    /// }
    /// # Ok(()) }
    /// ```
    pub fn run_with<'a>(
        &self,
        db: &'a Session,
        options: SyncOptions,
    ) -> impl Future<Output = Result<SchemaSyncReport>> + Send + use<'a> {
        let mut steps = self.steps.clone();
        // Stable: within a kind, the order they were added.
        steps.sort_by_key(|s| s.kind);
        async move {
            if options.fail_on_drift && !options.dry_run {
                // Plan everything first, so that drift anywhere stops the whole sync
                // before its first statement.
                pass(db, &steps, options.dry_run(true)).await?;
            }
            pass(db, &steps, options).await
        }
    }
}

async fn pass(db: &Session, steps: &[Step], options: SyncOptions) -> Result<SchemaSyncReport> {
    let mut report = SchemaSyncReport::default();
    for step in steps {
        let schema = (step.schema)();
        match step.kind {
            Kind::Table => {
                let types = (step.user_types)();
                report
                    .tables
                    .push(table::sync(db, schema, &types, step.rust_types, options).await?)
            }
            Kind::View => report
                .views
                .push(view::sync(db, schema, step.rust_types, options).await?),
        }
    }
    Ok(report)
}

/// What [`SchemaSync::run`] did: one report per table, then one per view.
///
/// ```
/// let report = coodie::schema::SchemaSyncReport::default();
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
    /// assert!(coodie::schema::SchemaSyncReport::default().is_in_sync());
    /// ```
    pub fn is_in_sync(&self) -> bool {
        self.tables.iter().all(SyncReport::is_in_sync)
            && self.views.iter().all(ViewSyncReport::is_in_sync)
    }

    /// Every statement, in the order it ran (or, on a dry run, would run).
    ///
    /// ```
    /// assert_eq!(coodie::schema::SchemaSyncReport::default().executed().count(), 0);
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
    /// assert!(!coodie::schema::SchemaSyncReport::default().has_drift());
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
        let sync = SchemaSync::new();
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
