//! Every refusal the simulated API answers, with the bodies docs/api-decisions.md fixes.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// Why a request failed authentication (401).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthRefusal {
    MissingHeaders,
    ApiKeyNotFound,
    InvalidTimestamp,
    InvalidNonce,
    NonceReused,
    InvalidSignature,
    InvalidToken,
    /// A refresh token never issued, or revoked.
    InvalidRefreshToken,
    /// The legacy sign-in's user name or password.
    InvalidCredentials,
}

impl AuthRefusal {
    pub fn code(self) -> &'static str {
        match self {
            Self::MissingHeaders => "missing_headers",
            Self::ApiKeyNotFound => "api_key_not_found",
            Self::InvalidTimestamp => "invalid_timestamp",
            Self::InvalidNonce => "invalid_nonce",
            Self::NonceReused => "nonce_reused",
            Self::InvalidSignature => "invalid_signature",
            Self::InvalidToken | Self::InvalidRefreshToken => "invalid_token",
            Self::InvalidCredentials => "invalid_credentials",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Self::MissingHeaders => "Missing X-Api-Key, X-Timestamp, X-Nonce or X-Signature header",
            Self::ApiKeyNotFound => "API key not found",
            Self::InvalidTimestamp => "Request timestamp is outside the allowed window",
            Self::InvalidNonce => "Nonce must be 16-128 characters",
            Self::NonceReused => "Nonce has already been used",
            Self::InvalidSignature => "Invalid signature",
            Self::InvalidToken => "Invalid or expired ID token",
            Self::InvalidRefreshToken => "Invalid or expired refresh token",
            Self::InvalidCredentials => "Incorrect username or password",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    #[error("{}", .0.message())]
    Unauthorized(AuthRefusal),
    /// The gateway's bare refusal (e.g. no `User-Agent`).
    #[error("Forbidden")]
    Forbidden,
    #[error("IP blocked for {minutes} minutes")]
    IpBlocked { minutes: u64 },
    #[error("API key authentication is required for topup")]
    ApiKeyRequired,
    #[error("This account has read-only access")]
    ReadOnly,
    #[error("{field}: {message}")]
    InvalidParameter {
        field: &'static str,
        message: String,
    },
    #[error("Unexpected error")]
    ServerError,
    #[error("Service Unavailable")]
    Unavailable,
    #[error("Endpoint request timed out")]
    GatewayTimeout,
    /// An injected status the docs give no body for.
    #[error("HTTP {0}")]
    Status(u16),
}

impl ApiError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Self::InvalidParameter {
            field,
            message: message.into(),
        }
    }

    pub fn missing(field: &'static str) -> Self {
        Self::invalid(field, format!("The {field} field is required"))
    }

    /// The injected-fault form of a status: 500, 503 and 504 carry their documented bodies.
    pub fn from_status(status: u16) -> Self {
        match status {
            500 => Self::ServerError,
            503 => Self::Unavailable,
            504 => Self::GatewayTimeout,
            other => Self::Status(other),
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden | Self::IpBlocked { .. } | Self::ApiKeyRequired | Self::ReadOnly => {
                StatusCode::FORBIDDEN
            }
            Self::InvalidParameter { .. } => StatusCode::BAD_REQUEST,
            Self::ServerError => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::GatewayTimeout => StatusCode::GATEWAY_TIMEOUT,
            Self::Status(code) => {
                StatusCode::from_u16(*code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let message = self.to_string();
        let body = match &self {
            Self::Unauthorized(refusal) => json!({"error": refusal.code(), "message": message}),
            Self::Forbidden | Self::Unavailable | Self::GatewayTimeout | Self::Status(_) => {
                json!({"message": message})
            }
            Self::IpBlocked { minutes } => json!({
                "error": "ip_blocked",
                "message": format!("Too many requests. This IP address is blocked for {minutes} minutes."),
            }),
            Self::ApiKeyRequired => json!({"error": "api_key_required", "message": message}),
            Self::ReadOnly => json!({"error": "read_only", "message": message}),
            Self::InvalidParameter { field, message } => {
                json!({"error": "invalid_parameter", "message": message, "field": field})
            }
            Self::ServerError => json!({"error": "server_error", "message": message}),
        };
        (self.status(), Json(body)).into_response()
    }
}
