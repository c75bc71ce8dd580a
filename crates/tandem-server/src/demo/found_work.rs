//! Work found along the way in NWSHOP and HELIOS: the discovery and set-up work of each
//! project's first weeks, and the bugs testing found and the team fixed since, all done and
//! dated in the history (started one day, finished a few working days later).
//!
//! Like many teams' kick-off plans, the demo's held the build work only: this work was
//! recorded as it came, after the kick-off baselines, so it carries no planned value and,
//! being done, moves no date of the plan, the forecast or the levelled workload. It fills
//! the boards, lists, Gantt and reports the way a project a few months in looks.

use super::items::Dice;
use super::shift;
use super::sprints::{Replay, status};
use crate::error::ApiError;
use jiff::civil::{Date, Weekday};
use tandem_core::roles::UserRole;
use tandem_core::work::{DependencyKind, ItemType, Priority, StatusCategory};
use tandem_store::{Item, ItemFilter, NewDependency, NewItem, Store};

/// One stream of early work, done one piece after the other (finish-to-start).
struct Track {
    label: &'static str,
    /// Who did it (a member's e-mail); the project manager when they are not a member.
    owner: &'static str,
    steps: &'static [&'static str],
}

/// What one project found along the way.
struct Found {
    key: &'static str,
    /// The epic holding the early work.
    epic: &'static str,
    tracks: &'static [Track],
    /// Bugs found and fixed so far.
    bugs: usize,
    /// The last days, in which testing found them.
    testing_days: i64,
    /// What testing found, appended to the title of the story it was found in.
    symptoms: &'static [&'static str],
    seed: u64,
}

const SHOP: Found = Found {
    key: "NWSHOP",
    epic: "Discovery and foundations",
    tracks: &[
        Track {
            label: "research",
            owner: "paula@tandem.demo",
            steps: &[
                "Interviews with eight store customers",
                "Competitor checkout teardown",
                "Top tasks survey of shop visitors",
                "Accessibility audit of the old shop",
                "Personas and top tasks signed off",
            ],
        },
        Track {
            label: "design",
            owner: "omar@tandem.demo",
            steps: &[
                "Wireframes: home and category pages",
                "Wireframes: checkout",
                "Clickable prototype",
                "Usability test round 1",
                "Design system: colours and typography",
                "Design system: buttons and forms",
            ],
        },
        Track {
            label: "platform",
            owner: "mei@tandem.demo",
            steps: &[
                "Repository and CI pipeline",
                "Staging environment",
                "Data model for products and variants",
                "Product feed import from the ERP",
                "Error tracking and alerting",
                "Feature flags",
            ],
        },
        Track {
            label: "commercial",
            owner: "jonas@tandem.demo",
            steps: &[
                "Payment provider shortlist",
                "Payment provider contract",
                "Hosting cost estimate",
                "SEO inventory of the old URLs",
                "Analytics tag plan",
                "Security review of the architecture",
            ],
        },
    ],
    bugs: 48,
    testing_days: 30,
    symptoms: &[
        "button unreachable with the keyboard",
        "text cut off in German",
        "spinner never stops on a slow network",
        "wrong price shown after going back",
        "layout breaks on a small phone",
        "error message not read by the screen reader",
        "double submit on a quick second tap",
        "stock badge shows the wrong store",
        "empty state missing",
        "focus lost after closing the dialog",
        "images not lazy-loaded",
        "validation accepts an empty postcode",
    ],
    seed: 23,
};

