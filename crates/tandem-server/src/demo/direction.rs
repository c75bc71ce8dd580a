//! The product direction of NWSHOP and FLEET: vision boards with revisions (their direction
//! changes recorded as decisions), goals with graded key results,
//! workshops with what they produced, feedback linked and unlinked (some from Northwind's
//! contact), releases with a go/no-go record, and a decision log with an overdue decision.
//! HELIOS, which nobody owns on the product side, is in [`super::helios`].

use super::from_today;
use crate::error::ApiError;
use jiff::civil::Date;
use tandem_core::product::direction::{
    DecisionStatus, FeedbackSource, FeedbackStatus, Importance, LinkKind, Outcome, ReleaseStatus,
    Visibility, VisionBoxes, WorkshopKind, WorkshopStatus, default_criteria,
};
use tandem_store::direction::{
    Criterion, DecideInput, DecisionInput, DecisionLink, FeedbackInput, FeedbackPatch,
    KeyResultInput, ObjectiveInput, ParticipantInput, ReleaseInput, VisionSave, WorkshopInput,
};
use tandem_store::{FeatureFilter, FeaturePatch, Store, StoreError};

/// The demo accounts the direction data names, by e-mail.
struct People {
    paula: i64,
    jonas: i64,
    mei: i64,
    omar: i64,
    rita: i64,
    clara: i64,
}

/// The id of the demo account `email` (the demo creates every one it names).
pub(super) async fn id_of(store: &Store, email: &str) -> Result<i64, ApiError> {
    store
        .user_by_email(email)
        .await?
        .map(|found| found.user.id)
        .ok_or_else(|| StoreError::NotFound.into())
}

/// A decision with the fields the demo sets; the rest empty.
pub(super) fn decision(
    title: &str,
    status: DecisionStatus,
    decider: Option<i64>,
    today: Date,
) -> DecisionInput {
    DecisionInput {
        title: title.to_owned(),
        status,
        context: String::new(),
        options: Vec::new(),
        decision: String::new(),
        rationale: String::new(),
        decider_id: decider,
        consulted: Vec::new(),
        decided_on: (status != DecisionStatus::Proposed).then(|| from_today(today, -20)),
        due_on: None,
        consequence_scope: String::new(),
        consequence_time: String::new(),
        consequence_cost: String::new(),
        revisit_on: None,
        superseded_by: None,
        visibility: Visibility::Internal,
        workshop_id: None,
        links: Vec::new(),
    }
}

/// A key result due with its goal, 75 days from today.
pub(super) fn kr(
    metric: &str,
    unit: &str,
    (baseline, target, current): (f64, f64, f64),
    today: Date,
) -> KeyResultInput {
    KeyResultInput {
        metric: metric.to_owned(),
        unit: unit.to_owned(),
        baseline,
        target,
        current,
        due_on: Some(from_today(today, 75)),
    }
}

/// Loads the direction data of NWSHOP, HELIOS and FLEET.
pub async fn load(store: &Store, today: Date) -> Result<(), ApiError> {
    let people = People {
        paula: id_of(store, "paula@tandem.demo").await?,
        jonas: id_of(store, "jonas@tandem.demo").await?,
        mei: id_of(store, "mei@tandem.demo").await?,
        omar: id_of(store, "omar@tandem.demo").await?,
        rita: id_of(store, "rita@tandem.demo").await?,
        clara: id_of(store, "clara@northwind.demo").await?,
    };
    let shop = store.project_by_key("NWSHOP").await?.id;
    let fleet = store.project_by_key("FLEET").await?.id;
    web_shop(store, shop, &people, today).await?;
    fleet_tracking(store, fleet, &people, today).await?;
    super::helios::load(store, today).await?;
    Ok(())
}

