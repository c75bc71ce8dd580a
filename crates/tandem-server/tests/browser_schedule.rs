//! The schedule cockpit in a real browser: a project manager opens FLEET's Gantt chart, which
//! runs the remaining work from today (FLEET is under way) with the work in progress split,
//! and sees the critical path in its own colour, baselines, levelling and, on asking, the
//! plan from the project start, then the forecast with its histogram and milestone table,
//! and earned value today and at an earlier status date. Screenshots land in
//! `<target>/tmp/screenshots/`.

#[allow(dead_code)] // the harness serves several suites; this one uses part of it
#[path = "browser/harness.rs"]
mod harness;

use harness::{App, Browser, Input};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn project_manager_sees_gantt_critical_path_and_forecast() {
    let app = App::spawn_demo().await;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
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
    // Wait for the sign-in to land, or its redirect can overtake the next navigation.
    browser.expect_text("FLEET").await;
    browser.goto("/projects/FLEET").await;
    browser
        .find("nav.tabs a[href='/projects/FLEET/gantt']")
        .await
        .click()
        .await
        .expect("Gantt tab");

    // FLEET began ten days ago: its Gantt opens with the open work rescheduled from today,
    // and the "Plan from" choice says so.
    browser.expect_text("Remaining work rescheduled from").await;
    assert_eq!(plan_from(&browser).await, "today");
    browser.expect_text("Critical path:").await;
    let path = browser
        .find("#critical-path")
        .await
        .text()
        .await
        .expect("text");
    assert!(path.contains("FLEET-"), "{path}");
    // Critical bars are drawn in their own class, and so are their links.
    let critical = browser
        .client
        .find_all(fantoccini::Locator::Css("svg .gantt-critical"))
        .await
        .expect("bars");
    assert!(!critical.is_empty(), "critical bars on the chart");
    let links = browser
        .client
        .find_all(fantoccini::Locator::Css("svg .gantt-link"))
        .await
        .expect("links");
    assert!(links.len() >= 5, "dependency arrows");
    browser.find("svg .gantt-milestone").await;
    browser.find("table.gantt-table").await;
    browser.screenshot("schedule-gantt").await;

    // Save a baseline of the plan shown: its bars appear under the current ones, with a
    // variance column, and the page keeps its choice.
    browser
        .submit(
            "/projects/FLEET/baselines",
            &[Input::Type("name", "Steering approval")],
        )
        .await;
    browser.expect_text("Baseline saved").await;
    assert_eq!(plan_from(&browser).await, "today");
    browser
        .expect_text("compared with baseline “Steering approval”")
        .await;
    let baseline_bars = browser
        .client
        .find_all(fantoccini::Locator::Css("svg .gantt-baseline"))
        .await
        .expect("baseline bars");
    assert!(baseline_bars.len() >= 5, "baseline bars on the chart");
    browser.find("td.variance").await;
    browser.screenshot("schedule-gantt-baseline").await;

    // Level resources: the same chart with people's work spread over their available days.
    tick_gantt_option(&browser, "level").await;
    browser
        .expect_text("levelled to people's availability")
        .await;
    browser.find("svg .gantt-baseline").await;
    browser.screenshot("schedule-gantt-levelled").await;

    // Levelled, the open work still runs from today, and the choice is in the address.
    browser.expect_text("Remaining work rescheduled from").await;
    let url = browser.client.current_url().await.expect("url");
    assert!(
        url.as_str().contains("remaining_from=today") && url.as_str().contains("level=true"),
        "{url}"
    );
    let legend = browser
        .find("#rescheduled")
        .await
        .text()
        .await
        .expect("text");
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .to_string();
    assert!(legend.contains(&today), "{legend}");
    assert_eq!(plan_from(&browser).await, "today", "the choice stays");
    browser.find("svg .gantt-today").await;
    // "Position stream on Kafka" has been in progress since FLEET's first day: it is split,
    // the part worked drawn up to the status date before its remaining work, and the legend
    // says so (the dotted join over a gap is checked on the page in api_reschedule).
    let worked = browser.find("svg .gantt-actual").await;
    let tooltip = worked
        .find(fantoccini::Locator::Css("title"))
        .await
        .expect("a tooltip")
        .html(true)
        .await
        .expect("tooltip text");
    assert!(
        tooltip.contains("Position stream on Kafka: worked from"),
        "{tooltip}"
    );
    browser.find(".gantt-legend .swatch-split").await;
    let badge = browser.find("td .badge-split").await;
    let title = badge
        .attr("title")
        .await
        .expect("title")
        .unwrap_or_default();
    assert!(title.starts_with("Started "), "{title}");
    // The chart, not the options, in the screenshot.
    browser
        .client
        .execute(
            "document.getElementById('rescheduled').scrollIntoView()",
            vec![],
        )
        .await
        .expect("scroll to the chart");
    browser.screenshot("schedule-gantt-rescheduled").await;

    // Plan from the project start: the plain plan, still levelled, and nothing split.
    browser
        .submit_in(
            GANTT_OPTIONS,
            &[Input::Choose(
                "remaining_from",
                "project start (as planned)",
            )],
        )
        .await;
    browser
        .expect_text("as planned from the project start")
        .await;
    assert!(
        !browser
            .main_text()
            .await
            .contains("Remaining work rescheduled"),
        "the plain plan"
    );
    let url = browser.client.current_url().await.expect("url");
    assert!(
        url.as_str().contains("remaining_from=start") && url.as_str().contains("level=true"),
        "{url}"
    );
    assert_eq!(plan_from(&browser).await, "start");
    let split = browser
        .client
        .find_all(fantoccini::Locator::Css("svg .gantt-actual"))
        .await
        .expect("worked parts");
    assert!(split.is_empty(), "nothing is split on the plain plan");
    browser.screenshot("schedule-gantt-from-start").await;

    // Plan from a status date typed into the date field.
    let status_date = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .to_string();
    browser
        .submit_in(
            GANTT_OPTIONS,
            &[
                Input::Choose("remaining_from", "the status date → (remaining work)"),
                Input::Set("status_date", &status_date),
            ],
        )
        .await;
    browser
        .expect_text(&format!("Remaining work rescheduled from {status_date}"))
        .await;
    assert_eq!(plan_from(&browser).await, status_date);
    browser.screenshot("schedule-gantt-from-status-date").await;

    browser
        .find("nav.tabs a[href='/projects/FLEET/forecast']")
        .await
        .click()
        .await
        .expect("Forecast tab");
    browser.expect_text("network mode").await;
    browser.find("#p85").await;
    browser.find("svg .fc-bar").await;
    browser.find("svg .fc-curve").await;
    let milestones = browser
        .find("#milestones")
        .await
        .text()
        .await
        .expect("text");
    assert!(milestones.contains("Pilot go-live"), "{milestones}");
    browser.screenshot("schedule-forecast").await;

    browser
        .find("nav.tabs a[href='/projects/FLEET/evm']")
        .await
        .click()
        .await
        .expect("Earned value tab");
    browser.find("#evm-chart .evm-pv").await;
    browser.find("#evm-chart .evm-ev").await;
    browser.find("#spi").await;
    browser.find("#ac").await;
    browser
        .expect_text("Planned value from baseline “Steering approval”")
        .await;
    browser.expect_text("(today)").await;
    browser.screenshot("schedule-evm").await;

    // Earned value a week from now, typed into the status-date field: the heading names it,
    // the chart marks it, and more is planned by then than by today. (The baseline holds the
    // open work rescheduled from today, so a week always adds five working days of it; a
    // date in the past would plan as much as today on a weekend, when that work has not
    // started yet.)
    let planned_today = browser.find("#pv").await.text().await.expect("text");
    let status_date = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .checked_add(jiff::Span::new().days(7))
        .expect("a date")
        .to_string();
    browser
        .submit("/projects/FLEET/evm", &[Input::Set("date", &status_date)])
        .await;
    browser
        .expect_text(&format!("Earned value on {status_date}"))
        .await;
    assert!(
        !browser.main_text().await.contains("(today)"),
        "another status date than today"
    );
    browser.find("#evm-chart .gantt-today").await;
    let planned_then = browser.find("#pv").await.text().await.expect("text");
    assert_ne!(
        planned_then, planned_today,
        "more is planned a week from now"
    );
    browser.screenshot("schedule-evm-status-date").await;
    browser
        .client
        .execute(
            "document.getElementById('evm-chart').scrollIntoView();",
            vec![],
        )
        .await
        .expect("scroll to the chart");
    browser.screenshot("schedule-evm-status-date-chart").await;

    browser
        .find("nav.tabs a[href='/projects/FLEET/status']")
        .await
        .click()
        .await
        .expect("Status tab");
    browser.expect_text("Download Markdown").await;
    browser.find("#scope").await;
    browser.screenshot("schedule-status").await;

    browser.close().await;
    drop(app);
}

/// The form of FLEET's Gantt options.
const GANTT_OPTIONS: &str = "form[action='/projects/FLEET/gantt']";

/// The value of the Gantt's "Plan from" choice.
async fn plan_from(browser: &Browser) -> String {
    browser
        .find(&format!("{GANTT_OPTIONS} select[name=remaining_from]"))
        .await
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default()
}

/// Ticks the Gantt option `name` (a checkbox) and applies the options.
async fn tick_gantt_option(browser: &Browser, name: &str) {
    browser
        .find(&format!("{GANTT_OPTIONS} input[name={name}]"))
        .await
        .click()
        .await
        .expect("tick the option");
    browser
        .find(&format!("{GANTT_OPTIONS} button[type=submit]"))
        .await
        .click()
        .await
        .expect("apply");
}
