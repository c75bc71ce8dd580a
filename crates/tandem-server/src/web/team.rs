//! `/projects/{key}/team`: the people on a project with their discipline, capacity and rate
//! (rates hidden from client contacts), time off, the project calendar (work week and
//! holidays) and the workload grid. Forms post to the same service functions as the API.

use super::chrome::{self, Chrome, NavLink, Section};
use super::error::WebError;
use super::extract::{CsrfForm, SignedIn};
use super::form::{Field, FormErrors, SelectOption, loaded_version};
use super::format;
use super::notice::Notice;
use super::page;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::guard::{self, VisibleProject};
use crate::people::calendar::{self, CalendarBody, ExceptionBody, WEEKDAYS};
use crate::people::profiles::{self, ProfileChange};
use crate::people::time_off::{self, TimeOffInput};
use crate::people::workload;
use crate::people::{self, writer};
use crate::projects::PersonInput;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use tandem_core::access::ProjectAction;
use tandem_core::people::amounts::{self, hours_label};
use tandem_core::people::profile::Discipline;
use tandem_core::roles::{ProjectRole, UserRole};
use tandem_store::Project;

const PROFILE_FIELDS: &[Field] = &[
    ("discipline", "Discipline"),
    ("weekly_capacity_hours", "Capacity (hours a week)"),
    ("hourly_rate", "Hourly rate"),
];
/// The time-off form's fields; its edit page (`time_off_edit`) shows the dates and note.
pub(super) const TIME_OFF_FIELDS: &[Field] = &[
    ("user", "Person"),
    ("from", "First day"),
    ("to", "Last day"),
    ("note", "Note"),
];
const WEEK_FIELDS: &[Field] = &[
    ("work_week_monday", "Monday"),
    ("work_week_tuesday", "Tuesday"),
    ("work_week_wednesday", "Wednesday"),
    ("work_week_thursday", "Thursday"),
    ("work_week_friday", "Friday"),
    ("work_week_saturday", "Saturday"),
    ("work_week_sunday", "Sunday"),
    ("work_week", "Work week"),
];
const HOLIDAY_FIELDS: &[Field] = &[
    ("exceptions_name", "Name"),
    ("exceptions_from", "First day"),
    ("exceptions_to", "Last day"),
];

/// A member's row: their profile as text, and the values of its edit form.
pub struct TeamRow {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    pub roles: String,
    pub discipline: &'static str,
    pub capacity: String,
    /// `None` when the visitor may not see rates.
    pub rate: Option<String>,
    pub disciplines: Vec<SelectOption>,
    pub capacity_value: String,
    pub rate_value: String,
    pub version: i64,
}

/// An absence as listed.
pub struct TimeOffRow {
    pub id: i64,
    pub name: String,
    pub dates: String,
    pub note: String,
    pub everywhere: bool,
    pub version: i64,
    /// The visitor may edit or remove it (their own, or anyone's for a manager).
    pub can_change: bool,
}

/// A weekday's hours in the calendar form.
pub struct WeekdayRow {
    pub field: &'static str,
    pub label: &'static str,
    pub value: String,
}

/// A holiday as listed.
pub struct HolidayRow {
    pub index: usize,
    pub name: String,
    pub dates: String,
    pub hours: String,
}

/// One cell of the workload grid.
pub struct LoadCell {
    pub text: String,
    pub over: bool,
    pub level: &'static str,
}

/// One person's row of the workload grid.
pub struct LoadRow {
    pub name: String,
    pub cells: Vec<LoadCell>,
    /// Remaining work past its due date (already inside this week's figure).
    pub late: String,
    /// Remaining work with a due date, spread up to it.
    pub dated: String,
    /// Remaining work without a due date, placed by the levelled plan.
    pub levelled: String,
    /// The last day their placed work lands on ("booked until").
    pub busy_until: String,
    /// Work without a due date the plan could not place.
    pub unscheduled: String,
}

/// The workload grid of the Team page.
pub struct LoadGrid {
    /// Week labels.
    pub weeks: Vec<String>,
    pub rows: Vec<LoadRow>,
    /// Why undated work is unscheduled: the plan could not be levelled.
    pub levelling_failure: Option<String>,
}

/// A refused form: which section shows the messages.
struct Refused {
    section: &'static str,
    errors: FormErrors,
}

