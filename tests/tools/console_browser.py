"""console_browser.py: the console in a real headless Chromium (tests/scripts/hub_console.sh sets
up the hub, its users, events and kiosk sign-ups, and passes them in CONSOLE_* variables).

  main    sign in; the overview and an event in fi, sv and en (screenshots); the visitor named
          <img src=x onerror=alert(1)> shown as text with no dialog and no <img>; the catalogue's
          check; a cancel that promotes the one waiting; a kiosk added (its token shown) and one
          revoked; the audit log; a library user's overview; sign out; ten wrong passwords lock
          the account (and the right one is refused while it is locked, with the answer a wrong name
          gets).
  expiry  a session left unused past the hub's idle time is sent to sign in, saying why.

Prints "ok N - ..." per check and exits 1 on the first failure.
"""

import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402

URL = os.environ["CONSOLE_URL"]
PW = os.environ["CONSOLE_PW"]
SHOTS = os.environ["CONSOLE_SHOTS"]
STEP = 0


def ok(what):
    global STEP
    STEP += 1
    print(f"ok {STEP} - {what}", flush=True)


def check(what, want, got):
    if want != got:
        raise AssertionError(f"{what}: expected {want!r}, got {got!r}")
    ok(what)


def tr(b, key, *args):
    return b.js(f"t({json.dumps(key)}, ...{json.dumps(list(args))})")


def ready(b):
    b.wait("document.body.dataset.ready === '1'")


def navigate(b, hash_):
    b.js("delete document.body.dataset.ready")
    b.js(f"location.hash = {json.dumps(hash_)}")
    ready(b)


def sign_in(b, name, password):
    b.wait("!!document.querySelector('[data-test=signin]')")
    b.type_into("#name", name)
    b.type_into("#password", password)
    b.js("delete document.body.dataset.ready")
    b.click("[data-test=signin] button[type=submit]")


def shot(b, name):
    path = os.path.join(SHOTS, name + ".png")
    b.screenshot(path)
    ok(f"screenshot {path}")


# WCAG 2.1 AA (1.4.3): every visible text against its background at least 4.5:1, large text
# (24 px, or 18.66 px bold) 3:1. Colours as the browser computed them; the background is the
# first one that is not transparent, up the tree. Disabled controls are exempt.
CONTRAST_JS = r"""
(() => {
  const rgb = (s) => { const m = s.match(/[\d.]+/g).map(Number); return m.length > 3 ? m : [...m, 1]; };
  const lum = ([r, g, b]) => { const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const bg = (e) => { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
    if (c[3] > 0) return c; } return [255, 255, 255, 1]; };
  const bad = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const e = n.parentElement;
    if (!n.textContent.trim() || !e || e.closest("[disabled]") || !e.getClientRects().length) continue;
    const s = getComputedStyle(e);
    if (s.visibility === "hidden") continue;
    const fg = rgb(s.color), back = bg(e);
    const a = lum(fg), c = lum(back);
    const ratio = (Math.max(a, c) + 0.05) / (Math.min(a, c) + 0.05);
    const px = parseFloat(s.fontSize), bold = Number(s.fontWeight) >= 700;
    const need = px >= 24 || (bold && px >= 18.66) ? 3 : 4.5;
    if (ratio < need) bad.push(`${n.textContent.trim().slice(0, 30)}: ${ratio.toFixed(2)} < ${need}`);
  }
  return bad;
})()
"""


def contrast(b, page):
    check(f"{page}: WCAG AA contrast of every text", [], b.js(CONTRAST_JS))


def no_script_ran(b):
    b.pump(0.2)
    check("no dialog opened (no injected script ran)", [], b.dialogs)
    check("no <img> on the page", 0, b.js("document.images.length"))
    problems = [p for p in b.problems if "Failed to load resource" not in p]
    check("no CSP violation or exception", [], problems)


