//! The floor: the `scylla` driver as its documentation shows it, with every
//! statement prepared once by hand, rows derived with `SerializeRow` /
//! `DeserializeRow`, one reusable batch of prepared inserts.

use chrono::{DateTime, Utc};
use futures::TryStreamExt;
use scylla::client::session::Session;
use scylla::client::session_builder::SessionBuilder;
use scylla::statement::batch::{Batch, BatchType};
use scylla::statement::prepared::PreparedStatement;
use scylla::{DeserializeRow, SerializeRow};
use uuid::Uuid;

use super::{BoxError, Library, Shared, expect_rows};
use crate::op::Op;
use crate::product::{MV_CATEGORY, STREAM_CATEGORY, updated_price};

/// A row of `products`, as the driver's derives see it.
#[derive(Debug, Clone, SerializeRow, DeserializeRow)]
pub struct RawProduct {
    pub id: Uuid,
    pub name: String,
    pub category: String,
    pub brand: String,
    pub price: f64,
    pub description: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A row of the view `products_by_category`.
#[derive(Debug, DeserializeRow)]
#[allow(
    dead_code,
    reason = "the fields are read by the deserializer, as a user's would be"
)]
pub struct RawByCategory {
    pub category: String,
    pub id: Uuid,
    pub name: String,
    pub brand: String,
    pub price: f64,
    pub description: Option<String>,
    pub created_at: DateTime<Utc>,
}

const COLUMNS: &str = "id, name, category, brand, price, description, created_at";
const VIEW_COLUMNS: &str = "category, id, name, brand, price, description, created_at";

/// The raw driver session and the statements prepared by hand.
pub struct Raw {
    pub session: Session,
    insert: PreparedStatement,
    get: PreparedStatement,
    partition: PreparedStatement,
    stream: PreparedStatement,
    update: PreparedStatement,
    delete: PreparedStatement,
    batch: Batch,
    schema_columns: PreparedStatement,
    schema_indexes: PreparedStatement,
    schema_table: PreparedStatement,
    keyspace: String,
}

impl Raw {
    /// Connects and prepares every statement for `keyspace.products`.
    pub async fn connect(
        hosts: &[String],
        keyspace: &str,
        page_size: i32,
        batch_size: usize,
    ) -> Result<Raw, BoxError> {
        let session = SessionBuilder::new().known_nodes(hosts).build().await?;
        let insert = session
            .prepare(format!(
                "INSERT INTO {keyspace}.products ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"
            ))
            .await?;
        let get = session
            .prepare(format!(
                "SELECT {COLUMNS} FROM {keyspace}.products WHERE id = ?"
            ))
            .await?;
        let partition = session
            .prepare(format!(
                "SELECT {VIEW_COLUMNS} FROM {keyspace}.products_by_category WHERE category = ?"
            ))
            .await?;
        let mut stream = partition.clone();
        stream.set_page_size(page_size);
        let update = session
            .prepare(format!(
                "UPDATE {keyspace}.products SET price = ? WHERE id = ?"
            ))
            .await?;
        let delete = session
            .prepare(format!("DELETE FROM {keyspace}.products WHERE id = ?"))
            .await?;
        let mut batch = Batch::new(BatchType::Logged);
        for _ in 0..batch_size {
            batch.append_statement(insert.clone());
        }
        // The schema reads `sync_table` needs to find "nothing changed": the same
        // three system_schema queries as coodie's sync.
        let schema_columns = session
            .prepare(
                "SELECT column_name, kind, position, type, clustering_order FROM system_schema.columns \
                 WHERE keyspace_name = ? AND table_name = ?",
            )
            .await?;
        let schema_indexes = session
            .prepare("SELECT index_name, options FROM system_schema.indexes WHERE keyspace_name = ? AND table_name = ?")
            .await?;
        let schema_table = session
            .prepare(
                "SELECT default_time_to_live FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?",
            )
            .await?;
        Ok(Raw {
            session,
            insert,
            get,
            partition,
            stream,
            update,
            delete,
            batch,
            schema_columns,
            schema_indexes,
            schema_table,
            keyspace: keyspace.to_string(),
        })
    }

