//! The validation pass: every rule a table or view declaration must follow that
//! the macro can see on its own. Each broken rule is a spanned error that says how
//! to fix it; all of them are reported at once.
//!
//! Rules that need the base table's definition (a view field the base lacks, a view
//! key that misses a base key column ...) cannot be seen here; the view expansion
//! generates compile-time checks for them.

use std::collections::HashMap;

use proc_macro2::Span;

use crate::ast::{Container, Derive, Field, generic_args_of, option_inner};
use crate::attr::Str;
use crate::ctxt::Ctxt;

/// Cassandra and ScyllaDB limit table, view and keyspace names to 48 characters.
const MAX_NAME_LEN: usize = 48;

pub fn check(cx: &Ctxt, cont: &Container) {
    check_generics(cx, cont);
    check_names(cx, cont);
    check_keys(cx, cont);
    check_fields(cx, cont);
    check_duplicate_columns(cx, cont);
    check_indexes(cx, cont);
    if cont.derive == Derive::MaterializedView {
        check_view(cx, cont);
    }
}

fn check_generics(cx: &Ctxt, cont: &Container) {
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

fn check_names(cx: &Ctxt, cont: &Container) {
    match cont.derive {
        Derive::Document => {
            if let Some(table) = cont.attrs.table.get() {
                check_identifier(cx, "table name", table);
            } else {
                check_default_name(cx, cont, "table = \"...\"");
            }
            if let Some(keyspace) = cont.attrs.keyspace.get() {
                check_identifier(cx, "keyspace name", keyspace);
            }
        }
        Derive::MaterializedView => {
            if let Some(view) = cont.attrs.view.get() {
                check_identifier(cx, "view name", view);
            } else {
                check_default_name(cx, cont, "view = \"...\"");
            }
        }
    }
    for field in &cont.fields {
        if let Some(rename) = field.attrs.rename.get() {
            check_identifier(cx, "column name", rename);
        }
    }
}

fn check_default_name(cx: &Ctxt, cont: &Container, fix: &str) {
    let name = cont.name();
    if let Some(problem) = identifier_problem(&name) {
        cx.error_spanned_by(
            cont.ident,
            format!("the default name `{name}` (this struct's name in snake_case) {problem}; name it explicitly with #[coodie({fix})]"),
        );
    }
}

fn check_identifier(cx: &Ctxt, what: &str, name: &Str) {
    if let Some(problem) = identifier_problem(&name.value) {
        cx.error_at(
            name.span,
            format!("`{}` is not a valid {what}: it {problem}", name.value),
        );
    }
}

/// Why `name` is not a plain CQL identifier (a letter, then letters, digits and
/// underscores, at most 48 characters), or `None` when it is one.
fn identifier_problem(name: &str) -> Option<String> {
    let mut chars = name.chars();
    match chars.next() {
        None => return Some("is empty".into()),
        Some(c) if !c.is_ascii_alphabetic() => {
            return Some("must start with an ASCII letter".into());
        }
        Some(_) => {}
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
    {
        return Some(format!(
            "contains `{bad}`; only ASCII letters, digits and `_` are allowed"
        ));
    }
    if name.len() > MAX_NAME_LEN {
        return Some(format!(
            "is {} characters long; at most {MAX_NAME_LEN} are allowed",
            name.len()
        ));
    }
    None
}

fn check_keys(cx: &Ctxt, cont: &Container) {
    if cont.partition_key().next().is_none() {
        let what = match cont.derive {
            Derive::Document => "a table",
            Derive::MaterializedView => "a materialized view",
        };
        cx.error_spanned_by(
            cont.ident,
            format!(
                "{what} needs a partition key: mark at least one field with #[coodie(partition_key)] (several make a composite key, in declaration order)"
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
            let fix = match cont.derive {
                Derive::Document => "add `frozen` to this field",
                Derive::MaterializedView => {
                    "make the base field `frozen`, or key the view by another column"
                }
            };
            cx.error_spanned_by(
                field.ty,
                format!(
                    "`{}` is a collection in the primary key, where CQL needs it frozen: {fix}",
                    field.ident
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

fn check_fields(cx: &Ctxt, cont: &Container) {
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
        if let Some(span) = a.timeuuid.span() {
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
        if let Some(span) = a.frozen.span() {
            if !is_collection(field.ty) {
                cx.error_at(
                    span,
                    "`frozen` applies to collections only (Vec<T> other than Vec<u8>, HashSet, BTreeSet, HashMap, BTreeMap); other types are stored whole already",
                );
            }
        }
    }
}

fn is_uuid(ty: &syn::Type) -> bool {
    let ty = option_inner(ty).unwrap_or(ty);
    generic_args_of(ty, &["Uuid"]).is_some_and(|args| args.is_empty())
}

fn is_collection(ty: &syn::Type) -> bool {
    let ty = option_inner(ty).unwrap_or(ty);
    if let Some(args) = generic_args_of(ty, &["Vec"]) {
        let is_bytes = matches!(args.as_slice(), [t] if generic_args_of(t, &["u8"]).is_some_and(|a| a.is_empty()));
        return !is_bytes;
    }
    generic_args_of(ty, &["HashSet", "BTreeSet", "HashMap", "BTreeMap"]).is_some()
}

fn check_duplicate_columns(cx: &Ctxt, cont: &Container) {
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
                    "duplicate column name `{}`: field `{}` already maps to it; give one of them another name with #[coodie(rename = \"...\")]",
                    field.column, first.ident
                ),
            );
        } else {
            seen.insert(&field.column, field);
        }
    }
}

fn check_indexes(cx: &Ctxt, cont: &Container) {
    let table = cont.name();
    let mut names: HashMap<String, Span> = HashMap::new();
    for field in &cont.fields {
        let Some(span) = field.attrs.index.span() else {
            continue;
        };
        if field.kind().is_primary_key() {
            cx.error_at(
                span,
                "no secondary index on a primary-key column: query it through the key (partition columns with `=`/`IN`, clustering columns with ranges) instead",
            );
            continue;
        }
        let name = match field.attrs.index.get() {
            Some(Some(explicit)) => {
                check_identifier(cx, "index name", explicit);
                explicit.value.clone()
            }
            _ => default_index_name(&table, &field.column),
        };
        if names.insert(name.clone(), span).is_some() {
            cx.error_at(
                span,
                format!("duplicate index name `{name}`: give one of them another name with #[coodie(index = \"...\")]"),
            );
        }
    }
}

/// `{table}_{column}_idx`, as Python coodie names indexes.
pub fn default_index_name(table: &str, column: &str) -> String {
    format!("{table}_{column}_idx")
}

fn check_view(cx: &Ctxt, cont: &Container) {
    if !cont.attrs.base.is_set() {
        cx.error_spanned_by(
            cont.ident,
            "a materialized view needs its base table: add #[coodie(base = TheDocument)] naming the #[derive(Document)] type it selects from",
        );
    }
}
