//! Cassandra 5 indexes and search on the real node: `vector<T, N>` columns as
//! `[T; N]` fields, storage-attached indexes (what they answer without `ALLOW
//! FILTERING`), and nearest-neighbour queries checked against neighbours computed
//! here by brute force.

use coodie::model::{IndexKind, Similarity};
use coodie::prelude::*;
use coodie_test_support::interop_models::Signal;
use uuid::Uuid;

/// Every vector element type coodie maps, optional and not.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "vectors")]
struct Vectors {
    #[coodie(partition_key)]
    id: i32,
    floats: [f32; 4],
    doubles: [f64; 2],
    ints: [i32; 3],
    longs: Option<[i64; 2]>,
    maybe: Option<[f32; 3]>,
}

#[tokio::test]
async fn vectors_round_trip() {
    let db = coodie_test_support::fresh_keyspace("coodie_search_vectors").await;
    let report = Vectors::sync_table(&db).await.unwrap();
    assert!(
        report.executed[0].contains(
            "\"floats\" vector<float, 4>, \"doubles\" vector<double, 2>, \"ints\" vector<int, 3>, \
             \"longs\" vector<bigint, 2>, \"maybe\" vector<float, 3>"
        ),
        "{:?}",
        report.executed
    );
    assert!(Vectors::sync_table(&db).await.unwrap().drift.is_empty());

    let rows = [
        Vectors {
            id: 1,
            floats: [0.1, -2.5, 3.0e38, f32::MIN_POSITIVE],
            doubles: [f64::MAX, -0.0],
            ints: [i32::MIN, 0, i32::MAX],
            longs: Some([i64::MIN, i64::MAX]),
            maybe: Some([1.0, 2.0, 3.0]),
        },
        Vectors {
            id: 2,
            floats: [f32::INFINITY, f32::NEG_INFINITY, 0.0, -1.0],
            doubles: [1.5, 2.5],
            ints: [1, 2, 3],
            longs: None,
            maybe: None,
        },
    ];
    for row in &rows {
        row.save(&db).await.unwrap();
    }
    for row in &rows {
        assert_eq!(Vectors::get(&db, row.id).await.unwrap().as_ref(), Some(row));
    }

    // NaN survives, bit for bit.
    let nan = Vectors {
        id: 3,
        floats: [f32::NAN, 1.0, 2.0, 3.0],
        ..rows[1].clone()
    };
    nan.save(&db).await.unwrap();
    let back = Vectors::get(&db, 3).await.unwrap().unwrap();
    assert!(back.floats[0].is_nan());
    assert_eq!(back.floats[1..], nan.floats[1..]);

    // `None` is unset: saving it leaves the stored vector alone.
    let mut partial = rows[0].clone();
    partial.maybe = None;
    partial.longs = None;
    partial.save(&db).await.unwrap();
    assert_eq!(Vectors::get(&db, 1).await.unwrap().as_ref(), Some(&rows[0]));

    // A column of another dimension is refused when read, with the reason.
    db.execute_ddl("CREATE TABLE coodie_search_vectors.wrong (\"id\" int PRIMARY KEY, \"floats\" vector<float, 5>, \"doubles\" vector<double, 2>, \"ints\" vector<int, 3>, \"longs\" vector<bigint, 2>, \"maybe\" vector<float, 3>)")
        .await
        .unwrap();
    db.execute(
        "INSERT INTO coodie_search_vectors.wrong (\"id\", \"floats\", \"doubles\", \"ints\") VALUES (1, [1, 2, 3, 4, 5], [1, 2], [1, 2, 3])",
        (),
    )
    .await
    .unwrap();
    let wrong = db
        .execute("SELECT \"id\", \"floats\", \"doubles\", \"ints\", \"longs\", \"maybe\" FROM coodie_search_vectors.wrong", ())
        .await
        .unwrap()
        .into_rows_result()
        .unwrap()
        .rows::<Vectors>()
        .map(|_| ());
    let err = wrong.expect_err("a [f32; 4] field does not read a vector<float, 5>");
    assert!(
        err.to_string().contains("vector<float, 5>") && err.to_string().contains("[f32; 4]"),
        "{err}"
    );
}

/// A table of readings with storage-attached indexes on an int, a text and a
/// timestamp-like bigint column, a secondary index, and a plain column.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "readings")]
struct Reading {
    #[coodie(partition_key)]
    sensor: i32,
    #[coodie(clustering_key)]
    seq: i32,
    #[coodie(index(sai))]
    level: i32,
    #[coodie(index(sai))]
    site: String,
    #[coodie(index(sai, name = "readings_at_sai"))]
    at: i64,
    #[coodie(index)]
    kind: String,
    note: String,
}

