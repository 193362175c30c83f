//! Typed reads: [`Select`] and its pages, and the column expressions filters are
//! built from ([`Column`], [`Filter`], [`Ordering`], [`Assignment`]).
//!
//! Start from a type's [`find`](crate::Model::find), narrow it with
//! [`filter`](Select::filter), and run it with a terminal operation
//! (`.all(&db)`, `.one(&db)`, `.stream(&db)` …), or turn it into a write of the
//! rows it selects with [`Select::update`] or [`Select::delete`].

mod aggregate;
pub(crate) mod by_key;
pub(crate) mod cell_meta;
mod distinct;
mod page;
mod projected;
pub(crate) mod ring_setters;
mod row_stream;
mod rows;
pub(crate) mod scan;
mod select;
mod token_range;

pub use crate::expr::{
    Assignment, Bindable, Cell, CollectionValue, Column, ColumnTuple, Filter, IntoCell, ListValue,
    MapValue, Op, Ordering, SetValue, role,
};
pub use cell_meta::CellMeta;
pub use page::{Page, PagingState, paging_state_from_token};
pub use projected::Projected;
pub use row_stream::RowStream;
pub use scan::{RangeDone, Scan, ScanEvent};
pub use scylla::statement::{Consistency, SerialConsistency};
pub use select::Select;
pub use token_range::{MAX_TOKEN, MIN_TOKEN, TokenRange, ring_ranges};