def overview_and_event(b, lang):
    b.click(f"[data-test=lang-{lang}]")
    ready(b)
    check(f"{lang}: the page's language", lang, b.js("document.documentElement.lang"))
    navigate(b, "#/")
    b.wait("!!document.querySelector('[data-test=problems]')")
    check(f"{lang}: overview title", tr(b, "overview.title"), b.js("document.querySelector('h1').textContent"))
    titles = b.js("[...document.querySelectorAll('tr[data-id]')].map(r => r.dataset.id)")
    for ev in ("e-today", "e-story", "e-hollola"):
        if ev not in titles:
            raise AssertionError(f"{lang}: {ev} not on the overview: {titles}")
    ok(f"{lang}: the coordinator's overview lists every event")
    contrast(b, f"{lang} overview")
    check(f"{lang}: seats taken / capacity of today's event", "2 / 2",
          b.js("document.querySelector('tr[data-id=\"e-today\"] td.num').textContent"))
    shot(b, f"overview_{lang}")
    navigate(b, "#/event/e-today")
    b.wait("!!document.querySelector('[data-test=attendees]')")
    names = b.js("[...document.querySelectorAll('[data-test=attendees] td[data-test=name]')]"
                 ".map(td => td.textContent)")
    xss = os.environ["CONSOLE_XSS"]
    if xss not in names:
        raise AssertionError(f"{lang}: the visitor's name is not shown as text: {names}")
    ok(f"{lang}: {xss} is shown as text")
    no_script_ran(b)
    contrast(b, f"{lang} event")
    # The download link works with the page's own session (same origin, the cookie).
    got = b.js("fetch(document.querySelector('[data-test=export-csv]').href)"
               ".then(r => r.text())")
    if "Maija Meikäläinen" not in got or not got.startswith("event_id,"):
        raise AssertionError(f"{lang}: the export: {got[:200]}")
    ok(f"{lang}: the attendees' CSV downloads")
    shot(b, f"event_{lang}")


def cancel_promotes(b):
    cancel = os.environ["CONSOLE_CANCEL_UUID"]
    promoted = os.environ["CONSOLE_PROMOTED_UUID"]
    check("the one waiting is waitlisted", "status-waitlisted",
          b.js(f"document.querySelector('tr[data-id=\"{promoted}\"]').className"))
    sel = f"tr[data-id=\"{cancel}\"] [data-test=cancel]"
    b.click(sel)
    check("cancel asks once more", tr(b, "event.cancel_confirm"),
          b.js(f"document.querySelector('{sel}').textContent"))
    b.js("delete document.body.dataset.ready")
    b.click(sel)
    b.wait(f"document.querySelector('tr[data-id=\"{cancel}\"]')?.className === 'status-cancelled'")
    ok("the sign-up is cancelled")
    check("the one waiting is promoted", "status-confirmed",
          b.js(f"document.querySelector('tr[data-id=\"{promoted}\"]').className"))
    check("the notice says so", tr(b, "event.cancel_done", "MAI123"),
          b.js("document.querySelector('.notice').textContent"))
    shot(b, "event_cancelled_fi")
    # Fewer seats than are taken is refused; more are saved and said so.
    b.js("document.querySelector('details.edit').open = true")
    b.type_into("#capacity", "1")
    b.click("[data-test=edit] button[type=submit]")
    check("fewer seats than taken: refused", tr(b, "event.edit_taken"),
          b.wait("document.querySelector('[data-test=edit-error]').textContent"))
    b.type_into("#capacity", "3")
    b.js("delete document.body.dataset.ready")
    b.click("[data-test=edit] button[type=submit]")
    want = tr(b, "event.edit_done")
    check("more seats: saved", want,
          b.wait(f"[...document.querySelectorAll('.notice')].map(n => n.textContent)"
                 f".find(t => t === {json.dumps(want)})"))
    check("... and shown", "Paikat: 2 / 3 · Jonossa: 0",
          b.js("document.querySelector('[data-test=seats]').textContent"))
    # A new time, as the datetime-local field holds it: Finnish time, whatever the browser's.
    navigate(b, "#/event/e-story")
    b.js("document.querySelector('details.edit').open = true;"
         "document.querySelector('#start').value = '2030-06-15T18:30'")
    b.click("[data-test=edit] button[type=submit]")
    b.wait("[...document.querySelectorAll('.notice')].length > 0")
    check("the new time is the event's", b.js("when('2030-06-15T15:30:00Z')"),
          b.js("document.querySelector('p.meta').textContent.split(' · ')[0]"))
    check("... and the field shows it", "2030-06-15T18:30", b.js("document.querySelector('#start').value"))
    navigate(b, "#/event/e-today")
    # On paper: the list without the page's controls.
    b.call("Emulation.setEmulatedMedia", {"media": "print"})
    check("printed: no buttons", 0, b.js("[...document.querySelectorAll('button')]"
                                         ".filter(x => x.offsetParent !== null).length"))
    shot(b, "event_print_fi")
    b.call("Emulation.setEmulatedMedia", {"media": ""})


