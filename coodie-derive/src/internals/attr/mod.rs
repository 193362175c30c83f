//! Parsing of `#[coodie(...)]` attributes, on the struct ([`Container`]) and on its
//! fields ([`Field`]).
//!
//! Which keys a derive takes, and why it refuses the keys of another derive, is
//! said once per derive kind in `document.rs`, `view.rs` and `user_type.rs` (in the shape of
//! `rules.rs`); `read.rs` hands each key that the derive takes to the struct or
//! field parser and turns every other key into a spanned error (unknown keys list
//! the valid ones). The files depend on each other top to bottom: `value`,
//! `rules` <- `document`, `view`, `user_type` <- `read` <- `container`, `field`.

mod container;
mod document;
mod field;
mod projection;
mod read;
mod rules;
mod user_type;
mod value;
mod view;

pub use self::container::Container;
pub use self::field::Field;
pub use self::value::{Index, Order, Select, Similarity, Str};

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::read::Place;
    use super::rules::Keys;
    use super::{Container, Field};
    use crate::internals::Derive;
    use crate::internals::ctxt::Ctxt;
    use crate::internals::symbol::{BASE, DEFAULT_TTL, FILTER, OF, ORDER, SELECT, Symbol};

    /// `key` with a valid value: `key = ...`, or the bare key for flags.
    fn written(key: Symbol) -> proc_macro2::TokenStream {
        let ident = syn::Ident::new(key.as_str(), proc_macro2::Span::call_site());
        match key {
            DEFAULT_TTL => quote!(#ident = 60),
            BASE | OF => quote!(#ident = Product),
            SELECT => quote!(#ident = "columns"),
            ORDER => quote!(#ident = "desc"),
            FILTER => quote!(#ident = "\"a\" = 1"),
            _ if [
                "table",
                "keyspace",
                "options",
                "view",
                "rename",
                "type_name",
            ]
            .contains(&key.as_str()) =>
            {
                quote!(#ident = "name")
            }
            _ => quote!(#ident),
        }
    }

    /// Parses `#[coodie(key)]` for every key `keys` takes, with `parse`; the
    /// messages of the errors it records.
    fn errors_for_taken_keys(keys: &Keys, parse: impl Fn(&Ctxt, &[syn::Attribute])) -> Vec<String> {
        keys.takes
            .iter()
            .flat_map(|&key| {
                let tokens = written(key);
                let attrs: Vec<syn::Attribute> = vec![syn::parse_quote!(#[coodie(#tokens)])];
                let cx = Ctxt::new();
                parse(&cx, &attrs);
                cx.messages()
                    .into_iter()
                    .map(move |e| format!("`{key}`: {e}"))
            })
            .collect()
    }

    #[test]
    fn every_key_a_derive_takes_has_a_parser() {
        for derive in Derive::ALL {
            let on_struct = errors_for_taken_keys(Place::Struct.keys(derive), |cx, attrs| {
                Container::from_ast(cx, derive, attrs);
            });
            let on_field = errors_for_taken_keys(Place::Field.keys(derive), |cx, attrs| {
                Field::from_ast(cx, derive, attrs);
            });
            assert_eq!(on_struct, Vec::<String>::new(), "{derive:?} struct");
            assert_eq!(on_field, Vec::<String>::new(), "{derive:?} field");
        }
    }

    #[test]
    fn a_key_is_refused_with_the_reason_of_its_derive() {
        let cx = Ctxt::new();
        Container::from_ast(
            &cx,
            Derive::MaterializedView,
            &[syn::parse_quote!(#[coodie(keyspace = "shop", idx, partition_key)])],
        );
        assert_eq!(
            cx.messages(),
            [
                "`keyspace` is not a #[derive(MaterializedView)] attribute: a view lives in the keyspace of its base table",
                "unknown #[coodie] attribute `idx` on a #[derive(MaterializedView)] struct; expected one of `view`, `base`, `select`, `filter`, `options`",
                "unknown #[coodie] attribute `partition_key` on a #[derive(MaterializedView)] struct; expected one of `view`, `base`, `select`, `filter`, `options`; `partition_key` is a field attribute: put it on a field",
            ]
        );
    }

    /// The keys listed under `# {section}` of a derive's doc page: the first word
    /// of each `` - `key ...` `` item.
    fn documented_keys(page: &str, section: &str) -> Vec<String> {
        let heading = format!("\n# {section}\n");
        let Some(start) = page.find(&heading) else {
            return Vec::new();
        };
        let body = &page[start + heading.len()..];
        let body = &body[..body.find("\n# ").unwrap_or(body.len())];
        body.lines()
            .filter_map(|line| line.strip_prefix("- `"))
            .map(|item| {
                item.chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect()
            })
            .collect()
    }

    #[test]
    fn every_key_is_documented_on_its_derive() {
        let doc_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../coodie/src/doc");
        for (derive, page) in [
            (Derive::Document, "derive_document.md"),
            (Derive::MaterializedView, "derive_materialized_view.md"),
            (Derive::Projection, "derive_projection.md"),
            (Derive::UserType, "derive_user_type.md"),
        ] {
            let path = doc_dir.join(page);
            let page = std::fs::read_to_string(&path).unwrap_or_else(|err| {
                panic!(
                    "the derive's doc page {} cannot be read: {err}",
                    path.display()
                )
            });
            for (section, place) in [
                ("Struct attributes", Place::Struct),
                ("Field attributes", Place::Field),
            ] {
                let mut documented = documented_keys(&page, section);
                let mut taken: Vec<String> = place
                    .keys(derive)
                    .takes
                    .iter()
                    .map(|k| k.as_str().to_string())
                    .collect();
                documented.sort();
                taken.sort();
                assert_eq!(
                    documented,
                    taken,
                    "`# {section}` of {} lists other keys than #[derive({})] takes",
                    path.display(),
                    derive.name()
                );
            }
        }
    }
}
