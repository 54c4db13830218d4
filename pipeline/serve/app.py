"""The LibreTranslate HTTP API, as its clients use it (LibreTranslate's app.py, `libretranslatepy`, Weblate's
`weblate/machinery/libretranslate.py`), on Starlette.

- `GET /languages`: `[{"code", "name", "targets"}]`, from the routes planned at start.
- `POST /translate`: form (urlencoded or multipart), query or JSON fields `q` (a string, or a list in JSON),
  `source` (a code or `auto`), `target`, `format` (`text`, `html`), `api_key`. Answers
  `{"translatedText": str | [str]}`, with `"detectedLanguage": {"confidence", "language"}` (a list for a
  list) when the source was `auto`, and the MT signature in the `X-Tolmach-MT` header.
- `POST /detect`: `[{"confidence", "language"}]`, best first, among the languages the server translates from.
- `GET /frontend/settings`: the limits and whether a key is needed, as LibreTranslate's web page reads them.

Errors are `{"error": "..."}`: 400 bad input (and, as LibreTranslate, a missing key or a text over the
character or batch limit), 403 a wrong key, 413 a body over `body_limit`, 429 past `rate_limit`, 503 when
the engine queue is full. Logs never hold the texts: counts, routes and times only.
"""

from __future__ import annotations

import hmac
import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, quote

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route as HttpRoute

from pipeline.align.langid import MIN_LETTERS, ranked
from pipeline.config import Config
from pipeline.errors import TolmachError
from pipeline.mt.routes import Route
from pipeline.serve.batching import Batcher, Busy
from pipeline.serve.service import Drafted, DraftService, language_name
from pipeline.serve.texts import Cut, cut_html, cut_text

log = logging.getLogger("tolmach.serve")
FORMATS = ("text", "html")
SIGNATURE_HEADER = "X-Tolmach-MT"  # percent-encoded UTF-8: urllib.parse.unquote gives the PO header's value


class ApiError(Exception):
    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


@dataclass
class RequestLog:
    """What one request's log line says: never a text, only what and how much."""

    texts: int = 0
    sentences: int = 0
    routes: str = ""


