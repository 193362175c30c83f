//! [`Model`]: the methods users call on their documents and views.

use std::future::Future;

use crate::cql::ddl;
use crate::model::{CounterTable, Table, Writable};
use crate::query::{Filter, Scan, Select};
use crate::schema::{SyncOptions, SyncReport};
use crate::write::{CounterUpdate, Update, WriteFuture};
use crate::{Result, Session};

/// The methods of every document and view: reads for both, writes for documents
/// only. Implemented for every [`Table`]; bring it into scope with
/// `use coodie::prelude::*`.
///
/// Two rules keep the calls alike: an associated function that runs at once
/// takes the session first (`T::get(&db, key)`, `T::sync_table(&db)`,
/// `doc.save(&db)`), and a builder takes it in its terminal call
/// (`T::find().filter(…).all(&db)`, `T::update(key).set(…).execute(&db)`).
///
/// Each write carries the bound `Self: Writable<Self::Base>`, which no materialized
/// view meets: `ProductByCategory::find()` compiles, `ProductByCategory::update(key)`
/// fails with "`ProductByCategory` is a materialized view of `Product`; write to
/// `Product` instead". The writes on a document you hold (`doc.save(&db)`,
/// `doc.insert(&db)`, `doc.delete(&db)`) are the traits
/// [`InsertDocument`](crate::InsertDocument) and
/// [`DeleteDocument`](crate::DeleteDocument), which views do not implement (the
/// same message).
///
/// ```no_run
/// use coodie::prelude::*;
/// use uuid::Uuid;
///
/// #[derive(Document, Debug, Clone)]
/// #[coodie(table = "products")]
/// pub struct Product {
///     #[coodie(partition_key)]
///     pub id: Uuid,
///     pub name: String,
///     #[coodie(index)]
///     pub category: String,
///     pub price: f64,
///     pub description: Option<String>,
/// }
///
/// # async fn demo() -> coodie::Result<()> {
/// let db = coodie::Session::from_env("shop").await?;
/// Product::sync_table(&db).await?;
///
/// let boots = Product {
///     id: Uuid::new_v4(),
///     name: "Gravity Inversion Boots".into(),
///     category: "apparel".into(),
///     price: 49.5,
///     description: None, // not written: no tombstone
/// };
/// boots.save(&db).await?;
///
/// let again: Option<Product> = Product::get(&db, boots.id).await?;
/// let apparel: Vec<Product> = Product::find()
///     .filter(|c| c.category.eq("apparel")) // indexed: no ALLOW FILTERING needed
///     .all(&db)
///     .await?;
/// Product::update(boots.id).set(|c| c.price.to(39.5)).execute(&db).await?;
/// boots.delete(&db).await?;
/// # Ok(()) }
/// ```
pub trait Model: Table {
    /// A query over every row, to narrow with [`Select::filter`] and run with a
    /// terminal operation.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Table>(db: &coodie::Session) -> coodie::Result<()> {
    /// let ten: Vec<T> = T::find().limit(10).all(db).await?;
    /// # Ok(()) }
    /// ```
    fn find() -> Select<Self> {
        Select::new()
    }

