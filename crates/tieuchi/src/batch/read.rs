//! Batch input to chunks of raw records: JSON Lines or CSV from any byte stream.
//!
//! A record is one line. Lines end at `\n`, `\r\n` or a lone `\r`; a UTF-8 byte order mark at the
//! start is skipped; a line of only spaces is not a record. A line that cannot be read (not
//! UTF-8, larger than [`MAX_RECORD_BYTES`], a CSV quote left open, a CSV row of the wrong width)
//! is still a record: an error naming its line, so that every record has its row.

use std::io::{self, BufRead, BufReader, Read};

use crate::eval::evidence::{EvidenceCode, EvidenceError};

pub use crate::limits::MAX_RECORD_BYTES;

/// The layout of batch input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// One JSON object per line.
    JsonLines,
    /// A header row of field names, then one record per line; cells are text typed by their
    /// field; an empty cell is absent; a list or history cell holds JSON.
    Csv,
}

/// Up to a few thousand records' raw text, with where each record is.
#[derive(Debug, Default)]
pub struct Chunk {
    /// The index of the chunk's first record in the input.
    pub first: u64,
    pub(crate) text: String,
    pub(crate) items: Vec<Item>,
    /// CSV cells: byte ranges of `text`.
    pub(crate) cells: Vec<(u32, u32)>,
    /// CSV column names.
    pub(crate) headers: std::sync::Arc<[String]>,
}

impl Chunk {
    /// How many records the chunk holds.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The chunk's text between two byte offsets it recorded; empty if they are not a range of
    /// it (read as an error, never as a record).
    pub(crate) fn text_of(&self, start: u32, end: u32) -> &str {
        self.text.get(start as usize..end as usize).unwrap_or("")
    }
}

#[derive(Debug)]
pub(crate) struct Item {
    /// 1-based line of the input.
    pub line: u64,
    pub body: Body,
}

#[derive(Debug)]
pub(crate) enum Body {
    /// A JSON object's text: a byte range of the chunk's text.
    Json(u32, u32),
    /// A CSV row: a range of the chunk's cells.
    Cells(u32, u32),
    /// A line that could not be read as a record.
    Unreadable(EvidenceError),
}

/// Reads records in chunks.
#[derive(Debug)]
pub struct Reader<R> {
    input: BufReader<R>,
    format: InputFormat,
    /// CSV column names, from the header.
    pub(crate) headers: std::sync::Arc<[String]>,
    line: u64,
    records: u64,
    bytes: u64,
    /// The last line ended with `\r`: a `\n` right after it belongs to the same line end.
    after_cr: bool,
    started: bool,
    scratch: Vec<u8>,
    /// The text and item counts of the last chunk: the next one starts with room for as much,
    /// so that its buffers are not grown (copied, and fresh pages touched) line by line.
    last_sizes: (usize, usize, usize),
}

enum Line {
    Text,
    TooLong(usize),
    End,
}

impl<R: Read> Reader<R> {
    /// A reader of `format`; for CSV the header row is read at once, and an input without one
    /// (or with a column named twice) is refused.
    pub fn new(input: R, format: InputFormat) -> io::Result<Reader<R>> {
        let mut reader = Reader {
            input: BufReader::with_capacity(1 << 18, input),
            format,
            headers: std::sync::Arc::from(Vec::new()),
            line: 0,
            records: 0,
            bytes: 0,
            after_cr: false,
            started: false,
            scratch: Vec::new(),
            last_sizes: (0, 0, 0),
        };
        if format == InputFormat::Csv {
            reader.read_header()?;
        }
        Ok(reader)
    }

    /// Bytes read so far, for a progress bar.
    pub fn bytes_read(&self) -> u64 {
        self.bytes
    }

    /// The CSV header's column names (empty for JSON Lines).
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    fn read_header(&mut self) -> io::Result<()> {
        loop {
            let mut line = std::mem::take(&mut self.scratch);
            line.clear();
            let kind = self.next_line(&mut line)?;
            self.scratch = line;
            match kind {
                Line::End => return Err(header_error(crate::msg!(CsvNoHeader))),
                Line::TooLong(_) => return Err(header_error(crate::msg!(CsvHeaderTooLong, max = MAX_RECORD_BYTES))),
                Line::Text if self.scratch.iter().all(u8::is_ascii_whitespace) => {}
                Line::Text => break,
            }
        }
        let text = std::str::from_utf8(&self.scratch).map_err(|_| header_error(crate::msg!(CsvHeaderNotUtf8)))?;
        let mut cells = Vec::new();
        let mut out = String::new();
        split_csv(text, &mut out, &mut cells).map_err(|e| header_error(crate::msg!(CsvHeaderBad, problem = e)))?;
        let headers: Vec<String> = cells.iter().map(|&(a, b)| out[a as usize..b as usize].trim().to_owned()).collect();
        self.headers = headers.into();
        Ok(())
    }

