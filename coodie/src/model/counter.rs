//! [`Counter`]: the field type of a `counter` column.

use scylla::deserialize::value::DeserializeValue;
use scylla::deserialize::{DeserializationError, FrameSlice, TypeCheckError};
use scylla::frame::response::result::ColumnType;

use super::CqlType;

/// The value of a `counter` column: a field of this type makes the column a
/// counter, and its table a *counter table*.
///
/// A counter table holds only key columns and counters, is never written whole
/// (no `save`/`insert`: the compiler refuses), and changes its counters with
/// [`Model::update_counters`](crate::Model::update_counters)
/// (`UPDATE … SET "c" = "c" + ?`). A counter that was never incremented reads as
/// `Counter(0)` (the database returns null; a `Option<Counter>` field sees `None`).
///
/// `Counter` binds to nothing: a counter is never *set*, so
/// `T::update(key).set(|c| c.views.to(…))` does not compile on a counter column.
///
/// ```
/// use coodie::model::{Counter, CqlType};
/// assert_eq!(Counter::cql_type(), "counter");
/// assert_eq!(Counter(3).get(), 3);
/// assert_eq!(Counter::default(), Counter(0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Counter(pub i64);

impl Counter {
    /// The counter's value.
    ///
    /// ```
    /// assert_eq!(coodie::model::Counter(-2).get(), -2);
    /// ```
    pub const fn get(self) -> i64 {
        self.0
    }
}

impl From<Counter> for i64 {
    fn from(counter: Counter) -> i64 {
        counter.0
    }
}

impl PartialEq<i64> for Counter {
    fn eq(&self, other: &i64) -> bool {
        self.0 == *other
    }
}

impl std::fmt::Display for Counter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl CqlType for Counter {
    fn cql_type() -> String {
        "counter".to_string()
    }
}

impl<'f, 'm> DeserializeValue<'f, 'm> for Counter {
    fn type_check(typ: &ColumnType) -> Result<(), TypeCheckError> {
        <scylla::value::Counter as DeserializeValue<'f, 'm>>::type_check(typ)
    }

    /// A null counter (never incremented in this row) is 0.
    fn deserialize(
        typ: &'m ColumnType<'m>,
        v: Option<FrameSlice<'f>>,
    ) -> Result<Self, DeserializationError> {
        match v {
            None => Ok(Counter(0)),
            Some(_) => <scylla::value::Counter as DeserializeValue<'f, 'm>>::deserialize(typ, v)
                .map(|c| Counter(c.0)),
        }
    }
}
