//! Checking a materialized view against its base table, and repairing it.
//!
//! A view can drift from its base table: Cassandra updates a view asynchronously
//! from each base replica to one paired view replica, and when that replica is
//! down and hinted handoff is off (or the hint expires, or the batchlog replay
//! fails), the view update is lost and nothing reports it. coodie knows each
//! view's definition (its key, its columns, its filter), so [`ViewCheck`] can
//! check a view row by row:
//!
//! 1. it scans the base table by token ranges (the view's filter applied by the
//!    server) and looks up the view row each base row must produce: missing or
//!    stale (which columns differ);
//! 2. it scans the view by token ranges and looks up each row's base row: an
//!    orphan when there is none, or when it has moved to another view key or no
//!    longer passes the filter.
//!
//! A finding is checked again after a short pause (view updates are
//! asynchronous), so that a write in flight is not reported as drift.
//!
//! On request, [`Repair::Apply`] re-writes the base row's cells of missing and
//! stale view rows, each with a timestamp taken from its own `WRITETIME`, so that
//! the server regenerates the view row and a concurrent newer write always wins
//! (see [`repair`](self#why-one-microsecond-later)). Orphans cannot be removed
//! through the base table; [`ViewReport::advice`] says to recreate the view.
//!
//! ```no_run
//! use coodie::prelude::*;
//! use coodie::verify::{Repair, ViewCheck};
//! # #[derive(Document, Debug, Clone)]
//! # #[coodie(table = "products")]
//! # pub struct Product { #[coodie(partition_key)] pub id: i32, pub category: String, pub price: f64 }
//! # #[derive(MaterializedView, Debug, Clone)]
//! # #[coodie(view = "products_by_category", base = Product)]
//! # pub struct ByCategory { #[coodie(partition_key)] pub category: String, #[coodie(clustering_key)] pub id: i32, pub price: f64 }
//! # async fn demo(db: &coodie::Session) -> coodie::Result<()> {
//! let report = ViewCheck::<ByCategory>::new().concurrency(8).run(db).await?;
//! println!("{report}");
//! if !report.is_clean() {
//!     let fixed = ViewCheck::<ByCategory>::new().repair(Repair::Apply).run(db).await?;
//!     println!("re-wrote {} base rows", fixed.repair.rows);
//! }
//! # Ok(()) }
//! ```
//!
//! # Why one microsecond later
//!
//! Measured on the three-node cluster (`coodie/tests/view_drift.rs`, Cassandra
//! 5.0.6), on 8 missing and 5 stale view rows that really drifted: re-writing
//! each base cell with its **own** write time and value regenerated none of
//! them. Every missing view row came back as a row with only its key (its
//! non-key columns null, which `verify` then reports as stale) and every stale
//! row kept its old values. Re-writing them at write time **+ 1 µs**
//! regenerated all 13.
//!
//! The reason is how a base replica computes a view update: from the base row
//! as stored and as merged with the write, it sends the view the merged row's
//! primary-key liveness plus only the cells that differ between the two
//! (Cassandra's `ViewUpdateGenerator`: `updateEntry`, `addDifferentCells`). A
//! cell re-written with its own timestamp and value reconciles to the cell
//! already stored, so no cell differs and only the row's liveness reaches the
//! view: hence the key-only row. One microsecond later the re-written cell wins
//! the reconciliation, differs, and is sent.
//!
//! The same timestamp is therefore not the safer choice (it turns a missing row
//! into a key-only one), and +1 µs overwrites nothing newer: a concurrent
//! writer's cell is stamped later than a write time read before it (unless it
//! was written within that same microsecond), so it wins over the re-write; the
//! cluster test checks each of a concurrent writer's values and write times.

mod definition;
mod finding;
mod report;

use std::collections::BTreeMap;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::stream::TryStreamExt;
use scylla::statement::Consistency;
use scylla::value::{CqlValue, Row};

pub use finding::{Finding, OrphanReason, ViewKey};
pub use report::{Phase, Progress, Repair, RepairTally, ViewReport};

use crate::exec::{self, StatementOptions};
use crate::model::MaterializedView;
use crate::query::scan::{ScanEvent, plan_ranges, scan_ranges};
use crate::session::{Lookup, Prepared, StatementKey, StatementKind};
use crate::{Result, Session};
use definition::Definition;

/// How a check reports its progress.
type ProgressFn = Arc<dyn Fn(&Progress) + Send + Sync>;

