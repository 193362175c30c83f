//! [`Projected`]: a `SELECT` of some columns, read into a projection.

use std::marker::PhantomData;

use scylla::response::PagingState;

use super::page::Page;
use super::row_stream::RowStream;
use super::rows;
use super::select::Select;
use crate::model::{Projection, Table};
use crate::{Result, Session};

/// A [`Select`] on `T` that reads only the columns of projection `P`, made by
/// [`Select::project`]; it has the same terminal operations, reading `P`s.
///
/// ```no_run
/// # use coodie::prelude::*;
/// # use uuid::Uuid;
/// # #[derive(Document)]
/// # pub struct Product { #[coodie(partition_key)] pub id: Uuid, #[coodie(index)] pub category: String,
/// #     pub name: String, pub price: f64, pub description: Option<String> }
/// #[derive(Projection, Debug)]
/// #[coodie(of = Product)]
/// pub struct ProductCard {
///     pub id: Uuid,
///     pub name: String,
///     pub price: f64,
/// }
///
/// # async fn demo(db: &coodie::Session) -> coodie::Result<()> {
/// let cards: Vec<ProductCard> = Product::find()
///     .filter(|c| c.category.eq("apparel"))
///     .project::<ProductCard>()
///     .all(db)
///     .await?;
/// # Ok(()) }
/// ```
pub struct Projected<T: Table, P> {
    select: Select<T>,
    _projection: PhantomData<fn() -> P>,
}

impl<T: Table, P> Clone for Projected<T, P> {
    fn clone(&self) -> Self {
        Projected {
            select: self.select.clone(),
            _projection: PhantomData,
        }
    }
}

impl<T: Table, P: Projection<T>> std::fmt::Debug for Projected<T, P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Projected")
            .field(&self.to_cql(T::schema().keyspace_or("<session keyspace>")))
            .finish()
    }
}

impl<T: Table, P: Projection<T>> Projected<T, P> {
    pub(super) fn new(select: Select<T>) -> Self {
        Projected {
            select,
            _projection: PhantomData,
        }
    }

    /// The `SELECT` of `P`'s columns this runs, with `keyspace` for tables that
    /// have none of their own.
    ///
    /// ```
    /// # use coodie::prelude::*;
    /// # use uuid::Uuid;
    /// # #[derive(Document)]
    /// # pub struct Product { #[coodie(partition_key)] pub id: Uuid, pub name: String }
    /// # #[derive(Projection)] #[coodie(of = Product)] pub struct Name { pub name: String }
    /// assert_eq!(
    ///     Product::find().project::<Name>().to_cql("shop"),
    ///     "SELECT \"name\" FROM shop.product"
    /// );
    /// ```
    pub fn to_cql(&self, keyspace: &str) -> String {
        self.select
            .to_cql_selecting_columns(P::COLUMN_NAMES, keyspace)
    }

    /// Every matching row's projection, fetched page by page.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Table, P: coodie::model::Projection<T>>(db: &coodie::Session) -> coodie::Result<()> {
    /// let all: Vec<P> = T::find().project::<P>().all(db).await?;
    /// # Ok(()) }
    /// ```
    pub async fn all(&self, db: &Session) -> Result<Vec<P>> {
        let options = self.select.statement_options();
        rows::all(db, self.select.look_up_projection::<P>(db), &options).await
    }

    /// Exactly one: [`Error::NotFound`](crate::Error::NotFound) when no row
    /// matches, [`Error::MultipleFound`](crate::Error::MultipleFound) when several
    /// do.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Table, P: coodie::model::Projection<T>>(db: &coodie::Session) -> coodie::Result<()> {
    /// let only: P = T::find().project::<P>().one(db).await?;
    /// # Ok(()) }
    /// ```
    pub async fn one(&self, db: &Session) -> Result<P> {
        let query = self.select.limited(false);
        let options = query.statement_options();
        let found = rows::unpaged(db, query.look_up_projection::<P>(db), &options).await?;
        rows::exactly_one(found, T::NAME)
    }

    /// The first matching row's projection, if any.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Table, P: coodie::model::Projection<T>>(db: &coodie::Session) -> coodie::Result<()> {
    /// let maybe: Option<P> = T::find().project::<P>().first(db).await?;
    /// # Ok(()) }
    /// ```
    pub async fn first(&self, db: &Session) -> Result<Option<P>> {
        let query = self.select.limited(true);
        let options = query.statement_options();
        Ok(
            rows::unpaged(db, query.look_up_projection::<P>(db), &options)
                .await?
                .pop(),
        )
    }

    /// The projections as a stream that fetches pages as they are consumed, as
    /// [`Select::stream`].
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// use futures::TryStreamExt;
    /// # async fn demo<T: Table, P: coodie::model::Projection<T>>(db: &coodie::Session) -> coodie::Result<()> {
    /// let mut rows = T::find().project::<P>().stream(db);
    /// while let Some(row) = rows.try_next().await? {}
    /// # Ok(()) }
    /// ```
    pub fn stream(&self, db: &Session) -> RowStream<P> {
        rows::stream(
            db,
            self.select.look_up_projection::<P>(db),
            self.select.statement_options(),
        )
    }

    /// One page of projections from `state` on, as [`Select::page`].
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Table, P: coodie::model::Projection<T>>(db: &coodie::Session) -> coodie::Result<()> {
    /// let first = T::find().page_size(20).project::<P>().page(db, None).await?;
    /// # Ok(()) }
    /// ```
    pub async fn page(&self, db: &Session, state: Option<PagingState>) -> Result<Page<P>> {
        let options = self.select.statement_options();
        rows::page(db, self.select.look_up_projection::<P>(db), &options, state).await
    }
}
