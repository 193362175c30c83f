//! The JSON API against the real database (keyspace `demo_test_api`): every
//! endpoint and every error code.

mod common;

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::*;
use serde_json::{Value, json};

const KS: &str = "demo_test_api";
const VIEW_WAIT: Duration = Duration::from_secs(10);

fn product(name: &str, category: &str, brand: &str) -> Value {
    json!({"name": name, "category": category, "brand": brand, "price": 2999.99})
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a JSON list")
        .iter()
        .filter_map(|p| p["id"].as_str().map(String::from))
        .collect()
}

#[tokio::test]
async fn a_product_goes_through_the_base_table_and_both_views() {
    let app = test_app(KS).await;
    let category = unique("cat");
    let brand = unique("brand");

    let created = post_json(
        &app,
        "/products",
        &json!({"name": "  Quantum Entanglement Mouse ", "category": category, "brand": brand,
                "price": 2999.99, "description": "clicks before you do"}),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let p = created.json();
    let id = p["id"].as_str().expect("id").to_string();
    assert!(uuid::Uuid::parse_str(&id).is_ok());
    assert_eq!(p["name"], "Quantum Entanglement Mouse", "trimmed");
    assert_eq!(p["category"], category.as_str());
    assert_eq!(p["brand"], brand.as_str());
    assert_eq!(p["price"], 2999.99);
    assert_eq!(p["description"], "clicks before you do");
    assert!(
        chrono::DateTime::parse_from_rfc3339(p["created_at"].as_str().expect("created_at")).is_ok()
    );

    let fetched = get(&app, &format!("/products/{id}")).await;
    assert_eq!(fetched.status, StatusCode::OK);
    assert_eq!(fetched.json(), p, "GET returns what POST stored");

    let all = get(&app, "/products").await;
    assert_eq!(all.status, StatusCode::OK);
    assert!(ids(&all.json()).contains(&id));

    let by_category = format!("/views/by-category?category={}", urlencode(&category));
    let by_brand = format!("/views/by-brand?brand={}", urlencode(&brand));
    let row = eventually(VIEW_WAIT, || async {
        let r = get(&app, &by_category).await;
        assert_eq!(r.status, StatusCode::OK);
        r.json().as_array().and_then(|rows| rows.first().cloned())
    })
    .await
    .expect("the product reaches products_by_category");
    assert_eq!(row["id"], id.as_str());
    assert_eq!(row["category"], category.as_str());
    assert_eq!(row["brand"], brand.as_str());
    assert_eq!(row["name"], "Quantum Entanglement Mouse");
    assert_eq!(row["description"], "clicks before you do");
    let row = eventually(VIEW_WAIT, || async {
        get(&app, &by_brand)
            .await
            .json()
            .as_array()
            .and_then(|rows| rows.first().cloned())
    })
    .await
    .expect("the product reaches products_by_brand");
    assert_eq!(row["id"], id.as_str());
    assert_eq!(row["category"], category.as_str());

    let deleted = delete(&app, &format!("/products/{id}")).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert!(deleted.body.is_empty());
    assert_eq!(
        get(&app, &format!("/products/{id}")).await.status,
        StatusCode::NOT_FOUND
    );
    let again = delete(&app, &format!("/products/{id}")).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert!(again.json()["detail"].as_str().is_some());

    for uri in [&by_category, &by_brand] {
        eventually(VIEW_WAIT, || async {
            let rows = get(&app, uri).await.json();
            rows.as_array().is_some_and(|r| r.is_empty()).then_some(())
        })
        .await
        .unwrap_or_else(|| panic!("the product leaves the view ({uri})"));
    }
}

#[tokio::test]
async fn every_refused_field_is_named_and_nothing_is_written() {
    let app = test_app(KS).await;
    let marker = unique("refused");
    let good = || product(&marker, &marker, &marker);
    let mut cases: Vec<(&str, Value)> = Vec::new();
    let mut with = |field: &'static str, value: Value| {
        let mut body = good();
        body[field] = value;
        cases.push((field, body));
    };
    with("name", json!(""));
    with("name", json!("   "));
    with("name", json!("x".repeat(121)));
    with("name", json!(42));
    with("category", json!(""));
    with("category", json!(null));
    with("brand", json!("b".repeat(61)));
    with("brand", json!(["Dimension-7"]));
    with("price", json!(-0.01));
    with("price", json!("12.50"));
    with("price", json!(1e12));
    with("description", json!(7));
    with("description", json!("d".repeat(1001)));
    with("id", json!("5f0e7a8e-8f4e-4d32-9d7b-6b3f2d8c1a10"));
    for missing in ["name", "category", "brand", "price"] {
        let mut body = good();
        body.as_object_mut().expect("object").remove(missing);
        cases.push((missing, body));
    }
    for (field, body) in &cases {
        let r = post_json(&app, "/products", body).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {}",
            r.text()
        );
        assert!(r.content_type().starts_with("application/json"));
        let err = r.json();
        assert_eq!(err["field"], *field, "{body}");
        assert!(
            err["detail"].as_str().is_some_and(|d| d.contains(field)),
            "{err}"
        );
    }
    let not_object = post_json(&app, "/products", &json!([good()])).await;
    assert_eq!(not_object.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(not_object.json()["field"], "body");

    let all = get(&app, "/products").await.json();
    let written = all
        .as_array()
        .expect("list")
        .iter()
        .filter(|p| p["category"] == marker.as_str() || p["name"] == marker.as_str())
        .count();
    assert_eq!(written, 0, "a refused request wrote nothing");
    let view = get(&app, &format!("/views/by-category?category={marker}")).await;
    assert_eq!(view.json(), json!([]));
}

