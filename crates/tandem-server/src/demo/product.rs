//! Demo product work for NWSHOP, HELIOS and FLEET: personas, hypotheses in every state with
//! experiments, a scored backlog with a MoSCoW-prioritised MVP cut and roadmap horizons; a
//! few artefacts are shared with the client. HELIOS's MVP rests on shaky validation (nobody
//! owns the product); FLEET's small MVP rests on experiments its one owner ran.

use crate::error::ApiError;
use crate::product::input::{
    ExperimentInput, FeatureInput, HypothesisInput, PersonaInput, ScoreInputs,
};
use tandem_core::product::artefacts::ExperimentOutcome;
use tandem_store::{NewExperiment, NewFeature, NewHypothesis, NewPersona, Store};

/// A hypothesis with an optional experiment: (statement, kind, importance, evidence, shared,
/// experiment (title, method, criterion, start offset days, result, outcome)).
type HypothesisSeed<'a> = (
    &'a str,
    &'a str,
    i64,
    &'a str,
    bool,
    Option<(
        &'a str,
        &'a str,
        &'a str,
        i64,
        &'a str,
        Option<ExperimentOutcome>,
    )>,
);

/// A feature: (title, problem, status, moscow, mvp, horizon, estimate days, shared,
/// RICE (reach, impact, confidence), effort months, WSJF (bv, tc, rr, js), value/effort,
/// hypothesis indexes).
type FeatureSeed<'a> = (
    &'a str,
    &'a str,
    &'a str,
    Option<&'a str>,
    bool,
    Option<&'a str>,
    f64,
    bool,
    (f64, f64, Option<i64>),
    f64,
    (i64, i64, i64, i64),
    (f64, f64),
    &'a [usize],
);

/// One project's product demo: personas (name, description, goals, pains, quote, shared),
/// hypotheses, features and the acceptance criteria every MVP feature gets.
struct ProjectSeed<'a> {
    personas: &'a [(&'a str, &'a str, &'a str, &'a str, &'a str, bool)],
    hypotheses: &'a [HypothesisSeed<'a>],
    features: &'a [FeatureSeed<'a>],
    criteria: [&'a str; 2],
}

