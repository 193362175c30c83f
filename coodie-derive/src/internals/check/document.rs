//! The rules of `#[derive(Document)]`, in the order they are reported.

use std::collections::HashMap;

use proc_macro2::Span;

use super::columns::{Wording, check_columns};
use super::container::{check_name, check_no_generics};
use super::counter::check_counters;
use super::identifier::check_identifier;
use crate::internals::ast::{Container, Field};
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
    check_counters(cx, cont);
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
        if let Some(explicit) = field.attrs.index.get().and_then(|i| i.name.as_ref()) {
            check_identifier(cx, "index name", explicit);
        }
        check_index_kind(cx, field);
        if names.insert(name.clone(), span).is_some() {
            cx.error_at(
                span,
                format!("duplicate index name `{name}`: give one of them another name with #[coodie(index = \"...\")]"),
            );
        }
    }
}

/// `similarity` belongs to a storage-attached index on a vector (`[f32; N]`).
fn check_index_kind(cx: &Ctxt, field: &Field) {
    let Some(index) = field.attrs.index.get() else {
        return;
    };
    let Some((_, span)) = index.similarity else {
        return;
    };
    if index.sai.is_none() {
        cx.error_at(
            span,
            "`similarity` is an option of a storage-attached index: write `index(sai, similarity = \"...\")`",
        );
    } else if !field.is_vector() {
        cx.error_at(
            span,
            format!(
                "`similarity` applies to vector columns (`[f32; N]` fields), and `{}` is not one: remove `similarity`",
                field.ident
            ),
        );
    }
}
