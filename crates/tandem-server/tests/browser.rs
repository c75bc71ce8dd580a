//! The web UI in a real browser (headless Chromium over WebDriver): the first-run flow of the
//! foundation issue — setup, clients, users, a project with both managers, its overview, sign
//! out — and a client contact who must not see another client's project. Screenshots of the
//! main pages land in `<target>/tmp/screenshots/` for a person to look at.

#[path = "browser/harness.rs"]
mod harness;

use harness::{App, Browser, Input};

const ADMIN_PASSWORD: &str = "correct horse battery";
const PASSWORD: &str = "initial password 1";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_run_to_project_overview_and_client_isolation() {
    let app = App::spawn().await;
    let Some(browser) = Browser::start(&app).await else {
        return;
    };

    first_run_creates_the_admin(&browser).await;
    admin_creates_clients_and_people(&browser).await;
    admin_creates_projects_naming_both_managers(&browser).await;
    admin_creates_an_api_token(&browser).await;
    signing_out_protects_the_pages(&browser).await;
    client_contact_sees_only_their_clients_project(&browser).await;
    phone_width_layout(&browser).await;

    browser.close().await;
    drop(app);
}

async fn first_run_creates_the_admin(browser: &Browser) {
    browser.goto("/").await;
    assert_eq!(browser.path().await, "/setup");
    browser.expect_text("Welcome to Tandem").await;
    browser.screenshot("01-setup").await;

    // A mistake keeps the values and says what is wrong, at the field.
    browser
        .submit(
            "/setup",
            &[
                Input::Type("name", "Ada Admin"),
                Input::Type("email", "ada@agency.test"),
                Input::Type("password", ADMIN_PASSWORD),
                Input::Type("password_confirm", "something else"),
            ],
        )
        .await;
    browser.expect_text("the two passwords differ").await;
    let email = browser.find("#f-email").await;
    assert_eq!(
        email.prop("value").await.unwrap().as_deref(),
        Some("ada@agency.test")
    );
    let repeat = browser.find("#f-password_confirm").await;
    assert_eq!(
        repeat.attr("aria-describedby").await.unwrap().as_deref(),
        Some("f-password_confirm-error")
    );
    browser.screenshot("02-setup-error").await;

    browser
        .submit(
            "/setup",
            &[
                Input::Type("password", ADMIN_PASSWORD),
                Input::Type("password_confirm", ADMIN_PASSWORD),
            ],
        )
        .await;
    browser.expect_text("No projects yet").await;
    assert_eq!(browser.path().await, "/projects");

    // Setup happens once: afterwards it sends people to sign in.
    browser.goto("/setup").await;
    assert_eq!(
        browser.path().await,
        "/projects",
        "signed in, /setup → /login → /projects"
    );
}

async fn admin_creates_clients_and_people(browser: &Browser) {
    for client in ["Northwind Retail", "Helios Health"] {
        browser.goto("/clients").await;
        browser
            .submit("/clients", &[Input::Type("name", client)])
            .await;
        browser.expect_text("Client created.").await;
    }
    browser.expect_text("Helios Health").await;
    browser.screenshot("03-clients").await;

    let people = [
        ("Paula Product", "paula@agency.test", "Staff", None),
        // A typo the admin fixes below.
        ("Jonas Planner", "jonas@agency.tst", "Staff", None),
        (
            "Clara Client",
            "clara@northwind.test",
            "Client contact",
            Some("Northwind Retail"),
        ),
    ];
    for (name, email, role, client) in people {
        browser.goto("/users").await;
        let mut inputs = vec![
            Input::Type("name", name),
            Input::Type("email", email),
            Input::Choose("role", role),
            Input::Type("password", PASSWORD),
        ];
        if let Some(client) = client {
            inputs.push(Input::Choose("client_id", client));
        }
        browser.submit("/users", &inputs).await;
        browser.expect_text("Account created.").await;
    }
    browser.expect_text("clara@northwind.test").await;
    browser.screenshot("04-users").await;
    admin_fixes_a_mistyped_email(browser).await;
}

/// The admin opens Jonas's account from the users list and corrects his e-mail.
async fn admin_fixes_a_mistyped_email(browser: &Browser) {
    browser
        .find("a[href='/users/3']")
        .await
        .click()
        .await
        .expect("open Jonas's account");
    browser.expect_text("jonas@agency.tst").await;
    browser.screenshot("04a-user-edit").await;
    browser
        .submit("/users/3", &[Input::Type("email", "jonas@agency.test")])
        .await;
    let page = browser.expect_text("Account saved.").await;
    assert!(page.contains("jonas@agency.test"), "{page}");
    assert!(!page.contains("jonas@agency.tst"), "{page}");
    browser.screenshot("04b-user-edited").await;
}