    /// A full scan by token ranges, read with bounded concurrency and streamed:
    /// for tables too large to read with [`find`](Model::find).
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Table>(db: &coodie::Session) -> coodie::Result<()> {
    /// use futures::TryStreamExt;
    /// let mut rows = T::scan().concurrency(8).stream(db);
    /// while let Some(row) = rows.try_next().await? { /* … */ }
    /// # Ok(()) }
    /// ```
    fn scan() -> Scan<Self> {
        Scan::new()
    }

    /// Every row (fetched page by page).
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Table>(db: &coodie::Session) -> coodie::Result<()> {
    /// let all: Vec<T> = T::all(db).await?;
    /// # Ok(()) }
    /// ```
    fn all(db: &Session) -> impl Future<Output = Result<Vec<Self>>> + Send {
        async move { Self::find().all(db).await }
    }

    /// The row with this primary key (the column's type for a one-column key,
    /// else a tuple in key order), if there is one.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Table>(db: &coodie::Session, id: T::PrimaryKey) -> coodie::Result<()> {
    /// let maybe: Option<T> = T::get(db, id).await?;
    /// # Ok(()) }
    /// ```
    fn get(
        db: &Session,
        key: Self::PrimaryKey,
    ) -> impl Future<Output = Result<Option<Self>>> + Send {
        async move { crate::query::by_key::get::<Self>(db, &key).await }
    }

    /// The one row that matches `filter`: [`Error::NotFound`](crate::Error::NotFound)
    /// when none does, [`Error::MultipleFound`](crate::Error::MultipleFound) when
    /// several do.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Table>(db: &coodie::Session, f: impl FnOnce(&T::Columns) -> coodie::query::Filter<T>) -> coodie::Result<()> {
    /// // let p = Product::find_one(&db, |c| c.name.eq("Boots")).await?;
    /// let one: T = T::find_one(db, f).await?;
    /// # Ok(()) }
    /// ```
    fn find_one(
        db: &Session,
        filter: impl FnOnce(&Self::Columns) -> Filter<Self>,
    ) -> impl Future<Output = Result<Self>> + Send {
        let query = Self::find().filter(filter);
        async move { query.one(db).await }
    }

    /// How many rows the table (or view) holds. Scans everything: fine for tests
    /// and small tables.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Table>(db: &coodie::Session) -> coodie::Result<()> {
    /// let n = T::count(db).await?;
    /// # Ok(()) }
    /// ```
    fn count(db: &Session) -> impl Future<Output = Result<u64>> + Send {
        async move { Self::find().count(db).await }
    }

    /// An `UPDATE` of chosen columns of the row with this primary key:
    /// `Product::update(id).set(|c| c.price.to(9.99)).execute(&db)`. (The rows a
    /// filter selects are updated with `T::find().filter(…).update()`.)
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Document>(db: &coodie::Session, key: T::PrimaryKey,
    /// #     price: impl Fn(&T::Columns) -> coodie::query::Assignment<T>) -> coodie::Result<()> {
    /// T::update(key).set(price).execute(db).await?;
    /// # Ok(()) }
    /// ```
    fn update(key: Self::PrimaryKey) -> Update<Self>
    where
        Self: Writable<Self::Base>,
    {
        Update::by_key(key)
    }

    /// An `UPDATE` of static columns of the partition with this partition key.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Document>(db: &coodie::Session, key: T::PartitionKey,
    /// #     name: impl Fn(&T::Columns) -> coodie::query::Assignment<T>) -> coodie::Result<()> {
    /// // Entry::update_partition("ann".to_string()).set(|c| c.display_name.to("Ann"))
    /// T::update_partition(key).set(name).execute(db).await?;
    /// # Ok(()) }
    /// ```
    fn update_partition(partition_key: Self::PartitionKey) -> Update<Self>
    where
        Self: Writable<Self::Base>,
    {
        Update::by_partition(partition_key)
    }

    /// An update of the counters of the row with this primary key, in a counter
    /// table (a document with [`Counter`](crate::model::Counter) fields):
    /// `PageViews::update_counters(key).incr(|c| c.view_count, 1).execute(&db)`
    /// sends `UPDATE … SET "view_count" = "view_count" + ? WHERE …`. A counter
    /// table has no `save`/`insert`; this is how its rows are written.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: coodie::model::CounterTable>(db: &coodie::Session, key: T::PrimaryKey,
    /// #     views: impl Fn(&T::Columns) -> coodie::query::Column<T, coodie::model::Counter>) -> coodie::Result<()> {
    /// T::update_counters(key).incr(views, 1).execute(db).await?;
    /// # Ok(()) }
    /// ```
    fn update_counters(key: Self::PrimaryKey) -> CounterUpdate<Self>
    where
        Self: CounterTable,
    {
        CounterUpdate::by_key(key)
    }

    /// Creates the table if it is missing, adds missing columns and indexes, and
    /// reports drift; never drops or changes anything. A second call runs nothing.
    ///
    /// Every call reads the table's rows of `system_schema` again, so a change
    /// made since (by hand, or by another process) is always seen. When those
    /// rows are, byte for byte, the ones this session's last sync of the model
    /// found in sync, they are not decoded or compared with the model again: a
    /// sync at every start of a worker costs little more than those reads.
    ///
    /// The user-defined types the table uses ([`Table::user_types`](crate::Table::user_types)) are synced
    /// first, nested types first, in the table's keyspace: created when missing,
    /// a new field added with `ALTER TYPE … ADD`, a changed or extra field
    /// reported as [`Drift`](crate::schema::Drift); their statements lead
    /// [`SyncReport::executed`] and their drift is in [`SyncReport::drift`].
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Document>(db: &coodie::Session) -> coodie::Result<()> {
    /// let report = T::sync_table(db).await?;
    /// assert!(report.drift.is_empty(), "{:?}", report.drift);
    /// # Ok(()) }
    /// ```
    fn sync_table(db: &Session) -> WriteFuture<'_, SyncReport>
    where
        Self: Writable<Self::Base>,
    {
        Self::sync_table_with(db, SyncOptions::default())
    }

    /// [`sync_table`](Model::sync_table) with options: a dry run returns the
    /// statements without running them.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Document>(db: &coodie::Session) -> coodie::Result<()> {
    /// let plan = T::sync_table_with(db, SyncOptions::default().dry_run(true)).await?;
    /// for statement in &plan.executed { println!("{statement}"); }
    /// # Ok(()) }
    /// ```
    fn sync_table_with(db: &Session, options: SyncOptions) -> WriteFuture<'_, SyncReport>
    where
        Self: Writable<Self::Base>,
    {
        WriteFuture::new(async move {
            let user_types = Self::user_types();
            crate::schema::sync_table(db, Self::schema(), &user_types, Self::RUST_TYPES, options)
                .await
        })
    }

    /// Drops the table and its data, if it exists (its materialized views must be
    /// dropped first).
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Document>(db: &coodie::Session) -> coodie::Result<()> {
    /// T::drop_table(db).await?;
    /// # Ok(()) }
    /// ```
    fn drop_table(db: &Session) -> WriteFuture<'_, ()>
    where
        Self: Writable<Self::Base>,
    {
        WriteFuture::new(async move {
            db.execute_ddl(&ddl::drop_table(Self::schema(), db.keyspace()))
                .await?;
            Ok(())
        })
    }

    /// Removes every row of the table (`TRUNCATE`).
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Document>(db: &coodie::Session) -> coodie::Result<()> {
    /// T::truncate(db).await?;
    /// # Ok(()) }
    /// ```
    fn truncate(db: &Session) -> WriteFuture<'_, ()>
    where
        Self: Writable<Self::Base>,
    {
        WriteFuture::new(async move {
            db.execute_ddl(&ddl::truncate(Self::schema(), db.keyspace()))
                .await?;
            Ok(())
        })
    }
}

impl<T: Table> Model for T {}
