//! Schema sync: make the database hold the tables and materialized views the
//! models declare, without losing data, and say what differs.
//!
//! One model serves every schema object: the live schema is read by one reader
//! (`system_schema`), compared by one comparison of types, columns and keys, and
//! every difference is a [`Drift`] in one vocabulary (`expected`, from the model;
//! `actual`, from the database). Sync creates what is missing and adds what it
//! safely can (columns, indexes); anything else is reported, and a drifted view is
//! recreated only when [`SyncOptions::recreate_views_on_drift`] asks for it.
//!
//! - a table: [`Model::sync_table`](crate::Model::sync_table) → [`SyncReport`];
//! - a view: [`ViewExt::sync_view`] → [`ViewSyncReport`];
//! - tables and their views in one call, in dependency order: [`SchemaSync`].
//!
//! The statements themselves are rendered by [`crate::cql::ddl`].
//!
//! ```no_run
//! use chrono::{DateTime, Utc};
//! use coodie::prelude::*;
//! use coodie::schema::ViewOutcome;
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
//! // Or one at a time; a changed view definition is reported, not ignored:
//! Product::sync_table(&db).await?;
//! let report = ProductByCategory::sync_view(&db).await?;
//! if report.outcome == ViewOutcome::Drifted {
//!     let options = SyncOptions::default().recreate_views_on_drift(true);
//!     ProductByCategory::sync_view_with(&db, options).await?;
//! }
//! # Ok(()) }
//! ```

// A new kind of schema object (a user-defined type, say) is one file here that
// uses the shared pieces: its statements in `cql/ddl.rs`, its reader in `live.rs`
// (`system_schema.types`), the comparison of fields in `compare.rs`, `Drift` for
// what differs, a report in `report.rs`, and a `Kind` in `schema_sync.rs`, whose
// order (types before the tables that use them) is the order of the sync.
mod build_status;
mod compare;
mod live;
mod options;
mod report;
mod schema_sync;
mod table;
mod user_type;
mod view;
mod where_clause;

pub use crate::model::drift::Drift;
pub use build_status::{BuildState, NodeBuild, ViewBuildStatus};
pub use options::SyncOptions;
pub use report::{SyncReport, ViewOutcome, ViewSyncReport};
pub use schema_sync::{SchemaSync, SchemaSyncReport};
pub use view::ViewExt;

pub(crate) use table::sync as sync_table;
