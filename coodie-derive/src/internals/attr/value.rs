//! A parsed attribute value, and the value types of the keys that take one.

use proc_macro2::Span;

use crate::internals::ctxt::Ctxt;
use crate::internals::symbol::Symbol;

/// One attribute value and where it was written; set at most once.
pub struct Attr<T> {
    key: Symbol,
    value: Option<(Span, T)>,
}

impl<T> Attr<T> {
    pub(super) fn none(key: Symbol) -> Self {
        Attr { key, value: None }
    }

    /// Sets the value written at `span`; a second one is an error there.
    pub(super) fn set(&mut self, cx: &Ctxt, span: Span, value: T) {
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

/// `index`, `index = "name"` or `index(sai, name = "...", similarity = "...")`.
#[derive(Default)]
pub struct Index {
    /// The index's name, when given.
    pub name: Option<Str>,
    /// `sai`: a storage-attached index (Cassandra 5) instead of a secondary one.
    pub sai: Option<Span>,
    /// The similarity function of a vector SAI index, and where it was written.
    pub similarity: Option<(Similarity, Span)>,
}

/// `similarity = "cosine" | "dot_product" | "euclidean"`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Similarity {
    Cosine,
    DotProduct,
    Euclidean,
}
