//! `/settings/health`: the workspace's health thresholds — staff read them, admins change
//! them. The rows are built from the thresholds' JSON form, so a signal added to
//! `tandem_core::health::Thresholds` shows up here without touching this page.

use super::chrome::{Chrome, Section};
use super::error::WebError;
use super::extract::{CsrfForm, SignedIn};
use super::form::FormErrors;
use super::notice::{Notice, NoticeQuery};
use super::page;
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::error::ApiError;
use crate::health_settings;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};
use std::collections::HashMap;
use tandem_core::health::Thresholds;
use tandem_core::roles::UserRole;

/// The three band names, as JSON fields and column headings.
const BANDS: [(&str, &str); 3] = [
    ("watch", "Watch"),
    ("at_risk", "At risk"),
    ("critical", "Critical"),
];

/// One threshold row: three bands, or a single number.
pub struct Row {
    pub name: String,
    pub label: String,
    /// `(input name, value, default)` per band, or one entry for a single number.
    pub inputs: Vec<(String, String, String)>,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "pages/health_thresholds.html")]
struct ThresholdsPage {
    chrome: Chrome,
    rows: Vec<Row>,
    version: i64,
    can_edit: bool,
    errors: FormErrors,
}

fn label(name: &str) -> String {
    let text = name.replace('_', " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

fn number(value: Option<&Value>) -> String {
    value
        .and_then(Value::as_f64)
        .map(|v| v.to_string())
        .unwrap_or_default()
}

fn json_of(thresholds: &Thresholds) -> Map<String, Value> {
    match serde_json::to_value(thresholds) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// The rows for `current` (or, after a refusal, the submitted values).
fn rows(current: &Thresholds, submitted: Option<&HashMap<String, String>>) -> Vec<Row> {
    let defaults = json_of(&Thresholds::default());
    json_of(current)
        .into_iter()
        .map(|(name, value)| {
            let shown = |input: &str, stored: String| {
                submitted
                    .and_then(|form| form.get(input).cloned())
                    .unwrap_or(stored)
            };
            let inputs = match &value {
                Value::Object(bands) => BANDS
                    .iter()
                    .map(|(band, _)| {
                        let input = format!("{name}.{band}");
                        let default = number(defaults.get(&name).and_then(|d| d.get(band)));
                        (
                            input.clone(),
                            shown(&input, number(bands.get(*band))),
                            default,
                        )
                    })
                    .collect(),
                _ => vec![(
                    name.clone(),
                    shown(&name, number(Some(&value))),
                    number(defaults.get(&name)),
                )],
            };
            Row {
                label: label(&name),
                name,
                inputs,
                error: None,
            }
        })
        .collect()
}

fn render(
    user: &CurrentUser,
    chrome: Chrome,
    versioned: health_settings::Versioned,
    refused: Option<(HashMap<String, String>, Option<String>, String)>,
) -> Response {
    let (mut rows, errors, status) = match &refused {
        None => (
            rows(&versioned.thresholds, None),
            FormErrors::default(),
            StatusCode::OK,
        ),
        Some((form, _, message)) => (
            rows(&versioned.thresholds, Some(form)),
            FormErrors::general(message.clone()),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    };
    if let Some((_, Some(field), message)) = &refused
        && let Some(row) = rows.iter_mut().find(|row| &row.name == field)
    {
        row.error = Some(message.clone());
    }
    page::render_with_status(
        status,
        &ThresholdsPage {
            chrome,
            rows,
            version: versioned.version,
            can_edit: user.user.role == UserRole::Admin,
            errors,
        },
    )
}

/// `GET /settings/health` (staff).
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    if user.user.role == UserRole::Client {
        return Err(ApiError::forbidden("workspace settings are for staff").into());
    }
    let versioned = health_settings::load(&state.store).await?;
    let chrome = Chrome::signed_in(&user, Section::Settings).with_notice(notice.notice());
    Ok(render(&user, chrome, versioned, None))
}

/// Builds thresholds from the posted form; the error names the row and says why.
fn parse(form: &HashMap<String, String>) -> Result<Thresholds, (Option<String>, String)> {
    let mut object = json_of(&Thresholds::default());
    for (name, value) in object.iter_mut() {
        let read = |input: &str| -> Result<Value, (Option<String>, String)> {
            let raw = form.get(input).map(|v| v.trim()).unwrap_or_default();
            raw.replace(',', ".")
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map(Value::Number)
                .ok_or_else(|| {
                    (
                        Some(name.clone()),
                        format!("{}: enter a number", label(name)),
                    )
                })
        };
        match value {
            Value::Object(bands) => {
                for (band, _) in BANDS {
                    bands.insert(band.to_owned(), read(&format!("{name}.{band}"))?);
                }
            }
            other => *other = read(name)?,
        }
    }
    serde_json::from_value(Value::Object(object)).map_err(|error| (None, error.to_string()))
}

/// `POST /settings/health` (admins).
pub async fn save(
    State(state): State<AppState>,
    meta: RequestMeta,
    CsrfForm { user, form }: CsrfForm<HashMap<String, String>>,
) -> Result<Response, WebError> {
    if user.user.role != UserRole::Admin {
        return Err(ApiError::forbidden("only admins change workspace settings").into());
    }
    let current = health_settings::load(&state.store).await?;
    let chrome = Chrome::signed_in(&user, Section::Settings);
    let thresholds = match parse(&form) {
        Ok(thresholds) => thresholds,
        Err((field, message)) => {
            return Ok(render(&user, chrome, current, Some((form, field, message))));
        }
    };
    let expected = form
        .get("version")
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(-1);
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    match health_settings::save(&writer, thresholds, expected).await {
        Ok(_) => Ok(Notice::ThresholdsSaved
            .redirect("/settings/health")
            .into_response()),
        Err(error) if error.status == StatusCode::UNPROCESSABLE_ENTITY => {
            let field = error
                .details
                .get("field")
                .and_then(Value::as_str)
                .map(str::to_owned);
            let message = match &field {
                Some(name) => format!(
                    "{}: {}",
                    label(name),
                    error
                        .message
                        .strip_prefix(&format!("{name}: "))
                        .unwrap_or(&error.message)
                ),
                None => error.message,
            };
            Ok(render(&user, chrome, current, Some((form, field, message))))
        }
        Err(error) if error.status == StatusCode::PRECONDITION_FAILED => {
            let message = "Someone else changed the thresholds meanwhile. Reload the page to see their change, then apply yours again.".to_owned();
            Ok(render(&user, chrome, current, Some((form, None, message))))
        }
        Err(error) => Err(error.into()),
    }
}
