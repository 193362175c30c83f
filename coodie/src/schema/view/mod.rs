//! Materialized views: their `CREATE` statement, sync with typed drift, and drop.
//!
//! A view is declared with `#[derive(MaterializedView)]`; [`ViewExt`] (in
//! `coodie::prelude`) gives it `sync_view`, `sync_view_with`, `view_drift` and
//! `drop_view`. [`SchemaSync`] syncs a base table and all of its views in one call,
//! base first.
//!
//! Sync never loses data on its own: a missing view is created, a view whose
//! definition differs from the model (columns, partition key, clustering key or
//! order, filter, base table, `SELECT *`) is reported as [`ViewDrift`] values, and
//! it is dropped and created again only with
//! [`ViewSyncOptions::recreate_on_drift`].
//!
//! ```no_run
//! use chrono::{DateTime, Utc};
//! use coodie::prelude::*;
//! use coodie::schema::view::{ViewOutcome, ViewSyncOptions};
//! use uuid::Uuid;
//!
//! #[derive(Document, Debug, Clone)]
//! #[coodie(table = "products")]
//! pub struct Product {
//!     #[coodie(partition_key)]
//!     pub id: Uuid,
//!     pub name: String,
//!     pub category: String,
//!     pub price: f64,
//!     pub created_at: DateTime<Utc>,
//! }
//!
//! #[derive(MaterializedView, Debug, Clone)]
//! #[coodie(view = "products_by_category", base = Product)]
//! pub struct ProductByCategory {
//!     #[coodie(partition_key)]
//!     pub category: String,
//!     #[coodie(clustering_key)]
//!     pub id: Uuid,
//!     pub name: String,
//!     pub price: f64,
//! }
//!
//! # async fn demo() -> coodie::Result<()> {
//! let db = coodie::Session::from_env("viewdemo").await?;
//! // The base table, then the view, in one call:
//! coodie::SchemaSync::new().view::<ProductByCategory>().run(&db).await?;
//!
//! // Or one view at a time; a changed definition is reported, not ignored:
//! let report = ProductByCategory::sync_view(&db).await?;
//! if report.outcome == ViewOutcome::Drifted {
//!     let options = ViewSyncOptions::default().recreate_on_drift(true);
//!     ProductByCategory::sync_view_with(&db, options).await?;
//! }
//!
//! // Read by the view's partition key, no ALLOW FILTERING:
//! let tools = ProductByCategory::find()
//!     .filter(|c| c.category.eq("tools"))
//!     .all(&db)
//!     .await?;
//! # Ok(()) }
//! ```
//!
//! Only views have `sync_view`; a document has `sync_table`:
//!
//! ```compile_fail,E0599
//! # use coodie::prelude::*;
//! # #[derive(Document)]
//! # #[coodie(table = "products")]
//! # pub struct Product { #[coodie(partition_key)] pub id: i32 }
//! # async fn demo(db: &coodie::Session) -> coodie::Result<()> {
//! Product::sync_view(db).await?; // error: `Product` is not a `MaterializedView`
//! # Ok(()) }
//! ```

mod ddl;
mod drift;
mod live;
mod schema_sync;
mod sync;
mod where_clause;

pub use ddl::{create_view_cql, drop_view_cql};
pub use drift::ViewDrift;
pub use schema_sync::{SchemaSync, SchemaSyncReport};
pub use sync::{
    ViewOutcome, ViewSyncOptions, ViewSyncReport, drop_view, sync_view, view_drift,
    wait_until_built,
};

use std::future::Future;

use crate::model::{MaterializedView, Table};
use crate::{Result, Session};

