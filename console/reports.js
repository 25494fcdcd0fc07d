/*
 * reports.js: the reports for the annual statistics (#/reports) and what the event's page does
 * besides console.js: a move from the waiting list, a page of a long attendee list.
 *
 * It builds elements only through console.js's el() (AukioConsole, the small object console.js shares),
 * so every value reaches the page as text. What a user may count or move is the hub's decision.
 */
"use strict";

const REPORT_BYS = ["month", "municipality", "venue", "category", "audience"];
const REPORT_COLS = ["events", "cancelled", "with_checkin", "attended", "signups", "people",
  "reserved", "participants"];
// The rows of an attendee list the page asks for at once.
const ATTENDEE_PAGE = 100;

const Reports = {
  offsets: new Map(), // event id -> the first attendee shown
  last: null, // the report's form values, kept while the page is open

  // ---- The event's page ----------------------------------------------------------------------

  // The query of the event's current page of attendees.
  pageQuery(id) {
    const at = this.offsets.get(id) || 0;
    return at === "all" ? "&limit=0" : "&offset=" + at + "&limit=" + ATTENDEE_PAGE;
  },

  // The printed list is the whole list: a paged one is drawn whole for the print, then paged.
  async print(page, id, reload) {
    if (!page || page.limit === 0 || page.total <= page.limit) return window.print();
    const at = this.offsets.get(id) || 0;
    this.offsets.set(id, "all");
    await reload();
    window.print();
    this.offsets.set(id, at);
    await reload();
  },

  // "Attendees 101–200 of 523" with the previous and next pages; null when one page holds all.
  pager(page, id, reload) {
    const { el, t } = AukioConsole;
    if (!page || page.total <= page.limit || page.limit === 0) return null;
    const from = page.offset + 1, to = Math.min(page.offset + page.limit, page.total);
    const go = (offset) => async () => { this.offsets.set(id, offset); await reload(); };
    return el("nav", { class: "pager", "aria-label": t("event.pages"), "data-test": "pager" },
      el("button", { type: "button", "data-test": "page-prev", disabled: page.offset === 0,
        onclick: go(Math.max(0, page.offset - page.limit)) }, t("event.page_prev")),
      el("span", { role: "status" }, t("event.page_of", from, to, page.total)),
      el("button", { type: "button", "data-test": "page-next", disabled: to >= page.total,
        onclick: go(page.offset + page.limit) }, t("event.page_next")));
  },

  // A waiting person into a seat out of turn. When the party does not fit, the hub says how many
  // seats it lacks and the button offers to add them to the capacity (asked once more).
  moveButton(ev, a, reload) {
    const { el, t, api, state, failure } = AukioConsole;
    const b = el("button", { type: "button", "data-test": "move" }, t("event.move"));
    let raise = false;
    b.addEventListener("click", async () => {
      b.disabled = true;
      const r = await api("POST", "signup/move", { event: ev.id, signup: a.uuid, raise });
      if (r.status === 200) {
        state.notice = [r.data.raised ? "event.move_raised" : "event.move_done", a.code];
        await reload();
        return;
      }
      b.disabled = false;
      if (r.status === 409 && r.data.error === "no_room") {
        raise = true;
        b.textContent = t("event.move_raise", r.data.need);
        b.classList.add("armed");
        return;
      }
      b.after(el("span", { class: "error", role: "alert" },
        r.status === 409 ? t("event.move_failed") : failure(r)));
    });
    return b;
  },
};

// ---- The reports page ------------------------------------------------------------------------

function reportQuery(v, format) {
  return "report?from=" + encodeURIComponent(v.from) + "&to=" + encodeURIComponent(v.to) +
    "&by=" + encodeURIComponent(v.by) + "&format=" + format;
}

