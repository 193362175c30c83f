//! After a macro error, still emit the impls (with unreachable bodies) so the user
//! sees that one error and not a cascade of "`Product` is not a `Table`" at every
//! use site. The code never runs: the crate does not compile while the error stands.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ast::{Derive, option_inner};
use crate::attr;
use crate::ctxt::Ctxt;
use crate::expand::table::wrap;

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
    let ident = &input.ident;
    let vis = &input.vis;
    let columns = format_ident!("{}Columns", ident);

    let base = match derive {
        Derive::Document => quote!(Self),
        Derive::MaterializedView => {
            // Re-read the attributes only for `base`; their errors are reported already.
            let cx = Ctxt::new();
            let attrs = attr::Container::from_ast(&cx, derive, &input.attrs);
            let _ = cx.check();
            match attrs.base.get() {
                Some(base) => quote!(#base),
                None => return TokenStream::new(),
            }
        }
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
    let column_names = names
        .iter()
        .map(|n| n.to_string().trim_start_matches("r#").to_string());

    let unreachable = quote!(::core::unreachable!(
        "coodie: this type failed to derive; see the compile error"
    ));
    let kind_impl = match derive {
        Derive::Document => quote! {
            impl ::coodie::model::Document for #ident {
                const STATIC_COLUMNS: &'static [&'static str] = &[];
                fn values(&self) -> impl ::coodie::scylla::serialize::row::SerializeRow
                    + ::core::marker::Send + ::core::marker::Sync + '_ {
                    ()
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
            type Columns = #columns;
            type PrimaryKey = ();
            type PartitionKey = ();
            const COLUMNS: #columns = #columns {
                #(#names: ::coodie::query::Column::new(
                    #column_names,
                    ::coodie::model::ColumnKind::Regular,
                ),)*
            };
            const NAME: &'static str = "";
            const PRIMARY_KEY: &'static [&'static str] = &[];
            const PARTITION_KEY: &'static [&'static str] = &[];
            const COLUMN_NAMES: &'static [&'static str] = &[];
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
        #vis struct #columns {
            #(pub #names: ::coodie::query::Column<#ident, #values>,)*
        }
        #body
    }
}
