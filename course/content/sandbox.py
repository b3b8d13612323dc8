"""Course files rendered in a separate process, under a time and a memory limit.

Python-Markdown's cost grows about quadratically on some inputs (20,000 `[` take minutes, a list
nested 2,000 levels deep 1.5 GB): rendered in the server, one such file stalls a worker. Here a
child process renders; one that runs past the time limit is killed (and a new one started for
the next file), one that runs out of its address space answers MemoryError. Either way the file
gets a content error and the server goes on.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from typing import Any

from course.content.messages import N_

RENDER_SECONDS = 10.0  # per file; an ordinary lesson renders in about 10 ms
RENDER_MEMORY = 1 << 30  # bytes of address space for the renderer (it starts at about 100 MB)
START_SECONDS = 60.0  # for a new renderer to start and import the renderer's code, outside any file's limit


class RenderLimit(Exception):
    """A file that could not be rendered within the limits; the message is for the trainer."""


class RendererUnavailable(RenderLimit):
    """The renderer itself could not start: no fault of the file, so never remembered as its error."""


def _import(name: str) -> None:
    """Import a module in the renderer, so that its import time counts against no file."""
    __import__(name)


def _serve(connection, memory: int) -> None:
    """The child: run each call it is sent, answer with its result or exception."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    while True:
        try:
            folder, function, args = connection.recv()
        except EOFError:
            return
        try:
            os.chdir(folder)
            answer = ("ok", function(*args))
        except MemoryError:
            answer = ("memory", None)
        except Exception as exc:  # the parent raises it as if the call had run there
            answer = ("raise", exc)
        connection.send(answer)


class RenderProcess:
    """One renderer process, started when first needed; calls take turns."""

    def __init__(self, memory: int = RENDER_MEMORY) -> None:
        self.memory = memory
        self._lock = threading.Lock()
        self._process = None
        self._connection = None

    def call(self, function: Callable[..., Any], *args: Any, seconds: float = RENDER_SECONDS) -> Any:
        """Return function(*args) as run in the renderer; raise RenderLimit past the limits.

        function and args must pickle: a module-level function and plain values. A renderer that
        dies during a call gets one more try in a new one: a process can die of something else than
        the file (killed from outside, the system short of memory for a moment), and a failure is
        remembered with the file's render cache entry until the file changes.
        """
        with self._lock:
            try:
                kind, value = self._once(function, args, seconds)
            except EOFError:
                try:
                    kind, value = self._once(function, args, seconds)
                except EOFError:
                    raise RenderLimit(N_("stopped the renderer (it needed too much memory): "
                                         "shorten it, or split it into several lessons")) from None
        if kind == "memory":
            raise RenderLimit(N_("needs more than %(megabytes)s MB to render: shorten it, or split it into several lessons",
                                 megabytes=self.memory >> 20))
        if kind == "raise":
            raise value
        return value

    def _once(self, function: Callable[..., Any], args: tuple, seconds: float) -> tuple[str, Any]:
        """Send one call to the renderer and return its answer; EOFError when the renderer died."""
        try:
            connection = self._start(function.__module__)
            # relative paths mean what they mean to the caller, whose folder may have changed
            connection.send((os.getcwd(), function, args))
            if not connection.poll(seconds):
                self._stop()
                limit = f"{seconds:g}"
                raise RenderLimit(N_("took longer than %(seconds)s s to render (the limit): "
                                     "shorten it, or split it into several lessons", seconds=limit))
            return connection.recv()
        except (EOFError, OSError):
            self._stop()
            raise EOFError from None

    def _start(self, module: str):
        """Return the connection to a running renderer that has imported module.

        A new renderer's start and imports (a second or more on a busy machine) must not count
        against the first file's limit: a good lesson would be refused, and its error cached.
        """
        if self._process is None or not self._process.is_alive():
            self._stop()
            # spawn, not fork: forking a threaded server process can copy a lock some thread holds
            context = multiprocessing.get_context("spawn")
            parent, child = context.Pipe()
            self._process = context.Process(target=_serve, args=(child, self.memory), name="kurs-renderer", daemon=True)
            self._process.start()
            child.close()
            self._connection = parent
            try:
                parent.send((os.getcwd(), _import, (module,)))
                started = parent.poll(START_SECONDS)
                if started:
                    parent.recv()
            except (EOFError, OSError):
                # it died before any file reached it (a broken installation, a caller's script
                # that spawn cannot import again): no fault of a file
                self._stop()
                raise RendererUnavailable(N_("the renderer stopped while starting: try again")) from None
            if not started:
                self._stop()
                seconds = f"{START_SECONDS:g}"
                raise RendererUnavailable(N_("the renderer did not start within %(seconds)s s: try again", seconds=seconds))
        return self._connection

    def stop(self) -> None:
        """End the renderer now, from any thread: a render under way gets its error, the next call a new one."""
        process = self._process
        if process is not None:
            process.kill()

    def _stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._connection.close()
        self._process = self._connection = None


class InProcess:
    """Render in this very process, without limits: for tests that patch the renderer's code."""

    def call(self, function: Callable[..., Any], *args: Any, seconds: float = RENDER_SECONDS) -> Any:
        """Return function(*args)."""
        return function(*args)

    def stop(self) -> None:
        """Nothing to stop."""


RENDERER = RenderProcess()
