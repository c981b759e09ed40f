"""The web app's JSON API: every endpoint, its answers, and its 4xx with the library's messages."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from accord.analysis.context import Context
from accord.analysis.outcome import deal_summary
from accord.analysis.proposals import evaluate_context
from accord.analysis.search import nash_search
from accord.cli import app as cli_app
from accord.errors import InputError
from accord.evidence.store import Statement, Store
from accord.scenario import dump_scenario, load_proposal, load_scenario
from accord.scenario.examples import toy_scenario
from accord.scenario.paths import parameter_paths, with_parameters
from accord.uncertainty import monte_carlo
from accord.web import create_app, state
from accord.web.app import stop
from accord.web.jobs import Jobs
from accord.web.limits import MAX_SEARCHES, MAX_UPLOAD_BYTES
from accord.web.models import EvaluationOut, ScenarioDetail
from accord.web.registry import Registry
from conftest import ALASKA, opposed_data

DATA = Path(__file__).parent / "data"
SCENARIO = ALASKA / "scenario.yaml"
TOY_TEXT = (DATA / "toy.yaml").read_text(encoding="utf-8")
runner = CliRunner()


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app([SCENARIO, DATA / "toy.yaml"]))


@pytest.fixture(scope="module")
def alaska() -> Any:
    return load_scenario(SCENARIO)


def _errors(response: Any, status: int) -> list[dict[str, Any]]:
    assert response.status_code == status, response.text
    errors: list[dict[str, Any]] = response.json()["errors"]
    assert errors
    for e in errors:
        assert e["text"]
        assert e["message"]
        assert "Traceback" not in e["text"]
    return errors


# ---------------------------------------------------------------- scenarios
def test_lists_the_scenarios_given_at_start(client: TestClient) -> None:
    found = {s["id"]: s for s in client.get("/api/scenarios").json()}
    assert set(found) == {"alaska-2025", "toy"}
    a = found["alaska-2025"]
    assert (a["actors"], a["issues"], a["deals"], a["proposals"]) == (5, 19, 26_873_856, 5)
    assert a["name"] == "scenario.yaml"
    assert not a["uploaded"]


def test_scenario_detail_has_every_number_with_its_evidence(client: TestClient,
                                                            alaska: Any) -> None:
    r = client.get("/api/scenarios/alaska-2025")
    assert r.status_code == 200
    d = ScenarioDetail.model_validate(r.json())
    assert [p.path for p in d.parameters] == parameter_paths(alaska)
    assert {i.id: i.status_quo for i in d.issues} == d.status_quo
    assert [p.id for p in d.proposals] == sorted(
        load_proposal(f, alaska).id for f in (ALASKA / "proposals").glob("*.yaml"))
    ru = next(p for p in d.parameters if p.path == "ru.reservation")
    assert ru.value == alaska.preferences["ru"].reservation
    assert ru.assumptions
    assert any(p.quotes for p in d.parameters)
    assert all(p.min <= (p.value or 0) <= p.max for p in d.parameters)
    assert "ru.reservation" in d.uncertainty or any(p.uncertain for p in d.parameters)


# ---------------------------------------------------------------- evaluate
def test_evaluate_gives_what_the_library_gives(client: TestClient, alaska: Any) -> None:
    ctx = Context.of(alaska)
    for file in sorted((ALASKA / "proposals").glob("*.yaml")):
        proposal = load_proposal(file, alaska)
        r = client.post("/api/scenarios/alaska-2025/evaluate", json={"deal": proposal.deal})
        assert r.status_code == 200, r.text
        got = EvaluationOut.model_validate(r.json()).model_dump(by_alias=True)
        expected = evaluate_context(ctx, proposal.deal).to_dict(alaska)
        nearest = got["nearest_acceptable"]
        assert nearest is not None
        assert expected["nearest_acceptable"] is not None
        assert nearest.pop("summary") == deal_summary(alaska, {
            e["issue"]: e["option"] for e in expected["nearest_acceptable"]["deal"]})
        for key in ("accepted", "rejecters", "utilities", "margins", "accepts", "explanation",
                    "index", "deal", "nearest_acceptable", "broken_constraints"):
            assert got[key] == expected[key], key
        assert got["reservations"]["ru"] == alaska.preferences["ru"].reservation


def test_open_issues_stay_at_the_status_quo(client: TestClient) -> None:
    a = client.post("/api/scenarios/alaska-2025/evaluate", json={"deal": {}}).json()
    b = client.post("/api/scenarios/alaska-2025/evaluate",
                    json={"deal": {"ceasefire": None, "nato": "open-door"}}).json()
    assert a["index"] == b["index"]
    assert a["summary"] == "(status quo)"
    assert a["rejecters"] == ["ru"]
    assert not a["accepted"]
    assert a["nearest_acceptable"]["distance"] >= 1


def test_overrides_change_the_verdicts(client: TestClient, alaska: Any) -> None:
    body = {"deal": {}, "overrides": {"ru.reservation": 0.2}}
    r = client.post("/api/scenarios/alaska-2025/evaluate", json=body).json()
    assert r["accepted"]
    assert r["reservations"]["ru"] == 0.2
    changed = with_parameters(alaska, {"ru.reservation": 0.2})
    assert r["explanation"] == list(evaluate_context(Context.of(changed), {}).explanation)


@pytest.mark.parametrize(("overrides", "message", "hint"), [
    ({"ru.reservaton": 0.3}, "bad parameter path", "did you mean 'reservation'?"),
    ({"rus.reservation": 0.3}, "bad parameter path", "unknown actor 'rus'"),
    ({"ru.reservation": 1.5}, "an override makes the scenario invalid", ""),
    ({"ru.weights.nato": -1}, "an override makes the scenario invalid", ""),
    ({"ru.veto": 0.5}, "a veto is true or false", ""),
    ({"ru.reservation": True}, "a reservation parameter is a number",
     "true/false are for <actor>.veto"),
])
def test_bad_overrides_are_422_with_the_library_messages(client: TestClient, overrides: Any,
                                                         message: str, hint: str) -> None:
    r = client.post("/api/scenarios/alaska-2025/evaluate", json={"overrides": overrides})
    (e,) = _errors(r, 422)
    assert e["message"].startswith(message)
    assert e["file"] == "<request>"
    assert hint in (e["suggestion"] or "")
    assert e["path"] is None or e["path"].startswith(("overrides.", "preferences."))


def test_a_non_number_override_is_422(client: TestClient) -> None:
    r = client.post("/api/scenarios/alaska-2025/evaluate",
                    json={"overrides": {"ru.reservation": "high"}})
    (e,) = _errors(r, 422)
    assert "finite number" in e["message"]
    assert e["path"] == "overrides.ru.reservation"


@pytest.mark.parametrize(("deal", "message", "hint"), [
    ({"ceasfire": "full"}, "unknown issue", "did you mean 'ceasefire'?"),
    ({"ceasefire": "fulll"}, "issue 'ceasefire' has no option 'fulll'", "did you mean 'full'?"),
])
def test_bad_deals_are_422_with_a_suggestion(client: TestClient, deal: Any, message: str,
                                             hint: str) -> None:
    r = client.post("/api/scenarios/alaska-2025/evaluate", json={"deal": deal})
    (e,) = _errors(r, 422)
    assert e["message"] == message
    assert e["suggestion"] == hint
    assert e["path"].startswith("deal.")


def test_malformed_bodies_are_422_not_500(client: TestClient) -> None:
    url = "/api/scenarios/alaska-2025/evaluate"
    _errors(client.post(url, content=b"{not json", headers={"content-type": "application/json"}),
            422)
    _errors(client.post(url, json={"deal": {"ceasefire": 3}}), 422)
    _errors(client.post(url, json={"deal": [], "extra": 1}), 422)
    _errors(client.post(url, json=[1, 2]), 422)


def test_a_huge_body_is_413(client: TestClient) -> None:
    deal = {f"issue{k}": "x" * 100 for k in range(30_000)}
    r = client.post("/api/scenarios/alaska-2025/evaluate", json={"deal": deal})
    _errors(r, 413)


# ---------------------------------------------------------------- ids and paths
def test_unknown_ids_are_404_with_a_suggestion(client: TestClient) -> None:
    (e,) = _errors(client.get("/api/scenarios/alaska"), 404)
    assert e["message"] == "unknown scenario 'alaska'"
    assert e["suggestion"] == "did you mean 'alaska-2025'?"
    _errors(client.post("/api/scenarios/nope/evaluate", json={}), 404)
    _errors(client.get("/api/jobs/0123456789abcdef"), 404)
    _errors(client.get("/api/nothing-here"), 404)


@pytest.mark.parametrize("address", [
    "/api/scenarios/..%2F..%2Fetc%2Fpasswd", "/api/scenarios/%2Fetc%2Fpasswd",
    "/scenarios/..%2Fpyproject.toml", "/static/..%2F..%2Fpyproject.toml", "/static/app.py",
    "/static/../state.py", "/api/scenarios/alaska-2025/..%2F..%2Fetc%2Fpasswd/evaluate",
])
def test_no_path_from_a_request_is_read(client: TestClient, address: str) -> None:
    r = client.get(address)
    assert r.status_code in (404, 405), (address, r.status_code)
    assert "root:" not in r.text
    assert "[project]" not in r.text


def test_an_uploaded_scenario_reads_none_of_its_source_paths(client: TestClient) -> None:
    data = yaml.safe_load(TOY_TEXT)
    data["id"] = "toy-paths"
    data["sources"][0]["path"] = "/etc/passwd"
    text = yaml.safe_dump(data)
    r = client.post("/api/scenarios", data={"text": text, "name": "paths.yaml"})
    assert r.status_code == 201, r.text
    d = client.get(f"/api/scenarios/{r.json()['id']}").json()
    assert all("/etc/passwd" not in w["text"] for w in d["warnings"])
    assert "root:" not in json.dumps(d)


def test_openapi_documents_every_endpoint(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "/openapi.json" in docs.text
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    assert set(paths["/api/scenarios"]) == {"get", "post"}
    for path, method in [("/api/scenarios/{sid}", "get"),
                         ("/api/scenarios/{sid}/evaluate", "post"),
                         ("/api/scenarios/{sid}/nash", "post"),
                         ("/api/scenarios/{sid}/frontier", "post"),
                         ("/api/scenarios/{sid}/montecarlo", "post"),
                         ("/api/scenarios/{sid}/evidence", "get"),
                         ("/api/jobs/{job}", "get")]:
        op = paths[path][method]
        assert op["summary"], path
        assert op["description"], path
        assert {"404", "422"} <= set(op["responses"]), path
    assert not any(p.startswith("/scenarios") or p == "/" for p in paths)   # pages are not API
    evaluate = paths["/api/scenarios/{sid}/evaluate"]["post"]
    assert evaluate["responses"]["200"]["content"]["application/json"]["schema"]["$ref"] \
        .endswith("/EvaluationOut")
    names = {p["name"] for op in (m for ms in paths.values() for m in ms.values())
             for p in op.get("parameters", [])}
    assert names == {"sid", "job", "actor", "issue", "act", "source", "date_from", "date_to"}


# ---------------------------------------------------------------- nash and frontier
def test_nash_is_the_branch_and_bound_solution(client: TestClient, alaska: Any) -> None:
    r = client.post("/api/scenarios/alaska-2025/nash", json={}).json()
    ctx = Context.of(alaska)
    index, value = nash_search(ctx.space, ctx.model)
    assert r["exists"]
    assert r["outcome"]["index"] == index
    assert r["nash_product"] == value
    none = client.post("/api/scenarios/alaska-2025/nash",
                       json={"overrides": {"ru.reservation": 1.0}}).json()
    assert none == {"exists": False, "nash_product": None, "summary": None, "outcome": None}


def test_frontier_figure(client: TestClient) -> None:
    r = client.post("/api/scenarios/toy/frontier", json={}).json()
    assert r["deals"] == 18
    assert r["feasible"] == 15
    assert r["agreements"] > 0
    assert r["figure"]["layout"]["title"]["text"].startswith("Pareto frontier")


# ---------------------------------------------------------------- upload
def test_upload_text_and_file(client: TestClient) -> None:
    data = yaml.safe_load(TOY_TEXT)
    data["title"] = "An uploaded toy"
    text = yaml.safe_dump(data)
    r = client.post("/api/scenarios", data={"text": text})
    assert r.status_code == 201
    assert r.json()["id"].startswith("toy-")
    again = client.post("/api/scenarios", files={"file": ("t.yaml", text.encode())})
    assert again.status_code == 200
    assert again.json()["id"] == r.json()["id"]
    as_json = client.post("/api/scenarios", files={
        "file": ("t.json", json.dumps(data | {"title": "JSON toy"}, default=str).encode())})
    assert as_json.status_code == 201
    assert as_json.json()["name"] == "t.json"
    assert client.post(f"/api/scenarios/{r.json()['id']}/evaluate",
                       json={"deal": {"price": "mid"}}).json()["rejecters"] == ["b"]


def _validate_stderr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str,
                     text: str) -> str:
    (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli_app, ["validate", name])
    assert result.exit_code == 2
    return result.stderr


@pytest.mark.parametrize(("broken", "marker"), [
    (TOY_TEXT.replace("status_quo: slow", "status_quo: slwo"), "slwo"),
    (TOY_TEXT.replace("weights: {price: 4,", "weights: {prcie: 4,"), "prcie"),
    (TOY_TEXT.replace("  - id: delivery\n", "  - id: delivery\n   oops: [\n"), None),
])
def test_a_broken_upload_gives_the_cli_messages(client: TestClient, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch, broken: str,
                                                marker: str | None) -> None:
    r = client.post("/api/scenarios", files={"file": ("broken.yaml", broken.encode())})
    errors = _errors(r, 422)
    stderr = _validate_stderr(tmp_path, monkeypatch, "broken.yaml", broken)
    for e in errors:
        assert e["file"] == "broken.yaml"
        assert e["line"] is not None
        assert e["text"] in stderr, (e["text"], stderr)
    if marker is not None:
        line = next(k for k, text in enumerate(broken.splitlines(), 1) if marker in text)
        assert errors[0]["line"] == line
        assert errors[0]["column"] is not None


def test_an_infeasible_upload_is_refused_like_validate(client: TestClient, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    data = yaml.safe_load(TOY_TEXT)
    data["constraints"].append({"id": "nothing", "forbid": {"price": ["low", "mid", "high"]}})
    text = yaml.safe_dump(data, sort_keys=False)
    errors = _errors(client.post("/api/scenarios", data={"text": text, "name": "x.yaml"}), 422)
    stderr = _validate_stderr(tmp_path, monkeypatch, "x.yaml", text)
    assert [e["text"] in stderr for e in errors] == [True] * len(errors)


def test_upload_refusals(client: TestClient) -> None:
    (e,) = _errors(client.post("/api/scenarios", data={}), 422)
    assert e["message"] == "nothing uploaded"
    (e,) = _errors(client.post("/api/scenarios", files={"file": ("b.yaml", b"id: \xff\xfe\n")}),
                   422)
    assert (e["message"], e["line"], e["column"]) == ("the file is not UTF-8 text", 1, 5)
    (e,) = _errors(client.post("/api/scenarios", data={"text": "/etc/passwd"}), 422)
    assert e["message"] == "a scenario file holds a mapping at the top"
    big = "# " + "x" * (MAX_UPLOAD_BYTES + 10) + "\n"
    (e,) = _errors(client.post("/api/scenarios", files={"file": ("big.yaml", big.encode())}), 413)
    assert e["message"] == "the scenario is too large"
    _errors(client.post("/api/scenarios", files={"file": ("big.yaml", (big * 2).encode())}), 413)
    _errors(client.post("/api/scenarios", data={"text": big}), 413)
    # a few hundred bytes that would expand to 10**9 values through aliases of aliases
    laughs = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    laughs += [f"a{k}: &a{k} [{', '.join([f'*a{k - 1}'] * 10)}]" for k in range(1, 10)]
    (e,) = _errors(client.post("/api/scenarios", data={"text": "\n".join(laughs)}), 422)
    assert e["message"] == "the file expands to too many values"


def test_uploads_beyond_the_limit_drop_the_oldest_upload(tmp_path: Path) -> None:
    app = create_app([DATA / "toy.yaml"])
    app.state.registry.max_uploads = 2
    c = TestClient(app)
    ids = []
    for k in range(3):
        data = yaml.safe_load(TOY_TEXT) | {"title": f"copy {k}"}
        ids.append(c.post("/api/scenarios", data={"text": yaml.safe_dump(data)}).json()["id"])
        for url in (f"/api/scenarios/{ids[-1]}/evaluate", f"/api/scenarios/{ids[-1]}/nash"):
            assert c.post(url, json={"deal": {"price": "mid"}} if "evaluate" in url
                          else {}).status_code == 200        # cached from now on
    assert len(set(ids)) == 3
    assert [s["id"] for s in c.get("/api/scenarios").json()] == ["toy", *ids[1:]]
    assert c.get(f"/api/scenarios/{ids[0]}").status_code == 404
    _errors(c.post(f"/api/scenarios/{ids[0]}/evaluate", json={"deal": {"price": "mid"}}), 404)
    _errors(c.post(f"/api/scenarios/{ids[0]}/nash", json={}), 404)


# ---------------------------------------------------------------- Monte Carlo
def _wait(client: TestClient, job: str) -> dict[str, Any]:
    for _ in range(600):
        found: dict[str, Any] = client.get(f"/api/jobs/{job}").json()
        if found["status"] in ("done", "failed"):
            return found
        time.sleep(0.05)
    raise AssertionError("the job did not finish")


def test_monte_carlo_job_matches_the_library(client: TestClient, alaska: Any) -> None:
    r = client.post("/api/scenarios/alaska-2025/montecarlo",
                    json={"draws": 300, "seed": 7, "proposals": ["us-economic-package"],
                          "deal": {"ceasefire": "full"}})
    assert r.status_code == 202, r.text
    job = r.json()
    assert job["status"] in ("queued", "running", "done")
    assert job["total"] == 300
    done = _wait(client, job["id"])
    assert (done["status"], done["done"]) == ("done", 300), done
    proposal = load_proposal(ALASKA / "proposals" / "us-economic-package.yaml", alaska)
    mc = monte_carlo(alaska, draws=300, seed=7, proposals=[proposal])
    res = done["result"]
    assert res["agreement_exists"] == mc.agreement.to_dict()
    assert res["proposals"][0]["accepted"] == mc.proposals[0].accepted.to_dict()
    assert [p["id"] for p in res["proposals"]] == ["us-economic-package", "composed"]
    assert set(res["figures"]) >= {"probability"}


def test_monte_carlo_holds_overrides_fixed(client: TestClient) -> None:
    r = client.post("/api/scenarios/alaska-2025/montecarlo",
                    json={"draws": 50, "overrides": {"ru.reservation": 1.0}})
    done = _wait(client, r.json()["id"])
    assert done["result"]["agreement_exists"]["p"] == 0.0


def test_monte_carlo_refusals(client: TestClient) -> None:
    url = "/api/scenarios/alaska-2025/montecarlo"
    (e,) = _errors(client.post(url, json={"draws": 10**6}), 422)
    assert "20000" in e["message"]
    assert e["path"] == "draws"
    (e,) = _errors(client.post(url, json={"draws": 10, "proposals": ["us-economic"]}), 422)
    assert e["message"] == "unknown proposal 'us-economic'"
    assert e["path"] == "proposals[0]"
    plain = client.post("/api/scenarios", data={"text": dump_scenario(toy_scenario())}).json()
    (e,) = _errors(client.post(f"/api/scenarios/{plain['id']}/montecarlo", json={"draws": 10}),
                   422)
    assert e["message"] == "the scenario has no uncertainty section"


def test_too_many_runs_at_once_is_429() -> None:
    app = create_app([SCENARIO])
    app.state.jobs = Jobs(running=0)
    r = TestClient(app).post("/api/scenarios/alaska-2025/montecarlo", json={"draws": 10})
    _errors(r, 429)


# ---------------------------------------------------------------- evidence
def test_evidence_from_the_scenario_quotes(client: TestClient, alaska: Any) -> None:
    url = "/api/scenarios/alaska-2025/evidence"
    everything = client.get(url).json()
    assert everything["origin"] == "scenario"
    assert everything["total"] == sum(len(p.evidence) for p in alaska.preferences.values())
    ru = client.get(url, params={"actor": "ru"}).json()
    assert 0 < ru["count"] < everything["count"]
    assert {r["actor"] for r in ru["items"]} == {"ru"}
    nato = client.get(url, params={"issue": "nato", "act": "reject"}).json()
    assert all("nato" in r["issues"] and r["act"] == "reject" for r in nato["items"])
    src = everything["items"][0]["source"]
    assert {r["source"] for r in client.get(url, params={"source": src}).json()["items"]} == {src}
    dated = client.get(url, params={"date_from": "2025-08-14", "date_to": "2025-08-14"}).json()
    assert dated["count"] > 0
    assert {r["date"] for r in dated["items"]} == {"2025-08-14"}


@pytest.mark.parametrize(("params", "message"), [
    ({"actor": "russia"}, "unknown actor 'russia'"),
    ({"act": "demands"}, "unknown act 'demands'"),
    ({"issue": "natto"}, "unknown issue 'natto'"),
    ({"source": "le-monde"}, "unknown source 'le-monde'"),
    ({"date_from": "2025-08-15", "date_to": "2025-08-01"}, "the dates are in the wrong order"),
    ({"date_from": "15/08/2025"}, "invalid request query"),
])
def test_evidence_filter_refusals(client: TestClient, params: dict[str, str],
                                  message: str) -> None:
    (e,) = _errors(client.get("/api/scenarios/alaska-2025/evidence", params=params), 422)
    assert e["message"].startswith(message)


def test_evidence_from_a_database(tmp_path: Path) -> None:
    db = tmp_path / "e.sqlite"
    text = "Moscow demands that Ukraine renounce NATO. Kyiv rejects it."
    with Store(db) as store:
        doc, _ = store.add_document(hash="h1", name="a.txt", path="a.txt", title="An article",
                                    outlet="Wire", date=dt.date(2025, 8, 10), lang="en",
                                    kind="text", text=text, words=10)
        store.replace_statements(doc, "alaska-2025", [
            Statement(doc, 0, 42, text[:42], "ru", "demand", "nato", "renounced", 1, "asserted"),
            Statement(doc, 43, 59, text[43:], "ua", "reject", "nato", "renounced", -1,
                      "asserted")], source="wire-1", date=dt.date(2025, 8, 10), extractor="test")
    c = TestClient(create_app([SCENARIO], db=db))
    url = "/api/scenarios/alaska-2025/evidence"
    found = c.get(url).json()
    assert found["origin"] == "database"
    assert found["total"] == 2
    assert [r["text"] for r in c.get(url, params={"actor": "ua"}).json()["items"]] == \
        ["Kyiv rejects it."]
    assert c.get(url, params={"source": "wire-1", "act": "demand"}).json()["count"] == 1
    assert c.get(url, params={"date_from": "2025-08-11"}).json()["count"] == 0


# ---------------------------------------------------------------- pages, errors, CLI
def test_pages_render_and_escape(client: TestClient) -> None:
    index = client.get("/")
    assert index.status_code == 200
    assert 'href="/scenarios/alaska-2025"' in index.text
    page = client.get("/scenarios/alaska-2025").text
    for actor in ("us", "ru", "ua", "eu", "hu"):
        assert f'data-param="{actor}.reservation"' in page
    assert page.count('<select id="issue-') == 19
    assert client.get("/scenarios/nope").status_code == 404
    data = yaml.safe_load(TOY_TEXT) | {"id": "xss", "title": "<script>alert(1)</script>"}
    sid = client.post("/api/scenarios", data={"text": yaml.safe_dump(data)}).json()["id"]
    html = client.get(f"/scenarios/{sid}").text
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html


def test_static_files_come_from_the_package(client: TestClient) -> None:
    js = client.get("/static/plotly.js")
    assert js.status_code == 200
    assert js.headers["content-type"].startswith("text/javascript")
    assert len(js.content) > 1_000_000
    assert "initScenario" in client.get("/static/app.js").text
    assert client.get("/static/app.css").status_code == 200


def test_a_bug_is_a_500_without_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app([DATA / "toy.yaml"])

    def broken(*args: Any) -> bytes:
        raise RuntimeError("boom")

    monkeypatch.setattr(app.state.registry, "evaluate_json", broken)
    r = TestClient(app, raise_server_exceptions=False).post("/api/scenarios/toy/evaluate",
                                                            json={})
    (e,) = _errors(r, 500)
    assert e["message"] == "internal error: RuntimeError"
    assert "boom" not in r.text


def test_serve_refuses_what_validate_refuses(tmp_path: Path) -> None:
    broken = tmp_path / "b.yaml"
    broken.write_text(TOY_TEXT.replace("status_quo: slow", "status_quo: slwo"), encoding="utf-8")
    served = runner.invoke(cli_app, ["serve", str(broken), "--port", "1"])
    checked = runner.invoke(cli_app, ["validate", str(broken)])
    assert served.exit_code == checked.exit_code == 2
    assert served.stderr == checked.stderr
    missing = runner.invoke(cli_app, ["serve", str(DATA / "toy.yaml"), "--db",
                                      str(tmp_path / "none.sqlite")])
    assert missing.exit_code == 2
    assert "evidence database not found" in missing.stderr


def test_only_the_command_line_imports_the_web_app() -> None:
    import ast

    src = Path(__file__).resolve().parents[1] / "src" / "accord"
    for path in src.rglob("*.py"):
        rel = path.relative_to(src).parts
        if rel[0] in ("web", "cli"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                [a.name for a in node.names] if isinstance(node, ast.Import) else []
            assert not any(n == "accord.web" or n.startswith("accord.web.") for n in names), path


def test_a_genius_folder_is_served_as_analyze_reads_it(tmp_path: Path) -> None:
    from accord.scenario.genius import dump_genius, load_genius

    toy = toy_scenario().model_copy(update={"constraints": ()})
    folder = dump_genius(toy, tmp_path / "toy-genius").folder
    expected = load_genius(folder).scenario
    c = TestClient(create_app([folder]))
    (listed,) = c.get("/api/scenarios").json()
    assert (listed["id"], listed["name"], listed["deals"]) == ("toy-genius", "toy-genius", 18)
    deal = {"price": "high", "delivery": "fast", "warranty": "one-year"}
    r = c.post("/api/scenarios/toy-genius/evaluate", json={"deal": deal})
    assert r.status_code == 200, r.text
    got = r.json()
    want = evaluate_context(Context.of(expected), deal).to_dict(expected)
    assert got["utilities"] == want["utilities"]
    assert got["accepted"] == want["accepted"]


def test_serve_on_a_port_in_use_is_a_clear_error(tmp_path: Path) -> None:
    import socket

    from accord.cli.serve import listening_socket

    scenario = tmp_path / "toy.yaml"
    dump_scenario(toy_scenario(), scenario)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli_app, ["serve", str(scenario), "--port", str(port)])
        assert result.exit_code == 2, result.output
        assert "the port is in use" in result.stderr
        assert f"127.0.0.1:{port}: Address already in use" in result.stderr
        assert f"--port {port + 1}, or 0 for any free one" in result.stderr
        assert result.stdout == ""              # nothing announced: nothing listens
    with pytest.raises(InputError, match="unknown address to listen on"):
        listening_socket("no-such-host.invalid", 0)
    with listening_socket("127.0.0.1", 0) as free:   # port 0: the system chooses one
        assert free.getsockname()[1] > 0


# ---------------------------------------------------------------- limits and races
def _huge_text(issues: int = 17, options: int = 10) -> str:
    """Two parties with opposed, equal-weight issues: 10^17 deals, no pruning to speak of."""
    return yaml.safe_dump(opposed_data(issues, options))


@pytest.fixture(scope="module")
def huge_app() -> Any:
    app = create_app([])
    app.state.registry.nash_seconds = 1.0
    TestClient(app).post("/api/scenarios", data={"text": _huge_text()})
    return app


def test_a_cached_answer_lets_no_bad_override_through(client: TestClient) -> None:
    url = "/api/scenarios/alaska-2025/evaluate"
    assert client.post(url, json={"overrides": {"us.reservation": 1}}).status_code == 200
    (e,) = _errors(client.post(url, json={"overrides": {"us.reservation": True}}), 422)
    assert e["message"] == "a reservation parameter is a number"
    assert e["path"] == "overrides.us.reservation"
    nash = "/api/scenarios/alaska-2025/nash"
    assert client.post(nash, json={"overrides": {"us.reservation": 0}}).status_code == 200
    _errors(client.post(nash, json={"overrides": {"us.reservation": False}}), 422)


def test_cached_answers_follow_the_canonical_names() -> None:
    reg = Registry()
    reg.add_text(TOY_TEXT, "toy.yaml")
    first = reg.evaluate("toy", {"a.reservation ": 0.5, "b.reservation": 0.2}, {})
    assert reg.evaluate("toy", {"b.reservation": 0.2, "a.reservation": 0.5}, {}) is first
    assert reg.context("toy", {" a.reservation": 0.5}) is reg.context("toy",
                                                                     {"a.reservation": 0.5})


def test_nash_gives_up_in_time_on_a_huge_space(huge_app: Any) -> None:
    start = time.monotonic()
    r = TestClient(huge_app).post("/api/scenarios/huge/nash", json={})
    (e,) = _errors(r, 422)
    assert time.monotonic() - start < 30
    assert e["message"] == "the deal space is too large to search for the Nash solution in time"
    assert e["expected"] == "an answer within 1 s"
    assert e["found"].startswith("1.000e+17 deals")


def test_nash_searches_beyond_the_limit_are_429(huge_app: Any) -> None:
    client = TestClient(huge_app)
    answers: list[int] = []
    searches = [threading.Thread(target=lambda: answers.append(
        client.post("/api/scenarios/huge/nash", json={}).status_code))
        for _ in range(MAX_SEARCHES)]
    for t in searches:
        t.start()
    time.sleep(0.3)
    (e,) = _errors(client.post("/api/scenarios/huge/nash", json={"overrides": {}}), 429)
    assert "Nash search" in e["message"]
    for t in searches:
        t.join()
    assert answers == [422] * MAX_SEARCHES


def test_a_search_gives_up_when_the_server_stops() -> None:
    app = create_app([])
    client = TestClient(app)
    client.post("/api/scenarios", data={"text": _huge_text()})
    stop(app)
    start = time.monotonic()
    (e,) = _errors(client.post("/api/scenarios/huge/nash", json={}), 503)
    assert time.monotonic() - start < 5
    assert e["message"] == "the server is shutting down"


def test_ctrl_c_stops_serve_during_a_search(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    server = subprocess.Popen(
        [sys.executable, "-c", "from accord.cli import main; main()", "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert server.stdout is not None
        base = re.search(r"http://[\d.:]+", server.stdout.readline() + server.stdout.readline())
        assert base, "no address announced"
        with httpx.Client(base_url=base.group(0), timeout=60) as http:
            assert http.post("/api/scenarios", data={"text": _huge_text()}).status_code == 201
            answer: list[int] = []
            ask = threading.Thread(target=lambda: answer.append(
                http.post("/api/scenarios/huge/nash", json={}).status_code))
            ask.start()
            time.sleep(1.5)
            server.send_signal(signal.SIGINT)
            start = time.monotonic()
            server.wait(timeout=10)
            assert time.monotonic() - start < 5
            ask.join(timeout=10)
        assert answer == [503]
        assert "Traceback" not in (server.stderr.read() if server.stderr else "")
    finally:
        if server.poll() is None:
            server.kill()


@pytest.mark.parametrize("draws", [True, "10", 1e3, 10.0])
def test_monte_carlo_takes_only_integers(client: TestClient, draws: Any) -> None:
    url = "/api/scenarios/alaska-2025/montecarlo"
    (e,) = _errors(client.post(url, json={"draws": draws}), 422)
    assert e["path"] == "draws"
    assert e["expected"] == "an integer"
    (e,) = _errors(client.post(url, json={"draws": 10, "seed": draws}), 422)
    assert e["path"] == "seed"


def test_the_same_text_uploaded_at_once_gets_one_id() -> None:
    reg = Registry()
    barrier = threading.Barrier(6)
    found: list[tuple[str, bool]] = []

    def upload() -> None:
        barrier.wait()
        served, created = reg.add_text(_huge_text(3, 3), "race.yaml")
        found.append((served.id, created))

    threads = [threading.Thread(target=upload) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert {sid for sid, _ in found} == {"huge"}
    assert sorted(created for _, created in found) == [False] * 5 + [True]


def test_request_validation_errors_say_what_was_expected(client: TestClient) -> None:
    url = "/api/scenarios/toy/evaluate"
    (e,) = _errors(client.post(url, json={"deal": {"price": 5}}), 422)
    assert (e["path"], e["expected"], e["found"]) == ("deal.price", "a string", "5")
    assert e["suggestion"]
    (e,) = _errors(client.post(url, json={"deal": {}, "extra": 1}), 422)
    assert e["suggestion"] == "leave out 'extra'; the request schemas are at /docs"
    (e,) = _errors(client.post(url, content=b'{"deal": {"price": "mid",\n "x": }',
                               headers={"content-type": "application/json"}), 422)
    assert e["message"] == "the request body is not valid JSON"
    assert (e["line"], e["column"]) == (2, 7)
    assert e["suggestion"]


def test_routing_errors_give_a_hint(client: TestClient) -> None:
    r = client.get("/api/scenarios/toy/evaluate")
    (e,) = _errors(r, 405)
    assert r.headers["allow"] == "POST"
    assert e["suggestion"] == "/api/scenarios/toy/evaluate takes POST"
    (e,) = _errors(client.get("/api/nothing-here"), 404)
    assert "POST /api/scenarios/{sid}/nash" in e["suggestion"]


def test_an_unknown_id_is_echoed_clipped(client: TestClient) -> None:
    r = client.get("/api/scenarios/" + "x" * 50_000)
    (e,) = _errors(r, 404)
    assert len(r.content) < 2_000
    assert e["message"] == f"unknown scenario '{'x' * 80}…'"
    r = client.get("/api/scenarios/alaska-2025/evidence", params={"actor": "y" * 10_000})
    assert len(_errors(r, 422)[0]["message"]) < 120


def test_a_repeated_evidence_filter_is_any_of(client: TestClient) -> None:
    url = "/api/scenarios/alaska-2025/evidence"
    ru, ua = (client.get(url, params={"actor": a}).json()["count"] for a in ("ru", "ua"))
    both = client.get(url, params=[("actor", "ru"), ("actor", "ua")]).json()
    assert both["count"] == ru + ua > max(ru, ua)
    assert {r["actor"] for r in both["items"]} == {"ru", "ua"}
    (e,) = _errors(client.get(url, params=[("actor", "ru"), ("actor", "rus")]), 422)
    assert e["message"] == "unknown actor 'rus'"
    (e,) = _errors(client.get(url, params=[("date_from", "2025-08-01"),
                                           ("date_from", "2025-08-14")]), 422)
    assert e["message"] == "date_from is given 2 times"


def test_an_upload_with_file_and_text_is_refused(client: TestClient) -> None:
    r = client.post("/api/scenarios", data={"text": TOY_TEXT},
                    files={"file": ("other.yaml", _huge_text(3, 3).encode(), "text/yaml")})
    (e,) = _errors(r, 422)
    assert e["message"] == "give one of file or text"


def test_an_evaluation_gives_up_its_nearest_agreement_in_time(huge_app: Any) -> None:
    client = TestClient(huge_app)
    for _ in range(2):                      # not cached: a later request tries again
        start = time.monotonic()
        r = client.post("/api/scenarios/huge/evaluate", json={})
        assert r.status_code == 200
        assert time.monotonic() - start < 30
        ev = r.json()
        assert ev["accepted"] is False
        assert ev["nearest_searched"] is False
        assert ev["nearest_acceptable"] is None
        assert any("not found in time" in line for line in ev["explanation"])
    assert TestClient(huge_app).post("/api/scenarios/huge/evaluate", json={}).status_code == 200


def test_serving_a_huge_scenario_starts_at_once(tmp_path: Path) -> None:
    (tmp_path / "huge.yaml").write_text(_huge_text(), encoding="utf-8")
    start = time.monotonic()
    app = create_app([tmp_path / "huge.yaml"])
    assert time.monotonic() - start < 20          # was: minutes (the status quo's evaluation)
    assert TestClient(app).get("/api/scenarios/huge").status_code == 200


def test_state_still_exports_what_0_1_0_documented_there() -> None:
    """``accord.web.state`` was split by what each part computes; its names are the same objects."""
    assert state.__all__ == [
        "LRU", "MAX_SEARCHES", "MAX_UPLOADS", "MAX_UPLOAD_BYTES", "NASH_SECONDS", "BusyError",
        "Overrides", "Registry", "Served", "StoppingError", "TooLargeError", "UnknownIdError",
        "decode_upload", "json_ready", "overrides_key"]
    assert state.Registry is Registry
    assert (state.MAX_SEARCHES, state.MAX_UPLOAD_BYTES) == (MAX_SEARCHES, MAX_UPLOAD_BYTES)
    served, _ = state.Registry().add_text(TOY_TEXT, "toy.yaml")
    assert isinstance(served, state.Served)
