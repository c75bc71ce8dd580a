//! People, capacity, money and risk rules of the delivery cockpit: the closed vocabularies
//! (disciplines, budget kinds, risk statuses), how amounts and capacities are entered, how a
//! risk's exposure is banded, and how remaining work is spread over weeks for the workload
//! view. Pure functions, so the numbers the UI, the API and the CLI show are tested here once.

pub mod amounts;
pub mod budget;
pub mod profile;
pub mod risk;
pub mod workload;