#[tokio::test]
async fn unreadable_bodies_get_json_errors() {
    let app = test_app(KS).await;
    let bad_json = send(
        &app,
        Request::post("/products")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("{\"name\": "))
            .expect("request"),
    )
    .await;
    assert_eq!(bad_json.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad_json.json()["field"], "body");
    assert!(
        bad_json.json()["detail"]
            .as_str()
            .is_some_and(|d| d.contains("JSON"))
    );

    let not_json = send(
        &app,
        Request::post("/products")
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Body::from("name=x"))
            .expect("request"),
    )
    .await;
    assert_eq!(not_json.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(not_json.json()["field"], "body");
    assert!(not_json.json()["detail"].as_str().is_some());

    let huge = json!({"name": "x", "category": "c", "brand": "b", "price": 1,
                      "description": "d".repeat(64 * 1024)});
    let too_large = post_json(&app, "/products", &huge).await;
    assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(too_large.json()["field"], "body");
    assert!(
        too_large.json()["detail"]
            .as_str()
            .is_some_and(|d| d.contains("too large"))
    );

    let chunked = send(
        &app,
        Request::post("/products")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from_stream(futures::stream::iter(
                (0..64).map(|_| Ok::<_, std::io::Error>(vec![b' '; 1024])),
            )))
            .expect("request"),
    )
    .await;
    assert_eq!(
        chunked.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "streamed body"
    );
    assert!(chunked.json()["detail"].as_str().is_some());
}

#[tokio::test]
async fn unknown_and_malformed_ids() {
    let app = test_app(KS).await;
    let unknown = uuid::Uuid::new_v4();
    for r in [
        get(&app, &format!("/products/{unknown}")).await,
        delete(&app, &format!("/products/{unknown}")).await,
    ] {
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert!(
            r.json()["detail"]
                .as_str()
                .is_some_and(|d| d.contains(&unknown.to_string()))
        );
    }
    for r in [
        get(&app, "/products/not-a-uuid").await,
        delete(&app, "/products/12345").await,
        // `format: uuid` is the hyphenated form only, as the OpenAPI document says.
        get(&app, &format!("/products/{}", unknown.simple())).await,
        get(&app, &format!("/products/%7B{unknown}%7D")).await,
        delete(&app, &format!("/products/{}", unknown.urn())).await,
    ] {
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.json()["field"], "id");
    }
}

