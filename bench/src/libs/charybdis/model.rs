//! charybdis's models of the demo's table and view. charybdis-migrate parses this
//! folder at run time (that is how its migrations learn the model), so it holds
//! the models and nothing else.

use charybdis::macros::{charybdis_model, charybdis_view_model};
use charybdis::types::{Double, Text, Timestamp, Uuid};

#[charybdis_model(
    table_name = products,
    partition_keys = [id],
    clustering_keys = [],
    global_secondary_indexes = [category, brand],
    local_secondary_indexes = [],
    static_columns = []
)]
#[derive(Debug, Clone, Default)]
pub struct Product {
    pub id: Uuid,
    pub name: Text,
    pub category: Text,
    pub brand: Text,
    pub price: Double,
    pub description: Option<Text>,
    pub created_at: Timestamp,
}

#[charybdis_view_model(
    table_name = products_by_category,
    base_table = products,
    partition_keys = [category],
    clustering_keys = [id]
)]
#[derive(Debug, Clone, Default)]
pub struct ProductByCategory {
    pub category: Text,
    pub id: Uuid,
    pub name: Text,
    pub brand: Text,
    pub price: Double,
    pub description: Option<Text>,
    pub created_at: Timestamp,
}

#[charybdis_view_model(
    table_name = products_by_brand,
    base_table = products,
    partition_keys = [brand],
    clustering_keys = [id]
)]
#[derive(Debug, Clone, Default)]
#[allow(
    dead_code,
    reason = "declared for charybdis-migrate, which reads every model of the keyspace"
)]
pub struct ProductByBrand {
    pub brand: Text,
    pub id: Uuid,
    pub name: Text,
    pub category: Text,
    pub price: Double,
    pub description: Option<Text>,
    pub created_at: Timestamp,
}

partial_product!(ProductPrice, id, price);
