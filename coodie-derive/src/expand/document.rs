//! `#[derive(Document)]`: the `Table` impl of a table, and `Document`: its values
//! for an `INSERT` and its primary key.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::table::{self, TableParts};
use super::view_checks::base_columns;
use crate::internals::ast::Container;

pub fn expand(cont: &Container) -> TokenStream {
    let attrs = &cont.attrs;

    let cql_types = cont
        .fields
        .iter()
        .map(|f| {
            let base = if f.attrs.timeuuid.is_set() {
                quote!(::std::string::ToString::to_string("timeuuid"))
            } else {
                table::rust_cql_type(f)
            };
            if f.attrs.frozen.is_set() {
                quote!(::std::format!("frozen<{}>", #base))
            } else {
                base
            }
        })
        .collect();

    let indexes = cont.fields.iter().filter_map(|f| {
        let index_name = cont.index_name(f)?;
        let column = &f.column;
        Some(quote! {
            ::coodie::model::IndexSchema {
                name: ::std::string::ToString::to_string(#index_name),
                column: #column,
                kind: ::coodie::model::IndexKind::Secondary,
            }
        })
    });

    let parts = TableParts {
        base: quote!(Self),
        keyspace: table::option_str(attrs.keyspace.get().map(|k| k.value.as_str())),
        indexes: quote!(::std::vec![#(#indexes),*]),
        default_ttl: match attrs.default_ttl.get() {
            Some(ttl) => quote!(::core::option::Option::Some(#ttl)),
            None => quote!(::core::option::Option::None),
        },
        options: table::option_str(attrs.options.get().map(String::as_str)),
        view: quote!(::core::option::Option::None),
        cql_types,
    };

    let document_impl = document_impl(cont);
    let base_columns = base_columns(cont);
    table::expand(
        cont,
        parts,
        quote! {
            #document_impl
            #base_columns
        },
    )
}

fn document_impl(cont: &Container) -> TokenStream {
    let ident = cont.ident;
    let values = format_ident!("__{}Values", cont.ident);
    let static_columns = cont.static_columns().map(|f| &f.column);

    // `None` is bound as unset; the compatibility layer
    // (`coodie::private::compat`) narrows `f64`/`i64` for `float`/`int` columns
    // and binds `Uuid` into `timeuuid` columns.
    let value_fields = cont.fields.iter().map(|f| {
        let name = f.ident;
        let ty = f.ty;
        let value = match (f.option_inner, f.may_be_narrowed()) {
            (Some(inner), true) => quote!(::coodie::private::WidenUnset<'__a, #inner>),
            (None, true) => quote!(::coodie::private::WidenRef<'__a, #ty>),
            (Some(inner), false) => quote!(::coodie::private::UnsetIfNone<'__a, #inner>),
            (None, false) => quote!(&'__a #ty),
        };
        if f.may_hold_timeuuid() {
            quote!(#name: ::coodie::private::TimeuuidCompat<#value>)
        } else {
            quote!(#name: #value)
        }
    });
    let value_inits = cont.fields.iter().map(|f| {
        let name = f.ident;
        let value = match (f.option_inner, f.may_be_narrowed()) {
            (Some(_), true) => quote!(::coodie::private::WidenUnset(&self.#name)),
            (None, true) => quote!(::coodie::private::WidenRef(&self.#name)),
            (Some(_), false) => quote!(::coodie::private::UnsetIfNone(&self.#name)),
            (None, false) => quote!(&self.#name),
        };
        if f.may_hold_timeuuid() {
            quote!(#name: ::coodie::private::TimeuuidCompat(#value))
        } else {
            quote!(#name: #value)
        }
    });

    let primary: Vec<_> = cont.primary_key().map(|f| f.ident).collect();
    let primary_key = match primary.as_slice() {
        [only] => quote!(::core::clone::Clone::clone(&self.#only)),
        _ => quote!((#(::core::clone::Clone::clone(&self.#primary),)*)),
    };

    quote! {
        #[derive(::coodie::scylla::SerializeRow)]
        #[scylla(crate = ::coodie::scylla, flavor = "enforce_order", skip_name_checks)]
        #[allow(non_camel_case_types, non_snake_case)]
        struct #values<'__a> {
            #(#value_fields,)*
        }

        #[automatically_derived]
        impl ::coodie::model::Document for #ident {
            const STATIC_COLUMNS: &'static [&'static str] = &[#(#static_columns),*];

            fn values(
                &self,
            ) -> impl ::coodie::scylla::serialize::row::SerializeRow
                   + ::core::marker::Send
                   + ::core::marker::Sync
                   + '_ {
                #values {
                    #(#value_inits,)*
                }
            }

            fn primary_key(&self) -> <Self as ::coodie::model::Table>::PrimaryKey {
                #primary_key
            }
        }
    }
}
