//! The demo workspace tells each project's story in a real browser: HELIOS, which nobody owns
//! on the product side, has a half-filled board, an MVP on shaky assumptions and an overdue
//! decision, and its health verdict blames the product side; FLEET, run by one person in
//! both roles, has a small validated MVP and a product side in order. Screenshots land in
//! `<target>/tmp/screenshots/demo-*.png`.

#[allow(dead_code)] // this suite uses part of the shared harness
#[path = "browser/harness.rs"]
mod harness;

use fantoccini::Locator;
use harness::{App, Browser, Input};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn helios_and_fleet_tell_their_product_stories() {
    let app = App::spawn_demo().await;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.goto("/login").await;
    browser
        .submit(
            "/login",
            &[
                Input::Type("email", "jonas@tandem.demo"),
                Input::Type("password", tandem_server::demo::PASSWORD),
            ],
        )
        .await;
    browser.expect_text("HELIOS").await;
    helios(&browser).await;
    browser.submit("/logout", &[]).await;
    browser.goto("/login").await;
    browser
        .submit(
            "/login",
            &[
                Input::Type("email", "rita@tandem.demo"),
                Input::Type("password", tandem_server::demo::PASSWORD),
            ],
        )
        .await;
    browser.expect_text("FLEET").await;
    fleet(&browser).await;
    browser.close().await;
    drop(app);
}

/// The ids of the raised signals of one side of the health page, in the page's order.
async fn raised(browser: &Browser, side: &str) -> Vec<String> {
    let css = format!("[data-side='{side}'] .signal-raised");
    let mut ids = Vec::new();
    for signal in browser
        .client
        .find_all(Locator::Css(&css))
        .await
        .expect("query")
    {
        ids.push(
            signal
                .attr("data-signal")
                .await
                .expect("attribute")
                .unwrap_or_default(),
        );
    }
    ids
}

async fn helios(browser: &Browser) {
    browser.goto("/projects/HELIOS/product").await;
    let product = browser.expect_text("Video follow-up consultations").await;
    for shown in ["Herr Keller", "Online appointment booking", "invalidated"] {
        assert!(product.contains(shown), "{shown}: {product}");
    }
    browser.screenshot("demo-helios-product").await;
    for (page, shown) in [
        ("vision", "Chronic patients over 60"),
        ("goals", "Take appointment booking off the phone"),
        ("workshops", "Kick-off with Helios Health"),
        ("feedback", "cancel online too"),
        ("releases", "Pilot in cardiology"),
        ("decisions", "Who signs off the pilot"),
    ] {
        browser.goto(&format!("/projects/HELIOS/{page}")).await;
        browser.expect_text(shown).await;
    }

    browser.goto("/projects/HELIOS/health").await;
    browser.expect_text("Product side").await;
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
    let product = raised(browser, "product").await;
    assert_eq!(
        product.first().map(String::as_str),
        Some("no_product_manager")
    );
    for planted in [
        "vision_board",
        "mvp_untested_hypotheses",
        "direction_change_without_decision",
        "decisions_overdue",
        "goals_without_features",
        "feedback_untriaged",
    ] {
        assert!(
            product.iter().any(|id| id == planted),
            "{planted}: {product:?}"
        );
    }
    browser.screenshot("demo-helios-health").await;
}

async fn fleet(browser: &Browser) {
    browser.goto("/projects/FLEET").await;
    browser.expect_text("One person holds both roles").await;
    browser.goto("/projects/FLEET/product").await;
    let product = browser.expect_text("Live map of riders").await;
    for shown in ["Dario, dispatcher", "ETA per stop", "Billing per vehicle"] {
        assert!(product.contains(shown), "{shown}: {product}");
    }
    browser.screenshot("demo-fleet-product").await;
    for (page, shown) in [
        ("vision", "Courier start-ups"),
        ("goals", "Three paying pilots by spring"),
        ("workshops", "Ride-along"),
        ("feedback", "tunnel"),
        ("releases", "Pilot"),
        ("decisions", "Pilot with courier start-ups"),
    ] {
        browser.goto(&format!("/projects/FLEET/{page}")).await;
        browser.expect_text(shown).await;
    }

    browser.goto("/projects/FLEET/health").await;
    browser.expect_text("Product side").await;
    // Rita keeps the product side in order: nothing raised there, whatever delivery shows.
    let product = raised(browser, "product").await;
    assert!(product.is_empty(), "{product:?}");
    let owner = browser
        .find("#signal-no_product_manager .signal-explanation")
        .await
        .text()
        .await
        .expect("text");
    assert_eq!(owner, "Rita Quality is the product manager");
    let sentence = browser
        .find("#verdict-sentence")
        .await
        .text()
        .await
        .expect("text");
    assert!(!sentence.contains("mainly product"), "{sentence}");
    browser.screenshot("demo-fleet-health").await;
}
