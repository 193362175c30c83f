//! Compile-time checks of a materialized view against its base table, used by
//! `#[derive(MaterializedView)]`.
//!
//! Two kinds of checks:
//! - **types** (a view field's Rust type must be the base field's): trait bounds
//!   whose `#[diagnostic::on_unimplemented]` message names both types. The derive
//!   of the base implements [`BaseColumn<H>`] for every column, `H` being a hash of
//!   the column name ([`column_hash`]); a view probes it through [`Probe`] with
//!   autoref specialization, so a column the base lacks falls back to no type check
//!   and is reported once, by the name check below.
//! - **names and keys** (a view column the base lacks, a view key that misses a base
//!   key column, more than one non-key base column in the view key, a static
//!   column): `const` evaluation over [`Table::PRIMARY_KEY`](crate::model::Table::PRIMARY_KEY),
//!   [`Table::COLUMN_NAMES`](crate::model::Table::COLUMN_NAMES) and
//!   [`Document::STATIC_COLUMNS`](crate::model::Document::STATIC_COLUMNS), panicking
//!   with a message that names the column and the fix.

use std::marker::PhantomData;

/// FNV-1a of a column name: the `H` of `BaseColumn<H>`, which the derives compute
/// by calling this function.
pub const fn column_hash(name: &str) -> u64 {
    let bytes = name.as_bytes();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    hash
}

/// Implemented by `#[derive(Document)]` and `#[derive(MaterializedView)]`: the
/// table (or view) has a column whose name hashes to `H`, held in a field of type
/// `Type`.
pub trait BaseColumn<const H: u64> {
    /// The base field's Rust type.
    type Type;
}

/// A view field's type must be its base field's type.
#[diagnostic::on_unimplemented(
    message = "this view field has type `{Self}`, but the base table's field has type `{Base}`",
    label = "expected `{Base}`, the type of this column in the base table",
    note = "a view column holds the base column's values: declare this field as `{Base}`"
)]
pub trait SameTypeAs<Base> {}
impl<T> SameTypeAs<T> for T {}

/// A view key field's type must be its base field's type, or the `T` of a base
/// `Option<T>` (the view holds only rows where its key columns are not null).
#[diagnostic::on_unimplemented(
    message = "this view key field has type `{Self}`, but the base table's field has type `{Base}`",
    label = "expected `{Base}` (or `T` if it is an `Option<T>`), as in the base table",
    note = "a view column holds the base column's values: declare this field with the base field's type (key columns drop the `Option`)"
)]
pub trait KeyTypeOf<Base> {}
impl<T> KeyTypeOf<T> for T {}
impl<T> KeyTypeOf<Option<T>> for T {}

/// A projection field's type must be the type of the field it reads.
#[diagnostic::on_unimplemented(
    message = "this projection field has type `{Self}`, but the column it reads has type `{Base}`",
    label = "expected `{Base}`, the type of this column in the type the projection is `of`",
    note = "a projection reads the column as its document or view declares it: declare this field as `{Base}`"
)]
pub trait ProjectedTypeOf<Base> {}
impl<T> ProjectedTypeOf<T> for T {}

/// Probes `B: BaseColumn<H>`; call its methods on `&Probe::<B, H>::new()`.
pub struct Probe<B, const H: u64>(PhantomData<fn() -> B>);

impl<B, const H: u64> Probe<B, H> {
    /// A probe.
    #[allow(clippy::new_without_default)]
    pub const fn new() -> Self {
        Probe(PhantomData)
    }
}

/// Chosen when the base has the column: checks the view field's type.
pub trait ColumnFound {
    /// The base field's type.
    type Type;
    /// Requires the view field's type `V` to be the base field's.
    fn field_type<V: SameTypeAs<Self::Type>>(&self) {}
    /// Requires the view key field's type `V` to be the base field's (or its `T`).
    fn key_type<V: KeyTypeOf<Self::Type>>(&self) {}
    /// Requires the projection field's type `V` to be the read field's.
    fn projected_type<V: ProjectedTypeOf<Self::Type>>(&self) {}
}

impl<B: BaseColumn<H>, const H: u64> ColumnFound for Probe<B, H> {
    type Type = B::Type;
}

/// Chosen (through one more auto-reference) when the base lacks the column: no type
/// check, since [`require_base_column`] reports the missing column by name.
pub trait ColumnMissing {
    /// No check.
    fn field_type<V>(&self) {}
    /// No check.
    fn key_type<V>(&self) {}
    /// No check.
    fn projected_type<V>(&self) {}
}

impl<B, const H: u64> ColumnMissing for &Probe<B, H> {}

