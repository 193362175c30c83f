//! Collection operators on `list`, `set` and `map` columns, deletes of chosen
//! cells, and the idempotence flag every statement carries, on the real node.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex};

use coodie::prelude::*;
use coodie::scylla::policies::retry::{RequestInfo, RetryDecision, RetryPolicy, RetrySession};
use coodie::{InvalidQueryKind, Session};
use uuid::Uuid;

const KS: &str = "coodie_updates";

#[derive(Document, Debug, Clone, PartialEq, Default)]
#[coodie(table = "carts")]
struct Cart {
    #[coodie(partition_key)]
    id: Uuid,
    name: String,
    /// `list<text>`
    log: Vec<String>,
    /// `set<text>`
    tags: BTreeSet<String>,
    /// `set<int>`
    codes: HashSet<i32>,
    /// `map<text, int>`
    qty: HashMap<String, i32>,
    /// `map<int, text>`
    labels: BTreeMap<i32, String>,
    /// `list<bigint>`, optional
    history: Option<Vec<i64>>,
    note: Option<String>,
}

/// A partition with a static column and a list per row.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "boards")]
struct Board {
    #[coodie(partition_key)]
    board: String,
    #[coodie(clustering_key)]
    card: i32,
    #[coodie(static_column)]
    title: Option<String>,
    #[coodie(static_column)]
    members: BTreeSet<String>,
    steps: Vec<String>,
}

fn cart(name: &str) -> Cart {
    Cart {
        id: Uuid::new_v4(),
        name: name.into(),
        log: vec!["a".into(), "b".into()],
        tags: ["red".to_string(), "big".to_string()].into(),
        codes: [1, 2].into(),
        qty: [("apple".to_string(), 1), ("pear".to_string(), 2)].into(),
        labels: [(1, "one".to_string())].into(),
        history: Some(vec![10]),
        note: Some("n".into()),
    }
}

/// Card `card` of `board`: the board titled "sprint" with member "ann", the card
/// at step "todo".
fn sprint_card(board: &str, card: i32) -> Board {
    Board {
        board: board.into(),
        card,
        title: Some("sprint".into()),
        members: ["ann".to_string()].into(),
        steps: strings(&["todo"]),
    }
}