const PORTAL: Found = Found {
    key: "HELIOS",
    epic: "Discovery and compliance",
    tracks: &[
        Track {
            label: "research",
            owner: "jonas@tandem.demo",
            steps: &[
                "Interviews with six patients",
                "Interviews with clinic reception staff",
                "Journey map: booking an appointment",
            ],
        },
        Track {
            label: "compliance",
            owner: "jonas@tandem.demo",
            steps: &[
                "Data protection impact assessment",
                "Clinical safety case outline",
                "Penetration test scope",
            ],
        },
        Track {
            label: "design",
            owner: "mei@tandem.demo",
            steps: &[
                "Wireframes: appointment booking",
                "Wireframes: results inbox",
                "Accessible colour palette",
                "Prototype walkthrough with the clinic",
            ],
        },
        Track {
            label: "platform",
            owner: "mei@tandem.demo",
            steps: &[
                "Repository and CI pipeline",
                "Hosting in the hospital's cloud tenant",
                "Logging without patient data",
                "HL7 interface spec from the lab",
                "e-ID provider test account",
            ],
        },
    ],
    bugs: 14,
    testing_days: 14,
    symptoms: &[
        "button unreachable with the keyboard",
        "text cut off in German",
        "spinner never stops on a slow network",
        "session expires while typing",
        "layout breaks on a small phone",
        "error message not read by the screen reader",
        "double submit on a quick second tap",
        "times shown in UTC instead of local time",
        "contrast below WCAG AA",
        "focus lost after closing the dialog",
    ],
    seed: 29,
};

/// Loads the found work of NWSHOP and HELIOS (after the baselines, with their project
/// manager as the one recording it).
pub async fn load(store: &Store, today: Date, manager: i64) -> Result<(), ApiError> {
    for found in [&SHOP, &PORTAL] {
        load_project(store, today, manager, found).await?;
    }
    Ok(())
}

async fn load_project(
    store: &Store,
    today: Date,
    manager: i64,
    found: &Found,
) -> Result<(), ApiError> {
    let project = store.project_by_key(found.key).await?;
    let workflow = store.workflow(project.id).await?;
    let (Some(doing), Some(done), Some(start)) = (
        status(&workflow, StatusCategory::InProgress),
        status(&workflow, StatusCategory::Done),
        project
            .start_date
            .as_deref()
            .and_then(|d| d.parse::<Date>().ok()),
    ) else {
        return Ok(());
    };
    let members = store.list_members(project.id).await?;
    let member = |email: &str| {
        members
            .iter()
            .find(|member| member.email == email && member.user_role != UserRole::Client)
            .map(|member| member.user_id)
    };
    let items = store
        .list_items(project.id, &ItemFilter::default())
        .await?
        .items;
    let work = Work {
        replay: Replay {
            store,
            project_id: project.id,
            actor: Some(manager),
        },
        doing,
        done,
        yesterday: shift(today, -1),
    };
    let mut dice = Dice(found.seed);
    // The early work takes the first half of the time so far; testing finds bugs in the
    // last weeks, once the backlog's stories are being built.
    let elapsed = start
        .until(today)
        .map(|span| i64::from(span.get_days()))
        .unwrap_or_default()
        .max(4);
    let half = shift(start, elapsed / 2);
    let testing_days = found.testing_days.min(elapsed / 2);
    let epic = work
        .record(
            NewItem {
                description: "What we learned and set up before building: research, design \
                              groundwork, platform and contracts."
                    .into(),
                priority: Priority::High,
                ..NewItem::new(project.id, ItemType::Epic, found.epic)
            },
            (working_day(start), half),
        )
        .await?;
    for track in found.tracks {
        let owner = member(track.owner).or(Some(manager));
        early_track(&work, &mut dice, &epic, owner, track, (start, half)).await?;
    }
    let tested: Vec<&Item> = items
        .iter()
        .filter(|item| {
            item.item_type == ItemType::Story && item.status.category != StatusCategory::Todo
        })
        .collect();
    let testing_from = shift(today, -testing_days);
    fixed_bugs(
        &work,
        &mut dice,
        found,
        &tested,
        (testing_from, testing_days),
    )
    .await
}

