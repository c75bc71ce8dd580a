//! The portfolio and the status reports in a real browser on the demo workspace: sort by a
//! column header, filter by client with the form (no JavaScript needed for either), then
//! generate this week's report of a project and open it. Screenshots land in
//! `<target>/tmp/screenshots/`.

#[allow(dead_code)] // this suite uses part of the shared harness
#[path = "browser/harness.rs"]
mod harness;

use harness::{App, Browser, Input};

/// The project keys of the portfolio table, top to bottom.
async fn row_keys(browser: &Browser) -> Vec<String> {
    let rows = browser
        .client
        .find_all(fantoccini::Locator::Css("#portfolio tbody tr"))
        .await
        .expect("rows");
    let mut keys = Vec::new();
    for row in rows {
        keys.push(row.attr("data-key").await.expect("attr").expect("data-key"));
    }
    keys
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sort_filter_the_portfolio_then_generate_and_open_a_report() {
    let app = App::spawn_demo().await;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.goto("/login").await;
    browser
        .submit(
            "/login",
            &[
                Input::Type("email", "admin@tandem.demo"),
                Input::Type("password", tandem_server::demo::PASSWORD),
            ],
        )
        .await;
    browser.expect_text("Projects").await;
    browser
        .find("nav.main-nav a[href='/portfolio']")
        .await
        .click()
        .await
        .expect("Portfolio link");
    browser.find("#portfolio tbody tr").await;
    assert_eq!(row_keys(&browser).await, ["FLEET", "HELIOS", "NWSHOP"]);
    browser.screenshot("portfolio").await;

    // Sorting: the Key header sorted ascending links to descending.
    browser
        .find("#portfolio th[aria-sort=ascending] a")
        .await
        .click()
        .await
        .expect("sort by key descending");
    browser.find("#portfolio th[aria-sort=descending]").await;
    assert_eq!(row_keys(&browser).await, ["NWSHOP", "HELIOS", "FLEET"]);
    assert!(browser.path().await.contains("order=desc"));

    // Filtering by client keeps the sort.
    browser
        .submit("/portfolio", &[Input::Choose("client", "Northwind Retail")])
        .await;
    browser.expect_text("Northwind").await;
    assert_eq!(row_keys(&browser).await, ["NWSHOP"]);
    assert!(browser.path().await.contains("order=desc"));

    // A project's reports: the demo report is there; generate this week's and open it.
    browser.goto("/projects/NWSHOP/reports").await;
    browser.expect_text("History").await;
    browser.find("#reports tbody tr").await;
    browser.submit("/projects/NWSHOP/reports", &[]).await;
    let text = browser.expect_text("Status report generated").await;
    for section in [
        "Diagnosis",
        "Product side",
        "Decisions made",
        "Delivery",
        "Top risks",
    ] {
        assert!(text.contains(section), "{section} missing:\n{text}");
    }
    assert!(
        browser
            .path()
            .await
            .starts_with("/projects/NWSHOP/reports/")
    );
    browser.find("a[href$='.md'][download]").await;
    browser.screenshot("status-report").await;
    browser.goto("/projects/NWSHOP/reports").await;
    let history = browser
        .client
        .find_all(fantoccini::Locator::Css("#reports tbody tr"))
        .await
        .expect("history rows");
    assert_eq!(history.len(), 2);
    browser.close().await;
}
