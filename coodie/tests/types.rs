//! Every CQL type coodie maps, written and read back on the real node: the
//! extremes of each (min/max integers, NaN and infinities, a 1 MiB blob, unicode
//! text), `None`, empty collections, nested and frozen collections, tuples.
//! Each table also checks the CQL type `sync_table` created, as Cassandra lists it.
// A tuple of eight column types is the point of one field here; `3.14159` is a
// value, not a use of PI.
#![allow(clippy::type_complexity, clippy::approx_constant)]

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use coodie::bigdecimal::BigDecimal;
use coodie::num_bigint::BigInt;
use coodie::prelude::*;
use coodie::types::{Ascii, CqlDecimal, CqlDuration, CqlTimeuuid, CqlVarint};
use coodie_test_support::fresh_keyspace;
use uuid::Uuid;

/// One column of every scalar type, each optional so that a row can be all `None`.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "scalars")]
struct Scalars {
    #[coodie(partition_key)]
    id: i32,
    ascii: Option<Ascii>,
    text: Option<String>,
    tiny: Option<i8>,
    small: Option<i16>,
    int: Option<i32>,
    big: Option<i64>,
    float: Option<f32>,
    double: Option<f64>,
    boolean: Option<bool>,
    uuid: Option<Uuid>,
    timeuuid: Option<CqlTimeuuid>,
    #[coodie(timeuuid)]
    timeuuid_as_uuid: Option<Uuid>,
    timestamp: Option<DateTime<Utc>>,
    date: Option<NaiveDate>,
    time: Option<NaiveTime>,
    blob: Option<Vec<u8>>,
    inet: Option<IpAddr>,
    duration: Option<CqlDuration>,
    decimal: Option<CqlDecimal>,
    varint: Option<CqlVarint>,
    big_decimal: Option<BigDecimal>,
    big_int: Option<BigInt>,
}

/// The CQL type of every column, as `system_schema.columns` lists it.
const SCALAR_TYPES: &[(&str, &str)] = &[
    ("id", "int"),
    ("ascii", "ascii"),
    ("text", "text"),
    ("tiny", "tinyint"),
    ("small", "smallint"),
    ("int", "int"),
    ("big", "bigint"),
    ("float", "float"),
    ("double", "double"),
    ("boolean", "boolean"),
    ("uuid", "uuid"),
    ("timeuuid", "timeuuid"),
    ("timeuuid_as_uuid", "timeuuid"),
    ("timestamp", "timestamp"),
    ("date", "date"),
    ("time", "time"),
    ("blob", "blob"),
    ("inet", "inet"),
    ("duration", "duration"),
    ("decimal", "decimal"),
    ("varint", "varint"),
    ("big_decimal", "decimal"),
    ("big_int", "varint"),
];

/// A time UUID (version 1) from its 60-bit timestamp.
fn timeuuid(ticks: u64, node: u8) -> Uuid {
    let time_low = (ticks & 0xFFFF_FFFF) as u32;
    let time_mid = ((ticks >> 32) & 0xFFFF) as u16;
    let time_hi = (((ticks >> 48) & 0x0FFF) as u16) | 0x1000;
    Uuid::from_fields(time_low, time_mid, time_hi, &[0x80, 0, 0, 0, 0, 0, 0, node])
}

fn decimal(text: &str) -> BigDecimal {
    text.parse().expect("a decimal")
}

