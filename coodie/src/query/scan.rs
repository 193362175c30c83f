//! Full-table scans by token ranges, streamed with bounded concurrency.

use std::marker::PhantomData;

use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};
use scylla::deserialize::row::DeserializeRow;
use scylla::statement::Consistency;

use super::row_stream::RowStream;
use super::token_range::{TokenRange, node_count, ring_ranges};
use crate::cql::token::select_token_range;
use crate::exec::StatementOptions;
use crate::ident;
use crate::model::Table;
use crate::session::{Lookup, StatementKey, StatementKind};
use crate::{Result, Session};

/// The default number of ranges read at once.
const DEFAULT_CONCURRENCY: usize = 8;

/// A full scan of table (or view) `T` the way Spark's connector and `dsbulk` read
/// a table: the ring is split into token ranges (every vnode range of every node
/// the driver knows, each split further), and the ranges are read with bounded
/// concurrency, each one page by page, so rows are streamed and never all held in
/// memory, and every node serves its share. Reached as `T::scan()`.
///
/// Rows come in no particular order (ranges finish in any order). A scan can be
/// resumed: [`events`](Scan::events) reports, after each range, the token up to
/// which every range is done; [`from_token`](Scan::from_token) starts after it.
///
/// ```no_run
/// # use coodie::prelude::*;
/// use futures::TryStreamExt;
/// # #[derive(Document, Debug, Clone)]
/// # #[coodie(table = "readings")]
/// # pub struct Reading { #[coodie(partition_key)] pub sensor: String, pub value: f64 }
/// # async fn demo(db: &coodie::Session) -> coodie::Result<()> {
/// let mut rows = Reading::scan().concurrency(8).stream(db);
/// let mut total = 0.0;
/// while let Some(reading) = rows.try_next().await? {
///     total += reading.value;
/// }
///
/// // Resumable: remember `resume_from` as ranges finish, start after it later.
/// let mut events = Reading::scan().from_token(-42).events(db);
/// while let Some(event) = events.try_next().await? {
///     match event {
///         ScanEvent::Row(reading) => { /* … */ }
///         ScanEvent::RangeDone(done) => println!("done up to token {}", done.resume_from),
///     }
/// }
/// # Ok(()) }
/// ```
pub struct Scan<T: Table> {
    concurrency: usize,
    splits: Option<usize>,
    from_token: Option<i64>,
    options: StatementOptions,
    _table: PhantomData<fn() -> T>,
}

impl<T: Table> Clone for Scan<T> {
    fn clone(&self) -> Self {
        Scan { ..*self }
    }
}

impl<T: Table> std::fmt::Debug for Scan<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scan")
            .field("table", &T::NAME)
            .field("concurrency", &self.concurrency)
            .field("splits", &self.splits)
            .field("from_token", &self.from_token)
            .finish()
    }
}

impl<T: Table> Default for Scan<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Table> Scan<T> {
    /// A scan of every row of `T`; usually reached as `T::scan()`.
    ///
    /// ```
    /// # use coodie::prelude::*;
    /// # fn demo<T: Table>() {
    /// let scan = coodie::query::Scan::<T>::new();
    /// # }
    /// ```
    pub fn new() -> Self {
        Scan {
            concurrency: DEFAULT_CONCURRENCY,
            splits: None,
            from_token: None,
            options: StatementOptions::read(),
            _table: PhantomData,
        }
    }

    super::ring_setters::ring_reader_setters!("# fn demo<T: Table>() {", "T::scan()");

    /// Reads only the partitions whose token is after `token`: resumes a scan
    /// from a [`RangeDone::resume_from`].
    ///
    /// ```
    /// # use coodie::prelude::*;
    /// # fn demo<T: Table>() {
    /// let rest = T::scan().from_token(1_234_567);
    /// # }
    /// ```
    pub fn from_token(mut self, token: i64) -> Self {
        self.from_token = Some(token);
        self
    }

    /// Rows per page of each range read (default: the driver's, 5000).
    ///
    /// ```
    /// # use coodie::prelude::*;
    /// # fn demo<T: Table>() {
    /// let scan = T::scan().page_size(1000);
    /// # }
    /// ```
    pub fn page_size(mut self, n: u32) -> Self {
        self.options.page_size = Some(i32::try_from(n.max(1)).unwrap_or(i32::MAX));
        self
    }

    /// The token ranges this scan reads, in token order: the ring's ranges split
    /// [`splits`](Scan::splits) times, cut at [`from_token`](Scan::from_token).
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # fn demo<T: Table>(db: &coodie::Session) {
    /// let ranges = T::scan().ranges(db);
    /// assert_eq!(ranges.last().unwrap().end, i64::MAX);
    /// # }
    /// ```
    pub fn ranges(&self, db: &Session) -> Vec<TokenRange> {
        plan_ranges(db, self.concurrency, self.splits, self.from_token)
    }

