//! The roadmap page in a real browser, on the demo workspace: the product manager opens it
//! from the project tabs, moves a feature from Later to Now with the button on its card and
//! finds it in the Now column, sees the releases on the timeline, and a move from a stale
//! page is refused with a message, and filtering to one persona narrows the board until
//! "Clear" (a release filter highlights its mark on the timeline); then the client contact opens the same page from her portal and sees only the
//! shared features and releases, without scores or move buttons.
//! Screenshots land in `<target>/tmp/screenshots/roadmap-*.png`.

#[path = "browser/harness.rs"]
mod harness;

use fantoccini::Locator;
use harness::{App, Browser, Input};

const PASSWORD: &str = tandem_server::demo::PASSWORD;
/// An internal demo feature on the Later horizon.
const LATER: &str = "Deal badges in search";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn product_manager_moves_features_and_the_client_sees_the_shared_roadmap() {
    let app = App::spawn_demo().await;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser
        .sign_in("paula@tandem.demo", PASSWORD, "NWSHOP")
        .await;
    let id = move_a_feature_from_later_to_now(&browser).await;
    releases_are_on_the_timeline(&browser).await;
    a_stale_move_is_refused(&browser, &id).await;
    a_persona_filter_narrows_the_board(&browser).await;
    browser.submit("/logout", &[]).await;

    browser
        .sign_in("clara@northwind.demo", PASSWORD, "NWSHOP")
        .await;
    client_sees_the_shared_roadmap(&browser).await;
    browser.close().await;
    drop(app);
}

/// The ids of the cards in the column of `horizon`, with their text.
async fn cards(browser: &Browser, horizon: &str) -> Vec<(String, String)> {
    let found = browser
        .client
        .find_all(Locator::Css(&format!(
            "[data-horizon='{horizon}'] .roadmap-card"
        )))
        .await
        .expect("cards");
    let mut cards = Vec::new();
    for card in found {
        let id = card.attr("id").await.expect("id").unwrap_or_default();
        cards.push((id, card.text().await.expect("card text")));
    }
    cards
}

/// The card id of the feature titled `title` in the column of `horizon`, if it is there.
async fn card_in(browser: &Browser, horizon: &str, title: &str) -> Option<String> {
    cards(browser, horizon)
        .await
        .into_iter()
        .find(|(_, text)| text.contains(title))
        .map(|(id, _)| id)
}

async fn move_a_feature_from_later_to_now(browser: &Browser) -> String {
    browser.goto("/projects/NWSHOP/product").await;
    browser
        .find("nav.tabs a[href='/projects/NWSHOP/roadmap']")
        .await
        .click()
        .await
        .expect("open the roadmap tab");
    let page = browser.expect_text("Now, next, later").await;
    assert!(page.contains("Release timeline"), "{page}");
    assert!(page.contains("RICE"), "staff see the scores: {page}");
    let id = card_in(browser, "later", LATER)
        .await
        .expect("the demo feature starts in Later");
    browser.screenshot("roadmap-01-board").await;

    browser
        .find(&format!("#{id} button[value='now']"))
        .await
        .click()
        .await
        .expect("move to Now");
    browser.expect_text("Feature moved on the roadmap.").await;
    assert_eq!(
        card_in(browser, "now", LATER).await.as_deref(),
        Some(id.as_str()),
        "the feature is in the Now column"
    );
    assert!(card_in(browser, "later", LATER).await.is_none());
    id
}

async fn releases_are_on_the_timeline(browser: &Browser) {
    let marks = browser
        .client
        .find_all(Locator::Css("#timeline svg a.rt-release"))
        .await
        .expect("timeline marks");
    assert_eq!(marks.len(), 3, "the beta, the launch and click & collect");
    let link = marks[0].attr("href").await.expect("href").expect("a link");
    assert!(link.starts_with("/projects/NWSHOP/releases/"), "{link}");
    let svg = browser
        .find("#timeline svg")
        .await
        .text()
        .await
        .expect("svg text");
    assert!(svg.contains("1.0 Mobile checkout launch"), "{svg}");
    assert!(svg.contains("Today"), "{svg}");
    browser
        .find("#timeline")
        .await
        .click()
        .await
        .expect("scroll to the timeline");
    browser.screenshot("roadmap-02-timeline").await;
}