/// A check of view `V` against its base table, built step by step and run with
/// [`run`](ViewCheck::run). See the [module docs](self).
///
/// ```no_run
/// # use coodie::prelude::*;
/// # use coodie::verify::ViewCheck;
/// # async fn demo<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
/// let report = ViewCheck::<V>::new()
///     .concurrency(8)
///     .on_progress(|p| eprintln!("{:?}: {} rows, {}/{} ranges", p.phase, p.rows, p.ranges_done, p.ranges_total))
///     .run(db)
///     .await?;
/// assert!(report.is_clean(), "{report}");
/// # Ok(()) }
/// ```
pub struct ViewCheck<V: MaterializedView> {
    concurrency: usize,
    lookups: usize,
    splits: Option<usize>,
    from_token: Option<i64>,
    view_from_token: Option<i64>,
    orphans: bool,
    samples: usize,
    settle: Duration,
    repair: Repair,
    timestamp_offset: i64,
    options: StatementOptions,
    progress: Option<ProgressFn>,
    _view: PhantomData<fn() -> V>,
}

impl<V: MaterializedView> Default for ViewCheck<V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<V: MaterializedView> std::fmt::Debug for ViewCheck<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ViewCheck")
            .field("view", &V::NAME)
            .field("concurrency", &self.concurrency)
            .field("repair", &self.repair)
            .finish_non_exhaustive()
    }
}

impl<V: MaterializedView> ViewCheck<V> {
    /// A check of every row, in both directions, without repair.
    ///
    /// ```
    /// # use coodie::prelude::*;
    /// # fn demo<V: MaterializedView>() {
    /// let check = coodie::verify::ViewCheck::<V>::new();
    /// # }
    /// ```
    pub fn new() -> Self {
        ViewCheck {
            concurrency: 8,
            lookups: 16,
            splits: None,
            from_token: None,
            view_from_token: None,
            orphans: true,
            samples: 10,
            settle: Duration::from_millis(200),
            repair: Repair::Off,
            timestamp_offset: 1,
            // Reads, and repairs that re-write cells with a fixed timestamp: idempotent.
            options: StatementOptions::read(),
            progress: None,
            _view: PhantomData,
        }
    }

    crate::query::ring_setters::ring_reader_setters!(
        "# fn demo<V: MaterializedView>() {",
        "coodie::verify::ViewCheck::<V>::new()"
    );

    /// How many row lookups each scanned range keeps in flight (default 16).
    ///
    /// ```
    /// # use coodie::prelude::*;
    /// # fn demo<V: MaterializedView>() {
    /// let check = coodie::verify::ViewCheck::<V>::new().lookups(32);
    /// # }
    /// ```
    pub fn lookups(mut self, n: usize) -> Self {
        self.lookups = n.max(1);
        self
    }

    /// Checks only the base rows whose token is after `token`: resumes the base
    /// pass from a [`Progress::resume_from`].
    ///
    /// ```
    /// # use coodie::prelude::*;
    /// # fn demo<V: MaterializedView>() {
    /// let rest = coodie::verify::ViewCheck::<V>::new().from_token(42);
    /// # }
    /// ```
    pub fn from_token(mut self, token: i64) -> Self {
        self.from_token = Some(token);
        self
    }

    /// Checks only the view rows whose (view) token is after `token`: resumes the
    /// view pass.
    ///
    /// ```
    /// # use coodie::prelude::*;
    /// # fn demo<V: MaterializedView>() {
    /// let rest = coodie::verify::ViewCheck::<V>::new().view_from_token(42);
    /// # }
    /// ```
    pub fn view_from_token(mut self, token: i64) -> Self {
        self.view_from_token = Some(token);
        self
    }

    /// Whether to scan the view for orphans too (default `true`).
    ///
    /// ```
    /// # use coodie::prelude::*;
    /// # fn demo<V: MaterializedView>() {
    /// let base_only = coodie::verify::ViewCheck::<V>::new().orphans(false);
    /// # }
    /// ```
    pub fn orphans(mut self, yes: bool) -> Self {
        self.orphans = yes;
        self
    }

    /// How many findings of each kind the report keeps as samples (default 10).
    ///
    /// ```
    /// # use coodie::prelude::*;
    /// # fn demo<V: MaterializedView>() {
    /// let check = coodie::verify::ViewCheck::<V>::new().samples(100);
    /// # }
    /// ```
    pub fn samples(mut self, n: usize) -> Self {
        self.samples = n;
        self
    }

