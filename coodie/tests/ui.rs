//! Compile-time rules, one per file under `tests/ui/<kind>/`, each with the
//! compiler's message in the `.stderr` next to it: the documentation of what the
//! derives, the read-only views and typed queries refuse, and why.
//!
//! - `derive/`: what `#[derive(Document)]` refuses (attributes, keys, types);
//! - `view_validation/`: a `#[derive(MaterializedView)]` checked against its base;
//! - `view_read_only/`: no write of any kind on a materialized view;
//! - `query_typing/`: filters and aggregates name real columns with values of
//!   their type, and operators only where the column's type has them (CONTAINS on
//!   collections, `sum` on numbers);
//! - `key_position/`: what only clustering columns allow (ORDER BY, tuple
//!   relations) and what key columns never take (`SET`);
//! - `projection/`: a `#[derive(Projection)]` checked against its document, and
//!   never written;
//! - `counters/`: the rules of counter tables, and their writes (counter updates only);
//! - `search/`: SAI and vector index options, vector elements, typed `order_by_ann`;
//! - `collection_ops/`: list, set and map operators only on columns of that kind,
//!   with elements of the collection's type;
//! - `user_type/`: what `#[derive(UserType)]` refuses, and the `frozen` rules of
//!   user types in tables;
//!
//! The model that uses every feature and must compile is not here but in
//! `tests/derive/full_model.rs`, a module of an ordinary test: with no `pass` case,
//! trybuild only type-checks its dependencies (`cargo check`) instead of building
//! them a second time (230 s of a cold run, 125 s without).
//!
//! Regenerate the `.stderr` files after a deliberate change with
//! `TRYBUILD=overwrite cargo test -p coodie --test ui`, then read every diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    for kind in [
        "derive",
        "view_validation",
        "view_read_only",
        "query_typing",
        "key_position",
        "projection",
        "counters",
        "search",
        "collection_ops",
        "user_type",
    ] {
        t.compile_fail(format!("tests/ui/{kind}/*.rs"));
    }
}
