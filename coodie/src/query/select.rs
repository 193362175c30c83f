//! `SELECT`: the typed query builder and its terminal operations.

use std::marker::PhantomData;
use std::sync::Arc;

use scylla::response::PagingState;
use scylla::statement::Consistency;

use super::page::Page;
use super::projected::Projected;
use super::row_stream::RowStream;
use super::rows::{self, LookedUp};
use crate::cql::check::{check_ann, check_select};
use crate::cql::dml::{self, SelectParts};
use crate::error::{InvalidQuery, InvalidQueryKind};
use crate::exec::StatementOptions;
use crate::expr::{AnnTerm, BoundValue, Column, Filter, OrderTerm, Ordering, Restriction};
use crate::model::{Projection, Table, Writable};
use crate::session::Prepared;
use crate::session::{StatementKey, StatementKind};
use crate::write::{Delete, Update};
use crate::{Error, Result, Session};

/// A `SELECT` on table (or view) `T`, built step by step and run by one of its
/// terminal operations: [`all`](Select::all), [`one`](Select::one),
/// [`first`](Select::first), [`count`](Select::count), [`stream`](Select::stream)
/// or [`page`](Select::page).
///
/// Queries that would need `ALLOW FILTERING` are refused with
/// [`Error::InvalidQuery`] before anything is sent, unless
/// [`allow_filtering`](Select::allow_filtering) opts in.
///
/// A `Select` is cheap to clone and can be run again.
///
/// ```no_run
/// # use coodie::prelude::*;
/// # use futures::TryStreamExt;
/// # #[derive(Document, Debug, Clone)]
/// # #[coodie(table = "readings")]
/// # pub struct Reading {
/// #     #[coodie(partition_key)] pub sensor: String,
/// #     #[coodie(clustering_key, order = "desc")] pub at: i64,
/// #     pub value: f64,
/// # }
/// # async fn demo(db: &coodie::Session) -> coodie::Result<()> {
/// // The last 10 readings of a sensor in the last hour, newest first.
/// let recent: Vec<Reading> = Reading::find()
///     .filter(|c| c.sensor.eq("s1") & c.at.ge(1_700_000_000))
///     .limit(10)
///     .all(db)
///     .await?;
///
/// // Oldest first, streamed 500 at a time.
/// let mut rows = Reading::find()
///     .filter(|c| c.sensor.eq("s1"))
///     .order_by(|c| c.at.asc())
///     .page_size(500)
///     .stream(db);
/// while let Some(reading) = rows.try_next().await? {
///     println!("{}: {}", reading.at, reading.value);
/// }
///
/// // Refused before sending: `value` is neither a key column nor indexed.
/// let refused = Reading::find().filter(|c| c.value.gt(10.0)).all(db).await;
/// assert!(matches!(
///     refused,
///     Err(coodie::Error::InvalidQuery(why)) if why.is(coodie::InvalidQueryKind::NeedsAllowFiltering)
/// ));
/// # Ok(()) }
/// ```
pub struct Select<T: Table> {
    restrictions: Vec<Restriction>,
    ordering: Vec<OrderTerm>,
    ann: Option<AnnTerm>,
    limit: Option<u32>,
    per_partition_limit: Option<u32>,
    allow_filtering: bool,
    options: StatementOptions,
    _table: PhantomData<fn() -> T>,
}

impl<T: Table> Clone for Select<T> {
    fn clone(&self) -> Self {
        Select {
            restrictions: self.restrictions.clone(),
            ordering: self.ordering.clone(),
            ann: self.ann.clone(),
            limit: self.limit,
            per_partition_limit: self.per_partition_limit,
            allow_filtering: self.allow_filtering,
            options: self.options,
            _table: PhantomData,
        }
    }
}

impl<T: Table> std::fmt::Debug for Select<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Select")
            .field(&self.to_cql(T::schema().keyspace_or("<session keyspace>")))
            .finish()
    }
}

impl<T: Table> Default for Select<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Table> Select<T> {
    /// Every row of `T`; usually reached as `T::find()`.
    ///
    /// ```
    /// # use coodie::prelude::*;
    /// # fn demo<T: Table>() {
    /// let everything = coodie::query::Select::<T>::new();
    /// # }
    /// ```
    pub fn new() -> Self {
        Select {
            restrictions: Vec::new(),
            ordering: Vec::new(),
            ann: None,
            limit: None,
            per_partition_limit: None,
            allow_filtering: false,
            options: StatementOptions::read(),
            _table: PhantomData,
        }
    }

