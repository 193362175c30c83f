//! Logged and unlogged batches of writes across documents.

use scylla::serialize::SerializationError;
use scylla::serialize::row::{RowSerializationContext, SerializeRow};
use scylla::serialize::writers::RowWriter;
use std::sync::Arc;

use scylla::statement::batch::{BatchStatement, BatchType};
use scylla::statement::{Consistency, SerialConsistency};

use super::document::delete_cql;
use super::options::WriteOptions;
use crate::cql::dml;
use crate::exec::{self, StatementOptions};
use crate::expr::{BoundValue, chain};
use crate::model::{Document, Insertable, Table, TableSchema, Writable};
use crate::session::{Prepared, StatementKey, StatementKind};
use crate::{Result, Session};

/// An owned primary key, bound as its values.
pub(super) struct KeyValues<T: Table>(pub(super) T::PrimaryKey);

impl<T: Table> SerializeRow for KeyValues<T> {
    fn serialize(
        &self,
        ctx: &RowSerializationContext<'_>,
        writer: &mut RowWriter,
    ) -> std::result::Result<(), SerializationError> {
        T::primary_key_values(&self.0).serialize(ctx, writer)
    }

    fn is_empty(&self) -> bool {
        T::PRIMARY_KEY.is_empty()
    }
}

/// A document's values with the `USING` values after them, through a reference
/// to the document (no allocation per entry).
trait DocumentRow: Send + Sync {
    fn serialize_with(
        &self,
        using: &[BoundValue],
        ctx: &RowSerializationContext<'_>,
        writer: &mut RowWriter,
    ) -> std::result::Result<(), SerializationError>;
}

impl<D: Document> DocumentRow for D {
    fn serialize_with(
        &self,
        using: &[BoundValue],
        ctx: &RowSerializationContext<'_>,
        writer: &mut RowWriter,
    ) -> std::result::Result<(), SerializationError> {
        chain(self.values(), D::COLUMN_NAMES.len(), using).serialize(ctx, writer)
    }
}

/// The values of one entry of a batch.
enum Values<'a> {
    /// A document's columns, then the `USING` values.
    Document {
        doc: &'a dyn DocumentRow,
        using: Vec<BoundValue>,
    },
    /// The `USING` values, then a primary key.
    Key {
        using: Vec<BoundValue>,
        key: Box<dyn SerializeRow + Send + Sync + 'a>,
    },
}

impl SerializeRow for Values<'_> {
    fn serialize(
        &self,
        ctx: &RowSerializationContext<'_>,
        writer: &mut RowWriter,
    ) -> std::result::Result<(), SerializationError> {
        match self {
            Values::Document { doc, using } => doc.serialize_with(using, ctx, writer),
            Values::Key { using, key } => {
                chain(using.as_slice(), using.len(), key).serialize(ctx, writer)
            }
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Values::Document { .. } => false,
            Values::Key { using, key } => using.is_empty() && key.is_empty(),
        }
    }
}

/// What one entry of a batch does.
#[derive(Debug, Clone, Copy)]
enum Op {
    Save,
    Insert,
    Delete,
}

struct Entry<'a> {
    schema: &'static TableSchema,
    /// The text of a delete of this table's rows, for [`Op::Delete`].
    delete_cql: fn(&str, &str) -> String,
    op: Op,
    using: String,
    /// The statement in the session's cache.
    key: StatementKey,
    values: Values<'a>,
}

impl Entry<'_> {
    fn new<'a, T: Table>(
        op: Op,
        options: &WriteOptions,
        using: String,
        values: Values<'a>,
    ) -> Entry<'a> {
        let kind = match op {
            Op::Save => StatementKind::Save,
            Op::Insert => StatementKind::Insert,
            Op::Delete => StatementKind::DeleteByKey,
        };
        Entry {
            schema: T::schema(),
            delete_cql: delete_cql::<T>,
            op,
            using,
            key: StatementKey::shaped::<T>(kind, options.using_shape()),
            values,
        }
    }

    fn cql(&self, keyspace: &str) -> String {
        match self.op {
            Op::Save => dml::insert(self.schema, keyspace, false, &self.using),
            Op::Insert => dml::insert(self.schema, keyspace, true, &self.using),
            Op::Delete => (self.delete_cql)(keyspace, &self.using),
        }
    }
}

