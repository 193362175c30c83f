//! Typed reads on the real database: get, find_one, first, count, limit, per
//! partition limit, ordering, IN, clustering ranges, secondary indexes, and the
//! refusal of anything that would need ALLOW FILTERING.

use coodie::prelude::*;
use coodie::{Error, Session};
use tokio::sync::OnceCell;

const KS: &str = "coodie_reads";

#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "readings")]
struct Reading {
    #[coodie(partition_key)]
    sensor: String,
    #[coodie(clustering_key)]
    day: i32,
    #[coodie(clustering_key)]
    seq: i32,
    value: f64,
    #[coodie(index)]
    unit: String,
    note: Option<String>,
}

/// A composite partition key, for partial-key refusals.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "tenant_events")]
struct TenantEvent {
    #[coodie(partition_key)]
    tenant: String,
    #[coodie(partition_key)]
    bucket: i32,
    #[coodie(clustering_key, order = "desc")]
    at: i64,
    kind: String,
}

const SENSORS: [&str; 3] = ["a", "b", "c"];

fn reading(sensor: &str, day: i32, seq: i32) -> Reading {
    Reading {
        sensor: sensor.to_string(),
        day,
        seq,
        value: f64::from(day * 10 + seq),
        unit: if sensor == "c" { "kelvin" } else { "celsius" }.to_string(),
        note: (seq == 1).then(|| format!("first of day {day}")),
    }
}

static READY: OnceCell<()> = OnceCell::const_new();

/// A session on a keyspace holding 3 sensors x 3 days x 4 readings, and 10 events.
async fn db() -> Session {
    READY
        .get_or_init(|| async {
            let db = coodie_test_support::fresh_keyspace(KS).await;
            Reading::sync_table(&db).await.expect("sync readings");
            TenantEvent::sync_table(&db).await.expect("sync events");
            for sensor in SENSORS {
                for day in 1..=3 {
                    for seq in 1..=4 {
                        reading(sensor, day, seq).save(&db).await.expect("save");
                    }
                }
            }
            for at in 0..10 {
                TenantEvent {
                    tenant: "acme".into(),
                    bucket: 1,
                    at,
                    kind: if at % 2 == 0 { "even" } else { "odd" }.into(),
                }
                .save(&db)
                .await
                .expect("save event");
            }
        })
        .await;
    coodie_test_support::connect(KS).await
}

fn refused(result: coodie::Result<impl std::fmt::Debug>) -> String {
    match result {
        Err(Error::InvalidQuery(why)) => why.message,
        other => panic!("expected InvalidQuery, got {other:?}"),
    }
}

#[tokio::test]
async fn get_by_full_primary_key() {
    let db = db().await;
    let found = Reading::get(&db, ("b".to_string(), 2, 3)).await.unwrap();
    assert_eq!(found, Some(reading("b", 2, 3)));
    let missing = Reading::get(&db, ("b".to_string(), 9, 9)).await.unwrap();
    assert_eq!(missing, None);
}

#[tokio::test]
async fn find_one_first_and_count() {
    let db = db().await;
    let one = Reading::find_one(&db, |c| c.sensor.eq("a") & c.day.eq(1) & c.seq.eq(2))
        .await
        .unwrap();
    assert_eq!(one, reading("a", 1, 2));

    let several = Reading::find_one(&db, |c| c.sensor.eq("a")).await;
    assert!(
        matches!(several, Err(Error::MultipleFound { ref table }) if table == "readings"),
        "{several:?}"
    );
    let none = Reading::find_one(&db, |c| c.sensor.eq("zzz")).await;
    assert!(matches!(none, Err(Error::NotFound { .. })), "{none:?}");

    let first = Reading::find()
        .filter(|c| c.sensor.eq("c"))
        .first(&db)
        .await
        .unwrap();
    assert_eq!(first, Some(reading("c", 1, 1)));

    assert_eq!(Reading::count(&db).await.unwrap(), 36);
    assert_eq!(
        Reading::find()
            .filter(|c| c.sensor.eq("a") & c.day.eq(2))
            .count(&db)
            .await
            .unwrap(),
        4
    );
}

#[tokio::test]
async fn limit_and_per_partition_limit() {
    let db = db().await;
    let five = Reading::find().limit(5).all(&db).await.unwrap();
    assert_eq!(five.len(), 5);

    let per_sensor = Reading::find()
        .per_partition_limit(2)
        .all(&db)
        .await
        .unwrap();
    assert_eq!(per_sensor.len(), 6, "2 rows from each of 3 partitions");
    for sensor in SENSORS {
        let rows: Vec<_> = per_sensor.iter().filter(|r| r.sensor == sensor).collect();
        assert_eq!(rows, [&reading(sensor, 1, 1), &reading(sensor, 1, 2)]);
    }
}

