//! `/projects/{key}/go-no-go-template`: the project's go/no-go checklist template — the
//! lines a release's checklist starts from. One row per line (area, criterion, position,
//! remove) plus empty rows to add lines; saved whole through the same service function as
//! `PUT /api/v1/projects/{key}/go-no-go-template`, at the version the page was loaded with
//! (0 while Tandem's default applies). A stale save keeps every row as typed.

use super::{Frame, loaded_version};
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::direction::releases::{self, CriterionBody};
use crate::guard::{self, VisibleProject};
use crate::state::AppState;
use crate::web::chrome::Chrome;
use crate::web::error::WebError;
use crate::web::extract::{CsrfForm, SignedIn};
use crate::web::form::{FormErrors, Typed};
use crate::web::notice::{Notice, NoticeQuery};
use crate::web::page;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::collections::{BTreeSet, HashMap};
use tandem_core::access::ProjectAction;

/// The template form's name on the page.
const TEMPLATE: &str = "template";

/// Empty rows offered for new lines.
const BLANK_ROWS: usize = 2;

const STALE: &str = "Someone else saved the template meanwhile. Your rows are still in the \
                     form; the template as stored now is listed beside it. Check and save again.";

/// One row of the form, as stored or as typed.
pub struct Row {
    pub index: usize,
    pub area: String,
    pub text: String,
    /// The position as typed (1-based).
    pub position: String,
    pub remove: bool,
}

#[derive(Template)]
#[template(path = "pages/direction_go_no_go_template.html")]
struct TemplatePage {
    chrome: Chrome,
    frame: Frame,
    rows: Vec<Row>,
    version: String,
    /// The visitor may change the template (project and product managers).
    may_change: bool,
    /// Tandem's default applies (never saved for this project).
    is_default: bool,
    /// The stored lines, shown beside a form refused as stale.
    stored_now: Vec<CriterionBody>,
}

fn value<'a>(form: &'a HashMap<String, String>, name: &str) -> &'a str {
    form.get(name).map_or("", String::as_str)
}

/// The row indices present in a posted form (`area_<i>` / `text_<i>`).
fn indices(form: &HashMap<String, String>) -> BTreeSet<usize> {
    form.keys()
        .filter_map(|name| {
            name.strip_prefix("area_")
                .or_else(|| name.strip_prefix("text_"))?
                .parse()
                .ok()
        })
        .collect()
}

/// The rows as typed.
fn typed_rows(form: &HashMap<String, String>) -> Vec<Row> {
    indices(form)
        .into_iter()
        .map(|index| Row {
            index,
            area: value(form, &format!("area_{index}")).to_owned(),
            text: value(form, &format!("text_{index}")).to_owned(),
            position: value(form, &format!("position_{index}")).to_owned(),
            remove: form.contains_key(&format!("remove_{index}")),
        })
        .collect()
}

/// Reads the typed rows into the template's lines, in the order of their positions (rows
/// without one keep their place); removed and empty rows drop out.
fn lines(form: &HashMap<String, String>) -> Result<Vec<CriterionBody>, FormErrors> {
    let mut kept = Vec::new();
    for (shown, row) in typed_rows(form).into_iter().enumerate() {
        let (area, text) = (row.area.trim(), row.text.trim());
        if row.remove || (area.is_empty() && text.is_empty()) {
            continue;
        }
        let number = shown + 1;
        if area.is_empty() || text.is_empty() {
            return Err(FormErrors::general(format!(
                "Row {number}: give both an area and a criterion (or empty the row to leave it out)."
            )));
        }
        let position = match row.position.trim() {
            "" => number as f64,
            raw => raw
                .replace(',', ".")
                .parse::<f64>()
                .ok()
                .filter(|p| p.is_finite())
                .ok_or_else(|| {
                    FormErrors::general(format!(
                        "Row {number}: the position must be a number, e.g. 2 (or 2.5 to go between 2 and 3)."
                    ))
                })?,
        };
        kept.push((
            position,
            number,
            CriterionBody {
                area: area.to_owned(),
                text: text.to_owned(),
                met: false,
                evidence: String::new(),
                owner_id: None,
            },
        ));
    }
    kept.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    Ok(kept.into_iter().map(|(_, _, line)| line).collect())
}