async fn get(db: &Session, id: Uuid) -> Cart {
    Cart::get(db, id).await.unwrap().expect("the cart is there")
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[tokio::test]
async fn list_operators() {
    let db = setup().await;
    let c = cart("lists");
    c.save(&db).await.unwrap();

    Cart::update(c.id)
        .set(|c| c.log.append(["c", "d"]))
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(get(&db, c.id).await.log, strings(&["a", "b", "c", "d"]));

    Cart::update(c.id)
        .set(|c| c.log.prepend(["y", "z"]))
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(
        get(&db, c.id).await.log,
        strings(&["y", "z", "a", "b", "c", "d"]),
        "prepended elements keep their order"
    );

    Cart::update(c.id)
        .set(|c| c.log.set_at(2, "A"))
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(
        get(&db, c.id).await.log,
        strings(&["y", "z", "A", "b", "c", "d"])
    );

    Cart::update(c.id)
        .set(|c| c.log.append(["z"]))
        .execute(&db)
        .await
        .unwrap();
    Cart::update(c.id)
        .set(|c| c.log.remove(["z", "c"]))
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(
        get(&db, c.id).await.log,
        strings(&["y", "A", "b", "d"]),
        "remove takes every occurrence"
    );

    // An optional list, and an element past the end: the server refuses it.
    Cart::update(c.id)
        .set(|c| c.history.append([20, 30]))
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(get(&db, c.id).await.history, Some(vec![10, 20, 30]));
    let past_end = Cart::update(c.id)
        .set(|c| c.history.set_at(9, 1))
        .execute(&db)
        .await;
    assert!(
        matches!(past_end, Err(coodie::Error::Driver { .. })),
        "{past_end:?}"
    );

    // The other columns are untouched by all of it.
    let after = get(&db, c.id).await;
    assert_eq!(after.tags, c.tags);
    assert_eq!(after.qty, c.qty);
    assert_eq!(after.name, "lists");
}

#[tokio::test]
async fn set_operators() {
    let db = setup().await;
    let c = cart("sets");
    c.save(&db).await.unwrap();

    Cart::update(c.id)
        .set(|c| c.tags.add(["new", "red"]))
        .set(|c| c.codes.add([3]))
        .execute(&db)
        .await
        .unwrap();
    let now = get(&db, c.id).await;
    assert_eq!(
        now.tags,
        ["big", "new", "red"].map(String::from).into(),
        "an element already there stays once"
    );
    assert_eq!(now.codes, [1, 2, 3].into());

    Cart::update(c.id)
        .set(|c| c.tags.remove(["big", "absent"]))
        .set(|c| c.codes.remove([1, 2, 3]))
        .execute(&db)
        .await
        .unwrap();
    let now = get(&db, c.id).await;
    assert_eq!(now.tags, ["new", "red"].map(String::from).into());
    assert!(now.codes.is_empty(), "an emptied set reads as empty");
}

#[tokio::test]
async fn map_operators() {
    let db = setup().await;
    let c = cart("maps");
    c.save(&db).await.unwrap();

    Cart::update(c.id)
        .set(|c| c.qty.put("kiwi", 7))
        .set(|c| c.labels.put_all([(2, "two"), (1, "uno")]))
        .execute(&db)
        .await
        .unwrap();
    let now = get(&db, c.id).await;
    assert_eq!(
        now.qty,
        [("apple", 1), ("pear", 2), ("kiwi", 7)]
            .map(|(k, v)| (k.to_string(), v))
            .into()
    );
    assert_eq!(
        now.labels,
        [(1, "uno"), (2, "two")]
            .map(|(k, v)| (k, v.to_string()))
            .into(),
        "put_all replaces an entry that is there"
    );

    Cart::update(c.id)
        .set(|c| c.qty.put("apple", 5))
        .set(|c| c.qty.remove(["pear", "absent"]))
        .execute(&db)
        .await
        .unwrap();
    let now = get(&db, c.id).await;
    assert_eq!(
        now.qty,
        [("apple", 5), ("kiwi", 7)]
            .map(|(k, v)| (k.to_string(), v))
            .into()
    );
}

#[tokio::test]
async fn delete_chosen_cells_only() {
    let db = setup().await;
    let c = cart("cells");
    c.save(&db).await.unwrap();

    Cart::find()
        .filter(|k| k.id.eq(c.id))
        .delete()
        .column(|k| k.note)
        .column(|k| k.tags)
        .column(|k| k.qty.entry("apple"))
        .column(|k| k.log.element(0))
        .execute(&db)
        .await
        .unwrap();
    let now = get(&db, c.id).await;
    assert_eq!(now.note, None);
    assert!(now.tags.is_empty());
    assert_eq!(now.qty, [("pear".to_string(), 2)].into());
    assert_eq!(now.log, strings(&["b"]));
    // Untouched:
    assert_eq!(now.name, c.name);
    assert_eq!(now.codes, c.codes);
    assert_eq!(now.labels, c.labels);
    assert_eq!(now.history, c.history);

    // Chosen cells at a timestamp: the cells' values (a map key, a list index), then
    // the timestamp, then the key, each in its own marker. Older than the write, the
    // delete leaves the cells; newer, it removes them.
    let at = |micros: i64| {
        Cart::find()
            .filter(|k| k.id.eq(c.id))
            .delete()
            .column(|k| k.qty.entry("pear"))
            .column(|k| k.log.element(0))
            .timestamp(micros)
    };
    let written = Cart::find()
        .filter(|k| k.id.eq(c.id))
        .write_time(|k| k.name)
        .one(&db)
        .await
        .unwrap()
        .expect("the row's write time");
    at(written - 1).execute(&db).await.unwrap();
    let now = get(&db, c.id).await;
    assert_eq!(now.qty, [("pear".to_string(), 2)].into());
    assert_eq!(now.log, strings(&["b"]));
    at(written + 1).execute(&db).await.unwrap();
    let now = get(&db, c.id).await;
    assert!(now.qty.is_empty(), "{:?}", now.qty);
    assert!(now.log.is_empty(), "{:?}", now.log);

    // Conditional, with the applied flag.
    let outcome = Cart::find()
        .filter(|k| k.id.eq(c.id))
        .delete()
        .column(|k| k.labels)
        .if_(|k| k.name.eq("someone else"))
        .execute(&db)
        .await
        .unwrap();
    assert!(!outcome.applied);
    assert_eq!(
        outcome.current(|k| k.name).unwrap().as_deref(),
        Some("cells")
    );
    assert_eq!(get(&db, c.id).await.labels, c.labels);

    // Chosen cells need the full primary key (and key columns cannot be chosen:
    // `ui/key_position/key_columns_cannot_be_deleted_as_cells`).
    let no_key = Board::find()
        .filter(|k| k.board.eq("b"))
        .delete()
        .column(|k| k.steps)
        .execute(&db)
        .await;
    assert!(
        matches!(no_key, Err(coodie::Error::InvalidQuery(ref q)) if q.is(InvalidQueryKind::DeleteColumns)),
        "{no_key:?}"
    );
}

#[tokio::test]
async fn static_cells_by_partition() {
    let db = setup().await;
    let board = Uuid::new_v4().to_string();
    for card in 1..=2 {
        sprint_card(&board, card).save(&db).await.unwrap();
    }
    Board::update_partition(board.clone())
        .set(|c| c.members.add(["bob"]))
        .execute(&db)
        .await
        .unwrap();
    Board::update((board.clone(), 2))
        .set(|c| c.steps.append(["doing", "done"]))
        .execute(&db)
        .await
        .unwrap();
    let rows = Board::find()
        .filter(|c| c.board.eq(board.as_str()))
        .all(&db)
        .await
        .unwrap();
    assert!(
        rows.iter()
            .all(|r| r.members == ["ann", "bob"].map(String::from).into())
    );
    assert_eq!(rows[1].steps, strings(&["todo", "doing", "done"]));
    assert_eq!(rows[0].steps, strings(&["todo"]));

    // A static column by the partition key alone.
    Board::find()
        .filter(|c| c.board.eq(board.as_str()))
        .delete()
        .column(|c| c.title)
        .execute(&db)
        .await
        .unwrap();
    let rows = Board::find()
        .filter(|c| c.board.eq(board.as_str()))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 2, "the rows stay");
    assert!(rows.iter().all(|r| r.title.is_none()));
}

