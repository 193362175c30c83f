//! Reads the keys of every `#[coodie(...)]` attribute in one place (the struct or
//! a field): a key the derive takes goes to the parser of that place, every other
//! key becomes an error at the key, and reading goes on so that all errors are
//! reported at once.

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::parse::Parse;
use syn::spanned::Spanned;

use super::rules::Keys;
use super::value::Str;
use super::{document, projection, user_type, view};
use crate::internals::Derive;
use crate::internals::ctxt::Ctxt;
use crate::internals::symbol::{COODIE, Symbol};

/// Where an attribute is written.
#[derive(Clone, Copy)]
pub(super) enum Place {
    Struct,
    Field,
}

impl Place {
    const ALL: [Place; 2] = [Place::Struct, Place::Field];

    /// The keys `derive` takes here.
    pub fn keys(self, derive: Derive) -> &'static Keys {
        let rules = match derive {
            Derive::Document => &document::RULES,
            Derive::MaterializedView => &view::RULES,
            Derive::Projection => &projection::RULES,
            Derive::UserType => &user_type::RULES,
        };
        match self {
            Place::Struct => &rules.on_struct,
            Place::Field => &rules.on_field,
        }
    }

    fn word(self) -> &'static str {
        match self {
            Place::Struct => "struct",
            Place::Field => "field",
        }
    }

    /// Where a key of the other place goes, when `key` is one (for any derive).
    fn belongs_elsewhere(self, key: Option<Symbol>) -> Option<&'static str> {
        let (other, hint) = match self {
            Place::Struct => (Place::Field, "a field attribute: put it on a field"),
            Place::Field => (Place::Struct, "a struct attribute: put it on the struct"),
        };
        let key = key?;
        Derive::ALL
            .iter()
            .any(|&derive| other.keys(derive).takes.contains(&key))
            .then_some(hint)
    }
}

/// One key of a `#[coodie(...)]` attribute, as the struct and the field parser see it.
pub(super) struct Key<'a, 'm> {
    meta: &'a ParseNestedMeta<'m>,
    /// Where the key is written, for errors about the key itself.
    pub span: Span,
    /// The key as written (`a::b` for a path).
    name: String,
    derive: Derive,
    place: Place,
}

impl Key<'_, '_> {
    /// The value after `=`.
    pub fn value<T: Parse>(&self) -> syn::Result<T> {
        self.meta.value()?.parse()
    }

    /// The string literal after `=`.
    pub fn lit_str(&self) -> syn::Result<Str> {
        let lit: syn::LitStr = self.value()?;
        Ok(Str {
            value: lit.value(),
            span: lit.span(),
        })
    }

    /// Whether a `(...)` list follows the key.
    pub fn has_list(&self) -> bool {
        self.meta.input.peek(syn::token::Paren)
    }

    /// Hands each item of the `(...)` list after the key to `parse`.
    pub fn for_each_nested(
        &self,
        parse: impl FnMut(ParseNestedMeta) -> syn::Result<()>,
    ) -> syn::Result<()> {
        self.meta.parse_nested_meta(parse)
    }

    /// Whether a `= value` follows the key.
    pub fn has_value(&self) -> bool {
        self.meta.input.peek(syn::Token![=])
    }

    /// Rejects a key this derive does not take in this place, listing the keys it
    /// does take.
    pub fn unknown(&self, cx: &Ctxt) -> syn::Result<()> {
        self.unknown_with_hint(cx, known_key(&self.meta.path))
    }

    fn unknown_with_hint(&self, cx: &Ctxt, symbol: Option<Symbol>) -> syn::Result<()> {
        let name = &self.name;
        let keys: Vec<String> = self
            .place
            .keys(self.derive)
            .takes
            .iter()
            .map(|k| format!("`{k}`"))
            .collect();
        let keys = keys.join(", ");
        let hint = self
            .place
            .belongs_elsewhere(symbol)
            .map(|where_| format!("; `{name}` is {where_}"))
            .unwrap_or_default();
        self.reject(
            cx,
            format!(
                "unknown #[coodie] attribute `{name}` on a #[derive({})] {}; expected one of {keys}{hint}",
                self.derive.name(),
                self.place.word(),
            ),
        )
    }

    /// Skips the key's value and records `message` at the key.
    fn reject(&self, cx: &Ctxt, message: String) -> syn::Result<()> {
        skip_value(self.meta)?;
        cx.error_at(self.span, message);
        Ok(())
    }
}

/// Hands every key of every `#[coodie(...)]` attribute in `attrs` that `derive`
/// takes in `place` to `parse_key`, and rejects the others; a syntax error is
/// recorded and reading goes on with the next attribute.
pub(super) fn for_each_key(
    cx: &Ctxt,
    derive: Derive,
    place: Place,
    attrs: &[syn::Attribute],
    mut parse_key: impl FnMut(Symbol, &Key) -> syn::Result<()>,
) {
    let keys = place.keys(derive);
    for attr in attrs.iter().filter(|a| a.path() == COODIE) {
        let parsed = attr.parse_nested_meta(|meta| {
            let key = Key {
                meta: &meta,
                span: meta.path.span(),
                name: path_key(&meta.path),
                derive,
                place,
            };
            match known_key(&meta.path) {
                Some(symbol) if keys.takes.contains(&symbol) => parse_key(symbol, &key),
                Some(symbol) => match (keys.refuses)(symbol) {
                    Some(why) => key.reject(cx, why),
                    None => key.unknown_with_hint(cx, Some(symbol)),
                },
                None => key.unknown_with_hint(cx, None),
            }
        });
        if let Err(err) = parsed {
            cx.syn_error(err);
        }
    }
}

/// The key `path` names, if some derive takes it somewhere.
fn known_key(path: &syn::Path) -> Option<Symbol> {
    Derive::ALL
        .iter()
        .flat_map(|&derive| Place::ALL.map(|place| place.keys(derive).takes))
        .flatten()
        .copied()
        .find(|key| path == *key)
}

/// The path as written: `a::b`.
fn path_key(path: &syn::Path) -> String {
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    segments.join("::")
}

/// Consumes `= value` or `(...)` after a rejected key, so parsing continues with
/// the next key and every error is reported.
fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        let _: syn::Expr = meta.value()?.parse()?;
    } else if meta.input.peek(syn::token::Paren) {
        let _content;
        syn::parenthesized!(_content in meta.input);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::known_key;

    #[test]
    fn keys_are_single_identifiers_that_a_derive_takes() {
        for (written, known) in [
            ("table", true),
            ("partition_key", true),
            ("filter", true),
            ("idx", false),
            ("Table", false),
            ("coodie::table", false),
        ] {
            let path = syn::parse_str::<syn::Path>(written).expect("a path");
            assert_eq!(known_key(&path).is_some(), known, "{written}");
        }
    }
}
