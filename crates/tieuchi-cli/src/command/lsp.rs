//! `tieuchi lsp`: the language server of rule files, over standard input and output.
//!
//! This module speaks the protocol only: positions in lines and UTF-16 columns to byte offsets
//! and back, requests to [`tieuchi::ide::Document`] and its answers to protocol types. What a
//! name is, where it is declared and what to complete is the core's.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument, Notification as _,
    PublishDiagnostics,
};
use lsp_types::request::{
    Completion, Formatting, GotoDefinition, HoverRequest, PrepareRenameRequest, References, Rename, Request as _,
};
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionOptions, CompletionResponse, DiagnosticSeverity,
    GotoDefinitionResponse, Hover, HoverContents, HoverProviderCapability, Location, MarkupContent, MarkupKind,
    NumberOrString, OneOf, Position, PrepareRenameResponse, PublishDiagnosticsParams, Range, RenameOptions,
    ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind, TextEdit, Url, WorkspaceEdit,
};
use tieuchi::ide::{CompletionKind, Document, SymbolKind};
use tieuchi::span::Span;
use tieuchi::{Msg, Severity, SourceFile};

/// Runs the server until the client says `exit`.
pub(crate) fn run() -> Result<bool> {
    let (connection, io_threads) = Connection::stdio();
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".to_owned()]),
            ..CompletionOptions::default()
        }),
        document_formatting_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: lsp_types::WorkDoneProgressOptions::default(),
        })),
        ..ServerCapabilities::default()
    };
    let capabilities = serde_json::to_value(capabilities).with_context(|| said(Msg::CliLspDescribe))?;
    connection.initialize(capabilities).with_context(|| said(Msg::CliLspNotInitialized))?;
    let mut server = Server { documents: HashMap::new() };
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request).with_context(|| said(Msg::CliLspLeftDuringShutdown))? {
                    break;
                }
                let response = server.answer(request);
                connection.sender.send(Message::Response(response)).with_context(|| said(Msg::CliLspClientGone))?;
            }
            Message::Notification(notification) => {
                for published in server.notice(notification) {
                    connection
                        .sender
                        .send(Message::Notification(published))
                        .with_context(|| said(Msg::CliLspClientGone))?;
                }
            }
            Message::Response(_) => {}
        }
    }
    drop(connection);
    io_threads.join().with_context(|| said(Msg::CliLspConnectionFailed))?;
    Ok(true)
}

struct Server {
    documents: HashMap<Url, Open>,
}

/// An open rule file: its analysis and the line starts that turn offsets into positions.
struct Open {
    document: Document,
    lines: Lines,
}

