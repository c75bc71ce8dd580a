//! The product cockpit in a real browser, on the demo workspace: the product manager creates a
//! persona, a hypothesis and an experiment, records the experiment's result (which moves the
//! hypothesis), creates a feature, mistypes a score (the form comes back with the message at
//! that field and everything else as typed) and fixes it, links the feature to both, marks it a Must-have in the MVP, finds it
//! in the ranked backlog and in the MVP view with the 60 % warning, raises its reach and sees
//! it climb to the top of the RICE ranking, switches the ranking to WSJF and sees the order
//! follow that model, ticks an acceptance
//! criterion, links a work item and sees readiness count it. Screenshots land in
//! `<target>/tmp/screenshots/product-*.png`.

#[path = "browser/harness.rs"]
mod harness;

use fantoccini::Locator;
use harness::{App, Browser, Input};

const PASSWORD: &str = tandem_server::demo::PASSWORD;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn product_manager_shapes_a_feature_from_persona_to_readiness() {
    let app = App::spawn_demo().await;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    sign_in(&browser, "paula@tandem.demo").await;
    let persona = create_persona(&browser).await;
    let hypothesis = create_hypothesis(&browser, &persona).await;
    test_the_hypothesis(&browser, &hypothesis).await;
    let feature = create_feature(&browser).await;
    a_bad_score_keeps_what_was_typed(&browser, &feature).await;
    link_and_prioritise(&browser, &feature, &persona, &hypothesis).await;
    backlog_and_mvp_show_it(&browser).await;
    the_ranking_follows_scores_and_model(&browser, &feature).await;
    readiness_counts_criteria_and_items(&browser, &feature).await;
    browser.close().await;
    drop(app);
}

async fn sign_in(browser: &Browser, email: &str) {
    browser.goto("/login").await;
    browser
        .submit(
            "/login",
            &[
                Input::Type("email", email),
                Input::Type("password", PASSWORD),
            ],
        )
        .await;
    browser.expect_text("NWSHOP").await;
}

/// Opens the `<details>` whose summary matches `css`.
async fn open(browser: &Browser, css: &str) {
    browser
        .find(css)
        .await
        .click()
        .await
        .expect("open the form");
}

/// The id at the end of the current path (after a create redirects to the new page).
async fn id_from_path(browser: &Browser) -> String {
    let path = browser.path().await;
    let path = path.split('?').next().unwrap_or_default();
    path.rsplit('/').next().unwrap_or_default().to_owned()
}

async fn create_persona(browser: &Browser) -> String {
    browser.goto("/projects/NWSHOP/product").await;
    open(browser, "#new-persona summary").await;
    browser
        .submit(
            "/projects/NWSHOP/personas",
            &[
                Input::Type("name", "Olga, office manager"),
                Input::Type("goals", "Restock the office in one order"),
                Input::Type("pains", "Forgets what ran out"),
                Input::Type("quotes", "Just give me last month's order again."),
            ],
        )
        .await;
    let page = browser.expect_text("Persona saved.").await;
    assert!(page.contains("Forgets what ran out"), "{page}");
    id_from_path(browser).await
}

/// Adds a hypothesis about `persona` from the product page's quick form.
async fn create_hypothesis(browser: &Browser, persona: &str) -> String {
    browser.goto("/projects/NWSHOP/product").await;
    open(browser, "#new-hypothesis summary").await;
    browser
        .find(&format!("#new-hypothesis input[name='persona_{persona}']"))
        .await
        .click()
        .await
        .expect("tick the persona");
    browser.screenshot("product-00-new-hypothesis").await;
    browser
        .submit(
            "/projects/NWSHOP/hypotheses",
            &[
                Input::Type(
                    "statement",
                    "We believe office managers will reorder monthly because lists save time",
                ),
                Input::Choose("importance", "5"),
            ],
        )
        .await;
    let page = browser.expect_text("Hypothesis saved.").await;
    assert!(page.contains("Olga, office manager"), "{page}");
    browser.screenshot("product-01-hypothesis").await;
    id_from_path(browser).await
}

