//! Typed queries: columns, filters and selects.

mod column;

pub use column::Column;