fn reading(sensor: i32, seq: i32) -> Reading {
    Reading {
        sensor,
        seq,
        level: (sensor * 7 + seq * 3) % 20,
        site: ["north", "south", "east"][(seq % 3) as usize].to_string(),
        at: 1_000 + i64::from(seq),
        kind: ["a", "b"][(sensor % 2) as usize].to_string(),
        note: format!("n{seq}"),
    }
}

/// The (sensor, seq) keys of some readings, sorted.
type Keys = Vec<(i32, i32)>;

fn sorted(mut rows: Vec<Reading>) -> Keys {
    rows.sort_by_key(|r| (r.sensor, r.seq));
    rows.into_iter().map(|r| (r.sensor, r.seq)).collect()
}

#[tokio::test]
async fn storage_attached_indexes_answer_ranges_and_combinations() {
    let db = coodie_test_support::fresh_keyspace("coodie_search_sai").await;
    let report = Reading::sync_table(&db).await.unwrap();
    let ks = "coodie_search_sai";
    for expected in [
        format!(
            "CREATE CUSTOM INDEX IF NOT EXISTS readings_level_idx ON {ks}.readings (\"level\") USING 'StorageAttachedIndex'"
        ),
        format!(
            "CREATE CUSTOM INDEX IF NOT EXISTS readings_site_idx ON {ks}.readings (\"site\") USING 'StorageAttachedIndex'"
        ),
        format!(
            "CREATE CUSTOM INDEX IF NOT EXISTS readings_at_sai ON {ks}.readings (\"at\") USING 'StorageAttachedIndex'"
        ),
        format!("CREATE INDEX IF NOT EXISTS readings_kind_idx ON {ks}.readings (\"kind\")"),
    ] {
        assert!(report.executed.contains(&expected), "{:?}", report.executed);
    }
    let again = Reading::sync_table(&db).await.unwrap();
    assert!(
        again.executed.is_empty() && again.drift.is_empty(),
        "{again:?}"
    );

    let all: Vec<Reading> = (1..=4)
        .flat_map(|sensor| (0..12).map(move |seq| reading(sensor, seq)))
        .collect();
    let mut batch = Batch::unlogged();
    for r in &all {
        batch.save(r).unwrap();
    }
    batch.execute(&db).await.unwrap();
    let expect =
        |keep: &dyn Fn(&Reading) -> bool| sorted(all.iter().filter(|r| keep(r)).cloned().collect());

    // Answered without ALLOW FILTERING: ranges, several SAI columns ANDed, SAI
    // with the partition key.
    let cases: Vec<(Filter<Reading>, Keys)> = vec![
        (Reading::COLUMNS.level.gt(12), expect(&|r| r.level > 12)),
        (
            Reading::COLUMNS.level.ge(5) & Reading::COLUMNS.level.lt(9),
            expect(&|r| (5..9).contains(&r.level)),
        ),
        (
            Reading::COLUMNS.site.eq("north") & Reading::COLUMNS.at.le(1_005),
            expect(&|r| r.site == "north" && r.at <= 1_005),
        ),
        (
            Reading::COLUMNS.level.lt(10)
                & Reading::COLUMNS.site.eq("east")
                & Reading::COLUMNS.at.gt(1_002),
            expect(&|r| r.level < 10 && r.site == "east" && r.at > 1_002),
        ),
        (
            Reading::COLUMNS.sensor.eq(2) & Reading::COLUMNS.level.gt(3),
            expect(&|r| r.sensor == 2 && r.level > 3),
        ),
    ];
    for (filter, expected) in cases {
        let query = Reading::find().filter(|_| filter.clone());
        let cql = query.to_cql(ks);
        assert!(!cql.contains("ALLOW FILTERING"), "{cql}");
        let got = sorted(query.all(&db).await.unwrap());
        assert!(
            !expected.is_empty(),
            "{cql}: the fixture must match some rows"
        );
        assert_eq!(got, expected, "{cql}");
    }

    // Refused before sending, and right with `.allow_filtering()`.
    let refused: Vec<(Filter<Reading>, Keys)> = vec![
        (
            Reading::COLUMNS.site.gt("m"),
            expect(&|r| r.site.as_str() > "m"),
        ),
        (
            Reading::COLUMNS.level.eq(3) & Reading::COLUMNS.note.eq("n2"),
            expect(&|r| r.level == 3 && r.note == "n2"),
        ),
        (
            Reading::COLUMNS.level.gt(3) & Reading::COLUMNS.kind.eq("a"),
            expect(&|r| r.level > 3 && r.kind == "a"),
        ),
        (
            Reading::COLUMNS.level.in_([3, 4]),
            expect(&|r| [3, 4].contains(&r.level)),
        ),
        (
            Reading::COLUMNS.seq.eq(2) & Reading::COLUMNS.level.gt(0),
            expect(&|r| r.seq == 2 && r.level > 0),
        ),
    ];
    for (filter, expected) in refused {
        let query = Reading::find().filter(|_| filter.clone());
        let err = query.all(&db).await.expect_err("needs ALLOW FILTERING");
        assert!(
            matches!(&err, Error::InvalidQuery(why) if why.is(coodie::InvalidQueryKind::NeedsAllowFiltering)),
            "{}: {err}",
            query.to_cql(ks)
        );
        let got = sorted(query.allow_filtering().all(&db).await.unwrap());
        assert_eq!(got, expected);
    }
}