def kiosks(b):
    navigate(b, "#/kiosks")
    b.wait("!!document.querySelector('[data-test=kiosk-add]')")
    b.type_into("#kname", "lahti-lasten-osasto")
    b.type_into("#venue", "Lahden pääkirjasto")
    b.click("[data-test=kiosk-add] button[type=submit]")
    token = b.wait("document.querySelector('[data-test=token] code')?.textContent")
    if not token.startswith(f"aukio enrol {URL} aue_"):
        raise AssertionError(f"the enrolment command: {token}")
    ok("a new kiosk's one-time token is shown with the command")
    contrast(b, "kiosks")
    shot(b, "kiosks_fi")
    sel = "tr[data-id=\"hollola-1\"] [data-test=release]"
    b.click(sel)
    check("release asks once more", tr(b, "kiosks.release_confirm", 1),
          b.js(f"document.querySelector('{sel}').textContent"))
    b.click(sel)
    b.wait("!!document.querySelector('.notice')")
    check("the seats a kiosk held are released", tr(b, "kiosks.released_done", "hollola-1", 1),
          b.js("document.querySelector('.notice').textContent"))
    check("... and it holds none", "0",
          b.js("document.querySelector('tr[data-id=\"hollola-1\"] td.num').textContent"))
    sel = "tr[data-id=\"varasto\"] [data-test=revoke]"
    b.click(sel)
    b.click(sel)
    b.wait("!!document.querySelector('tr[data-id=\"varasto\"] .pill-revoked')")
    ok("a kiosk revoked")
    navigate(b, "#/feedback")
    b.wait("!!document.querySelector('[data-test=feedback]')")
    b.js("document.querySelectorAll('details').forEach(d => d.open = true)")
    quotes = b.js("[...document.querySelectorAll('[data-test=feedback] q')].map(q => q.textContent)")
    if os.environ["CONSOLE_XSS"] not in quotes:
        raise AssertionError(f"the feedback's comments: {quotes}")
    ok("a visitor's comment is shown as text")
    contrast(b, "feedback")
    no_script_ran(b)
    shot(b, "feedback_fi")
    navigate(b, "#/sources")
    b.wait("!!document.querySelector('[data-test=sources] tr[data-id=\"lahti-ics\"] .error')")
    ok("a failing source says so")
    shot(b, "sources_fi")
    navigate(b, "#/users")
    check("the users' page", "Lahden pääkirjasto",
          b.js("document.querySelector('tr[data-id=\"lahti\"]').children[2].textContent"))
    shot(b, "users_fi")
    navigate(b, "#/audit")
    actions = b.js("[...document.querySelectorAll('[data-test=audit] tbody tr')]"
                   ".map(r => r.dataset.id)")
    for a in ("signup.cancel", "kiosk.add", "kiosk.revoke", "kiosk.release", "signups.export",
              "user.add"):
        if a not in actions:
            raise AssertionError(f"{a} not in the audit log: {actions}")
    ok("the audit log shows the changes")
    shot(b, "audit_fi")


def sign_out(b):
    b.click("[data-test=signout]")
    b.wait("!!document.querySelector('[data-test=signin] .notice')")
    check("signed out", tr(b, "signin.signed_out"),
          b.js("document.querySelector('[data-test=signin] .notice').textContent"))


def library(b):
    sign_in(b, "lahti", PW)
    ready(b)
    b.wait("!!document.querySelector('[data-test=problems]')")
    ids = b.js("[...document.querySelectorAll('tr[data-id]')].map(r => r.dataset.id)")
    if "e-hollola" in ids or "hollola-1" in ids or "e-today" not in ids:
        raise AssertionError(f"the library's overview: {ids}")
    ok("a library user sees its venue's events and kiosks only")
    check("no audit log for a library", 0,
          b.js("document.querySelectorAll('a[href=\"#/audit\"]').length"))
    shot(b, "overview_library_fi")
    navigate(b, "#/event/e-hollola")
    check("another library's event is not found", tr(b, "error.not_found"),
          b.js("document.querySelector('[data-test=event-error]').textContent"))
    sign_out(b)


