"""`atlas check --changed [BASE]`: which files count as changed, and what the report keeps.

Every test builds a throw-away git repository in tmp_path (commits signed by a test identity),
so nothing depends on the repository the suite runs in.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from helpers import make_content_project

from atlas import changed
from atlas.changed import ChangedError, changed_paths, report_filter

pytestmark = pytest.mark.skipif(
    subprocess.run(["git", "--version"], capture_output=True, check=False).returncode != 0,
    reason="git is not installed",
)

IDENTITY = ("-c", "user.name=Atlas Test", "-c", "user.email=test@example.org")


def git(root: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", *IDENTITY, "-c", "commit.gpgsign=false", "-C", str(root), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def init_repo(root: Path) -> None:
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "initial content")


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A content project committed on `main`, then a branch `feature` checked out."""
    project = make_content_project(tmp_path / "atlas-project", monkeypatch)
    init_repo(project.root)
    git(project.root, "checkout", "-q", "-b", "feature")
    return project


def commit_all(root: Path, message: str = "change") -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


# Which paths ---------------------------------------------------------------------------------


def test_nothing_changed(repo):
    assert changed_paths(repo.root, "main") == []


def test_committed_change_on_the_branch(repo):
    repo.write_practice("ict-talent", title="ICT talent pipeline from Morocco to Belgium")
    commit_all(repo.root)
    assert changed_paths(repo.root, "main") == ["content/practices/ict-talent.md"]


def test_uncommitted_staged_and_untracked_files_count(repo):
    repo.write_practice("ict-talent", title="ICT talent pipeline, modified")  # unstaged
    repo.write_actor("new-actor")  # untracked
    repo.write_practice("staged-one")
    git(repo.root, "add", "content/practices/staged-one.md")  # staged
    assert changed_paths(repo.root, "main") == [
        "content/actors/new-actor.md",
        "content/practices/ict-talent.md",
        "content/practices/staged-one.md",
    ]


def test_changes_outside_content_are_ignored(repo):
    (repo.root / "notes.txt").write_text("scratch\n", encoding="utf-8")
    (repo.root / "mkdocs.yml").write_text(
        (repo.root / "mkdocs.yml").read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8"
    )
    assert changed_paths(repo.root, "main") == []


def test_ignored_files_are_not_untracked_changes(repo):
    (repo.root / ".gitignore").write_text("content/practices/*.tmp.md\n", encoding="utf-8")
    repo.write("content/practices/draft.tmp.md", "scratch")
    assert changed_paths(repo.root, "main") == []


def test_taxonomy_change_reports_everything(repo):
    repo.write_taxonomy(repo.taxonomy_text + "\n# a comment\n")
    repo.write_practice("ict-talent", title="ICT talent pipeline, modified")
    assert changed_paths(repo.root, "main") == ["content"]


def test_deleted_entry_reports_everything(repo):
    (repo.root / "content/actors/afford.md").unlink()
    commit_all(repo.root, "remove an actor")
    assert changed_paths(repo.root, "main") == ["content"]


def test_renamed_entry_reports_everything(repo):
    git(repo.root, "mv", "content/practices/ict-talent.md", "content/practices/ict-pipeline.md")
    commit_all(repo.root, "rename")
    assert changed_paths(repo.root, "main") == ["content"]


def test_only_commits_since_the_branch_left_base_count(repo):
    """BASE...HEAD: what main did after the branch started is not this branch's change."""
    git(repo.root, "checkout", "-q", "main")
    repo.write_practice("tvet-exchange", title="TVET exchange, edited on main")
    commit_all(repo.root, "main moves on")
    git(repo.root, "checkout", "-q", "feature")
    repo.write_actor("enabel", name="Enabel, the Belgian agency")
    commit_all(repo.root, "branch change")
    assert changed_paths(repo.root, "main") == ["content/actors/enabel.md"]


def test_non_ascii_file_names_are_read_verbatim(repo):
    repo.write("content/practices/Sénégal.md", "---\ntitle: x\n---\n")
    assert changed_paths(repo.root, "main") == ["content/practices/Sénégal.md"]


# The base ------------------------------------------------------------------------------------


