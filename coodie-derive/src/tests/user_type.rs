//! `#[derive(UserType)]`: a user type with a nested type, a collection, a rename
//! and a `timeuuid` field; a table that holds user types (frozen, non-frozen, in
//! a collection, in the key); and the stubs after an error.

use super::assert_expansion;
use crate::expand::{derive_document, derive_user_type};

#[test]
fn address_user_type() {
    assert_expansion!(
        "address_user_type",
        derive_user_type,
        #[derive(UserType)]
        #[coodie(type_name = "postal_address")]
        pub struct Address {
            pub street: String,
            pub zipcode: Option<i32>,
            pub location: Option<GeoPoint>,
            #[coodie(rename = "lines")]
            pub extra_lines: Vec<String>,
            #[coodie(timeuuid)]
            pub verified_at: Option<Uuid>,
        }
    );
}

#[test]
fn table_with_user_types() {
    assert_expansion!(
        "table_with_user_types",
        derive_document,
        #[derive(Document)]
        pub struct Visit {
            #[coodie(partition_key, frozen)]
            pub place: GeoPoint,
            #[coodie(frozen)]
            pub address: Option<Address>,
            pub billing: Option<Address>,
            pub previous: Vec<Address>,
        }
    );
}

#[test]
fn user_type_with_errors() {
    assert_expansion!(
        "user_type_with_errors",
        derive_user_type,
        #[derive(UserType)]
        #[coodie(table = "addresses")]
        pub struct Address {
            #[coodie(partition_key)]
            pub street: String,
        }
    );
}
