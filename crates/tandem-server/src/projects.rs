//! Project rules shared by the API, the web UI and the CLI: creating a project with its two
//! managers, changing it, and resolving "a person" given as an id or an e-mail.

use crate::audit::Writer;
use crate::error::ApiError;
use serde::Deserialize;
use serde_json::json;
use tandem_core::ValidationError;
use tandem_core::roles::UserRole;
use tandem_core::values::{Money, Name, ProjectKey};
use tandem_store::{NewProject, Project, ProjectPatch, Store, StoreError, User};
use utoipa::ToSchema;

/// A person named by user id or by e-mail.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum PersonInput {
    /// A user id.
    Id(i64),
    /// An e-mail address.
    Email(String),
}

/// A budget as entered.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct BudgetInput {
    /// Decimal amount, at most two decimals.
    pub amount: f64,
    /// ISO 4217 code, e.g. EUR.
    pub currency: String,
}

/// Everything needed to create a project.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ProjectInput {
    /// 2–10 upper-case letters/digits, e.g. ACME.
    pub key: String,
    pub name: String,
    #[serde(default)]
    pub client_id: Option<i64>,
    #[serde(default)]
    pub product_manager: Option<PersonInput>,
    #[serde(default)]
    pub project_manager: Option<PersonInput>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub start_date: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub target_launch_date: Option<String>,
    #[serde(default)]
    pub budget: Option<BudgetInput>,
    #[serde(default)]
    pub description: Option<String>,
}

/// Resolves a person to an active staff account (client users cannot manage a project).
pub async fn resolve_manager(
    store: &Store,
    field: &'static str,
    person: &PersonInput,
) -> Result<User, ApiError> {
    let user = resolve_person(store, field, person).await?;
    if user.role == UserRole::Client {
        return Err(ValidationError::new(
            field,
            "a client contact cannot be a manager of the project",
        )
        .into());
    }
    Ok(user)
}

/// Resolves a person to an active account.
pub async fn resolve_person(
    store: &Store,
    field: &'static str,
    person: &PersonInput,
) -> Result<User, ApiError> {
    let found = match person {
        PersonInput::Id(id) => match store.user_by_id(*id).await {
            Ok(user) => Some(user),
            Err(StoreError::NotFound) => None,
            Err(other) => return Err(other.into()),
        },
        PersonInput::Email(email) => store
            .user_by_email(&email.trim().to_lowercase())
            .await?
            .map(|record| record.user),
    };
    match found {
        Some(user) if user.active => Ok(user),
        _ => Err(ValidationError::new(field, "no active user with this id or e-mail").into()),
    }
}

/// Parses an optional `YYYY-MM-DD` date.
pub fn parse_date(
    field: &'static str,
    raw: Option<&str>,
) -> Result<Option<String>, ValidationError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(text) => text
            .parse::<jiff::civil::Date>()
            .map(|date| Some(date.to_string()))
            .map_err(|_| {
                ValidationError::new(field, format!("'{text}' is not a date like 2026-03-31"))
            }),
    }
}

fn parse_budget(budget: Option<&BudgetInput>) -> Result<Option<Money>, ValidationError> {
    budget
        .map(|b| Money::parse(b.amount, b.currency.trim()))
        .transpose()
}

fn check_dates(start: Option<&str>, launch: Option<&str>) -> Result<(), ValidationError> {
    match (start, launch) {
        (Some(start), Some(launch)) if launch < start => Err(ValidationError::new(
            "target_launch_date",
            "the target launch date is before the start date",
        )),
        _ => Ok(()),
    }
}