impl Server {
    fn notice(&mut self, notification: Notification) -> Vec<Notification> {
        let uri = match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(params) =
                    notification.extract::<lsp_types::DidOpenTextDocumentParams>(DidOpenTextDocument::METHOD)
                else {
                    return Vec::new();
                };
                self.open(params.text_document.uri.clone(), params.text_document.text);
                params.text_document.uri
            }
            DidChangeTextDocument::METHOD => {
                let Ok(params) =
                    notification.extract::<lsp_types::DidChangeTextDocumentParams>(DidChangeTextDocument::METHOD)
                else {
                    return Vec::new();
                };
                // Full synchronisation: the last change holds the whole text.
                let Some(change) = params.content_changes.into_iter().last() else { return Vec::new() };
                self.open(params.text_document.uri.clone(), change.text);
                params.text_document.uri
            }
            DidSaveTextDocument::METHOD => return Vec::new(),
            DidCloseTextDocument::METHOD => {
                let Ok(params) =
                    notification.extract::<lsp_types::DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD)
                else {
                    return Vec::new();
                };
                self.documents.remove(&params.text_document.uri);
                let cleared = PublishDiagnosticsParams::new(params.text_document.uri, Vec::new(), None);
                return vec![Notification::new(PublishDiagnostics::METHOD.to_owned(), cleared)];
            }
            _ => return Vec::new(),
        };
        let Some(open) = self.documents.get(&uri) else { return Vec::new() };
        let diagnostics = open.document.diagnostics().iter().map(|d| to_lsp_diagnostic(d, &open.lines)).collect();
        vec![Notification::new(
            PublishDiagnostics::METHOD.to_owned(),
            PublishDiagnosticsParams::new(uri, diagnostics, None),
        )]
    }

    fn open(&mut self, uri: Url, text: String) {
        let path = uri.to_file_path().ok();
        let name = path.as_ref().map_or_else(|| uri.to_string(), |p| p.display().to_string());
        let neighbours = self.neighbours(path.as_deref());
        let lines = Lines::new(&text);
        let document = Document::analyse(SourceFile::new(name, text), &neighbours);
        self.documents.insert(uri, Open { document, lines });
    }

    /// The other rule files of the folder, as the editor has them when open, from disk otherwise.
    fn neighbours(&self, path: Option<&Path>) -> Vec<SourceFile> {
        let Some(folder) = path.and_then(Path::parent) else { return Vec::new() };
        let Ok(entries) = std::fs::read_dir(folder) else { return Vec::new() };
        let mut files: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "tieuchi") && Some(p.as_path()) != path)
            .collect();
        files.sort();
        files
            .into_iter()
            .filter_map(|file| {
                let open = Url::from_file_path(&file).ok().and_then(|uri| self.documents.get(&uri));
                match open {
                    Some(open) => Some(open.document.source().clone()),
                    None => tieuchi::read_source(&file).ok()?.ok(),
                }
            })
            .collect()
    }

    fn answer(&self, request: Request) -> Response {
        let id = request.id.clone();
        match self.dispatch(request) {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        }
    }

    fn dispatch(&self, request: Request) -> Result<serde_json::Value, (ErrorCode, String)> {
        // The protocol library's own detail stays, after a sentence in the server's language.
        let method = request.method.clone();
        let bad = |e: lsp_server::ExtractError<Request>| {
            let detail = format!("{e:?}");
            (
                ErrorCode::InvalidParams,
                tieuchi::msg!(LspBadParams, method = &method, detail = detail).render(crate::lang()),
            )
        };
        match request.method.as_str() {
            HoverRequest::METHOD => {
                let (_, p) = request.extract::<lsp_types::HoverParams>(HoverRequest::METHOD).map_err(bad)?;
                let (open, offset) = self.at(&p.text_document_position_params)?;
                json(open.document.hover(offset).map(|hover| Hover {
                    contents: HoverContents::Markup(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value: hover.contents,
                    }),
                    range: Some(open.lines.range(hover.span)),
                }))
            }
            GotoDefinition::METHOD => {
                let (_, p) = request.extract::<lsp_types::GotoDefinitionParams>(GotoDefinition::METHOD).map_err(bad)?;
                let position = &p.text_document_position_params;
                let (open, offset) = self.at(position)?;
                json(open.document.definition(offset).map(|span| {
                    GotoDefinitionResponse::Scalar(Location::new(
                        position.text_document.uri.clone(),
                        open.lines.range(span),
                    ))
                }))
            }
            References::METHOD => {
                let (_, p) = request.extract::<lsp_types::ReferenceParams>(References::METHOD).map_err(bad)?;
                let position = &p.text_document_position;
                let (open, offset) = self.at(position)?;
                let mut spans = open.document.references(offset);
                if !p.context.include_declaration && !spans.is_empty() {
                    spans.remove(0);
                }
                let uri = &position.text_document.uri;
                json(spans.into_iter().map(|s| Location::new(uri.clone(), open.lines.range(s))).collect::<Vec<_>>())
            }
            Completion::METHOD => {
                let (_, p) = request.extract::<lsp_types::CompletionParams>(Completion::METHOD).map_err(bad)?;
                let (open, offset) = self.at(&p.text_document_position)?;
                let items: Vec<CompletionItem> = open
                    .document
                    .completions(offset)
                    .into_iter()
                    .map(|c| CompletionItem {
                        label: c.label,
                        kind: Some(completion_kind(c.kind)),
                        detail: c.detail,
                        ..CompletionItem::default()
                    })
                    .collect();
                json(CompletionResponse::Array(items))
            }
            Formatting::METHOD => {
                let (_, p) = request.extract::<lsp_types::DocumentFormattingParams>(Formatting::METHOD).map_err(bad)?;
                let open = self.document(&p.text_document.uri)?;
                // A file that does not parse is left alone; its diagnostics already say why.
                let Ok(formatted) = open.document.format() else { return json(None::<Vec<TextEdit>>) };
                let text = open.document.source().text();
                let edits = if formatted == text {
                    Vec::new()
                } else {
                    let whole = open.lines.range(Span::new(0, text.len()));
                    vec![TextEdit::new(whole, formatted)]
                };
                json(edits)
            }
            PrepareRenameRequest::METHOD => {
                let (_, p) = request
                    .extract::<lsp_types::TextDocumentPositionParams>(PrepareRenameRequest::METHOD)
                    .map_err(bad)?;
                let (open, offset) = self.at(&p)?;
                let name = open.document.name_at(offset).filter(|_| open.document.definition(offset).is_some());
                json(name.map(|n| PrepareRenameResponse::Range(open.lines.range(n.span))))
            }
            Rename::METHOD => {
                let (_, p) = request.extract::<lsp_types::RenameParams>(Rename::METHOD).map_err(bad)?;
                let position = &p.text_document_position;
                let (open, offset) = self.at(position)?;
                let spans = open
                    .document
                    .rename(offset, &p.new_name)
                    .map_err(|e| (ErrorCode::RequestFailed, e.message().render(crate::lang())))?;
                let edits = spans.into_iter().map(|s| TextEdit::new(open.lines.range(s), p.new_name.clone())).collect();
                let changes = HashMap::from([(position.text_document.uri.clone(), edits)]);
                json(WorkspaceEdit { changes: Some(changes), ..WorkspaceEdit::default() })
            }
            other => Err((
                ErrorCode::MethodNotFound,
                tieuchi::msg!(CliLspUnknownRequest, method = other).render(crate::lang()),
            )),
        }
    }

    fn document(&self, uri: &Url) -> Result<&Open, (ErrorCode, String)> {
        self.documents.get(uri).ok_or_else(|| {
            (ErrorCode::InvalidParams, tieuchi::msg!(CliLspNotOpen, uri = uri.to_string()).render(crate::lang()))
        })
    }

    fn at(&self, position: &lsp_types::TextDocumentPositionParams) -> Result<(&Open, usize), (ErrorCode, String)> {
        let open = self.document(&position.text_document.uri)?;
        Ok((open, open.lines.offset(open.document.source().text(), position.position)))
    }
}

