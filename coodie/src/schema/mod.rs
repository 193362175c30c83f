//! Schema: the CQL of tables and indexes ([`ddl`]), and syncing it with the
//! database without losing data ([`SyncOptions`], [`SyncReport`], [`Drift`]).
//!
//! Start from [`Model::sync_table`](crate::Model::sync_table).

pub mod ddl;
mod drift;
pub(crate) mod introspect;
mod sync;
// Materialized views (owned by the views work: coodie/src/schema/view/).
pub mod view;

pub use drift::{Drift, KeyShape};
pub use sync::{SyncOptions, SyncReport};

pub(crate) use sync::sync_schema;
