//! The ground everything stands on: a real server that runs tables and
//! materialized views, reached through coodie's session. Raw CQL on purpose: this
//! test checks the database, not the mapper.

use std::time::Duration;

use coodie_test_support::{eventually, fresh_keyspace};
use uuid::Uuid;

const KS: &str = "coodie_ground";

async fn names_in_view(db: &coodie::Session, category: &str) -> Vec<(Uuid, String)> {
    let cql = format!("SELECT id, name FROM {KS}.items_by_category WHERE category = ?");
    db.execute(&cql, (category,))
        .await
        .expect("view query")
        .into_rows_result()
        .expect("rows")
        .rows::<(Uuid, String)>()
        .expect("typed rows")
        .collect::<Result<_, _>>()
        .expect("row")
}

#[tokio::test]
async fn a_view_follows_its_base_table() {
    let db = fresh_keyspace(KS).await;
    db.execute_ddl(&format!(
        "CREATE TABLE {KS}.items (id uuid PRIMARY KEY, category text, name text)"
    ))
    .await
    .expect("create table");
    db.execute_ddl(&format!(
        "CREATE MATERIALIZED VIEW {KS}.items_by_category AS SELECT * FROM {KS}.items \
         WHERE category IS NOT NULL AND id IS NOT NULL PRIMARY KEY (category, id)"
    ))
    .await
    .expect("create view");

    let id = Uuid::new_v4();
    let insert = format!("INSERT INTO {KS}.items (id, category, name) VALUES (?, ?, ?)");
    db.execute(&insert, (id, "weapons", "Gravity Inversion Boots"))
        .await
        .expect("insert");

    let seen = eventually(Duration::from_secs(10), || async {
        let rows = names_in_view(&db, "weapons").await;
        (!rows.is_empty()).then_some(rows)
    })
    .await
    .expect("the row reaches the view within 10 s");
    assert_eq!(seen, vec![(id, "Gravity Inversion Boots".to_string())]);

    db.execute(&format!("DELETE FROM {KS}.items WHERE id = ?"), (id,))
        .await
        .expect("delete");
    let gone = eventually(Duration::from_secs(10), || async {
        names_in_view(&db, "weapons").await.is_empty().then_some(())
    })
    .await;
    assert!(gone.is_some(), "the row leaves the view within 10 s");

    db.drop_keyspace(KS).await.expect("drop keyspace");
    let left = db
        .execute(
            "SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?",
            (KS,),
        )
        .await
        .expect("schema query")
        .into_rows_result()
        .expect("rows")
        .rows_num();
    assert_eq!(left, 0, "the keyspace is gone");
}
