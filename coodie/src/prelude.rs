//! Everything a user of coodie needs in scope: `use coodie::prelude::*;`.
//!
//! The derives and the traits they implement share names (`Document`,
//! `MaterializedView`); one import brings both.
//!
//! ```
//! use coodie::prelude::*;
//! ```

pub use crate::model::{
    Counter, CounterTable, Document, Insertable, MaterializedView, Projection, Table,
};
pub use crate::query::{
    ColumnTuple, Consistency, Filter, Page, PagingState, Scan, ScanEvent, Select,
};
pub use crate::schema::{Drift, SchemaSync, SyncOptions, SyncReport, ViewExt};
pub use crate::write::{Applied, Batch, CounterBatch, WriteOptions};
pub use crate::{DeleteDocument, InsertDocument, Model};
pub use crate::{Error, Result, Session};
pub use coodie_derive::{Document, MaterializedView, Projection, UserType};
