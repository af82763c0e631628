//! Failures as HTTP answers: the status says which kind, the body is the core's failure record
//! ([`tieuchi::Failure`]) — evidence and arithmetic 422, an unknown rule set 404, rules that do not
//! compile 422 — or, for what only a service can get wrong (a token, a size, a malformed request),
//! a record of the same shape with `kind: "serve"` and a `serve::*` code.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tieuchi::{ErrorRecord, Failure, Lang, Message, Msg, SelectError};

/// The failures only the service gives, each with its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServeCode {
    Malformed,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    TooLarge,
    TooManyRecords,
    MediaType,
    NotAcceptable,
    Timeout,
    Unavailable,
    Internal,
}

impl ServeCode {
    pub const ALL: &'static [ServeCode] = &[
        ServeCode::Malformed,
        ServeCode::Unauthorized,
        ServeCode::Forbidden,
        ServeCode::NotFound,
        ServeCode::MethodNotAllowed,
        ServeCode::TooLarge,
        ServeCode::TooManyRecords,
        ServeCode::MediaType,
        ServeCode::NotAcceptable,
        ServeCode::Timeout,
        ServeCode::Unavailable,
        ServeCode::Internal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ServeCode::Malformed => "serve::malformed",
            ServeCode::Unauthorized => "serve::unauthorized",
            ServeCode::Forbidden => "serve::forbidden",
            ServeCode::NotFound => "serve::not-found",
            ServeCode::MethodNotAllowed => "serve::method-not-allowed",
            ServeCode::TooLarge => "serve::too-large",
            ServeCode::TooManyRecords => "serve::too-many-records",
            ServeCode::MediaType => "serve::media-type",
            ServeCode::NotAcceptable => "serve::not-acceptable",
            ServeCode::Timeout => "serve::timeout",
            ServeCode::Unavailable => "serve::unavailable",
            ServeCode::Internal => "serve::internal",
        }
    }

    pub fn status(self) -> StatusCode {
        match self {
            ServeCode::Malformed => StatusCode::BAD_REQUEST,
            ServeCode::Unauthorized => StatusCode::UNAUTHORIZED,
            ServeCode::Forbidden => StatusCode::FORBIDDEN,
            ServeCode::NotFound => StatusCode::NOT_FOUND,
            ServeCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ServeCode::TooLarge | ServeCode::TooManyRecords => StatusCode::PAYLOAD_TOO_LARGE,
            ServeCode::MediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ServeCode::NotAcceptable => StatusCode::NOT_ACCEPTABLE,
            ServeCode::Timeout | ServeCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ServeCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// One line on what the code means, in `lang`.
    pub fn summary(self, lang: Lang) -> String {
        Message::new(self.texts().0).render(lang)
    }

    /// What a caller can do about it, in `lang`.
    pub fn help(self, lang: Lang) -> String {
        Message::new(self.texts().1).render(lang)
    }

    /// The catalogue's summary and help of the code.
    fn texts(self) -> (Msg, Msg) {
        match self {
            ServeCode::Malformed => (Msg::ServeMalformedSummary, Msg::ServeMalformedHelp),
            ServeCode::Unauthorized => (Msg::ServeUnauthorizedSummary, Msg::ServeUnauthorizedHelp),
            ServeCode::Forbidden => (Msg::ServeForbiddenSummary, Msg::ServeForbiddenHelp),
            ServeCode::NotFound => (Msg::ServeNotFoundSummary, Msg::ServeNotFoundHelp),
            ServeCode::MethodNotAllowed => (Msg::ServeMethodNotAllowedSummary, Msg::ServeMethodNotAllowedHelp),
            ServeCode::TooLarge => (Msg::ServeTooLargeSummary, Msg::ServeTooLargeHelp),
            ServeCode::TooManyRecords => (Msg::ServeTooManyRecordsSummary, Msg::ServeTooManyRecordsHelp),
            ServeCode::MediaType => (Msg::ServeMediaTypeSummary, Msg::ServeMediaTypeHelp),
            ServeCode::NotAcceptable => (Msg::ServeNotAcceptableSummary, Msg::ServeNotAcceptableHelp),
            ServeCode::Timeout => (Msg::ServeTimeoutSummary, Msg::ServeTimeoutHelp),
            ServeCode::Unavailable => (Msg::ServeUnavailableSummary, Msg::ServeUnavailableHelp),
            ServeCode::Internal => (Msg::ServeInternalSummary, Msg::ServeInternalHelp),
        }
    }

    /// A request that gets it, in `lang`.
    pub fn example(self, lang: Lang) -> String {
        let id = match self {
            ServeCode::Malformed => Msg::ServeMalformedExample,
            ServeCode::Unauthorized => Msg::ServeUnauthorizedExample,
            ServeCode::Forbidden => Msg::ServeForbiddenExample,
            ServeCode::NotFound => Msg::ServeNotFoundExample,
            ServeCode::MethodNotAllowed => Msg::ServeMethodNotAllowedExample,
            ServeCode::TooLarge => Msg::ServeTooLargeExample,
            ServeCode::TooManyRecords => Msg::ServeTooManyRecordsExample,
            ServeCode::MediaType => Msg::ServeMediaTypeExample,
            ServeCode::NotAcceptable => Msg::ServeNotAcceptableExample,
            ServeCode::Timeout => Msg::ServeTimeoutExample,
            ServeCode::Unavailable => Msg::ServeUnavailableExample,
            ServeCode::Internal => Msg::ServeInternalExample,
        };
        Message::new(id).render(lang)
    }
}

/// A failure on its way to the caller: the status and the record.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    body: Body,
}