/// Several writes sent as one `BATCH`, across documents of any types.
///
/// A logged batch (the default) is atomic: all of its writes happen or none;
/// an unlogged batch saves the batch log round trip and suits writes to one
/// partition. Every statement is prepared once and cached.
///
/// ```no_run
/// # use coodie::prelude::*;
/// # async fn demo<A: Document + coodie::model::Insertable, B: Document + coodie::model::Insertable>(db: &coodie::Session, a: A, b: B) -> coodie::Result<()> {
/// let mut batch = Batch::logged();
/// batch.save(&a)?.save(&b)?;
/// batch.execute(db).await?;
/// # Ok(()) }
/// ```
pub struct Batch<'a> {
    kind: BatchType,
    entries: Vec<Entry<'a>>,
    /// Consistency, serial consistency and timestamp of the whole batch.
    options: StatementOptions,
}

impl std::fmt::Debug for Batch<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Batch")
            .field("kind", &self.kind)
            .field("statements", &self.to_cql("<session keyspace>"))
            .finish_non_exhaustive()
    }
}

impl<'a> Batch<'a> {
    /// A logged (atomic) batch.
    ///
    /// ```
    /// let batch = coodie::write::Batch::logged();
    /// assert!(batch.is_empty());
    /// ```
    pub fn logged() -> Self {
        Self::new(BatchType::Logged)
    }

    /// An unlogged batch: no batch log, no atomicity across partitions.
    ///
    /// ```
    /// let batch = coodie::write::Batch::unlogged();
    /// ```
    pub fn unlogged() -> Self {
        Self::new(BatchType::Unlogged)
    }

    fn new(kind: BatchType) -> Self {
        Batch {
            kind,
            entries: Vec::new(),
            options: StatementOptions::default(),
        }
    }

    /// How many writes the batch holds.
    ///
    /// ```
    /// assert_eq!(coodie::write::Batch::logged().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the batch holds no write.
    ///
    /// ```
    /// assert!(coodie::write::Batch::unlogged().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The consistency level of the whole batch.
    ///
    /// ```
    /// use coodie::query::Consistency;
    /// let batch = coodie::write::Batch::logged().consistency(Consistency::Quorum);
    /// ```
    pub fn consistency(mut self, consistency: Consistency) -> Self {
        self.options.consistency = Some(consistency);
        self
    }

    /// The serial consistency of a conditional batch.
    ///
    /// ```
    /// use coodie::query::SerialConsistency;
    /// let batch = coodie::write::Batch::logged().serial_consistency(SerialConsistency::Serial);
    /// ```
    pub fn serial_consistency(mut self, serial: SerialConsistency) -> Self {
        self.options.serial_consistency = Some(serial);
        self
    }

    /// One write timestamp (microseconds since the Unix epoch) for every write.
    ///
    /// ```
    /// let batch = coodie::write::Batch::logged().timestamp(1_700_000_000_000_000);
    /// ```
    pub fn timestamp(mut self, micros: i64) -> Self {
        self.options.timestamp = Some(micros);
        self
    }

