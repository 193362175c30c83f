//! How a sync behaves: one set of options for tables, views and [`SchemaSync`](super::SchemaSync).

/// How a sync behaves: [`sync_table_with`](crate::Model::sync_table_with),
/// [`sync_view_with`](super::ViewExt::sync_view_with) and
/// [`SchemaSync::run_with`](super::SchemaSync::run_with) take the same options,
/// and each uses those that concern it.
///
/// The default creates what is missing, reports drift without repairing it, and
/// waits for new indexes to be built.
///
/// ```
/// use coodie::schema::SyncOptions;
/// let preview = SyncOptions::default().dry_run(true).recreate_views_on_drift(true);
/// assert!(preview.is_dry_run());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncOptions {
    pub(crate) dry_run: bool,
    pub(crate) fail_on_drift: bool,
    pub(crate) wait_for_indexes: bool,
    pub(crate) recreate_views_on_drift: bool,
}

impl Default for SyncOptions {
    fn default() -> Self {
        SyncOptions {
            dry_run: false,
            fail_on_drift: false,
            wait_for_indexes: true,
            recreate_views_on_drift: false,
        }
    }
}

impl SyncOptions {
    /// Work out the statements and the drift, but run nothing; the report's
    /// `executed` lists what would run.
    ///
    /// ```
    /// let preview = coodie::schema::SyncOptions::default().dry_run(true);
    /// ```
    pub fn dry_run(mut self, yes: bool) -> Self {
        self.dry_run = yes;
        self
    }

    /// Fail with [`Error::SchemaDrift`](crate::Error::SchemaDrift) (a table) or
    /// [`Error::ViewDrift`](crate::Error::ViewDrift) (a view), running nothing,
    /// when drift is found, instead of reporting it. Takes precedence over
    /// [`recreate_views_on_drift`](SyncOptions::recreate_views_on_drift).
    ///
    /// ```
    /// let strict = coodie::schema::SyncOptions::default().fail_on_drift(true);
    /// ```
    pub fn fail_on_drift(mut self, yes: bool) -> Self {
        self.fail_on_drift = yes;
        self
    }

    /// Tables: wait (up to a minute) until newly created indexes are built, so that
    /// the first query on them does not fail (default: yes).
    ///
    /// ```
    /// let fast = coodie::schema::SyncOptions::default().wait_for_indexes(false);
    /// ```
    pub fn wait_for_indexes(mut self, yes: bool) -> Self {
        self.wait_for_indexes = yes;
        self
    }

    /// Views: drop and recreate a view whose definition differs from the model
    /// (default: no, the drift is reported). The view is rebuilt from its base
    /// table in the background; until it is, reads miss rows. Tables are never
    /// dropped.
    ///
    /// ```
    /// let fix = coodie::schema::SyncOptions::default().recreate_views_on_drift(true);
    /// ```
    pub fn recreate_views_on_drift(mut self, yes: bool) -> Self {
        self.recreate_views_on_drift = yes;
        self
    }

    /// Whether this is a dry run.
    ///
    /// ```
    /// assert!(!coodie::schema::SyncOptions::default().is_dry_run());
    /// ```
    pub fn is_dry_run(&self) -> bool {
        self.dry_run
    }
}
