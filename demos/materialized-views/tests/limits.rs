//! Security defaults (keyspace `demo_test_limits`): loopback unless `HOST` says
//! otherwise, a request body limit, a request time limit, and request input that
//! only ever travels as bound values, never as CQL text.

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::*;
use materialized_views_demo::config::{BODY_LIMIT, Config, HTTP_TIMEOUT};
use serde_json::json;

const KS: &str = "demo_test_limits";

#[test]
fn the_server_listens_on_loopback_by_default() {
    let addr = Config::default().listen_addr().expect("an address");
    assert!(addr.ip().is_loopback(), "{addr}");
    assert_eq!(BODY_LIMIT, 16 * 1024);
    assert_eq!(HTTP_TIMEOUT, Duration::from_secs(15));
}

#[tokio::test]
async fn a_request_that_outlasts_the_time_limit_is_a_503() {
    let app = test_app(KS).await;
    // A body that never ends (a slow client): the time limit, not the client, ends it.
    // The clock is paused, so the 15 s pass at once.
    tokio::time::pause();
    let started = tokio::time::Instant::now();
    let stalled = send(
        &app,
        Request::post("/products")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from_stream(futures::stream::pending::<
                Result<Vec<u8>, std::io::Error>,
            >()))
            .expect("request"),
    )
    .await;
    let waited = started.elapsed();
    tokio::time::resume();
    assert_eq!(
        stalled.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        stalled.text()
    );
    assert!(stalled.content_type().starts_with("application/json"));
    assert_eq!(stalled.header("retry-after"), Some("1"));
    let detail = stalled.json()["detail"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(detail.contains("took too long (limit 15 s)"), "{detail}");
    assert!(
        waited >= HTTP_TIMEOUT && waited < HTTP_TIMEOUT + Duration::from_secs(1),
        "{waited:?}"
    );
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_413_before_it_is_read() {
    let app = test_app(KS).await;
    let r = send(
        &app,
        Request::post("/products")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::CONTENT_LENGTH, (BODY_LIMIT + 1).to_string())
            .body(Body::from(vec![b' '; BODY_LIMIT + 1]))
            .expect("request"),
    )
    .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.json()["field"], "body");
}

#[tokio::test]
async fn cql_in_request_fields_is_stored_as_text() {
    let app = test_app(KS).await;
    let marker = unique("cql");
    let name = "'; DROP TABLE products; --";
    let category = format!("{marker}' OR '1'='1");
    let brand = format!("{marker}\" ALLOW FILTERING; --");
    let created = post_json(
        &app,
        "/products",
        &json!({"name": name, "category": category, "brand": brand, "price": 1,
                "description": "'); DELETE FROM products WHERE id = 0; --"}),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let id = created.json()["id"].as_str().expect("id").to_string();
    let fetched = get(&app, &format!("/products/{id}")).await.json();
    assert_eq!(fetched["name"], name);
    assert_eq!(fetched["category"], category.as_str());
    assert_eq!(fetched["brand"], brand.as_str());
    let rows = eventually(Duration::from_secs(10), || async {
        let r = get(
            &app,
            &format!("/views/by-category?category={}", urlencode(&category)),
        )
        .await;
        r.json().as_array().filter(|rows| !rows.is_empty()).cloned()
    })
    .await
    .expect("the view finds the product by its odd category");
    assert_eq!(rows.len(), 1, "the quote selects nothing else");
    assert_eq!(rows[0]["name"], name);
    assert_eq!(
        get(&app, "/products").await.status,
        StatusCode::OK,
        "the table is still there"
    );
}
