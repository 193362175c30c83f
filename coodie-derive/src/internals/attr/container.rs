//! The struct-level `#[coodie(...)]` keys, of every derive.

use syn::{LitInt, LitStr};

use super::read::{Key, Place, for_each_key};
use super::value::{Attr, Select, Str};
use crate::internals::Derive;
use crate::internals::ctxt::Ctxt;
use crate::internals::symbol::{
    BASE, DEFAULT_TTL, FILTER, KEYSPACE, OF, OPTIONS, SELECT, Symbol, TABLE, TYPE_NAME, VIEW,
};

/// Cassandra's limit on `default_time_to_live`: 20 years, in seconds.
const MAX_TTL: u32 = 630_720_000;

/// The struct-level `#[coodie(...)]` keys; a derive sets only those it takes.
pub struct Container {
    pub table: Attr<Str>,
    pub keyspace: Attr<Str>,
    pub default_ttl: Attr<u32>,
    pub options: Attr<String>,
    pub view: Attr<Str>,
    pub base: Attr<syn::Path>,
    pub select: Attr<Select>,
    pub filter: Attr<String>,
    pub of: Attr<syn::Path>,
    pub type_name: Attr<Str>,
}

impl Container {
    pub fn from_ast(cx: &Ctxt, derive: Derive, attrs: &[syn::Attribute]) -> Self {
        let mut c = Container {
            table: Attr::none(TABLE),
            keyspace: Attr::none(KEYSPACE),
            default_ttl: Attr::none(DEFAULT_TTL),
            options: Attr::none(OPTIONS),
            view: Attr::none(VIEW),
            base: Attr::none(BASE),
            select: Attr::none(SELECT),
            filter: Attr::none(FILTER),
            of: Attr::none(OF),
            type_name: Attr::none(TYPE_NAME),
        };
        for_each_key(cx, derive, Place::Struct, attrs, |symbol, key| {
            c.parse_key(cx, symbol, key)
        });
        c
    }

    fn parse_key(&mut self, cx: &Ctxt, symbol: Symbol, key: &Key) -> syn::Result<()> {
        let span = key.span;
        match symbol {
            TABLE => self.table.set(cx, span, key.lit_str()?),
            KEYSPACE => self.keyspace.set(cx, span, key.lit_str()?),
            DEFAULT_TTL => {
                if let Some(ttl) = default_ttl(cx, key)? {
                    self.default_ttl.set(cx, span, ttl);
                }
            }
            OPTIONS => self.options.set(cx, span, key.lit_str()?.value),
            VIEW => self.view.set(cx, span, key.lit_str()?),
            BASE => self.base.set(cx, span, key.value()?),
            OF => self.of.set(cx, span, key.value()?),
            SELECT => {
                if let Some(select) = select(cx, key)? {
                    self.select.set(cx, span, select);
                }
            }
            FILTER => {
                if let Some(filter) = filter(cx, key)? {
                    self.filter.set(cx, span, filter);
                }
            }
            TYPE_NAME => self.type_name.set(cx, span, key.lit_str()?),
            _ => return key.unknown(cx),
        }
        Ok(())
    }
}

/// `default_ttl = seconds`; `None` when the number is out of range (reported).
fn default_ttl(cx: &Ctxt, key: &Key) -> syn::Result<Option<u32>> {
    let lit: LitInt = key.value()?;
    match lit.base10_parse::<u32>() {
        Ok(ttl) if ttl <= MAX_TTL => Ok(Some(ttl)),
        Ok(_) => {
            cx.error_at(
                lit.span(),
                "`default_ttl` is at most 630720000 seconds (20 years), Cassandra's limit",
            );
            Ok(None)
        }
        Err(_) => {
            cx.error_at(
                lit.span(),
                "`default_ttl` is a number of seconds: a whole number from 0 to 630720000 (20 years)",
            );
            Ok(None)
        }
    }
}

/// `select = "*" | "columns"`; `None` for any other string (reported).
fn select(cx: &Ctxt, key: &Key) -> syn::Result<Option<Select>> {
    let lit: LitStr = key.value()?;
    let select = match lit.value().as_str() {
        "*" => Select::All,
        "columns" => Select::Columns,
        _ => {
            cx.error_at(
                lit.span(),
                "`select` is \"*\" (every column of the base table, the default) or \"columns\" (only this struct's columns)",
            );
            return Ok(None);
        }
    };
    Ok(Some(select))
}

/// `filter = "cql"`; `None` for a blank condition (reported).
fn filter(cx: &Ctxt, key: &Key) -> syn::Result<Option<String>> {
    let lit: LitStr = key.value()?;
    if lit.value().trim().is_empty() {
        cx.error_at(
            lit.span(),
            "`filter` is a CQL condition such as \"\\\"brand\\\" = 'acme'\"; remove it if the view needs none",
        );
        return Ok(None);
    }
    Ok(Some(lit.value()))
}
