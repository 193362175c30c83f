//! The keys `#[derive(UserType)]` takes, and why it refuses the table keys: a
//! user type has fields, not columns, and lives in the keyspace of the table that
//! uses it.

use super::rules::{Keys, Rules};
use crate::internals::symbol::{
    BASE, CLUSTERING_KEY, DEFAULT_TTL, FILTER, FROZEN, INDEX, KEYSPACE, OPTIONS, ORDER,
    PARTITION_KEY, RENAME, SELECT, STATIC_COLUMN, Symbol, TABLE, TIMEUUID, TYPE_NAME, VIEW,
};

pub(super) const RULES: Rules = Rules {
    on_struct: Keys {
        takes: &[TYPE_NAME],
        refuses: refuse_on_struct,
    },
    on_field: Keys {
        takes: &[RENAME, TIMEUUID],
        refuses: refuse_on_field,
    },
};

fn refuse_on_struct(key: Symbol) -> Option<String> {
    let why = match key {
        TABLE | VIEW => "a user type is named with `type_name = \"...\"`",
        KEYSPACE => {
            "a user type lives in the keyspace of the table that uses it; sync creates it there"
        }
        DEFAULT_TTL | OPTIONS | BASE | SELECT | FILTER => {
            "it is a table or view option; a user type has only fields"
        }
        _ => return None,
    };
    Some(format!(
        "`{key}` is not a #[derive(UserType)] attribute: {why}"
    ))
}

fn refuse_on_field(key: Symbol) -> Option<String> {
    let why = match key {
        PARTITION_KEY | CLUSTERING_KEY | ORDER | STATIC_COLUMN | INDEX => {
            "a user type has fields, not columns; put it on the table's field that holds this type"
        }
        FROZEN => {
            "collections and user types inside a user type are always frozen (CQL requires it); to freeze the whole type, put `frozen` on the table's field that holds it"
        }
        _ => return None,
    };
    Some(format!(
        "`{key}` is not allowed on a user type field: {why}"
    ))
}
