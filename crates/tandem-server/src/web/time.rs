//! `/projects/{key}/time`: the signed-in person's weekly timesheet (rows = items, columns =
//! days, each cell editable, totals, previous/next week), a form to log time with a note and
//! the billable flag, the week's entries (each editable or deletable by its author or a
//! manager, at the version shown) and time reports by person, item or week with a CSV export.
//! Reports show hours only — rates and costs live on the budget page — and people without
//! `ViewInternal` (client contacts, for one) only ever see their own time. Every change goes
//! through `delivery::time`, like the API's.

use super::chrome::{self, Chrome, NavLink, Section};
use super::error::WebError;
use super::extract::{CsrfForm, SignedIn};
use super::form::{Field, FormErrors, SelectOption, Typed};
use super::notice::Notice;
use super::page;
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::delivery::time::{self, Grouping, ReportRow, TimeInput};
use crate::error::ApiError;
use crate::guard::{self, VisibleProject};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use tandem_core::access::ProjectAction;
use tandem_core::work::{ItemKey, format_minutes, parse_minutes};
use tandem_store::{ItemRef, TimeEntry, TimeFilter};

/// Weeks the report looks back over, ending with the week shown.
const REPORT_WEEKS: i64 = 8;

/// The names of the page's forms that can be refused: the sheet, the log-time form, and
/// an entry's edit form ([`entry_form`]) and delete form ([`delete_form`]).
const SHEET: &str = "sheet";
const LOG: &str = "log";

fn entry_form(id: i64) -> String {
    format!("entry-{id}")
}

/// Apart from the edit form, so a refused delete never shows the edit form empty.
fn delete_form(id: i64) -> String {
    format!("delete-{id}")
}

/// The inputs of the log-time and edit-entry forms, with the labels their messages carry.
const ENTRY_FIELDS: &[Field] = &[
    ("item", "Item"),
    ("date", "Date"),
    ("duration", "Hours"),
    ("note", "Note"),
];

