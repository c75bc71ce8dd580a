//! The demo workspace: a small agency with clients, people in every role and four projects in
//! different states, so a new user sees Tandem working in one command (`serve --demo`).

mod baseline;
mod bridge;
mod direction;
mod found_work;
mod helios;
mod items;
mod notifications;
mod people;
mod product;
mod schedule;
mod sprints;

use crate::accounts::{self, AccountInput};
use crate::error::ApiError;
use crate::projects::{self, BudgetInput, PersonInput, ProjectInput};
use crate::reports::PeriodInput;
use crate::state::{AppState, ServerConfig};
use tandem_core::roles::{ProjectRole, UserRole};
use tandem_store::{ProjectFilter, Store, User};

/// The password of every demo account (printed on start; demo data only).
pub const PASSWORD: &str = "tandem-demo-2026";

/// Demo accounts and what each shows.
pub const ACCOUNTS: &[(&str, &str)] = &[
    ("admin@tandem.demo", "admin: sees everything, manages users"),
    ("paula@tandem.demo", "product manager of NWSHOP"),
    ("jonas@tandem.demo", "project manager of NWSHOP and HELIOS"),
    ("mei@tandem.demo", "developer"),
    ("omar@tandem.demo", "designer"),
    ("rita@tandem.demo", "QA; runs FLEET alone (both roles)"),
    ("clara@northwind.demo", "client contact at Northwind Retail"),
    ("henrik@helios.demo", "client contact at Helios Health"),
];

const LOADED_KEY: &str = "demo_loaded";

