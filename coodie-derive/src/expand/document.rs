//! `#[derive(Document)]`: the `Table` impl of a table, and `Document`: its values
//! for an `INSERT` and its primary key.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ast::{Container, Kind};
use crate::check::default_index_name;
use crate::expand::table::{self, TableParts};

pub fn expand(cont: &Container) -> TokenStream {
    let ident = cont.ident;
    let name = cont.name();
    let attrs = &cont.attrs;

    let cql_types = cont
        .fields
        .iter()
        .map(|f| {
            let base = if f.attrs.timeuuid.is_set() {
                quote!(::std::string::String::from("timeuuid"))
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
        let index = f.attrs.index.get()?;
        let index_name = match index {
            Some(explicit) => explicit.value.clone(),
            None => default_index_name(&name, &f.column),
        };
        let column = &f.column;
        Some(quote! {
            ::coodie::model::IndexSchema {
                name: ::std::string::String::from(#index_name),
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

    let columns_struct = table::columns_struct(cont);
    let deserialize = table::deserialize_row(cont);
    let table_impl = table::table_impl(cont, parts);
    let document_impl = document_impl(cont);
    let base_columns = cont.fields.iter().map(|f| {
        let hash = crate::expand::view::column_hash(&f.column);
        let ty = f.ty;
        quote! {
            impl ::coodie::private::view_checks::BaseColumn<#hash> for #ident {
                type Type = #ty;
            }
        }
    });
    let body = table::wrap(quote! {
        // `Table` first: its `schema()` names each field's `CqlType`, so an
        // unsupported field type is reported on the field before anything else.
        #table_impl
        #deserialize
        #document_impl
        #(#base_columns)*
    });
    quote! {
        #columns_struct
        #body
    }
}

fn document_impl(cont: &Container) -> TokenStream {
    let ident = cont.ident;
    let values = format_ident!("__{}Values", cont.ident);
    let static_columns = cont
        .fields
        .iter()
        .filter(|f| f.kind() == Kind::Static)
        .map(|f| &f.column);

    // `None` is bound as unset; `TimeuuidCompat` binds `Uuid` into `timeuuid`
    // columns.
    let value_fields = cont.fields.iter().map(|f| {
        let name = f.ident;
        let ty = f.ty;
        let value = match f.option_inner {
            Some(inner) => quote!(::coodie::private::UnsetIfNone<'__a, #inner>),
            None => quote!(&'__a #ty),
        };
        if f.may_hold_timeuuid() {
            quote!(#name: ::coodie::private::TimeuuidCompat<#value>)
        } else {
            quote!(#name: #value)
        }
    });
    let value_inits = cont.fields.iter().map(|f| {
        let name = f.ident;
        let value = match f.option_inner {
            Some(_) => quote!(::coodie::private::UnsetIfNone(&self.#name)),
            None => quote!(&self.#name),
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