/// Hours as the sheet shows them: `1.5`, `8`, empty for nothing.
fn hours(minutes: i64) -> String {
    if minutes == 0 {
        return String::new();
    }
    let text = format!("{:.2}", minutes as f64 / 60.0);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn add_days(day: Date, days: i64) -> Date {
    day.checked_add(jiff::Span::new().days(days)).unwrap_or(day)
}

/// One cell of the sheet: editable when it holds at most one entry.
pub struct Cell {
    /// Input name: `e_{entry}` for an entry, `c_{item}_{date}` for an empty cell; empty when
    /// several entries make it read-only.
    pub name: String,
    pub value: String,
    /// The entry's version (hidden `v_{entry}`), when the cell is one entry.
    pub entry: Option<(i64, i64)>,
    pub label: String,
}

/// One item row of the sheet.
pub struct SheetRow {
    pub key: String,
    pub title: String,
    pub cells: Vec<Cell>,
    pub total: String,
}

/// A day column.
pub struct Day {
    pub date: String,
    pub label: String,
    pub total: String,
}

#[derive(Template)]
#[template(path = "pages/time.html")]
struct TimePage {
    chrome: Chrome,
    tabs: Vec<NavLink>,
    key: String,
    name: String,
    week_label: String,
    week: String,
    previous: String,
    next: String,
    days: Vec<Day>,
    rows: Vec<SheetRow>,
    week_total: String,
    can_log: bool,
    everyone: bool,
    /// The log-time form: empty on the day shown first, or as typed when refused.
    log: EntryForm,
    /// The week's entries the person may see.
    entries: Vec<EntryRow>,
    groupings: Vec<SelectOption>,
    group: String,
    report: Vec<ReportLine>,
    report_from: String,
    report_to: String,
    /// The refused form, if any, with its messages.
    typed: Typed,
}

/// One entry of the week's list.
pub struct EntryRow {
    pub id: i64,
    pub date: String,
    pub person: String,
    pub item: Option<ItemRef>,
    pub hours: String,
    pub billable: bool,
    pub note: String,
    /// `entry-{id}`: the name of its forms on the page.
    pub form_name: String,
    /// Its edit form (stored values, or as typed when refused); `None` when the person may
    /// not change it.
    pub form: Option<EntryForm>,
}

/// A report row in hours.
pub struct ReportLine {
    pub label: String,
    pub hours: String,
    pub billable: String,
    pub entries: i64,
}

impl From<ReportRow> for ReportLine {
    fn from(row: ReportRow) -> Self {
        ReportLine {
            label: row.label,
            hours: hours(row.minutes),
            billable: hours(row.billable_minutes),
            entries: row.entries,
        }
    }
}

/// The week and report grouping of the page.
#[derive(Debug, Default, Deserialize)]
pub struct TimeQuery {
    #[serde(default)]
    week: String,
    #[serde(default)]
    group: String,
    #[serde(default)]
    notice: Option<String>,
}

impl TimeQuery {
    /// The Monday of the chosen week, else of `today`'s.
    fn monday(&self, today: Date) -> Date {
        time::week_of(self.week.trim().parse().unwrap_or(today)).0
    }

    fn grouping(&self) -> Grouping {
        match self.group.as_str() {
            "item" => Grouping::Item,
            "week" => Grouping::Week,
            _ => Grouping::Person,
        }
    }
}

/// `GET /projects/{key}/time`.
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(key): Path<String>,
    Query(query): Query<TimeQuery>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let notice = query.notice.as_deref().and_then(Notice::parse);
    let chrome = Chrome::signed_in(&user, Section::Projects).with_notice(notice);
    render(&state, &user, chrome, &visible, &query, Typed::default()).await
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    visible: &VisibleProject,
    query: &TimeQuery,
    typed: Typed,
) -> Result<Response, WebError> {
    let project = &visible.project;
    let today = crate::clock::today(&state.store).await?;
    let monday = query.monday(today);
    let sunday = add_days(monday, 6);
    let dates: Vec<Date> = (0..7).map(|offset| add_days(monday, offset)).collect();
    let mine = state
        .store
        .list_time_entries(
            project.id,
            &TimeFilter {
                user_id: Some(user.user.id),
                from: Some(monday.to_string()),
                to: Some(sunday.to_string()),
                ..Default::default()
            },
        )
        .await?;
    let rows = sheet_rows(&mine, &dates);
    let days = dates
        .iter()
        .map(|date| Day {
            date: date.to_string(),
            label: date.strftime("%a %-d %b").to_string(),
            total: hours(
                mine.iter()
                    .filter(|e| e.date == date.to_string())
                    .map(|e| e.minutes)
                    .sum(),
            ),
        })
        .collect();
    let actor = user.actor();
    let report_from = add_days(monday, -7 * (REPORT_WEEKS - 1));
    let filter = time::scoped_filter(
        &actor,
        visible,
        user.user.id,
        TimeFilter {
            from: Some(report_from.to_string()),
            to: Some(sunday.to_string()),
            ..Default::default()
        },
    );
    let entries = state.store.list_time_entries(project.id, &filter).await?;
    // The week's entries are the last of the report's (same scope), not another query.
    let (first, last) = (monday.to_string(), sunday.to_string());
    let this_week = entries
        .iter()
        .filter(|e| (first.as_str()..=last.as_str()).contains(&e.date.as_str()))
        .map(|entry| {
            let form_name = entry_form(entry.id);
            let form = time::may_change(&actor, visible, user.user.id, entry).then(|| {
                typed
                    .restore(&form_name)
                    .unwrap_or_else(|| EntryForm::of(entry, &first))
            });
            EntryRow {
                id: entry.id,
                date: entry.date.clone(),
                person: entry.user.name.clone(),
                item: entry.item.clone(),
                hours: hours(entry.minutes),
                billable: entry.billable,
                note: entry.note.clone(),
                form_name,
                form,
            }
        })
        .collect();
    // A new entry goes on today, else on the Monday of the week shown.
    let log = typed.restore(LOG).unwrap_or_else(|| EntryForm {
        date: if (monday..=sunday).contains(&today) {
            today
        } else {
            monday
        }
        .to_string(),
        week: first.clone(),
        ..EntryForm::default()
    });
    let grouping = query.grouping();
    let group = match grouping {
        Grouping::Person => "person",
        Grouping::Item => "item",
        Grouping::Week => "week",
    };
    let page = TimePage {
        chrome,
        tabs: chrome::project_tabs(&project.key, "/time"),
        key: project.key.clone(),
        name: project.name.clone(),
        week_label: format!(
            "Week {} · {} – {}",
            time::iso_week(&monday.to_string()),
            monday.strftime("%-d %b"),
            sunday.strftime("%-d %b %Y")
        ),
        week: first,
        previous: add_days(monday, -7).to_string(),
        next: add_days(monday, 7).to_string(),
        days,
        rows,
        week_total: hours(mine.iter().map(|e| e.minutes).sum()),
        can_log: actor.may_on(&visible.access, ProjectAction::Contribute),
        everyone: time::sees_everyone(&actor, visible),
        log,
        entries: this_week,
        groupings: [("person", "Person"), ("item", "Item"), ("week", "Week")]
            .iter()
            .map(|(value, label)| SelectOption::new(*value, *label, group))
            .collect(),
        group: group.to_owned(),
        report: time::report(&entries, grouping)
            .into_iter()
            .map(ReportLine::from)
            .collect(),
        report_from: report_from.to_string(),
        report_to: last,
        typed,
    };
    Ok(page::render_with_status(page.typed.status(), &page))
}

