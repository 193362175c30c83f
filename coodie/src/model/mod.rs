//! What a derived model tells the runtime: its schema ([`TableSchema`]) and the
//! traits the derives implement ([`Table`], [`Document`], [`MaterializedView`],
//! also at the crate root as `coodie::Document` …).
//!
//! The derives implement these traits; users rarely implement them by hand.

mod aggregable;
mod collection;
mod compat;
mod cql_type;
pub(crate) mod drift;
mod projection;
mod schema;
mod traits;
mod writable;

pub use aggregable::{Comparable, Summable};
pub use collection::{Collection, MapCollection};
pub use compat::{Compatibility, compatibility};
pub use cql_type::CqlType;
pub use projection::Projection;
pub use schema::{
    ColumnKind, ColumnSchema, IndexKind, IndexSchema, Order, TableSchema, ViewSchema,
};
#[cfg(test)]
pub(crate) use schema::{test_column, test_table, test_view};
pub use traits::{Document, MaterializedView, Table};
pub use writable::Writable;