/// Whether `list` holds `name`.
pub const fn contains(list: &[&str], name: &str) -> bool {
    let mut i = 0;
    while i < list.len() {
        if str_eq(list[i], name) {
            return true;
        }
        i += 1;
    }
    false
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A view column must be a column of the base table; `message` (built by the
/// derive) names both and the fix.
#[track_caller]
pub const fn require_base_column(base_columns: &[&str], column: &str, message: &str) {
    if !contains(base_columns, column) {
        panic!("{}", message);
    }
}

/// A view must not include a static column of its base; `message` (built by the
/// derive) names it and the fix.
#[track_caller]
pub const fn forbid_static_column(base_static: &[&str], column: &str, message: &str) {
    if contains(base_static, column) {
        panic!("{}", message);
    }
}

/// `SELECT *` would include the base's static columns, which a view cannot.
#[track_caller]
pub const fn forbid_select_all_with_statics(view: &str, base: &str, base_static: &[&str]) {
    if base_static.is_empty() {
        return;
    }
    let msg = Message::new()
        .push("view `")
        .push(view)
        .push("` selects every column of `")
        .push(base)
        .push("` (`select = \"*\"`, the default), but `")
        .push(base)
        .push("` has static columns (")
        .list(base_static)
        .push(") and a materialized view cannot include static columns: add #[coodie(select = \"columns\")] so the view selects only its own fields");
    msg.fail();
}

/// Every primary-key column of the base table must be in the view's primary key.
#[track_caller]
pub const fn require_base_key_in_view_key(
    view: &str,
    base: &str,
    base_key: &[&str],
    view_key: &[&str],
    view_columns: &[&str],
) {
    let mut i = 0;
    while i < base_key.len() {
        let column = base_key[i];
        if !contains(view_key, column) {
            let fix = if contains(view_columns, column) {
                "); mark the view's field for `"
            } else {
                "); add a field for `"
            };
            let msg = Message::new()
                .push("the primary key of view `")
                .push(view)
                .push("` misses `")
                .push(column)
                .push("`, a primary-key column of `")
                .push(base)
                .push("`: a view's key must include every column of its base table's key (")
                .list(base_key)
                .push(fix)
                .push(column)
                .push("` with #[coodie(clustering_key)]");
            msg.fail();
        }
        i += 1;
    }
}

/// At most one column of the view's primary key may be outside the base's key.
#[track_caller]
pub const fn limit_non_key_columns_in_view_key(
    view: &str,
    base: &str,
    base_key: &[&str],
    view_key: &[&str],
) {
    let mut extra = 0;
    let mut i = 0;
    while i < view_key.len() {
        if !contains(base_key, view_key[i]) {
            extra += 1;
        }
        i += 1;
    }
    if extra <= 1 {
        return;
    }
    let mut msg = Message::new()
        .push("the primary key of view `")
        .push(view)
        .push("` has several columns that are not in the primary key of `")
        .push(base)
        .push("` (");
    let mut first = true;
    let mut i = 0;
    while i < view_key.len() {
        if !contains(base_key, view_key[i]) {
            if !first {
                msg = msg.push(", ");
            }
            msg = msg.push("`").push(view_key[i]).push("`");
            first = false;
        }
        i += 1;
    }
    let msg = msg.push(
        "); Cassandra allows at most one: keep one of them in the view's key and make the others regular columns",
    );
    msg.fail();
}

/// A panic message assembled at compile time (const fns cannot `format!`).
pub struct Message {
    buf: [u8; Message::CAPACITY],
    len: usize,
}

impl Message {
    const CAPACITY: usize = 1024;

    const fn new() -> Self {
        Message {
            buf: [0; Message::CAPACITY],
            len: 0,
        }
    }

    /// Appends `s`, cut short (at a character boundary) when the buffer is full.
    const fn push(mut self, s: &str) -> Self {
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() && self.len < Message::CAPACITY {
            // Stop before a character that would not fit whole.
            let b = bytes[i];
            let width = if b < 0x80 {
                1
            } else if b >= 0xF0 {
                4
            } else if b >= 0xE0 {
                3
            } else {
                2
            };
            if self.len + width > Message::CAPACITY {
                break;
            }
            let mut k = 0;
            while k < width && i < bytes.len() {
                self.buf[self.len] = bytes[i];
                self.len += 1;
                i += 1;
                k += 1;
            }
        }
        self
    }

    /// Appends `` `a`, `b` ``.
    const fn list(mut self, items: &[&str]) -> Self {
        let mut i = 0;
        while i < items.len() {
            if i > 0 {
                self = self.push(", ");
            }
            self = self.push("`").push(items[i]).push("`");
            i += 1;
        }
        self
    }

    #[track_caller]
    const fn fail(&self) -> ! {
        let (bytes, _) = self.buf.split_at(self.len);
        match std::str::from_utf8(bytes) {
            Ok(message) => panic!("{}", message),
            Err(_) => panic!("invalid materialized view"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_fnv1a() {
        assert_eq!(column_hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(column_hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_ne!(column_hash("id"), column_hash("di"));
    }

    #[test]
    fn membership() {
        assert!(contains(&["id", "name"], "name"));
        assert!(!contains(&["id", "name"], "nam"));
        assert!(!contains(&[], "id"));
    }

    #[test]
    fn messages_are_built_in_full() {
        let msg = Message::new().push("a ").list(&["x", "y"]);
        assert_eq!(std::str::from_utf8(&msg.buf[..msg.len]), Ok("a `x`, `y`"));
        let long = "é".repeat(600);
        let msg = Message::new().push(&long);
        assert!(std::str::from_utf8(&msg.buf[..msg.len]).is_ok());
        assert_eq!(msg.len, Message::CAPACITY);
    }

    #[test]
    #[should_panic(expected = "misses `id`, a primary-key column of `Product`")]
    fn view_key_must_cover_base_key() {
        require_base_key_in_view_key("by_cat", "Product", &["id"], &["category"], &["category"]);
    }

    #[test]
    #[should_panic(expected = "(`brand`, `category`); Cassandra allows at most one")]
    fn one_non_key_column_in_view_key() {
        limit_non_key_columns_in_view_key(
            "by_both",
            "Product",
            &["id"],
            &["brand", "category", "id"],
        );
    }

    #[test]
    fn valid_view_keys_pass() {
        require_base_key_in_view_key("v", "B", &["id"], &["category", "id"], &["category", "id"]);
        limit_non_key_columns_in_view_key("v", "B", &["id"], &["category", "id"]);
        forbid_select_all_with_statics("v", "B", &[]);
    }
}
