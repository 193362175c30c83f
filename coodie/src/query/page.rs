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

impl<T> Page<T> {
    /// Where the next page starts, as a URL-safe string (hex) for a "next" link;
    /// `None` on the last page. Read it back with [`paging_state_from_token`].
    ///
    /// ```
    /// use coodie::query::{Page, PagingState, paging_state_from_token};
    /// let page = Page::<()> { rows: vec![], next: Some(PagingState::new_from_raw_bytes(vec![1u8, 171])) };
    /// let token = page.next_token().unwrap();
    /// assert_eq!(token, "01ab");
    /// let state = paging_state_from_token(&token).unwrap();
    /// assert_eq!(state.as_bytes_slice().map(|b| b.to_vec()), Some(vec![1, 171]));
    /// ```
    pub fn next_token(&self) -> Option<String> {
        let bytes = self.next.as_ref()?.as_bytes_slice()?;
        Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }
}

/// The paging state a [`Page::next_token`] string stands for;
/// [`Error::InvalidQuery`](crate::Error::InvalidQuery) when it is not one.
///
/// ```
/// assert!(coodie::query::paging_state_from_token("zz").is_err());
/// assert!(coodie::query::paging_state_from_token("0a0b").is_ok());
/// ```
pub fn paging_state_from_token(token: &str) -> crate::Result<PagingState> {
    let invalid = || {
        crate::Error::InvalidQuery(crate::InvalidQuery::new(
            crate::InvalidQueryKind::PagingToken,
            format!("`{token}` is not a paging token"),
        ))
    };
    if token.is_empty() || token.len() % 2 != 0 || !token.is_ascii() {
        return Err(invalid());
    }
    let bytes = (0..token.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&token[i..i + 2], 16).map_err(|_| invalid()))
        .collect::<crate::Result<Vec<u8>>>()?;
    Ok(PagingState::new_from_raw_bytes(bytes))
}
