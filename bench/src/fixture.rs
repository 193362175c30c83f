//! The rows every Rust library reads, made once per harness run: the schema (by
//! coodie, as the demo makes it), a 100-row and a 10,000-row view partition, and
//! the documents each segment writes or deletes.

use std::time::Duration;

use futures::{StreamExt, TryStreamExt};

use crate::libs::BoxError;

use crate::libs::raw::{Raw, RawProduct};
use crate::product::{MV_CATEGORY, ProductData, STREAM_CATEGORY};

/// Inserts `rows` through the raw driver, 64 at a time.
pub async fn insert_all(raw: &Raw, rows: &[ProductData]) -> Result<(), BoxError> {
    futures::stream::iter(
        rows.iter()
            .map(|d| async move { raw.insert(&RawProduct::from(d)).await }),
    )
    .buffer_unordered(64)
    .try_collect::<()>()
    .await
}

/// Fills the view partition `category` to `want` rows (writes to the base table,
/// then waits for the view), and returns the ids in it.
pub async fn fill_partition(
    raw: &Raw,
    category: &str,
    want: usize,
) -> Result<Vec<uuid::Uuid>, BoxError> {
    let have = raw.partition_ids(category).await?.len();
    if have > want {
        return Err(format!(
            "view partition {category:?} has {have} rows, more than {want}: rerun with --fresh"
        )
        .into());
    }
    insert_all(raw, &ProductData::many(want - have, Some(category))).await?;
    for _ in 0..300 {
        let ids = raw.partition_ids(category).await?;
        if ids.len() == want {
            return Ok(ids);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("view partition {category:?} did not reach {want} rows in 30 s").into())
}

/// The two fixture partitions; returns the ids of the `mv_partition` one.
pub async fn fill(
    raw: &Raw,
    mv_rows: usize,
    stream_rows: usize,
) -> Result<Vec<uuid::Uuid>, BoxError> {
    let pool = fill_partition(raw, MV_CATEGORY, mv_rows).await?;
    fill_partition(raw, STREAM_CATEGORY, stream_rows).await?;
    Ok(pool)
}
