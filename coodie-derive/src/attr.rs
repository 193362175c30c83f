//! Parsing of `#[coodie(...)]` attributes, on the struct and on its fields.
//!
//! Every key is parsed with [`syn::meta::ParseNestedMeta`]; an unknown key is a
//! spanned error that lists the valid ones, and a key that belongs to the other
//! derive says which derive it belongs to.

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::{LitInt, LitStr};

use crate::ast::Derive;
use crate::ctxt::Ctxt;

/// One attribute value and where it was written; set at most once.
pub struct Attr<T> {
    name: &'static str,
    value: Option<(Span, T)>,
}

impl<T> Attr<T> {
    fn none(name: &'static str) -> Self {
        Attr { name, value: None }
    }

    fn set(&mut self, cx: &Ctxt, span: Span, value: T) {
        if self.value.is_some() {
            cx.error_at(span, format!("duplicate `{}` in #[coodie(...)]", self.name));
        } else {
            self.value = Some((span, value));
        }
    }

    pub fn get(&self) -> Option<&T> {
        self.value.as_ref().map(|(_, v)| v)
    }

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

const DOCUMENT_STRUCT_KEYS: &[&str] = &["table", "keyspace", "default_ttl", "options"];
const VIEW_STRUCT_KEYS: &[&str] = &["view", "base", "select", "filter", "options"];
const DOCUMENT_FIELD_KEYS: &[&str] = &[
    "partition_key",
    "clustering_key",
    "order",
    "index",
    "static_column",
    "rename",
    "timeuuid",
    "frozen",
];
const VIEW_FIELD_KEYS: &[&str] = &["partition_key", "clustering_key", "order", "rename"];

/// The struct-level `#[coodie(...)]` keys.
pub struct Container {
    pub table: Attr<Str>,
    pub keyspace: Attr<Str>,
    pub default_ttl: Attr<u32>,
    pub options: Attr<String>,
    pub view: Attr<Str>,
    pub base: Attr<syn::Path>,
    pub select: Attr<Select>,
    pub filter: Attr<String>,
}

impl Container {
    pub fn from_ast(cx: &Ctxt, derive: Derive, attrs: &[syn::Attribute]) -> Self {
        let mut c = Container {
            table: Attr::none("table"),
            keyspace: Attr::none("keyspace"),
            default_ttl: Attr::none("default_ttl"),
            options: Attr::none("options"),
            view: Attr::none("view"),
            base: Attr::none("base"),
            select: Attr::none("select"),
            filter: Attr::none("filter"),
        };
        for_each_key(cx, derive, attrs, |key| c.parse_key(cx, key));
        c
    }

