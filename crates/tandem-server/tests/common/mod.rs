//! The test harness shared by the API suites (and the browser tests): it spawns the real
//! application on `127.0.0.1:0` with a fresh database and signs people in.
//!
//! Every scenario runs once per backend: SQLite in a temporary directory always, PostgreSQL
//! on a fresh schema when `TANDEM_TEST_POSTGRES_URL` is set. Write a scenario as
//! `async fn name(app: TestApp)` and list it in [`per_backend!`].
#![allow(dead_code, unused_imports)] // each test binary uses a different part of the harness

pub mod bench;
mod caller;
mod database;
pub mod delivery;
pub mod direction;
pub mod product;
pub mod scenarios;
pub mod schedule;
pub mod smtp;

pub use caller::{CSRF_HEADER, Caller, send};
pub use database::Backend;

use database::TestDatabase;
use serde_json::{Value, json};
use std::future::Future;
use std::sync::Arc;
use tandem_server::{AppState, ServerConfig};
use tandem_store::Store;

/// The password every account made by the harness has.
pub const PASSWORD: &str = "correct horse battery";

/// The first admin's e-mail.
pub const ADMIN_EMAIL: &str = "admin@example.com";

/// Generates, for each listed scenario `async fn NAME(app: TestApp)`, the tests
/// `NAME::sqlite` and `NAME::postgres` (the latter passes with a note when PostgreSQL is not
/// configured).
#[macro_export]
macro_rules! per_backend {
    ($($scenario:ident),+ $(,)?) => {$(
        mod $scenario {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::common::run(super::$scenario, $crate::common::Backend::Sqlite).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $crate::common::run(super::$scenario, $crate::common::Backend::Postgres).await;
            }
        }
    )+};
}

/// A running application with its own database.
pub struct TestApp {
    /// Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`.
    pub address: String,
    /// An anonymous client with its own cookie jar.
    pub client: reqwest::Client,
    /// The store the application serves, to check what was (or was not) written.
    pub store: Store,
    database: Arc<TestDatabase>,
}

/// A user made through the API, with a signed-in session.
pub struct Person {
    /// The user's id.
    pub id: i64,
    /// The user's e-mail.
    pub email: String,
    /// Their signed-in session.
    pub caller: Caller,
}

/// Runs `scenario` against a fresh application on `backend`, or prints why it is skipped.
pub async fn run<F, Fut>(scenario: F, backend: Backend)
where
    F: FnOnce(TestApp) -> Fut,
    Fut: Future<Output = ()>,
{
    match TestDatabase::create(backend).await {
        Some(database) => scenario(serve(Arc::new(database), ServerConfig::default()).await).await,
        None => eprintln!("skipped on {backend:?}: set TANDEM_TEST_POSTGRES_URL to run it"),
    }
}

/// Spawns the application on a fresh database of `backend`.
///
/// # Panics
/// When `backend` is PostgreSQL and `TANDEM_TEST_POSTGRES_URL` is not set.
pub async fn spawn_app(backend: Backend) -> TestApp {
    let database = TestDatabase::create(backend)
        .await
        .expect("TANDEM_TEST_POSTGRES_URL is not set");
    serve(Arc::new(database), ServerConfig::default()).await
}

/// Serves `database` with `config`; with a mailer, the outbox is drained as `tandem serve`
/// drains it.
async fn serve(database: Arc<TestDatabase>, config: ServerConfig) -> TestApp {
    let store = Store::connect(&database.config)
        .await
        .expect("connect the test store");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a free port");
    let address = format!("http://{}", listener.local_addr().expect("local address"));
    if let Some(mailer) = config.mailer.clone() {
        tokio::spawn(tandem_server::mail::outbox::deliver_forever(
            store.clone(),
            mailer,
        ));
    }
    let state = AppState::new(store.clone(), config);
    tokio::spawn(tandem_server::serve(
        listener,
        state,
        std::future::pending(),
    ));
    TestApp {
        address,
        client: caller::new_client(),
        store,
        database,
    }
}

impl TestApp {
    /// The absolute URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// A second application server on the same database, as behind a load balancer.
    pub async fn second_server(&self) -> TestApp {
        self.server_with(ServerConfig::default()).await
    }

