"""Debian's chromium, headless, driven over the DevTools protocol for tests of HTML reports.

Why the protocol over `--remote-debugging-pipe` rather than `--dump-dom`/`--screenshot` or a
driver library: a test must see the console (errors, exceptions, blocked loads) of the page it
also inspects, set a phone's viewport, run the page's own script (click a filter, read what
is visible) and take a screenshot of the same page — one browser, one page. The pipe carries
the protocol on file descriptors 3 and 4 (JSON messages ending in a NUL byte), so nothing
listens on a port and no websocket client or driver package is needed.

    with Chromium() as browser:
        page = browser.open(Path("bao-cao.html"), width=390, height=844, mobile=True)
        page.evaluate("document.title")
        page.screenshot(Path("bao-cao.png"))
        page.console   # every console message, exception and log entry, with its level
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
         "--disable-dev-shm-usage", "--remote-debugging-pipe")


def chromium_binary() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class BrowserError(RuntimeError):
    pass


@dataclass
class Message:
    source: str                     # console | exception | log | network
    level: str                      # error | warning | info | log | debug
    text: str


@dataclass
class Page:
    browser: "Chromium"
    session: str
    console: list[Message] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def send(self, method: str, params: dict | None = None, timeout: float = 30) -> dict:
        return self.browser.send(method, params, session=self.session, timeout=timeout)

    def evaluate(self, expression: str):
        """The value of a JavaScript expression in the page (JSON-serialisable)."""
        got = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                             "awaitPromise": True})
        if "exceptionDetails" in got:
            raise BrowserError(f"{expression}: {got['exceptionDetails'].get('text')}")
        return got["result"].get("value")

    def screenshot(self, path: Path, full_page: bool = True) -> Path:
        params = {"format": "png", "captureBeyondViewport": full_page}
        data = self.send("Page.captureScreenshot", params, timeout=60)["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def errors(self) -> list[Message]:
        return [m for m in self.console if m.level == "error"]


class Chromium:
    def __init__(self, binary: str | None = None):
        self.binary = binary or chromium_binary()
        if not self.binary:
            raise BrowserError("chromium is not installed (make sysdeps installs Debian's chromium)")
        self._profile = tempfile.mkdtemp(prefix="tthc-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def wire() -> None:                 # the child's fd 3 reads commands, fd 4 writes replies
            read_end, write_end = os.dup(to_child_r), os.dup(from_child_w)   # out of the way of 3 and 4
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)
        self._log = Path(tempfile.mkdtemp(prefix="tthc-chromium-log-")) / "stderr.txt"
        with self._log.open("wb") as log:             # a file, never a pipe that could fill up
            self.proc = subprocess.Popen([self.binary, *FLAGS, f"--user-data-dir={self._profile}", "about:blank"],
                                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log,
                                         preexec_fn=wire, close_fds=False)
        os.close(to_child_r)
        os.close(from_child_w)
        self._buffer = b""
        self._next = 0
        self._events: list[dict] = []
        self.pages: dict[str, Page] = {}

    # ------------------------------------------------------------------ protocol

    def _read(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise BrowserError("chromium did not answer in time")
            import select
            ready, _, _ = select.select([self._from_child], [], [], 0.5)
            if ready:
                chunk = os.read(self._from_child, 1 << 20)
                if not chunk:
                    raise BrowserError("chromium closed the pipe: " + self._stderr_tail())
                self._buffer += chunk
            elif self.proc.poll() is not None:
                raise BrowserError(f"chromium exited ({self.proc.returncode}): " + self._stderr_tail())
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def _stderr_tail(self) -> str:
        try:
            return self._log.read_bytes().decode("utf-8", "replace")[-2000:]
        except OSError:
            return ""

    def send(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 30) -> dict:
        self._next += 1
        msg = {"id": self._next, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_child, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            self._event(reply)

    def _event(self, event: dict) -> None:
        page = self.pages.get(event.get("sessionId", ""))
        method, p = event.get("method"), event.get("params", {})
        if page is None:
            self._events.append(event)
            return
        if method == "Runtime.consoleAPICalled":
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
            level = {"warning": "warning", "error": "error", "assert": "error"}.get(p.get("type"), p.get("type", "log"))
            page.console.append(Message("console", level, text))
        elif method == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            page.console.append(Message("exception", "error",
                                        d.get("exception", {}).get("description") or d.get("text", "")))
        elif method == "Log.entryAdded":
            e = p.get("entry", {})
            level = "error" if e.get("level") == "error" else e.get("level", "info")
            page.console.append(Message("log", level, f"{e.get('source')}: {e.get('text')} {e.get('url') or ''}"))
        elif method == "Network.requestWillBeSent":
            page.requests.append(p.get("request", {}).get("url", ""))
        else:
            self._events.append(event)

    def wait_for(self, method: str, session: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            for i, e in enumerate(self._events):
                if e.get("method") == method and e.get("sessionId") == session:
                    return self._events.pop(i)
            self._event(self._read(deadline))

    # ------------------------------------------------------------------ pages

    def open(self, path: Path, *, width: int = 1280, height: int = 900, mobile: bool = False,
             scale: float = 1) -> Page:
        """A new tab showing the file, with the console and network recorded from the start."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = self.pages[session] = Page(self, session)
        for domain in ("Page", "Runtime", "Log", "Network"):
            page.send(f"{domain}.enable")
        page.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height,
                                                         "deviceScaleFactor": scale, "mobile": mobile})
        page.send("Page.navigate", {"url": Path(path).resolve().as_uri()})
        self.wait_for("Page.loadEventFired", session)
        return page

    def close(self) -> None:
        try:
            if self.proc.poll() is None:
                try:
                    self.send("Browser.close", timeout=5)
                except (BrowserError, OSError):
                    pass
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(timeout=10)
        finally:
            for fd in (self._to_child, self._from_child):
                try:
                    os.close(fd)
                except OSError:
                    pass
            shutil.rmtree(self._profile, ignore_errors=True)
            shutil.rmtree(self._log.parent, ignore_errors=True)

    def __enter__(self) -> "Chromium":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