#[derive(Template)]
#[template(path = "pages/project_team.html")]
struct TeamPage {
    chrome: Chrome,
    tabs: Vec<NavLink>,
    key: String,
    name: String,
    internal: bool,
    can_manage: bool,
    can_edit_calendar: bool,
    members: Vec<TeamRow>,
    time_off: Vec<TimeOffRow>,
    time_off_people: Vec<SelectOption>,
    weekdays: Vec<WeekdayRow>,
    week_hours: String,
    holidays: Vec<HolidayRow>,
    calendar_version: i64,
    load: LoadGrid,
    refused_section: &'static str,
    errors: FormErrors,
}

/// Which weeks the workload grid shows.
#[derive(Debug, Default, Deserialize)]
pub struct TeamQuery {
    #[serde(default)]
    notice: Option<String>,
    #[serde(default)]
    from: Option<String>,
}

/// `GET /projects/{key}/team`.
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(key): Path<String>,
    Query(query): Query<TeamQuery>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::View).await?;
    let notice = query.notice.as_deref().and_then(Notice::parse);
    let chrome = Chrome::signed_in(&user, Section::Projects).with_notice(notice);
    render(&state, &user, chrome, visible, query.from.as_deref(), None).await
}

async fn render(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    visible: VisibleProject,
    from: Option<&str>,
    refused: Option<Refused>,
) -> Result<Response, WebError> {
    let actor = user.actor();
    let may = |action| actor.may_on(&visible.access, action);
    let (internal, can_manage, can_edit_calendar) = (
        may(ProjectAction::ViewInternal),
        may(ProjectAction::ManageMembers),
        may(ProjectAction::Edit),
    );
    let project = &visible.project;
    let currency = people::currency(project);
    let members = state.store.list_members(project.id).await?;
    let profiles: HashMap<i64, _> = state
        .store
        .member_profiles(project.id)
        .await?
        .into_iter()
        .map(|profile| (profile.user_id, profile))
        .collect();
    let mut rows: Vec<TeamRow> = Vec::new();
    let mut staff: Vec<(i64, String)> = Vec::new();
    for member in &members {
        if let Some(row) = rows.iter_mut().find(|row| row.user_id == member.user_id) {
            row.roles = format!("{}, {}", row.roles, member.role.label());
            continue;
        }
        let is_staff = member.user_role != UserRole::Client
            && !matches!(member.role, ProjectRole::Client | ProjectRole::Viewer);
        if is_staff {
            staff.push((member.user_id, member.name.clone()));
        }
        let profile = profiles.get(&member.user_id);
        let discipline = profile.and_then(|p| p.discipline);
        let capacity = profile.and_then(|p| p.weekly_capacity_minutes);
        let rate = profile.and_then(|p| p.hourly_rate_minor);
        let selected = discipline.map_or("", Discipline::as_str);
        rows.push(TeamRow {
            user_id: member.user_id,
            name: member.name.clone(),
            email: member.email.clone(),
            roles: member.role.label().to_owned(),
            discipline: discipline.map_or("Not set", Discipline::label),
            capacity: capacity.map_or_else(
                || "Full time".to_owned(),
                |m| format!("{} / week", hours_label(m)),
            ),
            rate: internal.then(|| {
                rate.map_or_else(
                    || "Not set".to_owned(),
                    |minor| format!("{} / h", format::money(amounts::major(minor), &currency)),
                )
            }),
            disciplines: Discipline::ALL
                .iter()
                .map(|d| SelectOption::new(d.as_str(), d.label(), selected))
                .collect(),
            capacity_value: capacity.map(format_hours).unwrap_or_default(),
            rate_value: rate
                .map(|minor| format!("{:.2}", amounts::major(minor)))
                .unwrap_or_default(),
            version: profile.map_or(0, |p| p.version),
        });
    }
    let (time_off, time_off_people) = if internal {
        let entries = state.store.list_time_off(project.id, None, None).await?;
        let rows = entries
            .into_iter()
            .map(|entry| TimeOffRow {
                can_change: time_off::may_manage(&actor, &visible, entry.user.id).is_ok(),
                id: entry.id,
                name: entry.user.name,
                dates: date_range(&entry.from_date, &entry.to_date),
                note: entry.note,
                everywhere: entry.project_id.is_none(),
                version: entry.version,
            })
            .collect();
        let people = staff
            .iter()
            .filter(|(id, _)| can_manage || *id == actor.user_id)
            .map(|(id, name)| {
                SelectOption::new(id.to_string(), name.clone(), &actor.user_id.to_string())
            })
            .collect();
        (rows, people)
    } else {
        (Vec::new(), Vec::new())
    };
    let calendar = calendar::load(&state.store, project.id).await?;
    let weekdays = WEEKDAYS
        .iter()
        .zip(WEEK_FIELDS)
        .map(|((weekday, _), (field, label))| WeekdayRow {
            field,
            label,
            value: calendar::day_text(calendar.body.work_week.day(*weekday)),
        })
        .collect();
    let holidays = calendar
        .body
        .exceptions
        .iter()
        .enumerate()
        .map(|(index, day)| HolidayRow {
            index,
            name: day.name.clone(),
            dates: date_range(&day.from, day.to.as_deref().unwrap_or(&day.from)),
            hours: if day.hours.is_empty() {
                "Non-working".to_owned()
            } else {
                calendar::day_text(&day.hours)
            },
        })
        .collect();
    let load = if internal {
        workload_grid(state, project.clone(), from).await?
    } else {
        LoadGrid {
            weeks: Vec::new(),
            rows: Vec::new(),
            levelling_failure: None,
        }
    };
    let (status, refused_section, errors) = match refused {
        Some(refused) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            refused.section,
            refused.errors,
        ),
        None => (StatusCode::OK, "", FormErrors::default()),
    };
    let page = TeamPage {
        chrome,
        tabs: chrome::project_tabs(&project.key, "/team"),
        key: project.key.clone(),
        name: project.name.clone(),
        internal,
        can_manage,
        can_edit_calendar,
        members: rows,
        time_off,
        time_off_people,
        weekdays,
        week_hours: hours_label(calendar.body.week_minutes),
        holidays,
        calendar_version: calendar.version,
        load,
        refused_section,
        errors,
    };
    Ok(page::render_with_status(status, &page))
}

