//! After a macro error: the errors, and still the impls (with unreachable bodies),
//! so that the user sees those errors and not a cascade of "`Product` is not a
//! `Table`" at every use site. The code never runs: the crate does not compile
//! while the errors stand.
//!
//! The stubs are built from the same parsed input as the failed expansion, with
//! the declared names and keys, so that a view of a type that failed to derive
//! checks against them and adds no errors of its own.

use proc_macro2::TokenStream;
use quote::quote;

use crate::internals::Derive;
use crate::internals::ast::{Container, Field};
use crate::{anon_const, role};

/// `errors` as compile errors, then the stubs for `cont` (nothing more when the
/// input is not a struct with named fields).
pub fn expand(cont: Option<&Container>, errors: syn::Error) -> TokenStream {
    let mut out = errors.to_compile_error();
    if let Some(cont) = cont {
        out.extend(stubs(cont));
    }
    out
}

fn stubs(cont: &Container) -> TokenStream {
    // A generic struct gets no stubs: they would need its parameters.
    if !cont.generics.params.is_empty() || cont.generics.where_clause.is_some() {
        return TokenStream::new();
    }
    if cont.derive == Derive::UserType {
        return user_type_stubs(cont);
    }
    let ident = cont.ident;
    let vis = cont.vis;
    let columns_ident = cont.columns_ident();

    let base = match cont.derive {
        Derive::Document => quote!(Self),
        Derive::MaterializedView => match cont.attrs.base.get() {
            Some(base) => quote!(#base),
            None => return TokenStream::new(),
        },
        Derive::Projection => return projection_stubs(cont),
        Derive::UserType => return TokenStream::new(),
    };

    let names: Vec<_> = cont.fields.iter().map(|f| f.ident).collect();
    let values = cont.fields.iter().map(|f| f.value_ty());
    let roles = cont.fields.iter().map(role::column_role);
    let name = cont.name();
    let all = columns(cont.fields.iter());
    let primary = columns(cont.primary_key());
    let partition = columns(cont.partition_key());

    let unreachable = unreachable();
    let kind_impl = match cont.derive {
        Derive::Document => {
            let statics = columns(cont.static_columns());
            quote! {
                impl ::coodie::model::Document for #ident {
                    const STATIC_COLUMNS: &'static [&'static str] = &[#(#statics),*];
                    fn values(&self) -> impl ::coodie::scylla::serialize::row::SerializeRow
                        + ::core::marker::Send + ::core::marker::Sync + '_ {
                    }
                    fn primary_key(&self) {}
                }
                // Both write kinds: whatever the failed struct was meant to be,
                // its uses add no errors of their own.
                impl ::coodie::model::Insertable for #ident {}
                impl ::coodie::model::CounterTable for #ident {}
            }
        }
        Derive::MaterializedView => quote! {
            impl ::coodie::model::MaterializedView for #ident {}
        },
        Derive::Projection | Derive::UserType => TokenStream::new(),
    };

    let deserialize = deserialize_stub(ident);
    let hidden = anon_const::wrap(quote! {
        #deserialize

        impl ::coodie::model::Table for #ident {
            type Base = #base;
            type Columns = #columns_ident;
            type PrimaryKey = ();
            type PartitionKey = ();
            type PartitionKeyRow = (i32,);
            const COLUMNS: #columns_ident = #columns_ident {
                #(#names: ::coodie::query::Column::new(
                    #all,
                    ::coodie::model::ColumnKind::Regular,
                ),)*
            };
            const NAME: &'static str = #name;
            const PRIMARY_KEY: &'static [&'static str] = &[#(#primary),*];
            const PARTITION_KEY: &'static [&'static str] = &[#(#partition),*];
            const COLUMN_NAMES: &'static [&'static str] = &[#(#all),*];
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
            fn partition_key_from_row(_: (i32,)) {}
        }

        #kind_impl
    });

    quote! {
        #[allow(non_camel_case_types)]
        #vis struct #columns_ident {
            #(pub #names: ::coodie::query::Column<#ident, #values, #roles>,)*
        }
        #hidden
    }
}

fn unreachable() -> TokenStream {
    quote!(::core::unreachable!(
        "coodie: this type failed to derive; see the compile error"
    ))
}

/// A `DeserializeRow` impl that never runs.
fn deserialize_stub(ident: &syn::Ident) -> TokenStream {
    let unreachable = unreachable();
    quote! {
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
    }
}

/// A projection's stubs: reading it, and being a projection of its `of` type
/// (nothing when `of` is missing).
fn projection_stubs(cont: &Container) -> TokenStream {
    let Some(of) = cont.attrs.of.get() else {
        return TokenStream::new();
    };
    let ident = cont.ident;
    let names = columns(cont.fields.iter());
    let deserialize = deserialize_stub(ident);
    anon_const::wrap(quote! {
        #deserialize
        impl ::coodie::model::Projection<#of> for #ident {
            const COLUMN_NAMES: &'static [&'static str] = &[#(#names),*];
        }
    })
}

/// A user type's stubs: it is still a `CqlType` and a `UserType`, so the tables
/// that use it report no errors of their own.
fn user_type_stubs(cont: &Container) -> TokenStream {
    let ident = cont.ident;
    let unreachable = unreachable();
    anon_const::wrap(quote! {
        impl ::coodie::model::CqlType for #ident {
            fn cql_type() -> ::std::string::String {
                #unreachable
            }
            const IS_USER_TYPE: bool = true;
        }
        impl ::coodie::model::ListElement for #ident {}
        impl ::coodie::model::UserType for #ident {
            fn schema() -> &'static ::coodie::model::UserTypeSchema {
                #unreachable
            }
        }
        impl ::coodie::scylla::serialize::value::SerializeValue for #ident {
            fn serialize<'__b>(
                &self,
                _: &::coodie::scylla::frame::response::result::ColumnType,
                _: ::coodie::scylla::serialize::writers::CellWriter<'__b>,
            ) -> ::core::result::Result<
                ::coodie::scylla::serialize::writers::WrittenCellProof<'__b>,
                ::coodie::scylla::serialize::SerializationError,
            > {
                #unreachable
            }
        }
        impl<'__frame, '__metadata>
            ::coodie::scylla::deserialize::value::DeserializeValue<'__frame, '__metadata> for #ident
        {
            fn type_check(
                _: &::coodie::scylla::frame::response::result::ColumnType,
            ) -> ::core::result::Result<(), ::coodie::scylla::deserialize::TypeCheckError> {
                #unreachable
            }
            fn deserialize(
                _: &'__metadata ::coodie::scylla::frame::response::result::ColumnType<'__metadata>,
                _: ::core::option::Option<::coodie::scylla::deserialize::FrameSlice<'__frame>>,
            ) -> ::core::result::Result<Self, ::coodie::scylla::deserialize::DeserializationError> {
                #unreachable
            }
        }
    })
}

/// The column names of `fields`.
fn columns<'c>(fields: impl Iterator<Item = &'c Field<'c>>) -> Vec<&'c str> {
    fields.map(|f| f.column.as_str()).collect()
}
