/*
 * devices.js: the console's kiosks page (the list with what each kiosk last reported, adding one
 * with its enrolment code and QR code, revoking, releasing seats) and the overview's problems,
 * each a sentence with a link to where to act. Loaded after console.js, whose el(), t(), api()
 * and when() it uses; like console.js it puts every value on the page as text.
 */
"use strict";

function kioskState(k, now) {
  if (k.state !== "enrolled") return k.state;
  if (k.silent) return "silent";
  return now - k.last_seen < 600 ? "online" : "quiet";
}

// ---- Overview: problems first ----------------------------------------------------------------

// A problem P as a list item: what is wrong, and a link to where to act. EVENTS are the
// overview's, for an event's title.
function problemItem(p, events) {
  let text = p.kind, href = null, act = null;
  if (p.kind === "kiosk_silent") {
    text = p.since ? t("problem.kiosk_silent", p.kiosk, when(p.since)) : t("problem.kiosk_silent_never", p.kiosk);
    href = "#/kiosks";
    act = t("problem.act_kiosks");
  } else if (p.kind === "source_failed") {
    text = t("problem.source_failed", p.source, p.failures);
    href = "#/sources";
    act = t("problem.act_sources");
  } else if (p.kind === "mail_failed") {
    const ev = (events || []).find((e) => e.id === p.event);
    const name = ev ? ltext(ev.title) : p.event;
    text = p.event ? t("problem.mail_failed", p.failed, p.unsure, when(p.since), name)
      : t("problem.mail_failed_any", p.failed, p.unsure, when(p.since));
    if (p.event) {
      href = "#/event/" + encodeURIComponent(p.event);
      act = t("problem.act_event");
    }
  }
  return el("li", { "data-test": "problem-" + p.kind }, text, href ? " " : null,
    href ? el("a", { href }, act) : null);
}

// "made on kiosk X" after an event's title, for an event made on the spot.
function madeBy(ev) {
  return ev.made_by ? el("span", { class: "pill", "data-test": "made-by" }, t("event.made_by", ev.made_by)) : null;
}

// ---- The kiosks' table -----------------------------------------------------------------------

function kioskTable(kiosks, now, actions) {
  if (kiosks.length === 0) return el("p", { "data-test": "kiosks" }, t("kiosks.empty"));
  const order = { silent: 0, quiet: 1, awaiting_enrolment: 2, online: 3, not_enrolled: 4, revoked: 5 };
  const sorted = kiosks.slice().sort((a, b) =>
    order[kioskState(a, now)] - order[kioskState(b, now)] || a.name.localeCompare(b.name));
  const head = [t("kiosks.name"), t("kiosks.venue"), t("kiosks.state"), t("kiosks.last_seen"),
    t("kiosks.grants"), t("kiosks.waiting"), t("kiosks.version")];
  if (actions) head.push("");
  return table(head, sorted.map((k) => {
    const s = kioskState(k, now);
    const reported = k.waiting >= 0;
    return el("tr", { class: "kiosk-" + s, "data-id": k.name },
      el("td", null, k.name), el("td", null, k.venue || "–"),
      el("td", null, el("span", { class: "pill pill-" + s }, t("kiosks.state." + s))),
      el("td", null, k.last_seen ? when(k.last_seen) : t("kiosks.never")),
      el("td", { class: "num" }, String(k.held)),
      el("td", { class: "num", "data-test": "waiting" }, reported ? String(k.waiting) : "–"),
      el("td", { "data-test": "version" }, reported ? k.version : t("kiosks.not_reported")),
      actions ? el("td", null, actions(k)) : null);
  }), "kiosks");
}

// ---- The kiosks page -------------------------------------------------------------------------

// What the console shows once for a kiosk just added: the token, the command, and the QR code
// of the enrolment text for the kiosk's staff mode ("Connect to the hub").
function enrolment(added) {
  const parts = [el("p", null, t("kiosks.token", added.name)),
    el("code", { "data-test": "enrol-command" }, "aukio enrol " + location.origin + " " + added.token)];
  const prefix = "data:image/svg+xml;base64,";
  if (typeof added.qr === "string" && added.qr.startsWith(prefix)) {
    const img = el("img", { class: "qr", "data-test": "qr", "aria-label": t("kiosks.qr_alt", added.name) });
    img.setAttribute("alt", t("kiosks.qr_alt", added.name));
    img.setAttribute("src", added.qr); // an SVG the hub drew: an image, it runs nothing
    parts.push(el("p", null, t("kiosks.qr")), img,
      el("p", { class: "meta" }, el("code", { "data-test": "enrol-text" }, added.enrol)));
  }
  return el("div", { class: "token", role: "status", "data-test": "token" }, parts);
}

async function kiosksView(added) {
  const r = await api("GET", "kiosks");
  if (r.status !== 200) return show(el("p", { class: "error" }, failure(r)));
  const s = state.session;
  const venueInput = s.role === "library"
    ? el("select", { id: "venue", name: "venue" }, s.venues.map((v) => el("option", { value: v }, v)))
    : el("input", { id: "venue", name: "venue", autocomplete: "off" });
  const error = el("p", { class: "error", role: "alert" });
  const form = el("form", { class: "inline", "data-test": "kiosk-add", onsubmit: async (e) => {
    e.preventDefault();
    const a = await api("POST", "kiosks/add",
      { name: form.elements.name.value, venue: form.elements.venue.value, hub: location.origin });
    if (a.status === 200) return kiosksView(a.data);
    error.textContent = a.status === 409 ? t("kiosks.exists") : failure(a);
  } },
  el("label", { for: "kname" }, t("kiosks.name")),
  el("input", { id: "kname", name: "name", required: true, autocomplete: "off" }),
  el("label", { for: "venue" }, t("kiosks.venue")), venueInput,
  el("button", { type: "submit" }, t("kiosks.add_button")), error);
  const revoke = (k) => k.state === "revoked" ? null : twoStep(t("kiosks.revoke"),
    t("kiosks.revoke_confirm", k.name), async () => {
      const v = await api("POST", "kiosks/revoke", { name: k.name });
      state.notice = v.status === 200 ? ["kiosks.revoked_done", k.name] : null;
      await kiosksView();
    }, "revoke");
  // Seats a lost kiosk's grants hold go back to everyone (`aukio-hub device release`).
  const release = (k) => k.held > 0 ? twoStep(t("kiosks.release"),
    t("kiosks.release_confirm", k.held), async () => {
      const v = await api("POST", "kiosks/release", { name: k.name });
      state.notice = v.status === 200 ? ["kiosks.released_done", k.name, v.data.seats] : null;
      await kiosksView();
    }, "release") : null;
  const actions = (k) => el("span", { class: "actions" }, release(k), revoke(k));
  show(el("h1", null, t("kiosks.title")), notice(), added ? enrolment(added) : null,
    kioskTable(r.data.kiosks, r.data.now, actions),
    el("h2", null, t("kiosks.add")), form);
}
