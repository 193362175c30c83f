//! Items generated code uses. Not part of the public API: no semver promises.
#![doc(hidden)]

mod timeuuid;
mod unset;
pub mod view_checks;

pub use timeuuid::{TimeuuidCompat, timeuuid_as_uuid};
pub use unset::UnsetIfNone;
