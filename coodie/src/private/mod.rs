//! Items generated code uses. Not part of the public API: no semver promises.
#![doc(hidden)]
