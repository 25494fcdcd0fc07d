"""console_reports_browser.py: the console's reports page and the event page's additions in a
real headless Chromium (tests/scripts/hub_console_reports.sh sets up the hub, its users, events
and a kiosk's sign-ups and check-ins, and passes them in CONSOLE_* variables). Reuses
console_browser.py's steps.

  the reports page in fi, sv and en (screenshots), each grouping's table adding up to the events'
  attendee lists, the CSV download's total row equal to them too, the XLSX download; a move from
  the waiting list that needs the capacity raised (asked once more), shown on the event's page;
  a long attendee list in pages; a library user's report of its own venue only.

Prints "ok N - ..." per check and exits 1 on the first failure.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import console_browser as cb  # noqa: E402
from cdp import Browser  # noqa: E402

FROM = os.environ["CONSOLE_FROM"]
TO = os.environ["CONSOLE_TO"]
check, ok, tr, shot, navigate, ready = cb.check, cb.ok, cb.tr, cb.shot, cb.navigate, cb.ready
COLS = ["events", "with_checkin", "attended", "signups", "people", "participants"]

# What the attendee lists of the events the user reaches add up to, fetched as the page does.
LIST_SUMS_JS = r"""
(async () => {
  const s = { events: 0, with_checkin: 0, attended: 0, signups: 0, people: 0, participants: 0 };
  for (const id of ["e-story", "e-work", "e-online"]) {
    const r = await fetch("/console/api/event?id=" + id, { credentials: "same-origin" });
    if (r.status !== 200) continue;
    const { attendees } = await r.json();
    let att = 0, people = 0, checked = 0;
    for (const a of attendees) {
      if (a.status === "confirmed") { s.signups++; people += a.group; }
      if (a.attended) { att += a.group; checked++; }
    }
    s.events++; s.people += people; s.attended += att; s.with_checkin += checked > 0 ? 1 : 0;
    s.participants += checked > 0 ? att : people;
  }
  return s;
})()
"""


def table_total(b):
    return b.js("Object.fromEntries([...document.querySelectorAll("
                "'[data-test=report] tr.total td')].map(td => [td.dataset.col, Number(td.textContent)]))")


def show_report(b, by):
    if not b.js("location.hash.startsWith('#/reports')"):
        navigate(b, "#/reports")
    b.wait("!!document.querySelector('[data-test=report-form]')")
    b.js(f"document.querySelector('#rfrom').value = {json.dumps(FROM)};"
         f"document.querySelector('#rto').value = {json.dumps(TO)};"
         f"document.querySelector('#rby').value = {json.dumps(by)}")
    b.js("delete document.body.dataset.ready")
    b.click("[data-test=report-show]")
    ready(b)
    b.wait(f"document.querySelector('[data-test=report] th')?.textContent === "
           f"{json.dumps(tr(b, 'report.by.' + by))}")


def adds_up(b, what):
    want = b.js(LIST_SUMS_JS)
    got = table_total(b)
    for c in COLS:
        if got[c] != want[c]:
            raise AssertionError(f"{what}: {c} is {got[c]}, the attendee lists say {want[c]}")
    # Every column's rows add up to its total too.
    rows = b.js("[...document.querySelectorAll('[data-test=report] tbody tr:not(.total)')].map(r =>"
                " Object.fromEntries([...r.querySelectorAll('td')].map(td => [td.dataset.col, Number(td.textContent)])))")
    for c in COLS:
        if sum(r[c] for r in rows) != got[c]:
            raise AssertionError(f"{what}: the rows of {c} do not add up to {got[c]}")
    ok(f"{what}: the totals equal the attendee lists ({want['people']} people, "
       f"{want['attended']} attended)")
    return want


def reports(b):
    for lang, by in (("sv", "venue"), ("en", "category"), ("fi", "municipality")):
        b.js("delete document.body.dataset.ready")
        b.click(f"[data-test=lang-{lang}]")
        ready(b)
        show_report(b, by)
        check(f"{lang}: the reports page's title", tr(b, "report.title"),
              b.js("document.querySelector('h1').textContent"))
        check(f"{lang}: an event without it is counted as unknown", tr(b, "report.unknown"),
              b.js("document.querySelector('[data-test=report] tr[data-id=unknown] th')?.textContent"))
        adds_up(b, f"{lang} by {by}")
        check(f"{lang}: every text is in the catalogue", [],
              b.js("document.body.innerText.match(/\\b(report|event|nav)\\.[a-z_.]+/g) || []"))
        cb.contrast(b, f"{lang} reports")
        shot(b, f"reports_{lang}")
    for by in ("month", "audience"):
        show_report(b, by)
        adds_up(b, f"by {by}")
    show_report(b, "municipality")
    names = b.js("[...document.querySelectorAll('[data-test=report] tbody tr:not(.total):not(.unknown) th')]"
                 ".map(x => x.textContent)")
    check("by municipality: the towns of the addresses", ["Hollola", "Lahti"], sorted(names))
    # The CSV download's total row equals the attendee lists.
    want = b.js(LIST_SUMS_JS)
    csv = b.js("fetch(document.querySelector('[data-test=report-csv]').href).then(r => r.text())")
    lines = csv.strip().split("\r\n")
    head = lines[0].split(",")
    total = dict(zip(head, lines[-1].split(",")))
    check("the CSV's head", "municipality", head[0])
    for c in COLS:
        if int(total[c]) != want[c]:
            raise AssertionError(f"the CSV's total {c} is {total[c]}, the lists say {want[c]}")
    ok("the downloaded CSV's totals equal the attendee lists")
    got = b.js("fetch(document.querySelector('[data-test=report-xlsx]').href).then(async r =>"
               " [r.headers.get('Content-Type'), r.headers.get('Content-Disposition'),"
               " new TextDecoder().decode((await r.arrayBuffer()).slice(0, 2))])")
    check("the XLSX download", ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          f"attachment; filename=\"aukio-report-municipality-{FROM}-{TO}.xlsx\"", "PK"], got)
    cb.no_script_ran(b)


def move(b):
    who, waiting = os.environ["CONSOLE_MOVE_UUID"], os.environ["CONSOLE_WAIT_UUID"]
    navigate(b, "#/event/e-story")
    row = f"tr[data-id=\"{who}\"]"
    check("Liisa waits, second in the queue", "status-waitlisted",
          b.js(f"document.querySelector('{row}').className"))
    sel = f"{row} [data-test=move]"
    b.click(sel)
    check("her party of two does not fit: the button offers the seats",
          tr(b, "event.move_raise", 2), b.wait(f"document.querySelector('{sel}').textContent === "
                                               f"{json.dumps(tr(b, 'event.move_raise', 2))} && "
                                               f"document.querySelector('{sel}').textContent"))
    b.js("delete document.body.dataset.ready")
    b.click(sel)
    b.wait(f"document.querySelector('{row}')?.className === 'status-confirmed'")
    ok("moved from the waiting list into a seat")
    check("the notice says so", tr(b, "event.move_raised", "K00003"),
          b.js("document.querySelector('.notice').textContent"))
    check("Pekka, first in the queue, still waits", "status-waitlisted",
          b.js(f"document.querySelector('tr[data-id=\"{waiting}\"]').className"))
    check("the seats shown", "Paikat: 4 / 4 · Jonossa: 1",
          b.js("document.querySelector('[data-test=seats]').textContent"))
    cb.contrast(b, "event after a move")
    shot(b, "event_move_fi")


def pages(b):
    navigate(b, "#/event/e-work")
    b.wait("!!document.querySelector('[data-test=pager]')")
    check("the first page", tr(b, "event.page_of", 1, 100, 133),
          b.js("document.querySelector('[data-test=pager] span').textContent"))
    check("... 100 rows", 100, b.js("document.querySelectorAll('[data-test=attendees] tbody tr').length"))
    b.js("delete document.body.dataset.ready")
    b.click("[data-test=page-next]")
    b.wait(f"document.querySelector('[data-test=pager] span')?.textContent === "
           f"{json.dumps(tr(b, 'event.page_of', 101, 133, 133))}")
    check("the second page: the rest", 33,
          b.js("document.querySelectorAll('[data-test=attendees] tbody tr').length"))
    check("... no next page", True, b.js("document.querySelector('[data-test=page-next]').disabled"))
    shot(b, "event_pages_fi")
    b.click("[data-test=page-prev]")
    b.wait(f"document.querySelector('[data-test=pager] span')?.textContent === "
           f"{json.dumps(tr(b, 'event.page_of', 1, 100, 133))}")
    ok("back to the first page")


def library(b):
    cb.sign_out(b)
    cb.sign_in(b, "lahti", cb.PW)
    ready(b)
    show_report(b, "venue")
    ids = b.js("[...document.querySelectorAll('[data-test=report] tbody tr')].map(r => r.dataset.id)")
    check("a library user's report: its venue only", ["aukio:place-lahti-main", "total"], ids)
    adds_up(b, "the library's report")
    shot(b, "reports_library_fi")


def main():
    b = Browser()
    try:
        b.go(cb.URL + "/console/?lang=fi")
        check("catalogue: complete and in order", [], b.js("checkCatalogue()"))
        cb.sign_in(b, "anna", cb.PW)
        ready(b)
        reports(b)
        move(b)
        pages(b)
        library(b)
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
