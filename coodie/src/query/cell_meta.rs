//! `WRITETIME(col)` and `TTL(col)`: when a cell was written, and how long it lives.

use std::marker::PhantomData;

use scylla::deserialize::value::DeserializeValue;

use super::Select;
use crate::error::{InvalidQuery, InvalidQueryKind};
use crate::exec;
use crate::expr::Column;
use crate::model::Table;
use crate::{Error, Result, Session};

/// A read of one piece of cell metadata of one column, for the rows a [`Select`]
/// matches: [`Select::write_time`] (`WRITETIME`, microseconds since the epoch, as
/// `i64`) or [`Select::ttl`] (`TTL`, seconds left, as `i32`). A row whose cell is
/// not set (or has no TTL) gives `None`.
///
/// ```no_run
/// # use coodie::prelude::*;
/// # #[derive(Document, Debug, Clone)]
/// # #[coodie(table = "products")]
/// # pub struct Product { #[coodie(partition_key)] pub id: i32, pub price: f64 }
/// # async fn demo(db: &coodie::Session) -> coodie::Result<()> {
/// let written: Option<i64> = Product::find()
///     .filter(|c| c.id.eq(7))
///     .write_time(|c| c.price)
///     .one(db)
///     .await?;
/// let left: Option<i32> = Product::find().filter(|c| c.id.eq(7)).ttl(|c| c.price).one(db).await?;
/// # Ok(()) }
/// ```
pub struct CellMeta<T: Table, M> {
    query: Select<T>,
    function: &'static str,
    column: &'static str,
    problem: Option<String>,
    _meta: PhantomData<fn() -> M>,
}

impl<T: Table, M> std::fmt::Debug for CellMeta<T, M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CellMeta")
            .field("function", &self.function)
            .field("column", &self.column)
            .field("query", &self.query)
            .finish()
    }
}

impl<T: Table> Select<T> {
    /// `WRITETIME(column)` of each matching row: when the cell was written, in
    /// microseconds since the epoch (the write's `USING TIMESTAMP`). A
    /// primary-key column has no cell of its own: asking for one does not compile
    /// (the column's role is not [`role::Regular`](crate::query::role::Regular)).
    /// A collection that is not frozen has no single write time: the read fails
    /// with [`InvalidQueryKind::CellMetadata`](crate::InvalidQueryKind::CellMetadata).
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # #[derive(Document, Debug, Clone)]
    /// # #[coodie(table = "products")]
    /// # pub struct Product { #[coodie(partition_key)] pub id: i32, pub price: f64 }
    /// # async fn demo(db: &coodie::Session) -> coodie::Result<()> {
    /// let times: Vec<Option<i64>> = Product::find().write_time(|c| c.price).all(db).await?;
    /// # Ok(()) }
    /// ```
    pub fn write_time<V>(
        self,
        column: impl FnOnce(&T::Columns) -> Column<T, V>,
    ) -> CellMeta<T, i64> {
        CellMeta::new(self, "WRITETIME", column(&T::COLUMNS))
    }

    /// `TTL(column)` of each matching row: the seconds the cell has left to live,
    /// `None` when it has no TTL. The same columns as
    /// [`write_time`](Select::write_time) have one.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # #[derive(Document, Debug, Clone)]
    /// # #[coodie(table = "sessions")]
    /// # pub struct Login { #[coodie(partition_key)] pub id: i32, pub user: String }
    /// # async fn demo(db: &coodie::Session) -> coodie::Result<()> {
    /// let left: Option<i32> = Login::find().filter(|c| c.id.eq(1)).ttl(|c| c.user).one(db).await?;
    /// # Ok(()) }
    /// ```
    pub fn ttl<V>(self, column: impl FnOnce(&T::Columns) -> Column<T, V>) -> CellMeta<T, i32> {
        CellMeta::new(self, "TTL", column(&T::COLUMNS))
    }
}

impl<T: Table, M> CellMeta<T, M>
where
    M: for<'f, 'm> DeserializeValue<'f, 'm> + Send + 'static,
{
    fn new<V>(query: Select<T>, function: &'static str, column: Column<T, V>) -> Self {
        let name = column.name();
        let problem = if column.kind().is_primary_key() {
            Some(format!(
                "{function}({name}): `{name}` is a primary-key column of `{}`, which has no cell \
                 of its own; ask for a regular or static column",
                T::NAME
            ))
        } else if T::schema()
            .column(name)
            .is_some_and(|c| is_multi_cell(&c.cql_type))
        {
            Some(format!(
                "{function}({name}): `{name}` is a collection that is not frozen, with one cell \
                 per element; ask for a column of one cell"
            ))
        } else {
            None
        };
        CellMeta {
            query,
            function,
            column: name,
            problem,
            _meta: PhantomData,
        }
    }

    /// The value for every matching row, fetched unpaged.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Table, V>(db: &coodie::Session, c: impl FnOnce(&T::Columns) -> coodie::query::Column<T, V>) -> coodie::Result<()> {
    /// let all: Vec<Option<i64>> = T::find().write_time(c).all(db).await?;
    /// # Ok(()) }
    /// ```
    pub async fn all(&self, db: &Session) -> Result<Vec<Option<M>>> {
        if let Some(problem) = &self.problem {
            return Err(Error::InvalidQuery(InvalidQuery::new(
                InvalidQueryKind::CellMetadata,
                problem.clone(),
            )));
        }
        let (prepared, values, options) = self
            .query
            .prepared_function(db, self.function, self.column, || {
                format!("{}({})", self.function, crate::ident::quote(self.column))
            })
            .await?;
        let statement = options.apply(&prepared.statement);
        let result = exec::run(db, &prepared.cql, &statement, values).await?;
        let rows: Vec<(Option<M>,)> = exec::rows(&prepared.cql, result)?;
        Ok(rows.into_iter().map(|(m,)| m).collect())
    }

    /// The value for the one matching row: [`Error::NotFound`] when no row
    /// matches, [`Error::MultipleFound`] when several do.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Table, V>(db: &coodie::Session, c: impl FnOnce(&T::Columns) -> coodie::query::Column<T, V>) -> coodie::Result<()> {
    /// let ttl: Option<i32> = T::find().ttl(c).one(db).await?;
    /// # Ok(()) }
    /// ```
    pub async fn one(&self, db: &Session) -> Result<Option<M>> {
        let mut rows = self.all(db).await?;
        match rows.len() {
            1 => Ok(rows.pop().flatten()),
            0 => Err(Error::NotFound {
                table: T::NAME.to_string(),
            }),
            _ => Err(Error::MultipleFound {
                table: T::NAME.to_string(),
            }),
        }
    }
}

/// Whether a column of this CQL type holds one cell per element (a collection
/// that is not frozen).
pub(crate) fn is_multi_cell(cql_type: &str) -> bool {
    let t = cql_type.trim_start();
    ["list<", "set<", "map<"].iter().any(|p| t.starts_with(p))
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_unfrozen_collections_have_many_cells() {
        assert!(super::is_multi_cell("list<int>"));
        assert!(super::is_multi_cell("map<text, int>"));
        assert!(!super::is_multi_cell("frozen<list<int>>"));
        assert!(!super::is_multi_cell("text"));
    }
}
