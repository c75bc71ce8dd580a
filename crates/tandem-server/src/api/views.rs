//! What the API sends back. Internal-only fields (budget, later rates and costs) are left out
//! entirely for client users: absent, not null.

use serde::Serialize;
use tandem_core::roles::{ProjectRole, UserRole};
use tandem_store::{ApiToken, AuditEntry, Client, Member, MemberProfile, Project, User, UserRef};
use utoipa::ToSchema;

/// Formats stored unix milliseconds as an RFC 3339 UTC timestamp.
pub fn timestamp(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|ts| ts.to_string())
        .unwrap_or_default()
}

/// A user account.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserView {
    pub id: i64,
    pub email: String,
    pub name: String,
    #[schema(value_type = String, example = "member")]
    pub role: UserRole,
    pub client_id: Option<i64>,
    pub active: bool,
    pub version: i64,
    pub created_at: String,
}

impl From<User> for UserView {
    fn from(user: User) -> Self {
        Self {
            id: user.id,
            email: user.email,
            name: user.name,
            role: user.role,
            client_id: user.client_id,
            active: user.active,
            version: user.version,
            created_at: timestamp(user.created_at),
        }
    }
}

/// A person named on a project.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonRef {
    pub id: i64,
    pub name: String,
    pub email: String,
}

impl From<UserRef> for PersonRef {
    fn from(user: UserRef) -> Self {
        Self {
            id: user.id,
            name: user.name,
            email: user.email,
        }
    }
}

/// A client organisation.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClientView {
    pub id: i64,
    pub name: String,
    pub created_at: String,
}

impl From<Client> for ClientView {
    fn from(client: Client) -> Self {
        Self {
            id: client.id,
            name: client.name,
            created_at: timestamp(client.created_at),
        }
    }
}

/// A project budget.
#[derive(Debug, Serialize, ToSchema)]
pub struct BudgetView {
    /// Decimal amount, e.g. 120000.5.
    pub amount: f64,
    /// ISO 4217 code.
    pub currency: String,
}

/// A project with its two managers and its role gaps.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectView {
    pub key: String,
    pub name: String,
    pub description: String,
    pub client_id: Option<i64>,
    pub client_name: Option<String>,
    /// `YYYY-MM-DD`.
    pub start_date: Option<String>,
    /// `YYYY-MM-DD`.
    pub target_launch_date: Option<String>,
    /// Internal: absent for client users.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget: Option<BudgetView>,
    pub archived: bool,
    pub product_manager: Option<PersonRef>,
    pub project_manager: Option<PersonRef>,
    /// `missing_product_manager`, `missing_project_manager`: a project needs both.
    pub role_gaps: Vec<String>,
    /// Warnings about the roles, e.g. `same_person_holds_both_manager_roles`.
    pub role_warnings: Vec<String>,
    /// The caller's roles on this project.
    #[schema(value_type = Vec<String>)]
    pub my_roles: Vec<ProjectRole>,
    pub version: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl ProjectView {
    /// Builds the view; `internal` says whether internal-only fields may be shown.
    pub fn new(project: Project, my_roles: Vec<ProjectRole>, internal: bool) -> Self {
        let role_gaps = role_gaps(&project);
        let role_warnings = match (&project.product_manager, &project.project_manager) {
            (Some(product), Some(delivery)) if product.id == delivery.id => {
                vec!["same_person_holds_both_manager_roles".to_owned()]
            }
            _ => Vec::new(),
        };
        Self {
            key: project.key,
            name: project.name,
            description: project.description,
            client_id: project.client_id,
            client_name: project.client_name,
            start_date: project.start_date,
            target_launch_date: project.target_launch_date,
            budget: project.budget.filter(|_| internal).map(|money| BudgetView {
                amount: money.amount(),
                currency: money.currency,
            }),
            archived: project.archived,
            product_manager: project.product_manager.map(PersonRef::from),
            project_manager: project.project_manager.map(PersonRef::from),
            role_gaps,
            role_warnings,
            my_roles,
            version: project.version,
            created_at: timestamp(project.created_at),
            updated_at: timestamp(project.updated_at),
        }
    }
}

/// The stable names of the manager roles a project lacks.
pub fn role_gaps(project: &Project) -> Vec<String> {
    let mut gaps = Vec::new();
    if project.product_manager.is_none() {
        gaps.push("missing_product_manager".to_owned());
    }
    if project.project_manager.is_none() {
        gaps.push("missing_project_manager".to_owned());
    }
    gaps
}

/// A person's role on a project.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberView {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    #[schema(value_type = String, example = "product_manager")]
    pub role: ProjectRole,
    pub added_at: String,
    /// The member's discipline on this project, `null` when not stated.
    pub discipline: Option<String>,
    /// Hours a week on this project; `null` = full time by the project calendar.
    pub weekly_capacity_hours: Option<f64>,
    /// Internal cost per hour: absent for client users, `null` when not set.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<f64>)]
    pub hourly_rate: Option<Option<f64>>,
}

impl From<Member> for MemberView {
    fn from(member: Member) -> Self {
        Self {
            user_id: member.user_id,
            name: member.name,
            email: member.email,
            role: member.role,
            added_at: timestamp(member.added_at),
            discipline: None,
            weekly_capacity_hours: None,
            hourly_rate: None,
        }
    }
}

impl MemberView {
    /// Adds the member's profile; `internal` says whether the rate may be shown.
    pub fn with_profile(mut self, profile: Option<&MemberProfile>, internal: bool) -> Self {
        self.discipline = profile
            .and_then(|p| p.discipline)
            .map(|d| d.as_str().to_owned());
        self.weekly_capacity_hours = profile
            .and_then(|p| p.weekly_capacity_minutes)
            .map(|minutes| minutes as f64 / 60.0);
        self.hourly_rate = internal.then(|| {
            profile
                .and_then(|p| p.hourly_rate_minor)
                .map(tandem_core::people::amounts::major)
        });
        self
    }
}

/// An API token as listed (the secret itself is shown only once, at creation).
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenView {
    pub id: i64,
    pub name: String,
    /// First characters of the token, to tell tokens apart.
    pub prefix: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked: bool,
}

impl From<ApiToken> for TokenView {
    fn from(token: ApiToken) -> Self {
        Self {
            id: token.id,
            name: token.name,
            prefix: token.prefix,
            created_at: timestamp(token.created_at),
            last_used_at: token.last_used_at.map(timestamp),
            revoked: token.revoked_at.is_some(),
        }
    }
}

/// One audit log entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditView {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub actor_user_id: Option<i64>,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub request_id: Option<String>,
    pub ip: Option<String>,
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
}

impl From<AuditEntry> for AuditView {
    fn from(entry: AuditEntry) -> Self {
        Self {
            id: entry.id,
            at: timestamp(entry.at),
            actor: entry.actor,
            actor_user_id: entry.actor_user_id,
            action: entry.action,
            object_type: entry.object_type,
            object_id: entry.object_id,
            request_id: entry.request_id,
            ip: entry.ip,
            details: entry.details,
        }
    }
}
