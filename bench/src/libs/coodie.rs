//! coodie, written as its README shows it. Every call of coodie's API in the
//! harness is in this file, so an API change is adapted here and nowhere else.

use chrono::{DateTime, Utc};
use coodie::prelude::*;
use futures::TryStreamExt;
use uuid::Uuid;

use super::{BoxError, Library, Shared, expect_rows};
use crate::op::Op;
use crate::product::{MV_CATEGORY, STREAM_CATEGORY, updated_price};

/// The demo's base table.
#[derive(Document, Debug, Clone)]
#[coodie(table = "products")]
pub struct Product {
    #[coodie(partition_key)]
    pub id: Uuid,
    pub name: String,
    #[coodie(index)]
    pub category: String,
    #[coodie(index)]
    pub brand: String,
    pub price: f64,
    pub description: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// The view `mv_partition` and `stream` read.
#[derive(MaterializedView, Debug, Clone)]
#[coodie(view = "products_by_category", base = Product)]
#[allow(
    dead_code,
    reason = "the fields are filled by the deserializer, as a user's would be"
)]
pub struct ProductByCategory {
    #[coodie(partition_key)]
    pub category: String,
    #[coodie(clustering_key)]
    pub id: Uuid,
    pub name: String,
    pub brand: String,
    pub price: f64,
    pub description: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// The demo's second view (created so that writes cost what they cost in the demo).
#[derive(MaterializedView, Debug, Clone)]
#[coodie(view = "products_by_brand", base = Product)]
#[allow(
    dead_code,
    reason = "synced with the schema, never read by the harness"
)]
pub struct ProductByBrand {
    #[coodie(partition_key)]
    pub brand: String,
    #[coodie(clustering_key)]
    pub id: Uuid,
    pub name: String,
    pub category: String,
    pub price: f64,
    pub description: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A coodie session on the benchmark keyspace.
pub struct Coodie {
    pub db: coodie::Session,
}

impl Coodie {
    /// Connects to `keyspace` (which must exist).
    pub async fn connect(hosts: &[String], keyspace: &str) -> Result<Coodie, BoxError> {
        let db = coodie::Session::builder()
            .hosts(hosts.iter().cloned())
            .keyspace(keyspace)
            .connect()
            .await?;
        Ok(Coodie { db })
    }

    /// The server and its version, e.g. `Cassandra 5.0.6`.
    pub async fn server_version(&self) -> Result<String, BoxError> {
        let rows = self
            .db
            .execute(
                "SELECT release_version FROM system.local WHERE key = ?",
                ("local",),
            )
            .await?
            .into_rows_result()?;
        let (version,): (String,) = rows.first_row()?;
        Ok(format!("{:?} {version}", self.db.server()))
    }

    /// Drops `keyspace` if it exists (the harness's own keyspaces only).
    pub async fn drop_keyspace(&self, keyspace: &str) -> Result<(), BoxError> {
        self.db
            .execute_ddl(&format!("DROP KEYSPACE IF EXISTS {keyspace}"))
            .await?;
        Ok(())
    }

    /// Creates the keyspace if missing, the table with its indexes and both views
    /// (the schema every Rust library uses), as the demo does.
    pub async fn create_schema(&self) -> Result<(), BoxError> {
        let db = &self.db;
        db.create_keyspace(db.keyspace(), &coodie::Replication::Simple(1))
            .await?;
        coodie::SchemaSync::new()
            .table::<Product>()
            .view::<ProductByCategory>()
            .view::<ProductByBrand>()
            .run(db)
            .await?;
        Ok(())
    }
}

impl Library for Coodie {
    const NAME: &'static str = "coodie";
    type Doc = Product;

    async fn run<'a>(
        &'a self,
        op: Op,
        i: usize,
        docs: &'a [Product],
        shared: &'a Shared,
    ) -> Result<(), BoxError> {
        let db = &self.db;
        match op {
            Op::Insert => docs[i].save(db).await?,
            Op::Get => {
                let id = shared.pool[i % shared.pool.len()];
                if Product::get(db, id).await?.is_none() {
                    return Err("get (coodie): stored product not found".into());
                }
            }
            Op::MvPartition => {
                let rows = ProductByCategory::find()
                    .filter(|c| c.category.eq(MV_CATEGORY))
                    .all(db)
                    .await?;
                expect_rows("mv_partition (coodie)", rows.len(), shared.mv_rows)?;
            }
            Op::Update => {
                let id = shared.pool[i % shared.pool.len()];
                Product::update(id)
                    .set(|c| c.price.to(updated_price(i)))
                    .execute(db)
                    .await?;
            }
            Op::Delete => docs[i].delete(db).await?,
            Op::Batch => {
                let n = shared.batch_size;
                let mut batch = Batch::logged();
                batch.save_all(&docs[i * n..(i + 1) * n])?;
                batch.execute(db).await?;
            }
            Op::SyncTable => {
                let report = Product::sync_table(db).await?;
                if !report.is_in_sync() {
                    return Err(
                        format!("sync_table (coodie): not in sync: {:?}", report.drift).into(),
                    );
                }
            }
            Op::Stream => {
                let n = ProductByCategory::find()
                    .filter(|c| c.category.eq(STREAM_CATEGORY))
                    .page_size(shared.page_size as u32)
                    .stream(db)
                    .try_fold(0usize, |n, _| async move { Ok(n + 1) })
                    .await?;
                expect_rows("stream (coodie)", n, shared.stream_rows)?;
            }
        }
        Ok(())
    }
}

crate::product::from_product_data!(Product);
