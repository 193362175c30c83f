//! The list endpoints page (keyspace `demo_test_paging`): `limit` and a signed `page`
//! token, the next page in a `Link: <…>; rel="next"` header, the body the same JSON
//! array as before; bad limits and tokens are 422s naming the field; the page's
//! lists load the next page with a "Show more" button.

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use common::*;
use serde_json::{Value, json};

const KS: &str = "demo_test_paging";
const VIEW_WAIT: Duration = Duration::from_secs(15);

/// The target of a `Link: <…>; rel="next"` header.
fn next_link(reply: &Reply) -> Option<String> {
    let link = reply.header("link")?;
    let (target, params) = link.split_once(';')?;
    assert_eq!(params.trim(), "rel=\"next\"", "{link}");
    Some(
        target
            .trim()
            .strip_prefix('<')?
            .strip_suffix('>')?
            .to_string(),
    )
}

/// Follows the `Link` headers from `first`; every page is a JSON array of at most
/// `limit` rows. Returns the ids and the number of requests.
async fn walk(app: &Router, first: &str, limit: usize) -> (Vec<String>, usize) {
    let mut ids = Vec::new();
    let mut uri = Some(first.to_string());
    let mut requests = 0;
    while let Some(u) = uri {
        let r = get(app, &u).await;
        assert_eq!(r.status, StatusCode::OK, "{u}: {}", r.text());
        requests += 1;
        let rows = r.json();
        let rows = rows.as_array().expect("a JSON array");
        assert!(rows.len() <= limit, "{u}: {} rows", rows.len());
        ids.extend(
            rows.iter()
                .map(|p| p["id"].as_str().expect("id").to_string()),
        );
        uri = next_link(&r);
        assert!(requests < 100, "the walk ends");
    }
    (ids, requests)
}

