//! Time-tracking services: who may see and change which entries, logging, the timer, reports
//! and CSV.
//!
//! Visibility: people with `ViewInternal` on the project see everyone's entries; everybody
//! else (members without it, client users) sees only their own. Changing or deleting an entry
//! needs to be its author or hold `Edit` (a manager).

use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::guard::{self, VisibleProject};
use crate::state::AppState;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;
use tandem_core::access::{Actor, ProjectAction};
use tandem_core::work::{parse_date, parse_minutes};
use tandem_store::{NewTimeEntry, StoreError, TimeEntry, TimeEntryPatch, TimeFilter, Timer};
use utoipa::ToSchema;

/// Longest single entry: a day and a night.
const MAX_MINUTES: i64 = 24 * 60;

/// A time entry as clients send it.
#[derive(Debug, Default, Clone, Deserialize, ToSchema)]
pub struct TimeInput {
    /// Item id worked on (optional; `null` on PATCH unlinks).
    #[serde(default, with = "crate::projects::double_option")]
    #[schema(value_type = Option<i64>)]
    pub item_id: Option<Option<i64>>,
    /// Day, `YYYY-MM-DD` (default today on create).
    pub date: Option<String>,
    /// Duration in minutes …
    pub minutes: Option<i64>,
    /// … or as text: `1.5h`, `90m`, `1h30m`.
    pub duration: Option<String>,
    /// Invoiced to the client.
    pub billable: Option<bool>,
    /// What was done.
    pub note: Option<String>,
    /// The version you read (instead of `If-Match`).
    pub version: Option<i64>,
}

/// The duration of an input: `minutes` or `duration` text, 1 minute to 24 hours.
fn minutes_of(input: &TimeInput) -> Result<Option<i64>, ApiError> {
    let minutes = match (&input.minutes, &input.duration) {
        (Some(minutes), _) => Some(*minutes),
        (None, Some(text)) => Some(parse_minutes("duration", text)?),
        (None, None) => None,
    };
    if let Some(minutes) = minutes
        && !(1..=MAX_MINUTES).contains(&minutes)
    {
        return Err(ApiError::invalid_field(
            "minutes",
            "must be between 1 minute and 24 hours",
        ));
    }
    Ok(minutes)
}

/// True when the caller may see everyone's time on the project.
pub fn sees_everyone(actor: &Actor, visible: &VisibleProject) -> bool {
    actor.may_on(&visible.access, ProjectAction::ViewInternal)
}

/// The filter a caller may use: without `ViewInternal` it is forced to their own entries.
pub fn scoped_filter(
    actor: &Actor,
    visible: &VisibleProject,
    user_id: i64,
    mut filter: TimeFilter,
) -> TimeFilter {
    if !sees_everyone(actor, visible) {
        filter.user_id = Some(user_id);
    }
    filter
}

/// May the caller change or delete this entry? Its author or a manager (`Edit`).
pub fn may_change(
    actor: &Actor,
    visible: &VisibleProject,
    user_id: i64,
    entry: &TimeEntry,
) -> bool {
    entry.user.id == user_id || actor.may_on(&visible.access, ProjectAction::Edit)
}

/// May the caller see this entry?
pub fn may_see(actor: &Actor, visible: &VisibleProject, user_id: i64, entry: &TimeEntry) -> bool {
    entry.user.id == user_id || sees_everyone(actor, visible)
}

/// The entries of a project matching `filter` that `user` may see (see [`scoped_filter`]):
/// what the API's list, report and CSV export and the CLI's `time` commands read.
pub async fn visible_entries(
    state: &AppState,
    user: &CurrentUser,
    visible: &VisibleProject,
    filter: TimeFilter,
) -> Result<Vec<TimeEntry>, ApiError> {
    let filter = scoped_filter(&user.actor(), visible, user.user.id, filter);
    Ok(state
        .store
        .list_time_entries(visible.project.id, &filter)
        .await?)
}