/// An update the server would refuse, or that would change other rows than the
/// ones asked for, is a typed error naming what is wrong, and writes nothing (a
/// primary-key column cannot even be assigned: its column has no `to`).
#[tokio::test]
async fn an_invalid_update_is_a_typed_error_and_writes_nothing() {
    let db = setup().await;
    let saved = cart("boots");
    saved.save(&db).await.unwrap();
    let board = Uuid::new_v4().to_string();
    sprint_card(&board, 1).save(&db).await.unwrap();

    let refused = [
        (
            Cart::update(saved.id).execute(&db).await.map(drop),
            "needs at least one `.set(…)`",
        ),
        (
            Board::update((board.clone(), 1))
                .set(|c| c.members.add(["bob"]))
                .execute(&db)
                .await
                .map(drop),
            "use `Board::update_partition(partition_key)`",
        ),
        (
            Board::update_partition(board.clone())
                .set(|c| c.members.add(["bob"]))
                .set(|c| c.steps.append(["doing"]))
                .execute(&db)
                .await
                .map(drop),
            "`update_partition` on `boards` can set only static columns",
        ),
    ];
    for (outcome, says) in refused {
        match outcome {
            Err(Error::InvalidQuery(why)) => {
                assert!(why.is(InvalidQueryKind::Assignment), "{why}");
                assert!(why.to_string().contains(says), "{why}");
            }
            other => panic!("expected an invalid assignment ({says}), got {other:?}"),
        }
    }
    assert_eq!(get(&db, saved.id).await, saved, "the cart is unchanged");
    let rows = Board::find()
        .filter(|c| c.board.eq(board.as_str()))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].members, ["ann".to_string()].into());
    assert_eq!(rows[0].steps, strings(&["todo"]));
}