    /// How long to wait before checking a finding again (default 200 ms): a view
    /// row written a moment ago may not have reached the view yet.
    ///
    /// ```
    /// # use coodie::prelude::*;
    /// # fn demo<V: MaterializedView>() {
    /// let check = coodie::verify::ViewCheck::<V>::new().settle(std::time::Duration::from_secs(1));
    /// # }
    /// ```
    pub fn settle(mut self, wait: Duration) -> Self {
        self.settle = wait;
        self
    }

    /// Whether to repair missing and stale rows (default [`Repair::Off`];
    /// [`Repair::DryRun`] counts what would be written).
    ///
    /// ```
    /// # use coodie::prelude::*;
    /// # fn demo<V: MaterializedView>() {
    /// let check = coodie::verify::ViewCheck::<V>::new().repair(coodie::verify::Repair::Apply);
    /// # }
    /// ```
    pub fn repair(mut self, mode: Repair) -> Self {
        self.repair = mode;
        self
    }

    /// The microseconds a repair adds to each cell's own write time. `1` (the
    /// default) is what makes the server regenerate the view row; `0` is there
    /// to show that the same timestamp does not: measured on the cluster, it
    /// leaves a missing view row with only its key and a stale one stale (see
    /// the module docs).
    #[doc(hidden)]
    pub fn timestamp_offset(mut self, micros: i64) -> Self {
        self.timestamp_offset = micros;
        self
    }

