"""Headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`: no port, no
network), for what `--dump-dom` cannot do: a real phone viewport (a window is at least 500 px wide, device
emulation goes down to any width and applies the page's viewport meta tag like a phone), measurements taken
by script, and screenshots of any part of a page."""

from __future__ import annotations

import base64
import json
import os
import shlex
import shutil
import subprocess
from pathlib import Path
from types import TracebackType
from typing import Any

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    """One headless Chromium with one page. `open(url, width)` loads a page at a viewport width (phone-like
    below 600 px), `evaluate` runs a script expression, `screenshot` writes a PNG."""

    def __init__(self, profile: Path) -> None:
        assert CHROMIUM is not None
        to_browser, self._to = os.pipe()
        self._from, from_browser = os.pipe()
        args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"]
        # the protocol is read from fd 3 and written to fd 4 of the browser (bash: dash takes one-digit fds only)
        self._process = subprocess.Popen(["bash", "-c", f"exec {shlex.join(args)} 3<&{to_browser} 4>&{from_browser}"],
                                         pass_fds=(to_browser, from_browser), stdin=subprocess.DEVNULL,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._id = 0
        target = self._send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self._session = self._send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.send("Page.enable")

    def _message(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        result: dict[str, Any] = json.loads(message)
        return result

    def _send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> Any:
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._message()
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]

    def send(self, method: str, params: dict[str, Any] | None = None) -> Any:
        """A command to the page."""
        return self._send(method, params, self._session)

    def open(self, url: str, width: int, height: int = 900) -> None:
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
        self.send("Page.navigate", {"url": url})
        while self._message().get("method") != "Page.loadEventFired":
            pass

    def evaluate(self, expression: str) -> Any:
        return self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})["result"].get("value")

    def screenshot(self, png: Path, selector: str | None = None) -> None:
        """The viewport, or the whole box of the first element `selector` finds (at most 3,000 px tall)."""
        params: dict[str, Any] = {"format": "png"}
        if selector is not None:
            x, y, width, height = self.evaluate(
                f"(function(){{var r=document.querySelector({json.dumps(selector)}).getBoundingClientRect();"
                "return [r.x+scrollX,r.y+scrollY,r.width,r.height];})()")
            params |= {"captureBeyondViewport": True,
                       "clip": {"x": x, "y": y, "width": width, "height": min(height, 3000), "scale": 1}}
        png.write_bytes(base64.b64decode(self.send("Page.captureScreenshot", params)["data"]))

    def close(self) -> None:
        try:
            self._send("Browser.close")
        except RuntimeError:
            pass  # it closed the pipe while answering
        finally:
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.kill()
            os.close(self._to)
            os.close(self._from)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()
