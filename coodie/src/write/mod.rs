//! Writes: upserts, conditional inserts, updates, deletes and batches. Every one
//! of them is available on documents only: a materialized view does not compile.
//!
//! Start from [`InsertDocument::save`](crate::InsertDocument::save),
//! [`InsertDocument::insert`](crate::InsertDocument::insert), [`Model::update`](crate::Model::update),
//! [`DeleteDocument::delete`](crate::DeleteDocument::delete), `T::find().filter(…).update()` /
//! `.delete()` for the rows a filter selects, or [`Batch`]; counters change with
//! [`Model::update_counters`](crate::Model::update_counters) and [`CounterBatch`].
//!
//! # Idempotence
//!
//! Every statement coodie sends carries the driver's idempotence flag, which
//! the retry policy and speculative execution read: the driver retries a request
//! that may already have been applied (a timeout, a broken connection) only when
//! the flag says applying it twice does no harm.
//!
//! | Statement | Idempotent |
//! |---|---|
//! | reads (`find`, `get`, `count`, pages) | yes |
//! | `save` (upsert), `delete` of a document or of rows | yes |
//! | `update` setting or clearing columns, set `add`/`remove`, map `put`/`put_all`/`remove`, list `remove` | yes |
//! | `delete` of chosen columns or map entries | yes |
//! | list `append`, `prepend`, `set_at`; `delete` of a list element | **no** |
//! | lightweight transactions: `insert` (`IF NOT EXISTS`), any `.if_exists()` / `.if_(…)` | **no** |
//! | a `Batch` holding an `insert` | **no** (otherwise yes) |
//!
//! A caller who knows better declares it: `.idempotent(true)` (or `false`) on
//! [`Update`] and [`Delete`], [`WriteOptions::idempotent`] for documents. The
//! flag is visible on the statement a builder produces:
//!
//! ```
//! # use coodie::prelude::*;
//! # use uuid::Uuid;
//! # #[derive(Document, Debug, Clone)]
//! # #[coodie(table = "carts")]
//! # pub struct Cart {
//! #     #[coodie(partition_key)] pub id: Uuid,
//! #     pub log: Vec<String>,
//! # }
//! let id = Uuid::new_v4();
//! let append = Cart::update(id).set(|c| c.log.append(["paid"]));
//! assert!(!append.statement("shop").get_is_idempotent());
//! let remove = Cart::update(id).set(|c| c.log.remove(["paid"]));
//! assert!(remove.statement("shop").get_is_idempotent());
//! ```

mod batch;
mod counter;
mod delete;
pub(crate) mod document;
mod future;
mod options;
mod shared_setters;
mod update;

pub use crate::exec::Applied;
pub use batch::Batch;
pub use counter::{CounterBatch, CounterUpdate};
pub use delete::Delete;
pub use future::WriteFuture;
pub use options::WriteOptions;
pub use update::Update;