    /// Called after each token range of each pass.
    ///
    /// ```
    /// # use coodie::prelude::*;
    /// # fn demo<V: MaterializedView>() {
    /// let check = coodie::verify::ViewCheck::<V>::new().on_progress(|p| println!("{} rows", p.rows));
    /// # }
    /// ```
    pub fn on_progress(mut self, report: impl Fn(&Progress) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(report));
        self
    }

    /// Runs the check (and the repair, if asked for).
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
    /// let report = coodie::verify::ViewCheck::<V>::new().run(db).await?;
    /// println!("{report}");
    /// # Ok(()) }
    /// ```
    pub async fn run(&self, db: &Session) -> Result<ViewReport> {
        let def = Arc::new(Definition::of::<V>()?);
        let idempotent = self.options.idempotent;
        let base_by_key = db
            .prepared(statement::<V>(BASE_BY_KEY), idempotent, || {
                def.base_by_key(db.keyspace())
            })
            .await?;
        let view_by_key = db
            .prepared(statement::<V>(VIEW_BY_KEY), idempotent, || {
                def.view_by_key(db.keyspace())
            })
            .await?;
        let ctx = Arc::new(Ctx {
            db: db.clone(),
            base_by_key,
            view_by_key,
            rewrite: StatementKey::new::<V>(StatementKind::Verify(REWRITE)),
            def,
            options: self.options,
            settle: self.settle,
            repair: self.repair,
            offset: self.timestamp_offset,
        });
        let mut report = ViewReport {
            view: ctx.def.view,
            base: ctx.def.base,
            repair: RepairTally {
                mode: self.repair,
                ..RepairTally::default()
            },
            base_resume_from: self.from_token.unwrap_or(i64::MIN),
            view_resume_from: self.view_from_token.unwrap_or(i64::MIN),
            ..ViewReport::default()
        };
        let mut samples = Samples::new(self.samples);
        self.base_pass(db, &ctx, &mut report, &mut samples).await?;
        if self.orphans {
            self.view_pass(db, &ctx, &mut report, &mut samples).await?;
        }
        report.samples = samples.into_vec();
        Ok(report)
    }

    async fn base_pass(
        &self,
        db: &Session,
        ctx: &Arc<Ctx>,
        report: &mut ViewReport,
        samples: &mut Samples,
    ) -> Result<()> {
        let started = Instant::now();
        let checker = ctx.clone();
        let findings = report.findings();
        let mut repair = RepairTally::default();
        let scan = db.look_up(statement::<V>(BASE_SCAN), self.options.idempotent, || {
            ctx.def.base_scan(db.keyspace())
        });
        let (rows, resume_from) = self
            .pass(
                db,
                scan,
                self.from_token,
                Phase::Base,
                findings,
                move |row| {
                    let ctx = checker.clone();
                    async move { ctx.check_base_row(row).await }
                },
                |outcome: Option<BaseOutcome>| {
                    let Some(outcome) = outcome else {
                        return (false, 0);
                    };
                    repair.rows += outcome.rewrite.rows;
                    repair.statements += outcome.rewrite.statements;
                    repair.cells += outcome.rewrite.cells;
                    repair.unrepairable += outcome.rewrite.unrepairable;
                    let Some(finding) = outcome.finding else {
                        return (true, 0);
                    };
                    match &finding {
                        Finding::Missing { .. } => report.missing += 1,
                        Finding::Stale { columns, .. } => {
                            report.stale += 1;
                            for c in columns {
                                *report.stale_columns.entry(c).or_insert(0) += 1;
                            }
                        }
                        Finding::Orphan { .. } => report.orphans += 1,
                    }
                    samples.offer(finding);
                    (true, 1)
                },
            )
            .await?;
        report.repair = RepairTally {
            mode: self.repair,
            ..repair
        };
        report.base_rows = rows;
        report.base_resume_from = resume_from;
        report.base_elapsed = started.elapsed();
        Ok(())
    }

    async fn view_pass(
        &self,
        db: &Session,
        ctx: &Arc<Ctx>,
        report: &mut ViewReport,
        samples: &mut Samples,
    ) -> Result<()> {
        let started = Instant::now();
        let checker = ctx.clone();
        let findings = report.findings();
        let mut orphans = 0;
        let scan = db.look_up(statement::<V>(VIEW_SCAN), self.options.idempotent, || {
            ctx.def.view_scan(db.keyspace())
        });
        let (rows, resume_from) = self
            .pass(
                db,
                scan,
                self.view_from_token,
                Phase::View,
                findings,
                move |row| {
                    let ctx = checker.clone();
                    async move { ctx.check_view_row(row).await }
                },
                |orphan: Option<Finding>| match orphan {
                    Some(finding) => {
                        orphans += 1;
                        samples.offer(finding);
                        (true, 1)
                    }
                    None => (true, 0),
                },
            )
            .await?;
        report.orphans += orphans;
        report.view_rows = rows;
        report.view_resume_from = resume_from.max(report.view_resume_from);
        report.view_elapsed = started.elapsed();
        Ok(())
    }

    /// Scans with the statement of `scan` from `from_token`, runs `check` on each row (many at
    /// once, results in scan order) and `fold` on each result, which says
    /// whether the row counts and how many findings it adds; reports progress
    /// after each range. Returns the rows counted and the token to resume from.
    #[allow(clippy::too_many_arguments)]
    async fn pass<R, Fut>(
        &self,
        db: &Session,
        scan: Lookup,
        from_token: Option<i64>,
        phase: Phase,
        mut findings: u64,
        check: impl Fn(Vec<Option<CqlValue>>) -> Fut + Send + Sync + 'static,
        mut fold: impl FnMut(R) -> (bool, u64),
    ) -> Result<(u64, i64)>
    where
        R: Send + 'static,
        Fut: std::future::Future<Output = Result<R>> + Send + 'static,
    {
        let ranges = plan_ranges(db, self.concurrency, self.splits, from_token);
        let events =
            scan_ranges::<Row>(db, scan, self.options, ranges, self.concurrency, from_token);
        let check = Arc::new(check);
        let mut steps = events
            .map_ok(move |event| {
                let check = check.clone();
                async move {
                    Ok(match event {
                        ScanEvent::Row(row) => Step::Row(check(row.columns).await?),
                        ScanEvent::RangeDone(done) => Step::Done(done),
                    })
                }
            })
            .try_buffered(self.concurrency * self.lookups);
        let (mut rows, mut resume_from) = (0, from_token.unwrap_or(i64::MIN));
        while let Some(step) = steps.try_next().await? {
            match step {
                Step::Row(outcome) => {
                    let (counted, found) = fold(outcome);
                    rows += u64::from(counted);
                    findings += found;
                }
                Step::Done(done) => {
                    resume_from = done.resume_from;
                    self.tell(Progress {
                        phase,
                        rows,
                        ranges_done: done.ranges_done,
                        ranges_total: done.ranges_total,
                        resume_from,
                        findings,
                    });
                }
            }
        }
        Ok((rows, resume_from))
    }

    fn tell(&self, progress: Progress) {
        if let Some(report) = &self.progress {
            report(&progress);
        }
    }
}

/// One event of a pass, after its lookups.
enum Step<R> {
    Row(R),
    Done(crate::query::RangeDone),
}

/// What the check of one base row found and wrote.
struct BaseOutcome {
    finding: Option<Finding>,
    rewrite: RepairTally,
}

/// The first findings of each kind.
struct Samples {
    per_kind: usize,
    kept: BTreeMap<u8, Vec<Finding>>,
}

