//! Items generated code uses. Not part of the public API: no semver promises.
#![doc(hidden)]

mod unset;

pub use unset::UnsetIfNone;
