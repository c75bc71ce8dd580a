//! `tandem vision`: show and edit a project's vision board. A changed vision or target group
//! is a direction change: as in the API and the web, the board is saved and the change waits
//! for its decision record, which `--reason` records (or `--decision ID` links) right away.

use super::acting::ActingArgs;
use super::decision::body_of;
use crate::commands::api_error;
use tandem_core::access::ProjectAction;
use tandem_server::acting::Acting;
use tandem_server::direction::decisions::{self, DecisionBody, LinkBody};
use tandem_server::direction::vision::{RevisionView, VisionInput};
use tandem_server::direction::{ensure_visible, vision};
use tandem_server::error::ApiError;
use tandem_server::guard::{self, VisibleProject};
use tandem_server::projects::PersonInput;

/// Arguments of `tandem vision`.
#[derive(Debug, clap::Args)]
pub struct VisionArgs {
    #[command(subcommand)]
    pub command: VisionCommand,
    #[command(flatten)]
    pub acting: ActingArgs,
}

/// What to do with the vision board.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once per process; boxing buys nothing here
pub enum VisionCommand {
    /// Print the five boxes of the project's vision board.
    Show {
        /// Project key.
        key: String,
    },
    /// Change boxes of the vision board (what is not given stays). Changing the vision or
    /// the target group is a direction change: give --reason to record the decision behind
    /// it, or --decision to link an existing one; without either the change is saved and
    /// waits for its decision, as on the web. Either flag alone records the decision for the
    /// direction changes already waiting.
    Set {
        /// Project key.
        key: String,
        /// The vision: why the product exists.
        #[arg(long)]
        vision: Option<String>,
        /// Who it is for.
        #[arg(long)]
        target_group: Option<String>,
        /// The needs it meets.
        #[arg(long)]
        needs: Option<String>,
        /// What the product is.
        #[arg(long)]
        product: Option<String>,
        /// The business goals it serves.
        #[arg(long)]
        goals: Option<String>,
        /// internal or shared with the client.
        #[arg(long)]
        visibility: Option<String>,
        /// Why the direction changes: recorded as an accepted decision, decided by you.
        #[arg(long, value_name = "TEXT", conflicts_with = "decision")]
        reason: Option<String>,
        /// Title of the decision --reason records (default: says what changed).
        #[arg(long, value_name = "TEXT", requires = "reason")]
        title: Option<String>,
        /// An existing decision that covers the direction change (its id).
        #[arg(long, value_name = "ID")]
        decision: Option<i64>,
        /// The board version you read (0 for a board never saved); refused if it changed.
        #[arg(long, value_name = "VERSION")]
        if_version: Option<i64>,
    },
}

/// Runs `tandem vision …`.
pub async fn run(args: VisionArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let key = match args.command {
        VisionCommand::Show { key } => key,
        VisionCommand::Set {
            key,
            vision,
            target_group,
            needs,
            product,
            goals,
            visibility,
            reason,
            title,
            decision,
            if_version,
        } => {
            let input = VisionInput {
                vision,
                target_group,
                needs,
                product,
                business_goals: goals,
                visibility,
                version: if_version,
            };
            let record = match (reason, decision) {
                (Some(reason), _) => Some(Record::Reason { reason, title }),
                (None, Some(id)) => Some(Record::Link(id)),
                (None, None) => None,
            };
            set(&acting, &key, &input, record).await?;
            acting.state.store.close().await;
            return Ok(());
        }
    };
    let visible = guard::project(&acting.state, &acting.user, &key, ProjectAction::View)
        .await
        .map_err(api_error)?;
    let board = vision::load(&acting.state.store, visible.project.id)
        .await
        .map_err(api_error)?;
    ensure_visible(&visible, &acting.user, board.visibility, "vision board").map_err(api_error)?;
    if board.version == 0 {
        println!("{key} has no vision board yet.");
    }
    for (label, text) in [
        ("Vision", &board.vision),
        ("Target group", &board.target_group),
        ("Needs", &board.needs),
        ("Product", &board.product),
        ("Business goals", &board.business_goals),
    ] {
        println!("{label}:");
        for line in text.lines() {
            println!("  {line}");
        }
    }
    println!("Visibility: {}", board.visibility);
    println!("Version: {}", board.version);
    if board.direction_change_pending {
        println!(
            "Direction change without a decision record (revision(s) {:?}): record the decision.",
            board.pending_revision_ids
        );
    }
    acting.state.store.close().await;
    Ok(())
}

/// How `tandem vision set` records the decision behind a direction change.
enum Record {
    /// A new accepted decision with this rationale (and title, if given).
    Reason {
        reason: String,
        title: Option<String>,
    },
    /// An existing decision, which gets the revisions' links.
    Link(i64),
}

