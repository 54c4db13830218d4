"""The argos package index, read directly: its JSON is a list of package entries (`from_code`, `to_code`,
`package_version`, `links`, optionally `type`, `size`, `sha256`). argostranslate is not needed for it (it
pulls torch, stanza and spaCy), and its own downloader retries an unreachable host thousands of times.

The one place tolmach touches the network, and only when asked (`tolmach models install --from-index`):
downloads use the standard library, stream into a file beside the packages directory with a progress bar,
and are refused when larger than announced or than `MAX_DOWNLOAD`, or when a checksum the index gives does
not match. Every network failure is one `TolmachError` naming the URL.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPException
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from pipeline.config import Config
from pipeline.errors import TolmachError
from pipeline.progress import Progress

if TYPE_CHECKING:
    from pipeline.mt.model import PackageInfo

DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
INDEX_ENV = "TOLMACH_PACKAGE_INDEX"
MAX_INDEX = 32 * 1024 * 1024  # the real index is about 100 KB
MAX_DOWNLOAD = 4 * 1024 ** 3  # the largest argos package is a few hundred MB
TIMEOUT = 30.0  # seconds without a byte before giving up on a host
CHUNK = 1024 * 1024
HINT = ("check the network (or set [tool.tolmach.mt] index_url), or download the .argosmodel on another "
        "machine and run `tolmach models install FILE`")


@dataclass(frozen=True)
class IndexEntry:
    from_code: str
    to_code: str
    version: str
    links: tuple[str, ...]
    size: int | None = None
    sha256: str = ""

    @property
    def pair(self) -> str:
        return f"{self.from_code}-{self.to_code}"


def index_url(config: Config) -> str:
    """`TOLMACH_PACKAGE_INDEX`, then `[tool.tolmach.mt] index_url`, then the public argos index."""
    return os.environ.get(INDEX_ENV) or config.mt.index_url or DEFAULT_INDEX


def _open(url: str) -> Any:
    if not url.startswith(("http://", "https://", "file://")):
        raise TolmachError(f"unsupported URL {url!r}", hint="use an http(s):// or file:// URL")
    try:
        return urllib.request.urlopen(urllib.request.Request(url, headers={"User-Agent": "tolmach"}),
                                      timeout=TIMEOUT)
    except urllib.error.HTTPError as exc:
        raise TolmachError(f"cannot download {url}: HTTP {exc.code} {exc.reason}", hint=HINT) from exc
    except urllib.error.URLError as exc:
        raise TolmachError(f"cannot reach {url}: {exc.reason}", hint=HINT) from exc
    except (OSError, HTTPException, ValueError) as exc:
        raise TolmachError(f"cannot reach {url}: {exc}", hint=HINT) from exc


def parse_index(data: bytes, url: str) -> list[IndexEntry]:
    """Translation packages in an index; entries that are not (other types, missing fields) are skipped."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TolmachError(f"the package index at {url} is not valid JSON: {exc}", hint=HINT) from exc
    if not isinstance(raw, list):
        raise TolmachError(f"the package index at {url} is not a JSON list of packages", hint=HINT)
    found = []
    for item in raw:
        if not isinstance(item, dict) or item.get("type", "translate") != "translate":
            continue
        src, tgt, links = item.get("from_code"), item.get("to_code"), item.get("links")
        if not (isinstance(src, str) and isinstance(tgt, str) and isinstance(links, list) and links):
            continue
        size = item.get("size")
        digest = item.get("sha256") or item.get("checksum") or ""
        found.append(IndexEntry(src, tgt, str(item.get("package_version") or "0"),
                                tuple(str(x) for x in links if isinstance(x, str)),
                                size if isinstance(size, int) and size > 0 else None,
                                str(digest).lower().removeprefix("sha256:")))
    return found


