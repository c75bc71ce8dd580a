//! `tandem roles KEY`: the project's two manager roles side by side, as the Roles page and
//! `GET /api/v1/projects/{key}/roles` compute them — one section per role: who holds it, what
//! it is accountable and responsible for, what its holder decided and changed lately, and what
//! waits for it (`--json`: the API's JSON). Client contacts see what the page shows them.

use super::acting::ActingArgs;
use crate::commands::api_error;
use jiff::tz::TimeZone;
use tandem_server::raci::roles::{self, LinkedRow, RolePanel, RolesView};
use tandem_server::time_zone;

/// Arguments of `tandem roles`.
#[derive(Debug, clap::Args)]
pub struct RolesArgs {
    /// The project key, e.g. NWSHOP.
    key: String,
    /// Print the API's JSON instead of the two sections.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    acting: ActingArgs,
}

/// Runs `tandem roles`.
pub async fn run(args: RolesArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let view = roles::for_user(&acting.state, &acting.user, &args.key)
        .await
        .map_err(api_error)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&view)?);
    } else {
        // Times on the reader's clock, as the page shows them.
        let zone = time_zone::of(&acting.state.store, acting.user.user.id)
            .await
            .map_err(api_error)?;
        print!("{}", human(&view, &time_zone::zone_or_default(&zone)));
    }
    Ok(())
}

/// The two roles as text, product manager first.
fn human(view: &RolesView, zone: &TimeZone) -> String {
    let mut out = format!("{}: the two roles side by side\n", view.project_key);
    if view.one_person_both_roles {
        out.push_str(
            "Warning: one person holds both roles — nobody challenges the call between scope and schedule.\n",
        );
    }
    for panel in view.panels() {
        out.push('\n');
        section(&mut out, panel, view.recent_days, zone);
    }
    out
}

fn section(out: &mut String, panel: &RolePanel, days: i64, zone: &TimeZone) {
    out.push_str(&format!("{} — {}\n", panel.title, panel.owns));
    match &panel.person {
        Some(person) => out.push_str(&format!("  Held by {} <{}>\n", person.name, person.email)),
        None => out.push_str(&format!(
            "  MISSING: nobody is {}; name one among the project's members\n",
            panel.title.to_lowercase()
        )),
    }
    names(out, "Accountable for", &panel.accountable);
    names(out, "Responsible for", &panel.responsible);
    if let Some(decided) = &panel.decided {
        rows(out, &format!("Decided in the last {days} days"), decided);
    }
    if let Some(recent) = &panel.recent {
        out.push_str("  Changed lately:");
        if recent.is_empty() {
            out.push_str(" nothing\n");
        } else {
            out.push('\n');
            for row in recent {
                let at = jiff::Timestamp::from_millisecond(row.at)
                    .map(|at| {
                        at.to_zoned(zone.clone())
                            .strftime("%Y-%m-%d %H:%M")
                            .to_string()
                    })
                    .unwrap_or_default();
                out.push_str(&format!("    {at}  {}\n", row.what));
            }
        }
    }
    rows(out, "Pending", &panel.pending);
}

fn names(out: &mut String, label: &str, names: &[String]) {
    if names.is_empty() {
        out.push_str(&format!("  {label}: nothing in the matrix\n"));
    } else {
        out.push_str(&format!("  {label}: {}\n", names.join(", ")));
    }
}

fn rows(out: &mut String, label: &str, rows: &[LinkedRow]) {
    out.push_str(&format!("  {label}:"));
    if rows.is_empty() {
        out.push_str(" nothing\n");
        return;
    }
    out.push('\n');
    for row in rows {
        let date = row.on.as_deref().unwrap_or("          ");
        let overdue = if row.overdue { "  PAST DUE" } else { "" };
        out.push_str(&format!("    {date}  {}{overdue}\n", row.text));
    }
}
