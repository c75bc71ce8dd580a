//! Links between product artefacts in a real browser, on the demo workspace: the product
//! manager ticks a persona on a hypothesis's edit form and finds the hypothesis on that
//! persona's page; ticks a release on an objective and finds the objective on the release
//! page. Screenshots land in `<target>/tmp/screenshots/links-*.png`.

#[path = "browser/harness.rs"]
mod harness;

use harness::{App, Browser, Input};

const PASSWORD: &str = tandem_server::demo::PASSWORD;
const STATEMENT: &str = "We believe night owls shop after 10 pm because the kids are asleep";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn personas_on_hypotheses_and_releases_on_goals() {
    let app = App::spawn_demo().await;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };
    browser
        .sign_in("paula@tandem.demo", PASSWORD, "NWSHOP")
        .await;
    let persona = create(
        &browser,
        "#new-persona summary",
        "/projects/NWSHOP/personas",
        &[
            Input::Type("name", "Nina, night owl"),
            Input::Type("goals", "Shop once the house is quiet"),
        ],
    )
    .await;
    let hypothesis = create(
        &browser,
        "#new-hypothesis summary",
        "/projects/NWSHOP/hypotheses",
        &[Input::Type("statement", STATEMENT)],
    )
    .await;
    persona_ticked_on_the_hypothesis(&browser, &hypothesis, &persona).await;
    release_ticked_on_an_objective(&browser).await;
    browser.close().await;
    drop(app);
}

/// Opens the product page's new-artefact form `summary`, submits it to `action` with `inputs`
/// and returns the id of the page it opens.
async fn create(browser: &Browser, summary: &str, action: &str, inputs: &[Input<'_>]) -> String {
    browser.goto("/projects/NWSHOP/product").await;
    browser
        .find(summary)
        .await
        .click()
        .await
        .expect("open the form");
    browser.submit(action, inputs).await;
    browser.expect_text("saved.").await;
    let path = browser.path().await;
    let path = path.split('?').next().unwrap_or_default();
    path.rsplit('/').next().unwrap_or_default().to_owned()
}

async fn persona_ticked_on_the_hypothesis(browser: &Browser, hypothesis: &str, persona: &str) {
    let action = format!("/projects/NWSHOP/hypotheses/{hypothesis}");
    browser
        .find(&format!(
            "form[action='{action}'] input[name='persona_{persona}']"
        ))
        .await
        .click()
        .await
        .expect("tick the persona");
    browser.submit(&action, &[]).await;
    let page = browser.expect_text("Hypothesis saved.").await;
    assert!(page.contains("Personas it is about"), "{page}");
    assert!(page.contains("Nina, night owl"), "{page}");
    browser.screenshot("links-01-hypothesis").await;

    browser
        .find(&format!(
            ".linked-personas a[href='/projects/NWSHOP/personas/{persona}']"
        ))
        .await
        .click()
        .await
        .expect("open the persona");
    let page = browser.expect_text("Hypotheses about this persona").await;
    assert!(page.contains(STATEMENT), "{page}");
    browser.screenshot("links-02-persona").await;
}

async fn release_ticked_on_an_objective(browser: &Browser) {
    browser.goto("/projects/NWSHOP/goals").await;
    let form = browser.find("form.releases-form").await;
    let action = form
        .attr("action")
        .await
        .expect("action")
        .expect("the form posts somewhere");
    let objective = action
        .trim_end_matches("/releases")
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    browser
        .find(&format!("#objective-{objective} details summary"))
        .await
        .click()
        .await
        .expect("open the releases form");
    let tick = browser
        .find(&format!("form[action='{action}'] input[type=checkbox]"))
        .await;
    let name = tick.attr("name").await.expect("name").expect("a name");
    let release = name.trim_start_matches("release_").to_owned();
    tick.click().await.expect("tick the release");
    browser.submit(&action, &[]).await;
    let page = browser.expect_text("Objective saved.").await;
    assert!(page.contains("Delivered by"), "{page}");
    browser.screenshot("links-03-goals").await;

    browser
        .goto(&format!("/projects/NWSHOP/releases/{release}"))
        .await;
    let page = browser.expect_text("Objectives it delivers").await;
    let title = browser
        .find(&format!(
            ".release-objectives a[href$='#objective-{objective}']"
        ))
        .await
        .text()
        .await
        .expect("objective title");
    assert!(!title.is_empty() && page.contains(&title), "{page}");
    browser.screenshot("links-04-release").await;
}