async fn web_shop(store: &Store, shop: i64, p: &People, today: Date) -> Result<(), ApiError> {
    // Kick-off workshop with the client, and what it produced.
    let kickoff = store
        .create_workshop(
            shop,
            &WorkshopInput {
                title: "Kick-off with Northwind".into(),
                kind: WorkshopKind::Kickoff,
                held_on: Some(from_today(today, -85)),
                agenda: "1. Why relaunch now\n2. Who buys online today\n3. What must the first release do".into(),
                notes: "## Findings\n- 70 % of visits are mobile, but only 20 % of orders.\n- Checkout has 7 steps; the address is asked twice.\n- Store staff want to see online orders for click & collect.\n\n## Next\nVision workshop in two weeks.".into(),
                status: WorkshopStatus::Held,
                visibility: Visibility::Shared,
                participants: vec![
                    ParticipantInput::User(p.paula),
                    ParticipantInput::User(p.jonas),
                    ParticipantInput::User(p.clara),
                    ParticipantInput::Contact("Dana Ruiz (Northwind marketing)".into()),
                ],
            },
            p.paula,
        )
        .await?;
    store
        .create_workshop(
            shop,
            &WorkshopInput {
                title: "Checkout story mapping".into(),
                kind: WorkshopKind::StoryMapping,
                held_on: Some(from_today(today, 7)),
                agenda: "Map the buyer's journey from cart to confirmation; cut the MVP line."
                    .into(),
                notes: String::new(),
                status: WorkshopStatus::Planned,
                visibility: Visibility::Internal,
                participants: vec![
                    ParticipantInput::User(p.paula),
                    ParticipantInput::User(p.mei),
                    ParticipantInput::User(p.omar),
                ],
            },
            p.paula,
        )
        .await?;

    // Vision board: filled after the kick-off, then the target group narrowed (a direction
    // change) and the decision recorded.
    let first = VisionBoxes {
        vision: "Shopping at Northwind is as easy on the phone as in the store.".into(),
        target_group: "Northwind's existing store customers".into(),
        needs: "Order in a few taps\nKnow when the order arrives\nCollect in the store".into(),
        product: "Mobile-first storefront\nOne-page checkout\nClick & collect".into(),
        business_goals: "Online revenue +30 % in a year\nMobile conversion from 2 % to 5 %".into(),
    };
    let (board, _) = store
        .save_vision_board(
            shop,
            &VisionSave {
                boxes: first.clone(),
                visibility: Visibility::Shared,
                editor: p.paula,
            },
            0,
        )
        .await?;
    let narrowed = VisionBoxes {
        target_group:
            "Busy parents who already shop at Northwind stores\nSmall offices ordering supplies"
                .into(),
        ..first
    };
    let (_, revision) = store
        .save_vision_board(
            shop,
            &VisionSave {
                boxes: narrowed,
                visibility: Visibility::Shared,
                editor: p.paula,
            },
            board.version,
        )
        .await?;
    let mut direction = decision(
        "Focus the relaunch on busy parents and small offices",
        DecisionStatus::Accepted,
        Some(p.paula),
        today,
    );
    direction.context =
        "Interviews after the kick-off: two groups buy most often and abandon checkout most."
            .into();
    direction.options = vec![
        "All store customers".into(),
        "Busy parents and small offices".into(),
    ];
    direction.decision = "Design the first release for busy parents and small offices.".into();
    direction.rationale =
        "They place 60 % of online orders and feel the checkout pain most.".into();
    direction.consulted = vec![p.jonas, p.clara];
    direction.visibility = Visibility::Shared;
    direction.links = revision
        .iter()
        .map(|r| DecisionLink {
            kind: LinkKind::VisionRevision,
            id: r.id,
        })
        .collect();
    store.create_decision(shop, &direction, p.paula).await?;

    // Decisions: one from the workshop, one open and overdue.
    let mut hosting = decision(
        "Host the shop in the EU",
        DecisionStatus::Accepted,
        Some(p.paula),
        today,
    );
    hosting.workshop_id = Some(kickoff.id);
    hosting.rationale = "Northwind's customers are in Germany and Austria; GDPR.".into();
    hosting.consequence_cost = "About 400 EUR a month more than the cheapest offer.".into();
    store.create_decision(shop, &hosting, p.paula).await?;
    let mut payment = decision(
        "Choose the payment provider",
        DecisionStatus::Proposed,
        Some(p.paula),
        today,
    );
    payment.context = "Two offers; the checkout design depends on the widget.".into();
    payment.options = vec![
        "Stripe".into(),
        "Adyen".into(),
        "Keep the bank's gateway".into(),
    ];
    payment.due_on = Some(from_today(today, -5));
    payment.consulted = vec![p.mei, p.jonas];
    store.create_decision(shop, &payment, p.paula).await?;

    // Goals.
    store
        .create_objective(
            shop,
            &ObjectiveInput {
                title: "Make mobile checkout effortless".into(),
                description: "Buyers on phones finish what they start.".into(),
                due_on: Some(from_today(today, 75)),
                visibility: Visibility::Shared,
                workshop_id: Some(kickoff.id),
                key_results: vec![
                    kr("Mobile conversion", "%", (2.0, 5.0, 4.1), today),
                    kr("Cart abandonment on mobile", "%", (78.0, 60.0, 69.0), today),
                    kr("Checkout steps", "steps", (7.0, 3.0, 6.0), today),
                ],
                feature_ids: Vec::new(),
            },
            p.paula,
        )
        .await?;
    store
        .create_objective(
            shop,
            &ObjectiveInput {
                title: "Bring store and web together".into(),
                description: "Click & collect becomes a habit.".into(),
                due_on: Some(from_today(today, 120)),
                visibility: Visibility::Internal,
                workshop_id: None,
                key_results: vec![
                    kr(
                        "Click & collect share of orders",
                        "%",
                        (0.0, 25.0, 4.0),
                        today,
                    ),
                    kr(
                        "Stores live with pick-up",
                        "stores",
                        (0.0, 12.0, 2.0),
                        today,
                    ),
                ],
                feature_ids: Vec::new(),
            },
            p.paula,
        )
        .await?;

    // Feedback: from the client contact, support, end users and the workshop.
    let feedback = [
        (
            FeedbackSource::Client,
            "Clara Client",
            "Checkout asks for the delivery address twice.",
            Importance::Critical,
            Some(p.clara),
            None,
            FeedbackStatus::Triaged,
        ),
        (
            FeedbackSource::Client,
            "Clara Client",
            "Can we show store opening hours next to click & collect?",
            Importance::Important,
            Some(p.clara),
            None,
            FeedbackStatus::New,
        ),
        (
            FeedbackSource::Support,
            "Ticket 4711",
            "Coupon field is hidden on small phones.",
            Importance::Important,
            Some(p.mei),
            None,
            FeedbackStatus::New,
        ),
        (
            FeedbackSource::EndUser,
            "App store review",
            "I want to reorder my usual basket with one tap.",
            Importance::NiceToHave,
            Some(p.paula),
            None,
            FeedbackStatus::New,
        ),
        (
            FeedbackSource::Workshop,
            "Dana Ruiz",
            "Store staff need to see online orders for pick-up.",
            Importance::Critical,
            Some(p.paula),
            Some(kickoff.id),
            FeedbackStatus::Triaged,
        ),
        (
            FeedbackSource::Internal,
            "Omar Designer",
            "The old icon set is not accessible (contrast).",
            Importance::Important,
            Some(p.omar),
            None,
            FeedbackStatus::Archived,
        ),
    ];
    for (source, contact, text, importance, by, workshop, status) in feedback {
        let created = store
            .create_feedback(
                shop,
                &FeedbackInput {
                    source,
                    contact: contact.into(),
                    text: text.into(),
                    persona_id: None,
                    importance,
                    submitted_by: by,
                    workshop_id: workshop,
                    feature_ids: Vec::new(),
                },
            )
            .await?;
        if status != FeedbackStatus::New {
            let patch = FeedbackPatch {
                status: Some(status),
                ..FeedbackPatch::default()
            };
            store
                .update_feedback(shop, created.id, &patch, created.version)
                .await?;
        }
    }

    // Releases: a beta that went out, the launch with its go/no-go checklist under way.
    let beta = store
        .create_release(
            shop,
            &ReleaseInput {
                name: "0.9 Private beta".into(),
                target_date: Some(from_today(today, -14)),
                status: ReleaseStatus::Planned,
                description: "Fifty invited customers try the new checkout.".into(),
                visibility: Visibility::Shared,
            },
            p.paula,
        )
        .await?;
    let met_all: Vec<Criterion> = default_criteria()
        .into_iter()
        .map(|line| Criterion {
            met: true,
            evidence: "Checked in the release review".into(),
            ..Criterion::from(line)
        })
        .collect();
    let mut go = decision(
        "Go/no-go 0.9 Private beta: go",
        DecisionStatus::Accepted,
        Some(p.paula),
        today,
    );
    go.decision = "Go: ship 0.9 Private beta as planned.".into();
    go.rationale = "All criteria met; beta group briefed.".into();
    go.visibility = Visibility::Shared;
    go.links = vec![DecisionLink {
        kind: LinkKind::Release,
        id: beta.id,
    }];
    store
        .decide_release(
            shop,
            beta.id,
            &DecideInput {
                outcome: Outcome::Go,
                new_date: None,
                descope: Vec::new(),
                rationale: "All criteria met; beta group briefed.".into(),
                decider_id: p.paula,
                decision: go,
                criteria: met_all,
            },
            beta.version,
        )
        .await?;
    let launch = store
        .create_release(
            shop,
            &ReleaseInput {
                name: "1.0 Mobile checkout launch".into(),
                target_date: Some(from_today(today, 30)),
                status: ReleaseStatus::Planned,
                description: "Public launch of the new storefront and one-page checkout.".into(),
                visibility: Visibility::Shared,
            },
            p.paula,
        )
        .await?;
    let checklist: Vec<Criterion> = default_criteria()
        .into_iter()
        .enumerate()
        .map(|(index, line)| Criterion {
            met: index < 3,
            evidence: if index < 3 {
                "https://ci.northwind.demo/pipelines/812".into()
            } else {
                String::new()
            },
            owner_id: Some(if index < 3 { p.rita } else { p.jonas }),
            ..Criterion::from(line)
        })
        .collect();
    store
        .save_go_no_go(launch.id, &checklist, Some(p.paula), 0)
        .await?;
    let collect = store
        .create_release(
            shop,
            &ReleaseInput {
                name: "1.1 Click & collect".into(),
                target_date: Some(from_today(today, 90)),
                status: ReleaseStatus::Planned,
                description: "Pick-up in twelve stores.".into(),
                visibility: Visibility::Internal,
            },
            p.paula,
        )
        .await?;
    // The launch's scope keeps Must-haves a little under DSDM's 60 % of its effort.
    plan_into(
        store,
        shop,
        launch.id,
        &[
            "One-tap reorder",
            "Guest checkout",
            "Store stock on product page",
            "Wishlist",
        ],
    )
    .await?;
    plan_into(store, shop, collect.id, &["Tablet pick lists for stores"]).await?;
    Ok(())
}