    fn parse_key(&mut self, cx: &Ctxt, key: &Key) -> syn::Result<()> {
        let (meta, span, name, view) = (key.meta, key.span, key.name.as_str(), key.on_view());
        match name {
            "table" if !view => self.table.set(cx, span, lit_str(meta)?),
            "keyspace" if !view => self.keyspace.set(cx, span, lit_str(meta)?),
            "default_ttl" if !view => {
                let lit: LitInt = meta.value()?.parse()?;
                let Ok(ttl) = lit.base10_parse::<u32>() else {
                    return report(
                        cx,
                        lit.span(),
                        "`default_ttl` is a number of seconds: a whole number from 0 to 630720000 (20 years)",
                    );
                };
                if ttl > 630_720_000 {
                    return report(
                        cx,
                        lit.span(),
                        "`default_ttl` is at most 630720000 seconds (20 years), Cassandra's limit",
                    );
                }
                self.default_ttl.set(cx, span, ttl);
            }
            "options" => self.options.set(cx, span, lit_str(meta)?.value),
            "view" if view => self.view.set(cx, span, lit_str(meta)?),
            "base" if view => {
                let path: syn::Path = meta.value()?.parse()?;
                self.base.set(cx, span, path);
            }
            "select" if view => {
                let lit: LitStr = meta.value()?.parse()?;
                let select = match lit.value().as_str() {
                    "*" => Select::All,
                    "columns" => Select::Columns,
                    _ => {
                        return report(
                            cx,
                            lit.span(),
                            "`select` is \"*\" (every column of the base table, the default) or \"columns\" (only this struct's columns)",
                        );
                    }
                };
                self.select.set(cx, span, select);
            }
            "filter" if view => {
                let lit: LitStr = meta.value()?.parse()?;
                if lit.value().trim().is_empty() {
                    return report(
                        cx,
                        lit.span(),
                        "`filter` is a CQL condition such as \"\\\"brand\\\" = 'acme'\"; remove it if the view needs none",
                    );
                }
                self.filter.set(cx, span, lit.value());
            }
            "table" | "keyspace" | "default_ttl" => {
                let why = match name {
                    "table" => "a materialized view is named with `view = \"...\"`",
                    "keyspace" => "a view lives in the keyspace of its base table",
                    _ => {
                        "a view's rows expire with its base table's rows; set `default_ttl` on the base"
                    }
                };
                return reject(
                    cx,
                    key,
                    format!("`{name}` is not a #[derive(MaterializedView)] attribute: {why}"),
                );
            }
            "view" | "base" | "select" | "filter" => {
                return reject(
                    cx,
                    key,
                    format!(
                        "`{name}` belongs to #[derive(MaterializedView)]; a #[derive(Document)] is a table, named with `table = \"...\"`"
                    ),
                );
            }
            _ => {
                let keys = if view {
                    VIEW_STRUCT_KEYS
                } else {
                    DOCUMENT_STRUCT_KEYS
                };
                let belongs_elsewhere =
                    is_field_key(name).then_some("a field attribute: put it on a field");
                return unknown_key(cx, key, "struct", keys, belongs_elsewhere);
            }
        }
        Ok(())
    }
}

/// The field-level `#[coodie(...)]` keys.
pub struct Field {
    pub partition_key: Flag,
    pub clustering_key: Flag,
    pub order: Attr<Order>,
    /// `index` (default name) or `index = "name"`.
    pub index: Attr<Option<Str>>,
    pub static_column: Flag,
    pub rename: Attr<Str>,
    pub timeuuid: Flag,
    pub frozen: Flag,
}

impl Field {
    pub fn from_ast(cx: &Ctxt, derive: Derive, attrs: &[syn::Attribute]) -> Self {
        let mut f = Field {
            partition_key: Attr::none("partition_key"),
            clustering_key: Attr::none("clustering_key"),
            order: Attr::none("order"),
            index: Attr::none("index"),
            static_column: Attr::none("static_column"),
            rename: Attr::none("rename"),
            timeuuid: Attr::none("timeuuid"),
            frozen: Attr::none("frozen"),
        };
        for_each_key(cx, derive, attrs, |key| f.parse_key(cx, key));
        f
    }

