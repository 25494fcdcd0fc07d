"""console_kiosks.py: the console's kiosks page and the overview's problems in a real headless
Chromium (tests/scripts/hub_console_kiosks.sh sets up the hub and passes it in CONSOLE_*).

A kiosk added on the kiosks page shows its token, the command and the QR code (kiosks_qr_fi.png,
the text it should hold in enrol_text.txt, the API's answer in added.json, for the script's
zbarimg); what kiosks reported in the kiosks table; the overview's problems in fi, sv and en, each
with its link, and each link going to its page; an event made on a kiosk named in the list and on
its page. Prints "ok N - ..." per check and exits 1 on the first failure.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402
from console_browser import (PW, SHOTS, URL, check, contrast, failed, navigate, ok,  # noqa: E402
                             ready, shot, sign_in, tr)


def home(b):
    """To the overview (a hash that does not change draws nothing anew)."""
    if b.js("location.hash") not in ("", "#/"):
        navigate(b, "#/")


def kiosks_page(b):
    navigate(b, "#/kiosks")
    b.wait("!!document.querySelector('[data-test=kiosk-add]')")
    row = "tr[data-id=\"lahti-aula\"]"
    check("records waiting as reported", "3",
          b.js(f"document.querySelector('{row} [data-test=waiting]').textContent"))
    check("the version as reported", "0.1.0",
          b.js(f"document.querySelector('{row} [data-test=version]').textContent"))
    check("an older kiosk reported nothing", tr(b, "kiosks.not_reported"),
          b.js("document.querySelector('tr[data-id=\"hollola-vanha\"] [data-test=version]').textContent"))
    # Keep the API's answer for the script: the page's own fetch, as the form sends it.
    b.js("window.__added = null; const f = window.fetch; window.fetch = async (...a) => {"
         " const r = await f(...a); if (String(a[0]).endsWith('kiosks/add'))"
         " r.clone().json().then(j => { window.__added = j; }); return r; }")
    b.type_into("#kname", "lahti-lapset")
    b.type_into("#venue", "Lahden pääkirjasto")
    b.click("[data-test=kiosk-add] button[type=submit]")
    b.wait("!!document.querySelector('[data-test=qr]') && document.querySelector('[data-test=qr]').complete")
    b.wait("window.__added !== null")
    text = b.js("document.querySelector('[data-test=enrol-text]').textContent")
    command = b.js("document.querySelector('[data-test=enrol-command]').textContent")
    token = command.split(" ")[-1]
    check("the enrolment text", f"aukio-enrol:v1?hub={URL}&token={token}", text)
    check("the QR code is the hub's SVG", True,
          b.js("document.querySelector('[data-test=qr]').src.startsWith('data:image/svg+xml;base64,')"))
    check("the QR code is drawn", True, b.js("document.querySelector('[data-test=qr]').naturalWidth > 100"))
    check("it has a text alternative", tr(b, "kiosks.qr_alt", "lahti-lapset"),
          b.js("document.querySelector('[data-test=qr]').alt"))
    with open(os.path.join(SHOTS, "enrol_text.txt"), "w") as f:
        f.write(text)
    with open(os.path.join(SHOTS, "added.json"), "w") as f:
        json.dump(b.js("window.__added"), f)
    contrast(b, "kiosks with the QR code")
    shot(b, "kiosks_qr_fi")
    problems_console = [p for p in b.problems if "Failed to load resource" not in p]
    check("no CSP violation or exception", [], problems_console)


def problems(b, lang):
    home(b)
    b.js("delete document.body.dataset.ready")
    b.click(f"[data-test=lang-{lang}]")
    ready(b)
    b.wait("!!document.querySelector('[data-test=problems] li')")
    items = b.js("[...document.querySelectorAll('[data-test=problems] li')].map(li => ["
                 "li.dataset.test, li.firstChild.textContent, li.querySelector('a')?.getAttribute('href')])")
    kinds = sorted(i[0] for i in items)
    check(f"{lang}: the problems", ["problem-kiosk_silent", "problem-mail_failed", "problem-source_failed"],
          kinds)
    links = {i[0]: i[2] for i in items}
    check(f"{lang}: a silent kiosk links to the kiosks", "#/kiosks", links["problem-kiosk_silent"])
    check(f"{lang}: a failed source links to the sources", "#/sources", links["problem-source_failed"])
    check(f"{lang}: bounced mail links to its event", "#/event/e-story", links["problem-mail_failed"])
    texts = {i[0]: i[1] for i in items}
    title = {"fi": "Satutunti", "sv": "Sagostund", "en": "Storytime"}[lang]
    if "hollola-vanha" not in texts["problem-kiosk_silent"] or "lahti-ics" not in texts["problem-source_failed"]:
        raise AssertionError(f"{lang}: the sentences: {texts}")
    if title not in texts["problem-mail_failed"] or "2" not in texts["problem-mail_failed"]:
        raise AssertionError(f"{lang}: the mail's sentence: {texts['problem-mail_failed']}")
    ok(f"{lang}: each problem a sentence naming what is wrong")
    made = b.js("document.querySelector('tr[data-id=\"spot:lahti-aula:1\"] [data-test=made-by]')?.textContent")
    check(f"{lang}: the event made on a kiosk says so in the list", tr(b, "event.made_by", "lahti-aula"), made)
    contrast(b, f"{lang} overview with problems")
    shot(b, f"overview_problems_{lang}")


def follow_links(b):
    for href, wait in (("#/kiosks", "[data-test=kiosk-add]"), ("#/sources", "[data-test=sources]"),
                       ("#/event/e-story", "[data-test=event-title]")):
        home(b)
        b.wait("!!document.querySelector('[data-test=problems] li')")
        b.js("delete document.body.dataset.ready")
        b.click(f"[data-test=problems] a[href=\"{href}\"]")
        ready(b)
        b.wait(f"!!document.querySelector('{wait}')")
        ok(f"the link {href} goes to where to act")
    navigate(b, "#/event/" + "spot%3Alahti-aula%3A1")
    b.wait("!!document.querySelector('[data-test=event-title]')")
    check("the event page names the kiosk that made it", tr(b, "event.made_by", "lahti-aula"),
          b.js("document.querySelector('[data-test=made-by]').textContent"))
    shot(b, "event_made_by_fi")


def main():
    b = Browser()
    try:
        b.go(URL + "/console/?lang=fi")
        check("catalogue: complete and in order", [], b.js("checkCatalogue()"))
        sign_in(b, "anna", PW)
        ready(b)
        kiosks_page(b)
        for lang in ("sv", "en", "fi"):
            problems(b, lang)
        follow_links(b)
    except Exception:
        failed(b)
        raise
    finally:
        b.close()


if __name__ == "__main__":
    try:
        main()
    except (AssertionError, TimeoutError, RuntimeError) as e:
        print(f"FAIL: {e}", flush=True)
        sys.exit(1)
