//! A model on a database made by another program: compatible column types are
//! adapted (an `f64` field in a `float` column, an `i64` in an `int` one), the
//! rest is a typed `Error::ColumnTypeMismatch` naming table, column, CQL type and
//! Rust type, at sync and on every read and write, never a driver error.

use coodie::prelude::*;
use coodie::schema::Drift;
use coodie::{Error, Session};
use coodie_test_support::fresh_keyspace;
use uuid::Uuid;

/// The model: `price f64` (`double`), `stock i64` (`bigint`), `scores Vec<f64>`.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "items")]
struct Item {
    #[coodie(partition_key)]
    id: Uuid,
    name: String,
    price: f64,
    stock: Option<i64>,
    scores: Vec<f64>,
}

async fn ddl(db: &Session, cql: &str) {
    db.execute_ddl(cql)
        .await
        .unwrap_or_else(|e| panic!("{cql}: {e}"));
}

/// What is stored, read with the live column's own Rust types.
async fn stored(db: &Session, id: Uuid) -> (f32, Option<i32>, Vec<f32>) {
    db.execute(
        &format!(
            "SELECT price, stock, scores FROM {}.items WHERE id = ?",
            db.keyspace()
        ),
        (id,),
    )
    .await
    .unwrap()
    .into_rows_result()
    .unwrap()
    .single_row::<(f32, Option<i32>, Option<Vec<f32>>)>()
    .map(|(p, s, v)| (p, s, v.unwrap_or_default()))
    .unwrap()
}

#[tokio::test]
async fn a_model_reads_and_writes_the_narrower_columns_of_a_python_made_table() {
    let db = fresh_keyspace("compat_narrow").await;
    let ks = db.keyspace().to_string();
    // As Python coodie creates it: float for a Python float, int for a Python int.
    ddl(&db, &format!(
        "CREATE TABLE {ks}.items (id uuid PRIMARY KEY, name text, price float, stock int, scores list<float>)"
    ))
    .await;
    let python_row = Uuid::new_v4();
    db.execute(
        &format!("INSERT INTO {ks}.items (id, name, price, stock, scores) VALUES (?, ?, ?, ?, ?)"),
        (
            python_row,
            "from python",
            2999.99f32,
            7i32,
            vec![0.1f32, -1.5],
        ),
    )
    .await
    .unwrap();

    // Sync adds nothing, fails on nothing, and reports the three types as drift
    // that coodie adapts to.
    let report = Item::sync_table(&db).await.unwrap();
    assert!(report.executed.is_empty(), "{:?}", report.executed);
    assert_eq!(report.drift.len(), 3, "{:?}", report.drift);
    for drift in &report.drift {
        assert!(matches!(drift, Drift::ColumnType { .. }), "{drift}");
        assert!(drift.to_string().contains("compatible"), "{drift}");
    }

    // Reads widen: the float 2999.99 (2999.989990234375) reads as 2999.99.
    let item = Item::get(&db, python_row).await.unwrap().unwrap();
    assert_eq!(item.price, 2999.99);
    assert_eq!(item.stock, Some(7));
    assert_eq!(item.scores, [0.1, -1.5]);
    assert_eq!(
        Item::find()
            .filter(|c| c.id.eq(python_row))
            .all(&db)
            .await
            .unwrap(),
        std::slice::from_ref(&item)
    );

    // Writes narrow, in save, update and filter values.
    let rust_row = Item {
        id: Uuid::new_v4(),
        name: "from rust".into(),
        price: 12.34,
        stock: Some(i64::from(i32::MIN)),
        scores: vec![f64::INFINITY, 1e-3],
    };
    rust_row.save(&db).await.unwrap();
    assert_eq!(
        stored(&db, rust_row.id).await,
        (12.34f32, Some(i32::MIN), vec![f32::INFINITY, 1e-3])
    );
    assert_eq!(
        Item::get(&db, rust_row.id).await.unwrap().unwrap(),
        rust_row
    );
    Item::update(rust_row.id)
        .set(|c| c.price.to(0.3))
        .set(|c| c.stock.to(42i64))
        .execute(&db)
        .await
        .unwrap();
    let updated = Item::get(&db, rust_row.id).await.unwrap().unwrap();
    assert_eq!((updated.price, updated.stock), (0.3, Some(42)));
    let conditional = Item::update(rust_row.id)
        .set(|c| c.price.to(0.5))
        .if_(|c| c.price.eq(0.3))
        .execute(&db)
        .await
        .unwrap();
    assert!(
        conditional.applied,
        "the condition's 0.3 is narrowed like the stored one"
    );

    // A value that does not fit the narrower column is a typed error; nothing is written.
    let too_big = Item {
        price: 1e300,
        ..rust_row.clone()
    };
    let err = too_big.save(&db).await.unwrap_err();
    assert!(
        matches!(&err, Error::ValueOutOfRange { column, .. } if column == "price"),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("does not fit a CQL `float` column"),
        "{err}"
    );
    let too_many = Item {
        stock: Some(1 << 40),
        ..rust_row.clone()
    };
    assert!(matches!(
        too_many.save(&db).await.unwrap_err(),
        Error::ValueOutOfRange { column, .. } if column == "stock"
    ));
    assert_eq!(
        Item::get(&db, rust_row.id).await.unwrap().unwrap().price,
        0.5
    );
}

