//! Items generated code uses. Not part of the public API: no semver promises.
#![doc(hidden)]

pub mod compat;
mod row_name;
mod unset;
mod vector;
pub mod view_checks;

pub use compat::timeuuid::{TimeuuidCompat, timeuuid_as_uuid};
pub use compat::widen::{NarrowError, Widen, WidenRef, WidenUnset, Widened, widen_f32};
pub use row_name::{
    deserialization_error_for, projection_type_check_error_for, type_check_error_for,
};
pub use unset::UnsetIfNone;
pub use vector::{VectorCell, VectorCompat};
