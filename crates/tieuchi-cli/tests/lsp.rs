//! `tieuchi lsp`, driven over standard input and output in the language-server protocol, as an
//! editor drives it: initialize, open, change, hover, definition, references, completion,
//! formatting, rename, shutdown.

#![allow(clippy::indexing_slicing, clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::{json, Value};

const RULES: &str = r#"ruleset demo "Ví dụ" {
  source "Nghị định 1/2026"
  input diem "Điểm chung": number in 0..100
  input vi_pham "Vi phạm": bool default false
  let dat "Đạt chuẩn" = diem >= 50
  outcome ket_qua "Kết quả" {
    tot "Tốt" when dat
      source "Điều 3 khoản 1"
    kem "Kém" otherwise
  }
  force kem when vi_pham because "Vi phạm"
}
"#;

struct Server {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
    next_id: i64,
    /// Notifications received while waiting for responses.
    notifications: Vec<Value>,
}

impl Server {
    fn start() -> Server {
        Server::start_with(&[])
    }

    /// The server started with options before `lsp` (`--lang en`).
    fn start_with(options: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tieuchi"))
            .args(options)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let input = child.stdin.take().unwrap();
        let output = BufReader::new(child.stdout.take().unwrap());
        let mut server = Server { child, input, output, next_id: 0, notifications: Vec::new() };
        let init = server.request("initialize", json!({ "processId": null, "rootUri": null, "capabilities": {} }));
        let capabilities = &init["capabilities"];
        for provider in [
            "hoverProvider",
            "definitionProvider",
            "completionProvider",
            "documentFormattingProvider",
            "renameProvider",
        ] {
            assert!(!capabilities[provider].is_null(), "the server does not offer {provider}: {init}");
        }
        server.notify("initialized", json!({}));
        server
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        write!(self.input, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.input.flush().unwrap();
    }

    fn receive(&mut self) -> Value {
        let mut length = None;
        loop {
            let mut line = String::new();
            assert!(self.output.read_line(&mut line).unwrap() > 0, "the server closed its output");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = Some(n.parse::<usize>().unwrap());
            }
        }
        let mut body = vec![0; length.expect("a Content-Length header")];
        self.output.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    fn notify(&mut self, method: &str, params: Value) {
        let mut message = json!({ "jsonrpc": "2.0", "method": method });
        message["params"] = params;
        self.send(&message);
    }

    /// The whole response (with `result` or `error`).
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "jsonrpc": "2.0", "id": id, "method": method });
        message["params"] = params;
        self.send(&message);
        loop {
            let message = self.receive();
            if message["id"] == json!(id) {
                return message;
            }
            self.notifications.push(message);
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.call(method, params);
        assert!(response.get("error").is_none(), "{method} failed: {response}");
        response["result"].clone()
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        loop {
            let position = self
                .notifications
                .iter()
                .position(|n| n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri);
            if let Some(i) = position {
                let published = self.notifications.remove(i);
                return published["params"]["diagnostics"].as_array().unwrap().clone();
            }
            let message = self.receive();
            self.notifications.push(message);
        }
    }

    fn open(&mut self, uri: &str, text: &str) {
        let document = json!({ "uri": uri, "languageId": "tieuchi", "version": 1, "text": text });
        self.notify("textDocument/didOpen", json!({ "textDocument": document }));
    }

    fn change(&mut self, uri: &str, version: i64, text: &str) {
        let params =
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] });
        self.notify("textDocument/didChange", params);
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        assert!(status.success(), "the server ended with {status}");
    }
}

fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } })
}

/// A folder with the rule file on disk, so that the document has a real path.
fn workspace() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.tieuchi");
    std::fs::write(&path, RULES).unwrap();
    let uri = format!("file://{}", path.display());
    (dir, uri)
}

