/*
 * console.js: the coordinator's console, a page over the hub's JSON API (/console/api/).
 *
 * Values are escaped by construction: every element is made with el(), which takes children as
 * text nodes (document.createTextNode) and attributes from a short list; nothing is ever put on
 * the page as HTML (no innerHTML, no insertAdjacentHTML, no document.write). The hub's CSP allows
 * no inline script besides. What a user may see is decided by the hub, not here.
 */
"use strict";

const state = {
  lang: "fi",
  session: null, // {user, role, venues, csrf}
  notice: null, // a message for the next view: [key, ...args]
};

// ---- Text ------------------------------------------------------------------------------------

function t(key, ...args) {
  const row = STRINGS.get(key);
  const text = row ? row[LANGS.indexOf(state.lang)] : key;
  return text.replace(/\{(\d+)\}/g, (m, i) => String(args[Number(i)] ?? ""));
}

// The text of a multilingual value {fi, sv, en}, with the kiosk's fallback fi -> en -> sv.
function ltext(v) {
  if (!v || typeof v !== "object") return "";
  return v[state.lang] || v.fi || v.en || v.sv || "";
}

const LOCALES = { fi: "fi-FI", sv: "sv-FI", en: "en-GB" };

// Formatters are made once per language: making one costs more than formatting thousands.
const FORMATS = new Map();
const DAY = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Helsinki" });

function when(iso) {
  if (!iso) return "–";
  const d = typeof iso === "number" ? new Date(iso * 1000) : new Date(iso);
  if (!FORMATS.has(state.lang)) {
    // As the kiosk writes them: "ti 1.12. klo 18.30", "tis 1.12 18.30", "Tue 1 Dec, 18:30".
    FORMATS.set(state.lang, new Intl.DateTimeFormat(LOCALES[state.lang], {
      timeZone: "Europe/Helsinki", weekday: "short", day: "numeric",
      month: state.lang === "en" ? "short" : "numeric", hour: "2-digit", minute: "2-digit",
    }));
  }
  return FORMATS.get(state.lang).format(d);
}

function dayOf(iso) {
  return DAY.format(new Date(iso));
}

// A time as a datetime-local field holds it, in Helsinki whatever the browser's zone
// ("2026-12-01T18:30"); the hub reads such a time as Helsinki time too.
const LOCAL = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Helsinki", year: "numeric",
  month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

function localInput(iso) {
  if (!iso) return "";
  const p = Object.fromEntries(LOCAL.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

// ---- Elements --------------------------------------------------------------------------------

const ATTRS = new Set(["class", "id", "type", "for", "name", "autocomplete", "required", "value",
  "min", "max", "step", "inputmode",
  "lang", "role", "aria-live", "aria-label", "aria-current", "scope", "colspan", "tabindex",
  "data-id", "data-test", "disabled", "minlength", "open", "data-col", "label", "selected",
  "multiple", "size", "aria-describedby", "aria-hidden"]);

// An element TAG with ATTRS (from the list above; href only to the page's own views) and
// CHILDREN: strings become text nodes, nodes are appended, null and false are skipped.
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "href") {
      // The page's own views, and the hub's downloads.
      if (typeof v === "string" && (v.startsWith("#/") || v.startsWith("/console/api/export?") ||
          v.startsWith("/console/api/report?")))
        e.setAttribute("href", v);
    } else if (k === "onclick" || k === "onsubmit") {
      e.addEventListener(k.slice(2), v);
    } else if (ATTRS.has(k) && v !== false && v !== null && v !== undefined) {
      e.setAttribute(k, v === true ? "" : String(v));
    }
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
  }
  return e;
}

function show(...nodes) {
  const main = document.getElementById("main");
  main.replaceChildren(...nodes.filter((n) => n !== null && n !== undefined && n !== false));
}