impl Samples {
    fn new(per_kind: usize) -> Self {
        Samples {
            per_kind,
            kept: BTreeMap::new(),
        }
    }

    fn offer(&mut self, finding: Finding) {
        let kind = match finding {
            Finding::Missing { .. } => 0,
            Finding::Stale { .. } => 1,
            Finding::Orphan { .. } => 2,
        };
        let kept = self.kept.entry(kind).or_default();
        if kept.len() < self.per_kind {
            kept.push(finding);
        }
    }

    fn into_vec(self) -> Vec<Finding> {
        self.kept.into_values().flatten().collect()
    }
}

/// The statements of a check, in the session's cache under the view's type.
const BASE_SCAN: u8 = 0;
const VIEW_SCAN: u8 = 1;
const BASE_BY_KEY: u8 = 2;
const VIEW_BY_KEY: u8 = 3;
/// A repair's `UPDATE`, shaped by the columns it sets.
const REWRITE: u8 = 4;

fn statement<V: 'static>(which: u8) -> StatementKey {
    StatementKey::new::<V>(StatementKind::Verify(which))
}

/// What every lookup of a check shares.
struct Ctx {
    db: Session,
    def: Arc<Definition>,
    base_by_key: Arc<Prepared>,
    view_by_key: Arc<Prepared>,
    /// The key of a repair's `UPDATE` (its shape: the columns set).
    rewrite: StatementKey,
    options: StatementOptions,
    settle: Duration,
    repair: Repair,
    offset: i64,
}

impl Ctx {
    /// The first row `prepared` returns for `values`.
    async fn fetch_one(
        &self,
        prepared: &Prepared,
        values: Vec<CqlValue>,
    ) -> Result<Option<Vec<Option<CqlValue>>>> {
        let statement = self.options.apply(&prepared.statement);
        let result = exec::run(&self.db, &prepared.cql, &statement, values).await?;
        let mut rows: Vec<Row> = exec::rows(&prepared.cql, result)?;
        Ok(if rows.is_empty() {
            None
        } else {
            Some(rows.swap_remove(0).columns)
        })
    }

    fn view_key(&self, row: &[Option<CqlValue>]) -> ViewKey {
        ViewKey(
            self.def.columns[..self.def.view_key_len]
                .iter()
                .zip(row)
                .map(|(name, value)| (*name, value.clone()))
                .collect(),
        )
    }

    /// The view's columns (after the key) whose values differ.
    fn differing(&self, base: &[Option<CqlValue>], view: &[Option<CqlValue>]) -> Vec<usize> {
        (self.def.view_key_len..self.def.columns.len())
            .filter(|i| base.get(*i) != view.get(*i))
            .collect()
    }

    /// `None`: the base row produces no view row (a view key column is null).
    async fn check_base_row(&self, row: Vec<Option<CqlValue>>) -> Result<Option<BaseOutcome>> {
        let key_len = self.def.view_key_len;
        if row[..key_len].iter().any(Option::is_none) {
            return Ok(None);
        }
        let mut base = row;
        let mut attempt = 0;
        let (finding, differing) = loop {
            let key: Vec<CqlValue> = base[..key_len].iter().flatten().cloned().collect();
            let view = self.fetch_one(&self.view_by_key, key).await?;
            let (finding, differing) = match view {
                None => (
                    Finding::Missing {
                        key: self.view_key(&base),
                    },
                    None,
                ),
                Some(view) => {
                    let differing = self.differing(&base, &view);
                    if differing.is_empty() {
                        return Ok(Some(BaseOutcome {
                            finding: None,
                            rewrite: RepairTally::default(),
                        }));
                    }
                    (
                        Finding::Stale {
                            key: self.view_key(&base),
                            columns: differing.iter().map(|i| self.def.columns[*i]).collect(),
                        },
                        Some(differing),
                    )
                }
            };
            if attempt == 1 {
                break (finding, differing);
            }
            attempt += 1;
            // A write in flight: look again at both after a pause.
            tokio::time::sleep(self.settle).await;
            let key: Vec<CqlValue> = self
                .def
                .base_key
                .iter()
                .filter_map(|i| base[*i].clone())
                .collect();
            match self.fetch_one(&self.base_by_key, key).await? {
                Some(fresh) if fresh[..key_len].iter().all(Option::is_some) => base = fresh,
                // Deleted or moved meanwhile: the view pass judges what is left.
                _ => return Ok(None),
            }
        };
        let rewrite = self.rewrite(&base, differing.as_deref()).await?;
        Ok(Some(BaseOutcome {
            finding: Some(finding),
            rewrite,
        }))
    }

