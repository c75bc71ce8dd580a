//! NWSHOP's sprint history and everybody's time: two completed two-week sprints and an
//! active one, with items finished on different days (so burndown, burn-up, velocity and
//! cumulative flow have a shape), one item spilling over, a planned next sprint, and time
//! logged on weekdays since the project started.
//!
//! The store stamps history with the wall clock; each simulated day's changes are re-stamped
//! onto that day with `Store::backdate_history`, in order, so reports rebuild a real past.

use super::shift;
use crate::error::ApiError;
use std::collections::HashMap;

use jiff::civil::Date;
use tandem_core::work::{ItemType, StatusCategory};
use tandem_store::{
    Item, ItemFilter, ItemPatch, NewSprint, NewTimeEntry, Store, Unfinished, Workflow,
};

/// Sprint length in days.
const SPRINT_DAYS: i64 = 14;
/// Stories each sprint takes on.
const SPRINT_STORIES: usize = 5;
/// Days over which a past sprint's stories get done.
const PAST_SPAN: i64 = SPRINT_DAYS - 3;

/// Unix ms of `hour`:00 UTC on `day`.
pub(super) fn at(day: Date, hour: i8) -> i64 {
    day.at(hour, 0, 0, 0)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map(|zoned| zoned.timestamp().as_millisecond())
        .unwrap_or_default()
}

/// The id of the workflow's first status in `category`.
pub(super) fn status(workflow: &Workflow, category: StatusCategory) -> Option<i64> {
    workflow
        .statuses
        .iter()
        .find(|status| status.category == category)
        .map(|status| status.id)
}

/// Replays changes onto past days: each step's writes are re-stamped onto its day.
pub(super) struct Replay<'a> {
    pub(super) store: &'a Store,
    pub(super) project_id: i64,
    pub(super) actor: Option<i64>,
}

impl Replay<'_> {
    /// Stamps whatever happened since `mark` as `day` at `hour`.
    pub(super) async fn stamp(&self, mark: i64, day: Date, hour: i8) -> Result<(), ApiError> {
        self.store
            .backdate_history(self.project_id, mark, at(day, hour))
            .await?;
        Ok(())
    }

    /// Moves an item to status `to` on `day`.
    pub(super) async fn move_item(
        &self,
        item_id: i64,
        to: i64,
        day: Date,
        hour: i8,
    ) -> Result<(), ApiError> {
        let mark = crate::clock::now_ms();
        let item = self.store.item(item_id).await?;
        let patch = ItemPatch {
            status_id: Some(to),
            ..ItemPatch::default()
        };
        self.store
            .update_item(item_id, &patch, item.version, self.actor)
            .await?;
        self.stamp(mark, day, hour).await
    }

    /// Creates a sprint with its dates, plans `items` into it and (when `start`) starts it on
    /// its first day.
    async fn sprint(
        &self,
        name: &str,
        goal: &str,
        first: Date,
        items: &[i64],
        start: bool,
    ) -> Result<i64, ApiError> {
        let mark = crate::clock::now_ms();
        let last = shift(first, SPRINT_DAYS - 1);
        let sprint = self
            .store
            .create_sprint(&NewSprint {
                project_id: self.project_id,
                name: name.to_owned(),
                goal: goal.to_owned(),
                starts_on: Some(first.to_string()),
                ends_on: Some(last.to_string()),
            })
            .await?;
        self.store
            .plan_items(self.project_id, Some(sprint.id), items, self.actor)
            .await?;
        if start {
            self.store
                .start_sprint(
                    sprint.id,
                    sprint.version,
                    &first.to_string(),
                    &last.to_string(),
                )
                .await?;
        }
        // A started sprint is planned and started on its first morning; a planned one is
        // prepared the afternoon before.
        let (day, hour) = if start {
            (first, 9)
        } else {
            (shift(first, -1), 16)
        };
        self.stamp(mark, day, hour).await?;
        Ok(sprint.id)
    }

    /// Completes a sprint at the end of `day`, unfinished items to the next planned sprint.
    async fn complete(&self, sprint_id: i64, day: Date) -> Result<(), ApiError> {
        let mark = crate::clock::now_ms();
        let sprint = self.store.sprint_by_id(sprint_id).await?;
        self.store
            .complete_sprint(
                sprint_id,
                sprint.version,
                Some(Unfinished::Next),
                &[],
                self.actor,
            )
            .await?;
        self.stamp(mark, day, 17).await
    }
}

