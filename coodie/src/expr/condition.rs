//! The `IF` clause of a conditional write.

use super::filter::{Restriction, restriction_clause};
use crate::error::{InvalidQuery, InvalidQueryKind};
use crate::model::TableSchema;
use crate::{Error, Result};

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

    /// The restrictions of an `IF "col" op ?` condition, whose values it binds
    /// (none for `IF EXISTS` or no condition).
    pub(crate) fn restrictions(&self) -> &[Restriction] {
        match self {
            Condition::Columns(rs) => rs,
            _ => &[],
        }
    }

    /// Refuses what the server would: a condition on a primary key column (the
    /// key chooses the row; it cannot be compared).
    #[inline]
    pub(crate) fn check(&self, schema: &TableSchema) -> Result<()> {
        let Condition::Columns(rs) = self else {
            return Ok(());
        };
        match rs.iter().find(|r| r.kind.is_primary_key()) {
            Some(r) => Err(Error::InvalidQuery(InvalidQuery::new(
                InvalidQueryKind::Condition,
                format!(
                    "`{}` is part of the primary key of `{}` and cannot be in an `IF` condition; \
                     the key restriction already chooses the row",
                    r.column, schema.name
                ),
            ))),
            None => Ok(()),
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