/// Plans the features titled `titles` of `project` into release `release_id`.
pub(super) async fn plan_into(
    store: &Store,
    project: i64,
    release_id: i64,
    titles: &[&str],
) -> Result<(), ApiError> {
    let features = store
        .list_features(project, &FeatureFilter::default())
        .await?;
    for feature in features
        .iter()
        .filter(|f| titles.contains(&f.fields.title.as_str()))
    {
        let patch = FeaturePatch {
            release_id: Some(Some(release_id)),
            ..FeaturePatch::default()
        };
        store
            .update_feature(project, feature.id, &patch, feature.provenance.version)
            .await?;
    }
    Ok(())
}

/// The ids of the features titled `titles` of `project`, in backlog order.
pub(super) async fn feature_ids(
    store: &Store,
    project: i64,
    titles: &[&str],
) -> Result<Vec<i64>, ApiError> {
    Ok(store
        .list_features(project, &FeatureFilter::default())
        .await?
        .iter()
        .filter(|f| titles.contains(&f.fields.title.as_str()))
        .map(|f| f.id)
        .collect())
}

/// A go/no-go checklist of the default criteria where the first `met` are met (with
/// `evidence`), each owned by `owner`.
pub(super) fn checklist(met: usize, evidence: &str, owner: i64) -> Vec<Criterion> {
    default_criteria()
        .into_iter()
        .enumerate()
        .map(|(index, line)| Criterion {
            met: index < met,
            evidence: if index < met {
                evidence.into()
            } else {
                String::new()
            },
            owner_id: Some(owner),
            ..Criterion::from(line)
        })
        .collect()
}

