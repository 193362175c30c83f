//! The shape of what a derive kind says about its keys (`document.rs`,
//! `view.rs`).

use crate::internals::symbol::Symbol;

/// The keys one derive takes in one place (struct or field), and why it refuses
/// there the keys that another derive takes.
pub(super) struct Keys {
    /// In the order an "unknown attribute" error lists them.
    pub takes: &'static [Symbol],
    /// The reason a key of another derive is refused here, or `None` to report it
    /// as unknown.
    pub refuses: fn(Symbol) -> Option<String>,
}

/// What one derive kind takes on its struct and on its fields.
pub(super) struct Rules {
    pub on_struct: Keys,
    pub on_field: Keys,
}
