//! The common case of an evidence record, read without a general JSON parser: one object whose
//! values are strings without escapes, numbers, `true`, `false` or `null`.
//!
//! A batch reads millions of such records, and a general parser spends most of its time on what
//! they never have (escapes, nesting). [`scan`] accepts only text that is valid JSON of that
//! shape and gives each field exactly what the general path gives (the key, and the value's text
//! as written); on anything else it declines, and the caller takes the general path, which also
//! words every error. So the fast path can decline too often, never accept too much.

/// Hands `field` each key of `text` with its value's text as written, when `text` is one flat
/// JSON object as above; `None` when it is anything else (after some fields, maybe).
pub(crate) fn scan<'a>(text: &'a str, mut field: impl FnMut(&'a str, &'a str)) -> Option<()> {
    let bytes = text.as_bytes();
    let mut at = skip_space(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    at = skip_space(bytes, at + 1);
    if bytes.get(at) == Some(&b'}') {
        return (skip_space(bytes, at + 1) == bytes.len()).then_some(());
    }
    loop {
        let (key, after) = plain_string(bytes, at)?;
        at = skip_space(bytes, after);
        if bytes.get(at) != Some(&b':') {
            return None;
        }
        at = skip_space(bytes, at + 1);
        let end = value_end(bytes, at)?;
        field(&text[key.0..key.1], &text[at..end]);
        at = skip_space(bytes, end);
        match bytes.get(at) {
            Some(b',') => at = skip_space(bytes, at + 1),
            Some(b'}') => return (skip_space(bytes, at + 1) == bytes.len()).then_some(()),
            _ => return None,
        }
    }
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = bytes.get(at) {
        at += 1;
    }
    at
}

/// A string without escapes or control characters starting at `at` (its opening quote): the
/// range of its content, and where it ends (after the closing quote).
fn plain_string(bytes: &[u8], at: usize) -> Option<((usize, usize), usize)> {
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    let start = at + 1;
    // Keys and values are short: one plain pass beats a vectorised search set up per string.
    let mut close = start;
    loop {
        match *bytes.get(close)? {
            b'"' => break,
            b'\\' | 0..=0x1f => return None,
            _ => close += 1,
        }
    }
    Some(((start, close), close + 1))
}

/// Where the scalar value starting at `at` ends, when it is one this path takes.
fn value_end(bytes: &[u8], at: usize) -> Option<usize> {
    let end = match *bytes.get(at)? {
        b'"' => plain_string(bytes, at)?.1,
        b't' => literal(bytes, at, b"true")?,
        b'f' => literal(bytes, at, b"false")?,
        b'n' => literal(bytes, at, b"null")?,
        b'-' | b'0'..=b'9' => number_end(bytes, at)?,
        _ => return None,
    };
    // A value ends at a space, a comma or the closing brace: `truex` or `1.5.2` is not JSON.
    matches!(bytes.get(end), Some(b' ' | b'\t' | b'\n' | b'\r' | b',' | b'}')).then_some(end)
}

fn literal(bytes: &[u8], at: usize, word: &[u8]) -> Option<usize> {
    bytes.get(at..)?.starts_with(word).then_some(at + word.len())
}

/// A JSON number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
fn number_end(bytes: &[u8], mut at: usize) -> Option<usize> {
    let digits = |at: usize| bytes.get(at..).unwrap_or_default().iter().take_while(|b| b.is_ascii_digit()).count();
    if bytes.get(at) == Some(&b'-') {
        at += 1;
    }
    match bytes.get(at)? {
        b'0' => at += 1,
        b'1'..=b'9' => at += digits(at),
        _ => return None,
    }
    if bytes.get(at) == Some(&b'.') {
        let n = digits(at + 1);
        if n == 0 {
            return None;
        }
        at += 1 + n;
    }
    if let Some(b'e' | b'E') = bytes.get(at) {
        at += 1;
        if let Some(b'+' | b'-') = bytes.get(at) {
            at += 1;
        }
        let n = digits(at);
        if n == 0 {
            return None;
        }
        at += n;
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use super::scan;

    fn fields(text: &str) -> Option<Vec<(&str, &str)>> {
        let mut out = Vec::new();
        scan(text, |k, v| out.push((k, v))).map(|()| out)
    }

    #[test]
    fn reads_a_flat_record_as_written() {
        let text = r#" {"id":"CC-1", "a" : 29.63,"b":-0,"c":1e5,"d":true,"e":false,"f":null,"g":"x y"} "#;
        assert_eq!(
            fields(text),
            Some(vec![
                ("id", "\"CC-1\""),
                ("a", "29.63"),
                ("b", "-0"),
                ("c", "1e5"),
                ("d", "true"),
                ("e", "false"),
                ("f", "null"),
                ("g", "\"x y\""),
            ])
        );
        assert_eq!(fields("{}"), Some(vec![]));
        assert_eq!(fields(r#"{"a":1,"a":2}"#), Some(vec![("a", "1"), ("a", "2")]));
    }

    #[test]
    fn declines_what_it_does_not_read_and_what_is_not_json() {
        for text in [
            r#"{"a":[1]}"#,
            r#"{"a":{"b":1}}"#,
            r#"{"a\"b":1}"#,
            r#"{"a":"x\ny"}"#,
            "{\"a\":\"x\ty\"}",
            r#"{"a":01}"#,
            r#"{"a":1.}"#,
            r#"{"a":.5}"#,
            r#"{"a":1e}"#,
            r#"{"a":+1}"#,
            r#"{"a":1_0}"#,
            r#"{"a":truex}"#,
            r#"{"a":1,}"#,
            r#"{,"a":1}"#,
            r#"{"a" 1}"#,
            r#"{"a":1} x"#,
            r#"{"a":1}}"#,
            r#"{"a":1"#,
            r#"{"a":"#,
            r#"{"a""#,
            "[1]",
            "",
            r#"{"a":NaN}"#,
            "{\u{a0}\"a\":1}",
        ] {
            assert_eq!(fields(text), None, "{text}");
        }
    }

    fn general(text: &str) -> Option<Vec<(String, String)>> {
        let record = crate::eval::evidence::RawRecord::from_json_parsed(text).ok()?;
        Some(
            record
                .fields
                .iter()
                .map(|(k, v)| match v {
                    crate::eval::evidence::Raw::JsonText(t) => (k.to_string(), (*t).to_owned()),
                    _ => (k.to_string(), String::from("<not text>")),
                })
                .collect(),
        )
    }

    const TOKENS: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        " ",
        "\n",
        "\t",
        "\"",
        "\"a\"",
        "\"id\"",
        "\"x\\ny\"",
        "\"\u{1}\"",
        "\"é\"",
        "0",
        "1",
        "9",
        "-",
        "+",
        ".",
        "e",
        "E",
        "true",
        "tru",
        "false",
        "null",
        "nul",
        "x",
        "\\",
        "\u{a0}",
        "\r",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]

        /// Whatever the fast path accepts, the general parser accepts with the same fields.
        #[test]
        fn never_accepts_more_than_the_general_parser(picks in proptest::collection::vec(0..TOKENS.len(), 0..24)) {
            let text: String = picks.iter().map(|&i| TOKENS[i]).collect();
            if let Some(fast) = fields(&text) {
                let fast: Vec<(String, String)> = fast.into_iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
                proptest::prop_assert_eq!(Some(fast), general(&text), "{}", text);
            }
        }

        /// A valid record with one byte changed, inserted or removed: the same.
        #[test]
        fn agrees_on_a_record_with_one_change(at in 0usize..120, byte in 0u8..128, how in 0u8..3) {
            let mut text = br#"{"id":"CC-1","tieu_chi_chung":29.63, "ket_qua_nhiem_vu":-4.6e-1,"suy_thoai":false,"x":null}"#.to_vec();
            let at = at % text.len();
            match how {
                0 => text[at] = byte,
                1 => text.insert(at, byte),
                _ => { text.remove(at); }
            }
            let Ok(text) = String::from_utf8(text) else { return Ok(()) };
            if let Some(fast) = fields(&text) {
                let fast: Vec<(String, String)> = fast.into_iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
                proptest::prop_assert_eq!(Some(fast), general(&text), "{}", text);
            }
        }
    }
}
