//! `/api/v1/clients`: the organisations projects are done for.

use crate::api::views::ClientView;
use crate::audit::Writer;
use crate::auth::CurrentUser;
use crate::context::RequestMeta;
use crate::error::{ApiError, ApiResult};
use crate::guard;
use crate::json::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::json;
use tandem_core::access::WorkspaceAction;
use tandem_core::values::Name;
use tandem_store::Client;
use utoipa::ToSchema;

/// A new client.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateClientRequest {
    pub name: String,
}

/// Validates the name, creates the client and audits it (shared by the API and the web UI).
pub async fn create(writer: &Writer<'_>, name: &str) -> Result<Client, ApiError> {
    let name = Name::parse("name", name)?;
    let client = writer.state.store.create_client(name.as_str()).await?;
    writer
        .record(
            "client.create",
            "client",
            client.id.to_string(),
            json!({ "name": client.name }),
        )
        .await;
    Ok(client)
}

/// Creates a client (staff).
#[utoipa::path(post, path = "/api/v1/clients", tag = "clients", request_body = CreateClientRequest, responses(
    (status = 201, body = ClientView),
    (status = 409, body = crate::error::ErrorBody),
    (status = 422, body = crate::error::ErrorBody)
))]
pub async fn create_client(
    State(state): State<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    ApiJson(body): ApiJson<CreateClientRequest>,
) -> ApiResult<(StatusCode, Json<ClientView>)> {
    guard::workspace(&user, WorkspaceAction::ManageClients)?;
    let writer = Writer {
        state: &state,
        meta: &meta,
        actor: &user.user,
    };
    let client = create(&writer, &body.name).await?;
    Ok((StatusCode::CREATED, Json(client.into())))
}

/// Lists clients (staff).
#[utoipa::path(get, path = "/api/v1/clients", tag = "clients", responses((status = 200, body = Vec<ClientView>)))]
pub async fn list_clients(
    State(state): State<AppState>,
    user: CurrentUser,
) -> ApiResult<Json<Vec<ClientView>>> {
    guard::workspace(&user, WorkspaceAction::ManageClients)?;
    let clients = state.store.list_clients().await?;
    Ok(Json(clients.into_iter().map(ClientView::from).collect()))
}