/// Loads the demo once. Returns false when it was already loaded; refuses a workspace that
/// already holds other data, so demo people never mix with real ones.
pub async fn load(store: &Store) -> Result<bool, ApiError> {
    if store.setting(LOADED_KEY).await?.is_some() {
        return Ok(false);
    }
    if store.count_users().await? > 0 {
        return Err(ApiError::bad_request(
            "workspace_not_empty",
            "the demo loads only into an empty workspace; use a new --data-dir",
        ));
    }
    let northwind = store.create_client("Northwind Retail").await?;
    let helios = store.create_client("Helios Health").await?;
    store.create_client("Brightline Logistics").await?;

    let admin = person(
        store,
        "admin@tandem.demo",
        "Ada Admin",
        UserRole::Admin,
        None,
    )
    .await?;
    let paula = person(
        store,
        "paula@tandem.demo",
        "Paula Product",
        UserRole::Member,
        None,
    )
    .await?;
    let jonas = person(
        store,
        "jonas@tandem.demo",
        "Jonas Planner",
        UserRole::Member,
        None,
    )
    .await?;
    let mei = person(
        store,
        "mei@tandem.demo",
        "Mei Developer",
        UserRole::Member,
        None,
    )
    .await?;
    let omar = person(
        store,
        "omar@tandem.demo",
        "Omar Designer",
        UserRole::Member,
        None,
    )
    .await?;
    let rita = person(
        store,
        "rita@tandem.demo",
        "Rita Quality",
        UserRole::Member,
        None,
    )
    .await?;
    let clara = person(
        store,
        "clara@northwind.demo",
        "Clara Client",
        UserRole::Client,
        Some(northwind.id),
    )
    .await?;
    let henrik = person(
        store,
        "henrik@helios.demo",
        "Henrik Hospital",
        UserRole::Client,
        Some(helios.id),
    )
    .await?;

    // The demo's dates are relative to the workspace's today, as every page reads them.
    let today = crate::clock::today(store).await?;
    let date = |days: i64| Some(from_today(today, days));

    let shop = project(store, &admin, ProjectInput {
        key: "NWSHOP".into(),
        name: "Northwind web shop relaunch".into(),
        client_id: Some(northwind.id),
        product_manager: Some(PersonInput::Id(paula.id)),
        project_manager: Some(PersonInput::Id(jonas.id)),
        start_date: date(-90),
        target_launch_date: date(60),
        budget: Some(BudgetInput { amount: 240_000.0, currency: "EUR".into() }),
        description: Some("Replace the ageing shop with a fast, mobile-first storefront and a simpler checkout.".into()),
    })
    .await?;
    for (user, role) in [
        (&mei, ProjectRole::Member),
        (&omar, ProjectRole::Member),
        (&rita, ProjectRole::Member),
        (&clara, ProjectRole::Client),
    ] {
        store.add_member(shop, user.id, role).await?;
    }

    let portal = project(store, &admin, ProjectInput {
        key: "HELIOS".into(),
        name: "Helios patient portal".into(),
        client_id: Some(helios.id),
        product_manager: None,
        project_manager: Some(PersonInput::Id(jonas.id)),
        start_date: date(-30),
        target_launch_date: date(120),
        budget: Some(BudgetInput { amount: 180_000.0, currency: "EUR".into() }),
        description: Some("Appointments, results and messages for Helios patients. Nobody owns the product side yet.".into()),
    })
    .await?;
    for (user, role) in [(&mei, ProjectRole::Member), (&henrik, ProjectRole::Client)] {
        store.add_member(portal, user.id, role).await?;
    }

    let fleet = project(store, &admin, ProjectInput {
        key: "FLEET".into(),
        name: "Fleet tracking MVP".into(),
        client_id: None,
        product_manager: Some(PersonInput::Id(rita.id)),
        project_manager: Some(PersonInput::Id(rita.id)),
        start_date: date(-10),
        target_launch_date: date(45),
        budget: None,
        description: Some("Internal bet: live vehicle positions for Brightline-sized fleets. One person holds both roles.".into()),
    })
    .await?;
    store
        .add_member(fleet, omar.id, ProjectRole::Member)
        .await?;
    if let Some(start) = date(-10).as_deref().and_then(|d| d.parse().ok()) {
        schedule::load(store, fleet, start).await?;
    }

    project(
        store,
        &admin,
        ProjectInput {
            key: "LEGACY".into(),
            name: "Legacy intranet (closed)".into(),
            client_id: None,
            product_manager: Some(PersonInput::Id(paula.id)),
            project_manager: Some(PersonInput::Id(jonas.id)),
            start_date: date(-400),
            target_launch_date: date(-200),
            budget: Some(BudgetInput {
                amount: 50_000.0,
                currency: "EUR".into(),
            }),
            description: Some("Delivered and archived.".into()),
        },
    )
    .await?;
    let legacy = store.project_by_key("LEGACY").await?;
    let patch = tandem_store::ProjectPatch {
        archived: Some(true),
        ..Default::default()
    };
    store
        .update_project("LEGACY", &patch, legacy.version)
        .await?;

    bridge::load(store, omar.id, mei.id).await?;
    items::load(store, today).await?;
    people::load(store, today).await?;
    product::load(store, today, shop, portal, paula.id, jonas.id).await?;
    sprints::load(store, today, jonas.id).await?;
    baseline::load(store, jonas.id).await?;

    direction::load(store, today).await?;
    notifications::load(store).await?;
    found_work::load(store, today, jonas.id).await?;
    reports(store).await?;
    store.set_setting(LOADED_KEY, "1").await?;
    Ok(true)
}

/// The date `days` after `day` (before, when negative); `day` itself when that would
/// leave the calendar.
fn shift(day: jiff::civil::Date, days: i64) -> jiff::civil::Date {
    day.checked_add(jiff::Span::new().days(days)).unwrap_or(day)
}

/// [`shift`] as the demo's inputs take dates: `YYYY-MM-DD`.
fn from_today(today: jiff::civil::Date, days: i64) -> String {
    shift(today, days).to_string()
}

/// This week's status report of every active demo project, so the Reports tabs and their
/// history are not empty on first look.
async fn reports(store: &Store) -> Result<(), ApiError> {
    let state = AppState::new(store.clone(), ServerConfig::default());
    let period = PeriodInput::default().period(crate::clock::today(store).await?)?;
    for project in store.list_projects(&ProjectFilter::default()).await? {
        crate::reports::generate(&state, &project, period, None).await?;
    }
    Ok(())
}

async fn person(
    store: &Store,
    email: &str,
    name: &str,
    role: UserRole,
    client_id: Option<i64>,
) -> Result<User, ApiError> {
    accounts::create(
        store,
        AccountInput {
            email: email.into(),
            name: name.into(),
            password: PASSWORD.into(),
            role,
            client_id,
        },
    )
    .await
}

async fn project(store: &Store, creator: &User, input: ProjectInput) -> Result<i64, ApiError> {
    Ok(projects::create(store, creator, &input).await?.id)
}
