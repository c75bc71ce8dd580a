//! The daily round's forecast warm-up, on SQLite and PostgreSQL: after a restart nobody
//! watches a project, so the round runs the default forecast (the forecast and status
//! pages' own) of the active projects into the memo; an archived one and one without open
//! work are skipped, and a second round finds the runs remembered.

mod common;

use common::TestApp;
use common::schedule::item;
use serde_json::json;
use tandem_core::work::ItemType;
use tandem_server::planning::forecast_warmer::warm_defaults;
use tandem_server::{AppState, ServerConfig};

per_backend!(a_restarted_server_warms_the_default_forecasts);

async fn a_restarted_server_warms_the_default_forecasts(app: TestApp) {
    let admin = app.setup_admin().await;
    for key in ["PLAN", "EMPTY", "OLD"] {
        app.create_project(
            &admin,
            json!({ "key": key, "name": key, "start_date": "2026-11-23" }),
        )
        .await;
    }
    for key in ["PLAN", "OLD"] {
        let project = app.store.project_by_key(key).await.expect("project").id;
        item(
            &app.store,
            project,
            ItemType::Task,
            "Build",
            Some(480),
            None,
        )
        .await;
    }
    admin
        .expect_json(
            admin
                .post("/api/v1/projects/OLD/archive")
                .header("if-match", "\"1\""),
            200,
        )
        .await;

    // A server started on the same store: its memo is empty.
    let state = AppState::new(app.store.clone(), ServerConfig::default());
    assert_eq!(state.forecasts.remembered(), 0);
    assert_eq!(warm_defaults(&state).await, 1, "PLAN only");
    assert_eq!(state.forecasts.remembered(), 1);
    assert_eq!(warm_defaults(&state).await, 1);
    assert_eq!(
        state.forecasts.remembered(),
        1,
        "the same plan is recalled, not run again"
    );
}