def test_default_base_prefers_origin_main(repo, tmp_path):
    """With a remote, origin/main is the base even when the local main is elsewhere."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(repo.root, "remote", "add", "origin", str(remote))
    git(repo.root, "push", "-q", "origin", "main")
    # The local main moves on; origin/main stays at the initial commit.
    git(repo.root, "checkout", "-q", "main")
    repo.write_practice("tvet-exchange", title="TVET exchange, edited locally on main")
    commit_all(repo.root)
    git(repo.root, "checkout", "-q", "-b", "feature-2")
    assert changed.resolve_base(repo.root, None) == "origin/main"
    assert changed_paths(repo.root, None) == ["content/practices/tvet-exchange.md"]


def test_default_base_is_main_without_a_remote(repo):
    repo.write_practice("ict-talent", title="ICT talent pipeline, modified")
    commit_all(repo.root)
    assert changed.resolve_base(repo.root, None) == "main"
    assert changed_paths(repo.root, None) == ["content/practices/ict-talent.md"]


def test_default_base_is_head_without_main(tmp_path, monkeypatch):
    project = make_content_project(tmp_path / "p", monkeypatch)
    git(project.root, "init", "-q", "-b", "trunk")
    commit_all(project.root, "initial")
    project.write_practice("ict-talent", title="ICT talent pipeline, modified")
    assert changed.resolve_base(project.root, None) == "HEAD"
    assert changed_paths(project.root, None) == ["content/practices/ict-talent.md"]


def test_repository_without_commits(tmp_path, monkeypatch):
    """Everything is new, the taxonomy too: everything is reported."""
    project = make_content_project(tmp_path / "p", monkeypatch)
    git(project.root, "init", "-q", "-b", "main")
    assert changed.resolve_base(project.root, None) is None
    assert changed_paths(project.root, None) == ["content"]


def test_base_can_be_a_commit_or_tag(repo):
    first = git(repo.root, "rev-parse", "HEAD").strip()
    git(repo.root, "tag", "v1")
    repo.write_practice("ict-talent", title="ICT talent pipeline, modified")
    commit_all(repo.root)
    assert changed_paths(repo.root, first) == ["content/practices/ict-talent.md"]
    assert changed_paths(repo.root, "v1") == ["content/practices/ict-talent.md"]


# Errors --------------------------------------------------------------------------------------


def test_unknown_base_is_a_clear_error(repo):
    with pytest.raises(ChangedError, match="unknown base 'no-such-branch'"):
        changed_paths(repo.root, "no-such-branch")


def test_a_base_that_looks_like_an_option_is_refused(repo):
    with pytest.raises(ChangedError, match="unknown base '--output=x'"):
        changed_paths(repo.root, "--output=x")
    assert not (repo.root / "x").exists()


def test_missing_git_is_a_clear_error(repo, monkeypatch):
    monkeypatch.setattr(changed.shutil, "which", lambda name: None)
    with pytest.raises(ChangedError, match="git is not installed"):
        changed_paths(repo.root, "main")


def test_outside_a_repository_is_a_clear_error(tmp_path, monkeypatch):
    project = make_content_project(tmp_path / "p", monkeypatch)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    with pytest.raises(ChangedError, match="not inside a git repository"):
        changed_paths(project.root, None)


# A project in a sub-folder of the repository --------------------------------------------------


def test_project_in_a_subfolder_gets_project_relative_paths(tmp_path, monkeypatch):
    top = tmp_path / "monorepo"
    project = make_content_project(top / "site", monkeypatch)
    (top / "content").mkdir()  # a folder of the same name outside the project
    (top / "content" / "other.md").write_text("x\n", encoding="utf-8")
    init_repo(top)
    git(top, "checkout", "-q", "-b", "feature")
    project.write_practice("ict-talent", title="ICT talent pipeline, modified")
    (top / "content" / "other.md").write_text("y\n", encoding="utf-8")
    assert changed_paths(project.root, "main") == ["content/practices/ict-talent.md"]


# The report filter -----------------------------------------------------------------------------


def test_report_filter_keeps_nothing_when_nothing_changed(repo):
    keep = report_filter(repo.root, "main")
    assert not keep("content/practices/ict-talent.md")


def test_report_filter_keeps_changed_files_only(repo):
    repo.write_practice("ict-talent", title="ICT talent pipeline, modified")
    keep = report_filter(repo.root, "main")
    assert keep("content/practices/ict-talent.md")
    assert not keep("content/practices/tvet-exchange.md")


def test_report_filter_keeps_everything_after_a_taxonomy_change(repo):
    repo.write_taxonomy(repo.taxonomy_text + "\n# a comment\n")
    keep = report_filter(repo.root, "main")
    assert keep("content/practices/tvet-exchange.md") and keep("content/taxonomy.yml")


def test_describe_says_what_the_report_covers():
    assert changed.describe([]) == "no content changed: nothing to report"
    assert "all content" in changed.describe(["content"])
    assert changed.describe(["content/practices/a.md"]) == "reporting on 1 changed file"


# `atlas check --changed` (wired in atlas/cli.py by the lead) ----------------------------------


def break_unchanged_entry(repo) -> None:
    """An error in a file the branch does not touch (committed on main before branching)."""
    git(repo.root, "checkout", "-q", "main")
    repo.write_practice("tvet-exchange", status="on-going")
    commit_all(repo.root, "a broken entry on main")
    git(repo.root, "checkout", "-q", "feature")
    git(repo.root, "reset", "-q", "--hard", "main")


def test_check_changed_reports_only_the_changed_files(repo):
    break_unchanged_entry(repo)
    repo.write_practice("ict-talent", themes="[tvet, no-such-theme]")
    run = repo.check("--changed", "main")
    assert run.status == 1
    assert run.lines_for("content/practices/ict-talent.md")
    assert not run.lines_for("content/practices/tvet-exchange.md")
    assert all(line.startswith("content/practices/ict-talent.md:") for line in run.lines)


def test_check_changed_with_nothing_changed_reports_nothing(repo):
    break_unchanged_entry(repo)
    run = repo.check("--changed", "main")
    assert run.status == 0, run.out
    assert run.lines == []


def test_check_changed_still_applies_cross_file_rules(repo):
    """Only the practice changed, but the actor it names does not exist: still an error."""
    repo.write_practice("ict-talent", actors="[{actor: nobody-at-all, role: lead}]")
    run = repo.check("--changed", "main")
    assert run.status == 1
    assert any("nobody-at-all" in line for line in run.lines_for("content/practices/ict-talent.md"))


def test_check_changed_without_base_uses_the_default(repo):
    repo.write_practice("ict-talent", status="on-going")
    run = repo.check("--changed")
    assert run.status == 1
    assert run.lines_for("content/practices/ict-talent.md")


def test_check_changed_unknown_base_fails_with_a_message(repo):
    """Not a content problem: exit 2 (like a usage error) with the reason on stderr."""
    run = repo.check("--changed", "no-such-branch")
    assert run.status == 2
    assert "unknown base 'no-such-branch'" in run.err
