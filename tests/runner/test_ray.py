"""The Ray executor gives the same database as a local run (on a local Ray instance)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, dump
from vigie.runner import run


def test_ray_executor_matches_a_local_run(tmp_path: Path):
    pytest.importorskip("ray", reason="the cluster extra (ray) is not installed")
    local, clustered = tmp_path / "local.db", tmp_path / "ray.db"
    run([EXAMPLES / "articles"], local, workers=1)
    summary = run([EXAMPLES / "articles"], clustered, workers=2, executor="ray")
    assert summary.counts["extracted"] == 12
    assert dump(local) == dump(clustered)