// A group's name as people read it: a category's id translated, a month written out, "unknown".
function reportLabel(by, row) {
  const { t } = AukioConsole;
  if (!row.key) return t("report.unknown");
  if (by === "category" && STRINGS.has("report.category." + row.key)) return t("report.category." + row.key);
  if (by === "month") {
    const [y, m] = row.key.split("-").map(Number);
    const locale = { fi: "fi-FI", sv: "sv-FI", en: "en-GB" }[AukioConsole.state.lang];
    return new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" })
      .format(new Date(Date.UTC(y, m - 1, 15)));
  }
  return row.label || row.key;
}

function reportTable(data) {
  const { el, t, table } = AukioConsole;
  const cells = (v) => REPORT_COLS.map((c) => el("td", { class: "num", "data-col": c }, String(v[c])));
  const rows = data.rows.map((row) => el("tr", { "data-id": row.key || "unknown",
    class: row.key ? null : "unknown" }, el("th", { scope: "row" }, reportLabel(data.by, row)), cells(row)));
  rows.push(el("tr", { class: "total", "data-id": "total" },
    el("th", { scope: "row" }, t("report.total")), cells(data.total)));
  return table([t("report.by." + data.by), ...REPORT_COLS.map((c) => t("report.col." + c))], rows,
    "report");
}

function reportDefinitions() {
  const { el, t } = AukioConsole;
  return el("details", { class: "definitions", open: true, "data-test": "definitions" },
    el("summary", null, t("report.definitions")),
    el("dl", null, REPORT_COLS.flatMap((c) => [el("dt", null, t("report.col." + c)),
      el("dd", null, t("report.def." + c))])),
    el("p", { class: "meta" }, t("report.def.where")));
}

function reportDefaults() {
  const year = new Date().getFullYear();
  return { from: `${year}-01-01`, to: `${year}-12-31`, by: "month" };
}

async function reportsView() {
  const { el, t, api, show, failure, state } = AukioConsole;
  const v = Reports.last || reportDefaults();
  const q = new URLSearchParams(location.hash.split("?")[1] || "");
  for (const k of ["from", "to", "by"]) if (q.get(k)) v[k] = q.get(k);
  const r = await api("GET", reportQuery(v, "json"));
  const form = el("form", { class: "inline", "data-test": "report-form", onsubmit: async (e) => {
    e.preventDefault();
    // In the address: the report can be bookmarked, and the page is drawn anew (route).
    Reports.last = { from: form.elements.from.value, to: form.elements.to.value,
      by: form.elements.by.value };
    const hash = "#/reports?" + new URLSearchParams(Reports.last);
    if (location.hash === hash) await route();
    else location.hash = hash;
  } },
  el("label", { for: "rfrom" }, t("report.from")),
  el("input", { id: "rfrom", name: "from", type: "date", required: true, value: v.from }),
  el("label", { for: "rto" }, t("report.to")),
  el("input", { id: "rto", name: "to", type: "date", required: true, value: v.to }),
  el("label", { for: "rby" }, t("report.by")),
  el("select", { id: "rby", name: "by" }, REPORT_BYS.map((b) => {
    const o = el("option", { value: b }, t("report.by." + b));
    o.selected = b === v.by;
    return o;
  })),
  el("button", { type: "submit", "data-test": "report-show" }, t("report.show")));
  const scope = state.session.role === "library"
    ? t("report.scope_library", state.session.venues.join(", ")) : t("report.scope_all");
  const body = r.status === 200 ? [
    el("p", { class: "downloads" },
      el("a", { href: "/console/api/" + reportQuery(v, "csv"), "data-test": "report-csv" },
        t("report.download_csv")),
      el("a", { href: "/console/api/" + reportQuery(v, "xlsx"), "data-test": "report-xlsx" },
        t("report.download_xlsx"))),
    reportTable(r.data)]
    : [el("p", { class: "error", role: "alert", "data-test": "report-error" },
      r.status === 400 ? t("report.bad_period") : failure(r))];
  show(el("h1", null, t("report.title")), el("p", { class: "meta" }, t("report.intro"), " ", scope),
    form, ...body, reportDefinitions());
}

AukioConsole.views.set("#/reports", reportsView);
