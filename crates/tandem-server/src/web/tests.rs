//! The web UI's security rules through the real router (no browser): CSRF on every signed-in
//! form, the same-origin rule for sign-in and setup, redirects for visitors, cache headers.

use crate::state::{AppState, ServerConfig};
use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use axum::response::Response;
use tandem_store::{Store, StoreConfig};
use tempfile::TempDir;
use tower::ServiceExt;

const HOST: &str = "tandem.test";

struct TestApp {
    router: Router,
    store: Store,
    _data: TempDir,
}

impl TestApp {
    async fn new() -> Self {
        let data = tempfile::tempdir().unwrap();
        let store = Store::connect(&StoreConfig::Sqlite {
            data_dir: data.path().to_path_buf(),
        })
        .await
        .unwrap();
        let router = crate::router(AppState::new(store.clone(), ServerConfig::default()));
        Self {
            router,
            store,
            _data: data,
        }
    }

    async fn get(&self, path: &str, cookie: Option<&str>) -> Response {
        let mut request = Request::get(path).header(header::HOST, HOST);
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.router
            .clone()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap()
    }

    async fn post(
        &self,
        path: &str,
        body: &str,
        cookie: Option<&str>,
        origin: Option<&str>,
    ) -> Response {
        let mut request = Request::post(path)
            .header(header::HOST, HOST)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        if let Some(origin) = origin {
            request = request.header(header::ORIGIN, origin);
        }
        let request = request.body(Body::from(body.to_owned())).unwrap();
        self.router.clone().oneshot(request).await.unwrap()
    }

    /// Runs first-run setup and returns the session cookie.
    async fn set_up(&self) -> String {
        let body = "name=Ada+Admin&email=ada%40agency.test&password=correct+horse+battery&password_confirm=correct+horse+battery";
        let response = self
            .post("/setup", body, None, Some("http://tandem.test"))
            .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&response), "/projects");
        let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap();
        cookie.split(';').next().unwrap().to_owned()
    }
}

fn location(response: &Response) -> &str {
    response.headers()[header::LOCATION].to_str().unwrap()
}

