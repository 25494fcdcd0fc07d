/*
 * manage.js: the coordinators' pages of the console's sources (#/sources) and users (#/users):
 * the lists, and adding, fetching now and removing a source; adding and removing a user and
 * resetting a password. The hub decides and checks everything (a library user is refused, every
 * change needs the CSRF token, a wrong field is named with why); the page says it in the user's
 * language. Values reach the page as text only (AukioConsole.el).
 */
"use strict";

(() => {
  const C = AukioConsole;
  const { el, t } = C;

  // The hub's refusal of a form: which field and why, in the page's language when it knows the
  // field (PREFIX.why.FIELD), the field marked.
  function refusal(form, r, prefix) {
    const field = r.data && r.data.field;
    for (const e of form.querySelectorAll(".field-error")) e.classList.remove("field-error");
    if (r.status !== 400 || !field) return C.failure(r);
    const input = form.elements[field];
    if (input && input.classList) {
      input.classList.add("field-error");
      input.setAttribute("aria-invalid", "true");
      input.focus();
    }
    const key = prefix + ".why." + field;
    return STRINGS.has(key) ? t(key) : t("error.other", r.data.message || field);
  }

  function field(id, label, input) {
    return [el("label", { for: id }, label), input];
  }

  // ---- Sources ------------------------------------------------------------------------------

  function nextFetch(s) {
    if (!s.next_at) return t("sources.next_now");
    return s.next_at * 1000 <= Date.now() ? t("sources.next_now") : C.when(s.next_at);
  }

  function sourceRow(s, view) {
    const fetch = el("button", { type: "button", "data-test": "fetch" }, t("sources.fetch"));
    fetch.addEventListener("click", async () => {
      fetch.disabled = true;
      fetch.textContent = t("sources.fetching");
      const r = await C.api("POST", "sources/fetch", { name: s.name });
      const f = r.data.fetched || {};
      C.state.notice = r.status !== 200 ? ["error.other", C.failure(r)]
        : f.ok ? ["sources.fetched_ok", s.name, t("sources.counts", f.read, f.skipped, f.removed)]
          : ["sources.fetched_failed", s.name, f.result];
      await view();
    });
    const remove = C.twoStep(t("sources.remove"), t("sources.remove_confirm", s.name), async () => {
      const r = await C.api("POST", "sources/remove", { name: s.name });
      C.state.notice = r.status === 200 ? ["sources.removed", s.name] : ["error.other", C.failure(r)];
      await view();
    }, "remove");
    return el("tr", { "data-id": s.name },
      el("td", null, s.name, el("div", { class: "meta" },
        t("sources.kind." + s.kind) + " · " + s.url)),
      el("td", null, t("sources.every_min", s.every_min)),
      el("td", { "data-test": "last" }, s.tried_at ? C.when(s.tried_at) : t("sources.never")),
      el("td", { "data-test": "result" }, s.result, s.ok || !s.tried_at ? null
        : el("div", { class: "error" }, t("sources.failing", s.failures, C.when(s.retry_at)))),
      el("td", { "data-test": "next" }, nextFetch(s)),
      el("td", null, t("sources.counts", s.read, s.skipped, s.removed)),
      el("td", null, el("span", { class: "actions" }, fetch, remove)));
  }

  function sourceForm(view) {
    const error = el("p", { class: "error", role: "alert", "data-test": "source-error" });
    const form = el("form", { class: "stack", "data-test": "source-add", onsubmit: async (e) => {
      e.preventDefault();
      const v = form.elements;
      const every = v.every.value.trim() === "" ? undefined : Number(v.every.value);
      const r = await C.api("POST", "sources/add", { name: v.name.value.trim(),
        url: v.url.value.trim(), kind: v.kind.value, every, venue: v.venue.value.trim() });
      if (r.status === 200) {
        C.state.notice = ["sources.added", r.data.added];
        return view();
      }
      error.textContent = r.status === 409 ? t("sources.exists") : refusal(form, r, "sources");
    } },
    field("sname", t("sources.field.name"),
      el("input", { id: "sname", name: "name", required: true, autocomplete: "off" })),
    field("surl", t("sources.field.url"),
      el("input", { id: "surl", name: "url", type: "url", required: true, autocomplete: "off" })),
    field("skind", t("sources.field.kind"), el("select", { id: "skind", name: "kind" },
      el("option", { value: "ics" }, t("sources.kind.ics")),
      el("option", { value: "linkedevents" }, t("sources.kind.linkedevents")))),
    field("severy", t("sources.field.every"), el("input", { id: "severy", name: "every",
      type: "number", min: 1, max: 10080, step: 1, value: 60 })),
    field("svenue", t("sources.field.venue"),
      el("input", { id: "svenue", name: "venue", autocomplete: "off" })),
    el("button", { type: "submit" }, t("sources.add_button")), error);
    return form;
  }

  async function sourcesView() {
    const r = await C.api("GET", "sources");
    if (r.status !== 200) return C.show(el("p", { class: "error" }, C.failure(r)));
    const rows = r.data.sources.map((s) => sourceRow(s, sourcesView));
    C.show(el("h1", null, t("sources.title")), C.notice(),
      rows.length === 0 ? el("p", { "data-test": "sources" }, t("sources.none"))
        : C.table([t("sources.name"), t("sources.every"), t("sources.last"), t("sources.result"),
          t("sources.next"), "", ""], rows, "sources"),
      el("h2", null, t("sources.add")), sourceForm(sourcesView));
  }

  // ---- Users --------------------------------------------------------------------------------

  function passwdForm(u, view) {
    const error = el("p", { class: "error", role: "alert" });
    const id = "pw-" + u.name.replace(/[^A-Za-z0-9]/g, "_");
    const form = el("form", { class: "inline", "data-test": "passwd", onsubmit: async (e) => {
      e.preventDefault();
      const r = await C.api("POST", "users/passwd",
        { name: u.name, password: form.elements.password.value });
      form.elements.password.value = "";
      if (r.status === 200) {
        C.state.notice = ["users.passwd_done", u.name];
        return view();
      }
      error.textContent = refusal(form, r, "users");
    } },
    el("label", { for: id }, t("users.new_password", u.name)),
    el("input", { id, name: "password", type: "password", autocomplete: "new-password",
      required: true, minlength: 10 }),
    el("button", { type: "submit" }, t("users.passwd_button")), error);
    return el("details", { class: "edit" }, el("summary", null, t("users.passwd")), form);
  }

  function userRow(u, view) {
    const now = Date.now() / 1000;
    const me = u.name === C.state.session.user;
    const remove = me ? null : C.twoStep(t("users.remove"), t("users.remove_confirm", u.name),
      async () => {
        const r = await C.api("POST", "users/remove", { name: u.name });
        C.state.notice = r.status === 200 ? ["users.removed", u.name]
          : r.data.error === "last_coordinator" ? ["users.last_coordinator"]
            : r.data.error === "self" ? ["users.self"] : ["error.other", C.failure(r)];
        await view();
      }, "remove");
    const unlock = u.locked_until > now ? C.twoStep(t("users.unlock"), t("users.unlock_confirm"),
      async () => {
        const v = await C.api("POST", "users/unlock", { name: u.name });
        C.state.notice = v.status === 200 ? ["users.unlocked", u.name] : null;
        await view();
      }, "unlock") : null;
    return el("tr", { "data-id": u.name },
      el("td", null, u.name, me ? " " + t("users.you") : null),
      el("td", null, t("top.role." + u.role)), el("td", null, u.venues || "–"),
      el("td", null, u.last_login ? C.when(u.last_login) : t("kiosks.never"),
        u.locked_until > now ? el("div", { class: "error" },
          t("users.locked", C.when(u.locked_until))) : null),
      el("td", { class: "num" }, String(u.sessions)),
      el("td", null, el("span", { class: "actions" }, unlock, remove), passwdForm(u, view)));
  }

  function userForm(view) {
    const error = el("p", { class: "error", role: "alert", "data-test": "user-error" });
    const form = el("form", { class: "stack", "data-test": "user-add", onsubmit: async (e) => {
      e.preventDefault();
      const v = form.elements;
      const venues = v.venues.value.split("\n").map((x) => x.trim()).filter((x) => x);
      const r = await C.api("POST", "users/add", { name: v.name.value.trim(), role: v.role.value,
        venues, password: v.password.value });
      v.password.value = "";
      if (r.status === 200) {
        C.state.notice = ["users.added", r.data.added];
        return view();
      }
      error.textContent = r.status === 409 ? t("users.exists") : refusal(form, r, "users");
    } },
    field("uname", t("users.name"),
      el("input", { id: "uname", name: "name", required: true, autocomplete: "off" })),
    field("urole", t("users.role"), el("select", { id: "urole", name: "role" },
      el("option", { value: "library" }, t("top.role.library")),
      el("option", { value: "coordinator" }, t("top.role.coordinator")))),
    field("uvenues", t("users.field.venues"), el("textarea", { id: "uvenues", name: "venues" })),
    field("upassword", t("users.field.password"), el("input", { id: "upassword",
      name: "password", type: "password", autocomplete: "new-password", required: true,
      minlength: 10 })),
    el("button", { type: "submit" }, t("users.add_button")), error);
    return form;
  }

  async function usersView() {
    const r = await C.api("GET", "users");
    if (r.status !== 200) return C.show(el("p", { class: "error" }, C.failure(r)));
    const rows = r.data.users.map((u) => userRow(u, usersView));
    C.show(el("h1", null, t("users.title")), C.notice(), el("p", { class: "meta" }, t("users.how")),
      C.table([t("users.name"), t("users.role"), t("users.venues"), t("users.last_login"),
        t("users.sessions"), ""], rows, "users"),
      el("h2", null, t("users.add")), userForm(usersView));
  }

  C.views.set("#/sources", sourcesView);
  C.views.set("#/users", usersView);
})();