/// FLEET: one person holds both roles and keeps the product side in order — a board whose
/// narrowed target group was decided, a goal its MVP serves, feedback triaged, a pilot
/// release with its checklist under way.
async fn fleet_tracking(
    store: &Store,
    fleet: i64,
    p: &People,
    today: Date,
) -> Result<(), ApiError> {
    let ride_along = store
        .create_workshop(
            fleet,
            &WorkshopInput {
                title: "Ride-along with SwiftCourier's dispatch".into(),
                kind: WorkshopKind::Other,
                held_on: Some(from_today(today, -9)),
                agenda: "A day next to the dispatcher; an hour on a cargo bike.".into(),
                notes: "## Findings\n- Dispatch phones a rider every few minutes to ask where they are.\n- Vans matter less than bikes: SwiftCourier has 4 vans and 26 bikes.\n- Riders keep the phone on the handlebar all shift.\n\n## Next\nNarrow the board to courier start-ups; test battery drain.".into(),
                status: WorkshopStatus::Held,
                visibility: Visibility::Internal,
                participants: vec![
                    ParticipantInput::User(p.rita),
                    ParticipantInput::User(p.omar),
                    ParticipantInput::Contact("Dario Russo (SwiftCourier dispatch)".into()),
                ],
            },
            p.rita,
        )
        .await?;
    // FLEET's board: the ride-along narrowed the target group, and Rita recorded why.
    let first = VisionBoxes {
        vision: "Every dispatcher knows where every van is, right now.".into(),
        target_group: "Logistics firms with 20–200 vans".into(),
        needs: "Live positions\nDelay alerts".into(),
        product: "Live map\nETA per stop\nAlerts".into(),
        business_goals: "Three paying pilots by spring".into(),
    };
    let (board, _) = store
        .save_vision_board(
            fleet,
            &VisionSave {
                boxes: first.clone(),
                visibility: Visibility::Internal,
                editor: p.rita,
            },
            0,
        )
        .await?;
    let (_, revision) = store
        .save_vision_board(
            fleet,
            &VisionSave {
                boxes: VisionBoxes {
                    target_group: "Courier start-ups with 5–50 bikes and vans".into(),
                    ..first
                },
                visibility: Visibility::Internal,
                editor: p.rita,
            },
            board.version,
        )
        .await?;
    let mut narrowed = decision(
        "Pilot with courier start-ups, not logistics firms",
        DecisionStatus::Accepted,
        Some(p.rita),
        today,
    );
    narrowed.decided_on = Some(from_today(today, -8));
    narrowed.workshop_id = Some(ride_along.id);
    narrowed.context =
        "The ride-along showed bikes, not vans, and a dispatcher on the phone all day.".into();
    narrowed.options = vec![
        "Logistics firms with 20–200 vans".into(),
        "Courier start-ups with 5–50 bikes and vans".into(),
    ];
    narrowed.decision = "Build the pilot for courier start-ups.".into();
    narrowed.rationale =
        "They feel the pain daily, decide in a week and need no ERP integration.".into();
    narrowed.consequence_scope = "Rider app first; van telematics later.".into();
    narrowed.links = revision
        .iter()
        .map(|r| DecisionLink {
            kind: LinkKind::VisionRevision,
            id: r.id,
        })
        .collect();
    store.create_decision(fleet, &narrowed, p.rita).await?;
    let mut phones = decision(
        "Riders report positions from their own phones",
        DecisionStatus::Accepted,
        Some(p.rita),
        today,
    );
    phones.decided_on = Some(from_today(today, -6));
    phones.options = vec![
        "GPS trackers per vehicle".into(),
        "The riders' phones".into(),
    ];
    phones.decision = "Use the riders' phones; no hardware in the pilot.".into();
    phones.rationale = "The battery spike passed (11 % per shift); trackers cost 60 € each.".into();
    phones.consulted = vec![p.omar];
    store.create_decision(fleet, &phones, p.rita).await?;

    let served = feature_ids(store, fleet, &["Live map of riders", "ETA per stop"]).await?;
    store
        .create_objective(
            fleet,
            &ObjectiveInput {
                title: "Three paying pilots by spring".into(),
                description: "Courier start-ups pay for FLEET after the pilot.".into(),
                due_on: Some(from_today(today, 120)),
                visibility: Visibility::Internal,
                workshop_id: Some(ride_along.id),
                key_results: vec![
                    kr("Pilot customers live", "customers", (0.0, 3.0, 1.0), today),
                    kr(
                        "Calls to riders per dispatcher a day",
                        "calls",
                        (30.0, 10.0, 24.0),
                        today,
                    ),
                ],
                feature_ids: served,
            },
            p.rita,
        )
        .await?;

    let map = feature_ids(store, fleet, &["Live map of riders"]).await?;
    let app = feature_ids(store, fleet, &["Position reporting in the rider app"]).await?;
    let feedback = [
        (
            FeedbackSource::EndUser,
            "Dario Russo",
            "Riders jump across the map when they ride through the tunnel.",
            Importance::Important,
            map,
        ),
        (
            FeedbackSource::Internal,
            "Omar Designer",
            "Riders need one big 'arrived' button; the small one is missed on the bike.",
            Importance::Important,
            app,
        ),
    ];
    for (source, contact, text, importance, feature_ids) in feedback {
        let created = store
            .create_feedback(
                fleet,
                &FeedbackInput {
                    source,
                    contact: contact.into(),
                    text: text.into(),
                    persona_id: None,
                    importance,
                    submitted_by: Some(p.rita),
                    workshop_id: Some(ride_along.id),
                    feature_ids,
                },
            )
            .await?;
        let patch = FeedbackPatch {
            status: Some(FeedbackStatus::Triaged),
            ..FeedbackPatch::default()
        };
        store
            .update_feedback(fleet, created.id, &patch, created.version)
            .await?;
    }

    let pilot = store
        .create_release(
            fleet,
            &ReleaseInput {
                name: "Pilot".into(),
                target_date: Some(from_today(today, 45)),
                status: ReleaseStatus::Planned,
                description: "First pilot customer live.".into(),
                visibility: Visibility::Internal,
            },
            p.rita,
        )
        .await?;
    plan_into(
        store,
        fleet,
        pilot.id,
        &[
            "Live map of riders",
            "Position reporting in the rider app",
            "ETA per stop",
        ],
    )
    .await?;
    store
        .save_go_no_go(
            pilot.id,
            &checklist(2, "Battery spike and ride-along notes", p.rita),
            Some(p.rita),
            0,
        )
        .await?;
    Ok(())
}
