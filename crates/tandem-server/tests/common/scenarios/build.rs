//! Builds one scenario's project through the HTTP API: first a plan in memory (people,
//! features, items and their windows, sized by the seed and bent by the planted causes), then
//! the requests that store it, then the plants that need the stored project (a forecast to
//! miss, blockers to age).

use super::rng::Rng;
use super::{Scenario, Strength};
use crate::common::product::create;
use crate::common::{Caller, Person, TestApp};
use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use reqwest::Method;
use serde_json::{Value, json};
use tandem_core::health::SignalId;

/// The agency behind every generated project: an admin, both managers, a client and a pool
/// of developers (each project staffs a few of them with its own capacity and rate).
pub struct Agency {
    pub admin: Caller,
    pub product_manager: Person,
    pub project_manager: Person,
    pub developers: Vec<Person>,
    pub client_id: i64,
}

/// How many developers the pool holds.
const DEVELOPERS: usize = 5;

/// Creates the agency's accounts (once per server).
pub async fn agency(app: &TestApp) -> Agency {
    let admin = app.setup_admin().await;
    let product_manager = app.member(&admin, "paula@example.com").await;
    let project_manager = app.member(&admin, "jonas@example.com").await;
    let mut developers = Vec::new();
    for n in 1..=DEVELOPERS {
        developers.push(app.member(&admin, &format!("dev{n}@example.com")).await);
    }
    let client_id = app.create_client(&admin, "Northwind").await;
    Agency {
        admin,
        product_manager,
        project_manager,
        developers,
        client_id,
    }
}

/// The share of a developer's daily capacity a healthy plan books.
const HEALTHY_LOAD: f64 = 0.75;
/// Titles features are drawn from.
const FEATURES: [&str; 10] = [
    "Sign-up",
    "Catalogue",
    "Search",
    "Basket",
    "Checkout",
    "Payments",
    "Order history",
    "Notifications",
    "Reviews",
    "Loyalty points",
];

/// A developer staffed on the project.
struct Staff<'a> {
    person: &'a Person,
    weekly_hours: f64,
    rate: f64,
}

impl Staff<'_> {
    fn daily_hours(&self) -> f64 {
        self.weekly_hours / 5.0
    }
}

/// A task of the plan.
struct Task {
    feature: usize,
    hours: i64,
    dev: usize,
    done: bool,
    /// Logged hours (done tasks), set when the plan decides how much was logged.
    window: Option<(Date, Date)>,
}

/// A feature of the plan.
pub(super) struct Feature {
    pub(super) title: &'static str,
    pub(super) mvp: bool,
    pub(super) must: bool,
    pub(super) estimate_days: f64,
}

/// Calendar facts every plan uses.
pub(super) struct Dates {
    pub(super) today: Date,
    /// Monday of last week: the week whose time should be logged.
    last_monday: Date,
    /// Monday of next week: where open work starts.
    next_monday: Date,
    start: Date,
}

impl Dates {
    fn now() -> Self {
        let today = jiff::Timestamp::now()
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date();
        let offset = i64::from(today.weekday().to_monday_zero_offset());
        let this_monday = today - offset.days();
        Self {
            today,
            last_monday: this_monday - 7.days(),
            next_monday: this_monday + 7.days(),
            start: this_monday - 21.days(),
        }
    }
}

/// `date` plus `n` working days (Monday–Friday).
fn add_working_days(mut date: Date, mut n: i64) -> Date {
    while n > 0 {
        date = date.tomorrow().expect("a date");
        if !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday) {
            n -= 1;
        }
    }
    date
}

/// How strongly `scenario` plants `id`, if it does.
pub(super) fn strength(scenario: &Scenario, id: SignalId) -> Option<Strength> {
    scenario
        .planted()
        .into_iter()
        .find(|(planted, _)| *planted == id)
        .map(|(_, strength)| strength)
}

/// The plan of one project before anything is stored.
pub(super) struct Plan<'a> {
    pub(super) key: String,
    staff: Vec<Staff<'a>>,
    pub(super) features: Vec<Feature>,
    tasks: Vec<Task>,
    pub(super) dates: Dates,
    /// Budget over the planned labour cost (1.1 = 10 % headroom).
    budget_factor: f64,
}