/// The workload grid: week labels and one row per person.
async fn workload_grid(
    state: &AppState,
    project: Project,
    from: Option<&str>,
) -> Result<LoadGrid, WebError> {
    let today = crate::clock::today(&state.store).await?;
    let from = from.and_then(|text| text.parse().ok()).unwrap_or(today);
    let view = workload::of_project(state, project, from, 6, today).await?;
    let weeks = view
        .weeks
        .iter()
        .map(|monday| format!("Week of {}", format::date(Some(monday))))
        .collect();
    let rows = view
        .people
        .into_iter()
        .map(|person| LoadRow {
            name: person.name,
            cells: person
                .weeks
                .iter()
                .map(|week| LoadCell {
                    text: format!(
                        "{} of {}",
                        hours_label(week.allocated_minutes),
                        hours_label(week.capacity_minutes)
                    ),
                    over: week.over_allocated,
                    level: load_level(week.allocated_minutes, week.capacity_minutes),
                })
                .collect(),
            late: hours_label(person.overdue_minutes),
            dated: hours_label(person.dated_minutes),
            levelled: hours_label(person.levelled_minutes),
            busy_until: person
                .busy_until
                .as_deref()
                .map_or_else(|| "—".to_owned(), |day| format::date(Some(day))),
            unscheduled: hours_label(person.unscheduled_minutes),
        })
        .collect();
    Ok(LoadGrid {
        weeks,
        rows,
        levelling_failure: view.levelling_failure,
    })
}

/// A colour band for a cell: `over`, `full` (80–100 %), `busy` (40–80 %), `light`.
fn load_level(allocated: i64, capacity: i64) -> &'static str {
    if allocated > capacity {
        "over"
    } else if allocated * 5 >= capacity * 4 && allocated > 0 {
        "full"
    } else if allocated * 5 >= capacity * 2 && allocated > 0 {
        "busy"
    } else {
        "light"
    }
}

/// Minutes as a decimal hour count for an input: `32`, `37.5`.
fn format_hours(minutes: i64) -> String {
    let hours = minutes as f64 / 60.0;
    if minutes % 60 == 0 {
        format!("{}", minutes / 60)
    } else {
        format!("{hours:.2}")
    }
}

/// "3 Apr 2026" or "3 Apr 2026 – 10 Apr 2026".
fn date_range(from: &str, to: &str) -> String {
    if from == to {
        format::date(Some(from))
    } else {
        format!("{} – {}", format::date(Some(from)), format::date(Some(to)))
    }
}

/// Shows the team page again with a refused form, or the page error.
async fn refuse(
    state: &AppState,
    user: &CurrentUser,
    key: &str,
    section: &'static str,
    error: Result<FormErrors, WebError>,
) -> Result<Response, WebError> {
    let errors = error?;
    let visible = guard::project(state, user, key, ProjectAction::View).await?;
    let chrome = Chrome::signed_in(user, Section::Projects);
    render(
        state,
        user,
        chrome,
        visible,
        None,
        Some(Refused { section, errors }),
    )
    .await
}

