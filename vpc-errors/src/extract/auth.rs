//! Authentication: the user checks the credentials, the catalogue's common rows answer.

use std::borrow::Cow;
use std::marker::PhantomData;

use super::AuthRoles;
use super::detail::{Detail, Rejection};
use crate::registry::Operation;

/// The check a server supplies: a request's credentials to its caller, who belongs to a
/// project. [`Authenticated`] calls it and answers every refusal with the catalogue's
/// common rows.
///
/// Stored in the server's state: with axum, `A: FromRef<S>` (a cheap clone, e.g. an
/// `Arc`); with actix-web, `App::app_data(web::Data::new(a))`.
///
/// ```
/// use vpc_errors::extract::{Authenticate, Denied, Headers};
/// use vpc_errors::registry::Operation;
///
/// #[derive(Clone)]
/// struct Tokens;
///
/// impl Authenticate for Tokens {
///     type Caller = String; // the caller's project
///
///     async fn authenticate(&self, headers: &Headers<'_>, _: Option<&'static Operation>) -> Result<String, Denied> {
///         match headers.get_str("x-auth-token") {
///             Some("secret") => Ok("p1".to_owned()),
///             Some(_) => Err(Denied::unauthenticated("unknown token")),
///             None => Err(Denied::unauthenticated("no X-Auth-Token")),
///         }
///     }
///
///     fn project(caller: &String) -> &str {
///         caller
///     }
/// }
/// ```
pub trait Authenticate: Send + Sync + 'static {
    /// Who is calling, as the handler sees them.
    type Caller: Send + 'static;

    /// The caller the request's `headers` authenticate, for `operation` (the extractor's
    /// error type's; its method tells a read from a change), or why not.
    fn authenticate(
        &self,
        headers: &Headers<'_>,
        operation: Option<&'static Operation>,
    ) -> impl Future<Output = Result<Self::Caller, Denied>> + Send;

    /// The caller's project: a URL whose `{project_id}` differs is refused with the
    /// `project_mismatch` row.
    fn project(caller: &Self::Caller) -> &str;
}

/// Why [`Authenticate::authenticate`] refused a request. The reason is for the logs
/// (escaped there); the response is the catalogue's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denied {
    forbidden: bool,
    reason: Cow<'static, str>,
}

impl Denied {
    /// No credentials, or credentials that are not valid: the `unauthenticated` row.
    pub fn unauthenticated(reason: impl Into<Cow<'static, str>>) -> Self {
        Denied {
            forbidden: false,
            reason: reason.into(),
        }
    }

    /// Valid credentials without the right to do this: the `forbidden` row.
    pub fn forbidden(reason: impl Into<Cow<'static, str>>) -> Self {
        Denied {
            forbidden: true,
            reason: reason.into(),
        }
    }

    /// Whether this is a [`forbidden`](Self::forbidden) refusal.
    #[must_use]
    pub fn is_forbidden(&self) -> bool {
        self.forbidden
    }

    /// Why, for the logs.
    #[must_use]
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

/// A request's headers, whichever framework received it.
pub struct Headers<'r>(pub(crate) HeaderSource<'r>);

pub(crate) enum HeaderSource<'r> {
    #[cfg(feature = "http")]
    Http(&'r ::http::HeaderMap),
    #[cfg(feature = "actix-web")]
    Actix(&'r ::actix_web::http::header::HeaderMap),
    /// Keeps `'r` used when neither framework is enabled.
    #[allow(dead_code)]
    None(PhantomData<&'r ()>),
}

impl<'r> Headers<'r> {
    /// The value of the first `name` header (any case), as bytes.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&'r [u8]> {
        match self.0 {
            #[cfg(feature = "http")]
            HeaderSource::Http(map) => map.get(name).map(::http::HeaderValue::as_bytes),
            #[cfg(feature = "actix-web")]
            HeaderSource::Actix(map) => map
                .get(name)
                .map(::actix_web::http::header::HeaderValue::as_bytes),
            HeaderSource::None(_) => None,
        }
    }

    /// The value of the first `name` header when it is visible ASCII (a token, a project
    /// id); `None` when absent or not.
    #[must_use]
    pub fn get_str(&self, name: &str) -> Option<&'r str> {
        let value = self.get(name)?;
        if value.iter().all(|b| (0x20..0x7f).contains(b)) {
            std::str::from_utf8(value).ok()
        } else {
            None
        }
    }
}

/// The caller, authenticated by `A` for an operation whose error type is `E`:
/// `auth: Authenticated<CreateVpcError, MyAuth>`. Refusals answer `E`'s common rows:
///
/// - `unauthenticated` when `A` says so ([`Denied::unauthenticated`]);
/// - `forbidden` when `A` says so ([`Denied::forbidden`]);
/// - `project_mismatch` when the route has a `{project_id}` parameter that is not the
///   caller's [`project`](Authenticate::project).
pub struct Authenticated<E, A: Authenticate> {
    /// Who is calling.
    pub caller: A::Caller,
    _error: PhantomData<fn() -> E>,
}

impl<E, A: Authenticate> Authenticated<E, A> {
    /// The caller.
    pub fn into_caller(self) -> A::Caller {
        self.caller
    }
}

impl<E: AuthRoles, A: Authenticate> Authenticated<E, A> {
    /// Authenticates `headers` with `authenticator` and checks the URL's `project_id`:
    /// what both framework integrations do, for any other.
    ///
    /// # Errors
    ///
    /// The common row answering the refusal.
    pub async fn check(
        authenticator: &A,
        headers: &Headers<'_>,
        url_project: Option<&str>,
        operation: Option<&'static Operation>,
    ) -> Result<Self, Rejection<E>> {
        let caller = match authenticator.authenticate(headers, operation).await {
            Ok(caller) => caller,
            Err(denied) => {
                let row = if denied.forbidden {
                    E::forbidden()
                } else {
                    E::unauthenticated()
                };
                return Err(Rejection::new(row, Detail::denied(denied.reason)));
            }
        };
        let project = A::project(&caller);
        if let Some(url) = url_project
            && url != project
        {
            return Err(Rejection::new(
                E::project_mismatch(),
                Detail::project_mismatch(url, project),
            ));
        }
        Ok(Authenticated {
            caller,
            _error: PhantomData,
        })
    }
}

/// The route parameter compared with the caller's project.
pub(crate) const PROJECT_PARAM: &str = "project_id";
