//! Identifiers in CQL text.

/// Quotes a CQL identifier: `name` becomes `"name"`, with any `"` doubled.
///
/// Column names are always quoted, so reserved words (`key`, `order`) and mixed
/// case (`createdAt`) work as declared.
///
/// ```
/// assert_eq!(coodie::ident::quote("order"), "\"order\"");
/// assert_eq!(coodie::ident::quote("createdAt"), "\"createdAt\"");
/// ```
pub fn quote(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    push_quoted(&mut out, name);
    out
}

/// Appends `name` quoted, with any `"` doubled.
fn push_quoted(out: &mut String, name: &str) {
    out.push('"');
    for (i, part) in name.split('"').enumerate() {
        if i > 0 {
            out.push_str("\"\"");
        }
        out.push_str(part);
    }
    out.push('"');
}

/// Appends `name`, quoted only when it is not a plain lower-case identifier.
fn push_quoted_if_needed(out: &mut String, name: &str) {
    if is_plain(name) {
        out.push_str(name);
    } else {
        push_quoted(out, name);
    }
}

/// Whether CQL reads `name` unquoted as it is: lower-case ASCII letters, digits
/// and underscores, not starting with a digit.
fn is_plain(name: &str) -> bool {
    let bytes = name.as_bytes();
    bytes
        .first()
        .is_some_and(|b| b.is_ascii_lowercase() || *b == b'_')
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_')
}

/// A comma-separated list of quoted column names, as in a `SELECT` or `INSERT`.
///
/// ```
/// assert_eq!(coodie::ident::column_list(&["id", "order"]), "\"id\", \"order\"");
/// ```
pub fn column_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|c| quote(c))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `keyspace.table`, each part quoted only when CQL requires it (not lower-case
/// letters, digits and underscores).
///
/// ```
/// assert_eq!(coodie::ident::qualified("viewdemo", "products"), "viewdemo.products");
/// assert_eq!(coodie::ident::qualified("Shop", "products"), "\"Shop\".products");
/// ```
pub fn qualified(keyspace: &str, table: &str) -> String {
    let mut out = String::with_capacity(keyspace.len() + table.len() + 5);
    push_quoted_if_needed(&mut out, keyspace);
    out.push('.');
    push_quoted_if_needed(&mut out, table);
    out
}

/// Quotes an identifier only when it is not already a plain lower-case one.
///
/// ```
/// assert_eq!(coodie::ident::quote_if_needed("products"), "products");
/// assert_eq!(coodie::ident::quote_if_needed("Products"), "\"Products\"");
/// ```
pub fn quote_if_needed(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    push_quoted_if_needed(&mut out, name);
    out
}

/// Checks a keyspace name as CQL takes it unquoted: letters, digits and
/// underscores, at most 48, not starting with a digit; the reason when it is not.
pub(crate) fn check_keyspace_name(name: &str) -> Result<(), &'static str> {
    let mut chars = name.chars();
    match chars.next() {
        None => return Err("must not be empty"),
        Some(c) if !(c.is_ascii_alphabetic() || c == '_') => {
            return Err("must start with a letter or an underscore");
        }
        _ => {}
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err("may contain only letters, digits and underscores");
    }
    if name.len() > 48 {
        return Err("may be at most 48 characters long");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyspace_names_are_checked() {
        assert!(check_keyspace_name("viewdemo").is_ok());
        assert!(check_keyspace_name("1abc").is_err());
        assert!(check_keyspace_name("a-b").is_err());
        assert!(check_keyspace_name("").is_err());
        assert!(check_keyspace_name(&"a".repeat(49)).is_err());
    }

    #[test]
    fn names_are_quoted_only_when_cql_needs_it() {
        assert_eq!(quote("a\"b\"\""), "\"a\"\"b\"\"\"\"\"");
        assert_eq!(quote(""), "\"\"");
        for plain in ["products", "_x", "a1_b"] {
            assert_eq!(quote_if_needed(plain), plain);
        }
        for quoted in ["Products", "1abc", "", "é", "a-b", "order\""] {
            assert_eq!(quote_if_needed(quoted), quote(quoted), "{quoted}");
        }
        assert_eq!(qualified("Shop", "my\"t"), "\"Shop\".\"my\"\"t\"");
    }
}