fn back(key: &str, notice: Notice) -> Response {
    notice
        .redirect(&format!("/projects/{key}/team"))
        .into_response()
}

/// What a member's profile form posts.
#[derive(Debug, Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    discipline: String,
    #[serde(default)]
    weekly_capacity_hours: String,
    #[serde(default)]
    hourly_rate: String,
    #[serde(default)]
    version: String,
}

/// Empty means "not set"; otherwise a number for `field`.
fn optional_number(field: &'static str, raw: &str) -> Result<Option<f64>, FormErrors> {
    let text = raw.trim().trim_end_matches('h').trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.replace(',', "")
        .parse::<f64>()
        .map(Some)
        .map_err(|_| FormErrors::field(PROFILE_FIELDS, field, "must be a number"))
}

/// `POST /projects/{key}/team/members/{user_id}`: saves discipline, capacity and rate.
pub async fn save_profile(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, user_id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<ProfileForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::ManageMembers).await?;
    let change = (|| {
        let discipline = Some(Some(form.discipline.clone()).filter(|d| !d.trim().is_empty()));
        Ok::<_, FormErrors>(ProfileChange {
            discipline,
            weekly_capacity_hours: Some(optional_number(
                "weekly_capacity_hours",
                &form.weekly_capacity_hours,
            )?),
            hourly_rate: Some(optional_number("hourly_rate", &form.hourly_rate)?),
            version: Some(loaded_version(&form.version)?),
        })
    })();
    let change = match change {
        Ok(change) => change,
        Err(errors) => return refuse(&state, &user, &key, "members", Ok(errors)).await,
    };
    let expected = change.version.unwrap_or(0);
    let writer = writer(&state, &meta, &user);
    match profiles::update(&writer, &visible.project, user_id, &change, expected).await {
        Ok(_) => Ok(back(&key, Notice::ProfileSaved)),
        Err(error) => {
            refuse(
                &state,
                &user,
                &key,
                "members",
                FormErrors::from_api(error, PROFILE_FIELDS),
            )
            .await
        }
    }
}

/// What the time-off forms post: the team page's to record an absence, and an absence's
/// edit page (`time_off_edit`), which posts the dates and note with the version it was loaded
/// with.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct TimeOffForm {
    #[serde(default)]
    pub(super) user: String,
    #[serde(default)]
    pub(super) from: String,
    /// Empty for a single day.
    #[serde(default)]
    pub(super) to: String,
    #[serde(default)]
    pub(super) note: String,
    #[serde(default)]
    pub(super) everywhere: Option<String>,
    /// The edit page's version; the add form has none.
    #[serde(default)]
    pub(super) version: String,
}

/// `POST /projects/{key}/team/time-off`: records an absence.
pub async fn add_time_off(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<TimeOffForm>,
) -> Result<Response, WebError> {
    let visible =
        people::internal_project(&state, &user, &key, ProjectAction::View, "time off").await?;
    let person = form.user.trim().parse::<i64>().ok().map(PersonInput::Id);
    let input = TimeOffInput {
        user: person,
        from: form.from.clone(),
        to: Some(form.to.clone()),
        note: form.note.clone(),
        everywhere: form.everywhere.is_some(),
    };
    let writer = writer(&state, &meta, &user);
    match time_off::create(&writer, &user.actor(), &visible, &input).await {
        Ok(_) => Ok(back(&key, Notice::TimeOffAdded)),
        Err(error) => {
            refuse(
                &state,
                &user,
                &key,
                "time-off",
                FormErrors::from_api(error, TIME_OFF_FIELDS),
            )
            .await
        }
    }
}

/// A form whose only value is the version it was loaded with.
#[derive(Debug, Deserialize)]
pub struct VersionForm {
    #[serde(default)]
    version: String,
}

/// `POST /projects/{key}/team/time-off/{id}/delete`.
pub async fn delete_time_off(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, id)): Path<(String, i64)>,
    CsrfForm { user, form }: CsrfForm<VersionForm>,
) -> Result<Response, WebError> {
    let visible =
        people::internal_project(&state, &user, &key, ProjectAction::View, "time off").await?;
    let version = match loaded_version(&form.version) {
        Ok(version) => version,
        Err(errors) => return refuse(&state, &user, &key, "time-off", Ok(errors)).await,
    };
    let writer = writer(&state, &meta, &user);
    match time_off::delete(&writer, &user.actor(), &visible, id, version).await {
        Ok(()) => Ok(back(&key, Notice::TimeOffRemoved)),
        Err(error) => {
            refuse(
                &state,
                &user,
                &key,
                "time-off",
                FormErrors::from_api(error, TIME_OFF_FIELDS),
            )
            .await
        }
    }
}