    /// Restricts the rows: `filter(|c| c.category.eq("weapons"))`. Several calls
    /// are ANDed; so are filters joined with `&`.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # fn demo<T: Table>(f: impl FnOnce(&T::Columns) -> coodie::query::Filter<T>) {
    /// let query = T::find().filter(f);
    /// # }
    /// ```
    pub fn filter(mut self, filter: impl FnOnce(&T::Columns) -> Filter<T>) -> Self {
        self.restrictions.extend(filter(&T::COLUMNS).restrictions);
        self
    }

    /// Orders by a clustering column: `order_by(|c| c.created_at.desc())`. Needs
    /// the partition key restricted; several calls order by several columns, in
    /// clustering-key order.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # fn demo<T: Table>(o: impl FnOnce(&T::Columns) -> coodie::query::Ordering<T>) {
    /// let newest_first = T::find().order_by(o);
    /// # }
    /// ```
    pub fn order_by(mut self, ordering: impl FnOnce(&T::Columns) -> Ordering<T>) -> Self {
        self.ordering.push(ordering(&T::COLUMNS).term);
        self
    }

    /// Orders by nearness to `query` (`ORDER BY "column" ANN OF ?`): a vector
    /// search. The column is a `[f32; N]` field with a storage-attached index
    /// (`#[coodie(index(sai, similarity = "cosine"))]`), and `query` has the same
    /// `N` (another length does not compile). Needs [`limit`](Select::limit) (at
    /// most 1000): the `n` nearest rows, nearest first. Filters may restrict the
    /// partition key and SAI-indexed columns only.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # use uuid::Uuid;
    /// # #[derive(Document, Debug, Clone)]
    /// # #[coodie(table = "signals")]
    /// # pub struct Signal {
    /// #     #[coodie(partition_key)] pub signal_id: Uuid,
    /// #     pub label: String,
    /// #     #[coodie(index(sai, similarity = "cosine"))] pub embedding: [f32; 4],
    /// # }
    /// # async fn demo(db: &coodie::Session) -> coodie::Result<()> {
    /// let nearest: Vec<Signal> = Signal::find()
    ///     .order_by_ann(|c| c.embedding, [0.1, 0.9, 0.0, 0.2])
    ///     .limit(3)
    ///     .all(db)
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn order_by_ann<const N: usize>(
        mut self,
        column: impl FnOnce(&T::Columns) -> Column<T, [f32; N]>,
        query: [f32; N],
    ) -> Self {
        self.ann = Some(AnnTerm::new(column(&T::COLUMNS).name(), query));
        self
    }

    /// At most `n` rows in all (`LIMIT`).
    ///
    /// ```
    /// # use coodie::prelude::*;
    /// # fn demo<T: Table>() {
    /// let ten = T::find().limit(10);
    /// # }
    /// ```
    pub fn limit(mut self, n: u32) -> Self {
        self.limit = Some(n);
        self
    }

    /// At most `n` rows from each partition (`PER PARTITION LIMIT`).
    ///
    /// ```
    /// # use coodie::prelude::*;
    /// # fn demo<T: Table>() {
    /// let latest_of_each = T::find().per_partition_limit(1);
    /// # }
    /// ```
    pub fn per_partition_limit(mut self, n: u32) -> Self {
        self.per_partition_limit = Some(n);
        self
    }

    /// Opts in to `ALLOW FILTERING`: the server may scan and discard rows.
    /// Without it, such queries are refused before they are sent.
    ///
    /// ```
    /// # use coodie::prelude::*;
    /// # fn demo<T: Table>() {
    /// let scan = T::find().allow_filtering();
    /// # }
    /// ```
    pub fn allow_filtering(mut self) -> Self {
        self.allow_filtering = true;
        self
    }

    /// Rows per page for [`stream`](Select::stream), [`page`](Select::page) and
    /// [`all`](Select::all) (default: the driver's, 5000).
    ///
    /// ```
    /// # use coodie::prelude::*;
    /// # fn demo<T: Table>() {
    /// let small_pages = T::find().page_size(100);
    /// # }
    /// ```
    pub fn page_size(mut self, n: u32) -> Self {
        self.options.page_size = Some(i32::try_from(n.max(1)).unwrap_or(i32::MAX));
        self
    }

    /// The consistency level of this query.
    ///
    /// ```
    /// # use coodie::prelude::*;
    /// # fn demo<T: Table>() {
    /// let strong = T::find().consistency(Consistency::Quorum);
    /// # }
    /// ```
    pub fn consistency(mut self, consistency: Consistency) -> Self {
        self.options.consistency = Some(consistency);
        self
    }

