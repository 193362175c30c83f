//! The HTMX page and its fragments against the real database (keyspace
//! `demo_test_ui`): rendering, escaping, view refresh triggers, error fragments.

mod common;

use std::time::Duration;

use axum::http::StatusCode;
use common::*;

const KS: &str = "demo_test_ui";
const VIEW_WAIT: Duration = Duration::from_secs(10);
const EVIL: &str = "<script>alert('mirror')</script> Boots";
const EVIL_ESCAPED: &str = "&#60;script&#62;alert(&#39;mirror&#39;)&#60;/script&#62; Boots";

#[tokio::test]
async fn the_page_renders_with_its_own_htmx() {
    let app = test_app(KS).await;
    let page = get(&app, "/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.content_type().starts_with("text/html"));
    let html = page.text();
    for needle in [
        "The Oracle's Mirror",
        "🔮",
        "Dimension-9 // Materialized Views",
        "Add a product to the base table",
        "products_by_category",
        "products_by_brand",
        "read-only",
        "hx-post=\"/ui/products\"",
        "hx-get=\"/ui/products\"",
        "input changed delay:300ms",
        "catalog-changed from:body",
        "coodie",
        "<script src=\"/static/htmx.min.js\"></script>",
    ] {
        assert!(html.contains(needle), "the page has {needle:?}");
    }
    assert!(!html.contains("unpkg") && !html.contains("cdn"), "no CDN");

    let js = get(&app, "/static/htmx.min.js").await;
    assert_eq!(js.status, StatusCode::OK);
    assert!(js.content_type().starts_with("text/javascript"));
    assert!(js.text().contains("htmx"));
    let css = get(&app, "/static/style.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.content_type().starts_with("text/css"));
}

#[tokio::test]
async fn the_fragments_insert_list_query_and_delete_with_escaping() {
    let app = test_app(KS).await;
    let category = unique("frag-cat");
    let brand = unique("frag-brand");

    let created = post_form(
        &app,
        "/ui/products",
        &[
            ("name", EVIL),
            ("category", &category),
            ("brand", &brand),
            ("price", "1234.5"),
            ("description", "<b>bold?</b>"),
        ],
    )
    .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.text());
    assert_eq!(created.header("HX-Trigger"), Some("catalog-changed"));
    let html = created.text();
    assert!(html.contains(EVIL_ESCAPED), "escaped: {html}");
    assert!(!html.contains("<script>"), "nothing executable");
    assert!(html.contains("$1234.50"));
    assert!(html.contains(&category));
    assert!(
        html.contains("class=\"product fresh\""),
        "the new row is marked"
    );

    let list = get(&app, "/ui/products").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.text().contains(EVIL_ESCAPED));

    let id = eventually(VIEW_WAIT, || async {
        connect(KS)
            .await
            .list(None)
            .await
            .ok()?
            .into_iter()
            .find(|p| p.category == category)
            .map(|p| p.id)
    })
    .await
    .expect("the product is in the base table");

    let by_category = format!("/ui/views/by-category?category={}", urlencode(&category));
    let fragment = eventually(VIEW_WAIT, || async {
        let r = get(&app, &by_category).await;
        assert_eq!(r.status, StatusCode::OK);
        let text = r.text();
        text.contains(EVIL_ESCAPED).then_some(text)
    })
    .await
    .expect("the category view shows the product");
    assert!(fragment.contains("1 row from <code>products_by_category</code>"));
    assert!(fragment.contains("read-only"));
    assert!(fragment.contains(&brand), "the row shows its brand");
    assert!(!fragment.contains("<script>"));

    let by_brand = format!("/ui/views/by-brand?brand={}", urlencode(&brand));
    let fragment = eventually(VIEW_WAIT, || async {
        let text = get(&app, &by_brand).await.text();
        text.contains(EVIL_ESCAPED).then_some(text)
    })
    .await
    .expect("the brand view shows the product");
    assert!(fragment.contains("products_by_brand"));
    assert!(fragment.contains(&category), "the row shows its category");

    let deleted = delete(&app, &format!("/ui/products/{id}")).await;
    assert_eq!(deleted.status, StatusCode::OK);
    assert_eq!(deleted.header("HX-Trigger"), Some("catalog-changed"));
    assert!(!deleted.text().contains(&id.to_string()));

    let gone = delete(&app, &format!("/ui/products/{id}")).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert!(gone.text().contains("class=\"alert\""));

    eventually(VIEW_WAIT, || async {
        let text = get(&app, &by_category).await.text();
        text.contains("Nothing found for category").then_some(())
    })
    .await
    .expect("the category view forgets the product");
}

#[tokio::test]
async fn the_view_cards_have_distinct_empty_states() {
    let app = test_app(KS).await;
    for uri in [
        "/ui/views/by-category",
        "/ui/views/by-category?category=",
        "/ui/views/by-brand?brand=%20",
    ] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.text().contains("Type a"), "{uri}: {}", r.text());
    }
    let none = unique("<i>none</i>");
    let r = get(
        &app,
        &format!("/ui/views/by-brand?brand={}", urlencode(&none)),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let text = r.text();
    assert!(text.contains("Nothing found for brand"), "{text}");
    assert!(
        text.contains("&#60;i&#62;none&#60;/i&#62;"),
        "escaped: {text}"
    );
}

#[tokio::test]
async fn a_refused_form_field_is_shown_next_to_the_form() {
    let app = test_app(KS).await;
    let marker = unique("refused-form");
    let r = post_form(
        &app,
        "/ui/products",
        &[
            ("name", &marker),
            ("category", &marker),
            ("brand", "Void-Rift"),
            ("price", "-3"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.header("HX-Retarget"), Some("#form-status"));
    assert_eq!(r.header("HX-Reswap"), Some("innerHTML"));
    let html = r.text();
    assert!(html.contains("class=\"alert\""));
    assert!(html.contains("price"), "{html}");
    let written = connect(KS)
        .await
        .list(None)
        .await
        .expect("list")
        .into_iter()
        .any(|p| p.name == marker);
    assert!(!written, "nothing was written");
}

#[tokio::test]
async fn a_database_failure_renders_a_message_fragment() {
    let catalog = connect("demo_test_no_schema").await;
    let app = materialized_views_demo::app(materialized_views_demo::AppState::new(catalog));
    for r in [
        get(&app, "/ui/products").await,
        get(&app, "/ui/views/by-category?category=weapons").await,
        get(&app, "/ui/views/by-brand?brand=Void-Rift").await,
        post_form(
            &app,
            "/ui/products",
            &[
                ("name", "a"),
                ("category", "b"),
                ("brand", "c"),
                ("price", "1"),
            ],
        )
        .await,
    ] {
        assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(r.content_type().starts_with("text/html"));
        let html = r.text();
        assert!(html.contains("class=\"alert\""), "{html}");
        assert!(html.contains("database unavailable"), "{html}");
    }
}