async fn create(app: &Router, name: &str, category: &str, brand: &str) -> String {
    let r = post_json(
        app,
        "/products",
        &json!({"name": name, "category": category, "brand": brand, "price": 1.0}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    r.json()["id"].as_str().expect("id").to_string()
}

#[tokio::test]
async fn every_list_endpoint_pages_through_link_headers() {
    let app = test_app(KS).await;
    let category = unique("page-cat");
    let brand = unique("page-brand");
    let mut created = BTreeSet::new();
    for i in 0..7 {
        created.insert(create(&app, &format!("Paged {i}"), &category, &brand).await);
    }

    let (all, requests) = walk(&app, "/products?limit=2", 2).await;
    let unique_ids: BTreeSet<_> = all.iter().cloned().collect();
    assert_eq!(unique_ids.len(), all.len(), "no row twice");
    assert!(created.is_subset(&unique_ids), "every product on some page");
    assert!(
        requests >= 4,
        "7 products in pages of 2: {requests} requests"
    );

    for (first, key) in [
        (
            format!("/views/by-category?category={category}&limit=3"),
            "category",
        ),
        (format!("/views/by-brand?brand={brand}&limit=3"), "brand"),
    ] {
        eventually(VIEW_WAIT, || async {
            let r = get(&app, &first.replace("limit=3", "limit=1000")).await;
            (r.json().as_array().map(Vec::len) == Some(7)).then_some(())
        })
        .await
        .unwrap_or_else(|| panic!("the view holds all 7 ({first})"));
        let r = get(&app, &first).await;
        assert_eq!(r.json().as_array().map(Vec::len), Some(3));
        let next = next_link(&r).expect("a Link to the next page");
        assert!(
            next.starts_with(&format!("/views/by-{key}?{key}=")),
            "{next}"
        );
        assert!(next.contains("limit=3&page="), "{next}");
        let (ids, requests) = walk(&app, &first, 3).await;
        assert_eq!(
            ids.iter().cloned().collect::<BTreeSet<_>>(),
            created,
            "{first}"
        );
        assert_eq!(ids.len(), 7, "no row twice ({first})");
        assert!(requests >= 3, "{first}: {requests}");
    }

    let one_page = get(&app, &format!("/views/by-brand?brand={brand}")).await;
    assert_eq!(one_page.json().as_array().map(Vec::len), Some(7));
    assert_eq!(one_page.header("link"), None, "default limit 100: one page");
}

#[tokio::test]
async fn bad_limits_and_tokens_are_422s_naming_the_field() {
    let app = test_app(KS).await;
    let category = unique("token-cat");
    for i in 0..3 {
        create(&app, &format!("Token {i}"), &category, "Void-Rift").await;
    }
    for limit in ["0", "1001", "abc", "-1", "", "1.5", "+5", "99999999999"] {
        for path in ["/products", "/views/by-brand?brand=Void-Rift&x=1"] {
            let sep = if path.contains('?') { '&' } else { '?' };
            let r = get(&app, &format!("{path}{sep}limit={}", urlencode(limit))).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "limit={limit}");
            assert_eq!(r.json()["field"], "limit", "limit={limit}");
            assert!(
                r.json()["detail"]
                    .as_str()
                    .is_some_and(|d| d.contains("1 to 1000"))
            );
        }
    }

    let first = eventually(VIEW_WAIT, || async {
        let r = get(
            &app,
            &format!("/views/by-category?category={category}&limit=1"),
        )
        .await;
        next_link(&r)
    })
    .await
    .expect("a next page");
    let token = first.split("page=").nth(1).expect("a token").to_string();
    let products = next_link(&get(&app, "/products?limit=1").await).expect("a next page");
    let products_token = products.split("page=").nth(1).expect("a token").to_string();

    let mut edited = token.clone().into_bytes();
    let last = edited.len() - 1;
    edited[last] = if edited[last] == b'0' { b'1' } else { b'0' };
    let edited = String::from_utf8(edited).expect("hex");
    for uri in [
        "/products?page=zz".to_string(),
        "/products?page=abc".to_string(),
        "/products?page=".to_string(),
        "/products?page=00".to_string(),
        format!("/products?page={}", "ab".repeat(2000)),
        // A token of one listing is refused by every other listing.
        format!("/products?page={token}"),
        format!("/views/by-category?category=other&page={token}"),
        format!("/views/by-brand?brand={category}&page={token}"),
        format!("/views/by-category?category={category}&page={products_token}"),
        format!("/views/by-category?category={category}&page={edited}"),
    ] {
        let r = get(&app, &uri).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{uri}: {}",
            r.text()
        );
        assert_eq!(r.json()["field"], "page", "{uri}");
    }
    let ok = get(
        &app,
        &format!("/views/by-category?category={category}&limit=1&page={token}"),
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK, "the genuine token still works");
    assert_eq!(ok.json().as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn the_document_describes_paging() {
    let app = test_app(KS).await;
    let doc = get(&app, "/openapi.json").await.json();
    for path in ["/products", "/views/by-category", "/views/by-brand"] {
        let op = &doc["paths"][path]["get"];
        let params = op["parameters"].as_array().expect("parameters");
        let param = |name: &str| -> Value {
            params
                .iter()
                .find(|p| p["name"] == name)
                .cloned()
                .unwrap_or_else(|| panic!("{path} documents `{name}`"))
        };
        let limit = param("limit");
        assert_eq!(limit["in"], "query");
        assert_eq!(limit["schema"]["type"], "integer");
        assert_eq!(limit["schema"]["minimum"], 1);
        assert_eq!(limit["schema"]["maximum"], 1000);
        assert_eq!(limit["schema"]["default"], 100);
        let page = param("page");
        assert_eq!(page["schema"]["pattern"], "^([0-9a-f]{2})+$");
        assert!(
            op["responses"]["200"]["headers"]["link"].is_object(),
            "{path}"
        );
        assert!(op["responses"]["422"].is_object(), "{path}");
    }
    let body = &doc["components"]["schemas"]["NewProduct"];
    assert_eq!(body["additionalProperties"], false);
    assert_eq!(body["properties"]["name"]["maxLength"], 120);
    assert_eq!(body["properties"]["brand"]["maxLength"], 60);
    assert_eq!(body["properties"]["price"]["minimum"], 0);
}

#[tokio::test]
async fn the_page_shows_a_first_page_and_loads_more() {
    let app = test_app(KS).await;
    let brand = unique("ui-more");
    for i in 0..5 {
        create(&app, &format!("More {i}"), "stealth", &brand).await;
    }
    let list = get(&app, "/ui/products?limit=2").await;
    assert_eq!(list.status, StatusCode::OK);
    let html = list.text();
    assert_eq!(html.matches("class=\"product\"").count(), 2, "{html}");
    let more = more_url(&html).expect("a Show more button");
    assert!(more.starts_with("/ui/products?limit=2&page="), "{more}");
    let rows = get(&app, &more).await.text();
    assert!(
        !rows.contains("<ul"),
        "only rows, swapped in for the button: {rows}"
    );
    assert_eq!(rows.matches("class=\"product\"").count(), 2, "{rows}");

    let card = format!("/ui/views/by-brand?brand={brand}&limit=2");
    let html = eventually(VIEW_WAIT, || async {
        let html = get(&app, &card).await.text();
        html.contains("2 rows from <code>products_by_brand</code>")
            .then_some(html)
    })
    .await
    .expect("the brand card shows a first page");
    let more = more_url(&html).expect("a Show more button in the card");
    assert!(
        more.starts_with(&format!("/ui/views/by-brand?brand={brand}&limit=2&page=")),
        "{more}"
    );
    let mut seen = html.matches("class=\"row\"").count();
    let mut next = Some(more);
    while let Some(url) = next {
        let rows = get(&app, &url).await.text();
        assert!(!rows.contains("<ul"), "{rows}");
        seen += rows.matches("class=\"row\"").count();
        next = more_url(&rows);
    }
    assert_eq!(seen, 5, "every row of the partition, a page at a time");
}

/// The `hx-get` of the "Show more" button, unescaped.
fn more_url(html: &str) -> Option<String> {
    let start =
        html.find("<button class=\"more\" hx-get=\"")? + "<button class=\"more\" hx-get=\"".len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].replace("&#38;", "&").replace("&amp;", "&"))
}
