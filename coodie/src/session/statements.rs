//! The session's prepared statements, found by what a statement is (the model's
//! type, the kind of statement, the shape of its clauses) instead of by its text:
//! a call looks its statement up without building the text, hashing it, or
//! copying a `Statement`; the text is rendered and prepared once, on the first
//! call of each shape. Calls that miss the cache together take turns at a gate
//! per shape ([`Statements::gate`]): the first prepares, the others find its
//! statement, instead of each sending the same `PREPARE` to every node.

use std::any::TypeId;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::sync::{Arc, Mutex, RwLock};

use scylla::statement::batch::{Batch, BatchStatement, BatchType};
use scylla::statement::prepared::PreparedStatement;

/// Which statement of a model a call runs; with [`StatementKey::shape`] it names
/// one statement text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum StatementKind {
    /// `SELECT <every column> … WHERE <full primary key>`
    Get,
    /// `INSERT` (an upsert)
    Save,
    /// `INSERT … IF NOT EXISTS`
    Insert,
    /// `DELETE … WHERE <full primary key>`
    DeleteByKey,
    /// A `SELECT` of the query builder.
    Select,
    /// `SELECT COUNT(*)` of the query builder.
    Count,
    /// An `UPDATE` of the update builder.
    Update,
    /// A query-level `DELETE` (`T::find().filter(…).delete()`).
    Delete,
    /// The token-range `SELECT` of a scan.
    Scan,
    /// A statement of a view check (`ViewCheck`): which one.
    Verify(u8),
    /// `SELECT <function>("col")` of the query builder (`WRITETIME`, `TTL`).
    CellMeta,
    /// A read of a system table for one schema object (the live schema).
    System(u8),
}

pub(crate) use crate::cql::ShapePart;

/// What identifies a statement without its text: the model, the kind of
/// statement and (for the builders) the shape of its clauses. Statements of
/// different sessions never meet (each session has its own cache), so the
/// session's keyspace is not part of the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StatementKey {
    table: TypeId,
    kind: StatementKind,
    shape: Vec<ShapePart>,
}

impl StatementKey {
    /// The key of a statement of model `T` that has one shape only.
    pub(crate) fn new<T: 'static>(kind: StatementKind) -> Self {
        StatementKey {
            table: TypeId::of::<T>(),
            kind,
            shape: Vec::new(),
        }
    }

    /// Whether this is a key of a statement of model `T`.
    pub(crate) fn is_of<T: 'static>(&self) -> bool {
        self.table == TypeId::of::<T>()
    }

    /// This key with `shape` instead of its own (a family of statements of one
    /// kind, told apart by their shapes).
    pub(crate) fn with_shape(&self, shape: Vec<ShapePart>) -> Self {
        StatementKey {
            table: self.table,
            kind: self.kind,
            shape,
        }
    }

    /// The key of a statement of model `T` whose text depends on `shape`.
    pub(crate) fn shaped<T: 'static>(kind: StatementKind, shape: Vec<ShapePart>) -> Self {
        StatementKey {
            table: TypeId::of::<T>(),
            kind,
            shape,
        }
    }
}

/// A [`StatementKey`] with a borrowed shape: what a call looks its statement up
/// with, so that a hit allocates nothing (the shape is built on the stack, see
/// [`ShapeBuf`](crate::cql::ShapeBuf)); only a miss makes the owned key. Hashes
/// exactly as the owned key does ([`hash_key`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct KeyRef<'a> {
    table: TypeId,
    kind: StatementKind,
    shape: &'a [ShapePart],
}

impl<'a> KeyRef<'a> {
    pub(crate) fn shaped<T: 'static>(kind: StatementKind, shape: &'a [ShapePart]) -> Self {
        KeyRef {
            table: TypeId::of::<T>(),
            kind,
            shape,
        }
    }

    pub(crate) fn to_owned(self) -> StatementKey {
        StatementKey {
            table: self.table,
            kind: self.kind,
            shape: self.shape.to_vec(),
        }
    }
}

