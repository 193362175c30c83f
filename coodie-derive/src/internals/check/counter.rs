//! The rules of a counter table (a `#[derive(Document)]` with `Counter` fields):
//! Cassandra keeps counters in tables of their own, so such a table holds only
//! key columns and counter columns, a counter is never a key, is never indexed,
//! and the table has no TTL.

use crate::internals::ast::Container;
use crate::internals::ctxt::Ctxt;

pub(super) fn check_counters(cx: &Ctxt, cont: &Container) {
    for field in cont.counter_columns() {
        if field.kind().is_primary_key() {
            cx.error_spanned_by(
                field.ty,
                format!(
                    "`{}` is a counter, and a counter column is never part of the primary key: \
                     give the key column a plain type (String, i64, Uuid …) and keep the counter \
                     as a regular field",
                    field.ident
                ),
            );
        }
        if let Some(span) = field.attrs.index.span() {
            cx.error_at(
                span,
                format!(
                    "`{}` is a counter, and counter columns cannot be indexed: remove `index` \
                     (read counters through their table's key)",
                    field.ident
                ),
            );
        }
    }
    let Some(first_counter) = cont.counter_columns().find(|f| !f.kind().is_primary_key()) else {
        return;
    };
    for field in &cont.fields {
        if field.kind().is_primary_key() || field.is_counter() {
            continue;
        }
        cx.error_spanned_by(
            field.ty,
            format!(
                "`{}` is not a counter, but `{}` is, and a counter table holds only key columns \
                 and counter columns: make `{}` a `coodie::model::Counter`, a key column, or move \
                 it to a table of its own",
                field.ident, first_counter.ident, field.ident
            ),
        );
    }
    if let Some(span) = cont.attrs.default_ttl.span() {
        cx.error_at(
            span,
            format!(
                "`{}` is a counter table, and a counter table cannot have a TTL (Cassandra refuses \
                 `default_time_to_live` on it, and counters never expire): remove `default_ttl`",
                cont.ident
            ),
        );
    }
}