async fn a_stale_move_is_refused(browser: &Browser, id: &str) {
    // The card shows the version after the move; a page loaded before it held the one before.
    let version: i64 = browser
        .find(&format!("#{id} input[name='version']"))
        .await
        .attr("value")
        .await
        .expect("value")
        .expect("a version")
        .parse()
        .expect("a number");
    browser
        .submit_in(
            &format!("#{id} form"),
            &[Input::Set("version", &(version - 1).to_string())],
        )
        .await;
    let page = browser
        .expect_text("Someone changed this feature meanwhile")
        .await;
    assert!(page.contains("Please fix the following"), "{page}");
    assert!(
        card_in(browser, "now", LATER).await.is_some(),
        "the refused move changed nothing"
    );
    browser.screenshot("roadmap-03-stale-move").await;
}

/// Anna's features (One-tap reorder, and the one moved to Now) stay; Ben's Guest checkout
/// leaves the board; the choice stays in the address; "Clear" brings everything back.
async fn a_persona_filter_narrows_the_board(browser: &Browser) {
    browser.goto("/projects/NWSHOP/roadmap").await;
    assert!(card_in(browser, "now", "Guest checkout").await.is_some());
    browser
        .submit_in(
            "form.roadmap-filters",
            &[Input::Choose("persona", "Anna, busy parent")],
        )
        .await;
    let page = browser.expect_text("2 matching features").await;
    assert!(browser.path().await.contains("persona="), "bookmarkable");
    let now: Vec<String> = cards(browser, "now")
        .await
        .into_iter()
        .map(|(_, text)| text)
        .collect();
    assert_eq!(now.len(), 2, "{now:?}");
    assert!(card_in(browser, "now", "One-tap reorder").await.is_some());
    assert!(card_in(browser, "now", LATER).await.is_some());
    assert!(!page.contains("Guest checkout"), "{page}");
    browser.screenshot("roadmap-04-persona-filter").await;

    // Narrowed to a release too, the timeline highlights that release.
    browser
        .submit_in(
            "form.roadmap-filters",
            &[Input::Choose("release", "1.0 Mobile checkout launch")],
        )
        .await;
    browser.find("#timeline svg a.rt-chosen").await;
    let chosen = browser
        .client
        .find_all(Locator::Css("#timeline svg a.rt-chosen"))
        .await
        .expect("chosen marks");
    assert_eq!(chosen.len(), 1, "one release is highlighted");
    let name = chosen[0].text().await.expect("mark text");
    assert!(name.contains("1.0 Mobile checkout launch"), "{name}");
    assert!(
        browser.path().await.contains("persona="),
        "the persona stays"
    );
    browser
        .client
        .execute(
            "document.getElementById('timeline').scrollIntoView()",
            vec![],
        )
        .await
        .expect("scroll to the timeline");
    browser.screenshot("roadmap-05-release-filter").await;

    browser
        .find("form.roadmap-filters a")
        .await
        .click()
        .await
        .expect("clear the filters");
    browser.expect_text("Guest checkout").await;
    assert!(!browser.path().await.contains("persona="));
}

async fn client_sees_the_shared_roadmap(browser: &Browser) {
    browser
        .find("a[href='/projects/NWSHOP/roadmap']")
        .await
        .click()
        .await
        .expect("open the roadmap from the portal");
    let page = browser.expect_text("Now, next, later").await;
    for shown in [
        "One-tap reorder",
        "Guest checkout",
        "Wishlist",
        "1.0 Mobile checkout launch",
    ] {
        assert!(page.contains(shown), "{shown} missing:\n{page}");
    }
    for hidden in [
        LATER,
        "Store stock on product page",
        "Tablet pick lists for stores",
        "1.1 Click & collect",
        "RICE",
        "Move to",
    ] {
        assert!(!page.contains(hidden), "{hidden} leaked:\n{page}");
    }
    let marks = browser
        .client
        .find_all(Locator::Css("#timeline svg a.rt-release"))
        .await
        .expect("timeline marks");
    assert_eq!(marks.len(), 2, "the shared beta and launch only");
    let buttons = browser
        .client
        .find_all(Locator::Css(".roadmap-move"))
        .await
        .expect("query");
    assert!(buttons.is_empty(), "no move buttons for clients");
    browser.screenshot("roadmap-06-client").await;
}