    /// The `SELECT` this builder runs, with `keyspace` for tables that have none of
    /// their own. Values appear as `?` markers: they are always bound.
    ///
    /// ```
    /// # use coodie::prelude::*;
    /// # fn demo<T: Table>() {
    /// println!("{}", T::find().limit(5).to_cql("shop"));
    /// # }
    /// ```
    pub fn to_cql(&self, keyspace: &str) -> String {
        self.render(None, keyspace)
    }

    /// The statement selecting `selection` (`None`: every column, ordered); a
    /// count has no `ORDER BY`.
    fn render(&self, selection: Option<&str>, keyspace: &str) -> String {
        dml::select(T::schema(), keyspace, &self.parts(selection))
    }

    /// What the text holds besides the table (`selection`: `None` for the rows).
    fn parts<'a>(&'a self, selection: Option<&'a str>) -> SelectParts<'a> {
        self.parts_ordered(selection, selection.is_none())
    }

    /// What the text holds besides the table; `ordered`: with this query's
    /// ordering (rows and projections, not a count or an aggregate).
    fn parts_ordered<'a>(&'a self, selection: Option<&'a str>, ordered: bool) -> SelectParts<'a> {
        let ordering: &[OrderTerm] = if ordered { &self.ordering } else { &[] };
        let ann = self.ann.as_ref().filter(|_| ordered);
        SelectParts {
            selection,
            restrictions: &self.restrictions,
            ordering,
            ann,
            per_partition_limit: self.per_partition_limit.is_some(),
            limit: self.limit.is_some(),
            allow_filtering: self.allow_filtering,
        }
    }

    /// The statement's key in the session's cache: its shape, not its text.
    fn key(&self, selection: Option<&'static str>) -> StatementKey {
        let kind = match selection {
            None => StatementKind::Select,
            Some(_) => StatementKind::Count,
        };
        StatementKey::shaped::<T>(kind, self.parts(selection).shape())
    }

    /// The checked statement, from the session's cache (its text rendered on the
    /// first call of its shape only), and its values.
    fn look_up(&self, db: &Session, selection: Option<&'static str>) -> LookedUp {
        self.check()?;
        let values = self.values(selection.is_none())?;
        let lookup = db.look_up(self.key(selection), self.options.idempotent, || {
            self.render(selection, db.keyspace())
        });
        Ok((lookup, values))
    }

    fn check(&self) -> Result<()> {
        check_select(
            T::schema(),
            &self.restrictions,
            &self.ordering,
            self.allow_filtering,
        )?;
        if let Some(ann) = &self.ann {
            check_ann(
                T::schema(),
                &self.restrictions,
                &self.ordering,
                ann,
                self.limit,
                self.options.page_size,
            )?;
        }
        for (what, n) in [
            ("limit", self.limit),
            ("per_partition_limit", self.per_partition_limit),
        ] {
            if n == Some(0) {
                return Err(limit_error(format!("{what} must be at least 1")));
            }
        }
        Ok(())
    }

    /// The bound values; `ordered`: of the statement with its `ORDER BY` (not a
    /// count).
    fn values(&self, ordered: bool) -> Result<Vec<BoundValue>> {
        let mut values: Vec<BoundValue> =
            self.restrictions.iter().map(|r| r.value.clone()).collect();
        if let Some(ann) = self.ann.as_ref().filter(|_| ordered) {
            values.push(ann.value.clone());
        }
        for n in [self.per_partition_limit, self.limit].into_iter().flatten() {
            let n = i32::try_from(n)
                .map_err(|_| limit_error(format!("limit {n} is larger than CQL allows")))?;
            values.push(BoundValue::new(n));
        }
        Ok(values)
    }

    /// Every matching row, fetched page by page.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Table>(db: &coodie::Session) -> coodie::Result<()> {
    /// let rows: Vec<T> = T::find().all(db).await?;
    /// # Ok(()) }
    /// ```
    pub async fn all(&self, db: &Session) -> Result<Vec<T>> {
        rows::all(db, self.look_up(db, None), &self.options).await
    }

    /// Exactly one row: [`Error::NotFound`] when none matches,
    /// [`Error::MultipleFound`] when several do.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Table>(db: &coodie::Session) -> coodie::Result<()> {
    /// let only: T = T::find().one(db).await?;
    /// # Ok(()) }
    /// ```
    pub async fn one(&self, db: &Session) -> Result<T> {
        let query = self.limited(false);
        let rows = rows::unpaged(db, query.look_up(db, None), &self.options).await?;
        rows::exactly_one(rows, T::NAME)
    }

