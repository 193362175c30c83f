//! Property tests: arbitrary values of every mapped type are stored and read back
//! exactly, always through bound values. Strings include quotes, CQL such as
//! `'; DROP TABLE products; --`, control characters, unicode and text of up to
//! about a megabyte; they are also used as partition and clustering keys, so they
//! travel in `WHERE` clauses too.
//!
//! Adding a type is one line in the `round_trip!` table below: a module name, a
//! table name, the Rust type, the strategy for its values, the strategy for the
//! `Some` of its optional column, and how two values are compared.
//!
//! `PROPTEST_CASES` sets the cases per type (default 64 here). `decimal` and
//! `varint` use coodie's `bigdecimal` and `num-bigint` features, which coodie's
//! tests enable.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::net::IpAddr;
use std::sync::{LazyLock, OnceLock};

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};
use coodie::Session;
use coodie::bigdecimal::BigDecimal;
use coodie::num_bigint::BigInt;
use coodie::prelude::*;
use coodie::scylla::value::{CqlDuration, CqlTimeuuid};
use coodie::types::Ascii;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use uuid::Uuid;

const KS: &str = "coodie_proptest_values";

static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime")
});

/// The keyspace is kept between runs (every row has a fresh random key, so old
/// rows change nothing); only created when missing, which spares a busy shared
/// node a `DROP KEYSPACE`.
static DB: LazyLock<Session> = LazyLock::new(|| {
    RUNTIME.block_on(async {
        let db = coodie_test_support::connect(KS).await;
        db.create_keyspace(KS, &coodie::Replication::Simple(1))
            .await
            .unwrap_or_else(|e| panic!("creating keyspace {KS}: {e}"));
        db
    })
});

fn db() -> &'static Session {
    &DB
}

/// Cases per property: `PROPTEST_CASES`, else 64 (each case is two round trips).
fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(64),
        ..ProptestConfig::default()
    }
}

/// Strings that have broken string-built queries somewhere.
const HOSTILE: &[&str] = &[
    "",
    "'",
    "''",
    "\"",
    "'; DROP TABLE products; --",
    "x'); DROP KEYSPACE coodie_proptest_values; --",
    "\\",
    "\\'",
    "\0",
    "nul\0inside",
    "?",
    ":name",
    "%s %d {} {0}",
    "$$ dollar quoted $$",
    "/* comment */ --",
    "<script>alert('x')</script>",
    "\u{FEFF}byte order mark",
    "\u{202E}right-to-left override",
    "e\u{301}\u{301}\u{301} combining",
    "日本語 中文 한국어 العربية עברית",
    "🚀👩‍👩‍👧‍👦🏳️‍🌈",
    "\u{10FFFF}\u{E000}",
    "line\nbreak\r\ntab\t",
];

/// Arbitrary text: any unicode string, a hostile one, or a long one (up to ~1 MB).
fn text() -> impl Strategy<Value = String> {
    text_up_to(1_000_000)
}

/// Arbitrary text, the long ones up to about `bytes` bytes.
fn text_up_to(bytes: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        5 => any::<String>(),
        3 => prop::sample::select(HOSTILE).prop_map(String::from),
        1 => (any::<String>(), 1..bytes).prop_map(|(unit, bytes)| long(&unit, bytes)),
    ]
}

/// Text that Cassandra takes as a key: not empty, at most 64 KiB (its key limit).
fn key_text() -> impl Strategy<Value = String> {
    prop_oneof![
        5 => any::<String>(),
        3 => prop::sample::select(HOSTILE).prop_map(String::from),
        1 => (any::<String>(), 1usize..60_000).prop_map(|(unit, bytes)| long(&unit, bytes)),
    ]
    .prop_filter("a key is not empty", |s| !s.is_empty())
}

/// `unit` repeated to about `bytes` bytes.
fn long(unit: &str, bytes: usize) -> String {
    let unit = if unit.is_empty() { "ß'" } else { unit };
    unit.repeat(bytes / unit.len() + 1)
}