async fn test_the_hypothesis(browser: &Browser, hypothesis: &str) {
    let base = format!("/projects/NWSHOP/hypotheses/{hypothesis}");
    browser
        .submit(
            &format!("{base}/experiments"),
            &[
                Input::Type("title", "Five office interviews"),
                Input::Choose("method", "interview"),
                Input::Type("success_criterion", "4 of 5 reorder the same list monthly"),
                Input::Set("ends_on", "2030-12-31"),
            ],
        )
        .await;
    browser.expect_text("Experiment saved.").await;
    open(browser, ".experiment details summary").await;
    let action = browser
        .find("form.result-form")
        .await
        .attr("action")
        .await
        .expect("action")
        .expect("a result form");
    browser
        .submit(
            &action,
            &[
                Input::Type("result", "All five reorder the same list every month"),
                Input::Choose("outcome", "validated"),
            ],
        )
        .await;
    browser.expect_text("Result recorded").await;
    let status = browser
        .find(".hypothesis-status")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(status, "validated");
    let evidence = browser
        .find(".hypothesis-evidence")
        .await
        .text()
        .await
        .unwrap();
    assert_ne!(
        evidence, "none",
        "a validated experiment raises the evidence"
    );
    browser.screenshot("product-02-experiment-result").await;
}

async fn create_feature(browser: &Browser) -> String {
    browser.goto("/projects/NWSHOP/product").await;
    open(browser, "#new-feature summary").await;
    browser
        .submit(
            "/projects/NWSHOP/features",
            &[
                Input::Type("title", "Monthly office reorder"),
                Input::Type(
                    "problem",
                    "Office managers rebuild the same order every month",
                ),
            ],
        )
        .await;
    browser.expect_text("Feature saved.").await;
    id_from_path(browser).await
}

/// The value attribute of input `name` of the form posting to `action`.
async fn typed(browser: &Browser, action: &str, name: &str) -> String {
    browser
        .find(&format!("form[action='{action}'] [name='{name}']"))
        .await
        .attr("value")
        .await
        .expect("value")
        .unwrap_or_default()
}

