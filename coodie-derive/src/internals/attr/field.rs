//! The field-level `#[coodie(...)]` keys, of every derive.

use syn::LitStr;

use super::read::{Key, Place, for_each_key};
use super::value::{Attr, Flag, Index, Order, Similarity, Str};
use crate::internals::Derive;
use crate::internals::ctxt::Ctxt;
use crate::internals::symbol::{
    CLUSTERING_KEY, FROZEN, INDEX, ORDER, PARTITION_KEY, RENAME, STATIC_COLUMN, Symbol, TIMEUUID,
};

/// The field-level `#[coodie(...)]` keys; a derive sets only those it takes.
pub struct Field {
    pub partition_key: Flag,
    pub clustering_key: Flag,
    pub order: Attr<Order>,
    /// `index` (default name), `index = "name"`, or
    /// `index(sai, name = "...", similarity = "...")`.
    pub index: Attr<Index>,
    pub static_column: Flag,
    pub rename: Attr<Str>,
    pub timeuuid: Flag,
    pub frozen: Flag,
}

impl Field {
    pub fn from_ast(cx: &Ctxt, derive: Derive, attrs: &[syn::Attribute]) -> Self {
        let mut f = Field {
            partition_key: Attr::none(PARTITION_KEY),
            clustering_key: Attr::none(CLUSTERING_KEY),
            order: Attr::none(ORDER),
            index: Attr::none(INDEX),
            static_column: Attr::none(STATIC_COLUMN),
            rename: Attr::none(RENAME),
            timeuuid: Attr::none(TIMEUUID),
            frozen: Attr::none(FROZEN),
        };
        for_each_key(cx, derive, Place::Field, attrs, |symbol, key| {
            f.parse_key(cx, symbol, key)
        });
        f
    }

    fn parse_key(&mut self, cx: &Ctxt, symbol: Symbol, key: &Key) -> syn::Result<()> {
        let span = key.span;
        match symbol {
            PARTITION_KEY => self.partition_key.set(cx, span, ()),
            CLUSTERING_KEY => self.clustering_key.set(cx, span, ()),
            ORDER => {
                if let Some(order) = order(cx, key)? {
                    self.order.set(cx, span, order);
                }
            }
            RENAME => self.rename.set(cx, span, key.lit_str()?),
            INDEX => {
                let index = if key.has_value() {
                    Index {
                        name: Some(key.lit_str()?),
                        ..Index::default()
                    }
                } else if key.has_list() {
                    index_list(cx, key)?
                } else {
                    Index::default()
                };
                self.index.set(cx, span, index);
            }
            STATIC_COLUMN => self.static_column.set(cx, span, ()),
            TIMEUUID => self.timeuuid.set(cx, span, ()),
            FROZEN => self.frozen.set(cx, span, ()),
            _ => return key.unknown(cx),
        }
        Ok(())
    }
}

/// `order = "asc" | "desc"` (any case); `None` for any other string (reported).
fn order(cx: &Ctxt, key: &Key) -> syn::Result<Option<Order>> {
    let lit: LitStr = key.value()?;
    let order = match lit.value().to_ascii_lowercase().as_str() {
        "asc" => Order::Asc,
        "desc" => Order::Desc,
        _ => {
            cx.error_at(lit.span(), "`order` is \"asc\" (the default) or \"desc\"");
            return Ok(None);
        }
    };
    Ok(Some(order))
}

/// The items of `index(...)`: `sai`, `name = "..."`, `similarity = "..."`.
fn index_list(cx: &Ctxt, key: &Key) -> syn::Result<Index> {
    let mut index = Index::default();
    key.for_each_nested(|meta| {
        let span = syn::spanned::Spanned::span(&meta.path);
        if meta.path.is_ident("sai") {
            index.sai = Some(span);
        } else if meta.path.is_ident("name") {
            let lit: LitStr = meta.value()?.parse()?;
            index.name = Some(Str {
                value: lit.value(),
                span: lit.span(),
            });
        } else if meta.path.is_ident("similarity") {
            let lit: LitStr = meta.value()?.parse()?;
            let similarity = match lit.value().to_ascii_lowercase().as_str() {
                "cosine" => Similarity::Cosine,
                "dot_product" => Similarity::DotProduct,
                "euclidean" => Similarity::Euclidean,
                _ => {
                    cx.error_at(
                        lit.span(),
                        "`similarity` is \"cosine\" (the default), \"dot_product\" or \"euclidean\"",
                    );
                    return Ok(());
                }
            };
            index.similarity = Some((similarity, span));
        } else {
            cx.error_at(
                span,
                "unknown item in `index(...)`; expected `sai`, `name = \"...\"` or `similarity = \"...\"`",
            );
            if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
        }
        Ok(())
    })?;
    Ok(index)
}
