//! Typed expressions over a table's columns: the column handles the derives
//! generate, and the restrictions, orderings, assignments and conditions built from
//! them, each holding its values bound, never spliced into CQL text.
//!
//! Users reach these through `coodie::query` (`Column`, `Filter`, `Op`, `Ordering`,
//! `Assignment`); the statement text renders them, and the builders
//! of `query` and `write` collect them.

mod ann;
mod assignment;
mod cell;
mod collection;
mod column;
mod condition;
mod contains;
mod filter;
mod ordering;
pub mod role;
mod tuple;
mod value;

pub(crate) use ann::AnnTerm;
pub use assignment::Assignment;
pub use cell::{Cell, IntoCell};
pub use collection::{Bindable, CollectionValue, ListValue, MapValue, SetValue};
pub use column::Column;
pub(crate) use condition::Condition;
pub use filter::{Filter, Op};
pub(crate) use filter::{Restriction, RestrictionValues, restriction_clause};
pub(crate) use ordering::OrderTerm;
pub use ordering::Ordering;
pub use tuple::ColumnTuple;
pub(crate) use value::{BoundValue, Markers, chain};
