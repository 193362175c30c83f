//! Items generated code uses. Not part of the public API: no semver promises.
#![doc(hidden)]

mod unset;
pub mod view_checks;

pub use unset::UnsetIfNone;