#[test]
fn diagnostics_follow_the_text_as_it_is_typed() {
    let (_dir, uri) = workspace();
    let mut server = Server::start();
    server.open(&uri, RULES);
    assert_eq!(server.diagnostics(&uri), Vec::<Value>::new(), "a valid file has no diagnostics");

    // An unknown name: the checker's code, span and help.
    let typo = RULES.replace("when dat\n", "when dta\n");
    server.change(&uri, 2, &typo);
    let diagnostics = server.diagnostics(&uri);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let d = &diagnostics[0];
    assert_eq!(d["code"], "check::unknown-name");
    assert_eq!(d["severity"], 1);
    assert_eq!(d["range"], json!({ "start": { "line": 6, "character": 19 }, "end": { "line": 6, "character": 22 } }));
    assert!(d["message"].as_str().unwrap().contains("không có tên `dta`"), "{d}");
    assert!(d["message"].as_str().unwrap().contains("\ngợi ý: có phải ý là `dat`?"), "{d}");
    assert!(!d["message"].as_str().unwrap().contains("help"), "{d}");

    // In English when the server is started so; the code is the same.
    let mut english = Server::start_with(&["--lang", "en"]);
    english.open(&uri, &typo);
    let said = english.diagnostics(&uri);
    assert_eq!(said[0]["code"], "check::unknown-name");
    assert!(said[0]["message"].as_str().unwrap().contains("unknown name `dta`"), "{said:?}");
    assert!(said[0]["message"].as_str().unwrap().contains("\nhelp: did you mean `dat`?"), "{said:?}");
    english.stop();

    // A syntax error, half-way through a line.
    server.change(&uri, 3, &RULES.replace("input vi_pham \"Vi phạm\": bool", "input vi_pham \"Vi phạm\" bool"));
    let diagnostics = server.diagnostics(&uri);
    assert_eq!(diagnostics[0]["code"], "syntax::expected");
    assert_eq!(diagnostics[0]["range"]["start"], json!({ "line": 3, "character": 26 }));

    // Fixed again: the diagnostics are cleared.
    server.change(&uri, 4, RULES);
    assert_eq!(server.diagnostics(&uri), Vec::<Value>::new());
    server.stop();
}

#[test]
fn hover_shows_label_type_range_and_citation() {
    let (_dir, uri) = workspace();
    let mut server = Server::start();
    server.open(&uri, RULES);
    // `diem` in `let dat "Đạt chuẩn" = diem >= 50`.
    let hover = server.request("textDocument/hover", at(&uri, 4, 25));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("**input** `diem`"), "{text}");
    assert!(text.contains("Điểm chung"), "{text}");
    assert!(text.contains("number in 0..100"), "{text}");
    assert_eq!(
        hover["range"],
        json!({ "start": { "line": 4, "character": 24 }, "end": { "line": 4, "character": 28 } })
    );

    // A tier: its label, condition and legal citation.
    let hover = server.request("textDocument/hover", at(&uri, 10, 9));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("**tier** `kem` of `ket_qua`"), "{text}");
    assert!(text.contains("Kém"), "{text}");

    let hover = server.request("textDocument/hover", at(&uri, 6, 5));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("when dat") && text.contains("Nguồn: Điều 3 khoản 1"), "{text}");

    let hover = server.request("textDocument/hover", at(&uri, 6, 19));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("Đạt chuẩn") && text.contains("= diem >= 50"), "{text}");

    let hover = server.request("textDocument/hover", at(&uri, 7, 16));
    assert!(hover.is_null(), "no hover inside a citation: {hover}");
    server.stop();
}

