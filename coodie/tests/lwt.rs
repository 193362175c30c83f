//! Lightweight transactions: INSERT IF NOT EXISTS, UPDATE IF EXISTS / IF col =
//! value, DELETE IF EXISTS, each both ways.

use coodie::prelude::*;
use uuid::Uuid;

const KS: &str = "coodie_lwt";

#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "accounts")]
struct Account {
    #[coodie(partition_key)]
    id: Uuid,
    owner: String,
    balance: i64,
    note: Option<String>,
}

fn account(owner: &str, balance: i64) -> Account {
    Account {
        id: Uuid::new_v4(),
        owner: owner.into(),
        balance,
        note: None,
    }
}

#[tokio::test]
async fn conditional_writes_both_ways() {
    let db = coodie_test_support::fresh_keyspace(KS).await;
    Account::sync_table(&db).await.unwrap();

    // INSERT IF NOT EXISTS: applied, then refused with the row that is there.
    let first = account("ann", 100);
    let outcome = first.insert(&db).await.unwrap();
    assert!(outcome.applied);
    assert_eq!(outcome.existing, None);
    let rival = Account {
        owner: "bob".into(),
        balance: 1,
        ..first.clone()
    };
    let outcome = rival.insert(&db).await.unwrap();
    assert!(!outcome.applied);
    assert_eq!(outcome.existing, Some(first.clone()));
    assert_eq!(
        Account::get(&db, first.id).await.unwrap(),
        Some(first.clone()),
        "the first insert wins"
    );

    // UPDATE … IF EXISTS: applied on a row that exists, not on one that does not.
    let applied = Account::update(first.id)
        .set(|c| c.balance.to(150))
        .if_exists()
        .execute(&db)
        .await
        .unwrap();
    assert!(applied);
    let ghost = Uuid::new_v4();
    let applied = Account::update(ghost)
        .set(|c| c.balance.to(1))
        .if_exists()
        .execute(&db)
        .await
        .unwrap();
    assert!(!applied);
    assert_eq!(Account::get(&db, ghost).await.unwrap(), None, "no upsert");

    // UPDATE … IF col = value: compare-and-set.
    let applied = Account::update(first.id)
        .set(|c| c.balance.to(120))
        .if_(|c| c.balance.eq(150))
        .execute(&db)
        .await
        .unwrap();
    assert!(applied);
    let applied = Account::update(first.id)
        .set(|c| c.balance.to(0))
        .if_(|c| c.balance.eq(150))
        .execute(&db)
        .await
        .unwrap();
    assert!(!applied, "the balance is 120 now");
    let applied = Account::update(first.id)
        .set(|c| c.note.to("checked"))
        .if_(|c| c.owner.eq("ann"))
        .if_(|c| c.balance.ge(100))
        .execute(&db)
        .await
        .unwrap();
    assert!(applied);
    let now = Account::get(&db, first.id).await.unwrap().unwrap();
    assert_eq!(now.balance, 120);
    assert_eq!(now.note.as_deref(), Some("checked"));

    // DELETE … IF col = value and IF EXISTS.
    let applied = Account::find()
        .filter(|c| c.id.eq(first.id))
        .delete()
        .if_(|c| c.owner.eq("bob"))
        .execute(&db)
        .await
        .unwrap();
    assert!(!applied);
    assert!(Account::get(&db, first.id).await.unwrap().is_some());
    let applied = Account::find()
        .filter(|c| c.id.eq(first.id))
        .delete()
        .if_exists()
        .execute(&db)
        .await
        .unwrap();
    assert!(applied);
    let applied = Account::find()
        .filter(|c| c.id.eq(first.id))
        .delete()
        .if_exists()
        .execute(&db)
        .await
        .unwrap();
    assert!(!applied, "already gone");

    // With a serial consistency of its own.
    let second = account("cy", 5);
    let outcome = second
        .insert_with(
            &db,
            WriteOptions::new().serial_consistency(coodie::query::SerialConsistency::LocalSerial),
        )
        .await
        .unwrap();
    assert!(outcome.applied);
}
