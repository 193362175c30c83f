//! The rules of `#[derive(Document)]`, in the order they are reported.

use std::collections::HashMap;

use proc_macro2::Span;

use super::columns::{Wording, check_columns};
use super::container::{check_name, check_no_generics};
use super::identifier::check_identifier;
use crate::internals::ast::Container;
use crate::internals::ctxt::Ctxt;

const WORDING: Wording = Wording {
    what: "a table",
    frozen_key_fix: "add `frozen` to this field",
};

pub(super) fn check(cx: &Ctxt, cont: &Container) {
    check_no_generics(cx, cont);
    let attrs = &cont.attrs;
    check_name(cx, cont, attrs.table.get(), "table name", "table = \"...\"");
    if let Some(keyspace) = attrs.keyspace.get() {
        check_identifier(cx, "keyspace name", keyspace);
    }
    check_columns(cx, cont, &WORDING);
    check_indexes(cx, cont);
}

/// Indexes are on regular or static columns, with identifier names, each name once.
fn check_indexes(cx: &Ctxt, cont: &Container) {
    let mut names: HashMap<String, Span> = HashMap::new();
    for field in &cont.fields {
        let (Some(span), Some(name)) = (field.attrs.index.span(), cont.index_name(field)) else {
            continue;
        };
        if field.kind().is_primary_key() {
            cx.error_at(
                span,
                "no secondary index on a primary-key column: query it through the key (partition columns with `=`/`IN`, clustering columns with ranges) instead",
            );
            continue;
        }
        if let Some(Some(explicit)) = field.attrs.index.get() {
            check_identifier(cx, "index name", explicit);
        }
        if names.insert(name.clone(), span).is_some() {
            cx.error_at(
                span,
                format!("duplicate index name `{name}`: give one of them another name with #[coodie(index = \"...\")]"),
            );
        }
    }
}
