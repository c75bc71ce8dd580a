//! Demo data of the people side: disciplines, capacities and rates on NWSHOP and HELIOS,
//! a project calendar with holidays, time off, budget lines and expenses, and risk registers
//! with a spread of probability and impact (a couple shared with the client).

use super::from_today;
use crate::error::ApiError;
use jiff::civil::Date;
use tandem_core::people::budget::BudgetKind;
use tandem_core::people::profile::Discipline;
use tandem_core::people::risk::{Rating, RiskStatus, Visibility};
use tandem_store::{
    CalendarDay, NewBudgetLine, NewExpense, NewRisk, NewTimeOff, ProfilePatch, Store,
};

/// (e-mail, project, discipline, hours a week or full time, hourly rate in EUR).
const PROFILES: &[(&str, &str, Discipline, Option<i64>, i64)] = &[
    (
        "paula@tandem.demo",
        "NWSHOP",
        Discipline::Product,
        Some(24),
        95,
    ),
    (
        "jonas@tandem.demo",
        "NWSHOP",
        Discipline::Other,
        Some(20),
        90,
    ),
    (
        "mei@tandem.demo",
        "NWSHOP",
        Discipline::Developer,
        Some(32),
        85,
    ),
    ("omar@tandem.demo", "NWSHOP", Discipline::Designer, None, 80),
    ("rita@tandem.demo", "NWSHOP", Discipline::Qa, Some(16), 70),
    (
        "jonas@tandem.demo",
        "HELIOS",
        Discipline::Other,
        Some(16),
        90,
    ),
    (
        "mei@tandem.demo",
        "HELIOS",
        Discipline::Developer,
        Some(8),
        85,
    ),
];

/// The standard week as stored JSON.
const STANDARD_WEEK: &str = r#"{"monday":[["08:00","12:00"],["13:00","17:00"]],"tuesday":[["08:00","12:00"],["13:00","17:00"]],"wednesday":[["08:00","12:00"],["13:00","17:00"]],"thursday":[["08:00","12:00"],["13:00","17:00"]],"friday":[["08:00","12:00"],["13:00","17:00"]],"saturday":[],"sunday":[]}"#;