#[tokio::test]
async fn a_column_the_model_cannot_use_is_a_typed_error_at_sync_read_and_write() {
    let db = fresh_keyspace("compat_mismatch").await;
    let ks = db.keyspace().to_string();
    ddl(&db, &format!(
        "CREATE TABLE {ks}.items (id uuid PRIMARY KEY, name text, price text, stock bigint, scores list<double>)"
    ))
    .await;
    let id = Uuid::new_v4();
    db.execute(
        &format!("INSERT INTO {ks}.items (id, name, price) VALUES (?, 'x', 'cheap')"),
        (id,),
    )
    .await
    .unwrap();
    let expected = |err: &Error| match err {
        Error::ColumnTypeMismatch(m) => {
            assert_eq!(m.table, format!("{ks}.items"));
            assert_eq!(m.column, "price");
            assert_eq!(m.database_type, "text");
            assert_eq!(m.rust_type, "f64");
        }
        other => panic!("expected ColumnTypeMismatch, got {other:?}"),
    };

    // Sync: before any statement runs.
    let err = Item::sync_table(&db).await.unwrap_err();
    expected(&err);
    assert_eq!(
        err.to_string(),
        format!(
            "column `price` of `{ks}.items` is `text` in the database, which the model's Rust type `f64` (CQL `double`) cannot read or write. \
         Fix: give the field a Rust type that maps to `text` (see the type table in coodie's README), \
         or migrate the column (add one of the model's type, copy the values over, drop the old one)"
        )
    );
    // A dry run still reports it, as drift.
    let plan = Item::sync_table_with(&db, SyncOptions::default().dry_run(true))
        .await
        .unwrap();
    assert!(plan.drift.contains(&Drift::ColumnType {
        column: "price".into(),
        expected: "double".into(),
        actual: "text".into()
    }));
    // Reads (one row, all rows, a stream) and writes name the same column.
    expected(&Item::get(&db, id).await.unwrap_err());
    expected(&Item::all(&db).await.unwrap_err());
    {
        use futures::StreamExt;
        let mut rows = Item::find().stream(&db);
        expected(
            &rows
                .next()
                .await
                .expect("the error, as an item")
                .unwrap_err(),
        );
        assert!(
            rows.next().await.is_none(),
            "a stream of the wrong columns ends at its error"
        );
    }
    let item = Item {
        id,
        name: "x".into(),
        price: 1.0,
        stock: None,
        scores: vec![],
    };
    match item.save(&db).await.unwrap_err() {
        Error::ColumnTypeMismatch(m) => {
            assert_eq!(
                (m.column.as_str(), m.database_type.as_str()),
                ("price", "text")
            );
            assert_eq!(m.table, format!("{ks}.items"));
        }
        other => panic!("expected ColumnTypeMismatch, got {other:?}"),
    }
}
