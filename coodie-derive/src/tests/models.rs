//! Models that use the attributes the demo does not: composite and clustering
//! keys with an order, static and `timeuuid` columns, keyspace, TTL and options,
//! named indexes, renames, frozen collections, and a view that selects its own
//! columns with a filter, and a projection with a rename and a `timeuuid`-capable
//! field.

use super::assert_expansion;
use crate::expand::{derive_document, derive_materialized_view, derive_projection};

#[test]
fn reading_keys_static_timeuuid() {
    assert_expansion!(
        "reading",
        derive_document,
        #[derive(Document)]
        #[coodie(
            table = "readings",
            keyspace = "telemetry",
            default_ttl = 3600,
            options = "comment = 'sensors'"
        )]
        pub struct Reading {
            #[coodie(partition_key)]
            pub sensor: String,
            #[coodie(partition_key)]
            pub day: NaiveDate,
            #[coodie(clustering_key, order = "desc")]
            pub at: DateTime<Utc>,
            #[coodie(clustering_key, timeuuid)]
            pub seq: Uuid,
            #[coodie(static_column)]
            pub sensor_label: Option<String>,
            pub events: Option<Vec<Uuid>>,
            #[coodie(rename = "value")]
            pub reading: f64,
        }
    );
}

#[test]
fn article_indexes_renames_collections() {
    assert_expansion!(
        "article",
        derive_document,
        #[derive(Document)]
        pub struct Article {
            #[coodie(partition_key)]
            pub id: i64,
            #[coodie(index)]
            pub author: String,
            #[coodie(index = "articles_by_lang", rename = "lang")]
            pub language: String,
            pub tags: HashSet<String>,
            #[coodie(frozen)]
            pub scores: Vec<i32>,
            pub meta: BTreeMap<String, Vec<String>>,
            pub r#type: String,
        }
    );
}

#[test]
fn view_selecting_columns_with_filter() {
    assert_expansion!(
        "acme_by_price",
        derive_materialized_view,
        #[derive(MaterializedView)]
        #[coodie(
            view = "acme_products_by_price",
            base = crate::models::Product,
            select = "columns",
            filter = "\"brand\" = 'acme'",
            options = "comment = 'acme'"
        )]
        pub struct AcmeByPrice {
            #[coodie(partition_key)]
            pub brand: String,
            #[coodie(clustering_key, order = "desc")]
            pub id: Uuid,
            #[coodie(rename = "price")]
            pub amount: f64,
        }
    );
}

#[test]
fn projection_with_rename() {
    assert_expansion!(
        "reading_summary",
        derive_projection,
        #[derive(Projection)]
        #[coodie(of = Reading)]
        pub struct ReadingSummary {
            pub sensor: String,
            pub seq: Uuid,
            #[coodie(rename = "value")]
            pub reading: f64,
        }
    );
}

#[test]
fn page_views_counter_table() {
    assert_expansion!(
        "page_views",
        derive_document,
        #[derive(Document)]
        #[coodie(table = "page_view_counters")]
        pub struct PageViews {
            #[coodie(partition_key)]
            pub url: String,
            #[coodie(clustering_key)]
            pub date: String,
            pub view_count: Counter,
            pub unique_visitors: Option<Counter>,
        }
    );
}

#[test]
fn signal_vector_with_sai_indexes() {
    assert_expansion!(
        "signal",
        derive_document,
        #[derive(Document)]
        #[coodie(table = "signals")]
        pub struct Signal {
            #[coodie(partition_key)]
            pub signal_id: Uuid,
            #[coodie(index(sai, name = "signals_label_sai"))]
            pub label: String,
            #[coodie(index(sai, similarity = "dot_product"))]
            pub embedding: [f32; 4],
            pub previous: Option<[f32; 4]>,
        }
    );
}