/// Schema operations on a materialized view, as associated functions of the view's
/// type: `ProductByCategory::sync_view(&db)`. Implemented for every
/// [`MaterializedView`]; exported from `coodie::prelude`.
///
/// ```no_run
/// use coodie::model::MaterializedView;
/// use coodie::schema::view::{ViewExt, ViewOutcome, ViewSyncOptions};
///
/// async fn deploy<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
///     let report = V::sync_view(db).await?;
///     if report.outcome == ViewOutcome::Drifted {
///         eprintln!("{} drifted: {:?}", report.view, report.drift);
///         V::sync_view_with(db, ViewSyncOptions::default().recreate_on_drift(true)).await?;
///     }
///     Ok(())
/// }
/// ```
pub trait ViewExt: MaterializedView {
    /// Creates the view if it is missing; an existing view that differs from the
    /// model is reported in [`ViewSyncReport::drift`] and left alone. A second call
    /// runs nothing.
    ///
    /// ```no_run
    /// # use coodie::model::MaterializedView;
    /// # use coodie::schema::view::ViewExt;
    /// # async fn demo<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
    /// let report = V::sync_view(db).await?;
    /// println!("{:?}: {:?}", report.outcome, report.executed);
    /// # Ok(()) }
    /// ```
    fn sync_view(db: &Session) -> impl Future<Output = Result<ViewSyncReport>> + Send {
        sync::sync_view::<Self>(db, ViewSyncOptions::default())
    }

    /// [`ViewExt::sync_view`] with options: a dry run, or recreating a drifted view.
    ///
    /// ```no_run
    /// # use coodie::model::MaterializedView;
    /// # use coodie::schema::view::{ViewExt, ViewSyncOptions};
    /// # async fn demo<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
    /// let plan = V::sync_view_with(db, ViewSyncOptions::default().dry_run(true)).await?;
    /// for statement in &plan.executed {
    ///     println!("{statement};");
    /// }
    /// # Ok(()) }
    /// ```
    fn sync_view_with(
        db: &Session,
        options: ViewSyncOptions,
    ) -> impl Future<Output = Result<ViewSyncReport>> + Send {
        sync::sync_view::<Self>(db, options)
    }

    /// How the view in the database differs from the model, without changing
    /// anything: `None` when the view does not exist.
    ///
    /// ```no_run
    /// # use coodie::model::MaterializedView;
    /// # use coodie::schema::view::ViewExt;
    /// # async fn demo<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
    /// if let Some(drift) = V::view_drift(db).await? {
    ///     assert!(drift.is_empty(), "view changed: {drift:?}");
    /// }
    /// # Ok(()) }
    /// ```
    fn view_drift(db: &Session) -> impl Future<Output = Result<Option<Vec<ViewDrift>>>> + Send {
        sync::view_drift::<Self>(db)
    }

    /// Drops the view if it exists. The base table keeps its data.
    ///
    /// ```no_run
    /// # use coodie::model::MaterializedView;
    /// # use coodie::schema::view::ViewExt;
    /// # async fn demo<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
    /// V::drop_view(db).await?;
    /// # Ok(()) }
    /// ```
    fn drop_view(db: &Session) -> impl Future<Output = Result<()>> + Send {
        sync::drop_view::<Self>(db)
    }

    /// Waits until the view holds the rows its base table had when the view was
    /// created: a new or recreated view is filled in the background. Returns
    /// `false` when `timeout` passes first. (Rows written later reach the view
    /// asynchronously, build or not.)
    ///
    /// ```no_run
    /// # use coodie::model::MaterializedView;
    /// # use coodie::schema::view::ViewExt;
    /// # async fn demo<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
    /// V::sync_view(db).await?;
    /// if !V::wait_until_built(db, std::time::Duration::from_secs(30)).await? {
    ///     eprintln!("still building; reads may miss older rows for now");
    /// }
    /// # Ok(()) }
    /// ```
    fn wait_until_built(
        db: &Session,
        timeout: std::time::Duration,
    ) -> impl Future<Output = Result<bool>> + Send {
        sync::wait_until_built::<Self>(db, timeout)
    }

    /// The `CREATE MATERIALIZED VIEW` statement sync would run on `db`.
    ///
    /// ```no_run
    /// # use coodie::model::MaterializedView;
    /// # use coodie::schema::view::ViewExt;
    /// # fn demo<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
    /// println!("{}", V::create_view_cql(db)?);
    /// # Ok(()) }
    /// ```
    fn create_view_cql(db: &Session) -> Result<String> {
        let keyspace = sync::view_keyspace(Self::schema(), <Self::Base as Table>::schema(), db);
        ddl::create_view_cql(keyspace, Self::schema())
    }
}

impl<V: MaterializedView> ViewExt for V {}
