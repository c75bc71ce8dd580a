//! File formats Tandem exchanges with other tools: MS Project XML (MSPDI) and PSPLIB.

pub mod mspdi;
pub mod psplib;
