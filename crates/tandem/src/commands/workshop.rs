//! `tandem workshop`: discovery workshops from the shell — plan or record one, list them, show
//! one with what it produced, change one (say its status and notes after the meeting), and
//! create an outcome (feature, hypothesis, decision, objective, feedback, risk) — or link an
//! existing one — that remembers its origin; same service and permissions as the API.

use super::acting::ActingArgs;
use crate::commands::api_error;
use anyhow::Context;
use std::path::PathBuf;
use tandem_core::access::ProjectAction;
use tandem_server::direction::workshops::{self, OutcomeBody, WorkshopBody, WorkshopView};
use tandem_server::guard;
use tandem_server::projects::PersonInput;
use tandem_store::direction::Workshop;

/// Arguments of `tandem workshop`.
#[derive(Debug, clap::Args)]
pub struct WorkshopArgs {
    #[command(subcommand)]
    pub command: WorkshopCommand,
    #[command(flatten)]
    pub acting: ActingArgs,
}

/// What to do with a project's workshops.
#[derive(Debug, clap::Subcommand)]
pub enum WorkshopCommand {
    /// The project's workshops.
    List {
        /// Project key.
        key: String,
    },
    /// One workshop with its participants and outcomes.
    Show {
        /// Project key.
        key: String,
        /// Workshop id.
        id: i64,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Plan or record a workshop.
    Add {
        /// Project key.
        key: String,
        #[arg(long)]
        title: String,
        /// kickoff, vision, story_mapping, design_sprint, review, retrospective or other.
        #[arg(long)]
        kind: String,
        /// The day (YYYY-MM-DD).
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        agenda: Option<String>,
        /// Notes (Markdown).
        #[arg(long)]
        notes: Option<String>,
        /// planned (default), held or cancelled.
        #[arg(long)]
        status: Option<String>,
        /// internal (default) or shared.
        #[arg(long)]
        visibility: Option<String>,
        /// A participant's e-mail (team member or client contact; repeat).
        #[arg(long = "participant")]
        participants: Vec<String>,
        /// Someone without an account, as text (repeat).
        #[arg(long = "contact")]
        contacts: Vec<String>,
    },
    /// Change a workshop (only the flags given change; participants stay).
    Set {
        /// Project key.
        key: String,
        /// Workshop id.
        id: i64,
        #[command(flatten)]
        fields: WorkshopFlags,
    },
    /// Create what the workshop produced, or link an existing one with --link; it remembers
    /// the workshop as its origin.
    Outcome {
        /// Project key.
        key: String,
        /// Workshop id.
        id: i64,
        /// feature, hypothesis, decision, objective, feedback or risk.
        kind: String,
        /// Title (statement of a hypothesis; text of feedback); not with --link.
        #[arg(required_unless_present = "link", conflicts_with = "link")]
        text: Option<String>,
        /// Link this existing artefact of the project instead of creating one.
        #[arg(long)]
        link: Option<i64>,
        /// A feature's problem, a decision's context or a risk's description.
        #[arg(long)]
        description: Option<String>,
        /// A new risk's probability, 1-5 (default 3).
        #[arg(long)]
        probability: Option<i64>,
        /// A new risk's impact, 1-5 (default 3).
        #[arg(long)]
        impact: Option<i64>,
        /// A new risk's owner: e-mail of a project member.
        #[arg(long)]
        owner: Option<String>,
    },
}

/// The fields `workshop set` changes.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct WorkshopFlags {
    /// New title.
    #[arg(long)]
    pub title: Option<String>,
    /// kickoff, vision, story_mapping, design_sprint, review, retrospective or other.
    #[arg(long)]
    pub kind: Option<String>,
    /// The day (YYYY-MM-DD).
    #[arg(long)]
    pub date: Option<String>,
    /// planned, held or cancelled.
    #[arg(long)]
    pub status: Option<String>,
    #[arg(long)]
    pub agenda: Option<String>,
    /// Notes (Markdown), replacing the ones stored.
    #[arg(long, conflicts_with = "notes_file")]
    pub notes: Option<String>,
    /// Read the notes (Markdown) from this file.
    #[arg(long)]
    pub notes_file: Option<PathBuf>,
    /// internal or shared (with the client).
    #[arg(long)]
    pub visibility: Option<String>,
}

impl WorkshopFlags {
    /// The whole workshop to store: `current` with the flags given applied.
    fn apply(self, current: Workshop) -> anyhow::Result<WorkshopBody> {
        let notes = match (self.notes, self.notes_file) {
            (Some(notes), _) => notes,
            (None, Some(path)) => std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?,
            (None, None) => current.notes,
        };
        let (mut participants, mut contacts) = (Vec::new(), Vec::new());
        for participant in current.participants {
            match participant.user_id {
                Some(id) => participants.push(PersonInput::Id(id)),
                None => contacts.push(participant.name),
            }
        }
        Ok(WorkshopBody {
            title: self.title.unwrap_or(current.title),
            kind: self
                .kind
                .unwrap_or_else(|| current.kind.as_str().to_owned()),
            held_on: self.date.or(current.held_on),
            agenda: Some(self.agenda.unwrap_or(current.agenda)),
            notes: Some(notes),
            status: Some(
                self.status
                    .unwrap_or_else(|| current.status.as_str().to_owned()),
            ),
            visibility: Some(
                self.visibility
                    .unwrap_or_else(|| current.visibility.as_str().to_owned()),
            ),
            participants,
            contacts,
            version: Some(current.version),
        })
    }
}

