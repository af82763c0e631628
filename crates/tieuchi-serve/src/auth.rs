//! Bearer tokens and their scopes. The tokens file holds one `TOKEN SCOPE,SCOPE… [CLIENT]` a line
//! (`#` starts a comment); a presented token is compared with every known one in constant time,
//! through their SHA-256 digests, so that neither its content nor its length leaks through timing.

use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq as _;

use crate::failure::{ApiError, ServeCode};

/// What a token allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// `POST /v1/evaluate`.
    Evaluate,
    /// `POST /v1/batch`.
    Batch,
    /// `GET /v1/rulesets`, `GET /v1/rulesets/{id}`, `GET /v1/codes`.
    Rules,
    /// `POST /v1/reload`.
    Reload,
}

impl Scope {
    pub const ALL: &'static [Scope] = &[Scope::Evaluate, Scope::Batch, Scope::Rules, Scope::Reload];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Evaluate => "evaluate",
            Scope::Batch => "batch",
            Scope::Rules => "rules",
            Scope::Reload => "reload",
        }
    }

    fn bit(self) -> u8 {
        match self {
            Scope::Evaluate => 1,
            Scope::Batch => 2,
            Scope::Rules => 4,
            Scope::Reload => 8,
        }
    }

    fn parse(text: &str) -> Option<Scope> {
        Scope::ALL.iter().copied().find(|s| s.as_str() == text)
    }
}

/// Tokens shorter than this are refused: a guessable token protects nothing.
pub const MIN_TOKEN_CHARS: usize = 16;

/// Who is calling, as the decision log names them (never the token itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    pub name: String,
}

#[derive(Debug, Clone)]
struct Token {
    digest: [u8; 32],
    scopes: u8,
    client: Client,
}

/// Who may call the service.
#[derive(Debug, Clone)]
pub enum Access {
    /// Any caller, any scope (`--no-auth`, loopback only).
    Open,
    Tokens(Vec<TokenEntry>),
}

/// One line of the tokens file, read.
#[derive(Debug, Clone)]
pub struct TokenEntry(Token);

fn digest(token: &[u8]) -> [u8; 32] {
    Sha256::digest(token).into()
}

/// The first hex digits of the token's SHA-256: names a client that the file leaves unnamed,
/// without the token.
fn short_fingerprint(digest: &[u8; 32]) -> String {
    digest[..6].iter().fold(String::from("token:"), |mut out, b| {
        use std::fmt::Write as _;
        let _ = write!(out, "{b:02x}");
        out
    })
}

impl Access {
    /// Reads a tokens file's text; a line that cannot be read is an error naming it (a message of
    /// the catalogue, for the operator).
    pub fn parse_tokens(text: &str, file: &str) -> Result<Access, tieuchi::Message> {
        let mut tokens: Vec<TokenEntry> = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let number = index + 1;
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let mut words = line.split_whitespace();
            let (Some(token), Some(scopes)) = (words.next(), words.next()) else {
                return Err(tieuchi::msg!(ServeTokenLineNoScopes, file = file, line = number));
            };
            let client = words.next();
            if words.next().is_some() {
                return Err(tieuchi::msg!(ServeTokenLineTooLong, file = file, line = number));
            }
            if token.chars().count() < MIN_TOKEN_CHARS {
                return Err(tieuchi::msg!(ServeTokenTooShort, file = file, line = number, min = MIN_TOKEN_CHARS));
            }
            let mut bits = 0u8;
            for scope in scopes.split(',').filter(|s| !s.is_empty()) {
                let Some(scope) = Scope::parse(scope) else {
                    return Err(tieuchi::msg!(ServeTokenUnknownScope, file = file, line = number, scope = scope));
                };
                bits |= scope.bit();
            }
            let digest = digest(token.as_bytes());
            if tokens.iter().any(|t| t.0.digest == digest) {
                return Err(tieuchi::msg!(ServeTokenTwice, file = file, line = number));
            }
            let client = Client { name: client.map_or_else(|| short_fingerprint(&digest), str::to_owned) };
            tokens.push(TokenEntry(Token { digest, scopes: bits, client }));
        }
        if tokens.is_empty() {
            return Err(tieuchi::msg!(ServeNoTokens, file = file));
        }
        Ok(Access::Tokens(tokens))
    }

    /// The caller of a request with this `Authorization` header, if allowed `scope`: 401 without a
    /// known bearer token, 403 when the token lacks the scope.
    pub fn authorize(&self, authorization: Option<&[u8]>, scope: Scope) -> Result<Client, ApiError> {
        let Access::Tokens(tokens) = self else { return Ok(Client { name: "anonymous".to_owned() }) };
        let presented = authorization
            .and_then(bearer)
            .ok_or_else(|| ApiError::serve(ServeCode::Unauthorized, tieuchi::msg!(ServeNeedsToken)))?;
        let presented = digest(presented);
        // Every token is compared, whichever matches, so the time taken says nothing of which.
        let mut found: Option<&Token> = None;
        for TokenEntry(token) in tokens {
            if bool::from(token.digest.ct_eq(&presented)) {
                found = Some(token);
            }
        }
        let token = found.ok_or_else(|| ApiError::serve(ServeCode::Unauthorized, tieuchi::msg!(ServeUnknownToken)))?;
        if token.scopes & scope.bit() == 0 {
            return Err(ApiError::serve(
                ServeCode::Forbidden,
                tieuchi::msg!(ServeMissingScope, client = token.client.name.as_str(), scope = scope.as_str()),
            ));
        }
        Ok(token.client.clone())
    }
}