/// Loads the sprints and time of NWSHOP (after its items and members exist).
pub async fn load(store: &Store, today: Date, manager: i64) -> Result<(), ApiError> {
    let project = store.project_by_key("NWSHOP").await?;
    let workflow = store.workflow(project.id).await?;
    let (Some(doing), Some(done)) = (
        status(&workflow, StatusCategory::InProgress),
        status(&workflow, StatusCategory::Done),
    ) else {
        return Ok(());
    };
    let items = store
        .list_items(project.id, &ItemFilter::default())
        .await?
        .items;
    let mut tasks: HashMap<i64, Vec<i64>> = HashMap::new();
    for item in &items {
        if let Some(parent) = &item.parent {
            tasks.entry(parent.id).or_default().push(item.id);
        }
    }
    let flow = Flow { doing, done, tasks };
    let stories: Vec<Item> = items
        .into_iter()
        .filter(|item| item.item_type == ItemType::Story)
        .collect();
    // Stories not started yet go through the sprints and end done (or under way).
    let fresh: Vec<i64> = stories
        .iter()
        .filter(|item| item.status.category == StatusCategory::Todo && item.sprint_id.is_none())
        .map(|item| item.id)
        .take(SPRINT_STORIES * 3)
        .collect();
    let open: Vec<i64> = stories
        .iter()
        .filter(|item| item.status.category == StatusCategory::InProgress)
        .map(|item| item.id)
        .take(4)
        .collect();
    let replay = Replay {
        store,
        project_id: project.id,
        actor: Some(manager),
    };
    let first = shift(today, -(2 * SPRINT_DAYS + 6));
    // Everything so far (the backlog) existed before the first sprint.
    replay.stamp(0, shift(first, -3), 9).await?;

    let (one, rest) = fresh.split_at(SPRINT_STORIES.min(fresh.len()));
    let (two, three) = rest.split_at(SPRINT_STORIES.min(rest.len()));
    // Sprint 1 also commits to the first story of sprint 2, which spills over.
    let mut first_scope: Vec<i64> = one.to_vec();
    first_scope.extend(two.first());
    let sprint_one = replay
        .sprint(
            "Sprint 1",
            "Browse and search the catalogue on mobile",
            first,
            &first_scope,
            true,
        )
        .await?;
    flow.finish(&replay, one, first, PAST_SPAN).await?;
    let second = shift(first, SPRINT_DAYS);
    let sprint_two = replay
        .sprint(
            "Sprint 2",
            "A checkout that takes under a minute",
            second,
            &two[1.min(two.len())..],
            false,
        )
        .await?;
    replay
        .complete(sprint_one, shift(first, SPRINT_DAYS - 1))
        .await?;
    let mark = crate::clock::now_ms();
    let sprint = store.sprint_by_id(sprint_two).await?;
    store
        .start_sprint(
            sprint_two,
            sprint.version,
            &second.to_string(),
            &shift(second, SPRINT_DAYS - 1).to_string(),
        )
        .await?;
    replay.stamp(mark, second, 9).await?;
    // Sprint 2 finishes all but one of its stories.
    let (two_done, two_open) = two.split_at(two.len().saturating_sub(1));
    flow.finish(&replay, two_done, second, PAST_SPAN).await?;
    let third_start = shift(second, SPRINT_DAYS);
    let mut third_scope: Vec<i64> = three.to_vec();
    third_scope.extend(&open);
    let sprint_three = replay
        .sprint(
            "Sprint 3",
            "Accounts and order history",
            third_start,
            &third_scope,
            false,
        )
        .await?;
    replay
        .complete(sprint_two, shift(second, SPRINT_DAYS - 1))
        .await?;
    let mark = crate::clock::now_ms();
    let sprint = store.sprint_by_id(sprint_three).await?;
    store
        .start_sprint(
            sprint_three,
            sprint.version,
            &third_start.to_string(),
            &shift(third_start, SPRINT_DAYS - 1).to_string(),
        )
        .await?;
    replay.stamp(mark, third_start, 9).await?;
    // The active sprint is under way: the spilled story and part of its own are done.
    let mut progressing: Vec<i64> = two_open.to_vec();
    progressing.extend(three);
    let days_in = third_start
        .until(today)
        .map(|span| i64::from(span.get_days()))
        .unwrap_or(1)
        .max(2);
    let finishing = &progressing[..progressing.len() / 2];
    flow.finish(&replay, finishing, third_start, days_in - 1)
        .await?;
    replay
        .sprint(
            "Sprint 4",
            "Wish lists and reviews",
            shift(third_start, SPRINT_DAYS),
            &[],
            false,
        )
        .await?;
    let start = project.start_date.as_deref().and_then(|d| d.parse().ok());
    time(store, project.id, start.unwrap_or(first), today, &stories).await
}

