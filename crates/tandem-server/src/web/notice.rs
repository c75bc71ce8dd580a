//! One-line confirmations after a successful form (post/redirect/get): the redirect names a
//! notice from this fixed list in `?notice=`, so no user text is ever reflected into a page.

use axum::response::Redirect;
use serde::Deserialize;

macro_rules! notices {
    ($($variant:ident = $key:literal => $message:literal,)+) => {
        /// A confirmation shown once at the top of the next page.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Notice {
            $($variant),+
        }

        impl Notice {
            /// The `?notice=` value naming this notice.
            pub fn key(self) -> &'static str {
                match self {
                    $(Notice::$variant => $key),+
                }
            }

            /// The sentence shown.
            pub fn message(self) -> &'static str {
                match self {
                    $(Notice::$variant => $message),+
                }
            }

            /// The notice named `key`, if there is one.
            pub fn parse(key: &str) -> Option<Self> {
                match key {
                    $($key => Some(Notice::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

notices! {
    ProjectCreated = "project_created" => "Project created.",
    ProjectUpdated = "project_updated" => "Project saved.",
    ProjectArchived = "project_archived" => "Project archived. It no longer shows in the default list.",
    ProjectRestored = "project_restored" => "Project restored from the archive.",
    MemberAdded = "member_added" => "Member added.",
    MemberRemoved = "member_removed" => "Member removed.",
    ClientCreated = "client_created" => "Client created.",
    UserCreated = "user_created" => "Account created. Share the initial password with the person.",
    UserDeactivated = "user_deactivated" => "Account deactivated; its sessions have ended.",
    UserUpdated = "user_updated" => "Account saved.",
    PasswordReset = "password_reset" => "New password set; their sessions have ended. Share it with them privately.",
    UserReactivated = "user_reactivated" => "Account reactivated.",
    TokenRevoked = "token_revoked" => "Token revoked.",
    TestEmailSent = "test_email_sent" => "Test e-mail sent: the relay accepted it. Check your inbox.",
    TestEmailNotSent = "test_email_not_sent" => "The test e-mail was not sent; the outbox below shows the relay's error. It is retried like any other mail.",
    PasswordChanged = "password_changed" => "Password changed; your other sessions have ended.",
    OwnProfileSaved = "own_profile_saved" => "Profile saved. Times on every page now follow your time zone.",
    RaciSaved = "raci_saved" => "Responsibilities saved.",
    RaciActivityAdded = "raci_activity_added" => "Activity added with its accountable. Set its other letters in the matrix.",
    RaciActivityDeleted = "raci_activity_deleted" => "Activity removed.",
    ThresholdsSaved = "thresholds_saved" => "Health thresholds saved.",
    WorkspaceZoneSaved = "workspace_zone_saved" => "Workspace time zone saved. Due dates and overdue flags now count its days.",
    RaciTemplateSaved = "raci_template_saved" => "Workspace default saved. New projects start from it; existing projects keep their own matrix.",
    RaciTemplateReset = "raci_template_reset" => "Workspace default is the built-in product/project split again.",
    RaciTemplateFromProject = "raci_template_from_project" => "The project's matrix is now the workspace default (cells naming a person stayed with the project).",
    ProfileSaved = "profile_saved" => "Member profile saved.",
    TimeOffAdded = "time_off_added" => "Time off recorded.",
    TimeOffSaved = "time_off_saved" => "Time off saved.",
    TimeOffRemoved = "time_off_removed" => "Time off removed.",
    CalendarSaved = "calendar_saved" => "Work week saved.",
    HolidayAdded = "holiday_added" => "Holiday added to the project calendar.",
    HolidayRemoved = "holiday_removed" => "Holiday removed from the project calendar.",
    BudgetLineAdded = "budget_line_added" => "Budget line added.",
    BudgetLineSaved = "budget_line_saved" => "Budget line saved.",
    BudgetLineRemoved = "budget_line_removed" => "Budget line removed.",
    ExpenseAdded = "expense_added" => "Expense recorded.",
    ExpenseSaved = "expense_saved" => "Expense saved.",
    ExpenseRemoved = "expense_removed" => "Expense removed.",
    RiskAdded = "risk_added" => "Risk added to the register.",
    RiskSaved = "risk_saved" => "Risk saved.",
    RiskRemoved = "risk_removed" => "Risk removed.",
    BaselineSaved = "baseline_saved" => "Baseline saved. The Gantt now compares with it.",
    VisionSaved = "vision_saved" => "Vision board saved.",
    DirectionChanged = "direction_changed" => "Vision board saved. The direction changed: record the decision behind it.",
    DecisionRecorded = "decision_recorded" => "Decision recorded in the log.",
    DecisionSaved = "decision_saved" => "Decision saved.",
    ObjectiveCreated = "objective_created" => "Objective created.",
    ProgressRecorded = "progress_recorded" => "Progress recorded.",
    ObjectiveSaved = "objective_saved" => "Objective saved.",
    WorkshopSaved = "workshop_saved" => "Workshop saved.",
    OutcomeAdded = "outcome_added" => "Created from this workshop.",
    FeedbackSent = "feedback_sent" => "Feedback sent. You can follow its status here.",
    FeedbackTriaged = "feedback_triaged" => "Feedback triaged.",
    ReleaseCreated = "release_created" => "Release created.",
    ChecklistSaved = "checklist_saved" => "Checklist saved.",
    ReleaseDecided = "release_decided" => "Decision recorded; the release and the decision log are updated.",
    ReleaseSaved = "release_saved" => "Release saved.",
    GoNoGoTemplateSaved = "go_no_go_template_saved" => "Go/no-go template saved; releases without a checklist yet start from it.",
    NotificationRead = "notification_read" => "Marked as read.",
    NotificationsAllRead = "notifications_all_read" => "All notifications marked as read.",
    NotificationSettingsSaved = "notification_settings_saved" => "Notification settings saved.",
    PersonaSaved = "persona_saved" => "Persona saved.",
    PersonaDeleted = "persona_deleted" => "Persona deleted.",
    HypothesisSaved = "hypothesis_saved" => "Hypothesis saved.",
    HypothesisDeleted = "hypothesis_deleted" => "Hypothesis deleted with its experiments.",
    ExperimentSaved = "experiment_saved" => "Experiment saved.",
    ResultRecorded = "result_recorded" => "Result recorded; the hypothesis follows its outcome.",
    FeatureSaved = "feature_saved" => "Feature saved.",
    FeatureDeleted = "feature_deleted" => "Feature deleted.",
    FeatureMoved = "feature_moved" => "Feature moved on the roadmap.",
    RoadmapFilterCleared = "roadmap_filter_cleared" => "Part of this link's filter names a persona, release or value that is not in this project (any more), so it was left out.",
    CriteriaSaved = "criteria_saved" => "Acceptance criteria saved.",
    ItemLinked = "item_linked" => "Work item linked; readiness now counts it.",
    ItemUnlinked = "item_unlinked" => "Work item unlinked.",
    SprintCreated = "sprint_created" => "Sprint created. Add backlog items to plan it.",
    SprintPlanned = "sprint_planned" => "Sprint scope saved.",
    SprintSaved = "sprint_saved" => "Sprint saved.",
    SprintDeleted = "sprint_deleted" => "Sprint deleted; its items are back in the backlog.",
    SprintStarted = "sprint_started" => "Sprint started; its scope is recorded as committed.",
    SprintCompleted = "sprint_completed" => "Sprint completed; unfinished items moved as chosen and recorded as spillover.",
    TimesheetSaved = "timesheet_saved" => "Timesheet saved.",
    TimerStarted = "timer_started" => "Timer started.",
    TimerStopped = "timer_stopped" => "Timer stopped; the time is logged for today.",
    WorkflowSaved = "workflow_saved" => "Workflow saved.",
    ReportGenerated = "report_generated" => "Status report generated and kept in the history.",
    ItemDeleted = "item_deleted" => "Item deleted. Its history stays in the audit log.",
}

impl Notice {
    /// A redirect (303 See Other) to `path` that shows this notice there. `path` may carry a
    /// query (the notice is appended to it) and a `#fragment` (kept at the end, so the page
    /// still scrolls to it).
    pub fn redirect(self, path: &str) -> Redirect {
        let (path, anchor) = match path.split_once('#') {
            Some((path, fragment)) => (path, format!("#{fragment}")),
            None => (path, String::new()),
        };
        let separator = if path.contains('?') { '&' } else { '?' };
        Redirect::to(&format!("{path}{separator}notice={}{anchor}", self.key()))
    }
}

/// The `?notice=` query of a page; an unknown value is ignored rather than an error.
#[derive(Debug, Default, Deserialize)]
pub struct NoticeQuery {
    #[serde(default)]
    notice: Option<String>,
}

impl NoticeQuery {
    /// The notice to show, if the query names a known one.
    pub fn notice(&self) -> Option<Notice> {
        self.notice.as_deref().and_then(Notice::parse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_unknown_keys_are_ignored() {
        for notice in [
            Notice::ProjectCreated,
            Notice::TokenRevoked,
            Notice::MemberRemoved,
        ] {
            assert_eq!(Notice::parse(notice.key()), Some(notice));
        }
        assert_eq!(Notice::parse("<script>"), None);
        assert_eq!(
            Notice::MemberAdded.redirect("/projects/ACME").location(),
            "/projects/ACME?notice=member_added"
        );
        assert_eq!(
            Notice::FeedbackSent
                .redirect("/portal#project-ACME")
                .location(),
            "/portal?notice=feedback_sent#project-ACME"
        );
    }
}
