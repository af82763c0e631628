"""The service's OpenAPI description: valid by an OpenAPI validator of the ecosystem, true of the
answers (each body validated against the schema the description gives for its status), and enough
for a client written against it alone to evaluate a record."""

import json
import os
import pathlib
import re
import shutil
import subprocess

import httpx
import jsonschema
import pytest
from openapi_spec_validator import validate

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def spec(service):
    return httpx.get(service["url"] + "/openapi.json").json()


@pytest.fixture(scope="module")
def client(service):
    headers = {"Authorization": f"Bearer {service['token']}"}
    with httpx.Client(base_url=service["url"], headers=headers, timeout=30) as c:
        yield c


def example():
    return json.loads((ROOT / "rules/cong-chuc/examples/nd335-htt.json").read_text(encoding="utf-8"))


def test_the_description_is_valid_openapi_3_1(spec):
    assert spec["openapi"].startswith("3.1")
    validate(spec)


def answer_schema(spec, method, path, status, content_type):
    operation = spec["paths"][path][method]
    response = operation["responses"][str(status)]
    return response["content"][content_type]["schema"]


def check(spec, method, path, answer):
    """The answer's body fits the schema the description gives for its path, method and status."""
    content_type = answer.headers["content-type"].split(";")[0]
    schema = answer_schema(spec, method, path, answer.status_code, content_type)
    # References point into the description's components: validate within it.
    document = {"components": spec["components"], **schema}
    jsonschema.Draft202012Validator(document).validate(answer.json())


def test_every_answer_fits_its_schema(spec, client):
    evidence = example()
    cases = [
        ("post", "/v1/evaluate", "/v1/evaluate", {"ruleset": "cong_chuc_nd335", "evidence": evidence}, 200),
        ("post", "/v1/evaluate", "/v1/evaluate?trace=true", {"ruleset": "cong_chuc_nd335", "evidence": evidence}, 200),
        ("post", "/v1/evaluate", "/v1/evaluate?what_it_takes=true", {"ruleset": "cong_chuc_nd335", "evidence": evidence}, 200),
        ("post", "/v1/evaluate", "/v1/evaluate",
         {"ruleset": "cong_chuc_nd335", "evidence": {**evidence, "suy_thoai": True, "id": "CC-7", "on": "2026-06-30"}}, 200),
        ("post", "/v1/evaluate", "/v1/evaluate", {"ruleset": "cong_chuc_nd335", "evidence": {"tieu_chi_chung": 27}}, 200),
        ("post", "/v1/evaluate", "/v1/evaluate",
         {"ruleset": "cong_chuc_nd335", "evidence": {**evidence, "tieu_chi_chung": "31"}}, 422),
        ("post", "/v1/evaluate", "/v1/evaluate", {"ruleset": "nope", "evidence": {}}, 404),
        ("post", "/v1/evaluate", "/v1/evaluate", {"rules": "x"}, 400),
        ("get", "/v1/rulesets", "/v1/rulesets", None, 200),
        ("get", "/v1/rulesets/{id}", "/v1/rulesets/cong_chuc_nd90?on=2026-06-30", None, 200),
        ("get", "/v1/rulesets/{id}", "/v1/rulesets/tap_the_lao_dong_xuat_sac", None, 200),
        ("get", "/v1/rulesets/{id}", "/v1/rulesets/nope", None, 404),
        ("get", "/v1/codes", "/v1/codes", None, 200),
        ("post", "/v1/reload", "/v1/reload", None, 200),
        ("get", "/healthz", "/healthz", None, 200),
        ("get", "/readyz", "/readyz", None, 200),
    ]
    # Every rule set's description, too: lists, histories, members of other rule sets.
    for family in client.get("/v1/rulesets").json()["families"]:
        for version in family["versions"]:
            cases.append(("get", "/v1/rulesets/{id}", f"/v1/rulesets/{version['id']}", None, 200))
    for method, path, url, body, status in cases:
        answer = client.request(method.upper(), url, json=body) if body is not None else client.request(method.upper(), url)
        assert answer.status_code == status, (url, answer.text)
        check(spec, method, path, answer)
    unauthorized = httpx.post(client.base_url.join("/v1/evaluate"), json={})
    assert unauthorized.status_code == 401
    check(spec, "post", "/v1/evaluate", unauthorized)


def test_a_client_written_against_the_description_evaluates_a_record(service, spec):
    """Knows nothing but the description: finds the operation that evaluates, its security scheme
    and its example request, sends it, and reads the result by the schema of a 200."""
    operation_path, operation = next(
        (path, item["post"])
        for path, item in spec["paths"].items()
        if "post" in item and item["post"].get("operationId") == "evaluate"
    )
    (scheme_name, scopes), = operation["security"][0].items()
    scheme = spec["components"]["securitySchemes"][scheme_name]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer" and scopes == ["evaluate"]
    body = operation["requestBody"]["content"]["application/json"]["example"]
    answer = httpx.post(
        service["url"] + operation_path,
        json=body,
        headers={"Authorization": f"Bearer {service['token']}"},
    )
    assert answer.status_code == 200, answer.text
    check(spec, "post", operation_path, answer)
    result = answer.json()
    assert result["status"] == "rated"
    assert result["rules"]["chosen_because"] == "có hiệu lực vào ngày " + body["evidence"]["on"]
    assert result["outcome"]["id"] in [t["id"] for t in httpx.get(
        service["url"] + "/v1/rulesets/" + body["ruleset"],
        headers={"Authorization": f"Bearer {service['token']}"},
    ).json()["inputs"]["outcome"]["tiers"]]


def readme_block(heading, language):
    """The first ```language block after `heading` in the README."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    after = text[text.index(heading):]
    match = re.search(r"```" + language + r"\n(.*?)```", after, re.S)
    assert match, f"no {language} block after {heading}"
    return match.group(1)


def test_the_readme_python_client_evaluates_a_record(service, monkeypatch, capsys):
    monkeypatch.setenv("TIEUCHI_URL", service["url"])
    monkeypatch.setenv("TIEUCHI_TOKEN", service["token"])
    exec(compile(readme_block("### A client in Python", "python"), "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "htt" in printed and "cong_chuc_nd335" in printed, printed


def test_the_readme_java_client_evaluates_a_record(service, tmp_path):
    java = shutil.which("java")
    if java is None:
        pytest.skip("no `java` on this machine")
    (tmp_path / "Evaluate.java").write_text(readme_block("### A client in Java", "java"), encoding="utf-8")
    run = subprocess.run(
        [java, str(tmp_path / "Evaluate.java")],
        cwd=ROOT,
        env={**os.environ, "TIEUCHI_URL": service["url"], "TIEUCHI_TOKEN": service["token"]},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    status, body = run.stdout.split("\n", 1)
    assert status == "200", run.stdout
    assert json.loads(body)["outcome"]["id"] == "htt"
