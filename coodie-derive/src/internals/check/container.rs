//! Rules on the struct itself, shared by every derive kind.

use super::identifier::{check_identifier, identifier_problem};
use crate::internals::ast::Container;
use crate::internals::attr::Str;
use crate::internals::ctxt::Ctxt;

/// No generic parameters: each column has one fixed CQL type.
pub(super) fn check_no_generics(cx: &Ctxt, cont: &Container) {
    let generics = cont.generics;
    if !generics.params.is_empty() || generics.where_clause.is_some() {
        cx.error_spanned_by(
            generics,
            format!(
                "#[derive({})] does not support generic parameters: a table's columns have one fixed CQL type each; use concrete field types",
                cont.derive.name()
            ),
        );
    }
}

/// The name given with a key (`what` is e.g. "table name"), or else the default
/// name, which the user fixes by writing `fix` (`table = "..."`), is an identifier.
pub(super) fn check_name(cx: &Ctxt, cont: &Container, given: Option<&Str>, what: &str, fix: &str) {
    if let Some(given) = given {
        check_identifier(cx, what, given);
        return;
    }
    let name = cont.name();
    if let Some(problem) = identifier_problem(&name) {
        cx.error_spanned_by(
            cont.ident,
            format!("the default name `{name}` (this struct's name in snake_case) {problem}; name it explicitly with #[coodie({fix})]"),
        );
    }
}
