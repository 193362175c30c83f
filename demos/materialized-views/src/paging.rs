//! Page tokens that only this server can make: the paging state of the driver
//! ([`coodie::query::Page::next_token`], hex) followed by an HMAC-SHA256 tag over
//! the listing it belongs to and that state. A token from another listing, an
//! edited token or a made-up one is refused before anything reaches the database,
//! which would otherwise answer some of them with a server error.

use coodie::query::{Page, PagingState, paging_state_from_token};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::FieldError;
use crate::input::PageToken;

/// Hex digits of the tag at the end of a token (16 bytes).
const TAG_HEX: usize = 32;

/// The secret that signs page tokens; made at random when the server starts, so a
/// restart ends the walks in progress (their next request gets a 422 and starts
/// over without `page`).
///
/// ```
/// use coodie::query::{Page, PagingState};
/// use materialized_views_demo::input::PageToken;
/// use materialized_views_demo::paging::PageKey;
/// let key = PageKey::random();
/// let page = Page::<()> { rows: vec![], next: Some(PagingState::new_from_raw_bytes(vec![7u8, 9])) };
/// let token = key.next_token("products", &page).unwrap();
/// let token = PageToken::parse(&token).unwrap();
/// assert!(key.resume("products", Some(&token)).unwrap().is_some());
/// assert_eq!(key.resume("products_by_brand\0x", Some(&token)).unwrap_err().field, "page");
/// assert!(PageKey::random().resume("products", Some(&token)).is_err());
/// ```
#[derive(Clone)]
pub struct PageKey([u8; 32]);

impl std::fmt::Debug for PageKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PageKey(…)")
    }
}

impl PageKey {
    /// A fresh random key.
    pub fn random() -> PageKey {
        PageKey(rand::random())
    }

    fn tag(&self, listing: &str, state_hex: &str) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(listing.as_bytes());
        mac.update(&[0]);
        mac.update(state_hex.as_bytes());
        mac
    }

    /// The token of the page after `page` in `listing`; `None` on the last page.
    pub fn next_token<T>(&self, listing: &str, page: &Page<T>) -> Option<String> {
        let state = page.next_token()?;
        let tag = self.tag(listing, &state).finalize().into_bytes();
        let tag: String = tag[..TAG_HEX / 2]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        Some(state + &tag)
    }

    /// Where a page of `listing` starts: the first page without a token, else the
    /// state the token carries if this key signed it for this listing.
    pub fn resume(
        &self,
        listing: &str,
        token: Option<&PageToken>,
    ) -> Result<Option<PagingState>, FieldError> {
        let Some(token) = token else {
            return Ok(None);
        };
        let refused = || {
            FieldError::new(
                "page",
                "is not a page token of this listing (tokens come from the `Link` header of \
                 the previous page, and end when the server restarts); start again without `page`",
            )
        };
        let text = token.as_str();
        if text.len() <= TAG_HEX {
            return Err(refused());
        }
        let (state, tag) = text.split_at(text.len() - TAG_HEX);
        let tag: Vec<u8> = (0..TAG_HEX)
            .step_by(2)
            .map(|i| u8::from_str_radix(&tag[i..i + 2], 16))
            .collect::<Result<_, _>>()
            .map_err(|_| refused())?;
        self.tag(listing, state)
            .verify_truncated_left(&tag)
            .map_err(|_| refused())?;
        paging_state_from_token(state)
            .map(Some)
            .map_err(|_| refused())
    }
}