/// The keyspace and tables, made once for all the tests of this file (they run
/// in parallel), and a session of the calling test's own.
async fn setup() -> Session {
    static TABLES: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    TABLES
        .get_or_init(|| async {
            let db = coodie_test_support::fresh_keyspace(KS).await;
            Cart::sync_table(&db).await.unwrap();
            Board::sync_table(&db).await.unwrap();
        })
        .await;
    coodie_test_support::connect(KS).await
}

#[test]
fn every_statement_carries_its_idempotence() {
    let id = Uuid::new_v4();
    let update = |f: fn(&CartColumns) -> coodie::query::Assignment<Cart>| {
        Cart::update(id).set(f).statement(KS).get_is_idempotent()
    };
    // Converging writes: idempotent.
    assert!(update(|c| c.name.to("x")));
    assert!(update(|c| c.tags.add(["x"])));
    assert!(update(|c| c.tags.remove(["x"])));
    assert!(update(|c| c.log.remove(["x"])));
    assert!(update(|c| c.qty.put("x", 1)));
    assert!(update(|c| c.qty.put_all([("x", 1)])));
    assert!(update(|c| c.qty.remove(["x"])));
    assert!(
        Cart::update(id)
            .clear(|c| c.note)
            .statement(KS)
            .get_is_idempotent()
    );
    // Applied twice, they do something else: not idempotent.
    assert!(!update(|c| c.log.append(["x"])));
    assert!(!update(|c| c.log.prepend(["x"])));
    assert!(!update(|c| c.log.set_at(0, "x")));
    let mixed = Cart::update(id)
        .set(|c| c.name.to("x"))
        .set(|c| c.log.append(["x"]));
    assert!(
        !mixed.statement(KS).get_is_idempotent(),
        "one append is enough"
    );
    // Lightweight transactions: never idempotent.
    let lwt = Cart::update(id).set(|c| c.name.to("x")).if_exists();
    assert!(!lwt.statement(KS).get_is_idempotent());
    let cas = Cart::update(id)
        .set(|c| c.name.to("x"))
        .if_(|c| c.name.eq("y"));
    assert!(!cas.statement(KS).get_is_idempotent());
    // The caller decides, both ways.
    let declared = Cart::update(id)
        .set(|c| c.log.append(["x"]))
        .idempotent(true);
    assert!(declared.is_idempotent());
    assert!(declared.statement(KS).get_is_idempotent());
    let declared = Cart::update(id).set(|c| c.name.to("x")).idempotent(false);
    assert!(!declared.statement(KS).get_is_idempotent());

    let delete = || Cart::find().filter(|c| c.id.eq(id)).delete();
    assert!(delete().statement(KS).get_is_idempotent());
    assert!(
        delete()
            .column(|c| c.note)
            .statement(KS)
            .get_is_idempotent()
    );
    assert!(
        delete()
            .column(|c| c.qty.entry("x"))
            .statement(KS)
            .get_is_idempotent()
    );
    assert!(
        !delete()
            .column(|c| c.log.element(0))
            .statement(KS)
            .get_is_idempotent()
    );
    assert!(!delete().if_exists().statement(KS).get_is_idempotent());
    assert!(
        delete()
            .if_exists()
            .idempotent(true)
            .statement(KS)
            .get_is_idempotent()
    );
}

