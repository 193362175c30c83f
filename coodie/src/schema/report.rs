//! What a sync did: one report per table and per view, in the same words.

use crate::model::drift::Drift;

/// What syncing a table did (or, on a dry run, would do) and the drift it found.
///
/// ```no_run
/// # use coodie::prelude::*;
/// # async fn demo<T: Document>(db: &coodie::Session) -> coodie::Result<()> {
/// let report = T::sync_table(db).await?;
/// for statement in report.ran() {
///     println!("ran: {statement}");
/// }
/// for drift in &report.drift {
///     println!("drift: {drift}");
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncReport {
    /// `keyspace.table`.
    pub table: String,
    /// Whether the table did not exist (and was, or on a dry run would be, created).
    pub created: bool,
    /// The statements run, in order; on a dry run, the statements that would run.
    pub executed: Vec<String>,
    /// Whether this was a dry run (nothing was executed).
    pub dry_run: bool,
    /// Differences sync does not repair; the data is left alone.
    pub drift: Vec<Drift>,
}

impl SyncReport {
    /// Whether the database already matched the model: nothing to run, no drift.
    ///
    /// ```
    /// assert!(coodie::schema::SyncReport::default().is_in_sync());
    /// ```
    pub fn is_in_sync(&self) -> bool {
        self.executed.is_empty() && self.drift.is_empty()
    }

    /// The statements that really ran: none on a dry run.
    ///
    /// ```
    /// assert!(coodie::schema::SyncReport::default().ran().is_empty());
    /// ```
    pub fn ran(&self) -> &[String] {
        if self.dry_run { &[] } else { &self.executed }
    }
}

/// What sync found and did (or, on a dry run, would do) to one view.
///
/// ```no_run
/// # use coodie::prelude::*;
/// # use coodie::schema::ViewOutcome;
/// # async fn demo<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
/// match V::sync_view(db).await?.outcome {
///     ViewOutcome::Created => println!("created; it fills from the base in the background"),
///     ViewOutcome::UpToDate => {}
///     ViewOutcome::Drifted => println!("differs from the model; left as it is"),
///     ViewOutcome::Recreated => println!("dropped and created again"),
///     _ => {}
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ViewOutcome {
    /// The view did not exist and is created.
    Created,
    /// The view matches the model; nothing to do.
    UpToDate,
    /// The view differs from the model and is left as it is (see
    /// [`ViewSyncReport::drift`]).
    Drifted,
    /// The view differed from the model and is dropped and created again.
    Recreated,
}

/// What syncing one view did: its drift and the statements run (or planned, on a
/// dry run).
///
/// ```
/// use coodie::schema::{ViewOutcome, ViewSyncReport};
/// let report = ViewSyncReport {
///     view: "viewdemo.products_by_category".into(),
///     outcome: ViewOutcome::UpToDate,
///     drift: vec![],
///     executed: vec![],
///     dry_run: false,
/// };
/// assert!(report.is_in_sync());
/// assert!(report.ran().is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewSyncReport {
    /// The view, as `keyspace.view`.
    pub view: String,
    /// What sync found and did.
    pub outcome: ViewOutcome,
    /// Every difference between the view in the database and the model, found
    /// before any statement ran (empty when the view was missing or matched).
    pub drift: Vec<Drift>,
    /// The statements run, in order; on a dry run, the statements that would run.
    pub executed: Vec<String>,
    /// Whether this was a dry run (nothing was executed).
    pub dry_run: bool,
}

impl ViewSyncReport {
    /// Whether the view already matched the model: nothing to run, no drift.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # async fn demo<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
    /// V::sync_view(db).await?;
    /// assert!(V::sync_view(db).await?.is_in_sync(), "a second sync runs nothing");
    /// # Ok(()) }
    /// ```
    pub fn is_in_sync(&self) -> bool {
        self.executed.is_empty() && self.drift.is_empty()
    }

    /// The statements that really ran: none on a dry run.
    ///
    /// ```no_run
    /// # use coodie::prelude::*;
    /// # use coodie::schema::SyncOptions;
    /// # async fn demo<V: MaterializedView>(db: &coodie::Session) -> coodie::Result<()> {
    /// let plan = V::sync_view_with(db, SyncOptions::default().dry_run(true)).await?;
    /// assert!(plan.ran().is_empty());
    /// println!("would run {:?}", plan.executed);
    /// # Ok(()) }
    /// ```
    pub fn ran(&self) -> &[String] {
        if self.dry_run { &[] } else { &self.executed }
    }
}
