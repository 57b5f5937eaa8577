/* Vigie timeline: an SVG stacked bar chart of incidents per day or week (no library).
 *
 * Markup:  <div class="vigie-timeline" data-api="/api/timeline?country=Syria&bucket=day"></div>
 * The API returns {"bucket": "day"|"week", "types": ["Battles", ...],
 *                  "series": [{"start": "2016-03-01", "counts": {"Battles": 2, ...}}]}.
 * Buckets are placed on a real time axis, so a sparse series (empty buckets left out) and a
 * dense one (empty buckets as zero counts) draw the same chart.
 *
 * After drawing the container carries: data-rendered="1" ("0" plus data-error="..." on
 * failure), data-bars=N (buckets with at least one incident), data-segments=N (coloured
 * <rect>s, one per bucket and event type). Each segment has a <title> such as
 * "2016-03-01: 5 Explosions/Remote violence". An empty series shows "No incidents".
 */
(() => {
  "use strict";

  const SVG_NS = "http://www.w3.org/2000/svg";
  const DAY_MS = 86400000;
  const TYPE_COLOURS = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#9467bd",
    "Strategic developments": "#7f7f7f",
  };
  const OTHER_COLOUR = "#1f77b4";
  const colourOf = (type) => TYPE_COLOURS[type] || OTHER_COLOUR;
  const MARGIN = { top: 18, right: 8, bottom: 20, left: 34 };

  function svg(tag, attrs) {
    const el = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
    return el;
  }

  function svgText(x, y, text, attrs) {
    const t = svg("text", Object.assign({ x, y, "font-size": 10, fill: "#444" }, attrs || {}));
    t.textContent = text;
    return t;
  }

  function parseDay(s) {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(s == null ? "" : s));
    if (!m) return NaN;
    return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  }

  const isoDay = (t) => new Date(t).toISOString().slice(0, 10);

  function normalise(data) {
    const bucketDays = data && data.bucket === "week" ? 7 : 1;
    const types = Array.isArray(data && data.types) ? data.types.map(String) : [];
    const buckets = [];
    for (const b of Array.isArray(data && data.series) ? data.series : []) {
      if (!b || typeof b !== "object") continue;
      const t = parseDay(b.start);
      if (!Number.isFinite(t)) continue;
      const counts = [];
      for (const [type, n] of Object.entries(b.counts && typeof b.counts === "object" ? b.counts : {})) {
        const v = Number(n);
        if (Number.isFinite(v) && v > 0) {
          counts.push([type, v]);
          if (!types.includes(type)) types.push(type);
        }
      }
      buckets.push({ t, start: String(b.start).slice(0, 10), counts, total: counts.reduce((s, c) => s + c[1], 0) });
    }
    buckets.sort((a, b) => a.t - b.t);
    // Stack in the order of "types" so colours sit at the same height in every bar.
    const rank = new Map(types.map((t, i) => [t, i]));
    for (const b of buckets) b.counts.sort((x, y) => rank.get(x[0]) - rank.get(y[0]));
    return { bucketDays, types, buckets };
  }

  class Timeline {
    constructor(el) { this.el = el; this.data = null; this.lastWidth = 0; }

    async init() {
      const el = this.el;
      el.setAttribute("data-rendered", "0");
      const url = el.getAttribute("data-api");
      let raw;
      try {
        const resp = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (!resp.ok) throw new Error(`HTTP ${resp.status} for ${url}`);
        raw = await resp.json();
      } catch (err) {
        const p = document.createElement("p");
        p.className = "vigie-timeline-message";
        p.textContent = "Timeline unavailable: the counts could not be loaded.";
        el.replaceChildren(p);
        el.setAttribute("data-error", String(err && err.message || err));
        console.warn("vigie timeline:", err);
        return;
      }
      this.data = normalise(raw);
      this.render();
      if (typeof ResizeObserver === "function") {
        let timer = 0;
        new ResizeObserver(() => {
          clearTimeout(timer);
          timer = setTimeout(() => { if (this.el.clientWidth !== this.lastWidth) this.render(); }, 120);
        }).observe(el);
      }
    }

    render() {
      const el = this.el;
      const { bucketDays, buckets } = this.data;
      const w = el.clientWidth || 640, h = el.clientHeight || 160;
      this.lastWidth = el.clientWidth;
      const root = svg("svg", { class: "vigie-timeline-svg", viewBox: `0 0 ${w} ${h}`, width: w, height: h, role: "img" });
      const nonEmpty = buckets.filter((b) => b.total > 0);
      el.setAttribute("data-bars", String(nonEmpty.length));

      if (!nonEmpty.length) {
        root.setAttribute("aria-label", "No incidents");
        root.append(svgText(w / 2, h / 2, "No incidents", { "text-anchor": "middle", "dominant-baseline": "central", "font-size": 13, fill: "#666" }));
        el.replaceChildren(root);
        el.setAttribute("data-segments", "0");
        el.setAttribute("data-rendered", "1");
        return;
      }

      const x0 = MARGIN.left, x1 = w - MARGIN.right, y0 = MARGIN.top, y1 = h - MARGIN.bottom;
      const span = bucketDays * DAY_MS;
      const tMin = buckets[0].t, tMax = buckets[buckets.length - 1].t + span;
      const xOf = (t) => x0 + ((t - tMin) / (tMax - tMin)) * (x1 - x0);
      const maxTotal = Math.max(...nonEmpty.map((b) => b.total));
      const yOf = (v) => y1 - (v / maxTotal) * (y1 - y0);
      const slot = xOf(tMin + span) - x0;
      const gap = slot > 4 ? Math.min(2, slot * 0.15) : 0;
      const barW = Math.max(1, slot - gap);

      // Axes and y labels
      const axes = svg("g", { class: "vigie-timeline-axes" });
      axes.append(
        svg("line", { x1: x0, y1: y0, x2: x1, y2: y0, stroke: "#e3e3e3", "stroke-width": 1 }),
        svg("line", { x1: x0, y1: y1 + 0.5, x2: x1, y2: y1 + 0.5, stroke: "#999", "stroke-width": 1 }),
        svgText(x0 - 4, y0, String(maxTotal), { "text-anchor": "end", "dominant-baseline": "central" }),
        svgText(x0 - 4, y1, "0", { "text-anchor": "end", "dominant-baseline": "central" }),
      );
      // A few evenly spaced date labels, snapped to bucket starts.
      const nLabels = Math.max(2, Math.min(6, Math.floor((x1 - x0) / 110)));
      const used = new Set();
      for (let i = 0; i < nLabels; i++) {
        const target = tMin + ((tMax - span - tMin) * i) / (nLabels - 1);
        const t = tMin + Math.round((target - tMin) / span) * span;
        if (used.has(t)) continue;
        used.add(t);
        const x = xOf(t) + barW / 2;
        const anchor = i === 0 ? "start" : i === nLabels - 1 ? "end" : "middle";
        axes.append(
          svg("line", { x1: x, y1: y1 + 1, x2: x, y2: y1 + 4, stroke: "#999", "stroke-width": 1 }),
          svgText(i === 0 ? xOf(t) : i === nLabels - 1 ? xOf(t) + barW : x, h - 5, isoDay(t), { "text-anchor": anchor }),
        );
      }

      // Stacked bars
      const bars = svg("g", { class: "vigie-timeline-bars" });
      let segments = 0;
      for (const b of nonEmpty) {
        const g = svg("g", { class: "vigie-bar" });
        let acc = 0;
        const x = xOf(b.t) + gap / 2;
        for (const [type, n] of b.counts) {
          const yTop = yOf(acc + n), yBot = yOf(acc);
          const rect = svg("rect", {
            x: x.toFixed(2), y: yTop.toFixed(2), width: barW.toFixed(2), height: Math.max(0.5, yBot - yTop).toFixed(2),
            fill: colourOf(type),
          });
          const title = svg("title");
          title.textContent = `${b.start}: ${n} ${type}`;
          rect.append(title);
          g.append(rect);
          acc += n;
          segments++;
        }
        bars.append(g);
      }

      const total = nonEmpty.reduce((s, b) => s + b.total, 0);
      root.setAttribute("aria-label", `${total} incidents over ${nonEmpty.length} ${bucketDays === 7 ? "weeks" : "days"}`);
      const legend = svg("g", { class: "vigie-timeline-legend" });
      root.append(axes, bars, legend);
      el.replaceChildren(root);

      // Legend of the types present, along the top (measured once in the document)
      const present = this.data.types.filter((t) => nonEmpty.some((b) => b.counts.some((c) => c[0] === t)));
      let lx = x0;
      for (const type of present) {
        const label = svgText(lx + 12, 11, type);
        legend.append(label);
        let tw = type.length * 5.5;
        try { tw = label.getComputedTextLength() || tw; } catch (e) { /* not laid out */ }
        if (lx + 12 + tw > x1) { label.remove(); break; }
        legend.append(svg("rect", { x: lx, y: 3, width: 9, height: 9, fill: colourOf(type) }));
        lx += 12 + tw + 12;
      }
      el.setAttribute("data-segments", String(segments));
      el.setAttribute("data-rendered", "1");
    }
  }

  function initAll(root) {
    for (const el of (root || document).querySelectorAll(".vigie-timeline[data-api]")) {
      if (el.vigieTimeline) continue;
      el.vigieTimeline = new Timeline(el);
      el.vigieTimeline.init().catch((err) => {
        console.warn("vigie timeline:", err);
        el.setAttribute("data-rendered", "0");
        el.setAttribute("data-error", String(err && err.message || err));
      });
    }
  }

  window.Vigie = Object.assign(window.Vigie || {}, { initTimelines: initAll });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => initAll());
  else initAll();
})();
