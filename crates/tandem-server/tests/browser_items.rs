//! Work items in a real browser, as the project manager: create an epic and items under it,
//! add a dependency (a cycle is refused at the field), see the blocked badge on the board,
//! move a card with its button and by drag-and-drop. Screenshots land next to the others.

#[path = "browser/harness.rs"]
mod harness;

use fantoccini::Locator;
use harness::{App, Browser, Input};
use std::time::{Duration, Instant};

const PASSWORD: &str = "correct horse battery";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn project_manager_plans_and_moves_work() {
    let app = App::spawn().await;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser
        .set_up_project(PASSWORD, "SHOP", "Web shop", Some("2026-01-12"))
        .await;

    // An epic from the list's quick-create row, then two stories under it from the epic.
    browser.goto("/projects/SHOP/items").await;
    browser
        .submit(
            "/projects/SHOP/items/new",
            &[
                Input::Choose("type", "Epic"),
                Input::Type("title", "Checkout"),
            ],
        )
        .await;
    browser.expect_text("SHOP-1").await;
    browser.goto("/items/SHOP-1").await;
    for title in ["Pay by card", "Receipt e-mail"] {
        browser
            .submit(
                "/projects/SHOP/items/new",
                &[Input::Choose("type", "Story"), Input::Type("title", title)],
            )
            .await;
        browser.expect_text(title).await;
    }
    browser.expect_text("SHOP-3").await;
    browser.screenshot("items-01-epic").await;

    // SHOP-3 waits for SHOP-2; the reverse link would close a cycle and is refused.
    browser.goto("/items/SHOP-3").await;
    browser
        .submit(
            "/items/SHOP-3/dependencies",
            &[Input::Type("predecessor", "SHOP-2")],
        )
        .await;
    browser.expect_text("Waits for SHOP-2").await;
    browser.goto("/items/SHOP-2").await;
    browser
        .submit(
            "/items/SHOP-2/dependencies",
            &[Input::Type("predecessor", "SHOP-3")],
        )
        .await;
    let refused = browser.expect_text("would close a cycle").await;
    assert!(refused.contains("SHOP-3 → SHOP-2 → SHOP-3"), "{refused}");
    browser.find("#f-predecessor-error").await;
    browser.screenshot("items-02-cycle").await;

    // The board shows SHOP-3 blocked until SHOP-2 is done; the card's Move menu moves SHOP-2.
    browser.goto("/projects/SHOP/board").await;
    browser.find("#SHOP-3 .badge-blocked").await;
    browser.screenshot("items-03-board").await;
    browser
        .find("#SHOP-2 .move-menu summary")
        .await
        .click()
        .await
        .expect("open the Move menu");
    browser.screenshot("items-03-move-menu").await;
    let done = browser
        .client
        .find(Locator::XPath(
            "//li[@id='SHOP-2']//button[@name='to'][normalize-space()='Done']",
        ))
        .await
        .expect("a Done button in the menu");
    done.click().await.expect("move");
    browser
        .find("ol.board-column[aria-label='Done'] #SHOP-2")
        .await;
    wait_until_gone(&browser, "#SHOP-3 .badge-blocked").await;

    // Drag-and-drop presses the same button.
    let script = "const card = document.getElementById('SHOP-1');\
        const column = document.querySelector(\"ol.board-column[aria-label='In progress']\");\
        const data = new DataTransfer();\
        card.dispatchEvent(new DragEvent('dragstart', { bubbles: true, dataTransfer: data }));\
        column.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: data }));\
        column.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: data }));";
    browser
        .client
        .execute(script, vec![])
        .await
        .expect("drag and drop");
    browser
        .find("ol.board-column[aria-label='In progress'] #SHOP-1")
        .await;
    browser.screenshot("items-04-board-moved").await;

    // The item page shows the history of the move.
    browser.goto("/items/SHOP-2").await;
    browser.expect_text("changed status: Backlog → Done").await;
    browser.screenshot("items-05-item").await;
    browser.close().await;
    drop(app);
}

/// Waits until nothing matches `css`.
async fn wait_until_gone(browser: &Browser, css: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while browser.client.find(Locator::Css(css)).await.is_ok() {
        assert!(Instant::now() < deadline, "{css} is still shown");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
