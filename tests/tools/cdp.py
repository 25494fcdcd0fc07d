"""cdp.py: a small driver of a real headless Chromium over the DevTools protocol, for the console's
browser tests (tests/tools/console_browser.py). Debian's chromium and python3-websocket only; the
browser listens on 127.0.0.1 and is told to fetch nothing but what the test's hub serves.

Every JavaScript dialog (alert, confirm) is recorded and dismissed: a test that injects
<img src=x onerror=alert(1)> fails when DIALOGS is not empty. Content-Security-Policy violations
and exceptions reported by the page are recorded in PROBLEMS.
"""

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request

import websocket  # python3-websocket (websocket-client)


class Browser:
    def __init__(self, width=1280, height=900):
        self.profile = tempfile.mkdtemp(prefix="aukio-chromium-")
        exe = shutil.which("chromium") or "/usr/bin/chromium"
        self.proc = subprocess.Popen(
            [exe, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--no-first-run",
             "--no-default-browser-check", "--disable-extensions", "--disable-sync",
             "--disable-background-networking", "--disable-component-update",
             "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
             "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
             "--remote-allow-origins=http://127.0.0.1", "--lang=fi-FI",
             f"--window-size={width},{height}", f"--user-data-dir={self.profile}",
             "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.monotonic() + 30
        while not (os.path.exists(port_file) and os.path.getsize(port_file) > 0):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.close()
                raise RuntimeError("chromium did not start")
            time.sleep(0.05)
        time.sleep(0.1)
        port = int(open(port_file).read().split()[0])
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10))
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30,
                                              suppress_origin=True)
        self.next_id = 0
        self.events = []
        self.dialogs = []
        self.problems = []
        self.call("Page.enable")
        self.call("Runtime.enable")
        self.call("Log.enable")
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def close(self):
        try:
            self.ws.close()
        except Exception:
            pass
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)

    def _event(self, msg):
        method = msg.get("method")
        params = msg.get("params", {})
        if method == "Page.javascriptDialogOpening":
            self.dialogs.append(params.get("message"))
            self.send("Page.handleJavaScriptDialog", {"accept": False})
        elif method == "Log.entryAdded":
            entry = params.get("entry", {})
            if entry.get("level") == "error":
                self.problems.append(entry.get("text"))
        elif method == "Runtime.exceptionThrown":
            self.problems.append(json.dumps(params.get("exceptionDetails", {}))[:300])
        self.events.append(msg)

    def send(self, method, params=None):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params or {}}))
        return self.next_id

    def call(self, method, params=None):
        want = self.send(method, params)
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == want:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            if "method" in msg:
                self._event(msg)

    def pump(self, seconds=0.0):
        """Reads the events that arrived (dialogs are answered here)."""
        self.ws.settimeout(max(seconds, 0.01))
        try:
            while True:
                self._event(json.loads(self.ws.recv()))
        except websocket.WebSocketTimeoutException:
            pass
        finally:
            self.ws.settimeout(30)

    def js(self, expr):
        """Evaluates EXPR in the page (awaiting a promise) and returns its value."""
        r = self.call("Runtime.evaluate", {"expression": expr, "awaitPromise": True,
                                           "returnByValue": True})
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expr}: {r['exceptionDetails'].get('text')}"
                               f" {r.get('result', {}).get('description', '')}")
        return r.get("result", {}).get("value")

    def wait(self, expr, timeout=15):
        """Waits until EXPR is truthy in the page; returns its value."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                v = self.js(expr)
            except RuntimeError:
                v = None
            if v:
                return v
            if time.monotonic() > deadline:
                raise TimeoutError(f"waited {timeout} s for: {expr}")
            self.pump(0.05)

    def go(self, url):
        self.call("Page.navigate", {"url": url})
        self.wait("document.readyState === 'complete' && document.body &&"
                  " document.body.dataset.ready === '1'")

    def type_into(self, selector, text):
        """Focuses SELECTOR and types TEXT as a keyboard would (Input.insertText)."""
        self.js(f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
                f" e.focus(); e.value = ''; }})()")
        self.call("Input.insertText", {"text": text})

    def key(self, key, code=None, text=None):
        """Presses and releases one key (\"Tab\", \"Enter\"), as a keyboard would."""
        codes = {"Tab": 9, "Enter": 13, "Space": 32}
        base = {"key": key, "code": code or key, "windowsVirtualKeyCode": codes.get(key, 0)}
        down = dict(base, type="keyDown")
        if text:
            down["text"] = text
        self.call("Input.dispatchKeyEvent", down)
        self.call("Input.dispatchKeyEvent", dict(base, type="keyUp"))

    def allow_downloads(self, path):
        """Files the page downloads are saved in PATH (as a person's browser would save them)."""
        try:
            self.call("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": path})
        except RuntimeError:
            self.call("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": path})

    def click(self, selector):
        """Clicks the middle of SELECTOR with the mouse, as a person would."""
        box = self.js(f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
                      f" if (!e) return null; e.scrollIntoView({{block: 'center'}});"
                      f" const r = e.getBoundingClientRect();"
                      f" return [r.x + r.width / 2, r.y + r.height / 2]; }})()")
        if not box:
            raise RuntimeError(f"nothing to click: {selector}")
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1],
                                                   "button": "left", "clickCount": 1})

    def screenshot(self, path):
        """The whole page (not only the window) as PNG at PATH."""
        metrics = self.call("Page.getLayoutMetrics")
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        shot = self.call("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"],
                     "scale": 1}})
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
