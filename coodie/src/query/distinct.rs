//! `SELECT DISTINCT` of the partition key: every partition of a table (or the
//! ones a query names), each once, typed as [`Table::PartitionKey`].

use futures::stream::{BoxStream, StreamExt, TryStreamExt};

use super::rows;
use super::select::Select;
use crate::error::{InvalidQuery, InvalidQueryKind};
use crate::ident;
use crate::model::{ColumnKind, Table};
use crate::{Error, Result, Session};

/// The cache key's marker of a `SELECT DISTINCT` of the partition key.
struct DistinctKeys;

fn refused(message: String) -> Error {
    Error::InvalidQuery(InvalidQuery::new(InvalidQueryKind::Selection, message))
}

impl<T: Table> Select<T> {
    /// `DISTINCT "a", "b"`: the partition key columns.
    fn distinct_selection() -> String {
        format!("DISTINCT {}", ident::column_list(T::PARTITION_KEY))
    }

    /// The `SELECT DISTINCT` of the partition key this query's filters allow:
    /// none, or the partition key columns only.
    ///
    /// ```
    /// # use coodie::prelude::*;
    /// # #[derive(Document)]
    /// # pub struct Reading { #[coodie(partition_key)] pub sensor: String,
    /// #     #[coodie(clustering_key)] pub at: i64, pub value: f64 }
    /// assert_eq!(
    ///     Reading::find().limit(10).partition_keys_cql("ks"),
    ///     "SELECT DISTINCT \"sensor\" FROM ks.reading LIMIT ?"
    /// );
    /// ```
    pub fn partition_keys_cql(&self, keyspace: &str) -> String {
        self.to_cql_selecting(&Self::distinct_selection(), keyspace)
    }

    fn check_distinct(&self) -> Result<()> {
        let (restrictions, ordering, per_partition_limit) = self.distinct_parts();
        if let Some(r) = restrictions
            .iter()
            .find(|r| r.kind != ColumnKind::PartitionKey)
        {
            return Err(refused(format!(
                "SELECT DISTINCT on `{}` can only be restricted by partition key columns; `{}` is \
                 not one",
                T::NAME,
                r.column
            )));
        }
        if !ordering.is_empty() {
            return Err(refused(format!(
                "SELECT DISTINCT on `{}` returns partitions, which have no ORDER BY",
                T::NAME
            )));
        }
        if per_partition_limit.is_some() {
            return Err(refused(format!(
                "SELECT DISTINCT on `{}` returns one row per partition already; drop \
                 `per_partition_limit`",
                T::NAME
            )));
        }
        Ok(())
    }

    /// Each partition key of the matching partitions once (`SELECT DISTINCT`), as
    /// a stream that fetches pages as it is consumed: the key's type for a
    /// one-column key, else a tuple in key order. The filters may restrict only
    /// partition key columns.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// use futures::TryStreamExt;
    /// # #[derive(Document)]
    /// # pub struct Reading { #[coodie(partition_key)] pub sensor: String,
    /// #     #[coodie(clustering_key)] pub at: i64, pub value: f64 }
    /// # async fn demo(db: &coodie::Session) -> coodie::Result<()> {
    /// let mut sensors = Reading::find().page_size(1000).stream_partition_keys(db);
    /// while let Some(sensor) = sensors.try_next().await? {
    ///     println!("{sensor}");
    /// }
    /// # Ok(()) }
    /// ```
    pub fn stream_partition_keys(
        &self,
        db: &Session,
    ) -> BoxStream<'static, Result<T::PartitionKey>> {
        let looked_up = self
            .check_distinct()
            .and_then(|()| self.look_up_selecting::<DistinctKeys>(&Self::distinct_selection(), db));
        rows::stream::<T::PartitionKeyRow>(db, looked_up, self.statement_options())
            .map_ok(T::partition_key_from_row)
            .boxed()
    }

    /// Each partition key of the matching partitions once (`SELECT DISTINCT`),
    /// collected: see [`stream_partition_keys`](Select::stream_partition_keys).
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # #[derive(Document)]
    /// # pub struct Reading { #[coodie(partition_key)] pub sensor: String,
    /// #     #[coodie(clustering_key)] pub at: i64, pub value: f64 }
    /// # async fn demo(db: &coodie::Session) -> coodie::Result<()> {
    /// let sensors: Vec<String> = Reading::find().partition_keys(db).await?;
    /// # Ok(()) }
    /// ```
    pub async fn partition_keys(&self, db: &Session) -> Result<Vec<T::PartitionKey>> {
        self.stream_partition_keys(db).try_collect().await
    }
}
