"""The queue between HTTP requests and the engines: requests that arrive together reach a model as one batch.

Each request puts one `Job` (a route and its distinct sentences) on a bounded asyncio queue and awaits it;
a full queue is refused at once (`Busy`: the HTTP layer answers 503), so a flood cannot pile up without
limit. One worker takes the first job waiting and every other one queued behind it or arriving within a few
milliseconds (up to `batch_sentences` sentences), merges the jobs of each route into one list of distinct
sentences and runs it on the engine thread. While a batch runs, new requests queue up and become the next
batch: under load the model sees large batches (throughput), while a lone request is barely held back
(latency).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from pipeline.mt.routes import Route

# After the first job, requests still arriving (a burst being parsed) join its batch: the worker waits while
# more keep coming, SETTLE seconds at a time, GATHER seconds at most. Without it, 32 clients fell into a
# rhythm of batches of 3 and 29 (the first answers' next requests started a small batch while the rest were
# still on their way): a lone request waits SETTLE more, at most.
SETTLE = 0.005
GATHER = 0.05
Result = TypeVar("Result")
T = TypeVar("T")


class Busy(Exception):
    """The queue is full: the client should try again shortly."""


@dataclass
class Job(Generic[Result]):
    route: Route
    sentences: list[str]
    done: asyncio.Future[Result] = field(repr=False)


class Batcher(Generic[Result]):
    """Runs `work(route, sentences, requests)` on one engine thread for merged jobs; every job gets the whole result."""

    def __init__(self, work: Callable[[Route, Sequence[str], int], Result], queue_limit: int,
                 batch_sentences: int) -> None:
        self.work = work  # (route, distinct sentences, number of requests merged)
        self.queue: asyncio.Queue[Job[Result]] = asyncio.Queue(queue_limit)
        self.batch_sentences = batch_sentences
        self.engine_thread = ThreadPoolExecutor(1, thread_name_prefix="tolmach-engines")
        self.batches = 0  # engine calls made (each with every job merged into it)
        self.waiting = 0  # jobs submitted and not answered yet (queued or in the batch under way)
        self._worker: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._worker = asyncio.get_running_loop().create_task(self._run(), name="tolmach-batcher")

    async def on_engine_thread(self, fn: Callable[[], T]) -> T:
        """Run something else on the engine thread (warm-up, closing the cache), in turn with the batches."""
        return await asyncio.get_running_loop().run_in_executor(self.engine_thread, fn)

    async def submit(self, route: Route, sentences: Sequence[str]) -> Result:
        job: Job[Result] = Job(route, list(dict.fromkeys(sentences)), asyncio.get_running_loop().create_future())
        try:
            self.queue.put_nowait(job)
        except asyncio.QueueFull:
            raise Busy(f"{self.queue.maxsize} requests are waiting for the engines") from None
        self.waiting += 1
        try:
            return await job.done
        finally:
            self.waiting -= 1

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            jobs = [await self.queue.get()]
            size = len(jobs[0].sentences)
            until = loop.time() + GATHER
            while True:
                while size < self.batch_sentences and not self.queue.empty():
                    jobs.append(self.queue.get_nowait())
                    size += len(jobs[-1].sentences)
                if size >= self.batch_sentences or loop.time() >= until:
                    break
                await asyncio.sleep(SETTLE)
                if self.queue.empty():  # nothing more came: the requests that arrived together are all in
                    break
            by_route: dict[str, list[Job[Result]]] = {}
            for job in jobs:
                by_route.setdefault(job.route.key, []).append(job)
            for group in by_route.values():
                await self._batch(group)

    async def _batch(self, group: list[Job[Result]]) -> None:
        sentences = list(dict.fromkeys(s for job in group for s in job.sentences))
        route = group[0].route
        loop = asyncio.get_running_loop()
        self.batches += 1
        try:
            result = await loop.run_in_executor(self.engine_thread, self.work, route, sentences, len(group))
        except Exception as exc:  # every job of the batch hears of it; the worker goes on
            for job in group:
                if not job.done.done():
                    job.done.set_exception(exc)
            return
        for job in group:
            if not job.done.done():
                job.done.set_result(result)

    async def stop(self) -> None:
        """After the server has finished its requests: end the worker, then the engine thread."""
        if self._worker is not None:
            self._worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._worker
        self.engine_thread.shutdown(wait=True)
