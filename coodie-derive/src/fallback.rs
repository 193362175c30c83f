//! After a macro error, still emit the impls (with unreachable bodies) so the user
//! sees that one error and not a cascade of "`Product` is not a `Table`" at every
//! use site. The code never runs: the crate does not compile while the error stands.
//!
//! The names and keys are the declared ones (read again, errors discarded), so that
//! a view of a type that failed to derive checks against them and adds no errors
//! of its own.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ast::{Container, Derive, Kind, option_inner};
use crate::ctxt::Ctxt;
use crate::expand::table::wrap;

/// What the fallback knows of the declaration.
#[derive(Default)]
struct Declared {
    name: String,
    /// CQL name per field, in field order.
    columns: Vec<String>,
    primary: Vec<String>,
    partition: Vec<String>,
    statics: Vec<String>,
    base: Option<syn::Path>,
}

impl Declared {
    fn read(input: &syn::DeriveInput, derive: Derive) -> Option<Self> {
        let cx = Ctxt::new();
        let cont = Container::from_ast(&cx, input, derive);
        // Already reported by the failed expansion.
        let _ = cx.check();
        let cont = cont?;
        let columns = |fields: Vec<&crate::ast::Field>| -> Vec<String> {
            fields.into_iter().map(|f| f.column.clone()).collect()
        };
        Some(Declared {
            name: cont.name(),
            columns: columns(cont.fields.iter().collect()),
            primary: columns(cont.primary_key().collect()),
            partition: columns(cont.partition_key().collect()),
            statics: columns(
                cont.fields
                    .iter()
                    .filter(|f| f.kind() == Kind::Static)
                    .collect(),
            ),
            base: cont.attrs.base.get().cloned(),
        })
    }
}

pub fn expand(input: &syn::DeriveInput, derive: Derive) -> TokenStream {
    let syn::Data::Struct(syn::DataStruct {
        fields: syn::Fields::Named(named),
        ..
    }) = &input.data
    else {
        return TokenStream::new();
    };
    if !input.generics.params.is_empty() || input.generics.where_clause.is_some() {
        return TokenStream::new();
    }
    let Some(declared) = Declared::read(input, derive) else {
        return TokenStream::new();
    };
    let ident = &input.ident;
    let vis = &input.vis;
    let columns_ident = format_ident!("{}Columns", ident);

    let base = match derive {
        Derive::Document => quote!(Self),
        Derive::MaterializedView => match &declared.base {
            Some(base) => quote!(#base),
            None => return TokenStream::new(),
        },
    };

    let names: Vec<_> = named
        .named
        .iter()
        .filter_map(|f| f.ident.as_ref())
        .collect();
    let values = named
        .named
        .iter()
        .map(|f| option_inner(&f.ty).unwrap_or(&f.ty));
    let Declared {
        name,
        columns,
        primary,
        partition,
        statics,
        ..
    } = &declared;

    let unreachable = quote!(::core::unreachable!(
        "coodie: this type failed to derive; see the compile error"
    ));
    let kind_impl = match derive {
        Derive::Document => quote! {
            impl ::coodie::model::Document for #ident {
                const STATIC_COLUMNS: &'static [&'static str] = &[#(#statics),*];
                fn values(&self) -> impl ::coodie::scylla::serialize::row::SerializeRow
                    + ::core::marker::Send + ::core::marker::Sync + '_ {
                }
                fn primary_key(&self) {}
            }
        },
        Derive::MaterializedView => quote! {
            impl ::coodie::model::MaterializedView for #ident {}
        },
    };

    let body = wrap(quote! {
        impl<'__frame, '__metadata>
            ::coodie::scylla::deserialize::row::DeserializeRow<'__frame, '__metadata> for #ident
        {
            fn type_check(
                _: &[::coodie::scylla::frame::response::result::ColumnSpec<'_>],
            ) -> ::core::result::Result<(), ::coodie::scylla::deserialize::TypeCheckError> {
                #unreachable
            }
            fn deserialize(
                _: ::coodie::scylla::deserialize::row::ColumnIterator<'__frame, '__metadata>,
            ) -> ::core::result::Result<Self, ::coodie::scylla::deserialize::DeserializationError> {
                #unreachable
            }
        }

        impl ::coodie::model::Table for #ident {
            type Base = #base;
            type Columns = #columns_ident;
            type PrimaryKey = ();
            type PartitionKey = ();
            const COLUMNS: #columns_ident = #columns_ident {
                #(#names: ::coodie::query::Column::new(
                    #columns,
                    ::coodie::model::ColumnKind::Regular,
                ),)*
            };
            const NAME: &'static str = #name;
            const PRIMARY_KEY: &'static [&'static str] = &[#(#primary),*];
            const PARTITION_KEY: &'static [&'static str] = &[#(#partition),*];
            const COLUMN_NAMES: &'static [&'static str] = &[#(#columns),*];
            fn schema() -> &'static ::coodie::model::TableSchema {
                #unreachable
            }
            fn primary_key_values(key: &()) -> impl ::coodie::scylla::serialize::row::SerializeRow
                + ::core::marker::Send + ::core::marker::Sync + '_ {
                key
            }
            fn partition_key_values(key: &()) -> impl ::coodie::scylla::serialize::row::SerializeRow
                + ::core::marker::Send + ::core::marker::Sync + '_ {
                key
            }
        }

        #kind_impl
    });

    quote! {
        #[allow(non_camel_case_types)]
        #vis struct #columns_ident {
            #(pub #names: ::coodie::query::Column<#ident, #values>,)*
        }
        #body
    }
}
