//! `tandem member set KEY EMAIL`: a member's discipline, weekly capacity and hourly rate;
//! `tandem member time-off KEY EMAIL --from --to` (and `time-off list|edit|remove`): people's
//! absences, through the same service and rules as `/api/v1/projects/{key}/time-off`; and
//! `tandem workload KEY`: allocated work against capacity per person and week.

use super::acting::ActingArgs;
use super::item::versioned_error;
use crate::commands::api_error;
use tandem_core::access::ProjectAction;
use tandem_core::people::amounts::{self, hours_label};
use tandem_server::acting::Acting;
use tandem_server::guard;
use tandem_server::people::profiles::{self, ProfileChange};
use tandem_server::people::time_off::{self, TimeOffChange, TimeOffInput, TimeOffView};
use tandem_server::people::{self, internal_project, required_date, workload};
use tandem_server::projects::{self, PersonInput};

/// Arguments of `tandem member`.
#[derive(Debug, clap::Args)]
pub struct MemberArgs {
    #[command(subcommand)]
    pub command: MemberCommand,
    #[command(flatten)]
    pub acting: ActingArgs,
}

/// Member commands.
#[derive(Debug, clap::Subcommand)]
pub enum MemberCommand {
    /// Set a member's discipline, weekly capacity or hourly rate (project managers).
    Set {
        /// Project key.
        key: String,
        /// The member's e-mail.
        email: String,
        /// developer, designer, qa, product, devops, analyst or other.
        #[arg(long)]
        discipline: Option<String>,
        /// Hours a week on the project, e.g. 32h or 37h30m.
        #[arg(long)]
        capacity: Option<String>,
        /// Internal cost per hour in the project currency, e.g. 85.00.
        #[arg(long)]
        rate: Option<String>,
    },
    /// Record a member's time off (your own, or anyone's for project managers); `time-off
    /// list KEY`, `time-off edit KEY ID` and `time-off remove KEY ID` show, change and delete
    /// absences.
    TimeOff(TimeOffArgs),
}

/// Arguments of `tandem member time-off`.
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct TimeOffArgs {
    #[command(subcommand)]
    command: Option<TimeOffCommand>,
    /// Project key.
    key: Option<String>,
    /// The e-mail of the member who is away.
    email: Option<String>,
    /// First day away, YYYY-MM-DD.
    #[arg(long)]
    from: Option<String>,
    /// Last day away (inclusive; default: the first).
    #[arg(long)]
    to: Option<String>,
    /// E.g. "Vacation".
    #[arg(long, default_value = "")]
    note: String,
    /// Away from every project, not only this one.
    #[arg(long)]
    everywhere: bool,
}

/// Listing, changing and removing time off.
#[derive(Debug, clap::Subcommand)]
enum TimeOffCommand {
    /// The project members' time off, by date (staff only).
    List {
        /// Project key.
        key: String,
        /// Only absences ending on or after this date.
        #[arg(long)]
        from: Option<String>,
        /// Only absences starting on or before this date.
        #[arg(long)]
        to: Option<String>,
        /// Print the API's JSON.
        #[arg(long)]
        json: bool,
    },
    /// Change an absence's dates or note (see the ids in `time-off list`); what is not given
    /// stays.
    Edit {
        /// Project key.
        key: String,
        /// The absence's id.
        id: i64,
        /// First day away, YYYY-MM-DD.
        #[arg(long)]
        from: Option<String>,
        /// Last day away (inclusive).
        #[arg(long)]
        to: Option<String>,
        /// E.g. "Vacation"; "" clears it.
        #[arg(long)]
        note: Option<String>,
        /// Refuse unless the absence is still at this version (as `time-off list --json`
        /// shows it); without it, the version just read.
        #[arg(long, value_name = "N")]
        if_version: Option<i64>,
    },
    /// Delete an absence (see the ids in `time-off list`).
    #[command(alias = "delete")]
    Remove {
        /// Project key.
        key: String,
        /// The absence's id.
        id: i64,
        /// Refuse unless the absence is still at this version; without it, the version just
        /// read.
        #[arg(long, value_name = "N")]
        if_version: Option<i64>,
    },
}

