//! Forecasts run again in the background after a change to a plan someone is watching, so
//! the next look at the forecast or status page finds the run in the [`ForecastMemo`]
//! instead of paying for ten thousand trials while the person waits.
//!
//! A project is *watched* for [`WATCH_FOR`] after someone asked for its forecast, with the
//! trials, seed and levelling they asked for. Every successful write under the project's address (the
//! router's [`crate::app`] layer) marks it changed; once no further change has come for
//! [`QUIET_FOR`], one background task per project loads the plan and runs the forecast into
//! the memo. A project nobody watches costs nothing, a burst of edits costs one run, and the
//! run is the same pure function of the plan a request computes: nothing is ever served
//! stale, a request that comes before the warm-up simply computes it itself.
//!
//! Nobody watches anything yet when the server starts, so the daily round that snapshots
//! the projects' health (`diagnosis::daily`) also runs the default forecast — the one the
//! forecast and status pages show — of the first [`WARMED_EACH_DAY`] active projects
//! ([`warm_defaults`]): the first look after a restart or an import finds it remembered.
//!
//! [`ForecastMemo`]: super::forecast_memo::ForecastMemo

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use tandem_engine::forecast::SimulationSettings;
use tandem_store::ProjectFilter;

use super::forecast_memo::MEMO_ENTRIES;
use super::network::PlanData;
use super::service;
use crate::error::ApiError;
use crate::state::AppState;

/// How long a project stays watched after its forecast was last asked for.
pub const WATCH_FOR: Duration = Duration::from_secs(8 * 60 * 60);
/// How long a plan must stay unchanged before its forecast is run again.
pub const QUIET_FOR: Duration = Duration::from_secs(1);

/// The forecast someone asked for, as the warm-up runs it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Asked {
    pub settings: SimulationSettings,
    /// Levelled over the project's people, not, or as the plan calls for (`None`, ADR 0034).
    pub level: Option<bool>,
}

/// The watched projects, by key.
#[derive(Debug, Default)]
pub struct ForecastWarmer {
    watched: Mutex<HashMap<String, Watch>>,
}

#[derive(Debug)]
struct Watch {
    asked_at: Instant,
    asked: Asked,
    /// The last change not yet forecast.
    changed_at: Option<Instant>,
    /// Whether a warm-up task is running for the project.
    running: bool,
}

/// What the warm-up task of a project does next.
#[derive(Debug, PartialEq, Eq)]
enum Step {
    /// Changes are still coming: wait this long and ask again.
    Wait(Duration),
    /// The plan has been quiet: run this forecast.
    Run(Asked),
    /// Nothing left to run.
    Done,
}

impl ForecastWarmer {
    /// Someone asked for project `key`'s forecast: keep it warm for [`WATCH_FOR`].
    pub fn watch(&self, key: &str, asked: Asked) {
        self.watch_at(key, asked, Instant::now());
    }

    fn watch_at(&self, key: &str, asked: Asked, now: Instant) {
        let mut watched = self.lock();
        let watch = watched.entry(key.to_owned()).or_insert(Watch {
            asked_at: now,
            asked,
            changed_at: None,
            running: false,
        });
        watch.asked_at = now;
        watch.asked = asked;
    }

    /// Marks project `key` changed; true when the caller must start its warm-up task (it
    /// is watched and none runs). A watch that has lapsed is forgotten.
    fn mark_changed(&self, key: &str, now: Instant) -> bool {
        let mut watched = self.lock();
        let Some(watch) = watched.get_mut(key) else {
            return false;
        };
        if now.saturating_duration_since(watch.asked_at) > WATCH_FOR {
            watched.remove(key);
            return false;
        }
        watch.changed_at = Some(now);
        !std::mem::replace(&mut watch.running, true)
    }

