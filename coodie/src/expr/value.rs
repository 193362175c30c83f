//! Bound values: what goes next to the `?` markers of a statement.

use std::any::Any;
use std::sync::Arc;

use scylla::cluster::metadata::ColumnType;
use scylla::serialize::SerializationError;
use scylla::serialize::row::{RowSerializationContext, SerializeRow};
use scylla::serialize::value::SerializeValue;
use scylla::serialize::writers::{CellWriter, RowWriter, WrittenCellProof};

use crate::private::WidenRef;

/// One value bound to one `?` marker; cheap to clone, so a built query can be run
/// again (for instance to fetch the next page).
#[derive(Clone)]
pub(crate) struct BoundValue(Arc<dyn SerializeValue + Send + Sync>);

impl BoundValue {
    pub(crate) fn new<V: SerializeValue + Send + Sync + 'static>(value: V) -> Self {
        // An `f64` or `i64` may meet a `float` or `int` column: bind it through
        // the compatibility layer, which narrows it when the column says so.
        let any: &dyn Any = &value;
        if let Some(x) = any.downcast_ref::<f64>() {
            return BoundValue(Arc::new(Owned(*x)));
        }
        if let Some(x) = any.downcast_ref::<i64>() {
            return BoundValue(Arc::new(Owned(*x)));
        }
        BoundValue(Arc::new(value))
    }
}

/// An owned value bound through [`WidenRef`].
struct Owned<T>(T);

impl<T> SerializeValue for Owned<T>
where
    for<'a> WidenRef<'a, T>: SerializeValue,
{
    fn serialize<'b>(
        &self,
        typ: &ColumnType,
        writer: CellWriter<'b>,
    ) -> Result<WrittenCellProof<'b>, SerializationError> {
        WidenRef(&self.0).serialize(typ, writer)
    }
}

impl std::fmt::Debug for BoundValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("?")
    }
}

impl SerializeValue for BoundValue {
    fn serialize<'b>(
        &self,
        typ: &ColumnType,
        writer: CellWriter<'b>,
    ) -> Result<WrittenCellProof<'b>, SerializationError> {
        // `Uuid` values in `timeuuid` columns: the same bytes, see `TimeuuidCompat`.
        let typ = crate::private::timeuuid_as_uuid(typ).unwrap_or(typ);
        self.0.serialize(typ, writer)
    }
}

/// Two rows of values one after the other: the first fills the first `first_len`
/// markers, the second the rest. Lets a document's values and a TTL, or a primary
/// key and some assignments, travel together without copying.
pub(crate) struct Chain<A, B> {
    pub(crate) first: A,
    pub(crate) first_len: usize,
    pub(crate) second: B,
}

impl<A: SerializeRow, B: SerializeRow> SerializeRow for Chain<A, B> {
    fn serialize(
        &self,
        ctx: &RowSerializationContext<'_>,
        writer: &mut RowWriter,
    ) -> Result<(), SerializationError> {
        let columns = ctx.columns();
        let split = self.first_len.min(columns.len());
        let (head, tail) = columns.split_at(split);
        self.first
            .serialize(&RowSerializationContext::from_specs(head), writer)?;
        self.second
            .serialize(&RowSerializationContext::from_specs(tail), writer)
    }

    fn is_empty(&self) -> bool {
        self.first.is_empty() && self.second.is_empty()
    }
}

/// Values chained after `first`, which fills `first_len` markers.
pub(crate) fn chain<A, B>(first: A, first_len: usize, second: B) -> Chain<A, B> {
    Chain {
        first,
        first_len,
        second,
    }
}