#[derive(Debug)]
enum Body {
    Core(Box<Failure>),
    Serve(Box<ServeProblem>),
}

/// A failure only the service gives, kept unrendered: it is put into words in the language of the
/// request when the response leaves (see [`render_in`]), since most of the places that refuse a
/// request (a token, a size, a path) do not read its language.
#[derive(Debug, Clone)]
pub struct ServeProblem {
    code: ServeCode,
    message: Message,
}

impl ServeProblem {
    fn failure(&self, lang: Lang) -> ServeFailure {
        let message = self.message.render(lang);
        let record = ErrorRecord::plain(self.code.as_str(), None, message.clone(), self.code.help(lang), lang);
        ServeFailure { kind: "serve", summary: message, first: record.clone(), errors: vec![record] }
    }

    fn body(&self, lang: Lang) -> Vec<u8> {
        // A record of plain strings always serialises; the fallback keeps the status if not.
        serde_json::to_vec(&self.failure(lang))
            .unwrap_or_else(|_| br#"{"kind":"serve","code":"serve::internal"}"#.to_vec())
    }
}

/// The response with its service failure, if it has one, put into words in `lang`. Every response
/// passes through it (the outermost middleware), so that no refusal is sent unrendered.
pub fn render_in(mut response: Response, lang: Lang) -> Response {
    if let Some(problem) = response.extensions_mut().remove::<ServeProblem>() {
        *response.body_mut() = axum::body::Body::from(problem.body(lang));
    }
    response
}

/// A service failure, in the shape of [`tieuchi::Failure`] so that a caller reads one shape.
#[derive(Debug, Clone, Serialize)]
pub struct ServeFailure {
    /// Always `serve`.
    pub kind: &'static str,
    pub summary: String,
    #[serde(flatten)]
    pub first: ErrorRecord,
    pub errors: Vec<ErrorRecord>,
}

impl ApiError {
    /// A failure only the service gives, with its message (user input in backticks), rendered in
    /// the request's language when the response leaves.
    pub fn serve(code: ServeCode, message: Message) -> ApiError {
        ApiError { status: code.status(), body: Body::Serve(Box::new(ServeProblem { code, message })) }
    }

    /// No rule set or version could be chosen: 404 for an id no loaded rule set has, 422 otherwise
    /// (no version in force on the date, no date to choose one).
    pub fn select(error: &SelectError, lang: Lang) -> ApiError {
        let status = match error {
            SelectError::Unknown(_) => StatusCode::NOT_FOUND,
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        };
        ApiError { status, body: Body::Core(Box::new(Failure::select(error, lang))) }
    }

    /// A request's argument the rules refuse (a parameter to simulate that they lack, or a value
    /// that does not fit it): 422.
    pub fn argument(failure: Failure) -> ApiError {
        ApiError { status: StatusCode::UNPROCESSABLE_ENTITY, body: Body::Core(Box::new(failure)) }
    }

