//! `#[derive(UserType)]`: `CqlType` (the type's name; `IS_USER_TYPE`; the user
//! types it uses), `ListElement`, `UserType` (its schema), and the driver's
//! `SerializeValue` / `DeserializeValue` through two hidden mirror structs that
//! derive the driver's own impls (fields matched by name, so a field added to the
//! type in the database, or one the database lacks in old values, is handled as
//! the driver handles it: an `Option` field reads `None`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use crate::anon_const;
use crate::internals::ast::{Container, Field};

pub fn expand(cont: &Container) -> TokenStream {
    let ident = cont.ident;
    let name = cont.name();
    let field_tys: Vec<_> = cont.fields.iter().map(|f| f.ty).collect();
    let schema_fields = cont.fields.iter().map(schema_field);
    let serialize = serialize_value(cont);
    let deserialize = deserialize_value(cont);

    anon_const::wrap(quote! {
        #[automatically_derived]
        impl ::coodie::model::CqlType for #ident {
            fn cql_type() -> ::std::string::String {
                ::coodie::ident::quote_if_needed(#name)
            }
            const IS_USER_TYPE: bool = true;
            fn user_types(out: &mut ::coodie::model::UserTypes) {
                out.add::<Self>(|out| {
                    #(<#field_tys as ::coodie::model::CqlType>::user_types(out);)*
                });
            }
        }

        #[automatically_derived]
        impl ::coodie::model::ListElement for #ident {}

        #[automatically_derived]
        impl ::coodie::model::UserType for #ident {
            fn schema() -> &'static ::coodie::model::UserTypeSchema {
                static SCHEMA: ::std::sync::OnceLock<::coodie::model::UserTypeSchema> =
                    ::std::sync::OnceLock::new();
                SCHEMA.get_or_init(|| ::coodie::model::UserTypeSchema {
                    name: #name,
                    fields: ::std::vec![#(#schema_fields),*],
                })
            }
        }

        #serialize
        #deserialize
    })
}

/// One `UserTypeField`; its CQL type is spanned on the field's type, so that an
/// unsupported type is reported on that field.
fn schema_field(f: &Field) -> TokenStream {
    let name = &f.column;
    let field = f.name();
    let ty = f.ty;
    let cql_type = if f.attrs.timeuuid.is_set() {
        quote!(::std::string::ToString::to_string("timeuuid"))
    } else {
        quote_spanned!(ty.span()=> ::coodie::model::frozen_if_collection::<#ty>())
    };
    quote! {
        ::coodie::model::UserTypeField {
            name: #name,
            field: #field,
            cql_type: #cql_type,
        }
    }
}

/// `TimeuuidCompat<ty>` for a field that may hold a `timeuuid`, else `ty`.
fn wire_ty(f: &Field, ty: TokenStream) -> TokenStream {
    if f.may_hold_timeuuid() {
        quote!(::coodie::private::TimeuuidCompat<#ty>)
    } else {
        ty
    }
}

/// A hidden struct of references deriving `SerializeValue`, and the user's
/// struct serializing through it.
fn serialize_value(cont: &Container) -> TokenStream {
    let ident = cont.ident;
    let mirror = format_ident!("__{}Ref", cont.ident);
    let fields = cont.fields.iter().map(|f| {
        let name = f.ident;
        let column = &f.column;
        let ty = f.ty;
        let wire = wire_ty(f, quote!(&'__a #ty));
        quote! {
            #[scylla(rename = #column)]
            #name: #wire
        }
    });
    let inits = cont.fields.iter().map(|f| {
        let name = f.ident;
        if f.may_hold_timeuuid() {
            quote!(#name: ::coodie::private::TimeuuidCompat(&self.#name))
        } else {
            quote!(#name: &self.#name)
        }
    });
    quote! {
        #[derive(::coodie::scylla::SerializeValue)]
        #[scylla(crate = ::coodie::scylla)]
        #[allow(non_camel_case_types, non_snake_case)]
        struct #mirror<'__a> {
            #(#fields,)*
        }

        #[automatically_derived]
        impl ::coodie::scylla::serialize::value::SerializeValue for #ident {
            fn serialize<'__b>(
                &self,
                typ: &::coodie::scylla::frame::response::result::ColumnType,
                writer: ::coodie::scylla::serialize::writers::CellWriter<'__b>,
            ) -> ::core::result::Result<
                ::coodie::scylla::serialize::writers::WrittenCellProof<'__b>,
                ::coodie::scylla::serialize::SerializationError,
            > {
                let mirror = #mirror {
                    #(#inits,)*
                };
                ::coodie::scylla::serialize::value::SerializeValue::serialize(&mirror, typ, writer)
            }
        }
    }
}

/// A hidden struct of owned fields deriving `DeserializeValue`, and the user's
/// struct deserializing through it.
fn deserialize_value(cont: &Container) -> TokenStream {
    let ident = cont.ident;
    let mirror = format_ident!("__{}Owned", cont.ident);
    let fields = cont.fields.iter().map(|f| {
        let name = f.ident;
        let column = &f.column;
        let ty = f.ty;
        let wire = wire_ty(f, quote!(#ty));
        quote! {
            #[scylla(rename = #column)]
            #name: #wire
        }
    });
    let moves = cont.fields.iter().map(|f| {
        let name = f.ident;
        if f.may_hold_timeuuid() {
            quote!(#name: value.#name.0)
        } else {
            quote!(#name: value.#name)
        }
    });
    let deserialize_value = quote!(::coodie::scylla::deserialize::value::DeserializeValue);
    quote! {
        #[derive(::coodie::scylla::DeserializeValue)]
        #[scylla(crate = ::coodie::scylla)]
        #[allow(non_camel_case_types, non_snake_case)]
        struct #mirror {
            #(#fields,)*
        }

        #[automatically_derived]
        impl<'__frame, '__metadata> #deserialize_value<'__frame, '__metadata> for #ident {
            fn type_check(
                typ: &::coodie::scylla::frame::response::result::ColumnType,
            ) -> ::core::result::Result<(), ::coodie::scylla::deserialize::TypeCheckError> {
                <#mirror as #deserialize_value<'__frame, '__metadata>>::type_check(typ)
            }

            fn deserialize(
                typ: &'__metadata ::coodie::scylla::frame::response::result::ColumnType<'__metadata>,
                v: ::core::option::Option<::coodie::scylla::deserialize::FrameSlice<'__frame>>,
            ) -> ::core::result::Result<Self, ::coodie::scylla::deserialize::DeserializationError> {
                let value = <#mirror as #deserialize_value<'__frame, '__metadata>>::deserialize(typ, v)?;
                ::core::result::Result::Ok(#ident {
                    #(#moves,)*
                })
            }
        }
    }
}