/// Loads the product demo of one project.
async fn seed(
    store: &Store,
    project_id: i64,
    author: i64,
    project: ProjectSeed<'_>,
    today: jiff::civil::Date,
) -> Result<(), ApiError> {
    let ProjectSeed {
        personas,
        hypotheses,
        features,
        criteria,
    } = project;
    let mut persona_ids = Vec::new();
    for (name, description, goals, pains, quote, shared) in personas {
        let input = PersonaInput {
            name: (*name).into(),
            description: (*description).into(),
            goals: (*goals).into(),
            pains: (*pains).into(),
            quotes: vec![(*quote).into()],
            visibility: Some(visibility(*shared).into()),
            workshop_id: None,
        };
        let persona = store
            .create_persona(&NewPersona {
                project_id,
                created_by: Some(author),
                fields: input.fields()?,
            })
            .await?;
        persona_ids.push(persona.id);
    }
    let mut hypothesis_ids = Vec::new();
    for (statement, kind, importance, evidence, shared, experiment) in hypotheses {
        let input = HypothesisInput {
            statement: (*statement).into(),
            kind: (*kind).into(),
            importance: *importance,
            evidence: Some((*evidence).into()),
            status: None,
            visibility: Some(visibility(*shared).into()),
            workshop_id: None,
            persona_ids: Vec::new(),
        };
        let hypothesis = store
            .create_hypothesis(&NewHypothesis {
                project_id,
                created_by: Some(author),
                fields: input.fields()?,
            })
            .await?;
        hypothesis_ids.push(hypothesis.id);
        let Some((title, method, criterion, start, result, outcome)) = experiment else {
            continue;
        };
        let starts_on = today
            .checked_add(jiff::Span::new().days(*start))
            .map_err(|_| ApiError::invalid_field("starts_on", "out of range"))?;
        let ends_on = starts_on
            .checked_add(jiff::Span::new().days(14))
            .map_err(|_| ApiError::invalid_field("ends_on", "out of range"))?;
        let input = ExperimentInput {
            title: (*title).into(),
            method: (*method).into(),
            success_criterion: (*criterion).into(),
            starts_on: Some(starts_on.to_string()),
            ends_on: Some(ends_on.to_string()),
            visibility: Some(visibility(*shared).into()),
            workshop_id: None,
        };
        let experiment = store
            .create_experiment(&NewExperiment {
                project_id,
                hypothesis_id: hypothesis.id,
                created_by: Some(author),
                fields: input.fields()?,
            })
            .await?;
        if !result.is_empty() {
            store
                .record_experiment_result(project_id, experiment.id, result, *outcome, 1)
                .await?;
        }
    }
    for (index, seed) in features.iter().enumerate() {
        let (
            title,
            problem,
            status,
            moscow,
            mvp,
            horizon,
            days,
            shared,
            rice,
            months,
            wsjf,
            ve,
            links,
        ) = *seed;
        let input = FeatureInput {
            title: title.into(),
            problem: problem.into(),
            status: Some(status.into()),
            moscow: moscow.map(Into::into),
            mvp,
            horizon: horizon.map(Into::into),
            release_id: None,
            scores: ScoreInputs {
                reach: Some(rice.0),
                impact: Some(rice.1),
                confidence: rice.2,
                effort_months: Some(months),
                business_value: Some(wsjf.0),
                time_criticality: Some(wsjf.1),
                risk_reduction: Some(wsjf.2),
                job_size: Some(wsjf.3),
                value_score: Some(ve.0),
                effort_score: Some(ve.1),
                estimate_days: Some(days),
            },
            visibility: Some(visibility(shared).into()),
            workshop_id: None,
            persona_ids: Vec::new(),
            hypothesis_ids: Vec::new(),
        };
        let feature = store
            .create_feature(&NewFeature {
                project_id,
                created_by: Some(author),
                fields: input.fields()?,
                persona_ids: persona_ids
                    .get(index % persona_ids.len().max(1))
                    .copied()
                    .into_iter()
                    .collect(),
                hypothesis_ids: links
                    .iter()
                    .filter_map(|i| hypothesis_ids.get(*i).copied())
                    .collect(),
            })
            .await?;
        if mvp {
            for (position, criterion) in criteria.iter().enumerate() {
                let added = store
                    .add_criterion(project_id, feature.id, criterion)
                    .await?;
                let done = matches!(status, "ready" | "released")
                    || (position == 0 && status == "in_delivery");
                if done {
                    let patch = tandem_store::CriterionPatch {
                        met: Some(true),
                        ..Default::default()
                    };
                    store
                        .update_criterion(project_id, feature.id, added.id, &patch, added.version)
                        .await?;
                }
            }
        }
    }
    Ok(())
}

fn visibility(shared: bool) -> &'static str {
    if shared { "shared" } else { "internal" }
}