class Api:
    """The handlers, over a `DraftService` whose work runs on the batcher's engine thread."""

    def __init__(self, config: Config, service: DraftService, api_keys: Sequence[str], url: str = "") -> None:
        self.config = config
        self.url = url
        self.settings = config.serve
        self.service = service
        self.offer = service.offer
        self.api_keys = tuple(api_keys)
        self.batcher: Batcher[Drafted] = Batcher(self.draft_batch, self.settings.queue_limit,
                                                 self.settings.batch_sentences)
        self.limiter: Any = None
        if self.settings.rate_limit:
            from limits import RateLimitItemPerMinute
            from limits.storage import MemoryStorage
            from limits.strategies import MovingWindowRateLimiter

            self.limiter = MovingWindowRateLimiter(MemoryStorage())
            self.limit = RateLimitItemPerMinute(self.settings.rate_limit)

    # --- the application -------------------------------------------------------------------------------

    def app(self) -> Starlette:
        routes = [
            HttpRoute("/languages", self.endpoint(self.languages, guarded=False), methods=["GET", "POST"]),
            HttpRoute("/translate", self.endpoint(self.translate), methods=["POST"]),
            HttpRoute("/detect", self.endpoint(self.detect), methods=["POST"]),
            HttpRoute("/frontend/settings", self.endpoint(self.frontend_settings, guarded=False), methods=["GET"]),
        ]

        async def http_error(request: Request, exc: Exception) -> Response:
            assert isinstance(exc, HTTPException)
            return JSONResponse({"error": exc.detail}, exc.status_code, headers=exc.headers)

        return Starlette(routes=routes, exception_handlers={HTTPException: http_error}, lifespan=self.lifespan)

    def lifespan(self, app: Starlette) -> Any:
        from contextlib import asynccontextmanager

        @asynccontextmanager
        async def running(app: Starlette) -> Any:
            self.batcher.start()
            started = time.perf_counter()
            models = await self.batcher.on_engine_thread(self.service.warm_up)
            log.info("serve: %d route(s) over %d model step(s), loaded in %.1f s; keys %s, rate limit %s",
                     len(self.offer.routes), models, time.perf_counter() - started,
                     "required" if self.api_keys else "not required",
                     f"{self.settings.rate_limit}/min" if self.settings.rate_limit else "none")
            log.info("serve: listening on %s", self.url)
            try:
                yield
            finally:
                await self.batcher.on_engine_thread(self.service.close)
                await self.batcher.stop()
                log.info("serve: stopped after %d engine batch(es)", self.batcher.batches)

        return running(app)

    def draft_batch(self, route: Route, sentences: Sequence[str], requests: int) -> Drafted:
        """The batcher's work, on the engine thread: one merged batch of distinct sentences, logged as it starts
        and ends."""
        number = self.batcher.batches
        log.info("serve: batch %d started: %s, %d sentence(s) from %d request(s)", number, route.label,
                 len(sentences), requests)
        done = self.service.draft(route, sentences)
        log.info("serve: batch %d done: %d from the cache, %d translated, %.0f ms", number, done.cached,
                 done.translated, done.seconds * 1000)
        return done


    def endpoint(self, handler: Callable[[Request, RequestLog], Awaitable[Response]], guarded: bool = True
                 ) -> Callable[[Request], Awaitable[Response]]:
        """Reads and checks the request (size, key, rate), turns `ApiError` into LibreTranslate's shape and logs
        one line per request."""

        async def run(request: Request) -> Response:
            started = time.perf_counter()
            info = RequestLog()
            try:
                fields = await self.fields(request)
                request.state.fields = fields
                if guarded:
                    self.check_access(request, fields)
                response = await handler(request, info)
            except ApiError as exc:
                response = JSONResponse({"error": exc.message}, exc.status, headers=exc.headers)
            except TolmachError as exc:
                response = JSONResponse({"error": exc.message}, 400)
            except Exception as exc:  # a failed engine: said to the client as LibreTranslate says it
                log.exception("serve: %s %s failed", request.method, request.url.path)
                response = JSONResponse({"error": f"Cannot translate text: {exc}"}, 500)
            took = (time.perf_counter() - started) * 1000
            counts = f" texts={info.texts} sentences={info.sentences}" if info.texts else ""
            log.info("serve: %s %s %d%s%s %.0f ms", request.method, request.url.path, response.status_code,
                     f" {info.routes}" if info.routes else "", counts, took)
            return response

        return run

    async def fields(self, request: Request) -> dict[str, Any]:
        """The request's fields, from JSON, a form or the query (LibreTranslate reads `request.values`)."""
        declared = request.headers.get("content-length")
        limit = self.settings.body_limit
        if limit and declared and declared.isdigit() and int(declared) > limit:
            raise ApiError(413, f"Request too large: {declared} bytes (limit {limit})")
        body = b""
        async for chunk in request.stream():
            body += chunk
            if limit and len(body) > limit:
                raise ApiError(413, f"Request too large: over {limit} bytes")
        found: dict[str, Any] = dict(request.query_params)
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind == "application/json" or (kind.endswith("+json")):
            try:
                data = json.loads(body or b"null")
            except (ValueError, UnicodeDecodeError):
                raise ApiError(400, "Invalid JSON format") from None
            if not isinstance(data, dict):
                raise ApiError(400, "Invalid JSON format")
            found.update(data)
            request.state.is_json = True
            return found
        request.state.is_json = False
        if kind == "multipart/form-data":
            form = await request.form()
            found.update({k: v for k, v in form.items() if isinstance(v, str)})
        elif body:
            try:
                pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True)
            except UnicodeDecodeError:
                raise ApiError(400, "Invalid request: the form is not UTF-8") from None
            for key, value in pairs:
                found.setdefault(key, value)  # the first value, as Flask's request.values.get
        return found

    def check_access(self, request: Request, fields: Mapping[str, Any]) -> None:
        key = fields.get("api_key")
        key = key if isinstance(key, str) and key else None
        if self.api_keys:
            if key is None:
                raise ApiError(400, "Please contact the server operator to get an API key")
            if not any(hmac.compare_digest(key.encode(), k.encode()) for k in self.api_keys):
                raise ApiError(403, "Invalid API key")
        if self.limiter is not None:
            client = f"key:{key}" if key else f"ip:{request.client.host if request.client else '-'}"
            if not self.limiter.hit(self.limit, client):
                raise ApiError(429, f"Slowdown: {self.settings.rate_limit} per 1 minute", {"Retry-After": "60"})

    # --- the endpoints -----------------------------------------------------------------------------------

    async def languages(self, request: Request, info: RequestLog) -> Response:
        return JSONResponse(self.offer.languages())

    async def frontend_settings(self, request: Request, info: RequestLog) -> Response:
        source = self.config.source_lang
        targets = self.offer.targets(source)
        target = next((t for t in self.config.languages if t in targets), targets[0] if targets else source)
        return JSONResponse({
            "charLimit": self.settings.char_limit or -1, "frontendTimeout": 500, "apiKeys": bool(self.api_keys),
            "keyRequired": bool(self.api_keys), "suggestions": False, "filesTranslation": False,
            "supportedFilesFormat": [],
            "language": {"source": {"code": source, "name": language_name(source)},
                         "target": {"code": target, "name": language_name(target)}}})

    async def detect(self, request: Request, info: RequestLog) -> Response:
        q = request.state.fields.get("q")
        if not q:
            raise ApiError(400, "Invalid request: missing q parameter")
        if not isinstance(q, str):
            raise ApiError(400, "Invalid request: q must be a string")
        self.check_size([q])
        return JSONResponse(self.detected(q))

    def detected(self, text: str) -> list[dict[str, Any]]:
        """Candidates among the languages translated from, best first; confidence 0-100 as LibreTranslate's
        (each candidate's share of the positive scores). None known: the project's source, confidence 0."""
        sources = set(self.offer.sources)
        scores = [(lang, score) for lang, score in ranked(text) if lang in sources]
        positive = sum(max(s, 0.0) for _, s in scores)
        found = [{"confidence": round(100 * max(s, 0.0) / positive, 1) if positive else 0.0, "language": lang}
                 for lang, s in scores]
        fallback = self.config.source_lang if self.config.source_lang in sources else next(iter(sorted(sources)), "")
        return found or [{"confidence": 0.0, "language": fallback}]

    def check_size(self, texts: Sequence[str]) -> None:
        chars = sum(len(t) for t in texts)
        if self.settings.char_limit and chars > self.settings.char_limit:
            raise ApiError(400, f"Invalid request: request ({chars}) exceeds text limit ({self.settings.char_limit})")

    async def translate(self, request: Request, info: RequestLog) -> Response:
        fields = request.state.fields
        q, source, target = fields.get("q"), fields.get("source"), fields.get("target")
        for name, value in (("q", q), ("source", source), ("target", target)):
            if not value:
                raise ApiError(400, f"Invalid request: missing {name} parameter")
        if not isinstance(source, str) or not isinstance(target, str):
            raise ApiError(400, "Invalid request: source and target must be language codes")
        batch = isinstance(q, list)
        texts: list[str] = q if isinstance(q, list) else [q]
        if not all(isinstance(t, str) for t in texts):
            raise ApiError(400, "Invalid request: q must be a string or a list of strings")
        if not request.state.is_json:
            texts = ["\n".join(t.splitlines()) for t in texts]  # LF only, as LibreTranslate counts them
        if batch and self.settings.batch_limit and len(texts) > self.settings.batch_limit:
            raise ApiError(400, f"Invalid request: request ({len(texts)}) exceeds text limit "
                                f"({self.settings.batch_limit})")
        self.check_size(texts)
        text_format = fields.get("format") or "text"
        if text_format not in FORMATS:
            raise ApiError(400, f"{text_format} format is not supported")
        detected: list[dict[str, Any]] = (self.sources_of(texts) if source == "auto"
                                          else [{"confidence": 100.0, "language": source}] * len(texts))
        known = {c for pair in self.offer.routes for c in pair}
        routes: list[Route] = []
        for d in detected:
            for code in (d["language"], target):
                if code not in known:
                    raise ApiError(400, f"{code} is not supported")
            route = self.offer.route(d["language"], target)
            if route is None:
                raise ApiError(400, f"{language_name(target)} ({target}) is not available as a target language "
                                    f"from {language_name(d['language'])} ({d['language']})")
            routes.append(route)
        cuts: list[Cut] = [cut_html(t, r.steps[0].source, self.config.cleanup) if text_format == "html"
                           else cut_text(t, r.steps[0].source) for t, r in zip(texts, routes, strict=True)]
        out = await self.drafts(routes, cuts, info)
        info.texts = len(texts)
        body: dict[str, Any] = {"translatedText": out if batch else out[0]}
        if source == "auto":
            body["detectedLanguage"] = detected if batch else detected[0]
        signatures = dict.fromkeys(self.service.signature(r) for r in routes)
        return JSONResponse(body, headers={SIGNATURE_HEADER: ", ".join(quote(s, safe=" |:,;=()/+-_.@") for s in
                                                                          signatures)})

    def sources_of(self, texts: Sequence[str]) -> list[dict[str, Any]]:
        """`source=auto`: each text's language; texts too short to tell take that of all the texts together
        (as LibreTranslate does)."""
        overall = self.detected("\n".join(texts))[0]
        return [self.detected(t)[0] if sum(c.isalpha() for c in t) >= MIN_LETTERS else overall for t in texts]

    async def drafts(self, routes: Sequence[Route], cuts: Sequence[Cut], info: RequestLog) -> list[str]:
        """Each text's translation; its sentences go through the batcher, one job per route."""
        import asyncio

        by_route: dict[str, tuple[Route, list[str]]] = {}
        for route, cut in zip(routes, cuts, strict=True):
            by_route.setdefault(route.key, (route, []))[1].extend(cut.sentences)
        jobs = [(route, list(dict.fromkeys(s for s in sentences if s))) for route, sentences in by_route.values()]
        try:
            results = await asyncio.gather(*(self.batcher.submit(route, sentences) for route, sentences in jobs
                                              if sentences))
        except Busy as exc:
            raise ApiError(503, f"Server busy: {exc}; try again", {"Retry-After": "1"}) from None
        drafts: dict[str, dict[str, str]] = {}
        for (route, sentences), result in zip([j for j in jobs if j[1]], results, strict=True):
            drafts[route.key] = result.drafts
            info.sentences += len(sentences)
        info.routes = ", ".join(route.label for route, _ in jobs)
        return [cut.translated(drafts.get(route.key, {})) for route, cut in zip(routes, cuts, strict=True)]