/// Entry `id` if `user` may change it, for the API and the CLI alike: an entry they may not
/// see is not found (like a missing one), and only its author or a manager may change it.
pub async fn changeable_entry(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> Result<TimeEntry, ApiError> {
    let entry = match state.store.time_entry_by_id(id).await {
        Ok(entry) => entry,
        Err(StoreError::NotFound) => return Err(ApiError::not_found("time entry")),
        Err(other) => return Err(other.into()),
    };
    let key = state.store.project_key_of(entry.project_id).await?;
    let visible = guard::project(state, user, &key, ProjectAction::View)
        .await
        .map_err(|_| ApiError::not_found("time entry"))?;
    let actor = user.actor();
    if !may_see(&actor, &visible, user.user.id, &entry) {
        return Err(ApiError::not_found("time entry"));
    }
    if !may_change(&actor, &visible, user.user.id, &entry) {
        return Err(ApiError::forbidden(
            "only its author or a project manager may change this entry",
        ));
    }
    Ok(entry)
}

/// Logs time for the writer on a project.
pub async fn log(
    writer: &Writer<'_>,
    project_id: i64,
    input: &TimeInput,
) -> Result<TimeEntry, ApiError> {
    let minutes = minutes_of(input)?
        .ok_or_else(|| ApiError::invalid_field("minutes", "say how long (minutes or duration)"))?;
    let date = match input.date.as_deref() {
        Some(raw) => parse_date("date", raw)?,
        None => crate::clock::today(&writer.state.store).await?.to_string(),
    };
    let new = NewTimeEntry {
        project_id,
        user_id: writer.actor.id,
        item_id: input.item_id.flatten(),
        date,
        minutes,
        billable: input.billable.unwrap_or(false),
        note: input.note.clone().unwrap_or_default().trim().to_owned(),
    };
    let entry = writer.state.store.create_time_entry(&new).await?;
    audit(writer, "time.log", &entry).await;
    Ok(entry)
}

async fn audit(writer: &Writer<'_>, action: &'static str, entry: &TimeEntry) {
    writer
        .record(
            action,
            "time_entry",
            entry.id.to_string(),
            json!({ "project_id": entry.project_id, "minutes": entry.minutes, "date": entry.date }),
        )
        .await;
}

/// Changes an entry (the caller was checked by [`may_change`]).
pub async fn update(
    writer: &Writer<'_>,
    entry: &TimeEntry,
    input: &TimeInput,
    expected: i64,
) -> Result<TimeEntry, ApiError> {
    let patch = TimeEntryPatch {
        item_id: input.item_id,
        date: input
            .date
            .as_deref()
            .map(|raw| parse_date("date", raw))
            .transpose()?,
        minutes: minutes_of(input)?,
        billable: input.billable,
        note: input.note.as_deref().map(|note| note.trim().to_owned()),
    };
    let updated = writer
        .state
        .store
        .update_time_entry(entry.id, &patch, expected)
        .await?;
    audit(writer, "time.update", &updated).await;
    Ok(updated)
}

/// Deletes an entry (the caller was checked by [`may_change`]).
pub async fn delete(writer: &Writer<'_>, entry: &TimeEntry, expected: i64) -> Result<(), ApiError> {
    writer
        .state
        .store
        .delete_time_entry(entry.id, expected)
        .await?;
    audit(writer, "time.delete", entry).await;
    Ok(())
}

/// Starts the writer's timer on an item.
pub async fn start_timer(writer: &Writer<'_>, item_id: i64) -> Result<Timer, ApiError> {
    let timer = writer
        .state
        .store
        .start_timer(writer.actor.id, item_id)
        .await
        .map_err(|error| match error {
            tandem_store::StoreError::Conflict { .. } => ApiError::new(
                axum::http::StatusCode::CONFLICT,
                "timer_running",
                "your timer is already running; stop it first",
            ),
            other => other.into(),
        })?;
    writer
        .record(
            "timer.start",
            "timer",
            writer.actor.id.to_string(),
            json!({ "item": timer.item.key }),
        )
        .await;
    Ok(timer)
}

/// Stops the writer's timer, recording the time as today's entry.
pub async fn stop_timer(
    writer: &Writer<'_>,
    note: &str,
    billable: bool,
) -> Result<TimeEntry, ApiError> {
    let today = crate::clock::today(&writer.state.store).await?.to_string();
    let entry = writer
        .state
        .store
        .stop_timer(writer.actor.id, &today, note.trim(), billable)
        .await
        .map_err(|error| match error {
            tandem_store::StoreError::NotFound => ApiError::new(
                axum::http::StatusCode::CONFLICT,
                "timer_not_running",
                "your timer is not running",
            ),
            other => other.into(),
        })?;
    audit(writer, "time.log", &entry).await;
    Ok(entry)
}

/// How a time report groups entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Grouping {
    /// One row per person.
    Person,
    /// One row per item (entries without an item share a row).
    Item,
    /// One row per ISO week (`2026-W48`).
    Week,
}

