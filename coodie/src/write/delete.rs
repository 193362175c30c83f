//! Query-level `DELETE`: rows chosen by key restrictions, or chosen cells of them
//! (whole columns, map entries, list elements), optionally conditional.

use scylla::serialize::SerializationError;
use scylla::serialize::row::{RowSerializationContext, SerializeRow};
use scylla::serialize::writers::RowWriter;
use scylla::statement::{Consistency, Statement};

use super::options::{UsingValues, WriteOptions};
use crate::cql::ShapePart;
use crate::cql::check::check_delete;
use crate::cql::dml;
use crate::error::{InvalidQuery, InvalidQueryKind};
use crate::exec::{self, Applied, StatementOptions};
use crate::expr::{
    Cell, Condition, Filter, IntoCell, Markers, Restriction, RestrictionValues, restriction_clause,
};
use crate::model::{ColumnKind, Table};
use crate::session::StatementKind;
use crate::{Error, Result, Session};

/// A `DELETE` of the rows of `T` that key restrictions select:
/// `T::find().filter(…).delete()`, run with [`execute`](Delete::execute). (A
/// document you hold is deleted with [`DeleteDocument::delete`](crate::DeleteDocument::delete).)
///
/// The partition key must be restricted with `=` or `IN`; clustering columns may
/// follow in key order, with a range on the last one (a range delete).
///
/// With [`column`](Delete::column) it deletes only the chosen cells of the row
/// (a whole column, one map entry, one list element) and leaves the rest as it
/// is; then the full primary key is needed (only the partition key when every
/// chosen column is static).
///
/// ```no_run
/// # use coodie::prelude::*;
/// # async fn demo<T: Document>(db: &coodie::Session, f: impl Fn(&T::Columns) -> coodie::query::Filter<T>) -> coodie::Result<()> {
/// // Product::find().filter(|c| c.id.eq(id)).delete().if_exists().execute(&db)
/// let was_there: bool = T::find().filter(f).delete().if_exists().execute(db).await?.applied;
/// # Ok(()) }
/// ```
pub struct Delete<T: Table> {
    restrictions: Vec<Restriction>,
    /// The cells to delete; empty: the rows.
    cells: Vec<Cell<T>>,
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
            cells: Vec::new(),
            condition: Condition::None,
            options: WriteOptions::default(),
            _table: std::marker::PhantomData,
        }
    }

    /// Deletes only this cell of the row, not the row: a whole column
    /// (`.column(|c| c.description)`), one map entry
    /// (`.column(|c| c.attrs.entry("color"))`) or one list element
    /// (`.column(|c| c.log.element(0))`). Several calls delete several cells in
    /// one statement; the other columns keep their values.
    ///
    /// ```
    /// # use coodie::prelude::*;
    /// # use std::collections::HashMap;
    /// # use uuid::Uuid;
    /// # #[derive(Document, Debug, Clone)]
    /// # #[coodie(table = "products")]
    /// # pub struct Product {
    /// #     #[coodie(partition_key)] pub id: Uuid,
    /// #     pub name: String,
    /// #     pub description: Option<String>,
    /// #     pub attrs: HashMap<String, String>,
    /// #     pub log: Vec<String>,
    /// # }
    /// let id = Uuid::new_v4();
    /// let delete = Product::find()
    ///     .filter(|c| c.id.eq(id))
    ///     .delete()
    ///     .column(|c| c.description)
    ///     .column(|c| c.attrs.entry("color"))
    ///     .column(|c| c.log.element(0));
    /// assert_eq!(
    ///     delete.to_cql("shop"),
    ///     "DELETE \"description\", \"attrs\"[?], \"log\"[?] FROM shop.products WHERE \"id\" = ?"
    /// );
    /// ```
    pub fn column<C: IntoCell<T>>(mut self, cell: impl FnOnce(&T::Columns) -> C) -> Self {
        self.cells.push(cell(&T::COLUMNS).into_cell());
        self
    }

    super::shared_setters::conditional_write_setters!(
        "# fn demo<T: Document>(f: impl Fn(&T::Columns) -> coodie::query::Filter<T>) {",
        "T::find().filter(f).delete()"
    );

    /// Whether the delete is sent as idempotent: unconditional and deleting no
    /// list element by index, unless declared with
    /// [`idempotent`](Self::idempotent).
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # fn demo<T: Document>(f: impl Fn(&T::Columns) -> coodie::query::Filter<T>) {
    /// assert!(T::find().filter(f).delete().is_idempotent());
    /// # }
    /// ```
    pub fn is_idempotent(&self) -> bool {
        self.statement_options().idempotent
    }

    fn statement_options(&self) -> StatementOptions {
        let idempotent =
            matches!(self.condition, Condition::None) && self.cells.iter().all(Cell::is_idempotent);
        self.options.statement_options(idempotent)
    }

    /// The driver statement [`execute`](Self::execute) sends (prepared through
    /// the session's cache), with its settings: consistency, idempotence.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # fn demo<T: Document>(f: impl Fn(&T::Columns) -> coodie::query::Filter<T>) {
    /// assert!(!T::find().filter(f).delete().if_exists().statement("shop").get_is_idempotent());
    /// # }
    /// ```
    pub fn statement(&self, keyspace: &str) -> Statement {
        self.statement_options().statement(&self.to_cql(keyspace))
    }

    /// Checks what only a delete of chosen cells needs: no key column among
    /// them, and the full primary key (the partition key alone when every
    /// chosen column is static, then without clustering columns), no ranges.
    fn check_cells(&self) -> Result<()> {
        if self.cells.is_empty() {
            return Ok(());
        }
        let refuse = |message: String| {
            Err(Error::InvalidQuery(InvalidQuery::new(
                InvalidQueryKind::DeleteColumns,
                message,
            )))
        };
        if let Some(c) = self.cells.iter().find(|c| c.kind.is_primary_key()) {
            return refuse(format!(
                "`{}` is part of the primary key of `{}`; delete the row instead of the column",
                c.column,
                T::NAME
            ));
        }
        if let Some(r) = self.restrictions.iter().find(|r| r.op.is_range()) {
            return refuse(format!(
                "a DELETE of chosen columns of `{}` needs = or IN on the key, not `{}` on `{}` \
                 (range deletes remove whole rows)",
                T::NAME,
                r.op.as_cql(),
                r.column
            ));
        }
        let static_only = self.cells.iter().all(|c| c.kind == ColumnKind::Static);
        let schema = T::schema();
        let restricted = |name: &str| self.restrictions.iter().any(|r| r.column == name);
        if static_only {
            if let Some(r) = self
                .restrictions
                .iter()
                .find(|r| matches!(r.kind, ColumnKind::Clustering(_)))
            {
                return refuse(format!(
                    "a DELETE of only static columns of `{}` addresses the partition; drop the \
                     restriction on clustering column `{}`",
                    T::NAME,
                    r.column
                ));
            }
            return Ok(());
        }
        let missing: Vec<&str> = schema
            .primary_key()
            .map(|c| c.name)
            .filter(|name| !restricted(name))
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            refuse(format!(
                "a DELETE of chosen columns of `{}` needs the whole primary key; `{}` is not \
                 restricted",
                T::NAME,
                missing.join("`, `")
            ))
        }
    }

    /// Runs the delete; returns whether it was applied (always without a
    /// condition) and, when a condition failed, the cells the server found.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Document>(db: &coodie::Session, f: impl Fn(&T::Columns) -> coodie::query::Filter<T>) -> coodie::Result<()> {
    /// T::find().filter(f).delete().execute(db).await?;
    /// # Ok(()) }
    /// ```
    pub async fn execute(self, db: &Session) -> Result<Applied<T>> {
        check_delete(T::schema(), &self.restrictions)?;
        self.check_cells()?;
        self.condition.check(T::schema())?;
        let values = DeleteValues {
            cells: &self.cells,
            using: self.options.using_values(false)?,
            restrictions: &self.restrictions,
            condition: self.condition.restrictions(),
        };
        let options = self.statement_options();
        let lookup = db.look_up_shaped::<T>(
            StatementKind::Delete,
            |shape| self.shape(shape),
            options.idempotent,
            || self.to_cql(db.keyspace()),
        );
        let prepared = db.resolve(lookup).await?;
        let statement = options.apply(&prepared.statement);
        let result = exec::run(db, &prepared.cql, &statement, values).await?;
        exec::applied(&prepared.cql, result)
    }
}