#[tokio::test]
async fn ordering_by_clustering_columns() {
    let db = db().await;
    let newest_first = Reading::find()
        .filter(|c| c.sensor.eq("a"))
        .order_by(|c| c.day.desc())
        .order_by(|c| c.seq.desc())
        .limit(3)
        .all(&db)
        .await
        .unwrap();
    assert_eq!(
        newest_first,
        [reading("a", 3, 4), reading("a", 3, 3), reading("a", 3, 2)]
    );

    // A table declared DESC reads newest first by default and can be reversed.
    let declared = TenantEvent::find()
        .filter(|c| c.tenant.eq("acme") & c.bucket.eq(1))
        .limit(2)
        .all(&db)
        .await
        .unwrap();
    assert_eq!(declared.iter().map(|e| e.at).collect::<Vec<_>>(), [9, 8]);
    let oldest = TenantEvent::find()
        .filter(|c| c.tenant.eq("acme") & c.bucket.eq(1))
        .order_by(|c| c.at.asc())
        .limit(2)
        .all(&db)
        .await
        .unwrap();
    assert_eq!(oldest.iter().map(|e| e.at).collect::<Vec<_>>(), [0, 1]);

    // Mixed directions and orders without the partition key are refused.
    let mixed = Reading::find()
        .filter(|c| c.sensor.eq("a"))
        .order_by(|c| c.day.desc())
        .order_by(|c| c.seq.asc())
        .all(&db)
        .await;
    assert!(refused(mixed).contains("reverse all of it"));
    let no_key = Reading::find().order_by(|c| c.day.desc()).all(&db).await;
    assert!(refused(no_key).contains("partition key"));
    let with_in = Reading::find()
        .filter(|c| c.sensor.in_(["a", "b"]))
        .order_by(|c| c.day.desc())
        .all(&db)
        .await;
    assert!(refused(with_in).contains("cannot be paged"));
    let with_index = Reading::find()
        .filter(|c| c.sensor.eq("a") & c.unit.eq("celsius"))
        .order_by(|c| c.day.desc())
        .all(&db)
        .await;
    assert!(refused(with_index).contains("secondary index"));
    let not_first = Reading::find()
        .filter(|c| c.sensor.eq("a"))
        .order_by(|c| c.seq.desc())
        .all(&db)
        .await;
    assert!(refused(not_first).contains("key order"));
}

#[tokio::test]
async fn in_filters_and_clustering_ranges() {
    let db = db().await;
    let two_sensors = Reading::find()
        .filter(|c| c.sensor.in_(["a", "c"]) & c.day.eq(1) & c.seq.eq(1))
        .all(&db)
        .await
        .unwrap();
    let mut sensors: Vec<_> = two_sensors.iter().map(|r| r.sensor.as_str()).collect();
    sensors.sort();
    assert_eq!(sensors, ["a", "c"]);

    let days = Reading::find()
        .filter(|c| c.sensor.eq("b") & c.day.in_([1, 3]))
        .count(&db)
        .await
        .unwrap();
    assert_eq!(days, 8);

    let range = Reading::find()
        .filter(|c| c.sensor.eq("b") & c.day.eq(2) & c.seq.gt(1) & c.seq.le(3))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(range, [reading("b", 2, 2), reading("b", 2, 3)]);

    let from_day_two = Reading::find()
        .filter(|c| c.sensor.eq("b") & c.day.ge(2))
        .count(&db)
        .await
        .unwrap();
    assert_eq!(from_day_two, 8);
    let before_day_two = Reading::find()
        .filter(|c| c.sensor.eq("b") & c.day.lt(2))
        .count(&db)
        .await
        .unwrap();
    assert_eq!(before_day_two, 4);
}

#[tokio::test]
async fn a_secondary_index_answers_equality_without_filtering() {
    let db = db().await;
    let kelvin = Reading::find()
        .filter(|c| c.unit.eq("kelvin"))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(kelvin.len(), 12);
    assert!(kelvin.iter().all(|r| r.sensor == "c"));

    // With the partition key too.
    let celsius_of_a = Reading::find()
        .filter(|c| c.sensor.eq("a") & c.unit.eq("celsius"))
        .count(&db)
        .await
        .unwrap();
    assert_eq!(celsius_of_a, 12);
}