#[test]
fn definition_and_references_find_the_declaration_and_every_use() {
    let (_dir, uri) = workspace();
    let mut server = Server::start();
    server.open(&uri, RULES);
    // `kem` in the force: declared as a tier on line 9.
    let definition = server.request("textDocument/definition", at(&uri, 10, 10));
    assert_eq!(definition["uri"], uri);
    assert_eq!(
        definition["range"],
        json!({ "start": { "line": 8, "character": 4 }, "end": { "line": 8, "character": 7 } })
    );

    let mut params = at(&uri, 2, 9);
    params["context"] = json!({ "includeDeclaration": true });
    let references = server.request("textDocument/references", params);
    let lines: Vec<u64> =
        references.as_array().unwrap().iter().map(|r| r["range"]["start"]["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, vec![2, 4]);
    server.stop();
}

#[test]
fn completion_offers_names_functions_and_keywords_even_while_the_file_is_broken() {
    let (_dir, uri) = workspace();
    let mut server = Server::start();
    let typing = RULES.replace("  force kem when vi_pham", "  let moi = sh\n  force kem when vi_pham");
    server.open(&uri, &typing);
    let items = server.request("textDocument/completion", at(&uri, 11, 14));
    let labels: Vec<&str> = items.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    for expected in ["diem", "dat", "ket_qua", "tot", "share", "when", "otherwise"] {
        assert!(labels.contains(&expected), "`{expected}` missing from {labels:?}");
    }
    let diem = items.as_array().unwrap().iter().find(|i| i["label"] == "diem").unwrap();
    assert_eq!(diem["detail"], "Điểm chung");

    // A broken file still completes the names written in it.
    let broken = RULES.replace("input diem \"Điểm chung\": number", "input diem \"Điểm chung\" number");
    server.change(&uri, 2, &broken);
    let items = server.request("textDocument/completion", at(&uri, 4, 25));
    let labels: Vec<&str> = items.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert!(labels.contains(&"vi_pham") && labels.contains(&"share"), "{labels:?}");

    let items = server.request("textDocument/completion", at(&uri, 7, 20));
    assert_eq!(items, json!([]), "nothing to complete inside a label");
    server.stop();
}

#[test]
fn formatting_returns_the_canonical_layout() {
    let (_dir, uri) = workspace();
    let mut server = Server::start();
    let messy = RULES
        .replace("  input diem", "      input   diem")
        .replace("  force kem when vi_pham", "force kem   when vi_pham");
    server.open(&uri, &messy);
    let params = json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } });
    let edits = server.request("textDocument/formatting", params.clone());
    let edits = edits.as_array().unwrap();
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0]["newText"], RULES);
    assert_eq!(edits[0]["range"]["start"], json!({ "line": 0, "character": 0 }));

    server.change(&uri, 2, RULES);
    let edits = server.request("textDocument/formatting", params.clone());
    assert_eq!(edits, json!([]), "a formatted file needs no edit");

    server.change(&uri, 3, "ruleset hong \"Hỏng\" {\n  input x \"X\" number\n}\n");
    let edits = server.request("textDocument/formatting", params);
    assert!(edits.is_null(), "a file that does not parse is left alone: {edits}");
    server.stop();
}

#[test]
fn rename_changes_the_declaration_and_every_use() {
    let (_dir, uri) = workspace();
    let mut server = Server::start();
    server.open(&uri, RULES);
    let prepared = server.request("textDocument/prepareRename", at(&uri, 6, 20));
    assert_eq!(prepared, json!({ "start": { "line": 6, "character": 19 }, "end": { "line": 6, "character": 22 } }));

    let mut params = at(&uri, 6, 20);
    params["newName"] = json!("dat_chuan");
    let edit = server.request("textDocument/rename", params);
    let edits = edit["changes"][&uri].as_array().unwrap();
    let mut renamed = RULES.to_owned();
    // Applied from the end so that earlier ranges stay valid; every edit is on its own line here.
    let mut sorted: Vec<&Value> = edits.iter().collect();
    sorted.sort_by_key(|e| std::cmp::Reverse(e["range"]["start"]["line"].as_u64()));
    for e in sorted {
        assert_eq!(e["newText"], "dat_chuan");
        let line = usize::try_from(e["range"]["start"]["line"].as_u64().unwrap()).unwrap();
        let (start, end) =
            (e["range"]["start"]["character"].as_u64().unwrap(), e["range"]["end"]["character"].as_u64().unwrap());
        let mut lines: Vec<String> = renamed.lines().map(str::to_owned).collect();
        let text: Vec<char> = lines[line].chars().collect();
        let (start, end) = (usize::try_from(start).unwrap(), usize::try_from(end).unwrap());
        lines[line] =
            format!("{}dat_chuan{}", text[..start].iter().collect::<String>(), text[end..].iter().collect::<String>());
        renamed = lines.join("\n") + "\n";
    }
    assert_eq!(edits.len(), 2);
    assert_eq!(renamed, RULES.replace("let dat ", "let dat_chuan ").replace("when dat\n", "when dat_chuan\n"));

    // A refusal is in the language the server was started with: Vietnamese by default.
    let mut params = at(&uri, 6, 20);
    params["newName"] = json!("and");
    let refused = server.call("textDocument/rename", params.clone());
    let said = refused["error"]["message"].as_str().unwrap();
    assert_eq!(said, "`and` là một từ khóa của ngôn ngữ nên không thể làm tên", "{refused}");
    server.stop();
    let mut english = Server::start_with(&["--lang", "en"]);
    english.open(&uri, RULES);
    let refused = english.call("textDocument/rename", params);
    assert!(refused["error"]["message"].as_str().unwrap().contains("`and` is a word of the language"), "{refused}");
    english.stop();
}
