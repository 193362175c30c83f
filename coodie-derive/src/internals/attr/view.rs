//! The keys `#[derive(MaterializedView)]` takes, and why it refuses the table keys
//! a document takes.

use super::rules::{Keys, Rules};
use crate::internals::symbol::{
    BASE, CLUSTERING_KEY, DEFAULT_TTL, FILTER, FROZEN, INDEX, KEYSPACE, OPTIONS, ORDER,
    PARTITION_KEY, RENAME, SELECT, STATIC_COLUMN, Symbol, TABLE, TIMEUUID, TYPE_NAME, VIEW,
};

pub(super) const RULES: Rules = Rules {
    on_struct: Keys {
        takes: &[VIEW, BASE, SELECT, FILTER, OPTIONS],
        refuses: refuse_on_struct,
    },
    on_field: Keys {
        takes: &[PARTITION_KEY, CLUSTERING_KEY, ORDER, RENAME],
        refuses: refuse_on_field,
    },
};

fn refuse_on_struct(key: Symbol) -> Option<String> {
    let why = match key {
        TABLE | TYPE_NAME => "a materialized view is named with `view = \"...\"`",
        KEYSPACE => "a view lives in the keyspace of its base table",
        DEFAULT_TTL => {
            "a view's rows expire with its base table's rows; set `default_ttl` on the base"
        }
        _ => return None,
    };
    Some(format!(
        "`{key}` is not a #[derive(MaterializedView)] attribute: {why}"
    ))
}

fn refuse_on_field(key: Symbol) -> Option<String> {
    let why = match key {
        INDEX => {
            "a materialized view cannot have secondary indexes; index the base table, or query the view by its partition key"
        }
        STATIC_COLUMN => "a materialized view cannot include static columns",
        TIMEUUID | FROZEN => {
            "a view column has the CQL type of its base column; put it on the base table's field"
        }
        _ => return None,
    };
    Some(format!("`{key}` is not allowed on a view field: {why}"))
}
