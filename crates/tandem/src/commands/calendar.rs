//! `tandem calendar KEY`: a project's working calendar — the hours of each weekday and the
//! holidays and altered days — and the edits `PUT /api/v1/projects/{key}/calendar` allows:
//! `set-week` (the hours of some weekdays), `add-holiday` and `remove-holiday`. Each edit
//! reads the calendar, changes that part and saves it whole at the version just read through
//! the API's service, so validation and the audit entry are the API's.

use super::acting::ActingArgs;
use crate::commands::{api_error, project_key, refuse};
use tandem_core::access::ProjectAction;
use tandem_core::people::amounts::hours_label;
use tandem_server::acting::Acting;
use tandem_server::guard;
use tandem_server::people::calendar::{self, CalendarBody, ExceptionBody, WEEKDAYS};

/// Arguments of `tandem calendar`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct CalendarArgs {
    #[command(subcommand)]
    command: Option<CalendarCommand>,
    /// The project key, e.g. NWSHOP: show its calendar.
    key: Option<String>,
    /// Print the API's JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    acting: ActingArgs,
}

/// Edits of a project calendar (project and product managers).
#[derive(Debug, clap::Subcommand)]
enum CalendarCommand {
    /// Set the working hours of weekdays: each as "08:00-12:00, 13:00-17:00", or "off".
    SetWeek {
        /// Project key.
        key: String,
        #[arg(long, value_name = "HOURS")]
        monday: Option<String>,
        #[arg(long, value_name = "HOURS")]
        tuesday: Option<String>,
        #[arg(long, value_name = "HOURS")]
        wednesday: Option<String>,
        #[arg(long, value_name = "HOURS")]
        thursday: Option<String>,
        #[arg(long, value_name = "HOURS")]
        friday: Option<String>,
        #[arg(long, value_name = "HOURS")]
        saturday: Option<String>,
        #[arg(long, value_name = "HOURS")]
        sunday: Option<String>,
    },
    /// Add a holiday (non-working), or an altered day with --hours.
    AddHoliday {
        /// Project key.
        key: String,
        /// A label such as "Christmas".
        name: String,
        /// First date, YYYY-MM-DD.
        #[arg(long)]
        from: String,
        /// Last date (inclusive; default: the first).
        #[arg(long)]
        to: Option<String>,
        /// Working hours on those dates, e.g. "09:00-12:00" (default: none, a holiday).
        #[arg(long)]
        hours: Option<String>,
    },
    /// Remove a holiday or altered day, named by its label or its first date.
    RemoveHoliday {
        /// Project key.
        key: String,
        /// The label (e.g. "Christmas") or the first date (YYYY-MM-DD).
        which: String,
    },
}

/// Runs `tandem calendar …`.
pub async fn run(args: CalendarArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let result = match args.command {
        None => match project_key(args.key, "calendar") {
            Ok(key) => show(&acting, &key, args.json).await,
            Err(refusal) => Err(refusal),
        },
        Some(command) => edit(&acting, command).await,
    };
    acting.state.store.close().await;
    result
}

async fn show(acting: &Acting, key: &str, json: bool) -> anyhow::Result<()> {
    let visible = guard::project(&acting.state, &acting.user, key, ProjectAction::View)
        .await
        .map_err(api_error)?;
    let loaded = calendar::load(&acting.state.store, visible.project.id)
        .await
        .map_err(api_error)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&loaded.body)?);
    } else {
        print!("{}", table(key, &loaded.body, loaded.version));
    }
    Ok(())
}

