"""The README's "Keep what you get" FastAPI pattern (examples/fastapi_journal.py), run as
written against the simulator: a user is sent to the liveness page, their browser comes back
(twice), and the journal keeps one person."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from seedance_assets import Journal
from seedance_assets.testing import Simulator

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "fastapi_journal.py"


@pytest.fixture
def example(sim: Simulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """The example module, imported with its configuration from the environment."""
    monkeypatch.setenv("SEEDANCE_API_KEY", sim.api_key)
    monkeypatch.setenv("SEEDANCE_BASE_URL", sim.url)
    monkeypatch.setenv("SEEDANCE_JOURNAL", str(tmp_path / "app.sqlite3"))
    spec = importlib.util.spec_from_file_location("fastapi_journal", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fastapi_journal"] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop("fastapi_journal", None)
        module.client.close()


def test_the_readme_fastapi_pattern(example: ModuleType, sim: Simulator, tmp_path: Path) -> None:
    with TestClient(example.app) as browser:
        sent = browser.get("/validate/user-42", follow_redirects=False)
        assert sent.status_code == 307
        h5_link = sent.headers["location"]
        assert "lng=en" in h5_link
        # The person passes on the liveness page, which redirects their browser back.
        token = parse_qs(urlsplit(h5_link).query)["bytedToken"][0]
        callback = sim.complete_validation(token)
        assert callback.startswith("http://testserver/seedance/callback?")

        first = browser.get(callback)
        assert first.status_code == 200, first.text
        again = browser.get(callback)  # a reload, or the redirect delivered twice
        assert again.json() == first.json()
        assert first.json()["user"] == "user-42"

    assert sim.request_count("get_validation_result") == 1
    person = Journal(tmp_path / "app.sqlite3").person("user-42")
    assert person is not None and person.group_id == first.json()["group_id"]


def test_the_readme_shows_the_example_as_it_is() -> None:
    readme = (EXAMPLE.parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Python (FastAPI)", 1)[1]
    shown = section.split("```python\n", 1)[1].split("```", 1)[0]
    source = EXAMPLE.read_text(encoding="utf-8")
    assert source.endswith(shown)
    assert source[: -len(shown)].strip().startswith('"""')  # only the module docstring before it
