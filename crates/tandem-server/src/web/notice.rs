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
    UserReactivated = "user_reactivated" => "Account reactivated.",
    TokenRevoked = "token_revoked" => "Token revoked.",
    PasswordChanged = "password_changed" => "Password changed; your other sessions have ended.",
    RaciSaved = "raci_saved" => "Responsibilities saved.",
    RaciActivityAdded = "raci_activity_added" => "Activity added. Set its letters in the matrix.",
    RaciActivityDeleted = "raci_activity_deleted" => "Activity removed.",
    ThresholdsSaved = "thresholds_saved" => "Health thresholds saved.",
    ProfileSaved = "profile_saved" => "Member profile saved.",
    TimeOffAdded = "time_off_added" => "Time off recorded.",
    TimeOffRemoved = "time_off_removed" => "Time off removed.",
    CalendarSaved = "calendar_saved" => "Work week saved.",
    HolidayAdded = "holiday_added" => "Holiday added to the project calendar.",
    HolidayRemoved = "holiday_removed" => "Holiday removed from the project calendar.",
    BudgetLineAdded = "budget_line_added" => "Budget line added.",
    BudgetLineRemoved = "budget_line_removed" => "Budget line removed.",
    ExpenseAdded = "expense_added" => "Expense recorded.",
    ExpenseRemoved = "expense_removed" => "Expense removed.",
    RiskAdded = "risk_added" => "Risk added to the register.",
    RiskSaved = "risk_saved" => "Risk saved.",
    RiskRemoved = "risk_removed" => "Risk removed.",
    VisionSaved = "vision_saved" => "Vision board saved.",
    DirectionChanged = "direction_changed" => "Vision board saved. The direction changed: record the decision behind it.",
    DecisionRecorded = "decision_recorded" => "Decision recorded in the log.",
    ObjectiveCreated = "objective_created" => "Objective created.",
    ProgressRecorded = "progress_recorded" => "Progress recorded.",
    WorkshopSaved = "workshop_saved" => "Workshop saved.",
    OutcomeAdded = "outcome_added" => "Created from this workshop.",
    FeedbackSent = "feedback_sent" => "Feedback sent. You can follow its status here.",
    FeedbackTriaged = "feedback_triaged" => "Feedback triaged.",
    ReleaseCreated = "release_created" => "Release created.",
    ChecklistSaved = "checklist_saved" => "Checklist saved.",
    ReleaseDecided = "release_decided" => "Decision recorded; the release and the decision log are updated.",
    ReportGenerated = "report_generated" => "Status report generated and kept in the history.",
}

impl Notice {
    /// A redirect (303 See Other) to `path` that shows this notice there.
    pub fn redirect(self, path: &str) -> Redirect {
        Redirect::to(&format!("{path}?notice={}", self.key()))
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
    }
}
