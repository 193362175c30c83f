//! The keys `#[derive(Projection)]` takes, and why it refuses those of tables and
//! views: a projection declares no schema, it reads columns another type declares.

use super::rules::{Keys, Rules};
use crate::internals::symbol::{
    BASE, CLUSTERING_KEY, DEFAULT_TTL, FILTER, FROZEN, INDEX, KEYSPACE, OF, OPTIONS, ORDER,
    PARTITION_KEY, RENAME, SELECT, STATIC_COLUMN, Symbol, TABLE, TIMEUUID, VIEW,
};

pub(super) const RULES: Rules = Rules {
    on_struct: Keys {
        takes: &[OF],
        refuses: refuse_on_struct,
    },
    on_field: Keys {
        takes: &[RENAME],
        refuses: refuse_on_field,
    },
};

fn refuse_on_struct(key: Symbol) -> Option<String> {
    let why = match key {
        BASE => "a projection names the document or view it reads with `of = ...`",
        TABLE | VIEW | KEYSPACE | DEFAULT_TTL | OPTIONS | SELECT | FILTER => {
            "a projection has no table of its own; it reads columns of the type named by `of`, where the table is declared"
        }
        _ => return None,
    };
    Some(format!(
        "`{key}` is not a #[derive(Projection)] attribute: {why}"
    ))
}

fn refuse_on_field(key: Symbol) -> Option<String> {
    matches!(
        key,
        PARTITION_KEY | CLUSTERING_KEY | ORDER | INDEX | STATIC_COLUMN | TIMEUUID | FROZEN
    )
    .then(|| {
        format!(
            "`{key}` is not allowed on a projection field: the column's role and CQL type are declared on the type named by `of`"
        )
    })
}
