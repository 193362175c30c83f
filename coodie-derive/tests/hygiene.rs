//! The derives' output names everything by absolute path (`::coodie::...`,
//! `::core::...`, `::std::...`): it compiles in a module without the standard
//! prelude or the extern prelude, so `Option`, `String`, `Vec`, `Clone`, `coodie`
//! and `scylla` are not in scope, and no user item can be picked up by mistake.
//! If a generated path loses its leading `::`, this file stops compiling.
//!
//! Every attribute is used, so that every piece of generated code is compiled
//! here: keys with an order, `timeuuid`, static and frozen columns, indexes,
//! renames, table options, and a view with `select`, `filter` and `options`
//! (whose compile-time checks against the base run too).
#![no_implicit_prelude]

#[derive(::coodie::Document, ::core::fmt::Debug, ::core::clone::Clone)]
#[coodie(
    table = "hygienic_products",
    keyspace = "hygiene",
    default_ttl = 60,
    options = "comment = 'no prelude'"
)]
pub struct Product {
    #[coodie(partition_key)]
    pub id: ::uuid::Uuid,
    #[coodie(clustering_key, order = "desc")]
    pub at: ::chrono::DateTime<::chrono::Utc>,
    #[coodie(clustering_key, timeuuid)]
    pub seq: ::uuid::Uuid,
    #[coodie(index)]
    pub category: ::std::string::String,
    #[coodie(index = "hygienic_by_maker", rename = "brand")]
    pub maker: ::std::string::String,
    #[coodie(static_column)]
    pub label: ::core::option::Option<::std::string::String>,
    #[coodie(frozen)]
    pub sizes: ::std::vec::Vec<::core::primitive::i32>,
    pub tags: ::std::collections::HashSet<::std::string::String>,
    pub events: ::core::option::Option<::std::vec::Vec<::uuid::Uuid>>,
    pub price: ::core::primitive::f64,
}

#[derive(::coodie::MaterializedView, ::core::fmt::Debug, ::core::clone::Clone)]
#[coodie(
    view = "hygienic_by_category",
    base = Product,
    select = "columns",
    filter = "\"price\" > 0",
    options = "comment = 'by category'"
)]
pub struct ProductByCategory {
    #[coodie(partition_key)]
    pub category: ::std::string::String,
    #[coodie(clustering_key)]
    pub id: ::uuid::Uuid,
    #[coodie(clustering_key, order = "desc")]
    pub at: ::chrono::DateTime<::chrono::Utc>,
    #[coodie(clustering_key)]
    pub seq: ::uuid::Uuid,
    #[coodie(rename = "brand")]
    pub maker: ::std::string::String,
    pub price: ::core::primitive::f64,
}

#[test]
fn the_document_derives_without_the_prelude() {
    let schema = <Product as ::coodie::model::Table>::schema();
    ::std::assert_eq!(
        (schema.keyspace, schema.name),
        (::core::option::Option::Some("hygiene"), "hygienic_products")
    );
    ::std::assert_eq!(
        <Product as ::coodie::model::Table>::PRIMARY_KEY,
        ["id", "at", "seq"]
    );
    ::std::assert_eq!(
        <Product as ::coodie::model::Document>::STATIC_COLUMNS,
        ["label"]
    );
    ::std::assert_eq!(
        schema.column("seq").map(|c| c.cql_type.as_str()),
        ::core::option::Option::Some("timeuuid")
    );
    ::std::assert_eq!(
        schema.column("sizes").map(|c| c.cql_type.as_str()),
        ::core::option::Option::Some("frozen<list<int>>")
    );
    ::std::assert_eq!(schema.indexes[1].name, "hygienic_by_maker");
}

#[test]
fn the_view_derives_without_the_prelude() {
    let schema = <ProductByCategory as ::coodie::model::Table>::schema();
    ::std::assert_eq!(schema.name, "hygienic_by_category");
    ::std::assert_eq!(schema.keyspace, ::core::option::Option::Some("hygiene"));
    ::std::assert_eq!(
        <ProductByCategory as ::coodie::model::Table>::PRIMARY_KEY,
        ["category", "id", "at", "seq"]
    );
    // A view column takes its base column's CQL type.
    ::std::assert_eq!(
        schema.column("seq").map(|c| c.cql_type.as_str()),
        ::core::option::Option::Some("timeuuid")
    );
    let view = schema
        .view
        .as_ref()
        .map(|v| (v.base_table, v.select_all, v.filter));
    ::std::assert_eq!(
        view,
        ::core::option::Option::Some((
            "hygienic_products",
            false,
            ::core::option::Option::Some("\"price\" > 0")
        ))
    );
}