/// What the work-week form posts: one line of hours per weekday.
#[derive(Debug, Deserialize)]
pub struct WeekForm {
    #[serde(default)]
    work_week_monday: String,
    #[serde(default)]
    work_week_tuesday: String,
    #[serde(default)]
    work_week_wednesday: String,
    #[serde(default)]
    work_week_thursday: String,
    #[serde(default)]
    work_week_friday: String,
    #[serde(default)]
    work_week_saturday: String,
    #[serde(default)]
    work_week_sunday: String,
    #[serde(default)]
    version: String,
}

impl WeekForm {
    fn lines(&self) -> [&str; 7] {
        [
            &self.work_week_monday,
            &self.work_week_tuesday,
            &self.work_week_wednesday,
            &self.work_week_thursday,
            &self.work_week_friday,
            &self.work_week_saturday,
            &self.work_week_sunday,
        ]
    }
}

/// Saves a changed copy of the calendar at the version the form was loaded with.
async fn save_calendar(
    state: &AppState,
    meta: &RequestMeta,
    user: &CurrentUser,
    visible: &VisibleProject,
    version: &str,
    fields: &[Field],
    change: impl FnOnce(&mut CalendarBody) -> Result<(), FormErrors>,
) -> Result<(), Result<FormErrors, WebError>> {
    let version = loaded_version(version).map_err(Ok)?;
    let mut body = calendar::load(&state.store, visible.project.id)
        .await
        .map_err(|error| Err(error.into()))?
        .body;
    change(&mut body).map_err(Ok)?;
    calendar::save(&writer(state, meta, user), &visible.project, &body, version)
        .await
        .map(drop)
        .map_err(|error| FormErrors::from_api(error, fields))
}

/// `POST /projects/{key}/team/calendar/week`: saves the working hours of each weekday.
pub async fn save_week(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<WeekForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Edit).await?;
    let saved = save_calendar(
        &state,
        &meta,
        &user,
        &visible,
        &form.version,
        WEEK_FIELDS,
        |body| {
            for ((weekday, field), line) in WEEKDAYS.iter().zip(form.lines()) {
                let hours = calendar::parse_day_text(field, line)
                    .map_err(|error| FormErrors::field(WEEK_FIELDS, error.field, error.message))?;
                body.work_week.set_day(*weekday, hours);
            }
            Ok(())
        },
    )
    .await;
    match saved {
        Ok(()) => Ok(back(&key, Notice::CalendarSaved)),
        Err(errors) => refuse(&state, &user, &key, "calendar", errors).await,
    }
}

/// What the holiday form posts.
#[derive(Debug, Deserialize)]
pub struct HolidayForm {
    #[serde(default)]
    exceptions_name: String,
    #[serde(default)]
    exceptions_from: String,
    #[serde(default)]
    exceptions_to: String,
    #[serde(default)]
    version: String,
}

/// `POST /projects/{key}/team/calendar/holidays`: adds a non-working day or range.
pub async fn add_holiday(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<HolidayForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Edit).await?;
    let saved = save_calendar(
        &state,
        &meta,
        &user,
        &visible,
        &form.version,
        HOLIDAY_FIELDS,
        |body| {
            body.exceptions.push(ExceptionBody {
                name: form.exceptions_name.clone(),
                from: form.exceptions_from.clone(),
                to: Some(form.exceptions_to.clone()),
                hours: Vec::new(),
            });
            Ok(())
        },
    )
    .await;
    match saved {
        Ok(()) => Ok(back(&key, Notice::HolidayAdded)),
        Err(errors) => refuse(&state, &user, &key, "holidays", errors).await,
    }
}

/// `POST /projects/{key}/team/calendar/holidays/{index}/remove`.
pub async fn remove_holiday(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path((key, index)): Path<(String, usize)>,
    CsrfForm { user, form }: CsrfForm<VersionForm>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Edit).await?;
    let saved = save_calendar(
        &state,
        &meta,
        &user,
        &visible,
        &form.version,
        HOLIDAY_FIELDS,
        |body| {
            if index >= body.exceptions.len() {
                return Err(FormErrors::general(
                    "That holiday is no longer in the calendar. Reload the page.",
                ));
            }
            body.exceptions.remove(index);
            Ok(())
        },
    )
    .await;
    match saved {
        Ok(()) => Ok(back(&key, Notice::HolidayRemoved)),
        Err(errors) => refuse(&state, &user, &key, "holidays", errors).await,
    }
}
