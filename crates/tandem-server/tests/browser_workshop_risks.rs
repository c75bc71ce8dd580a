//! A risk that came out of a workshop, in a real browser on the demo workspace: the product
//! manager creates it from the workshop's page in one step (rated there), finds it listed
//! among what the workshop produced, follows it to the risk register and sees its origin
//! ("From workshop …") with a link back. Screenshots land in
//! `<target>/tmp/screenshots/workshop-risks-*.png`.

#[path = "browser/harness.rs"]
mod harness;

use harness::{App, Browser, Input};

const PASSWORD: &str = tandem_server::demo::PASSWORD;
const WORKSHOP: &str = "Kick-off with Northwind";
const RISK: &str = "Warehouse feed arrives late";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_risk_created_on_a_workshop_page_shows_its_origin_in_the_register() {
    let app = App::spawn_demo().await;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser
        .sign_in("paula@tandem.demo", PASSWORD, "NWSHOP")
        .await;
    browser.goto("/projects/NWSHOP/workshops").await;
    browser
        .client
        .find(fantoccini::Locator::LinkText(WORKSHOP))
        .await
        .expect("the kick-off workshop")
        .click()
        .await
        .expect("open it");
    browser.expect_text("What it produced").await;
    let workshop_path = browser.path().await;

    browser
        .submit_in(
            "form#outcome-risk",
            &[
                Input::Type("title", RISK),
                Input::Choose("probability", "4 – Likely"),
                Input::Choose("impact", "5 – Severe"),
            ],
        )
        .await;
    browser.expect_text("Created from this workshop.").await;
    browser.expect_text(RISK).await;
    browser.screenshot("workshop-risks-01-workshop").await;

    // The outcome links to the risk on the register, which names the workshop it came from.
    browser
        .find("li[data-kind='risk'] a")
        .await
        .click()
        .await
        .expect("follow the risk");
    browser
        .expect_text(&format!("From workshop {WORKSHOP}"))
        .await;
    assert!(browser.path().await.starts_with("/projects/NWSHOP/risks"));
    let row = browser.find("tr:has(.risk-origin)").await;
    let row_text = row.text().await.expect("row text");
    assert!(row_text.contains(RISK), "{row_text}");
    let exposure = row
        .find(fantoccini::Locator::Css("td:nth-child(4)"))
        .await
        .expect("exposure cell")
        .text()
        .await
        .expect("exposure");
    assert!(exposure.starts_with("20"), "4 × 5: {exposure}");
    browser.screenshot("workshop-risks-02-register").await;

    // And back: the origin links to the workshop.
    browser
        .find(".risk-origin a")
        .await
        .click()
        .await
        .expect("follow the origin");
    browser.expect_text("What it produced").await;
    assert_eq!(browser.path().await, workshop_path);
    browser.close().await;
    drop(app);
}
