//! What a check reports: counts, samples, repair tallies, progress.

use std::collections::BTreeMap;
use std::fmt;
use std::time::Duration;

use super::finding::Finding;

/// Whether a check repairs what it finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Repair {
    /// Only report (the default).
    #[default]
    Off,
    /// Report what a repair would write, without writing.
    DryRun,
    /// Re-write the base rows of missing and stale view rows.
    Apply,
}

/// Which pass of a check a [`Progress`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Scanning the base table, looking up each row's view row.
    Base,
    /// Scanning the view, looking up each row's base row (orphans).
    View,
}

/// How far a check is, reported after each token range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// The pass.
    pub phase: Phase,
    /// Rows checked in this pass so far.
    pub rows: u64,
    /// Ranges of this pass done, and in all.
    pub ranges_done: usize,
    /// How many ranges this pass reads.
    pub ranges_total: usize,
    /// Every token up to this one is checked in this pass: resume with
    /// [`ViewCheck::from_token`](super::ViewCheck::from_token) (base pass) or
    /// [`ViewCheck::view_from_token`](super::ViewCheck::view_from_token).
    pub resume_from: i64,
    /// Findings so far, in both passes.
    pub findings: u64,
}

/// What a repair wrote (or, in a dry run, would write).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RepairTally {
    /// The mode the check ran in.
    pub mode: Repair,
    /// Base rows re-written.
    pub rows: u64,
    /// `UPDATE` statements (one per distinct write time of a row's cells).
    pub statements: u64,
    /// Cells re-written.
    pub cells: u64,
    /// Missing or stale view rows a re-write cannot fix: a view column the base
    /// row has no value in (deleted on the base, still set in the view), or one
    /// that is a collection of many cells.
    pub unrepairable: u64,
}

/// The outcome of a check of one view.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ViewReport {
    /// The view.
    pub view: &'static str,
    /// Its base table.
    pub base: &'static str,
    /// Base rows read that the view must hold (its filter and key columns set).
    pub base_rows: u64,
    /// View rows read (0 when orphans were not looked for).
    pub view_rows: u64,
    /// View rows missing.
    pub missing: u64,
    /// View rows with other values than their base rows.
    pub stale: u64,
    /// How many stale rows differ in each column.
    pub stale_columns: BTreeMap<&'static str, u64>,
    /// View rows no base row explains.
    pub orphans: u64,
    /// The first findings of each kind (up to the check's sample size each).
    pub samples: Vec<Finding>,
    /// What the repair did.
    pub repair: RepairTally,
    /// Everything up to this base token is checked.
    pub base_resume_from: i64,
    /// Everything up to this view token is checked.
    pub view_resume_from: i64,
    /// How long the base pass took.
    pub base_elapsed: Duration,
    /// How long the view pass took.
    pub view_elapsed: Duration,
}

impl ViewReport {
    /// No finding at all.
    ///
    /// ```
    /// assert!(coodie::verify::ViewReport::default().is_clean());
    /// ```
    pub fn is_clean(&self) -> bool {
        self.missing == 0 && self.stale == 0 && self.orphans == 0
    }

    /// Every finding, in both passes.
    ///
    /// ```
    /// assert_eq!(coodie::verify::ViewReport::default().findings(), 0);
    /// ```
    pub fn findings(&self) -> u64 {
        self.missing + self.stale + self.orphans
    }

    /// Base rows checked per second in the base pass.
    ///
    /// ```
    /// let r = coodie::verify::ViewReport { base_rows: 10, base_elapsed: std::time::Duration::from_secs(2), ..Default::default() };
    /// assert_eq!(r.base_rows_per_second(), 5.0);
    /// ```
    pub fn base_rows_per_second(&self) -> f64 {
        per_second(self.base_rows, self.base_elapsed)
    }

    /// View rows checked per second in the view pass.
    ///
    /// ```
    /// assert_eq!(coodie::verify::ViewReport::default().view_rows_per_second(), 0.0);
    /// ```
    pub fn view_rows_per_second(&self) -> f64 {
        per_second(self.view_rows, self.view_elapsed)
    }

    /// Advice for the findings a re-write through the base cannot fix.
    ///
    /// ```
    /// let r = coodie::verify::ViewReport { orphans: 2, view: "v", ..Default::default() };
    /// assert!(r.advice().unwrap().contains("recreate"));
    /// ```
    pub fn advice(&self) -> Option<String> {
        if self.orphans == 0 && self.repair.unrepairable == 0 {
            return None;
        }
        Some(format!(
            "{} orphan and {} unrepairable row(s) of view `{}` cannot be fixed through the base \
             table (a view is not writable, and a base row that is gone or moved produces no \
             view update): recreate the view, which rebuilds it from the base table: \
             drop it (`drop_view`), then `sync_view` and `wait_until_built` (reads of the \
             view miss rows until the build is done; `recreate_views_on_drift` does not \
             do it, as the view's definition has not changed)",
            self.orphans, self.repair.unrepairable, self.view
        ))
    }
}

fn per_second(rows: u64, elapsed: Duration) -> f64 {
    let secs = elapsed.as_secs_f64();
    if secs > 0.0 { rows as f64 / secs } else { 0.0 }
}

impl fmt::Display for ViewReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "view {} of {}", self.view, self.base)?;
        writeln!(
            f,
            "  base rows checked  {:>10}  ({:.0} rows/s)",
            self.base_rows,
            self.base_rows_per_second()
        )?;
        writeln!(
            f,
            "  view rows checked  {:>10}  ({:.0} rows/s)",
            self.view_rows,
            self.view_rows_per_second()
        )?;
        writeln!(f, "  missing            {:>10}", self.missing)?;
        let columns: Vec<String> = self
            .stale_columns
            .iter()
            .map(|(c, n)| format!("{c}: {n}"))
            .collect();
        writeln!(
            f,
            "  stale              {:>10}  {}",
            self.stale,
            columns.join(", ")
        )?;
        writeln!(f, "  orphans            {:>10}", self.orphans)?;
        if self.repair.mode != Repair::Off {
            let verb = if self.repair.mode == Repair::Apply {
                "re-written"
            } else {
                "to re-write (dry run)"
            };
            writeln!(
                f,
                "  base rows {verb}: {} ({} statements, {} cells); unrepairable {}",
                self.repair.rows,
                self.repair.statements,
                self.repair.cells,
                self.repair.unrepairable
            )?;
        }
        for sample in &self.samples {
            writeln!(f, "  - {sample}")?;
        }
        if let Some(advice) = self.advice() {
            writeln!(f, "  {advice}")?;
        }
        Ok(())
    }
}
