//! Lightweight transactions: INSERT IF NOT EXISTS, UPDATE/DELETE IF EXISTS and
//! IF with every condition operator on regular and static columns, each both ways,
//! with the applied flag and the cells the server found, typed.

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
        .unwrap()
        .applied;
    assert!(applied);
    let ghost = Uuid::new_v4();
    let applied = Account::update(ghost)
        .set(|c| c.balance.to(1))
        .if_exists()
        .execute(&db)
        .await
        .unwrap()
        .applied;
    assert!(!applied);
    assert_eq!(Account::get(&db, ghost).await.unwrap(), None, "no upsert");

    // UPDATE … IF col = value: compare-and-set.
    let applied = Account::update(first.id)
        .set(|c| c.balance.to(120))
        .if_(|c| c.balance.eq(150))
        .execute(&db)
        .await
        .unwrap()
        .applied;
    assert!(applied);
    let applied = Account::update(first.id)
        .set(|c| c.balance.to(0))
        .if_(|c| c.balance.eq(150))
        .execute(&db)
        .await
        .unwrap()
        .applied;
    assert!(!applied, "the balance is 120 now");
    let applied = Account::update(first.id)
        .set(|c| c.note.to("checked"))
        .if_(|c| c.owner.eq("ann"))
        .if_(|c| c.balance.ge(100))
        .execute(&db)
        .await
        .unwrap()
        .applied;
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
        .unwrap()
        .applied;
    assert!(!applied);
    assert!(Account::get(&db, first.id).await.unwrap().is_some());
    let applied = Account::find()
        .filter(|c| c.id.eq(first.id))
        .delete()
        .if_exists()
        .execute(&db)
        .await
        .unwrap()
        .applied;
    assert!(applied);
    let applied = Account::find()
        .filter(|c| c.id.eq(first.id))
        .delete()
        .if_exists()
        .execute(&db)
        .await
        .unwrap()
        .applied;
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

/// Rows of a partition with a static column, for conditions on both kinds.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "ledgers")]
struct Ledger {
    #[coodie(partition_key)]
    account: Uuid,
    #[coodie(clustering_key)]
    seq: i32,
    #[coodie(static_column)]
    credit: Option<i64>,
    amount: i64,
    state: String,
}

