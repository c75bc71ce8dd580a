//! `/settings/profile`: the signed-in person's own profile (ADR 0038) — the name others see,
//! the e-mail and role they hold, and the time zone every page's times follow — with the way
//! to their password and notification settings.

use super::chrome::{Chrome, Section};
use super::error::WebError;
use super::extract::{CsrfForm, SignedIn};
use super::form::{Field, FormErrors, SelectOption, Typed};
use super::notice::{Notice, NoticeQuery};
use super::page;
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::profile::{self, ProfileChange, ProfileView};
use crate::state::AppState;
use crate::time_zone;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

const FIELDS: &[Field] = &[("name", "Name"), ("time_zone", "Time zone")];

/// The page's one form, by name.
const PROFILE: &str = "profile";

/// What the form posts; `version` is the account's version when the page was read.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    time_zone: String,
    #[serde(default)]
    version: String,
}

impl ProfileForm {
    /// The profile as the form shows it.
    fn of(profile: &ProfileView) -> Self {
        Self {
            name: profile.name.clone(),
            time_zone: profile.time_zone.clone(),
            version: profile.version.to_string(),
        }
    }

    /// The version sent, if it is one (a missing one is refused at the name).
    fn version(&self) -> Option<i64> {
        self.version.trim().parse().ok()
    }
}

#[derive(Template)]
#[template(path = "pages/profile.html")]
struct ProfilePage {
    chrome: Chrome,
    profile: ProfileView,
    /// The name in the field: the stored one, or what a refused form sent.
    typed_name: String,
    /// Every time zone, the stored (or refused) choice selected.
    zones: Vec<SelectOption>,
    errors: FormErrors,
}

/// Every time zone a person can pick, `current` selected.
pub(super) fn zone_options(current: &str) -> Vec<SelectOption> {
    time_zone::choices()
        .into_iter()
        .map(|name| SelectOption::new(name.clone(), name, current))
        .collect()
}

/// `GET /settings/profile`.
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let chrome = Chrome::signed_in(&user, Section::Profile).with_notice(notice.notice());
    let profile = profile::of(&state.store, &user.user).await?;
    Ok(render(chrome, profile, &Typed::default()))
}

/// `POST /settings/profile`: saves the name and time zone, or shows the form again as sent
/// with the messages at its fields. When the account changed in another tab meanwhile, the
/// page shows the stored profile and says so.
pub async fn submit(
    State(state): State<AppState>,
    meta: RequestMeta,
    CsrfForm { user, form }: CsrfForm<ProfileForm>,
) -> Result<Response, WebError> {
    let change = ProfileChange {
        name: Some(form.name.clone()),
        time_zone: Some(form.time_zone.clone()),
        version: form.version(),
    };
    let writer = Writer::new(&state, &meta, &user);
    let error = match profile::change(&writer, &change, form.version()).await {
        Ok(_) => {
            return Ok(Notice::OwnProfileSaved
                .redirect("/settings/profile")
                .into_response());
        }
        Err(error) => error,
    };
    let typed = Typed::from_api_saying(
        PROFILE,
        &form,
        error,
        FIELDS,
        "Your profile changed in another tab or device while you edited it; the page now \
         shows that version. Apply your change again.",
    )?;
    let stored = stored_profile(&state, &user).await?;
    let chrome = Chrome::signed_in(&user, Section::Profile);
    Ok(render(chrome, stored, &typed))
}

/// The profile as stored now (the session's copy of the user may be older).
async fn stored_profile(state: &AppState, user: &CurrentUser) -> Result<ProfileView, WebError> {
    let account = state.store.user_by_id(user.user.id).await?;
    Ok(profile::of(&state.store, &account).await?)
}

/// The page; the form shows what a refused form (`typed`) sent, else the stored profile.
fn render(chrome: Chrome, profile: ProfileView, typed: &Typed) -> Response {
    let form = typed
        .restore(PROFILE)
        .unwrap_or_else(|| ProfileForm::of(&profile));
    let page = ProfilePage {
        chrome,
        typed_name: form.name.clone(),
        zones: zone_options(&form.time_zone),
        profile: ProfileView {
            version: form.version().unwrap_or(profile.version),
            ..profile
        },
        errors: typed.errors(PROFILE).clone(),
    };
    page::render_with_status(typed.status(), &page)
}
