//! Which column types the aggregates take: `sum`/`avg` numbers, `min`/`max`
//! anything CQL orders (no collections).

/// A numeric column type, for `sum` and `avg`. Cassandra returns the column's own
/// type: the sum of an `int` column is an `int` (`i32`, which can overflow), of a
/// `double` a `double`.
///
/// ```
/// fn summable<V: coodie::model::Summable>() {}
/// summable::<i32>();
/// summable::<f64>();
/// ```
#[diagnostic::on_unimplemented(
    message = "`sum` and `avg` apply to numeric columns, and `{Self}` is not one",
    label = "not a numeric column",
    note = "numeric columns are i8 (tinyint), i16 (smallint), i32 (int), i64 (bigint), f32 (float) and f64 (double); `min`, `max` and `count` take other columns"
)]
pub trait Summable: Default {}

/// A column type CQL orders, for `min` and `max`: every native type, no
/// collections.
///
/// ```
/// fn comparable<V: coodie::model::Comparable>() {}
/// comparable::<String>();
/// comparable::<chrono::DateTime<chrono::Utc>>();
/// ```
#[diagnostic::on_unimplemented(
    message = "`min` and `max` apply to columns of a native CQL type, and `{Self}` is not one",
    label = "not a column `min`/`max` can compare",
    note = "collections (list, set, map) have no order for `min`/`max`; read them and compare in Rust"
)]
pub trait Comparable {}

macro_rules! impls {
    ($tr:ident: $($t:ty),*) => { $(impl $tr for $t {})* };
}

impls!(Summable: i8, i16, i32, i64, f32, f64);
impls!(Comparable: i8, i16, i32, i64, f32, f64, String, bool, uuid::Uuid,
    chrono::DateTime<chrono::Utc>, chrono::NaiveDate, chrono::NaiveTime,
    std::net::IpAddr, Vec<u8>);
