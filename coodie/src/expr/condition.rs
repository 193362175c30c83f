//! The `IF` clause of a conditional write.

use super::filter::{Restriction, restriction_clause};
use super::value::BoundValue;

/// A write's condition.
#[derive(Debug, Clone, Default)]
pub(crate) enum Condition {
    /// Unconditional.
    #[default]
    None,
    /// `IF EXISTS`
    Exists,
    /// `IF "col" = ? AND …`
    Columns(Vec<Restriction>),
}

impl Condition {
    /// ` IF …`, or `""` when unconditional.
    pub(crate) fn clause(&self) -> String {
        match self {
            Condition::None => String::new(),
            Condition::Exists => " IF EXISTS".into(),
            Condition::Columns(rs) => format!(" IF {}", restriction_clause(rs)),
        }
    }

    /// The values of the clause's markers.
    pub(crate) fn values(&self) -> Vec<BoundValue> {
        match self {
            Condition::Columns(rs) => rs.iter().map(|r| r.value.clone()).collect(),
            _ => Vec::new(),
        }
    }

    /// ANDs `restrictions` to the condition (after `IF EXISTS`, they replace it).
    pub(crate) fn add(&mut self, restrictions: Vec<Restriction>) {
        match self {
            Condition::Columns(rs) => rs.extend(restrictions),
            _ => *self = Condition::Columns(restrictions),
        }
    }
}