fn json(value: impl serde::Serialize) -> Result<serde_json::Value, (ErrorCode, String)> {
    serde_json::to_value(value).map_err(|e| {
        (ErrorCode::InternalError, tieuchi::msg!(LspCannotAnswer, detail = e.to_string()).render(crate::lang()))
    })
}

fn to_lsp_diagnostic(d: &tieuchi::Diagnostic, lines: &Lines) -> lsp_types::Diagnostic {
    let severity = match d.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
    };
    // Editors show the language `tieuchi --lang … lsp` was started with: Vietnamese by default.
    let lang = crate::lang();
    let (message, help) = (d.message(lang), d.help(lang));
    let message =
        if help.is_empty() { message } else { format!("{message}\n{}: {help}", tieuchi::diagnostic::help_label(lang)) };
    lsp_types::Diagnostic {
        range: lines.range(d.span),
        severity: Some(severity),
        code: Some(NumberOrString::String(d.code.as_str().to_owned())),
        source: Some("tieuchi".to_owned()),
        message,
        ..lsp_types::Diagnostic::default()
    }
}

fn completion_kind(kind: CompletionKind) -> CompletionItemKind {
    match kind {
        CompletionKind::Keyword => CompletionItemKind::KEYWORD,
        CompletionKind::Function => CompletionItemKind::FUNCTION,
        CompletionKind::Symbol(SymbolKind::Enum | SymbolKind::Outcome) => CompletionItemKind::ENUM,
        CompletionKind::Symbol(SymbolKind::EnumValue | SymbolKind::Tier) => CompletionItemKind::ENUM_MEMBER,
        CompletionKind::Symbol(SymbolKind::Field) => CompletionItemKind::FIELD,
        CompletionKind::Symbol(SymbolKind::RuleSet) => CompletionItemKind::MODULE,
        CompletionKind::Symbol(SymbolKind::Param) => CompletionItemKind::CONSTANT,
        CompletionKind::Symbol(SymbolKind::Input | SymbolKind::Key | SymbolKind::Let | SymbolKind::Score) => {
            CompletionItemKind::VARIABLE
        }
    }
}

/// Byte offsets of line starts, to move between offsets and the protocol's positions (lines and
/// UTF-16 code units).
struct Lines {
    starts: Vec<usize>,
    text: String,
}

impl Lines {
    fn new(text: &str) -> Lines {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Lines { starts, text: text.to_owned() }
    }

    fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let column: usize = self.text.get(start..offset).map_or(0, |s| s.chars().map(char::len_utf16).sum());
        Position::new(u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(column).unwrap_or(u32::MAX))
    }

    fn range(&self, span: Span) -> Range {
        Range::new(self.position(span.start as usize), self.position(span.end as usize))
    }

    /// The byte offset of a position; past the end of its line, the line's end.
    fn offset(&self, text: &str, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else { return text.len() };
        let line = &text[start..];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        let mut units = 0;
        for (i, c) in line.char_indices() {
            if units >= position.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        start + line.len()
    }
}

/// A message of the catalogue with no arguments, in the language the server was started with.
fn said(id: Msg) -> String {
    tieuchi::Message::new(id).render(crate::lang())
}
