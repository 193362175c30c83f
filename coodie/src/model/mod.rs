//! What a derived model tells the runtime: its schema ([`TableSchema`]) and the
//! traits the derives implement ([`Table`], [`Document`], [`MaterializedView`],
//! also at the crate root as `coodie::Document` …).
//!
//! The derives implement these traits; users rarely implement them by hand.

mod aggregable;
mod compat;
mod counter;
mod cql_text;
mod cql_type;
pub(crate) mod drift;
mod mismatch;
mod projection;
mod schema;
mod traits;
mod user_type;
mod writable;
mod write_kind;

pub use aggregable::{Comparable, Summable};
pub use compat::{Compatibility, compatibility};
pub use counter::Counter;
pub use cql_text::cql_text;
pub use cql_type::{CqlType, ListElement, VectorElement, frozen_if_collection};
pub use mismatch::{ColumnTypeMismatch, NarrowError};
pub use projection::Projection;
pub use schema::{
    ColumnKind, ColumnSchema, IndexKind, IndexSchema, Order, Similarity, TableSchema, ViewSchema,
};
#[cfg(test)]
pub(crate) use schema::{test_column, test_table, test_view};
pub use traits::{Document, MaterializedView, Table};
pub use user_type::{UserType, UserTypeField, UserTypeSchema, UserTypes};
pub use writable::Writable;
pub use write_kind::{CounterTable, Insertable};