/// One row of a time report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ReportRow {
    /// The person's name, the item key + title, or the week.
    pub label: String,
    /// Total minutes.
    pub minutes: i64,
    /// Billable minutes.
    pub billable_minutes: i64,
    /// How many entries.
    pub entries: i64,
}

/// The Monday and Sunday of the week holding `day` (timesheets and `time list --week`).
pub fn week_of(day: jiff::civil::Date) -> (jiff::civil::Date, jiff::civil::Date) {
    let back = i64::from(day.weekday().to_monday_zero_offset());
    let monday = day.checked_sub(jiff::Span::new().days(back)).unwrap_or(day);
    let sunday = monday
        .checked_add(jiff::Span::new().days(6))
        .unwrap_or(monday);
    (monday, sunday)
}

/// The ISO week of a `YYYY-MM-DD` date, e.g. `2026-W48`.
pub fn iso_week(date: &str) -> String {
    date.parse::<jiff::civil::Date>()
        .map(|day| {
            let week = day.iso_week_date();
            format!("{}-W{:02}", week.year(), week.week())
        })
        .unwrap_or_else(|_| date.to_owned())
}

/// Totals per group, in label order (weeks chronologically).
pub fn report(entries: &[TimeEntry], grouping: Grouping) -> Vec<ReportRow> {
    let mut rows: BTreeMap<String, ReportRow> = BTreeMap::new();
    for entry in entries {
        let label = match grouping {
            Grouping::Person => entry.user.name.clone(),
            Grouping::Item => entry
                .item
                .as_ref()
                .map(|item| format!("{} {}", item.key, item.title))
                .unwrap_or_else(|| "(no item)".to_owned()),
            Grouping::Week => iso_week(&entry.date),
        };
        let row = rows.entry(label.clone()).or_insert(ReportRow {
            label,
            minutes: 0,
            billable_minutes: 0,
            entries: 0,
        });
        row.minutes += entry.minutes;
        row.entries += 1;
        if entry.billable {
            row.billable_minutes += entry.minutes;
        }
    }
    rows.into_values().collect()
}

/// One CSV field: quoted when it contains a comma, quote or line break; formula-looking
/// text is prefixed with `'` so spreadsheets do not execute it.
fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// The entries as CSV (header row first).
pub fn to_csv(entries: &[TimeEntry]) -> String {
    let mut out = String::from("date,person,email,item,item_title,minutes,hours,billable,note\n");
    for entry in entries {
        let fields = [
            entry.date.clone(),
            entry.user.name.clone(),
            entry.user.email.clone(),
            entry
                .item
                .as_ref()
                .map(|i| i.key.clone())
                .unwrap_or_default(),
            entry
                .item
                .as_ref()
                .map(|i| i.title.clone())
                .unwrap_or_default(),
            entry.minutes.to_string(),
            format!("{:.2}", entry.minutes as f64 / 60.0),
            entry.billable.to_string(),
            entry.note.clone(),
        ];
        let line: Vec<String> = fields.iter().map(|field| csv_field(field)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_defuses() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn weeks_run_monday_to_sunday() {
        let thursday: jiff::civil::Date = "2026-11-26".parse().unwrap_or_default();
        let (monday, sunday) = week_of(thursday);
        assert_eq!(
            (monday.to_string(), sunday.to_string()),
            ("2026-11-23".into(), "2026-11-29".into())
        );
        assert_eq!(week_of(sunday).0, monday);
    }

    #[test]
    fn weeks_are_iso() {
        assert_eq!(iso_week("2026-11-25"), "2026-W48");
        assert_eq!(iso_week("2027-01-01"), "2026-W53");
    }
}
