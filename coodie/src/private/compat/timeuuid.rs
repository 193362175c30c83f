//! `Uuid` fields stored in `timeuuid` columns.
//!
//! The driver binds and reads `uuid::Uuid` only for `uuid` columns (`timeuuid`
//! wants `CqlTimeuuid`). Both are the same 16 bytes on the wire, so a value is
//! (de)serialized as if its `timeuuid` column were a `uuid` one: top level, and as
//! the elements of a list or set.

use std::sync::LazyLock;

use scylla::deserialize::value::DeserializeValue;
use scylla::deserialize::{DeserializationError, FrameSlice, TypeCheckError};
use scylla::frame::response::result::{CollectionType, ColumnType, NativeType};
use scylla::serialize::SerializationError;
use scylla::serialize::value::SerializeValue;
use scylla::serialize::writers::{CellWriter, WrittenCellProof};

static UUID: ColumnType<'static> = ColumnType::Native(NativeType::Uuid);

fn collection(frozen: bool, set: bool) -> ColumnType<'static> {
    let element = Box::new(ColumnType::Native(NativeType::Uuid));
    ColumnType::Collection {
        frozen,
        typ: if set {
            CollectionType::Set(element)
        } else {
            CollectionType::List(element)
        },
    }
}

static LIST: LazyLock<ColumnType<'static>> = LazyLock::new(|| collection(false, false));
static FROZEN_LIST: LazyLock<ColumnType<'static>> = LazyLock::new(|| collection(true, false));
static SET: LazyLock<ColumnType<'static>> = LazyLock::new(|| collection(false, true));
static FROZEN_SET: LazyLock<ColumnType<'static>> = LazyLock::new(|| collection(true, true));

fn is_timeuuid(typ: &ColumnType<'_>) -> bool {
    matches!(typ, ColumnType::Native(NativeType::Timeuuid))
}

/// `typ` with `timeuuid` read as `uuid`, or `None` when it has no `timeuuid`.
#[inline]
pub fn timeuuid_as_uuid(typ: &ColumnType<'_>) -> Option<&'static ColumnType<'static>> {
    match typ {
        ColumnType::Native(NativeType::Timeuuid) => Some(&UUID),
        ColumnType::Collection {
            frozen,
            typ: CollectionType::List(element),
        } if is_timeuuid(element) => Some(if *frozen { &FROZEN_LIST } else { &LIST }),
        ColumnType::Collection {
            frozen,
            typ: CollectionType::Set(element),
        } if is_timeuuid(element) => Some(if *frozen { &FROZEN_SET } else { &SET }),
        _ => None,
    }
}

/// Binds or reads `T` (a `Uuid`, `Option<Uuid>`, `Vec<Uuid>` …) in a `timeuuid`
/// column as if it were a `uuid` one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeuuidCompat<T>(pub T);

impl<T: SerializeValue> SerializeValue for TimeuuidCompat<T> {
    fn serialize<'b>(
        &self,
        typ: &ColumnType,
        writer: CellWriter<'b>,
    ) -> Result<WrittenCellProof<'b>, SerializationError> {
        self.0
            .serialize(timeuuid_as_uuid(typ).unwrap_or(typ), writer)
    }
}

impl<'f, 'm, T: DeserializeValue<'f, 'm>> DeserializeValue<'f, 'm> for TimeuuidCompat<T> {
    fn type_check(typ: &ColumnType) -> Result<(), TypeCheckError> {
        T::type_check(timeuuid_as_uuid(typ).unwrap_or(typ))
    }

    #[inline]
    fn deserialize(
        typ: &'m ColumnType<'m>,
        v: Option<FrameSlice<'f>>,
    ) -> Result<Self, DeserializationError> {
        let typ: &'m ColumnType<'m> = match timeuuid_as_uuid(typ) {
            Some(uuid) => uuid,
            None => typ,
        };
        T::deserialize(typ, v).map(TimeuuidCompat)
    }
}