/// Loads the people data; the projects and accounts of the demo must exist.
pub async fn load(store: &Store, today: Date) -> Result<(), ApiError> {
    let user = |email: &'static str| async move {
        store
            .user_by_email(email)
            .await?
            .map(|record| record.user.id)
            .ok_or(tandem_store::StoreError::NotFound)
    };
    for (email, key, discipline, hours, rate) in PROFILES {
        let project = store.project_by_key(key).await?;
        let patch = ProfilePatch {
            discipline: Some(Some(*discipline)),
            weekly_capacity_minutes: Some(hours.map(|h| h * 60)),
            hourly_rate_minor: Some(Some(rate * 100)),
        };
        store
            .update_member_profile(project.id, user(email).await?, &patch, 0)
            .await?;
    }

    let shop = store.project_by_key("NWSHOP").await?;
    let helios = store.project_by_key("HELIOS").await?;
    let year = today.year();
    let holidays = [
        (
            "Company offsite",
            from_today(today, 18),
            from_today(today, 18),
        ),
        (
            "Christmas",
            format!("{year}-12-24"),
            format!("{year}-12-26"),
        ),
        (
            "New Year",
            format!("{}-01-01", year + 1),
            format!("{}-01-01", year + 1),
        ),
    ];
    let days: Vec<CalendarDay> = holidays
        .iter()
        .map(|(name, from, to)| CalendarDay {
            name: (*name).to_owned(),
            from_date: from.clone(),
            to_date: to.clone(),
            hours: "[]".to_owned(),
        })
        .collect();
    for project in [&shop, &helios] {
        store
            .save_project_calendar(project.id, STANDARD_WEEK, &days, 0)
            .await?;
    }

    let jonas = user("jonas@tandem.demo").await?;
    for (email, project, from, to, note) in [
        ("mei@tandem.demo", None, 14, 18, "Vacation"),
        ("omar@tandem.demo", Some(shop.id), 3, 4, "Design conference"),
        ("rita@tandem.demo", None, 30, 41, "Parental leave"),
    ] {
        store
            .create_time_off(&NewTimeOff {
                user_id: user(email).await?,
                project_id: project,
                from_date: from_today(today, from),
                to_date: from_today(today, to),
                note: note.to_owned(),
                created_by: Some(jonas),
            })
            .await?;
    }

    let lines = [
        (
            BudgetKind::Labour,
            "Design and UX",
            38_000,
            "Omar, 10 weeks",
        ),
        (
            BudgetKind::Labour,
            "Development",
            142_000,
            "Storefront, checkout, integrations",
        ),
        (BudgetKind::Labour, "QA and launch", 24_000, ""),
        (
            BudgetKind::Fixed,
            "Payment provider setup",
            6_500,
            "One-off onboarding fee",
        ),
        (BudgetKind::Fixed, "Hosting and CDN (first year)", 9_600, ""),
        (BudgetKind::Fixed, "Stock photography", 2_400, ""),
    ];
    let mut line_ids = Vec::new();
    for (kind, name, amount, notes) in lines {
        let line = store
            .create_budget_line(
                shop.id,
                &NewBudgetLine {
                    kind,
                    name: name.to_owned(),
                    amount_minor: amount * 100,
                    currency: "EUR".to_owned(),
                    notes: notes.to_owned(),
                },
            )
            .await?;
        line_ids.push(line.id);
    }
    for (offset, amount, description, line) in [
        (-80, 6_500, "Payment provider onboarding", Some(3)),
        (-60, 800, "Hosting: staging environment", Some(4)),
        (-45, 1_150, "Photo shoot licences", Some(5)),
        (-30, 800, "Hosting: production, first month", Some(4)),
        (-12, 2_900, "Accessibility audit (external)", None),
    ] {
        store
            .create_expense(
                shop.id,
                &NewExpense {
                    spent_on: from_today(today, offset),
                    amount_minor: amount * 100,
                    currency: "EUR".to_owned(),
                    description: description.to_owned(),
                    budget_line_id: line.map(|index: usize| line_ids[index]),
                    created_by: Some(jonas),
                },
            )
            .await?;
    }
    store
        .create_budget_line(
            helios.id,
            &NewBudgetLine {
                kind: BudgetKind::Labour,
                name: "Portal development".to_owned(),
                amount_minor: 150_000 * 100,
                currency: "EUR".to_owned(),
                notes: String::new(),
            },
        )
        .await?;

    let mei = user("mei@tandem.demo").await?;
    let paula = user("paula@tandem.demo").await?;
    let rita = user("rita@tandem.demo").await?;
    let risks = [
        (
            shop.id,
            "Launch slips into the holiday peak",
            3,
            5,
            Some(jonas),
            "Freeze scope four weeks before launch; weekly burn-up review with Paula.",
            RiskStatus::Mitigating,
            Visibility::Shared,
        ),
        (
            shop.id,
            "Product data from Northwind arrives late",
            4,
            4,
            Some(paula),
            "Agreed delivery date with Clara; placeholder catalogue for testing.",
            RiskStatus::Open,
            Visibility::Shared,
        ),
        (
            shop.id,
            "Payment provider certification takes longer",
            2,
            4,
            Some(mei),
            "Start the certification in the first integration sprint.",
            RiskStatus::Open,
            Visibility::Internal,
        ),
        (
            shop.id,
            "Only one developer knows the checkout",
            4,
            3,
            Some(jonas),
            "Pair Rita on checkout tests; document the flows.",
            RiskStatus::Open,
            Visibility::Internal,
        ),
        (
            shop.id,
            "Legacy shop URLs lose search ranking",
            3,
            3,
            Some(paula),
            "Redirect map reviewed by SEO consultant.",
            RiskStatus::Open,
            Visibility::Internal,
        ),
        (
            shop.id,
            "Hosting costs above plan",
            2,
            2,
            Some(jonas),
            "",
            RiskStatus::Open,
            Visibility::Internal,
        ),
        (
            shop.id,
            "Designer unavailable during conference",
            5,
            1,
            Some(rita),
            "",
            RiskStatus::Closed,
            Visibility::Internal,
        ),
        (
            helios.id,
            "Patient data rules delay the results feature",
            4,
            5,
            Some(jonas),
            "Privacy review booked with Helios legal.",
            RiskStatus::Open,
            Visibility::Shared,
        ),
        (
            helios.id,
            "No product manager named",
            5,
            3,
            Some(jonas),
            "Ask Paula to take the role from next month.",
            RiskStatus::Open,
            Visibility::Internal,
        ),
    ];
    for (project_id, title, probability, impact, owner, mitigation, status, visibility) in risks {
        store
            .create_risk(
                project_id,
                &NewRisk {
                    title: title.to_owned(),
                    description: String::new(),
                    probability: Rating::parse("probability", probability)?,
                    impact: Rating::parse("impact", impact)?,
                    owner_id: owner,
                    mitigation: mitigation.to_owned(),
                    status,
                    review_date: Some(from_today(today, 14)),
                    visibility,
                    created_by: Some(jonas),
                    item_ids: Vec::new(),
                },
            )
            .await?;
    }
    Ok(())
}
