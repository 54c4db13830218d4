"""`tolmach serve` speaks LibreTranslate's API to its own client (`libretranslatepy`) and to Weblate's requests,
with the drafts `tolmach mt` makes, on 127.0.0.1 only, with tiny real models built offline."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlencode

import polib
import pytest
from libretranslatepy import LibreTranslateAPI
from mt_fixtures import PAIRS
from test_mt_drafts import counting_loader

from pipeline.cli import main
from pipeline.config import load_config
from pipeline.errors import TolmachError
from pipeline.mt import packages
from pipeline.mt.backends import load_engine
from pipeline.mt.drafts import EngineLoader
from pipeline.mt.engines import apertium_modes
from pipeline.serve.server import Prepared, bind, is_loopback, prepare

pytestmark = [pytest.mark.allow_hosts(["127.0.0.1"]), pytest.mark.mt]

REPO = Path(__file__).resolve().parent.parent
SENTENCES = [r["en"] for r in PAIRS[:16]]
KEY = "k3y-for-the-tests"


@pytest.fixture
def serve_project(project: Path, argos_packages: dict[str, Path]) -> Path:
    """A project with en-pl and en-ru installed (and Apertium's ru-be where Debian's package is)."""
    (project / "tolmach.toml").write_text(
        'languages = ["pl", "ru"]\n[mt]\npackages_dir = "pk"\ncache_dir = "cache"\nbeam_size = 1\n'
        '[serve]\nport = 0\n', encoding="utf-8")
    for pair in ("en-pl", "en-ru"):
        packages.install(argos_packages[pair], project / "pk")
    return project


class Running:
    """`tolmach serve` in this process (uvicorn on a thread), stopped after the test."""

    def __init__(self, ready: Prepared) -> None:
        self.ready = ready
        self.url = ready.url
        self.thread = threading.Thread(target=ready.server.run, kwargs={"sockets": [ready.sock]}, daemon=True)
        self.thread.start()
        while not ready.server.started:
            if not self.thread.is_alive():
                raise RuntimeError("the server did not start")
            time.sleep(0.02)

    @property
    def api(self) -> Any:
        return self.ready.api

    def stop(self) -> None:
        self.ready.server.should_exit = True
        self.thread.join(30)
        self.ready.sock.close()


@pytest.fixture
def start(serve_project: Path) -> Iterator[Any]:
    """Start a server for the project's settings (optionally with a loader that sees the engines' work)."""
    running: list[Running] = []

    def run(loader: EngineLoader = load_engine) -> Running:
        config = load_config(serve_project)
        server = Running(prepare(config, loader=loader, sock=bind("127.0.0.1", 0)))
        running.append(server)
        return server

    yield run
    for server in running:
        server.stop()


def post(url: str, fields: dict[str, Any], as_json: bool = False) -> tuple[int, Any, dict[str, str]]:
    """A POST as Weblate sends it: a urlencoded form (older Weblate, libretranslatepy) or JSON (Weblate 5)."""
    data = json.dumps(fields).encode() if as_json else urlencode(fields).encode()
    headers = {"Content-Type": "application/json"} if as_json else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers), timeout=60) as r:
            return r.status, json.loads(r.read()), dict(r.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read()), dict(exc.headers)


def mt_drafts(project: Path, sentences: list[str], lang: str, cache: str) -> tuple[dict[str, str], str]:
    """What `tolmach mt` drafts for the sentences (as a document's catalog), and its X-Tolmach-MT header."""
    (project / "news.txt").write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
    assert main(["extract", "news.txt"]) == 0
    assert main(["update", "--lang", lang]) == 0
    assert main(["mt", "--lang", lang, "--cache-dir", str(project / cache)]) == 0
    po = polib.pofile(str(project / "locales" / lang / "LC_MESSAGES" / "news.po"))
    return {e.msgid: e.msgstr for e in po}, po.metadata["X-Tolmach-MT"]


def test_the_libretranslate_client_lists_every_planned_pair_and_gets_the_drafts_of_tolmach_mt(
        serve_project: Path, start: Any) -> None:
    server = start()
    client = LibreTranslateAPI(server.url)
    listed = {(lang["code"], t) for lang in client.languages() for t in lang["targets"]}
    expected = {("en", "pl"), ("en", "ru")} | ({("en", "be"), ("ru", "be")} if "rus-bel" in apertium_modes() else set())
    assert listed == expected
    assert {lang["code"]: lang["name"] for lang in client.languages()}["pl"] == "Polish"
    served = {s: client.translate(s, "en", "pl") for s in SENTENCES[:6]}
    drafts, _ = mt_drafts(serve_project, SENTENCES[:6], "pl", cache="mt-cache")  # its own cache: no sharing
    assert served == drafts
    assert served == {r["en"]: r["pl"] for r in PAIRS[:6]}  # the tiny models reproduce their training pairs


def test_weblate_s_requests_get_translations_and_the_mt_signature(serve_project: Path, start: Any) -> None:
    server = start()
    # Weblate 5 (BatchMachineTranslation): JSON with q as a list; older Weblate: one form post per string
    status, body, headers = post(f"{server.url}/translate", {"api_key": "", "q": SENTENCES[:3], "source": "en",
                                                             "target": "ru"}, as_json=True)
    assert status == 200 and body == {"translatedText": [r["ru"] for r in PAIRS[:3]]}
    status, body, _ = post(f"{server.url}/translate", {"api_key": "", "q": SENTENCES[3], "source": "en",
                                                       "target": "ru"})
    assert status == 200 and body == {"translatedText": PAIRS[3]["ru"]}
    _, header = mt_drafts(serve_project, SENTENCES[:3], "ru", cache="mt-cache")
    assert unquote(headers["x-tolmach-mt"]) == header


def test_a_sentence_tolmach_mt_drafted_is_answered_by_the_draft_cache(serve_project: Path, start: Any) -> None:
    drafts, _ = mt_drafts(serve_project, SENTENCES[:4], "pl", cache="cache")  # the project's cache
    seen: list[str] = []
    server = start(counting_loader(seen))
    status, body, _ = post(f"{server.url}/translate", {"q": SENTENCES[:4], "source": "en", "target": "pl"},
                           as_json=True)
    assert status == 200 and body["translatedText"] == [drafts[s] for s in SENTENCES[:4]]
    assert set(seen) == {"Test."}  # each model's warm-up sentence only: every draft came from the cache
    warm_up = len(seen)
    post(f"{server.url}/translate", {"q": SENTENCES[5], "source": "en", "target": "pl"})
    assert seen[warm_up:] == [SENTENCES[5]]


def test_sixteen_concurrent_requests_are_answered_correctly_in_at_most_two_engine_batches(start: Any) -> None:
    server = start()
    batcher = server.api.batcher
    hold = threading.Event()
    # the engine thread is kept busy until all 16 requests wait: the worker has taken what came first, the
    # rest is queued behind it and goes to the model as one batch
    held = batcher.engine_thread.submit(hold.wait)
    before = batcher.batches
    with ThreadPoolExecutor(16) as pool:
        answers = [pool.submit(post, f"{server.url}/translate", {"q": s, "source": "en", "target": "pl"})
                   for s in SENTENCES]
        while batcher.waiting < 16:
            time.sleep(0.01)
        hold.set()
        results = [a.result() for a in answers]
    held.result()
    assert [(status, body["translatedText"]) for status, body, _ in results] == [(200, r["pl"]) for r in PAIRS[:16]]
    assert batcher.batches - before <= 2


def test_errors_come_in_libretranslate_s_shape(serve_project: Path, start: Any) -> None:
    with (serve_project / "tolmach.toml").open("a", encoding="utf-8") as f:
        f.write(f'api_keys = ["{KEY}"]\nbody_limit = 2000\nchar_limit = 500\nbatch_limit = 3\n')
    server = start()
    url = f"{server.url}/translate"
    good = {"q": SENTENCES[0], "source": "en", "target": "pl", "api_key": KEY}
    assert post(url, good)[:2] == (200, {"translatedText": PAIRS[0]["pl"]})
    cases = [
        ({**good, "api_key": "wrong-key-123"}, 403, "Invalid API key"),
        ({k: v for k, v in good.items() if k != "api_key"}, 400,
         "Please contact the server operator to get an API key"),
        ({k: v for k, v in good.items() if k != "q"}, 400, "Invalid request: missing q parameter"),
        ({**good, "target": "xx"}, 400, "xx is not supported"),
        ({**good, "source": "pl", "target": "ru"}, 400,
         "Russian (ru) is not available as a target language from Polish (pl)"),
        ({**good, "format": "markdown"}, 400, "markdown format is not supported"),
        ({**good, "q": "x" * 600}, 400, "Invalid request: request (600) exceeds text limit (500)"),
        ({**good, "q": "x" * 3000}, 413, "Request too large"),
    ]
    for fields, status, message in cases:
        got, body, _ = post(url, fields)
        assert (got, set(body)) == (status, {"error"}), (fields, body)
        assert message in body["error"], (fields, body)
    got, body, _ = post(url, {**good, "q": SENTENCES[:4]}, as_json=True)
    assert (got, body) == (400, {"error": "Invalid request: request (4) exceeds text limit (3)"})
    request = urllib.request.Request(url, data=b"{not json", headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as bad:
        urllib.request.urlopen(request, timeout=30)
    assert (bad.value.code, json.loads(bad.value.read())) == (400, {"error": "Invalid JSON format"})
    with pytest.raises(urllib.error.HTTPError) as denied:
        LibreTranslateAPI(server.url, api_key="wrong-key-123").translate(SENTENCES[0], "en", "pl")
    assert denied.value.code == 403


def test_a_client_past_the_rate_limit_gets_429(serve_project: Path, start: Any) -> None:
    with (serve_project / "tolmach.toml").open("a", encoding="utf-8") as f:
        f.write("rate_limit = 2\n")
    server = start()
    fields = {"q": SENTENCES[0], "source": "en", "target": "pl"}
    statuses = [post(f"{server.url}/translate", fields)[0] for _ in range(2)]
    status, body, headers = post(f"{server.url}/translate", fields)
    assert statuses == [200, 200] and status == 429 and body == {"error": "Slowdown: 2 per 1 minute"}
    assert headers["retry-after"] == "60"
    assert post(f"{server.url}/languages", {})[0] == 200  # listing languages is never limited


def test_auto_source_and_detect_name_the_language(start: Any) -> None:
    server = start()
    client = LibreTranslateAPI(server.url)
    assert client.detect(PAIRS[0]["en"])[0]["language"] == "en"
    status, body, _ = post(f"{server.url}/translate", {"q": SENTENCES[0], "source": "auto", "target": "pl"})
    assert status == 200 and body["translatedText"] == PAIRS[0]["pl"]
    assert body["detectedLanguage"]["language"] == "en" and 0 <= body["detectedLanguage"]["confidence"] <= 100
    status, body, _ = post(f"{server.url}/translate", {"q": SENTENCES[:2], "source": "auto", "target": "ru"},
                           as_json=True)
    assert [d["language"] for d in body["detectedLanguage"]] == ["en", "en"]


def test_html_keeps_its_markup_and_texts_keep_their_line_breaks(start: Any) -> None:
    server = start()
    page = f'<p class="lead">{SENTENCES[0]}</p>\n<pre>{SENTENCES[1]}</pre><h2 title="x">{SENTENCES[2]}</h2>'
    status, body, _ = post(f"{server.url}/translate", {"q": page, "source": "en", "target": "pl", "format": "html"})
    assert status == 200
    assert body["translatedText"] == (f'<p class="lead">{PAIRS[0]["pl"]}</p>\n<pre>{SENTENCES[1]}</pre>'
                                      f'<h2 title="x">{PAIRS[2]["pl"]}</h2>')
    text = f"{SENTENCES[0]} {SENTENCES[1]}\n\n{SENTENCES[2]}"
    status, body, _ = post(f"{server.url}/translate", {"q": text, "source": "en", "target": "pl"}, as_json=True)
    assert body["translatedText"] == f"{PAIRS[0]['pl']} {PAIRS[1]['pl']}\n\n{PAIRS[2]['pl']}"


def test_serve_settings_are_validated_like_every_section(project: Path) -> None:
    for line, message in (("port = 70000", "[serve] port: must be a port number 0-65535"),
                          ("prot = 5000", "did you mean 'port'?"),
                          ('api_keys = ["short"]', "[serve] api_keys: every key must be at least 8 characters"),
                          ("queue_limit = 0", "[serve] queue_limit: must be at least 1")):
        (project / "tolmach.toml").write_text(f"[serve]\n{line}\n", encoding="utf-8")
        with pytest.raises(TolmachError) as error:
            load_config(project)
        assert message in str(error.value), line


def test_loopback_by_default_and_a_clear_line_when_listening_beyond_it_without_keys(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert load_config(project).serve.host == "127.0.0.1"
    assert is_loopback("127.0.0.1") and is_loopback("::1") and not is_loopback("0.0.0.0")
    # an address that is not loopback and not this machine's (TEST-NET-1): the line, then bind fails
    assert main(["serve", "--host", "192.0.2.1", "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert "listening on 192.0.2.1, beyond this machine, without API keys" in err
    assert "cannot listen on 192.0.2.1:0" in err


def test_sigterm_lets_the_request_under_way_finish_and_exits_0(serve_project: Path) -> None:
    vocabulary = sorted({w for r in PAIRS for w in r["en"].rstrip(".").split()})
    texts = [" ".join(random.Random(i).sample(vocabulary, 12)) + "." for i in range(120)]
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--port", "0"], cwd=serve_project,
                               stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(REPO)})
    assert process.stderr is not None
    try:
        url = wait_for(process, "listening on ").split("listening on ")[1].strip()
        answer: list[Any] = []
        request = threading.Thread(target=lambda: answer.append(
            post(f"{url}/translate", {"q": texts, "source": "en", "target": "ru"}, as_json=True)))
        request.start()
        wait_for(process, "batch 1 started")
        process.send_signal(signal.SIGTERM)
        request.join(120)
        assert process.wait(120) == 0
    finally:
        if process.poll() is None:
            process.kill()
    status, body, _ = answer[0]
    assert status == 200 and len(body["translatedText"]) == len(texts) and all(body["translatedText"])
    rest = process.stderr.read()
    assert "batch 1 done" in rest and "stopped after" in rest
    assert not any(t in rest for t in texts)  # the log holds counts and routes, never the texts


def wait_for(process: subprocess.Popen[str], marker: str) -> str:
    assert process.stderr is not None
    for line in process.stderr:
        if marker in line:
            return line
    raise AssertionError(f"the server ended before saying {marker!r} (exit {process.wait()})")
