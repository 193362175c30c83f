//! Row (de)serialization errors named after the user's type.
//!
//! The derives read a row through a hidden helper struct; the driver's errors then
//! name that helper (`my_app::_::__ProductRow`). These put the user's type back.

use scylla::deserialize::row::{
    BuiltinDeserializationError, BuiltinTypeCheckError, BuiltinTypeCheckErrorKind,
};
use scylla::deserialize::{DeserializationError, TypeCheckError};
use scylla::frame::response::result::ColumnSpec;

use crate::model::{ColumnTypeMismatch, Projection, Table, cql_text};

/// `err` as a [`ColumnTypeMismatch`] when one column's type does not fit its
/// field (naming the table, the column, the live CQL type and the field's Rust
/// type), else with the Rust type it names replaced by `T`.
pub fn type_check_error_for<T: Table>(
    specs: &[ColumnSpec<'_>],
    err: TypeCheckError,
) -> TypeCheckError {
    mismatch::<T>(specs, err, T::RUST_TYPES, |i| {
        T::schema().columns.get(i).map(|c| c.cql_type.clone())
    })
}

/// [`type_check_error_for`] for projection `P` of `Of`: the model type of a column
/// is `Of`'s.
pub fn projection_type_check_error_for<P: Projection<Of>, Of: Table>(
    specs: &[ColumnSpec<'_>],
    err: TypeCheckError,
) -> TypeCheckError {
    mismatch::<P>(specs, err, P::RUST_TYPES, |i| {
        let name = P::COLUMN_NAMES.get(i)?;
        Of::schema().column(name).map(|c| c.cql_type.clone())
    })
}

/// `err` as a [`ColumnTypeMismatch`] for the row type `T`, whose fields have the
/// types `rust_types` and whose `i`-th column the model declares `model_type(i)`.
fn mismatch<T>(
    specs: &[ColumnSpec<'_>],
    err: TypeCheckError,
    rust_types: &[&str],
    model_type: impl Fn(usize) -> Option<String>,
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
            return TypeCheckError::new(ColumnTypeMismatch {
                table: format!("{}.{}", table.ks_name(), table.table_name()),
                column: column_name.clone(),
                database_type: cql_text(spec.typ()),
                rust_type: rust_types
                    .get(*column_index)
                    .map_or_else(|| "?".to_string(), |t| t.to_string()),
                model_type: model_type(*column_index),
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
