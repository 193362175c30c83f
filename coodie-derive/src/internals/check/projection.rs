//! The rules of `#[derive(Projection)]` that need no other type, in the order they
//! are reported. (The expansion generates compile-time checks of each field
//! against the type named by `of`.)

use super::columns::{check_duplicate_columns, check_renames};
use super::container::check_no_generics;
use crate::internals::ast::Container;
use crate::internals::ctxt::Ctxt;

pub(super) fn check(cx: &Ctxt, cont: &Container) {
    check_no_generics(cx, cont);
    check_renames(cx, cont, "column name");
    check_duplicate_columns(cx, cont, "column");
    if !cont.attrs.of.is_set() {
        cx.error_spanned_by(
            cont.ident,
            "a projection needs the type it reads: add #[coodie(of = TheDocument)] naming a #[derive(Document)] or #[derive(MaterializedView)] type",
        );
    }
    if cont.fields.is_empty() {
        cx.error_spanned_by(
            cont.ident,
            "a projection reads at least one column: add a field named as a column of the type named by `of`",
        );
    }
}
