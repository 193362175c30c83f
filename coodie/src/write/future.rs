//! The future every write on a document returns.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::Result;

/// The future of a schema write ([`sync_table`](crate::Model::sync_table),
/// [`drop_table`](crate::Model::drop_table), [`truncate`](crate::Model::truncate)):
/// await it for the outcome.
///
/// A named type rather than `impl Future`, so that calling one of them on a
/// materialized view fails to compile with one error at the call, not one more at
/// each `.await`. The single allocation it costs is nothing beside a schema
/// statement's round trip. (The writes of rows, [`save`](crate::InsertDocument::save)
/// and the others, are traits that views do not implement, and return their futures
/// unboxed.)
///
/// ```no_run
/// # use coodie::prelude::*;
/// # async fn demo<T: Document>(db: &coodie::Session) -> coodie::Result<()> {
/// let pending: coodie::write::WriteFuture<'_, ()> = T::truncate(db);
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