#[tokio::test]
async fn view_queries_need_their_parameter() {
    let app = test_app(KS).await;
    for (uri, field) in [
        ("/views/by-category", "category"),
        ("/views/by-category?brand=x", "category"),
        ("/views/by-category?category=", "category"),
        ("/views/by-brand", "brand"),
        ("/views/by-brand?brand=%20%20", "brand"),
    ] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{uri}");
        assert_eq!(r.json()["field"], field, "{uri}");
    }
    let none = unique("nothing");
    for uri in [
        format!("/views/by-category?category={none}"),
        format!("/views/by-brand?brand={none}"),
    ] {
        let r = get(&app, &uri).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.json(), json!([]), "{uri}");
    }
}

#[tokio::test]
async fn routes_and_methods_that_do_not_exist_answer_json() {
    let app = test_app(KS).await;
    let missing = get(&app, "/no/such/route").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.json()["detail"].as_str().is_some());
    let wrong = send(
        &app,
        Request::put("/products")
            .body(Body::empty())
            .expect("request"),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(wrong.json()["detail"].as_str().is_some());
}

#[tokio::test]
async fn a_database_failure_is_a_503_with_a_readable_message() {
    // A real database error: the keyspace of this catalog has no tables.
    let catalog = connect("demo_test_no_schema").await;
    let app = materialized_views_demo::app(materialized_views_demo::AppState::new(catalog));
    for r in [
        get(&app, "/products").await,
        get(&app, "/views/by-category?category=weapons").await,
        post_json(&app, "/products", &product("x", "y", "z")).await,
        get(&app, &format!("/products/{}", uuid::Uuid::new_v4())).await,
    ] {
        assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE, "{}", r.text());
        let detail = r.json()["detail"].as_str().unwrap_or_default().to_string();
        assert!(detail.contains("database is unavailable"), "{detail}");
        // When to try again, as the OpenAPI document says.
        assert_eq!(r.header("retry-after"), Some("1"));
    }
}

#[tokio::test]
async fn openapi_document_lists_every_path() {
    let app = test_app(KS).await;
    let r = get(&app, "/openapi.json").await;
    assert_eq!(r.status, StatusCode::OK);
    let doc = r.json();
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    assert_eq!(
        doc["info"]["title"],
        "The Oracle's Mirror — Materialized Views"
    );
    assert_eq!(doc["info"]["version"], "0.1.0");
    let paths = doc["paths"].as_object().expect("paths");
    for (path, methods) in [
        ("/products", &["get", "post"][..]),
        ("/products/{id}", &["get", "delete"][..]),
        ("/views/by-category", &["get"][..]),
        ("/views/by-brand", &["get"][..]),
    ] {
        for method in methods {
            assert!(paths[path][method].is_object(), "{method} {path}");
        }
    }
    for schema in [
        "Product",
        "ProductByCategory",
        "ProductByBrand",
        "NewProduct",
        "ErrorBody",
    ] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
}

#[tokio::test]
async fn interactive_docs_are_served_offline() {
    let app = test_app(KS).await;
    let redirect = get(&app, "/docs").await;
    assert!(redirect.status.is_redirection());
    let page = get(&app, "/docs/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.content_type().starts_with("text/html"));
    assert!(page.text().contains("swagger-ui"));
    for asset in [
        "/docs/swagger-ui.css",
        "/docs/swagger-ui-bundle.js",
        "/docs/swagger-initializer.js",
    ] {
        let r = get(&app, asset).await;
        assert_eq!(
            r.status,
            StatusCode::OK,
            "{asset} is served by the demo itself"
        );
        assert!(r.body.len() > 100, "{asset}");
    }
    let init = get(&app, "/docs/swagger-initializer.js").await.text();
    assert!(init.contains("/openapi.json"), "{init}");
}