/// The week one day a line, its total, then the exceptions.
fn table(key: &str, body: &CalendarBody, version: i64) -> String {
    let mut out = format!("{key} calendar (version {version})\n");
    for (weekday, field) in WEEKDAYS {
        let day = field.trim_start_matches("work_week.");
        let hours = calendar::day_text(body.work_week.day(weekday));
        let hours = if hours.is_empty() {
            "off".to_owned()
        } else {
            hours
        };
        out.push_str(&format!("{day:<10} {hours}\n"));
    }
    out.push_str(&format!("{} a week\n", hours_label(body.week_minutes)));
    if body.exceptions.is_empty() {
        out.push_str("No holidays or altered days\n");
    } else {
        out.push_str("Holidays and altered days:\n");
        for exception in &body.exceptions {
            let to = exception.to.as_deref().unwrap_or(&exception.from);
            let dates = if to == exception.from {
                exception.from.clone()
            } else {
                format!("{} to {to}", exception.from)
            };
            let hours = calendar::day_text(&exception.hours);
            let hours = if hours.is_empty() {
                "non-working".to_owned()
            } else {
                hours
            };
            out.push_str(&format!("  {dates:<24} {:<24} {hours}\n", exception.name));
        }
    }
    out
}

/// Hours typed on the command line: `off` (or nothing) for none, else [`calendar::day_text`].
fn hours(field: &'static str, text: &str) -> anyhow::Result<Vec<calendar::HoursRange>> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("off") || text.eq_ignore_ascii_case("none") {
        return Ok(Vec::new());
    }
    calendar::parse_day_text(field, text).map_err(|e| api_error(e.into()))
}

async fn edit(acting: &Acting, command: CalendarCommand) -> anyhow::Result<()> {
    let key = match &command {
        CalendarCommand::SetWeek { key, .. }
        | CalendarCommand::AddHoliday { key, .. }
        | CalendarCommand::RemoveHoliday { key, .. } => key.clone(),
    };
    let visible = guard::project(&acting.state, &acting.user, &key, ProjectAction::Edit)
        .await
        .map_err(api_error)?;
    let loaded = calendar::load(&acting.state.store, visible.project.id)
        .await
        .map_err(api_error)?;
    let mut body = loaded.body;
    let done = match command {
        CalendarCommand::SetWeek {
            monday,
            tuesday,
            wednesday,
            thursday,
            friday,
            saturday,
            sunday,
            ..
        } => {
            let given = [
                monday, tuesday, wednesday, thursday, friday, saturday, sunday,
            ];
            if given.iter().all(Option::is_none) {
                return Err(refuse(
                    "validation_failed",
                    "say which days change, e.g. --friday \"08:00-12:00\" or --saturday off",
                ));
            }
            for ((weekday, field), text) in WEEKDAYS.into_iter().zip(given) {
                if let Some(text) = text {
                    body.work_week.set_day(weekday, hours(field, &text)?);
                }
            }
            "work week saved".to_owned()
        }
        CalendarCommand::AddHoliday {
            name,
            from,
            to,
            hours: worked,
            ..
        } => {
            let worked = match worked {
                Some(text) => hours("exceptions.hours", &text)?,
                None => Vec::new(),
            };
            body.exceptions.push(ExceptionBody {
                name: name.clone(),
                from,
                to,
                hours: worked,
            });
            format!("'{}' added", name.trim())
        }
        CalendarCommand::RemoveHoliday { which, .. } => {
            let which = which.trim();
            let matches: Vec<usize> = body
                .exceptions
                .iter()
                .enumerate()
                .filter(|(_, e)| e.name.eq_ignore_ascii_case(which) || e.from == which)
                .map(|(index, _)| index)
                .collect();
            let index = match matches.as_slice() {
                [index] => *index,
                [] => {
                    return Err(refuse(
                        "not_found",
                        format!("no holiday or altered day '{which}' in {key}'s calendar"),
                    ));
                }
                _ => {
                    return Err(refuse(
                        "validation_failed",
                        format!("'{which}' names several days; name one by its first date"),
                    ));
                }
            };
            let removed = body.exceptions.remove(index);
            format!("'{}' ({}) removed", removed.name, removed.from)
        }
    };
    let saved = calendar::save(&acting.writer(), &visible.project, &body, loaded.version)
        .await
        .map_err(api_error)?;
    println!(
        "{key}: {done}; {} a week, {} holidays or altered days (version {})",
        hours_label(saved.body.week_minutes),
        saved.body.exceptions.len(),
        saved.version
    );
    Ok(())
}
