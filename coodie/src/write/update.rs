//! `UPDATE` of chosen columns, by key or by a key filter, optionally conditional.

use std::time::Duration;

use scylla::serialize::SerializationError;
use scylla::serialize::row::{RowSerializationContext, SerializeRow};
use scylla::serialize::value::SerializeValue;
use scylla::serialize::writers::RowWriter;
use scylla::statement::{Consistency, Statement};

use super::options::{UsingValues, WriteOptions};
use crate::cql::ShapePart;
use crate::cql::check::check_update;
use crate::cql::dml::{self, key_clause};
use crate::error::{InvalidQuery, InvalidQueryKind, short_type_name};
use crate::exec::{self, Applied, StatementOptions};
use crate::expr::{
    Assignment, Column, Condition, Filter, Markers, Restriction, RestrictionValues,
    restriction_clause,
};
use crate::model::{ColumnKind, Table};
use crate::session::StatementKind;
use crate::{Error, Result, Session};

/// Which rows an update targets.
enum Target<K, P> {
    /// The row with this primary key.
    Key(K),
    /// The partition with this partition key (static columns).
    Partition(P),
    /// The rows these key restrictions select.
    Where(Vec<Restriction>),
}

/// An `UPDATE` of some columns of table `T`: reached through
/// [`Model::update`](crate::Model::update) (one row, by primary key),
/// [`Model::update_partition`](crate::Model::update_partition) (the static columns
/// of one partition) or `T::find().filter(…).update()` (the rows key restrictions
/// select), and run with [`execute`](Update::execute).
///
/// Every column is set the same way, with an [`Assignment`] made from the typed
/// column: `.set(|c| c.price.to(9.99))`. One method for every kind of change
/// keeps the builder small as operators arrive (appending to a list, adding to a
/// set, incrementing a counter are assignments too), and the column and its value
/// sit together where the type checker compares them.
///
/// ```no_run
/// # use coodie::prelude::*;
/// # use uuid::Uuid;
/// # #[derive(Document, Debug, Clone)]
/// # #[coodie(table = "products")]
/// # pub struct Product {
/// #     #[coodie(partition_key)] pub id: Uuid,
/// #     pub name: String,
/// #     #[coodie(index)] pub category: String,
/// #     pub price: f64,
/// #     pub description: Option<String>,
/// # }
/// # async fn demo(db: &coodie::Session, id: Uuid) -> coodie::Result<()> {
/// // Only if the row exists: no upsert of a half-empty row.
/// let applied: bool = Product::update(id)
///     .set(|c| c.price.to(9.99))
///     .if_exists()
///     .execute(db)
///     .await?
///     .applied;
///
/// // Compare-and-set; when it fails, the price that is there.
/// let outcome = Product::update(id)
///     .set(|c| c.price.to(7.99))
///     .if_(|c| c.price.eq(9.99))
///     .execute(db)
///     .await?;
/// let found: Option<f64> = outcome.current(|c| c.price)?;
///
/// // Clear an optional column, with a TTL on the other cells written.
/// Product::update(id)
///     .clear(|c| c.description)
///     .set(|c| c.name.to("Boots (sale)"))
///     .ttl(std::time::Duration::from_secs(86_400))
///     .execute(db)
///     .await?;
/// # Ok(()) }
/// ```
pub struct Update<T: Table> {
    target: Target<T::PrimaryKey, T::PartitionKey>,
    assignments: Assignments<T>,
    condition: Condition,
    options: WriteOptions,
}

impl<T: Table> std::fmt::Debug for Update<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Update")
            .field(&self.to_cql(T::schema().keyspace_or("<session keyspace>")))
            .finish()
    }
}

// No `Writable` bound here: an `Update` is only made by methods that carry it
// (`Model::update`, `update_partition`, `Select::update`), so a view never gets
// one, and a write on a view is reported once, where it is asked for.
impl<T: Table> Update<T> {
    fn new(target: Target<T::PrimaryKey, T::PartitionKey>) -> Self {
        Update {
            target,
            assignments: Assignments::None,
            condition: Condition::None,
            options: WriteOptions::default(),
        }
    }

    /// The row with primary key `key`.
    pub(crate) fn by_key(key: T::PrimaryKey) -> Self {
        Self::new(Target::Key(key))
    }

