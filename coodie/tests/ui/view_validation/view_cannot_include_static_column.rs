//! A materialized view cannot include a static column of its base table, neither
//! by naming it nor through `select = "*"` (the default).
use coodie::prelude::*;

#[derive(Document)]
pub struct Ledger {
    #[coodie(partition_key)]
    pub account: i64,
    #[coodie(clustering_key)]
    pub entry: i64,
    #[coodie(static_column)]
    pub owner: String,
    pub amount: i64,
}

#[derive(MaterializedView)]
#[coodie(view = "ledger_by_amount", base = Ledger, select = "columns")]
pub struct ByAmount {
    #[coodie(partition_key)]
    pub amount: i64,
    #[coodie(clustering_key)]
    pub account: i64,
    #[coodie(clustering_key)]
    pub entry: i64,
    pub owner: String,
}

#[derive(MaterializedView)]
#[coodie(view = "ledger_by_entry", base = Ledger)]
pub struct ByEntry {
    #[coodie(partition_key)]
    pub entry: i64,
    #[coodie(clustering_key)]
    pub account: i64,
}

fn main() {}