#[tokio::test]
async fn queries_that_need_allow_filtering_are_refused_before_sending() {
    let db = db().await;

    // A regular, unindexed column.
    let why = refused(Reading::find().filter(|c| c.value.gt(30.0)).all(&db).await);
    assert!(
        why.contains("`value` is neither a key column nor indexed"),
        "{why}"
    );
    assert!(why.contains(".allow_filtering()"), "{why}");

    // A clustering column without the partition key.
    let why = refused(Reading::find().filter(|c| c.day.eq(2)).count(&db).await);
    assert!(why.contains("without the full partition key"), "{why}");

    // A clustering column after a gap.
    let why = refused(
        Reading::find()
            .filter(|c| c.sensor.eq("a") & c.seq.eq(2))
            .all(&db)
            .await,
    );
    assert!(why.contains("`day`, is not"), "{why}");

    // A range on a clustering column that is not the last restricted one.
    let why = refused(
        Reading::find()
            .filter(|c| c.sensor.eq("a") & c.day.gt(1) & c.seq.eq(2))
            .all(&db)
            .await,
    );
    assert!(why.contains("after a range on `day`"), "{why}");

    // Part of a composite partition key.
    let why = refused(
        TenantEvent::find()
            .filter(|c| c.tenant.eq("acme"))
            .all(&db)
            .await,
    );
    assert!(why.contains("`bucket` is not"), "{why}");

    // A range on the indexed column.
    let why = refused(
        Reading::find()
            .filter(|c| c.unit.gt("a"))
            .stream(&db)
            .next_row()
            .await,
    );
    assert!(why.contains("secondary index"), "{why}");

    // A refused stream yields its error once, then ends and stays ended.
    {
        use futures::stream::{FusedStream, StreamExt};
        let mut rows = Reading::find().filter(|c| c.unit.gt("a")).stream(&db);
        assert!(!rows.is_terminated());
        assert!(matches!(rows.next().await, Some(Err(_))));
        assert!(rows.is_terminated());
        assert!(rows.next().await.is_none());
    }

    // An indexed column and a clustering column without the partition key.
    let why = refused(
        Reading::find()
            .filter(|c| c.unit.eq("kelvin") & c.day.eq(1))
            .all(&db)
            .await,
    );
    assert!(why.contains("without the full partition key"), "{why}");

    // Two indexed values, or an indexed column and an unindexed one.
    let why = refused(
        Reading::find()
            .filter(|c| c.unit.in_(["kelvin", "celsius"]))
            .all(&db)
            .await,
    );
    assert!(why.contains("secondary index"), "{why}");
    let why = refused(
        Reading::find()
            .filter(|c| c.sensor.eq("a") & c.unit.eq("celsius") & c.value.gt(2.0))
            .all(&db)
            .await,
    );
    assert!(why.contains("`value`"), "{why}");

    // Refused in paging too.
    let why = refused(
        Reading::find()
            .filter(|c| c.value.eq(11.0))
            .page(&db, None)
            .await,
    );
    assert!(why.contains("ALLOW FILTERING"), "{why}");
}

#[tokio::test]
async fn allow_filtering_opts_in() {
    let db = db().await;
    let high = Reading::find()
        .filter(|c| c.value.gt(33.0))
        .allow_filtering()
        .all(&db)
        .await
        .unwrap();
    assert_eq!(high.len(), 3, "day 3, seq 4 of each sensor");
    assert!(high.iter().all(|r| r.day == 3 && r.seq == 4));

    let day_two = Reading::find()
        .filter(|c| c.day.eq(2))
        .allow_filtering()
        .count(&db)
        .await
        .unwrap();
    assert_eq!(day_two, 12);

    // Each refusal above runs once opted in.
    let gap = Reading::find()
        .filter(|c| c.sensor.eq("a") & c.seq.eq(2))
        .allow_filtering()
        .count(&db)
        .await
        .unwrap();
    assert_eq!(gap, 3);
    let after_range = Reading::find()
        .filter(|c| c.sensor.eq("a") & c.day.gt(1) & c.seq.eq(2))
        .allow_filtering()
        .count(&db)
        .await
        .unwrap();
    assert_eq!(after_range, 2);
    let index_and_clustering = Reading::find()
        .filter(|c| c.unit.eq("kelvin") & c.day.eq(1))
        .allow_filtering()
        .count(&db)
        .await
        .unwrap();
    assert_eq!(index_and_clustering, 4);
    let index_range = Reading::find()
        .filter(|c| c.unit.gt("a"))
        .allow_filtering()
        .count(&db)
        .await
        .unwrap();
    assert_eq!(index_range, 36);
    let partition_only = TenantEvent::find()
        .filter(|c| c.tenant.eq("acme"))
        .allow_filtering()
        .count(&db)
        .await
        .unwrap();
    assert_eq!(partition_only, 10);

    let partial = TenantEvent::find()
        .filter(|c| c.tenant.eq("acme") & c.kind.eq("odd"))
        .allow_filtering()
        .count(&db)
        .await
        .unwrap();
    assert_eq!(partial, 5);
}

#[tokio::test]
async fn the_cql_is_prepared_with_markers() {
    let query = Reading::find()
        .filter(|c| c.sensor.eq("a") & c.day.in_([1, 2]))
        .order_by(|c| c.day.desc())
        .per_partition_limit(2)
        .limit(10);
    assert_eq!(
        query.to_cql("ks"),
        "SELECT \"sensor\", \"day\", \"seq\", \"value\", \"unit\", \"note\" FROM ks.readings \
         WHERE \"sensor\" = ? AND \"day\" IN ? ORDER BY \"day\" DESC PER PARTITION LIMIT ? LIMIT ?"
    );
}

/// The first item of a stream, for checking its error.
trait NextRow<T> {
    async fn next_row(self) -> coodie::Result<Option<T>>;
}

impl<T, S> NextRow<T> for S
where
    S: futures::Stream<Item = coodie::Result<T>> + Unpin,
{
    async fn next_row(mut self) -> coodie::Result<Option<T>> {
        use futures::StreamExt;
        self.next().await.transpose()
    }
}
