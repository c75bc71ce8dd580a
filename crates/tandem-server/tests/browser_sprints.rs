//! Sprints and time in a real browser, as HELIOS's project manager on the demo workspace:
//! create a sprint, add backlog items, start it, finish one item, complete the sprint sending
//! the unfinished item to the backlog, see the velocity; log time through the timesheet;
//! start the timer from an item page, stop it with a note and billable ticked, see and edit
//! the entry in the week's list; change the workflow. Screenshots land in
//! `<target>/tmp/screenshots/`.

#[allow(dead_code)] // the harness serves several suites; this one uses part of it
#[path = "browser/harness.rs"]
mod harness;

use fantoccini::Locator;
use harness::{App, Browser, Input};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn project_manager_runs_a_sprint_and_logs_time() {
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

    // Wait for the sign-in to land, or its redirect can overtake the next navigation.
    browser.expect_text("NWSHOP").await;
    // The demo's NWSHOP already has history: velocity and cumulative flow are drawn.
    browser.goto("/projects/NWSHOP/sprints").await;
    browser.expect_text("Sprint 3").await;
    browser.find("#velocity-chart rect.bar-completed").await;
    browser.find("#flow-chart polygon.area-done").await;
    browser.screenshot("sprints-01-list").await;
    scroll_to(&browser, "velocity").await;
    browser.screenshot("sprints-01-velocity-flow").await;
    browser
        .find("a[href^='/projects/NWSHOP/sprints/']")
        .await
        .click()
        .await
        .expect("active sprint");
    browser.find("#burndown-chart circle.line-actual").await;
    browser.find("#burnup-chart circle.line-done").await;
    scroll_to(&browser, "burndown-title").await;
    browser.screenshot("sprints-01-active-burndown").await;

    // A new sprint for HELIOS.
    browser.goto("/projects/HELIOS").await;
    browser
        .find("nav.tabs a[href='/projects/HELIOS/sprints']")
        .await
        .click()
        .await
        .expect("Sprints tab");
    browser.expect_text("No completed sprint yet.").await;
    browser
        .submit(
            "/projects/HELIOS/sprints",
            &[
                Input::Type("name", "Portal sprint 1"),
                Input::Type("goal", "Patients can sign in"),
            ],
        )
        .await;
    browser.expect_text("Sprint created.").await;
    let path = browser.path().await;
    let sprint_path = path.split('?').next().unwrap_or_default().to_owned();
    assert!(
        sprint_path.starts_with("/projects/HELIOS/sprints/"),
        "{path}"
    );

    // Tick the first two backlog items and add them.
    let rows = browser
        .client
        .find_all(Locator::Css("#backlog tbody tr a.key"))
        .await
        .expect("backlog rows");
    assert!(rows.len() >= 2, "the backlog offers items");
    let mut keys = Vec::new();
    for link in rows.iter().take(2) {
        keys.push(link.text().await.expect("key"));
    }
    let boxes = browser
        .client
        .find_all(Locator::Css("#backlog tbody input[type=checkbox]"))
        .await
        .expect("checkboxes");
    for checkbox in boxes.iter().take(2) {
        checkbox.click().await.expect("tick");
    }
    browser
        .find("#plan-form button.button-primary")
        .await
        .click()
        .await
        .expect("save planning");
    browser.expect_text("Sprint scope saved.").await;
    let page = browser.expect_text(&keys[1]).await;
    assert!(page.contains("2 items"), "{page}");
    browser.screenshot("sprints-02-planned").await;

    browser.submit(&format!("{sprint_path}/start"), &[]).await;
    browser.expect_text("Sprint started").await;
    browser.find("#burndown-chart circle.line-actual").await;

    // The first item is done; the second is not.
    browser.goto(&format!("/items/{}", keys[0])).await;
    browser
        .submit(
            &format!("/items/{}/edit", keys[0]),
            &[Input::Choose("status", "Done")],
        )
        .await;
    browser.expect_text("→ Done").await;

    browser.goto(&sprint_path).await;
    browser.expect_text("1 item is not done").await;
    browser.screenshot("sprints-03-active").await;
    browser
        .submit(
            &format!("{sprint_path}/complete"),
            &[Input::Choose("all", "Backlog")],
        )
        .await;
    browser.expect_text("Sprint completed").await;
    let spilled = browser.find("#spillover").await.text().await.expect("text");
    assert!(
        spilled.contains(&keys[1]) && spilled.contains("Backlog"),
        "{spilled}"
    );
    browser.screenshot("sprints-04-completed").await;

    browser.goto("/projects/HELIOS/sprints").await;
    browser.find("#velocity-chart rect.bar-completed").await;
    browser.find("#velocity-average").await;
    browser.screenshot("sprints-05-velocity").await;

    // The timesheet: a new row for the finished item, 1.5 hours on Monday.
    browser.goto("/projects/HELIOS/time").await;
    let monday = browser
        .find("input[name^='n_']")
        .await
        .attr("name")
        .await
        .expect("attr")
        .unwrap_or_default();
    browser
        .submit(
            "/projects/HELIOS/time/sheet",
            &[
                Input::Type("new_item", &keys[0]),
                Input::Type(&monday, "1.5"),
            ],
        )
        .await;
    browser.expect_text("Timesheet saved.").await;
    let total = browser
        .find("#week-total")
        .await
        .text()
        .await
        .expect("text");
    assert_eq!(total, "1.5");
    // A wrong cell is refused with a message, nothing is saved.
    browser
        .submit(
            "/projects/HELIOS/time/sheet",
            &[
                Input::Type("new_item", &keys[0]),
                Input::Type(&monday, "lots"),
            ],
        )
        .await;
    browser.expect_text("is not a duration").await;
    browser.screenshot("time-01-timesheet").await;

    // The timer from the item page; the header shows it on every page until stopped, with a
    // note and billable ticked in its stop form.
    browser.goto(&format!("/items/{}", keys[1])).await;
    browser.submit("/timer/start", &[]).await;
    browser.expect_text("Timing since").await;
    browser.find("#item-stop-note").await;
    browser.screenshot("time-02-item-timer").await;
    browser.goto("/projects/HELIOS/sprints").await;
    let header = browser
        .find("#header-timer")
        .await
        .text()
        .await
        .expect("text");
    assert!(header.contains(&keys[1]), "{header}");
    browser
        .find("#header-timer summary")
        .await
        .click()
        .await
        .expect("open the stop form");
    browser
        .find("#header-stop-billable")
        .await
        .click()
        .await
        .expect("tick billable");
    browser
        .find("#header-stop-note")
        .await
        .send_keys("Reviewed the checkout copy")
        .await
        .expect("type the note");
    browser.screenshot("time-02-timer-running").await;
    browser.submit_in("#header-stop", &[]).await;
    browser.expect_text("Timer stopped").await;
    assert!(
        browser
            .client
            .find(Locator::Css("#header-timer"))
            .await
            .is_err(),
        "the header no longer shows a timer"
    );
    // The project's time page lists the entry with its note, billable.
    assert_eq!(
        browser.path().await,
        "/projects/HELIOS/time?notice=timer_stopped"
    );
    let logged = entry_row(&browser, "Reviewed the checkout copy").await;
    assert!(
        logged.contains(&keys[1]) && logged.contains("Billable"),
        "{logged}"
    );
    scroll_to(&browser, "entries").await;
    browser.screenshot("time-03-entries").await;

    // The entry edited in the list: a longer note, no longer billable.
    let row = browser
        .client
        .find(Locator::XPath(&row_with("Reviewed the checkout copy")))
        .await
        .expect("the entry's row");
    row.find(Locator::Css("summary"))
        .await
        .expect("its Edit button")
        .click()
        .await
        .expect("open the edit form");
    let form = row
        .find(Locator::Css("form.profile-form"))
        .await
        .expect("the edit form");
    let note = form
        .find(Locator::Css("[name='note']"))
        .await
        .expect("note");
    note.clear().await.expect("clear");
    note.send_keys("Reviewed and fixed the checkout copy")
        .await
        .expect("type");
    form.find(Locator::Css("[name='billable']"))
        .await
        .expect("billable")
        .click()
        .await
        .expect("untick billable");
    scroll_to(&browser, "entries").await;
    browser.screenshot("time-04-entry-edit").await;
    form.find(Locator::Css("button[type=submit]"))
        .await
        .expect("Save")
        .click()
        .await
        .expect("save");
    browser.expect_text("Timesheet saved.").await;
    let edited = entry_row(&browser, "Reviewed and fixed the checkout copy").await;
    assert!(!edited.contains("Billable"), "{edited}");

    // Time logged through the form, with a note and billable.
    scroll_to(&browser, "log-time").await;
    browser
        .find("#f-log-billable")
        .await
        .click()
        .await
        .expect("tick billable");
    browser.screenshot("time-05-log-form").await;
    browser
        .submit(
            "/projects/HELIOS/time/entries",
            &[
                Input::Type("item", &keys[0]),
                Input::Type("duration", "45m"),
                Input::Type("note", "Release notes"),
            ],
        )
        .await;
    browser.expect_text("Timesheet saved.").await;
    let logged = entry_row(&browser, "Release notes").await;
    assert!(
        logged.contains(&keys[0]) && logged.contains("0.75") && logged.contains("Billable"),
        "{logged}"
    );

    // Workflow settings: a status that still holds items cannot be removed; a new status and
    // a WIP limit are saved.
    browser.goto("/projects/HELIOS/board").await;
    browser
        .find("a[href='/projects/HELIOS/settings/workflow']")
        .await
        .click()
        .await
        .expect("workflow settings link");
    browser.expect_text("Transition rules").await;
    browser
        .find("#remove-3")
        .await
        .click()
        .await
        .expect("tick remove");
    browser
        .submit("/projects/HELIOS/settings/workflow", &[])
        .await;
    browser.expect_text("still holds").await;
    browser.screenshot("workflow-01-refused").await;
    browser.goto("/projects/HELIOS/settings/workflow").await;
    browser
        .submit(
            "/projects/HELIOS/settings/workflow",
            &[Input::Type("name_new", "QA"), Input::Type("wip_2", "3")],
        )
        .await;
    browser.expect_text("Workflow saved.").await;
    let qa = browser
        .find("#name-5")
        .await
        .prop("value")
        .await
        .expect("value");
    assert_eq!(qa.as_deref(), Some("QA"));
    let limit = browser
        .find("#wip-2")
        .await
        .prop("value")
        .await
        .expect("value");
    assert_eq!(limit.as_deref(), Some("3"));
    browser.screenshot("workflow-02-saved").await;
    browser.close().await;
    drop(app);
}

/// XPath of the row of the week's time entries that holds `note`.
fn row_with(note: &str) -> String {
    format!("//section[@id='entries']//tbody/tr[td[contains(@class, 'entry-note')][.='{note}']]")
}

/// The text of the entries row with `note`, waiting for it to appear.
async fn entry_row(browser: &Browser, note: &str) -> String {
    browser
        .client
        .wait()
        .for_element(Locator::XPath(&row_with(note)))
        .await
        .unwrap_or_else(|error| panic!("no entry noted {note:?}: {error}"))
        .text()
        .await
        .expect("text")
}

/// Scrolls the element with `id` to the top of the window (for screenshots).
async fn scroll_to(browser: &Browser, id: &str) {
    browser
        .client
        .execute(
            "document.getElementById(arguments[0]).scrollIntoView();",
            vec![serde_json::json!(id)],
        )
        .await
        .expect("scroll");
}