impl Plan<'_> {
    /// Planned labour cost of `tasks` at each assignee's rate.
    fn cost<'t>(&self, tasks: impl Iterator<Item = &'t Task>) -> f64 {
        tasks
            .map(|task| task.hours as f64 * self.staff[task.dev].rate)
            .sum()
    }

    /// The project budget: the planned labour cost with headroom.
    fn budget(&self) -> f64 {
        (self.cost(self.tasks.iter()) * self.budget_factor).round()
    }

    /// The planned cost of the work done.
    fn done_cost(&self) -> f64 {
        self.cost(self.tasks.iter().filter(|task| task.done))
    }

    /// Earned value: the budget times the share of the planned work that is done.
    fn earned_value(&self) -> f64 {
        let hours = |done: bool| -> f64 {
            self.tasks
                .iter()
                .filter(|task| !done || task.done)
                .map(|task| task.hours as f64)
                .sum()
        };
        self.budget() * hours(true) / hours(false)
    }
}

/// Generates `scenario` as project `key`.
pub async fn generate(app: &TestApp, agency: &Agency, key: &str, scenario: &Scenario) {
    let mut rng = Rng::new(scenario.seed);
    let plan = plan(agency, key, scenario, &mut rng);
    let project = Project::create(app, agency, &plan, scenario).await;
    super::product::product(&project, &plan, scenario, &mut rng).await;
    let items = project.delivery(&plan, scenario, &mut rng).await;
    project
        .plant_stored(&plan, scenario, &items, &mut rng)
        .await;
}

fn plan<'a>(agency: &'a Agency, key: &str, scenario: &Scenario, rng: &mut Rng) -> Plan<'a> {
    let team = rng.count(2, 4);
    let first = rng.count(0, DEVELOPERS - 1);
    let staff: Vec<Staff> = (0..team)
        .map(|n| Staff {
            person: &agency.developers[(first + n) % DEVELOPERS],
            weekly_hours: *rng.pick(&[32.0, 36.0, 40.0]),
            rate: rng.range(55, 95) as f64,
        })
        .collect();
    let count = rng.count(4, 7);
    let mvp = rng.count(3, count - 1);
    let mut features: Vec<Feature> = (0..count)
        .map(|n| Feature {
            title: FEATURES[(scenario.seed as usize + n) % FEATURES.len()],
            mvp: n < mvp,
            must: n < mvp,
            estimate_days: rng.range(4, 10) as f64,
        })
        .collect();
    let share = match strength(scenario, SignalId::MustHaveShare) {
        Some(Strength::Strong) => rng.real(0.74, 0.92),
        Some(Strength::Mild) => rng.real(0.62, 0.68),
        None => rng.real(0.35, 0.55),
    };
    balance_must_share(&mut features, share, rng);
    // A plan planted to slip has more work left than one that fits.
    let (fewest, most) = if strength(scenario, SignalId::ForecastAfterTarget).is_some() {
        (3, 5)
    } else {
        (2, 4)
    };
    let mut tasks = Vec::new();
    for feature in 0..features.len() {
        for _ in 0..rng.count(fewest, most) {
            tasks.push(Task {
                feature,
                hours: *rng.pick(&[8, 12, 16, 20, 24]),
                dev: rng.count(0, team - 1),
                done: false,
                window: None,
            });
        }
    }
    // Last week's work: each developer finished most of a week's capacity.
    for (dev, person) in staff.iter().enumerate() {
        let mut left = (person.weekly_hours * rng.real(0.85, 1.0)).round() as i64;
        while left >= 4 {
            let hours = left.min(*rng.pick(&[8, 12, 16]));
            tasks.insert(
                0,
                Task {
                    feature: rng.count(0, count - 1),
                    hours,
                    dev,
                    done: true,
                    window: None,
                },
            );
            left -= hours;
        }
    }
    let mut plan = Plan {
        key: key.to_owned(),
        staff,
        features,
        tasks,
        dates: Dates::now(),
        budget_factor: rng.real(1.1, 1.25),
    };
    plan_windows(&mut plan, scenario, rng);
    if strength(scenario, SignalId::Spi).is_some() {
        plant_late_work(&mut plan, rng);
    }
    plan
}