/// True when any box or the visibility is given.
fn changes_board(input: &VisionInput) -> bool {
    [
        &input.vision,
        &input.target_group,
        &input.needs,
        &input.product,
        &input.business_goals,
        &input.visibility,
    ]
    .iter()
    .any(|given| given.is_some())
}

/// Saves the boxes given, then records or links the decision for every direction change
/// still waiting for one — the revisions the web's prompt covers too.
async fn set(
    acting: &Acting,
    key: &str,
    input: &VisionInput,
    record: Option<Record>,
) -> anyhow::Result<()> {
    let store = &acting.state.store;
    let visible = guard::project(&acting.state, &acting.user, key, ProjectAction::Contribute)
        .await
        .map_err(api_error)?;
    // A linked decision is checked before the board changes, so a wrong id changes nothing.
    if let Some(Record::Link(id)) = &record {
        let decision = super::decision::load(store, visible.project.id, *id).await?;
        ensure_visible(&visible, &acting.user, decision.visibility, "decision")
            .map_err(api_error)?;
    }
    if !changes_board(input) && record.is_none() {
        return Err(api_error(
            tandem_core::ValidationError::new(
                "vision",
                "nothing to change: give a box (--vision, --target-group, --needs, --product, \
                 --goals), --visibility, or --reason/--decision for a waiting direction change",
            )
            .into(),
        ));
    }
    let mut board = vision::load(store, visible.project.id)
        .await
        .map_err(api_error)?;
    if changes_board(input) {
        let expected = input.version.unwrap_or(board.version);
        if expected != board.version {
            return Err(api_error(ApiError::version_conflict(board.version)));
        }
        let (saved, revision) = vision::save(&acting.writer(), visible.project.id, input, expected)
            .await
            .map_err(api_error)?;
        board = saved;
        match revision {
            Some(revision) => println!(
                "vision board of {key} saved (revision {}, version {}){}",
                revision.id,
                board.version,
                if revision.direction_change {
                    ": the direction changed"
                } else {
                    ""
                }
            ),
            None => println!(
                "vision board of {key} unchanged (version {})",
                board.version
            ),
        }
    }
    let pending = board.pending_revision_ids.clone();
    match record {
        _ if pending.is_empty() => {
            if record.is_some() {
                println!("no direction change waits for a decision; none recorded");
            }
        }
        None => println!(
            "direction change without a decision record (revision(s) {}): record it with \
             tandem vision set {key} --reason TEXT, or link one with --decision ID",
            join(&pending)
        ),
        Some(record) => {
            // The default title names what changed: the vision, else the target group.
            let vision_changed = acting
                .state
                .store
                .vision_revisions(visible.project.id)
                .await?
                .into_iter()
                .filter(|revision| pending.contains(&revision.id))
                .map(RevisionView::from)
                .any(|revision| revision.changes.iter().any(|c| c.field == "vision"));
            let subject = if vision_changed {
                board.vision.clone()
            } else {
                format!("target group {}", board.target_group)
            };
            let id = record_decision(acting, &visible, &subject, &pending, record).await?;
            println!(
                "decision {id} covers the direction change (revision(s) {})",
                join(&pending)
            );
        }
    }
    Ok(())
}

fn join(ids: &[i64]) -> String {
    ids.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Records (or links) the decision behind the waiting revisions `pending`; its id.
async fn record_decision(
    acting: &Acting,
    visible: &VisibleProject,
    subject: &str,
    pending: &[i64],
    record: Record,
) -> anyhow::Result<i64> {
    let links = pending.iter().map(|id| LinkBody {
        kind: "vision_revision".to_owned(),
        id: *id,
    });
    let writer = acting.writer();
    let saved = match record {
        Record::Reason { reason, title } => {
            // As the web's prompt: accepted, decided by whoever changed the direction.
            let body = DecisionBody {
                title: title
                    .unwrap_or_else(|| format!("Direction change: {}", first_line(subject))),
                status: Some("accepted".to_owned()),
                rationale: Some(reason),
                decider: Some(PersonInput::Id(acting.user.user.id)),
                links: links.collect(),
                ..DecisionBody::default()
            };
            decisions::create(&writer, visible, &body)
                .await
                .map_err(api_error)?
        }
        Record::Link(id) => {
            let current =
                super::decision::load(&acting.state.store, visible.project.id, id).await?;
            let mut body = body_of(&current);
            for link in links {
                if !body
                    .links
                    .iter()
                    .any(|l| l.kind == link.kind && l.id == link.id)
                {
                    body.links.push(link);
                }
            }
            decisions::update(&writer, visible, id, &body, current.version)
                .await
                .map_err(api_error)?
        }
    };
    Ok(saved.id)
}

/// The first line of `text`, at most 80 characters, for a title.
fn first_line(text: &str) -> String {
    let text = text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or("vision board");
    let mut short: String = text.chars().take(80).collect();
    if text.chars().count() > 80 {
        short.push('…');
    }
    short
}
