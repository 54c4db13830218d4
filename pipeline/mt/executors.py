"""Where engines run: in this process (the default) or on Ray actors, across one machine or many.

An executor is an `EngineLoader`: it turns a route step into an `Engine`. The in-process loader builds the
engine here. The Ray loader returns a proxy whose `translate()` cuts the sentences into batches and hands them
to a pool of Ray actors (`ray.util.ActorPool`), each of which builds the real engine once and keeps it. Ray's
own fault tolerance re-runs a batch whose actor died: the actor is restarted (on any node with room) and its
pending calls are retried, so no batch is lost and no scheduler of ours decides anything.

The draft cache stays the meeting point: `drafts.cached_drafts` writes every chunk into the cache as soon
as its batches are back, and catalogs are filled locally from it, so an interrupted or distributed run
resumes from the cache and the catalogs are the same, byte for byte, whichever executor ran.

A pivot runs as two stages: the neural step's batches go to model actors (one GPU each where the cluster
has GPUs, CPU actors otherwise), then the Apertium step's batches to CPU actors.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from pipeline.errors import TolmachError
from pipeline.mt.backends import backend_class, load_engine
from pipeline.mt.engines import Engine, EngineOutput, EngineSettings
from pipeline.mt.routes import Step

EngineLoader = Callable[[Step, EngineSettings], Engine]
RAY_INSTALL_HINT = "pip install 'tolmach[ray]' (or pip install ray) on this machine and on every node of the cluster"


@dataclass(frozen=True)
class RaySettings:
    """`--ray ADDRESS|local` and `[tool.tolmach.mt] ray = …`.

    `address` is "local" (start a Ray instance on this machine, loopback only, for this run) or what
    `ray.init(address=...)` takes for an existing cluster ("auto", "HOST:6379", "ray://HOST:10001").
    """

    address: str
    batch_size: int = 64  # sentences per actor call: large enough to keep CTranslate2 busy, small enough to spread
    actors: int | None = None  # actors per step; default: as many as the cluster has GPUs or CPUs for
    num_cpus: int | None = None  # only with address "local": CPUs Ray may use (default: all)


def in_process(step: Step, settings: EngineSettings) -> Engine:
    """The default executor: the engine runs in this process."""
    return load_engine(step, settings)


class EngineHost:
    """The body of a Ray actor: builds each step's engine the first time a batch of that step arrives, then
    keeps it, so every actor loads every model once however many batches it runs."""

    def __init__(self, loader: EngineLoader) -> None:
        self.loader = loader
        self.engines: dict[str, Engine] = {}

    def translate(self, step: Step, settings: EngineSettings, sentences: list[str]) -> list[EngineOutput]:
        engine = self.engines.get(step.key)
        if engine is None:
            engine = self.engines[step.key] = self.loader(step, settings)
        return engine.translate(sentences)

    def pid(self) -> int:
        return os.getpid()


class RayEngine:
    """An Engine for one step whose batches run on a pool of Ray actors; outputs come back in input order."""

    def __init__(self, step: Step, settings: EngineSettings, actors: list[Any], batch_size: int) -> None:
        self.step = step
        self.settings = settings
        self.actors = actors
        self.batch_size = batch_size

    def translate(self, sentences: list[str]) -> list[EngineOutput]:
        if not sentences:
            return []
        from ray.util import ActorPool

        step, settings = self.step, self.settings
        pool = ActorPool(self.actors)
        # never fewer batches than actors: a chunk smaller than actors x batch_size is shared out evenly
        size = max(1, min(self.batch_size, -(-len(sentences) // len(self.actors))))
        out: list[EngineOutput] = []
        for outputs in pool.map(lambda actor, batch: actor.translate.remote(step, settings, batch),
                                list(_batches(sentences, size))):
            out.extend(outputs)
        return out


class RayExecutor:
    """Connects to (or starts) Ray on first use. Two actor pools at most, kept for the whole run: model
    actors (one GPU each) for neural steps where the cluster has GPUs, and CPU actors (one per core) for
    everything else; actors hold their resources while they live, so the pools are shared by every step."""

    def __init__(self, settings: RaySettings, loader: EngineLoader = in_process) -> None:
        self.settings = settings
        self.loader = loader
        self.pools: dict[str, list[Any]] = {}
        self._started_here = False
        self._ray: Any = None

    @staticmethod
    def require() -> None:
        """Refuse at once, before any work, when Ray is not installed here."""
        try:
            import ray  # noqa: F401
        except ImportError as exc:
            raise TolmachError("--ray needs Ray, which is not installed", hint=RAY_INSTALL_HINT) from exc

    def __call__(self, step: Step, settings: EngineSettings) -> Engine:
        ray = self._connect()
        gpus = int(ray.cluster_resources().get("GPU", 0))
        if backend_class(step.backend).on_device and gpus:  # a model: worth a GPU each
            return RayEngine(step, settings, self._pool("gpu", gpus, num_gpus=1, num_cpus=1),
                             self.settings.batch_size)
        cpus = max(1, int(ray.cluster_resources().get("CPU", 1)) - (gpus if "gpu" in self.pools else 0))
        # on CPUs, parallel batches on one-thread actors beat one actor with several threads
        one_thread = replace(settings, inter_threads=1, intra_threads=1)
        return RayEngine(step, one_thread, self._pool("cpu", cpus, num_cpus=1), self.settings.batch_size)

    def _pool(self, name: str, default_size: int, **resources: float) -> list[Any]:
        actors = self.pools.get(name)
        if actors is None:
            host = self._ray.remote(max_restarts=3, max_task_retries=3, **resources)(EngineHost)
            actors = self.pools[name] = [host.remote(self.loader)
                                         for _ in range(self.settings.actors or default_size)]
        return actors

    def _connect(self) -> Any:
        if self._ray is not None:
            return self._ray
        self.require()
        import ray

        if not ray.is_initialized():
            try:
                if self.settings.address == "local":
                    # Ray lowers its workers' priority (niceness 15) for shared clusters; a local run is the
                    # user's own job and should compete like the in-process path does
                    os.environ.setdefault("RAY_worker_niceness", "0")
                    ray.init(num_cpus=self.settings.num_cpus, include_dashboard=False,
                             _node_ip_address="127.0.0.1", log_to_driver=False, configure_logging=False)
                else:
                    probe_address(self.settings.address)
                    ray.init(address=self.settings.address, log_to_driver=False, configure_logging=False)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                raise TolmachError(f"cannot reach the Ray cluster at {self.settings.address}: {exc}",
                                   hint="start it with `ray start --head` (see docs/ray.md), or use --ray local"
                                   ) from exc
            self._started_here = True
        self._ray = ray
        return ray

    def close(self) -> None:
        """Release the actors; stop Ray if this run started it."""
        if self._ray is None:
            return
        for actors in self.pools.values():
            for actor in actors:
                self._ray.kill(actor)
        self.pools.clear()
        if self._started_here:
            self._ray.shutdown()
        self._ray = None


CONNECT_TIMEOUT = 10.0  # seconds to reach a cluster's address before the run stops with one line


def probe_address(address: str, timeout: float = CONNECT_TIMEOUT) -> None:
    """Refuse a HOST:PORT (or ray://HOST:PORT) nothing answers on, within `timeout`: ray.init would retry for
    minutes, printing its own warnings, before it gave up."""
    import socket

    m = re.fullmatch(r"(?:ray://)?\[?([^\]/]+?)\]?:(\d{1,5})", address.strip())
    if m is None:
        return  # "auto" and the like: Ray finds the address itself, and says so quickly when there is none
    try:
        with socket.create_connection((m.group(1), int(m.group(2))), timeout=timeout):
            pass
    except (OSError, ValueError, OverflowError) as exc:
        reason = "timed out" if isinstance(exc, TimeoutError) else getattr(exc, "strerror", None) or str(exc)
        raise TolmachError(f"cannot reach the Ray cluster at {address}: {reason}",
                           hint="start it with `ray start --head` (see docs/ray.md), or use --ray local") from exc


def _batches(items: Sequence[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield list(items[start:start + size])
