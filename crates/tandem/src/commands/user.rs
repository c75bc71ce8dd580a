//! `tandem user`: add, list, change, deactivate and reactivate accounts.

use super::acting::ActingArgs;
use super::store_args::StoreArgs;
use crate::commands::{api_error, password};
use tandem_core::access::WorkspaceAction;
use tandem_core::roles::UserRole;
use tandem_server::accounts::{self, AccountEdit, AccountInput};

/// Arguments of `tandem user`.
#[derive(Debug, clap::Args)]
pub struct UserArgs {
    #[command(subcommand)]
    pub command: UserCommand,
    #[command(flatten)]
    pub store: StoreArgs,
}

/// What to do with accounts.
#[derive(Debug, clap::Subcommand)]
pub enum UserCommand {
    /// Add an account (password from TANDEM_USER_PASSWORD or a prompt).
    Add {
        /// E-mail address (the sign-in name).
        #[arg(long)]
        email: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// Workspace role: admin, member or client.
        #[arg(long, default_value = "member")]
        role: String,
        /// Client organisation id (required for client users).
        #[arg(long)]
        client: Option<i64>,
    },
    /// List accounts.
    List,
    /// Change an account's e-mail, name, role or client, as an admin (--as); what is left
    /// out stays.
    // The shared --as, said as this command needs it: an admin, always (a required flag
    // cannot be global; nothing is below this command anyway).
    #[command(mut_arg("as_email", |arg| arg
        .help("The admin making the change (audited as them)")
        .global(false)
        .required(true)))]
    Update {
        /// E-mail of the account.
        email: String,
        #[command(flatten)]
        acting: ActingArgs,
        /// New sign-in address.
        #[arg(long = "email", value_name = "EMAIL")]
        new_email: Option<String>,
        /// New display name.
        #[arg(long)]
        name: Option<String>,
        /// New workspace role: admin, member or client.
        #[arg(long)]
        role: Option<String>,
        /// Client organisation id (for client users).
        #[arg(long)]
        client: Option<i64>,
    },
    /// Deactivate an account (its sessions end at once).
    Deactivate {
        /// E-mail of the account.
        email: String,
    },
    /// Reactivate an account.
    Activate {
        /// E-mail of the account.
        email: String,
    },
    /// Set a new password (from TANDEM_USER_PASSWORD or a prompt); the account's sessions end.
    Password {
        /// E-mail of the account.
        email: String,
    },
}

/// Runs `tandem user …`.
pub async fn run(args: UserArgs) -> anyhow::Result<()> {
    let store = args.store.connect().await?;
    match args.command {
        UserCommand::Add {
            email,
            name,
            role,
            client,
        } => {
            let role = UserRole::parse(&role)?;
            let password = password::read("TANDEM_USER_PASSWORD")?;
            let input = AccountInput {
                email,
                name,
                password,
                role,
                client_id: client,
            };
            let user = accounts::create(&store, input).await.map_err(api_error)?;
            println!(
                "created {} {} <{}> (id {})",
                user.role, user.name, user.email, user.id
            );
        }
        UserCommand::List => {
            println!(
                "{:>5}  {:<8}  {:<6}  {:<32}  NAME",
                "ID", "ROLE", "ACTIVE", "EMAIL"
            );
            for user in store.list_users().await? {
                let active = if user.active { "yes" } else { "no" };
                println!(
                    "{:>5}  {:<8}  {:<6}  {:<32}  {}",
                    user.id,
                    user.role.as_str(),
                    active,
                    user.email,
                    user.name
                );
            }
        }
        UserCommand::Update {
            email,
            acting,
            new_email,
            name,
            role,
            client,
        } => {
            let found = find(&store, &email).await?;
            let acting = acting.acting_in(store.clone()).await?;
            tandem_server::guard::workspace(&acting.user, WorkspaceAction::ManageUsers)
                .map_err(api_error)?;
            let edit = AccountEdit {
                email: new_email,
                name,
                role,
                client_id: client,
                version: None,
            };
            // The CLI reads and writes in one go: the version it just read is the one it changes.
            let user = accounts::update(&acting.writer(), found.id, &edit, found.version)
                .await
                .map_err(api_error)?;
            println!(
                "updated {} {} <{}> (id {})",
                user.role, user.name, user.email, user.id
            );
        }
        UserCommand::Deactivate { email } => set_active(&store, &email, false).await?,
        UserCommand::Activate { email } => set_active(&store, &email, true).await?,
        UserCommand::Password { email } => {
            let user = find(&store, &email).await?;
            let password = password::read("TANDEM_USER_PASSWORD")?;
            accounts::reset_password(&store, user.id, &password)
                .await
                .map_err(api_error)?;
            println!(
                "new password set for {} <{}>; their sessions have ended",
                user.name, user.email
            );
        }
    }
    store.close().await;
    Ok(())
}

async fn set_active(store: &tandem_store::Store, email: &str, active: bool) -> anyhow::Result<()> {
    let found = find(store, email).await?;
    let user = store.set_user_active(found.id, active, None).await?;
    let state = if user.active { "active" } else { "deactivated" };
    println!("{} <{}> is now {state}", user.name, user.email);
    Ok(())
}

async fn find(store: &tandem_store::Store, email: &str) -> anyhow::Result<tandem_store::User> {
    store
        .user_by_email(&email.trim().to_lowercase())
        .await?
        .map(|found| found.user)
        .ok_or_else(|| super::refuse("not_found", format!("no user with e-mail {email}")))
}