    /// The next chunk of at most `max` records; `None` at the end of the input.
    pub fn next_chunk(&mut self, max: usize) -> io::Result<Option<Chunk>> {
        let (text, items, cells) = self.last_sizes;
        let mut chunk = Chunk {
            first: self.records,
            headers: self.headers.clone(),
            text: String::with_capacity(text + text / 8),
            items: Vec::with_capacity(items.min(max)),
            cells: Vec::with_capacity(cells + cells / 8),
        };
        let mut line = std::mem::take(&mut self.scratch);
        while chunk.items.len() < max {
            line.clear();
            let kind = self.next_line(&mut line)?;
            let number = self.line;
            let body = match kind {
                Line::End => break,
                Line::TooLong(length) => Body::Unreadable(unreadable(
                    EvidenceCode::TooLarge,
                    crate::msg!(BatchLineTooLong, line = number, length = length, max = MAX_RECORD_BYTES),
                    crate::msg!(BatchLineTooLongHelp),
                )),
                Line::Text => match std::str::from_utf8(&line) {
                    Err(e) => Body::Unreadable(unreadable(
                        EvidenceCode::NotJson,
                        crate::msg!(BatchNotUtf8, line = number, column = e.valid_up_to() + 1),
                        crate::msg!(BatchNotUtf8Help),
                    )),
                    Ok(text) if text.trim().is_empty() => continue,
                    Ok(text) => self.body(text, number, &mut chunk),
                },
            };
            chunk.items.push(Item { line: number, body });
        }
        self.scratch = line;
        self.last_sizes = (chunk.text.len(), chunk.items.len(), chunk.cells.len());
        self.records += chunk.items.len() as u64;
        Ok((!chunk.items.is_empty()).then_some(chunk))
    }

    fn body(&self, text: &str, number: u64, chunk: &mut Chunk) -> Body {
        let start = offset(chunk.text.len());
        match self.format {
            InputFormat::JsonLines => {
                chunk.text.push_str(text);
                Body::Json(start, offset(chunk.text.len()))
            }
            InputFormat::Csv => {
                let first = offset(chunk.cells.len());
                if let Err(e) = split_csv(text, &mut chunk.text, &mut chunk.cells) {
                    chunk.cells.truncate(first as usize);
                    return Body::Unreadable(unreadable(
                        EvidenceCode::NotJson,
                        crate::msg!(BatchAtLine, line = number, problem = e),
                        crate::msg!(BatchUnclosedQuoteHelp),
                    ));
                }
                let count = chunk.cells.len() - first as usize;
                if count == self.headers.len() {
                    Body::Cells(first, offset(chunk.cells.len()))
                } else {
                    chunk.cells.truncate(first as usize);
                    Body::Unreadable(unreadable(
                        EvidenceCode::NotJson,
                        crate::msg!(BatchCellCount, line = number, cells = count, columns = self.headers.len()),
                        crate::msg!(BatchCellCountHelp),
                    ))
                }
            }
        }
    }

    /// The next line's bytes into `out`, without its line end.
    fn next_line(&mut self, out: &mut Vec<u8>) -> io::Result<Line> {
        let mut length = 0usize;
        let mut any = false;
        loop {
            let buffer = match self.input.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buffer.is_empty() {
                return Ok(match (any, length > MAX_RECORD_BYTES) {
                    (false, _) => Line::End,
                    (true, true) => Line::TooLong(length),
                    (true, false) => {
                        self.line += 1;
                        Line::Text
                    }
                });
            }
            let mut skip = 0;
            if !self.started {
                self.started = true;
                if buffer.starts_with(b"\xEF\xBB\xBF") {
                    skip = 3;
                }
            }
            if self.after_cr {
                self.after_cr = false;
                if buffer.first() == Some(&b'\n') {
                    skip = 1;
                }
            }
            if skip > 0 {
                self.input.consume(skip);
                self.bytes += skip as u64;
                continue;
            }
            any = true;
            if let Some(end) = memchr::memchr2(b'\n', b'\r', buffer) {
                let (line, ending) = buffer.split_at(end);
                if length + end <= MAX_RECORD_BYTES {
                    out.extend_from_slice(line);
                }
                length += end;
                self.after_cr = ending.first() == Some(&b'\r');
                self.input.consume(end + 1);
                self.bytes += end as u64 + 1;
                self.line += 1;
                return Ok(if length > MAX_RECORD_BYTES { Line::TooLong(length) } else { Line::Text });
            }
            // No line end in the buffer: the line goes on; past the limit it is counted, not kept.
            let n = buffer.len();
            if length + n <= MAX_RECORD_BYTES {
                out.extend_from_slice(buffer);
            } else {
                out.clear();
            }
            length += n;
            self.input.consume(n);
            self.bytes += n as u64;
        }
    }
}