    /// Another application server on the same database, with `config` (e.g. a mailer).
    pub async fn server_with(&self, config: ServerConfig) -> TestApp {
        serve(Arc::clone(&self.database), config).await
    }

    /// Runs one SQL statement on this application's database, bypassing the application
    /// (only for facts the API cannot write, e.g. backdating when something was recorded).
    pub async fn execute_sql(&self, sql: &str) {
        self.database.execute(sql).await;
    }

    /// Someone who has not signed in, with a cookie jar of their own.
    pub fn anonymous(&self) -> Caller {
        Caller::anonymous(&self.address)
    }

    /// A caller that sends `token` as `Authorization: Bearer`.
    pub fn bearer(&self, token: &str) -> Caller {
        Caller::bearer(&self.address, token)
    }

    /// Creates the first admin through `/api/v1/setup` and signs them in.
    pub async fn setup_admin(&self) -> Caller {
        let response = self
            .anonymous()
            .post("/api/v1/setup")
            .json(&json!({ "email": ADMIN_EMAIL, "name": "Ada Admin", "password": PASSWORD }))
            .send()
            .await
            .expect("setup request");
        assert_eq!(response.status(), 201, "first-run setup");
        self.sign_in(ADMIN_EMAIL, PASSWORD).await
    }

    /// Signs in with a cookie jar of its own; panics unless the sign-in succeeds.
    pub async fn sign_in(&self, email: &str, password: &str) -> Caller {
        Caller::sign_in(&self.address, email, password)
            .await
            .unwrap_or_else(|status| panic!("sign in as {email}: {status}"))
    }

    /// Creates a staff account (`member`) as `admin` and signs it in.
    pub async fn member(&self, admin: &Caller, email: &str) -> Person {
        self.person(
            admin,
            json!({ "email": email, "name": name_of(email), "password": PASSWORD }),
        )
        .await
    }

    /// Creates a client contact of `client_id` as `admin` and signs it in.
    pub async fn client_contact(&self, admin: &Caller, email: &str, client_id: i64) -> Person {
        let body = json!({
            "email": email, "name": name_of(email), "password": PASSWORD,
            "role": "client", "client_id": client_id,
        });
        self.person(admin, body).await
    }

    async fn person(&self, admin: &Caller, body: Value) -> Person {
        let created = admin
            .expect_json(admin.post("/api/v1/users").json(&body), 201)
            .await;
        let email = created["email"].as_str().expect("email").to_owned();
        Person {
            id: created["id"].as_i64().expect("user id"),
            caller: self.sign_in(&email, PASSWORD).await,
            email,
        }
    }

    /// Creates a client organisation as `staff` and returns its id.
    pub async fn create_client(&self, staff: &Caller, name: &str) -> i64 {
        let created = staff
            .expect_json(
                staff.post("/api/v1/clients").json(&json!({ "name": name })),
                201,
            )
            .await;
        created["id"].as_i64().expect("client id")
    }

    /// Creates a project as `staff` from a JSON body and returns the project view.
    pub async fn create_project(&self, staff: &Caller, body: Value) -> Value {
        staff
            .expect_json(staff.post("/api/v1/projects").json(&body), 201)
            .await
    }
}

fn name_of(email: &str) -> String {
    email.split('@').next().unwrap_or(email).to_owned()
}

/// Asserts `body` is an error in the API's format with `code`, and returns its details.
pub fn assert_error(body: &Value, code: &str) -> Value {
    let error = &body["error"];
    assert_eq!(error["code"], code, "error code in {body}");
    assert!(
        error["message"].as_str().is_some_and(|m| !m.is_empty()),
        "error message in {body}"
    );
    assert!(error["details"].is_object(), "error details in {body}");
    error["details"].clone()
}

/// The activity `name` of a responsibility matrix as the API gives it.
pub fn raci_activity<'m>(matrix: &'m Value, name: &str) -> &'m Value {
    matrix["activities"]
        .as_array()
        .expect("activities")
        .iter()
        .find(|a| a["name"] == name)
        .unwrap_or_else(|| panic!("no activity {name} in {matrix}"))
}
