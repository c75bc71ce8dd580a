//! The values the people, calendar, budget and risk parts of the store take and return.
//! Amounts are minor units in the project's currency; dates are `YYYY-MM-DD` text; the work
//! week and exception hours are JSON text the server validates (the store keeps them as is).

use crate::model::UserRef;
use tandem_core::people::budget::BudgetKind;
use tandem_core::people::profile::Discipline;
use tandem_core::people::risk::{Rating, RiskStatus, Visibility};

/// A member's discipline, capacity and hourly rate on one project. Members never edited have
/// `version` 0, no discipline, no stated capacity (full time) and no rate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberProfile {
    /// The member.
    pub user_id: i64,
    /// Their craft, if stated.
    pub discipline: Option<Discipline>,
    /// Minutes a week they work on the project; `None` = full time by the project calendar.
    pub weekly_capacity_minutes: Option<i64>,
    /// Internal cost per hour, minor units of the project currency.
    pub hourly_rate_minor: Option<i64>,
    /// Optimistic-concurrency version (0 before the first edit).
    pub version: i64,
}

impl MemberProfile {
    /// The profile of a member nobody has edited yet.
    pub fn blank(user_id: i64) -> Self {
        Self {
            user_id,
            discipline: None,
            weekly_capacity_minutes: None,
            hourly_rate_minor: None,
            version: 0,
        }
    }
}

/// A partial change to a profile: `None` leaves a field alone, `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct ProfilePatch {
    pub discipline: Option<Option<Discipline>>,
    pub weekly_capacity_minutes: Option<Option<i64>>,
    pub hourly_rate_minor: Option<Option<i64>>,
}

/// A project's stored calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCalendar {
    /// The work week as JSON; `None` until someone saves one (the standard week applies).
    pub work_week: Option<String>,
    /// Holidays and altered days, by first date.
    pub exceptions: Vec<CalendarDay>,
    /// Optimistic-concurrency version (0 before the first save).
    pub version: i64,
}

/// A holiday or altered day range of a project calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarDay {
    /// A label such as "Christmas".
    pub name: String,
    /// First date, `YYYY-MM-DD`.
    pub from_date: String,
    /// Last date (inclusive).
    pub to_date: String,
    /// Working hours on those dates as JSON (`[]` = non-working).
    pub hours: String,
}

/// A person's absence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeOff {
    pub id: i64,
    /// Who is away.
    pub user: UserRef,
    /// The project it is limited to; `None` = away from every project.
    pub project_id: Option<i64>,
    /// First day away.
    pub from_date: String,
    /// Last day away (inclusive).
    pub to_date: String,
    pub note: String,
    pub version: i64,
}

/// An absence to record.
#[derive(Debug, Clone)]
pub struct NewTimeOff {
    pub user_id: i64,
    pub project_id: Option<i64>,
    pub from_date: String,
    pub to_date: String,
    pub note: String,
    pub created_by: Option<i64>,
}

/// A planned amount of a project's budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetLine {
    pub id: i64,
    pub kind: BudgetKind,
    pub name: String,
    pub amount_minor: i64,
    pub currency: String,
    pub notes: String,
    pub version: i64,
}

/// A budget line to add.
#[derive(Debug, Clone)]
pub struct NewBudgetLine {
    pub kind: BudgetKind,
    pub name: String,
    pub amount_minor: i64,
    pub currency: String,
    pub notes: String,
}

/// A partial change to a budget line.
#[derive(Debug, Clone, Default)]
pub struct BudgetLinePatch {
    pub kind: Option<BudgetKind>,
    pub name: Option<String>,
    pub amount_minor: Option<i64>,
    pub notes: Option<String>,
}

/// Money spent on a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expense {
    pub id: i64,
    /// Date of the spending, `YYYY-MM-DD`.
    pub spent_on: String,
    pub amount_minor: i64,
    pub currency: String,
    pub description: String,
    /// The budget line it is booked against, if any.
    pub budget_line_id: Option<i64>,
    pub budget_line_name: Option<String>,
    pub version: i64,
}

/// An expense to record.
#[derive(Debug, Clone)]
pub struct NewExpense {
    pub spent_on: String,
    pub amount_minor: i64,
    pub currency: String,
    pub description: String,
    pub budget_line_id: Option<i64>,
    pub created_by: Option<i64>,
}

/// A partial change to an expense (`budget_line_id: Some(None)` unbooks it).
#[derive(Debug, Clone, Default)]
pub struct ExpensePatch {
    pub spent_on: Option<String>,
    pub amount_minor: Option<i64>,
    pub description: Option<String>,
    pub budget_line_id: Option<Option<i64>>,
}

/// A risk of the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Risk {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub probability: Rating,
    pub impact: Rating,
    pub owner: Option<UserRef>,
    pub mitigation: String,
    pub status: RiskStatus,
    /// Next review or due date, `YYYY-MM-DD`.
    pub review_date: Option<String>,
    pub visibility: Visibility,
    /// The discovery workshop it came out of, if any (its origin).
    pub workshop_id: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

/// A risk to register.
#[derive(Debug, Clone)]
pub struct NewRisk {
    pub title: String,
    pub description: String,
    pub probability: Rating,
    pub impact: Rating,
    pub owner_id: Option<i64>,
    pub mitigation: String,
    pub status: RiskStatus,
    pub review_date: Option<String>,
    pub visibility: Visibility,
    pub created_by: Option<i64>,
    /// Work items of the project the risk threatens, linked in the same write.
    pub item_ids: Vec<i64>,
}

/// A partial change to a risk: `None` leaves a field alone, `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct RiskPatch {
    pub title: Option<String>,
    pub description: Option<String>,
    pub probability: Option<Rating>,
    pub impact: Option<Rating>,
    pub owner_id: Option<Option<i64>>,
    pub mitigation: Option<String>,
    pub status: Option<RiskStatus>,
    pub review_date: Option<Option<String>>,
    pub visibility: Option<Visibility>,
}

/// Which risks to list.
#[derive(Debug, Clone, Default)]
pub struct RiskFilter {
    pub status: Option<RiskStatus>,
    pub visibility: Option<Visibility>,
    pub owner_id: Option<i64>,
    /// Only risks that are still open or being mitigated.
    pub active_only: bool,
}

/// A status change of an item, with the categories (`todo`, `in_progress`, `done`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub item_id: i64,
    /// Unix ms.
    pub at: i64,
    pub from_category: Option<String>,
    pub to_category: Option<String>,
}

/// What a project spent on one day: the input of actual cost over time.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DailyCost {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Minutes logged that day.
    pub minutes: i64,
    /// Minutes logged × each person's hourly rate in minor units (divide by 60 for money).
    pub labour_minute_cost: i64,
    /// Expenses that day, minor units.
    pub expenses_minor: i64,
}
