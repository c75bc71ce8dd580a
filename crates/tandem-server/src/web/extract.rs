//! Extractors for pages and forms: who is signed in (or where to send someone who is not), and
//! form bodies that have already passed the CSRF checks of [`super::csrf`].

use super::csrf;
use super::error::WebError;
use crate::auth::{CurrentUser, OptionalUser};
use crate::state::AppState;
use axum::Form;
use axum::extract::{FromRequest, FromRequestParts, Multipart, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::Deserialize;
use serde::de::DeserializeOwned;

/// The signed-in person, if any. An invalid API token counts as nobody.
pub struct MaybeSignedIn(pub Option<CurrentUser>);

impl FromRequestParts<AppState> for MaybeSignedIn {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        match OptionalUser::from_request_parts(parts, state).await {
            Ok(OptionalUser(user)) => Ok(Self(user)),
            Err(error) if error.status == StatusCode::UNAUTHORIZED => Ok(Self(None)),
            Err(error) => Err(error.into()),
        }
    }
}

/// The signed-in person; without one, the visit is sent to sign-in (and back here after it),
/// or to first-run setup while the workspace has no user.
pub struct SignedIn(pub CurrentUser);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let MaybeSignedIn(user) = MaybeSignedIn::from_request_parts(parts, state).await?;
        match user {
            Some(mut user) => {
                // Every page's header shows the person's running timer.
                user.running_timer = state.store.running_timer(user.user.id).await?;
                Ok(Self(user))
            }
            None => {
                // Only a page can be returned to; a form post cannot be replayed.
                let next = parts.method.is_safe().then(|| {
                    parts
                        .uri
                        .path_and_query()
                        .map_or_else(|| parts.uri.path().to_owned(), |pq| pq.as_str().to_owned())
                });
                Err(entry_point(state, next).await)
            }
        }
    }
}

/// Where someone who is not signed in belongs: setup on an empty workspace, else sign-in.
pub async fn entry_point(state: &AppState, next: Option<String>) -> WebError {
    match workspace_is_empty(state).await {
        Ok(true) => WebError::Setup,
        Ok(false) => WebError::SignIn { next },
        Err(error) => error,
    }
}

/// True until the first account exists (first-run setup is open only then).
pub async fn workspace_is_empty(state: &AppState) -> Result<bool, WebError> {
    Ok(state.store.count_users().await? == 0)
}

/// A form posted by a signed-in person, with a correct CSRF token. Form fields are read as
/// text (`String`, `Option<String>`) and parsed by the handler, so a bad value becomes a
/// message at its field rather than a rejected request.
pub struct CsrfForm<T> {
    /// Who posted it.
    pub user: CurrentUser,
    /// The form's fields.
    pub form: T,
}

#[derive(Deserialize)]
struct WithToken<T> {
    #[serde(rename = "_csrf", default)]
    token: String,
    #[serde(flatten)]
    form: T,
}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = WebError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, WebError> {
        let (mut parts, body) = request.into_parts();
        let SignedIn(user) = SignedIn::from_request_parts(&mut parts, state).await?;
        let Form(posted) =
            Form::<WithToken<T>>::from_request(Request::from_parts(parts, body), state)
                .await
                .map_err(|_| unreadable_form())?;
        if !csrf::form_token_matches(&user, &posted.token) {
            return Err(WebError::csrf());
        }
        Ok(Self {
            user,
            form: posted.form,
        })
    }
}

/// A file uploaded (`multipart/form-data`) by a signed-in person with a correct CSRF token: the
/// bytes of the form's `file` field (empty when none was chosen).
pub struct CsrfUpload {
    /// Who posted it.
    pub user: CurrentUser,
    /// The uploaded file.
    pub file: Vec<u8>,
}

impl FromRequest<AppState> for CsrfUpload {
    type Rejection = WebError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, WebError> {
        let (mut parts, body) = request.into_parts();
        let SignedIn(user) = SignedIn::from_request_parts(&mut parts, state).await?;
        let mut multipart = Multipart::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(|_| unreadable_form())?;
        let (mut token, mut file) = (String::new(), Vec::new());
        while let Some(field) = multipart
            .next_field()
            .await
            .map_err(|_| unreadable_form())?
        {
            match field.name() {
                Some("_csrf") => token = field.text().await.map_err(|_| unreadable_form())?,
                Some("file") => file = field.bytes().await.map_err(|_| unreadable_form())?.into(),
                _ => {}
            }
        }
        if !csrf::form_token_matches(&user, &token) {
            return Err(WebError::csrf());
        }
        Ok(Self { user, file })
    }
}

/// A form whose only field is its CSRF token (sign out, revoke, ...).
#[derive(Debug, Deserialize)]
pub struct NoFields {}

/// A form posted before anyone is signed in (sign-in, setup), accepted only from this host.
pub struct SameOriginForm<T>(pub T);

impl<T: DeserializeOwned + Send> FromRequest<AppState> for SameOriginForm<T> {
    type Rejection = WebError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, WebError> {
        if !csrf::same_origin(request.headers()) {
            return Err(WebError::csrf());
        }
        let Form(form) = Form::<T>::from_request(request, state)
            .await
            .map_err(|_| unreadable_form())?;
        Ok(Self(form))
    }
}

fn unreadable_form() -> WebError {
    WebError::Failed {
        status: StatusCode::BAD_REQUEST,
        message: "The form could not be read. Go back, reload the page and try again.".to_owned(),
    }
}
