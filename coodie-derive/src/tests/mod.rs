//! Snapshot tests of the code the derives generate: the expansion of each model
//! below is pretty-printed and compared with the `.snap` file of the same name
//! under `snapshots/`, so that any change to codegen shows up as a reviewable diff.
//!
//! After a deliberate change to the generated code, rewrite the snapshots with
//!
//! ```text
//! INSTA_UPDATE=always cargo test -p coodie-derive
//! ```
//!
//! and read every diff (`git diff coodie-derive/src/tests/snapshots`) before
//! committing it.

use proc_macro2::TokenStream;

mod demo;
mod fallback;
mod models;
mod user_type;

/// `derive` run on `input`, pretty-printed as a Rust file.
fn expand(derive: fn(&syn::DeriveInput) -> TokenStream, input: syn::DeriveInput) -> String {
    let tokens = derive(&input);
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        Err(err) => panic!("the expansion is not a Rust file ({err}):\n{tokens}"),
    }
}

/// Compares `derive`'s expansion of `input` with the snapshot `name`.
macro_rules! assert_expansion {
    ($name:literal, $derive:path, $($input:tt)*) => {
        ::insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
            ::insta::assert_snapshot!($name, $crate::tests::expand($derive, ::syn::parse_quote!($($input)*)));
        })
    };
}
use assert_expansion;
