//! The page in a real browser: headless Chromium (Debian's `chromium` and
//! `chromium-driver`) driven over WebDriver, against the demo served on a free port
//! with the real database (keyspace `demo_test_browser`).
//!
//! It adds a product through the form, sees it in the base-table list and in the
//! category view card, deletes it (accepting the confirmation dialog), and saves
//! screenshots to `target/screenshots/`. Without Chromium it fails, naming the
//! packages to install.

mod common;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::free_port;
use fantoccini::{Client, ClientBuilder, Locator};
use materialized_views_demo::seed_data::random_product;
use materialized_views_demo::{AppState, app};
use serde_json::json;

const KS: &str = "demo_test_browser";
const WAIT: Duration = Duration::from_secs(15);
const APT: &str = "apt-get update && apt-get install -y chromium chromium-driver";

fn find_program(env: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env).map(PathBuf::from) {
        return p.is_file().then_some(p);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([
            PathBuf::from("/usr/bin"),
            PathBuf::from("/usr/lib/chromium"),
        ])
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let dir = target.join("screenshots");
    std::fs::create_dir_all(&dir).expect("create target/screenshots");
    dir
}

/// Polls `check` until it yields `Some`, or panics with `what` after [`WAIT`].
async fn until<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let started = Instant::now();
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(started.elapsed() < WAIT, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn text_of(client: &Client, css: &str) -> String {
    match client.find(Locator::Css(css)).await {
        Ok(el) => el.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

async fn save_screenshot(client: &Client, name: &str) -> PathBuf {
    let png = client.screenshot().await.expect("screenshot");
    let path = screenshot_dir().join(name);
    std::fs::write(&path, png).expect("write screenshot");
    path
}

#[tokio::test]
async fn a_visitor_adds_queries_and_deletes_a_product() {
    let chromium = find_program("CHROME_BIN", &["chromium", "chromium-browser"])
        .unwrap_or_else(|| panic!("Chromium is not installed; install it with: {APT}"));
    let driver = find_program("CHROMEDRIVER", &["chromedriver"])
        .unwrap_or_else(|| panic!("chromedriver is not installed; install it with: {APT}"));

    // The demo, in-process, on a free port, with a few seeded artifacts.
    let catalog = common::catalog(KS).await;
    let mut rng = rand::rng();
    for _ in 0..6 {
        catalog
            .insert(&random_product(&mut rng))
            .await
            .expect("seed a product");
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let server = tokio::spawn(async move {
        axum::serve(listener, app(AppState::new(catalog)))
            .await
            .expect("serve");
    });
    // A second instance whose keyspace has no tables: every query fails in the
    // database, as when it is down.
    let broken = common::connect("demo_test_no_schema").await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let broken_base = format!("http://{}", listener.local_addr().expect("addr"));
    let broken_server = tokio::spawn(async move {
        axum::serve(listener, app(AppState::new(broken)))
            .await
            .expect("serve");
    });

    // chromedriver on another free port.
    let driver_port = free_port();
    let mut chromedriver = tokio::process::Command::new(&driver)
        .arg(format!("--port={driver_port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| panic!("starting {}: {e}; install it with: {APT}", driver.display()));
    until("chromedriver to listen", || async {
        tokio::net::TcpStream::connect(("127.0.0.1", driver_port))
            .await
            .ok()
    })
    .await;

    let profile = std::env::temp_dir().join(format!("mv-demo-chromium-{}", uuid::Uuid::new_v4()));
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1280,1400",
                format!("--user-data-dir={}", profile.display()),
            ]
        }),
    );
    caps.insert("unhandledPromptBehavior".into(), json!("ignore"));
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{driver_port}"))
        .await
        .unwrap_or_else(|e| panic!("starting headless Chromium through chromedriver: {e}"));

    let mut result = visit(&client, &base).await;
    if result.is_ok() {
        result = markup_is_shown_as_text(&client, &base, &common::connect(KS).await).await;
    }
    if result.is_ok() {
        result = database_error_is_shown(&client, &broken_base).await;
    }
    let _ = client.close().await;
    let _ = chromedriver.kill().await;
    server.abort();
    broken_server.abort();
    let _ = std::fs::remove_dir_all(&profile);
    result.unwrap_or_else(|e| panic!("{e}"));
}

async fn visit(client: &Client, base: &str) -> Result<(), String> {
    let name = "Gravity Inversion Boots Mk II";
    let category = "temporal";
    let brand = "Void-Rift";

    client
        .goto(&format!("{base}/"))
        .await
        .map_err(|e| e.to_string())?;
    let title = client.title().await.map_err(|e| e.to_string())?;
    assert!(title.contains("The Oracle's Mirror"), "{title}");
    until("the base table list to load", || async {
        let t = text_of(client, "#product-list").await;
        (!t.contains("Consulting")).then_some(())
    })
    .await;
    let js_ok = client
        .execute("return typeof htmx !== 'undefined' && htmx.version", vec![])
        .await
        .map_err(|e| e.to_string())?;
    assert!(
        js_ok.as_str().is_some(),
        "htmx is loaded from the demo itself: {js_ok}"
    );

    // Add a product through the form.
    for (field, value) in [
        ("name", name),
        ("category", category),
        ("brand", brand),
        ("price", "4242.42"),
        ("description", "Walk on ceilings; mind the chandeliers."),
    ] {
        let css = format!("#product-form [name='{field}']");
        let input = client
            .find(Locator::Css(&css))
            .await
            .map_err(|e| format!("{css}: {e}"))?;
        input.send_keys(value).await.map_err(|e| e.to_string())?;
    }
    client
        .find(Locator::Css("#product-form button[type='submit']"))
        .await
        .map_err(|e| e.to_string())?
        .click()
        .await
        .map_err(|e| e.to_string())?;

    // It is in the base-table list, the form is reset.
    until("the new product in the base table list", || async {
        let t = text_of(client, "#product-list").await;
        (t.contains(name) && t.contains("$4242.42")).then_some(())
    })
    .await;
    until("the form to reset", || async {
        let v = client
            .find(Locator::Css("#product-form [name='name']"))
            .await
            .ok()?
            .prop("value")
            .await
            .ok()??;
        v.is_empty().then_some(())
    })
    .await;

    // It is in the category view: type the category.
    client
        .find(Locator::Css("#category-input"))
        .await
        .map_err(|e| e.to_string())?
        .send_keys(category)
        .await
        .map_err(|e| e.to_string())?;
    until("the product in the products_by_category card", || async {
        let t = text_of(client, "#category-results").await;
        (t.contains(name) && t.contains("products_by_category") && t.contains("read-only"))
            .then_some(())
    })
    .await;
    client
        .find(Locator::Css("#brand-input"))
        .await
        .map_err(|e| e.to_string())?
        .send_keys(brand)
        .await
        .map_err(|e| e.to_string())?;
    until("the product in the products_by_brand card", || async {
        let t = text_of(client, "#brand-results").await;
        t.contains(name).then_some(())
    })
    .await;
    let shot = save_screenshot(client, "demo.png").await;
    eprintln!("screenshot: {}", shot.display());

    // Delete it, accepting the confirmation dialog.
    let row = client
        .find(Locator::Css("#product-list li.product.fresh"))
        .await
        .map_err(|e| format!("the new row: {e}"))?;
    let row_id = row
        .attr("id")
        .await
        .map_err(|e| e.to_string())?
        .unwrap_or_default();
    row.find(Locator::Css("button.del"))
        .await
        .map_err(|e| e.to_string())?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    let question = until("the confirmation dialog", || async {
        client.get_alert_text().await.ok()
    })
    .await;
    assert!(question.contains(name), "{question}");
    client.accept_alert().await.map_err(|e| e.to_string())?;
    until("the row to leave the base table list", || async {
        client
            .find(Locator::Id(&row_id))
            .await
            .is_err()
            .then_some(())
    })
    .await;
    // The write triggers a refresh of the view cards: the product leaves them.
    until("the product to leave the category card", || async {
        let t = text_of(client, "#category-results").await;
        (!t.contains(name)).then_some(())
    })
    .await;
    let shot = save_screenshot(client, "demo-after-delete.png").await;
    eprintln!("screenshot: {}", shot.display());
    Ok(())
}

/// Product fields made of markup show as text in the list and in both view cards,
/// and none of their scripts runs (`window.__xss` stays undefined).
async fn markup_is_shown_as_text(
    client: &Client,
    base: &str,
    catalog: &materialized_views_demo::store::Catalog,
) -> Result<(), String> {
    let img = r#"<img src=x onerror="window.__xss=1">"#;
    let script = "<script>window.__xss=1</script>";
    let category = format!("xss-{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
    let brand = format!("<b onmouseover=\"window.__xss=1\">{category}</b>");
    for name in [img, script] {
        let mut product = random_product(&mut rand::rng());
        product.name = name.to_string();
        product.category = category.clone();
        product.brand = brand.clone();
        product.description = Some(script.to_string());
        catalog.insert(&product).await.map_err(|e| e.to_string())?;
    }
    client
        .goto(&format!("{base}/"))
        .await
        .map_err(|e| e.to_string())?;
    until("the markup products in the base table list", || async {
        let t = text_of(client, "#product-list").await;
        (t.contains(img) && t.contains(script)).then_some(())
    })
    .await;
    client
        .find(Locator::Css("#category-input"))
        .await
        .map_err(|e| e.to_string())?
        .send_keys(&category)
        .await
        .map_err(|e| e.to_string())?;
    until("the markup products in the category card", || async {
        let t = text_of(client, "#category-results").await;
        (t.contains(img) && t.contains(script) && t.contains(&brand)).then_some(())
    })
    .await;
    client
        .find(Locator::Css("#brand-input"))
        .await
        .map_err(|e| e.to_string())?
        .send_keys(&brand)
        .await
        .map_err(|e| e.to_string())?;
    until("the markup products in the brand card", || async {
        let t = text_of(client, "#brand-results").await;
        (t.contains(img) && t.contains(script)).then_some(())
    })
    .await;
    // Give an injected onerror or script every chance to run.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let ran = client
        .execute(
            "return [typeof window.__xss, document.querySelectorAll('#product-list img, .results img, .results b, #product-list script, .results script').length]",
            vec![],
        )
        .await
        .map_err(|e| e.to_string())?;
    assert_eq!(
        ran,
        json!(["undefined", 0]),
        "no injected element, no script ran"
    );
    let shot = save_screenshot(client, "demo-markup-as-text.png").await;
    eprintln!("screenshot: {}", shot.display());
    Ok(())
}

/// With the database failing, the page still loads and the list shows a readable
/// message (htmx swaps the 503 fragment in).
async fn database_error_is_shown(client: &Client, base: &str) -> Result<(), String> {
    client
        .goto(&format!("{base}/"))
        .await
        .map_err(|e| e.to_string())?;
    let message = until("the database error message in the list", || async {
        let t = text_of(client, "#product-list .alert").await;
        (!t.is_empty()).then_some(t)
    })
    .await;
    assert!(message.contains("database unavailable"), "{message}");
    client
        .find(Locator::Css("#category-input"))
        .await
        .map_err(|e| e.to_string())?
        .send_keys("weapons")
        .await
        .map_err(|e| e.to_string())?;
    until(
        "the database error message in the category card",
        || async {
            let t = text_of(client, "#category-results .alert").await;
            t.contains("database unavailable").then_some(())
        },
    )
    .await;
    let shot = save_screenshot(client, "demo-database-down.png").await;
    eprintln!("screenshot: {}", shot.display());
    Ok(())
}
