//! The delivery cockpit's forms in a real browser, as the project manager of the demo
//! workspace: on the Team page he sets a member's discipline, capacity and rate and records
//! and then edits her time off (a bad date range is explained, nothing typed lost); on the
//! Budget page he adds a fixed line and an expense and edits both, and the totals follow;
//! on the Risks page he adds a risk and re-rates it, and its exposure follows. A budget line
//! changed through the JSON API while his edit form was open is not overwritten: the form
//! comes back with his typing, a message and the stored values. A client contact cannot
//! open the edit pages. Screenshots land in `<target>/tmp/screenshots/delivery-forms-*.png`.

#[path = "browser/harness.rs"]
mod harness;

use harness::{App, Browser, Input};
use serde_json::{Value, json};

const PASSWORD: &str = tandem_server::demo::PASSWORD;
const PM: &str = "jonas@tandem.demo";
const MEMBER: &str = "Mei Developer";
const LINE: &str = "Load testing";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn project_manager_edits_team_budget_and_risks() {
    let app = App::spawn_demo().await;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser.sign_in(PM, PASSWORD, "NWSHOP").await;
    profile_is_set_and_shown(&browser).await;
    time_off_is_recorded_and_edited(&browser).await;
    let line_edit = budget_line_is_added_and_edited(&browser).await;
    expense_is_added_and_edited(&browser).await;
    risk_is_added_and_rated_again(&browser).await;
    a_stale_edit_overwrites_nothing(&browser, &line_edit).await;
    browser.submit("/logout", &[]).await;

    browser
        .sign_in("clara@northwind.demo", PASSWORD, "NWSHOP")
        .await;
    browser.goto(&line_edit).await;
    let page = browser.main_text().await;
    assert!(page.contains("Page not found"), "{page}");
    assert!(!page.contains(LINE), "{page}");
    browser.close().await;
    drop(app);
}

/// Runs `script` (which reads `arguments`) in the page and returns its answer.
async fn run_js(browser: &Browser, script: &str, arguments: Vec<Value>) -> Value {
    browser
        .client
        .execute(script, arguments)
        .await
        .unwrap_or_else(|error| panic!("script failed: {error}"))
}

/// The `href` of the link `link` in the first `rows` element whose text contains `text`.
async fn link_in_row(browser: &Browser, rows: &str, text: &str, link: &str) -> String {
    let script = "const row = [...document.querySelectorAll(arguments[0])]
            .find(r => r.textContent.includes(arguments[1]));
        const a = row && row.querySelector(arguments[2]);
        return a ? a.getAttribute('href') : null;";
    let href = run_js(browser, script, vec![json!(rows), json!(text), json!(link)]).await;
    href.as_str()
        .unwrap_or_else(|| panic!("no {link} in a {rows} with {text:?}"))
        .to_owned()
}

/// Opens the inline editor of the first `rows` element containing `text`, and returns the
/// action of its form.
async fn open_inline_editor(browser: &Browser, rows: &str, text: &str) -> String {
    let script = "const row = [...document.querySelectorAll(arguments[0])]
            .find(r => r.textContent.includes(arguments[1]));
        row.querySelector('details').open = true;
        return row.querySelector('details form').getAttribute('action');";
    let action = run_js(browser, script, vec![json!(rows), json!(text)]).await;
    action.as_str().expect("a form action").to_owned()
}

/// The text of the first `rows` element containing `text`.
async fn row_text(browser: &Browser, rows: &str, text: &str) -> String {
    let script = "const row = [...document.querySelectorAll(arguments[0])]
            .find(r => r.textContent.includes(arguments[1]));
        return row ? row.innerText : '';";
    let shown = run_js(browser, script, vec![json!(rows), json!(text)]).await;
    shown.as_str().unwrap_or_default().to_owned()
}

async fn profile_is_set_and_shown(browser: &Browser) {
    browser.goto("/projects/NWSHOP/team").await;
    browser.expect_text("People").await;
    let action = open_inline_editor(browser, ".team-table tbody tr", MEMBER).await;
    browser
        .submit(
            &action,
            &[
                Input::Choose("discipline", "Analyst"),
                Input::Type("weekly_capacity_hours", "30"),
                Input::Type("hourly_rate", "92.50"),
            ],
        )
        .await;
    browser.expect_text("Member profile saved.").await;
    let row = row_text(browser, ".team-table tbody tr", MEMBER).await;
    assert!(row.contains("Analyst"), "{row}");
    assert!(row.contains("30h / week"), "{row}");
    assert!(row.contains("92.50 EUR / h"), "{row}");
    browser.screenshot("delivery-forms-01-team").await;
}

