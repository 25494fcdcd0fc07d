/*
 * charts.js: the console's feedback page (#/feedback): what visitors said, for everything in
 * reach, a venue, an event or the library in general: the smileys' distribution, the trend by
 * week, the time of day, the follow-up reasons and the comments, as charts a coordinator can
 * put in a report, each downloadable as PNG (the canvas), as SVG (drawn from the same spec by
 * chart_svg.js: Chart.js draws only on a canvas) and its numbers as CSV; then the table of every
 * event.
 *
 * The charts are Debian's Chart.js (libjs-chart.js, served by the hub as /console/lib/
 * chart.min.js), drawn with no animation and nothing inline (the CSP allows neither). Without
 * the library the page still shows its numbers as tables. Every value reaches the page as text
 * (AukioConsole.el); on a canvas it is only ever drawn as text.
 *
 * Colour is never the only cue: every bar is named on its axis and carries its number, and the
 * trend's two series differ in kind (bars and a line with markers) and are named in a legend.
 * The colours have at least 3:1 against white (WCAG 1.4.11), the texts 4.5:1.
 */
"use strict";

(() => {
  const C = AukioConsole;
  const { el, t } = C;
  const ZONE = "Europe/Helsinki";
  const INK = "#1b1f24";
  const GRID = "#d0d5dd";
  // The four smileys, Huono ... Erinomainen, each at least 4.5:1 on white.
  const SMILEY = ["#a4161a", "#a04a00", "#0b5cad", "#1e6b35"];
  const BAR = "#0b5cad";
  const LINE = "#a04a00";
  // A trend covers at most two years of weeks.
  const WEEKS_MAX = 104;
  const COMMENTS_SHOWN = 200;

  // ---- Time: an hour since 1970 (UTC) into its week and hour of day in Helsinki -------------

  const PARTS = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric",
    month: "2-digit", day: "2-digit", hour: "2-digit", hourCycle: "h23" });
  const HOURS = new Map();

  // {week: weeks since 1970-01-05 (a Monday), hour: 0..23}, cached: many events share hours.
  function hourOf(h) {
    let v = HOURS.get(h);
    if (v) return v;
    const p = Object.fromEntries(PARTS.formatToParts(new Date(h * 3600000))
      .map((x) => [x.type, x.value]));
    const days = Math.floor(Date.UTC(+p.year, +p.month - 1, +p.day) / 86400000);
    const monday = days - ((days + 3) % 7); // 1970-01-01 was a Thursday
    v = { week: (monday - 4) / 7, hour: +p.hour % 24 };
    HOURS.set(h, v);
    return v;
  }

  // The ISO week and its year of week number W (weeks since 1970-01-05).
  function isoWeek(w) {
    const thursday = new Date((w * 7 + 4 + 3) * 86400000);
    const year = thursday.getUTCFullYear();
    const jan1 = Date.UTC(year, 0, 1);
    return { week: Math.floor((thursday - jan1) / 86400000 / 7) + 1, year };
  }

  function weekLabel(w) {
    const { week, year } = isoWeek(w);
    return t("chart.week", week, year);
  }

  // ---- What the page shows: everything, a venue, an event ------------------------------------

  function venueKey(v) {
    return v && typeof v === "object" ? v.fi || v.sv || v.en || "" : "";
  }

  function emptySum() {
    return { count: 0, scores: [0, 0, 0, 0], reasons: {}, hours: new Map(), comments: [],
      commentsTotal: 0 };
  }

  // ENTRIES added up; each comment keeps the event it was about (LABEL of an entry).
  function sum(entries, label) {
    const s = emptySum();
    for (const e of entries) {
      s.count += e.count;
      e.scores.forEach((n, i) => { s.scores[i] += n; });
      for (const [id, n] of Object.entries(e.reasons)) s.reasons[id] = (s.reasons[id] || 0) + n;
      // [hour, smiley 1 .. 4, hour, ...]: hours since 1970 (UTC), each with its counts.
      const hours = e.hours || [];
      for (let i = 0; i + 4 < hours.length; i += 5) {
        const to = s.hours.get(hours[i]) || [0, 0, 0, 0];
        for (let k = 0; k < 4; k++) to[k] += hours[i + 1 + k];
        s.hours.set(hours[i], to);
      }
      const about = label ? label(e) : null;
      for (const c of e.comments) s.comments.push({ ...c, about });
      s.commentsTotal += e.comments_total ?? e.comments.length;
    }
    s.comments.sort((a, b) => b.at - a.at);
    s.comments = s.comments.slice(0, COMMENTS_SHOWN);
    return s;
  }

  function eventLabel(e) {
    if (!e.event) return t("feedback.library");
    return e.event && e.event.title ? C.ltext(e.event.title) : t("feedback.gone", e.event.id);
  }

  // The page's two choices: a scope (everything, the library in general, a venue) and, within a
  // venue, one of its events. [{value, label, group, entries, events: [{value, label, entries}]}]
  function subjects(data) {
    const out = [];
    const all = data.events.slice();
    if (data.library && data.library.count > 0) all.push(data.library);
    out.push({ value: "all", label: t("chart.all"), group: null, entries: all, events: [] });
    if (data.library && data.library.count > 0)
      out.push({ value: "library", label: t("feedback.library"), group: null,
        entries: [data.library], events: [] });
    const venues = new Map();
    const newest = data.events.slice().sort((a, b) =>
      String(b.event.start || "").localeCompare(String(a.event.start || "")));
    for (const e of newest) {
      const key = venueKey(e.event.venue);
      if (!venues.has(key))
        venues.set(key, { label: key ? C.ltext(e.event.venue) : t("chart.no_venue"), entries: [] });
      venues.get(key).entries.push(e);
    }
    [...venues.entries()].sort((a, b) => (a[0] ? 0 : 1) - (b[0] ? 0 : 1)
      || a[1].label.localeCompare(b[1].label))
      .forEach(([key, v]) => out.push({ value: "venue:" + key, label: v.label,
        group: "chart.venues", entries: v.entries,
        events: v.entries.map((e) => ({ value: "event:" + e.event.id,
          label: eventLabel(e) + (e.event.start ? " · " + C.when(e.event.start) : ""),
          entries: [e] })) }));
    return out;
  }

  // ---- The charts' numbers ------------------------------------------------------------------

  function number(v, digits) {
    return new Intl.NumberFormat(C.LOCALES[C.state.lang],
      { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(v);
  }

  function average(scores) {
    const n = scores.reduce((a, b) => a + b, 0);
    return n ? scores.reduce((a, b, i) => a + b * (i + 1), 0) / n : null;
  }

  function reasonName(id) {
    return STRINGS.has("feedback.reason." + id) ? t("feedback.reason." + id) : id;
  }

  // Each chart as numbers: {key, title, labels, series: [{name, values, kind}], csvHead}.
  function distribution(s) {
    return { key: "smileys", title: t("chart.smileys"), type: "bar",
      labels: [1, 2, 3, 4].map((i) => t("feedback.score" + i)),
      series: [{ name: t("feedback.count"), values: s.scores.slice(), colours: SMILEY }] };
  }

  function byWeek(s) {
    const weeks = new Map();
    for (const [h, v] of s.hours) {
      const w = hourOf(h).week;
      const to = weeks.get(w) || [0, 0, 0, 0];
      v.forEach((n, i) => { to[i] += n; });
      weeks.set(w, to);
    }
    const keys = [...weeks.keys()].sort((a, b) => a - b);
    const labels = [], answers = [], avg = [];
    if (keys.length) {
      const last = keys[keys.length - 1];
      for (let w = Math.max(keys[0], last - WEEKS_MAX + 1); w <= last; w++) {
        const v = weeks.get(w) || [0, 0, 0, 0];
        labels.push(weekLabel(w));
        answers.push(v.reduce((a, b) => a + b, 0));
        const a = average(v);
        avg.push(a === null ? null : Math.round(a * 100) / 100);
      }
    }
    return { key: "weeks", title: t("chart.weeks"), type: "trend", labels,
      series: [{ name: t("feedback.count"), values: answers },
        { name: t("chart.average"), values: avg }] };
  }

  function byHour(s) {
    const hours = new Array(24).fill(0);
    for (const [h, v] of s.hours) hours[hourOf(h).hour] += v[0] + v[1] + v[2] + v[3];
    return { key: "hours", title: t("chart.hours"), type: "bar", xTitle: t("chart.hour"),
      labels: hours.map((_, i) => String(i)),
      series: [{ name: t("feedback.count"), values: hours }] };
  }

  function reasons(s) {
    const rows = Object.entries(s.reasons).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    return { key: "reasons", title: t("chart.reasons"), type: "hbar",
      labels: rows.map(([id]) => reasonName(id)),
      series: [{ name: t("feedback.count"), values: rows.map(([, n]) => n) }] };
  }

  // ---- Downloads ----------------------------------------------------------------------------

  // A spreadsheet runs a cell that starts with = + - @ (or a tab or CR) as a formula: such a
  // text becomes text with a leading apostrophe, as the hub's CSV writer does.
  function csvCell(v) {
    if (v === null || v === undefined) return "";
    let s = String(v);
    if (typeof v !== "number" && /^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[",\r\n;]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  function csvOf(spec, subject) {
    const lines = [[spec.title, subject.label].map(csvCell).join(",")];
    lines.push(["", ...spec.series.map((x) => x.name)].map(csvCell).join(","));
    spec.labels.forEach((label, i) =>
      lines.push([label, ...spec.series.map((x) => x.values[i])].map(csvCell).join(",")));
    return "\uFEFF" + lines.join("\r\n") + "\r\n";
  }

  function fileName(spec, subject, ext) {
    const slug = subject.value.replace(/[^A-Za-z0-9-]+/g, "_").slice(0, 60);
    return `aukio-feedback-${spec.key}-${slug}.${ext}`;
  }

  // BLOB saved as NAME by the browser (a link to it pressed; no page is opened).
  function save(blob, name) {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }

  // ---- Drawing ------------------------------------------------------------------------------

  // A white page under the chart: the PNG is what the screen shows, not a transparent canvas.
  const paper = { id: "aukioPaper", beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  } };

  // Each bar's number on it (above it, or after it when the bars lie): not colour alone.
  const numbers = { id: "aukioNumbers", afterDatasetsDraw(chart) {
    const { ctx } = chart;
    ctx.save();
    ctx.fillStyle = INK;
    ctx.font = "600 13px 'Noto Sans', 'DejaVu Sans', sans-serif";
    chart.data.datasets.forEach((ds, i) => {
      if (ds.type === "line") return;
      const meta = chart.getDatasetMeta(i);
      const horizontal = chart.options.indexAxis === "y";
      meta.data.forEach((bar, j) => {
        const v = ds.data[j];
        if (!v) return;
        const text = number(v, 0);
        if (horizontal) {
          ctx.textAlign = "left";
          ctx.textBaseline = "middle";
          ctx.fillText(text, bar.x + 6, bar.y);
        } else if (chart.data.datasets.length > 1 && bar.base - bar.y > 20) {
          // Under a line: the number inside its bar, at the foot, white on the bar's blue.
          ctx.fillStyle = "#ffffff";
          ctx.textAlign = "center";
          ctx.textBaseline = "bottom";
          ctx.fillText(text, bar.x, bar.base - 4);
          ctx.fillStyle = INK;
        } else {
          ctx.textAlign = "center";
          ctx.textBaseline = "bottom";
          ctx.fillText(text, bar.x, bar.y - 3);
        }
      });
    });
    ctx.restore();
  } };

  function axes(spec) {
    const ticks = { color: INK, font: { size: 13 } };
    const grid = { color: GRID };
    const count = { beginAtZero: true, ticks: { ...ticks, precision: 0 }, grid,
      grace: "12%", title: { display: true, text: t("feedback.count"), color: INK } };
    if (spec.type === "hbar")
      return { x: { ...count }, y: { ticks, grid: { display: false } } };
    const x = { ticks: { ...ticks, autoSkip: true, maxRotation: 0 }, grid: { display: false },
      title: { display: !!spec.xTitle, text: spec.xTitle || "", color: INK } };
    if (spec.type !== "trend") return { x, y: count };
    return { x, y: count, avg: { position: "right", min: 1, max: 4, grid: { display: false },
      ticks: { ...ticks, stepSize: 1, callback: (v) => (Number.isInteger(v)
        ? t("feedback.score" + v) : "") },
      title: { display: true, text: t("chart.average"), color: INK } } };
  }

  function config(spec) {
    const datasets = spec.type === "trend" ? [
      { type: "bar", label: spec.series[0].name, data: spec.series[0].values,
        backgroundColor: BAR, yAxisID: "y", order: 2 },
      { type: "line", label: spec.series[1].name, data: spec.series[1].values, yAxisID: "avg",
        borderColor: LINE, backgroundColor: LINE, borderWidth: 3, pointStyle: "rectRot",
        pointRadius: 5, spanGaps: true, order: 1 },
    ] : [{ label: spec.series[0].name, data: spec.series[0].values,
      backgroundColor: spec.series[0].colours || BAR }];
    return {
      type: "bar",
      data: { labels: spec.labels, datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false, devicePixelRatio: 2,
        indexAxis: spec.type === "hbar" ? "y" : "x",
        font: { family: "'Noto Sans', 'DejaVu Sans', sans-serif" },
        color: INK,
        layout: { padding: { top: 8, right: spec.type === "hbar" ? 40 : 12 } },
        plugins: {
          legend: { display: spec.type === "trend", labels: { color: INK, usePointStyle: true } },
          title: { display: true, text: spec.title, color: INK, font: { size: 16, weight: "600" } },
          // What the chart is of, so that a downloaded image says it too.
          subtitle: { display: !!spec.subject, text: spec.subject || "", color: INK,
            font: { size: 13 }, padding: { bottom: 8 } },
          tooltip: { enabled: true },
        },
        scales: axes(spec),
      },
      plugins: [paper, numbers],
    };
  }

  // What a screen reader hears of a chart: its numbers in words.
  function describe(spec) {
    return spec.title + ": " + spec.labels.map((l, i) =>
      l + " " + spec.series.map((x) => (x.values[i] === null ? "–" : number(x.values[i],
        Number.isInteger(x.values[i]) ? 0 : 2))).join(" / ")).join(", ");
  }

  const charts = [];

  // SPEC as the text of an SVG file, in the page's colours and words (console/chart_svg.js).
  const STYLE = { ink: INK, grid: GRID, bar: BAR, line: LINE, number, describe };
  function svgText(spec) {
    return AukioChartSvg.chartSvgText(spec, STYLE);
  }

  function chartFigure(spec, subject) {
    spec.subject = subject.label;
    const empty = spec.labels.length === 0 || spec.series[0].values.every((v) => !v);
    const canvas = el("canvas", { role: "img", "aria-label": describe(spec),
      "data-test": "chart-" + spec.key });
    const box = el("div", { class: "chart chart-" + spec.type }, canvas);
    const png = el("button", { type: "button", "data-test": "png-" + spec.key,
      disabled: empty || typeof Chart === "undefined" }, t("chart.png"));
    const csv = el("button", { type: "button", "data-test": "csv-" + spec.key, disabled: empty },
      t("chart.csv"));
    // The vector image needs no Chart.js: it is drawn from the spec itself.
    const svg = el("button", { type: "button", "data-test": "svg-" + spec.key, disabled: empty },
      t("chart.svg"));
    png.addEventListener("click", () => canvas.toBlob((b) => b && save(b,
      fileName(spec, subject, "png")), "image/png"));
    svg.addEventListener("click", () => save(new Blob([svgText(spec)],
      { type: "image/svg+xml" }), fileName(spec, subject, "svg")));
    csv.addEventListener("click", () => save(new Blob([csvOf(spec, subject)],
      { type: "text/csv;charset=utf-8" }), fileName(spec, subject, "csv")));
    const fig = el("figure", { class: "chart-figure", "data-test": "figure-" + spec.key },
      empty ? el("p", { class: "meta" }, spec.title + ": " + t("chart.no_data")) : box,
      el("figcaption", { class: "downloads" }, png, svg, csv));
    if (!empty && typeof Chart !== "undefined") charts.push([canvas, spec]);
    return fig;
  }

  // The charts drawn before go first: Chart.js keeps every chart it drew (and its observers).
  function forget() {
    if (typeof Chart === "undefined") return;
    for (const c of Object.values(Chart.instances)) c.destroy();
  }

  function drawAll() {
    for (const [canvas, spec] of charts.splice(0)) {
      // eslint-disable-next-line no-new
      new Chart(canvas, config(spec));
    }
  }

  // ---- The page -----------------------------------------------------------------------------

  function comments(s, subject) {
    if (s.comments.length === 0) return el("p", { class: "meta" }, t("chart.no_comments"));
    const showAbout = !subject.value.startsWith("event:");
    return el("div", null,
      s.commentsTotal > s.comments.length
        ? el("p", { class: "meta" }, t("chart.comments_newest", s.comments.length, s.commentsTotal))
        : null,
      el("ul", { class: "comments", "data-test": "comments" }, s.comments.map((c) =>
        el("li", null,
          el("span", { class: "pill pill-score" + c.score }, t("feedback.score" + c.score)), " ",
          el("q", null, c.text),
          el("span", { class: "meta" }, " – " + C.when(c.at) +
            (showAbout && c.about ? " · " + c.about : ""))))));
  }

  function summaryLine(s) {
    const a = average(s.scores);
    return el("p", { class: "summary", "data-test": "summary" },
      a === null ? t("chart.summary_none", s.count)
        : t("chart.summary", s.count, number(a, 1)));
  }

  function feedbackRow(entry, label, test) {
    const scores = entry.scores.map((n) => el("td", { class: "num" }, String(n), " ",
      el("meter", { min: 0, max: Math.max(entry.count, 1), value: n })));
    const why = Object.entries(entry.reasons).sort((a, b) => b[1] - a[1]).map(([id, n]) =>
      reasonName(id) + " " + n).join(", ");
    const list = entry.comments.length === 0 ? null : el("details", null,
      el("summary", null, t("feedback.comments", entry.comments.length)),
      el("ul", null, entry.comments.slice().reverse().map((c) =>
        el("li", null, t("feedback.score" + c.score) + ": ", el("q", null, c.text)))));
    return el("tr", { "data-id": test },
      el("td", null, label, list),
      el("td", null, entry.event && entry.event.start ? C.when(entry.event.start) : "–"),
      el("td", { class: "num" }, String(entry.count)), scores, el("td", null, why));
  }

  // The table of every event, the newest first, a page of TABLE_PAGE rows at a time.
  const TABLE_PAGE = 100;

  function eventsTable(data) {
    const events = data.events.slice().sort((a, b) =>
      String(b.event.start || "").localeCompare(String(a.event.start || "")));
    const row = (e) => feedbackRow(e, e.event.title ? el("a",
      { href: "#/event/" + encodeURIComponent(e.event.id) }, C.ltext(e.event.title))
      : t("feedback.gone", e.event.id), e.event.id);
    const rows = [];
    if (data.library && data.library.count > 0)
      rows.push(feedbackRow(data.library, t("feedback.library"), "library"));
    let shownRows = Math.min(TABLE_PAGE, events.length);
    rows.push(...events.slice(0, shownRows).map(row));
    const tbl = C.table([t("overview.event"), t("overview.time"), t("feedback.count"),
      t("feedback.score1"), t("feedback.score2"), t("feedback.score3"), t("feedback.score4"),
      t("feedback.reasons")], rows, "feedback");
    const more = el("button", { type: "button", "data-test": "more" });
    const label = () => {
      more.textContent = t("chart.more", Math.min(TABLE_PAGE, events.length - shownRows),
        events.length - shownRows);
      more.hidden = shownRows >= events.length;
    };
    more.addEventListener("click", () => {
      const next = events.slice(shownRows, shownRows + TABLE_PAGE);
      shownRows += next.length;
      tbl.tBodies[0].append(...next.map(row));
      label();
    });
    label();
    return el("div", null, tbl, more);
  }

  function subjectView(subject, body) {
    forget();
    const s = sum(subject.entries, eventLabel);
    const specs = [distribution(s), byWeek(s), byHour(s), reasons(s)];
    body.replaceChildren(...[
      el("h2", { "data-test": "subject" }, subject.label), summaryLine(s),
      typeof Chart === "undefined" ? el("p", { class: "meta" }, t("chart.no_library")) : null,
      el("div", { class: "charts" }, specs.map((spec) => chartFigure(spec, subject))),
      el("h3", null, t("chart.comments")), comments(s, subject)].filter((x) => x));
    drawAll();
  }

  // What was chosen last, kept while the page is open.
  const shown = { scope: "all", event: "" };

  async function feedbackView() {
    const r = await C.api("GET", "feedback");
    if (r.status !== 200) return C.show(el("p", { class: "error" }, C.failure(r)));
    const data = r.data;
    if (data.events.length === 0 && !(data.library && data.library.count > 0))
      return C.show(el("h1", null, t("feedback.title")), el("p", null, t("feedback.empty")));
    const list = subjects(data);
    if (!list.some((x) => x.value === shown.scope)) shown.scope = "all";
    const body = el("div", { "data-test": "feedback-charts" });
    const option = (x, chosen) => el("option", { value: x.value, selected: x.value === chosen },
      x.label);
    const scope = el("select", { id: "fb-subject", "data-test": "fb-subject" },
      list.filter((x) => !x.group).map((x) => option(x, shown.scope)),
      el("optgroup", { label: t("chart.venues") },
        list.filter((x) => x.group).map((x) => option(x, shown.scope))));
    // A venue's events, for one of them alone.
    const event = el("select", { id: "fb-event", "data-test": "fb-event" });
    const eventField = el("span", { class: "inline-field" },
      el("label", { for: "fb-event" }, t("chart.event")), " ", event);
    const draw = () => {
      const sc = list.find((x) => x.value === shown.scope) || list[0];
      const ev = sc.events.find((x) => x.value === shown.event);
      subjectView(ev || sc, body);
    };
    const events = () => {
      const sc = list.find((x) => x.value === shown.scope) || list[0];
      if (!sc.events.some((x) => x.value === shown.event)) shown.event = "";
      event.replaceChildren(el("option", { value: "", selected: !shown.event },
        t("chart.every_event", sc.events.length)),
      ...sc.events.map((x) => option(x, shown.event)));
      eventField.hidden = sc.events.length === 0;
    };
    scope.addEventListener("change", () => {
      shown.scope = scope.value;
      shown.event = "";
      events();
      draw();
    });
    event.addEventListener("change", () => {
      shown.event = event.value;
      draw();
    });
    events();
    C.show(el("h1", null, t("feedback.title")),
      el("p", { class: "choices" }, el("span", { class: "inline-field" },
        el("label", { for: "fb-subject" }, t("chart.subject")), " ", scope), eventField),
      body,
      el("h2", null, t("chart.table")), eventsTable(data));
    draw();
  }

  C.views.set("#/feedback", feedbackView);
})();
