//! charybdis 1.1 (crates.io), written as its README shows it: a `CachingSession`,
//! the macro-generated queries, a partial model for the one-field update.
//!
//! For "sync_table when nothing changed" charybdis has no call on a model: its
//! migrations (`charybdis-migrate`, here through its programmatic
//! `MigrationBuilder`) read the keyspace's schema and re-parse the models' source
//! files ([`model`]'s folder) at run time, then compare. That is what is timed.

pub mod model;

use std::path::PathBuf;

use charybdis::batch::ModelBatch;
use charybdis::operations::{Delete, Find, Insert, Update};
use futures::TryStreamExt;
use scylla::client::caching_session::CachingSession;
use scylla::client::session_builder::SessionBuilder;

use self::model::{Product, ProductByCategory, ProductPrice};
use super::{BoxError, Library, Shared, expect_rows};
use crate::op::Op;
use crate::product::{MV_CATEGORY, STREAM_CATEGORY, updated_price};
use crate::quiet::QuietStdout;

/// charybdis's session: the driver's `CachingSession`, as charybdis requires.
pub struct Charybdis {
    pub session: CachingSession,
    keyspace: String,
}

impl Charybdis {
    /// Connects with `keyspace` as the session's keyspace (charybdis's queries are
    /// not qualified by keyspace).
    pub async fn connect(hosts: &[String], keyspace: &str) -> Result<Charybdis, BoxError> {
        let session = SessionBuilder::new()
            .known_nodes(hosts)
            .use_keyspace(keyspace, false)
            .build()
            .await?;
        Ok(Charybdis {
            session: CachingSession::from(session, 512),
            keyspace: keyspace.to_string(),
        })
    }

    /// The folder charybdis-migrate parses for models.
    fn models_dir() -> String {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("src/libs/charybdis")
            .to_string_lossy()
            .into_owned()
    }

    async fn migrate_unchanged(&self) -> Result<(), BoxError> {
        // charybdis-migrate prints its plan to stdout on every run.
        let _quiet = QuietStdout::new();
        let migration = charybdis::migrate::MigrationBuilder::new()
            .keyspace(self.keyspace.clone())
            .current_dir(Self::models_dir())
            .build(self.session.get_session())
            .await;
        migration.run().await;
        Ok(())
    }
}

impl Library for Charybdis {
    const NAME: &'static str = "charybdis";
    type Doc = Product;

    async fn run<'a>(
        &'a self,
        op: Op,
        i: usize,
        docs: &'a [Product],
        shared: &'a Shared,
    ) -> Result<(), BoxError> {
        let s = &self.session;
        match op {
            Op::Insert => {
                docs[i].insert().execute(s).await?;
            }
            Op::Get => {
                let id = shared.pool[i % shared.pool.len()];
                Product::find_by_primary_key_value((id,)).execute(s).await?;
            }
            Op::MvPartition => {
                let rows =
                    ProductByCategory::find_by_partition_key_value((MV_CATEGORY.to_string(),))
                        .execute(s)
                        .await?
                        .try_collect()
                        .await?;
                expect_rows("mv_partition (charybdis)", rows.len(), shared.mv_rows)?;
            }
            Op::Update => {
                let id = shared.pool[i % shared.pool.len()];
                ProductPrice {
                    id,
                    price: updated_price(i),
                }
                .update()
                .execute(s)
                .await?;
            }
            Op::Delete => {
                docs[i].delete().execute(s).await?;
            }
            Op::Batch => {
                let n = shared.batch_size;
                let mut batch = Product::batch();
                batch.append_inserts(&docs[i * n..(i + 1) * n]);
                batch.execute(s).await?;
            }
            Op::SyncTable => self.migrate_unchanged().await?,
            Op::Stream => {
                let n =
                    ProductByCategory::find_by_partition_key_value((STREAM_CATEGORY.to_string(),))
                        .page_size(shared.page_size)
                        .execute(s)
                        .await?
                        .try_fold(0usize, |n, _| async move { Ok(n + 1) })
                        .await?;
                expect_rows("stream (charybdis)", n, shared.stream_rows)?;
            }
        }
        Ok(())
    }
}

crate::product::from_product_data!(Product);
