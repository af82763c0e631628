//! `tieuchi serve`, end to end: the real binary on a loopback port (the system picks it; the
//! startup line names it), called with a real HTTP client.
#![allow(clippy::indexing_slicing, clippy::panic, clippy::expect_used, clippy::unwrap_used, reason = "tests")]

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sha2::Digest as _;

const ALL: &str = "evaluate-all-scopes-0123456789";
const RULES_ONLY: &str = "rules-only-scope-0123456789";
const TOKENS: &str = "evaluate-all-scopes-0123456789 evaluate,batch,rules,reload hr-system\n\
                      rules-only-scope-0123456789 rules\n";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A running `tieuchi serve`, stopped (killed) when dropped.
struct Server {
    child: Child,
    base: String,
    log: Arc<Mutex<Vec<String>>>,
    /// Holds the tokens file while the service runs.
    _folder: tempfile::TempDir,
}

impl Server {
    /// Starts `tieuchi serve RULES --port 0 ARGS…` in the repository's folder (so that rule files
    /// are named as the command line names them, `rules/…`) with the test tokens (unless
    /// `--no-auth` is among the arguments), and waits for its startup line.
    fn start(rules: &Path, args: &[&str]) -> Server {
        Self::try_start(rules, args).unwrap_or_else(|log| panic!("the service did not start:\n{log}"))
    }

    fn try_start(rules: &Path, args: &[&str]) -> Result<Server, String> {
        let folder = tempfile::tempdir().unwrap();
        let tokens = folder.path().join("tokens");
        std::fs::write(&tokens, TOKENS).unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_tieuchi"));
        command.arg("serve").arg(rules).args(["--port", "0"]);
        if !args.contains(&"--no-auth") {
            command.arg("--tokens").arg(&tokens);
        }
        let mut child = command
            .args(args)
            .current_dir(root())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let lines = Arc::clone(&log);
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                lines.lock().unwrap().push(line);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            // The startup line's first `http://` or `https://` is the address, whatever the
            // operator's language.
            let found = log.lock().unwrap().iter().find_map(|l| {
                l.split_whitespace().find(|w| w.starts_with("http://") || w.starts_with("https://")).map(str::to_owned)
            });
            if let Some(base) = found {
                return Ok(Server { child, base, log, _folder: folder });
            }
            if child.try_wait().unwrap().is_some() || Instant::now() > deadline {
                let _ = child.kill();
                std::thread::sleep(Duration::from_millis(100));
                return Err(log.lock().unwrap().join("\n"));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn log_text(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }

    /// Waits until the service's log holds `needle` (at least `times` times).
    fn wait_for_log(&self, needle: &str, times: usize) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.log.lock().unwrap().iter().filter(|l| l.contains(needle)).count() < times {
            assert!(Instant::now() < deadline, "`{needle}` never came in the log:\n{}", self.log_text());
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn signal(&self, signal: &str) {
        let status = Command::new("kill").arg(format!("-{signal}")).arg(self.child.id().to_string()).status().unwrap();
        assert!(status.success());
    }

    /// Waits for the process to end by itself.
    fn wait_exit(&mut self) -> std::process::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the service did not stop:\n{}", self.log_text());
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Answer {
    status: u16,
    headers: ureq::http::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// A failure record: its status and the core's shape.
    fn failure(&self, status: u16, code: &str) -> Value {
        assert_eq!(self.status, status, "{}", self.text());
        let json = self.json();
        assert_eq!(json["code"], code, "{json}");
        assert_eq!(json["errors"][0]["code"], code, "{json}");
        assert!(json["summary"].is_string() && json["rendered"].is_string(), "{json}");
        json
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).build().into()
}

fn call(method: &str, url: &str, token: Option<&str>, headers: &[(&str, &str)], body: Option<&[u8]>) -> Answer {
    let agent = agent();
    let mut request = ureq::http::Request::builder().method(method).uri(url);
    if let Some(token) = token {
        request = request.header("Authorization", format!("Bearer {token}"));
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request.body(body.unwrap_or_default().to_vec()).unwrap();
    let mut response = agent.run(request).unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.body_mut().with_config().limit(u64::MAX).read_to_vec().unwrap();
    Answer { status, headers, body }
}

fn get(server: &Server, path: &str, token: Option<&str>) -> Answer {
    call("GET", &server.url(path), token, &[], None)
}

fn post_json(server: &Server, path: &str, token: Option<&str>, body: &Value) -> Answer {
    call("POST", &server.url(path), token, &[("Content-Type", "application/json")], Some(body.to_string().as_bytes()))
}

fn example() -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join("rules/cong-chuc/examples/nd335-htt.json")).unwrap())
        .unwrap()
}

/// What `tieuchi ARGS…` prints on standard output.
fn cli(args: &[&str], stdin: &[u8]) -> Vec<u8> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tieuchi"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap().stdout
}

fn records(n: usize) -> String {
    let mut text = String::new();
    for i in 0..n {
        let mut record = example();
        record["id"] = json!(format!("CC-{i:04}"));
        record["on"] = json!("2026-12-10");
        record["ket_qua_nhiem_vu"] = json!(format!("{}", 55 + i % 15));
        text.push_str(&record.to_string());
        text.push('\n');
    }
    text
}

#[test]
fn evaluate_gives_the_bytes_the_command_line_prints() {
    let server = Server::start(Path::new("rules"), &[]);
    let evidence = example();
    let request = json!({"ruleset": "cong_chuc_nd335", "evidence": evidence});
    let answer = post_json(&server, "/v1/evaluate", Some(ALL), &request);
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.header("content-type"), Some("application/json"));
    assert!(answer.header("x-request-id").is_some_and(|id| !id.is_empty()));
    assert_eq!(answer.header("cache-control"), Some("no-store"));
    let evidence_text = evidence.to_string();
    let without_trace =
        cli(&["eval", "rules/cong-chuc", "-", "--ruleset", "cong_chuc_nd335", "--no-trace"], evidence_text.as_bytes());
    assert_eq!(String::from_utf8(answer.body.clone()).unwrap(), String::from_utf8(without_trace).unwrap());
    let traced = post_json(&server, "/v1/evaluate?trace=true", Some(ALL), &request);
    let with_trace = cli(&["eval", "rules/cong-chuc", "-", "--ruleset", "cong_chuc_nd335"], evidence_text.as_bytes());
    assert_eq!(traced.text(), String::from_utf8(with_trace).unwrap());
    assert!(!traced.json()["trace"].as_array().unwrap().is_empty());
    // What it takes, when asked: the bytes of `tieuchi eval --what-it-takes`.
    let takes = post_json(&server, "/v1/evaluate?what_it_takes=true", Some(ALL), &request);
    let cli_takes = cli(
        &["eval", "rules/cong-chuc", "-", "--ruleset", "cong_chuc_nd335", "--no-trace", "--what-it-takes"],
        evidence_text.as_bytes(),
    );
    assert_eq!(takes.text(), String::from_utf8(cli_takes).unwrap());
    assert_eq!(takes.json()["what_it_takes"]["goals"][0]["tier"], "htxs");

