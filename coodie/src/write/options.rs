//! Per-statement settings of a write: TTL, write timestamp, consistency.

use std::time::Duration;

use scylla::statement::{Consistency, SerialConsistency};

use crate::cql::ShapePart;
use crate::error::{InvalidQuery, InvalidQueryKind};
use crate::exec::StatementOptions;
use crate::expr::BoundValue;
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

    /// ` USING TTL ? AND TIMESTAMP ?` (as needed) and its values.
    pub(crate) fn using(&self, allow_ttl: bool) -> Result<(String, Vec<BoundValue>)> {
        let mut parts = Vec::new();
        let mut values = Vec::new();
        if let Some(secs) = self.ttl_seconds()? {
            if !allow_ttl {
                return Err(ttl_error(
                    "a DELETE cannot have a TTL; remove `.ttl(…)` from its options".into(),
                ));
            }
            parts.push("TTL ?");
            values.push(BoundValue::new(secs));
        }
        if let Some(micros) = self.timestamp {
            parts.push("TIMESTAMP ?");
            values.push(BoundValue::new(micros));
        }
        let clause = if parts.is_empty() {
            String::new()
        } else {
            format!(" USING {}", parts.join(" AND "))
        };
        Ok((clause, values))
    }

    /// The part of a statement's cache key that the `USING` clause decides: which
    /// of TTL and timestamp it has (nothing, and no allocation, without either).
    pub(crate) fn using_shape(&self) -> Vec<ShapePart> {
        let flags = u8::from(self.ttl.is_some()) | (u8::from(self.timestamp.is_some()) << 1);
        if flags == 0 {
            Vec::new()
        } else {
            vec![("", flags)]
        }
    }

    /// Just the clause of [`using`](Self::using), for showing a statement; options
    /// it rejects show no clause (running the statement reports the error).
    pub(crate) fn using_clause(&self, allow_ttl: bool) -> String {
        self.using(allow_ttl)
            .map(|(clause, _)| clause)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn using_clause() {
        let (clause, values) = WriteOptions::new()
            .ttl(Duration::from_millis(1500))
            .timestamp(5)
            .using(true)
            .unwrap();
        assert_eq!(clause, " USING TTL ? AND TIMESTAMP ?");
        assert_eq!(values.len(), 2);
        assert_eq!(WriteOptions::new().using(true).unwrap().0, "");
        assert!(
            WriteOptions::new()
                .ttl(Duration::from_secs(1))
                .using(false)
                .is_err()
        );
        assert!(
            WriteOptions::new()
                .ttl(Duration::from_secs(700_000_000))
                .using(true)
                .is_err()
        );
    }
}
