//! Both sides of the compile-time checks of a view against its base table (see
//! `coodie::private::view_checks`): the `BaseColumn` impls a document (or view)
//! provides, and the `const` checks and type probes a view, or a projection, runs
//! against the type it reads.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use crate::internals::ast::{Container, Field};

/// The `H` of `BaseColumn<H>` for `column`: a const expression that calls the
/// runtime's `column_hash`, so the base's impls and the view's probes hash names
/// with one function.
fn column_hash(column: &str) -> TokenStream {
    quote!({ ::coodie::private::view_checks::column_hash(#column) })
}

/// A document's (or view's) side: one `BaseColumn<hash of the column name>` impl
/// per field, whose `Type` is the field's type, for views and projections to
/// probe.
pub fn base_columns(cont: &Container) -> TokenStream {
    let ident = cont.ident;
    let impls = cont.fields.iter().map(|f| {
        let hash = column_hash(&f.column);
        let ty = f.ty;
        quote! {
            impl ::coodie::private::view_checks::BaseColumn<#hash> for #ident {
                type Type = #ty;
            }
        }
    });
    quote!(#(#impls)*)
}

/// A view's side: every check against `base`, spanned on the view's struct name
/// or its fields, so that a failed `const` evaluation or a type mismatch points
/// there and not at the derive.
pub fn view_checks(cont: &Container, base: &syn::Path, select_all: bool) -> TokenStream {
    let view = cont.name();
    let base_name = path_name(base);
    let field_checks = cont
        .fields
        .iter()
        .map(|f| field_checks(f, base, &base_name));

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

/// The path as written, for messages: `models::Product`.
fn path_name(path: &syn::Path) -> String {
    path.segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

/// One view field: its column exists in the base and is not static there (const
/// checks by name), and its type is the base field's (a probe of `BaseColumn`).
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

/// A projection's side: each field is a column of `of` (a `const` check by name)
/// with `of`'s field type (a probe of `BaseColumn`), spanned on the field.
pub fn projection_checks(cont: &Container, of: &syn::Path) -> TokenStream {
    let of_name = path_name(of);
    let checks = cont.fields.iter().map(|f| {
        let column = &f.column;
        let hash = column_hash(column);
        let ty = f.ty;
        let span = f.ident.span();
        let missing = format!(
            "`{column}` is not a column of `{of_name}`: a projection reads columns of the type it is declared `of`; name this field as one of its columns, point it at one with #[coodie(rename = \"...\")], or remove it"
        );
        let method = quote_spanned!(ty.span()=> projected_type);
        let by_name = quote_spanned! {span=>
            const _: () = ::coodie::private::view_checks::require_base_column(
                <#of as ::coodie::model::Table>::COLUMN_NAMES, #column, #missing,
            );
        };
        quote! {
            #by_name
            const _: () = {
                #[allow(unused_imports)]
                use ::coodie::private::view_checks::{ColumnFound as _, ColumnMissing as _};
                fn __check() {
                    (&::coodie::private::view_checks::Probe::<#of, #hash>::new()).#method::<#ty>();
                }
            };
        }
    });
    quote!(#(#checks)*)
}