    fn push_document<T>(&mut self, doc: &'a T, op: Op, options: &WriteOptions) -> Result<&mut Self>
    where
        T: Table + Writable<T::Base>,
        T::Base: Insertable,
    {
        let doc: &'a T::Base = doc.as_base();
        let (using, using_values) = options.using(!matches!(op, Op::Delete))?;
        let values = match op {
            Op::Save | Op::Insert => Values::Document {
                doc,
                using: using_values,
            },
            Op::Delete => Values::Key {
                using: using_values,
                key: Box::new(KeyValues::<T::Base>(doc.primary_key())),
            },
        };
        self.entries
            .push(Entry::new::<T::Base>(op, options, using, values));
        Ok(self)
    }

    /// Adds an upsert of `doc` (`None` fields unset).
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # fn demo<T: Document + coodie::model::Insertable>(doc: T) -> coodie::Result<()> {
    /// let mut batch = Batch::logged();
    /// batch.save(&doc)?;
    /// # Ok(()) }
    /// ```
    pub fn save<T>(&mut self, doc: &'a T) -> Result<&mut Self>
    where
        T: Table + Writable<T::Base>,
        T::Base: Insertable,
    {
        self.push_document(doc, Op::Save, &WriteOptions::default())
    }

    /// Adds an upsert of `doc` with a TTL or timestamp of its own.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # fn demo<T: Document + coodie::model::Insertable>(doc: T) -> coodie::Result<()> {
    /// let mut batch = Batch::unlogged();
    /// batch.save_with(&doc, &WriteOptions::new().ttl(std::time::Duration::from_secs(60)))?;
    /// # Ok(()) }
    /// ```
    pub fn save_with<T>(&mut self, doc: &'a T, options: &WriteOptions) -> Result<&mut Self>
    where
        T: Table + Writable<T::Base>,
        T::Base: Insertable,
    {
        self.push_document(doc, Op::Save, options)
    }

    /// Adds an `INSERT … IF NOT EXISTS` of `doc`, which makes the batch conditional:
    /// every write of a conditional batch must go to one partition of one table.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # fn demo<T: Document + coodie::model::Insertable>(doc: T) -> coodie::Result<()> {
    /// let mut batch = Batch::logged();
    /// batch.insert(&doc)?;
    /// # Ok(()) }
    /// ```
    pub fn insert<T>(&mut self, doc: &'a T) -> Result<&mut Self>
    where
        T: Table + Writable<T::Base>,
        T::Base: Insertable,
    {
        self.push_document(doc, Op::Insert, &WriteOptions::default())
    }

    /// Adds a delete of `doc`'s row.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # fn demo<T: Document + coodie::model::Insertable>(doc: T) -> coodie::Result<()> {
    /// let mut batch = Batch::logged();
    /// batch.delete(&doc)?;
    /// # Ok(()) }
    /// ```
    pub fn delete<T>(&mut self, doc: &'a T) -> Result<&mut Self>
    where
        T: Table + Writable<T::Base>,
        T::Base: Insertable,
    {
        self.push_document(doc, Op::Delete, &WriteOptions::default())
    }

    /// Adds a delete of the row of `T` with primary key `key`.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # fn demo<T: Document + coodie::model::Insertable>(key: T::PrimaryKey) -> coodie::Result<()> {
    /// let mut batch = Batch::logged();
    /// batch.delete_by_key::<T>(key)?;
    /// # Ok(()) }
    /// ```
    pub fn delete_by_key<T>(&mut self, key: T::PrimaryKey) -> Result<&mut Self>
    where
        T: Table + Writable<T::Base>,
        T::Base: Insertable,
        T::PrimaryKey: 'a,
    {
        let values = Values::Key {
            using: Vec::new(),
            key: Box::new(KeyValues::<T>(key)),
        };
        self.entries.push(Entry::new::<T>(
            Op::Delete,
            &WriteOptions::default(),
            String::new(),
            values,
        ));
        Ok(self)
    }

    /// The statements of the batch, in order, with `keyspace` for tables that have
    /// none of their own.
    ///
    /// ```
    /// assert!(coodie::write::Batch::logged().to_cql("shop").is_empty());
    /// ```
    pub fn to_cql(&self, keyspace: &str) -> Vec<String> {
        self.entries.iter().map(|e| e.cql(keyspace)).collect()
    }

    /// Sends the batch; returns whether it was applied (always `true` unless it
    /// holds an `insert`, whose condition may fail).
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Document + coodie::model::Insertable>(db: &coodie::Session, doc: T) -> coodie::Result<()> {
    /// let mut batch = Batch::logged();
    /// batch.save(&doc)?;
    /// batch.execute(db).await?;
    /// # Ok(()) }
    /// ```
    pub async fn execute(self, db: &Session) -> Result<bool> {
        if self.entries.is_empty() {
            return Ok(true);
        }
        // Each statement comes from the session's cache, looked up once per run of
        // entries of one statement (a batch of 100 saves of one model: one look-up).
        let keyspace = db.keyspace();
        let mut options = self.options;
        // Upserts and deletes may be applied twice; an `insert` (IF NOT EXISTS) not.
        options.idempotent = !self.entries.iter().any(|e| matches!(e.op, Op::Insert));
        let mut statements = Vec::with_capacity(self.entries.len());
        let mut values = Vec::with_capacity(self.entries.len());
        let mut runs: Vec<(Arc<Prepared>, usize)> = Vec::new();
        let mut last: Option<StatementKey> = None;
        for entry in self.entries {
            if last.as_ref() != Some(&entry.key) {
                let prepared = db
                    .prepared(entry.key.clone(), || entry.cql(keyspace))
                    .await?;
                runs.push((prepared, 0));
                last = Some(entry.key);
            }
            if let Some((prepared, count)) = runs.last_mut() {
                *count += 1;
                statements.push(BatchStatement::PreparedStatement(
                    prepared.statement.clone(),
                ));
            }
            values.push(entry.values);
        }
        let batch = options.batch(self.kind, statements);
        let label = || {
            let parts: Vec<String> = runs
                .iter()
                .map(|(prepared, n)| match n {
                    1 => prepared.cql.clone(),
                    n => format!("{} (×{n})", prepared.cql),
                })
                .collect();
            format!("BEGIN BATCH {}; APPLY BATCH", parts.join("; "))
        };
        let result = db
            .driver()
            .get_session()
            .batch(&batch, values)
            .await
            .map_err(|e| exec::execution_error(&label(), e))?;
        exec::applied_flag(result, label)
    }
}
