//! Code generation, once the input is known to be valid.

use proc_macro2::TokenStream;

use crate::ast::{Container, Derive};
use crate::ctxt::Ctxt;
use crate::{check, fallback};

mod document;
pub mod table;
pub mod view;

/// `#[derive(Document)]` on `input`.
pub fn derive_document(input: &syn::DeriveInput) -> TokenStream {
    derive(input, Derive::Document)
}

/// `#[derive(MaterializedView)]` on `input`.
pub fn derive_materialized_view(input: &syn::DeriveInput) -> TokenStream {
    derive(input, Derive::MaterializedView)
}

/// Reads, checks and expands `input`; on errors, the errors plus a fallback.
fn derive(input: &syn::DeriveInput, derive: Derive) -> TokenStream {
    let cx = Ctxt::new();
    let cont = Container::from_ast(&cx, input, derive);
    if let Some(cont) = &cont {
        check::check(&cx, cont);
    }
    match (cx.check(), cont) {
        (Ok(()), Some(cont)) => match derive {
            Derive::Document => document::expand(&cont),
            Derive::MaterializedView => view::expand(&cont),
        },
        (Err(err), _) => {
            let mut out = err.to_compile_error();
            out.extend(fallback::expand(input, derive));
            out
        }
        // `from_ast` records an error whenever it returns `None`.
        (Ok(()), None) => fallback::expand(input, derive),
    }
}