async fn time_off_is_recorded_and_edited(browser: &Browser) {
    browser
        .submit(
            "/projects/NWSHOP/team/time-off",
            &[
                Input::Choose("user", MEMBER),
                Input::Set("from", "2027-03-01"),
                Input::Set("to", "2027-03-05"),
                Input::Type("note", "Conference"),
            ],
        )
        .await;
    browser.expect_text("Time off recorded.").await;
    let edit = link_in_row(browser, "#time-off li", "Conference", "a[href$='/edit']").await;
    browser.goto(&edit).await;
    browser
        .expect_text(&format!("Edit time off of {MEMBER}"))
        .await;
    assert_eq!(browser.value("#f-from").await, "2027-03-01");
    // A last day before the first is explained at the field; what was typed stays.
    browser
        .submit_in(
            "#record-edit",
            &[
                Input::Set("to", "2027-02-20"),
                Input::Type("note", "Conference and workshop"),
            ],
        )
        .await;
    browser
        .expect_text("the last day is before the first")
        .await;
    assert_eq!(browser.value("#f-to").await, "2027-02-20");
    assert_eq!(browser.value("#f-note").await, "Conference and workshop");
    browser
        .screenshot("delivery-forms-02-time-off-refused")
        .await;
    browser
        .submit_in("#record-edit", &[Input::Set("to", "2027-03-08")])
        .await;
    browser.expect_text("Time off saved.").await;
    let entry = row_text(browser, "#time-off li", "Conference and workshop").await;
    assert!(entry.contains("1 Mar 2027 – 8 Mar 2027"), "{entry}");
    browser.screenshot("delivery-forms-03-time-off-saved").await;
}

/// A money figure as the budget page shows it ("240,000.00 EUR") as a number.
fn amount(text: &str) -> f64 {
    let digits: String = text
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.' || *c == '-')
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("an amount: {text}"))
}

/// The figure of the budget page's card `label` ("Planned", "Actual cost").
async fn figure(browser: &Browser, label: &str) -> f64 {
    let script = "const card = [...document.querySelectorAll('.budget-figures article')]
            .find(c => c.querySelector('h2').textContent.trim() === arguments[0]);
        return card.querySelector('.figure').textContent;";
    let text = run_js(browser, script, vec![json!(label)]).await;
    amount(text.as_str().expect("a figure"))
}

/// Returns the line's edit page.
async fn budget_line_is_added_and_edited(browser: &Browser) -> String {
    browser.goto("/projects/NWSHOP/budget").await;
    browser.expect_text("Budget lines").await;
    let planned = figure(browser, "Planned").await;
    browser
        .submit(
            "/projects/NWSHOP/budget/lines",
            &[
                Input::Choose("kind", "Fixed cost"),
                Input::Type("name", LINE),
                Input::Type("line_amount", "2000"),
            ],
        )
        .await;
    browser.expect_text("Budget line added.").await;
    assert_eq!(figure(browser, "Planned").await, planned + 2000.0);
    let edit = link_in_row(browser, "#lines tbody tr", LINE, "a[href$='/edit']").await;
    browser.goto(&edit).await;
    browser
        .expect_text(&format!("Edit budget line {LINE}"))
        .await;
    assert_eq!(browser.value("#f-amount").await, "2000.00");
    browser.screenshot("delivery-forms-04-line-form").await;
    browser
        .submit_in("#record-edit", &[Input::Type("amount", "3500")])
        .await;
    browser.expect_text("Budget line saved.").await;
    assert_eq!(figure(browser, "Planned").await, planned + 3500.0);
    let row = row_text(browser, "#lines tbody tr", LINE).await;
    assert!(row.contains("3,500.00 EUR"), "{row}");
    browser.screenshot("delivery-forms-05-budget").await;
    edit
}

async fn expense_is_added_and_edited(browser: &Browser) {
    let actual = figure(browser, "Actual cost").await;
    browser
        .submit(
            "/projects/NWSHOP/expenses",
            &[
                Input::Set("date", "2026-09-20"),
                Input::Type("amount", "120"),
                Input::Type("description", "Courier"),
                Input::Choose("budget_line_id", LINE),
            ],
        )
        .await;
    browser.expect_text("Expense recorded.").await;
    assert_eq!(figure(browser, "Actual cost").await, actual + 120.0);
    let edit = link_in_row(browser, "#expenses tbody tr", "Courier", "a[href$='/edit']").await;
    browser.goto(&edit).await;
    browser.expect_text("Edit expense Courier").await;
    // An amount that is no number is refused at its field; the rest stays as typed.
    browser
        .submit_in(
            "#record-edit",
            &[
                Input::Type("amount", "a lot"),
                Input::Type("description", "Courier, express"),
            ],
        )
        .await;
    browser.expect_text("Please fix the following").await;
    assert_eq!(browser.value("#f-description").await, "Courier, express");
    browser
        .submit_in("#record-edit", &[Input::Type("amount", "180")])
        .await;
    browser.expect_text("Expense saved.").await;
    assert_eq!(figure(browser, "Actual cost").await, actual + 180.0);
    let row = row_text(browser, "#expenses tbody tr", "Courier, express").await;
    assert!(row.contains("180.00 EUR") && row.contains(LINE), "{row}");
    browser.screenshot("delivery-forms-06-expense").await;
}

