//! Results of lightweight transactions (`IF …` writes): the `[applied]` flag and,
//! when a condition failed, the cells that are there, typed.

use scylla::deserialize::row::{ColumnIterator, DeserializeRow};
use scylla::deserialize::value::DeserializeValue;
use scylla::deserialize::{DeserializationError, FrameSlice, TypeCheckError};
use scylla::frame::response::result::ColumnSpec;
use scylla::response::query_result::QueryResult;

use crate::expr::Column;
use crate::model::Table;
use crate::private::TimeuuidCompat;
use crate::{Error, Result};

#[derive(Debug, thiserror::Error)]
#[error("the result of a conditional write has no `[applied]` column")]
struct NoAppliedColumn;

/// What a conditional write (`INSERT … IF NOT EXISTS`, `UPDATE`/`DELETE … IF …`)
/// did: whether it was applied and, when it was not, what the server found.
///
/// - [`existing`](Self::existing) is the whole row when the server sent every
///   column of `T`: an `INSERT … IF NOT EXISTS` whose key was taken.
/// - [`current`](Self::current) reads one column of what the server sent, typed
///   by the column handle: a failed `IF "price" = ?` sends back `price`, so
///   `current(|c| c.price)` is the price that beat you.
///
/// Unconditional writes are always applied and carry nothing else.
///
/// ```no_run
/// # use coodie::prelude::*;
/// # use uuid::Uuid;
/// # #[derive(Document, Debug, Clone, PartialEq)]
/// # #[coodie(table = "products")]
/// # pub struct Product {
/// #     #[coodie(partition_key)] pub id: Uuid,
/// #     pub name: String,
/// #     pub price: f64,
/// # }
/// # async fn demo(db: &coodie::Session, id: Uuid) -> coodie::Result<()> {
/// let outcome = Product::update(id)
///     .set(|c| c.price.to(7.99))
///     .if_(|c| c.price.eq(9.99))
///     .execute(db)
///     .await?;
/// if !outcome.applied {
///     let price: Option<f64> = outcome.current(|c| c.price)?;
///     println!("someone else set the price to {price:?}");
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Applied<T> {
    /// Whether the write happened.
    pub applied: bool,
    /// The row that was there, when the write was not applied and the server sent
    /// the whole row (an `INSERT … IF NOT EXISTS` on a taken key).
    pub existing: Option<T>,
    /// The cells the server sent with a failed condition.
    cells: Vec<OwnedCell>,
}

/// One cell of a conditional write's result.
#[derive(Debug, Clone, PartialEq)]
struct OwnedCell {
    spec: ColumnSpec<'static>,
    bytes: Option<Vec<u8>>,
}

impl<T> Applied<T> {
    /// The outcome of a write that was applied (and returned nothing more).
    pub(crate) fn yes() -> Self {
        Applied {
            applied: true,
            existing: None,
            cells: Vec::new(),
        }
    }
}

impl<T: Table> Applied<T> {
    /// One column of the row the server sent back with a failed condition, typed
    /// by its column handle: `Ok(None)` when the server did not send that column
    /// (it sends the columns of the condition, or the whole row for `IF NOT
    /// EXISTS`) or the cell is null. Always `Ok(None)` for an applied write.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # fn demo<T: Document>(outcome: Applied<T>, price: impl Fn(&T::Columns) -> coodie::query::Column<T, f64>) -> coodie::Result<()> {
    /// // outcome.current(|c| c.price)
    /// let found: Option<f64> = outcome.current(price)?;
    /// # Ok(()) }
    /// ```
    pub fn current<V>(&self, column: impl FnOnce(&T::Columns) -> Column<T, V>) -> Result<Option<V>>
    where
        V: for<'f, 'm> DeserializeValue<'f, 'm>,
    {
        let name = column(&T::COLUMNS).name();
        let Some(cell) = self.cells.iter().find(|c| c.spec.name() == name) else {
            return Ok(None);
        };
        let Some(bytes) = &cell.bytes else {
            return Ok(None);
        };
        let context = || format!("column `{name}` of the row a conditional write found");
        <TimeuuidCompat<V> as DeserializeValue>::type_check(cell.spec.typ())
            .map_err(|e| Error::driver(context(), e))?;
        <TimeuuidCompat<V> as DeserializeValue>::deserialize(
            cell.spec.typ(),
            Some(FrameSlice::new_borrowed(bytes)),
        )
        .map(|v| Some(v.0))
        .map_err(|e| Error::driver(context(), e))
    }
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

/// The whole row of `T` from the cells of a failed condition, read by column
/// name; `None` when the server did not send every column of `T`.
///
/// The server sends the row in its own column order (partition key, clustering
/// columns, then the others alphabetically); the model reads columns in
/// declaration order. The cells are copied into a row of the model's order.
fn whole_row<T: Table>(cells: &[OwnedCell]) -> Result<Option<T>, DeserializationError> {
    let mut specs = Vec::with_capacity(T::COLUMN_NAMES.len());
    let mut bytes = Vec::new();
    for name in T::COLUMN_NAMES {
        let Some(cell) = cells.iter().find(|c| c.spec.name() == *name) else {
            return Ok(None);
        };
        specs.push(cell.spec.clone());
        match &cell.bytes {
            Some(cell) => {
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

impl<'f, 'm, T: Table> DeserializeRow<'f, 'm> for Applied<T> {
    fn type_check(specs: &[ColumnSpec]) -> Result<(), TypeCheckError> {
        check_applied(specs)
    }

    fn deserialize(mut row: ColumnIterator<'f, 'm>) -> Result<Self, DeserializationError> {
        let applied = read_applied(&mut row)?;
        let mut cells = Vec::with_capacity(row.columns_remaining());
        // The cells come back only when the condition failed.
        if !applied {
            for column in row {
                let column = column?;
                cells.push(OwnedCell {
                    spec: column.spec.clone().into_owned(),
                    bytes: column.slice.map(|s| s.as_slice().to_vec()),
                });
            }
        }
        let existing = whole_row::<T>(&cells)?;
        Ok(Applied {
            applied,
            existing,
            cells,
        })
    }
}

/// The outcome of a write, read as `T`'s row: applied (with nothing more) for an
/// unconditional one, which returns no rows.
pub(crate) fn applied<T: Table>(cql: &str, result: QueryResult) -> Result<Applied<T>> {
    if !result.is_rows() {
        return Ok(Applied::yes());
    }
    let rows = result
        .into_rows_result()
        .map_err(|e| Error::driver(cql, e))?;
    Ok(rows
        .maybe_first_row::<Applied<T>>()
        .map_err(|e| Error::driver(cql, e))?
        .unwrap_or_else(Applied::yes))
}

/// Just the `[applied]` flag of a conditional write.
struct AppliedFlag(bool);

impl<'f, 'm> DeserializeRow<'f, 'm> for AppliedFlag {
    fn type_check(specs: &[ColumnSpec]) -> Result<(), TypeCheckError> {
        check_applied(specs)
    }

    fn deserialize(mut row: ColumnIterator<'f, 'm>) -> Result<Self, DeserializationError> {
        read_applied(&mut row).map(AppliedFlag)
    }
}

/// Whether a conditional write of rows of several tables (a batch) was applied;
/// `true` for an unconditional one (which returns no rows). The text is built
/// only when an error needs it (a batch's `BEGIN BATCH …`).
pub(crate) fn applied_flag(result: QueryResult, cql: impl Fn() -> String) -> Result<bool> {
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
