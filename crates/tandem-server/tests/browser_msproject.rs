//! MS Project exchange in a real browser: a project manager uploads an MS Project XML file on
//! an empty project's Gantt page and sees the import summary and the bars; a broken file
//! shows its reason on the same page. Screenshots land next to the others.

#[path = "browser/harness.rs"]
mod harness;

use fantoccini::Locator;
use harness::{App, Browser};

const PASSWORD: &str = "correct horse battery";

/// Writes `content` to a temporary file the browser can upload, kept while the guard lives.
fn upload_file(name: &str, content: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, content).expect("write upload");
    let path = path.to_str().expect("utf-8 path").to_owned();
    (dir, path)
}

async fn upload(browser: &Browser, key: &str, path: &str) {
    let form = browser
        .find(&format!("form[action='/projects/{key}/import/msproject']"))
        .await;
    form.find(Locator::Css("input[type=file]"))
        .await
        .expect("file field")
        .send_keys(path)
        .await
        .expect("choose the file");
    form.find(Locator::Css("button[type=submit]"))
        .await
        .expect("import button")
        .click()
        .await
        .expect("import");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn project_manager_imports_an_ms_project_file_and_sees_its_bars() {
    let app = App::spawn().await;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser
        .set_up_project(PASSWORD, "WEB", "Website relaunch", None)
        .await;
    browser.goto("/projects/WEB/gantt").await;
    browser.expect_text("No items to schedule yet.").await;

    let (_broken_dir, broken) = upload_file("broken.xml", "<Project>\n<Tasks>\n</Project>");
    upload(&browser, "WEB", &broken).await;
    let shown = browser.expect_text("malformed XML at line 3").await;
    assert!(shown.contains("No items to schedule yet."), "{shown}");
    browser.screenshot("msproject-01-refused").await;

    let (_dir, file) = upload_file(
        "relaunch.xml",
        include_str!("fixtures/msproject_round_trip.xml"),
    );
    upload(&browser, "WEB", &file).await;
    let shown = browser
        .expect_text("Imported 11 item(s) (WEB-1 to WEB-11)")
        .await;
    assert!(
        shown.contains("\"Contractor\" matches no project member"),
        "{shown}"
    );
    assert!(
        shown.contains("The project starts on 2025-03-03."),
        "{shown}"
    );
    let bars = browser
        .client
        .find_all(Locator::Css("svg .gantt-bar"))
        .await
        .expect("bars");
    assert_eq!(bars.len(), 6, "one bar per task");
    let milestones = browser
        .client
        .find_all(Locator::Css("svg .gantt-milestone"))
        .await
        .expect("milestones");
    assert_eq!(milestones.len(), 2);
    let arrows = browser
        .client
        .find_all(Locator::Css("svg .gantt-link"))
        .await
        .expect("links");
    assert_eq!(arrows.len(), 8, "one arrow per dependency");
    browser
        .find("a[href='/api/v1/projects/WEB/export/msproject']")
        .await;
    browser.screenshot("msproject-02-imported").await;
    browser.close().await;
}
