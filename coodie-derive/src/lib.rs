//! Derive macros for [coodie](https://docs.rs/coodie): `#[derive(Document)]`,
//! `#[derive(MaterializedView)]` and `#[derive(Projection)]`. Use them through the `coodie` crate, which
//! re-exports them with their documentation.
//!
//! The pipeline, as in serde_derive and thiserror:
//!
//! - `internals`: the model of the input, generating nothing. `attr` parses
//!   `#[coodie(...)]` (each key named once in `symbol`), `ast` builds the typed
//!   struct, `check` validates it, and `ctxt` collects every error so that all are
//!   reported at once. The derive kind, `Derive`, lives in `internals` itself.
//! - `expand`: the impls of a valid input, one file per derive kind.
//! - `fallback`: from the same parsed input, the errors plus stub impls, so that
//!   the user sees those errors and not a cascade.
//! - `anon_const`: the `const _: () = { ... };` both of them hide items in;
//!   `role`: the role type of a column, which both give each field.

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

mod anon_const;
mod expand;
mod fallback;
mod internals;
mod role;

#[cfg(test)]
mod tests;

/// Derives `coodie::model::{Table, Document}` for a table: every attribute,
/// with examples, is documented on the re-export `coodie::Document`.
#[proc_macro_derive(Document, attributes(coodie))]
pub fn derive_document(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive_document(&input).into()
}

/// Derives `coodie::model::{CqlType, UserType}` and the driver's
/// `SerializeValue`/`DeserializeValue` for a user-defined type: every attribute
/// and rule is documented on the re-export `coodie::UserType`.
#[proc_macro_derive(UserType, attributes(coodie))]
pub fn derive_user_type(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive_user_type(&input).into()
}

/// Derives `coodie::model::{Table, MaterializedView}` for a materialized view:
/// every attribute and compile-time check is documented on the re-export
/// `coodie::MaterializedView`.
#[proc_macro_derive(MaterializedView, attributes(coodie))]
pub fn derive_materialized_view(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive_materialized_view(&input).into()
}

/// Derives `coodie::model::Projection<Of>` for a struct of some columns of a
/// document or view: every attribute and compile-time check is documented on the
/// re-export `coodie::Projection`.
#[proc_macro_derive(Projection, attributes(coodie))]
pub fn derive_projection(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive_projection(&input).into()
}