fn uuid() -> impl Strategy<Value = Uuid> {
    any::<u128>().prop_map(Uuid::from_u128)
}

/// Any millisecond chrono can represent (Cassandra's `timestamp` is milliseconds).
fn timestamp() -> impl Strategy<Value = DateTime<Utc>> {
    let min = DateTime::<Utc>::MIN_UTC.timestamp_millis();
    let max = DateTime::<Utc>::MAX_UTC.timestamp_millis();
    prop_oneof![
        (min..=max).prop_map(|ms| DateTime::from_timestamp_millis(ms).expect("in range")),
        prop::sample::select(vec![min, -1, 0, 1, max])
            .prop_map(|ms| DateTime::from_timestamp_millis(ms).expect("in range")),
    ]
}

/// Any date chrono can represent (all within Cassandra's `date`).
fn date() -> impl Strategy<Value = NaiveDate> {
    (NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce())
        .prop_map(|d| NaiveDate::from_num_days_from_ce_opt(d).expect("in range"))
}

/// Any nanosecond of a day (Cassandra's `time`; no leap second).
fn time() -> impl Strategy<Value = NaiveTime> {
    (0u32..86_400, 0u32..1_000_000_000)
        .prop_map(|(s, n)| NaiveTime::from_num_seconds_from_midnight_opt(s, n).expect("in range"))
}

fn bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => prop::collection::vec(any::<u8>(), 0..256),
        1 => prop::collection::vec(any::<u8>(), 0..200_000),
    ]
}

/// `ascii`: any 7-bit text.
fn ascii() -> impl Strategy<Value = Ascii> {
    "[\\x00-\\x7F]{0,200}".prop_map(|s| Ascii::new(s).expect("7-bit"))
}

/// `timeuuid`: a version-1 UUID (Cassandra refuses others) with arbitrary bits.
fn timeuuid() -> impl Strategy<Value = CqlTimeuuid> {
    any::<[u8; 16]>().prop_map(|b| {
        let u = uuid::Builder::from_bytes(b)
            .with_version(uuid::Version::Mac)
            .with_variant(uuid::Variant::RFC4122)
            .into_uuid();
        CqlTimeuuid::from(u)
    })
}

/// `duration`: months, days and nanoseconds, all of one sign (Cassandra's rule).
fn duration() -> impl Strategy<Value = CqlDuration> {
    (any::<bool>(), 0..=i32::MAX, 0..=i32::MAX, 0..=i64::MAX).prop_map(|(neg, m, d, n)| {
        let sign = if neg { -1 } else { 1 };
        CqlDuration {
            months: sign * m,
            days: sign * d,
            nanoseconds: sign as i64 * n,
        }
    })
}

/// `varint`: any `i128`, or up to 64 bytes of two's complement.
fn varint() -> impl Strategy<Value = BigInt> {
    prop_oneof![
        any::<i128>().prop_map(BigInt::from),
        prop::collection::vec(any::<u8>(), 1..64).prop_map(|b| BigInt::from_signed_bytes_be(&b)),
    ]
}

/// `decimal`: an unscaled varint and a scale (an `i32` in the protocol).
fn decimal() -> impl Strategy<Value = BigDecimal> {
    (varint(), -10_000i64..10_000).prop_map(|(unscaled, scale)| BigDecimal::new(unscaled, scale))
}

/// Equal, and for floats equal bit for bit (so `-0.0` stays `-0.0`), any NaN
/// counting as NaN.
fn same_f64(a: &f64, b: &f64) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

fn same_f32(a: &f32, b: &f32) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

fn equal<T: PartialEq>(a: &T, b: &T) -> bool {
    a == b
}

