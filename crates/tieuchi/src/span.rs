//! Source files and byte spans into them.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

/// A half-open byte range into one [`SourceFile`].
#[cfg_attr(feature = "compiled", derive(borsh::BorshSerialize, borsh::BorshDeserialize))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub struct Span {
    /// The first byte.
    pub start: u32,
    /// The byte after the last.
    pub end: u32,
}

impl Span {
    /// The bytes from `start` to `end` (each held to `u32`).
    pub fn new(start: usize, end: usize) -> Self {
        Span { start: clamp_u32(start), end: clamp_u32(end) }
    }

    /// The smallest span covering both.
    #[must_use]
    pub fn to(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// The span moved `by` bytes later.
    #[must_use]
    pub fn shifted(self, by: usize) -> Span {
        Span::new(self.start as usize + by, self.end as usize + by)
    }

    /// Its length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether it covers no byte.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl From<Span> for miette::SourceSpan {
    fn from(span: Span) -> Self {
        (span.start as usize, span.len()).into()
    }
}

/// One rule file's name and text, shared by every diagnostic and plan that points into it.
#[derive(Clone)]
pub struct SourceFile {
    inner: Arc<SourceInner>,
}

struct SourceInner {
    name: String,
    text: String,
    line_starts: Vec<usize>,
    /// A layer merged onto the rule set it extends is one text made of its files, one after
    /// the other, so that every span of the merged rules is a span of one text; each part keeps
    /// its own file (by its first byte) so that locations and excerpts name the file and line
    /// the author wrote. Empty for an ordinary file.
    parts: Vec<(usize, SourceFile)>,
}

impl SourceFile {
    /// A rule file named `name` (as diagnostics show it) with its text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        SourceFile { inner: Arc::new(SourceInner { name: name.into(), text, line_starts, parts: Vec::new() }) }
    }

    /// The files of a layered rule set as one text, each file at the offset it is returned with;
    /// named after the last file (the layer).
    pub fn joined(files: &[&SourceFile]) -> (SourceFile, Vec<usize>) {
        let mut text = String::new();
        let mut parts = Vec::new();
        for file in files {
            // Each part starts on a line of its own.
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            parts.push((text.len(), (*file).clone()));
            text.push_str(file.text());
        }
        let offsets = parts.iter().map(|(at, _)| *at).collect();
        let name = files.last().map_or_else(String::new, |f| f.name().to_owned());
        let mut joined = SourceFile::new(name, text);
        if let Some(inner) = Arc::get_mut(&mut joined.inner) {
            inner.parts = parts;
        }
        (joined, offsets)
    }

    /// A file of a joined text, with its parts as [`SourceFile::joined`] made them: how a compiled
    /// rule set's file is read back.
    #[cfg(feature = "compiled")]
    pub(crate) fn with_parts(name: String, text: String, parts: Vec<(usize, SourceFile)>) -> SourceFile {
        let mut file = SourceFile::new(name, text);
        if let Some(inner) = Arc::get_mut(&mut file.inner) {
            inner.parts = parts;
        }
        file
    }

    /// The files of a joined text by their first byte; empty for an ordinary file.
    #[cfg(feature = "compiled")]
    pub(crate) fn parts(&self) -> &[(usize, SourceFile)] {
        &self.inner.parts
    }

    /// Whether two are the same file, not merely equal texts.
    #[cfg(feature = "compiled")]
    pub(crate) fn same(&self, other: &SourceFile) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }

    /// The file a byte of a joined text comes from and that byte's offset in it.
    fn part_of(&self, offset: u32) -> Option<(&SourceFile, u32)> {
        let at = self.inner.parts.partition_point(|(start, _)| *start <= offset as usize).checked_sub(1)?;
        let (start, file) = self.inner.parts.get(at)?;
        Some((file, offset - u32::try_from(*start).unwrap_or(u32::MAX)))
    }

    /// The file a span of a joined text was written in, and the span in that file; the file
    /// itself and the span unchanged for an ordinary file.
    pub fn unjoin(&self, span: Span) -> (SourceFile, Span) {
        match self.part_of(span.start) {
            Some((file, start)) => (file.clone(), Span { start, end: start + (span.end - span.start) }),
            None => (self.clone(), span),
        }
    }

    /// The index of the part (0 for the first file) a byte of a joined text comes from; 0 for
    /// an ordinary file.
    pub fn part_index(&self, offset: u32) -> usize {
        self.inner.parts.partition_point(|(start, _)| *start <= offset as usize).saturating_sub(1)
    }

    /// The name it was given.
    pub fn name(&self) -> &str {
        &self.inner.name
    }

    /// Its text.
    pub fn text(&self) -> &str {
        &self.inner.text
    }

    /// The file name without its folders, as shown in traces.
    pub fn short_name(&self) -> &str {
        self.name().rsplit(['/', '\\']).next().unwrap_or(self.name())
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, offset: u32) -> (usize, usize) {
        if let Some((file, offset)) = self.part_of(offset) {
            return file.line_column(offset);
        }
        let offset = (offset as usize).min(self.inner.text.len());
        let line = self.inner.line_starts.partition_point(|&start| start <= offset).max(1);
        let start = self.inner.line_starts.get(line - 1).copied().unwrap_or(0);
        let column = self.inner.text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }

    /// The line a span starts on, without its line end.
    pub fn line_of(&self, span: Span) -> &str {
        let text = self.text();
        let mut start = (span.start as usize).min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        text[line_start..line_end].trim_end_matches('\r')
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        self.inner.text.get(span.start as usize..span.end as usize).unwrap_or("")
    }

    /// `file:line:column` of a span's start.
    pub fn location(&self, span: Span) -> Location {
        if let Some((file, start)) = self.part_of(span.start) {
            return file.location(Span { start, end: start });
        }
        let (line, column) = self.line_column(span.start);
        Location { file: self.name().to_owned(), line, column }
    }
}

impl fmt::Debug for SourceFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SourceFile").field("name", &self.name()).finish_non_exhaustive()
    }
}

impl PartialEq for SourceFile {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

impl miette::SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        // In a joined text, the excerpt is the part's, with its lines numbered as in its file and
        // its offsets those of the joined text (where the labels point).
        if let Some((file, start)) = self.part_of(u32::try_from(span.offset()).unwrap_or(u32::MAX)) {
            let shift = span.offset() - start as usize;
            let inner: miette::SourceSpan = (start as usize, span.len()).into();
            let contents = file.inner.text.read_span(&inner, context_lines_before, context_lines_after)?;
            let at: miette::SourceSpan = (contents.span().offset() + shift, contents.span().len()).into();
            return Ok(Box::new(miette::MietteSpanContents::new_named(
                file.name().to_owned(),
                contents.data(),
                at,
                contents.line(),
                contents.column(),
                contents.line_count(),
            )));
        }
        let contents = self.inner.text.read_span(span, context_lines_before, context_lines_after)?;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.inner.name.clone(),
            contents.data(),
            *contents.span(),
            contents.line(),
            contents.column(),
            contents.line_count(),
        )))
    }
}

/// A human-facing position: `file:line:column`, 1-based.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file's name.
    pub file: String,
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1 (in characters).
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}
