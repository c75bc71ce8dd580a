//! Planning: the project's stored work (items, estimates, dependencies) turned into the
//! engine's inputs, and the engine's answers turned back into views. Engine calls stay thin:
//! [`network`] is the single place that maps stored data to engine input.

pub mod actuals;
pub mod baselines;
pub mod evm;
pub mod forecast;
pub mod forecast_memo;
pub mod forecast_warmer;
pub mod levelled_memo;
pub mod levelling;
pub mod levelling_periods;
pub mod mspdi;
pub mod msproject_calendar;
pub mod msproject_import;
pub mod network;
pub mod recent;
pub mod schedule;
pub mod service;
pub mod status;
pub mod time_off;
pub mod work_order;
