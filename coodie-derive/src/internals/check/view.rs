//! The rules of `#[derive(MaterializedView)]` that need no base table, in the
//! order they are reported. (The view expansion generates compile-time checks
//! against the base for the others.)

use super::columns::{Wording, check_columns};
use super::container::{check_name, check_no_generics};
use crate::internals::ast::Container;
use crate::internals::ctxt::Ctxt;

const WORDING: Wording = Wording {
    what: "a materialized view",
    frozen_key_fix: "make the base field `frozen`, or key the view by another column",
};

pub(super) fn check(cx: &Ctxt, cont: &Container) {
    check_no_generics(cx, cont);
    check_name(
        cx,
        cont,
        cont.attrs.view.get(),
        "view name",
        "view = \"...\"",
    );
    check_columns(cx, cont, &WORDING);
    if !cont.attrs.base.is_set() {
        cx.error_spanned_by(
            cont.ident,
            "a materialized view needs its base table: add #[coodie(base = TheDocument)] naming the #[derive(Document)] type it selects from",
        );
    }
}
