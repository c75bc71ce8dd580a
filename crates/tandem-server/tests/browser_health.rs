//! The health diagnosis in a real browser, on the demo workspace: the project manager opens
//! the portfolio, drills into the critical project, reads the verdict line on the overview,
//! clicks to the Health tab, reads the verdict and both
//! sides, and follows a signal's evidence link to the record behind it. A client contact sees
//! neither the tab nor the page. Screenshots land in `<target>/tmp/screenshots/health-*.png`.

#[allow(dead_code)] // this suite uses part of the shared harness
#[path = "browser/harness.rs"]
mod harness;

use fantoccini::Locator;
use harness::{App, Browser, Input};

const PASSWORD: &str = tandem_server::demo::PASSWORD;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn project_manager_follows_the_diagnosis_to_its_evidence() {
    let app = App::spawn_demo().await;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    sign_in(&browser, "jonas@tandem.demo").await;

    browser.goto("/portfolio").await;
    browser
        .find("td a.key[href='/projects/HELIOS']")
        .await
        .click()
        .await
        .expect("drill into HELIOS from the portfolio");
    let overview = browser.expect_text("See the diagnosis").await;
    assert!(overview.contains("Critical"), "{overview}");
    browser
        .find("nav.tabs a[href='/projects/HELIOS/health']")
        .await
        .click()
        .await
        .expect("open the Health tab");
    let page = browser.expect_text("Product side").await;
    assert!(page.contains("Delivery side"), "{page}");
    let sentence = browser
        .find("#verdict-sentence")
        .await
        .text()
        .await
        .expect("text");
    assert!(
        sentence.starts_with("Critical — mainly product"),
        "{sentence}"
    );
    let first = browser
        .find("[data-side='product'] .signal")
        .await
        .attr("data-signal")
        .await
        .expect("attribute");
    assert_eq!(first.as_deref(), Some("no_product_manager"));
    browser.screenshot("health-helios").await;

    browser.goto("/projects/NWSHOP/health").await;
    browser.expect_text("Weekly trend").await;
    browser.screenshot("health-nwshop").await;
    let link = browser.find(".signal-raised .evidence a").await;
    let href = link.attr("href").await.expect("href").expect("an href");
    let label = link.text().await.expect("label");
    link.click().await.expect("follow the evidence");
    let path = href.split('#').next().unwrap_or(&href).to_owned();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while browser.path().await != path {
        assert!(std::time::Instant::now() < deadline, "never reached {path}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    browser.expect_text(label.trim()).await;
    browser.submit("/logout", &[]).await;

    sign_in(&browser, "clara@northwind.demo").await;
    browser.goto("/projects/NWSHOP").await;
    browser.expect_text("Northwind").await;
    let tabs = browser
        .client
        .find_all(Locator::Css("nav.tabs a[href='/projects/NWSHOP/health']"))
        .await
        .expect("query");
    assert!(tabs.is_empty(), "a client contact sees no Health tab");
    assert!(!browser.main_text().await.contains("See the diagnosis"));
    browser.goto("/projects/NWSHOP/health").await;
    let shown = browser.main_text().await;
    assert!(!shown.contains("Product side"), "{shown}");
    browser.close().await;
    drop(app);
}

async fn sign_in(browser: &Browser, email: &str) {
    browser.goto("/login").await;
    browser
        .submit(
            "/login",
            &[
                Input::Type("email", email),
                Input::Type("password", PASSWORD),
            ],
        )
        .await;
    browser.expect_text("NWSHOP").await;
}