    // A family is named by any version's id; the evidence's `on` chooses the version in force.
    let nd90: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("rules/cong-chuc/examples/nd90-htt.json")).unwrap())
            .unwrap();
    let mut dated = nd90.clone();
    dated["on"] = json!("2025-06-30");
    let older =
        post_json(&server, "/v1/evaluate", Some(ALL), &json!({"ruleset": "cong_chuc_nd335", "evidence": dated}));
    let older = older.json();
    assert_eq!(older["rules"]["id"], "cong_chuc_nd90", "{older}");
    assert_eq!(older["rules"]["chosen_because"], "có hiệu lực vào ngày 2025-06-30");
    let mut dated = example();
    dated["on"] = json!("2026-06-30");
    let newer = post_json(&server, "/v1/evaluate", Some(ALL), &json!({"ruleset": "cong_chuc_nd90", "evidence": dated}));
    assert_eq!(newer.json()["rules"]["id"], "cong_chuc_nd335");
    // Evidence of one version sent with the date of the other: the version in force on the date
    // refuses what it does not read.
    let mut mismatched = example();
    mismatched["on"] = json!("2025-06-30");
    let refused =
        post_json(&server, "/v1/evaluate", Some(ALL), &json!({"ruleset": "cong_chuc_nd335", "evidence": mismatched}));
    assert_eq!(refused.status, 422);
    assert!(refused.json()["summary"].as_str().unwrap().contains("cong_chuc_nd90"), "{}", refused.text());
}

