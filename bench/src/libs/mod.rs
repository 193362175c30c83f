//! The libraries under test. The three Rust ones implement [`Library`] and run in
//! this process; Python coodie runs as a subprocess ([`python`]).

pub mod charybdis;
pub mod coodie;
pub mod python;
pub mod raw;

use std::future::Future;

use uuid::Uuid;

use crate::op::Op;
use crate::product::ProductData;

/// A failure of one operation, with the library and operation named.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What every segment needs besides its own documents: the stored rows that
/// `get` and `update` address, and the sizes the reads check.
#[derive(Debug, Clone)]
pub struct Shared {
    /// The ids of the `mv_partition` rows (also the pool of `get` and `update`).
    pub pool: Vec<Uuid>,
    /// Rows in the `mv_partition` partition.
    pub mv_rows: usize,
    /// Rows in the `stream` partition.
    pub stream_rows: usize,
    /// Page size of `stream`.
    pub page_size: i32,
    /// Inserts per `batch`.
    pub batch_size: usize,
}

/// One in-process Rust library: its own document type and its own way of doing
/// each operation, on its own session.
pub trait Library: Send + Sync + 'static {
    /// The library's short name in the tables.
    const NAME: &'static str;
    /// The library's document type, made from neutral data outside the timed
    /// part.
    type Doc: for<'d> From<&'d ProductData> + Send + Sync + 'static;

    /// The `i`-th call of `op`. `docs` holds the segment's documents: `insert` and
    /// `delete` use `docs[i]`, `batch` the `i`-th run of `batch_size` documents.
    fn run<'a>(
        &'a self,
        op: Op,
        i: usize,
        docs: &'a [Self::Doc],
        shared: &'a Shared,
    ) -> impl Future<Output = Result<(), BoxError>> + Send + 'a;
}

/// Checks a read's row count.
pub fn expect_rows(what: &str, got: usize, want: usize) -> Result<(), BoxError> {
    if got == want {
        Ok(())
    } else {
        Err(format!("{what}: {got} rows, expected {want}").into())
    }
}
