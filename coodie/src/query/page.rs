//! One page of results and where the next one starts.

pub use scylla::response::PagingState;

/// One page of rows and, when more rows follow, the state to fetch the next page
/// with [`Select::page`](super::Select::page).
///
/// The state can be kept across requests (e.g. in a URL) with
/// [`PagingState::as_bytes_slice`] and [`PagingState::new_from_raw_bytes`].
///
/// ```no_run
/// # use coodie::prelude::*;
/// # async fn demo<T: Table + std::fmt::Debug>(db: &coodie::Session) -> coodie::Result<()> {
/// let query = T::find().page_size(50);
/// let mut page = query.page(db, None).await?;
/// loop {
///     println!("{} rows", page.rows.len());
///     match page.next {
///         Some(state) => page = query.page(db, Some(state)).await?,
///         None => break,
///     }
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// The rows of this page (at most the page size).
    pub rows: Vec<T>,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<PagingState>,
}
