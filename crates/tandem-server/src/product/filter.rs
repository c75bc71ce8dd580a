//! The roadmap's filters — persona, release (or none), MoSCoW, MVP in or out — as the query
//! string, the page's form and the CLI's flags give them, turned into the store's
//! [`FeatureFilter`]. Ids are checked against what the caller may see: a persona or release
//! the caller may not see is refused exactly like one that does not exist, so a filter never
//! reveals that an internal one exists.

use super::scope::ProductScope;
use crate::error::ApiError;
use crate::params::given;
use crate::state::AppState;
use axum::http::StatusCode;
use serde::Deserialize;
use tandem_core::product::artefacts::Visibility;
use tandem_core::product::moscow::Moscow;
use tandem_store::{FeatureFilter, ReleaseFilter, StoreError};
use utoipa::IntoParams;

/// What `release` takes for "planned into no release".
pub const NO_RELEASE: &str = "none";

/// The roadmap's filters as text; absent or empty means "any". Every filter given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RoadmapQuery {
    /// Only features linked to this persona (its id).
    #[param(value_type = Option<i64>)]
    #[serde(default)]
    pub persona: Option<String>,
    /// Only features planned into this release (its id), or `none`: into no release.
    #[param(example = "none")]
    #[serde(default)]
    pub release: Option<String>,
    /// Only features with this MoSCoW priority: `must`, `should`, `could` or `wont`.
    #[serde(default)]
    pub moscow: Option<String>,
    /// `in`: only features in the MVP; `out`: only features outside it.
    #[serde(default)]
    pub mvp: Option<String>,
}

/// One of the roadmap's filter parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Parameter {
    Persona,
    Release,
    Moscow,
    Mvp,
}

impl Parameter {
    /// Its name in the query string.
    fn name(self) -> &'static str {
        match self {
            Self::Persona => "persona",
            Self::Release => "release",
            Self::Moscow => "moscow",
            Self::Mvp => "mvp",
        }
    }
}

impl RoadmapQuery {
    /// Where the text of `parameter` is kept.
    fn text(&mut self, parameter: Parameter) -> &mut Option<String> {
        match parameter {
            Parameter::Persona => &mut self.persona,
            Parameter::Release => &mut self.release,
            Parameter::Moscow => &mut self.moscow,
            Parameter::Mvp => &mut self.mvp,
        }
    }

    /// The parameters that are set, with their text, in the order links carry them.
    fn set(&self) -> Vec<(Parameter, &str)> {
        [
            (Parameter::Persona, &self.persona),
            (Parameter::Release, &self.release),
            (Parameter::Moscow, &self.moscow),
            (Parameter::Mvp, &self.mvp),
        ]
        .into_iter()
        .filter_map(|(parameter, raw)| Some((parameter, given(raw)?)))
        .collect()
    }

    /// The filters that are set, as (parameter, value) in a fixed order: what a link back
    /// to the same filtered view carries.
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        self.set()
            .into_iter()
            .map(|(parameter, raw)| (parameter.name(), raw))
            .collect()
    }

    /// The store filter these parameters ask for, over the features the caller may see.
    /// A value not understood, or an id the caller may not see, is refused with 422
    /// `validation_failed` naming the parameter.
    pub async fn filter(
        &self,
        state: &AppState,
        scope: &ProductScope,
    ) -> Result<FeatureFilter, ApiError> {
        let mut filter = FeatureFilter {
            shared_only: scope.shared_only(),
            ..FeatureFilter::default()
        };
        for (parameter, raw) in self.set() {
            narrow(&mut filter, parameter, raw, state, scope).await?;
        }
        Ok(filter)
    }

    /// This query without the parameters [`Self::filter`] would refuse, or `None` when it
    /// refuses none. A bookmarked page link outlives what it names (a persona deleted, a
    /// release no longer shared): the page then shows the rest of the filter and says so,
    /// where the API, whose callers must learn of the mistake, refuses it.
    pub async fn without_refused(
        &self,
        state: &AppState,
        scope: &ProductScope,
    ) -> Result<Option<RoadmapQuery>, ApiError> {
        let mut kept = self.clone();
        let mut scratch = FeatureFilter::default();
        let mut refused = false;
        for (parameter, raw) in self.set() {
            match narrow(&mut scratch, parameter, raw, state, scope).await {
                Ok(()) => {}
                Err(error) if error.status == StatusCode::UNPROCESSABLE_ENTITY => {
                    *kept.text(parameter) = None;
                    refused = true;
                }
                Err(error) => return Err(error),
            }
        }
        Ok(refused.then_some(kept))
    }
}

/// Adds the condition `parameter` = `raw` to `filter`.
async fn narrow(
    filter: &mut FeatureFilter,
    parameter: Parameter,
    raw: &str,
    state: &AppState,
    scope: &ProductScope,
) -> Result<(), ApiError> {
    match parameter {
        Parameter::Persona => filter.persona_id = Some(persona(state, scope, raw).await?),
        Parameter::Release if raw == NO_RELEASE => {
            filter.release = Some(ReleaseFilter::NoRelease);
        }
        Parameter::Release => {
            filter.release = Some(ReleaseFilter::Release(release(state, scope, raw).await?));
        }
        Parameter::Moscow => filter.moscow = Some(Moscow::parse(raw)?),
        Parameter::Mvp => filter.mvp = Some(mvp(raw)?),
    }
    Ok(())
}

/// The id in `raw`; 422 on `field` saying what it `expects` otherwise.
fn id(field: &str, raw: &str, expects: &str) -> Result<i64, ApiError> {
    raw.parse()
        .map_err(|_| ApiError::invalid_field(field, expects.to_owned()))
}

/// The refusal of an id that does not exist, is in another project or is not visible.
fn unknown(field: &str, what: &str) -> ApiError {
    ApiError::invalid_field(field, format!("no such {what} in this project"))
}

/// Refuses what the caller may not see as if it did not exist; passes other errors on.
fn visible(
    scope: &ProductScope,
    found: Result<Visibility, StoreError>,
    field: &str,
    what: &str,
) -> Result<(), ApiError> {
    match found {
        Ok(visibility) if scope.may_see(visibility) => Ok(()),
        Ok(_) | Err(StoreError::NotFound) => Err(unknown(field, what)),
        Err(error) => Err(error.into()),
    }
}

/// The persona id in a filter's `raw` text, refused with 422 at `persona` when it is not an
/// id of a persona the caller may see.
pub async fn persona(state: &AppState, scope: &ProductScope, raw: &str) -> Result<i64, ApiError> {
    let id = id("persona", raw, "must be a persona id")?;
    let found = state.store.persona(scope.project_id(), id).await;
    visible(
        scope,
        found.map(|p| p.fields.visibility),
        "persona",
        "persona",
    )?;
    Ok(id)
}

async fn release(state: &AppState, scope: &ProductScope, raw: &str) -> Result<i64, ApiError> {
    let id = id("release", raw, "must be a release id or none")?;
    let found = state.store.release(scope.project_id(), id).await;
    visible(scope, found.map(|r| r.visibility), "release", "release")?;
    Ok(id)
}

fn mvp(raw: &str) -> Result<bool, ApiError> {
    match raw {
        "in" => Ok(true),
        "out" => Ok(false),
        _ => Err(ApiError::invalid_field("mvp", "must be in or out")),
    }
}