/// For each type: a table with the value, and an optional column of the same type
/// that is `None` or holds a value of `$some` (collections: non-empty, because
/// Cassandra stores an empty collection as no value at all).
macro_rules! round_trip {
    ($($name:ident ($table:tt): $ty:ty = $value:expr, some = $some:expr, same = $same:expr;)*) => {$(
        mod $name {
            use super::*;

            #[derive(Document, Debug, Clone, PartialEq)]
            #[coodie(table = $table)]
            pub struct Row {
                #[coodie(partition_key)]
                pub id: Uuid,
                pub value: $ty,
                pub maybe: Option<$ty>,
            }

            static SYNCED: OnceLock<()> = OnceLock::new();

            proptest! {
                #![proptest_config(config())]
                #[test]
                fn is_stored_and_read_back_exactly(
                    value in $value,
                    maybe in proptest::option::of($some),
                ) {
                    let db = db();
                    SYNCED.get_or_init(|| {
                        RUNTIME.block_on(Row::sync_table(db)).expect("sync the table");
                    });
                    let row = Row { id: Uuid::new_v4(), value, maybe };
                    let back = RUNTIME
                        .block_on(async {
                            row.save(db).await?;
                            Row::get(db, row.id).await
                        })
                        .map_err(|e| TestCaseError::fail(format!("{e}")))?
                        .ok_or_else(|| TestCaseError::fail("the row is gone"))?;
                    let same = $same;
                    prop_assert!(same(&row.value, &back.value), "stored {:?}, read {:?}", row.value, back.value);
                    let maybe_same = match (&row.maybe, &back.maybe) {
                        (None, None) => true,
                        (Some(a), Some(b)) => same(a, b),
                        _ => false,
                    };
                    prop_assert!(maybe_same, "stored {:?}, read {:?}", row.maybe, back.maybe);
                }
            }
        }
    )*};
}