/// A CSV header that cannot be read: an I/O error whose words are rendered in the language asked
/// for ([`crate::Message::of_io`]).
fn header_error(message: crate::i18n::Message) -> io::Error {
    crate::i18n::MessageError::io(io::ErrorKind::InvalidData, message)
}

// Here rather than beside the type: the words of why a batch stopped are most often those of
// reading its records.
impl super::BatchError {
    /// Why the batch stopped, in the catalogue's words (an I/O error's own words as the system
    /// gives them, unless it carries a message of the catalogue).
    pub fn message(&self) -> crate::i18n::Message {
        use crate::i18n::Message;
        match self {
            super::BatchError::Read(e) => crate::msg!(BatchReadFailed, problem = Message::of_io(e)),
            super::BatchError::Write(e) => crate::msg!(BatchWriteFailed, problem = Message::of_io(e)),
            super::BatchError::Spill(e) => crate::msg!(BatchSpillFailed, problem = Message::of_io(e)),
            super::BatchError::Changed { first, second } => {
                crate::msg!(BatchInputChanged, first = *first, second = *second)
            }
        }
    }
}

fn unreadable(code: EvidenceCode, message: crate::i18n::Message, help: crate::i18n::Message) -> EvidenceError {
    EvidenceError { code, field: String::new(), message, help }
}

