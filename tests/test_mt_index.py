"""`tolmach models install --from-index`: the package index read directly, downloads over the standard library
checked for size and checksum, against a real HTTP server on 127.0.0.1 (the only network the tests use)."""

from __future__ import annotations

import hashlib
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.mt import index, packages


class Server:
    """A directory served over HTTP on 127.0.0.1, stopped after the test."""

    def __init__(self, root: Path) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.root = root
        handler = _quiet_handler(root)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def publish(self, archive: Path, pair: str, **extra: object) -> str:
        """Put a package and an index entry for it on the server; returns the index URL."""
        shutil.copy(archive, self.root / archive.name)
        src, tgt = pair.split("-")
        entry = {"package_version": "1.0", "from_code": src, "to_code": tgt, "type": "translate",
                 "links": [f"{self.url}/{archive.name}"], **extra}
        path = self.root / "index.json"
        entries = json.loads(path.read_text()) if path.exists() else []
        path.write_text(json.dumps([*entries, entry]), encoding="utf-8")
        return f"{self.url}/index.json"


def _quiet_handler(root: Path) -> type[http.server.SimpleHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(root), **kwargs)  # type: ignore[arg-type]

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    s = Server(tmp_path / "www")
    s.thread.start()
    try:
        yield s
    finally:
        s.httpd.shutdown()
        s.httpd.server_close()


@pytest.fixture
def index_project(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (project / "tolmach.toml").write_text('languages = ["pl"]\n[mt]\npackages_dir = "pk"\ncache_dir = "cache"\n',
                                          encoding="utf-8")
    monkeypatch.delenv(index.INDEX_ENV, raising=False)
    return project


@pytest.mark.allow_hosts(["127.0.0.1"])
def test_a_pair_is_downloaded_from_the_index_installed_and_drafts(
        server: Server, index_project: Path, argos_packages: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    archive = argos_packages["en-pl"]
    url = server.publish(archive, "en-pl", size=archive.stat().st_size,
                         sha256=hashlib.sha256(archive.read_bytes()).hexdigest())
    monkeypatch.setenv(index.INDEX_ENV, url)
    assert main(["models", "install", "--from-index", "en-pl"]) == 0
    assert "argos en→pl 1.0 installed" in capsys.readouterr().out  # the result: stdout
    assert [p.pair for p in packages.installed(index_project / "pk")] == ["en-pl"]
    assert [p.name for p in (index_project / "pk").iterdir()] == ["translate-en_pl-1_0"]  # no download left
    (server.root / archive.name).unlink()  # a second run compares versions and downloads nothing
    assert main(["models", "install", "--from-index", "en-pl"]) == 0
    assert "argos en→pl 1.0 already installed (the newest in the index)" in capsys.readouterr().out


@pytest.mark.allow_hosts(["127.0.0.1"])
def test_the_examples_first_command_drafts_for_real_with_models_from_the_index(
        server: Server, project: Path, argos_packages: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """What scripts/example.sh runs after setup: install en-pl and en-ru from the index, then translate."""
    (project / "tolmach.toml").write_text('languages = ["pl", "be", "ru"]\n[mt]\npackages_dir = "pk"\n'
                                          'cache_dir = "c"\n', encoding="utf-8")
    server.publish(argos_packages["en-pl"], "en-pl")
    monkeypatch.setenv(index.INDEX_ENV, server.publish(argos_packages["en-ru"], "en-ru"))
    script = (Path(__file__).parent.parent / "scripts" / "example.sh").read_text(encoding="utf-8")
    assert "tolmach models install --from-index en-pl --from-index en-ru" in script
    assert main(["models", "install", "--from-index", "en-pl", "--from-index", "en-ru"]) == 0
    assert main(["translate", "examples/belarus-political-prisoners.en.txt", "--to", "pl,ru"]) == 0
    out = capsys.readouterr().out
    for lang in ("pl", "ru"):
        row = next(line.split() for line in out.splitlines() if line.startswith(lang + " "))
        assert int(row[3]) > 0, out  # fuzzy drafts from the downloaded model


@pytest.mark.allow_hosts(["127.0.0.1"])
@pytest.mark.parametrize("lie, message", [
    ({"sha256": "0" * 64}, "differs from the index's"),
    ({"size": 12}, "the index says 12"),
])
def test_a_download_that_does_not_match_the_index_is_refused(
        server: Server, index_project: Path, argos_packages: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], lie: dict[str, object], message: str) -> None:
    monkeypatch.setenv(index.INDEX_ENV, server.publish(argos_packages["en-pl"], "en-pl", **lie))
    assert main(["models", "install", "--from-index", "en-pl"]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert packages.installed(index_project / "pk") == []


@pytest.mark.allow_hosts(["127.0.0.1"])
def test_a_pair_the_index_lacks_names_what_it_has(server: Server, index_project: Path,
                                                  argos_packages: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(index.INDEX_ENV, server.publish(argos_packages["en-ru"], "en-ru"))
    assert main(["models", "install", "--from-index", "en-pl"]) == 2
    assert "has no en→pl package (pairs from en: en-ru)" in capsys.readouterr().err


@pytest.mark.allow_hosts(["127.0.0.1"])
def test_an_unreachable_index_is_one_line_and_exit_2(index_project: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """As on a machine with no network: no traceback, no thousands of retries."""
    s = Server(index_project / "www")  # bound, never served, then closed: the port refuses connections
    url = f"{s.url}/index.json"
    s.httpd.server_close()
    monkeypatch.setenv(index.INDEX_ENV, url)
    assert main(["models", "install", "--from-index", "en-pl"]) == 2
    err = capsys.readouterr().err
    assert f"cannot reach {url}" in err and len(err.strip().splitlines()) == 1


def test_the_index_keeps_translation_packages_and_picks_the_newest() -> None:
    raw = json.dumps([
        {"from_code": "en", "to_code": "pl", "package_version": "1.9", "links": ["http://x/a"]},
        {"from_code": "en", "to_code": "pl", "package_version": "1.10", "links": ["http://x/b"]},
        {"from_code": "en", "to_code": "pl", "type": "sbd", "links": ["http://x/c"]},
        {"from_code": "en", "links": ["http://x/d"]},
        "junk",
    ]).encode()
    entries = index.parse_index(raw, "http://x/index.json")
    assert [e.version for e in entries] == ["1.9", "1.10"]
    assert index.choose(entries, "en-pl", "http://x/index.json").links == ("http://x/b",)