    /// Every row, as a stream that reads ranges as it is consumed.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// use futures::TryStreamExt;
    /// # async fn demo<T: Table>(db: &coodie::Session) -> coodie::Result<()> {
    /// let n = T::scan().stream(db).try_fold(0u64, |n, _| async move { Ok(n + 1) }).await?;
    /// # Ok(()) }
    /// ```
    pub fn stream(&self, db: &Session) -> BoxStream<'static, Result<T>> {
        self.events(db)
            .try_filter_map(|event| async move {
                Ok(match event {
                    ScanEvent::Row(row) => Some(row),
                    ScanEvent::RangeDone(_) => None,
                })
            })
            .boxed()
    }

    /// Every row, and after each range a [`RangeDone`] with the progress and the
    /// token to resume from.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// use futures::TryStreamExt;
    /// # async fn demo<T: Table>(db: &coodie::Session) -> coodie::Result<()> {
    /// let mut events = T::scan().events(db);
    /// while let Some(event) = events.try_next().await? {
    ///     if let ScanEvent::RangeDone(done) = event {
    ///         println!("{}/{} ranges", done.ranges_done, done.ranges_total);
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub fn events(&self, db: &Session) -> BoxStream<'static, Result<ScanEvent<T>>> {
        let key = StatementKey::new::<T>(StatementKind::Scan);
        let lookup = db.look_up(key, self.options.idempotent, || {
            let selection = ident::column_list(T::COLUMN_NAMES);
            select_token_range(T::schema(), db.keyspace(), &selection, None)
        });
        let ranges = self.ranges(db);
        scan_ranges(
            db,
            lookup,
            self.options,
            ranges,
            self.concurrency,
            self.from_token,
        )
    }
}

/// The ranges of a scan with `concurrency` readers: the ring's ranges, each split
/// `splits` times (default: enough for four ranges per reader, or per node), cut
/// at `from_token`.
pub(crate) fn plan_ranges(
    db: &Session,
    concurrency: usize,
    splits: Option<usize>,
    from_token: Option<i64>,
) -> Vec<TokenRange> {
    let ring = ring_ranges(db);
    let wanted = 4 * concurrency.max(node_count(db));
    let splits = splits.unwrap_or_else(|| wanted.div_ceil(ring.len().max(1)));
    ring.iter()
        .flat_map(|r| r.split(splits))
        .filter_map(|r| match from_token {
            Some(token) => r.after(token),
            None => Some(r),
        })
        .collect()
}

/// What a scan yields: a row, or the end of one token range.
#[derive(Debug, Clone)]
pub enum ScanEvent<R> {
    /// One row.
    Row(R),
    /// One range has been read completely.
    RangeDone(RangeDone),
}

/// The end of one range of a scan, with the scan's progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RangeDone {
    /// The range that was read.
    pub range: TokenRange,
    /// How many rows it held.
    pub rows: u64,
    /// Every partition whose token is at most this one has been read: a scan
    /// started again with [`Scan::from_token`] of it misses nothing.
    pub resume_from: i64,
    /// How many ranges are done.
    pub ranges_done: usize,
    /// How many ranges the scan reads.
    pub ranges_total: usize,
}

/// What the readers of the ranges yield: rows and ends, tagged with the range.
enum Tagged<R> {
    Row(usize, R),
    Done(usize),
}

/// Reads `ranges` with the statement of `lookup` (from the session's cache;
/// its two first markers are a range's bounds), `concurrency` at a time, each
/// one as a [`RowStream`]; rows are typed as `R`. The stream ends a
/// range's reader at its first error, so that range is never reported done.
pub(crate) fn scan_ranges<R>(
    db: &Session,
    lookup: Lookup,
    options: StatementOptions,
    ranges: Vec<TokenRange>,
    concurrency: usize,
    from_token: Option<i64>,
) -> BoxStream<'static, Result<ScanEvent<R>>>
where
    R: for<'f, 'm> DeserializeRow<'f, 'm> + Send + 'static,
{
    let total = ranges.len();
    let readers = {
        let (db, ranges) = (db.clone(), ranges.clone());
        stream::iter(ranges.into_iter().enumerate()).map(move |(index, range)| {
            read_range::<R>(db.clone(), lookup.clone(), options, index, range)
        })
    };
    let mut progress = Progress {
        rows: vec![0; total],
        done: vec![false; total],
        next_undone: 0,
        done_count: 0,
        resume_from: from_token.unwrap_or(super::token_range::MIN_TOKEN),
    };
    readers
        .flatten_unordered(concurrency.max(1))
        .map_ok(move |tagged| match tagged {
            Tagged::Row(index, row) => {
                progress.rows[index] += 1;
                ScanEvent::Row(row)
            }
            Tagged::Done(index) => {
                progress.finish(index, &ranges);
                ScanEvent::RangeDone(RangeDone {
                    range: ranges[index],
                    rows: progress.rows[index],
                    resume_from: progress.resume_from,
                    ranges_done: progress.done_count,
                    ranges_total: total,
                })
            }
        })
        .boxed()
}

/// Which ranges are done, and up to where the ring is read without a gap.
struct Progress {
    rows: Vec<u64>,
    done: Vec<bool>,
    next_undone: usize,
    done_count: usize,
    resume_from: i64,
}

impl Progress {
    fn finish(&mut self, index: usize, ranges: &[TokenRange]) {
        self.done[index] = true;
        self.done_count += 1;
        while self.next_undone < self.done.len() && self.done[self.next_undone] {
            self.resume_from = ranges[self.next_undone].end;
            self.next_undone += 1;
        }
    }
}

/// The rows of one range, then its end; after an error, nothing more.
fn read_range<R>(
    db: Session,
    lookup: Lookup,
    options: StatementOptions,
    index: usize,
    range: TokenRange,
) -> BoxStream<'static, Result<Tagged<R>>>
where
    R: for<'f, 'm> DeserializeRow<'f, 'm> + Send + 'static,
{
    let rows = RowStream::<R>::new(db, Ok((lookup, (range.start, range.end))), options)
        .map_ok(move |row| Tagged::Row(index, row));
    rows.chain(stream::once(async move { Ok(Tagged::Done(index)) }))
        .scan(false, |failed, item| {
            let out = match (&item, *failed) {
                (_, true) => None,
                (Err(_), false) => {
                    *failed = true;
                    Some(item)
                }
                (Ok(_), false) => Some(item),
            };
            futures::future::ready(out)
        })
        .boxed()
}
