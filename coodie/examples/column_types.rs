//! One field of every CQL type coodie maps, saved and read back.
//!
//! `cargo run -p coodie --example column_types` (needs the database: `make db-up`;
//! `bigdecimal` and `num-bigint` are features, on for the crate's own examples).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::net::{IpAddr, Ipv4Addr};

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use coodie::bigdecimal::BigDecimal;
use coodie::num_bigint::BigInt;
use coodie::prelude::*;
use coodie::types::{Ascii, CqlDuration, CqlTimeuuid};
use uuid::Uuid;

/// Every CQL type, one column each (its CQL type in the comment).
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "every_type")]
pub struct EveryType {
    #[coodie(partition_key)]
    pub id: Uuid, // uuid
    pub sku: Ascii,                         // ascii
    pub name: String,                       // text
    pub tiny: i8,                           // tinyint
    pub small: i16,                         // smallint
    pub int: i32,                           // int
    pub big: i64,                           // bigint
    pub huge: BigInt,                       // varint (feature `num-bigint`)
    pub ratio: f32,                         // float
    pub price: f64,                         // double
    pub amount: BigDecimal,                 // decimal (feature `bigdecimal`)
    pub active: bool,                       // boolean
    pub event: CqlTimeuuid,                 // timeuuid
    pub at: DateTime<Utc>,                  // timestamp
    pub day: NaiveDate,                     // date
    pub time: NaiveTime,                    // time
    pub lasts: CqlDuration,                 // duration
    pub bytes: Vec<u8>,                     // blob
    pub ip: IpAddr,                         // inet
    pub tags: Vec<String>,                  // list<text>
    pub codes: BTreeSet<i32>,               // set<int>
    pub seen: HashSet<Uuid>,                // set<uuid>
    pub scores: HashMap<String, f64>,       // map<text, double>
    pub groups: BTreeMap<String, Vec<i64>>, // map<text, frozen<list<bigint>>>
    pub pair: (i32, String),                // frozen<tuple<int, text>>
    #[coodie(frozen)]
    pub fixed: Vec<String>, // frozen<list<text>>
    pub note: Option<String>,               // text, nullable (None is unset)
}

#[tokio::main]
async fn main() -> coodie::Result<()> {
    let db = coodie::Session::from_env("coodie_examples").await?;
    db.create_keyspace(db.keyspace(), &coodie::Replication::Simple(1))
        .await?;
    EveryType::sync_table(&db).await?;
    let row = EveryType {
        id: Uuid::new_v4(),
        sku: Ascii::new("SKU-42").expect("ASCII"),
        name: "ünïcødé ✓".into(),
        tiny: i8::MIN,
        small: i16::MAX,
        int: 42,
        big: i64::MAX,
        huge: BigInt::from(2).pow(100),
        ratio: 0.5,
        price: 2999.99,
        amount: "12345.6789".parse().expect("a decimal"),
        active: true,
        event: CqlTimeuuid::from(Uuid::from_u128(0x1e0d_6c2a_0000_1000_8000_0000_0000_0001)),
        at: DateTime::from_timestamp_millis(1_764_576_000_123).expect("a time"),
        day: NaiveDate::from_ymd_opt(2026, 12, 1).expect("a date"),
        time: NaiveTime::from_hms_nano_opt(8, 0, 0, 123_456_789).expect("a time"),
        lasts: CqlDuration {
            months: 1,
            days: 2,
            nanoseconds: 3,
        },
        bytes: vec![0, 1, 255],
        ip: IpAddr::V4(Ipv4Addr::LOCALHOST),
        tags: vec!["a".into(), "b".into()],
        codes: [1, 2, 3].into(),
        seen: [Uuid::nil()].into(),
        scores: [("half".to_string(), 0.5)].into(),
        groups: [("g".to_string(), vec![1, 2])].into(),
        pair: (7, "seven".into()),
        fixed: vec!["frozen".into()],
        note: None,
    };
    row.save(&db).await?;
    let back = EveryType::get(&db, row.id).await?.expect("the row");
    assert_eq!(back, row);
    println!("{back:#?}");
    Ok(())
}
