//! `#[derive(Document)]`: the `Table` impl of a table, and `Document`: its values
//! for an `INSERT` and its primary key.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use super::table::{self, TableParts};
use super::view_checks::base_columns;
use crate::internals::ast::{Container, Field};
use crate::internals::attr::{Index, Similarity};
use crate::internals::check::FROZEN_APPLIES_TO;
use crate::internals::ty::{is_collection, is_known_scalar};

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
        let kind = index_kind(f.attrs.index.get()?);
        Some(quote! {
            ::coodie::model::IndexSchema {
                name: ::std::string::ToString::to_string(#index_name),
                column: #column,
                kind: #kind,
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
        user_types: user_types(cont),
    };

    let document_impl = document_impl(cont);
    let base_columns = base_columns(cont);
    let frozen_checks = cont.fields.iter().map(frozen_check);
    table::expand(
        cont,
        parts,
        quote! {
            #document_impl
            #base_columns
            #(#frozen_checks)*
        },
    )
}

/// `fn user_types()`: the user types of every column, nested ones first (the
/// built-in scalars, which hold none, are skipped).
fn user_types(cont: &Container) -> TokenStream {
    let tys = cont
        .fields
        .iter()
        .filter(|f| !is_known_scalar(f.ty))
        .map(|f| f.ty);
    quote! {
        fn user_types() -> ::std::vec::Vec<&'static ::coodie::model::UserTypeSchema> {
            let mut out = ::coodie::model::UserTypes::new();
            #(<#tys as ::coodie::model::CqlType>::user_types(&mut out);)*
            out.into_vec()
        }
    }
}

/// The `frozen` rules the macro cannot see from the type as written (is
/// `Address` a user type?), as `const` checks spanned on the field's type: a user
/// type in the primary key is frozen, and `frozen` is on a collection or a user
/// type.
fn frozen_check(f: &Field) -> Option<TokenStream> {
    let ty = f.ty;
    if is_collection(ty) || is_known_scalar(ty) {
        return None;
    }
    let is_user_type = quote!(<#ty as ::coodie::model::CqlType>::IS_USER_TYPE);
    if f.attrs.frozen.is_set() {
        return Some(quote_spanned! {ty.span()=>
            const _: () = if !#is_user_type {
                ::core::panic!(#FROZEN_APPLIES_TO)
            };
        });
    }
    if f.kind().is_primary_key() {
        let message = format!(
            "`{}` is a user type in the primary key, where CQL needs it frozen: add `frozen` to this field (#[coodie(partition_key, frozen)])",
            f.ident
        );
        return Some(quote_spanned! {ty.span()=>
            const _: () = if #is_user_type {
                ::core::panic!(#message)
            };
        });
    }
    None
}

fn document_impl(cont: &Container) -> TokenStream {
    let ident = cont.ident;
    let values = format_ident!("__{}Values", cont.ident);
    let static_columns = cont.static_columns().map(|f| &f.column);

    // `None` is bound as unset; the compatibility layer
    // (`coodie::private::compat`) narrows `f64`/`i64` for `float`/`int` columns
    // and binds `Uuid` into `timeuuid` columns. A counter is never written by
    // an `INSERT`: it is bound as unset (the `INSERT` of a counter table cannot
    // be reached, see `write_kind`); `VectorCell` binds arrays into vectors.
    let value_fields = cont.fields.iter().map(|f| {
        let name = f.ident;
        let ty = f.ty;
        if f.is_counter() {
            return quote!(#name: ::coodie::scylla::value::Unset);
        }
        if f.is_vector() {
            let array = f.value_ty();
            return quote!(#name: ::coodie::private::VectorCell<'__a, #array>);
        }
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
        if f.is_counter() {
            return quote!(#name: ::coodie::scylla::value::Unset);
        }
        if f.is_vector() {
            return match f.option_inner {
                Some(_) => {
                    quote!(#name: ::coodie::private::VectorCell(::core::option::Option::as_ref(&self.#name)))
                }
                None => quote!(#name: ::coodie::private::VectorCell(::core::option::Option::Some(&self.#name))),
            };
        }
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

    // Exactly one of the two: what writes this table takes.
    let write_kind = if cont.is_counter_table() {
        quote!(::coodie::model::CounterTable)
    } else {
        quote!(::coodie::model::Insertable)
    };

    quote! {
        #[automatically_derived]
        impl #write_kind for #ident {}

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

/// `::coodie::model::IndexKind::…` of a declared index.
fn index_kind(index: &Index) -> TokenStream {
    if index.sai.is_none() {
        return quote!(::coodie::model::IndexKind::Secondary);
    }
    let similarity = match index.similarity.map(|(s, _)| s) {
        None => quote!(::core::option::Option::None),
        Some(s) => {
            let variant = match s {
                Similarity::Cosine => quote!(Cosine),
                Similarity::DotProduct => quote!(DotProduct),
                Similarity::Euclidean => quote!(Euclidean),
            };
            quote!(::core::option::Option::Some(::coodie::model::Similarity::#variant))
        }
    };
    quote!(::coodie::model::IndexKind::Sai { similarity: #similarity })
}