/// The sheet: one row per item the person logged on this week (entries without an item share
/// a row), one cell per day.
fn sheet_rows(entries: &[TimeEntry], dates: &[Date]) -> Vec<SheetRow> {
    let mut by_item: BTreeMap<(String, i64), (String, Vec<&TimeEntry>)> = BTreeMap::new();
    for entry in entries {
        let (key, id, title) = match &entry.item {
            Some(item) => (item.key.clone(), item.id, item.title.clone()),
            None => (String::new(), 0, "No item".to_owned()),
        };
        by_item
            .entry((key, id))
            .or_insert_with(|| (title, Vec::new()))
            .1
            .push(entry);
    }
    by_item
        .into_iter()
        .map(|((key, item_id), (title, logged))| {
            let cells = dates
                .iter()
                .map(|date| {
                    let day = date.to_string();
                    let here: Vec<&&TimeEntry> = logged.iter().filter(|e| e.date == day).collect();
                    let minutes: i64 = here.iter().map(|e| e.minutes).sum();
                    let label =
                        format!("{} on {}", if key.is_empty() { &title } else { &key }, day);
                    match here.as_slice() {
                        [] => Cell {
                            name: format!("c_{item_id}_{day}"),
                            value: String::new(),
                            entry: None,
                            label,
                        },
                        [one] => Cell {
                            name: format!("e_{}", one.id),
                            value: hours(one.minutes),
                            entry: Some((one.id, one.version)),
                            label,
                        },
                        _ => Cell {
                            name: String::new(),
                            value: hours(minutes),
                            entry: None,
                            label,
                        },
                    }
                })
                .collect();
            SheetRow {
                key,
                title,
                cells,
                total: hours(logged.iter().map(|e| e.minutes).sum()),
            }
        })
        .collect()
}

/// The sheet as posted: cells by input name, plus the new row's item key and cells.
#[derive(Debug, Deserialize)]
pub struct SheetForm {
    #[serde(flatten)]
    fields: BTreeMap<String, String>,
}

/// One change the sheet asks for.
enum CellChange {
    Log {
        item_id: Option<i64>,
        date: String,
        minutes: i64,
    },
    Update {
        entry: TimeEntry,
        version: i64,
        minutes: i64,
    },
    Delete {
        entry: TimeEntry,
        version: i64,
    },
}

