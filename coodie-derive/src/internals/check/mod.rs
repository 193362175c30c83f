//! The validation pass: every rule a table or view declaration must follow that
//! the macro can see on its own. Each broken rule is a spanned error that says how
//! to fix it; all of them are reported at once, in the order the rules run.
//!
//! Each derive kind runs its rules in its own file (`document.rs`, `view.rs`,
//! `user_type.rs`),
//! built from the shared ones: `container.rs` (the struct), `columns.rs` (the
//! fields) and `identifier.rs` (names).
//!
//! Rules that need the base table's definition (a view field the base lacks, a view
//! key that misses a base key column ...) cannot be seen here; the view expansion
//! generates compile-time checks for them.

use super::Derive;
use super::ast::Container;
use super::ctxt::Ctxt;

mod columns;
pub use columns::FROZEN_APPLIES_TO;
mod container;
mod counter;
mod document;
mod identifier;
mod projection;
mod user_type;
mod view;

/// Records every rule `cont` breaks.
pub fn check(cx: &Ctxt, cont: &Container) {
    match cont.derive {
        Derive::Document => document::check(cx, cont),
        Derive::MaterializedView => view::check(cx, cont),
        Derive::Projection => projection::check(cx, cont),
        Derive::UserType => user_type::check(cx, cont),
    }
}