    /// The static columns of the partition with partition key `key`.
    pub(crate) fn by_partition(key: T::PartitionKey) -> Self {
        Self::new(Target::Partition(key))
    }

    /// The rows `restrictions` select (checked when run).
    pub(crate) fn matching(restrictions: Vec<Restriction>) -> Self {
        Self::new(Target::Where(restrictions))
    }

    /// Sets a column: `.set(|c| c.price.to(9.99))`, or changes a collection:
    /// `.set(|c| c.tags.add(["sale"]))` (see [`Column`] for `append`, `prepend`,
    /// `set_at`, `add`, `remove`, `put`, `put_all`). The value must have the
    /// column's Rust type (or convert into it). Several calls set several columns.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # fn demo<T: Document>(key: T::PrimaryKey, price: impl Fn(&T::Columns) -> coodie::query::Assignment<T>) {
    /// // Product::update(id).set(|c| c.price.to(9.99))
    /// let update = T::update(key).set(price);
    /// # }
    /// ```
    #[inline(always)]
    pub fn set(mut self, assignment: impl FnOnce(&T::Columns) -> Assignment<T>) -> Self {
        self.assignments.push(assignment(&T::COLUMNS));
        self
    }

    /// Clears a column: writes null, i.e. deletes the cell (a tombstone), for the
    /// optional fields of a document.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # fn demo<T: Document>(key: T::PrimaryKey, description: impl Fn(&T::Columns) -> coodie::query::Column<T, String>) {
    /// // Product::update(id).clear(|c| c.description)
    /// let update = T::update(key).clear(description);
    /// # }
    /// ```
    pub fn clear<V>(mut self, column: impl FnOnce(&T::Columns) -> Column<T, V>) -> Self
    where
        V: SerializeValue + Send + Sync + 'static,
    {
        self.assignments.push(column(&T::COLUMNS).to_null());
        self
    }

    /// The written cells expire after `ttl`.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # fn demo<T: Document>(key: T::PrimaryKey) {
    /// let update = T::update(key).ttl(std::time::Duration::from_secs(60));
    /// # }
    /// ```
    pub fn ttl(mut self, ttl: Duration) -> Self {
        self.options = self.options.ttl(ttl);
        self
    }

    super::shared_setters::conditional_write_setters!(
        "# fn demo<T: Document>(key: T::PrimaryKey) {",
        "T::update(key)"
    );

    /// Whether the update is sent as idempotent: unconditional, with only
    /// idempotent assignments (no list append, prepend or set-by-index), unless
    /// declared with [`idempotent`](Self::idempotent).
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # fn demo<T: Document>(key: T::PrimaryKey) {
    /// assert!(!T::update(key).if_exists().is_idempotent());
    /// # }
    /// ```
    pub fn is_idempotent(&self) -> bool {
        self.statement_options().idempotent
    }

    #[inline]
    fn statement_options(&self) -> StatementOptions {
        let idempotent = matches!(self.condition, Condition::None)
            && self
                .assignments
                .as_slice()
                .iter()
                .all(Assignment::is_idempotent);
        self.options.statement_options(idempotent)
    }

    /// The driver statement [`execute`](Self::execute) sends (prepared through
    /// the session's cache), with its settings: consistency, serial consistency,
    /// idempotence.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # fn demo<T: Document>(key: T::PrimaryKey) {
    /// let statement = T::update(key).if_exists().statement("shop");
    /// assert!(!statement.get_is_idempotent());
    /// # }
    /// ```
    pub fn statement(&self, keyspace: &str) -> Statement {
        self.statement_options().statement(&self.to_cql(keyspace))
    }

