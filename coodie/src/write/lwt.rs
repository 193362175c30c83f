//! Results of lightweight transactions (`IF …` writes).

use scylla::deserialize::row::{ColumnIterator, DeserializeRow};
use scylla::deserialize::value::DeserializeValue;
use scylla::deserialize::{DeserializationError, TypeCheckError};
use scylla::frame::response::result::{ColumnSpec, ColumnType};
use scylla::response::query_result::QueryResult;

use crate::{Error, Result};

/// What [`Model::insert`](crate::Model::insert) (`INSERT … IF NOT EXISTS`) did.
///
/// ```no_run
/// # use coodie::prelude::*;
/// # async fn demo<T: Document + std::fmt::Debug>(db: &coodie::Session, doc: T) -> coodie::Result<()> {
/// let outcome = doc.insert(db).await?;
/// if !outcome.applied {
///     println!("already there: {:?}", outcome.existing);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Inserted<T> {
    /// Whether the row was written (it did not exist before).
    pub applied: bool,
    /// The row that was already there when `applied` is false.
    pub existing: Option<T>,
}

#[derive(Debug, thiserror::Error)]
#[error("the result of a conditional write has no `[applied]` column")]
struct NoAppliedColumn;

/// `[applied]` plus, when the write was not applied, the current row.
pub(crate) struct LwtRow<T> {
    pub(crate) applied: bool,
    pub(crate) existing: Option<T>,
}

fn check_applied(specs: &[ColumnSpec]) -> Result<(), TypeCheckError> {
    let first = specs
        .first()
        .ok_or_else(|| TypeCheckError::new(NoAppliedColumn))?;
    <bool as DeserializeValue>::type_check(first.typ())
}

impl<'f, 'm, T> DeserializeRow<'f, 'm> for LwtRow<T>
where
    T: DeserializeRow<'f, 'm>,
{
    fn type_check(specs: &[ColumnSpec]) -> Result<(), TypeCheckError> {
        check_applied(specs)
    }

    fn deserialize(mut row: ColumnIterator<'f, 'm>) -> Result<Self, DeserializationError> {
        let first = row
            .next()
            .ok_or_else(|| DeserializationError::new(NoAppliedColumn))??;
        let typ: &ColumnType = first.spec.typ();
        let applied = <bool as DeserializeValue>::deserialize(typ, first.slice)?;
        // The current row comes back only when the condition failed; a model that
        // lacks some of its columns cannot take it, and gets `None`.
        let existing = if !applied && row.columns_remaining() > 0 && row.type_check::<T>().is_ok() {
            Some(T::deserialize(row)?)
        } else {
            None
        };
        Ok(LwtRow { applied, existing })
    }
}

/// Just the `[applied]` flag of a conditional write.
pub(crate) struct AppliedFlag(pub(crate) bool);

impl<'f, 'm> DeserializeRow<'f, 'm> for AppliedFlag {
    fn type_check(specs: &[ColumnSpec]) -> Result<(), TypeCheckError> {
        check_applied(specs)
    }

    fn deserialize(mut row: ColumnIterator<'f, 'm>) -> Result<Self, DeserializationError> {
        let first = row
            .next()
            .ok_or_else(|| DeserializationError::new(NoAppliedColumn))??;
        Ok(AppliedFlag(<bool as DeserializeValue>::deserialize(
            first.spec.typ(),
            first.slice,
        )?))
    }
}

/// Whether a conditional write was applied; `true` for an unconditional one (which
/// returns no rows).
pub(crate) fn applied(cql: &str, result: QueryResult) -> Result<bool> {
    if !result.is_rows() {
        return Ok(true);
    }
    let rows = result
        .into_rows_result()
        .map_err(|e| Error::driver(cql, e))?;
    match rows
        .maybe_first_row::<AppliedFlag>()
        .map_err(|e| Error::driver(cql, e))?
    {
        Some(AppliedFlag(applied)) => Ok(applied),
        None => Ok(true),
    }
}
