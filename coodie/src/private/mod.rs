//! Items generated code uses. Not part of the public API: no semver promises.
#![doc(hidden)]

mod row_name;
mod timeuuid;
mod unset;
mod vector;
pub mod view_checks;

pub use row_name::{deserialization_error_for, type_check_error_for};
pub use timeuuid::{TimeuuidCompat, timeuuid_as_uuid};
pub use unset::UnsetIfNone;
pub use vector::{VectorCell, VectorCompat};
