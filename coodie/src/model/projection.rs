//! Projections: some columns of a table or view, read into a smaller struct.

use scylla::deserialize::row::DeserializeRow;

use super::Table;

/// Some columns of `T` (a [`Document`](super::Document) or a
/// [`MaterializedView`](super::MaterializedView)), read into a smaller struct:
/// `SELECT "id", "name" FROM …` instead of every column. Implemented by
/// `#[derive(Projection)]`, which checks at compile time that each field is a
/// column of `T` with `T`'s type for it.
///
/// A projection is read-only: it is not a [`Table`], so nothing writes it, and a
/// partly-read row is never saved over the full one.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a projection of `{T}`",
    label = "expected a #[derive(Projection)] type declared `of = {T}`",
    note = "declare it with #[derive(Projection)] and #[coodie(of = {T})]; its fields name columns of `{T}`"
)]
pub trait Projection<T: Table>:
    Sized + Send + Unpin + 'static + for<'f, 'm> DeserializeRow<'f, 'm>
{
    /// The CQL names of the columns it reads, in field (and `SELECT`) order.
    const COLUMN_NAMES: &'static [&'static str];

    /// The Rust type of each field, as written, in [`Projection::COLUMN_NAMES`]
    /// order: for messages about a column whose CQL type does not fit its field.
    const RUST_TYPES: &'static [&'static str] = &[];
}
