//! Derive macros for [coodie](https://docs.rs/coodie). Use them through the `coodie`
//! crate, which re-exports them.
