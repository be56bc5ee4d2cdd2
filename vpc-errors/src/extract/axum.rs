//! The extractors for axum 0.8: `FromRequest` for [`Json`], `FromRequestParts` for
//! [`Path`], [`Query`] and [`Authenticated`]; [`Rejection`] is `IntoResponse`.

use std::borrow::Cow;
use std::error::Error;

use ::axum::extract::{FromRef, FromRequest, FromRequestParts, RawPathParams, Request};
use ::axum::response::{IntoResponse, Response};
use ::http::HeaderValue;
use ::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use ::http::request::Parts;
use http_body_util::{BodyExt as _, LengthLimitError, Limited};
use serde_core::de::DeserializeOwned;

use super::auth::{HeaderSource, PROJECT_PARAM};
use super::parse::{before_reading, too_large, unreadable};
use super::{
    AuthRoles, Authenticate, Authenticated, BodyLimit, BodyRoles, DEFAULT_BODY_LIMIT, Detail,
    Headers, Json, Path, PathRole, Query, QueryRole, Rejection,
};
use crate::{FromParts, VpcError};

impl<E: VpcError + Error> IntoResponse for Rejection<E> {
    fn into_response(self) -> Response {
        crate::axum::into_response(&self)
    }
}

impl<S, E, T> FromRequest<S> for Json<E, T>
where
    S: Send + Sync,
    E: BodyRoles + VpcError + Error + Send,
    T: DeserializeOwned,
{
    type Rejection = Rejection<E>;

    async fn from_request(request: Request, _: &S) -> Result<Self, Rejection<E>> {
        let limit = request
            .extensions()
            .get::<BodyLimit>()
            .map_or(DEFAULT_BODY_LIMIT, |l| l.0);
        let headers = request.headers();
        let header = |name| headers.get(name).map(HeaderValue::as_bytes);
        before_reading::<E>(header(CONTENT_TYPE), header(CONTENT_LENGTH), limit)?;
        let bytes = match Limited::new(request.into_body(), limit).collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(e) if e.is::<LengthLimitError>() => return Err(too_large(limit)),
            Err(e) => return Err(unreadable(e)),
        };
        Json::from_json(&bytes)
    }
}

impl<S, E, T> FromRequestParts<S> for Path<E, T>
where
    S: Send + Sync,
    E: PathRole + VpcError + Error + Send,
    T: DeserializeOwned,
{
    type Rejection = Rejection<E>;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Rejection<E>> {
        // axum percent-decodes the parameters; one that is not UTF-8 once decoded is
        // refused here, with the path row like any other bad parameter.
        let params = RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|e| {
                Rejection::new(
                    E::bad_path(Cow::Borrowed("path")),
                    Detail::other("reading the path parameters", e.body_text()),
                )
            })?;
        Path::from_pairs(params.iter())
    }
}

impl<S, E, T> FromRequestParts<S> for Query<E, T>
where
    S: Send + Sync,
    E: QueryRole + VpcError + Error + Send,
    T: DeserializeOwned,
{
    type Rejection = Rejection<E>;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Rejection<E>> {
        Query::from_query(parts.uri.query().unwrap_or_default())
    }
}

impl<S, E, A> FromRequestParts<S> for Authenticated<E, A>
where
    S: Send + Sync,
    E: AuthRoles + FromParts + Error + Send,
    A: Authenticate + FromRef<S>,
{
    type Rejection = Rejection<E>;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Rejection<E>> {
        let authenticator = A::from_ref(state);
        // A route without parameters has none to compare.
        let params = RawPathParams::from_request_parts(parts, state).await.ok();
        let url_project = params
            .as_ref()
            .and_then(|p| p.iter().find(|(k, _)| *k == PROJECT_PARAM).map(|(_, v)| v));
        let headers = Headers(HeaderSource::Http(&parts.headers));
        Authenticated::check(&authenticator, &headers, url_project, E::OPERATION).await
    }
}
