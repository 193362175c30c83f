//! The checker: reads the base table and both views straight from the database
//! and compares them with what the server acknowledged.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use coodie::Session;
use coodie::prelude::*;
use materialized_views_demo::models::{Product, ProductByBrand, ProductByCategory};
use uuid::Uuid;

use crate::traffic::Ledger;

/// What the checker found.
#[derive(Debug, Default)]
pub struct Verdict {
    /// Rows of the base table at the last read.
    pub base_rows: usize,
    /// Rows of `products_by_category`.
    pub category_rows: usize,
    /// Rows of `products_by_brand`.
    pub brand_rows: usize,
    /// Acknowledged creates checked (present, same values, in all three).
    pub creates_checked: usize,
    /// Acknowledged deletes checked (gone from all three).
    pub deletes_checked: usize,
    /// Rows from creates that got no answer either way and were stored anyway.
    pub unsure_stored: usize,
    /// Products whose delete got no answer either way and that are still there.
    pub unsure_deletes_present: usize,
    /// From the end of the load until the base table was right (its first read).
    pub base_settled: Option<Duration>,
    /// From the end of the load until both views matched the base table.
    pub views_settled: Option<Duration>,
    /// Full reads of the three tables it took.
    pub rounds: usize,
    /// What was still wrong at the last read (empty: all good).
    pub problems: Vec<String>,
}

/// One read of the three tables.
struct Snapshot {
    base: HashMap<Uuid, Product>,
    by_category: HashMap<Uuid, ProductByCategory>,
    by_brand: HashMap<Uuid, ProductByBrand>,
}

async fn snapshot(db: &Session) -> coodie::Result<Snapshot> {
    let base = Product::find().page_size(1000).all(db).await?;
    let by_category = ProductByCategory::find().page_size(1000).all(db).await?;
    let by_brand = ProductByBrand::find().page_size(1000).all(db).await?;
    Ok(Snapshot {
        base: base.into_iter().map(|p| (p.id, p)).collect(),
        by_category: by_category.into_iter().map(|p| (p.id, p)).collect(),
        by_brand: by_brand.into_iter().map(|p| (p.id, p)).collect(),
    })
}

fn as_category_row(p: &Product) -> ProductByCategory {
    ProductByCategory {
        category: p.category.clone(),
        id: p.id,
        name: p.name.clone(),
        brand: p.brand.clone(),
        price: p.price,
        description: p.description.clone(),
        created_at: p.created_at,
    }
}

fn as_brand_row(p: &Product) -> ProductByBrand {
    ProductByBrand {
        brand: p.brand.clone(),
        id: p.id,
        name: p.name.clone(),
        category: p.category.clone(),
        price: p.price,
        description: p.description.clone(),
        created_at: p.created_at,
    }
}

/// What is wrong with the base table, given the ledger.
fn base_problems(ledger: &Ledger, s: &Snapshot, verdict: &mut Verdict) -> Vec<String> {
    let mut problems = Vec::new();
    for (id, acked) in &ledger.live {
        match s.base.get(id) {
            None => problems.push(format!("acknowledged create {id} is missing from products")),
            Some(row) if row != acked => {
                problems.push(format!("products {id} is {row:?}, acknowledged {acked:?}"))
            }
            Some(_) => {}
        }
    }
    for id in &ledger.deleted {
        if s.base.contains_key(id) {
            problems.push(format!("acknowledged delete {id} is still in products"));
        }
    }
    verdict.unsure_stored = 0;
    verdict.unsure_deletes_present = 0;
    for (id, row) in &s.base {
        if ledger.live.contains_key(id) || ledger.deleted.contains(id) {
            continue;
        }
        if ledger.unsure_deletes.contains(id) {
            verdict.unsure_deletes_present += 1;
        } else if ledger.unsure_creates.contains(&row.name) {
            verdict.unsure_stored += 1;
        } else {
            problems.push(format!("products holds {row:?}, which no client created"));
        }
    }
    problems
}

/// What is wrong with the views: each must be the base table, re-keyed.
fn view_problems(s: &Snapshot) -> Vec<String> {
    let mut problems = Vec::new();
    for (id, p) in &s.base {
        match s.by_category.get(id) {
            Some(row) if *row == as_category_row(p) => {}
            other => problems.push(format!("products_by_category {id}: {other:?}, base {p:?}")),
        }
        match s.by_brand.get(id) {
            Some(row) if *row == as_brand_row(p) => {}
            other => problems.push(format!("products_by_brand {id}: {other:?}, base {p:?}")),
        }
    }
    for id in s.by_category.keys().filter(|id| !s.base.contains_key(id)) {
        problems.push(format!(
            "products_by_category holds {id}, which products does not"
        ));
    }
    for id in s.by_brand.keys().filter(|id| !s.base.contains_key(id)) {
        problems.push(format!(
            "products_by_brand holds {id}, which products does not"
        ));
    }
    problems
}

