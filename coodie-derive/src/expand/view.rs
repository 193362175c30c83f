//! `#[derive(MaterializedView)]` (in progress).

use proc_macro2::TokenStream;

use crate::ast::Container;

pub fn expand(cont: &Container) -> TokenStream {
    syn::Error::new_spanned(
        cont.ident,
        "#[derive(MaterializedView)] is not implemented yet",
    )
    .to_compile_error()
}
