//! Logged and unlogged batches of writes across documents.

use scylla::serialize::SerializationError;
use scylla::serialize::row::{RowSerializationContext, SerializeRow};
use scylla::serialize::writers::RowWriter;
use std::sync::Arc;

use scylla::statement::batch::{Batch as DriverBatch, BatchStatement, BatchType};
use scylla::statement::{Consistency, SerialConsistency};

use super::document::delete_cql;
use super::options::{UsingValues, WriteOptions};
use crate::cql::dml;
use crate::exec::{self, StatementOptions};
use crate::expr::chain;
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
        using: UsingValues,
        ctx: &RowSerializationContext<'_>,
        writer: &mut RowWriter,
    ) -> std::result::Result<(), SerializationError>;
}

impl<D: Document> DocumentRow for D {
    fn serialize_with(
        &self,
        using: UsingValues,
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
        using: UsingValues,
    },
    /// The `USING` values, then a primary key.
    Key {
        using: UsingValues,
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
            Values::Document { doc, using } => doc.serialize_with(*using, ctx, writer),
            Values::Key { using, key } => chain(*using, using.len(), key).serialize(ctx, writer),
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Save,
    Insert,
    Delete,
}

/// A run of consecutive entries of one statement (100 saves of one model are one
/// run): what renders, finds and prepares that statement, once for the run.
struct Run {
    schema: &'static TableSchema,
    delete_cql: fn(&str, &str) -> String,
    op: Op,
    options: WriteOptions,
    key: StatementKey,
    len: usize,
}

impl Run {
    /// Whether an entry `op` of model `T` with `options` runs this run's
    /// statement: the same model, operation and `USING` shape. Checked per entry
    /// without making a key.
    fn continues<T: Table>(&self, op: Op, options: &WriteOptions) -> bool {
        self.key.is_of::<T>() && self.op == op && self.options.same_using_shape(options)
    }

    fn new<T: Table>(op: Op, options: &WriteOptions) -> Run {
        let kind = match op {
            Op::Save => StatementKind::Save,
            Op::Insert => StatementKind::Insert,
            Op::Delete => StatementKind::DeleteByKey,
        };
        Run {
            schema: T::schema(),
            delete_cql: delete_cql::<T>,
            op,
            options: *options,
            key: StatementKey::shaped::<T>(kind, options.using_shape()),
            len: 1,
        }
    }

    fn cql(&self, keyspace: &str) -> String {
        let using = self.options.using_clause(!matches!(self.op, Op::Delete));
        match self.op {
            Op::Save => dml::insert(self.schema, keyspace, false, &using),
            Op::Insert => dml::insert(self.schema, keyspace, true, &using),
            Op::Delete => (self.delete_cql)(keyspace, &using),
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
    /// Each entry's values, in order.
    rows: Vec<Values<'a>>,
    /// The entries' statements, one per run of equal ones, in order.
    runs: Vec<Run>,
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
            rows: Vec::new(),
            runs: Vec::new(),
            options: StatementOptions::default(),
        }
    }

    /// How many writes the batch holds.
    ///
    /// ```
    /// assert_eq!(coodie::write::Batch::logged().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the batch holds no write.
    ///
    /// ```
    /// assert!(coodie::write::Batch::unlogged().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
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

