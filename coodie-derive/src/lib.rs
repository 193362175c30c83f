//! Derive macros for [coodie](https://docs.rs/coodie): `#[derive(Document)]` and
//! `#[derive(MaterializedView)]`. Use them through the `coodie` crate, which
//! re-exports them with their documentation.
//!
//! The pipeline, one module each: `attr` parses `#[coodie(...)]`, `ast` builds
//! the typed input, `check` validates it (every error collected in `ctxt` and
//! reported at once), `expand` generates the impls, and `fallback` still emits
//! stub impls after an error so that the user sees that error and not a cascade.

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

mod ast;
mod attr;
mod check;
mod ctxt;
mod expand;
mod fallback;

#[cfg(test)]
mod tests;

/// Derives `coodie::model::{Table, Document}` for a table: every attribute,
/// with examples, is documented on the re-export `coodie::Document`.
#[proc_macro_derive(Document, attributes(coodie))]
pub fn derive_document(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive_document(&input).into()
}

/// Derives `coodie::model::{Table, MaterializedView}` for a materialized view:
/// every attribute and compile-time check is documented on the re-export
/// `coodie::MaterializedView`.
#[proc_macro_derive(MaterializedView, attributes(coodie))]
pub fn derive_materialized_view(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive_materialized_view(&input).into()
}
