//! Per-statement settings of a write: TTL, write timestamp, consistency.

use std::time::Duration;

use scylla::serialize::SerializationError;
use scylla::serialize::row::{RowSerializationContext, SerializeRow};
use scylla::serialize::writers::RowWriter;
use scylla::statement::{Consistency, SerialConsistency};

use crate::cql::ShapePart;
use crate::error::{InvalidQuery, InvalidQueryKind};
use crate::exec::StatementOptions;
use crate::{Error, Result};

fn ttl_error(message: String) -> Error {
    Error::InvalidQuery(InvalidQuery::new(InvalidQueryKind::Ttl, message))
}

/// Settings for one write: time to live, write timestamp and consistency.
///
/// TTL and timestamp are bound (`USING TTL ? AND TIMESTAMP ?`), so every TTL shares
/// one prepared statement.
///
/// ```
/// use std::time::Duration;
/// use coodie::write::WriteOptions;
/// use coodie::query::Consistency;
/// let opts = WriteOptions::new()
///     .ttl(Duration::from_secs(3600))
///     .timestamp(1_700_000_000_000_000)
///     .consistency(Consistency::Quorum);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteOptions {
    pub(crate) ttl: Option<Duration>,
    pub(crate) timestamp: Option<i64>,
    pub(crate) consistency: Option<Consistency>,
    pub(crate) serial_consistency: Option<SerialConsistency>,
    pub(crate) idempotent: Option<bool>,
}

impl WriteOptions {
    /// No TTL, the server's timestamp, the session's consistency.
    ///
    /// ```
    /// let opts = coodie::write::WriteOptions::new();
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The written cells expire after `ttl` (whole seconds, rounded up; `USING TTL`).
    ///
    /// ```
    /// let opts = coodie::write::WriteOptions::new().ttl(std::time::Duration::from_secs(60));
    /// ```
    pub fn ttl(mut self, ttl: Duration) -> Self {
        self.ttl = Some(ttl);
        self
    }

    /// The write timestamp in microseconds since the Unix epoch (`USING TIMESTAMP`):
    /// of two writes to one cell, the one with the later timestamp wins.
    ///
    /// ```
    /// let micros = chrono::Utc::now().timestamp_micros();
    /// let opts = coodie::write::WriteOptions::new().timestamp(micros);
    /// ```
    pub fn timestamp(mut self, micros: i64) -> Self {
        self.timestamp = Some(micros);
        self
    }

    /// The consistency level of the write.
    ///
    /// ```
    /// use coodie::query::Consistency;
    /// let opts = coodie::write::WriteOptions::new().consistency(Consistency::All);
    /// ```
    pub fn consistency(mut self, consistency: Consistency) -> Self {
        self.consistency = Some(consistency);
        self
    }

    /// The serial consistency of a conditional (`IF …`) write.
    ///
    /// ```
    /// use coodie::query::SerialConsistency;
    /// let opts = coodie::write::WriteOptions::new().serial_consistency(SerialConsistency::LocalSerial);
    /// ```
    pub fn serial_consistency(mut self, serial: SerialConsistency) -> Self {
        self.serial_consistency = Some(serial);
        self
    }