/// The token of an `Authorization: Bearer TOKEN` header (the scheme in any case, RFC 7235).
fn bearer(header: &[u8]) -> Option<&[u8]> {
    let (scheme, rest) = header.split_at_checked(7)?;
    if !scheme.eq_ignore_ascii_case(b"bearer ") {
        return None;
    }
    let token = rest.trim_ascii();
    (!token.is_empty()).then_some(token)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

    use axum::http::StatusCode;

    use super::*;

    const FILE: &str = "# tokens\n\
        aaaaaaaaaaaaaaaaaaaaaaaa evaluate,rules hr-system\n\
        bbbbbbbbbbbbbbbbbbbbbbbb reload   # the operator\n";

    #[test]
    fn a_token_grants_its_scopes_and_no_others() {
        let access = Access::parse_tokens(FILE, "tokens").unwrap();
        let client = access.authorize(Some(b"Bearer aaaaaaaaaaaaaaaaaaaaaaaa"), Scope::Evaluate).unwrap();
        assert_eq!(client.name, "hr-system");
        assert!(access.authorize(Some(b"bearer aaaaaaaaaaaaaaaaaaaaaaaa"), Scope::Rules).is_ok());
        let forbidden = access.authorize(Some(b"Bearer aaaaaaaaaaaaaaaaaaaaaaaa"), Scope::Batch).unwrap_err();
        assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
        let operator = access.authorize(Some(b"Bearer bbbbbbbbbbbbbbbbbbbbbbbb"), Scope::Reload).unwrap();
        assert!(operator.name.starts_with("token:"), "{}", operator.name);
    }

    #[test]
    fn no_token_or_an_unknown_one_is_401() {
        let access = Access::parse_tokens(FILE, "tokens").unwrap();
        for header in [None, Some(&b"Basic YWxhZGRpbjpvcGVuc2VzYW1l"[..]), Some(b"Bearer "), Some(b"Bearer nope")] {
            let error = access.authorize(header, Scope::Evaluate).unwrap_err();
            assert_eq!(error.status, StatusCode::UNAUTHORIZED, "{header:?}");
        }
    }

    #[test]
    fn a_bad_tokens_file_is_refused_with_its_line() {
        for (text, says) in [
            ("short evaluate", "tokens:1: the token is shorter"),
            ("aaaaaaaaaaaaaaaaaaaaaaaa", "tokens:1: a token line"),
            ("\naaaaaaaaaaaaaaaaaaaaaaaa evaluate,write", "tokens:2: unknown scope `write`"),
            ("aaaaaaaaaaaaaaaaaaaaaaaa rules\naaaaaaaaaaaaaaaaaaaaaaaa batch", "tokens:2: this token is given twice"),
            ("# nothing\n", "no token"),
        ] {
            let message = Access::parse_tokens(text, "tokens").unwrap_err();
            let (en, vi) = (message.render(tieuchi::Lang::En), message.render(tieuchi::Lang::Vi));
            assert!(en.contains(says), "{en}");
            // The operator reads it in Vietnamese unless asked otherwise, the place the same.
            assert_ne!(en, vi);
            assert!(vi.starts_with(en.split(' ').next().unwrap_or_default()), "{vi}");
        }
    }

    #[test]
    fn open_access_lets_everyone_in() {
        assert_eq!(Access::Open.authorize(None, Scope::Reload).unwrap().name, "anonymous");
    }
}
