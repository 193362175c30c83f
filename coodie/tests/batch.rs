//! Logged and unlogged batches across two document types.

use coodie::prelude::*;
use uuid::Uuid;

const KS: &str = "coodie_batch";

#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "orders")]
struct Order {
    #[coodie(partition_key)]
    id: Uuid,
    customer: String,
    total: f64,
}

#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "order_lines")]
struct OrderLine {
    #[coodie(partition_key)]
    order: Uuid,
    #[coodie(clustering_key)]
    line: i32,
    sku: String,
    note: Option<String>,
}

fn order(customer: &str) -> (Order, Vec<OrderLine>) {
    let id = Uuid::new_v4();
    let lines = (1..=3)
        .map(|line| OrderLine {
            order: id,
            line,
            sku: format!("sku-{line}"),
            note: None,
        })
        .collect();
    (
        Order {
            id,
            customer: customer.into(),
            total: 30.0,
        },
        lines,
    )
}

async fn lines_of(db: &Session, id: Uuid) -> Vec<OrderLine> {
    OrderLine::find()
        .filter(|c| c.order.eq(id))
        .all(db)
        .await
        .unwrap()
}

#[tokio::test]
async fn batches_across_documents() {
    let db = coodie_test_support::fresh_keyspace(KS).await;
    Order::sync_table(&db).await.unwrap();
    OrderLine::sync_table(&db).await.unwrap();

    // Logged: an order and its lines together.
    let (first, first_lines) = order("ann");
    let mut batch = Batch::logged();
    batch.save(&first).unwrap();
    for line in &first_lines {
        batch.save(line).unwrap();
    }
    assert_eq!(batch.len(), 4);
    assert!(batch.to_cql("ks")[0].starts_with("INSERT INTO ks.orders"));
    assert!(batch.execute(&db).await.unwrap());
    assert_eq!(
        Order::get(&db, first.id).await.unwrap(),
        Some(first.clone())
    );
    assert_eq!(lines_of(&db, first.id).await, first_lines);

    // Consecutive entries of one statement share it; a different model or
    // `USING` shape starts another: the TTL'd line between two plain ones.
    let (third, third_lines) = order("cy");
    let mut runs = Batch::logged();
    runs.save(&third_lines[0])
        .unwrap()
        .save_with(
            &third_lines[1],
            &WriteOptions::new().ttl(std::time::Duration::from_secs(60)),
        )
        .unwrap()
        .save(&third_lines[2])
        .unwrap()
        .save(&third)
        .unwrap();
    let cql = runs.to_cql("ks");
    assert_eq!(cql.len(), 4);
    assert!(cql[1].contains("USING TTL ?"), "{}", cql[1]);
    assert!(!cql[0].contains("USING") && cql[0] == cql[2], "{cql:?}");
    assert!(cql[3].starts_with("INSERT INTO ks.orders"), "{}", cql[3]);

    // Unlogged, with a per-entry TTL option and a delete.
    let (second, second_lines) = order("bob");
    let mut batch = Batch::unlogged().consistency(Consistency::One);
    batch
        .save(&second)
        .unwrap()
        .save_with(
            &second_lines[0],
            &WriteOptions::new().ttl(std::time::Duration::from_secs(3600)),
        )
        .unwrap()
        .delete(&first_lines[2])
        .unwrap()
        .delete_by_key::<OrderLine>((first.id, 1))
        .unwrap();
    assert!(batch.execute(&db).await.unwrap());
    assert_eq!(
        Order::get(&db, second.id).await.unwrap(),
        Some(second.clone())
    );
    assert_eq!(lines_of(&db, second.id).await, second_lines[..1]);
    assert_eq!(lines_of(&db, first.id).await, first_lines[1..2]);

    // One timestamp for the whole batch: an older batch loses to newer cells.
    let now = chrono::Utc::now().timestamp_micros();
    let newer = Order {
        total: 99.0,
        ..second.clone()
    };
    newer
        .save_with(&db, WriteOptions::new().timestamp(now))
        .await
        .unwrap();
    let older = Order {
        total: 1.0,
        ..second.clone()
    };
    let mut batch = Batch::logged().timestamp(now - 1_000);
    batch.save(&older).unwrap();
    batch.execute(&db).await.unwrap();
    assert_eq!(
        Order::get(&db, second.id).await.unwrap().unwrap().total,
        99.0
    );

    // A conditional batch (one partition): applied once, then not.
    let (third, third_lines) = order("cy");
    let mut batch = Batch::logged();
    batch
        .insert(&third_lines[0])
        .unwrap()
        .insert(&third_lines[1])
        .unwrap();
    assert!(batch.execute(&db).await.unwrap());
    let mut again = Batch::logged();
    again.insert(&third_lines[0]).unwrap();
    assert!(!again.execute(&db).await.unwrap());
    let _ = third;

    // An empty batch is a no-op.
    assert!(Batch::logged().execute(&db).await.unwrap());
}

#[tokio::test]
async fn save_all_adds_every_document_as_save_does() {
    let db = coodie_test_support::fresh_keyspace("coodie_batch_save_all").await;
    Order::sync_table(&db).await.unwrap();
    OrderLine::sync_table(&db).await.unwrap();
    let (order, lines) = order("dee");

    // The lines after a TTL'd one continue no run of it; the saves after them
    // continue theirs; nothing from an empty list.
    let mut batch = Batch::logged();
    batch
        .save_with(
            &order,
            &WriteOptions::new().ttl(std::time::Duration::from_secs(3600)),
        )
        .unwrap()
        .save_all(&lines[..2])
        .unwrap()
        .save_all(std::iter::empty::<&OrderLine>())
        .unwrap()
        .save(&lines[2])
        .unwrap();
    assert_eq!(batch.len(), 4);
    let mut by_save = Batch::logged();
    by_save
        .save_with(
            &order,
            &WriteOptions::new().ttl(std::time::Duration::from_secs(3600)),
        )
        .unwrap();
    for line in &lines {
        by_save.save(line).unwrap();
    }
    assert_eq!(batch.to_cql("ks"), by_save.to_cql("ks"));
    assert!(batch.execute(&db).await.unwrap());
    assert_eq!(lines_of(&db, order.id).await, lines);
    assert_eq!(
        Order::get(&db, order.id).await.unwrap().as_ref(),
        Some(&order)
    );
}
