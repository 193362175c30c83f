//! Every `#[coodie(...)]` key, named once: the parsers, the per-derive key lists
//! (`attr/<kind>.rs`, which also decide which keys exist) and the error messages
//! all use these constants, so a key cannot be spelled two ways.

use std::fmt::{self, Display};

/// A key of `#[coodie(...)]`, or the attribute's own name.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Symbol(&'static str);

/// The attribute itself: `#[coodie(...)]`.
pub const COODIE: Symbol = Symbol("coodie");

// Struct keys.
pub const TABLE: Symbol = Symbol("table");
pub const KEYSPACE: Symbol = Symbol("keyspace");
pub const DEFAULT_TTL: Symbol = Symbol("default_ttl");
pub const OPTIONS: Symbol = Symbol("options");
pub const VIEW: Symbol = Symbol("view");
pub const BASE: Symbol = Symbol("base");
pub const SELECT: Symbol = Symbol("select");
pub const FILTER: Symbol = Symbol("filter");
pub const OF: Symbol = Symbol("of");
pub const TYPE_NAME: Symbol = Symbol("type_name");

// Field keys.
pub const PARTITION_KEY: Symbol = Symbol("partition_key");
pub const CLUSTERING_KEY: Symbol = Symbol("clustering_key");
pub const ORDER: Symbol = Symbol("order");
pub const INDEX: Symbol = Symbol("index");
pub const STATIC_COLUMN: Symbol = Symbol("static_column");
pub const RENAME: Symbol = Symbol("rename");
pub const TIMEUUID: Symbol = Symbol("timeuuid");
pub const FROZEN: Symbol = Symbol("frozen");

impl Symbol {
    pub fn as_str(self) -> &'static str {
        self.0
    }
}

impl PartialEq<Symbol> for syn::Path {
    fn eq(&self, word: &Symbol) -> bool {
        self.is_ident(word.0)
    }
}

impl PartialEq<Symbol> for &syn::Path {
    fn eq(&self, word: &Symbol) -> bool {
        self.is_ident(word.0)
    }
}

impl Display for Symbol {
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str(self.0)
    }
}
