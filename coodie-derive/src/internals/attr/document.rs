//! The keys `#[derive(Document)]` takes. A document's fields take every field key
//! there is, so only view keys on its struct are refused with a reason.

use super::rules::{Keys, Rules};
use crate::internals::symbol::{
    BASE, CLUSTERING_KEY, DEFAULT_TTL, FILTER, FROZEN, INDEX, KEYSPACE, OPTIONS, ORDER,
    PARTITION_KEY, RENAME, SELECT, STATIC_COLUMN, Symbol, TABLE, TIMEUUID, TYPE_NAME, VIEW,
};

pub(super) const RULES: Rules = Rules {
    on_struct: Keys {
        takes: &[TABLE, KEYSPACE, DEFAULT_TTL, OPTIONS],
        refuses: refuse_on_struct,
    },
    on_field: Keys {
        takes: &[
            PARTITION_KEY,
            CLUSTERING_KEY,
            ORDER,
            INDEX,
            STATIC_COLUMN,
            RENAME,
            TIMEUUID,
            FROZEN,
        ],
        refuses: |_| None,
    },
};

fn refuse_on_struct(key: Symbol) -> Option<String> {
    if key == TYPE_NAME {
        return Some(
            "`type_name` belongs to #[derive(UserType)]; a #[derive(Document)] is a table, named with `table = \"...\"`".into(),
        );
    }
    matches!(key, VIEW | BASE | SELECT | FILTER).then(|| {
        format!(
            "`{key}` belongs to #[derive(MaterializedView)]; a #[derive(Document)] is a table, named with `table = \"...\"`"
        )
    })
}
