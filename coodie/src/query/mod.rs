//! Typed queries: columns, filters, selects and pages.
//!
//! Start from a type's [`find`](crate::Model::find), narrow it with
//! [`filter`](Select::filter), and run it with a terminal operation.

mod check;
mod column;
mod filter;
mod page;
pub(crate) mod run;
mod select;
pub(crate) mod values;

pub use column::Column;
pub(crate) use filter::Restriction;
pub use filter::{Assignment, Filter, Op, Ordering};
pub use page::{Page, PagingState, paging_state_from_token};
pub use scylla::statement::{Consistency, SerialConsistency};
pub use select::Select;

pub(crate) use check::{check_delete, check_update};