/// The NWSHOP and HELIOS product demo; `author` is the product manager (or the project
/// manager standing in on HELIOS).
pub async fn load(
    store: &Store,
    today: jiff::civil::Date,
    shop: i64,
    portal: i64,
    shop_author: i64,
    portal_author: i64,
) -> Result<(), ApiError> {
    use ExperimentOutcome::{Inconclusive, Invalidated, Validated};
    seed(
        store,
        shop,
        shop_author,
        ProjectSeed {
            personas: &[
                (
                    "Anna, busy parent",
                    "Two kids, shops on the bus home, mostly on her phone.",
                    "Get the weekly basket done in under five minutes.",
                    "Re-finding the same 30 products every week; checkout forgets her address.",
                    "I just want last week's basket again.",
                    true,
                ),
                (
                    "Ben, bargain hunter",
                    "Student, compares prices across three shops before buying.",
                    "Never pay more than elsewhere.",
                    "Discounts are hidden until checkout.",
                    "Show me the deal before I have to click.",
                    false,
                ),
                (
                    "Greta, store manager",
                    "Runs the Lübeck branch; handles click-and-collect orders.",
                    "Orders ready on time without extra staff.",
                    "Orders arrive in bursts at 17:00.",
                    "Give me the pick list an hour earlier.",
                    false,
                ),
            ],
            hypotheses: &[
                (
                    "Parents reorder the same basket most weeks",
                    "desirability",
                    5,
                    "none",
                    true,
                    Some((
                        "Order history analysis",
                        "survey",
                        "≥ 40 % of parent orders repeat ≥ 70 % of last week's items",
                        -40,
                        "52 % of parent orders repeat at least 70 % of the previous basket.",
                        Some(Validated),
                    )),
                ),
                (
                    "Shoppers will pay 2 € for a 2-hour delivery slot",
                    "viability",
                    5,
                    "weak",
                    false,
                    Some((
                        "Landing page with slot pricing",
                        "landing_page",
                        "≥ 8 % of visitors pick the paid slot",
                        -20,
                        "3 % picked the paid slot; most chose free next-day delivery.",
                        Some(Invalidated),
                    )),
                ),
                (
                    "The ERP can expose stock per store in real time",
                    "feasibility",
                    4,
                    "none",
                    false,
                    Some((
                        "ERP stock API spike",
                        "spike",
                        "Stock per store answers in < 500 ms for 95 % of calls",
                        -7,
                        "",
                        None,
                    )),
                ),
                (
                    "Wishlists bring shoppers back within a week",
                    "desirability",
                    3,
                    "weak",
                    true,
                    Some((
                        "Wishlist prototype test",
                        "prototype_test",
                        "4 of 6 testers add items and say they would return",
                        -30,
                        "3 of 6 used the wishlist; opinions split.",
                        Some(Inconclusive),
                    )),
                ),
                (
                    "Store staff accept picking from a tablet",
                    "feasibility",
                    2,
                    "moderate",
                    false,
                    None,
                ),
                (
                    "Guest checkout lifts conversion",
                    "viability",
                    4,
                    "strong",
                    true,
                    None,
                ),
            ],
            features: &[
                (
                    "One-tap reorder",
                    "Parents rebuild the same basket every week.",
                    "in_delivery",
                    Some("must"),
                    true,
                    Some("now"),
                    25.0,
                    true,
                    (6000.0, 2.0, None),
                    2.0,
                    (13, 8, 5, 5),
                    (9.0, 4.0),
                    &[0],
                ),
                (
                    "Guest checkout",
                    "Forced sign-up loses first-time buyers.",
                    "ready",
                    Some("must"),
                    true,
                    Some("now"),
                    10.0,
                    true,
                    (9000.0, 1.0, Some(80)),
                    1.0,
                    (8, 8, 3, 3),
                    (8.0, 2.0),
                    &[5],
                ),
                (
                    "Store stock on product page",
                    "Shoppers drive to a store that has sold out.",
                    "planned",
                    Some("should"),
                    true,
                    Some("now"),
                    20.0,
                    false,
                    (4000.0, 1.0, None),
                    3.0,
                    (8, 5, 8, 8),
                    (7.0, 6.0),
                    &[2],
                ),
                (
                    "Paid 2-hour delivery slots",
                    "Some shoppers need groceries tonight.",
                    "rejected",
                    Some("wont"),
                    false,
                    None,
                    30.0,
                    false,
                    (1500.0, 2.0, None),
                    4.0,
                    (5, 3, 2, 13),
                    (4.0, 8.0),
                    &[1],
                ),
                (
                    "Wishlist",
                    "Shoppers lose track of products they liked.",
                    "discovery",
                    Some("could"),
                    true,
                    Some("next"),
                    8.0,
                    true,
                    (2500.0, 0.5, None),
                    1.0,
                    (3, 2, 1, 3),
                    (4.0, 3.0),
                    &[3],
                ),
                (
                    "Tablet pick lists for stores",
                    "Click-and-collect orders pile up at 17:00.",
                    "validated",
                    Some("should"),
                    false,
                    Some("next"),
                    15.0,
                    false,
                    (300.0, 2.0, Some(80)),
                    2.0,
                    (5, 8, 3, 5),
                    (6.0, 5.0),
                    &[4],
                ),
                (
                    "Deal badges in search",
                    "Bargain hunters miss discounts.",
                    "idea",
                    None,
                    false,
                    Some("later"),
                    5.0,
                    false,
                    (5000.0, 0.5, Some(50)),
                    0.5,
                    (3, 1, 1, 2),
                    (5.0, 2.0),
                    &[],
                ),
                (
                    "Loyalty points",
                    "Regulars get nothing for coming back.",
                    "idea",
                    None,
                    false,
                    Some("later"),
                    40.0,
                    false,
                    (7000.0, 1.0, Some(50)),
                    5.0,
                    (8, 2, 2, 13),
                    (6.0, 9.0),
                    &[],
                ),
            ],
            criteria: ["Works on a phone with one thumb", "Tracked in analytics"],
        },
        today,
    )
    .await?;
    seed(
        store,
        portal,
        portal_author,
        ProjectSeed {
            personas: &[
                (
                    "Herr Keller, chronic patient",
                    "68, sees three specialists, manages appointments by phone.",
                    "See all appointments and results in one place.",
                    "Hold music; letters arrive after the appointment.",
                    "I spend more time on hold than with the doctor.",
                    true,
                ),
                (
                    "Dr. Aydin, outpatient clinic",
                    "Cardiologist with a full waiting list.",
                    "Fewer no-shows, fewer calls about results.",
                    "20 % of slots are lost to no-shows.",
                    "A reminder the day before would save me an afternoon a week.",
                    false,
                ),
            ],
            hypotheses: &[
                (
                    "Patients over 60 will book online if it is as simple as the phone",
                    "desirability",
                    5,
                    "none",
                    true,
                    Some((
                        "Clickable booking prototype with 8 patients over 60",
                        "prototype_test",
                        "6 of 8 book an appointment unaided in under 3 minutes",
                        5,
                        "",
                        None,
                    )),
                ),
                (
                    "SMS reminders halve no-shows",
                    "viability",
                    4,
                    "moderate",
                    true,
                    None,
                ),
                (
                    "The hospital system accepts bookings through its HL7 interface",
                    "feasibility",
                    5,
                    "weak",
                    false,
                    Some((
                        "HL7 booking spike",
                        "spike",
                        "A test booking round-trips through HL7 in the staging system",
                        -3,
                        "",
                        None,
                    )),
                ),
                (
                    "Patients want video consultations instead of short visits",
                    "desirability",
                    4,
                    "weak",
                    false,
                    Some((
                        "Waiting-room survey",
                        "survey",
                        "≥ 50 % of 100 patients would choose video for a follow-up",
                        -25,
                        "18 of 100 would choose video; most want to see the doctor in person.",
                        Some(Invalidated),
                    )),
                ),
            ],
            features: &[
                (
                    "Online appointment booking",
                    "Patients wait on hold to book.",
                    "discovery",
                    Some("must"),
                    true,
                    Some("now"),
                    35.0,
                    true,
                    (12000.0, 3.0, None),
                    4.0,
                    (20, 13, 8, 13),
                    (9.0, 8.0),
                    &[0, 2],
                ),
                (
                    "SMS appointment reminders",
                    "No-shows waste specialist time.",
                    "validated",
                    Some("must"),
                    true,
                    Some("now"),
                    8.0,
                    true,
                    (12000.0, 2.0, None),
                    1.0,
                    (13, 8, 3, 3),
                    (8.0, 2.0),
                    &[1],
                ),
                (
                    "Lab results inbox",
                    "Results arrive by letter, days late.",
                    "idea",
                    Some("should"),
                    true,
                    Some("next"),
                    20.0,
                    false,
                    (8000.0, 2.0, Some(50)),
                    3.0,
                    (8, 5, 5, 8),
                    (8.0, 6.0),
                    &[],
                ),
                (
                    "Video follow-up consultations",
                    "Follow-up visits take patients half a day for ten minutes.",
                    "planned",
                    Some("should"),
                    true,
                    Some("now"),
                    30.0,
                    false,
                    (3000.0, 1.0, None),
                    4.0,
                    (5, 3, 2, 13),
                    (5.0, 8.0),
                    &[3],
                ),
                (
                    "Secure messages to the clinic",
                    "Simple questions need a phone call.",
                    "idea",
                    Some("could"),
                    false,
                    Some("later"),
                    25.0,
                    false,
                    (5000.0, 1.0, Some(50)),
                    3.0,
                    (5, 2, 2, 8),
                    (5.0, 6.0),
                    &[],
                ),
            ],
            criteria: [
                "Accessible to screen readers (WCAG AA)",
                "Checked by Helios IT security",
            ],
        },
        today,
    )
    .await?;
    let fleet = store.project_by_key("FLEET").await?.id;
    let rita = super::direction::id_of(store, "rita@tandem.demo").await?;
    seed(store, fleet, rita, fleet_seed(), today).await
}

