//! The store contract: every case runs on SQLite (always) and on PostgreSQL when
//! `TANDEM_TEST_POSTGRES_URL` is set, each on a fresh, empty database.
//!
//! `TANDEM_STRESS_SECONDS` sets how long the concurrent-writer case runs (default 3).

#[path = "contract/accounts.rs"]
mod accounts;
#[path = "contract/audit.rs"]
mod audit;
#[path = "contract/bridge.rs"]
mod bridge;
#[path = "contract/concurrency.rs"]
mod concurrency;
#[path = "contract/direction.rs"]
mod direction;
#[path = "contract/harness.rs"]
mod harness;
#[path = "contract/product.rs"]
mod product;
#[path = "contract/projects.rs"]
mod projects;
#[path = "contract/work.rs"]
mod work;

/// Declares each case once and generates one test per backend for it.
macro_rules! contract_cases {
    ($($module:ident :: $case:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    crate::harness::on_sqlite(crate::$module::$case).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    crate::harness::on_postgres(stringify!($case), crate::$module::$case).await;
                }
            )*
        }
    };
}

contract_cases! {
    bridge::raci_matrix_is_copied_once_and_versioned,
    bridge::raci_template_round_trips_with_its_version,
    bridge::health_snapshots_settings_and_recent_writes,
    direction::vision_saves_record_revisions_and_decisions_cover_direction_changes,
    direction::go_no_go_outcome_is_one_transaction,
    direction::feedback_weights_count_by_importance,
    accounts::migrations_settings_and_ping,
    accounts::people_live_in_the_workspace_zone_until_they_choose,
    accounts::users_round_trip,
    accounts::two_admins_demoting_each_other_leave_one_admin,
    accounts::first_admin_is_created_once,
    accounts::deactivation_checks_version_and_ends_sessions,
    accounts::sessions_expire_and_end,
    accounts::api_tokens_authenticate_until_revoked,
    accounts::login_failures_are_counted_per_email_and_ip,
    accounts::clients_round_trip,
    projects::project_is_created_with_its_managers,
    projects::failed_project_creation_leaves_nothing,
    projects::projects_are_listed_by_visibility,
    projects::updates_are_checked_against_the_version,
    projects::concurrent_updates_lose_nothing,
    projects::members_and_manager_replacement,
    product::personas_round_trip_with_visibility_and_versions,
    product::experiments_drive_their_hypothesis,
    product::features_keep_links_criteria_and_order,
    audit::audit_log_orders_and_filters,
    concurrency::concurrent_connects_migrate_once,
    concurrency::concurrent_writers_all_land,
    work::workflow_defaults_and_replacement,
    work::items_are_numbered_filtered_and_rolled_up,
    work::updates_record_history_and_check_versions,
    work::status_entries_replay_creation_and_status_changes,
    work::dependencies_refuse_cycles,
    work::comments_and_saved_views,
}
