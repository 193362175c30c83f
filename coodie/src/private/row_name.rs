//! Row (de)serialization errors named after the user's type.
//!
//! The derives read a row through a hidden helper struct; the driver's errors then
//! name that helper (`my_app::_::__ProductRow`). These put the user's type back.

use scylla::deserialize::row::{BuiltinDeserializationError, BuiltinTypeCheckError};
use scylla::deserialize::{DeserializationError, TypeCheckError};

/// `err` with the Rust type it names replaced by `T`.
pub fn type_check_error_for<T>(mut err: TypeCheckError) -> TypeCheckError {
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
