//! The compatibility layer: where a model's Rust types meet a live column of
//! another, compatible CQL type, in one place.
//!
//! The driver checks types exactly (an `f64` reads `double` only). A database made
//! by another program may hold a type that the model's values still fit, and
//! coodie adapts instead of failing; the prepared statement's metadata says what
//! the live column is, per statement:
//!
//! | model (Rust → CQL) | live column | reads | writes |
//! |---|---|---|---|
//! | `Uuid` → `uuid` | `timeuuid` | the same 16 bytes | the same 16 bytes ([`timeuuid`]) |
//! | `f64` → `double` | `float` | widened to the `f64` with the same shortest decimal text (`2999.99f32` → `2999.99`) | narrowed to `f32`; a finite value beyond `f32::MAX` is an error ([`widen`]) |
//! | `i64` → `bigint` | `int` | widened, exactly | narrowed; a value outside `i32` is an error |
//!
//! Also inside `Option`, lists, sets, maps (both sides) and tuples. The same rule,
//! on CQL type text, is what schema sync calls compatible drift
//! (`coodie::model::compatibility`); everything else that differs is a typed
//! `ColumnTypeMismatch`.

pub use crate::model::cql_text;
pub mod timeuuid;
pub mod widen;
