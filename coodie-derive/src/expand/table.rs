//! What documents and views share: the public `{Name}Columns` struct, the
//! `DeserializeRow` impl and the `Table` impl, whose kind-specific parts each
//! derive kind gives as [`TableParts`].

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use crate::internals::ast::{Container, Field, Kind};
use crate::internals::attr::Order;
use crate::internals::ty;
use crate::{anon_const, role};

/// What a document and a view both generate: the public `{Name}Columns`
/// struct, then hidden in a `const _`: the `Table` impl (from `parts`), the
/// `DeserializeRow` impl, and `kind_items`, what only this derive kind generates.
pub fn expand(cont: &Container, parts: TableParts, kind_items: TokenStream) -> TokenStream {
    let columns_struct = columns_struct(cont);
    let deserialize = deserialize_row(
        cont,
        quote!(::coodie::private::type_check_error_for::<Self>),
    );
    let table_impl = table_impl(cont, parts);
    let hidden = anon_const::wrap(quote! {
        // `Table` first: its `schema()` names each field's `CqlType`, so an
        // unsupported field type is reported on the field before anything else.
        #table_impl
        #deserialize
        #kind_items
    });
    quote! {
        #columns_struct
        #hidden
    }
}

/// `::coodie::model::ColumnKind::...` for a field.
fn column_kind(field: &Field) -> TokenStream {
    match field.kind() {
        Kind::PartitionKey => quote!(::coodie::model::ColumnKind::PartitionKey),
        Kind::Clustering(Order::Asc) => {
            quote!(::coodie::model::ColumnKind::Clustering(
                ::coodie::model::Order::Asc
            ))
        }
        Kind::Clustering(Order::Desc) => {
            quote!(::coodie::model::ColumnKind::Clustering(
                ::coodie::model::Order::Desc
            ))
        }
        Kind::Static => quote!(::coodie::model::ColumnKind::Static),
        Kind::Regular => quote!(::coodie::model::ColumnKind::Regular),
    }
}

/// `<Ty as CqlType>::cql_type()`, spanned on the field's type so that an
/// unsupported type is reported on that field.
pub fn rust_cql_type(field: &Field) -> TokenStream {
    let ty = field.ty;
    quote_spanned!(ty.span()=> <#ty as ::coodie::model::CqlType>::cql_type())
}

/// The public struct of typed columns, `{Name}Columns`, with one
/// `Column<{Name}, V, Role>` per field (`V` is `T` for an `Option<T>` field).
fn columns_struct(cont: &Container) -> TokenStream {
    let ident = cont.ident;
    let vis = cont.vis;
    let columns = cont.columns_ident();
    let struct_doc = format!(
        " The typed columns of [`{ident}`], one per field, for filters: `{ident}::COLUMNS.<field>`."
    );
    let fields = cont.fields.iter().map(|f| {
        let name = f.ident;
        let value = f.value_ty();
        let role = role::column_role(f);
        let doc = format!(" The `{}` column.", f.column);
        quote! {
            #[doc = #doc]
            pub #name: ::coodie::query::Column<#ident, #value, #role>
        }
    });
    quote! {
        #[doc = #struct_doc]
        #[derive(::core::clone::Clone, ::core::marker::Copy, ::core::fmt::Debug)]
        #[allow(non_camel_case_types)]
        #vis struct #columns {
            #(#fields,)*
        }
    }
}

