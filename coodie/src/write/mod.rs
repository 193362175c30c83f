//! Writes: upserts, conditional inserts, updates, deletes and batches. Every one
//! of them is available on documents only: a materialized view does not compile.
//!
//! Start from [`Model::save`](crate::Model::save),
//! [`Model::insert`](crate::Model::insert), [`Model::update`](crate::Model::update),
//! [`Model::delete`](crate::Model::delete), `T::find().filter(…).update()` /
//! `.delete()` for the rows a filter selects, or [`Batch`].

mod batch;
mod delete;
pub(crate) mod document;
mod future;
mod options;
mod update;

pub use batch::Batch;
pub use delete::Delete;
pub use document::Inserted;
pub use future::WriteFuture;
pub use options::WriteOptions;
pub use update::Update;
