//! `#[derive(Projection)]`: reading some columns of a document or view into this
//! struct (`DeserializeRow`, `Projection<Of>`), and the compile-time checks of each
//! field against the type it is `of`. Nothing that writes: a projection is not a
//! `Table`.

use proc_macro2::TokenStream;
use quote::quote;

use super::table::deserialize_row;
use super::view_checks::projection_checks;
use crate::anon_const;
use crate::internals::ast::Container;
use crate::internals::ty;

pub fn expand(cont: &Container) -> TokenStream {
    let Some(of) = cont.attrs.of.get() else {
        // `check` reports a missing `of`, so such a projection never expands.
        return TokenStream::new();
    };
    let ident = cont.ident;
    let names = cont.fields.iter().map(|f| &f.column);
    let rust_types = cont.fields.iter().map(|f| ty::display(f.ty));
    let deserialize = deserialize_row(
        cont,
        quote!(::coodie::private::projection_type_check_error_for::<Self, #of>),
    );
    let checks = projection_checks(cont, of);
    anon_const::wrap(quote! {
        #[automatically_derived]
        impl ::coodie::model::Projection<#of> for #ident {
            const COLUMN_NAMES: &'static [&'static str] = &[#(#names),*];
            const RUST_TYPES: &'static [&'static str] = &[#(#rust_types),*];
        }

        #deserialize
        #checks
    })
}
