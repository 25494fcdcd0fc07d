"""console_charts.py: the console's feedback charts, sources and users pages in a real headless
Chromium (tests/scripts/hub_console_charts.sh sets up the hub, its users, events, a kiosk's
feedback and a feed server, and passes them in CONSOLE_* variables).

  main  sign in; the feedback page with its four charts drawn by Debian's Chart.js in fi, sv and
        en (screenshots; nothing wider than the window; no CSP violation); the numbers the charts
        show are the hub's; a venue chosen; a visitor's <img src=x onerror=alert(1)> comment as
        text; a chart downloaded as PNG (decoded here: chunks, CRCs, pixels) and as CSV (its
        numbers); each chart downloaded as SVG in fi, sv and en (parsed: the root's size, its
        texts, every bar's number and height against the chart's data, the trend's markers),
        drawn to PNG by Chromium from an <img> (kept in the screenshots), a visitor's or a
        venue's <img src=x onerror=alert(1)> as text in it; a source added from the page, a bad URL refused saying where and why, the
        source fetched from the feed server; a user added from the page who then signs in, and
        given a new password.

Prints "ok N - ..." per check and exits 1 on the first failure.
"""

import base64
import glob
import json
import os
import struct
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console_browser as cb  # noqa: E402
from cdp import Browser  # noqa: E402
from console_browser import check, navigate, ok, ready, shot, sign_in, tr  # noqa: E402

URL = os.environ["CONSOLE_URL"]
PW = os.environ["CONSOLE_PW"]
DB = os.environ["CONSOLE_DB"]
FEED = os.environ["CONSOLE_FEED"]
DOWNLOADS = os.environ["CONSOLE_DOWNLOADS"]
SHOTS = os.environ["CONSOLE_SHOTS"]
EXPECT = json.loads(os.environ["CONSOLE_EXPECT"])  # {"scores": [...], "lahti": N, "total": N}


def sql(q):
    return subprocess.run(["sqlite3", DB, q], capture_output=True, text=True,
                          check=True).stdout.strip()


def charts_drawn(b):
    """Waits until the page's four charts are drawn by Chart.js; their keys."""
    return b.wait("(() => { const c = [...document.querySelectorAll('canvas[data-test^=chart-]')];"
                  " return c.length === 4 && c.every((x) => Chart.getChart(x))"
                  " && c.map((x) => x.dataset.test); })()")


def chart_data(b, key):
    return b.js(f"Chart.getChart(document.querySelector('[data-test=chart-{key}]'))"
                f".data.datasets.map((d) => d.data)")


def nothing_clipped(b, page):
    """No part of the page is wider than the window, and every chart fits its box."""
    wide = b.js("document.documentElement.scrollWidth - window.innerWidth")
    check(f"{page}: nothing wider than the window", True, wide <= 0)
    bad = b.js("[...document.querySelectorAll('canvas[data-test^=chart-]')].filter((c) => {"
               " const ch = Chart.getChart(c), a = ch.chartArea;"
               " return a.left < 0 || a.top < 0 || a.right > ch.width || a.bottom > ch.height"
               " || a.right - a.left < 100 || a.bottom - a.top < 80; }).map((c) => c.dataset.test)")
    check(f"{page}: every chart's plot fits its canvas", [], bad)


def downloaded(pattern, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in glob.glob(os.path.join(DOWNLOADS, pattern))
                if not p.endswith(".crdownload")]
        if done:
            # Written whole: its size the same twice, 0.2 s apart.
            size = -1
            while size != os.path.getsize(done[0]) and time.monotonic() < deadline:
                size = os.path.getsize(done[0])
                time.sleep(0.2)
            return done[0]
        time.sleep(0.1)
    raise TimeoutError(f"no download {pattern} in {DOWNLOADS}: {os.listdir(DOWNLOADS)}")