/// Arguments of `tandem workload`.
#[derive(Debug, clap::Args)]
pub struct WorkloadArgs {
    /// Project key.
    pub key: String,
    /// How many weeks from this one, 1–26.
    #[arg(long, default_value_t = 6)]
    pub weeks: i64,
    #[command(flatten)]
    pub acting: ActingArgs,
}

/// Runs `tandem member …`.
pub async fn run_member(args: MemberArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let (key, email, discipline, capacity, rate) = match args.command {
        MemberCommand::Set {
            key,
            email,
            discipline,
            capacity,
            rate,
        } => (key, email, discipline, capacity, rate),
        MemberCommand::TimeOff(time_off) => {
            let result = run_time_off(&acting, time_off).await;
            acting.state.store.close().await;
            return result;
        }
    };
    let visible = guard::project(
        &acting.state,
        &acting.user,
        &key,
        ProjectAction::ManageMembers,
    )
    .await
    .map_err(api_error)?;
    let person = projects::resolve_person(&acting.state.store, "email", &PersonInput::Email(email))
        .await
        .map_err(api_error)?;
    let capacity = capacity
        .map(|text| amounts::parse_capacity("capacity", &text))
        .transpose()
        .map_err(|e| api_error(e.into()))?;
    let rate = rate
        .map(|text| amounts::parse_amount("rate", &text))
        .transpose()
        .map_err(|e| api_error(e.into()))?;
    let current = acting
        .state
        .store
        .member_profile(visible.project.id, person.id)
        .await
        .map_err(|_| {
            super::refuse(
                "not_found",
                format!("{} is not a member of {key}", person.email),
            )
        })?;
    let change = ProfileChange {
        discipline: discipline.map(Some),
        weekly_capacity_hours: capacity.map(|minutes| Some(minutes as f64 / 60.0)),
        hourly_rate: rate.map(|minor| Some(amounts::major(minor))),
        version: Some(current.version),
    };
    let profile = profiles::update(
        &acting.writer(),
        &visible.project,
        person.id,
        &change,
        current.version,
    )
    .await
    .map_err(api_error)?;
    let currency = people::currency(&visible.project);
    println!(
        "{} on {key}: {}, {}, {}",
        person.email,
        profile.discipline.map_or("no discipline", |d| d.label()),
        profile.weekly_capacity_minutes.map_or_else(
            || "full time".to_owned(),
            |m| format!("{} a week", hours_label(m))
        ),
        profile.hourly_rate_minor.map_or_else(
            || "no rate".to_owned(),
            |minor| format!("{:.2} {currency}/h", amounts::major(minor))
        ),
    );
    acting.state.store.close().await;
    Ok(())
}

