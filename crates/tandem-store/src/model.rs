//! The values the store takes and returns. Write models (`New…`, `…Patch`) carry validated
//! domain values; read models are plain data the server can serialise.

use serde::Serialize;
use tandem_core::roles::{ProjectRole, UserRole};
use tandem_core::values::{Email, Money, Name, ProjectKey};

/// A user account to create.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Sign-in address (unique).
    pub email: Email,
    /// Display name.
    pub name: Name,
    /// Workspace role.
    pub role: UserRole,
    /// For client users, their client organisation.
    pub client_id: Option<i64>,
    /// The argon2 hash of the password (never the password).
    pub password_hash: String,
}

/// What an admin sets on an existing account: every field, as it should be after the change.
#[derive(Debug, Clone)]
pub struct AccountChange {
    /// Sign-in address (unique).
    pub email: Email,
    /// Display name.
    pub name: Name,
    /// Workspace role.
    pub role: UserRole,
    /// For client users, their client organisation.
    pub client_id: Option<i64>,
}

/// A user account, without its secret.
#[derive(Debug, Clone, Serialize)]
pub struct User {
    /// Id.
    pub id: i64,
    /// Sign-in address.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Workspace role.
    pub role: UserRole,
    /// For client users, their client organisation.
    pub client_id: Option<i64>,
    /// Deactivated users cannot sign in and their sessions and tokens stop working.
    pub active: bool,
    /// Creation time, unix milliseconds.
    pub created_at: i64,
    /// Optimistic-concurrency version.
    pub version: i64,
}

/// A user with the password hash, only for verifying a sign-in.
#[derive(Debug, Clone)]
pub struct UserWithSecret {
    /// The account.
    pub user: User,
    /// The stored argon2 hash.
    pub password_hash: String,
}

/// A session to record after a successful sign-in.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// Hash of the random session token (the token itself stays in the cookie).
    pub token_hash: String,
    /// Who signed in.
    pub user_id: i64,
    /// The CSRF token bound to this session.
    pub csrf_token: String,
    /// Sign-in time, unix milliseconds.
    pub created_at: i64,
    /// End of validity, unix milliseconds.
    pub expires_at: i64,
}

/// A live session with its (active) user.
#[derive(Debug, Clone, Serialize)]
pub struct SessionRecord {
    /// The signed-in user.
    pub user: User,
    /// The CSRF token writes must echo.
    pub csrf_token: String,
    /// End of validity, unix milliseconds.
    pub expires_at: i64,
    /// The user's unread notifications, for the bell every page shows (read with the session
    /// so a page costs no extra round trip).
    pub unread_notifications: i64,
    /// The user's time zone (an IANA name; their own, else the workspace's): pages show
    /// times there.
    pub time_zone: String,
}

/// An API token as listed; the secret is never stored, only its hash.
#[derive(Debug, Clone, Serialize)]
pub struct ApiToken {
    /// Id.
    pub id: i64,
    /// Owner.
    pub user_id: i64,
    /// The owner's label for it.
    pub name: String,
    /// First characters of the token, to tell tokens apart in lists.
    pub prefix: String,
    /// Creation time, unix milliseconds.
    pub created_at: i64,
    /// Last use (refreshed at most once a minute), unix milliseconds.
    pub last_used_at: Option<i64>,
    /// When it was revoked; revoked tokens no longer authenticate.
    pub revoked_at: Option<i64>,
}

/// A client organisation the agency works for.
#[derive(Debug, Clone, Serialize)]
pub struct Client {
    /// Id.
    pub id: i64,
    /// Name (unique).
    pub name: String,
    /// Creation time, unix milliseconds.
    pub created_at: i64,
    /// Optimistic-concurrency version.
    pub version: i64,
}

/// A project to create, with its two managers.
#[derive(Debug, Clone)]
pub struct NewProject {
    /// Unique key, e.g. `ACME`.
    pub key: ProjectKey,
    /// Display name.
    pub name: Name,
    /// The client it is for, if any.
    pub client_id: Option<i64>,
    /// Free text.
    pub description: String,
    /// `YYYY-MM-DD`.
    pub start_date: Option<String>,
    /// `YYYY-MM-DD`.
    pub target_launch_date: Option<String>,
    /// Budget (internal).
    pub budget: Option<Money>,
    /// Who owns why and what.
    pub product_manager_id: Option<i64>,
    /// Who owns when, who and how much.
    pub project_manager_id: Option<i64>,
    /// The creator, made a member when they are not one of the managers.
    pub created_by: Option<i64>,
}

