//! `tandem serve`: the web UI and JSON API.

use super::mail_args::MailArgs;
use super::store_args::StoreArgs;
use anyhow::Context;
use std::net::SocketAddr;
use std::time::Duration;
use tandem_server::{AppState, ServerConfig};

/// Where `serve` listens unless told otherwise.
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";

/// Arguments of `tandem serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, env = "TANDEM_BIND", default_value = DEFAULT_BIND)]
    pub bind: SocketAddr,
    /// Load the demo workspace (once) and print its sign-in credentials.
    #[arg(long)]
    pub demo: bool,
    /// Largest accepted request body, in bytes.
    #[arg(long, env = "TANDEM_BODY_LIMIT", default_value_t = 1024 * 1024)]
    pub body_limit: usize,
    /// Seconds after which a request is answered 408 and dropped.
    #[arg(long, env = "TANDEM_REQUEST_TIMEOUT", default_value_t = 30)]
    pub request_timeout: u64,
    /// Mark cookies Secure (when served over HTTPS behind a proxy).
    #[arg(long, env = "TANDEM_SECURE_COOKIES")]
    pub secure_cookies: bool,
    #[command(flatten)]
    pub mail: MailArgs,
    #[command(flatten)]
    pub store: StoreArgs,
}

/// Serves until SIGINT/SIGTERM; in-flight requests finish first.
pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    let store = args.store.connect().await?;
    if args.demo {
        super::demo::load_and_announce(&store).await?;
    }
    let listener = tokio::net::TcpListener::bind(args.bind)
        .await
        .with_context(|| format!("cannot listen on {}", args.bind))?;
    let address = listener.local_addr()?;
    let mailer = args.mail.mailer(&format!("http://{address}"))?;
    match &mailer {
        Some(mailer) => tracing::info!(relay = mailer.relay(), "e-mail notifications on"),
        None => tracing::info!("e-mail notifications off: no --smtp-url"),
    }
    let config = ServerConfig {
        body_limit: args.body_limit,
        request_timeout: Duration::from_secs(args.request_timeout),
        secure_cookies: args.secure_cookies,
        mailer: mailer.clone(),
    };
    tracing::info!(%address, backend = store.backend_name(), "serving");
    println!(
        "Tandem is running on http://{address}/ ({} storage)",
        store.backend_name()
    );
    let state = AppState::new(store.clone(), config);
    let sweep = tokio::spawn(tandem_server::notifications::sweep::every_hour(
        state.clone(),
    ));
    let digests = tokio::spawn(tandem_server::mail::digest::every_few_minutes(
        store.clone(),
    ));
    let mail = mailer.map(|mailer| {
        tokio::spawn(tandem_server::mail::outbox::deliver_forever(
            store.clone(),
            mailer,
        ))
    });
    // The daily health snapshots stop with the server: the channel closes when serving ends.
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let snapshots = tokio::spawn(tandem_server::diagnosis::daily::run(state.clone(), async {
        let _ = stopped.await;
    }));
    let served = tandem_server::serve(listener, state, tandem_server::shutdown_signal()).await;
    drop(stop);
    sweep.abort();
    digests.abort();
    if let Some(mail) = mail {
        mail.abort();
    }
    let _ = snapshots.await;
    served?;
    store.close().await;
    Ok(())
}
