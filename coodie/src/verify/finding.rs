//! What a check finds: view rows missing, stale, or explained by no base row.

use std::fmt;

use scylla::value::CqlValue;

/// The primary key of a view row: each key column's name and value.
///
/// ```
/// use coodie::scylla::value::CqlValue;
/// use coodie::verify::ViewKey;
/// let key = ViewKey(vec![("category", Some(CqlValue::Text("tools".into()))), ("id", Some(CqlValue::Int(7)))]);
/// assert_eq!(key.to_string(), "category='tools', id=7");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ViewKey(pub Vec<(&'static str, Option<CqlValue>)>);

impl ViewKey {
    /// The value of key column `name`.
    ///
    /// ```
    /// # use coodie::scylla::value::CqlValue;
    /// # use coodie::verify::ViewKey;
    /// let key = ViewKey(vec![("id", Some(CqlValue::Int(7)))]);
    /// assert_eq!(key.get("id"), Some(&CqlValue::Int(7)));
    /// ```
    pub fn get(&self, name: &str) -> Option<&CqlValue> {
        self.0
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, v)| v.as_ref())
    }
}

impl fmt::Display for ViewKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (name, value)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{name}=")?;
            match value {
                None => f.write_str("null")?,
                Some(CqlValue::Text(s)) | Some(CqlValue::Ascii(s)) => write!(f, "'{s}'")?,
                Some(CqlValue::Uuid(u)) => write!(f, "{u}")?,
                Some(CqlValue::Timeuuid(u)) => write!(f, "{u}")?,
                Some(CqlValue::Int(n)) => write!(f, "{n}")?,
                Some(CqlValue::BigInt(n)) => write!(f, "{n}")?,
                Some(other) => write!(f, "{other:?}")?,
            }
        }
        Ok(())
    }
}

/// Why a view row has no base row that explains it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrphanReason {
    /// The base table has no row with this key (it was deleted).
    NoBaseRow,
    /// The base row now has other values in the view's key (it moved).
    BaseRowHasOtherKey,
}

/// One row on which the view and its base table disagree.
#[derive(Debug, Clone, PartialEq)]
pub enum Finding {
    /// The base row should produce this view row, and the view has none.
    Missing {
        /// The view row's key.
        key: ViewKey,
    },
    /// The view row exists with other values than the base row's.
    Stale {
        /// The view row's key.
        key: ViewKey,
        /// The view's columns whose values differ.
        columns: Vec<&'static str>,
    },
    /// A view row that no base row explains.
    Orphan {
        /// The view row's key.
        key: ViewKey,
        /// Why.
        reason: OrphanReason,
    },
}

impl Finding {
    /// The key of the view row concerned.
    ///
    /// ```
    /// # use coodie::verify::{Finding, ViewKey};
    /// let f = Finding::Missing { key: ViewKey(vec![]) };
    /// assert!(f.key().0.is_empty());
    /// ```
    pub fn key(&self) -> &ViewKey {
        match self {
            Finding::Missing { key } | Finding::Stale { key, .. } | Finding::Orphan { key, .. } => {
                key
            }
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Finding::Missing { key } => write!(f, "missing ({key})"),
            Finding::Stale { key, columns } => {
                write!(f, "stale ({key}): {}", columns.join(", "))
            }
            Finding::Orphan { key, reason } => write!(f, "orphan ({key}): {reason:?}"),
        }
    }
}
