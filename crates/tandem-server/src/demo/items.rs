//! Demo work items: NWSHOP and HELIOS get a realistic backlog — epics with stories, tasks and
//! bugs, estimates (points, hours, three-point), a dependency chain through the critical work,
//! statuses spread across the board, assignees, comments and dated milestones.

use super::from_today;
use crate::error::ApiError;
use jiff::civil::Date;
use tandem_core::work::{DependencyKind, ItemType, Priority};
use tandem_store::{NewDependency, NewItem, Store, Workflow};

/// A task's estimate: at least this many hours, plus less than the second figure — about a
/// day to a working week, so NWSHOP's levelled kick-off plan has its team busy for months and
/// the demo's earned value is that of a project well under way (SPI near 0.9).
const TASK_HOURS: (i64, u64) = (6, 32);

/// The statuses a story may be in, the furthest along first; stories of earlier epics are
/// further along.
const STAGES: [&str; 7] = [
    "Done",
    "Done",
    "In review",
    "In progress",
    "To do",
    "Backlog",
    "Backlog",
];
/// The stages in which work is under way.
const STARTED: [&str; 2] = ["In review", "In progress"];

/// An epic with its stories; every story gets implementation tasks.
struct EpicPlan {
    title: &'static str,
    stories: &'static [&'static str],
}

const SHOP_EPICS: &[EpicPlan] = &[
    EpicPlan {
        title: "Product catalogue",
        stories: &[
            "Category pages with filters",
            "Product detail page with gallery",
            "Size and colour variants",
            "Stock levels per store",
            "Search with typo tolerance",
            "Recently viewed products",
        ],
    },
    EpicPlan {
        title: "Checkout",
        stories: &[
            "Guest checkout",
            "Card payments via PSP",
            "PayPal and Klarna",
            "Delivery slot picker",
            "Order confirmation e-mail",
            "Promo codes",
        ],
    },
    EpicPlan {
        title: "Customer accounts",
        stories: &[
            "Sign up and sign in",
            "Order history",
            "Saved addresses",
            "Wish list",
            "Password reset",
        ],
    },
    EpicPlan {
        title: "Store operations",
        stories: &[
            "Click and collect",
            "Returns portal",
            "Store locator",
            "Back-office order search",
        ],
    },
    EpicPlan {
        title: "Performance and launch",
        stories: &[
            "Core Web Vitals budget",
            "CDN and image pipeline",
            "Load test at 5x Black Friday",
            "Redirects from the old shop",
            "Analytics and consent banner",
        ],
    },
];

const PORTAL_EPICS: &[EpicPlan] = &[
    EpicPlan {
        title: "Appointments",
        stories: &[
            "Book an appointment",
            "Reschedule and cancel",
            "Reminders by SMS",
            "Clinic calendar sync",
            "Waiting list",
        ],
    },
    EpicPlan {
        title: "Lab results",
        stories: &[
            "Results inbox",
            "Explain values in plain language",
            "Share results with a relative",
            "HL7 feed import",
        ],
    },
    EpicPlan {
        title: "Secure messaging",
        stories: &[
            "Message the care team",
            "Attachments with virus scan",
            "Out-of-hours auto reply",
            "Audit trail for messages",
        ],
    },
    EpicPlan {
        title: "Identity and consent",
        stories: &[
            "National e-ID sign-in",
            "Proxy access for carers",
            "Consent records",
            "Session timeout on shared devices",
        ],
    },
];

const TASKS: &[&str] = &["API endpoint", "UI", "Tests", "Design review"];
const BUGS: &[&str] = &[
    "Layout breaks on iPhone SE",
    "Wrong total after removing a coupon",
    "Timeout when the PSP is slow",
    "Date shown in UTC instead of local time",
    "Screen reader skips the error message",
];

/// A small deterministic generator, so the demo looks the same every time.
pub(super) struct Dice(pub(super) u64);

impl Dice {
    pub(super) fn roll(&mut self, sides: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % sides
    }
}

fn status_id(workflow: &Workflow, name: &str) -> Option<i64> {
    workflow
        .statuses
        .iter()
        .find(|status| status.name == name)
        .map(|status| status.id)
}

/// Loads the items of NWSHOP and HELIOS (after the projects and people exist).
pub async fn load(store: &Store, today: Date) -> Result<(), ApiError> {
    let mut people = Vec::new();
    for email in [
        "mei@tandem.demo",
        "omar@tandem.demo",
        "rita@tandem.demo",
        "jonas@tandem.demo",
    ] {
        if let Some(found) = store.user_by_email(email).await? {
            people.push(found.user.id);
        }
    }
    let shop = store.project_by_key("NWSHOP").await?;
    backlog(store, shop.id, SHOP_EPICS, &people, 7, (today, 60)).await?;
    let portal_people: Vec<i64> = people
        .iter()
        .copied()
        .take(1)
        .chain(people.get(3).copied())
        .collect();
    let portal = store.project_by_key("HELIOS").await?;
    backlog(
        store,
        portal.id,
        PORTAL_EPICS,
        &portal_people,
        11,
        (today, 120),
    )
    .await?;
    // HELIOS has no sprints to replay (NWSHOP's are, in `sprints`): its backlog was written
    // on its second day, so its history does not begin today.
    if let Some(start) = portal.start_date.as_deref().and_then(|d| d.parse().ok()) {
        store
            .backdate_history(portal.id, 0, super::sprints::at(super::shift(start, 1), 9))
            .await?;
    }
    Ok(())
}

