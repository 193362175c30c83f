//! Parsing of `#[coodie(...)]` attributes, on the struct ([`Container`]) and on its
//! fields ([`Field`]).
//!
//! Which keys a derive takes, and why it refuses the keys of another derive, is
//! said once per derive kind in `document.rs` and `view.rs`; `read.rs` hands each
//! key that the derive takes to the struct or field parser and turns every other
//! key into a spanned error (unknown keys list the valid ones).

use proc_macro2::Span;

use super::Derive;
use super::ctxt::Ctxt;
use super::symbol::Symbol;

mod container;
mod document;
mod field;
mod read;
mod view;

pub use self::container::Container;
pub use self::field::Field;

/// One attribute value and where it was written; set at most once.
pub struct Attr<T> {
    key: Symbol,
    value: Option<(Span, T)>,
}

impl<T> Attr<T> {
    fn none(key: Symbol) -> Self {
        Attr { key, value: None }
    }

    /// Sets the value written at `span`; a second one is an error there.
    fn set(&mut self, cx: &Ctxt, span: Span, value: T) {
        if self.value.is_some() {
            cx.error_at(span, format!("duplicate `{}` in #[coodie(...)]", self.key));
        } else {
            self.value = Some((span, value));
        }
    }

    pub fn get(&self) -> Option<&T> {
        self.value.as_ref().map(|(_, v)| v)
    }

    /// Where the key was written.
    pub fn span(&self) -> Option<Span> {
        self.value.as_ref().map(|(s, _)| *s)
    }

    pub fn is_set(&self) -> bool {
        self.value.is_some()
    }
}

/// A flag attribute (`#[coodie(partition_key)]`).
pub type Flag = Attr<()>;

/// A string value and the span of the string literal, for errors about its content.
pub struct Str {
    pub value: String,
    pub span: Span,
}

/// `order = "asc" | "desc"`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Asc,
    Desc,
}

/// `select = "*" | "columns"`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Select {
    All,
    Columns,
}

/// The keys one derive takes in one place (struct or field), and why it refuses
/// there the keys that another derive takes.
struct Keys {
    /// In the order an "unknown attribute" error lists them.
    takes: &'static [Symbol],
    /// The reason a key of another derive is refused here, or `None` to report it
    /// as unknown.
    refuses: fn(Symbol) -> Option<String>,
}

/// What one derive kind takes on its struct and on its fields.
struct Rules {
    on_struct: Keys,
    on_field: Keys,
}

fn rules(derive: Derive) -> &'static Rules {
    match derive {
        Derive::Document => &document::RULES,
        Derive::MaterializedView => &view::RULES,
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::{Container, Field, Keys, rules};
    use crate::internals::Derive;
    use crate::internals::ctxt::Ctxt;
    use crate::internals::symbol::{BASE, DEFAULT_TTL, FILTER, ORDER, SELECT, Symbol};

    /// `key` with a valid value: `key = ...`, or the bare key for flags.
    fn written(key: Symbol) -> proc_macro2::TokenStream {
        let ident = syn::Ident::new(key.as_str(), proc_macro2::Span::call_site());
        match key {
            DEFAULT_TTL => quote!(#ident = 60),
            BASE => quote!(#ident = Product),
            SELECT => quote!(#ident = "columns"),
            ORDER => quote!(#ident = "desc"),
            FILTER => quote!(#ident = "\"a\" = 1"),
            _ if ["table", "keyspace", "options", "view", "rename"].contains(&key.as_str()) => {
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
            let rules = rules(derive);
            let on_struct = errors_for_taken_keys(&rules.on_struct, |cx, attrs| {
                Container::from_ast(cx, derive, attrs);
            });
            let on_field = errors_for_taken_keys(&rules.on_field, |cx, attrs| {
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
}