    /// Re-writes the cells of `base` a view row needs (`differing`: only those of
    /// a stale row), each at its own write time plus the offset (1 µs): at the
    /// same write time the cell reconciles to the stored one, the base replica
    /// sends the view no cell, and the view row stays missing (it gets only its
    /// key) or stale, as measured on the cluster (see the module docs).
    async fn rewrite(
        &self,
        base: &[Option<CqlValue>],
        differing: Option<&[usize]>,
    ) -> Result<RepairTally> {
        let mut tally = RepairTally::default();
        if self.repair == Repair::Off {
            return Ok(tally);
        }
        let n = self.def.columns.len();
        // Cells grouped by their write time: one UPDATE per distinct time.
        let mut by_time: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
        let mut unrepairable = false;
        let wanted: Vec<usize> = match differing {
            Some(columns) => columns.to_vec(),
            None => (self.def.view_key_len..n)
                .chain(
                    self.def
                        .rewritable
                        .iter()
                        .copied()
                        .filter(|i| *i < self.def.view_key_len),
                )
                .collect(),
        };
        for column in wanted {
            let Some(slot) = self.def.rewritable.iter().position(|c| *c == column) else {
                // A base key column (never differs) or a multi-cell collection.
                if !self.def.base_key.contains(&column) {
                    unrepairable = true;
                }
                continue;
            };
            match (&base[column], base.get(n + slot)) {
                (Some(_), Some(Some(CqlValue::BigInt(time)))) => {
                    by_time.entry(*time).or_default().push(column);
                }
                // No value in the base (deleted there): a stale view cell stays.
                (None, _) if differing.is_some() => unrepairable = true,
                _ => {}
            }
        }
        if by_time.is_empty() {
            tally.unrepairable = 1;
            return Ok(tally);
        }
        tally.unrepairable = u64::from(unrepairable);
        tally.rows = 1;
        for (time, columns) in by_time {
            tally.statements += 1;
            tally.cells += columns.len() as u64;
            if self.repair != Repair::Apply {
                continue;
            }
            let shape = columns.iter().map(|c| (self.def.columns[*c], 0)).collect();
            let prepared = self
                .db
                .prepared(
                    self.rewrite.with_shape(shape),
                    self.options.idempotent,
                    || self.def.rewrite(self.db.keyspace(), &columns),
                )
                .await?;
            let mut values = vec![CqlValue::BigInt(time + self.offset)];
            values.extend(columns.iter().filter_map(|c| base[*c].clone()));
            values.extend(self.def.base_key.iter().filter_map(|c| base[*c].clone()));
            let statement = self.options.apply(&prepared.statement);
            exec::run(&self.db, &prepared.cql, &statement, values).await?;
        }
        Ok(tally)
    }

    /// `Some(orphan)` when no base row explains this view row.
    async fn check_view_row(&self, row: Vec<Option<CqlValue>>) -> Result<Option<Finding>> {
        let mut attempt = 0;
        loop {
            let reason = self.orphan_reason(&row).await?;
            let Some(reason) = reason else {
                return Ok(None);
            };
            if attempt == 1 {
                return Ok(Some(Finding::Orphan {
                    key: self.view_key(&row),
                    reason,
                }));
            }
            attempt += 1;
            tokio::time::sleep(self.settle).await;
            // Gone from the view meanwhile: a view update arrived.
            let key: Vec<CqlValue> = row[..self.def.view_key_len]
                .iter()
                .flatten()
                .cloned()
                .collect();
            if self.fetch_one(&self.view_by_key, key).await?.is_none() {
                return Ok(None);
            }
        }
    }

    async fn orphan_reason(&self, row: &[Option<CqlValue>]) -> Result<Option<OrphanReason>> {
        let key_len = self.def.view_key_len;
        let base_key: Vec<CqlValue> = self
            .def
            .base_key
            .iter()
            .filter_map(|i| row[*i].clone())
            .collect();
        // A view's filter restricts only base key columns (Cassandra's rule), and a
        // base row's key never changes: a base row found by the key of a view row
        // passes the filter.
        match self.fetch_one(&self.base_by_key, base_key).await? {
            Some(base) if base[..key_len] == row[..key_len] => Ok(None),
            Some(_) => Ok(Some(OrphanReason::BaseRowHasOtherKey)),
            None => Ok(Some(OrphanReason::NoBaseRow)),
        }
    }
}