/// FLEET's product: two personas met on a ride-along, the riskiest assumptions tested in its
/// first days, and a small MVP whose Must-haves stay under 60 % of the pilot's effort.
fn fleet_seed() -> ProjectSeed<'static> {
    use ExperimentOutcome::Validated;
    ProjectSeed {
        personas: &[
            (
                "Dario, dispatcher at a courier start-up",
                "Runs 30 riders from a laptop and two phones.",
                "Know where every rider is without calling them.",
                "Calls riders all day; customers call him about late parcels.",
                "Half my day is asking 'where are you?'",
                false,
            ),
            (
                "Lena, cargo-bike rider",
                "Rides 60 stops a day across the city centre.",
                "Ride without the phone ringing.",
                "Stops to answer the dispatcher several times an hour.",
                "Every call costs me a green light.",
                false,
            ),
        ],
        hypotheses: &[
            (
                "Dispatchers check where riders are at least 20 times a day",
                "desirability",
                5,
                "none",
                false,
                Some((
                    "Shadow two dispatchers for a day",
                    "interview",
                    "Both check positions ≥ 20 times in a shift",
                    -9,
                    "34 and 27 checks; each one was a phone call.",
                    Some(Validated),
                )),
            ),
            (
                "Riders' phones can report a position every 30 s for a whole shift",
                "feasibility",
                5,
                "weak",
                false,
                Some((
                    "Battery spike on three rider phones",
                    "spike",
                    "≤ 15 % battery over an 8-hour shift",
                    -8,
                    "11 % battery on average over a full shift.",
                    Some(Validated),
                )),
            ),
            (
                "Courier start-ups pay 5 € per vehicle a month",
                "viability",
                4,
                "weak",
                false,
                Some((
                    "Pricing page for the pilot sign-up",
                    "landing_page",
                    "≥ 3 of 20 contacted start-ups book a call at that price",
                    -2,
                    "",
                    None,
                )),
            ),
            (
                "Delay alerts cut customers' calls by a third",
                "desirability",
                3,
                "moderate",
                false,
                None,
            ),
        ],
        features: &[
            (
                "Live map of riders",
                "Dispatchers phone riders to find them.",
                "in_delivery",
                Some("must"),
                true,
                Some("now"),
                12.0,
                false,
                (30.0, 3.0, None),
                1.0,
                (13, 8, 5, 3),
                (9.0, 3.0),
                &[0, 1],
            ),
            (
                "Position reporting in the rider app",
                "Positions come from phone calls, not the phones.",
                "in_delivery",
                Some("must"),
                true,
                Some("now"),
                8.0,
                false,
                (300.0, 2.0, None),
                1.0,
                (8, 8, 8, 3),
                (8.0, 3.0),
                &[1],
            ),
            (
                "ETA per stop",
                "Customers call to ask when the parcel comes.",
                "planned",
                Some("should"),
                true,
                Some("now"),
                15.0,
                false,
                (30.0, 2.0, None),
                1.5,
                (8, 5, 3, 5),
                (7.0, 5.0),
                &[0],
            ),
            (
                "Delay alerts",
                "Dispatchers learn about delays from angry customers.",
                "discovery",
                Some("could"),
                false,
                Some("next"),
                10.0,
                false,
                (30.0, 1.0, Some(80)),
                1.0,
                (5, 5, 2, 5),
                (6.0, 4.0),
                &[3],
            ),
            (
                "Billing per vehicle",
                "Pilots become customers only when they can be billed.",
                "idea",
                None,
                false,
                Some("later"),
                12.0,
                false,
                (10.0, 1.0, Some(50)),
                2.0,
                (5, 3, 1, 8),
                (5.0, 6.0),
                &[2],
            ),
        ],
        criteria: [
            "Works with 50 riders on the map at once",
            "Positions older than two minutes are greyed out",
        ],
    }
}