    /// Runs the update; returns whether it was applied (always without a
    /// condition) and, when a condition failed, the cells the server found.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Document>(db: &coodie::Session, key: T::PrimaryKey,
    /// #     price: impl Fn(&T::Columns) -> coodie::query::Assignment<T>) -> coodie::Result<()> {
    /// T::update(key).set(price).execute(db).await?;
    /// # Ok(()) }
    /// ```
    pub async fn execute(self, db: &Session) -> Result<Applied<T>> {
        self.check()?;
        let using_values = self.options.using_values(true)?;
        let statement_options = self.statement_options();
        // Looked up by a shape on the stack: a cached statement costs no allocation.
        let lookup = db.look_up_shaped::<T>(
            StatementKind::Update,
            |shape| self.shape(shape),
            statement_options.idempotent,
            || self.to_cql(db.keyspace()),
        );
        let prepared = db.resolve(lookup).await?;
        let statement = statement_options.apply(&prepared.statement);
        // Every value serialized where it is, in marker order: nothing collected.
        let result = match &self.target {
            Target::Key(key) => {
                let key = T::primary_key_values(key);
                let values = self.values(using_values, key, T::PRIMARY_KEY.len());
                exec::run(db, &prepared.cql, &statement, values).await?
            }
            Target::Partition(key) => {
                let key = T::partition_key_values(key);
                let values = self.values(using_values, key, T::PARTITION_KEY.len());
                exec::run(db, &prepared.cql, &statement, values).await?
            }
            Target::Where(restrictions) => {
                let target = RestrictionValues(restrictions);
                let values = self.values(using_values, target, restrictions.len());
                exec::run(db, &prepared.cql, &statement, values).await?
            }
        };
        exec::applied(&prepared.cql, result)
    }
}

impl<T: Table> Update<T> {
    /// What makes the update invalid before anything is sent: no assignment, a
    /// primary-key column assigned or in the condition, or a target that does not
    /// fit the assigned columns (static ones address a partition). One pass over
    /// the assignments; the errors are built out of line.
    #[inline]
    fn check(&self) -> Result<()> {
        let assignments = self.assignments.as_slice();
        if assignments.is_empty() {
            return Err(no_assignment::<T>());
        }
        self.condition.check(T::schema())?;
        let mut static_only = true;
        for a in assignments {
            if a.kind.is_primary_key() {
                return Err(primary_key_assigned::<T>(a.column));
            }
            static_only &= a.kind == ColumnKind::Static;
        }
        match &self.target {
            Target::Key(_) if static_only && T::PRIMARY_KEY.len() > T::PARTITION_KEY.len() => {
                Err(static_only_by_key::<T>())
            }
            Target::Partition(_) if !static_only => Err(regular_by_partition::<T>()),
            Target::Where(restrictions) => check_update(T::schema(), restrictions, static_only),
            _ => Ok(()),
        }
    }

    /// The statement's values, with `target` (a key, or a filter's restrictions)
    /// filling `target_len` markers.
    fn values<K>(
        &self,
        using: UsingValues,
        target: K,
        target_len: usize,
    ) -> UpdateValues<'_, T, K> {
        UpdateValues {
            using,
            assignments: self.assignments.as_slice(),
            target,
            target_len,
            condition: self.condition.restrictions(),
        }
    }

    /// Appends the statement's shape, its key in the session's cache: everything
    /// its text depends on (the `USING` clause, the assignments, the target, the
    /// condition).
    #[inline]
    fn shape(&self, shape: &mut impl Extend<ShapePart>) {
        self.options.push_using_shape(shape);
        shape.extend(
            self.assignments
                .as_slice()
                .iter()
                .map(|a| (a.column, dml::ASSIGNMENT + a.shape_code())),
        );
        match &self.target {
            Target::Key(_) => shape.extend([("", dml::BY_KEY)]),
            Target::Partition(_) => shape.extend([("", dml::BY_PARTITION)]),
            Target::Where(restrictions) => dml::restriction_shape(restrictions, 0, shape),
        }
        dml::condition_shape(&self.condition, shape);
    }

    /// The `UPDATE` statement, with `keyspace` for tables that have none of their
    /// own; values are `?` markers.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # fn demo<T: Document>(key: T::PrimaryKey) {
    /// println!("{}", T::update(key).if_exists().to_cql("shop"));
    /// # }
    /// ```
    pub fn to_cql(&self, keyspace: &str) -> String {
        let using = self.options.using_clause(true);
        let sets: Vec<String> = self
            .assignments
            .as_slice()
            .iter()
            .map(Assignment::to_cql)
            .collect();
        let target = match &self.target {
            Target::Key(_) => key_clause(T::PRIMARY_KEY.iter().copied()),
            Target::Partition(_) => key_clause(T::PARTITION_KEY.iter().copied()),
            Target::Where(restrictions) => restriction_clause(restrictions),
        };
        dml::update(
            T::schema(),
            keyspace,
            &using,
            &sets.join(", "),
            &target,
            &self.condition.clause(),
        )
    }
}

