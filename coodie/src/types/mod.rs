//! Value types for the CQL types that have no obvious Rust type of their own.
//!
//! Most columns need nothing from here: `String` is `text`, `i64` is `bigint`,
//! `chrono::DateTime<Utc>` is `timestamp` (see `coodie::model::CqlType`
//! and the README for the whole table). These are the rest:
//!
//! - [`Ascii`]: a `String` that is checked to be ASCII when it is made, for an
//!   `ascii` column;
//! - the driver's own value types, re-exported so that you need no `scylla` in
//!   your `Cargo.toml`: [`CqlDuration`] (`duration`), [`CqlTimeuuid`] (`timeuuid`,
//!   ordered as Cassandra orders time UUIDs), [`CqlDecimal`] (`decimal`) and
//!   [`CqlVarint`] (`varint`) as raw values, [`CqlDate`], [`CqlTime`],
//!   [`CqlTimestamp`] (the days, nanoseconds and milliseconds CQL stores);
//! - with the `bigdecimal` feature, `bigdecimal::BigDecimal` for `decimal`, and with
//!   the `num-bigint` feature, `num_bigint::BigInt` for `varint` (re-exported as
//!   `coodie::bigdecimal` and `coodie::num_bigint`).
//!
//! ```
//! use coodie::model::CqlType;
//! use coodie::types::{Ascii, CqlDuration, CqlTimeuuid};
//! assert_eq!(Ascii::cql_type(), "ascii");
//! assert_eq!(CqlDuration::cql_type(), "duration");
//! assert_eq!(<Vec<CqlTimeuuid>>::cql_type(), "list<timeuuid>");
//! ```

mod ascii;

pub use ascii::{Ascii, NotAscii};
pub use scylla::value::{
    CqlDate, CqlDecimal, CqlDuration, CqlTime, CqlTimestamp, CqlTimeuuid, CqlVarint,
};