/// The bugs testing found in the stories under way or done (`tested`), one every few days
/// from `first` over `days`, each fixed one to three working days later by the story's holder.
async fn fixed_bugs(
    work: &Work<'_>,
    dice: &mut Dice,
    found: &Found,
    tested: &[&Item],
    (first, days): (Date, i64),
) -> Result<(), ApiError> {
    for index in 0..found.bugs {
        let Some(story) = tested.get(dice.roll(tested.len().max(1) as u64) as usize) else {
            break;
        };
        let symptom = found.symptoms[(index + dice.roll(3) as usize) % found.symptoms.len()];
        let found_on = working_day(shift(first, index as i64 * days / found.bugs as i64));
        let fixed_on = working_day(shift(found_on, 1 + dice.roll(3) as i64));
        work.record(
            NewItem {
                parent_id: story.parent.as_ref().map(|epic| epic.id),
                assignee_id: story.assignee.as_ref().map(|person| person.id),
                priority: [Priority::Medium, Priority::High, Priority::Low][dice.roll(3) as usize],
                estimate_minutes: Some(60 * (1 + dice.roll(6) as i64)),
                labels: vec!["bug".into()],
                description: format!(
                    "Found while testing {} ({}) on staging.\n\n\
                     **Expected:** it works as the story says. **Actual:** {symptom}.",
                    story.key, story.title
                ),
                ..NewItem::new(
                    story.project_id,
                    ItemType::Bug,
                    format!("{}: {symptom}", story.title),
                )
            },
            (found_on, fixed_on),
        )
        .await?;
    }
    Ok(())
}

/// Writes the found work as it happened.
struct Work<'a> {
    replay: Replay<'a>,
    doing: i64,
    done: i64,
    /// The last day anything may be finished on.
    yesterday: Date,
}

impl Work<'_> {
    /// Creates `new` in progress on the first day and finishes it on the second (at the
    /// latest yesterday), both in the history.
    async fn record(
        &self,
        new: NewItem,
        (started, finished): (Date, Date),
    ) -> Result<Item, ApiError> {
        // Whoever holds the work moves it; the manager what nobody holds.
        let replay = Replay {
            actor: new.assignee_id.or(self.replay.actor),
            ..self.replay
        };
        let started = started.min(self.yesterday);
        let mark = crate::clock::now_ms();
        let item = replay
            .store
            .create_item(&NewItem {
                status_id: Some(self.doing),
                ..new
            })
            .await?;
        replay.stamp(mark, started, 9).await?;
        replay
            .move_item(
                item.id,
                self.done,
                finished.clamp(started, self.yesterday),
                16,
            )
            .await?;
        Ok(item)
    }
}

/// One track of early work under `epic`, spread over `window`, each step after the last.
async fn early_track(
    work: &Work<'_>,
    dice: &mut Dice,
    epic: &Item,
    owner: Option<i64>,
    track: &Track,
    (first, last): (Date, Date),
) -> Result<(), ApiError> {
    let days = first
        .until(last)
        .map(|span| i64::from(span.get_days()))
        .unwrap_or_default();
    let count = track.steps.len() as i64;
    let mut previous: Option<i64> = None;
    for (index, title) in track.steps.iter().enumerate() {
        let begin = working_day(shift(first, index as i64 * days / count));
        let end = working_day(shift(first, (index as i64 + 1) * days / count - 1));
        let hours = 4 + dice.roll(13) as i64;
        let item = work
            .record(
                NewItem {
                    parent_id: Some(epic.id),
                    assignee_id: owner,
                    estimate_minutes: Some(hours * 60),
                    labels: vec![track.label.into()],
                    ..NewItem::new(epic.project_id, ItemType::Task, *title)
                },
                (begin, end.max(begin)),
            )
            .await?;
        if let Some(before) = previous {
            let mark = crate::clock::now_ms();
            // A chain of new items cannot close a cycle.
            let _ = work
                .replay
                .store
                .add_dependency(
                    &NewDependency {
                        predecessor_id: before,
                        successor_id: item.id,
                        kind: DependencyKind::FinishToStart,
                        lag_days: 0,
                    },
                    work.replay.actor,
                )
                .await?;
            work.replay.stamp(mark, begin, 9).await?;
        }
        previous = Some(item.id);
    }
    Ok(())
}

/// `day`, or the Monday after when it falls on a weekend.
fn working_day(day: Date) -> Date {
    match day.weekday() {
        Weekday::Saturday => shift(day, 2),
        Weekday::Sunday => shift(day, 1),
        _ => day,
    }
}
