//! The extractors for actix-web 4: `FromRequest` for [`Json`], [`Path`], [`Query`] and
//! [`Authenticated`]; [`Rejection`] is a `ResponseError`.

use std::borrow::Cow;
use std::error::Error;
use std::future::{Ready, ready};
use std::pin::Pin;

use ::actix_web::dev::Payload;
use ::actix_web::http::StatusCode;
use ::actix_web::http::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderValue};
use ::actix_web::{FromRequest, HttpRequest, HttpResponse, ResponseError, web};
use serde_core::de::DeserializeOwned;

use super::auth::{HeaderSource, PROJECT_PARAM};
use super::parse::{before_reading, too_large, unreadable};
use super::{
    AuthRoles, Authenticate, Authenticated, BodyLimit, BodyRoles, DEFAULT_BODY_LIMIT, Detail,
    Headers, Json, Path, PathRole, Query, QueryRole, Rejection,
};
use crate::{FromParts, VpcError};

impl<E: VpcError + Error> ResponseError for Rejection<E> {
    fn status_code(&self) -> StatusCode {
        crate::actix::status_code(self)
    }

    fn error_response(&self) -> HttpResponse {
        crate::actix::error_response(self)
    }
}

impl<E, T> FromRequest for Json<E, T>
where
    E: BodyRoles + VpcError + Error + 'static,
    T: DeserializeOwned + 'static,
{
    type Error = Rejection<E>;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Rejection<E>>>>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = request
            .app_data::<BodyLimit>()
            .map_or(DEFAULT_BODY_LIMIT, |l| l.0);
        let headers = request.headers();
        let header = |name| headers.get(name).map(HeaderValue::as_bytes);
        let early = before_reading::<E>(header(CONTENT_TYPE), header(CONTENT_LENGTH), limit);
        let body = web::Payload::from_request(request, payload).into_inner();
        Box::pin(async move {
            early?;
            let body = body.map_err(|e| unreadable(e.to_string()))?;
            let bytes = match body.to_bytes_limited(limit).await {
                Ok(Ok(bytes)) => bytes,
                Ok(Err(e)) => return Err(unreadable(e.to_string())),
                Err(_) => return Err(too_large(limit)),
            };
            Json::from_json(&bytes)
        })
    }
}

impl<E, T> FromRequest for Path<E, T>
where
    E: PathRole + VpcError + Error + 'static,
    T: DeserializeOwned,
{
    type Error = Rejection<E>;
    type Future = Ready<Result<Self, Rejection<E>>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Path::from_pairs(request.match_info().iter()))
    }
}

impl<E, T> FromRequest for Query<E, T>
where
    E: QueryRole + VpcError + Error + 'static,
    T: DeserializeOwned,
{
    type Error = Rejection<E>;
    type Future = Ready<Result<Self, Rejection<E>>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Query::from_query(request.query_string()))
    }
}

/// The authenticator is `App::app_data(web::Data::new(authenticator))`; a route without it
/// is refused with the `unauthenticated` row (and the reason in the logs): a server that
/// forgot to install its check lets nobody in.
impl<E, A> FromRequest for Authenticated<E, A>
where
    E: AuthRoles + FromParts + Error + 'static,
    A: Authenticate,
{
    type Error = Rejection<E>;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Rejection<E>>>>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let request = request.clone();
        Box::pin(async move {
            let Some(authenticator) = request.app_data::<web::Data<A>>() else {
                return Err(Rejection::new(
                    E::unauthenticated(),
                    Detail::denied(Cow::Borrowed(
                        "no authenticator: install it with App::app_data(web::Data::new(..))",
                    )),
                ));
            };
            let headers = Headers(HeaderSource::Actix(request.headers()));
            let url_project = request.match_info().get(PROJECT_PARAM);
            Authenticated::check(authenticator.get_ref(), &headers, url_project, E::OPERATION).await
        })
    }
}