#[test]
fn the_rule_sets_codes_and_operations_endpoints_answer() {
    let server = Server::start(Path::new("rules"), &["--cors-origin", "https://hr.example.gov.vn"]);

    let list = get(&server, "/v1/rulesets", Some(RULES_ONLY)).json();
    let families = list["families"].as_array().unwrap();
    let cong_chuc = families.iter().find(|f| f["id"] == "cong_chuc_nd335").unwrap();
    let versions: Vec<&str> =
        cong_chuc["versions"].as_array().unwrap().iter().map(|v| v["id"].as_str().unwrap()).collect();
    assert_eq!(versions, ["cong_chuc_nd90", "cong_chuc_nd335"]);
    assert_eq!(cong_chuc["versions"][1]["valid_from"], "2026-01-01");
    assert_eq!(cong_chuc["versions"][1]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(list["generation"], 1);

    let one = get(&server, "/v1/rulesets/cong_chuc_nd90?on=2026-06-30", Some(RULES_ONLY));
    assert_eq!(one.status, 200, "{}", one.text());
    let one = one.json();
    assert_eq!(one["version"]["id"], "cong_chuc_nd335");
    assert_eq!(one["family"].as_array().unwrap().len(), 2);
    let fields = one["inputs"]["fields"].as_array().unwrap();
    let field = fields.iter().find(|f| f["id"] == "suy_thoai").unwrap();
    assert!(field["label"].is_string() && field["type"] == "bool", "{field}");
    assert_eq!(one["json_schema"]["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert!(one["json_schema"]["properties"]["suy_thoai"].is_object());
    let citations = one["citations"].as_array().unwrap();
    assert!(citations.iter().any(|c| c["kind"] == "force" && c["source"].as_str().unwrap().contains("335/2025")));
    assert!(citations.iter().all(|c| c["at"].as_str().unwrap().contains(".tieuchi:")));
    let named = get(&server, "/v1/rulesets/cong_chuc_nd90", Some(RULES_ONLY)).json();
    assert_eq!(named["version"]["id"], "cong_chuc_nd90");

    let codes = get(&server, "/v1/codes", Some(RULES_ONLY)).json();
    let codes: Vec<&str> = codes.as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap()).collect();
    for code in ["evidence::out-of-range", "select::unknown", "knockout", "serve::unauthorized", "serve::too-large"] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    // What they mean is said in the language asked for: Vietnamese unless asked otherwise.
    let summary = |path: &str, headers: &[(&str, &str)], code: &str| {
        let codes = call("GET", &server.url(path), Some(RULES_ONLY), headers, None).json();
        let entry = codes.as_array().unwrap().iter().find(|c| c["code"] == code).cloned().unwrap();
        entry["summary"].as_str().unwrap().to_owned()
    };
    assert_eq!(summary("/v1/codes", &[], "select::empty"), "chưa nạp bộ quy tắc nào");
    assert_eq!(summary("/v1/codes", &[("Accept-Language", "en")], "select::empty"), "no rule set is loaded");
    assert_eq!(summary("/v1/codes?lang=en", &[], "serve::not-found"), "no endpoint at this path");
    assert_eq!(summary("/v1/codes", &[], "serve::not-found"), "không có điểm cuối nào ở đường dẫn này");

    let openapi = get(&server, "/openapi.json", None).json();
    assert_eq!(openapi["openapi"], "3.1.0");
    for path in [
        "/v1/evaluate",
        "/v1/batch",
        "/v1/rulesets",
        "/v1/rulesets/{id}",
        "/v1/codes",
        "/v1/reload",
        "/healthz",
        "/readyz",
        "/metrics",
    ] {
        assert!(openapi["paths"][path].is_object(), "{path} missing");
    }
    let page = get(&server, "/docs", None);
    assert_eq!(page.status, 200);
    assert!(page.text().contains("api-reference") && page.text().contains("/v1/evaluate"));

    assert_eq!(get(&server, "/healthz", None).json()["status"], "ok");
    let ready = get(&server, "/readyz", None).json();
    assert_eq!(ready["ready"], true);
    assert!(ready["rulesets"].as_u64().unwrap() >= 10);
    let metrics = get(&server, "/metrics", None).text();
    assert!(metrics.contains(r#"tieuchi_http_requests_total{route="/v1/rulesets",status="200"} 1"#), "{metrics}");
    assert!(metrics.contains("tieuchi_rulesets_loaded"), "{metrics}");

    let reload = call("POST", &server.url("/v1/reload"), Some(ALL), &[], None);
    assert_eq!(reload.status, 200, "{}", reload.text());
    assert_eq!(reload.json()["changed"], false);

    // CORS only for the origin configured.
    let allowed = call(
        "OPTIONS",
        &server.url("/v1/evaluate"),
        None,
        &[
            ("Origin", "https://hr.example.gov.vn"),
            ("Access-Control-Request-Method", "POST"),
            ("Access-Control-Request-Headers", "authorization,content-type"),
        ],
        None,
    );
    assert_eq!(allowed.header("access-control-allow-origin"), Some("https://hr.example.gov.vn"));
    let other = call("GET", &server.url("/healthz"), None, &[("Origin", "https://evil.example")], None);
    assert_eq!(other.header("access-control-allow-origin"), None);
}

#[test]
fn batch_gives_the_rows_the_command_line_writes_in_every_format() {
    let server = Server::start(Path::new("rules"), &[]);
    let mut input = records(40);
    input.push_str("not json\n");
    let url = server.url("/v1/batch?ruleset=cong_chuc_nd335");
    let jsonl = &[("Content-Type", "application/x-ndjson")];
    let rows = call("POST", &url, Some(ALL), jsonl, Some(input.as_bytes()));
    assert_eq!(rows.status, 200, "{}", rows.text());
    assert_eq!(rows.header("content-type"), Some("application/x-ndjson"));
    let expected =
        cli(&["batch", "rules/cong-chuc", "-", "--ruleset", "cong_chuc_nd335", "--summary", "none"], input.as_bytes());
    assert_eq!(rows.text(), String::from_utf8(expected).unwrap());
    let lines: Vec<Value> = rows.text().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 41);
    assert_eq!(lines[40]["status"], "error");
    // The quota applied over the whole body: some HTXS candidates demoted.
    assert!(lines.iter().any(|l| l["decided_by"] == "quota"), "{}", rows.text());

    let csv = call(
        "POST",
        &url,
        Some(ALL),
        &[("Content-Type", "application/x-ndjson"), ("Accept", "text/csv")],
        Some(input.as_bytes()),
    );
    assert_eq!(csv.status, 200);
    let expected = cli(
        &["batch", "rules/cong-chuc", "-", "--ruleset", "cong_chuc_nd335", "--summary", "none", "--to", "csv"],
        input.as_bytes(),
    );
    assert_eq!(csv.text(), String::from_utf8(expected).unwrap());

    // CSV in: a header of field ids.
    let csv_input =
        "id,on,co_quan,nhom,tieu_chi_chung,ket_qua_nhiem_vu,suy_thoai,vi_pham_dieu_cam,vi_pham_neu_guong,la_lanh_dao\n\
                     CC-1,2026-12-10,Sở,Nhóm,28,64,false,false,false,false\n\
                     CC-2,2026-12-10,Sở,Nhóm,20,40,false,false,false,false\n";
    let from_csv = call("POST", &url, Some(ALL), &[("Content-Type", "text/csv")], Some(csv_input.as_bytes()));
    assert_eq!(from_csv.status, 200, "{}", from_csv.text());
    let expected = cli(
        &[
            "batch",
            "rules/cong-chuc",
            "-",
            "--ruleset",
            "cong_chuc_nd335",
            "--summary",
            "none",
            "--from",
            "csv",
            "--to",
            "csv",
        ],
        csv_input.as_bytes(),
    );
    assert_eq!(from_csv.text(), String::from_utf8(expected).unwrap());
    let text = from_csv.text();
    let outcome = text.lines().next().unwrap().split(',').position(|c| c == "outcome").unwrap();
    let csv_outcomes: Vec<String> =
        text.lines().skip(1).map(|l| l.split(',').nth(outcome).unwrap().to_owned()).collect();
    assert_eq!(csv_outcomes.len(), 2);

    // Arrow IPC in and out.
    let arrow_input = arrow_records();
    let arrow = call(
        "POST",
        &url,
        Some(ALL),
        &[("Content-Type", "application/vnd.apache.arrow.stream"), ("Accept", "application/vnd.apache.arrow.stream")],
        Some(&arrow_input),
    );
    assert_eq!(arrow.status, 200, "{}", String::from_utf8_lossy(&arrow.body));
    assert_eq!(arrow.header("content-type"), Some("application/vnd.apache.arrow.stream"));
    let reader = arrow_ipc::reader::StreamReader::try_new(std::io::Cursor::new(arrow.body), None).unwrap();
    let mut outcomes = Vec::new();
    for batch in reader {
        let batch = batch.unwrap();
        let column = arrow_cast_strings(batch.column_by_name("outcome").unwrap());
        outcomes.extend(column);
    }
    // The same records as the CSV above, so the same tiers.
    assert_eq!(outcomes, csv_outcomes);

    // Several families, none named: the engine's choice fails, 422.
    let ambiguous = call("POST", &server.url("/v1/batch"), Some(ALL), jsonl, Some(input.as_bytes()));
    ambiguous.failure(422, "select::ambiguous");
    let unknown = call("POST", &server.url("/v1/batch?ruleset=nope"), Some(ALL), jsonl, Some(input.as_bytes()));
    unknown.failure(404, "select::unknown");
}

/// Two records as an Arrow IPC stream: columns named by field ids.
fn arrow_records() -> Vec<u8> {
    use arrow_array::{ArrayRef, BooleanArray, Int64Array, RecordBatch, StringArray};
    let text = |values: [&str; 2]| Arc::new(StringArray::from(values.to_vec())) as ArrayRef;
    let no = || Arc::new(BooleanArray::from(vec![false, false])) as ArrayRef;
    let batch = RecordBatch::try_from_iter([
        ("id", text(["CC-1", "CC-2"])),
        ("on", text(["2026-12-10", "2026-12-10"])),
        ("co_quan", text(["Sở", "Sở"])),
        ("nhom", text(["Nhóm", "Nhóm"])),
        ("tieu_chi_chung", Arc::new(Int64Array::from(vec![28, 20])) as ArrayRef),
        ("ket_qua_nhiem_vu", Arc::new(Int64Array::from(vec![64, 40])) as ArrayRef),
        ("suy_thoai", no()),
        ("vi_pham_dieu_cam", no()),
        ("vi_pham_neu_guong", no()),
        ("la_lanh_dao", no()),
    ])
    .unwrap();
    let mut out = Vec::new();
    let mut writer = arrow_ipc::writer::StreamWriter::try_new(&mut out, &batch.schema()).unwrap();
    writer.write(&batch).unwrap();
    writer.finish().unwrap();
    drop(writer);
    out
}

/// A string column (plain or dictionary-encoded) as strings.
fn arrow_cast_strings(column: &arrow_array::ArrayRef) -> Vec<String> {
    use arrow_array::cast::AsArray as _;
    use arrow_array::types::Int32Type;
    use arrow_array::Array as _;
    if let Some(dictionary) = column.as_dictionary_opt::<Int32Type>() {
        let values = dictionary.values().as_string::<i32>();
        return dictionary
            .keys()
            .iter()
            .map(|k| values.value(usize::try_from(k.unwrap()).unwrap()).to_owned())
            .collect();
    }
    let strings = column.as_string::<i32>();
    (0..strings.len()).map(|i| strings.value(i).to_owned()).collect()
}

#[test]
fn every_failure_has_its_status_and_the_engines_record() {
    let server = Server::start(Path::new("rules"), &[]);
    let request = json!({"ruleset": "cong_chuc_nd335", "evidence": example()});

    let no_token = post_json(&server, "/v1/evaluate", None, &request);
    no_token.failure(401, "serve::unauthorized");
    assert_eq!(no_token.header("www-authenticate"), Some("Bearer"));
    assert_eq!(no_token.json()["kind"], "serve");
    post_json(&server, "/v1/evaluate", Some("not-a-token-anyone-has"), &request).failure(401, "serve::unauthorized");
    post_json(&server, "/v1/evaluate", Some(RULES_ONLY), &request).failure(403, "serve::forbidden");
    let batch = call("POST", &server.url("/v1/batch?ruleset=cong_chuc_nd335"), Some(RULES_ONLY), &[], Some(b"{}\n"));
    batch.failure(403, "serve::forbidden");
    call("POST", &server.url("/v1/reload"), Some(RULES_ONLY), &[], None).failure(403, "serve::forbidden");
    get(&server, "/v1/rulesets", None).failure(401, "serve::unauthorized");
    get(&server, "/v1/codes", None).failure(401, "serve::unauthorized");

    let unknown = post_json(&server, "/v1/evaluate", Some(ALL), &json!({"ruleset": "nope", "evidence": {}}));
    assert_eq!(unknown.failure(404, "select::unknown")["kind"], "select");
    get(&server, "/v1/rulesets/nope", Some(ALL)).failure(404, "select::unknown");

    let mut out_of_range = example();
    out_of_range["tieu_chi_chung"] = json!("31");
    let evidence =
        post_json(&server, "/v1/evaluate", Some(ALL), &json!({"ruleset": "cong_chuc_nd335", "evidence": out_of_range}));
    let evidence = evidence.failure(422, "evidence::out-of-range");
    assert_eq!(evidence["kind"], "evidence");
    assert_eq!(evidence["field"], "tieu_chi_chung");
    // The same records as the engine gives them (`tieuchi eval --format json`).
    let mut out_of_range = example();
    out_of_range["tieu_chi_chung"] = json!("31");
    let printed =
        cli(&["eval", "rules/cong-chuc", "-", "--ruleset", "cong_chuc_nd335"], out_of_range.to_string().as_bytes());
    let printed: Value = serde_json::from_slice(&printed).unwrap();
    assert_eq!(evidence["errors"], printed["errors"]);

    let mut long_ago = example();
    long_ago["on"] = json!("2010-01-01");
    let none =
        post_json(&server, "/v1/evaluate", Some(ALL), &json!({"ruleset": "cong_chuc_nd335", "evidence": long_ago}));
    none.failure(422, "select::none-in-force");

    let malformed = call("POST", &server.url("/v1/evaluate"), Some(ALL), &[], Some(b"{\"ruleset\": "));
    malformed.failure(400, "serve::malformed");
    post_json(&server, "/v1/evaluate", Some(ALL), &json!({"rules": "cong_chuc_nd335", "evidence": {}}))
        .failure(400, "serve::malformed");
    post_json(&server, "/v1/evaluate?trace=maybe", Some(ALL), &request).failure(400, "serve::malformed");
    get(&server, "/v1/rulesets/cong_chuc_nd335?on=30-06-2026", Some(ALL)).failure(400, "serve::malformed");
    // Evidence that is not an object is the engine's to refuse.
    let not_object =
        post_json(&server, "/v1/evaluate", Some(ALL), &json!({"ruleset": "cong_chuc_nd335", "evidence": [1]}));
    assert_eq!(not_object.status, 422, "{}", not_object.text());
    assert_eq!(not_object.json()["kind"], "evidence");

    get(&server, "/v2/evaluate", Some(ALL)).failure(404, "serve::not-found");
    get(&server, "/v1/evaluate", Some(ALL)).failure(405, "serve::method-not-allowed");
    let xml = &[("Content-Type", "application/xml")];
    call("POST", &server.url("/v1/batch?ruleset=cong_chuc_nd335"), Some(ALL), xml, Some(b"<a/>"))
        .failure(415, "serve::media-type");
    let accept = &[("Content-Type", "application/x-ndjson"), ("Accept", "application/xml")];
    call("POST", &server.url("/v1/batch?ruleset=cong_chuc_nd335"), Some(ALL), accept, Some(b"{}\n"))
        .failure(406, "serve::not-acceptable");
    let arrow = &[("Content-Type", "application/vnd.apache.arrow.stream")];
    call("POST", &server.url("/v1/batch?ruleset=cong_chuc_nd335"), Some(ALL), arrow, Some(b"not arrow"))
        .failure(400, "serve::malformed");
}

#[test]
fn bodies_and_batches_over_the_limits_are_413() {
    let server = Server::start(
        Path::new("rules"),
        &["--max-body", "2000", "--max-batch-body", "200000", "--max-batch-records", "50"],
    );
    let mut big = example();
    big["co_quan"] = json!("x".repeat(3000));
    let answer = post_json(&server, "/v1/evaluate", Some(ALL), &json!({"ruleset": "cong_chuc_nd335", "evidence": big}));
    answer.failure(413, "serve::too-large");
    // A body sent in chunks, with no length declared, is cut off the same.
    let chunked = call_chunked(&server.url("/v1/evaluate"), ALL, &vec![b' '; 5000]);
    assert!(chunked.starts_with("HTTP/1.1 413"), "{chunked}");

    let url = server.url("/v1/batch?ruleset=cong_chuc_nd335");
    let jsonl = &[("Content-Type", "application/x-ndjson")];
    let fifty = records(50);
    assert_eq!(call("POST", &url, Some(ALL), jsonl, Some(fifty.as_bytes())).status, 200);
    let with_blank_lines = format!("\n{fifty}\n  \n");
    assert_eq!(call("POST", &url, Some(ALL), jsonl, Some(with_blank_lines.as_bytes())).status, 200);
    call("POST", &url, Some(ALL), jsonl, Some(records(51).as_bytes())).failure(413, "serve::too-many-records");
    let huge = "{}\n".repeat(100_000);
    call("POST", &url, Some(ALL), jsonl, Some(huge.as_bytes())).failure(413, "serve::too-large");
    // Within the limits again, all is well.
    let fine =
        post_json(&server, "/v1/evaluate", Some(ALL), &json!({"ruleset": "cong_chuc_nd335", "evidence": example()}));
    assert_eq!(fine.status, 200);
}

/// POSTs a body with `Transfer-Encoding: chunked` over a plain socket; the response's text.
fn call_chunked(url: &str, token: &str, body: &[u8]) -> String {
    let address = url.trim_start_matches("http://").split('/').next().unwrap();
    let path = &url[url.find(address).unwrap() + address.len()..];
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    for piece in body.chunks(1000) {
        write!(stream, "{:x}\r\n", piece.len()).unwrap();
        stream.write_all(piece).unwrap();
        stream.write_all(b"\r\n").unwrap();
    }
    stream.write_all(b"0\r\n\r\n").unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response
}

fn sha256(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    sha2::Sha256::digest(bytes).iter().fold(String::new(), |mut hex, b| {
        write!(hex, "{b:02x}").unwrap();
        hex
    })
}

fn decision_lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn the_decision_log_records_each_decision_without_the_evidence_unless_told() {
    let folder = tempfile::tempdir().unwrap();
    let log = folder.path().join("decisions.jsonl");
    let mut server = Server::start(Path::new("rules"), &["--decision-log", log.to_str().unwrap()]);
    let mut evidence = example();
    evidence["id"] = json!("CC-SECRET-4242");
    let evidence_text = serde_json::to_string(&evidence).unwrap();
    let body = format!(r#"{{"ruleset": "cong_chuc_nd335", "evidence": {evidence_text}}}"#);
    let json_type = &[("Content-Type", "application/json")];
    let answer = call("POST", &server.url("/v1/evaluate"), Some(ALL), json_type, Some(body.as_bytes()));
    assert_eq!(answer.status, 200);
    let request_id = answer.header("x-request-id").unwrap().to_owned();
    let refused = post_json(
        &server,
        "/v1/evaluate",
        Some(ALL),
        &json!({"ruleset": "nope", "evidence": {"id": "CC-SECRET-4242"}}),
    );
    assert_eq!(refused.status, 404);
    let rows = call(
        "POST",
        &server.url("/v1/batch?ruleset=cong_chuc_nd335"),
        Some(ALL),
        &[("Content-Type", "application/x-ndjson"), ("X-Request-Id", "batch-from-hr-1")],
        Some(records(12).as_bytes()),
    );
    assert_eq!(rows.status, 200);
    assert_eq!(rows.header("x-request-id"), Some("batch-from-hr-1"));
    server.signal("TERM");
    assert!(server.wait_exit().success());

    let text = std::fs::read_to_string(&log).unwrap();
    assert!(!text.contains("CC-SECRET-4242"), "evidence in the log:\n{text}");
    let lines = decision_lines(&log);
    assert_eq!(lines.len(), 4, "{text}");
    assert_eq!(lines[0]["endpoint"], "rules");
    assert!(lines[0]["versions"].as_array().unwrap().len() >= 10);
    let decided = &lines[1];
    assert_eq!(decided["endpoint"], "evaluate");
    assert_eq!(decided["request_id"], request_id);
    assert_eq!(decided["client"]["name"], "hr-system");
    assert!(decided["client"]["address"].as_str().unwrap().starts_with("127.0.0.1:"));
    assert_eq!(decided["engine"]["name"], "tieuchi");
    assert_eq!(decided["rules"]["id"], "cong_chuc_nd335");
    assert_eq!(decided["rules"]["sha256"], answer.json()["rules"]["sha256"]);
    assert_eq!(decided["outcome"]["status"], "rated");
    assert_eq!(decided["outcome"]["outcome"], "htt");
    assert_eq!(decided["outcome"]["http_status"], 200);
    assert_eq!(decided["evidence_sha256"], sha256(evidence_text.as_bytes()));
    assert!(decided.get("evidence").is_none());
    assert!(decided["time"].as_str().unwrap().parse::<jiff::Timestamp>().is_ok());
    assert_eq!(lines[2]["outcome"]["error_code"], "select::unknown");
    assert_eq!(lines[2]["outcome"]["http_status"], 404);
    assert_eq!(lines[3]["endpoint"], "batch");
    assert_eq!(lines[3]["request_id"], "batch-from-hr-1");
    assert_eq!(lines[3]["outcome"]["rows"], 12);
    assert_eq!(lines[3]["evidence_sha256"], sha256(records(12).as_bytes()));

    // Told to, the log holds the evidence itself.
    let with_evidence = folder.path().join("with-evidence.jsonl");
    let server =
        Server::start(Path::new("rules"), &["--decision-log", with_evidence.to_str().unwrap(), "--log-evidence"]);
    assert!(server.log_text().contains("dữ liệu cá nhân"), "{}", server.log_text());
    call("POST", &server.url("/v1/evaluate"), Some(ALL), json_type, Some(body.as_bytes()));
    let lines = wait_for_lines(&with_evidence, 2);
    assert_eq!(lines[1]["evidence"], evidence);
}

fn wait_for_lines(path: &Path, n: usize) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        if text.lines().count() >= n {
            return decision_lines(path);
        }
        assert!(Instant::now() < deadline, "the log has {} line(s), not {n}", text.lines().count());
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Copies a folder (the rule library's) to `to`.
fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.is_dir() {
            copy_folder(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).unwrap();
        }
    }
}

#[test]
fn a_broken_edit_keeps_the_rules_in_force_and_a_good_one_replaces_them() {
    let folder = tempfile::tempdir().unwrap();
    let rules = folder.path().join("rules");
    copy_folder(&root().join("rules"), &rules);
    // The operator asked for English: the log's lines are English.
    let server = Server::start(&rules, &["--lang", "en"]);
    let request = json!({"ruleset": "cong_chuc_nd335", "evidence": example()});
    let before = post_json(&server, "/v1/evaluate", Some(ALL), &request);
    assert_eq!(before.status, 200);
    let before = before.json();

    // A broken edit: the watcher reloads, the folder does not compile, the rules in force stay.
    let file = rules.join("cong-chuc/nd335-2025.tieuchi");
    let good = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, good.replace("outcome xep_loai", "outcome xep_loai xep_loai")).unwrap();
    server.wait_for_log("reload (a rule file changed): the rules in force stay", 1);
    assert!(server.log_text().contains("error["), "{}", server.log_text());
    let during = post_json(&server, "/v1/evaluate", Some(ALL), &request);
    assert_eq!(during.status, 200);
    assert_eq!(during.json(), before);
    // Asked for, the reload answers with the diagnostics.
    let asked = call("POST", &server.url("/v1/reload"), Some(ALL), &[], None);
    let failure = asked.failure(422, asked.json()["code"].as_str().unwrap());
    assert_eq!(failure["kind"], "compile");
    assert!(failure["file"].as_str().unwrap().ends_with("nd335-2025.tieuchi"), "{failure}");
    server.signal("HUP");
    server.wait_for_log("reload (SIGHUP): the rules in force stay", 1);
    assert_eq!(get(&server, "/v1/rulesets", Some(ALL)).json()["generation"], 1);

    // A good edit: new rules in force, with a new fingerprint.
    std::fs::write(&file, format!("{good}\n# edited\n")).unwrap();
    server.wait_for_log("generation 2 in force", 1);
    let after = post_json(&server, "/v1/evaluate", Some(ALL), &request).json();
    assert_ne!(after["rules"]["sha256"], before["rules"]["sha256"]);
    assert_eq!(after["outcome"], before["outcome"]);
    assert_eq!(get(&server, "/v1/rulesets", Some(ALL)).json()["generation"], 2);
    let metrics = get(&server, "/metrics", None).text();
    assert!(metrics.contains(r#"tieuchi_reloads_total{result="failed"}"#), "{metrics}");
}

#[test]
fn shutdown_lets_a_request_in_flight_finish() {
    let mut server = Server::start(Path::new("rules"), &[]);
    let address = server.base.trim_start_matches("http://").to_owned();
    let body = json!({"ruleset": "cong_chuc_nd335", "evidence": example()}).to_string();
    let (first, second) = body.as_bytes().split_at(body.len() / 2);
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        stream,
        "POST /v1/evaluate HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {ALL}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    stream.write_all(first).unwrap();
    stream.flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    // Told to stop while the request's body is half sent.
    server.signal("TERM");
    server.wait_for_log("SIGTERM: đang dừng", 1);
    std::thread::sleep(Duration::from_millis(300));
    stream.write_all(second).unwrap();
    let mut response = Vec::new();
    let mut reader = BufReader::new(&stream);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(line.starts_with("HTTP/1.1 200"), "{line}");
    let _ = reader.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response);
    assert!(text.contains("\"status\": \"rated\""), "{text}");
    let status = server.wait_exit();
    assert!(status.success(), "{status}: {}", server.log_text());
    assert!(server.log_text().contains("đã dừng"), "{}", server.log_text());
}

#[test]
fn open_access_is_for_loopback_only() {
    let refused = Server::try_start(Path::new("rules"), &["--no-auth", "--host", "0.0.0.0"]).err().unwrap();
    assert!(refused.contains("loopback"), "{refused}");
    let server = Server::start(Path::new("rules"), &["--no-auth"]);
    assert!(server.log_text().contains("xác thực đang tắt"), "{}", server.log_text());
    let answer =
        post_json(&server, "/v1/evaluate", None, &json!({"ruleset": "cong_chuc_nd335", "evidence": example()}));
    assert_eq!(answer.status, 200);
}

#[test]
fn a_folder_with_errors_is_refused_at_start_as_check_prints_it() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(
        folder.path().join("broken.tieuchi"),
        "ruleset broken \"x\" {\n  input diem \"Điểm\": number\n  let tong = diem + thuong\n}\n",
    )
    .unwrap();
    let log = Server::try_start(folder.path(), &[]).err().unwrap();
    assert!(log.contains("lỗi[check::unknown-name]"), "{log}");
    assert!(log.contains("broken.tieuchi:3:"), "{log}");
    let tokens = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(tokens.path(), "short evaluate\n").unwrap();
    for (lang, says) in [("vi", "token ngắn hơn 16 ký tự"), ("en", "the token is shorter than 16 characters")] {
        let output = Command::new(env!("CARGO_BIN_EXE_tieuchi"))
            .args(["--lang", lang, "serve"])
            .arg(root().join("rules"))
            .args(["--port", "0", "--tokens"])
            .arg(tokens.path())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(says), "{stderr}");
        let label = if lang == "vi" { "lỗi: " } else { "error: " };
        assert!(stderr.starts_with(label), "{stderr}");
    }
}

/// The operator's lines (start, the rules in force, warnings, shutdown) are in the language of
/// `tieuchi --lang`, Vietnamese unless asked otherwise; the startup line's address is its first
/// `http://` either way.
#[test]
fn the_operators_lines_follow_lang() {
    let mut server = Server::start(Path::new("rules"), &["--no-auth"]);
    // The rules in force are logged after the address, which is all `start` waits for.
    server.wait_for_log("bộ quy tắc đang có hiệu lực: ", 1);
    let log = server.log_text();
    let first = log.lines().find(|l| l.contains("http://")).unwrap();
    assert!(first.contains(" info đang lắng nghe tại http://127.0.0.1:"), "{log}");
    assert!(first.contains("(mô tả API tại /openapi.json, trang tại /docs)"), "{log}");
    assert!(log.contains("bộ quy tắc đang có hiệu lực: "), "{log}");
    assert!(log.contains(" warning xác thực đang tắt (`--no-auth`)"), "{log}");
    assert!(!log.contains("listening on") && !log.contains("in force:"), "{log}");
    server.signal("HUP");
    server.wait_for_log("nạp lại (SIGHUP): không thay đổi (thế hệ 1)", 1);
    server.signal("TERM");
    assert!(server.wait_exit().success());
    assert!(server.log_text().contains("SIGTERM: đang dừng; các yêu cầu đang xử lý"), "{}", server.log_text());

    let mut server = Server::start(Path::new("rules"), &["--no-auth", "--lang", "en"]);
    server.wait_for_log("rule sets in force: ", 1);
    let log = server.log_text();
    let first = log.lines().find(|l| l.contains("http://")).unwrap();
    assert!(first.contains(" info listening on http://127.0.0.1:"), "{log}");
    assert!(first.contains("(API description at /openapi.json, page at /docs)"), "{log}");
    assert!(log.contains("rule sets in force: "), "{log}");
    assert!(log.contains(" warning authentication is off (`--no-auth`)"), "{log}");
    server.signal("HUP");
    server.wait_for_log("reload (SIGHUP): unchanged (generation 1)", 1);
    server.signal("TERM");
    assert!(server.wait_exit().success());
    assert!(server.log_text().contains("SIGTERM: stopping; requests in flight may finish within 30 s"));

    // A refusal at start is in the operator's language too.
    for (lang, says) in
        [("vi", "lỗi: `--cors-origin *` sẽ cho mọi trang web"), ("en", "error: `--cors-origin *` would let")]
    {
        let refused = Server::try_start(Path::new("rules"), &["--lang", lang, "--cors-origin", "*"]).err().unwrap();
        assert!(refused.contains(says), "{refused}");
    }
}

#[test]
fn tls_serves_https_with_the_certificate_given() {
    let folder = tempfile::tempdir().unwrap();
    let (cert, key) = (folder.path().join("cert.pem"), folder.path().join("key.pem"));
    let made = Command::new("openssl")
        .args(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1"])
        .args(["-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
        .args(["-addext", "basicConstraints=critical,CA:FALSE", "-addext", "extendedKeyUsage=serverAuth", "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("openssl makes the test certificate");
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let server =
        Server::start(Path::new("rules"), &["--tls-cert", cert.to_str().unwrap(), "--tls-key", key.to_str().unwrap()]);
    assert!(server.base.starts_with("https://127.0.0.1:"), "{}", server.base);
    let pem = std::fs::read(&cert).unwrap();
    let root_cert = ureq::tls::Certificate::from_pem(&pem).unwrap();
    let tls =
        ureq::tls::TlsConfig::builder().root_certs(ureq::tls::RootCerts::Specific(Arc::new(vec![root_cert]))).build();
    let https: ureq::Agent = ureq::Agent::config_builder().tls_config(tls).http_status_as_error(false).build().into();
    let mut answer = https
        .post(server.url("/v1/evaluate"))
        .header("Authorization", format!("Bearer {ALL}"))
        .header("Content-Type", "application/json")
        .send(json!({"ruleset": "cong_chuc_nd335", "evidence": example()}).to_string())
        .unwrap();
    assert_eq!(answer.status().as_u16(), 200);
    let result: Value = serde_json::from_slice(&answer.body_mut().read_to_vec().unwrap()).unwrap();
    assert_eq!(result["status"], "rated");
    // Plain HTTP to the HTTPS port gets no answer.
    assert!(agent().get(server.url("/healthz").replace("https://", "http://")).call().is_err());

    // Files that are no certificate: the operator is told so, in their language, rustls's own
    // words kept after it.
    let bogus = folder.path().join("bogus.pem");
    std::fs::write(&bogus, "not a certificate\n").unwrap();
    let bogus = bogus.to_str().unwrap();
    let refused = Server::try_start(Path::new("rules"), &["--tls-cert", bogus, "--tls-key", bogus]).err().unwrap();
    assert!(refused.contains("lỗi: không dùng được chứng chỉ `"), "{refused}");
    assert!(refused.contains("(cần tệp PEM): "), "the cause is kept: {refused}");
}

/// Sends a request's head and the start of its body, then waits: the answer that comes without
/// the rest.
fn half_sent(server: &Server, path: &str, content_type: &str, body: &str, wait: Duration) -> String {
    let address = server.base.trim_start_matches("http://").to_owned();
    let mut stream = std::net::TcpStream::connect(&address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {ALL}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .unwrap();
    stream.write_all(&body.as_bytes()[..body.len() / 2]).unwrap();
    std::thread::sleep(wait);
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response
}

#[test]
fn requests_over_their_time_are_503() {
    let server = Server::start(Path::new("rules"), &["--timeout", "1", "--batch-timeout", "1"]);
    let body = json!({"ruleset": "cong_chuc_nd335", "evidence": example()}).to_string();
    let evaluate = half_sent(&server, "/v1/evaluate", "application/json", &body, Duration::from_millis(1500));
    assert!(evaluate.starts_with("HTTP/1.1 503"), "{evaluate}");
    assert!(evaluate.contains("serve::timeout"), "{evaluate}");
    let path = "/v1/batch?ruleset=cong_chuc_nd335";
    let batch = half_sent(&server, path, "application/x-ndjson", &records(20), Duration::from_millis(1500));
    assert!(batch.starts_with("HTTP/1.1 503"), "{batch}");
    assert!(batch.contains("serve::timeout"), "{batch}");
    // The service goes on answering.
    let fine =
        post_json(&server, "/v1/evaluate", Some(ALL), &json!({"ruleset": "cong_chuc_nd335", "evidence": example()}));
    assert_eq!(fine.status, 200);
}

/// The service answers in the language `Accept-Language` asks for, Vietnamese when it names none
/// the engine speaks: an evidence error, a finding and a batch's error row, with the same codes.
#[test]
fn messages_follow_accept_language() {
    let server = Server::start(Path::new("rules"), &[]);
    let ask = |path: &str, headers: &[(&str, &str)], body: &[u8]| {
        call("POST", &server.url(path), Some(ALL), headers, Some(body))
    };
    let json = |lang: &'static str| -> Vec<(&'static str, &'static str)> {
        let mut headers = vec![("Content-Type", "application/json")];
        if !lang.is_empty() {
            headers.push(("Accept-Language", lang));
        }
        headers
    };
    let mut bad = example();
    bad["tieu_chi_chung"] = json!("31");
    let bad = json!({"ruleset": "cong_chuc_nd335", "evidence": bad}).to_string();
    let vi = ask("/v1/evaluate", &json(""), bad.as_bytes()).failure(422, "evidence::out-of-range");
    let also_vi = ask("/v1/evaluate", &json("fr-FR, vi;q=0.5"), bad.as_bytes()).failure(422, "evidence::out-of-range");
    let en = ask("/v1/evaluate", &json("en-US,en;q=0.9"), bad.as_bytes()).failure(422, "evidence::out-of-range");
    assert_eq!(vi["message"], "31 nằm ngoài khoảng 0..30");
    assert_eq!(also_vi["message"], vi["message"]);
    assert_eq!(en["message"], "31 is outside the range 0..30");
    assert!(vi["summary"].as_str().unwrap().starts_with("dữ liệu minh chứng có 1 lỗi"), "{vi}");

    let mut top = example();
    top["tieu_chi_chung"] = json!("30");
    top["ket_qua_nhiem_vu"] = json!("70");
    let top = json!({"ruleset": "cong_chuc_nd335", "evidence": top}).to_string();
    let pending = |lang: &'static str| {
        let answer = ask("/v1/evaluate", &json(lang), top.as_bytes());
        assert_eq!(answer.status, 200, "{}", answer.text());
        let findings = answer.json()["findings"].clone();
        let found = findings.as_array().unwrap().iter().find(|f| f["code"] == "quota-pending").cloned();
        found.unwrap_or_else(|| panic!("no quota-pending in {findings}"))["label"].as_str().unwrap().to_owned()
    };
    assert!(pending("").starts_with("`htxs` chỉ được tối đa 20% của `htt`"), "{}", pending(""));
    assert!(pending("en").starts_with("`htxs` is limited to 20% of `htt`"), "{}", pending("en"));

    let rows = |lang: &'static str| {
        let mut headers = vec![("Content-Type", "application/x-ndjson")];
        if !lang.is_empty() {
            headers.push(("Accept-Language", lang));
        }
        let answer = ask("/v1/batch?ruleset=cong_chuc_nd335", &headers, b"[1]\n");
        assert_eq!(answer.status, 200, "{}", answer.text());
        let row: Value = serde_json::from_str(answer.text().lines().next().unwrap()).unwrap();
        row["errors"][0].clone()
    };
    let (row_vi, row_en) = (rows(""), rows("en"));
    assert_eq!(row_vi["code"], "evidence::not-an-object");
    assert_eq!(row_vi["code"], row_en["code"]);
    assert_eq!(row_vi["message"], "bản ghi minh chứng phải là một đối tượng, không phải một danh sách");
    assert_eq!(row_en["message"], "an evidence record must be an object, not a list");
}

/// The service's own refusals (`serve::*`) are worded in the language asked for too — by
/// `Accept-Language` or by `?lang=`, which outranks the header — with the same codes; Vietnamese
/// by default.
#[test]
fn the_services_own_failures_follow_the_language_asked_for() {
    let server = Server::start(Path::new("rules"), &[]);
    let not_found = |path: &str, headers: &[(&str, &str)]| {
        call("GET", &server.url(path), Some(ALL), headers, None).failure(404, "serve::not-found")
    };
    let vi = not_found("/v2/evaluate", &[]);
    assert_eq!(vi["message"], "không có điểm cuối `/v2/evaluate`");
    assert_eq!(vi["help"], "`/openapi.json` liệt kê các điểm cuối");
    let en = not_found("/v2/evaluate", &[("Accept-Language", "en-GB")]);
    assert_eq!(en["message"], "no endpoint `/v2/evaluate`");
    assert_eq!(en["help"], "`/openapi.json` lists the endpoints");
    assert_eq!(not_found("/v2/evaluate?lang=en", &[])["message"], "no endpoint `/v2/evaluate`");
    assert_eq!(not_found("/v2/evaluate?lang=vi", &[("Accept-Language", "en")])["message"], vi["message"]);

    let request = json!({"ruleset": "cong_chuc_nd335", "evidence": example()});
    let no_token = post_json(&server, "/v1/evaluate", None, &request).failure(401, "serve::unauthorized");
    assert_eq!(no_token["message"], "điểm cuối này cần mã truy cập (`Authorization: Bearer …`)");
    let no_token = post_json(&server, "/v1/evaluate?lang=en", None, &request).failure(401, "serve::unauthorized");
    assert_eq!(no_token["message"], "this endpoint needs a bearer token (`Authorization: Bearer …`)");

    // `?lang=` reaches the engine's own failures as well.
    let mut bad = example();
    bad["tieu_chi_chung"] = json!("31");
    let bad = json!({"ruleset": "cong_chuc_nd335", "evidence": bad});
    let en = post_json(&server, "/v1/evaluate?lang=en", Some(ALL), &bad).failure(422, "evidence::out-of-range");
    assert_eq!(en["message"], "31 is outside the range 0..30");
}