function table(head, rows, test) {
  return el("table", { "data-test": test },
    el("thead", null, el("tr", null, head.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", null, rows));
}

function notice() {
  if (!state.notice) return null;
  const n = el("p", { class: "notice", role: "status" }, t(...state.notice));
  state.notice = null;
  return n;
}

// ---- The hub ---------------------------------------------------------------------------------

class SignedOut extends Error {}

async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  if (method !== "GET") {
    headers["Content-Type"] = "application/json";
    if (state.session) headers["X-CSRF-Token"] = state.session.csrf;
  }
  let res;
  try {
    res = await fetch("/console/api/" + path, {
      method, headers, credentials: "same-origin", cache: "no-store",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new Error(t("error.network"));
  }
  const data = await res.json().catch(() => ({}));
  if (res.status === 401 && path !== "login") {
    const had = state.session !== null;
    state.session = null;
    if (had) state.notice = ["signin.expired"];
    throw new SignedOut();
  }
  return { status: res.status, data, retryAfter: Number(res.headers.get("Retry-After") || 0) };
}

function failure(r) {
  if (r.status === 404) return t("error.not_found");
  if (r.status === 403) return t("error.forbidden");
  return t("error.other", r.data.message || r.status);
}

// ---- The frame: language, navigation, user ---------------------------------------------------

function setLang(lang) {
  if (!LANGS.includes(lang)) return;
  state.lang = lang;
  try { localStorage.setItem("aukio.console.lang", lang); } catch (e) { /* private mode */ }
  document.documentElement.lang = lang;
  document.title = t("app.title");
  frame();
  route();
}

function frame() {
  const top = document.getElementById("top");
  const langs = el("div", { class: "langs", role: "group" }, LANGS.map((l) =>
    el("button", { type: "button", lang: l, "aria-current": l === state.lang ? "true" : null,
      "data-test": "lang-" + l, onclick: () => setLang(l) }, t("lang." + l))));
  const parts = [el("a", { class: "skip", href: "#/skip", onclick: (e) => {
    e.preventDefault(); document.getElementById("main").focus();
  } }, t("top.skip")), el("span", { class: "brand" }, t("app.brand"))];
  if (state.session) {
    const s = state.session;
    const links = [["#/", "nav.overview"], ["#/kiosks", "nav.kiosks"], ["#/feedback", "nav.feedback"],
      ["#/reports", "nav.reports"]];
    if (s.role === "coordinator")
      links.push(["#/sources", "nav.sources"], ["#/users", "nav.users"], ["#/audit", "nav.audit"]);
    const here = (location.hash || "#/").split("?")[0];
    parts.push(el("nav", { "aria-label": t("nav.label") }, links.map(([href, key]) =>
      el("a", { href, "aria-current": here === href ? "page" : null }, t(key)))));
    parts.push(el("span", { class: "who", "data-test": "who" },
      t("top.user", s.user, t("top.role." + s.role))));
    parts.push(el("button", { type: "button", "data-test": "signout", onclick: signOut },
      t("top.signout")));
  }
  parts.push(langs);
  top.replaceChildren(...parts);
}

// ---- Sign in and out -------------------------------------------------------------------------

function signInView(message) {
  const error = el("p", { class: "error", role: "alert", "data-test": "signin-error" },
    message || "");
  const form = el("form", { class: "signin", "data-test": "signin", onsubmit: async (e) => {
    e.preventDefault();
    const name = form.elements.name.value, password = form.elements.password.value;
    const r = await api("POST", "login", { name, password });
    form.elements.password.value = "";
    if (r.status === 200) {
      state.session = r.data;
      frame();
      route();
      return;
    }
    // A locked account answers as a wrong name does (401): the page cannot tell either.
    error.textContent = r.status === 429 ? t("signin.rate_limited")
      : r.status === 401 ? t("signin.wrong") : failure(r);
  } },
  el("h1", null, t("signin.title")),
  notice(),
  el("label", { for: "name" }, t("signin.name")),
  el("input", { id: "name", name: "name", autocomplete: "username", required: true }),
  el("label", { for: "password" }, t("signin.password")),
  el("input", { id: "password", name: "password", type: "password",
    autocomplete: "current-password", required: true }),
  el("button", { type: "submit" }, t("signin.button")),
  error);
  show(form);
  frame();
  form.elements.name.focus();
}

async function signOut() {
  try { await api("POST", "logout", {}); } catch (e) { /* signed out already */ }
  state.session = null;
  state.notice = ["signin.signed_out"];
  // A change of view signs in anew (route); staying on the overview, the form is shown here.
  if (location.hash && location.hash !== "#/") location.hash = "#/";
  else signInView();
}

// ---- Overview --------------------------------------------------------------------------------

function seats(ev) {
  const taken = ev.confirmed + ev.reserved;
  return ev.capacity < 0 ? t("overview.seats_open", taken) : t("overview.seats_of", taken, ev.capacity);
}

function eventRow(ev) {
  return el("tr", { class: ev.cancelled ? "cancelled" : null, "data-id": ev.id },
    el("td", null, when(ev.start)),
    el("td", null, el("a", { href: "#/event/" + encodeURIComponent(ev.id) }, ltext(ev.title)),
      ev.cancelled ? el("span", { class: "pill" }, t("event.cancelled")) : null,
      madeBy(ev)),
    el("td", null, ltext(ev.venue)),
    el("td", { class: "num" }, ev.registration ? seats(ev) : "–"),
    el("td", { class: "num" }, ev.registration ? String(ev.waitlisted) : "–"));
}

function eventTable(events, test) {
  if (events.length === 0) return el("p", { "data-test": test }, t("overview.empty"));
  return table([t("overview.time"), t("overview.event"), t("overview.venue"), t("overview.seats"),
    t("overview.waiting")], events.map(eventRow), test);
}

async function overviewView() {
  const r = await api("GET", "overview");
  if (r.status !== 200) return show(el("p", { class: "error" }, failure(r)));
  const { now, problems, events, kiosks } = r.data;
  const today = dayOf(now * 1000);
  const todays = events.filter((e) => e.start && dayOf(e.start) === today);
  const upcoming = events.filter((e) => e.start && dayOf(e.start) > today);
  show(el("h1", null, t("overview.title")), notice(),
    el("section", { class: problems.length ? "problems" : "problems none", "data-test": "problems" },
      el("h2", null, t("overview.problems")),
      problems.length ? el("ul", null, problems.map((p) => problemItem(p, events)))
        : el("p", null, t("overview.no_problems"))),
    el("section", null, el("h2", null, t("overview.today")), eventTable(todays, "today")),
    el("section", null, el("h2", null, t("overview.upcoming")), eventTable(upcoming, "upcoming")),
    el("section", null, el("h2", null, t("overview.kiosks")), kioskTable(kiosks, now, null)));
}

// ---- An event --------------------------------------------------------------------------------

function answersText(a, questions) {
  const parts = [];
  for (const [id, value] of Object.entries(a.answers || {})) {
    const q = questions.find((x) => x.id === id);
    let shown = String(value);
    const opt = q && (q.options || []).find((o) => o.id === value);
    if (opt) shown = ltext(opt.label);
    if (q && q.type === "yesno") shown = value === "yes" || value === true ? t("event.yes") : t("event.no");
    parts.push((q ? ltext(q.label) : id) + ": " + shown);
  }
  return parts.join("; ");
}

function statusText(a) {
  if (a.status === "waitlisted") return t("status.waitlisted", a.position);
  return t("status." + a.status);
}

// A button that asks once more before it acts: the first press turns it into CONFIRM_TEXT.
function twoStep(label, confirmText, act, test) {
  const b = el("button", { type: "button", class: "danger", "data-test": test }, label);
  let armed = false;
  b.addEventListener("click", async () => {
    if (!armed) {
      armed = true;
      b.textContent = confirmText;
      b.classList.add("armed");
      return;
    }
    b.disabled = true;
    await act();
  });
  return b;
}

async function eventView(id) {
  const r = await api("GET", "event?id=" + encodeURIComponent(id) + Reports.pageQuery(id));
  if (r.status !== 200) return show(el("p", { class: "error", "data-test": "event-error" }, failure(r)));
  const { event: ev, attendees } = r.data;
  const questions = ev.questions || [];
  const rows = attendees.map((a) => el("tr", { class: "status-" + a.status, "data-id": a.uuid },
    el("td", { "data-test": "name" }, a.name || t("event.no_name")),
    el("td", { class: "num" }, String(a.group)),
    el("td", null, answersText(a, questions)),
    el("td", null, statusText(a)),
    el("td", null, a.attended ? t("event.yes") : t("event.no")),
    el("td", null, a.kiosk),
    el("td", null, a.code),
    el("td", null, a.status === "waitlisted" ? Reports.moveButton(ev, a, () => eventView(id)) : null,
      a.status === "cancelled" ? null : twoStep(t("event.cancel"),
      t("event.cancel_confirm"), async () => {
        const c = await api("POST", "signup/cancel", { event: ev.id, signup: a.uuid });
        state.notice = c.status === 200 ? ["event.cancel_done", a.code] : null;
        if (c.status !== 200) alertText(failure(c));
        await eventView(id);
      }, "cancel"))));
  show(el("p", null, el("a", { href: "#/" }, t("event.back"))), notice(),
    el("h1", { "data-test": "event-title" }, ltext(ev.title),
      ev.cancelled ? el("span", { class: "pill" }, t("event.cancelled")) : null),
    el("p", { class: "meta" }, when(ev.start), " · ", ltext(ev.venue) || "–", madeBy(ev)),
    el("p", { class: "meta", "data-test": "seats" }, t("overview.seats") + ": " +
      (ev.registration ? seats(ev) : "–") + " · " + t("overview.waiting") + ": " + ev.waitlisted),
    ev.registration ? seatsForm(ev, id) : null,
    el("h2", null, t("event.attendees")),
    el("p", { class: "downloads" },
      el("a", { href: "/console/api/export?format=csv&id=" + encodeURIComponent(ev.id),
        "data-test": "export-csv" }, t("event.export_csv")),
      el("a", { href: "/console/api/export?format=excel&id=" + encodeURIComponent(ev.id),
        "data-test": "export-excel" }, t("event.export_excel")),
      el("a", { href: "/console/api/export?format=xlsx&id=" + encodeURIComponent(ev.id),
        "data-test": "export-xlsx" }, t("event.export_xlsx")),
      el("button", { type: "button", "data-test": "print",
        onclick: () => Reports.print(r.data.page, id, () => eventView(id)) },
        t("event.print"))),
    Reports.pager(r.data.page, id, () => eventView(id)),
    attendees.length === 0 ? el("p", null, t("event.no_attendees"))
      : table([t("event.name"), t("event.group"), t("event.answers"), t("event.status"),
        t("event.attended"), t("event.kiosk"), t("event.code"), ""], rows, "attendees"));
}

// The seats of an event: the hub checks them against the seats already taken (409) and the kiosks
// pull the change.
function seatsForm(ev, id) {
  const error = el("p", { class: "error", role: "alert", "data-test": "edit-error" });
  const num = (v) => (v < 0 ? "" : String(v));
  const form = el("form", { class: "inline", "data-test": "edit", onsubmit: async (e) => {
    e.preventDefault();
    const seats = (s) => (s.trim() === "" ? -1 : Number(s));
    const change = { event: ev.id, capacity: seats(form.elements.capacity.value),
      waitlist_capacity: seats(form.elements.waitlist.value) };
    // Times only when changed: a field holds minutes, the event may have seconds.
    if (form.elements.start.value && form.elements.start.value !== localInput(ev.start))
      change.start = form.elements.start.value;
    if (form.elements.end.value && form.elements.end.value !== localInput(ev.end))
      change.end = form.elements.end.value;
    const r = await api("POST", "event/update", change);
    if (r.status !== 200) {
      error.textContent = r.status === 409 ? t("event.edit_taken") : failure(r);
      return;
    }
    state.notice = ["event.edit_done"];
    await eventView(id);
  } },
  el("label", { for: "capacity" }, t("event.edit_capacity")),
  el("input", { id: "capacity", name: "capacity", type: "number", min: 0, step: 1,
    value: num(ev.capacity) }),
  el("label", { for: "waitlist" }, t("event.edit_waitlist")),
  el("input", { id: "waitlist", name: "waitlist", type: "number", min: 0, step: 1,
    value: num(ev.waitlist_capacity) }),
  el("label", { for: "start" }, t("event.edit_start")),
  el("input", { id: "start", name: "start", type: "datetime-local", value: localInput(ev.start) }),
  el("label", { for: "end" }, t("event.edit_end")),
  el("input", { id: "end", name: "end", type: "datetime-local", value: localInput(ev.end) }),
  el("button", { type: "submit" }, t("event.edit_save")), error);
  return el("details", { class: "edit" }, el("summary", null, t("event.edit")), form);
}

function alertText(text) {
  const main = document.getElementById("main");
  main.prepend(el("p", { class: "error", role: "alert" }, text));
}

// ---- Audit -----------------------------------------------------------------------------------

async function auditView() {
  const r = await api("GET", "audit");
  if (r.status !== 200) return show(el("p", { class: "error" }, failure(r)));
  const action = (a) => STRINGS.has("audit.action." + a) ? t("audit.action." + a) : a;
  const rows = r.data.audit.map((a) => el("tr", { "data-id": a.action },
    el("td", null, when(a.at)), el("td", null, a.user), el("td", null, action(a.action)),
    el("td", null, a.target), el("td", null, a.detail)));
  show(el("h1", null, t("audit.title")), rows.length === 0 ? el("p", null, t("audit.empty"))
    : table([t("audit.when"), t("audit.who"), t("audit.action"), t("audit.target"),
      t("audit.detail")], rows, "audit"));
}

// ---- Shared with the pages' own files ---------------------------------------------------------

// The views of the other files (charts.js: #/feedback; manage.js: #/sources, #/users;
// reports.js: #/reports, whose query the view reads itself), by hash without the query.
const VIEWS = new Map();

// What the pages' own files use of this one, rather than copies of it.
const AukioConsole = Object.freeze({ state, t, ltext, when, el, show, table, notice, api, failure,
  twoStep, LOCALES, views: VIEWS });

// ---- Routing ---------------------------------------------------------------------------------

async function route() {
  try {
    if (!state.session) {
      const r = await api("GET", "session");
      state.session = r.data;
      frame();
    }
    const hash = location.hash || "#/";
    frame();
    if (hash.startsWith("#/event/")) await eventView(decodeURIComponent(hash.slice(8)));
    else if (hash === "#/kiosks") await kiosksView();
    else if (hash === "#/audit") await auditView();
    else if (VIEWS.has(hash.split("?")[0])) await VIEWS.get(hash.split("?")[0])();
    else await overviewView();
    document.body.dataset.ready = "1";
  } catch (e) {
    if (e instanceof SignedOut) signInView(null);
    else show(el("p", { class: "error", role: "alert" }, e.message));
    document.body.dataset.ready = "1";
  }
}

function start() {
  let lang = new URLSearchParams(location.search).get("lang");
  try { lang = lang || localStorage.getItem("aukio.console.lang"); } catch (e) { /* none */ }
  if (!LANGS.includes(lang)) lang = (navigator.language || "fi").slice(0, 2);
  if (!LANGS.includes(lang)) lang = "fi";
  window.addEventListener("hashchange", () => { delete document.body.dataset.ready; route(); });
  setLang(lang);
}

document.addEventListener("DOMContentLoaded", start);