async fn risk_is_added_and_rated_again(browser: &Browser) {
    let risk = "Payment provider rate limits";
    browser.goto("/projects/NWSHOP/risks").await;
    browser
        .submit(
            "/projects/NWSHOP/risks",
            &[
                Input::Type("title", risk),
                Input::Choose("probability", "2 – Unlikely"),
                Input::Choose("impact", "3 – Moderate"),
            ],
        )
        .await;
    browser.expect_text("Risk added to the register.").await;
    let row = row_text(browser, ".risk-table tbody tr", risk).await;
    assert!(row.contains("6 · "), "exposure 2 × 3: {row}");
    let action = open_inline_editor(browser, ".risk-table tbody tr", risk).await;
    browser
        .submit(
            &action,
            &[
                Input::Choose("probability", "4 – Likely"),
                Input::Choose("impact", "5 – Severe"),
            ],
        )
        .await;
    browser.expect_text("Risk saved.").await;
    let row = row_text(browser, ".risk-table tbody tr", risk).await;
    assert!(row.contains("20 · "), "exposure 4 × 5: {row}");
    browser.screenshot("delivery-forms-07-risks").await;
}

/// The JSON API as the project manager, signed in with a session of its own.
struct Api {
    http: reqwest::Client,
    base: String,
    csrf: String,
}

impl Api {
    async fn sign_in(browser: &Browser) -> Api {
        let base = browser.base().to_owned();
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .expect("client");
        let session: Value = http
            .post(format!("{base}/api/v1/session"))
            .json(&json!({ "email": PM, "password": PASSWORD }))
            .send()
            .await
            .expect("sign in")
            .json()
            .await
            .expect("session");
        let csrf = session["csrf_token"].as_str().expect("csrf").to_owned();
        Api { http, base, csrf }
    }

    /// The budget line named `name`.
    async fn line(&self, name: &str) -> Value {
        let budget: Value = self
            .http
            .get(format!("{}/api/v1/projects/NWSHOP/budget", self.base))
            .send()
            .await
            .expect("budget")
            .json()
            .await
            .expect("budget JSON");
        budget["lines"]
            .as_array()
            .expect("lines")
            .iter()
            .find(|line| line["name"] == name)
            .cloned()
            .expect("the line")
    }

    /// Changes the line's amount at its current version.
    async fn set_amount(&self, line: &Value, amount: f64) {
        let status = self
            .http
            .patch(format!(
                "{}/api/v1/projects/NWSHOP/budget/lines/{}",
                self.base, line["id"]
            ))
            .header("x-csrf-token", &self.csrf)
            .header("If-Match", format!("\"{}\"", line["version"]))
            .json(&json!({ "amount": amount }))
            .send()
            .await
            .expect("patch")
            .status();
        assert_eq!(status, 200);
    }
}

async fn a_stale_edit_overwrites_nothing(browser: &Browser, edit: &str) {
    browser.goto(edit).await;
    browser
        .expect_text(&format!("Edit budget line {LINE}"))
        .await;
    // Someone changes the line through the API while the form is open.
    let api = Api::sign_in(browser).await;
    api.set_amount(&api.line(LINE).await, 5000.0).await;
    browser
        .submit_in(
            "#record-edit",
            &[
                Input::Type("amount", "4000"),
                Input::Type("notes", "Two rounds"),
            ],
        )
        .await;
    browser
        .expect_text("Someone else changed this budget line since you opened this form")
        .await;
    let notice = browser
        .find("#stale-notice")
        .await
        .text()
        .await
        .expect("stale notice");
    assert!(
        notice.starts_with("Changed by someone else — not saved"),
        "a stale save is told apart from bad input: {notice}"
    );
    let stored = browser
        .find("#stored-now")
        .await
        .text()
        .await
        .expect("stored values");
    assert!(stored.contains("5,000.00 EUR"), "{stored}");
    assert_eq!(browser.value("#f-amount").await, "4000");
    assert_eq!(browser.value("#f-notes").await, "Two rounds");
    assert_eq!(
        api.line(LINE).await["amount"],
        5000.0,
        "nothing overwritten"
    );
    browser.screenshot("delivery-forms-08-stale").await;
    // The form now carries the stored version: saving again is a deliberate choice.
    browser.submit_in("#record-edit", &[]).await;
    browser.expect_text("Budget line saved.").await;
    assert_eq!(api.line(LINE).await["amount"], 4000.0);
}