/// `GET /projects/{key}/go-no-go-template`.
pub async fn page(
    State(state): State<AppState>,
    SignedIn(user): SignedIn,
    Path(key): Path<String>,
    Query(notice): Query<NoticeQuery>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::ViewInternal).await?;
    let frame = Frame::shown(&user, &visible, "/releases", notice.notice());
    render(&state, &user, &visible, frame, None, false).await
}

/// Renders the page; `typed` holds the rows and version as posted when the form was refused.
async fn render(
    state: &AppState,
    user: &CurrentUser,
    visible: &VisibleProject,
    frame: Frame,
    typed: Option<&HashMap<String, String>>,
    stale: bool,
) -> Result<Response, WebError> {
    let stored = state.store.go_no_go_template(visible.project.id).await?;
    let (rows, version) = match typed {
        Some(form) => (typed_rows(form), value(form, "version").to_owned()),
        None => {
            let mut rows: Vec<Row> = stored
                .criteria
                .iter()
                .enumerate()
                .map(|(index, line)| Row {
                    index,
                    area: line.area.clone(),
                    text: line.text.clone(),
                    position: (index + 1).to_string(),
                    remove: false,
                })
                .collect();
            let next = rows.len();
            rows.extend((next..next + BLANK_ROWS).map(|index| Row {
                index,
                area: String::new(),
                text: String::new(),
                position: String::new(),
                remove: false,
            }));
            (rows, stored.version.to_string())
        }
    };
    let page = TemplatePage {
        chrome: frame.chrome.clone(),
        may_change: user.actor().may_on(&visible.access, ProjectAction::Edit),
        is_default: stored.version == 0,
        stored_now: if stale {
            releases::template_view(stored.criteria)
        } else {
            Vec::new()
        },
        rows,
        version,
        frame,
    };
    Ok(page::render_with_status(page.frame.status(), &page))
}

/// `POST /projects/{key}/go-no-go-template` (project and product managers): replaces the
/// template with the rows as posted.
pub async fn save(
    State(state): State<AppState>,
    meta: RequestMeta,
    Path(key): Path<String>,
    CsrfForm { user, form }: CsrfForm<HashMap<String, String>>,
) -> Result<Response, WebError> {
    let visible = guard::project(&state, &user, &key, ProjectAction::Edit).await?;
    let refuse = |errors: FormErrors| {
        let typed = Typed::refused(TEMPLATE, &form, errors);
        Frame::new(&user, &visible, "/releases", typed)
    };
    let read = || -> Result<_, FormErrors> {
        Ok((loaded_version(value(&form, "version"))?, lines(&form)?))
    };
    let (version, criteria) = match read() {
        Ok(read) => read,
        Err(errors) => {
            let frame = refuse(errors);
            return render(&state, &user, &visible, frame, Some(&form), false).await;
        }
    };
    let writer = Writer::new(&state, &meta, &user);
    match releases::save_template(&writer, &visible, &criteria, version).await {
        Ok(_) => Ok(Notice::GoNoGoTemplateSaved
            .redirect(&format!("/projects/{key}/go-no-go-template"))
            .into_response()),
        Err(error) if error.status == StatusCode::PRECONDITION_FAILED => {
            let stored = state.store.go_no_go_template(visible.project.id).await?;
            let mut form = form.clone();
            form.insert("version".to_owned(), stored.version.to_string());
            let typed = Typed::refused(TEMPLATE, &form, FormErrors::general(STALE));
            let frame = Frame::new(&user, &visible, "/releases", typed);
            render(&state, &user, &visible, frame, Some(&form), true).await
        }
        Err(error) => {
            let typed = Typed::from_api(TEMPLATE, &form, error, &[], "template")?;
            let frame = Frame::new(&user, &visible, "/releases", typed);
            render(&state, &user, &visible, frame, Some(&form), false).await
        }
    }
}