/// Python coodie's vector-search shape (`Signal`, cosine, from the test
/// support) and two more similarity functions: one table each, one SAI index per
/// column.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "signals_dot")]
struct SignalDot {
    #[coodie(partition_key)]
    signal_id: Uuid,
    label: String,
    #[coodie(index(sai, similarity = "dot_product"))]
    embedding: [f32; 4],
}

#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "signals_euclid")]
struct SignalEuclid {
    #[coodie(partition_key)]
    signal_id: Uuid,
    #[coodie(index(sai))]
    label: String,
    #[coodie(index(sai, similarity = "euclidean"))]
    embedding: [f32; 4],
}

/// A deterministic fixture: `n` vectors from a small LCG, in [-1, 1).
fn fixture(n: usize, seed: u64) -> Vec<[f32; 4]> {
    let mut state = seed;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
    };
    (0..n).map(|_| [next(), next(), next(), next()]).collect()
}

fn normalized(v: [f32; 4]) -> [f32; 4] {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    v.map(|x| x / norm)
}

fn dot(a: &[f32; 4], b: &[f32; 4]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The labels of the `k` rows nearest to `query` under `similarity`, nearest
/// first, by brute force.
fn nearest(
    rows: &[(String, [f32; 4])],
    query: &[f32; 4],
    similarity: Similarity,
    k: usize,
) -> Vec<String> {
    let score = |v: &[f32; 4]| -> f32 {
        match similarity {
            Similarity::Cosine => dot(v, query) / (dot(v, v).sqrt() * dot(query, query).sqrt()),
            Similarity::DotProduct => dot(v, query),
            Similarity::Euclidean => -v
                .iter()
                .zip(query)
                .map(|(x, y)| (x - y) * (x - y))
                .sum::<f32>(),
        }
    };
    let mut scored: Vec<(f32, &String)> = rows.iter().map(|(l, v)| (score(v), l)).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    // The fixture must not have ties at the cut, or "the nearest k" is not one set.
    assert!(scored[k - 1].0 - scored[k].0 > 1e-4, "a tie at the cut");
    scored.into_iter().take(k).map(|(_, l)| l.clone()).collect()
}

/// The labels of the `k` rows of table `T` nearest to `query`, by `order_by_ann`.
macro_rules! nearest_labels {
    ($db:expr, $table:ty, $query:expr, $k:expr) => {
        <$table>::find()
            .order_by_ann(|c| c.embedding, $query)
            .limit($k as u32)
            .all($db)
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.label)
            .collect::<Vec<String>>()
    };
}

