//! `/timer/start` and `/timer/stop`: the start/stop forms of the item page and of the
//! header every page shows while a timer runs. Stopping logs the time as today's entry, with
//! the note and billable flag the stop form asks for (as `POST /api/v1/timer/stop` takes them).

use super::error::WebError;
use super::extract::CsrfForm;
use super::notice::Notice;
use super::page;
use crate::audit::Writer;
use crate::context::RequestMeta;
use crate::delivery::time;
use crate::guard;
use crate::state::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tandem_core::access::ProjectAction;
use tandem_core::work::ItemKey;

/// What the timer forms post.
#[derive(Debug, Deserialize)]
pub struct TimerForm {
    /// The item to time (start only).
    #[serde(default)]
    item: String,
    /// What was done (stop only).
    #[serde(default)]
    note: String,
    /// The "Billable" checkbox (stop only): present when ticked. Unticked by default, as
    /// neither the project nor the member holds a billable default.
    billable: Option<String>,
    /// Where to go afterwards (a local path).
    #[serde(default)]
    back: String,
}

/// `POST /timer/start`: starts the signed-in person's timer on an item.
pub async fn start(
    State(state): State<AppState>,
    meta: RequestMeta,
    CsrfForm { user, form }: CsrfForm<TimerForm>,
) -> Result<Response, WebError> {
    let key = ItemKey::parse(form.item.trim()).map_err(|_| WebError::NotFound)?;
    let visible = guard::project(
        &state,
        &user,
        key.project.as_str(),
        ProjectAction::Contribute,
    )
    .await?;
    let item = state
        .store
        .item_by_number(visible.project.id, key.number)
        .await
        .map_err(|_| WebError::NotFound)?;
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    time::start_timer(&writer, item.id).await?;
    Ok(Notice::TimerStarted
        .redirect(&format!("/items/{}", item.key))
        .into_response())
}

/// `POST /timer/stop`: stops the timer and logs the time with the note and billable flag;
/// back to `back`, else to the project's timesheet (whose entries list shows them).
pub async fn stop(
    State(state): State<AppState>,
    meta: RequestMeta,
    CsrfForm { user, form }: CsrfForm<TimerForm>,
) -> Result<Response, WebError> {
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    let entry = time::stop_timer(&writer, &form.note, form.billable.is_some()).await?;
    let fallback = format!(
        "/projects/{}/time",
        state.store.project_key_of(entry.project_id).await?
    );
    let back = page::local_path(Some(form.back.as_str()).filter(|b| !b.is_empty()))
        .map_or(fallback, str::to_owned);
    Ok(Notice::TimerStopped.redirect(&back).into_response())
}