async fn admin_creates_projects_naming_both_managers(browser: &Browser) {
    browser.goto("/projects/new").await;
    browser.screenshot("05-new-project").await;

    // A bad key is refused at its field, with every other value kept.
    browser
        .submit(
            "/projects",
            &[
                Input::Type("key", "n"),
                Input::Type("name", "Northwind web shop relaunch"),
                Input::Choose("client_id", "Northwind Retail"),
                Input::Choose("product_manager", "Paula Product (paula@agency.test)"),
                Input::Choose("project_manager", "Jonas Planner (jonas@agency.test)"),
                Input::Set("start_date", "2026-01-12"),
                Input::Set("target_launch_date", "2026-06-30"),
                Input::Type("budget_amount", "240000"),
                Input::Type("description", "A fast, mobile-first storefront."),
            ],
        )
        .await;
    browser.find("#f-key-error").await;
    let name = browser.find("#f-name").await;
    assert_eq!(
        name.prop("value").await.unwrap().as_deref(),
        Some("Northwind web shop relaunch")
    );
    browser.screenshot("06-new-project-error").await;

    browser
        .submit("/projects", &[Input::Type("key", "NWSHOP")])
        .await;
    let overview = browser.expect_text("Project created.").await;
    assert_eq!(
        browser.path().await,
        "/projects/NWSHOP?notice=project_created"
    );
    for shown in [
        "Paula Product",
        "Jonas Planner",
        "Owns why & what",
        "Owns when, who & how much",
        "240,000.00 EUR",
        "12 Jan 2026",
        "30 Jun 2026",
    ] {
        assert!(
            overview.contains(shown),
            "overview lacks {shown:?}:\n{overview}"
        );
    }

    // The client contact joins the project in the client role.
    browser
        .submit(
            "/projects/NWSHOP/members",
            &[
                Input::Choose("user", "Clara Client (clara@northwind.test)"),
                Input::Choose("role", "Client"),
            ],
        )
        .await;
    browser.expect_text("Member added.").await;
    browser.expect_text("Clara Client").await;
    browser.screenshot("07-project-overview").await;

    // A project with only a project manager is flagged.
    browser.goto("/projects/new").await;
    browser
        .submit(
            "/projects",
            &[
                Input::Type("key", "HELIOS"),
                Input::Type("name", "Helios patient portal"),
                Input::Choose("client_id", "Helios Health"),
                Input::Choose("project_manager", "Jonas Planner (jonas@agency.test)"),
            ],
        )
        .await;
    browser.expect_text("Missing product manager").await;
    browser.screenshot("08-project-with-gap").await;

    browser.goto("/projects").await;
    let list = browser.expect_text("NWSHOP").await;
    for shown in [
        "Northwind web shop relaunch",
        "Paula Product",
        "Jonas Planner",
        "Helios patient portal",
        "Missing product manager",
    ] {
        assert!(
            list.contains(shown),
            "project list lacks {shown:?}:\n{list}"
        );
    }
    browser.screenshot("09-projects").await;
}

async fn admin_creates_an_api_token(browser: &Browser) {
    browser.goto("/settings/tokens").await;
    browser
        .submit("/settings/tokens", &[Input::Type("name", "CI import")])
        .await;
    browser.expect_text("Your new token").await;
    let token = browser.find("#new-token").await;
    let secret = token.prop("value").await.unwrap().unwrap_or_default();
    assert!(secret.starts_with("tdm_"), "{secret}");
    browser.screenshot("10-api-token").await;
    // Shown once: the list afterwards holds only its first characters.
    browser.goto("/settings/tokens").await;
    let list = browser.expect_text("CI import").await;
    assert!(!list.contains(&secret));
}

async fn signing_out_protects_the_pages(browser: &Browser) {
    browser.submit("/logout", &[]).await;
    browser.expect_text("Sign in to Tandem").await;
    assert_eq!(browser.path().await, "/login");
    browser.goto("/projects").await;
    browser.expect_text("Sign in to Tandem").await;
    assert_eq!(browser.path().await, "/login?next=/projects");
    browser.screenshot("11-login").await;
}

async fn client_contact_sees_only_their_clients_project(browser: &Browser) {
    browser
        .submit(
            "/login",
            &[
                Input::Type("email", "clara@northwind.test"),
                Input::Type("password", "not the password"),
            ],
        )
        .await;
    browser.expect_text("Wrong e-mail or password.").await;
    let email = browser.find("#f-email").await;
    assert_eq!(
        email.prop("value").await.unwrap().as_deref(),
        Some("clara@northwind.test")
    );

    browser
        .submit("/login", &[Input::Type("password", PASSWORD)])
        .await;
    let list = browser.expect_text("NWSHOP").await;
    assert!(
        !list.contains("HELIOS"),
        "a client contact sees another client's project:\n{list}"
    );
    assert!(
        browser
            .client
            .find(fantoccini::Locator::LinkText("New project"))
            .await
            .is_err()
    );

    browser.goto("/projects/NWSHOP").await;
    let overview = browser.expect_text("Paula Product").await;
    assert!(
        !overview.contains("240,000"),
        "a client contact sees the budget:\n{overview}"
    );
    assert!(
        !overview.contains("Edit project"),
        "a client contact sees edit controls"
    );

    browser.goto("/projects/HELIOS").await;
    browser.expect_text("Page not found").await;
    browser.screenshot("12-client-404").await;
}

async fn phone_width_layout(browser: &Browser) {
    browser
        .client
        .set_window_size(390, 844)
        .await
        .expect("resize");
    browser.goto("/projects/NWSHOP").await;
    browser.expect_text("Paula Product").await;
    browser.screenshot("13-phone-overview").await;
}