fn scalars_min() -> Scalars {
    Scalars {
        id: 1,
        ascii: Some(Ascii::new("").unwrap()),
        text: Some(String::new()),
        tiny: Some(i8::MIN),
        small: Some(i16::MIN),
        int: Some(i32::MIN),
        big: Some(i64::MIN),
        float: Some(f32::MIN),
        double: Some(f64::MIN),
        boolean: Some(false),
        uuid: Some(Uuid::nil()),
        timeuuid: Some(CqlTimeuuid::from(timeuuid(0, 0))),
        timeuuid_as_uuid: Some(timeuuid(1, 1)),
        // The smallest timestamp chrono and CQL share: year -262143 in chrono,
        // milliseconds as i64 in CQL; take a negative one well inside both.
        timestamp: Some(DateTime::from_timestamp_millis(-62_135_596_800_000).unwrap()),
        date: Some(NaiveDate::MIN),
        time: Some(NaiveTime::MIN),
        blob: Some(Vec::new()),
        inet: Some(IpAddr::V4(Ipv4Addr::UNSPECIFIED)),
        duration: Some(CqlDuration {
            months: -1,
            days: -2,
            nanoseconds: i64::MIN,
        }),
        decimal: Some(CqlDecimal::from_signed_be_bytes_and_exponent(
            vec![0x80, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            i32::MIN,
        )),
        varint: Some(CqlVarint::from_signed_bytes_be(vec![0x80; 40])),
        big_decimal: Some(decimal(
            "-123456789012345678901234567890.000000000000000000001",
        )),
        big_int: Some(-BigInt::from(2).pow(200)),
    }
}

fn scalars_max() -> Scalars {
    Scalars {
        id: 2,
        ascii: Some(Ascii::new("~ASCII only: \t!\"#$%&'()*+,-./0123456789").unwrap()),
        text: Some("ünïcødé ✓ 日本語 🦀 \u{0} end".into()),
        tiny: Some(i8::MAX),
        small: Some(i16::MAX),
        int: Some(i32::MAX),
        big: Some(i64::MAX),
        float: Some(f32::MAX),
        double: Some(f64::MAX),
        boolean: Some(true),
        uuid: Some(Uuid::max()),
        timeuuid: Some(CqlTimeuuid::from(timeuuid((1 << 60) - 1, 255))),
        timeuuid_as_uuid: Some(timeuuid(1 << 59, 7)),
        timestamp: Some(DateTime::from_timestamp_millis(253_402_300_799_999).unwrap()),
        date: Some(NaiveDate::MAX),
        time: Some(NaiveTime::from_hms_nano_opt(23, 59, 59, 999_999_999).unwrap()),
        // 1 MiB of every byte value.
        blob: Some((0..1 << 20).map(|i: u32| (i % 251) as u8).collect()),
        inet: Some(IpAddr::V6(Ipv6Addr::new(
            0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff,
        ))),
        duration: Some(CqlDuration {
            months: i32::MAX,
            days: i32::MAX,
            nanoseconds: i64::MAX,
        }),
        decimal: Some(CqlDecimal::from_signed_be_bytes_and_exponent(
            vec![0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
            i32::MAX,
        )),
        varint: Some(CqlVarint::from_signed_bytes_be(vec![0x7f; 40])),
        big_decimal: Some(decimal("98765432109876543210.12345678901234567890")),
        big_int: Some(BigInt::from(2).pow(200) - 1),
    }
}

/// The floats CQL keeps that are not numbers, and the smallest ones.
fn scalars_special_floats(id: i32, f: f32, d: f64) -> Scalars {
    Scalars {
        id,
        float: Some(f),
        double: Some(d),
        ..scalars_none(id)
    }
}

fn scalars_none(id: i32) -> Scalars {
    Scalars {
        id,
        ascii: None,
        text: None,
        tiny: None,
        small: None,
        int: None,
        big: None,
        float: None,
        double: None,
        boolean: None,
        uuid: None,
        timeuuid: None,
        timeuuid_as_uuid: None,
        timestamp: None,
        date: None,
        time: None,
        blob: None,
        inet: None,
        duration: None,
        decimal: None,
        varint: None,
        big_decimal: None,
        big_int: None,
    }
}

/// Compares floats by their bits, so that NaN equals NaN.
fn same_scalars(a: &Scalars, b: &Scalars) -> bool {
    let bits32 = |x: &Option<f32>| x.map(f32::to_bits);
    let bits64 = |x: &Option<f64>| x.map(f64::to_bits);
    let strip = |s: &Scalars| Scalars {
        float: None,
        double: None,
        ..s.clone()
    };
    bits32(&a.float) == bits32(&b.float)
        && bits64(&a.double) == bits64(&b.double)
        && strip(a) == strip(b)
}

/// The CQL types `sync_table` created for `T`, as the database lists them.
async fn live_types(db: &coodie::Session, table: &str) -> Vec<(String, String)> {
    db.execute(
        "SELECT column_name, type FROM system_schema.columns WHERE keyspace_name = ? AND table_name = ?",
        (db.keyspace(), table),
    )
    .await
    .expect("reading system_schema.columns")
    .into_rows_result()
    .expect("rows")
    .rows::<(String, String)>()
    .expect("typed")
    .collect::<Result<_, _>>()
    .expect("row")
}

#[tokio::test]
async fn every_scalar_type_round_trips_with_its_extremes() {
    let db = fresh_keyspace("types_scalars").await;
    let report = Scalars::sync_table(&db).await.unwrap();
    assert!(report.created);
    assert!(
        Scalars::sync_table(&db).await.unwrap().is_in_sync(),
        "the model's CQL types are the database's"
    );
    let live = live_types(&db, "scalars").await;
    for (column, cql) in SCALAR_TYPES {
        assert!(
            live.iter().any(|(c, t)| c == column && t == cql),
            "column {column} should be {cql}: {live:?}"
        );
    }

    let rows = [
        scalars_min(),
        scalars_max(),
        scalars_none(3),
        scalars_special_floats(4, f32::NAN, f64::NAN),
        scalars_special_floats(5, f32::INFINITY, f64::INFINITY),
        scalars_special_floats(6, f32::NEG_INFINITY, f64::NEG_INFINITY),
        scalars_special_floats(7, f32::from_bits(1), f64::from_bits(1)), // subnormal
        scalars_special_floats(8, -0.0, -0.0),
    ];
    for row in &rows {
        row.save(&db).await.unwrap();
    }
    for row in &rows {
        let back = Scalars::get(&db, row.id).await.unwrap().expect("the row");
        assert!(
            same_scalars(&back, row),
            "id {}:\n{back:?}\n!=\n{row:?}",
            row.id
        );
    }
    assert_eq!(
        Scalars::get(&db, 2)
            .await
            .unwrap()
            .unwrap()
            .blob
            .map(|b| b.len()),
        Some(1 << 20)
    );
    // Non-ASCII text in an ascii column is refused before it is sent.
    assert!(Ascii::new("naïve").is_err());
}

/// Collections of every element type, empty or not, nested and frozen; tuples.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "collections")]
struct Collections {
    #[coodie(partition_key)]
    id: i32,
    texts: Vec<String>,
    asciis: BTreeSet<Ascii>,
    tinies: Vec<i8>,
    smalls: BTreeSet<i16>,
    ints: HashSet<i32>,
    bigs: Vec<i64>,
    floats: Vec<f32>,
    doubles: Vec<f64>,
    bools: Vec<bool>,
    uuids: BTreeSet<Uuid>,
    timeuuids: BTreeSet<CqlTimeuuid>,
    timeuuid_list: Vec<CqlTimeuuid>,
    timestamps: Vec<DateTime<Utc>>,
    dates: BTreeSet<NaiveDate>,
    times: Vec<NaiveTime>,
    blobs: BTreeSet<Vec<u8>>,
    inets: BTreeSet<IpAddr>,
    durations: Vec<CqlDuration>,
    decimals: Vec<CqlDecimal>,
    varints: Vec<CqlVarint>,
    big_decimals: Vec<BigDecimal>,
    big_ints: BTreeSet<BigInt>,
    by_text: BTreeMap<String, f64>,
    by_timeuuid: BTreeMap<CqlTimeuuid, String>,
    by_date: HashMap<NaiveDate, Vec<u8>>,
    by_int: BTreeMap<i32, CqlDuration>,
    // Nested (frozen inside, automatically) and frozen (by attribute).
    nested_lists: Vec<Vec<i32>>,
    sets_by_name: BTreeMap<String, BTreeSet<i64>>,
    maps_in_a_list: Vec<BTreeMap<String, Vec<String>>>,
    deep: Vec<Vec<Vec<String>>>,
    #[coodie(frozen)]
    frozen_list: Vec<String>,
    #[coodie(frozen)]
    frozen_map: BTreeMap<String, BTreeSet<Uuid>>,
    // Tuples: alone, with a null element, in a list, holding a collection.
    pair: Option<(i32, String)>,
    with_null: Option<(Option<i64>, Option<String>, bool)>,
    pairs: Vec<(String, f64)>,
    holding: Option<(Vec<i32>, BTreeMap<String, i32>)>,
    every_kind: Option<(
        Ascii,
        i8,
        i16,
        CqlTimeuuid,
        NaiveDate,
        NaiveTime,
        IpAddr,
        CqlDuration,
    )>,
}

const COLLECTION_TYPES: &[(&str, &str)] = &[
    ("texts", "list<text>"),
    ("asciis", "set<ascii>"),
    ("tinies", "list<tinyint>"),
    ("smalls", "set<smallint>"),
    ("ints", "set<int>"),
    ("bigs", "list<bigint>"),
    ("floats", "list<float>"),
    ("doubles", "list<double>"),
    ("bools", "list<boolean>"),
    ("uuids", "set<uuid>"),
    ("timeuuids", "set<timeuuid>"),
    ("timeuuid_list", "list<timeuuid>"),
    ("timestamps", "list<timestamp>"),
    ("dates", "set<date>"),
    ("times", "list<time>"),
    ("blobs", "set<blob>"),
    ("inets", "set<inet>"),
    ("durations", "list<duration>"),
    ("decimals", "list<decimal>"),
    ("varints", "list<varint>"),
    ("big_decimals", "list<decimal>"),
    ("big_ints", "set<varint>"),
    ("by_text", "map<text, double>"),
    ("by_timeuuid", "map<timeuuid, text>"),
    ("by_date", "map<date, blob>"),
    ("by_int", "map<int, duration>"),
    ("nested_lists", "list<frozen<list<int>>>"),
    ("sets_by_name", "map<text, frozen<set<bigint>>>"),
    (
        "maps_in_a_list",
        "list<frozen<map<text, frozen<list<text>>>>>",
    ),
    ("deep", "list<frozen<list<frozen<list<text>>>>>"),
    ("frozen_list", "frozen<list<text>>"),
    ("frozen_map", "frozen<map<text, frozen<set<uuid>>>>"),
    ("pair", "frozen<tuple<int, text>>"),
    ("with_null", "frozen<tuple<bigint, text, boolean>>"),
    ("pairs", "list<frozen<tuple<text, double>>>"),
    (
        "holding",
        "frozen<tuple<frozen<list<int>>, frozen<map<text, int>>>>",
    ),
    (
        "every_kind",
        "frozen<tuple<ascii, tinyint, smallint, timeuuid, date, time, inet, duration>>",
    ),
];

fn empty_collections(id: i32) -> Collections {
    Collections {
        id,
        texts: Vec::new(),
        asciis: BTreeSet::new(),
        tinies: Vec::new(),
        smalls: BTreeSet::new(),
        ints: HashSet::new(),
        bigs: Vec::new(),
        floats: Vec::new(),
        doubles: Vec::new(),
        bools: Vec::new(),
        uuids: BTreeSet::new(),
        timeuuids: BTreeSet::new(),
        timeuuid_list: Vec::new(),
        timestamps: Vec::new(),
        dates: BTreeSet::new(),
        times: Vec::new(),
        blobs: BTreeSet::new(),
        inets: BTreeSet::new(),
        durations: Vec::new(),
        decimals: Vec::new(),
        varints: Vec::new(),
        big_decimals: Vec::new(),
        big_ints: BTreeSet::new(),
        by_text: BTreeMap::new(),
        by_timeuuid: BTreeMap::new(),
        by_date: HashMap::new(),
        by_int: BTreeMap::new(),
        nested_lists: Vec::new(),
        sets_by_name: BTreeMap::new(),
        maps_in_a_list: Vec::new(),
        deep: Vec::new(),
        frozen_list: Vec::new(),
        frozen_map: BTreeMap::new(),
        pair: None,
        with_null: None,
        pairs: Vec::new(),
        holding: None,
        every_kind: None,
    }
}

fn full_collections(id: i32) -> Collections {
    let t1 = CqlTimeuuid::from(timeuuid(1_000, 1));
    let t2 = CqlTimeuuid::from(timeuuid(2_000, 2));
    Collections {
        id,
        texts: vec!["b".into(), "ünïcødé".into(), "a".into(), "a".into()],
        asciis: ["x", "Y", "z z"]
            .iter()
            .map(|s| Ascii::new(*s).unwrap())
            .collect(),
        tinies: vec![i8::MIN, 0, i8::MAX],
        smalls: [i16::MIN, -1, i16::MAX].into(),
        ints: [i32::MIN, 0, i32::MAX].into(),
        bigs: vec![i64::MAX, i64::MIN],
        floats: vec![0.1, -0.0, f32::MAX, f32::MIN_POSITIVE, f32::INFINITY],
        doubles: vec![2999.99, f64::MIN, f64::NEG_INFINITY],
        bools: vec![true, false, true],
        uuids: [Uuid::nil(), Uuid::max(), Uuid::from_u128(42)].into(),
        timeuuids: [t1, t2].into(),
        timeuuid_list: vec![timeuuid(9, 9).into(), timeuuid(3, 3).into()],
        timestamps: vec![
            DateTime::from_timestamp_millis(0).unwrap(),
            DateTime::from_timestamp_millis(1_764_576_000_123).unwrap(),
        ],
        dates: [
            NaiveDate::MIN,
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            NaiveDate::MAX,
        ]
        .into(),
        times: vec![NaiveTime::from_hms_nano_opt(8, 0, 0, 123_456_789).unwrap()],
        blobs: [Vec::new(), vec![0u8, 255], vec![1u8; 1000]].into(),
        inets: [
            IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1)),
            IpAddr::V6(Ipv6Addr::LOCALHOST),
        ]
        .into(),
        durations: vec![
            CqlDuration {
                months: 1,
                days: 2,
                nanoseconds: 3,
            },
            CqlDuration {
                months: 0,
                days: 0,
                nanoseconds: 0,
            },
        ],
        decimals: vec![CqlDecimal::from_signed_be_bytes_and_exponent(
            vec![0x30, 0x39],
            2,
        )],
        varints: vec![CqlVarint::from_signed_bytes_be(vec![
            0x01, 0, 0, 0, 0, 0, 0, 0, 0,
        ])],
        big_decimals: vec![decimal("12345.6789"), decimal("-0.000001")],
        big_ints: [BigInt::from(2).pow(100), BigInt::from(-7)].into(),
        by_text: [
            ("two and a half".to_string(), 2.5),
            ("e".to_string(), f64::NAN),
        ]
        .into(),
        by_timeuuid: [(t1, "first".to_string()), (t2, "second".to_string())].into(),
        by_date: [(
            NaiveDate::from_ymd_opt(2000, 1, 1).unwrap(),
            vec![1u8, 2, 3],
        )]
        .into(),
        by_int: [(
            1,
            CqlDuration {
                months: 0,
                days: 1,
                nanoseconds: 0,
            },
        )]
        .into(),
        nested_lists: vec![vec![1, 2], vec![], vec![3]],
        sets_by_name: [
            ("a".to_string(), [1i64, 2].into()),
            ("empty".to_string(), BTreeSet::new()),
        ]
        .into(),
        maps_in_a_list: vec![
            [("k".to_string(), vec!["v1".to_string(), "v2".to_string()])].into(),
            BTreeMap::new(),
        ],
        deep: vec![vec![vec!["deep".into()], vec![]]],
        frozen_list: vec!["frozen".into(), "ünïcødé".into()],
        frozen_map: [("m".to_string(), [Uuid::from_u128(1)].into())].into(),
        pair: Some((i32::MIN, "ünïcødé".into())),
        with_null: Some((None, Some("x".into()), true)),
        pairs: vec![("a".into(), 1.5), ("b".into(), f64::MAX)],
        holding: Some((vec![], [("k".to_string(), 1)].into())),
        every_kind: Some((
            Ascii::new("A").unwrap(),
            i8::MIN,
            i16::MAX,
            t2,
            NaiveDate::from_ymd_opt(1970, 1, 1).unwrap(),
            NaiveTime::MIN,
            IpAddr::V4(Ipv4Addr::BROADCAST),
            CqlDuration {
                months: -3,
                days: 0,
                nanoseconds: -1,
            },
        )),
    }
}