/// Minutes of a cell: empty or `0` is none; anything else a duration (`1.5`, `90m`, `1h30m`).
fn cell_minutes(label: &str, raw: &str) -> Result<i64, String> {
    let text = raw.trim();
    if text.is_empty() {
        return Ok(0);
    }
    parse_minutes("duration", text)
        .map_err(|_| format!("{label}: '{text}' is not a duration (e.g. 1.5, 1.5h, 90m, 1h30m)"))
}

/// `POST /projects/{key}/time/sheet`: applies every changed cell, or none when one is wrong.
pub async fn save_sheet(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<SheetForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let week = form.fields.get("week").cloned().unwrap_or_default();
    let query = TimeQuery {
        week: week.clone(),
        ..Default::default()
    };
    let changes = match read_sheet(&state, &user, &visible, &form).await? {
        Ok(changes) => changes,
        Err(problems) => {
            let chrome = Chrome::signed_in(&user, Section::Projects);
            let typed = Typed::refused(SHEET, &(), FormErrors::general(problems.join(" ")));
            return render(&state, &user, chrome, &visible, &query, typed).await;
        }
    };
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    for change in changes {
        let applied = match change {
            CellChange::Log {
                item_id,
                date,
                minutes,
            } => {
                let input = TimeInput {
                    item_id: Some(item_id),
                    date: Some(date),
                    minutes: Some(minutes),
                    ..Default::default()
                };
                time::log(&writer, visible.project.id, &input)
                    .await
                    .map(drop)
            }
            CellChange::Update {
                entry,
                version,
                minutes,
            } => {
                let input = TimeInput {
                    minutes: Some(minutes),
                    ..Default::default()
                };
                time::update(&writer, &entry, &input, version)
                    .await
                    .map(drop)
            }
            CellChange::Delete { entry, version } => time::delete(&writer, &entry, version).await,
        };
        if let Err(error) = applied {
            let typed = Typed::refused(SHEET, &(), FormErrors::from_api(error, &[])?);
            let chrome = Chrome::signed_in(&user, Section::Projects);
            return render(&state, &user, chrome, &visible, &query, typed).await;
        }
    }
    let path = format!("/projects/{key}/time?week={}", page::percent_encode(&week));
    Ok(Notice::TimesheetSaved.redirect(&path).into_response())
}

/// Reads the posted sheet into changes; every problem at once when something is wrong.
async fn read_sheet(
    state: &AppState,
    user: &CurrentUser,
    visible: &VisibleProject,
    form: &SheetForm,
) -> Result<Result<Vec<CellChange>, Vec<String>>, WebError> {
    let mut changes = Vec::new();
    let mut problems = Vec::new();
    let new_item = match form.fields.get("new_item").map(|k| k.trim()) {
        None | Some("") => None,
        Some(raw) => match item_of(state, visible, raw).await {
            Some(id) => Some(id),
            None => {
                problems.push(format!("New row: there is no item {raw} in this project."));
                None
            }
        },
    };
    for (name, value) in &form.fields {
        if let Some(id) = name
            .strip_prefix("e_")
            .and_then(|id| id.parse::<i64>().ok())
        {
            let Ok(entry) = state.store.time_entry_by_id(id).await else {
                problems.push("An entry of this sheet no longer exists; reload the page.".into());
                continue;
            };
            if entry.user.id != user.user.id || entry.project_id != visible.project.id {
                return Err(WebError::NotFound);
            }
            let version = form
                .fields
                .get(&format!("v_{id}"))
                .and_then(|v| v.parse().ok())
                .unwrap_or(entry.version);
            let label = format!(
                "{} on {}",
                entry.item.as_ref().map_or("No item", |i| i.key.as_str()),
                entry.date
            );
            match cell_minutes(&label, value) {
                Ok(0) => changes.push(CellChange::Delete { entry, version }),
                Ok(minutes) if minutes != entry.minutes => changes.push(CellChange::Update {
                    entry,
                    version,
                    minutes,
                }),
                Ok(_) => {}
                Err(problem) => problems.push(problem),
            }
        } else if let Some(rest) = name.strip_prefix("c_") {
            let Some((item, date)) = rest.split_once('_') else {
                continue;
            };
            let item_id = item.parse::<i64>().ok().filter(|id| *id > 0);
            push_new(&mut changes, &mut problems, item_id, date, value);
        } else if let Some(date) = name.strip_prefix("n_") {
            if value.trim().is_empty() {
                continue;
            }
            if new_item.is_none() && problems.is_empty() {
                problems.push("New row: say which item (its key, e.g. ACME-7).".into());
                continue;
            }
            push_new(&mut changes, &mut problems, new_item, date, value);
        }
    }
    Ok(if problems.is_empty() {
        Ok(changes)
    } else {
        Err(problems)
    })
}

