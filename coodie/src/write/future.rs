//! The future every write on a document returns.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::Result;

/// The future of a write ([`save`](crate::Model::save),
/// [`insert`](crate::Model::insert), [`delete`](crate::Model::delete),
/// [`sync_table`](crate::Model::sync_table) …): await it for the outcome.
///
/// A named type rather than `impl Future`, so that a write on a materialized view
/// fails to compile with one error at the call, not one more at each `.await`. The
/// single allocation it costs is nothing beside the round trip to the database.
///
/// ```no_run
/// # use coodie::prelude::*;
/// # async fn demo<T: Document + Insertable>(db: &coodie::Session, doc: T) -> coodie::Result<()> {
/// let pending: coodie::write::WriteFuture<'_, ()> = doc.save(db);
/// pending.await?;
/// # Ok(()) }
/// ```
#[must_use = "a write does nothing until it is awaited"]
pub struct WriteFuture<'a, T>(Pin<Box<dyn Future<Output = Result<T>> + Send + 'a>>);

impl<'a, T> WriteFuture<'a, T> {
    pub(crate) fn new(future: impl Future<Output = Result<T>> + Send + 'a) -> Self {
        WriteFuture(Box::pin(future))
    }
}

impl<T> Future for WriteFuture<'_, T> {
    type Output = Result<T>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.0.as_mut().poll(cx)
    }
}

impl<T> std::fmt::Debug for WriteFuture<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WriteFuture")
    }
}