/// Reads the three tables until they agree with the ledger, at most `settle`
/// after `ended` (the end of the load). The base table is read at the session's
/// consistency; it must be right from the first read, since every write it is
/// checked against was acknowledged.
pub async fn check(db: &Session, ledger: &Ledger, ended: Instant, settle: Duration) -> Verdict {
    let mut verdict = Verdict {
        creates_checked: ledger.live.len(),
        deletes_checked: ledger.deleted.len(),
        ..Verdict::default()
    };
    loop {
        verdict.rounds += 1;
        let read = snapshot(db).await;
        let mut problems = match &read {
            Ok(s) => {
                verdict.base_rows = s.base.len();
                verdict.category_rows = s.by_category.len();
                verdict.brand_rows = s.by_brand.len();
                let base = base_problems(ledger, s, &mut verdict);
                if base.is_empty() && verdict.base_settled.is_none() {
                    verdict.base_settled = Some(ended.elapsed());
                }
                if verdict.rounds == 1 && !base.is_empty() {
                    // Acknowledged writes missing at the first read: lost, not late.
                    verdict.problems = base;
                    verdict
                        .problems
                        .insert(0, "at the first read of products:".into());
                    return verdict;
                }
                let mut all = base;
                let views = view_problems(s);
                if views.is_empty() && verdict.views_settled.is_none() {
                    verdict.views_settled = Some(ended.elapsed());
                }
                all.extend(views);
                all
            }
            Err(e) => vec![format!("reading the tables failed: {e}")],
        };
        if problems.is_empty() {
            verdict.problems.clear();
            return verdict;
        }
        if ended.elapsed() >= settle {
            problems.truncate(20);
            verdict.problems = problems;
            return verdict;
        }
        verdict.views_settled = None;
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product(name: &str) -> Product {
        Product {
            id: Uuid::new_v4(),
            name: name.into(),
            category: "c".into(),
            brand: "b".into(),
            price: 1.5,
            description: None,
            created_at: chrono::DateTime::from_timestamp_millis(1_700_000_000_123).unwrap(),
        }
    }

    fn snapshot_of(rows: &[Product]) -> Snapshot {
        Snapshot {
            base: rows.iter().map(|p| (p.id, p.clone())).collect(),
            by_category: rows.iter().map(|p| (p.id, as_category_row(p))).collect(),
            by_brand: rows.iter().map(|p| (p.id, as_brand_row(p))).collect(),
        }
    }

    #[test]
    fn a_consistent_snapshot_has_no_problems() {
        let (a, b) = (product("a"), product("b"));
        let mut ledger = Ledger::default();
        ledger.live.insert(a.id, a.clone());
        ledger.deleted.insert(b.id);
        let s = snapshot_of(&[a]);
        assert!(base_problems(&ledger, &s, &mut Verdict::default()).is_empty());
        assert!(view_problems(&s).is_empty());
    }

    #[test]
    fn a_lost_changed_resurrected_or_unknown_row_is_a_problem() {
        let (lost, changed, resurrected, stranger) = (
            product("lost"),
            product("changed"),
            product("back"),
            product("who"),
        );
        let mut ledger = Ledger::default();
        ledger.live.insert(lost.id, lost.clone());
        ledger.live.insert(changed.id, changed.clone());
        ledger.deleted.insert(resurrected.id);
        let mut stored = changed.clone();
        stored.price = 2.5;
        let s = snapshot_of(&[stored, resurrected, stranger]);
        let problems = base_problems(&ledger, &s, &mut Verdict::default());
        assert_eq!(problems.len(), 4, "{problems:#?}");
    }

    #[test]
    fn a_view_row_missing_stale_or_left_over_is_a_problem() {
        let (a, b) = (product("a"), product("b"));
        let mut s = snapshot_of(std::slice::from_ref(&a));
        s.by_brand.clear();
        s.by_category.get_mut(&a.id).unwrap().name = "stale".into();
        s.by_category.insert(b.id, as_category_row(&b));
        assert_eq!(view_problems(&s).len(), 3, "{:#?}", view_problems(&s));
    }

    #[test]
    fn unanswered_writes_are_allowed_either_way() {
        let (maybe_created, maybe_deleted) = (product("maybe"), product("gone?"));
        let mut ledger = Ledger::default();
        ledger.unsure_creates.insert(maybe_created.name.clone());
        ledger.unsure_deletes.insert(maybe_deleted.id);
        let mut verdict = Verdict::default();
        let s = snapshot_of(&[maybe_created, maybe_deleted]);
        assert!(base_problems(&ledger, &s, &mut verdict).is_empty());
        assert_eq!(
            (verdict.unsure_stored, verdict.unsure_deletes_present),
            (1, 1)
        );
    }
}
