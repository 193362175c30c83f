//! Generated items that users do not name go inside `const _: () = { ... };`, so
//! they leak no names into the user's module (as serde_derive's `dummy.rs` does).

use proc_macro2::{Span, TokenStream};
use quote::quote_spanned;

/// Wraps `items` in `const _: () = { ... };`.
pub fn wrap(items: TokenStream) -> TokenStream {
    quote_spanned! {Span::call_site()=>
        #[doc(hidden)]
        #[allow(
            non_upper_case_globals,
            unused_attributes,
            unused_qualifications,
            clippy::clone_on_copy,
            clippy::needless_lifetimes
        )]
        const _: () = {
            #items
        };
    }
}
