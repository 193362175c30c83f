//! The bound that keeps materialized views read-only at compile time.

/// Implemented for every [`Document`](super::Document) and for nothing else: the
/// bound every write carries.
///
/// A materialized view's `Base` is another type, so the view is never
/// `Writable<Base>`, and a write on it fails to compile with a message that names
/// the table to write to instead.
///
/// The trait is sealed: it cannot be implemented outside coodie.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is a materialized view of `{Base}`; write to `{Base}` instead",
    label = "materialized views are read-only",
    note = "Cassandra and ScyllaDB keep a view up to date from its base table; save, insert, update or delete the `{Base}` and the view follows"
)]
pub trait Writable<Base>: sealed::Sealed<Base> {
    /// This value as the document it is (`self`): lets the runtime reach
    /// [`Document`](super::Document) methods through the `Writable` bound.
    #[doc(hidden)]
    fn as_base(&self) -> &Base;
}

impl<T: super::Document> Writable<T> for T {
    fn as_base(&self) -> &T {
        self
    }
}

mod sealed {
    pub trait Sealed<Base> {}
    impl<T: crate::model::Document> Sealed<T> for T {}
}
