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

const DOCUMENT_STRUCT_KEYS: &str = "`table`, `keyspace`, `default_ttl`, `options`";
const VIEW_STRUCT_KEYS: &str = "`view`, `base`, `select`, `filter`, `options`";
const DOCUMENT_FIELD_KEYS: &str = "`partition_key`, `clustering_key`, `order`, `index`, `static_column`, `rename`, `timeuuid`, `frozen`";
const VIEW_FIELD_KEYS: &str = "`partition_key`, `clustering_key`, `order`, `rename`";

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
        for attr in attrs.iter().filter(|a| a.path().is_ident("coodie")) {
            let parsed = attr.parse_nested_meta(|meta| c.parse_key(cx, derive, &meta));
            if let Err(err) = parsed {
                cx.syn_error(err);
            }
        }
        c
    }

    fn parse_key(&mut self, cx: &Ctxt, derive: Derive, meta: &ParseNestedMeta) -> syn::Result<()> {
        let span = meta.path.span_of_key();
        let key = path_key(&meta.path);
        let view = derive == Derive::MaterializedView;
        match key.as_str() {
            "table" if !view => self.table.set(cx, span, lit_str(meta)?),
            "keyspace" if !view => self.keyspace.set(cx, span, lit_str(meta)?),
            "default_ttl" if !view => {
                let lit: LitInt = meta.value()?.parse()?;
                let Ok(ttl) = lit.base10_parse::<u32>() else {
                    return report(
                        cx,
                        syn::Error::new(
                            lit.span(),
                            "`default_ttl` is a number of seconds: a whole number from 0 to 630720000 (20 years)",
                        ),
                    );
                };
                if ttl > 630_720_000 {
                    return report(
                        cx,
                        syn::Error::new(
                            lit.span(),
                            "`default_ttl` is at most 630720000 seconds (20 years), Cassandra's limit",
                        ),
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
                            syn::Error::new(
                                lit.span(),
                                "`select` is \"*\" (every column of the base table, the default) or \"columns\" (only this struct's columns)",
                            ),
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
                        syn::Error::new(
                            lit.span(),
                            "`filter` is a CQL condition such as \"\\\"brand\\\" = 'acme'\"; remove it if the view needs none",
                        ),
                    );
                }
                self.filter.set(cx, span, lit.value());
            }
            "table" | "keyspace" | "default_ttl" => {
                let why = match key.as_str() {
                    "table" => "a materialized view is named with `view = \"...\"`",
                    "keyspace" => "a view lives in the keyspace of its base table",
                    _ => {
                        "a view's rows expire with its base table's rows; set `default_ttl` on the base"
                    }
                };
                skip_value(meta)?;
                return report(
                    cx,
                    syn::Error::new(
                        span,
                        format!("`{key}` is not a #[derive(MaterializedView)] attribute: {why}"),
                    ),
                );
            }
            "view" | "base" | "select" | "filter" => {
                skip_value(meta)?;
                return report(
                    cx,
                    syn::Error::new(
                        span,
                        format!(
                            "`{key}` belongs to #[derive(MaterializedView)]; a #[derive(Document)] is a table, named with `table = \"...\"`"
                        ),
                    ),
                );
            }
            _ => {
                let (derive_name, keys) = if view {
                    ("MaterializedView", VIEW_STRUCT_KEYS)
                } else {
                    ("Document", DOCUMENT_STRUCT_KEYS)
                };
                let hint = if is_field_key(&key) {
                    format!("; `{key}` is a field attribute: put it on a field")
                } else {
                    String::new()
                };
                skip_value(meta)?;
                return report(
                    cx,
                    syn::Error::new(
                        span,
                        format!(
                            "unknown #[coodie] attribute `{key}` on a #[derive({derive_name})] struct; expected one of {keys}{hint}"
                        ),
                    ),
                );
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
        for attr in attrs.iter().filter(|a| a.path().is_ident("coodie")) {
            let parsed = attr.parse_nested_meta(|meta| f.parse_key(cx, derive, &meta));
            if let Err(err) = parsed {
                cx.syn_error(err);
            }
        }
        f
    }

    fn parse_key(&mut self, cx: &Ctxt, derive: Derive, meta: &ParseNestedMeta) -> syn::Result<()> {
        let span = meta.path.span_of_key();
        let key = path_key(&meta.path);
        let view = derive == Derive::MaterializedView;
        match key.as_str() {
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
                            syn::Error::new(
                                lit.span(),
                                "`order` is \"asc\" (the default) or \"desc\"",
                            ),
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
                let why = match key.as_str() {
                    "index" => {
                        "a materialized view cannot have secondary indexes; index the base table, or query the view by its partition key"
                    }
                    "static_column" => "a materialized view cannot include static columns",
                    _ => {
                        "a view column has the CQL type of its base column; put it on the base table's field"
                    }
                };
                skip_value(meta)?;
                return report(
                    cx,
                    syn::Error::new(
                        span,
                        format!("`{key}` is not allowed on a view field: {why}"),
                    ),
                );
            }
            _ => {
                let (derive_name, keys) = if view {
                    ("MaterializedView", VIEW_FIELD_KEYS)
                } else {
                    ("Document", DOCUMENT_FIELD_KEYS)
                };
                let hint = if is_struct_key(&key) {
                    format!("; `{key}` is a struct attribute: put it on the struct")
                } else {
                    String::new()
                };
                skip_value(meta)?;
                return report(
                    cx,
                    syn::Error::new(
                        span,
                        format!(
                            "unknown #[coodie] attribute `{key}` on a #[derive({derive_name})] field; expected one of {keys}{hint}"
                        ),
                    ),
                );
            }
        }
        Ok(())
    }
}

/// Records an error and lets parsing go on with the next key.
fn report(cx: &Ctxt, err: syn::Error) -> syn::Result<()> {
    cx.syn_error(err);
    Ok(())
}

fn is_field_key(key: &str) -> bool {
    matches!(
        key,
        "partition_key"
            | "clustering_key"
            | "order"
            | "index"
            | "static_column"
            | "rename"
            | "timeuuid"
            | "frozen"
    )
}

fn is_struct_key(key: &str) -> bool {
    matches!(
        key,
        "table" | "keyspace" | "default_ttl" | "options" | "view" | "base" | "select" | "filter"
    )
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