    /// Declares whether the write is idempotent, overriding what coodie works out
    /// from the statement (see [the rules](crate::write#idempotence)). The
    /// driver retries a failed write, and sends speculative copies of it, only
    /// when it is idempotent; declare `true` only for a write that does no harm
    /// when applied twice.
    ///
    /// ```
    /// // An `INSERT … IF NOT EXISTS` the caller is happy to see retried.
    /// let opts = coodie::write::WriteOptions::new().idempotent(true);
    /// ```
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = Some(idempotent);
        self
    }

    /// The driver settings of a write whose statement is `idempotent` unless the
    /// caller declared otherwise.
    #[inline]
    pub(crate) fn statement_options(&self, idempotent: bool) -> StatementOptions {
        StatementOptions {
            consistency: self.consistency,
            serial_consistency: self.serial_consistency,
            timestamp: None,
            page_size: None,
            idempotent: self.idempotent.unwrap_or(idempotent),
        }
    }

    /// The TTL in seconds as CQL takes it.
    fn ttl_seconds(&self) -> Result<Option<i32>> {
        self.ttl
            .map(|ttl| {
                let mut secs = ttl.as_secs();
                if ttl.subsec_nanos() > 0 {
                    secs += 1;
                }
                i32::try_from(secs)
                    .ok()
                    .filter(|s| *s <= 630_720_000)
                    .ok_or_else(|| {
                        ttl_error(format!(
                            "TTL of {secs} s is longer than CQL allows (20 years)"
                        ))
                    })
            })
            .transpose()
    }

    /// The values of the `USING` clause (TTL, then TIMESTAMP), checked: a TTL CQL
    /// cannot hold, or one on a `DELETE` (`allow_ttl` false), is refused.
    #[inline]
    pub(crate) fn using_values(&self, allow_ttl: bool) -> Result<UsingValues> {
        if self.ttl.is_none() {
            // The usual write: nothing to check, no call.
            return Ok(UsingValues {
                ttl: None,
                timestamp: self.timestamp,
            });
        }
        let ttl = self.ttl_seconds()?;
        if ttl.is_some() && !allow_ttl {
            return Err(ttl_error(
                "a DELETE cannot have a TTL; remove `.ttl(…)` from its options".into(),
            ));
        }
        Ok(UsingValues {
            ttl,
            timestamp: self.timestamp,
        })
    }

    /// The part of a statement's cache key that the `USING` clause decides: which
    /// of TTL and timestamp it has (nothing, and no allocation, without either).
    pub(crate) fn using_shape(&self) -> Vec<ShapePart> {
        let mut shape = Vec::new();
        self.push_using_shape(&mut shape);
        shape
    }

    /// Appends the part of [`using_shape`](Self::using_shape), if any, to `shape`.
    pub(crate) fn push_using_shape(&self, shape: &mut impl Extend<ShapePart>) {
        let flags = self.using_flags();
        if flags != 0 {
            shape.extend([("", flags)]);
        }
    }

    /// Whether `other`'s `USING` clause has the same text as this one's (the
    /// values may differ).
    pub(crate) fn same_using_shape(&self, other: &WriteOptions) -> bool {
        self.using_flags() == other.using_flags()
    }

    /// Which of TTL (1) and timestamp (2) the `USING` clause has.
    fn using_flags(&self) -> u8 {
        u8::from(self.ttl.is_some()) | (u8::from(self.timestamp.is_some()) << 1)
    }

    /// ` USING TTL ? AND TIMESTAMP ?` (as needed) for the statement's text; the
    /// values are [`using_values`](Self::using_values), which also rejects what the
    /// text cannot hold (a TTL on a `DELETE` shows no `TTL ?` here).
    pub(crate) fn using_clause(&self, allow_ttl: bool) -> String {
        let ttl = self.ttl.is_some() && allow_ttl;
        match (ttl, self.timestamp.is_some()) {
            (true, true) => " USING TTL ? AND TIMESTAMP ?".into(),
            (true, false) => " USING TTL ?".into(),
            (false, true) => " USING TIMESTAMP ?".into(),
            (false, false) => String::new(),
        }
    }
}

/// The values of a `USING` clause, in marker order (TTL, then TIMESTAMP), held
/// inline: a write without them binds nothing and allocates nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct UsingValues {
    ttl: Option<i32>,
    timestamp: Option<i64>,
}

impl UsingValues {
    /// How many markers they fill.
    pub(crate) fn len(&self) -> usize {
        usize::from(self.ttl.is_some()) + usize::from(self.timestamp.is_some())
    }
}

impl SerializeRow for UsingValues {
    fn serialize(
        &self,
        ctx: &RowSerializationContext<'_>,
        writer: &mut RowWriter,
    ) -> std::result::Result<(), SerializationError> {
        match (self.ttl, self.timestamp) {
            (Some(ttl), Some(micros)) => (ttl, micros).serialize(ctx, writer),
            (Some(ttl), None) => (ttl,).serialize(ctx, writer),
            (None, Some(micros)) => (micros,).serialize(ctx, writer),
            (None, None) => ().serialize(ctx, writer),
        }
    }

    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn using_clause() {
        let both = WriteOptions::new()
            .ttl(Duration::from_millis(1500))
            .timestamp(5);
        assert_eq!(both.using_clause(true), " USING TTL ? AND TIMESTAMP ?");
        assert_eq!(both.using_values(true).unwrap().len(), 2);
        assert_eq!(
            both.using_values(true).unwrap(),
            UsingValues {
                ttl: Some(2),
                timestamp: Some(5)
            }
        );
        assert_eq!(WriteOptions::new().using_clause(true), "");
        assert_eq!(WriteOptions::new().using_values(true).unwrap().len(), 0);
        assert_eq!(
            WriteOptions::new().timestamp(7).using_clause(false),
            " USING TIMESTAMP ?"
        );
        assert!(
            WriteOptions::new()
                .ttl(Duration::from_secs(1))
                .using_values(false)
                .is_err()
        );
        assert!(
            WriteOptions::new()
                .ttl(Duration::from_secs(700_000_000))
                .using_values(true)
                .is_err()
        );
    }
}