def png_decode(path):
    """Decodes the PNG at PATH: its signature, every chunk's CRC, the image data inflated and
    unfiltered. Returns (width, height, the set of distinct colours in its rows)."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise AssertionError(f"{path}: not a PNG")
    pos, idat, head = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        (crc,) = struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])
        if zlib.crc32(kind + body) != crc:
            raise AssertionError(f"{path}: a bad CRC in {kind}")
        if kind == b"IHDR":
            head = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, h, depth, colour = head[0], head[1], head[2], head[3]
    if depth != 8 or colour not in (2, 6):
        raise AssertionError(f"{path}: depth {depth} colour type {colour}")
    bpp = 4 if colour == 6 else 3
    raw = zlib.decompress(idat)
    stride = w * bpp
    if len(raw) != h * (stride + 1):
        raise AssertionError(f"{path}: {len(raw)} bytes of pixels for {w}x{h}")
    prev, colours = bytearray(stride), set()
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            up = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + up) & 255
            elif f == 3:
                line[x] = (line[x] + (a + up) // 2) & 255
            elif f == 4:
                p = a + up - c
                pa, pb, pc = abs(p - a), abs(p - up), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else up if pb <= pc else c)) & 255
        if y % 8 == 0:
            colours.update(bytes(line[i:i + 3]) for i in range(0, stride, bpp * 4))
        prev = line
    return w, h, colours


def feedback(b):
    navigate(b, "#/feedback")
    keys = charts_drawn(b)
    check("four charts drawn", ["chart-smileys", "chart-weeks", "chart-hours", "chart-reasons"], keys)
    check("the smileys chart shows the hub's counts", [EXPECT["scores"]], chart_data(b, "smileys"))
    weeks = chart_data(b, "weeks")
    check("the trend adds up to every answer", EXPECT["total"], sum(weeks[0]))
    check("the time of day adds up to every answer", EXPECT["total"], sum(chart_data(b, "hours")[0]))
    hours = chart_data(b, "hours")[0]
    check("the time of day is in Helsinki time (the kiosk's 9 to 19)", True,
          sum(hours[9:20]) == EXPECT["total"])
    check("summary", tr(b, "chart.summary", EXPECT["total"],
                        b.js(f"new Intl.NumberFormat('fi-FI', {{minimumFractionDigits: 1,"
                             f" maximumFractionDigits: 1}}).format({EXPECT['average']})")),
          b.js("document.querySelector('[data-test=summary]').textContent"))
    quotes = b.js("[...document.querySelectorAll('[data-test=comments] q')].map(q => q.textContent)")
    check("a visitor's comment is shown as text", True, os.environ["CONSOLE_XSS"] in quotes)
    cb.no_script_ran(b)
    for lang in ("fi", "sv", "en"):
        b.js("delete document.body.dataset.ready")
        b.click(f"[data-test=lang-{lang}]")
        ready(b)
        charts_drawn(b)
        check(f"{lang}: the chart's title", tr(b, "chart.smileys"),
              b.js("Chart.getChart(document.querySelector('[data-test=chart-smileys]'))"
                   ".options.plugins.title.text"))
        nothing_clipped(b, f"feedback {lang}")
        cb.contrast(b, f"feedback charts {lang}")
        shot(b, f"feedback_charts_{lang}")
    # Lahti's venue alone: its events' answers.
    b.js("(() => { const s = document.querySelector('[data-test=fb-subject]');"
         " s.value = 'venue:Lahden pääkirjasto'; s.dispatchEvent(new Event('change')); })()")
    charts_drawn(b)
    check("a venue's feedback: its events' answers", EXPECT["lahti"],
          sum(chart_data(b, "smileys")[0]))
    shot(b, "feedback_venue_en")
    b.js("(() => { const s = document.querySelector('[data-test=fb-event]');"
         " s.value = 'event:e-story'; s.dispatchEvent(new Event('change')); })()")
    charts_drawn(b)
    check("one of its events", EXPECT["story"], sum(chart_data(b, "smileys")[0]))
    check("... named", tr(b, "chart.subject"), b.js("document.querySelector('label[for=fb-subject]')"
                                                   ".textContent"))
    b.js("(() => { const s = document.querySelector('[data-test=fb-event]');"
         " s.value = ''; s.dispatchEvent(new Event('change')); })()")
    charts_drawn(b)


def downloads(b):
    b.allow_downloads(DOWNLOADS)
    b.click("[data-test=png-smileys]")
    path = downloaded("aukio-feedback-smileys-*.png")
    w, h, colours = png_decode(path)
    check("the PNG decodes, at twice the screen's pixels", True, w >= 800 and h >= 400)
    check("... on a white page, not transparent", True, b"\xff\xff\xff" in colours)
    check("... with the smileys' colours drawn", True,
          {bytes.fromhex(c) for c in ("a4161a", "1e6b35")} <= colours)
    ok(f"PNG {os.path.basename(path)}: {w}x{h}, {len(colours)} colours sampled")
    b.click("[data-test=csv-smileys]")
    path = downloaded("aukio-feedback-smileys-*.csv")
    rows = open(path, encoding="utf-8-sig").read().splitlines()
    got = [int(r.rsplit(",", 1)[1]) for r in rows[2:]]
    check("the CSV holds the chart's numbers", EXPECT["lahti_scores"], got)


SVG_NS = "{http://www.w3.org/2000/svg}"
CHART_TITLES = {"smileys": "chart.smileys", "weeks": "chart.weeks", "hours": "chart.hours",
                "reasons": "chart.reasons"}


def svg_texts(root):
    return ["".join(t.itertext()) for t in root.iter(SVG_NS + "text")]


def svg_parse(path_or_text, what):
    """The SVG at PATH (or its text) parsed by xml.etree: well-formed, an <svg> root with its
    size and viewBox. Returns the root."""
    try:
        root = (ET.fromstring(path_or_text) if path_or_text.lstrip().startswith("<")
                else ET.parse(path_or_text).getroot())
    except ET.ParseError as e:
        raise AssertionError(f"{what}: not well-formed XML: {e}")
    check(f"{what}: an <svg> root", SVG_NS + "svg", root.tag)
    w, h = int(root.get("width")), int(root.get("height"))
    check(f"{what}: its viewBox is its size", f"0 0 {w} {h}", root.get("viewBox"))
    return root


def svg_bars(b, key, root, what):
    """Every bar of ROOT against the chart the page drew: its number, and heights (widths when
    the bars lie) in proportion to the numbers."""
    data = chart_data(b, key)
    rects = [r for r in root.iter(SVG_NS + "rect") if r.get("class") == "bar"]
    values = [float(r.get("data-value")) for r in rects]
    check(f"{what}: a bar per label with the chart's numbers", [v or 0 for v in data[0]], values)
    size = "width" if key == "reasons" else "height"
    top = max(values)
    longest = max(float(r.get(size)) for r in rects)
    bad = [(v, r.get(size)) for v, r in zip(values, rects)
           if abs(float(r.get(size)) - longest * v / top) > 0.6]
    check(f"{what}: the bars' {size}s in proportion to their numbers", [], bad)
    shown = [x for x in svg_texts(root)]
    for v in values:
        if v and key != "weeks":  # a week's bar is too narrow for its number beside 104 others
            check(f"{what}: the number {int(v)} on its bar", True, b.js(
                f"new Intl.NumberFormat(AukioConsole.LOCALES[AukioConsole.state.lang])"
                f".format({int(v)})") in shown)
    if key == "weeks":
        points = [float(g.get("data-value")) for g in root.iter(SVG_NS + "g")
                  if g.get("class") == "point"]
        check(f"{what}: a marker per week with an average", [v for v in data[1] if v is not None],
              points)
        check(f"{what}: the average's line", 1,
              len([p for p in root.iter(SVG_NS + "path") if p.get("class") == "line"]))
    return values


def svg_to_png(b, text, out):
    """TEXT drawn by Chromium as an <img> (as a report would embed it) onto a white canvas,
    saved as the PNG OUT. Returns its size."""
    url = "data:image/svg+xml;base64," + base64.b64encode(text.encode()).decode()
    got = b.js("new Promise((done, fail) => { const i = new Image();"
               " i.onload = () => { const c = document.createElement('canvas');"
               " c.width = i.naturalWidth * 2; c.height = i.naturalHeight * 2;"
               " const x = c.getContext('2d'); x.scale(2, 2); x.drawImage(i, 0, 0);"
               " done([c.width, c.height, c.toDataURL('image/png')]); };"
               f" i.onerror = () => fail('not drawn'); i.src = {json.dumps(url)}; }})")
    with open(out, "wb") as f:
        f.write(base64.b64decode(got[2].split(",", 1)[1]))
    return got[0], got[1]


def svg_downloads(b):
    """Each chart as SVG in three languages, Lahti's venue chosen (feedback() left it so)."""
    for lang in ("fi", "sv", "en"):
        b.js("delete document.body.dataset.ready")
        b.click(f"[data-test=lang-{lang}]")
        ready(b)
        charts_drawn(b)
        subject = b.js("document.querySelector('[data-test=subject]').textContent")
        for key, title in CHART_TITLES.items():
            for old in glob.glob(os.path.join(DOWNLOADS, f"aukio-feedback-{key}-*.svg")):
                os.remove(old)
            b.click(f"[data-test=svg-{key}]")
            path = downloaded(f"aukio-feedback-{key}-*.svg")
            what = f"SVG {lang} {key}"
            root = svg_parse(path, what)
            texts = svg_texts(root)
            check(f"{what}: its title", tr(b, title), texts[0])
            check(f"{what}: what it is of", subject, texts[1])
            values = svg_bars(b, key, root, what)
            if key == "smileys":
                check(f"{what}: Lahti's answers", EXPECT["lahti_scores"], [int(v) for v in values])
                check(f"{what}: each smiley named", True,
                      all(tr(b, f"feedback.score{i}") in texts for i in range(1, 5)))
                check(f"{what}: in the smileys' colours", ["#a4161a", "#a04a00", "#0b5cad",
                                                           "#1e6b35"],
                      [r.get("fill") for r in root.iter(SVG_NS + "rect") if r.get("class") == "bar"])
            if key == "weeks":
                check(f"{what}: the legend names both series",
                      [tr(b, "feedback.count"), tr(b, "chart.average")],
                      ["".join(t.itertext()) for g in root.iter(SVG_NS + "g")
                       if g.get("class") == "legend" for t in g.iter(SVG_NS + "text")])
            if key == "hours":
                check(f"{what}: the hour axis named", True, tr(b, "chart.hour") in texts)
            text = open(path, encoding="utf-8").read()
            if key in ("smileys", "weeks") or lang == "fi":
                w, h = svg_to_png(b, text, os.path.join(SHOTS, f"feedback_svg_{key}_{lang}.png"))
                ok(f"{what}: {os.path.getsize(path)} bytes, drawn by Chromium as {w}x{h} PNG")
    # A visitor's or a venue's markup, put where the subject, the labels and the series go.
    xss = os.environ["CONSOLE_XSS"]
    x = json.dumps(xss)
    text = b.js("AukioChartSvg.chartSvgText({key: 'x', title: 'T', subject: " + x + ", type: 'trend',"
                " labels: [" + x + ", 'b'], series: [{name: " + x + ", values: [3, 1]},"
                " {name: " + x + ", values: [2.5, null]}]}, {ink: '#1b1f24', grid: '#d0d5dd',"
                " bar: '#0b5cad', line: '#a04a00', number: (v) => String(v),"
                " describe: (s) => s.labels.join(', ')})")
    root = svg_parse(text, "SVG of a venue named with markup")
    check("... the name is text", True, xss in svg_texts(root) and
          xss in "".join(root.find(SVG_NS + "desc").itertext()))
    check("... no element from it", [], [e.tag for e in root.iter() if "img" in e.tag.lower()])
    svg_to_png(b, text, os.path.join(SHOTS, "feedback_svg_markup.png"))
    # Two years of weeks and a long name: the axis names every few weeks, the name shortened
    # in the picture and whole in the file's <title>.
    long_name = "Digiapua: älypuhelin tutuksi · Lahden pääkirjasto, Kirkkokatu 31, " * 3
    text = b.js("AukioChartSvg.chartSvgText({key: 'x', title: 'T', subject: "
                + json.dumps(long_name) + ", type: 'trend',"
                " labels: Array.from({length: 104}, (_, i) => 'vko ' + (i % 52 + 1) + '/2026'),"
                " series: [{name: 'a', values: Array.from({length: 104}, (_, i) => i % 9)},"
                " {name: 'b', values: Array.from({length: 104}, (_, i) => i % 9 ? 1 + i % 4 : null)}]},"
                " {ink: '#1b1f24', grid: '#d0d5dd', bar: '#0b5cad', line: '#a04a00',"
                " number: (v) => String(v), describe: (s) => s.labels.join(', ')})")
    root = svg_parse(text, "SVG of two years of weeks")
    ticks = [t for t in root.iter(SVG_NS + "text") if t.get("class") == "tick"]
    check("... a week named every few weeks", True, 6 <= len(ticks) <= 20)
    xs = [float(t.get("x")) for t in ticks]
    check("... the names apart", True, min(b - a for a, b in zip(xs, xs[1:])) >= 70)
    check("... 104 bars", 104, len([r for r in root.iter(SVG_NS + "rect") if r.get("class") == "bar"]))
    sub = [t for t in root.iter(SVG_NS + "text") if t.get("class") == "subtitle"][0]
    check("... the long name shortened", True, "".join(sub.itertext()).endswith("…"))
    check("... and whole in its <title>", "T – " + long_name,
          "".join(root.find(SVG_NS + "title").itertext()))
    svg_to_png(b, text, os.path.join(SHOTS, "feedback_svg_long.png"))
    cb.no_script_ran(b)