/// Behind schedule: the first open task of features, one after another, was planned for last
/// week and is not done, until the late work is 30–60 % of the work done (without a baseline
/// planned value follows the current schedule by work, so SPI ≈ 0.62–0.77).
fn plant_late_work(plan: &mut Plan, rng: &mut Rng) {
    let done: i64 = plan.tasks.iter().filter(|t| t.done).map(|t| t.hours).sum();
    let wanted = (done as f64 * rng.real(0.3, 0.6)).round() as i64;
    let mut late = 0;
    for feature in 0..plan.features.len() {
        if late >= wanted {
            break;
        }
        let Some(first) = plan
            .tasks
            .iter()
            .position(|t| t.feature == feature && !t.done)
        else {
            continue;
        };
        let task = &mut plan.tasks[first];
        let daily = plan.staff[task.dev].daily_hours();
        let days = (task.hours as f64 / (daily * HEALTHY_LOAD)).ceil() as i64;
        let end = add_working_days(plan.dates.last_monday, days.clamp(1, 5) - 1);
        task.window = Some((plan.dates.last_monday, end));
        late += task.hours;
    }
}

/// Sets the feature estimates so Must-haves take `share` of the release's effort.
fn balance_must_share(features: &mut [Feature], share: f64, rng: &mut Rng) {
    let must: f64 = features
        .iter()
        .filter(|f| f.must)
        .map(|f| f.estimate_days)
        .sum();
    let others = features.iter().filter(|f| !f.must).count() as f64;
    let rest = must * (1.0 - share) / share;
    let mut weights: Vec<f64> = features
        .iter()
        .map(|f| if f.must { 0.0 } else { rng.real(0.7, 1.3) })
        .collect();
    let total: f64 = weights.iter().sum();
    for (feature, weight) in features.iter_mut().zip(weights.iter_mut()) {
        if !feature.must {
            // Half-day precision, never below half a day.
            feature.estimate_days = ((rest * *weight / total * 2.0).round() / 2.0).max(0.5);
        }
    }
    debug_assert!(others > 0.0, "at least one feature is not a Must-have");
}

/// Gives every open task a window from next Monday: one after the other per developer at a
/// sustainable load, except the over-allocated developer whose work is squeezed.
fn plan_windows(plan: &mut Plan, scenario: &Scenario, rng: &mut Rng) {
    let squeezed = strength(scenario, SignalId::OverAllocation).map(|strength| match strength {
        Strength::Strong => rng.real(1.3, 1.9),
        Strength::Mild => rng.real(1.05, 1.15),
    });
    let open_of = |tasks: &[Task], dev: usize| -> Vec<usize> {
        (0..tasks.len())
            .filter(|&t| tasks[t].dev == dev && !tasks[t].done)
            .collect()
    };
    // The developer with the most open work is the one everything lands on.
    let busiest = (0..plan.staff.len())
        .max_by_key(|&dev| {
            open_of(&plan.tasks, dev)
                .iter()
                .map(|&t| plan.tasks[t].hours)
                .sum::<i64>()
        })
        .unwrap_or(0);
    for (dev, staff) in plan.staff.iter().enumerate() {
        let open = open_of(&plan.tasks, dev);
        let daily = staff.daily_hours();
        match squeezed.filter(|_| dev == busiest) {
            Some(peak) => {
                let hours: i64 = open.iter().map(|&t| plan.tasks[t].hours).sum();
                let days = (1..=60)
                    .min_by(|a, b| {
                        let load = |d: i64| (hours as f64 / (daily * d as f64) - peak).abs();
                        load(*a).total_cmp(&load(*b))
                    })
                    .unwrap_or(1);
                let window = (
                    plan.dates.next_monday,
                    add_working_days(plan.dates.next_monday, days - 1),
                );
                for &t in &open {
                    plan.tasks[t].window = Some(window);
                }
            }
            None => {
                let mut cursor = plan.dates.next_monday;
                for &t in &open {
                    let days = (plan.tasks[t].hours as f64 / (daily * HEALTHY_LOAD)).ceil() as i64;
                    let end = add_working_days(cursor, days.max(1) - 1);
                    plan.tasks[t].window = Some((cursor, end));
                    cursor = add_working_days(end, 1);
                }
            }
        }
    }
}