def fetch_index(url: str) -> list[IndexEntry]:
    with _open(url) as response:
        try:
            data = response.read(MAX_INDEX + 1)
        except (OSError, HTTPException) as exc:
            raise TolmachError(f"reading {url} failed: {exc}", hint=HINT) from exc
    if len(data) > MAX_INDEX:
        raise TolmachError(f"the package index at {url} is larger than {MAX_INDEX // 2 ** 20} MiB", hint=HINT)
    return parse_index(data, url)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", version)) or (0,)


def choose(entries: list[IndexEntry], pair: str, url: str) -> IndexEntry:
    """The newest package for a pair."""
    matches = [e for e in entries if e.pair == pair]
    if not matches:
        have = ", ".join(sorted({e.pair for e in entries if e.from_code == pair.split("-")[0]})) or "none"
        raise TolmachError(f"the package index at {url} has no {pair.replace('-', '→')} package "
                           f"(pairs from {pair.split('-')[0]}: {have})",
                           hint="pick another pair, or add a model you have with `tolmach models add`")
    return max(matches, key=lambda e: _version_key(e.version))


def download(entry: IndexEntry, dest: Path, max_bytes: int = MAX_DOWNLOAD) -> Path:
    """Fetch a package into `dest` from the first link that works; size and checksum checked."""
    problems = []
    for link in entry.links:
        try:
            _download_one(link, dest, entry, max_bytes)
            return dest
        except TolmachError as exc:
            problems.append(exc.message)
            dest.unlink(missing_ok=True)
    raise TolmachError(f"download of {entry.pair} failed: " + "; ".join(problems), hint=HINT)


def _download_one(url: str, dest: Path, entry: IndexEntry, max_bytes: int) -> None:
    with _open(url) as response:
        announced = response.headers.get("Content-Length")
        total = int(announced) if announced and announced.isdigit() else entry.size
        if total is not None and total > max_bytes:
            raise TolmachError(f"{url} is {total} bytes, more than the {max_bytes}-byte limit")
        digest = hashlib.sha256()
        got = 0
        with open(dest, "wb") as out, Progress(f"{entry.pair} download", total, bytes_=True) as bar:
            got = _copy(response, out, digest, bar, max_bytes, url)
    if announced and announced.isdigit() and got != int(announced):
        raise TolmachError(f"{url}: got {got} of {announced} bytes (the connection was cut)")
    if entry.size is not None and got != entry.size:
        raise TolmachError(f"{url}: {got} bytes, the index says {entry.size}")
    if entry.sha256 and digest.hexdigest() != entry.sha256:
        raise TolmachError(f"{url}: sha256 {digest.hexdigest()} differs from the index's {entry.sha256}")


def _copy(response: Any, out: IO[bytes], digest: Any, bar: Progress, max_bytes: int, url: str) -> int:
    got = 0
    while True:
        try:
            chunk = response.read(CHUNK)
        except (OSError, HTTPException) as exc:
            raise TolmachError(f"{url}: the download broke off after {got} bytes: {exc}") from exc
        if not chunk:
            return got
        got += len(chunk)
        if got > max_bytes:
            raise TolmachError(f"{url} is larger than the {max_bytes}-byte limit")
        digest.update(chunk)
        out.write(chunk)
        bar.update(len(chunk))


def install_from_index(config: Config, pair: str, packages_dir: Path) -> tuple[PackageInfo, str]:
    """The one place tolmach touches the network, and only on request: fetch the newest package of `pair`
    from the index, then install it as a local file would be (validated, staged, probed, swapped). Returns
    the installed package and what happened to it."""
    from pipeline.mt.packages import install, installed, writable_dir

    url = index_url(config)
    entry = choose(fetch_index(url), pair, url)
    have = next((p for p in installed(packages_dir) if p.pair == pair and p.version == entry.version), None)
    if have is not None:
        return have, "already installed (the newest in the index)"
    writable_dir(packages_dir)
    with tempfile.TemporaryDirectory(prefix=".download-", dir=packages_dir) as tmp:
        archive = download(entry, Path(tmp) / f"{pair}.argosmodel")
        return install(archive, packages_dir, pair)