def sources(b):
    navigate(b, "#/sources")
    before = sql("SELECT count(*) FROM sources")
    audit = sql("SELECT count(*) FROM console_audit")
    b.type_into("#sname", "kirjasto-ics")
    b.type_into("#surl", "ftp://127.0.0.1/lib.ics")
    b.js("document.querySelector('#surl').type = 'text'")  # past the browser's own check
    b.click("[data-test=source-add] button[type=submit]")
    err = b.wait("document.querySelector('[data-test=source-error]').textContent")
    check("a bad URL is refused, saying why", tr(b, "sources.why.url"), err)
    check("... and where", True, b.js("document.querySelector('#surl').classList"
                                      ".contains('field-error')"))
    check("... and nothing changed", [before, audit],
          [sql("SELECT count(*) FROM sources"), sql("SELECT count(*) FROM console_audit")])
    shot(b, "sources_refused_fi")
    b.type_into("#surl", FEED + "/lib.ics")
    b.js("delete document.body.dataset.ready")
    b.click("[data-test=source-add] button[type=submit]")
    b.wait("document.querySelector('.notice')?.textContent")
    check("a source added from the page", tr(b, "sources.added", "kirjasto-ics"),
          b.js("document.querySelector('.notice').textContent"))
    check("... stored as the shell would", "kirjasto-ics|0|60|" + FEED + "/lib.ics",
          sql("SELECT name, kind, every_min, url FROM sources WHERE name = 'kirjasto-ics'"))
    b.click("tr[data-id=\"kirjasto-ics\"] [data-test=fetch]")
    done = tr(b, "sources.fetched_ok", "kirjasto-ics", "")
    note = b.wait(f"document.querySelector('.notice')?.textContent.startsWith({json.dumps(done)})"
                  f" && document.querySelector('.notice').textContent", timeout=60)
    ok(f"fetched from the page: {note}")
    check("... its events imported", "3",
          sql("SELECT count(*) FROM events WHERE id LIKE 'ics:kirjasto-ics:%'"))
    check("... the next fetch shown", True,
          b.js("document.querySelector('tr[data-id=\"kirjasto-ics\"] [data-test=next]')"
               ".textContent") != tr(b, "sources.next_now"))
    check("... in the audit log", "anna source.add kirjasto-ics|anna source.fetch kirjasto-ics",
          sql("SELECT user || ' ' || action || ' ' || target FROM console_audit"
              " WHERE action LIKE 'source.%' ORDER BY n").replace("\n", "|"))
    cb.contrast(b, "sources")
    shot(b, "sources_fi")


