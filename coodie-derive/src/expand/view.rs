//! `#[derive(MaterializedView)]`: the `Table` impl of a view (its `Base` is the
//! base document), `MaterializedView`, and the compile-time checks against the
//! base table (see `coodie::private::view_checks`).

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use crate::ast::{Container, Field};
use crate::attr::Select;
use crate::expand::table::{self, TableParts};

/// The `H` of `BaseColumn<H>` for `column`: a const expression that calls the
/// runtime's `column_hash`, so the base's impls and the view's probes hash names
/// with one function.
pub fn column_hash(column: &str) -> TokenStream {
    quote!({ ::coodie::private::view_checks::column_hash(#column) })
}

pub fn expand(cont: &Container) -> TokenStream {
    let Some(base) = cont.attrs.base.get() else {
        // `check` reports a missing `base`; nothing sensible to generate.
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
    };

    let columns_struct = table::columns_struct(cont);
    let deserialize = table::deserialize_row(cont);
    let table_impl = table::table_impl(cont, parts);
    let checks = checks(cont, base, select_all);
    let body = table::wrap(quote! {
        // `Table` first: its `schema()` names each field's `CqlType`, so an
        // unsupported field type is reported on the field before anything else.
        #table_impl
        #deserialize

        #[automatically_derived]
        impl ::coodie::model::MaterializedView for #ident {}

        #checks
    });
    quote! {
        #columns_struct
        #body
    }
}

/// The path as written, for messages: `models::Product`.
fn path_name(path: &syn::Path) -> String {
    path.segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

fn checks(cont: &Container, base: &syn::Path, select_all: bool) -> TokenStream {
    let view = cont.name();
    let base_name = path_name(base);
    let field_checks = cont
        .fields
        .iter()
        .map(|f| field_checks(f, base, &base_name));

    // Every token of a check is spanned on the struct's name (or the field), so a
    // failed `const` evaluation points there and not at the derive.
    let span = cont.ident.span();
    let view_key: Vec<_> = cont.primary_key().map(|f| &f.column).collect();
    let view_columns = cont.fields.iter().map(|f| &f.column);
    let select_all_check = select_all.then(|| {
        quote_spanned! {span=>
            const _: () = ::coodie::private::view_checks::forbid_select_all_with_statics(
                #view, #base_name, <#base as ::coodie::model::Document>::STATIC_COLUMNS,
            );
        }
    });
    quote_spanned! {span=>
        #(#field_checks)*
        #select_all_check
        const _: () = ::coodie::private::view_checks::require_base_key_in_view_key(
            #view, #base_name, <#base as ::coodie::model::Table>::PRIMARY_KEY, &[#(#view_key),*],
            &[#(#view_columns),*],
        );
        const _: () = ::coodie::private::view_checks::limit_non_key_columns_in_view_key(
            #view, #base_name, <#base as ::coodie::model::Table>::PRIMARY_KEY, &[#(#view_key),*],
        );
    }
}

fn field_checks(f: &Field, base: &syn::Path, base_name: &str) -> TokenStream {
    let column = &f.column;
    let hash = column_hash(column);
    let ty = f.ty;
    let span = f.ident.span();
    let missing = format!(
        "`{column}` is not a column of `{base_name}`: a materialized view selects columns of its base table; add `{column}` to `{base_name}`, point this field at one of its columns with #[coodie(rename = \"...\")], or remove it from the view"
    );
    let is_static = format!(
        "`{column}` is a static column of `{base_name}`, and a materialized view cannot include static columns: remove this field from the view"
    );
    let method = if f.kind().is_primary_key() {
        quote_spanned!(ty.span()=> key_type)
    } else {
        quote_spanned!(ty.span()=> field_type)
    };
    let by_name = quote_spanned! {span=>
        const _: () = ::coodie::private::view_checks::require_base_column(
            <#base as ::coodie::model::Table>::COLUMN_NAMES, #column, #missing,
        );
        const _: () = ::coodie::private::view_checks::forbid_static_column(
            <#base as ::coodie::model::Document>::STATIC_COLUMNS, #column, #is_static,
        );
    };
    quote! {
        #by_name
        const _: () = {
            #[allow(unused_imports)]
            use ::coodie::private::view_checks::{ColumnFound as _, ColumnMissing as _};
            fn __check() {
                (&::coodie::private::view_checks::Probe::<#base, #hash>::new()).#method::<#ty>();
            }
        };
    }
}
