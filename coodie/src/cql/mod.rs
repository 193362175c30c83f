//! The CQL text coodie sends, rendered from a model's [`TableSchema`] and the typed
//! expressions of a query: schema statements ([`ddl`]), `SELECT` / `INSERT` /
//! `UPDATE` / `DELETE` text, and the checks that refuse, before anything is sent, a
//! statement the server would reject or answer only with `ALLOW FILTERING`.
//!
//! Values never appear in this text: every value is a `?` marker, bound when the
//! statement runs.

pub(crate) mod check;
pub mod ddl;
pub(crate) mod dml;
mod shape;
pub(crate) mod token;
mod type_ddl;

use crate::ident;
use crate::model::TableSchema;

/// One part of a statement's shape, the cache key of its text: a column with
/// what is done to it (a restriction's operator, an ordering, an assignment), or,
/// with an empty name, a flag (a `USING` clause, a limit, a condition).
pub(crate) type ShapePart = (&'static str, u8);

pub(crate) use shape::ShapeBuf;

/// `keyspace.table` for `schema`, with `session_keyspace` when the schema names
/// none.
///
/// ```
/// use coodie::model::TableSchema;
/// let schema = TableSchema {
///     keyspace: None, name: "products", columns: vec![], indexes: vec![],
///     default_ttl: None, options: None, view: None,
/// };
/// assert_eq!(coodie::cql::table_ref(&schema, "shop"), "shop.products");
/// ```
pub fn table_ref(schema: &TableSchema, session_keyspace: &str) -> String {
    ident::qualified(schema.keyspace_or(session_keyspace), schema.name)
}