fn push_new(
    changes: &mut Vec<CellChange>,
    problems: &mut Vec<String>,
    item_id: Option<i64>,
    date: &str,
    value: &str,
) {
    match cell_minutes(date, value) {
        Ok(0) => {}
        Ok(minutes) => changes.push(CellChange::Log {
            item_id,
            date: date.to_owned(),
            minutes,
        }),
        Err(problem) => problems.push(problem),
    }
}

/// What the log-time and edit-entry forms post; the delete form posts `version` and `week`.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct EntryForm {
    /// The item's key; empty for time on no item.
    #[serde(default)]
    item: String,
    /// `YYYY-MM-DD`; empty logs today and keeps an edited entry's day.
    #[serde(default)]
    date: String,
    /// `1.5h`, `90m`, `1h30m` or a bare number of hours, as the API and CLI read them.
    #[serde(default)]
    duration: String,
    #[serde(default)]
    note: String,
    /// The "Billable" checkbox: present when ticked.
    billable: Option<String>,
    /// The entry's version the form was loaded with (edit and delete).
    #[serde(default)]
    version: String,
    /// The Monday of the week the page showed, shown again when the form is refused.
    #[serde(default)]
    week: String,
}

impl EntryForm {
    /// The edit form of a stored entry, on the page of the week starting `week`.
    fn of(entry: &TimeEntry, week: &str) -> Self {
        Self {
            item: entry
                .item
                .as_ref()
                .map(|i| i.key.clone())
                .unwrap_or_default(),
            date: entry.date.clone(),
            duration: format_minutes(entry.minutes).replace(' ', ""),
            note: entry.note.clone(),
            billable: entry.billable.then(|| "true".to_owned()),
            version: entry.version.to_string(),
            week: week.to_owned(),
        }
    }

    /// The entry as the time service takes it: the item key resolved in the project, the
    /// duration as text for the service to read.
    async fn input(
        &self,
        state: &AppState,
        visible: &VisibleProject,
    ) -> Result<TimeInput, ApiError> {
        let item = self.item.trim();
        let item_id = match item {
            "" => None,
            key => Some(item_of(state, visible, key).await.ok_or_else(|| {
                ApiError::invalid_field("item", format!("there is no item {key} in this project"))
            })?),
        };
        let duration = self.duration.trim();
        if duration.is_empty() {
            return Err(ApiError::invalid_field(
                "duration",
                "say how long, e.g. 1.5h or 90m",
            ));
        }
        Ok(TimeInput {
            item_id: Some(item_id),
            date: Some(self.date.trim().to_owned()).filter(|date| !date.is_empty()),
            duration: Some(duration.to_owned()),
            billable: Some(self.billable.is_some()),
            note: Some(self.note.clone()),
            ..TimeInput::default()
        })
    }

    /// The version the form was loaded with.
    fn version(&self) -> Result<i64, ApiError> {
        self.version.trim().parse().map_err(|_| {
            ApiError::invalid_field("version", "this form is out of date; reload the page")
        })
    }

