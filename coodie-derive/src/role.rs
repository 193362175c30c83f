//! The role type of a field's `Column` (`coodie::query::role`), shared by the
//! expansion and the fallback so that both give a column the same type.

use proc_macro2::TokenStream;
use quote::quote;

use crate::internals::ast::{Field, Kind};

/// `::coodie::query::role::...`: the field's place in the primary key, the third
/// parameter of its `Column`.
pub fn column_role(field: &Field) -> TokenStream {
    match field.kind() {
        Kind::PartitionKey => quote!(::coodie::query::role::PartitionKey),
        Kind::Clustering(_) => quote!(::coodie::query::role::Clustering),
        Kind::Static | Kind::Regular => quote!(::coodie::query::role::Regular),
    }
}
