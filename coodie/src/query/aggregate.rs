//! Aggregates over the rows a query selects: `SUM`, `AVG`, `MIN`, `MAX` of one
//! column, typed by the column (`COUNT(*)` is [`Select::count`]).

use std::future::Future;

use scylla::deserialize::value::DeserializeValue;

use super::select::Select;
use crate::exec;
use crate::expr::Column;
use crate::ident;
use crate::model::{Comparable, Summable, Table};
use crate::private::TimeuuidCompat;
use crate::{Result, Session};

/// `SUM("price")` and the like. The `MIN`/`MAX` of a `timeuuid` column comes back
/// as a type the driver cannot read (`LegacyTimeUUIDType` on Cassandra 5), so it is
/// retyped as the `uuid` of the same bytes.
fn call<T: Table>(function: &str, column: &str) -> String {
    let call = format!("{function}({})", ident::quote(column));
    let timeuuid = T::schema()
        .column(column)
        .is_some_and(|c| c.cql_type == "timeuuid");
    if timeuuid {
        format!("blobAsUuid(timeuuidAsBlob({call}))")
    } else {
        call
    }
}

impl<T: Table> Select<T> {
    /// The one value `function(column)` over the matching rows; `None` when
    /// Cassandra returns null (`MIN`/`MAX` of no rows, or of only nulls).
    async fn aggregate<V>(
        &self,
        db: &Session,
        function: &'static str,
        column: &'static str,
    ) -> Result<Option<V>>
    where
        V: for<'f, 'm> DeserializeValue<'f, 'm>,
    {
        let (prepared, values, options) = self
            .prepared_function(db, function, column, || call::<T>(function, column))
            .await?;
        let statement = options.apply(&prepared.statement);
        let result = exec::run(db, &prepared.cql, &statement, values).await?;
        let rows: Vec<(TimeuuidCompat<Option<V>>,)> = exec::rows(&prepared.cql, result)?;
        Ok(rows.into_iter().next().and_then(|(value,)| value.0))
    }

    /// The sum of a numeric column over the matching rows (`SELECT SUM(…)`), in
    /// the column's type as Cassandra computes it: an `int` column sums to an
    /// `i32` (which may overflow), a `double` column to an `f64`; 0 when no row
    /// matches. Summing a column that is not numeric does not compile.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # #[derive(Document)]
    /// # pub struct Reading { #[coodie(partition_key)] pub sensor: String,
    /// #     #[coodie(clustering_key)] pub at: i64, pub value: f64 }
    /// # async fn demo(db: &coodie::Session) -> coodie::Result<()> {
    /// let total: f64 = Reading::find()
    ///     .filter(|c| c.sensor.eq("s1"))
    ///     .sum(db, |c| c.value)
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn sum<'a, V, R>(
        &'a self,
        db: &'a Session,
        column: impl FnOnce(&T::Columns) -> Column<T, V, R>,
    ) -> impl Future<Output = Result<V>> + Send + 'a
    where
        V: Summable + for<'f, 'm> DeserializeValue<'f, 'm> + Send + 'a,
    {
        let column = column(&T::COLUMNS).name();
        async move { Ok(self.aggregate(db, "SUM", column).await?.unwrap_or_default()) }
    }

    /// The average of a numeric column (`SELECT AVG(…)`), in the column's type as
    /// Cassandra computes it: the average of an `int` column is an `i32`
    /// (truncated); 0 when no row matches.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # #[derive(Document)]
    /// # pub struct Reading { #[coodie(partition_key)] pub sensor: String,
    /// #     #[coodie(clustering_key)] pub at: i64, pub value: f64 }
    /// # async fn demo(db: &coodie::Session) -> coodie::Result<()> {
    /// let mean: f64 = Reading::find()
    ///     .filter(|c| c.sensor.eq("s1"))
    ///     .avg(db, |c| c.value)
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn avg<'a, V, R>(
        &'a self,
        db: &'a Session,
        column: impl FnOnce(&T::Columns) -> Column<T, V, R>,
    ) -> impl Future<Output = Result<V>> + Send + 'a
    where
        V: Summable + for<'f, 'm> DeserializeValue<'f, 'm> + Send + 'a,
    {
        let column = column(&T::COLUMNS).name();
        async move { Ok(self.aggregate(db, "AVG", column).await?.unwrap_or_default()) }
    }

    /// The smallest value of a column over the matching rows (`SELECT MIN(…)`);
    /// `None` when no row matches or every value is null. Collections have no
    /// minimum: `min` on one does not compile.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # #[derive(Document)]
    /// # pub struct Reading { #[coodie(partition_key)] pub sensor: String,
    /// #     #[coodie(clustering_key)] pub at: i64, pub value: f64 }
    /// # async fn demo(db: &coodie::Session) -> coodie::Result<()> {
    /// let first_at: Option<i64> = Reading::find()
    ///     .filter(|c| c.sensor.eq("s1"))
    ///     .min(db, |c| c.at)
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn min<'a, V, R>(
        &'a self,
        db: &'a Session,
        column: impl FnOnce(&T::Columns) -> Column<T, V, R>,
    ) -> impl Future<Output = Result<Option<V>>> + Send + 'a
    where
        V: Comparable + for<'f, 'm> DeserializeValue<'f, 'm> + Send + 'a,
    {
        let column = column(&T::COLUMNS).name();
        async move { self.aggregate(db, "MIN", column).await }
    }

    /// The largest value of a column over the matching rows (`SELECT MAX(…)`);
    /// `None` when no row matches or every value is null.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # #[derive(Document)]
    /// # pub struct Reading { #[coodie(partition_key)] pub sensor: String,
    /// #     #[coodie(clustering_key)] pub at: i64, pub value: f64 }
    /// # async fn demo(db: &coodie::Session) -> coodie::Result<()> {
    /// let peak: Option<f64> = Reading::find()
    ///     .filter(|c| c.sensor.eq("s1"))
    ///     .max(db, |c| c.value)
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn max<'a, V, R>(
        &'a self,
        db: &'a Session,
        column: impl FnOnce(&T::Columns) -> Column<T, V, R>,
    ) -> impl Future<Output = Result<Option<V>>> + Send + 'a
    where
        V: Comparable + for<'f, 'm> DeserializeValue<'f, 'm> + Send + 'a,
    {
        let column = column(&T::COLUMNS).name();
        async move { self.aggregate(db, "MAX", column).await }
    }
}
