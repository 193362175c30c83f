//! `#[derive(MaterializedView)]`: the `Table` impl of a view (its `Base` is the
//! base document), `MaterializedView`, and the compile-time checks against the
//! base table.

use proc_macro2::TokenStream;
use quote::quote;

use super::table::{self, TableParts};
use super::view_checks::{base_columns, view_checks};
use crate::internals::ast::Container;
use crate::internals::attr::Select;

pub fn expand(cont: &Container) -> TokenStream {
    let Some(base) = cont.attrs.base.get() else {
        // `check` reports a missing `base`, so a view without one never expands.
        return TokenStream::new();
    };
    let ident = cont.ident;
    let attrs = &cont.attrs;
    let select_all = attrs.select.get().copied().unwrap_or(Select::All) == Select::All;
    let filter = table::option_str(attrs.filter.get().map(String::as_str));

    // A view column has its base column's CQL type (so `timeuuid` and `frozen`
    // carry over); the Rust type's own CQL type is the fallback.
    let cql_types = cont
        .fields
        .iter()
        .map(|f| {
            let column = &f.column;
            let rust = table::rust_cql_type(f);
            quote! {
                match <#base as ::coodie::model::Table>::schema().column(#column) {
                    ::core::option::Option::Some(base) => ::core::clone::Clone::clone(&base.cql_type),
                    ::core::option::Option::None => #rust,
                }
            }
        })
        .collect();

    let parts = TableParts {
        base: quote!(#base),
        keyspace: quote!(<#base as ::coodie::model::Table>::schema().keyspace),
        indexes: quote!(::std::vec::Vec::new()),
        default_ttl: quote!(::core::option::Option::None),
        options: table::option_str(attrs.options.get().map(String::as_str)),
        view: quote! {
            ::core::option::Option::Some(::coodie::model::ViewSchema {
                base_table: <#base as ::coodie::model::Table>::NAME,
                select_all: #select_all,
                filter: #filter,
            })
        },
        cql_types,
        user_types: TokenStream::new(),
    };

    let checks = view_checks(cont, base, select_all);
    // A view's own columns, for projections of the view.
    let own_columns = base_columns(cont);
    table::expand(
        cont,
        parts,
        quote! {
            #[automatically_derived]
            impl ::coodie::model::MaterializedView for #ident {}

            #checks
            #own_columns
        },
    )
}