/// An update's assignments: the usual single one inline, more in a `Vec`.
enum Assignments<T> {
    None,
    One(Assignment<T>),
    Many(Vec<Assignment<T>>),
}

impl<T> Assignments<T> {
    #[inline(always)]
    fn push(&mut self, assignment: Assignment<T>) {
        *self = match std::mem::replace(self, Assignments::None) {
            Assignments::None => Assignments::One(assignment),
            Assignments::One(first) => Assignments::Many(vec![first, assignment]),
            Assignments::Many(mut all) => {
                all.push(assignment);
                Assignments::Many(all)
            }
        };
    }

    #[inline]
    fn as_slice(&self) -> &[Assignment<T>] {
        match self {
            Assignments::None => &[],
            Assignments::One(one) => std::slice::from_ref(one),
            Assignments::Many(all) => all,
        }
    }
}

/// The values of an `UPDATE`, in marker order, serialized where they are: the
/// `USING` values, each assignment's, the target's (a key, or the restrictions of
/// a filter; `target_len` markers) and the condition's.
struct UpdateValues<'a, T, K> {
    using: UsingValues,
    assignments: &'a [Assignment<T>],
    target: K,
    target_len: usize,
    condition: &'a [Restriction],
}

impl<T, K: SerializeRow> SerializeRow for UpdateValues<'_, T, K> {
    fn serialize(
        &self,
        ctx: &RowSerializationContext<'_>,
        writer: &mut RowWriter,
    ) -> std::result::Result<(), SerializationError> {
        // The parts without values (no `USING` values, no condition: the usual
        // update) are skipped, not serialized as nothing.
        let mut markers = Markers::of(ctx);
        if !self.using.is_empty() {
            self.using
                .serialize(&markers.next(self.using.len()), writer)?;
        }
        for assignment in self.assignments {
            let values = assignment.values.as_slice();
            SerializeRow::serialize(&values, &markers.next(values.len()), writer)?;
        }
        self.target
            .serialize(&markers.next(self.target_len), writer)?;
        if self.condition.is_empty() {
            return Ok(());
        }
        RestrictionValues(self.condition).serialize(&markers.next(self.condition.len()), writer)
    }

    fn is_empty(&self) -> bool {
        self.using.is_empty()
            && self
                .assignments
                .iter()
                .all(|a| a.values.as_slice().is_empty())
            && self.target.is_empty()
            && self.condition.is_empty()
    }
}

#[cold]
fn assignment_error(message: String) -> Error {
    Error::InvalidQuery(InvalidQuery::new(InvalidQueryKind::Assignment, message))
}

#[cold]
fn no_assignment<T: Table>() -> Error {
    assignment_error(format!(
        "an UPDATE of `{}` needs at least one `.set(…)`",
        T::NAME
    ))
}

#[cold]
fn primary_key_assigned<T: Table>(column: &str) -> Error {
    assignment_error(format!(
        "`{column}` is part of the primary key of `{}` and cannot be updated; delete the row \
         and save a new one",
        T::NAME
    ))
}

#[cold]
fn static_only_by_key<T: Table>() -> Error {
    assignment_error(format!(
        "an UPDATE of only static columns of `{}` addresses a partition, not a row; use \
         `{}::update_partition(partition_key)`",
        T::NAME,
        short_type_name(std::any::type_name::<T>())
    ))
}

#[cold]
fn regular_by_partition<T: Table>() -> Error {
    assignment_error(format!(
        "`update_partition` on `{}` can set only static columns; use `update(primary_key)` \
         for the others",
        T::NAME
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::Column;

    #[test]
    fn assignments_keep_their_order_inline_and_beyond() {
        const A: Column<(), i32> = Column::new("a", ColumnKind::Regular);
        const B: Column<(), i32> = Column::new("b", ColumnKind::Regular);
        const C: Column<(), i32> = Column::new("c", ColumnKind::Regular);
        let mut all = Assignments::None;
        assert!(all.as_slice().is_empty());
        for (n, column) in [A, B, C].into_iter().enumerate() {
            all.push(column.to(n as i32));
            let columns: Vec<&str> = all.as_slice().iter().map(|a| a.column).collect();
            assert_eq!(columns, ["a", "b", "c"][..=n]);
        }
    }
}