/// A stored project: who writes, its key and the ids later steps need.
pub(super) struct Project<'a> {
    app: &'a TestApp,
    pub(super) writer: &'a Caller,
    base: String,
    key: String,
    pub(super) decider: i64,
}

/// The items stored for the plan.
struct Items {
    /// Key and id of each task, in plan order.
    tasks: Vec<(String, i64)>,
    /// `(predecessor, successor)` ids of the dependencies between open tasks.
    chains: Vec<(i64, i64)>,
}

impl<'a> Project<'a> {
    async fn create(
        app: &'a TestApp,
        agency: &'a Agency,
        plan: &Plan<'_>,
        scenario: &Scenario,
    ) -> Project<'a> {
        let budget = plan.budget();
        let mut body = json!({
            "key": plan.key, "name": format!("Shop {}", plan.key), "client_id": agency.client_id,
            "start_date": plan.dates.start.to_string(),
            "budget": { "amount": budget, "currency": "EUR" },
        });
        let no_product_manager = strength(scenario, SignalId::NoProductManager).is_some();
        let no_project_manager = strength(scenario, SignalId::NoProjectManager).is_some();
        if !no_product_manager {
            body["product_manager"] = json!(agency.product_manager.id);
        }
        if !no_project_manager {
            body["project_manager"] = json!(agency.project_manager.id);
        }
        let admin = &agency.admin;
        app.create_project(admin, body).await;
        let base = format!("/api/v1/projects/{}", plan.key);
        for staff in &plan.staff {
            create(
                admin,
                &format!("{base}/members"),
                json!({ "user": staff.person.id, "role": "member" }),
            )
            .await;
            let profile = format!("{base}/members/{}/profile", staff.person.id);
            admin
                .expect_json(
                    admin.patch(&profile).header("If-Match", "0").json(&json!({
                        "weekly_capacity_hours": staff.weekly_hours,
                        "hourly_rate": staff.rate,
                        "discipline": "developer",
                    })),
                    200,
                )
                .await;
        }
        let decider = if no_product_manager {
            agency.project_manager.id
        } else {
            agency.product_manager.id
        };
        Project {
            app,
            writer: admin,
            base,
            key: plan.key.clone(),
            decider,
        }
    }

    pub(super) fn path(&self, tail: &str) -> String {
        format!("{}/{tail}", self.base)
    }

    pub(super) async fn post(&self, tail: &str, body: Value) -> Value {
        create(self.writer, &self.path(tail), body).await
    }

    /// The delivery side: items with estimates, assignees, windows and dependencies, a
    /// milestone, and last week's time.
    async fn delivery(&self, plan: &Plan<'_>, scenario: &Scenario, rng: &mut Rng) -> Items {
        let features = self.writer.get_json(&self.path("features")).await;
        let feature_ids: Vec<i64> = features["features"]
            .as_array()
            .expect("features")
            .iter()
            .map(|f| f["id"].as_i64().expect("feature id"))
            .collect();
        let sprints = strength(scenario, SignalId::SprintSpillover).is_some();
        let mut stored = Vec::new();
        for (n, task) in plan.tasks.iter().enumerate() {
            let feature = &plan.features[task.feature];
            let mut body = json!({
                "title": format!("{} task {n}", feature.title), "type": "task",
                "estimate_hours": task.hours, "assignee": plan.staff[task.dev].person.id,
                "feature_id": feature_id(&feature_ids, &features, feature.title),
                "status": if task.done { "Done" } else { "To do" },
            });
            if sprints {
                body["story_points"] = json!(task.hours / 4);
            }
            if let Some((from, to)) = task.window {
                body["start_date"] = json!(from.to_string());
                body["due_date"] = json!(to.to_string());
            }
            let item = self.post("items", body).await;
            stored.push((
                item["key"].as_str().expect("item key").to_owned(),
                item["id"].as_i64().expect("item id"),
            ));
        }
        // Each feature's open tasks run in a chain; when the schedule is planted to slip,
        // the features also wait for each other (one integration line), so the remaining
        // work is long.
        let serial = strength(scenario, SignalId::ForecastAfterTarget).is_some();
        let mut chains = Vec::new();
        let mut lines: Vec<Vec<usize>> = (0..plan.features.len())
            .map(|feature| {
                (0..plan.tasks.len())
                    .filter(|&t| plan.tasks[t].feature == feature && !plan.tasks[t].done)
                    .collect()
            })
            .collect();
        if serial {
            lines = vec![lines.concat()];
        }
        for open in &lines {
            for pair in open.windows(2) {
                let (before, after) = (&stored[pair[0]], &stored[pair[1]]);
                create(
                    self.writer,
                    &format!("/api/v1/items/{}/dependencies", after.0),
                    json!({ "predecessor": before.0 }),
                )
                .await;
                chains.push((before.1, after.1));
            }
        }
        self.post(
            "items",
            json!({ "title": "Beta", "type": "milestone",
                    "due_date": add_working_days(plan.dates.next_monday, 40).to_string() }),
        )
        .await;
        if let Some(strength) = strength(scenario, SignalId::OverdueMilestones) {
            let count = match strength {
                Strength::Strong => rng.range(2, 4),
                Strength::Mild => 1,
            };
            for n in 0..count {
                let late = rng.range(1, 10);
                self.post(
                    "items",
                    json!({ "title": format!("Client demo {n}"), "type": "milestone",
                            "due_date": (plan.dates.today - late.days()).to_string() }),
                )
                .await;
            }
        }
        self.log_time(plan, scenario, &stored, rng).await;
        if sprints {
            self.spill_sprints(plan, &stored).await;
        }
        Items {
            tasks: stored,
            chains,
        }
    }

    /// Sprint spillover: three sprints, each committed to one finished task and two open
    /// ones, each completed with the open ones sent back to the backlog (about half of
    /// every commitment spills).
    async fn spill_sprints(&self, plan: &Plan<'_>, tasks: &[(String, i64)]) {
        let done: Vec<i64> = (0..plan.tasks.len())
            .filter(|&t| plan.tasks[t].done)
            .map(|t| tasks[t].1)
            .collect();
        let open: Vec<i64> = (0..plan.tasks.len())
            .filter(|&t| !plan.tasks[t].done)
            .map(|t| tasks[t].1)
            .take(2)
            .collect();
        for (n, finished) in done.iter().take(3).enumerate() {
            let sprint = self
                .post("sprints", json!({ "name": format!("Sprint {}", n + 1) }))
                .await;
            let id = sprint["id"].as_i64().expect("sprint id");
            let mut items = open.clone();
            items.push(*finished);
            let writer = self.writer;
            writer
                .expect_json(
                    writer
                        .post(&format!("/api/v1/sprints/{id}/items"))
                        .json(&json!({ "add": items })),
                    200,
                )
                .await;
            let started = writer
                .expect_json(
                    writer
                        .post(&format!("/api/v1/sprints/{id}/start"))
                        .header("If-Match", format!("\"{}\"", sprint["version"])),
                    200,
                )
                .await;
            writer
                .expect_json(
                    writer
                        .post(&format!("/api/v1/sprints/{id}/complete"))
                        .json(&json!({ "version": started["version"], "unfinished": "backlog" })),
                    200,
                )
                .await;
        }
    }

    /// Each developer logs last week's finished work: less when time logging is planted;
    /// with overtime when the team is over-allocated, enough to overrun the budget (a cost
    /// performance of 0.84–0.93 against the budget's headroom); with rework when cost
    /// performance is planted alone: the finished work took so many more hours than planned
    /// that it cost 1.27–1.39 times what it earned (CPI 0.72–0.79), while the budget as a
    /// whole, a week into the plan, is not yet burning much faster than the work gets done.
    async fn log_time(
        &self,
        plan: &Plan<'_>,
        scenario: &Scenario,
        tasks: &[(String, i64)],
        rng: &mut Rng,
    ) {
        let logged_share = match strength(scenario, SignalId::TimeNotLogged) {
            Some(Strength::Strong) => rng.real(0.15, 0.5),
            Some(Strength::Mild) => rng.real(0.66, 0.76),
            None => 1.0,
        };
        let cost_performance = match (
            strength(scenario, SignalId::OverAllocation),
            strength(scenario, SignalId::Cpi),
        ) {
            (Some(Strength::Strong), _) => Some(rng.real(0.84, 0.93)),
            (_, Some(_)) => Some(rng.real(0.72, 0.79)),
            _ => None,
        };
        let overtime =
            cost_performance.map_or(1.0, |cpi| plan.earned_value() / (plan.done_cost() * cpi));
        for (dev, staff) in plan.staff.iter().enumerate() {
            let caller = &staff.person.caller;
            let mut day = 0;
            let mut minutes_today = 0;
            for (n, task) in plan.tasks.iter().enumerate() {
                if !task.done || task.dev != dev {
                    continue;
                }
                let mut left = (task.hours as f64 * 60.0 * logged_share * overtime).round() as i64;
                while left > 0 {
                    let chunk = left.min(8 * 60 - minutes_today).max(1);
                    let date = add_working_days(plan.dates.last_monday, day.min(4));
                    create(
                        caller,
                        &self.path("time-entries"),
                        json!({ "item_id": tasks[n].1, "date": date.to_string(),
                                "minutes": chunk, "note": "Worked on it" }),
                    )
                    .await;
                    left -= chunk;
                    minutes_today += chunk;
                    if minutes_today >= 8 * 60 {
                        day += 1;
                        minutes_today = 0;
                    }
                }
            }
        }
    }

    /// Plants that need the stored project: a target date the forecast misses, and blockers
    /// that have held items back for days. Sets the target date of every project.
    async fn plant_stored(
        &self,
        plan: &Plan<'_>,
        scenario: &Scenario,
        items: &Items,
        rng: &mut Rng,
    ) {
        if strength(scenario, SignalId::CriticalPathSlip).is_some() {
            self.slip_critical_path(plan, rng).await;
        }
        if strength(scenario, SignalId::ScopeChurn).is_some() {
            self.churn_scope(plan, rng).await;
        }
        if strength(scenario, SignalId::BudgetBurn).is_some() {
            self.burn_budget(plan, rng).await;
        }
        let forecast = self.writer.get_json(&self.path("forecast")).await;
        let p85: Date = forecast["finish"]["p85"]
            .as_str()
            .and_then(|text| text.get(..10))
            .and_then(|text| text.parse().ok())
            .unwrap_or_else(|| panic!("a P85 date in {forecast}"));
        let last_due = plan
            .tasks
            .iter()
            .filter_map(|task| task.window.map(|(_, end)| end))
            .max()
            .unwrap_or(plan.dates.today);
        let target = match strength(scenario, SignalId::ForecastAfterTarget) {
            Some(Strength::Strong) => {
                // Late enough to be at risk, but the target is still ahead of today.
                let room = (p85 - plan.dates.today).get_days() as i64 - 5;
                assert!(
                    room >= 12,
                    "{}: too little remaining work to miss",
                    self.key
                );
                p85 - rng.range(12, 40).min(room).days()
            }
            Some(Strength::Mild) => p85 - rng.range(3, 8).days(),
            None => p85.max(last_due) + rng.range(20, 40).days(),
        };
        let project = self.writer.get_json(&self.base).await;
        let version = project["version"].as_i64().expect("project version");
        self.writer
            .expect_json(
                self.writer
                    .patch(&self.base)
                    .header("If-Match", format!("\"{version}\""))
                    .json(&json!({ "target_launch_date": target.to_string() })),
                200,
            )
            .await;

        if let Some(strength) = strength(scenario, SignalId::BlockedItems) {
            let (fewest, most) = match strength {
                Strength::Strong => (4, 9),
                Strength::Mild => (1, 2),
            };
            let count = rng.count(fewest, most).min(items.chains.len());
            assert!(
                count >= fewest,
                "{}: only {count} chained items to block",
                self.key
            );
            let blocked: Vec<(i64, i64)> = items.chains.iter().take(count).copied().collect();
            let days = rng.range(7, 25);
            self.backdate_blockers(&blocked, days).await;
        }
    }

    /// A budget burning faster than progress: an outside expense last week takes the spent
    /// share 25–40 points past the share of the work done.
    async fn burn_budget(&self, plan: &Plan<'_>, rng: &mut Rng) {
        let budget = plan.budget();
        let done_share = plan.earned_value() / budget;
        let amount = ((rng.real(0.25, 0.4) + done_share) * budget - plan.done_cost()).round();
        assert!(amount > 0.0, "{}: nothing to overspend", self.key);
        self.post(
            "expenses",
            json!({ "date": plan.dates.last_monday.to_string(), "amount": amount,
                    "description": "Agency rush fee" }),
        )
        .await;
    }

    /// Scope churn: the plan and its scope are baselined, then late requests add 55–90 % as
    /// many features again (ideas, Could-haves outside the release).
    async fn churn_scope(&self, plan: &Plan<'_>, rng: &mut Rng) {
        self.post("baselines", json!({ "name": "Agreed scope" }))
            .await;
        let added = (plan.features.len() as f64 * rng.real(0.55, 0.9)).ceil() as usize;
        for n in 0..added {
            self.post(
                "features",
                json!({ "title": format!("Late request {n}"), "moscow": "could",
                        "estimate_days": 2 }),
            )
            .await;
        }
    }

    /// A slipping critical path: the plan is baselined, then the task that finishes last
    /// grows by 8–20 days of work found in review. Its window widens so the assignee's load
    /// stays sustainable: the schedule slips, the people are not over-allocated.
    async fn slip_critical_path(&self, plan: &Plan<'_>, rng: &mut Rng) {
        self.post("baselines", json!({ "name": "Agreed plan" }))
            .await;
        let schedule = self.writer.get_json(&self.path("schedule")).await;
        let last = schedule["items"]
            .as_array()
            .expect("scheduled items")
            .iter()
            .filter(|i| i["critical"] == true && i["summary"] == false && i["milestone"] == false)
            .max_by_key(|i| i["finish"].as_str().unwrap_or_default().to_owned())
            .expect("a critical task");
        let key = last["key"].as_str().expect("item key");
        let path = format!("/api/v1/items/{key}");
        let item = self.writer.get_json(&path).await;
        let days = rng.range(8, 20);
        let hours = item["estimate_hours"].as_f64().expect("an estimate") + days as f64 * 8.0;
        let assignee = item["assignee"]["id"].as_i64().expect("an assignee");
        let daily = plan
            .staff
            .iter()
            .find(|s| s.person.id == assignee)
            .expect("staff")
            .daily_hours();
        let due: Date = item["due_date"]
            .as_str()
            .expect("a due date")
            .parse()
            .expect("a date");
        let wider = (days as f64 * 8.0 / (daily * HEALTHY_LOAD)).ceil() as i64;
        self.writer
            .expect_json(
                self.writer
                    .patch(&path)
                    .header("If-Match", format!("\"{}\"", item["version"]))
                    .json(&json!({
                        "estimate_hours": hours,
                        "due_date": add_working_days(due, wider).to_string(),
                    })),
                200,
            )
            .await;
    }

    /// Moves the recording of these dependencies (and of their predecessors, never started)
    /// `days` back: the successors have waited that long. The API cannot write the past.
    async fn backdate_blockers(&self, blocked: &[(i64, i64)], days: i64) {
        let shift = days * 86_400_000;
        let list = |ids: Vec<i64>| {
            ids.iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        };
        let predecessors = list(blocked.iter().map(|pair| pair.0).collect());
        let successors = list(blocked.iter().map(|pair| pair.1).collect());
        self.app
            .execute_sql(&format!(
                "UPDATE work_items SET created_at = created_at - {shift} WHERE id IN ({predecessors})"
            ))
            .await;
        self.app
            .execute_sql(&format!(
                "UPDATE item_dependencies SET created_at = created_at - {shift} \
                 WHERE successor_id IN ({successors})"
            ))
            .await;
    }
}

/// The id of the feature titled `title` (titles are unique within a generated project).
fn feature_id(ids: &[i64], listed: &Value, title: &str) -> i64 {
    listed["features"]
        .as_array()
        .expect("features")
        .iter()
        .find(|f| f["title"] == title)
        .and_then(|f| f["id"].as_i64())
        .or_else(|| ids.first().copied())
        .expect("a feature")
}
