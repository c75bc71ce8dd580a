//! `tandem item …`: work items from the command line, through the same service functions,
//! permission rules and audit trail as the API and the web UI (`--as EMAIL`).

use super::acting::ActingArgs;
use super::view::Filters;
use crate::commands::{api_error, refuse};
use tandem_core::access::ProjectAction;
use tandem_core::work::parse_minutes;
use tandem_server::acting::Acting;
use tandem_server::error::ApiError;
use tandem_server::guard::VisibleProject;
use tandem_server::items::service::{self, CommentInput, DependencyInput};
use tandem_server::items::view::{CommentView, EventView, event_text};
use tandem_server::items::{ItemContext, ItemFields, ItemView, ListParams};
use tandem_server::projects::PersonInput;

/// Arguments of `tandem item`.
#[derive(Debug, clap::Args)]
pub struct ItemArgs {
    #[command(subcommand)]
    pub command: ItemCommand,
    #[command(flatten)]
    pub acting: ActingArgs,
}

/// Item commands.
#[derive(Debug, clap::Subcommand)]
pub enum ItemCommand {
    /// Create an item in a project and print its key.
    Add {
        /// Project key, e.g. NWSHOP.
        project: String,
        /// One-line summary.
        #[arg(long)]
        title: String,
        /// epic, story, task, bug or milestone.
        #[arg(long = "type", default_value = "task")]
        item_type: String,
        /// Parent item key, e.g. NWSHOP-1.
        #[arg(long)]
        parent: Option<String>,
        /// Estimate, e.g. 3h, 90m, 1.5h, 2d (a day is 8 hours).
        #[arg(long)]
        estimate: Option<String>,
        /// Story points.
        #[arg(long)]
        points: Option<i64>,
        /// Assignee e-mail.
        #[arg(long)]
        assignee: Option<String>,
        /// Initial status name.
        #[arg(long)]
        status: Option<String>,
        /// Labels (repeat the flag).
        #[arg(long = "label")]
        labels: Vec<String>,
    },
    /// List a project's items.
    List {
        /// Project key.
        project: String,
        #[command(flatten)]
        filters: Box<Filters>,
        /// Apply one of your saved views (its id or name); the flags given override it.
        #[arg(long, value_name = "NAME|ID")]
        view: Option<String>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show one item.
    Show {
        /// Item key, e.g. NWSHOP-12.
        item: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Change an item's fields (only those given) and print its new version.
    Set(Box<SetArgs>),
    /// Move an item to another status.
    Move {
        /// Item key.
        item: String,
        /// Status name, e.g. "In progress".
        status: String,
    },
    /// Delete an item (its history stays); items with children are refused.
    Delete {
        /// Item key.
        item: String,
        /// Refuse unless the item is still at this version (as shown by `item show`).
        #[arg(long, value_name = "N")]
        if_version: Option<i64>,
    },
    /// An item's change history, oldest first: who, when, what changed.
    History {
        /// Item key.
        item: String,
        /// Print JSON (as the API's history).
        #[arg(long)]
        json: bool,
    },
    /// Make SUCC wait for PRED.
    Link {
        /// Predecessor key.
        pred: String,
        /// Successor key.
        succ: String,
        /// FS, SS, FF or SF.
        #[arg(long, default_value = "FS")]
        kind: String,
        /// Lag in working days (negative for a lead).
        #[arg(long, default_value_t = 0, allow_hyphen_values = true)]
        lag: i64,
    },
    /// Remove the dependency that makes SUCC wait for PRED.
    Unlink {
        /// Predecessor key.
        pred: String,
        /// Successor key.
        succ: String,
    },
    /// Comment on an item.
    Comment {
        /// Item key.
        item: String,
        /// Markdown text.
        text: String,
        /// A staff-only note.
        #[arg(long)]
        internal: bool,
    },
    /// An item's comments, oldest first (internal notes only for staff).
    Comments {
        /// Item key.
        item: String,
        /// Print JSON (as the API's comment list).
        #[arg(long)]
        json: bool,
    },
    /// Change the text of a comment (your own; admins any).
    CommentEdit {
        /// Item key.
        item: String,
        /// Comment id (see `item comments`).
        comment_id: i64,
        /// The new Markdown text.
        text: String,
        /// Refuse unless the comment is still at this version.
        #[arg(long, value_name = "N")]
        if_version: Option<i64>,
    },
    /// Delete a comment (your own; admins any).
    CommentDelete {
        /// Item key.
        item: String,
        /// Comment id (see `item comments`).
        comment_id: i64,
    },
}

/// Flags of `tandem item set`: each one given changes that field; `none` clears the optional
/// ones.
#[derive(Debug, clap::Args)]
#[command(next_help_heading = "Fields")]
pub struct SetArgs {
    /// Item key, e.g. NWSHOP-12.
    #[arg(help_heading = None::<&str>)]
    item: String,
    /// One-line summary.
    #[arg(long)]
    title: Option<String>,
    /// Markdown description.
    #[arg(long)]
    description: Option<String>,
    /// lowest, low, medium, high or highest.
    #[arg(long)]
    priority: Option<String>,
    /// Assignee e-mail (a project member), or `none` to unassign.
    #[arg(long, value_name = "EMAIL|none")]
    assignee: Option<String>,
    /// Estimate, e.g. 3h, 90m, 2d (a day is 8 hours), or `none`.
    #[arg(long, value_name = "DURATION|none")]
    estimate: Option<String>,
    /// Story points, or `none`.
    #[arg(long, value_name = "N|none")]
    points: Option<String>,
    /// Three-point estimate: best case, e.g. 2d, or `none`.
    #[arg(long, value_name = "DURATION|none")]
    optimistic: Option<String>,
    /// Three-point estimate: most likely, or `none`.
    #[arg(long, value_name = "DURATION|none")]
    likely: Option<String>,
    /// Three-point estimate: worst case, or `none`.
    #[arg(long, value_name = "DURATION|none")]
    pessimistic: Option<String>,
    /// Work left, e.g. 4h, or `none`.
    #[arg(long, value_name = "DURATION|none")]
    remaining: Option<String>,
    /// Due date, YYYY-MM-DD, or `none`.
    #[arg(long, value_name = "DATE|none")]
    due: Option<String>,
    /// Labels (repeat the flag); they replace the current set.
    #[arg(long = "label", value_name = "LABEL")]
    labels: Vec<String>,
    /// Remove every label.
    #[arg(long, conflicts_with = "labels")]
    no_labels: bool,
    /// Parent item key, or `none` to detach.
    #[arg(long, value_name = "KEY|none")]
    parent: Option<String>,
    /// Product feature id, or `none`.
    #[arg(long, value_name = "ID|none")]
    feature: Option<String>,
    /// Refuse unless the item is still at this version (as shown by `item show`).
    #[arg(long, value_name = "N")]
    if_version: Option<i64>,
}

/// `Some(None)` for `none` (clear the field), `Some(Some(value))` otherwise.
fn clearable(raw: Option<String>) -> Option<Option<String>> {
    raw.map(|raw| (!raw.trim().eq_ignore_ascii_case("none")).then_some(raw))
}

/// A clearable whole number, e.g. `--points 5` or `--feature none`.
fn clearable_number(
    field: &'static str,
    raw: Option<String>,
) -> anyhow::Result<Option<Option<i64>>> {
    clearable(raw)
        .map(|value| {
            value
                .map(|text| {
                    text.trim().parse::<i64>().map_err(|_| {
                        refuse(
                            "validation_failed",
                            format!("{field}: '{text}' is not a whole number (or none)"),
                        )
                    })
                })
                .transpose()
        })
        .transpose()
}

/// A clearable duration in hours, e.g. `--remaining 4h` or `--estimate none`.
fn clearable_hours(
    field: &'static str,
    raw: Option<String>,
) -> anyhow::Result<Option<Option<f64>>> {
    clearable(raw)
        .map(|value| value.as_deref().map(|text| hours(field, text)).transpose())
        .transpose()
}

impl SetArgs {
    /// The API's item fields these flags describe; refused when no flag changes anything.
    fn fields(self) -> anyhow::Result<ItemFields> {
        let labels = if self.no_labels {
            Some(Vec::new())
        } else {
            (!self.labels.is_empty()).then_some(self.labels)
        };
        let fields = ItemFields {
            title: self.title,
            description: self.description,
            priority: self.priority,
            assignee: clearable(self.assignee).map(|email| email.map(PersonInput::Email)),
            parent: clearable(self.parent),
            story_points: clearable_number("points", self.points)?,
            estimate_hours: clearable_hours("estimate", self.estimate)?,
            optimistic_hours: clearable_hours("optimistic", self.optimistic)?,
            most_likely_hours: clearable_hours("likely", self.likely)?,
            pessimistic_hours: clearable_hours("pessimistic", self.pessimistic)?,
            remaining_hours: clearable_hours("remaining", self.remaining)?,
            due_date: clearable(self.due),
            feature_id: clearable_number("feature", self.feature)?,
            labels,
            ..ItemFields::default()
        };
        let changes = [
            fields.title.is_some(),
            fields.description.is_some(),
            fields.priority.is_some(),
            fields.assignee.is_some(),
            fields.parent.is_some(),
            fields.story_points.is_some(),
            fields.estimate_hours.is_some(),
            fields.optimistic_hours.is_some(),
            fields.most_likely_hours.is_some(),
            fields.pessimistic_hours.is_some(),
            fields.remaining_hours.is_some(),
            fields.due_date.is_some(),
            fields.feature_id.is_some(),
            fields.labels.is_some(),
        ];
        if !changes.contains(&true) {
            return Err(refuse(
                "validation_failed",
                "nothing to change: give at least one field, e.g. --title or --estimate",
            ));
        }
        Ok(fields)
    }
}

/// A service refusal; a stale version also says which version the record is at now, so
/// `--if-version` users know what they are behind.
pub fn versioned_error(error: ApiError) -> anyhow::Error {
    match error
        .details
        .get("current_version")
        .and_then(|v| v.as_i64())
    {
        Some(current) if error.code == "version_conflict" => refuse(
            error.code,
            format!("{} (it is now at version {current})", error.message),
        ),
        _ => api_error(error),
    }
}

/// Runs `tandem item …`.
pub async fn run(args: ItemArgs) -> anyhow::Result<()> {
    let acting = args.acting.acting().await?;
    let outcome = execute(&acting, args.command).await;
    acting.state.store.close().await;
    outcome
}

fn hours(field: &'static str, raw: &str) -> anyhow::Result<f64> {
    let minutes = parse_minutes(field, raw).map_err(|e| api_error(e.into()))?;
    Ok(minutes as f64 / 60.0)
}

async fn execute(acting: &Acting, command: ItemCommand) -> anyhow::Result<()> {
    let state = &acting.state;
    let user = &acting.user;
    let writer = acting.writer();
    match command {
        ItemCommand::Add {
            project,
            title,
            item_type,
            parent,
            estimate,
            points,
            assignee,
            status,
            labels,
        } => {
            let visible =
                tandem_server::guard::project(state, user, &project, ProjectAction::Contribute)
                    .await
                    .map_err(api_error)?;
            let fields = ItemFields {
                item_type: Some(item_type),
                title: Some(title),
                parent: parent.map(Some),
                estimate_hours: estimate
                    .as_deref()
                    .map(|raw| hours("estimate", raw))
                    .transpose()?
                    .map(Some),
                story_points: points.map(Some),
                assignee: assignee
                    .map(|email| Some(tandem_server::projects::PersonInput::Email(email))),
                status,
                labels: (!labels.is_empty()).then_some(labels),
                ..ItemFields::default()
            };
            let view = service::create(&writer, &visible.project, &fields)
                .await
                .map_err(api_error)?;
            println!("{}", view.key);
            for warning in &view.warnings {
                eprintln!("warning: {warning}");
            }
        }
        ItemCommand::List {
            project,
            filters,
            view,
            json,
        } => {
            let visible = tandem_server::guard::project(state, user, &project, ProjectAction::View)
                .await
                .map_err(api_error)?;
            let workflow = state.store.workflow(visible.project.id).await?;
            let given = ListParams::from(*filters);
            let params = match view {
                Some(wanted) => {
                    let saved = saved_view(acting, &visible, &wanted).await?;
                    overridden(saved, given)
                }
                None => given,
            };
            let filter = params
                .to_filter(state, &visible.project, &workflow, user.user.id)
                .await
                .map_err(api_error)?;
            let page = state.store.list_items(visible.project.id, &filter).await?;
            let context = ItemContext::load(state, visible.project.id)
                .await
                .map_err(api_error)?;
            let views: Vec<ItemView> = page.items.into_iter().map(|i| context.view(i)).collect();
            if json {
                println!("{}", serde_json::to_string_pretty(&views)?);
            } else {
                for view in &views {
                    println!("{}", line(view));
                }
                eprintln!("{} items", views.len());
            }
        }
        ItemCommand::Show { item, json } => {
            let found = service::find(state, user, &item, ProjectAction::View)
                .await
                .map_err(api_error)?;
            let view = service::view_of(state, found.item)
                .await
                .map_err(api_error)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&view)?);
            } else {
                println!("{}", line(&view));
                if let Some(parent) = &view.parent {
                    println!("parent:   {} {}", parent.key, parent.title);
                }
                if let Some(estimate) = view.estimate_hours {
                    println!("estimate: {estimate}h");
                }
                println!("version:  {}", view.version);
                if let Some(rollup) = &view.rollup {
                    println!(
                        "children: {} ({}h, {:.0}% done)",
                        view.children,
                        rollup.estimate_hours,
                        rollup.progress * 100.0
                    );
                }
                if !view.description.is_empty() {
                    println!("\n{}", view.description);
                }
            }
        }
        ItemCommand::Move { item, status } => {
            let found = service::find(state, user, &item, ProjectAction::Contribute)
                .await
                .map_err(api_error)?;
            let version = found.item.version;
            let view = service::move_to(
                &writer,
                &found.visible.project,
                &found.item,
                &status,
                None,
                version,
            )
            .await
            .map_err(api_error)?;
            println!("{} → {}", view.key, view.status.name);
            for warning in &view.warnings {
                eprintln!("warning: {warning}");
            }
        }
        ItemCommand::Link {
            pred,
            succ,
            kind,
            lag,
        } => {
            let found = service::find(state, user, &succ, ProjectAction::Contribute)
                .await
                .map_err(api_error)?;
            let input = DependencyInput {
                predecessor: Some(pred),
                successor: None,
                kind: Some(kind),
                lag_days: Some(lag),
            };
            let dependency = service::link(&writer, &found.visible.project, &found.item, &input)
                .await
                .map_err(api_error)?;
            println!(
                "{} → {} ({}, lag {} days)",
                dependency.predecessor.key,
                dependency.successor.key,
                dependency.kind,
                dependency.lag_days
            );
        }
        ItemCommand::Comment {
            item,
            text,
            internal,
        } => {
            let found = service::find(state, user, &item, ProjectAction::Contribute)
                .await
                .map_err(api_error)?;
            let input = CommentInput {
                body: text,
                internal,
                version: None,
            };
            let comment = service::comment(&writer, &found.visible, &found.item, &input)
                .await
                .map_err(api_error)?;
            println!("comment {} on {}", comment.id, found.item.key);
        }
        ItemCommand::Set(set) => {
            let found = service::find(state, user, &set.item, ProjectAction::Contribute)
                .await
                .map_err(api_error)?;
            let expected = set.if_version.unwrap_or(found.item.version);
            let fields = set.fields()?;
            let view = service::update(
                &writer,
                &found.visible.project,
                &found.item,
                &fields,
                expected,
            )
            .await
            .map_err(versioned_error)?;
            println!("{} updated (version {})", view.key, view.version);
            for warning in &view.warnings {
                eprintln!("warning: {warning}");
            }
        }
        ItemCommand::Delete { item, if_version } => {
            let found = service::find(state, user, &item, ProjectAction::Contribute)
                .await
                .map_err(api_error)?;
            let expected = if_version.unwrap_or(found.item.version);
            service::delete(&writer, &found.item, expected)
                .await
                .map_err(versioned_error)?;
            println!("deleted {} {}", found.item.key, found.item.title);
        }
        ItemCommand::History { item, json } => {
            let found = service::find(state, user, &item, ProjectAction::View)
                .await
                .map_err(api_error)?;
            let events = state.store.item_history(found.item.id).await?;
            if json {
                let views: Vec<EventView> = events.into_iter().map(EventView::from).collect();
                println!("{}", serde_json::to_string_pretty(&views)?);
            } else {
                for event in events {
                    let text = event_text(&event);
                    let view = EventView::from(event);
                    let actor = view.actor.map_or_else(|| "System".to_owned(), |a| a.email);
                    println!("{}  {:<24} {text}", view.at, actor);
                }
            }
        }
        ItemCommand::Unlink { pred, succ } => {
            let found = service::find(state, user, &succ, ProjectAction::Contribute)
                .await
                .map_err(api_error)?;
            let dependencies = state.store.item_dependencies(found.item.id).await?;
            let Some(dependency) = dependencies.into_iter().find(|dependency| {
                dependency.successor.id == found.item.id
                    && dependency.predecessor.key.eq_ignore_ascii_case(pred.trim())
            }) else {
                return Err(refuse(
                    "not_found",
                    format!("{} does not wait for {pred}", found.item.key),
                ));
            };
            service::unlink(&writer, &found.item, dependency.id)
                .await
                .map_err(api_error)?;
            println!(
                "{} no longer waits for {}",
                dependency.successor.key, dependency.predecessor.key
            );
        }
        ItemCommand::Comments { item, json } => {
            let found = service::find(state, user, &item, ProjectAction::View)
                .await
                .map_err(api_error)?;
            let comments: Vec<CommentView> = service::comments(state, user, &found)
                .await
                .map_err(api_error)?
                .into_iter()
                .map(CommentView::from)
                .collect();
            if json {
                println!("{}", serde_json::to_string_pretty(&comments)?);
            } else {
                for comment in &comments {
                    let internal = if comment.internal { "  [internal]" } else { "" };
                    let edited = if comment.edited_at.is_some() {
                        "  (edited)"
                    } else {
                        ""
                    };
                    println!(
                        "#{} {} <{}> {}{internal}{edited}",
                        comment.id, comment.author.name, comment.author.email, comment.created_at
                    );
                    for line in comment.body.lines() {
                        println!("    {line}");
                    }
                }
                eprintln!("{} comments", comments.len());
            }
        }
        ItemCommand::CommentEdit {
            item,
            comment_id,
            text,
            if_version,
        } => {
            let found = service::find(state, user, &item, ProjectAction::Contribute)
                .await
                .map_err(api_error)?;
            let comments = service::comments(state, user, &found)
                .await
                .map_err(api_error)?;
            let Some(current) = comments.iter().find(|comment| comment.id == comment_id) else {
                return Err(api_error(ApiError::not_found("comment")));
            };
            // The comment keeps its visibility, as an API edit that resends it.
            let input = CommentInput {
                body: text,
                internal: current.internal,
                version: None,
            };
            let expected = if_version.unwrap_or(current.version);
            let comment = service::edit_comment(
                &writer,
                &found.visible,
                &found.item,
                comment_id,
                &input,
                expected,
            )
            .await
            .map_err(versioned_error)?;
            println!(
                "comment {} on {} edited (version {})",
                comment.id, found.item.key, comment.version
            );
        }
        ItemCommand::CommentDelete { item, comment_id } => {
            let found = service::find(state, user, &item, ProjectAction::Contribute)
                .await
                .map_err(api_error)?;
            service::delete_comment(&writer, &found.item, comment_id)
                .await
                .map_err(api_error)?;
            println!("comment {comment_id} on {} deleted", found.item.key);
        }
    }
    Ok(())
}

