//! `WHERE` and `IF` clauses of writes.

use crate::ident;
use crate::query::Restriction;

/// `"a" = ? AND "b" = ?` for the full primary key.
pub(crate) fn key_clause(primary_key: &[&str]) -> String {
    primary_key
        .iter()
        .map(|c| format!("{} = ?", ident::quote(c)))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// `r1 AND r2 …`
pub(crate) fn restriction_clause(restrictions: &[Restriction]) -> String {
    restrictions
        .iter()
        .map(Restriction::to_cql)
        .collect::<Vec<_>>()
        .join(" AND ")
}

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
    pub(crate) fn clause(&self) -> String {
        match self {
            Condition::None => String::new(),
            Condition::Exists => " IF EXISTS".into(),
            Condition::Columns(rs) => format!(" IF {}", restriction_clause(rs)),
        }
    }

    pub(crate) fn values(&self) -> Vec<crate::query::values::BoundValue> {
        match self {
            Condition::Columns(rs) => rs.iter().map(|r| r.value.clone()).collect(),
            _ => Vec::new(),
        }
    }

    pub(crate) fn add(&mut self, restrictions: Vec<Restriction>) {
        match self {
            Condition::Columns(rs) => rs.extend(restrictions),
            _ => *self = Condition::Columns(restrictions),
        }
    }
}