def lockout(b):
    err = "document.querySelector('[data-test=signin-error]').textContent"
    for i in range(1, 11):
        b.js(f"document.querySelector('[data-test=signin-error]').textContent = ''")
        sign_in(b, "lukko", "not the password")
        got = b.wait(err)
        # The tenth locks the account, and says no more than a wrong name would.
        check(f"wrong password {i}", tr(b, "signin.wrong"), got)
    b.js(f"document.querySelector('[data-test=signin-error]').textContent = ''")
    sign_in(b, "lukko", PW)
    check("the right password while locked", tr(b, "signin.wrong"), b.wait(err))
    contrast(b, "sign-in with an error")
    shot(b, "locked_fi")
    # A coordinator lifts the lock; then the password works.
    sign_in(b, "anna", PW)
    ready(b)
    navigate(b, "#/users")
    sel = "tr[data-id=\"lukko\"] [data-test=unlock]"
    b.click(sel)
    b.click(sel)
    b.wait("!!document.querySelector('.notice')")
    check("unlocked", tr(b, "users.unlocked", "lukko"),
          b.js("document.querySelector('.notice').textContent"))
    sign_out(b)
    sign_in(b, "lukko", PW)
    ready(b)
    check("... and the password works", tr(b, "top.user", "lukko", tr(b, "top.role.coordinator")),
          b.wait("document.querySelector('[data-test=who]')?.textContent"))


def failed(b):
    """What the page showed when a check failed: a screenshot and what the page reported."""
    try:
        b.screenshot(os.path.join(SHOTS, "FAILED.png"))
        print(f"the page at the failure: {os.path.join(SHOTS, 'FAILED.png')}", flush=True)
        print("the page's text: " + str(b.js("document.body.innerText"))[:1500], flush=True)
    except Exception as e:  # the browser itself failed
        print(f"no screenshot: {e}")
    print(f"the page reported: {b.problems}", flush=True)


def main():
    b = Browser()
    try:
        b.go(URL + "/console/?lang=fi")
        check("catalogue: complete and in order", [], b.js("checkCatalogue()"))
        check("signed out: the sign-in form", True,
              b.js("!!document.querySelector('[data-test=signin]')"))
        shot(b, "signin_fi")
        sign_in(b, "anna", PW)
        ready(b)
        check("signed in", tr(b, "top.user", "anna", tr(b, "top.role.coordinator")),
              b.js("document.querySelector('[data-test=who]').textContent"))
        for lang in ("sv", "en", "fi"):
            overview_and_event(b, lang)
        cancel_promotes(b)
        kiosks(b)
        sign_out(b)
        library(b)
        lockout(b)
        no_script_ran(b)
    except Exception:
        failed(b)
        raise
    finally:
        b.close()


def expiry():
    b = Browser()
    try:
        b.go(URL + "/console/?lang=fi")
        # By keyboard alone: the name field has the focus, Tab to the password, Enter signs in.
        b.wait("document.activeElement && document.activeElement.id === 'name'")
        b.call("Input.insertText", {"text": "anna"})
        b.key("Tab")
        check("Tab moves to the password", "password", b.js("document.activeElement.id"))
        b.call("Input.insertText", {"text": PW})
        b.js("delete document.body.dataset.ready")
        b.key("Enter", text="\r")
        ready(b)
        check("signed in by keyboard", True, b.js("!!document.querySelector('[data-test=who]')"))
        # On a page just loaded, the first Tab stop is the link that skips to the content.
        b.go(URL + "/console/?lang=fi")
        b.key("Tab")
        check("the first Tab stop skips to the content", "skip",
              b.js("document.activeElement.className"))
        b.key("Enter", text="\r")
        check("... and Enter goes there", "main", b.js("document.activeElement.id"))
        b.wait("!!document.querySelector('[data-test=problems]')")
        ok("signed in")
        time.sleep(4.5)  # the hub's idle time is 3 s (AUKIO_HUB_CONSOLE_IDLE_S)
        b.click("a[href=\"#/kiosks\"]")
        note = b.wait("document.querySelector('[data-test=signin] .notice')?.textContent")
        check("an expired session is sent to sign in, saying why", tr(b, "signin.expired"), note)
        shot(b, "expired_fi")
    except Exception:
        failed(b)
        raise
    finally:
        b.close()


if __name__ == "__main__":
    try:
        {"main": main, "expiry": expiry}[sys.argv[1]]()
    except (AssertionError, TimeoutError, RuntimeError) as e:
        print(f"FAIL: {e}", flush=True)
        sys.exit(1)