/// A hidden struct in column order deriving scylla's `DeserializeRow`, and the
/// user's struct deserializing through it.
pub fn deserialize_row(cont: &Container, type_check_error: TokenStream) -> TokenStream {
    let ident = cont.ident;
    let row = format_ident!("__{}Row", cont.ident);
    let names: Vec<_> = cont.fields.iter().map(|f| f.ident).collect();
    // The compatibility layer (`coodie::private::compat`): `Widened` reads `f64`
    // and `i64` fields from `float` and `int` columns, `TimeuuidCompat` reads
    // `timeuuid` columns into `Uuid` fields; `VectorCompat` reads vectors into
    // arrays.
    let tys = cont.fields.iter().map(|f| {
        let ty = f.ty;
        if f.is_vector() {
            return quote!(::coodie::private::VectorCompat<#ty>);
        }
        let ty = if f.may_be_narrowed() {
            quote!(::coodie::private::Widened<#ty>)
        } else {
            quote!(#ty)
        };
        if f.may_hold_timeuuid() {
            quote!(::coodie::private::TimeuuidCompat<#ty>)
        } else {
            ty
        }
    });
    let moves = cont.fields.iter().map(|f| {
        let name = f.ident;
        if f.is_vector() {
            return quote!(#name: row.#name.0);
        }
        let value = quote!(row.#name);
        let value = if f.may_hold_timeuuid() {
            quote!(#value.0)
        } else {
            value
        };
        if f.may_be_narrowed() {
            quote!(#name: #value.0)
        } else {
            quote!(#name: #value)
        }
    });
    quote! {
        #[derive(::coodie::scylla::DeserializeRow)]
        #[scylla(crate = ::coodie::scylla, flavor = "enforce_order", skip_name_checks)]
        #[allow(non_camel_case_types, non_snake_case)]
        struct #row {
            #(#names: #tys,)*
        }

        #[automatically_derived]
        impl<'__frame, '__metadata>
            ::coodie::scylla::deserialize::row::DeserializeRow<'__frame, '__metadata> for #ident
        {
            fn type_check(
                specs: &[::coodie::scylla::frame::response::result::ColumnSpec<'_>],
            ) -> ::core::result::Result<(), ::coodie::scylla::deserialize::TypeCheckError> {
                <#row as ::coodie::scylla::deserialize::row::DeserializeRow<'__frame, '__metadata>>::type_check(specs)
                    .map_err(|e| #type_check_error(specs, e))
            }

            fn deserialize(
                row: ::coodie::scylla::deserialize::row::ColumnIterator<'__frame, '__metadata>,
            ) -> ::core::result::Result<Self, ::coodie::scylla::deserialize::DeserializationError> {
                let row = <#row as ::coodie::scylla::deserialize::row::DeserializeRow<'__frame, '__metadata>>::deserialize(row)
                    .map_err(::coodie::private::deserialization_error_for::<Self>)?;
                ::core::result::Result::Ok(#ident {
                    #(#moves,)*
                })
            }
        }
    }
}

/// The parts of the `Table` impl that differ between a document and a view.
pub struct TableParts {
    /// The `Base` type: the struct itself, or the view's base document.
    pub base: TokenStream,
    /// `Option<&'static str>`.
    pub keyspace: TokenStream,
    /// `Vec<IndexSchema>`.
    pub indexes: TokenStream,
    /// `Option<u32>`.
    pub default_ttl: TokenStream,
    /// `Option<&'static str>`.
    pub options: TokenStream,
    /// `Option<ViewSchema>`.
    pub view: TokenStream,
    /// Each column's CQL type, a `String` expression, in field order.
    pub cql_types: Vec<TokenStream>,
    /// The `fn user_types()` of the impl, or nothing for the default (none).
    pub user_types: TokenStream,
}

/// `T` for a one-column key, `(A, B, ..)` otherwise.
fn key_type(fields: &[&Field]) -> TokenStream {
    match fields {
        [only] => {
            let ty = only.ty;
            quote!(#ty)
        }
        _ => {
            let tys = fields.iter().map(|f| f.ty);
            quote!((#(#tys,)*))
        }
    }
}

/// The row type of a key's columns (a tuple, `TimeuuidCompat` around values that
/// may be `timeuuid`s) and the expression turning `row` into the key type.
fn key_row(fields: &[&Field]) -> (TokenStream, TokenStream) {
    let tys = fields.iter().map(|f| {
        let ty = f.ty;
        if f.may_hold_timeuuid() {
            quote!(::coodie::private::TimeuuidCompat<#ty>)
        } else {
            quote!(#ty)
        }
    });
    let values: Vec<TokenStream> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let i = syn::Index::from(i);
            if f.may_hold_timeuuid() {
                quote!(row.#i.0)
            } else {
                quote!(row.#i)
            }
        })
        .collect();
    let key = match values.as_slice() {
        [only] => quote!(#only),
        _ => quote!((#(#values,)*)),
    };
    (quote!((#(#tys,)*)), key)
}

/// The body of `fn ..._key_values(key: &Key)`: a one-column key is wrapped in a
/// 1-tuple (a lone value is not a row), a tuple key is a row already.
fn key_values(fields: &[&Field]) -> TokenStream {
    match fields {
        [_] => quote!((key,)),
        _ => quote!(key),
    }
}

fn table_impl(cont: &Container, parts: TableParts) -> TokenStream {
    let ident = cont.ident;
    let name = cont.name();
    let columns = cont.columns_ident();
    let TableParts {
        base,
        keyspace,
        indexes,
        default_ttl,
        options,
        view,
        cql_types,
        user_types,
    } = parts;

    let partition: Vec<&Field> = cont.partition_key().collect();
    let primary: Vec<&Field> = cont.primary_key().collect();
    let primary_key_ty = key_type(&primary);
    let partition_key_ty = key_type(&partition);
    let primary_key_values = key_values(&primary);
    let partition_key_values = key_values(&partition);
    let (partition_row_ty, partition_from_row) = key_row(&partition);
    let primary_names = primary.iter().map(|f| &f.column);
    let partition_names = partition.iter().map(|f| &f.column);
    let column_names = cont.fields.iter().map(|f| &f.column);
    let rust_types = cont.fields.iter().map(|f| ty::display(f.ty));

    let column_inits = cont.fields.iter().map(|f| {
        let field = f.ident;
        let column = &f.column;
        let kind = column_kind(f);
        quote!(#field: ::coodie::query::Column::new(#column, #kind))
    });
    let column_schemas = cont.fields.iter().zip(&cql_types).map(|(f, cql_type)| {
        let column = &f.column;
        let field = f.name();
        let kind = column_kind(f);
        quote! {
            ::coodie::model::ColumnSchema {
                name: #column,
                field: #field,
                cql_type: #cql_type,
                kind: #kind,
            }
        }
    });

    let send_sync = quote!(::core::marker::Send + ::core::marker::Sync);
    let serialize_row = quote!(::coodie::scylla::serialize::row::SerializeRow);
    quote! {
        #[automatically_derived]
        impl ::coodie::model::Table for #ident {
            type Base = #base;
            type Columns = #columns;
            type PrimaryKey = #primary_key_ty;
            type PartitionKey = #partition_key_ty;
            type PartitionKeyRow = #partition_row_ty;

            const COLUMNS: #columns = #columns {
                #(#column_inits,)*
            };
            const NAME: &'static str = #name;
            const PRIMARY_KEY: &'static [&'static str] = &[#(#primary_names),*];
            const PARTITION_KEY: &'static [&'static str] = &[#(#partition_names),*];
            const COLUMN_NAMES: &'static [&'static str] = &[#(#column_names),*];
            const RUST_TYPES: &'static [&'static str] = &[#(#rust_types),*];

            fn schema() -> &'static ::coodie::model::TableSchema {
                static SCHEMA: ::std::sync::OnceLock<::coodie::model::TableSchema> =
                    ::std::sync::OnceLock::new();
                SCHEMA.get_or_init(|| ::coodie::model::TableSchema {
                    keyspace: #keyspace,
                    name: #name,
                    columns: ::std::vec![#(#column_schemas),*],
                    indexes: #indexes,
                    default_ttl: #default_ttl,
                    options: #options,
                    view: #view,
                })
            }

            #user_types

            fn primary_key_values(
                key: &Self::PrimaryKey,
            ) -> impl #serialize_row + #send_sync + '_ {
                #primary_key_values
            }

            fn partition_key_values(
                key: &Self::PartitionKey,
            ) -> impl #serialize_row + #send_sync + '_ {
                #partition_key_values
            }

            fn partition_key_from_row(row: Self::PartitionKeyRow) -> Self::PartitionKey {
                #partition_from_row
            }
        }
    }
}

/// `Some("x")` / `None` for an optional string.
pub fn option_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    }
}
