//! Bound values: what goes next to the `?` markers of a statement.

use std::any::Any;
use std::sync::Arc;

use scylla::cluster::metadata::ColumnType;
use scylla::frame::response::result::ColumnSpec;
use scylla::serialize::SerializationError;
use scylla::serialize::row::{RowSerializationContext, SerializeRow};
use scylla::serialize::value::SerializeValue;
use scylla::serialize::writers::{CellWriter, RowWriter, WrittenCellProof};

use crate::private::WidenRef;

/// One value bound to one `?` marker; cheap to clone, so a built query can be run
/// again (for instance to fetch the next page). The usual scalars (`f64`, `i64`,
/// `i32`, `bool`, `Uuid`) are held inline; any other value is shared behind an
/// `Arc`.
#[derive(Clone)]
pub(crate) struct BoundValue(Repr);

#[derive(Clone)]
enum Repr {
    F64(f64),
    I64(i64),
    I32(i32),
    Bool(bool),
    Uuid(uuid::Uuid),
    Shared(Arc<dyn SerializeValue + Send + Sync>),
}

impl BoundValue {
    pub(crate) fn new<V: SerializeValue + Send + Sync + 'static>(value: V) -> Self {
        let any: &dyn Any = &value;
        // An `f64` or `i64` may meet a `float` or `int` column: it is bound
        // through the compatibility layer, which narrows it when the column says so.
        let inline = if let Some(x) = any.downcast_ref::<f64>() {
            Repr::F64(*x)
        } else if let Some(x) = any.downcast_ref::<i64>() {
            Repr::I64(*x)
        } else if let Some(x) = any.downcast_ref::<i32>() {
            Repr::I32(*x)
        } else if let Some(x) = any.downcast_ref::<bool>() {
            Repr::Bool(*x)
        } else if let Some(x) = any.downcast_ref::<uuid::Uuid>() {
            Repr::Uuid(*x)
        } else {
            Repr::Shared(Arc::new(value))
        };
        BoundValue(inline)
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
        let uuid_typ = || crate::private::timeuuid_as_uuid(typ).unwrap_or(typ);
        match &self.0 {
            Repr::F64(x) => WidenRef(x).serialize(typ, writer),
            Repr::I64(x) => WidenRef(x).serialize(typ, writer),
            Repr::I32(x) => x.serialize(typ, writer),
            Repr::Bool(x) => x.serialize(typ, writer),
            Repr::Uuid(x) => x.serialize(uuid_typ(), writer),
            Repr::Shared(value) => value.serialize(uuid_typ(), writer),
        }
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
        if split == columns.len() && self.second.is_empty() {
            // Nothing chained (a write without `USING` values): the first fills
            // every marker, in the context as it is.
            return self.first.serialize(ctx, writer);
        }
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

/// The columns of a statement's `?` markers, handed out in marker order to the
/// parts of its values (a `USING` clause, assignments, a key, a condition), so
/// that each part serializes where it is, with nothing collected or chained.
pub(crate) struct Markers<'a> {
    columns: &'a [ColumnSpec<'a>],
}

impl<'a> Markers<'a> {
    /// Every marker of the statement `ctx` serializes.
    #[inline]
    pub(crate) fn of(ctx: &'a RowSerializationContext<'_>) -> Self {
        Markers {
            columns: ctx.columns(),
        }
    }

    /// The context of the next `n` markers (fewer when fewer are left).
    #[inline]
    pub(crate) fn next(&mut self, n: usize) -> RowSerializationContext<'a> {
        let (head, tail) = self.columns.split_at(n.min(self.columns.len()));
        self.columns = tail;
        RowSerializationContext::from_specs(head)
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

#[cfg(test)]
mod tests {
    use scylla::frame::response::result::NativeType;
    use scylla::serialize::writers::CellWriter;

    use super::*;

    /// The bytes `value` writes for a column of type `native` (after the
    /// four-byte length).
    fn cell(value: &BoundValue, native: NativeType) -> Result<Vec<u8>, SerializationError> {
        let mut bytes = Vec::new();
        value.serialize(&ColumnType::Native(native), CellWriter::new(&mut bytes))?;
        Ok(bytes[4..].to_vec())
    }

    #[test]
    fn markers_hand_out_the_columns_in_order_and_run_dry_without_panicking() {
        use scylla::frame::response::result::TableSpec;
        let table = TableSpec::borrowed("ks", "t");
        let int = ColumnType::Native(NativeType::Int);
        let specs: Vec<ColumnSpec<'_>> = ["a", "b", "c"]
            .into_iter()
            .map(|name| ColumnSpec::borrowed(name, int.clone(), table.clone()))
            .collect();
        let ctx = RowSerializationContext::from_specs(&specs);
        let mut markers = Markers::of(&ctx);
        let names = |ctx: RowSerializationContext<'_>| -> Vec<String> {
            ctx.columns().iter().map(|c| c.name().to_string()).collect()
        };
        assert!(names(markers.next(0)).is_empty());
        assert_eq!(names(markers.next(2)), ["a", "b"]);
        // Asked for more than are left: what is left (the caller's serializer then
        // reports the count it expected), never a panic.
        assert_eq!(names(markers.next(5)), ["c"]);
        assert!(names(markers.next(1)).is_empty());
    }

    #[test]
    fn inline_scalars_bind_as_the_column_needs() {
        let price = BoundValue::new(2.5f64);
        assert_eq!(
            cell(&price, NativeType::Double).unwrap(),
            2.5f64.to_be_bytes()
        );
        assert_eq!(
            cell(&price, NativeType::Float).unwrap(),
            2.5f32.to_be_bytes()
        );
        let count = BoundValue::new(7i64);
        assert_eq!(cell(&count, NativeType::Int).unwrap(), 7i32.to_be_bytes());
        assert!(cell(&BoundValue::new(1i64 << 40), NativeType::Int).is_err());
        assert_eq!(
            cell(&BoundValue::new(3i32), NativeType::Int).unwrap(),
            3i32.to_be_bytes()
        );
        assert_eq!(
            cell(&BoundValue::new(true), NativeType::Boolean).unwrap(),
            [1]
        );
        let id = uuid::Uuid::from_u128(0x1234);
        for native in [NativeType::Uuid, NativeType::Timeuuid] {
            assert_eq!(cell(&BoundValue::new(id), native).unwrap(), id.as_bytes());
        }
        // A type mismatch is an error, never a wrong cell.
        assert!(cell(&BoundValue::new(true), NativeType::Int).is_err());
    }

    #[test]
    fn other_values_are_shared_and_bind_the_same() {
        let name = BoundValue::new("boots".to_string());
        let copy = name.clone();
        assert_eq!(cell(&copy, NativeType::Text).unwrap(), b"boots");
        let ids = BoundValue::new(vec![uuid::Uuid::from_u128(1)]);
        let list = ColumnType::Collection {
            frozen: false,
            typ: scylla::cluster::metadata::CollectionType::List(Box::new(ColumnType::Native(
                NativeType::Timeuuid,
            ))),
        };
        let mut bytes = Vec::new();
        assert!(ids.serialize(&list, CellWriter::new(&mut bytes)).is_ok());
    }
}
