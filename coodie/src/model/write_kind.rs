//! What writes a document takes: whole rows ([`Insertable`]) or counter updates
//! ([`CounterTable`]). The derive implements exactly one of the two on every
//! `#[derive(Document)]`: [`CounterTable`] when the struct has
//! [`Counter`](super::Counter) fields, [`Insertable`] otherwise.

use super::Document;

/// A table whose rows are written whole: `save`, `insert` and a batch's `save`,
/// `insert` and `delete` carry this bound. Implemented by `#[derive(Document)]`
/// for every table without counters.
///
/// A counter table is not `Insertable`: Cassandra refuses an `INSERT` into a
/// counter table, and coodie refuses it at compile time with a message that
/// names the counter update instead.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is a counter table: its rows are never saved or inserted whole",
    label = "counter tables take only counter updates",
    note = "change its counters with `{Self}::update_counters(key).incr(|c| c.<counter>, 1).execute(&db)`, or in a `CounterBatch`"
)]
pub trait Insertable: Document {}

/// A counter table: key columns and [`Counter`](super::Counter) columns only.
/// Implemented by `#[derive(Document)]` for a struct with `Counter` fields; the
/// bound of [`Model::update_counters`](crate::Model::update_counters) and of
/// `coodie::write::CounterBatch`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no counter columns, so it takes no counter updates",
    label = "not a counter table",
    note = "counter updates and `CounterBatch` take tables whose non-key fields are all `coodie::model::Counter`; change other columns with `{Self}::update(key).set(…)` and a `Batch`"
)]
pub trait CounterTable: Document {}