async fn a_bad_score_keeps_what_was_typed(browser: &Browser, feature: &str) {
    let action = format!("/projects/NWSHOP/features/{feature}");
    let problem = "Office managers rebuild the same order by hand every month";
    browser
        .submit(
            &action,
            &[
                Input::Type("problem", problem),
                Input::Type("reach", "lots"),
                Input::Type("estimate_days", "12"),
            ],
        )
        .await;
    browser.expect_text("Please fix the following").await;
    let error = browser
        .find("#f-edit-reach-error")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(error, "'lots' is not a number");
    assert_eq!(typed(browser, &action, "reach").await, "lots");
    assert_eq!(typed(browser, &action, "estimate_days").await, "12");
    let kept = browser
        .find(&format!("form[action='{action}'] textarea[name='problem']"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(kept, problem);
    browser.screenshot("product-03a-bad-score").await;

    browser
        .submit(&action, &[Input::Type("reach", "900")])
        .await;
    let page = browser.expect_text("Feature saved.").await;
    assert!(page.contains(problem), "{page}");
    assert_eq!(typed(browser, &action, "estimate_days").await, "12");
}

async fn link_and_prioritise(browser: &Browser, feature: &str, persona: &str, hypothesis: &str) {
    let action = format!("/projects/NWSHOP/features/{feature}");
    for name in [
        format!("persona_{persona}"),
        format!("hypothesis_{hypothesis}"),
        "mvp".to_owned(),
    ] {
        browser
            .find(&format!("form[action='{action}'] input[name='{name}']"))
            .await
            .click()
            .await
            .expect("tick");
    }
    browser
        .submit(
            &action,
            &[
                Input::Choose("moscow", "must"),
                Input::Choose("status", "planned"),
                Input::Type("reach", "900"),
                Input::Choose("impact", "2"),
                Input::Type("effort_months", "1"),
                Input::Type("estimate_days", "2000"),
            ],
        )
        .await;
    let page = browser.expect_text("Feature saved.").await;
    assert!(page.contains("Olga, office manager"), "{page}");
    assert!(
        page.contains("office managers will reorder monthly"),
        "{page}"
    );
    // Confidence derived from the validated hypothesis.
    let confidence = browser.find("dd.confidence").await.text().await.unwrap();
    assert!(confidence.contains("from 1 hypothesis"), "{confidence}");
    browser.screenshot("product-03-feature").await;
}

async fn backlog_and_mvp_show_it(browser: &Browser) {
    browser.goto("/projects/NWSHOP/product?sort=rice").await;
    let backlog = browser.find("#backlog").await.text().await.unwrap();
    assert!(backlog.contains("Monthly office reorder"), "{backlog}");
    let mvp = browser.find("#mvp").await.text().await.unwrap();
    assert!(mvp.contains("Monthly office reorder"), "{mvp}");
    assert!(mvp.contains("Must-haves are"), "the 60 % warning: {mvp}");
    browser.screenshot("product-04-backlog-mvp").await;
}

/// The text of every element `css` matches, in page order.
async fn texts(browser: &Browser, css: &str) -> Vec<String> {
    browser.find(css).await;
    let mut texts = Vec::new();
    for element in browser
        .client
        .find_all(Locator::Css(css))
        .await
        .expect("query")
    {
        texts.push(element.text().await.expect("text"));
    }
    texts
}

/// The backlog's feature titles, top to bottom, as the page ranks them.
async fn backlog_order(browser: &Browser) -> Vec<String> {
    texts(
        browser,
        "#backlog tr.feature-row .feature-title a:not(.score-link)",
    )
    .await
}

/// Raising a score re-ranks the backlog, and switching the model re-orders it by that model.
async fn the_ranking_follows_scores_and_model(browser: &Browser, feature: &str) {
    const TITLE: &str = "Monthly office reorder";
    browser.goto("/projects/NWSHOP/product?sort=rice").await;
    let before = backlog_order(browser).await;
    let at = before.iter().position(|t| t == TITLE);
    assert!(matches!(at, Some(1..)), "not yet first by RICE: {before:?}");

    browser
        .find(&format!("#feature-{feature} a.score-link"))
        .await
        .click()
        .await
        .expect("edit the scores from the backlog");
    let action = format!("/projects/NWSHOP/features/{feature}");
    browser
        .submit(&action, &[Input::Type("reach", "90000")])
        .await;
    browser.expect_text("Feature saved.").await;
    browser.goto("/projects/NWSHOP/product?sort=rice").await;
    let after = backlog_order(browser).await;
    let expected: Vec<String> = std::iter::once(TITLE.to_owned())
        .chain(before.iter().filter(|t| *t != TITLE).cloned())
        .collect();
    assert_eq!(after, expected, "the raised reach moves it to the top");
    browser.screenshot("product-04b-reranked").await;

    browser
        .find("#backlog nav.filter a[href$='sort=wsjf']")
        .await
        .click()
        .await
        .expect("rank by WSJF");
    browser.expect_text("Backlog ranked by WSJF").await;
    let by_wsjf = backlog_order(browser).await;
    assert_ne!(by_wsjf, after, "WSJF orders the backlog differently");
    let mut sorted = by_wsjf.clone();
    sorted.sort();
    let mut all = after.clone();
    all.sort();
    assert_eq!(sorted, all, "the same features, re-ordered");
    // Highest WSJF first; features without every WSJF input come last.
    let scores: Vec<Option<f64>> = texts(browser, "#backlog tr.feature-row td.score-wsjf")
        .await
        .iter()
        .map(|cell| cell.trim().parse().ok())
        .collect();
    assert!(
        scores.windows(2).all(|pair| match (pair[0], pair[1]) {
            (Some(high), Some(low)) => high >= low,
            (None, Some(_)) => false,
            _ => true,
        }),
        "ranked by WSJF: {scores:?}"
    );
    assert_eq!(
        by_wsjf.last().map(String::as_str),
        Some(TITLE),
        "{by_wsjf:?}"
    );
}

async fn readiness_counts_criteria_and_items(browser: &Browser, feature: &str) {
    let base = format!("/projects/NWSHOP/features/{feature}");
    browser.goto(&base).await;
    let items = browser.find("dd.items-count").await.text().await.unwrap();
    assert!(items.starts_with("0 of 0"), "{items}");
    browser
        .submit(
            &format!("{base}/criteria"),
            &[Input::Type("text", "Reorder in two clicks")],
        )
        .await;
    browser.expect_text("Acceptance criteria saved.").await;
    browser
        .find(".criterion form button")
        .await
        .click()
        .await
        .expect("tick the criterion");
    browser.expect_text("Acceptance criteria saved.").await;
    let criteria = browser
        .find("dd.criteria-count")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(criteria, "1 of 1");

    browser
        .submit(&format!("{base}/items"), &[Input::Type("key", "NWSHOP-1")])
        .await;
    let page = browser.expect_text("Work item linked").await;
    assert!(page.contains("NWSHOP-1"), "{page}");
    let items = browser.find("dd.items-count").await.text().await.unwrap();
    assert!(items.contains("of 1"), "{items}");
    browser.screenshot("product-05-readiness").await;
}