round_trip! {
    text_values ("rt_text"): String = text(), some = text(), same = equal::<String>;
    tinyint_values ("rt_tinyint"): i8 = any::<i8>(), some = any::<i8>(), same = equal::<i8>;
    smallint_values ("rt_smallint"): i16 = any::<i16>(), some = any::<i16>(), same = equal::<i16>;
    int_values ("rt_int"): i32 = any::<i32>(), some = any::<i32>(), same = equal::<i32>;
    bigint_values ("rt_bigint"): i64 = any::<i64>(), some = any::<i64>(), same = equal::<i64>;
    float_values ("rt_float"): f32 = any::<f32>(), some = any::<f32>(), same = same_f32;
    double_values ("rt_double"): f64 = any::<f64>(), some = any::<f64>(), same = same_f64;
    boolean_values ("rt_boolean"): bool = any::<bool>(), some = any::<bool>(), same = equal::<bool>;
    uuid_values ("rt_uuid"): Uuid = uuid(), some = uuid(), same = equal::<Uuid>;
    timestamp_values ("rt_timestamp"): DateTime<Utc> = timestamp(), some = timestamp(), same = equal::<DateTime<Utc>>;
    date_values ("rt_date"): NaiveDate = date(), some = date(), same = equal::<NaiveDate>;
    time_values ("rt_time"): NaiveTime = time(), some = time(), same = equal::<NaiveTime>;
    blob_values ("rt_blob"): Vec<u8> = bytes(), some = bytes(), same = equal::<Vec<u8>>;
    inet_values ("rt_inet"): IpAddr = any::<IpAddr>(), some = any::<IpAddr>(), same = equal::<IpAddr>;
    list_of_text ("rt_list_text"): Vec<String> = prop::collection::vec(text_up_to(20_000), 0..16),
        some = prop::collection::vec(text_up_to(20_000), 1..16), same = equal::<Vec<String>>;
    list_of_double ("rt_list_double"): Vec<f64> = prop::collection::vec(any::<f64>(), 0..16),
        some = prop::collection::vec(any::<f64>(), 1..16),
        same = |a: &Vec<f64>, b: &Vec<f64>| a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_f64(x, y));
    set_of_text ("rt_set_text"): HashSet<String> = prop::collection::hash_set(key_text(), 0..16),
        some = prop::collection::hash_set(key_text(), 1..16), same = equal::<HashSet<String>>;
    set_of_bigint ("rt_set_bigint"): BTreeSet<i64> = prop::collection::btree_set(any::<i64>(), 0..16),
        some = prop::collection::btree_set(any::<i64>(), 1..16), same = equal::<BTreeSet<i64>>;
    map_text_to_int ("rt_map_text_int"): HashMap<String, i32> = prop::collection::hash_map(key_text(), any::<i32>(), 0..16),
        some = prop::collection::hash_map(key_text(), any::<i32>(), 1..16), same = equal::<HashMap<String, i32>>;
    ascii_values ("rt_ascii"): Ascii = ascii(), some = ascii(), same = equal::<Ascii>;
    timeuuid_values ("rt_timeuuid"): CqlTimeuuid = timeuuid(), some = timeuuid(), same = equal::<CqlTimeuuid>;
    duration_values ("rt_duration"): CqlDuration = duration(), some = duration(), same = equal::<CqlDuration>;
    varint_values ("rt_varint"): BigInt = varint(), some = varint(), same = equal::<BigInt>;
    decimal_values ("rt_decimal"): BigDecimal = decimal(), some = decimal(),
        same = |a: &BigDecimal, b: &BigDecimal| a.as_bigint_and_exponent() == b.as_bigint_and_exponent();
    tuple_values ("rt_tuple"): (i32, String) = (any::<i32>(), text_up_to(20_000)),
        some = (any::<i32>(), text_up_to(20_000)), same = equal::<(i32, String)>;
    list_of_tuples ("rt_list_tuples"): Vec<(i64, String)> = prop::collection::vec((any::<i64>(), text_up_to(1_000)), 0..8),
        some = prop::collection::vec((any::<i64>(), text_up_to(1_000)), 1..8), same = equal::<Vec<(i64, String)>>;
    map_uuid_to_text ("rt_map_uuid_text"): BTreeMap<Uuid, String> = prop::collection::btree_map(uuid(), text_up_to(20_000), 0..8),
        some = prop::collection::btree_map(uuid(), text_up_to(20_000), 1..8), same = equal::<BTreeMap<Uuid, String>>;
}

/// Text as partition and clustering key: bound in `INSERT` and in `WHERE`.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "rt_text_keys")]
pub struct TextKeys {
    #[coodie(partition_key)]
    pub k: String,
    #[coodie(clustering_key)]
    pub c: String,
    pub v: String,
}

static TEXT_KEYS: OnceLock<()> = OnceLock::new();

proptest! {
    #![proptest_config(config())]
    #[test]
    fn text_keys_find_exactly_their_row(k in key_text(), c in key_text(), v in text()) {
        let db = db();
        TEXT_KEYS.get_or_init(|| {
            RUNTIME.block_on(TextKeys::sync_table(db)).expect("sync the table");
        });
        let row = TextKeys { k: k.clone(), c: c.clone(), v };
        let (partition, exact) = RUNTIME
            .block_on(async {
                row.save(db).await?;
                let partition = TextKeys::find().filter(|t| t.k.eq(k.clone())).all(db).await?;
                let exact = TextKeys::find()
                    .filter(|t| t.k.eq(k.clone()))
                    .filter(|t| t.c.eq(c.clone()))
                    .all(db)
                    .await?;
                Ok::<_, coodie::Error>((partition, exact))
            })
            .map_err(|e| TestCaseError::fail(format!("{e}")))?;
        prop_assert!(partition.contains(&row), "partition {k:?} lacks the row");
        prop_assert!(partition.iter().all(|r| r.k == k), "a row of another partition");
        prop_assert_eq!(exact, vec![row]);
    }
}
