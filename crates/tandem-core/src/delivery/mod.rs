//! Delivery reports rebuilt from the item history: sprint burndown and burn-up, velocity and
//! cumulative flow. Everything here is pure: the server turns stored events into
//! [`HistoryEvent`]s and asks for a series; nothing reads live counters, so a report for any
//! past day is as exact as one for today.

mod history;
mod reports;

pub use history::{Change, HistoryEvent, ItemState, Replay};
pub use reports::{
    BurnPoint, BurnupPoint, FlowPoint, SprintOutcome, SprintWindow, VelocityInput, burndown,
    burnup, cumulative_flow, days_between, velocity,
};