    /// Inserts one row (fixtures).
    pub async fn insert(&self, row: &RawProduct) -> Result<(), BoxError> {
        self.session.execute_unpaged(&self.insert, row).await?;
        Ok(())
    }

    /// The ids in one view partition (fixtures), page by page.
    pub async fn partition_ids(&self, category: &str) -> Result<Vec<Uuid>, BoxError> {
        let rows: Vec<RawByCategory> = self
            .session
            .execute_iter(self.stream.clone(), (category,))
            .await?
            .rows_stream::<RawByCategory>()?
            .try_collect()
            .await?;
        Ok(rows.into_iter().map(|r| r.id).collect())
    }

    async fn sync_table(&self) -> Result<(), BoxError> {
        let key = (self.keyspace.as_str(), "products");
        let columns: Vec<(String, String, i32, String, String)> = self
            .session
            .execute_unpaged(&self.schema_columns, key)
            .await?
            .into_rows_result()?
            .rows()?
            .collect::<Result<_, _>>()?;
        let indexes: Vec<(String, Option<std::collections::HashMap<String, String>>)> = self
            .session
            .execute_unpaged(&self.schema_indexes, key)
            .await?
            .into_rows_result()?
            .rows()?
            .collect::<Result<_, _>>()?;
        let ttl: Option<(Option<i32>,)> = self
            .session
            .execute_unpaged(&self.schema_table, key)
            .await?
            .into_rows_result()?
            .maybe_first_row()?;
        if columns.len() != 7 || indexes.len() != 2 || ttl.is_none() {
            return Err(format!(
                "sync_table (raw): {} columns, {} indexes in system_schema; expected 7 and 2",
                columns.len(),
                indexes.len()
            )
            .into());
        }
        Ok(())
    }
}

impl Library for Raw {
    const NAME: &'static str = "raw";
    type Doc = RawProduct;

    async fn run<'a>(
        &'a self,
        op: Op,
        i: usize,
        docs: &'a [RawProduct],
        shared: &'a Shared,
    ) -> Result<(), BoxError> {
        match op {
            Op::Insert => {
                self.session.execute_unpaged(&self.insert, &docs[i]).await?;
            }
            Op::Get => {
                let id = shared.pool[i % shared.pool.len()];
                let row: Option<RawProduct> = self
                    .session
                    .execute_unpaged(&self.get, (id,))
                    .await?
                    .into_rows_result()?
                    .maybe_first_row()?;
                if row.is_none() {
                    return Err("get (raw): stored product not found".into());
                }
            }
            Op::MvPartition => {
                let rows: Vec<RawByCategory> = self
                    .session
                    .execute_unpaged(&self.partition, (MV_CATEGORY,))
                    .await?
                    .into_rows_result()?
                    .rows()?
                    .collect::<Result<_, _>>()?;
                expect_rows("mv_partition (raw)", rows.len(), shared.mv_rows)?;
            }
            Op::Update => {
                let id = shared.pool[i % shared.pool.len()];
                self.session
                    .execute_unpaged(&self.update, (updated_price(i), id))
                    .await?;
            }
            Op::Delete => {
                self.session
                    .execute_unpaged(&self.delete, (docs[i].id,))
                    .await?;
            }
            Op::Batch => {
                let n = shared.batch_size;
                let rows: Vec<&RawProduct> = docs[i * n..(i + 1) * n].iter().collect();
                self.session.batch(&self.batch, rows).await?;
            }
            Op::SyncTable => self.sync_table().await?,
            Op::Stream => {
                let n = self
                    .session
                    .execute_iter(self.stream.clone(), (STREAM_CATEGORY,))
                    .await?
                    .rows_stream::<RawByCategory>()?
                    .try_fold(0usize, |n, _| async move { Ok(n + 1) })
                    .await?;
                expect_rows("stream (raw)", n, shared.stream_rows)?;
            }
        }
        Ok(())
    }
}

crate::product::from_product_data!(RawProduct);