/// A person named on a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserRef {
    /// User id.
    pub id: i64,
    /// Display name.
    pub name: String,
    /// E-mail.
    pub email: String,
}

/// A project with its client's name and its two managers.
#[derive(Debug, Clone, Serialize)]
pub struct Project {
    /// Id.
    pub id: i64,
    /// Unique key.
    pub key: String,
    /// Display name.
    pub name: String,
    /// The client it is for, if any.
    pub client_id: Option<i64>,
    /// That client's name.
    pub client_name: Option<String>,
    /// Free text.
    pub description: String,
    /// `YYYY-MM-DD`.
    pub start_date: Option<String>,
    /// `YYYY-MM-DD`.
    pub target_launch_date: Option<String>,
    /// Budget (internal).
    pub budget: Option<Money>,
    /// Archived projects are hidden from default lists.
    pub archived: bool,
    /// Creation time, unix milliseconds.
    pub created_at: i64,
    /// Last change (including membership changes), unix milliseconds.
    pub updated_at: i64,
    /// Optimistic-concurrency version.
    pub version: i64,
    /// The product manager, if named.
    pub product_manager: Option<UserRef>,
    /// The project manager, if named.
    pub project_manager: Option<UserRef>,
}

/// A partial change to a project: `None` leaves a field alone; for nullable fields
/// `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct ProjectPatch {
    /// New display name.
    pub name: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// New client (or none).
    pub client_id: Option<Option<i64>>,
    /// New start date (or none), `YYYY-MM-DD`.
    pub start_date: Option<Option<String>>,
    /// New target launch date (or none), `YYYY-MM-DD`.
    pub target_launch_date: Option<Option<String>>,
    /// New budget (or none).
    pub budget: Option<Option<Money>>,
    /// Archive or restore.
    pub archived: Option<bool>,
}

/// Which projects to list.
#[derive(Debug, Clone, Default)]
pub struct ProjectFilter {
    /// Only projects this user is a member of; `None` lists all (for admins).
    pub visible_to: Option<i64>,
    /// Include archived projects.
    pub include_archived: bool,
}

/// A person's role on a project, with who they are.
#[derive(Debug, Clone, Serialize)]
pub struct Member {
    /// User id.
    pub user_id: i64,
    /// Display name.
    pub name: String,
    /// E-mail.
    pub email: String,
    /// Their workspace role.
    pub user_role: UserRole,
    /// Their role on the project.
    pub role: ProjectRole,
    /// When the role was given, unix milliseconds.
    pub added_at: i64,
}

/// An audit log entry to append.
#[derive(Debug, Clone)]
pub struct NewAuditEntry {
    /// When it happened, unix milliseconds.
    pub at: i64,
    /// The acting user, when known.
    pub actor_user_id: Option<i64>,
    /// E-mail of the actor, `system`, or the e-mail a failed sign-in attempted.
    pub actor: String,
    /// What happened, e.g. `session.create`, `project.create`.
    pub action: String,
    /// Kind of object acted on, e.g. `project`.
    pub object_type: String,
    /// Its id or key.
    pub object_id: String,
    /// The HTTP request id, for correlating with logs.
    pub request_id: Option<String>,
    /// Client IP address.
    pub ip: Option<String>,
    /// Extra facts (JSON object).
    pub details: serde_json::Value,
}

/// An appended audit log entry.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    /// Id, increasing with insertion order.
    pub id: i64,
    /// When it happened, unix milliseconds.
    pub at: i64,
    /// The acting user, when known.
    pub actor_user_id: Option<i64>,
    /// E-mail of the actor, `system`, or the e-mail a failed sign-in attempted.
    pub actor: String,
    /// What happened.
    pub action: String,
    /// Kind of object acted on.
    pub object_type: String,
    /// Its id or key.
    pub object_id: String,
    /// The HTTP request id.
    pub request_id: Option<String>,
    /// Client IP address.
    pub ip: Option<String>,
    /// Extra facts (JSON object).
    pub details: serde_json::Value,
}

/// Which audit entries to list.
#[derive(Debug, Clone)]
pub struct AuditFilter {
    /// Only entries after this id, oldest first (for following the log); `None` lists the
    /// newest first.
    pub after_id: Option<i64>,
    /// At most this many entries (a negative limit counts as zero).
    pub limit: i64,
    /// Only actions starting with this text, e.g. `session.`.
    pub action_prefix: Option<String>,
}
