//! Projections on the real database: reading some columns of a document (and of a
//! view) into a smaller struct, with the filters, ordering, limits and paging of
//! the query it projects.

use coodie::prelude::*;
use coodie::{Error, Session};
use coodie_test_support::models::{Product, ProductByCategory};
use futures::TryStreamExt;
use tokio::sync::OnceCell;
use uuid::Uuid;

const KS: &str = "coodie_projections";

/// What a product list shows.
#[derive(Projection, Debug, Clone, PartialEq)]
#[coodie(of = Product)]
struct ProductCard {
    id: Uuid,
    name: String,
    price: f64,
}

/// An optional column, read under another field name.
#[derive(Projection, Debug, Clone, PartialEq)]
#[coodie(of = Product)]
struct Blurb {
    #[coodie(rename = "description")]
    text: Option<String>,
}

/// A projection of a view.
#[derive(Projection, Debug, Clone, PartialEq)]
#[coodie(of = ProductByCategory)]
struct CategoryEntry {
    category: String,
    name: String,
}

/// Clustering columns, for ordering and paging.
#[derive(Document, Debug, Clone, PartialEq)]
#[coodie(table = "log_lines")]
struct LogLine {
    #[coodie(partition_key)]
    host: String,
    #[coodie(clustering_key, order = "desc")]
    at: i64,
    level: String,
    message: String,
    payload: Vec<u8>,
}

#[derive(Projection, Debug, Clone, PartialEq)]
#[coodie(of = LogLine)]
struct LogHeader {
    at: i64,
    level: String,
}

fn product(i: u32) -> Product {
    Product {
        id: Uuid::from_u128(u128::from(i)),
        name: format!("product {i}"),
        category: if i % 2 == 0 { "even" } else { "odd" }.into(),
        brand: "acme".into(),
        price: f64::from(i),
        description: (i % 3 == 0).then(|| format!("a long description of {i}")),
        created_at: chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
    }
}

static READY: OnceCell<()> = OnceCell::const_new();

async fn db() -> Session {
    READY
        .get_or_init(|| async {
            let db = coodie_test_support::fresh_keyspace(KS).await;
            Product::sync_table(&db).await.expect("sync products");
            ProductByCategory::sync_view(&db).await.expect("sync view");
            LogLine::sync_table(&db).await.expect("sync log");
            for i in 1..=6 {
                product(i).save(&db).await.expect("save");
            }
            for at in 0..10 {
                LogLine {
                    host: "h1".into(),
                    at,
                    level: if at % 5 == 0 { "warn" } else { "info" }.into(),
                    message: format!("line {at}"),
                    payload: vec![0; 1024],
                }
                .save(&db)
                .await
                .expect("save line");
            }
        })
        .await;
    coodie_test_support::connect(KS).await
}

fn card(i: u32) -> ProductCard {
    let p = product(i);
    ProductCard {
        id: p.id,
        name: p.name,
        price: p.price,
    }
}

#[tokio::test]
async fn a_projection_reads_only_its_columns() {
    let db = db().await;
    let query = Product::find()
        .filter(|c| c.category.eq("even"))
        .project::<ProductCard>();
    assert_eq!(
        query.to_cql("ks"),
        "SELECT \"id\", \"name\", \"price\" FROM ks.products WHERE \"category\" = ?"
    );
    let mut cards = query.all(&db).await.unwrap();
    cards.sort_by_key(|c| c.id);
    assert_eq!(cards, [card(2), card(4), card(6)]);

    let one = Product::find()
        .filter(|c| c.id.eq(Uuid::from_u128(5)))
        .project::<ProductCard>()
        .one(&db)
        .await
        .unwrap();
    assert_eq!(one, card(5));

    let several = Product::find()
        .filter(|c| c.category.eq("odd"))
        .project::<ProductCard>()
        .one(&db)
        .await;
    assert!(
        matches!(several, Err(Error::MultipleFound { .. })),
        "{several:?}"
    );
    let none = Product::find()
        .filter(|c| c.id.eq(Uuid::from_u128(99)))
        .project::<ProductCard>()
        .first(&db)
        .await
        .unwrap();
    assert_eq!(none, None);
}

#[tokio::test]
async fn optional_and_renamed_columns() {
    let db = db().await;
    let blurb = |i| {
        Product::find()
            .filter(move |c| c.id.eq(Uuid::from_u128(i)))
            .project::<Blurb>()
    };
    assert_eq!(
        blurb(3).one(&db).await.unwrap().text.as_deref(),
        Some("a long description of 3")
    );
    assert_eq!(blurb(4).one(&db).await.unwrap().text, None);
}

#[tokio::test]
async fn ordering_limits_streams_and_pages_carry_over() {
    let db = db().await;
    let query = LogLine::find()
        .filter(|c| c.host.eq("h1"))
        .order_by(|c| c.at.asc())
        .limit(4)
        .project::<LogHeader>();
    assert_eq!(
        query.to_cql("ks"),
        "SELECT \"at\", \"level\" FROM ks.log_lines WHERE \"host\" = ? ORDER BY \"at\" ASC LIMIT ?"
    );
    let oldest = query.all(&db).await.unwrap();
    assert_eq!(
        oldest.iter().map(|h| h.at).collect::<Vec<_>>(),
        [0, 1, 2, 3]
    );

    let streamed: Vec<LogHeader> = LogLine::find()
        .filter(|c| c.host.eq("h1"))
        .page_size(3)
        .project::<LogHeader>()
        .stream(&db)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        streamed.iter().map(|h| h.at).collect::<Vec<_>>(),
        (0..10).rev().collect::<Vec<_>>(),
        "declared DESC"
    );

    let paged = LogLine::find()
        .filter(|c| c.host.eq("h1"))
        .page_size(4)
        .project::<LogHeader>();
    let first = paged.page(&db, None).await.unwrap();
    assert_eq!(first.rows.len(), 4);
    let second = paged.page(&db, first.next).await.unwrap();
    assert_eq!(second.rows.first().map(|h| h.at), Some(5));
    assert_eq!(
        second.rows[1],
        LogHeader {
            at: 4,
            level: "info".into()
        }
    );
}

#[tokio::test]
async fn a_projection_keeps_the_checks_of_its_query() {
    let db = db().await;
    let refused = Product::find()
        .filter(|c| c.price.gt(2.0))
        .project::<ProductCard>()
        .all(&db)
        .await;
    assert!(
        matches!(&refused, Err(Error::InvalidQuery(why)) if why.is(coodie::InvalidQueryKind::NeedsAllowFiltering)),
        "{refused:?}"
    );
    let scanned = Product::find()
        .filter(|c| c.price.gt(4.0))
        .allow_filtering()
        .project::<ProductCard>()
        .all(&db)
        .await
        .unwrap();
    assert_eq!(scanned.len(), 2);
}

#[tokio::test]
async fn a_projection_of_a_view() {
    let db = db().await;
    let entries = coodie_test_support::eventually(std::time::Duration::from_secs(10), || {
        let db = db.clone();
        async move {
            let rows = ProductByCategory::find()
                .filter(|c| c.category.eq("odd"))
                .project::<CategoryEntry>()
                .all(&db)
                .await
                .ok()?;
            (rows.len() == 3).then_some(rows)
        }
    })
    .await
    .expect("the view shows the three odd products");
    assert!(entries.iter().all(|e| e.category == "odd"));
    let mut names: Vec<_> = entries.into_iter().map(|e| e.name).collect();
    names.sort();
    assert_eq!(names, ["product 1", "product 3", "product 5"]);
}