    /// The first matching row, if any.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Table>(db: &coodie::Session) -> coodie::Result<()> {
    /// let maybe: Option<T> = T::find().first(db).await?;
    /// # Ok(()) }
    /// ```
    pub async fn first(&self, db: &Session) -> Result<Option<T>> {
        let query = self.limited(true);
        Ok(rows::unpaged(db, query.look_up(db, None), &self.options)
            .await?
            .pop())
    }

    /// How many rows match (`SELECT COUNT(*)`).
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Table>(db: &coodie::Session) -> coodie::Result<()> {
    /// let n: u64 = T::find().count(db).await?;
    /// # Ok(()) }
    /// ```
    pub async fn count(&self, db: &Session) -> Result<u64> {
        let counts: Vec<(i64,)> =
            rows::unpaged(db, self.look_up(db, Some("COUNT(*)")), &self.options).await?;
        Ok(counts
            .first()
            .map_or(0, |(n,)| u64::try_from(*n).unwrap_or(0)))
    }

    /// The matching rows as a stream that fetches pages as its rows are consumed:
    /// nothing is sent before the first poll, and the driver reads at most about
    /// one page ahead of the reader, so memory stays bounded by the page size.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// use futures::TryStreamExt;
    /// # async fn demo<T: Table>(db: &coodie::Session) -> coodie::Result<()> {
    /// let mut rows = T::find().page_size(100).stream(db);
    /// while let Some(row) = rows.try_next().await? {
    ///     // one row at a time, 100 per round trip
    /// }
    /// # Ok(()) }
    /// ```
    pub fn stream(&self, db: &Session) -> RowStream<T> {
        rows::stream(db, self.look_up(db, None), self.options)
    }

    /// One page of rows, starting where `state` says (`None`: the first page); the
    /// returned [`Page::next`] resumes after it.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Table>(db: &coodie::Session) -> coodie::Result<()> {
    /// let query = T::find().page_size(20);
    /// let first = query.page(db, None).await?;
    /// if let Some(next) = first.next {
    ///     let second = query.page(db, Some(next)).await?;
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn page(&self, db: &Session, state: Option<PagingState>) -> Result<Page<T>> {
        rows::page(db, self.look_up(db, None), &self.options, state).await
    }
}

// The `Writable` bound sits on each method, not on the impl, so that calling one
// on a view reports `Writable`'s message ("... is a materialized view of ...")
// instead of "method exists but its trait bounds were not satisfied".
impl<T: Table> Select<T> {
    /// A `DELETE` of the rows this query selects (`DELETE … WHERE` with its
    /// filters), run with [`Delete::execute`]; it may be made conditional with
    /// [`Delete::if_exists`] or [`Delete::if_`], and limited to chosen cells with
    /// [`Delete::column`]. The filters must restrict the
    /// partition key with `=` or `IN`, and may add clustering columns in key order
    /// (a range on the last one).
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Document>(db: &coodie::Session, f: impl FnOnce(&T::Columns) -> coodie::query::Filter<T>) -> coodie::Result<()> {
    /// // Product::find().filter(|c| c.id.eq(id)).delete().if_exists().execute(&db)
    /// let was_there: bool = T::find().filter(f).delete().if_exists().execute(db).await?.applied;
    /// # Ok(()) }
    /// ```
    pub fn delete(self) -> Delete<T>
    where
        T: Writable<T::Base>,
    {
        Delete::new(self.restrictions)
    }

    /// An `UPDATE` of the rows this query selects, run with [`Update::execute`];
    /// the filters must restrict every primary-key column with `=` or `IN`.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Document>(db: &coodie::Session, f: impl FnOnce(&T::Columns) -> coodie::query::Filter<T>,
    /// #     price: impl Fn(&T::Columns) -> coodie::query::Assignment<T>) -> coodie::Result<()> {
    /// // Reading::find().filter(|c| c.sensor.in_(["a", "b"]) & c.day.eq(3)).update().set(|c| c.value.to(0.0))
    /// T::find().filter(f).update().set(price).execute(db).await?;
    /// # Ok(()) }
    /// ```
    pub fn update(self) -> Update<T>
    where
        T: Writable<T::Base>,
    {
        Update::matching(self.restrictions)
    }
}

fn limit_error(message: String) -> Error {
    Error::InvalidQuery(InvalidQuery::new(InvalidQueryKind::Limit, message))
}

// Projections (`projected.rs`): the same query, selecting only some columns.
impl<T: Table> Select<T> {
    /// Reads only the columns of projection `P` (a `#[derive(Projection)]` struct
    /// declared `of = T`) instead of whole rows, with this query's filters,
    /// ordering and limits.
    ///
    /// ```
    /// # use coodie::prelude::*;
    /// # use uuid::Uuid;
    /// # #[derive(Document)]
    /// # pub struct Product { #[coodie(partition_key)] pub id: Uuid, pub name: String, pub description: String }
    /// #[derive(Projection)]
    /// #[coodie(of = Product)]
    /// pub struct Name { pub name: String }
    ///
    /// let names = Product::find().limit(10).project::<Name>();
    /// assert_eq!(names.to_cql("shop"), "SELECT \"name\" FROM shop.product LIMIT ?");
    /// ```
    pub fn project<P: Projection<T>>(self) -> Projected<T, P> {
        Projected::new(self)
    }

