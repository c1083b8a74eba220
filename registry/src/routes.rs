//! The HTTP surface: one module per resource. Handlers parse the request, call the service and
//! render; every failure is an [`crate::error::ApiError`].

pub mod applications;
pub mod can_i_deploy;
pub mod compatibility;
pub mod config;
pub mod contracts;
pub mod deployments;
pub mod meta;
pub mod mode;
pub mod producers;
pub mod schemas;
pub mod subjects;
pub mod validate;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::http::StatusCode;

use crate::error::ApiError;
use crate::service::normalize_subject;

/// The path parameters, percent-decoded (so `%2F` in a subject is part of it), in order.
#[derive(Debug, Clone)]
pub struct Segments(pub Vec<String>);

impl<S: Send + Sync> FromRequestParts<S> for Segments {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(values) = Path::<Vec<String>>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::http(StatusCode::NOT_FOUND))?;
        Ok(Segments(values))
    }
}

impl Segments {
    /// The first parameter as a subject (default context qualifier dropped).
    pub fn subject(&self) -> String {
        normalize_subject(self.0.first().map(String::as_str).unwrap_or(""))
    }

    /// The parameter at `i`.
    pub fn at(&self, i: usize) -> &str {
        self.0.get(i).map(String::as_str).unwrap_or("")
    }
}
