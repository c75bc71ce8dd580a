//! Editing a release and the go/no-go template in a real browser, on the demo workspace: the
//! product manager opens a release from the timeline, renames it, moves its date, names the
//! decider and the owners of checklist lines; a form loaded before someone else's save comes
//! back with what she typed and the stored values beside it; then she renames, removes,
//! adds and reorders template lines, and a new release starts from the new template.
//! Screenshots land in `<target>/tmp/screenshots/release-edit-*.png`.

#[path = "browser/harness.rs"]
mod harness;

use fantoccini::Locator;
use harness::{App, Browser, Input};

const PASSWORD: &str = tandem_server::demo::PASSWORD;
const RELEASE: &str = "1.0 Mobile checkout launch";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn product_manager_edits_a_release_and_the_go_no_go_template() {
    let app = App::spawn_demo().await;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser
        .sign_in("paula@tandem.demo", PASSWORD, "NWSHOP")
        .await;
    let edit = release_is_edited_from_the_timeline(&browser).await;
    a_stale_form_keeps_what_was_typed(&browser, &edit).await;
    the_template_is_edited_and_new_releases_use_it(&browser).await;
    browser.submit("/logout", &[]).await;

    browser
        .sign_in("clara@northwind.demo", PASSWORD, "NWSHOP")
        .await;
    client_cannot_edit(&browser, &edit).await;
    browser.close().await;
    drop(app);
}

/// Returns the edit page's path.
async fn release_is_edited_from_the_timeline(browser: &Browser) -> String {
    browser.goto("/projects/NWSHOP/releases").await;
    browser
        .find(&format!("a[aria-label='Edit {RELEASE}']"))
        .await
        .click()
        .await
        .expect("open the edit page");
    browser.expect_text("Edit release").await;
    let edit = browser.path().await;
    assert!(edit.ends_with("/edit"), "{edit}");
    browser.screenshot("release-edit-01-form").await;
    browser
        .submit(
            &edit,
            &[
                Input::Type("name", "1.0 Checkout relaunch"),
                Input::Set("target_date", "2027-01-20"),
                Input::Choose("decider", "Jonas Planner"),
                Input::Choose("owner_2", "Rita Quality"),
                Input::Choose("owner_4", "Omar Designer"),
            ],
        )
        .await;
    let page = browser.expect_text("Release saved.").await;
    assert!(page.contains("1.0 Checkout relaunch"), "{page}");
    assert!(page.contains("Decider: Jonas Planner"), "{page}");
    let date = browser
        .find("#release-date")
        .await
        .text()
        .await
        .expect("date");
    assert_eq!(date, "2027-01-20");
    let checklist = browser
        .find("table.checklist")
        .await
        .text()
        .await
        .expect("checklist");
    assert!(
        checklist.contains("QA sign-off") && checklist.contains("Rita Quality"),
        "{checklist}"
    );
    assert!(checklist.contains("Omar Designer"), "{checklist}");
    browser.screenshot("release-edit-02-saved").await;
    browser
        .client
        .execute(
            "document.querySelector('table.checklist').scrollIntoView();",
            vec![],
        )
        .await
        .expect("scroll to the checklist");
    browser.screenshot("release-edit-02-owners").await;
    // The release page links back to the form.
    browser
        .find("#edit-release")
        .await
        .click()
        .await
        .expect("edit again");
    browser.expect_text("Checklist owners").await;
    edit
}

async fn a_stale_form_keeps_what_was_typed(browser: &Browser, edit: &str) {
    browser.goto(edit).await;
    browser.expect_text("Edit release").await;
    // This form was loaded before the save above: its versions are the old ones.
    browser
        .submit(
            edit,
            &[
                Input::Set("version", "0"),
                Input::Set("checklist_version", "0"),
                Input::Type("name", "1.0 Typed while someone saved"),
                Input::Choose("owner_0", "Mei Developer"),
            ],
        )
        .await;
    let page = browser
        .expect_text("Someone else saved this release meanwhile")
        .await;
    assert!(page.contains("Stored now"), "{page}");
    let stored = browser
        .find("#stored-now")
        .await
        .text()
        .await
        .expect("stored values");
    assert!(stored.contains("1.0 Checkout relaunch"), "{stored}");
    let name = browser
        .find("#f-release_edit-name")
        .await
        .prop("value")
        .await
        .expect("name")
        .unwrap_or_default();
    assert_eq!(name, "1.0 Typed while someone saved");
    let owner = browser
        .find("#f-owner-0")
        .await
        .prop("value")
        .await
        .expect("owner")
        .unwrap_or_default();
    assert!(!owner.is_empty(), "the chosen owner is kept");
    browser.screenshot("release-edit-03-stale").await;
    // The form now carries the stored versions: saving again applies the typed values.
    browser.submit(edit, &[]).await;
    let page = browser.expect_text("Release saved.").await;
    assert!(page.contains("1.0 Typed while someone saved"), "{page}");
    let checklist = browser
        .find("table.checklist")
        .await
        .text()
        .await
        .expect("checklist");
    assert!(checklist.contains("Mei Developer"), "{checklist}");
}

