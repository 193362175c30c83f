//! Counter updates (`UPDATE … SET "c" = "c" + ?`) and counter batches.
//!
//! Counter updates are **not idempotent**: a retried increment may count twice.
//! Every statement made here keeps the driver's default, not idempotent, so the
//! driver never retries or speculatively re-sends one on its own.

use scylla::serialize::row::SerializeRow;
use scylla::statement::batch::{BatchStatement, BatchType};
use scylla::statement::{Consistency, Statement};

use super::batch::KeyValues;
use crate::cql::dml::{self, key_clause};
use crate::error::{InvalidQuery, InvalidQueryKind};
use crate::exec::{self, StatementOptions};
use crate::expr::{BoundValue, Column, chain};
use crate::ident;
use crate::model::{Counter, CounterTable, Table};
use crate::{Error, Result, Session};

/// An update of the counters of one row of counter table `T`, by primary key:
/// reached through [`Model::update_counters`](crate::Model::update_counters) and
/// run with [`execute`](CounterUpdate::execute), or added to a [`CounterBatch`].
///
/// Each [`incr`](CounterUpdate::incr) / [`decr`](CounterUpdate::decr) names a
/// `Counter` column (any other column does not compile) and a delta; deltas on
/// one column add up. The statement is `UPDATE ks.t SET "c" = "c" + ? … WHERE
/// <key>` with every delta bound (a decrement binds the negated delta), so each
/// set of columns shares one prepared statement.
///
/// ```no_run
/// use coodie::prelude::*;
/// use coodie::model::Counter;
///
/// #[derive(Document, Debug, Clone, PartialEq)]
/// #[coodie(table = "page_view_counters")]
/// pub struct PageViews {
///     #[coodie(partition_key)]
///     pub url: String,
///     #[coodie(clustering_key)]
///     pub date: String,
///     pub view_count: Counter,
///     pub unique_visitors: Counter,
/// }
///
/// # async fn demo(db: &coodie::Session) -> coodie::Result<()> {
/// PageViews::sync_table(db).await?;
/// let key = ("/home".to_string(), "2026-12-01".to_string());
/// PageViews::update_counters(key.clone())
///     .incr(|c| c.view_count, 1)
///     .incr(|c| c.unique_visitors, 1)
///     .execute(db)
///     .await?;
/// let row = PageViews::get(db, key).await?.expect("counted");
/// assert_eq!(row.view_count, Counter(1));
/// # Ok(()) }
/// ```
pub struct CounterUpdate<T: Table> {
    key: T::PrimaryKey,
    /// Column and summed delta, in the order the columns were first named.
    deltas: Vec<(&'static str, i64)>,
    /// The first problem met while building (an overflowing delta), reported by
    /// `execute` or `CounterBatch::add` before anything is sent.
    error: Option<Error>,
    consistency: Option<Consistency>,
}

impl<T: Table> std::fmt::Debug for CounterUpdate<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CounterUpdate")
            .field(
                "cql",
                &self.to_cql(T::schema().keyspace_or("<session keyspace>")),
            )
            .field("deltas", &self.deltas)
            .finish()
    }
}

fn counter_error(message: String) -> Error {
    Error::InvalidQuery(InvalidQuery::new(InvalidQueryKind::Assignment, message))
}

impl<T: CounterTable> CounterUpdate<T> {
    /// The counters of the row with primary key `key`.
    pub(crate) fn by_key(key: T::PrimaryKey) -> Self {
        CounterUpdate {
            key,
            deltas: Vec::new(),
            error: None,
            consistency: None,
        }
    }

    fn add(mut self, column: &'static str, delta: Option<i64>) -> Self {
        let Some(delta) = delta else {
            self.error.get_or_insert_with(|| {
                counter_error(format!("the decrement of `{column}` overflows an i64"))
            });
            return self;
        };
        match self.deltas.iter_mut().find(|(c, _)| *c == column) {
            Some((_, sum)) => match sum.checked_add(delta) {
                Some(total) => *sum = total,
                None => {
                    self.error.get_or_insert_with(|| {
                        counter_error(format!("the deltas on `{column}` overflow an i64"))
                    });
                }
            },
            None => self.deltas.push((column, delta)),
        }
        self
    }

    /// Adds `by` to a counter: `.incr(|c| c.view_count, 1)` (`by` may be negative).
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # fn demo<T: coodie::model::CounterTable>(key: T::PrimaryKey,
    /// #     views: impl Fn(&T::Columns) -> coodie::query::Column<T, coodie::model::Counter>) {
    /// let update = T::update_counters(key).incr(views, 1);
    /// # }
    /// ```
    pub fn incr(self, column: impl FnOnce(&T::Columns) -> Column<T, Counter>, by: i64) -> Self {
        let column = column(&T::COLUMNS).name();
        self.add(column, Some(by))
    }