    /// The page of the week it was posted from, for showing it again.
    fn query(&self) -> TimeQuery {
        TimeQuery {
            week: self.week.clone(),
            ..TimeQuery::default()
        }
    }
}

/// After an entry form: the week of the entry's day, the entries in view; when refused, the
/// page again with the form as typed and its messages (a stale version shows the stored
/// entry again).
async fn finish(
    state: &AppState,
    user: &CurrentUser,
    visible: &VisibleProject,
    name: String,
    form: &EntryForm,
    result: Result<String, ApiError>,
) -> Result<Response, WebError> {
    match result {
        Ok(day) => {
            let path = format!("/projects/{}/time?week={day}#entries", visible.project.key);
            Ok(Notice::TimesheetSaved.redirect(&path).into_response())
        }
        Err(error) => {
            let typed = Typed::from_api(name, form, error, ENTRY_FIELDS, "time entry")?;
            let chrome = Chrome::signed_in(user, Section::Projects);
            render(state, user, chrome, visible, &form.query(), typed).await
        }
    }
}

/// Entry `id` of the project, if the signed-in person may change it: as for
/// `PATCH /api/v1/time-entries/{id}`, one they may not see is not found, and only its author
/// or a manager changes it.
async fn changeable(
    state: &AppState,
    user: &CurrentUser,
    visible: &VisibleProject,
    id: i64,
) -> Result<TimeEntry, WebError> {
    let entry = state
        .store
        .time_entry_by_id(id)
        .await
        .map_err(|_| WebError::NotFound)?;
    let actor = user.actor();
    if entry.project_id != visible.project.id
        || !time::may_see(&actor, visible, user.user.id, &entry)
    {
        return Err(WebError::NotFound);
    }
    if !time::may_change(&actor, visible, user.user.id, &entry) {
        return Err(WebError::Forbidden(
            "Only its author or a project manager may change this time entry.".to_owned(),
        ));
    }
    Ok(entry)
}

/// `POST /projects/{key}/time/entries`: logs time for the signed-in person.
pub async fn log_entry(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<EntryForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Contribute).await?;
    let logged = async {
        let input = form.input(&state, &visible).await?;
        let writer = Writer::new(&state, &meta, &user);
        Ok(time::log(&writer, visible.project.id, &input).await?.date)
    }
    .await;
    finish(&state, &user, &visible, LOG.to_owned(), &form, logged).await
}

/// `POST /projects/{key}/time/entries/{id}`: saves an entry at the version shown.
pub async fn update_entry(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<EntryForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let entry = changeable(&state, &user, &visible, id).await?;
    let saved = async {
        let input = form.input(&state, &visible).await?;
        let writer = Writer::new(&state, &meta, &user);
        Ok(time::update(&writer, &entry, &input, form.version()?)
            .await?
            .date)
    }
    .await;
    finish(&state, &user, &visible, entry_form(id), &form, saved).await
}

/// `POST /projects/{key}/time/entries/{id}/delete`: deletes an entry at the version shown.
pub async fn delete_entry(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<EntryForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let entry = changeable(&state, &user, &visible, id).await?;
    let deleted = async {
        let writer = Writer::new(&state, &meta, &user);
        time::delete(&writer, &entry, form.version()?).await?;
        Ok(entry.date.clone())
    }
    .await;
    finish(&state, &user, &visible, delete_form(id), &form, deleted).await
}

/// The id of item `raw` (a key) in the project.
async fn item_of(state: &AppState, visible: &VisibleProject, raw: &str) -> Option<i64> {
    let key = ItemKey::parse(raw).ok()?;
    if key.project.as_str() != visible.project.key {
        return None;
    }
    state
        .store
        .item_by_number(visible.project.id, key.number)
        .await
        .ok()
        .map(|item| item.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_read_short() {
        assert_eq!(hours(90), "1.5");
        assert_eq!(hours(480), "8");
        assert_eq!(hours(20), "0.33");
        assert_eq!(hours(0), "");
    }
}