async fn the_template_is_edited_and_new_releases_use_it(browser: &Browser) {
    browser.goto("/projects/NWSHOP/releases").await;
    browser
        .find("#go-no-go-template-link")
        .await
        .click()
        .await
        .expect("open the template");
    let page = browser.expect_text("Go/no-go template").await;
    assert!(page.contains("still uses Tandem's default"), "{page}");
    let action = "/projects/NWSHOP/go-no-go-template";
    let remove_second = browser.find("#remove-1").await;
    remove_second.click().await.expect("remove line 2");
    browser
        .submit(
            action,
            &[
                Input::Type("text_0", "Scope complete and signed off by the client"),
                Input::Type("area_7", "customer"),
                Input::Type("text_7", "Demo accepted by the client"),
                Input::Type("position_7", "0.5"),
            ],
        )
        .await;
    browser.expect_text("Go/no-go template saved").await;
    let first = browser.value("#text-0").await;
    assert_eq!(first, "Demo accepted by the client");
    let second = browser.value("#text-1").await;
    assert_eq!(second, "Scope complete and signed off by the client");
    let texts = all_texts(browser).await;
    assert!(
        !texts.iter().any(|text| text == "No open blocking bugs"),
        "removed: {texts:?}"
    );
    browser.screenshot("release-edit-04-template").await;

    // A template form loaded before that save: refused, rows kept as typed.
    browser
        .submit(
            action,
            &[
                Input::Set("version", "0"),
                Input::Type("text_1", "Scope frozen"),
            ],
        )
        .await;
    let page = browser
        .expect_text("Someone else saved the template meanwhile")
        .await;
    assert!(page.contains("Stored now"), "{page}");
    assert_eq!(browser.value("#text-1").await, "Scope frozen");
    browser.screenshot("release-edit-05-template-stale").await;
    browser.submit(action, &[]).await;
    browser.expect_text("Go/no-go template saved").await;
    assert_eq!(browser.value("#text-1").await, "Scope frozen");

    // A half-filled row is explained, nothing lost.
    browser
        .submit(action, &[Input::Type("text_7", "Marketing ready")])
        .await;
    browser
        .expect_text("give both an area and a criterion")
        .await;
    assert_eq!(browser.value("#text-7").await, "Marketing ready");

    // A new release starts from the template.
    browser.goto("/projects/NWSHOP/releases").await;
    browser
        .submit(
            "/projects/NWSHOP/releases",
            &[Input::Type("name", "1.2 Invoices")],
        )
        .await;
    browser.expect_text("Release created.").await;
    let checklist = browser
        .find("table.checklist")
        .await
        .text()
        .await
        .expect("checklist");
    let demo = checklist
        .find("Demo accepted by the client")
        .expect("first line");
    let scope = checklist.find("Scope frozen").expect("second line");
    assert!(demo < scope, "{checklist}");
}

async fn client_cannot_edit(browser: &Browser, edit: &str) {
    browser.goto("/projects/NWSHOP/releases").await;
    let page = browser.expect_text("Release timeline").await;
    assert!(!page.contains("Go/no-go template"), "{page}");
    assert!(
        browser
            .client
            .find(Locator::Css("a[href$='/edit']"))
            .await
            .is_err(),
        "no edit links for the client"
    );
    browser.goto(edit).await;
    let page = browser.main_text().await;
    assert!(!page.contains("Checklist owners"), "{page}");
}

/// The criterion texts of the template form, in order.
async fn all_texts(browser: &Browser) -> Vec<String> {
    let mut texts = Vec::new();
    for field in browser
        .client
        .find_all(Locator::Css("input[name^='text_']"))
        .await
        .expect("rows")
    {
        let text = field
            .prop("value")
            .await
            .expect("value")
            .unwrap_or_default();
        if !text.is_empty() {
            texts.push(text);
        }
    }
    texts
}