    /// Subtracts `by` from a counter: `.decr(|c| c.stock, 2)`.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # fn demo<T: coodie::model::CounterTable>(key: T::PrimaryKey,
    /// #     views: impl Fn(&T::Columns) -> coodie::query::Column<T, coodie::model::Counter>) {
    /// let update = T::update_counters(key).decr(views, 1);
    /// # }
    /// ```
    pub fn decr(self, column: impl FnOnce(&T::Columns) -> Column<T, Counter>, by: i64) -> Self {
        let column = column(&T::COLUMNS).name();
        self.add(column, by.checked_neg())
    }

    /// The consistency level of the update.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # fn demo<T: coodie::model::CounterTable>(key: T::PrimaryKey) {
    /// let update = T::update_counters(key).consistency(Consistency::Quorum);
    /// # }
    /// ```
    pub fn consistency(mut self, consistency: Consistency) -> Self {
        self.consistency = Some(consistency);
        self
    }

    /// The checked update as statement text (for `keyspace`) and bound values.
    fn into_parts(
        self,
        keyspace: &str,
    ) -> Result<(String, Box<dyn SerializeRow + Send + Sync + 'static>)>
    where
        T::PrimaryKey: 'static,
    {
        if let Some(error) = self.error {
            return Err(error);
        }
        if self.deltas.is_empty() {
            return Err(counter_error(format!(
                "a counter update of `{}` needs at least one `.incr(…)` or `.decr(…)`",
                T::NAME
            )));
        }
        let cql = self.to_cql(keyspace);
        let deltas: Vec<BoundValue> = self
            .deltas
            .iter()
            .map(|(_, delta)| BoundValue::new(scylla::value::Counter(*delta)))
            .collect();
        let n = deltas.len();
        Ok((cql, Box::new(chain(deltas, n, KeyValues::<T>(self.key)))))
    }

    /// Runs the update.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: coodie::model::CounterTable>(db: &coodie::Session, key: T::PrimaryKey,
    /// #     views: impl Fn(&T::Columns) -> coodie::query::Column<T, coodie::model::Counter>) -> coodie::Result<()> {
    /// T::update_counters(key).incr(views, 1).execute(db).await?;
    /// # Ok(()) }
    /// ```
    pub async fn execute(self, db: &Session) -> Result<()>
    where
        T::PrimaryKey: 'static,
    {
        let options = StatementOptions {
            consistency: self.consistency,
            ..StatementOptions::default()
        };
        let (cql, values) = self.into_parts(db.keyspace())?;
        exec::execute(db, &cql, &options, values).await?;
        Ok(())
    }
}

impl<T: Table> CounterUpdate<T> {
    /// The `UPDATE` statement, with `keyspace` for tables that have none of their
    /// own; deltas and key are `?` markers.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # fn demo<T: coodie::model::CounterTable>(key: T::PrimaryKey,
    /// #     views: impl Fn(&T::Columns) -> coodie::query::Column<T, coodie::model::Counter>) {
    /// // UPDATE shop.page_view_counters SET "view_count" = "view_count" + ? WHERE "url" = ? AND "date" = ?
    /// println!("{}", T::update_counters(key).incr(views, 1).to_cql("shop"));
    /// # }
    /// ```
    pub fn to_cql(&self, keyspace: &str) -> String {
        render::<T>(&self.deltas, keyspace)
    }
}

/// A `BEGIN COUNTER BATCH`: counter updates only, of any counter tables. A
/// regular write cannot be added (it does not compile: [`add`](CounterBatch::add)
/// takes a [`CounterUpdate`], and a [`Batch`](super::Batch) takes no counter
/// table), because Cassandra refuses to mix the two in one batch.
///
/// A counter batch is not atomic across partitions, and, like every counter
/// update, not idempotent.
///
/// ```no_run
/// # use coodie::prelude::*;
/// # use coodie::model::Counter;
/// # #[derive(Document, Debug, Clone)]
/// # #[coodie(table = "page_view_counters")]
/// # pub struct PageViews {
/// #     #[coodie(partition_key)] pub url: String,
/// #     #[coodie(clustering_key)] pub date: String,
/// #     pub view_count: Counter,
/// #     pub unique_visitors: Counter,
/// # }
/// # async fn demo(db: &coodie::Session) -> coodie::Result<()> {
/// use coodie::write::CounterBatch;
/// let day = "2026-12-01".to_string();
/// let mut batch = CounterBatch::new();
/// for url in ["/home", "/about"] {
///     batch.add(PageViews::update_counters((url.to_string(), day.clone())).incr(|c| c.view_count, 1))?;
/// }
/// batch.execute(db).await?;
/// # Ok(()) }
/// ```
#[derive(Default)]
pub struct CounterBatch {
    /// Per update: its table and its statement's `SET` and `WHERE` (without a
    /// keyspace, which `execute` adds) and its values.
    entries: Vec<CounterEntry>,
    consistency: Option<Consistency>,
}

struct CounterEntry {
    render: Box<dyn Fn(&str) -> String + Send + Sync>,
    values: Box<dyn SerializeRow + Send + Sync + 'static>,
}

impl std::fmt::Debug for CounterBatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CounterBatch")
            .field("statements", &self.to_cql("<session keyspace>"))
            .finish_non_exhaustive()
    }
}