def users(b):
    navigate(b, "#/users")
    b.type_into("#uname", "kirjasto2")
    b.js("document.querySelector('#urole').value = 'library'")
    b.type_into("#uvenues", "Lahden pääkirjasto")
    b.type_into("#upassword", "uusi kirjasto 2")
    b.js("delete document.body.dataset.ready")
    b.click("[data-test=user-add] button[type=submit]")
    b.wait("document.querySelector('.notice')?.textContent")
    check("a user added from the page", tr(b, "users.added", "kirjasto2"),
          b.js("document.querySelector('.notice').textContent"))
    check("... with an Argon2id hash", "$argon2id$",
          sql("SELECT substr(pw_hash, 1, 10) FROM console_users WHERE name = 'kirjasto2'"))
    check("... a library at its venue", "Lahden pääkirjasto",
          sql("SELECT venue FROM console_user_venues v JOIN console_users u ON u.id = v.user_id"
              " WHERE u.name = 'kirjasto2'"))
    check("... no remove button for oneself", 0,
          b.js("document.querySelectorAll('tr[data-id=\"anna\"] [data-test=remove]').length"))
    cb.contrast(b, "users")
    shot(b, "users_fi")
    b.click("[data-test=signout]")
    sign_in(b, "kirjasto2", "uusi kirjasto 2")
    ready(b)
    check("the new user signs in", tr(b, "top.user", "kirjasto2", tr(b, "top.role.library")),
          b.wait("document.querySelector('[data-test=who]')?.textContent"))
    b.click("[data-test=signout]")
    sign_in(b, "anna", PW)
    ready(b)
    navigate(b, "#/users")
    b.js("document.querySelector('tr[data-id=\"kirjasto2\"] details').open = true")
    b.type_into("tr[data-id=\"kirjasto2\"] input[type=password]", "toinen salasana")
    b.js("delete document.body.dataset.ready")
    b.click("tr[data-id=\"kirjasto2\"] [data-test=passwd] button[type=submit]")
    b.wait("document.querySelector('.notice')?.textContent")
    check("a password reset from the page", tr(b, "users.passwd_done", "kirjasto2"),
          b.js("document.querySelector('.notice').textContent"))
    sel = "tr[data-id=\"kirjasto2\"] [data-test=remove]"
    b.click(sel)
    b.js("delete document.body.dataset.ready")
    b.click(sel)
    gone = tr(b, "users.removed", "kirjasto2")
    b.wait(f"document.querySelector('.notice')?.textContent === {json.dumps(gone)}")
    check("a user removed from the page", "0",
          sql("SELECT count(*) FROM console_users WHERE name = 'kirjasto2'"))
    check("... in the audit log", "user.add|user.passwd|user.remove",
          sql("SELECT action FROM console_audit WHERE target = 'kirjasto2' ORDER BY n")
          .replace("\n", "|"))


def main():
    b = Browser()
    try:
        b.go(URL + "/console/?lang=fi")
        check("catalogue: complete and in order", [], b.js("checkCatalogue()"))
        sign_in(b, "anna", PW)
        ready(b)
        feedback(b)
        downloads(b)
        svg_downloads(b)
        # The page redrawn in Finnish before the next one is opened (else the redraw can wipe
        # what is typed into the next page's form).
        b.js("delete document.body.dataset.ready")
        b.click("[data-test=lang-fi]")
        ready(b)
        sources(b)
        users(b)
        cb.no_script_ran(b)
    except Exception:
        cb.failed(b)
        raise
    finally:
        b.close()


if __name__ == "__main__":
    try:
        main()
    except (AssertionError, TimeoutError, RuntimeError) as e:
        print(f"FAIL: {e}", flush=True)
        sys.exit(1)
