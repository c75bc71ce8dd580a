//! `/settings/time-zone`: the workspace's time zone (ADR 0039) — staff read it with today's
//! date there, admins change it.

use super::chrome::{Chrome, Section};
use super::error::WebError;
use super::extract::{CsrfForm, SignedIn};
use super::form::{Field, FormErrors, SelectOption};
use super::notice::{Notice, NoticeQuery};
use super::page;
use super::profile::zone_options;
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::error::ApiError;
use crate::state::AppState;
use crate::time_zone::{self, WorkspaceZoneView, ZoneName};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tandem_core::access::WorkspaceAction;
use tandem_core::roles::UserRole;

const FIELDS: &[Field] = &[("time_zone", "Time zone")];

/// What the form posts; `version` is the setting's version when the page was read.
#[derive(Debug, Default, Deserialize)]
pub struct ZoneForm {
    #[serde(default)]
    time_zone: String,
    #[serde(default)]
    version: String,
}

#[derive(Template)]
#[template(path = "pages/workspace_zone.html")]
struct ZonePage {
    chrome: Chrome,
    time_zone: String,
    today: String,
    version: i64,
    can_edit: bool,
    /// Every time zone, the stored (or refused) choice selected.
    zones: Vec<SelectOption>,
    errors: FormErrors,
}

/// `GET /settings/time-zone` (staff).
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    if user.user.role == UserRole::Client {
        return Err(ApiError::forbidden("workspace settings are for staff").into());
    }
    let stored = time_zone::workspace(&state.store).await?;
    let chrome = Chrome::signed_in(&user, Section::Settings).with_notice(notice.notice());
    let chosen = stored.time_zone.clone();
    render(
        &state,
        &user,
        chrome,
        stored,
        &chosen,
        FormErrors::default(),
    )
    .await
}

/// `POST /settings/time-zone` (admins): saves the zone, or shows the form again with the
/// message; when another admin changed it meanwhile, the page shows theirs and says so.
pub async fn save(
    State(state): State<AppState>,
    meta: RequestMeta,
    CsrfForm { user, form }: CsrfForm<ZoneForm>,
) -> Result<Response, WebError> {
    crate::guard::workspace(&user, WorkspaceAction::ChangeSettings)?;
    let expected = form.version.trim().parse().unwrap_or(-1);
    let saved = match ZoneName::parse(&form.time_zone) {
        Ok(zone) => {
            let writer = Writer::new(&state, &meta, &user);
            time_zone::set_workspace(&writer, &zone, expected).await
        }
        Err(error) => Err(error),
    };
    let error = match saved {
        Ok(_) => {
            return Ok(Notice::WorkspaceZoneSaved
                .redirect("/settings/time-zone")
                .into_response());
        }
        Err(error) => error,
    };
    let stored = time_zone::workspace(&state.store).await?;
    let chrome = Chrome::signed_in(&user, Section::Settings);
    if error.status == StatusCode::PRECONDITION_FAILED {
        let errors = FormErrors::general(
            "Another admin changed the workspace time zone while you chose; the page now shows \
             theirs. Choose again if yours should win.",
        );
        let chosen = stored.time_zone.clone();
        return render(&state, &user, chrome, stored, &chosen, errors).await;
    }
    let errors = FormErrors::from_api(error, FIELDS)?;
    render(&state, &user, chrome, stored, &form.time_zone, errors).await
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    stored: WorkspaceZoneView,
    chosen: &str,
    errors: FormErrors,
) -> Result<Response, WebError> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = ZonePage {
        chrome,
        today: crate::clock::today(&state.store).await?.to_string(),
        time_zone: stored.time_zone,
        version: stored.version,
        can_edit: user.actor().may(WorkspaceAction::ChangeSettings),
        zones: zone_options(chosen),
        errors,
    };
    Ok(page::render_with_status(status, &page))
}