/// The hash of a key, owned or borrowed alike. A name of the shape counts by its
/// length and first byte, not its whole text: equal keys still hash equally, the
/// few keys of one model and kind that this does not tell apart are told apart by
/// comparing them, and a look-up hashes no string.
fn hash_key<H: Hasher>(table: TypeId, kind: StatementKind, shape: &[ShapePart], state: &mut H) {
    table.hash(state);
    kind.hash(state);
    state.write_usize(shape.len());
    for (name, code) in shape {
        let first = name.as_bytes().first().copied().unwrap_or(0);
        state.write_u64((name.len() as u64) << 16 | u64::from(first) << 8 | u64::from(*code));
    }
}

impl Hash for StatementKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_key(self.table, self.kind, &self.shape, state);
    }
}

impl Hash for KeyRef<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_key(self.table, self.kind, self.shape, state);
    }
}

/// What a statement can be looked up with: the owned key, or a borrowed one.
pub(crate) trait LookupKey: Hash + hashbrown::Equivalent<StatementKey> {
    /// The owned key, for storing a statement prepared on a miss.
    fn into_key(self) -> StatementKey;
}

impl LookupKey for StatementKey {
    fn into_key(self) -> StatementKey {
        self
    }
}

impl LookupKey for KeyRef<'_> {
    fn into_key(self) -> StatementKey {
        self.to_owned()
    }
}

impl hashbrown::Equivalent<StatementKey> for KeyRef<'_> {
    #[inline]
    fn equivalent(&self, key: &StatementKey) -> bool {
        // A shape's names are the model's `&'static str`s: the same pointer is the
        // usual case and spares comparing the text.
        let same =
            |a: &ShapePart, b: &ShapePart| a.1 == b.1 && (std::ptr::eq(a.0, b.0) || a.0 == b.0);
        self.table == key.table
            && self.kind == key.kind
            && self.shape.len() == key.shape.len()
            && self.shape.iter().zip(&key.shape).all(|(a, b)| same(a, b))
    }
}

/// A statement prepared on this session, with its text (for error messages) and
/// the driver batches that repeat it (built on first use, see
/// [`repeated`](Prepared::repeated)).
pub(crate) struct Prepared {
    pub(crate) cql: String,
    pub(crate) statement: PreparedStatement,
    batches: Mutex<Vec<Arc<Batch>>>,
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared").field("cql", &self.cql).finish()
    }
}

/// How many batch shapes (type, length, idempotence) a statement keeps.
const BATCHES_PER_STATEMENT: usize = 4;

impl Prepared {
    pub(crate) fn new(cql: String, statement: PreparedStatement) -> Self {
        Prepared {
            cql,
            statement,
            batches: Mutex::new(Vec::new()),
        }
    }

    /// A driver batch of `kind` that holds this statement `n` times, with the
    /// session's settings and `idempotent`: built once per shape and kept, so a
    /// batch of `n` rows of one model copies no statement per row (as a batch
    /// prepared by hand and reused does).
    pub(crate) fn repeated(&self, kind: BatchType, n: usize, idempotent: bool) -> Arc<Batch> {
        let mut batches = self
            .batches
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let same = |b: &&Arc<Batch>| {
            b.get_type() == kind && b.statements.len() == n && b.get_is_idempotent() == idempotent
        };
        if let Some(batch) = batches.iter().find(same) {
            return Arc::clone(batch);
        }
        let mut batch = Batch::new(kind);
        batch.statements = vec![BatchStatement::PreparedStatement(self.statement.clone()); n];
        batch.set_is_idempotent(idempotent);
        let batch = Arc::new(batch);
        if batches.len() >= BATCHES_PER_STATEMENT {
            batches.remove(0);
        }
        batches.push(Arc::clone(&batch));
        batch
    }
}

