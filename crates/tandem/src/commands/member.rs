//! `tandem member set KEY EMAIL`: a member's discipline, weekly capacity and hourly rate, and
//! `tandem workload KEY`: allocated work against capacity per person and week.

use super::acting::ActingArgs;
use crate::commands::api_error;
use tandem_core::access::ProjectAction;
use tandem_core::people::amounts::{self, hours_label};
use tandem_server::guard;
use tandem_server::people::profiles::{self, ProfileChange};
use tandem_server::people::{self, internal_project, workload};
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
    let MemberCommand::Set {
        key,
        email,
        discipline,
        capacity,
        rate,
    } = args.command;
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
