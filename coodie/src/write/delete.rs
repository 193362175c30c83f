//! Query-level `DELETE`: rows chosen by key restrictions, optionally conditional.

use scylla::statement::Consistency;

use super::options::WriteOptions;
use crate::cql::check::check_delete;
use crate::cql::dml;
use crate::exec;
use crate::expr::{BoundValue, Condition, Filter, Restriction, restriction_clause};
use crate::model::Table;
use crate::session::{StatementKey, StatementKind};
use crate::{Result, Session};

/// A `DELETE` of the rows of `T` that key restrictions select:
/// `T::find().filter(…).delete()`, run with [`execute`](Delete::execute). (A
/// document you hold is deleted with [`Model::delete`](crate::Model::delete).)
///
/// The partition key must be restricted with `=` or `IN`; clustering columns may
/// follow in key order, with a range on the last one (a range delete).
///
/// ```no_run
/// # use coodie::prelude::*;
/// # async fn demo<T: Document>(db: &coodie::Session, f: impl Fn(&T::Columns) -> coodie::query::Filter<T>) -> coodie::Result<()> {
/// // Product::find().filter(|c| c.id.eq(id)).delete().if_exists().execute(&db)
/// let was_there: bool = T::find().filter(f).delete().if_exists().execute(db).await?;
/// # Ok(()) }
/// ```
pub struct Delete<T: Table> {
    restrictions: Vec<Restriction>,
    condition: Condition,
    options: WriteOptions,
    _table: std::marker::PhantomData<fn() -> T>,
}

impl<T: Table> std::fmt::Debug for Delete<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Delete")
            .field(&self.to_cql(T::schema().keyspace_or("<session keyspace>")))
            .finish()
    }
}

// No `Writable` bound here: a `Delete` is only made by `Select::delete`, which
// carries it, so a view never gets one, and a write on a view is reported once,
// where it is asked for.
impl<T: Table> Delete<T> {
    pub(crate) fn new(restrictions: Vec<Restriction>) -> Self {
        Delete {
            restrictions,
            condition: Condition::None,
            options: WriteOptions::default(),
            _table: std::marker::PhantomData,
        }
    }

    /// Only if the row exists (`IF EXISTS`); needs the full primary key.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # fn demo<T: Document>(f: impl Fn(&T::Columns) -> coodie::query::Filter<T>) {
    /// let delete = T::find().filter(f).delete().if_exists();
    /// # }
    /// ```
    pub fn if_exists(mut self) -> Self {
        self.condition = Condition::Exists;
        self
    }

    /// Only if the columns hold these values (`IF …`); needs the full primary key.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # fn demo<T: Document>(f: impl Fn(&T::Columns) -> coodie::query::Filter<T>,
    /// #     g: impl Fn(&T::Columns) -> coodie::query::Filter<T>) {
    /// let delete = T::find().filter(f).delete().if_(g);
    /// # }
    /// ```
    pub fn if_(mut self, condition: impl FnOnce(&T::Columns) -> Filter<T>) -> Self {
        self.condition.add(condition(&T::COLUMNS).restrictions);
        self
    }

    /// The write timestamp, in microseconds since the Unix epoch: cells written
    /// later than it survive.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # fn demo<T: Document>(f: impl Fn(&T::Columns) -> coodie::query::Filter<T>) {
    /// let delete = T::find().filter(f).delete().timestamp(1_700_000_000_000_000);
    /// # }
    /// ```
    pub fn timestamp(mut self, micros: i64) -> Self {
        self.options = self.options.timestamp(micros);
        self
    }

    /// The consistency level of the delete.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # fn demo<T: Document>(f: impl Fn(&T::Columns) -> coodie::query::Filter<T>) {
    /// let delete = T::find().filter(f).delete().consistency(Consistency::Quorum);
    /// # }
    /// ```
    pub fn consistency(mut self, consistency: Consistency) -> Self {
        self.options = self.options.consistency(consistency);
        self
    }

    /// Runs the delete; returns whether it was applied (always `true` without a
    /// condition).
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Document>(db: &coodie::Session, f: impl Fn(&T::Columns) -> coodie::query::Filter<T>) -> coodie::Result<()> {
    /// T::find().filter(f).delete().execute(db).await?;
    /// # Ok(()) }
    /// ```
    pub async fn execute(self, db: &Session) -> Result<bool> {
        check_delete(T::schema(), &self.restrictions)?;
        let (_, mut values) = self.options.using(false)?;
        let mut shape = self.options.using_shape();
        dml::restriction_shape(&self.restrictions, 0, &mut shape);
        dml::condition_shape(&self.condition, &mut shape);
        let key = StatementKey::shaped::<T>(StatementKind::Delete, shape);
        let prepared = db.prepared(key, || self.to_cql(db.keyspace())).await?;
        values.extend(self.restrictions.iter().map(|r| r.value.clone()));
        values.extend(self.condition.values());
        let values: Vec<BoundValue> = values;
        let result = exec::run(db, &prepared, &self.options.statement_options(), values).await?;
        exec::applied(&prepared.cql, result)
    }
}

impl<T: Table> Delete<T> {
    /// The `DELETE` statement, with `keyspace` for tables that have none of their
    /// own; values are `?` markers.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # fn demo<T: Document>(f: impl Fn(&T::Columns) -> coodie::query::Filter<T>) {
    /// println!("{}", T::find().filter(f).delete().to_cql("shop"));
    /// # }
    /// ```
    pub fn to_cql(&self, keyspace: &str) -> String {
        dml::delete(
            T::schema(),
            keyspace,
            &self.options.using_clause(false),
            &restriction_clause(&self.restrictions),
            &self.condition.clause(),
        )
    }
}
