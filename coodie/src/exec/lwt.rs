//! Results of lightweight transactions (`IF …` writes): the `[applied]` flag and,
//! when a condition failed, the row that is there.

use scylla::deserialize::row::{ColumnIterator, DeserializeRow};
use scylla::deserialize::value::DeserializeValue;
use scylla::deserialize::{DeserializationError, FrameSlice, TypeCheckError};
use scylla::frame::response::result::ColumnSpec;
use scylla::response::query_result::QueryResult;

use crate::model::Table;
use crate::{Error, Result};

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

/// Reads the `[applied]` column, the first of every conditional write's result row.
fn read_applied(row: &mut ColumnIterator<'_, '_>) -> Result<bool, DeserializationError> {
    let first = row
        .next()
        .ok_or_else(|| DeserializationError::new(NoAppliedColumn))??;
    <bool as DeserializeValue>::deserialize(first.spec.typ(), first.slice)
}

/// The current row of a failed condition, read by column name.
///
/// The server sends the row in its own column order (partition key, clustering
/// columns, then the others alphabetically); the model reads columns in
/// declaration order. The cells are copied into a row of the model's order.
fn existing_row<T: Table>(row: ColumnIterator<'_, '_>) -> Result<Option<T>, DeserializationError> {
    let mut cells = Vec::with_capacity(row.columns_remaining());
    for column in row {
        let column = column?;
        cells.push((column.spec, column.slice));
    }
    let mut specs = Vec::with_capacity(T::COLUMN_NAMES.len());
    let mut bytes = Vec::new();
    for name in T::COLUMN_NAMES {
        let Some((spec, slice)) = cells.iter().find(|(spec, _)| spec.name() == *name) else {
            // A column of the model the server did not send: the row cannot be read.
            return Ok(None);
        };
        specs.push((*spec).clone());
        match slice {
            Some(slice) => {
                let cell = slice.as_slice();
                let len = i32::try_from(cell.len()).map_err(DeserializationError::new)?;
                bytes.extend_from_slice(&len.to_be_bytes());
                bytes.extend_from_slice(cell);
            }
            None => bytes.extend_from_slice(&(-1i32).to_be_bytes()),
        }
    }
    if T::type_check(&specs).is_err() {
        return Ok(None);
    }
    let reordered = ColumnIterator::new(&specs, FrameSlice::new_borrowed(&bytes));
    T::deserialize(reordered).map(Some)
}

impl<'f, 'm, T: Table> DeserializeRow<'f, 'm> for LwtRow<T> {
    fn type_check(specs: &[ColumnSpec]) -> Result<(), TypeCheckError> {
        check_applied(specs)
    }

    fn deserialize(mut row: ColumnIterator<'f, 'm>) -> Result<Self, DeserializationError> {
        let applied = read_applied(&mut row)?;
        // The current row comes back only when the condition failed.
        let existing = if !applied && row.columns_remaining() > 0 {
            existing_row::<T>(row)?
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
        read_applied(&mut row).map(AppliedFlag)
    }
}

/// Whether a conditional write was applied; `true` for an unconditional one (which
/// returns no rows).
pub(crate) fn applied(cql: &str, result: QueryResult) -> Result<bool> {
    applied_described(result, || cql.to_string())
}

/// [`applied`] for a statement whose text is built only when an error needs it
/// (a batch's `BEGIN BATCH …`).
pub(crate) fn applied_described(result: QueryResult, cql: impl Fn() -> String) -> Result<bool> {
    if !result.is_rows() {
        return Ok(true);
    }
    let rows = result
        .into_rows_result()
        .map_err(|e| Error::driver(cql(), e))?;
    match rows
        .maybe_first_row::<AppliedFlag>()
        .map_err(|e| Error::driver(cql(), e))?
    {
        Some(AppliedFlag(applied)) => Ok(applied),
        None => Ok(true),
    }
}