/// NaN is not equal to itself: compare maps of doubles by their bits.
fn same_collections(a: &Collections, b: &Collections) -> bool {
    let bits = |m: &BTreeMap<String, f64>| {
        m.iter()
            .map(|(k, v)| (k.clone(), v.to_bits()))
            .collect::<Vec<_>>()
    };
    let strip = |c: &Collections| Collections {
        by_text: BTreeMap::new(),
        ..c.clone()
    };
    bits(&a.by_text) == bits(&b.by_text) && strip(a) == strip(b)
}

#[tokio::test]
async fn every_collection_type_round_trips_empty_full_nested_and_frozen() {
    let db = fresh_keyspace("types_collections").await;
    Collections::sync_table(&db).await.unwrap();
    assert!(Collections::sync_table(&db).await.unwrap().is_in_sync());
    let live = live_types(&db, "collections").await;
    for (column, cql) in COLLECTION_TYPES {
        assert!(
            live.iter().any(|(c, t)| c == column && t == cql),
            "column {column} should be {cql}: {live:?}"
        );
    }

    let empty = empty_collections(1);
    let full = full_collections(2);
    empty.save(&db).await.unwrap();
    full.save(&db).await.unwrap();
    let back = Collections::get(&db, 1)
        .await
        .unwrap()
        .expect("the empty row");
    assert_eq!(
        back, empty,
        "empty collections read back empty, absent tuples as None"
    );
    let back = Collections::get(&db, 2)
        .await
        .unwrap()
        .expect("the full row");
    assert!(same_collections(&back, &full), "\n{back:?}\n!=\n{full:?}");
    // The list kept its order and duplicates; the set is sorted by the server.
    assert_eq!(back.texts, ["b", "ünïcødé", "a", "a"]);
    assert_eq!(
        back.timeuuids.into_iter().collect::<Vec<_>>(),
        [
            CqlTimeuuid::from(timeuuid(1_000, 1)),
            CqlTimeuuid::from(timeuuid(2_000, 2))
        ]
    );
}