fn offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// One CSV line's cells (RFC 4180 within the line: `,` between cells, `"` around a cell that
/// holds commas or quotes, `""` for a quote inside one), unquoted, appended to `out`.
fn split_csv(line: &str, out: &mut String, cells: &mut Vec<(u32, u32)>) -> Result<(), crate::i18n::Message> {
    let bytes = line.as_bytes();
    let mut i = 0;
    loop {
        let start = offset(out.len());
        if bytes.get(i) == Some(&b'"') {
            let mut j = i + 1;
            loop {
                let rest = line.get(j..).unwrap_or_default();
                match rest.find('"') {
                    None => return Err(crate::msg!(CsvQuoteNotClosed, column = i + 1)),
                    Some(q) => {
                        out.push_str(rest.get(..q).unwrap_or_default());
                        j += q + 1;
                        if bytes.get(j) == Some(&b'"') {
                            out.push('"');
                            j += 1;
                        } else {
                            break;
                        }
                    }
                }
            }
            cells.push((start, offset(out.len())));
            match bytes.get(j) {
                None => return Ok(()),
                Some(b',') => i = j + 1,
                Some(_) => return Err(crate::msg!(CsvTextAfterQuote, column = j + 1)),
            }
        } else {
            let rest = line.get(i..).unwrap_or_default();
            let end = rest.find(',').map_or(bytes.len(), |e| i + e);
            let cell = rest.get(..end - i).unwrap_or_default();
            if cell.contains('"') {
                return Err(crate::msg!(CsvQuoteInCell, column = i + cell.find('"').unwrap_or(0) + 1));
            }
            out.push_str(cell);
            cells.push((start, offset(out.len())));
            if end == bytes.len() {
                return Ok(());
            }
            i = end + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], format: InputFormat) -> Vec<(u64, String)> {
        let mut reader = Reader::new(input, format).unwrap();
        let mut out = Vec::new();
        while let Some(chunk) = reader.next_chunk(3).unwrap() {
            for item in &chunk.items {
                let text = match &item.body {
                    Body::Json(a, b) => chunk.text[*a as usize..*b as usize].to_owned(),
                    Body::Cells(a, b) => chunk.cells[*a as usize..*b as usize]
                        .iter()
                        .map(|&(x, y)| &chunk.text[x as usize..y as usize])
                        .collect::<Vec<_>>()
                        .join("|"),
                    Body::Unreadable(e) => format!("{}: {}", e.code, e.message.render(crate::Lang::En)),
                };
                out.push((item.line, text));
            }
        }
        out
    }

    #[test]
    fn every_line_end_ends_a_record_and_a_byte_order_mark_is_skipped() {
        let input = b"\xEF\xBB\xBF{\"a\":1}\r\n{\"a\":2}\r{\"a\":3}\n\n  \n{\"a\":4}";
        assert_eq!(
            lines(input, InputFormat::JsonLines),
            [(1, "{\"a\":1}".into()), (2, "{\"a\":2}".into()), (3, "{\"a\":3}".into()), (6, "{\"a\":4}".into())]
        );
    }

    #[test]
    fn a_line_that_is_not_utf8_is_a_record_that_cannot_be_read() {
        let got = lines(b"{\"a\":1}\n{\"a\":\"\xFF\"}\n{\"a\":3}\n", InputFormat::JsonLines);
        assert_eq!(got.len(), 3);
        assert!(got[1].1.starts_with("evidence::not-json: line 2: not UTF-8"), "{got:?}");
    }

    #[test]
    fn a_stray_quote_in_a_csv_row_spoils_only_its_own_line() {
        let got = lines(b"id,a\n1,\"x\n2,y\n3,\"q\"\"z\",\n4,\"w,v\"\n", InputFormat::Csv);
        assert_eq!(got.len(), 4, "{got:?}");
        assert!(got[0].1.contains("never closed"), "{got:?}");
        assert_eq!(got[1].1, "2|y");
        assert!(got[2].1.contains("3 cells, but the header has 2"), "{got:?}");
        assert_eq!(got[3].1, "4|w,v");
    }

    #[test]
    fn a_csv_header_that_cannot_be_read_is_said_in_either_language() {
        let error = |input: &[u8]| match Reader::new(input, InputFormat::Csv) {
            Ok(_) => panic!("{input:?} has a header"),
            Err(e) => super::super::BatchError::Read(e),
        };
        let words = |input: &[u8], lang| error(input).message().render(lang);
        assert_eq!(words(b"", crate::Lang::Vi), "không đọc được dữ liệu đầu vào: dữ liệu CSV không có dòng tiêu đề");
        assert_eq!(words(b"\n \n", crate::Lang::En), "cannot read the input: the CSV input has no header row");
        assert_eq!(
            words(b"id,\"a\n", crate::Lang::Vi),
            "không đọc được dữ liệu đầu vào: dòng tiêu đề CSV: dấu ngoặc kép mở ở cột 4 không được đóng"
        );
        assert_eq!(
            words(b"id,\"a\n", crate::Lang::En),
            "cannot read the input: the CSV header row: a quote opened at column 4 is never closed"
        );
        assert_eq!(words(b"id,\xFF\n", crate::Lang::En), "cannot read the input: the CSV header row is not UTF-8 text");
        assert_eq!(
            words(b"id,\xFF\n", crate::Lang::Vi),
            "không đọc được dữ liệu đầu vào: dòng tiêu đề CSV không phải văn bản UTF-8"
        );
        let mut long = b"id,".to_vec();
        long.extend(std::iter::repeat_n(b'x', MAX_RECORD_BYTES + 1));
        assert!(words(&long, crate::Lang::Vi).starts_with("không đọc được dữ liệu đầu vào: dòng tiêu đề CSV dài quá"));
        // An error of the system keeps its own words.
        let other = super::super::BatchError::Write(io::Error::other("disk full"));
        assert_eq!(other.message().render(crate::Lang::Vi), "không ghi được kết quả đầu ra: disk full");
        // `Display` of the I/O error is the default language's.
        let Err(e) = Reader::new(&b""[..], InputFormat::Csv) else { panic!("no header") };
        assert_eq!(e.to_string(), "dữ liệu CSV không có dòng tiêu đề");
    }

    #[test]
    fn a_line_over_the_limit_is_one_error_and_is_not_held() {
        let mut input = b"{\"a\":1}\n".to_vec();
        input.extend(std::iter::repeat_n(b'x', MAX_RECORD_BYTES + 10));
        input.extend_from_slice(b"\n{\"a\":3}\n");
        let got = lines(&input, InputFormat::JsonLines);
        assert_eq!(got.len(), 3);
        assert!(got[1].1.starts_with("evidence::too-large: line 2"), "{got:?}");
        assert_eq!(got[2], (3, "{\"a\":3}".into()));
    }
}