async fn body_text(response: Response) -> String {
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// The CSRF token the page's forms carry.
fn form_token(html: &str) -> String {
    let start = html.find("name=\"_csrf\" value=\"").unwrap() + "name=\"_csrf\" value=\"".len();
    html[start..].split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn an_empty_workspace_sends_everyone_to_setup_once() {
    let app = TestApp::new().await;
    assert_eq!(location(&app.get("/", None).await), "/setup");
    assert_eq!(location(&app.get("/projects", None).await), "/setup");
    let cookie = app.set_up().await;
    assert_eq!(location(&app.get("/setup", None).await), "/login");
    let again = "name=Eve&email=eve%40evil.test&password=0123456789&password_confirm=0123456789";
    let response = app
        .post("/setup", again, Some(&cookie), Some("http://tandem.test"))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.store.count_users().await.unwrap(), 1);
}

#[tokio::test]
async fn setup_and_sign_in_accept_only_posts_from_this_host() {
    let app = TestApp::new().await;
    let body = "name=Eve&email=eve%40evil.test&password=0123456789&password_confirm=0123456789";
    for origin in [None, Some("http://evil.test")] {
        let response = app.post("/setup", body, None, origin).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{origin:?}");
    }
    assert_eq!(app.store.count_users().await.unwrap(), 0);
    app.set_up().await;
    let login = "email=ada%40agency.test&password=correct+horse+battery";
    let response = app
        .post("/login", login, None, Some("http://evil.test"))
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = app
        .post("/login", login, None, Some("http://tandem.test"))
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(response.headers().contains_key(header::SET_COOKIE));
}

#[tokio::test]
async fn signed_in_forms_need_the_session_csrf_token_before_anything_is_written() {
    let app = TestApp::new().await;
    let cookie = app.set_up().await;
    let page = body_text(app.get("/clients", Some(&cookie)).await).await;
    let token = form_token(&page);

    for body in [
        "name=Northwind".to_owned(),
        format!("_csrf={}&name=Northwind", "0".repeat(token.len())),
    ] {
        let response = app
            .post("/clients", &body, Some(&cookie), Some("http://tandem.test"))
            .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{body}");
    }
    assert!(app.store.list_clients().await.unwrap().is_empty());

    let body = format!("_csrf={token}&name=Northwind");
    let response = app.post("/clients", &body, Some(&cookie), None).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/clients?notice=client_created");
    assert_eq!(app.store.list_clients().await.unwrap().len(), 1);
}

#[tokio::test]
async fn visitors_are_sent_to_sign_in_and_back() {
    let app = TestApp::new().await;
    app.set_up().await;
    let response = app.get("/projects/ACME?x=1", None).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/login?next=/projects/ACME%3Fx%3D1");
    let response = app.post("/clients", "name=X", None, None).await;
    assert_eq!(location(&response), "/login");
}

#[tokio::test]
async fn assets_are_cached_for_long_and_pages_never() {
    let app = TestApp::new().await;
    let css = app.get("/static/tandem.css", None).await;
    assert_eq!(css.status(), StatusCode::OK);
    assert_eq!(
        css.headers()[header::CONTENT_TYPE],
        "text/css; charset=utf-8"
    );
    assert!(
        css.headers()[header::CACHE_CONTROL]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert_eq!(
        app.get("/static/missing.css", None).await.status(),
        StatusCode::NOT_FOUND
    );

    let page = app.get("/setup", None).await;
    assert_eq!(page.headers()[header::CACHE_CONTROL], "no-store");
    assert!(
        page.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    let html = body_text(page).await;
    assert!(html.contains(&super::assets::url("tandem.css")));
}

#[tokio::test]
async fn a_stale_edit_is_refused_with_the_values_kept() {
    let app = TestApp::new().await;
    let cookie = app.set_up().await;
    let token = form_token(&body_text(app.get("/projects/new", Some(&cookie)).await).await);
    let create = format!("_csrf={token}&key=SHOP&name=Web+shop&budget_currency=EUR");
    let response = app.post("/projects", &create, Some(&cookie), None).await;
    assert_eq!(location(&response), "/projects/SHOP?notice=project_created");
    let version = app.store.project_by_key("SHOP").await.unwrap().version;

    let save = |version: i64, name: &str| {
        format!("_csrf={token}&version={version}&name={name}&budget_currency=EUR")
    };
    let response = app
        .post(
            "/projects/SHOP/edit",
            &save(version, "Shop+v2"),
            Some(&cookie),
            None,
        )
        .await;
    assert_eq!(location(&response), "/projects/SHOP?notice=project_updated");

    let response = app
        .post(
            "/projects/SHOP/edit",
            &save(version, "Lost+update"),
            Some(&cookie),
            None,
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body_text(response).await;
    assert!(html.contains("Someone else saved a change here"), "{html}");
    assert!(html.contains("value=\"Lost update\""));
    assert_eq!(
        app.store.project_by_key("SHOP").await.unwrap().name,
        "Shop v2"
    );
}

#[tokio::test]
async fn product_forms_link_personas_and_refuse_stale_versions_and_bad_numbers() {
    let app = TestApp::new().await;
    let cookie = app.set_up().await;
    let token = form_token(&body_text(app.get("/projects/new", Some(&cookie)).await).await);
    let create = format!("_csrf={token}&key=SHOP&name=Web+shop&budget_currency=EUR");
    app.post("/projects", &create, Some(&cookie), None).await;

    let persona =
        format!("_csrf={token}&name=Anna&goals=Reorder&quotes=One%0ATwo&visibility=shared");
    let response = app
        .post("/projects/SHOP/personas", &persona, Some(&cookie), None)
        .await;
    assert_eq!(
        location(&response),
        "/projects/SHOP/personas/1?notice=persona_saved"
    );
    let feature = format!("_csrf={token}&title=Checkout&problem=Slow");
    let response = app
        .post("/projects/SHOP/features", &feature, Some(&cookie), None)
        .await;
    assert_eq!(
        location(&response),
        "/projects/SHOP/features/1?notice=feature_saved"
    );

    let save = |version: i64, reach: &str| {
        format!(
            "_csrf={token}&version={version}&title=Checkout&status=planned&moscow=must\
             &horizon=now&release_id=&visibility=internal&reach={reach}&impact=2\
             &confidence=80&effort_months=2&mvp=on&persona_1=on"
        )
    };
    let response = app
        .post(
            "/projects/SHOP/features/1",
            &save(1, "100"),
            Some(&cookie),
            None,
        )
        .await;
    assert_eq!(
        location(&response),
        "/projects/SHOP/features/1?notice=feature_saved"
    );
    let html = body_text(app.get("/projects/SHOP/features/1", Some(&cookie)).await).await;
    assert!(html.contains("80.00"), "RICE 100 × 2 × 0.8 ÷ 2: {html}");
    assert!(html.contains("/projects/SHOP/personas/1\">Anna"), "{html}");

    let response = app
        .post(
            "/projects/SHOP/features/1",
            &save(1, "5"),
            Some(&cookie),
            None,
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body_text(response).await;
    assert!(
        html.contains("Someone changed this feature meanwhile"),
        "{html}"
    );

    let response = app
        .post(
            "/projects/SHOP/features/1",
            &save(2, "lots"),
            Some(&cookie),
            None,
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body_text(response).await;
    let at_field = html
        .split("id=\"f-edit-reach-error\">")
        .nth(1)
        .unwrap_or_default();
    assert!(
        at_field.starts_with("&#"),
        "the message sits at the reach field: {html}"
    );
    assert!(at_field.contains("is not a number</p>"), "{html}");
    assert!(
        html.contains("value=\"lots\""),
        "what was typed is kept: {html}"
    );
    assert!(html.contains("<option value=\"must\" selected>"), "{html}");
    assert!(html.contains("name=\"persona_1\" checked"), "{html}");
    let project = app.store.project_by_key("SHOP").await.unwrap();
    let stored = app.store.feature(project.id, 1).await.unwrap();
    assert_eq!(stored.fields.reach, Some(100.0));
    assert_eq!(stored.personas.len(), 1);
}

#[tokio::test]
async fn a_refused_direction_form_keeps_what_was_typed() {
    let app = TestApp::new().await;
    let cookie = app.set_up().await;
    let token = form_token(&body_text(app.get("/projects/new", Some(&cookie)).await).await);
    let create = format!("_csrf={token}&key=SHOP&name=Web+shop&budget_currency=EUR");
    app.post("/projects", &create, Some(&cookie), None).await;

    let release = format!(
        "_csrf={token}&name=Spring+launch&target_date=2030-13-45\
         &description=Keep+this+text&visibility=internal"
    );
    let response = app
        .post("/projects/SHOP/releases", &release, Some(&cookie), None)
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body_text(response).await;
    assert!(
        html.contains("id=\"f-release-target_date-error\""),
        "{html}"
    );
    assert!(html.contains("value=\"Spring launch\""), "{html}");
    assert!(html.contains(">Keep this text</textarea>"), "{html}");
    assert!(
        html.contains("<option value=\"internal\" selected>"),
        "{html}"
    );

    let decision = format!("_csrf={token}&title=&context=Why+we+pause&decider=nobody");
    let response = app
        .post("/projects/SHOP/decisions", &decision, Some(&cookie), None)
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body_text(response).await;
    assert!(html.contains("id=\"f-decision-decider-error\""), "{html}");
    assert!(html.contains(">Why we pause</textarea>"), "{html}");
}

#[tokio::test]
async fn a_board_move_carries_the_version_it_saw_and_a_stale_one_is_refused() {
    let app = TestApp::new().await;
    let cookie = app.set_up().await;
    let token = form_token(&body_text(app.get("/projects/new", Some(&cookie)).await).await);
    let create = format!("_csrf={token}&key=SHOP&name=Web+shop&budget_currency=EUR");
    app.post("/projects", &create, Some(&cookie), None).await;
    let forms = |html: &str| html.matches("name=\"_csrf\"").count();
    let empty = forms(&body_text(app.get("/projects/SHOP/board", Some(&cookie)).await).await);
    let quick = format!("_csrf={token}&title=Checkout&back=board");
    app.post("/projects/SHOP/items/new", &quick, Some(&cookie), None)
        .await;
    let project = app.store.project_by_key("SHOP").await.unwrap();
    let done = app
        .store
        .workflow(project.id)
        .await
        .unwrap()
        .statuses
        .last()
        .unwrap()
        .id;

    let board = body_text(app.get("/projects/SHOP/board", Some(&cookie)).await).await;
    let move_to_done = format!("SHOP-1 1 {done}");
    assert!(
        board.contains(&format!("value=\"{move_to_done}\"")),
        "{board}"
    );
    assert_eq!(
        forms(&board),
        empty,
        "cards share the board's one move form"
    );

    let post = |to: &str| format!("_csrf={token}&swimlane=&to={}", to.replace(' ', "+"));
    let response = app
        .post(
            "/projects/SHOP/board/move",
            &post(&move_to_done),
            Some(&cookie),
            None,
        )
        .await;
    assert_eq!(location(&response), "/projects/SHOP/board?swimlane=");

    let again = app
        .post(
            "/projects/SHOP/board/move",
            &post(&move_to_done),
            Some(&cookie),
            None,
        )
        .await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body_text(again)
            .await
            .contains("Someone else changed this item")
    );

    let garbled = app
        .post(
            "/projects/SHOP/board/move",
            &post("SHOP-1"),
            Some(&cookie),
            None,
        )
        .await;
    assert_eq!(garbled.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body_text(garbled)
            .await
            .contains("That move was not understood")
    );
}

#[tokio::test]
async fn a_sprint_is_edited_keeping_what_was_typed_and_a_planned_one_deleted() {
    let app = TestApp::new().await;
    let cookie = app.set_up().await;
    let token = form_token(&body_text(app.get("/projects/new", Some(&cookie)).await).await);
    let create = format!("_csrf={token}&key=SHOP&name=Web+shop&budget_currency=EUR");
    app.post("/projects", &create, Some(&cookie), None).await;
    let sprint = format!("_csrf={token}&name=Sprint+1&goal=&starts_on=&ends_on=");
    let created = app
        .post("/projects/SHOP/sprints", &sprint, Some(&cookie), None)
        .await;
    let page = location(&created).split('?').next().unwrap().to_owned();
    let edit = |version: i64, name: &str, ends: &str| {
        format!(
            "_csrf={token}&version={version}&name={name}&goal=Checkout+works&starts_on=2026-12-07&ends_on={ends}"
        )
    };

    let refused = app
        .post(
            &format!("{page}/edit"),
            &edit(1, "Sprint+One", "2026-12-01"),
            Some(&cookie),
            None,
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = body_text(refused).await;
    assert!(html.contains("id=\"f-edit-ends_on-error\""), "{html}");
    assert!(
        html.contains("value=\"Sprint One\""),
        "typed name kept: {html}"
    );
    assert!(html.contains("value=\"Checkout works\""), "typed goal kept");

    let saved = app
        .post(
            &format!("{page}/edit"),
            &edit(1, "Sprint+One", "2026-12-18"),
            Some(&cookie),
            None,
        )
        .await;
    assert_eq!(location(&saved), format!("{page}?notice=sprint_saved"));
    let stale = app
        .post(
            &format!("{page}/edit"),
            &edit(1, "Lost", "2026-12-18"),
            Some(&cookie),
            None,
        )
        .await;
    assert!(
        body_text(stale)
            .await
            .contains("Someone else changed this sprint")
    );

    let deleted = app
        .post(
            &format!("{page}/delete"),
            &format!("_csrf={token}&version=2"),
            Some(&cookie),
            None,
        )
        .await;
    assert_eq!(
        location(&deleted),
        "/projects/SHOP/sprints?notice=sprint_deleted"
    );
    let project = app.store.project_by_key("SHOP").await.unwrap();
    assert!(app.store.list_sprints(project.id).await.unwrap().is_empty());
}
