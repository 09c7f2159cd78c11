"""`atlas check` with its worker processes: the same report as in one process, or a clear error.

The per-file work (reading, YAML, fields, per-file rules) is spread over forked processes when
there are enough files (`atlas.parallel`); the cross-file rules run on the collected results.
These tests seed every kind of problem into one corpus and compare the whole output with the
pool forced on and forced off, then make a worker die and check the contributor is told.
"""

from __future__ import annotations

import os
import signal
import sys

import pytest
from helpers import ContentProject, make_content_project

from atlas import catalogue, parallel
from atlas.problems import format_problems

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")

P = "content/practices"
A = "content/actors"


@pytest.fixture(autouse=True)
def forking_allowed(monkeypatch):
    """Workers may fork here: no ATLAS_NO_FORK, and this process counted as single-threaded
    (a test session can hold helper threads, such as the browser tests' HTTP server; the
    workers run only the checker's code, which takes none of their locks)."""
    monkeypatch.delenv("ATLAS_NO_FORK", raising=False)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)


@pytest.fixture
def corpus(tmp_path, monkeypatch) -> ContentProject:
    """Forty valid practices, then one file for each kind of problem, spread between them."""
    project = make_content_project(tmp_path / "corpus", monkeypatch)
    for index in range(40):
        project.write_practice(f"practice-{index:02d}", title=f"Valid practice number {index}")
    project.write(f"{P}/broken-yaml.md", "---\ntitle: [unclosed\nsummary: x\n---\nbody\n")
    project.write_practice("unknown-key", colour="blue", status="nonsense")
    project.write_practice("missing-actor", actors="[{actor: nobody-here, role: lead}]")
    project.write_practice("missing-related", related="[practice-99]")
    project.write_practice("alias-of-live-slug", aliases="[practice-01]")
    project.write_practice("claims-old-one", aliases="[old-one]")
    project.write_practice("claims-old-one-too", aliases="[old-one]")
    project.write_practice("reviewed-later", last_reviewed="2027-03-01")
    project.write_practice("template-left", body="## Overview\n\nReplace this: the story.\n")
    project.write_practice("anchored", summary="&a A summary long enough to be read as one.")
    project.write(f"{P}/Bad_Name.md", (project.root / f"{P}/practice-00.md").read_text())
    project.write(f"{P}/notes.txt", "not an entry\n")
    project.write(f"{P}/empty.md", "")
    project.write_actor("twice", type="ngo\ntype: public-agency")
    return project


def _forks(monkeypatch) -> list[int]:
    """Count the worker processes started from now on."""
    started: list[int] = []
    fork = parallel._fork

    def counting(*args):
        started.append(1)
        return fork(*args)

    monkeypatch.setattr(parallel, "_fork", counting)
    return started


def test_the_pool_and_one_process_report_the_same_problems(corpus, monkeypatch):
    forks = _forks(monkeypatch)
    alone = catalogue.load(corpus.root, build_day=corpus.today, workers=1)
    assert forks == []
    for workers in (2, 3):
        pooled = catalogue.load(corpus.root, build_day=corpus.today, workers=workers)
        assert format_problems(pooled.problems, "text") == format_problems(alone.problems, "text")
        assert pooled.problems == alone.problems
        assert pooled.files == alone.files
        assert list(pooled.catalogue.practices.items()) == list(alone.catalogue.practices.items())
        assert list(pooled.catalogue.actors.items()) == list(alone.catalogue.actors.items())
    assert len(forks) == 1 + 2  # the pools were used: 2 workers fork 1 child, 3 fork 2


def test_the_seeded_problems_are_all_reported(corpus):
    """The comparison above is only as good as the corpus: every seeded problem is in it."""
    text = format_problems(
        catalogue.load(corpus.root, build_day=corpus.today, workers=2).problems, "text"
    )
    for expected in (
        f"{P}/broken-yaml.md:3:",
        "unknown key 'colour'",
        "'status': 'nonsense' is not one of the statuses",
        "actor 'nobody-here' has no file content/actors/nobody-here.md",
        "related practice 'practice-99' does not exist",
        "alias 'practice-01' is the slug of an existing practice",
        "alias 'old-one' is already claimed by",
        "'last_reviewed' (2027-03-01) is in the future",
        f"{P}/template-left.md:",
        "YAML anchors (&a) are not allowed",
        "file name 'Bad_Name.md' is not a valid slug",
        f"{P}/notes.txt:1:1: warning: not a Markdown entry: ignored",
        f"{P}/empty.md:1:1: error: file is empty",
        f"{A}/twice.md:5:1: error: duplicate key 'type'",
    ):
        assert expected in text, expected


def test_atlas_check_prints_the_same_with_and_without_workers(corpus, monkeypatch):
    monkeypatch.setenv("ATLAS_NO_FORK", "1")
    forks = _forks(monkeypatch)
    alone = corpus.check("--format", "json")
    assert forks == []
    monkeypatch.delenv("ATLAS_NO_FORK")
    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_WORKER", 1)  # a pool even for a small corpus
    pooled = corpus.check("--format", "json")
    assert forks  # the command used its workers
    assert (pooled.status, pooled.out, pooled.err) == (alone.status, alone.out, alone.err)
    assert alone.status == 1 and len(alone.json()) > 14


def test_a_crashing_worker_is_a_clear_error(corpus, monkeypatch):
    parent = os.getpid()
    read = catalogue._read

    def crashing(*args, **kwargs):
        if os.getpid() != parent:
            os._exit(3)
        return read(*args, **kwargs)

    monkeypatch.setattr(catalogue, "_read", crashing)
    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_WORKER", 1)
    run = corpus.check()
    assert run.status == 2
    assert run.out == ""
    assert run.err == (
        "error: a worker process exited with status 3 before sending its results; "
        "set ATLAS_NO_FORK=1 to do the work in one process\n"
    )


def test_a_worker_killed_by_a_signal_is_named():
    parent = os.getpid()

    def work(items):
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return list(items)

    with pytest.raises(parallel.WorkerFailed, match="was killed by signal 9"):
        parallel.map_forked(work, list(range(10)), 2)


def test_an_exception_in_a_worker_fails_the_run_and_is_printed(capfd):
    parent = os.getpid()

    def work(items):
        if os.getpid() != parent:
            raise ValueError("a bug in a rule")
        return list(items)

    with pytest.raises(parallel.WorkerFailed, match="exited with status 1"):
        parallel.map_forked(work, list(range(10)), 2)
    assert "ValueError: a bug in a rule" in capfd.readouterr().err


def test_results_come_back_in_the_order_of_the_items():
    parent = os.getpid()
    results = parallel.map_forked(
        lambda items: [(item, os.getpid() == parent) for item in items], list(range(11)), 3
    )
    assert [item for item, _ in results] == list(range(11))
    assert sum(here for _, here in results) == 4  # items 0, 3, 6, 9 stayed in this process


def test_no_fork_where_another_thread_runs(monkeypatch):
    """`atlas serve` previews from threads: forking there could copy a lock another holds."""
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 2)
    forks = _forks(monkeypatch)
    assert parallel.workers_for(100_000) == 1
    assert parallel.map_forked(lambda items: list(items), [1, 2, 3], 3) == [1, 2, 3]
    assert forks == []


def test_few_files_are_checked_in_one_process():
    assert parallel.workers_for(parallel.MIN_ITEMS_PER_WORKER * 2 - 1) == 1
    assert parallel.workers_for(parallel.MIN_ITEMS_PER_WORKER * 100) == parallel.cores()