/// A retry policy that records the idempotence flag the driver hands it for each
/// failed request, and never retries.
#[derive(Debug, Default, Clone)]
struct Recorder(Arc<Mutex<Vec<bool>>>);

impl RetryPolicy for Recorder {
    fn new_session(&self) -> Box<dyn RetrySession> {
        Box::new(self.clone())
    }
}

impl RetrySession for Recorder {
    fn decide_should_retry(&mut self, request: RequestInfo) -> RetryDecision {
        self.0.lock().unwrap().push(request.is_idempotent);
        RetryDecision::DontRetry
    }

    fn reset(&mut self) {}
}

impl Recorder {
    /// The flags recorded since the last call.
    fn take(&self) -> Vec<bool> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

/// What the driver's retry policy sees: every statement at consistency THREE
/// fails on one node (`Unavailable`), and the policy is asked whether to retry it,
/// with the statement's idempotence flag.
#[tokio::test]
async fn the_retry_policy_sees_each_statements_idempotence() {
    setup().await;
    let recorder = Recorder::default();
    let db = Session::builder()
        .hosts(coodie_test_support::hosts().split(','))
        .keyspace(KS)
        .retry_policy(Arc::new(recorder.clone()))
        .connect()
        .await
        .expect("run `make db-up`");
    let three = WriteOptions::new().consistency(Consistency::Three);
    let c = cart("retries");
    let id = c.id;

    let mut seen = Vec::new();
    let mut expect = |what: &str, result: coodie::Result<()>, idempotent: bool| {
        assert!(result.is_err(), "{what} at THREE on one node fails");
        let flags = recorder.take();
        seen.push((what.to_string(), flags.clone()));
        assert_eq!(flags, vec![idempotent], "{what}");
    };
    expect("save", c.save_with(&db, three).await, true);
    expect(
        "insert (IF NOT EXISTS)",
        c.insert_with(&db, three).await.map(|_| ()),
        false,
    );
    expect(
        "insert declared idempotent",
        c.insert_with(&db, three.idempotent(true)).await.map(|_| ()),
        true,
    );
    expect(
        "update set",
        Cart::update(id)
            .set(|c| c.name.to("x"))
            .options(three)
            .execute(&db)
            .await
            .map(|_| ()),
        true,
    );
    expect(
        "update append",
        Cart::update(id)
            .set(|c| c.log.append(["x"]))
            .options(three)
            .execute(&db)
            .await
            .map(|_| ()),
        false,
    );
    expect(
        "update if exists",
        Cart::update(id)
            .set(|c| c.name.to("x"))
            .if_exists()
            .options(three)
            .execute(&db)
            .await
            .map(|_| ()),
        false,
    );
    expect(
        "delete",
        Cart::find()
            .filter(|c| c.id.eq(id))
            .delete()
            .consistency(Consistency::Three)
            .execute(&db)
            .await
            .map(|_| ()),
        true,
    );
    expect(
        "delete list element",
        Cart::find()
            .filter(|c| c.id.eq(id))
            .delete()
            .column(|c| c.log.element(0))
            .consistency(Consistency::Three)
            .execute(&db)
            .await
            .map(|_| ()),
        false,
    );
    expect("delete doc", c.delete_with(&db, three).await, true);
    expect(
        "select",
        Cart::find()
            .filter(|c| c.id.eq(id))
            .consistency(Consistency::Three)
            .all(&db)
            .await
            .map(|_| ()),
        true,
    );
    let mut batch = Batch::logged().consistency(Consistency::Three);
    batch.save(&c).unwrap();
    expect("batch of saves", batch.execute(&db).await.map(|_| ()), true);
    let mut batch = Batch::logged().consistency(Consistency::Three);
    batch.insert(&c).unwrap();
    expect(
        "batch with an insert",
        batch.execute(&db).await.map(|_| ()),
        false,
    );
    println!("the retry policy saw: {seen:?}");
}
