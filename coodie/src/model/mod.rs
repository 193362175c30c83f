//! What a derived model tells the runtime: its schema ([`TableSchema`]) and the
//! traits the derives implement ([`Table`], [`Document`], [`MaterializedView`]).
//!
//! The derives implement these traits; users rarely implement them by hand.

mod cql_type;
mod schema;
mod traits;
mod writable;

pub use cql_type::CqlType;
#[cfg(test)]
pub(crate) use schema::test_column;
pub use schema::{ColumnKind, ColumnSchema, IndexSchema, Order, TableSchema, ViewSchema};
pub use traits::{Document, MaterializedView, Table};
pub use writable::Writable;
