//! Row (de)serialization errors named after the user's type.
//!
//! The derives read a row through a hidden helper struct; the driver's errors then
//! name that helper (`my_app::_::__ProductRow`). These put the user's type back.

use scylla::deserialize::row::{
    BuiltinDeserializationError, BuiltinTypeCheckError, BuiltinTypeCheckErrorKind,
};
use scylla::deserialize::{DeserializationError, TypeCheckError};
use scylla::frame::response::result::ColumnSpec;

use crate::model::{ColumnTypeMismatch, Table, cql_text};

/// `err` as a [`ColumnTypeMismatch`] when one column's type does not fit its
/// field (naming the table, the column, the live CQL type and the field's Rust
/// type), else with the Rust type it names replaced by `T`.
pub fn type_check_error_for<T: Table>(
    specs: &[ColumnSpec<'_>],
    err: TypeCheckError,
) -> TypeCheckError {
    if let Some(BuiltinTypeCheckError {
        kind:
            BuiltinTypeCheckErrorKind::ColumnTypeCheckFailed {
                column_index,
                column_name,
                ..
            },
        ..
    }) = err.downcast_ref::<BuiltinTypeCheckError>()
    {
        if let Some(spec) = specs.get(*column_index) {
            let table = spec.table_spec();
            let model = T::schema().columns.get(*column_index);
            return TypeCheckError::new(ColumnTypeMismatch {
                table: format!("{}.{}", table.ks_name(), table.table_name()),
                column: column_name.clone(),
                database_type: cql_text(spec.typ()),
                rust_type: T::RUST_TYPES
                    .get(*column_index)
                    .map_or_else(|| "?".to_string(), |t| t.to_string()),
                model_type: model.map(|c| c.cql_type.clone()),
            });
        }
    }
    renamed::<T>(err)
}

/// `err` with the Rust type it names replaced by `T`.
fn renamed<T>(mut err: TypeCheckError) -> TypeCheckError {
    let rust_name = std::any::type_name::<T>();
    if let Some(inner) = err.try_downcast_mut::<BuiltinTypeCheckError>() {
        inner.rust_name = rust_name;
        return err;
    }
    match err.downcast_ref::<BuiltinTypeCheckError>() {
        Some(inner) => TypeCheckError::new(BuiltinTypeCheckError {
            rust_name,
            ..inner.clone()
        }),
        None => err,
    }
}

/// `err` with the Rust type it names replaced by `T`.
pub fn deserialization_error_for<T>(mut err: DeserializationError) -> DeserializationError {
    let rust_name = std::any::type_name::<T>();
    if let Some(inner) = err.try_downcast_mut::<BuiltinDeserializationError>() {
        inner.rust_name = rust_name;
        return err;
    }
    match err.downcast_ref::<BuiltinDeserializationError>() {
        Some(inner) => DeserializationError::new(BuiltinDeserializationError {
            rust_name,
            ..inner.clone()
        }),
        None => err,
    }
}
