//! Tandem's HTTP face: the JSON API (described by OpenAPI), the server-rendered web UI, and
//! authentication. Handlers parse and authorize, then call the store; nothing below this
//! crate knows about HTTP.

pub mod accounts;
pub mod acting;
pub mod api;
pub mod app;
pub mod audit;
pub mod auth;
pub mod clock;
pub mod context;
pub mod delivery;
pub mod demo;
pub mod diagnosis;
pub mod direction;
pub mod error;
pub mod etag;
pub mod guard;
pub mod health_settings;
pub mod items;
pub mod json;
pub mod mail;
pub mod markdown;
pub mod notifications;
pub mod params;
pub mod people;
pub mod planning;
pub mod portal;
pub mod portfolio;
pub mod product;
pub mod profile;
pub mod projects;
pub mod raci;
pub mod reports;
pub mod state;
pub mod time_zone;
pub mod web;

pub use app::{router, serve, shutdown_signal};
pub use state::{AppState, ServerConfig};
