//! The derive's model of its input, and nothing that generates code: `attr`
//! reads `#[coodie(...)]`, `ast` builds the typed struct from it, `check`
//! validates that, and `ctxt` collects every error on the way. As in
//! serde_derive's `internals`, the derive kind lives here, in the parent module,
//! so that `ast` and `attr` both use it and never import each other.
//!
//! A new derive kind is a variant of [`Derive`] and a file in each layer:
//! `attr/<kind>.rs` (the keys it takes and why it refuses the others),
//! `check/<kind>.rs` (its rules, in order, from the shared ones) and
//! `expand/<kind>.rs` (its impls); the compiler points at each `match` on
//! [`Derive`] that needs an arm.

pub mod ast;
pub mod attr;
pub mod check;

mod case;
mod ctxt;
mod symbol;
pub mod ty;

pub use self::ctxt::Ctxt;

/// Which derive is running: it decides which attributes are taken, which rules
/// apply and what is generated.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Derive {
    /// `#[derive(Document)]`: a table.
    Document,
    /// `#[derive(MaterializedView)]`: a read-only view of a document's table.
    MaterializedView,
    /// `#[derive(Projection)]`: some columns of a document or view, read into a
    /// smaller struct that is never written.
    Projection,
    /// `#[derive(UserType)]`: a user-defined type, the type of table columns.
    UserType,
}

impl Derive {
    /// Every derive kind, for rules that look at all of them (e.g. "is this key
    /// taken anywhere else?").
    pub const ALL: [Derive; 4] = [
        Derive::Document,
        Derive::MaterializedView,
        Derive::Projection,
        Derive::UserType,
    ];

    /// The derive's name as the user writes it: `Document`.
    pub fn name(self) -> &'static str {
        match self {
            Derive::Document => "Document",
            Derive::MaterializedView => "MaterializedView",
            Derive::Projection => "Projection",
            Derive::UserType => "UserType",
        }
    }
}
