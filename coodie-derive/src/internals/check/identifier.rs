//! Table, view, keyspace, column and index names are plain CQL identifiers.

use crate::internals::attr::Str;
use crate::internals::ctxt::Ctxt;

/// Cassandra and ScyllaDB limit table, view and keyspace names to 48 characters.
const MAX_NAME_LEN: usize = 48;

/// Records an error at the string when `name` is not a valid `what` ("table name").
pub(super) fn check_identifier(cx: &Ctxt, what: &str, name: &Str) {
    if let Some(problem) = identifier_problem(&name.value) {
        cx.error_at(
            name.span,
            format!("`{}` is not a valid {what}: it {problem}", name.value),
        );
    }
}

/// Why `name` is not a plain CQL identifier (a letter, then letters, digits and
/// underscores, at most 48 characters), or `None` when it is one.
pub(super) fn identifier_problem(name: &str) -> Option<String> {
    let mut chars = name.chars();
    match chars.next() {
        None => return Some("is empty".into()),
        Some(c) if !c.is_ascii_alphabetic() => {
            return Some("must start with an ASCII letter".into());
        }
        Some(_) => {}
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '_'))
    {
        return Some(format!(
            "contains `{bad}`; only ASCII letters, digits and `_` are allowed"
        ));
    }
    if name.len() > MAX_NAME_LEN {
        return Some(format!(
            "is {} characters long; at most {MAX_NAME_LEN} are allowed",
            name.len()
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::identifier_problem;

    #[test]
    fn identifiers() {
        assert_eq!(identifier_problem("products_2"), None);
        assert_eq!(identifier_problem("").as_deref(), Some("is empty"));
        assert_eq!(
            identifier_problem("9shop").as_deref(),
            Some("must start with an ASCII letter")
        );
        assert_eq!(
            identifier_problem("my-products").as_deref(),
            Some("contains `-`; only ASCII letters, digits and `_` are allowed")
        );
        assert_eq!(
            identifier_problem(&"a".repeat(49)).as_deref(),
            Some("is 49 characters long; at most 48 are allowed")
        );
        assert_eq!(identifier_problem(&"a".repeat(48)), None);
    }
}