/// Validates and creates a project with its managers.
pub async fn create(
    store: &Store,
    creator: &User,
    input: &ProjectInput,
) -> Result<Project, ApiError> {
    let key = ProjectKey::parse(input.key.trim())?;
    let name = Name::parse("name", &input.name)?;
    let start_date = parse_date("start_date", input.start_date.as_deref())?;
    let target_launch_date = parse_date("target_launch_date", input.target_launch_date.as_deref())?;
    check_dates(start_date.as_deref(), target_launch_date.as_deref())?;
    let budget = parse_budget(input.budget.as_ref())?;
    let product_manager = match &input.product_manager {
        Some(person) => Some(resolve_manager(store, "product_manager", person).await?.id),
        None => None,
    };
    let project_manager = match &input.project_manager {
        Some(person) => Some(resolve_manager(store, "project_manager", person).await?.id),
        None => None,
    };
    let new = NewProject {
        key,
        name,
        client_id: input.client_id,
        description: input
            .description
            .clone()
            .unwrap_or_default()
            .trim()
            .to_owned(),
        start_date,
        target_launch_date,
        budget,
        product_manager_id: product_manager,
        project_manager_id: project_manager,
        created_by: (creator.role != UserRole::Admin).then_some(creator.id),
    };
    Ok(store.create_project(&new).await?)
}

/// Creates a project on behalf of a signed-in user and audits it (API and web UI).
pub async fn create_audited(
    writer: &Writer<'_>,
    input: &ProjectInput,
) -> Result<Project, ApiError> {
    let project = create(&writer.state.store, writer.actor, input).await?;
    writer
        .record(
            "project.create",
            "project",
            &project.key,
            json!({ "name": project.name }),
        )
        .await;
    Ok(project)
}

/// Applies a change to `current` if it is still at `expected_version`, and audits it as an
/// update, an archive or a restore (API and web UI).
pub async fn apply_change(
    writer: &Writer<'_>,
    current: &Project,
    change: &ProjectChange,
    expected_version: i64,
) -> Result<Project, ApiError> {
    let patch = patch(current, change)?;
    let updated = writer
        .state
        .store
        .update_project(&current.key, &patch, expected_version)
        .await?;
    let action = match change.archived {
        Some(true) => "project.archive",
        Some(false) => "project.unarchive",
        None => "project.update",
    };
    let details = json!({ "expected_version": expected_version });
    writer
        .record(action, "project", &current.key, details)
        .await;
    Ok(updated)
}

/// A change to a project; absent fields stay as they are, `null` clears optional ones.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ProjectChange {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub client_id: Option<Option<i64>>,
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub start_date: Option<Option<String>>,
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub target_launch_date: Option<Option<String>>,
    #[serde(default, with = "double_option")]
    #[schema(value_type = Option<BudgetInput>)]
    pub budget: Option<Option<BudgetInput>>,
    #[serde(default)]
    pub archived: Option<bool>,
    /// The version you read (alternative to If-Match).
    #[serde(default)]
    pub version: Option<i64>,
}

/// Validates a change into a store patch, checking the resulting dates are consistent.
pub fn patch(current: &Project, change: &ProjectChange) -> Result<ProjectPatch, ValidationError> {
    let name = change
        .name
        .as_deref()
        .map(|n| Name::parse("name", n).map(Name::into_inner))
        .transpose()?;
    let start_date = change
        .start_date
        .as_ref()
        .map(|d| parse_date("start_date", d.as_deref()))
        .transpose()?;
    let target_launch_date = change
        .target_launch_date
        .as_ref()
        .map(|d| parse_date("target_launch_date", d.as_deref()))
        .transpose()?;
    let effective_start = start_date
        .clone()
        .unwrap_or_else(|| current.start_date.clone());
    let effective_launch = target_launch_date
        .clone()
        .unwrap_or_else(|| current.target_launch_date.clone());
    check_dates(effective_start.as_deref(), effective_launch.as_deref())?;
    let budget = change
        .budget
        .as_ref()
        .map(|b| parse_budget(b.as_ref()))
        .transpose()?;
    Ok(ProjectPatch {
        name,
        description: change.description.as_ref().map(|d| d.trim().to_owned()),
        client_id: change.client_id,
        start_date,
        target_launch_date,
        budget,
        archived: change.archived,
    })
}

/// serde support for "absent" vs "null" vs "value".
pub mod double_option {
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        Option::<T>::deserialize(deserializer).map(Some)
    }
}
