//! `/settings/time-zone`: the workspace's time zone (ADR 0039) — staff read it with today's
//! date there, admins change it.

use super::chrome::{Chrome, Section};
use super::error::WebError;
use super::extract::{CsrfForm, SignedIn};
use super::form::{Field, FormErrors, SelectOption, Typed};
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
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tandem_core::access::WorkspaceAction;
use tandem_core::roles::UserRole;

const FIELDS: &[Field] = &[("time_zone", "Time zone")];

/// The page's one form, by name.
const ZONE: &str = "zone";

/// What the form posts; `version` is the setting's version when the page was read.
#[derive(Debug, Default, Serialize, Deserialize)]
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
    Ok(render(&user, chrome, stored, &Typed::default()))
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
    let typed = Typed::from_api_saying(
        ZONE,
        &form,
        error,
        FIELDS,
        "Another admin changed the workspace time zone while you chose; the page now shows \
         theirs. Choose again if yours should win.",
    )?;
    let stored = time_zone::workspace(&state.store).await?;
    let chrome = Chrome::signed_in(&user, Section::Settings);
    Ok(render(&user, chrome, stored, &typed))
}

/// The page with the stored zone and today's date there; the select shows the zone a refused
/// form (`typed`) chose, else the stored one.
fn render(
    user: &CurrentUser,
    chrome: Chrome,
    stored: WorkspaceZoneView,
    typed: &Typed,
) -> Response {
    let chosen = typed
        .restore::<ZoneForm>(ZONE)
        .map_or_else(|| stored.time_zone.clone(), |form| form.time_zone);
    let page = ZonePage {
        chrome,
        today: stored.days().today().to_string(),
        zones: zone_options(&chosen),
        time_zone: stored.time_zone,
        version: stored.version,
        can_edit: user.actor().may(WorkspaceAction::ChangeSettings),
        errors: typed.errors(ZONE).clone(),
    };
    page::render_with_status(typed.status(), &page)
}