/// What [`Session::look_up`](crate::Session) found: the statement, or what to
/// prepare.
#[derive(Clone)]
pub(crate) enum Lookup {
    Cached(Arc<Prepared>),
    /// Not prepared yet: the key to keep it under, its text, and the
    /// idempotence flag to prepare it with.
    Missing {
        key: StatementKey,
        cql: String,
        idempotent: bool,
    },
}

/// FxHash (rustc's hasher): the keys are a `TypeId`, a small enum and a few
/// short static names, so SipHash's defence against chosen keys buys nothing here.
#[derive(Default)]
pub(crate) struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_u128(&mut self, n: u128) {
        self.add(n as u64);
        self.add((n >> 64) as u64);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The prepared statements of one session by [`StatementKey`], at most
/// `capacity` of them (beyond it, statements are prepared on each call through
/// the driver's cache by text, so an unbounded number of shapes cannot grow it).
pub(crate) struct Statements {
    map: RwLock<hashbrown::HashMap<StatementKey, Arc<Prepared>, BuildHasherDefault<FxHasher>>>,
    capacity: usize,
    /// One gate per shape being prepared; removed once its statement is stored.
    gates: Mutex<HashMap<StatementKey, Gate, BuildHasherDefault<FxHasher>>>,
}

/// The turn of one shape's preparation: held while a call prepares it.
pub(crate) type Gate = Arc<tokio::sync::Mutex<()>>;

impl Statements {
    pub(crate) fn new(capacity: usize) -> Self {
        Statements {
            map: RwLock::new(hashbrown::HashMap::default()),
            capacity,
            gates: Mutex::new(HashMap::default()),
        }
    }

    /// The gate of `key`'s preparation: a caller that misses the cache locks it,
    /// looks in the cache again (another caller may have prepared the statement
    /// meanwhile), and only then prepares.
    pub(crate) fn gate(&self, key: &StatementKey) -> Gate {
        let mut gates = self
            .gates
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        Arc::clone(gates.entry(key.clone()).or_default())
    }

    /// Forgets `key`'s gate once its statement is stored: later calls find the
    /// statement and never need it (callers still waiting hold their own handle).
    pub(crate) fn drop_gate(&self, key: &StatementKey) {
        let mut gates = self
            .gates
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        gates.remove(key);
    }

    /// The statement stored under `key`, if any.
    pub(crate) fn get<K: Hash + hashbrown::Equivalent<StatementKey>>(
        &self,
        key: &K,
    ) -> Option<Arc<Prepared>> {
        let map = self
            .map
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        map.get(key).cloned()
    }

    /// Stores `prepared` under `key` while there is room.
    pub(crate) fn insert(&self, key: StatementKey, prepared: Arc<Prepared>) {
        let mut map = self
            .map
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if map.len() < self.capacity {
            map.insert(key, prepared);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::hash::BuildHasher;

    use super::*;

    struct A;
    struct B;

    fn hash(key: &StatementKey) -> u64 {
        BuildHasherDefault::<FxHasher>::default().hash_one(key)
    }

    /// Concurrent callers of one shape take turns; another shape does not wait.
    #[test]
    fn a_borrowed_key_finds_what_its_owned_key_stored() {
        let statements = Statements::new(10);
        let shape: Vec<ShapePart> = vec![("price", 7), ("", 2)];
        let owned = StatementKey::shaped::<A>(StatementKind::Update, shape.clone());
        let borrowed = KeyRef::shaped::<A>(StatementKind::Update, &shape);
        assert_eq!(
            BuildHasherDefault::<FxHasher>::default().hash_one(borrowed),
            hash(&owned)
        );
        assert_eq!(borrowed.to_owned(), owned);
        assert!(statements.get(&borrowed).is_none());
        let other_shape = [("price", 7)];
        for other in [
            KeyRef::shaped::<B>(StatementKind::Update, &shape),
            KeyRef::shaped::<A>(StatementKind::Delete, &shape),
            KeyRef::shaped::<A>(StatementKind::Update, &other_shape),
        ] {
            assert!(!hashbrown::Equivalent::equivalent(&other, &owned));
        }
        assert!(hashbrown::Equivalent::equivalent(&borrowed, &owned));
    }

    /// Names of one length and first letter hash alike; their keys still differ,
    /// so the cache keeps their statements apart.
    #[test]
    fn shapes_that_hash_alike_are_still_told_apart() {
        let key =
            |shape: &[ShapePart]| StatementKey::shaped::<A>(StatementKind::Update, shape.to_vec());
        let (price, prize) = ([("price", 7)], [("prize", 7)]);
        assert_eq!(hash(&key(&price)), hash(&key(&prize)));
        assert_ne!(key(&price), key(&prize));
        let borrowed = KeyRef::shaped::<A>(StatementKind::Update, &prize);
        assert!(!hashbrown::Equivalent::equivalent(&borrowed, &key(&price)));
        assert!(hashbrown::Equivalent::equivalent(&borrowed, &key(&prize)));
        assert_ne!(hash(&key(&price)), hash(&key(&[("price", 8)])));
        assert_ne!(hash(&key(&price)), hash(&key(&[("brand", 7)])));
    }

    #[tokio::test]
    async fn one_preparation_per_shape_at_a_time() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let statements = Arc::new(Statements::new(10));
        let a = StatementKey::new::<A>(StatementKind::Get);
        let b = StatementKey::new::<B>(StatementKind::Get);
        assert!(Arc::ptr_eq(&statements.gate(&a), &statements.gate(&a)));
        assert!(!Arc::ptr_eq(&statements.gate(&a), &statements.gate(&b)));

        let inside = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let held_a = statements.gate(&a);
        let turn_a = held_a.lock().await;
        // While `a` is being prepared, `b` goes ahead.
        let gate_b = statements.gate(&b);
        assert!(gate_b.try_lock().is_ok());
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let (statements, a) = (Arc::clone(&statements), a.clone());
                let (inside, most) = (Arc::clone(&inside), Arc::clone(&most));
                tokio::spawn(async move {
                    let gate = statements.gate(&a);
                    let _turn = gate.lock().await;
                    let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    tokio::task::yield_now().await;
                    inside.fetch_sub(1, Ordering::SeqCst);
                })
            })
            .collect();
        tokio::task::yield_now().await;
        assert_eq!(inside.load(Ordering::SeqCst), 0, "they wait for the first");
        drop(turn_a);
        statements.drop_gate(&a);
        for task in tasks {
            task.await.unwrap();
        }
        assert_eq!(most.load(Ordering::SeqCst), 1);
        // The gate is forgotten: a later caller gets a fresh one.
        assert!(!Arc::ptr_eq(&held_a, &statements.gate(&a)));
    }

    #[test]
    fn keys_differ_by_model_kind_and_shape() {
        let get_a = StatementKey::new::<A>(StatementKind::Get);
        assert_eq!(get_a, StatementKey::new::<A>(StatementKind::Get));
        assert_eq!(
            hash(&get_a),
            hash(&StatementKey::new::<A>(StatementKind::Get))
        );
        assert_ne!(get_a, StatementKey::new::<B>(StatementKind::Get));
        assert_ne!(get_a, StatementKey::new::<A>(StatementKind::Save));
        let by_name = StatementKey::shaped::<A>(StatementKind::Select, vec![("name", 0)]);
        assert_ne!(
            by_name,
            StatementKey::shaped::<A>(StatementKind::Select, vec![("price", 0)])
        );
        assert_ne!(
            by_name,
            StatementKey::shaped::<A>(StatementKind::Select, vec![("name", 1)])
        );
        assert_ne!(
            hash(&by_name),
            hash(&StatementKey::shaped::<A>(
                StatementKind::Select,
                vec![("names", 0)]
            ))
        );
    }
}
