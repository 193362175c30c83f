//! The rules of `#[derive(UserType)]`, in the order they are reported. The key,
//! index and `frozen` attributes are refused while reading (`attr/user_type.rs`);
//! what is left are the names and the fields.

use super::columns::{check_duplicate_columns, check_renames, check_timeuuid};
use super::container::{check_name, check_no_generics};
use crate::internals::ast::Container;
use crate::internals::ctxt::Ctxt;

pub(super) fn check(cx: &Ctxt, cont: &Container) {
    check_no_generics(cx, cont);
    check_name(
        cx,
        cont,
        cont.attrs.type_name.get(),
        "user type name",
        "type_name = \"...\"",
    );
    if cont.fields.is_empty() {
        cx.error_spanned_by(
            cont.ident,
            "a user type needs at least one field: CQL has no empty types; add a field, or drop the type",
        );
    }
    check_renames(cx, cont, "field name");
    for field in &cont.fields {
        check_timeuuid(cx, field);
    }
    check_duplicate_columns(cx, cont, "field");
}