impl<T: Table> Delete<T> {
    /// Appends the statement's shape, its key in the session's cache: everything
    /// its text depends on (the cells, the `USING` clause, the restrictions, the
    /// condition).
    fn shape(&self, shape: &mut impl Extend<ShapePart>) {
        self.options.push_using_shape(shape);
        shape.extend(
            self.cells
                .iter()
                .map(|c| (c.column, dml::CELL + c.shape_code())),
        );
        dml::restriction_shape(&self.restrictions, 0, shape);
        dml::condition_shape(&self.condition, shape);
    }

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
        let cells: Vec<String> = self.cells.iter().map(Cell::to_cql).collect();
        dml::delete(
            T::schema(),
            keyspace,
            &cells.join(", "),
            &self.options.using_clause(false),
            &restriction_clause(&self.restrictions),
            &self.condition.clause(),
        )
    }
}

/// The values of a `DELETE`, in marker order, serialized where they are: each
/// chosen cell's (a map key, a list index), the `USING` values, the restrictions'
/// and the condition's.
struct DeleteValues<'a, T> {
    cells: &'a [Cell<T>],
    using: UsingValues,
    restrictions: &'a [Restriction],
    condition: &'a [Restriction],
}

impl<T> SerializeRow for DeleteValues<'_, T> {
    fn serialize(
        &self,
        ctx: &RowSerializationContext<'_>,
        writer: &mut RowWriter,
    ) -> std::result::Result<(), SerializationError> {
        let mut markers = Markers::of(ctx);
        for value in self.cells.iter().filter_map(|c| c.value.as_ref()) {
            SerializeRow::serialize(&std::slice::from_ref(value), &markers.next(1), writer)?;
        }
        self.using
            .serialize(&markers.next(self.using.len()), writer)?;
        RestrictionValues(self.restrictions)
            .serialize(&markers.next(self.restrictions.len()), writer)?;
        RestrictionValues(self.condition).serialize(&markers.next(self.condition.len()), writer)
    }

    fn is_empty(&self) -> bool {
        self.cells.iter().all(|c| c.value.is_none())
            && self.using.is_empty()
            && self.restrictions.is_empty()
            && self.condition.is_empty()
    }
}