    /// The statement selecting `columns`, ordered as this query is.
    pub(super) fn to_cql_selecting_columns(&self, columns: &[&str], keyspace: &str) -> String {
        let selection = crate::ident::column_list(columns);
        dml::select(
            T::schema(),
            keyspace,
            &self.parts_ordered(Some(&selection), true),
        )
    }

    /// The checked statement of projection `P` (selecting its columns, ordered as
    /// this query is), from the session's cache, and its values.
    pub(super) fn look_up_projection<P: Projection<T>>(&self, db: &Session) -> LookedUp {
        self.check()?;
        let values = self.values(true)?;
        // Keyed by the pair: one projection type may read a table and its views.
        let key = StatementKey::shaped::<(T, P)>(
            StatementKind::Select,
            self.parts_ordered(Some(""), true).shape(),
        );
        let lookup = db.look_up(key, self.options.idempotent, || {
            self.to_cql_selecting_columns(P::COLUMN_NAMES, db.keyspace())
        });
        Ok((lookup, values))
    }

    /// This query's settings (page size, consistency).
    pub(super) fn statement_options(&self) -> StatementOptions {
        self.options
    }

    /// [`one`](Select::one)'s and [`first`](Select::first)'s queries.
    pub(super) fn limited(&self, first: bool) -> Self {
        let mut query = self.clone();
        query.limit = Some(match first {
            true => 1,
            false => self.limit.map_or(2, |n| n.min(2)),
        });
        query
    }
}

// For reads in sibling modules (`cell_meta`, `aggregate`, `distinct`) that
// select something else than the rows of this query.
impl<T: Table> Select<T> {
    /// The checked statement selecting `function("column")` (`WRITETIME`, `TTL`,
    /// `SUM` …; `selection` renders it) with this query's filters and limits (no
    /// `ORDER BY`), from the session's cache (its text rendered on the first call
    /// of its shape only), its values and its settings.
    pub(super) async fn prepared_function(
        &self,
        db: &Session,
        function: &'static str,
        column: &'static str,
        selection: impl FnOnce() -> String,
    ) -> Result<(Arc<Prepared>, Vec<BoundValue>, StatementOptions)> {
        self.check()?;
        let values = self.values(false)?;
        let mut shape = self.parts(Some("")).shape();
        shape.extend([(function, dml::CELL_META), (column, dml::CELL_META)]);
        let key = StatementKey::shaped::<T>(StatementKind::CellMeta, shape);
        let prepared = db
            .prepared(key, self.options.idempotent, || {
                self.render(Some(&selection()), db.keyspace())
            })
            .await?;
        Ok((prepared, values, self.options))
    }

    /// The checked statement selecting `selection` (fixed for `T` and `K`, a
    /// marker of what is selected) with this query's filters and limits (no
    /// `ORDER BY`), from the session's cache, and its values.
    pub(super) fn look_up_selecting<K: 'static>(&self, selection: &str, db: &Session) -> LookedUp {
        self.check()?;
        let values = self.values(false)?;
        let key = StatementKey::shaped::<(T, K)>(
            StatementKind::Select,
            self.parts_ordered(Some(selection), false).shape(),
        );
        let lookup = db.look_up(key, self.options.idempotent, || {
            self.render(Some(selection), db.keyspace())
        });
        Ok((lookup, values))
    }

    /// The statement selecting `selection` (no `ORDER BY`), unchecked.
    pub(super) fn to_cql_selecting(&self, selection: &str, keyspace: &str) -> String {
        self.render(Some(selection), keyspace)
    }

    /// The restrictions, ordering and `PER PARTITION LIMIT` of this query, for
    /// the checks of `DISTINCT`.
    pub(super) fn distinct_parts(&self) -> (&[Restriction], &[OrderTerm], Option<u32>) {
        (&self.restrictions, &self.ordering, self.per_partition_limit)
    }
}