/// Runs `tandem workshop …`.
pub async fn run(args: WorkshopArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let (state, user) = (&acting.state, &acting.user);
    match args.command {
        WorkshopCommand::List { key } => {
            let visible = guard::project(state, user, &key, ProjectAction::View)
                .await
                .map_err(api_error)?;
            println!(
                "{:>5}  {:<10}  {:<14}  {:<9}  TITLE",
                "ID", "DATE", "KIND", "STATUS"
            );
            for view in workshops::visible_list(&state.store, &visible, user)
                .await
                .map_err(api_error)?
            {
                println!(
                    "{:>5}  {:<10}  {:<14}  {:<9}  {}",
                    view.id,
                    view.held_on.as_deref().unwrap_or("-"),
                    view.kind.as_str(),
                    view.status.as_str(),
                    view.title
                );
            }
        }
        WorkshopCommand::Show { key, id, json } => {
            let visible = guard::project(state, user, &key, ProjectAction::View)
                .await
                .map_err(api_error)?;
            let workshop = state
                .store
                .workshop(visible.project.id, id)
                .await
                .map_err(|e| api_error(e.into()))?;
            if !workshops::may_see(&visible, user, &workshop) {
                return Err(super::refuse(
                    "not_found",
                    format!("no workshop {id} in {key}"),
                ));
            }
            let outcomes = state.store.workshop_outcomes(id).await?;
            let view = WorkshopView::new(workshop, outcomes, user);
            if json {
                println!("{}", serde_json::to_string_pretty(&view)?);
            } else {
                print_workshop(&view);
            }
        }
        WorkshopCommand::Add {
            key,
            title,
            kind,
            date,
            agenda,
            notes,
            status,
            visibility,
            participants,
            contacts,
        } => {
            let visible = guard::project(state, user, &key, ProjectAction::Contribute)
                .await
                .map_err(api_error)?;
            let body = WorkshopBody {
                title,
                kind,
                held_on: date,
                agenda,
                notes,
                status,
                visibility,
                participants: participants.into_iter().map(PersonInput::Email).collect(),
                contacts,
                version: None,
            };
            let created = workshops::create(&acting.writer(), &visible, &body)
                .await
                .map_err(api_error)?;
            print_workshop(&WorkshopView::new(created, Vec::new(), user));
        }
        WorkshopCommand::Set { key, id, fields } => {
            let visible = guard::project(state, user, &key, ProjectAction::Contribute)
                .await
                .map_err(api_error)?;
            let current = state
                .store
                .workshop(visible.project.id, id)
                .await
                .map_err(|e| api_error(e.into()))?;
            let version = current.version;
            let body = fields.apply(current)?;
            let updated = workshops::update(&acting.writer(), &visible, id, &body, version)
                .await
                .map_err(api_error)?;
            let outcomes = state.store.workshop_outcomes(id).await?;
            print_workshop(&WorkshopView::new(updated, outcomes, user));
        }
        WorkshopCommand::Outcome {
            key,
            id,
            kind,
            text,
            link,
            description,
            probability,
            impact,
            owner,
        } => {
            let visible = guard::project(state, user, &key, ProjectAction::Contribute)
                .await
                .map_err(api_error)?;
            let feedback = kind == "feedback";
            let body = OutcomeBody {
                text: text.clone().filter(|_| feedback),
                title: text.filter(|_| !feedback),
                kind,
                link_id: link,
                importance: None,
                description,
                probability,
                impact,
                owner: owner.map(PersonInput::Email),
            };
            let created = workshops::add_outcome(&acting.writer(), &visible, id, &body, None)
                .await
                .map_err(api_error)?;
            let done = if created.linked {
                "linked to"
            } else {
                "created from"
            };
            println!(
                "{} {} {done} workshop {id}; it remembers its origin",
                created.kind, created.id
            );
        }
    }
    acting.state.store.close().await;
    Ok(())
}

fn print_workshop(view: &WorkshopView) {
    println!(
        "workshop {}: {} ({}, {}{})",
        view.id,
        view.title,
        view.kind.as_str(),
        view.status.as_str(),
        view.held_on
            .as_deref()
            .map_or(String::new(), |day| format!(", {day}"))
    );
    let people: Vec<&str> = view.participants.iter().map(|p| p.name.as_str()).collect();
    if !people.is_empty() {
        println!("  participants: {}", people.join(", "));
    }
    for outcome in &view.outcomes {
        println!(
            "  produced {} {}: {}",
            outcome.kind, outcome.id, outcome.title
        );
    }
}
