//! The field-level `#[coodie(...)]` keys, of every derive.

use syn::LitStr;

use super::read::{Key, Place, for_each_key};
use super::value::{Attr, Flag, Order, Str};
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
                let name = if key.has_value() {
                    Some(key.lit_str()?)
                } else {
                    None
                };
                self.index.set(cx, span, name);
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