    /// Evidence that does not fit, or arithmetic with no exact answer: 422.
    pub fn evaluate(error: &tieuchi::EvaluateError, lang: Lang) -> ApiError {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            body: Body::Core(Box::new(Failure::evaluate(error, lang))),
        }
    }

    /// Rules that do not compile (a reload asked for): 422.
    pub fn compile(error: &tieuchi::CompileError) -> ApiError {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            body: Body::Core(Box::new(Failure::compile(error, Lang::default()))),
        }
    }

    /// The stable code of the failure, for the decision log and metrics.
    pub fn code(&self) -> &str {
        match &self.body {
            Body::Core(failure) => &failure.first.code,
            Body::Serve(problem) => problem.code.as_str(),
        }
    }

    /// The failure's kind: `evidence`, `eval`, `select`, `compile` or `serve`.
    pub fn kind(&self) -> &'static str {
        match &self.body {
            Body::Core(failure) => match failure.kind {
                tieuchi::FailureKind::Compile => "compile",
                tieuchi::FailureKind::Evidence => "evidence",
                tieuchi::FailureKind::Eval => "eval",
                tieuchi::FailureKind::Select => "select",
                tieuchi::FailureKind::Argument => "argument",
                tieuchi::FailureKind::Internal => "internal",
            },
            Body::Serve(_) => "serve",
        }
    }

    /// The body in `lang`. A core failure was rendered when it was made, in the language the
    /// handler read from the request.
    fn json(&self, lang: Lang) -> Vec<u8> {
        match &self.body {
            // A record of plain strings always serialises; the fallback keeps the status if not.
            Body::Core(failure) => {
                serde_json::to_vec(failure).unwrap_or_else(|_| br#"{"kind":"serve","code":"serve::internal"}"#.to_vec())
            }
            Body::Serve(problem) => problem.body(lang),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        // Vietnamese until `render_in` words a service failure in the request's language.
        let body = self.json(Lang::default());
        let mut response =
            (self.status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response();
        if let Body::Serve(problem) = self.body {
            response.extensions_mut().insert(*problem);
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

    use super::*;

    #[test]
    fn a_serve_failure_has_the_core_failure_shape() {
        let error =
            ApiError::serve(ServeCode::Forbidden, tieuchi::msg!(ServeMissingScope, client = "hr", scope = "batch"));
        assert_eq!(error.status, StatusCode::FORBIDDEN);
        let json: serde_json::Value = serde_json::from_slice(&error.json(Lang::En)).unwrap();
        assert_eq!(json["kind"], "serve");
        assert_eq!(json["code"], "serve::forbidden");
        assert_eq!(json["severity"], "error");
        assert_eq!(json["errors"][0]["code"], "serve::forbidden");
        assert!(json["rendered"].as_str().unwrap().starts_with("error[serve::forbidden]: the token of `hr`"));
        let json: serde_json::Value = serde_json::from_slice(&error.json(Lang::Vi)).unwrap();
        assert_eq!(json["message"], "mã truy cập của `hr` không có phạm vi `batch`");
        assert_eq!(json["help"], "xin cấp mã có phạm vi đã nêu, hoặc dùng mã đã có phạm vi đó");
    }

    #[test]
    fn an_unknown_rule_set_is_404_and_a_date_out_of_range_422() {
        let unknown = ApiError::select(&SelectError::Unknown("x".to_owned()), Lang::En);
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
        assert_eq!(unknown.code(), "select::unknown");
        let need_date =
            ApiError::select(&SelectError::NeedDate { family: "a".to_owned(), versions: String::new() }, Lang::En);
        assert_eq!(need_date.status, StatusCode::UNPROCESSABLE_ENTITY);
    }

    #[test]
    fn every_code_is_distinct_and_explained() {
        let mut seen = std::collections::HashSet::new();
        for code in ServeCode::ALL {
            assert!(seen.insert(code.as_str()), "{code:?}");
            assert!(code.as_str().starts_with("serve::"));
            for lang in Lang::ALL {
                assert!(!code.summary(*lang).is_empty() && !code.help(*lang).is_empty());
            }
            assert!(Lang::ALL.iter().all(|&lang| !code.example(lang).is_empty()));
        }
    }
}
