//! Compile-time rules, one per file under `tests/ui/`, each with the compiler's
//! message in the `.stderr` next to it: the documentation of what the derives and
//! the read-only views refuse, and why.
//!
//! Regenerate the `.stderr` files after a deliberate change with
//! `TRYBUILD=overwrite cargo test -p coodie --test ui`, then read every diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