    /// The warm-up task's next step; on [`Step::Done`] the project has no task any more.
    fn next_step(&self, key: &str, now: Instant) -> Step {
        let mut watched = self.lock();
        let Some(watch) = watched.get_mut(key) else {
            return Step::Done;
        };
        match watch.changed_at {
            Some(changed_at) => {
                let quiet_since = now.saturating_duration_since(changed_at);
                if quiet_since < QUIET_FOR {
                    Step::Wait(QUIET_FOR - quiet_since)
                } else {
                    watch.changed_at = None;
                    Step::Run(watch.asked)
                }
            }
            None => {
                watch.running = false;
                Step::Done
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Watch>> {
        self.watched.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A write under project `key` succeeded: warm its forecast again if someone watches it.
pub fn after_write(state: &AppState, key: &str) {
    if state.warmer.mark_changed(key, Instant::now()) {
        tokio::spawn(warm(state.clone(), key.to_owned()));
    }
}

/// The warm-up task of project `key`: waits for the plan to go quiet, runs the forecast,
/// and goes again while changes keep coming.
async fn warm(state: AppState, key: String) {
    loop {
        match state.warmer.next_step(&key, Instant::now()) {
            Step::Wait(pause) => tokio::time::sleep(pause).await,
            Step::Run(asked) => {
                if let Err(error) = run(&state, &key, asked).await {
                    // Nothing to warm (no open work, a plan that cannot be forecast, a
                    // deleted project): the request will say why when someone asks.
                    tracing::debug!(project = %key, error = %error.message, "forecast not warmed");
                }
            }
            Step::Done => return,
        }
    }
}

async fn run(state: &AppState, key: &str, asked: Asked) -> Result<(), ApiError> {
    let project = state.store.project_by_key(key).await?;
    let data = PlanData::load(&state.store, project).await?;
    let people = service::people_for(&state.store, &data, asked.level).await?;
    service::run_forecast(state, data, asked.settings, people).await?;
    Ok(())
}

/// How many projects' default forecasts the daily round runs: half the memo, so the runs of
/// the pages people are using stay remembered beside them.
pub const WARMED_EACH_DAY: usize = MEMO_ENTRIES / 2;

/// Runs the default forecast (the forecast and status pages' own) of the first
/// [`WARMED_EACH_DAY`] projects that are not archived, one after another, into the memo;
/// returns how many ran. A project that cannot be forecast is skipped: its page will say why.
pub async fn warm_defaults(state: &AppState) -> usize {
    let projects = match state.store.list_projects(&ProjectFilter::default()).await {
        Ok(projects) => projects,
        Err(error) => {
            tracing::warn!(%error, "forecast warm-up: cannot list projects");
            return 0;
        }
    };
    let asked = Asked {
        settings: service::DEFAULT_SIMULATION,
        level: None,
    };
    let mut warmed = 0;
    for project in projects.into_iter().take(WARMED_EACH_DAY) {
        match run(state, &project.key, asked).await {
            Ok(()) => warmed += 1,
            Err(error) => {
                tracing::debug!(project = %project.key, error = %error.message, "forecast not warmed");
            }
        }
    }
    warmed
}

/// The project a request path writes under: `/projects/{key}/…` and `/items/{KEY-n}/…`, on
/// the web or under `/api/v1`.
pub fn project_key_of(path: &str) -> Option<&str> {
    let path = path.strip_prefix("/api/v1").unwrap_or(path);
    let mut segments = path.trim_start_matches('/').split('/');
    let (kind, id) = (segments.next()?, segments.next()?);
    let key = match kind {
        "projects" => id,
        "items" => id.rsplit_once('-')?.0,
        _ => return None,
    };
    (!key.is_empty()).then_some(key)
}

#[cfg(test)]
mod tests {
    use std::num::NonZeroU32;

    use super::*;

    fn asked(seed: u64) -> Asked {
        Asked {
            settings: SimulationSettings {
                trials: NonZeroU32::new(100).expect("non-zero"),
                seed,
            },
            level: None,
        }
    }

    #[test]
    fn writes_name_their_project_by_key_or_item_key() {
        assert_eq!(project_key_of("/api/v1/projects/ACME/items"), Some("ACME"));
        assert_eq!(project_key_of("/projects/ACME/board/move"), Some("ACME"));
        assert_eq!(project_key_of("/api/v1/items/ACME-42"), Some("ACME"));
        assert_eq!(project_key_of("/items/ACME-42/comments"), Some("ACME"));
        assert_eq!(project_key_of("/api/v1/projects"), None);
        assert_eq!(project_key_of("/items/nodash"), None);
        assert_eq!(project_key_of("/settings/email"), None);
        assert_eq!(project_key_of("/"), None);
    }

    #[test]
    fn an_unwatched_project_is_never_warmed() {
        let (warmer, now) = (ForecastWarmer::default(), Instant::now());
        assert!(!warmer.mark_changed("ACME", now));
        assert_eq!(warmer.next_step("ACME", now), Step::Done);
    }

    #[test]
    fn a_burst_of_changes_runs_once_after_the_plan_goes_quiet() {
        let (warmer, start) = (ForecastWarmer::default(), Instant::now());
        let at = |millis: u64| start + Duration::from_millis(millis);
        warmer.watch_at("ACME", asked(7), start);
        assert!(
            warmer.mark_changed("ACME", at(0)),
            "the first change starts a task"
        );
        assert!(!warmer.mark_changed("ACME", at(600)), "a task already runs");
        assert_eq!(
            warmer.next_step("ACME", at(600)),
            Step::Wait(QUIET_FOR),
            "a full quiet period after the last change"
        );
        assert_eq!(warmer.next_step("ACME", at(1600)), Step::Run(asked(7)));
        assert_eq!(warmer.next_step("ACME", at(1700)), Step::Done);
        assert!(
            warmer.mark_changed("ACME", at(1800)),
            "after Done a change starts a new task"
        );
    }

    #[test]
    fn a_change_during_a_run_runs_again_with_the_latest_request() {
        let (warmer, start) = (ForecastWarmer::default(), Instant::now());
        let at = |millis: u64| start + Duration::from_millis(millis);
        warmer.watch_at("ACME", asked(1), start);
        assert!(warmer.mark_changed("ACME", at(0)));
        assert_eq!(warmer.next_step("ACME", at(1000)), Step::Run(asked(1)));
        // The latest request is unlevelled: so is the next run.
        let unlevelled = Asked {
            level: Some(false),
            ..asked(2)
        };
        warmer.watch_at("ACME", unlevelled, at(1100));
        assert!(!warmer.mark_changed("ACME", at(1200)));
        assert_eq!(warmer.next_step("ACME", at(2200)), Step::Run(unlevelled));
        assert_eq!(warmer.next_step("ACME", at(2300)), Step::Done);
    }

    #[test]
    fn a_watch_lapses_when_nobody_asks_for_the_forecast() {
        let (warmer, start) = (ForecastWarmer::default(), Instant::now());
        warmer.watch_at("ACME", asked(1), start);
        let later = start + WATCH_FOR + Duration::from_secs(1);
        assert!(!warmer.mark_changed("ACME", later));
        assert_eq!(warmer.next_step("ACME", later), Step::Done);
    }
}
