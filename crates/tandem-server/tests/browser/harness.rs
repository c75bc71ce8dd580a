//! What the browser tests stand on: the app served in-process on a free port with a fresh
//! SQLite database, and a headless Chromium driven over WebDriver by a chromedriver this
//! harness starts (and stops) itself.

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use std::net::{SocketAddr, TcpListener as StdListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tandem_server::{AppState, ServerConfig};
use tandem_store::{Store, StoreConfig};
use tempfile::TempDir;

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";
/// How long to wait for a page to show what a step expects.
const PATIENCE: Duration = Duration::from_secs(10);

/// The application under test, serving until the test ends.
pub struct App {
    base: String,
    _data: TempDir,
}

impl App {
    /// Serves a new, empty workspace on `127.0.0.1:<free port>`.
    #[allow(dead_code)] // each browser test binary uses one of the two
    pub async fn spawn() -> App {
        Self::serve(false, ServerConfig::default()).await
    }

    /// Serves the demo workspace (`tandem_server::demo`) on `127.0.0.1:<free port>`.
    #[allow(dead_code)] // each browser test binary uses one of the two
    pub async fn spawn_demo() -> App {
        Self::serve(true, ServerConfig::default()).await
    }

    /// [`Self::spawn_demo`] with `config`, e.g. a mailer for an SMTP sink.
    #[allow(dead_code)] // only the e-mail suite configures the server
    pub async fn spawn_demo_with(config: ServerConfig) -> App {
        Self::serve(true, config).await
    }

    async fn serve(demo: bool, config: ServerConfig) -> App {
        let data = tempfile::tempdir().expect("temp dir");
        let store = Store::connect(&StoreConfig::Sqlite {
            data_dir: data.path().to_path_buf(),
        })
        .await
        .expect("store");
        if demo {
            tandem_server::demo::load(&store).await.expect("demo loads");
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let address = listener.local_addr().expect("address");
        let state = AppState::new(store, config);
        tokio::spawn(tandem_server::serve(
            listener,
            state,
            std::future::pending(),
        ));
        App {
            base: format!("http://{address}"),
            _data: data,
        }
    }
}

/// A headless Chromium session. Dropping it stops chromedriver and its browser.
pub struct Browser {
    pub client: Client,
    base: String,
    driver: Child,
    screenshots: PathBuf,
    _profile: TempDir,
}

/// How a test fills one form field.
#[allow(dead_code)] // each browser test binary uses some of the ways
pub enum Input<'a> {
    /// Types the text into an empty text field.
    Type(&'a str, &'a str),
    /// Picks the option with this visible label.
    Choose(&'a str, &'a str),
    /// Sets the value directly (date inputs, whose typing format depends on the locale).
    Set(&'a str, &'a str),
}

impl Browser {
    /// Starts chromedriver and Chromium. Without them the test is skipped (returns `None`)
    /// unless `TANDEM_REQUIRE_BROWSER=1`, when a missing browser fails the test.
    pub async fn start(app: &App) -> Option<Browser> {
        let missing: Vec<&str> = [CHROMEDRIVER, CHROMIUM]
            .into_iter()
            .filter(|path| !Path::new(path).exists())
            .collect();
        if !missing.is_empty() {
            let note = format!(
                "browser tests skipped: {} not installed (apt-get install chromium chromium-driver)",
                missing.join(", ")
            );
            assert!(
                std::env::var("TANDEM_REQUIRE_BROWSER").as_deref() != Ok("1"),
                "{note}"
            );
            eprintln!("{note}");
            return None;
        }
        let port = free_port();
        let driver = spawn_driver(port);
        wait_until_listening(port);
        let profile = tempfile::tempdir().expect("profile dir");
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".to_owned(),
            json!({
                "binary": CHROMIUM,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }),
        );
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a WebDriver session with headless Chromium");
        let screenshots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
        std::fs::create_dir_all(&screenshots).expect("screenshot dir");
        Some(Browser {
            client,
            base: app.base.clone(),
            driver,
            screenshots,
            _profile: profile,
        })
    }

    /// On an empty workspace: first-run setup as Ada Admin (`ada@agency.test`, `password`),
    /// then project `key` named `name` with her as project manager (and `start_date`).
    #[allow(dead_code)] // only the suites that start from an empty workspace use it
    pub async fn set_up_project(
        &self,
        password: &str,
        key: &str,
        name: &str,
        start_date: Option<&str>,
    ) {
        self.goto("/").await;
        self.submit(
            "/setup",
            &[
                Input::Type("name", "Ada Admin"),
                Input::Type("email", "ada@agency.test"),
                Input::Type("password", password),
                Input::Type("password_confirm", password),
            ],
        )
        .await;
        self.expect_text("No projects yet").await;
        self.goto("/projects/new").await;
        let mut inputs = vec![
            Input::Type("key", key),
            Input::Type("name", name),
            Input::Choose("project_manager", "Ada Admin (ada@agency.test)"),
        ];
        inputs.extend(start_date.map(|date| Input::Set("start_date", date)));
        self.submit("/projects", &inputs).await;
        self.expect_text("Project created.").await;
    }

    /// Signs in on the login page as `email` and waits until the page shows `expected`.
    #[allow(dead_code)] // the suites that predate it sign in with their own steps
    pub async fn sign_in(&self, email: &str, password: &str, expected: &str) {
        self.goto("/login").await;
        self.submit(
            "/login",
            &[
                Input::Type("email", email),
                Input::Type("password", password),
            ],
        )
        .await;
        self.expect_text(expected).await;
    }

    /// Opens `path` of the app.
    pub async fn goto(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .expect("navigate");
    }

    /// The app's address, `http://127.0.0.1:<port>`, for calling its JSON API beside the
    /// browser.
    #[allow(dead_code)] // only the suites that also call the API use it
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The current value of the form field `css` selects.
    #[allow(dead_code)] // only the suites that check typed values use it
    pub async fn value(&self, css: &str) -> String {
        self.find(css)
            .await
            .prop("value")
            .await
            .expect("value")
            .unwrap_or_default()
    }

    /// The path (and query) the browser is on.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("current url");
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// Fills the form posting to `action` and presses its submit button.
    pub async fn submit(&self, action: &str, inputs: &[Input<'_>]) {
        self.submit_in(&format!("form[action='{action}']"), inputs)
            .await;
    }

    /// [`Self::submit`] for the form `css` selects (when several forms share an action).
    pub async fn submit_in(&self, css: &str, inputs: &[Input<'_>]) {
        let form = self.find(css).await;
        for input in inputs {
            match *input {
                Input::Type(name, text) => {
                    let field = field(&form, name).await;
                    field.clear().await.expect("clear");
                    field.send_keys(text).await.expect("type");
                }
                Input::Choose(name, label) => {
                    field(&form, name)
                        .await
                        .select_by_label(label)
                        .await
                        .expect("choose option");
                }
                Input::Set(name, value) => {
                    let field = field(&form, name).await;
                    let element = serde_json::to_value(&field).expect("element reference");
                    self.client
                        .execute(
                            "arguments[0].value = arguments[1];",
                            vec![element, json!(value)],
                        )
                        .await
                        .expect("set value");
                }
            }
        }
        form.find(Locator::Css("button[type=submit]"))
            .await
            .expect("submit button")
            .click()
            .await
            .expect("submit");
    }

    /// Waits until the page's main content contains `text`, and returns that content.
    pub async fn expect_text(&self, text: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let shown = self.main_text().await;
            if shown.contains(text) {
                return shown;
            }
            assert!(
                Instant::now() < deadline,
                "page {} never showed {text:?}; it shows:\n{shown}",
                self.path().await
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The text of the page's `<main>`.
    pub async fn main_text(&self) -> String {
        match self.client.find(Locator::Css("main")).await {
            Ok(main) => main.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// The first element matching `css`, waiting for it to appear.
    pub async fn find(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|error| panic!("no element {css}: {error}"))
    }

    /// Saves a PNG of the window as `<target>/tmp/screenshots/<name>.png`.
    pub async fn screenshot(&self, name: &str) {
        let png = self.client.screenshot().await.expect("screenshot");
        std::fs::write(self.screenshots.join(format!("{name}.png")), png)
            .expect("write screenshot");
    }

    /// Ends the browser session cleanly.
    pub async fn close(self) {
        let client = self.client.clone();
        client.close().await.expect("close the session");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // The driver runs in its own process group; ending the group also ends a browser
        // that a failing test left open.
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{}", self.driver.id())])
            .status();
        let _ = self.driver.wait();
    }
}

async fn field(form: &Element, name: &str) -> Element {
    form.find(Locator::Css(&format!("[name='{name}']")))
        .await
        .unwrap_or_else(|error| panic!("no field {name}: {error}"))
}

fn free_port() -> u16 {
    let listener = StdListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("address").port()
}

fn spawn_driver(port: u16) -> Child {
    use std::os::unix::process::CommandExt;
    Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .expect("start chromedriver")
}

fn wait_until_listening(port: u16) {
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let deadline = Instant::now() + PATIENCE;
    while TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_err() {
        assert!(
            Instant::now() < deadline,
            "chromedriver did not start listening on {port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