/// Runs `tandem member time-off …`: the project is internal (client contacts get "not
/// found"), and who may record or delete whose absence is the service's rule.
async fn run_time_off(acting: &Acting, args: TimeOffArgs) -> anyhow::Result<()> {
    let project = |key: String| async move {
        internal_project(
            &acting.state,
            &acting.user,
            &key,
            ProjectAction::View,
            "time off",
        )
        .await
        .map_err(api_error)
    };
    match args.command {
        Some(TimeOffCommand::List {
            key,
            from,
            to,
            json,
        }) => {
            let visible = project(key.clone()).await?;
            let date = |field: &'static str, raw: Option<String>| {
                raw.map(|d| required_date(field, &d).map(|d| d.to_string()))
                    .transpose()
                    .map_err(|e| api_error(e.into()))
            };
            let (from, to) = (date("from", from)?, date("to", to)?);
            let entries = acting
                .state
                .store
                .list_time_off(visible.project.id, from.as_deref(), to.as_deref())
                .await?;
            let views: Vec<TimeOffView> = entries.into_iter().map(TimeOffView::from).collect();
            if json {
                println!("{}", serde_json::to_string_pretty(&views)?);
            } else if views.is_empty() {
                println!("{key}: no time off recorded");
            } else {
                for view in &views {
                    println!(
                        "{:>5}  {:<24} {} to {}{}  {}",
                        view.id,
                        view.user_name,
                        view.from,
                        view.to,
                        if view.everywhere { " (everywhere)" } else { "" },
                        view.note
                    );
                }
            }
        }
        Some(TimeOffCommand::Edit {
            key,
            id,
            from,
            to,
            note,
            if_version,
        }) => {
            let visible = project(key.clone()).await?;
            let entry = time_off::find(&acting.state.store, &visible.project, id)
                .await
                .map_err(api_error)?;
            let change = TimeOffChange {
                from: from.unwrap_or(entry.from_date),
                to: Some(to.unwrap_or(entry.to_date)),
                note: note.unwrap_or(entry.note),
                version: None,
            };
            let expected = if_version.unwrap_or(entry.version);
            let writer = acting.writer();
            let saved = time_off::update(
                &writer,
                &acting.user.actor(),
                &visible,
                id,
                &change,
                expected,
            )
            .await
            .map_err(versioned_error)?;
            println!(
                "time off {id} of {} saved: {} to {}{}",
                saved.user.name,
                saved.from_date,
                saved.to_date,
                if saved.note.is_empty() {
                    String::new()
                } else {
                    format!("  {}", saved.note)
                }
            );
        }
        Some(TimeOffCommand::Remove {
            key,
            id,
            if_version,
        }) => {
            let visible = project(key.clone()).await?;
            let entry = time_off::find(&acting.state.store, &visible.project, id)
                .await
                .map_err(api_error)?;
            let expected = if_version.unwrap_or(entry.version);
            time_off::delete(
                &acting.writer(),
                &acting.user.actor(),
                &visible,
                id,
                expected,
            )
            .await
            .map_err(versioned_error)?;
            println!(
                "time off {id} of {} ({} to {}) removed from {key}",
                entry.user.name, entry.from_date, entry.to_date
            );
        }
        None => {
            let (Some(key), Some(email), Some(from)) = (args.key, args.email, args.from) else {
                return Err(super::refuse(
                    "validation_failed",
                    "say who is away when: tandem member time-off KEY EMAIL --from DATE [--to DATE]",
                ));
            };
            let visible = project(key.clone()).await?;
            let input = TimeOffInput {
                user: Some(PersonInput::Email(email)),
                from,
                to: args.to,
                note: args.note,
                everywhere: args.everywhere,
            };
            let entry = time_off::create(&acting.writer(), &acting.user.actor(), &visible, &input)
                .await
                .map_err(api_error)?;
            println!(
                "time off {} recorded for {}: {} to {}{}",
                entry.id,
                entry.user.name,
                entry.from_date,
                entry.to_date,
                if entry.project_id.is_none() {
                    " (every project)"
                } else {
                    ""
                }
            );
        }
    }
    Ok(())
}

/// Runs `tandem workload KEY`.
pub async fn run_workload(args: WorkloadArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let visible = internal_project(
        &acting.state,
        &acting.user,
        &args.key,
        ProjectAction::View,
        "workload",
    )
    .await
    .map_err(api_error)?;
    if !(1..=workload::MAX_WEEKS).contains(&args.weeks) {
        return Err(super::refuse(
            "validation_failed",
            format!("--weeks must be between 1 and {}", workload::MAX_WEEKS),
        ));
    }
    let today = tandem_server::clock::today(&acting.state.store)
        .await
        .map_err(api_error)?;
    let view = workload::of_project(&acting.state, visible.project, today, args.weeks, today)
        .await
        .map_err(api_error)?;
    print!("{:<24}", "PERSON (allocated/capacity)");
    for week in &view.weeks {
        print!(" {:>14}", week);
    }
    println!(
        " {:>10} {:>10} {:>12} {:>11}",
        "DUE DATES", "LEVELLED", "BOOKED UNTIL", "UNSCHEDULED"
    );
    for person in &view.people {
        print!("{:<24}", person.name);
        for week in &person.weeks {
            let cell = format!(
                "{}/{}{}",
                hours_label(week.allocated_minutes),
                hours_label(week.capacity_minutes),
                if week.over_allocated { " !" } else { "" }
            );
            print!(" {cell:>14}");
        }
        println!(
            " {:>10} {:>10} {:>12} {:>11}",
            hours_label(person.dated_minutes),
            hours_label(person.levelled_minutes),
            person.busy_until.as_deref().unwrap_or("-"),
            hours_label(person.unscheduled_minutes)
        );
    }
    println!("\n! = over-allocated. {}", view.rule);
    if let Some(reason) = &view.levelling_failure {
        println!("Work without a due date is unscheduled: {reason}");
    }
    acting.state.store.close().await;
    Ok(())
}