/// The list parameters of the acting user's saved view `wanted` (its id, its exact name, or
/// the one name it matches ignoring case), parsed as the list page parses the view's link.
async fn saved_view(
    acting: &Acting,
    visible: &VisibleProject,
    wanted: &str,
) -> anyhow::Result<ListParams> {
    let view = super::view::named(acting, visible, wanted).await?;
    serde_urlencoded::from_str(&view.query).map_err(|error| {
        refuse(
            "validation_failed",
            format!("view '{}' cannot be read: {error}", view.name),
        )
    })
}

/// A saved view's parameters with every flag given on the command line taking precedence.
fn overridden(saved: ListParams, given: ListParams) -> ListParams {
    ListParams {
        status: given.status.or(saved.status),
        category: given.category.or(saved.category),
        assignee: given.assignee.or(saved.assignee),
        label: given.label.or(saved.label),
        sprint: given.sprint.or(saved.sprint),
        item_type: given.item_type.or(saved.item_type),
        parent: given.parent.or(saved.parent),
        q: given.q.or(saved.q),
        sort: given.sort.or(saved.sort),
        order: given.order.or(saved.order),
        limit: given.limit.or(saved.limit),
        offset: given.offset.or(saved.offset),
    }
}

/// One item as a line: key, type, status, assignee, title, blocked marker.
fn line(view: &ItemView) -> String {
    let assignee = view
        .assignee
        .as_ref()
        .map(|person| person.email.as_str())
        .unwrap_or("-");
    let blocked = if view.blocked {
        format!("  [blocked by {}]", view.blocked_by.join(", "))
    } else {
        String::new()
    };
    format!(
        "{:<12} {:<9} {:<14} {:<24} {}{blocked}",
        view.key, view.item_type, view.status.name, assignee, view.title
    )
}