#[tokio::test]
async fn vector_search_returns_the_true_nearest_rows() {
    let db = coodie_test_support::fresh_keyspace("coodie_search_ann").await;
    let ks = "coodie_search_ann";
    let report = Signal::sync_table(&db).await.unwrap();
    assert!(
        report.executed.contains(&format!(
            "CREATE CUSTOM INDEX IF NOT EXISTS signals_embedding_idx ON {ks}.signals (\"embedding\") \
             USING 'StorageAttachedIndex' WITH OPTIONS = {{'similarity_function': 'COSINE'}}"
        )),
        "{:?}",
        report.executed
    );
    SignalDot::sync_table(&db).await.unwrap();
    SignalEuclid::sync_table(&db).await.unwrap();
    assert_eq!(
        Signal::schema().indexes[0].kind,
        IndexKind::Sai {
            similarity: Some(Similarity::Cosine)
        }
    );
    for again in [
        Signal::sync_table(&db).await.unwrap(),
        SignalDot::sync_table(&db).await.unwrap(),
        SignalEuclid::sync_table(&db).await.unwrap(),
    ] {
        assert!(
            again.executed.is_empty() && again.drift.is_empty(),
            "{again:?}"
        );
    }

    let raw = fixture(40, 7);
    let labelled: Vec<(String, [f32; 4])> = raw
        .iter()
        .enumerate()
        .map(|(i, v)| (format!("s{i:02}"), *v))
        .collect();
    let unit: Vec<(String, [f32; 4])> = labelled
        .iter()
        .map(|(l, v)| (l.clone(), normalized(*v)))
        .collect();
    for (label, v) in &labelled {
        let id = Uuid::new_v4();
        Signal {
            signal_id: id,
            label: label.clone(),
            embedding: *v,
        }
        .save(&db)
        .await
        .unwrap();
        SignalEuclid {
            signal_id: id,
            label: label.clone(),
            embedding: *v,
        }
        .save(&db)
        .await
        .unwrap();
    }
    // Dot product is meant for unit vectors (then it orders as cosine does).
    for (label, v) in &unit {
        SignalDot {
            signal_id: Uuid::new_v4(),
            label: label.clone(),
            embedding: *v,
        }
        .save(&db)
        .await
        .unwrap();
    }

    let queries = fixture(5, 99);
    let mut differs = false;
    for query in &queries {
        let k = 5;
        let cosine = nearest_labels!(&db, Signal, *query, k);
        assert_eq!(
            cosine,
            nearest(&labelled, query, Similarity::Cosine, k),
            "cosine {query:?}"
        );

        let unit_query = normalized(*query);
        let dot = nearest_labels!(&db, SignalDot, unit_query, k);
        assert_eq!(
            dot,
            nearest(&unit, &unit_query, Similarity::DotProduct, k),
            "dot {query:?}"
        );

        let euclid = nearest_labels!(&db, SignalEuclid, *query, k);
        let expected = nearest(&labelled, query, Similarity::Euclidean, k);
        assert_eq!(euclid, expected, "euclidean {query:?}");
        differs |= expected != nearest(&labelled, query, Similarity::Cosine, k);
    }
    assert!(differs, "the fixture must tell cosine from euclidean apart");

    let query = queries[0];
    // ANN with an SAI filter: only the rows that match.
    let filtered: Vec<String> = SignalEuclid::find()
        .filter(|c| c.label.eq("s03"))
        .order_by_ann(|c| c.embedding, query)
        .limit(3)
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.label)
        .collect();
    assert_eq!(filtered, ["s03"]);

    // The statement Python coodie sends for `order_by_ann(...).limit(2)`.
    assert_eq!(
        Signal::find()
            .order_by_ann(|c| c.embedding, query)
            .limit(2)
            .to_cql(ks),
        format!(
            "SELECT \"signal_id\", \"label\", \"embedding\" FROM {ks}.signals ORDER BY \"embedding\" ANN OF ? LIMIT ?"
        )
    );

    // Refused before sending.
    let no_limit = Signal::find()
        .order_by_ann(|c| c.embedding, query)
        .all(&db)
        .await;
    assert!(
        matches!(&no_limit, Err(Error::InvalidQuery(why)) if why.is(coodie::InvalidQueryKind::Limit)),
        "{no_limit:?}"
    );
    let unindexed_filter = Signal::find()
        .filter(|c| c.label.eq("s01"))
        .order_by_ann(|c| c.embedding, query)
        .limit(2)
        .allow_filtering()
        .all(&db)
        .await;
    assert!(
        matches!(&unindexed_filter, Err(Error::InvalidQuery(why)) if why.is(coodie::InvalidQueryKind::OrderBy)),
        "{unindexed_filter:?}"
    );
    // A count ignores the ordering.
    assert_eq!(
        Signal::find()
            .order_by_ann(|c| c.embedding, query)
            .limit(3)
            .count(&db)
            .await
            .unwrap(),
        40
    );
}

/// Sync compares the index kind and its similarity function: a vector index made
/// with another similarity is drift, never silently replaced.
#[tokio::test]
async fn a_vector_index_with_another_similarity_is_drift() {
    let db = coodie_test_support::fresh_keyspace("coodie_search_drift").await;
    db.execute_ddl(
        "CREATE TABLE coodie_search_drift.signals (\"signal_id\" uuid PRIMARY KEY, \"label\" text, \"embedding\" vector<float, 4>)",
    )
    .await
    .unwrap();
    db.execute_ddl(
        "CREATE CUSTOM INDEX signals_embedding_idx ON coodie_search_drift.signals (\"embedding\") USING 'StorageAttachedIndex' WITH OPTIONS = {'similarity_function': 'EUCLIDEAN'}",
    )
    .await
    .unwrap();
    let report = Signal::sync_table(&db).await.unwrap();
    assert!(report.executed.is_empty(), "{report:?}");
    assert_eq!(report.drift.len(), 1, "{report:?}");
    let drift = report.drift[0].to_string();
    assert!(
        drift.contains("signals_embedding_idx") && drift.contains("EUCLIDEAN"),
        "{drift}"
    );
}
