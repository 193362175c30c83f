//! Rules on the fields, shared by every derive kind that maps fields to columns:
//! names, key roles, what `static_column`, `timeuuid` and `frozen` apply to, and
//! one field per column.

use std::collections::HashMap;

use super::identifier::check_identifier;
use crate::internals::ast::{Container, Field};
use crate::internals::ctxt::Ctxt;
use crate::internals::ty::{is_collection, is_known_scalar, is_uuid};

/// How the column rules speak of one derive kind.
pub(super) struct Wording {
    /// What the struct is: "a table".
    pub what: &'static str,
    /// How to fix a collection in the primary key that is not frozen.
    pub frozen_key_fix: &'static str,
}

/// Every column rule, in order.
pub(super) fn check_columns(cx: &Ctxt, cont: &Container, wording: &Wording) {
    check_renames(cx, cont, "column name");
    check_keys(cx, cont, wording);
    check_column_attributes(cx, cont);
    check_duplicate_columns(cx, cont, "column");
}

/// Every `rename` is a valid `what` ("column name", "field name").
pub(super) fn check_renames(cx: &Ctxt, cont: &Container, what: &str) {
    for field in &cont.fields {
        if let Some(rename) = field.attrs.rename.get() {
            check_identifier(cx, what, rename);
        }
    }
}

fn check_keys(cx: &Ctxt, cont: &Container, wording: &Wording) {
    if cont.partition_key().next().is_none() {
        cx.error_spanned_by(
            cont.ident,
            format!(
                "{} needs a partition key: mark at least one field with #[coodie(partition_key)] (several make a composite key, in declaration order)",
                wording.what
            ),
        );
    }
    for field in &cont.fields {
        let a = &field.attrs;
        if let (Some(_), Some(span)) = (a.partition_key.span(), a.clustering_key.span()) {
            cx.error_at(
                span,
                "a column is either in the partition key or a clustering key, not both: remove `partition_key` or `clustering_key`",
            );
        }
        if field.kind().is_primary_key() && field.option_inner.is_some() {
            cx.error_spanned_by(
                field.ty,
                format!(
                    "`{}` is part of the primary key, so it is never null: use the inner type instead of `Option<...>`",
                    field.ident
                ),
            );
        }
        if field.kind().is_primary_key() && is_collection(field.ty) && !a.frozen.is_set() {
            cx.error_spanned_by(
                field.ty,
                format!(
                    "`{}` is a collection in the primary key, where CQL needs it frozen: {}",
                    field.ident, wording.frozen_key_fix
                ),
            );
        }
        if let Some(span) = a.order.span() {
            if !a.clustering_key.is_set() {
                cx.error_at(
                    span,
                    "`order` applies to clustering columns only: add `clustering_key` to this field or remove `order`",
                );
            }
        }
    }
}

fn check_column_attributes(cx: &Ctxt, cont: &Container) {
    let has_clustering = cont.clustering_key().next().is_some();
    for field in &cont.fields {
        let a = &field.attrs;
        if let Some(span) = a.static_column.span() {
            if a.partition_key.is_set() || a.clustering_key.is_set() {
                cx.error_at(
                    span,
                    "a primary-key column cannot be static: remove `static_column` or the key attribute",
                );
            } else if !has_clustering {
                cx.error_at(
                    span,
                    "a static column needs a table with a clustering key: it holds one value shared by all rows of a partition, and without clustering columns a partition has a single row",
                );
            }
        }
        check_timeuuid(cx, field);
        // A type the macro cannot place (`Address`) may be a user type, which
        // `frozen` applies to: the expansion checks that at compile time.
        if let Some(span) = a.frozen.span() {
            if is_known_scalar(field.ty) {
                cx.error_at(span, FROZEN_APPLIES_TO);
            }
        }
    }
}

/// What `frozen` applies to, for the errors of the macro and of the expansion.
pub const FROZEN_APPLIES_TO: &str = "`frozen` applies to collections (Vec<T> other than Vec<u8>, HashSet, BTreeSet, HashMap, BTreeMap) and #[derive(UserType)] types only; other types are stored whole already";

/// `timeuuid` is on a `Uuid` field.
pub(super) fn check_timeuuid(cx: &Ctxt, field: &Field) {
    if let Some(span) = field.attrs.timeuuid.span() {
        if !is_uuid(field.ty) {
            cx.error_at(
                span,
                format!(
                    "`timeuuid` applies to `Uuid` (or `Option<Uuid>`) fields only, and `{}` is not one",
                    field.ident
                ),
            );
        }
    }
}

/// Each field maps to its own `what` ("column", "field") name.
pub(super) fn check_duplicate_columns(cx: &Ctxt, cont: &Container, what: &str) {
    let mut seen: HashMap<&str, &Field> = HashMap::new();
    for field in &cont.fields {
        if let Some(first) = seen.get(field.column.as_str()) {
            let span = field
                .attrs
                .rename
                .get()
                .map(|r| r.span)
                .unwrap_or_else(|| field.ident.span());
            cx.error_at(
                span,
                format!(
                    "duplicate {what} name `{}`: field `{}` already maps to it; give one of them another name with #[coodie(rename = \"...\")]",
                    field.column, first.ident
                ),
            );
        } else {
            seen.insert(&field.column, field);
        }
    }
}