#[tokio::test]
async fn every_condition_operator_on_regular_and_static_columns() {
    let db = coodie_test_support::fresh_keyspace("coodie_lwt_conditions").await;
    Ledger::sync_table(&db).await.unwrap();
    let account = Uuid::new_v4();
    let row = Ledger {
        account,
        seq: 1,
        credit: Some(100),
        amount: 10,
        state: "open".into(),
    };
    assert!(row.insert(&db).await.unwrap().applied);

    // Each operator once true (applied) and once false (not applied, and the
    // cell that decided it comes back typed).
    type Cond = fn(&LedgerColumns) -> Filter<Ledger>;
    let cases: Vec<(&str, Cond, Cond)> = vec![
        ("=", |c| c.amount.eq(10), |c| c.amount.eq(11)),
        ("!=", |c| c.amount.ne(11), |c| c.amount.ne(10)),
        ("<", |c| c.amount.lt(11), |c| c.amount.lt(10)),
        ("<=", |c| c.amount.le(10), |c| c.amount.le(9)),
        (">", |c| c.amount.gt(9), |c| c.amount.gt(10)),
        (">=", |c| c.amount.ge(10), |c| c.amount.ge(11)),
        ("IN", |c| c.amount.in_([1, 10]), |c| c.amount.in_([1, 2])),
        ("= (static)", |c| c.credit.eq(100), |c| c.credit.eq(5)),
        ("!= (static)", |c| c.credit.ne(5), |c| c.credit.ne(100)),
        ("< (static)", |c| c.credit.lt(101), |c| c.credit.lt(100)),
        (">= (static)", |c| c.credit.ge(100), |c| c.credit.ge(101)),
        (
            "IN (static)",
            |c| c.credit.in_([100, 200]),
            |c| c.credit.in_([1]),
        ),
    ];
    for (op, holds, fails) in cases {
        let outcome = Ledger::update((account, 1))
            .set(|c| c.state.to(format!("checked {op}")))
            .if_(holds)
            .execute(&db)
            .await
            .unwrap_or_else(|e| panic!("IF {op}: {e}"));
        assert!(outcome.applied, "IF {op} holds");
        assert_eq!(outcome.existing, None);
        let outcome = Ledger::update((account, 1))
            .set(|c| c.state.to("wrong"))
            .if_(fails)
            .execute(&db)
            .await
            .unwrap();
        assert!(!outcome.applied, "IF {op} fails");
        if op.contains("static") {
            assert_eq!(outcome.current(|c| c.credit).unwrap(), Some(100), "{op}");
        } else {
            assert_eq!(outcome.current(|c| c.amount).unwrap(), Some(10), "{op}");
        }
        assert_eq!(
            outcome.current(|c| c.state).unwrap(),
            None,
            "only the columns of the condition come back"
        );
        assert_eq!(outcome.existing, None, "not the whole row");
        let now = Ledger::get(&db, (account, 1)).await.unwrap().unwrap();
        assert_eq!(now.state, format!("checked {op}"), "IF {op}");
    }

    // Conditions ANDed, across a regular and a static column.
    let outcome = Ledger::update((account, 1))
        .set(|c| c.amount.to(20))
        .if_(|c| c.amount.eq(10) & c.credit.gt(50))
        .if_(|c| c.state.ne("closed"))
        .execute(&db)
        .await
        .unwrap();
    assert!(outcome.applied);

    // A static column by its partition, conditionally.
    let outcome = Ledger::update_partition(account)
        .set(|c| c.credit.to(0))
        .if_(|c| c.credit.eq(100))
        .execute(&db)
        .await
        .unwrap();
    assert!(outcome.applied);
    assert_eq!(
        Ledger::get(&db, (account, 1))
            .await
            .unwrap()
            .unwrap()
            .credit,
        Some(0)
    );

    // IF EXISTS / IF NOT EXISTS, with the row that is there typed.
    let taken = Ledger {
        amount: 99,
        ..row.clone()
    };
    let outcome = taken.insert(&db).await.unwrap();
    assert!(!outcome.applied);
    let existing = outcome.existing.clone().expect("the whole row comes back");
    assert_eq!((existing.amount, existing.credit), (20, Some(0)));
    assert_eq!(outcome.current(|c| c.amount).unwrap(), Some(20));
    let gone = Ledger::update((account, 2))
        .set(|c| c.amount.to(1))
        .if_exists()
        .execute(&db)
        .await
        .unwrap();
    assert!(!gone.applied);
    assert_eq!(gone.current(|c| c.amount).unwrap(), None);
    let deleted = Ledger::find()
        .filter(|c| c.account.eq(account) & c.seq.eq(1))
        .delete()
        .if_(|c| c.amount.in_([20, 30]))
        .execute(&db)
        .await
        .unwrap();
    assert!(deleted.applied);

    // What the server would refuse is a typed error first.
    let on_key = Ledger::update((account, 1))
        .set(|c| c.amount.to(1))
        .if_(|c| c.seq.eq(1))
        .execute(&db)
        .await;
    assert!(
        matches!(on_key, Err(coodie::Error::InvalidQuery(ref q)) if q.is(coodie::InvalidQueryKind::Condition)),
        "{on_key:?}"
    );
    let ne_in_where = Ledger::find()
        .filter(|c| c.account.eq(account) & c.seq.ne(1))
        .all(&db)
        .await;
    assert!(
        matches!(ne_in_where, Err(coodie::Error::InvalidQuery(ref q)) if q.is(coodie::InvalidQueryKind::Operator)),
        "{ne_in_where:?}"
    );
}
