//! The data layer: every database call of the demo goes through [`Catalog`], and
//! every one of them is a coodie call on the models of [`crate::models`].

use std::future::Future;
use std::time::Duration;

use coodie::prelude::*;
use coodie::{Replication, SchemaSync};
use uuid::Uuid;

use crate::models::{Product, ProductByBrand, ProductByCategory, ProductView};

/// How long the schema sync at start-up may take.
pub const SCHEMA_TIMEOUT: Duration = Duration::from_secs(120);

/// Runs `call` with a deadline longer than one request's: the schema sync at
/// start-up runs many statements, each bounded by the session's request timeout
/// (preparation included), and this bounds them together.
async fn bounded<T>(
    what: &str,
    limit: Duration,
    call: impl Future<Output = coodie::Result<T>>,
) -> coodie::Result<T> {
    match tokio::time::timeout(limit, call).await {
        Ok(result) => result,
        Err(_) => Err(coodie::Error::driver(
            what,
            std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                format!("no answer from the database within {limit:?}"),
            ),
        )),
    }
}

/// What [`Catalog::ensure_schema`] did, for the start-up log.
#[derive(Debug, Clone, Default)]
pub struct SchemaReport {
    /// The statements that were run, in order (empty when all was in place).
    pub statements: Vec<String>,
    /// Differences between the database and the models that sync left alone.
    pub drift: Vec<String>,
}

/// The product catalog: the base table `products` and its views
/// `products_by_category` and `products_by_brand`, in the session's keyspace.
///
/// Cloning is cheap (it shares the session and its prepared statements).
///
/// ```no_run
/// # async fn demo() -> coodie::Result<()> {
/// use materialized_views_demo::store::Catalog;
/// let db = coodie::Session::builder().keyspace("viewdemo").connect().await?;
/// let catalog = Catalog::new(db);
/// catalog.ensure_schema().await?;
/// let first_page = catalog.products_page(100, None).await?;
/// let weapons = catalog.by_category("weapons").await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Catalog {
    db: Session,
}

impl Catalog {
    /// A catalog on the session's keyspace.
    pub fn new(db: Session) -> Catalog {
        Catalog { db }
    }

    /// The session underneath.
    pub fn session(&self) -> &Session {
        &self.db
    }

    /// Creates the keyspace (SimpleStrategy, RF 1) if missing, then syncs the base
    /// table (with its two secondary indexes) and both views: what exists is left
    /// alone, what differs is reported as drift.
    pub async fn ensure_schema(&self) -> coodie::Result<SchemaReport> {
        let keyspace = self.db.keyspace();
        let sync = bounded("schema sync", SCHEMA_TIMEOUT, async {
            self.db
                .create_keyspace(keyspace, &Replication::Simple(1))
                .await?;
            SchemaSync::new()
                .table::<Product>()
                .view::<ProductByCategory>()
                .view::<ProductByBrand>()
                .run(&self.db)
                .await
        })
        .await?;
        let drift = sync
            .tables
            .iter()
            .flat_map(|t| t.drift.iter().map(move |d| format!("{}: {d}", t.table)))
            .chain(
                sync.views
                    .iter()
                    .flat_map(|v| v.drift.iter().map(move |d| format!("{}: {d}", v.view))),
            )
            .collect();
        Ok(SchemaReport {
            statements: sync.executed().map(String::from).collect(),
            drift,
        })
    }

    /// One page of the base table, in token order: at most `limit` products,
    /// starting where `from` says (`None`: the first page). Memory stays bounded by
    /// `limit`, however large the table. The last page may be empty.
    pub async fn products_page(
        &self,
        limit: u32,
        from: Option<PagingState>,
    ) -> coodie::Result<Page<Product>> {
        Product::find().page_size(limit).page(&self.db, from).await
    }

    /// One page of the partition `key` of the view `V` (one partition, no
    /// `ALLOW FILTERING`), ordered by `id`.
    pub async fn view_page<V: ProductView>(
        &self,
        key: &str,
        limit: u32,
        from: Option<PagingState>,
    ) -> coodie::Result<Page<V>> {
        V::by_key(key).page_size(limit).page(&self.db, from).await
    }

    /// Products of the base table in token order, all of them in memory; `limit`
    /// caps the count. For tools and tests: the HTTP API reads
    /// [`products_page`](Catalog::products_page).
    pub async fn list(&self, limit: Option<u32>) -> coodie::Result<Vec<Product>> {
        let query = Product::find().page_size(1000);
        let query = match limit {
            Some(n) => query.limit(n),
            None => query,
        };
        query.all(&self.db).await
    }

    /// Stores a product (an upsert on `id`; a `None` description is written as
    /// unset, not as a tombstone).
    pub async fn insert(&self, product: &Product) -> coodie::Result<()> {
        product.save(&self.db).await
    }

    /// The product with this id, if any.
    pub async fn get(&self, id: Uuid) -> coodie::Result<Option<Product>> {
        Product::get(&self.db, id).await
    }

    /// Deletes the product (`DELETE … IF EXISTS`, one round trip); `false` when there
    /// was none.
    pub async fn delete(&self, id: Uuid) -> coodie::Result<bool> {
        let delete = Product::find().filter(|c| c.id.eq(id)).delete().if_exists();
        Ok(delete.execute(&self.db).await?.applied)
    }

    /// Every row of `products_by_category` for one category, in memory (for tools
    /// and tests; the HTTP API reads [`view_page`](Catalog::view_page)).
    pub async fn by_category(&self, category: &str) -> coodie::Result<Vec<ProductByCategory>> {
        ProductByCategory::by_key(category).all(&self.db).await
    }

    /// Every row of `products_by_brand` for one brand, in memory.
    pub async fn by_brand(&self, brand: &str) -> coodie::Result<Vec<ProductByBrand>> {
        ProductByBrand::by_key(brand).all(&self.db).await
    }
}