    fn parse_key(&mut self, cx: &Ctxt, key: &Key) -> syn::Result<()> {
        let (meta, span, name, view) = (key.meta, key.span, key.name.as_str(), key.on_view());
        match name {
            "partition_key" => self.partition_key.set(cx, span, ()),
            "clustering_key" => self.clustering_key.set(cx, span, ()),
            "order" => {
                let lit: LitStr = meta.value()?.parse()?;
                let order = match lit.value().to_ascii_lowercase().as_str() {
                    "asc" => Order::Asc,
                    "desc" => Order::Desc,
                    _ => {
                        return report(
                            cx,
                            lit.span(),
                            "`order` is \"asc\" (the default) or \"desc\"",
                        );
                    }
                };
                self.order.set(cx, span, order);
            }
            "rename" => self.rename.set(cx, span, lit_str(meta)?),
            "index" if !view => {
                let name = if meta.input.peek(syn::Token![=]) {
                    Some(lit_str(meta)?)
                } else {
                    None
                };
                self.index.set(cx, span, name);
            }
            "static_column" if !view => self.static_column.set(cx, span, ()),
            "timeuuid" if !view => self.timeuuid.set(cx, span, ()),
            "frozen" if !view => self.frozen.set(cx, span, ()),
            "index" | "static_column" | "timeuuid" | "frozen" => {
                let why = match name {
                    "index" => {
                        "a materialized view cannot have secondary indexes; index the base table, or query the view by its partition key"
                    }
                    "static_column" => "a materialized view cannot include static columns",
                    _ => {
                        "a view column has the CQL type of its base column; put it on the base table's field"
                    }
                };
                return reject(
                    cx,
                    key,
                    format!("`{name}` is not allowed on a view field: {why}"),
                );
            }
            _ => {
                let keys = if view {
                    VIEW_FIELD_KEYS
                } else {
                    DOCUMENT_FIELD_KEYS
                };
                let belongs_elsewhere =
                    is_struct_key(name).then_some("a struct attribute: put it on the struct");
                return unknown_key(cx, key, "field", keys, belongs_elsewhere);
            }
        }
        Ok(())
    }
}

/// One key of a `#[coodie(...)]` attribute, as the struct and the field parser see it.
struct Key<'a, 'm> {
    meta: &'a ParseNestedMeta<'m>,
    /// Where the key is written, for errors about the key itself.
    span: Span,
    /// The key as written (`a::b` for a path).
    name: String,
    derive: Derive,
}

impl Key<'_, '_> {
    /// The key sits on a `#[derive(MaterializedView)]` struct or field.
    fn on_view(&self) -> bool {
        self.derive == Derive::MaterializedView
    }
}

/// Hands every key of every `#[coodie(...)]` attribute in `attrs` to `parse_key`;
/// a syntax error is recorded and parsing goes on with the next attribute.
fn for_each_key(
    cx: &Ctxt,
    derive: Derive,
    attrs: &[syn::Attribute],
    mut parse_key: impl FnMut(&Key) -> syn::Result<()>,
) {
    for attr in attrs.iter().filter(|a| a.path().is_ident("coodie")) {
        let parsed = attr.parse_nested_meta(|meta| {
            parse_key(&Key {
                meta: &meta,
                span: meta.path.span_of_key(),
                name: path_key(&meta.path),
                derive,
            })
        });
        if let Err(err) = parsed {
            cx.syn_error(err);
        }
    }
}

/// Records an error at `span` and lets parsing go on with the next key.
fn report(cx: &Ctxt, span: Span, message: impl std::fmt::Display) -> syn::Result<()> {
    cx.syn_error(syn::Error::new(span, message));
    Ok(())
}

/// Rejects a key this derive or place does not take: skips its value and records
/// `message` at the key.
fn reject(cx: &Ctxt, key: &Key, message: String) -> syn::Result<()> {
    skip_value(key.meta)?;
    report(cx, key.span, message)
}

/// Rejects a key unknown on a `place` ("struct" or "field") of this derive, listing
/// the `keys` it takes; `belongs_elsewhere` says where a key of the other place goes.
fn unknown_key(
    cx: &Ctxt,
    key: &Key,
    place: &str,
    keys: &[&str],
    belongs_elsewhere: Option<&str>,
) -> syn::Result<()> {
    let name = &key.name;
    let derive_name = key.derive.name();
    let keys: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
    let keys = keys.join(", ");
    let hint = belongs_elsewhere
        .map(|where_| format!("; `{name}` is {where_}"))
        .unwrap_or_default();
    reject(
        cx,
        key,
        format!(
            "unknown #[coodie] attribute `{name}` on a #[derive({derive_name})] {place}; expected one of {keys}{hint}"
        ),
    )
}

/// A key of `#[coodie(...)]` on a field, of either derive (a document takes every
/// field key a view takes).
fn is_field_key(name: &str) -> bool {
    DOCUMENT_FIELD_KEYS.contains(&name)
}

/// A key of `#[coodie(...)]` on a struct, of either derive.
fn is_struct_key(name: &str) -> bool {
    DOCUMENT_STRUCT_KEYS.contains(&name) || VIEW_STRUCT_KEYS.contains(&name)
}

fn path_key(path: &syn::Path) -> String {
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    segments.join("::")
}

fn lit_str(meta: &ParseNestedMeta) -> syn::Result<Str> {
    let lit: LitStr = meta.value()?.parse()?;
    Ok(Str {
        value: lit.value(),
        span: lit.span(),
    })
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

trait SpanOfKey {
    fn span_of_key(&self) -> Span;
}

impl SpanOfKey for syn::Path {
    fn span_of_key(&self) -> Span {
        syn::spanned::Spanned::span(self)
    }
}