/// Creates one project's backlog; the launch milestone is due `launch_in` days after
/// `today`.
async fn backlog(
    store: &Store,
    project_id: i64,
    epics: &[EpicPlan],
    people: &[i64],
    seed: u64,
    (today, launch_in): (Date, i64),
) -> Result<(), ApiError> {
    let workflow = store.workflow(project_id).await?;
    let statuses: Vec<Option<i64>> = STAGES
        .iter()
        .map(|name| status_id(&workflow, name))
        .collect();
    let mut dice = Dice(seed);
    let pick_person = |dice: &mut Dice| -> Option<i64> {
        (!people.is_empty()).then(|| people[dice.roll(people.len() as u64) as usize])
    };
    let mut chain: Vec<i64> = Vec::new();
    for (epic_index, plan) in epics.iter().enumerate() {
        let epic = store
            .create_item(&NewItem {
                description: format!("Everything needed for **{}**.", plan.title.to_lowercase()),
                priority: Priority::High,
                ..NewItem::new(project_id, ItemType::Epic, plan.title)
            })
            .await?;
        // Earlier epics are further along: the status index shifts with the epic.
        for (story_index, title) in plan.stories.iter().enumerate() {
            let progress = (epic_index * 2 + story_index) as u64;
            let stage = ((progress + dice.roll(2)) as usize).min(statuses.len() - 1);
            let status = statuses[stage];
            // Work under way has half of it left; work not started all of it.
            let remaining = |hours: i64| STARTED.contains(&STAGES[stage]).then_some(hours * 30);
            let likely = 4 + dice.roll(20) as i64;
            let story = store
                .create_item(&NewItem {
                    parent_id: Some(epic.id),
                    status_id: status,
                    assignee_id: pick_person(&mut dice),
                    story_points: Some([1, 2, 3, 5, 8, 13][dice.roll(6) as usize]),
                    optimistic_minutes: Some(likely * 60 * 2 / 3),
                    most_likely_minutes: Some(likely * 60),
                    pessimistic_minutes: Some(likely * 60 * 2),
                    priority: [Priority::Medium, Priority::High, Priority::Low]
                        [dice.roll(3) as usize],
                    labels: vec![
                        plan.title
                            .split(' ')
                            .next()
                            .unwrap_or("misc")
                            .to_lowercase(),
                    ],
                    description: format!(
                        "As a customer I want {} so that I get what I came for faster.\n\n\
                         - acceptance: works on mobile\n- acceptance: tracked in analytics",
                        title.to_lowercase()
                    ),
                    ..NewItem::new(project_id, ItemType::Story, *title)
                })
                .await?;
            if story_index == 0 || story_index == plan.stories.len() - 1 {
                chain.push(story.id);
            }
            for task in TASKS.iter().take(2 + dice.roll(3) as usize) {
                let hours = TASK_HOURS.0 + dice.roll(TASK_HOURS.1) as i64;
                store
                    .create_item(&NewItem {
                        parent_id: Some(story.id),
                        status_id: status,
                        assignee_id: pick_person(&mut dice),
                        estimate_minutes: Some(hours * 60),
                        remaining_minutes: remaining(hours),
                        optimistic_minutes: Some(hours * 45),
                        most_likely_minutes: Some(hours * 60),
                        pessimistic_minutes: Some(hours * 100),
                        ..NewItem::new(project_id, ItemType::Task, format!("{title}: {task}"))
                    })
                    .await?;
            }
        }
        let bug = BUGS[dice.roll(BUGS.len() as u64) as usize];
        store
            .create_item(&NewItem {
                parent_id: Some(epic.id),
                status_id: statuses[4],
                priority: Priority::Highest,
                blocking: epic_index % 2 == 0,
                estimate_minutes: Some(180),
                labels: vec!["bug".into()],
                ..NewItem::new(project_id, ItemType::Bug, bug)
            })
            .await?;
    }
    // The critical chain: first and last stories of each epic, in order, finish-to-start.
    for pair in chain.windows(2) {
        let lag = if pair[0] % 3 == 0 { 1 } else { 0 };
        let _ = store
            .add_dependency(
                &NewDependency {
                    predecessor_id: pair[0],
                    successor_id: pair[1],
                    kind: DependencyKind::FinishToStart,
                    lag_days: lag,
                },
                None,
            )
            .await?;
    }
    let halfway = chain.get(chain.len() / 2).copied();
    let milestones = [
        ("Beta for friends and family", launch_in / 2, halfway),
        ("Launch", launch_in, chain.last().copied()),
    ];
    for (title, days, after) in milestones {
        let milestone = store
            .create_item(&NewItem {
                due_date: Some(from_today(today, days)),
                status_id: statuses[5],
                priority: Priority::Highest,
                ..NewItem::new(project_id, ItemType::Milestone, title)
            })
            .await?;
        if let Some(last) = after {
            let _ = store
                .add_dependency(
                    &NewDependency {
                        predecessor_id: last,
                        successor_id: milestone.id,
                        kind: DependencyKind::FinishToStart,
                        lag_days: 0,
                    },
                    None,
                )
                .await?;
        }
    }
    if let (Some(first), Some(author)) = (chain.first(), people.first()) {
        store
            .add_comment(
                *first,
                *author,
                "Designs are signed off; starting with mobile.",
                false,
            )
            .await?;
        store
            .add_comment(
                *first,
                *author,
                "Estimate looks tight — keep an eye on it.",
                true,
            )
            .await?;
    }
    Ok(())
}
