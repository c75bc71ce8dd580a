//! Fresh databases for the contract cases, and small helpers the cases share.

use sqlx::Executor;
use sqlx::postgres::PgPool;
use std::future::Future;
use tandem_core::roles::UserRole;
use tandem_core::values::{Email, Name};
use tandem_store::{NewUser, Store, StoreConfig, StoreError, User};

/// The environment variable naming the PostgreSQL server to test against.
const POSTGRES_URL_VAR: &str = "TANDEM_TEST_POSTGRES_URL";

/// Runs `case` on a new SQLite data directory in a temporary folder.
pub async fn on_sqlite<F, Fut>(case: F)
where
    F: FnOnce(StoreConfig) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let dir = tempfile::tempdir().expect("a temporary directory");
    let config = StoreConfig::Sqlite {
        data_dir: dir.path().join("data"),
    };
    let outcome = tokio::spawn(case(config)).await;
    drop(dir);
    if let Err(failure) = outcome {
        std::panic::resume_unwind(failure.into_panic());
    }
}

/// Runs `case` on a new PostgreSQL schema named after it, dropped afterwards (also when the
/// case fails); does nothing when no server is configured.
pub async fn on_postgres<F, Fut>(name: &str, case: F)
where
    F: FnOnce(StoreConfig) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Ok(url) = std::env::var(POSTGRES_URL_VAR) else {
        eprintln!("skipped: set {POSTGRES_URL_VAR} to run the PostgreSQL contract");
        return;
    };
    let schema = format!("contract_{name}_{}", std::process::id());
    let admin = PgPool::connect(&url).await.expect("PostgreSQL answers");
    let drop_schema = format!("DROP SCHEMA IF EXISTS {schema} CASCADE");
    admin
        .execute(format!("{drop_schema}; CREATE SCHEMA {schema}").as_str())
        .await
        .expect("a fresh schema");
    let separator = if url.contains('?') { '&' } else { '?' };
    let config = StoreConfig::Postgres {
        url: format!("{url}{separator}options=-c%20search_path%3D{schema}"),
    };
    let outcome = tokio::spawn(case(config)).await;
    admin
        .execute(drop_schema.as_str())
        .await
        .expect("the schema is dropped");
    admin.close().await;
    if let Err(failure) = outcome {
        std::panic::resume_unwind(failure.into_panic());
    }
}

/// Opens the store of a case.
pub async fn open(config: &StoreConfig) -> Store {
    Store::connect(config).await.expect("the store opens")
}

/// A new account to create, with a fake password hash.
pub fn new_user(email: &str, role: UserRole, client_id: Option<i64>) -> NewUser {
    NewUser {
        email: Email::parse(email).expect("a valid e-mail"),
        name: Name::parse("name", &email.replace('@', " at ")).expect("a valid name"),
        role,
        client_id,
        password_hash: format!("hash-of-{email}"),
    }
}

/// Creates a member account.
pub async fn member(store: &Store, email: &str) -> User {
    store
        .create_user(&new_user(email, UserRole::Member, None))
        .await
        .expect("the user is created")
}

/// The current time in unix milliseconds.
pub fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

/// The constraint name of an expected `Conflict`.
pub fn conflict<T: std::fmt::Debug>(result: Result<T, StoreError>) -> String {
    match result {
        Err(StoreError::Conflict { constraint }) => constraint,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

/// The message of an expected `Invalid`.
pub fn invalid<T: std::fmt::Debug>(result: Result<T, StoreError>) -> String {
    match result {
        Err(StoreError::Invalid(message)) => message,
        other => panic!("expected an invalid reference, got {other:?}"),
    }
}