impl CounterBatch {
    /// An empty counter batch.
    ///
    /// ```
    /// assert!(coodie::write::CounterBatch::new().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// How many updates the batch holds.
    ///
    /// ```
    /// assert_eq!(coodie::write::CounterBatch::new().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the batch holds no update.
    ///
    /// ```
    /// assert!(coodie::write::CounterBatch::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The consistency level of the whole batch.
    ///
    /// ```
    /// use coodie::query::Consistency;
    /// let batch = coodie::write::CounterBatch::new().consistency(Consistency::Quorum);
    /// ```
    pub fn consistency(mut self, consistency: Consistency) -> Self {
        self.consistency = Some(consistency);
        self
    }

    /// Adds a counter update; refused (before anything is sent) when it has no
    /// delta or a delta overflows. The update's own consistency is ignored: the
    /// batch's applies.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # fn demo<T: coodie::model::CounterTable>(key: T::PrimaryKey,
    /// #     views: impl Fn(&T::Columns) -> coodie::query::Column<T, coodie::model::Counter>) -> coodie::Result<()>
    /// # where T::PrimaryKey: 'static {
    /// let mut batch = coodie::write::CounterBatch::new();
    /// batch.add(T::update_counters(key).incr(views, 1))?;
    /// # Ok(()) }
    /// ```
    pub fn add<T: CounterTable>(&mut self, update: CounterUpdate<T>) -> Result<&mut Self>
    where
        T::PrimaryKey: 'static,
    {
        // Checked now, rendered per keyspace when sent.
        let deltas = update.deltas.clone();
        let (_, values) = update.into_parts("")?;
        self.entries.push(CounterEntry {
            render: Box::new(move |keyspace| render::<T>(&deltas, keyspace)),
            values,
        });
        Ok(self)
    }

    /// The statements of the batch, in order.
    ///
    /// ```
    /// assert!(coodie::write::CounterBatch::new().to_cql("shop").is_empty());
    /// ```
    pub fn to_cql(&self, keyspace: &str) -> Vec<String> {
        self.entries.iter().map(|e| (e.render)(keyspace)).collect()
    }

    /// Sends the batch as one `BEGIN COUNTER BATCH`.
    ///
    /// ```no_run
    /// # async fn demo(db: &coodie::Session, batch: coodie::write::CounterBatch) -> coodie::Result<()> {
    /// batch.execute(db).await?;
    /// # Ok(()) }
    /// ```
    pub async fn execute(self, db: &Session) -> Result<()> {
        if self.entries.is_empty() {
            return Ok(());
        }
        let statements = self.to_cql(db.keyspace());
        let label = format!("BEGIN COUNTER BATCH {}; APPLY BATCH", statements.join("; "));
        let options = StatementOptions {
            consistency: self.consistency,
            ..StatementOptions::default()
        };
        let batch = options.batch(
            BatchType::Counter,
            statements
                .iter()
                .map(|cql| BatchStatement::Query(Statement::new(cql.as_str())))
                .collect(),
        );
        let values: Vec<Box<dyn SerializeRow + Send + Sync>> =
            self.entries.into_iter().map(|e| e.values).collect();
        db.bounded(&label, db.driver().batch(&batch, values))
            .await?;
        Ok(())
    }
}

/// The statement of a counter update of `T` on `deltas`' columns.
fn render<T: Table>(deltas: &[(&'static str, i64)], keyspace: &str) -> String {
    let sets: Vec<String> = deltas
        .iter()
        .map(|(column, _)| {
            let quoted = ident::quote(column);
            format!("{quoted} = {quoted} + ?")
        })
        .collect();
    dml::update(
        T::schema(),
        keyspace,
        "",
        &sets.join(", "),
        &key_clause(T::PRIMARY_KEY.iter().copied()),
        "",
    )
}

#[cfg(test)]
mod tests {
    use crate::exec::StatementOptions;
    use scylla::statement::batch::BatchType;

    /// Counter updates must never be marked idempotent: a retried increment counts
    /// twice. The statements and batches coodie sends keep the driver's default.
    #[test]
    fn counter_statements_are_not_idempotent() {
        let options = StatementOptions::default();
        let statement = options.statement("UPDATE ks.t SET \"c\" = \"c\" + ? WHERE \"k\" = ?");
        assert!(!statement.get_is_idempotent());
        assert!(
            !options
                .batch(BatchType::Counter, Vec::new())
                .get_is_idempotent()
        );
    }
}
