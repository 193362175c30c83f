//! The operations every library runs, with the names the tables and Python's
//! `bench.py` use.

use std::fmt;

/// One benchmarked operation.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// Insert one new document.
    Insert,
    /// Read one document by its primary key.
    Get,
    /// Read one partition of a materialized view: 100 rows.
    MvPartition,
    /// Update one field of a stored document.
    Update,
    /// Delete one stored document.
    Delete,
    /// One logged batch of 100 inserts.
    Batch,
    /// Schema sync of the base table when nothing changed.
    SyncTable,
    /// Every row of a 10,000-row view partition, page by page.
    Stream,
}

impl Op {
    /// Every operation, in table order.
    pub const ALL: [Op; 8] = [
        Op::Insert,
        Op::Get,
        Op::MvPartition,
        Op::Update,
        Op::Delete,
        Op::Batch,
        Op::SyncTable,
        Op::Stream,
    ];

    /// Whether one call is long (a batch of inserts, a whole paged stream): one
    /// untimed call warms it up, where the short operations take several.
    pub fn has_long_calls(self) -> bool {
        matches!(self, Op::Batch | Op::Stream)
    }

    /// The short name (`mv_partition`), as on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Op::Insert => "insert",
            Op::Get => "get",
            Op::MvPartition => "mv_partition",
            Op::Update => "update",
            Op::Delete => "delete",
            Op::Batch => "batch",
            Op::SyncTable => "sync_table",
            Op::Stream => "stream",
        }
    }

    /// What the operation does, for the tables.
    pub fn title(self, mv_rows: usize, stream_rows: usize, batch_size: usize) -> String {
        match self {
            Op::Insert => "insert one document".into(),
            Op::Get => "get by primary key".into(),
            Op::MvPartition => format!("read a materialized-view partition of {mv_rows} rows"),
            Op::Update => "update one field".into(),
            Op::Delete => "delete one document".into(),
            Op::Batch => format!("logged batch of {batch_size} inserts"),
            Op::SyncTable => "sync_table when nothing changed".into(),
            Op::Stream => format!("stream a {stream_rows}-row partition, paged"),
        }
    }

    /// The operation's name in `tools/python/bench.py`. Python coodie's plain
    /// `sync_table` is a per-process "already synced" lookup after its first call;
    /// `sync_table_uncached` reads the schema as the Rust libraries do.
    pub fn python_name(self) -> &'static str {
        match self {
            Op::SyncTable => "sync_table_uncached",
            other => other.name(),
        }
    }

    /// Parses a short name.
    pub fn parse(name: &str) -> Option<Op> {
        Op::ALL.into_iter().find(|op| op.name() == name)
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::Op;

    #[test]
    fn names_round_trip() {
        for op in Op::ALL {
            assert_eq!(Op::parse(op.name()), Some(op));
        }
        assert_eq!(Op::parse("nope"), None);
        assert_eq!(Op::SyncTable.python_name(), "sync_table_uncached");
    }
}
