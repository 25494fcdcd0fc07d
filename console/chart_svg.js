/*
 * chart_svg.js: a feedback chart as a vector image (SVG) for a coordinator's report, drawn from
 * the same spec as the page's Chart.js canvas, its CSV and its aria-label (console/charts.js:
 * {key, title, subject, type: "bar" | "trend" | "hbar", labels, xTitle, series}).
 *
 * Every element is made with document.createElementNS through svgEl(), which puts every value
 * in as a text node (never markup; attribute names from a fixed list), and the whole is written
 * out by XMLSerializer: a name like <img src=x onerror=alert(1)> comes out as text.
 *
 * The same cues as the canvas: bars named on their axis with their numbers on them, the trend's
 * answers as bars and its average as a line with diamond markers on a second axis named Huono
 * ... Erinomainen, a legend, gridlines, the title and what the chart is of.
 */
"use strict";

// What charts.js uses of this file (AukioConsole itself is frozen).
const AukioChartSvg = (() => {
  const C = AukioConsole;
  const NS = "http://www.w3.org/2000/svg";
  const FONT = "'Noto Sans', 'DejaVu Sans', sans-serif";
  const WIDTH = 800;
  const ATTRS = new Set(["class", "width", "height", "viewBox", "x", "y", "x1", "y1", "x2", "y2",
    "d", "points", "fill", "stroke", "stroke-width", "font-family", "font-size", "font-weight",
    "text-anchor", "dominant-baseline", "transform", "role", "aria-labelledby", "id",
    "data-value", "data-label", "data-series", "stroke-linejoin", "shape-rendering"]);

  // An SVG element TAG with ATTRS (names from the list above) and CHILDREN (elements, or
  // anything else as text).
  function svgEl(tag, attrs, ...children) {
    const e = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (!ATTRS.has(k)) throw new Error("svgEl: attribute " + k);
      if (v !== null && v !== undefined && v !== false) e.setAttribute(k, String(v));
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      e.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  // Text widths as the browser measures them in the chart's font.
  let measure = null;
  function textWidth(text, size, weight) {
    if (!measure) measure = document.createElement("canvas").getContext("2d");
    measure.font = `${weight || 400} ${size}px ${FONT}`;
    return measure.measureText(String(text)).width;
  }

  // TEXT shortened with "…" to at most MAX pixels wide.
  function fit(text, size, weight, max) {
    let s = String(text);
    if (textWidth(s, size, weight) <= max) return s;
    while (s.length > 1 && textWidth(s + "…", size, weight) > max) s = s.slice(0, -1);
    return s + "…";
  }

  // The count axis: from 0 to a round number above MAX with room for the bars' numbers.
  function countScale(max) {
    const raw = Math.max(1, max * 1.12);
    const rough = raw / 5;
    const p = Math.pow(10, Math.floor(Math.log10(rough)));
    const step = Math.max(1, [1, 2, 5, 10].map((m) => m * p).find((s) => s >= rough));
    const top = Math.ceil(raw / step) * step;
    const ticks = [];
    for (let v = 0; v <= top; v += step) ticks.push(v);
    return { top, ticks };
  }

  function text(x, y, content, o) {
    return svgEl("text", { x: round(x), y: round(y), "font-size": o.size || 13,
      "font-weight": o.weight || null, "text-anchor": o.anchor || null, fill: o.fill,
      transform: o.rotate ? `rotate(${o.rotate} ${round(x)} ${round(y)})` : null,
      class: o.cls || null }, content);
  }

  function round(v) {
    return Math.round(v * 10) / 10;
  }

  function diamond(x, y, r, fill) {
    return svgEl("polygon", { class: "marker", fill,
      points: [[x, y - r], [x + r, y], [x, y + r], [x - r, y]]
        .map((p) => p.map(round).join(",")).join(" ") });
  }

  // The legend of the trend: a bar swatch and a line with its marker, centred.
  function legend(spec, st, y) {
    const names = spec.series.map((x) => x.name);
    const widths = names.map((n) => textWidth(n, 13) + 26);
    let x = (WIDTH - widths[0] - widths[1] - 24) / 2;
    const g = svgEl("g", { class: "legend" });
    g.append(svgEl("rect", { x: round(x), y: y - 11, width: 16, height: 12, fill: st.bar }),
      text(x + 22, y, names[0], { fill: st.ink }));
    x += widths[0] + 24;
    g.append(svgEl("line", { x1: round(x - 2), y1: y - 5, x2: round(x + 18), y2: y - 5,
      stroke: st.line, "stroke-width": 3 }), diamond(x + 8, y - 5, 5, st.line),
    text(x + 24, y, names[1], { fill: st.ink }));
    return g;
  }

  // A vertical bar chart (with the trend's line when SPEC is one) in the box P.
  function columns(spec, st, p, g) {
    const trend = spec.type === "trend";
    const values = spec.series[0].values;
    const colours = spec.series[0].colours;
    const { top, ticks } = countScale(Math.max(0, ...values.map((v) => v || 0)));
    const yOf = (v) => p.bottom - (v / top) * (p.bottom - p.top);
    for (const v of ticks) {
      g.append(svgEl("line", { class: "grid", x1: p.left, x2: p.right, y1: round(yOf(v)),
        y2: round(yOf(v)), stroke: st.grid, "stroke-width": 1, "shape-rendering": "crispEdges" }),
      text(p.left - 8, yOf(v) + 4, st.number(v, 0), { fill: st.ink, anchor: "end" }));
    }
    const band = (p.right - p.left) / Math.max(1, spec.labels.length);
    const widest = Math.max(...spec.labels.map((l) => textWidth(l, 13)));
    const every = Math.max(1, Math.ceil((widest + 10) / band));
    spec.labels.forEach((label, i) => {
      const v = values[i] || 0;
      const x = p.left + i * band + band * 0.15;
      const h = yOf(0) - yOf(v);
      g.append(svgEl("rect", { class: "bar", x: round(x), y: round(yOf(v)),
        width: round(band * 0.7), height: round(h), fill: colours ? colours[i] : st.bar,
        "data-value": v, "data-label": label }, svgEl("title", null, label + ": " + v)));
      const num = st.number(v, 0);
      if (v && textWidth(num, 13, 600) <= band) {
        const inside = trend && h > 20;
        g.append(text(x + band * 0.35, inside ? yOf(0) - 5 : yOf(v) - 4, num,
          { fill: inside ? "#ffffff" : st.ink, anchor: "middle", weight: 600, cls: "value" }));
      }
      if (i % every === 0) {
        // Centred under its bar, but never past the picture's edges.
        const half = textWidth(label, 13) / 2 + 4;
        const cx = Math.min(Math.max(x + band * 0.35, half), WIDTH - half);
        g.append(text(cx, p.bottom + 18, label, { fill: st.ink, anchor: "middle", cls: "tick" }));
      }
    });
    g.append(svgEl("line", { x1: p.left, x2: p.right, y1: p.bottom, y2: p.bottom,
      stroke: st.ink, "stroke-width": 1, "shape-rendering": "crispEdges" }));
    if (!trend) return;
    // The average on its own axis, 1 (Huono) to 4 (Erinomainen), on the right.
    const avgY = (v) => p.bottom - ((v - 1) / 3) * (p.bottom - p.top);
    for (let s = 1; s <= 4; s++)
      g.append(text(p.right + 8, avgY(s) + 4, C.t("feedback.score" + s), { fill: st.ink }));
    const points = [];
    const marker = Math.min(6, Math.max(2.5, band / 3));
    spec.series[1].values.forEach((v, i) => {
      if (v !== null && v !== undefined) points.push([p.left + (i + 0.5) * band, avgY(v), v, i]);
    });
    if (points.length > 1)
      g.append(svgEl("path", { class: "line", fill: "none", stroke: st.line, "stroke-width": 3,
        "stroke-linejoin": "round",
        d: points.map(([x, y], i) => (i ? "L" : "M") + round(x) + " " + round(y)).join(" ") }));
    for (const [x, y, v, i] of points)
      g.append(svgEl("g", { class: "point", "data-value": v, "data-label": spec.labels[i] },
        svgEl("title", null, spec.labels[i] + ": " + st.number(v, 2)), diamond(x, y, marker, st.line)));
  }

  // A horizontal bar chart (the follow-up reasons) in the box P.
  function rows(spec, st, p, g) {
    const values = spec.series[0].values;
    const { top, ticks } = countScale(Math.max(0, ...values));
    const xOf = (v) => p.left + (v / top) * (p.right - p.left);
    for (const v of ticks)
      g.append(svgEl("line", { class: "grid", x1: round(xOf(v)), x2: round(xOf(v)), y1: p.top,
        y2: p.bottom, stroke: st.grid, "stroke-width": 1, "shape-rendering": "crispEdges" }),
      text(xOf(v), p.bottom + 18, st.number(v, 0), { fill: st.ink, anchor: "middle" }));
    const band = (p.bottom - p.top) / Math.max(1, spec.labels.length);
    spec.labels.forEach((label, i) => {
      const v = values[i] || 0;
      const y = p.top + i * band + band * 0.15;
      g.append(svgEl("rect", { class: "bar", x: p.left, y: round(y), width: round(xOf(v) - p.left),
        height: round(band * 0.7), fill: st.bar, "data-value": v, "data-label": label },
      svgEl("title", null, label + ": " + v)),
      text(p.left - 8, y + band * 0.35 + 4, fit(label, 13, 400, p.left - 24),
        { fill: st.ink, anchor: "end", cls: "tick" }));
      if (v)
        g.append(text(xOf(v) + 6, y + band * 0.35 + 4, st.number(v, 0),
          { fill: st.ink, weight: 600, cls: "value" }));
    });
    g.append(svgEl("line", { x1: p.left, x2: p.left, y1: p.top, y2: p.bottom, stroke: st.ink,
      "stroke-width": 1, "shape-rendering": "crispEdges" }));
  }

  // SPEC as an <svg> element; ST the page's colours ({ink, grid, bar, line}), its number
  // format (number(v, digits)) and the chart's numbers in words (describe).
  function chartSvg(spec, st) {
    const trend = spec.type === "trend", hbar = spec.type === "hbar";
    let y = 30;
    const head = [text(WIDTH / 2, y, fit(spec.title, 18, 600, WIDTH - 32),
      { fill: st.ink, anchor: "middle", size: 18, weight: 600, cls: "title" })];
    if (spec.subject) {
      y += 24;
      head.push(text(WIDTH / 2, y, fit(spec.subject, 14, 400, WIDTH - 32),
        { fill: st.ink, anchor: "middle", size: 14, cls: "subtitle" }));
    }
    if (trend) {
      y += 28;
      head.push(legend(spec, st, y));
    }
    const p = { top: y + 24 };
    const countTitle = C.t("feedback.count");
    let height;
    if (hbar) {
      const widest = Math.max(0, ...spec.labels.map((l) => textWidth(l, 13)));
      p.left = 16 + Math.min(320, widest) + 12;
      p.right = WIDTH - 40;
      p.bottom = p.top + Math.max(1, spec.labels.length) * 34;
      height = p.bottom + 64;
    } else {
      const { ticks } = countScale(Math.max(0, ...spec.series[0].values.map((v) => v || 0)));
      const tickW = Math.max(...ticks.map((v) => textWidth(st.number(v, 0), 13)));
      p.left = 16 + 22 + tickW + 10;
      const scoreW = trend ? Math.max(...[1, 2, 3, 4].map((s) =>
        textWidth(C.t("feedback.score" + s), 13))) : 0;
      p.right = WIDTH - (trend ? 16 + 22 + scoreW + 10 : 24);
      height = 460;
      p.bottom = height - (spec.xTitle ? 60 : 40);
    }
    const g = svgEl("g", { class: "plot" });
    (hbar ? rows : columns)(spec, st, p, g);
    // The axes' names: the count, the x axis's own, the trend's average on the right.
    const titles = [];
    if (hbar) {
      titles.push(text((p.left + p.right) / 2, p.bottom + 44, countTitle,
        { fill: st.ink, anchor: "middle", cls: "axis-title" }));
    } else {
      titles.push(text(24, (p.top + p.bottom) / 2, countTitle,
        { fill: st.ink, anchor: "middle", rotate: -90, cls: "axis-title" }));
      if (spec.xTitle)
        titles.push(text((p.left + p.right) / 2, p.bottom + 44, spec.xTitle,
          { fill: st.ink, anchor: "middle", cls: "axis-title" }));
      if (trend)
        titles.push(text(WIDTH - 16, (p.top + p.bottom) / 2, spec.series[1].name,
          { fill: st.ink, anchor: "middle", rotate: -90, cls: "axis-title" }));
    }
    return svgEl("svg", { width: WIDTH, height, viewBox: `0 0 ${WIDTH} ${height}`, role: "img",
      "aria-labelledby": "title desc", "font-family": FONT },
    svgEl("title", { id: "title" }, spec.title + (spec.subject ? " – " + spec.subject : "")),
    svgEl("desc", { id: "desc" }, st.describe(spec)),
    svgEl("rect", { class: "paper", x: 0, y: 0, width: WIDTH, height, fill: "#ffffff" }),
    head, g, titles);
  }

  // SPEC as the text of an SVG file.
  function chartSvgText(spec, st) {
    return new XMLSerializer().serializeToString(chartSvg(spec, st));
  }

  return Object.freeze({ chartSvg, chartSvgText });
})();
