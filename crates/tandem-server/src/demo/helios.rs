//! The product direction of HELIOS, the portal nobody owns on the product side: the project
//! manager stands in, so the board is half filled and its audience changed without a
//! decision, the goal has no feature behind it, the client's critical feedback waits
//! untriaged, the pilot release carries a feature whose assumption a survey disproved, and
//! the decision about who signs off the scope is overdue.

use super::direction::{checklist, decision, feature_ids, id_of, kr, plan_into};
use super::from_today;
use crate::error::ApiError;
use jiff::civil::Date;
use tandem_core::product::direction::{
    DecisionStatus, FeedbackSource, FeedbackStatus, Importance, ReleaseStatus, Visibility,
    VisionBoxes, WorkshopKind, WorkshopStatus,
};
use tandem_store::Store;
use tandem_store::direction::{
    FeedbackInput, FeedbackPatch, ObjectiveInput, ParticipantInput, ReleaseInput, VisionSave,
    WorkshopInput,
};

/// Loads HELIOS's direction; its product records were seeded by [`super::product`].
pub async fn load(store: &Store, today: Date) -> Result<(), ApiError> {
    let portal = store.project_by_key("HELIOS").await?.id;
    let jonas = id_of(store, "jonas@tandem.demo").await?;
    let mei = id_of(store, "mei@tandem.demo").await?;
    let henrik = id_of(store, "henrik@helios.demo").await?;

    let kickoff = store
        .create_workshop(
            portal,
            &WorkshopInput {
                title: "Kick-off with Helios Health".into(),
                kind: WorkshopKind::Kickoff,
                held_on: Some(from_today(today, -28)),
                agenda: "1. What patients phone about\n2. What Helios IT allows\n3. Who decides what the portal does".into(),
                notes: "## Findings\n- About 4,000 calls a week are about appointments; 1 in 5 slots is a no-show.\n- Helios IT accepts bookings only through the HL7 interface.\n- Nobody on our side owns the product yet; Jonas stands in until a product manager is named.\n\n## Open\nWho signs off the scope of the pilot?".into(),
                status: WorkshopStatus::Held,
                visibility: Visibility::Shared,
                participants: vec![
                    ParticipantInput::User(jonas),
                    ParticipantInput::User(mei),
                    ParticipantInput::User(henrik),
                    ParticipantInput::Contact("Dr. Aydin (cardiology)".into()),
                ],
            },
            jonas,
        )
        .await?;

    // The board stops after the needs; later the audience was narrowed and nobody decided it.
    let first = VisionBoxes {
        vision: "Helios patients handle appointments, results and messages without calling.".into(),
        target_group: "All Helios patients".into(),
        needs: "Book and move appointments\nSee lab results\nAsk a quick question".into(),
        product: String::new(),
        business_goals: String::new(),
    };
    let (board, _) = store
        .save_vision_board(
            portal,
            &VisionSave {
                boxes: first.clone(),
                visibility: Visibility::Internal,
                editor: jonas,
            },
            0,
        )
        .await?;
    store
        .save_vision_board(
            portal,
            &VisionSave {
                boxes: VisionBoxes {
                    target_group: "Chronic patients over 60 who see several specialists".into(),
                    ..first
                },
                visibility: Visibility::Internal,
                editor: jonas,
            },
            board.version,
        )
        .await?;

    let mut hl7 = decision(
        "Book through the hospital's HL7 interface",
        DecisionStatus::Accepted,
        Some(jonas),
        today,
    );
    hl7.decided_on = Some(from_today(today, -28));
    hl7.workshop_id = Some(kickoff.id);
    hl7.rationale = "Helios IT allows no other write access to the scheduling system.".into();
    hl7.consequence_time = "The booking feature waits for the HL7 spike.".into();
    store.create_decision(portal, &hl7, jonas).await?;
    let mut owner = decision(
        "Who signs off the pilot's scope",
        DecisionStatus::Proposed,
        Some(jonas),
        today,
    );
    owner.context =
        "No product manager is named; Helios expects one contact for scope questions.".into();
    owner.options = vec![
        "Name a product manager".into(),
        "Henrik signs off for Helios".into(),
        "Jonas keeps standing in".into(),
    ];
    owner.due_on = Some(from_today(today, -12));
    store.create_decision(portal, &owner, jonas).await?;

    // The goal came out of the kick-off; no feature is linked to it yet.
    store
        .create_objective(
            portal,
            &ObjectiveInput {
                title: "Take appointment booking off the phone".into(),
                description: "Patients book and move appointments themselves.".into(),
                due_on: Some(from_today(today, 120)),
                visibility: Visibility::Shared,
                workshop_id: Some(kickoff.id),
                key_results: vec![
                    kr("Appointments booked online", "%", (0.0, 40.0, 0.0), today),
                    kr(
                        "Appointment calls a week",
                        "calls",
                        (4000.0, 2000.0, 4000.0),
                        today,
                    ),
                ],
                feature_ids: Vec::new(),
            },
            jonas,
        )
        .await?;

    let reminders = feature_ids(store, portal, &["SMS appointment reminders"]).await?;
    let feedback = [
        (
            FeedbackSource::Client,
            "Henrik Hospital",
            "Patients must be able to cancel online too, or the no-shows stay.",
            Importance::Critical,
            Some(henrik),
            Vec::new(),
            FeedbackStatus::New,
        ),
        (
            FeedbackSource::Support,
            "Helios front desk",
            "About 30 calls a day only ask whether lab results are in.",
            Importance::Important,
            Some(jonas),
            Vec::new(),
            FeedbackStatus::New,
        ),
        (
            FeedbackSource::Workshop,
            "Dr. Aydin",
            "A reminder the day before would save me an afternoon a week.",
            Importance::Important,
            Some(jonas),
            reminders,
            FeedbackStatus::Triaged,
        ),
    ];
    for (source, contact, text, importance, by, feature_ids, status) in feedback {
        let created = store
            .create_feedback(
                portal,
                &FeedbackInput {
                    source,
                    contact: contact.into(),
                    text: text.into(),
                    persona_id: None,
                    importance,
                    submitted_by: by,
                    workshop_id: (source == FeedbackSource::Workshop).then_some(kickoff.id),
                    feature_ids,
                },
            )
            .await?;
        if status != FeedbackStatus::New {
            let patch = FeedbackPatch {
                status: Some(status),
                ..FeedbackPatch::default()
            };
            store
                .update_feedback(portal, created.id, &patch, created.version)
                .await?;
        }
    }

    // The pilot carries video follow-ups although the survey disproved them: nobody cut them.
    let pilot = store
        .create_release(
            portal,
            &ReleaseInput {
                name: "Pilot in cardiology".into(),
                target_date: Some(from_today(today, 35)),
                status: ReleaseStatus::Planned,
                description: "Booking and reminders for Dr. Aydin's outpatients.".into(),
                visibility: Visibility::Shared,
            },
            jonas,
        )
        .await?;
    plan_into(
        store,
        portal,
        pilot.id,
        &[
            "Online appointment booking",
            "SMS appointment reminders",
            "Video follow-up consultations",
        ],
    )
    .await?;
    store
        .save_go_no_go(
            pilot.id,
            &checklist(1, "Staging environment at Helios IT", jonas),
            Some(jonas),
            0,
        )
        .await?;
    Ok(())
}
