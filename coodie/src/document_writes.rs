//! [`InsertDocument`] and [`DeleteDocument`]: the writes called on a document you
//! hold (`doc.save(&db)`, `doc.insert(&db)`, `doc.delete(&db)`).
//!
//! They are traits of their own, implemented for every document and for nothing
//! else, rather than methods of [`Model`](crate::Model) with a `where` bound: a
//! method that is simply absent from a materialized view (or, for `save`, from a
//! counter table) fails to compile with one error at the call, and its future can
//! be returned unboxed as `impl Future`: no allocation per write. Both come with
//! `use coodie::prelude::*`.

use std::future::Future;

use crate::model::{Document, Insertable, Table, Writable};
use crate::write::{Applied, WriteOptions};
use crate::{Result, Session};

/// `save` and `insert`: writing a whole document. Implemented for every
/// [`Document`](crate::Document) that is not a counter table; a materialized view
/// has neither method ("`ProductByCategory` is a materialized view of `Product`;
/// write to `Product` instead"), nor a counter table (whose rows are written with
/// [`Model::update_counters`](crate::Model::update_counters)).
///
/// ```no_run
/// use coodie::prelude::*;
/// use uuid::Uuid;
///
/// #[derive(Document, Debug, Clone)]
/// #[coodie(table = "products")]
/// pub struct Product {
///     #[coodie(partition_key)]
///     pub id: Uuid,
///     pub name: String,
/// }
///
/// # async fn demo(db: &coodie::Session) -> coodie::Result<()> {
/// let boots = Product { id: Uuid::new_v4(), name: "Boots".into() };
/// boots.save(db).await?; // an upsert
/// assert!(!boots.insert(db).await?.applied); // IF NOT EXISTS: the key is taken now
/// # Ok(()) }
/// ```
pub trait InsertDocument: Table {
    /// Upserts this document (`INSERT`): every column is written, `None` fields
    /// are left unset (no tombstone, an earlier value stays).
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Document + coodie::model::Insertable>(db: &coodie::Session, doc: T) -> coodie::Result<()> {
    /// doc.save(db).await?;
    /// # Ok(()) }
    /// ```
    fn save<'a>(&'a self, db: &'a Session) -> impl Future<Output = Result<()>> + Send + 'a;

    /// [`save`](InsertDocument::save) with a TTL, timestamp or consistency.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Document + coodie::model::Insertable>(db: &coodie::Session, doc: T) -> coodie::Result<()> {
    /// doc.save_with(db, WriteOptions::new().ttl(std::time::Duration::from_secs(30))).await?;
    /// # Ok(()) }
    /// ```
    fn save_with<'a>(
        &'a self,
        db: &'a Session,
        options: WriteOptions,
    ) -> impl Future<Output = Result<()>> + Send + 'a;

    /// Inserts this document only if its primary key is free (`IF NOT EXISTS`, a
    /// lightweight transaction); otherwise reports the row that is there.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Document + coodie::model::Insertable>(db: &coodie::Session, doc: T) -> coodie::Result<()> {
    /// let outcome = doc.insert(db).await?;
    /// assert!(outcome.applied || outcome.existing.is_some());
    /// # Ok(()) }
    /// ```
    fn insert<'a>(
        &'a self,
        db: &'a Session,
    ) -> impl Future<Output = Result<Applied<Self>>> + Send + 'a;

    /// [`insert`](InsertDocument::insert) with a TTL or consistency.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Document + coodie::model::Insertable>(db: &coodie::Session, doc: T) -> coodie::Result<()> {
    /// let outcome = doc.insert_with(db, WriteOptions::new().consistency(Consistency::Quorum)).await?;
    /// # Ok(()) }
    /// ```
    fn insert_with<'a>(
        &'a self,
        db: &'a Session,
        options: WriteOptions,
    ) -> impl Future<Output = Result<Applied<Self>>> + Send + 'a;
}

// `Writable` first: on a view it is the bound that fails, and its message is the
// one the compiler shows; on a counter table it holds and `Insertable`'s shows.
impl<T> InsertDocument for T
where
    T: Table + Writable<T::Base>,
    T::Base: Insertable,
{
    fn save<'a>(&'a self, db: &'a Session) -> impl Future<Output = Result<()>> + Send + 'a {
        crate::write::document::save(db, self.as_base(), WriteOptions::new())
    }

    fn save_with<'a>(
        &'a self,
        db: &'a Session,
        options: WriteOptions,
    ) -> impl Future<Output = Result<()>> + Send + 'a {
        // The write's own future, returned as it is: no wrapper to move.
        crate::write::document::save(db, self.as_base(), options)
    }

    fn insert<'a>(
        &'a self,
        db: &'a Session,
    ) -> impl Future<Output = Result<Applied<Self>>> + Send + 'a {
        crate::write::document::insert::<T::Base, Self>(db, self.as_base(), WriteOptions::new())
    }

    fn insert_with<'a>(
        &'a self,
        db: &'a Session,
        options: WriteOptions,
    ) -> impl Future<Output = Result<Applied<Self>>> + Send + 'a {
        crate::write::document::insert::<T::Base, Self>(db, self.as_base(), options)
    }
}

/// `delete`: removing the row of a document you hold. Implemented for every
/// [`Document`](crate::Document), counter tables included; a materialized view
/// has no `delete`. (Rows chosen by their key without a document at hand are
/// deleted with `T::find().filter(…).delete()`.)
///
/// ```no_run
/// # use coodie::prelude::*;
/// # async fn demo<T: Document>(db: &coodie::Session, doc: T) -> coodie::Result<()> {
/// doc.delete(db).await?;
/// # Ok(()) }
/// ```
pub trait DeleteDocument: Table {
    /// Deletes this document's row. (Rows chosen by their key without a document
    /// at hand are deleted with `T::find().filter(…).delete()`, which may also be
    /// conditional.)
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Document>(db: &coodie::Session, doc: T) -> coodie::Result<()> {
    /// doc.delete(db).await?;
    /// # Ok(()) }
    /// ```
    fn delete<'a>(&'a self, db: &'a Session) -> impl Future<Output = Result<()>> + Send + 'a;

    /// [`delete`](DeleteDocument::delete) with a timestamp or consistency (a TTL
    /// is refused).
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Document>(db: &coodie::Session, doc: T) -> coodie::Result<()> {
    /// doc.delete_with(db, WriteOptions::new().timestamp(1_700_000_000_000_000)).await?;
    /// # Ok(()) }
    /// ```
    fn delete_with<'a>(
        &'a self,
        db: &'a Session,
        options: WriteOptions,
    ) -> impl Future<Output = Result<()>> + Send + 'a;
}

impl<T> DeleteDocument for T
where
    T: Table + Writable<T::Base>,
{
    fn delete<'a>(&'a self, db: &'a Session) -> impl Future<Output = Result<()>> + Send + 'a {
        crate::write::document::delete::<T::Base>(
            db,
            self.as_base().primary_key(),
            WriteOptions::new(),
        )
    }

    fn delete_with<'a>(
        &'a self,
        db: &'a Session,
        options: WriteOptions,
    ) -> impl Future<Output = Result<()>> + Send + 'a {
        crate::write::document::delete::<T::Base>(db, self.as_base().primary_key(), options)
    }
}
