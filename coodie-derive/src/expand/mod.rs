//! Code generation. The input is parsed and checked once; valid, it is expanded by
//! its derive kind's file (`document.rs`, `view.rs`, `projection.rs`, `user_type.rs`); invalid, the same parsed
//! input goes to `fallback`, which emits the errors and stub impls (thiserror's
//! `expand` -> `fallback`).

use proc_macro2::TokenStream;

use crate::fallback;
use crate::internals::ast::Container;
use crate::internals::{Ctxt, Derive, check};

mod document;
mod projection;
mod table;
mod user_type;
mod view;
mod view_checks;

/// `#[derive(Document)]` on `input`.
pub fn derive_document(input: &syn::DeriveInput) -> TokenStream {
    derive(input, Derive::Document)
}

/// `#[derive(MaterializedView)]` on `input`.
pub fn derive_materialized_view(input: &syn::DeriveInput) -> TokenStream {
    derive(input, Derive::MaterializedView)
}

/// `#[derive(Projection)]` on `input`.
pub fn derive_projection(input: &syn::DeriveInput) -> TokenStream {
    derive(input, Derive::Projection)
}

/// `#[derive(UserType)]` on `input`.
pub fn derive_user_type(input: &syn::DeriveInput) -> TokenStream {
    derive(input, Derive::UserType)
}

/// Reads and checks `input`, then expands it, or on errors falls back.
fn derive(input: &syn::DeriveInput, derive: Derive) -> TokenStream {
    let cx = Ctxt::new();
    let cont = Container::from_ast(&cx, input, derive);
    if let Some(cont) = &cont {
        check::check(&cx, cont);
    }
    match (cx.check(), cont) {
        (Ok(()), Some(cont)) => expand(&cont),
        (Err(errors), cont) => fallback::expand(cont.as_ref(), errors),
        // `from_ast` records an error whenever it returns `None`.
        (Ok(()), None) => TokenStream::new(),
    }
}

/// The code of a valid input, by derive kind.
fn expand(cont: &Container) -> TokenStream {
    match cont.derive {
        Derive::Document => document::expand(cont),
        Derive::MaterializedView => view::expand(cont),
        Derive::Projection => projection::expand(cont),
        Derive::UserType => user_type::expand(cont),
    }
}