/// How a story moves through the workflow: to `doing`, then to `done` with its tasks.
struct Flow {
    doing: i64,
    done: i64,
    /// Each story's tasks, which start and finish with it (a story is done when its
    /// tasks are, so its work is earned).
    tasks: HashMap<i64, Vec<i64>>,
}

impl Flow {
    /// Starts and finishes `stories` and their tasks, spread over days 1 to `span` of the
    /// sprint beginning `first`.
    async fn finish(
        &self,
        replay: &Replay<'_>,
        stories: &[i64],
        first: Date,
        span: i64,
    ) -> Result<(), ApiError> {
        let count = stories.len().max(1) as i64;
        for (index, story) in stories.iter().enumerate() {
            let finish_day = 1 + index as i64 * span / count;
            let tasks = self.tasks.get(story).map_or(&[][..], Vec::as_slice);
            for id in std::iter::once(story).chain(tasks) {
                replay
                    .move_item(*id, self.doing, shift(first, (finish_day - 2).max(0)), 10)
                    .await?;
                replay
                    .move_item(*id, self.done, shift(first, finish_day), 15)
                    .await?;
            }
        }
        Ok(())
    }
}

/// Weekday time of the project's members on the stories, from the project's start to
/// yesterday.
async fn time(
    store: &Store,
    project_id: i64,
    start: Date,
    today: Date,
    stories: &[Item],
) -> Result<(), ApiError> {
    let days = start
        .until(today)
        .map(|span| i64::from(span.get_days()))
        .unwrap_or_default();
    let members = store.list_members(project_id).await?;
    let people: Vec<i64> = members
        .iter()
        .filter(|m| m.user_role != tandem_core::roles::UserRole::Client)
        .map(|m| m.user_id)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if stories.is_empty() {
        return Ok(());
    }
    for back in 1..=days {
        let day = shift(today, -back);
        if matches!(
            day.weekday(),
            jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday
        ) {
            continue;
        }
        for (index, user_id) in people.iter().enumerate() {
            let seed = (back as usize) * 7 + index * 3;
            let story = &stories[seed % stories.len()];
            store
                .create_time_entry(&NewTimeEntry {
                    project_id,
                    user_id: *user_id,
                    item_id: Some(story.id),
                    date: day.to_string(),
                    minutes: 60 * (3 + (seed % 5) as i64),
                    billable: !seed.is_multiple_of(4),
                    note: format!("Worked on {}", story.title.to_lowercase()),
                })
                .await?;
        }
    }
    Ok(())
}