    #[inline]
    fn push_document<T>(&mut self, doc: &'a T, op: Op, options: &WriteOptions) -> Result<&mut Self>
    where
        T: Table + Writable<T::Base>,
        T::Base: Insertable,
    {
        let doc: &'a T::Base = doc.as_base();
        let using = options.using_values(!matches!(op, Op::Delete))?;
        let values = match op {
            Op::Save | Op::Insert => Values::Document { doc, using },
            Op::Delete => Values::Key {
                using,
                key: Box::new(KeyValues::<T::Base>(doc.primary_key())),
            },
        };
        self.push::<T::Base>(op, options, values);
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
    #[inline]
    pub fn save<T>(&mut self, doc: &'a T) -> Result<&mut Self>
    where
        T: Table + Writable<T::Base>,
        T::Base: Insertable,
    {
        self.push_document(doc, Op::Save, &WriteOptions::default())
    }

    /// Adds an upsert of each of `docs`, in order, with room made for them all at
    /// once: what calling [`save`](Self::save) on each does, without the batch's
    /// list growing step by step.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<T: Document + coodie::model::Insertable>(db: &coodie::Session, docs: Vec<T>) -> coodie::Result<()> {
    /// let mut batch = Batch::logged();
    /// batch.save_all(&docs)?;
    /// batch.execute(db).await?;
    /// # Ok(()) }
    /// ```
    pub fn save_all<T, I>(&mut self, docs: I) -> Result<&mut Self>
    where
        T: Table + Writable<T::Base> + 'a,
        T::Base: Insertable,
        I: IntoIterator<Item = &'a T>,
    {
        let docs = docs.into_iter();
        self.rows.reserve(docs.size_hint().0);
        let before = self.rows.len();
        // Saves without options of their own: no `USING` values, and one run.
        self.rows.extend(docs.map(|doc| Values::Document {
            doc: doc.as_base(),
            using: UsingValues::default(),
        }));
        let added = self.rows.len() - before;
        if added > 0 {
            self.extend_runs::<T::Base>(Op::Save, &WriteOptions::default(), added);
        }
        Ok(self)
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
            using: UsingValues::default(),
            key: Box::new(KeyValues::<T>(key)),
        };
        self.push::<T>(Op::Delete, &WriteOptions::default(), values);
        Ok(self)
    }

    /// Appends an entry: to the last run when it has the same statement.
    #[inline]
    fn push<T: Table>(&mut self, op: Op, options: &WriteOptions, values: Values<'a>) {
        self.extend_runs::<T>(op, options, 1);
        self.rows.push(values);
    }

    /// Counts `n` more entries `op` of model `T` with `options`: the last run's,
    /// when they continue it, else a new run's.
    #[inline]
    fn extend_runs<T: Table>(&mut self, op: Op, options: &WriteOptions, n: usize) {
        match self.runs.last_mut() {
            Some(last) if last.continues::<T>(op, options) => last.len += n,
            _ => {
                let mut run = Run::new::<T>(op, options);
                run.len = n;
                self.runs.push(run);
            }
        }
    }

    /// The statements of the batch, in order, with `keyspace` for tables that have
    /// none of their own.
    ///
    /// ```
    /// assert!(coodie::write::Batch::logged().to_cql("shop").is_empty());
    /// ```
    pub fn to_cql(&self, keyspace: &str) -> Vec<String> {
        self.runs
            .iter()
            .flat_map(|run| std::iter::repeat_n(run.cql(keyspace), run.len))
            .collect()
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
        if self.rows.is_empty() {
            return Ok(true);
        }
        // Each statement comes from the session's cache, looked up once per run of
        // entries of one statement (a batch of 100 saves of one model: one look-up).
        let keyspace = db.keyspace();
        let mut options = self.options;
        // Upserts and deletes may be applied twice; an `insert` (IF NOT EXISTS) not.
        options.idempotent = !self.runs.iter().any(|run| matches!(run.op, Op::Insert));
        let mut runs: Vec<(Arc<Prepared>, usize)> = Vec::with_capacity(self.runs.len());
        for run in self.runs {
            let prepared = db
                .prepared(run.key.clone(), options.idempotent, || run.cql(keyspace))
                .await?;
            runs.push((prepared, run.len));
        }
        let values = self.rows;
        // One statement repeated with the session's settings (a batch of rows of
        // one model): the statement's kept driver batch, no copy per row.
        let kept;
        let built;
        let batch: &DriverBatch = match runs.as_slice() {
            [(prepared, n)] if options.is_default() => {
                kept = prepared.repeated(self.kind, *n, options.idempotent);
                &kept
            }
            _ => {
                let statements = runs
                    .iter()
                    .flat_map(|(prepared, n)| std::iter::repeat_n(&prepared.statement, *n))
                    .map(|statement| BatchStatement::PreparedStatement(statement.clone()))
                    .collect();
                built = options.batch(self.kind, statements);
                &built
            }
        };
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
            .batch(batch, values)
            .await
            .map_err(|e| exec::execution_error(&label(), e))?;
        exec::applied_flag(result, label)
    }
}
