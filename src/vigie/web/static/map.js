/* Vigie incident map: an offline SVG map of incidents (no tile server, no library).
 *
 * Markup:  <div class="vigie-map" data-api="/api/map?country=Syria"
 *               data-world="/static/world-110m.json"     (optional, this is the default)
 *               data-incident-base="/incidents/"></div>  (optional, this is the default)
 * The API returns {"points": [{"id", "latitude", "longitude", "fatalities_low",
 * "event_type", "sub_event_type", "location", "event_date"}]}.
 *
 * After each drawing the container carries (strings, read by tests):
 *   data-rendered="1"   drawn ("0" plus data-error="..." if the points could not be loaded)
 *   data-countries=N    country <path>s drawn (0 if the world file failed to load)
 *   data-points=N       incidents shown in the current view, alone or inside a cluster
 *   data-clusters=N     cluster circles (two or more incidents within ~12 px)
 *   data-markers=N      single-incident circles
 *   data-zoomed="1"|"0" whether a cluster click zoomed the view in
 *   data-listed=N       set when a cluster's incidents were listed in div.vigie-map-list
 *                       (inserted right after the container)
 * Incident text is untrusted: everything is built with createElement(NS) and textContent.
 */
(() => {
  "use strict";

  const SVG_NS = "http://www.w3.org/2000/svg";
  const DEFAULT_WORLD = "/static/world-110m.json";
  const DEFAULT_INCIDENT_BASE = "/incidents/";
  const FALLBACK_VIEW = { west: 25, east: 60, south: 25, north: 42 }; // the Middle East
  const MIN_WIDTH_DEG = 4; // never zoom in closer than this many degrees of longitude...
  const MIN_HEIGHT_DEG = 3; // ...or of latitude
  const CLUSTER_PX = 12; // points closer than this on screen are drawn as one cluster
  const MAX_LAT = 85;
  const TYPE_COLOURS = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#9467bd",
    "Strategic developments": "#7f7f7f",
  };
  const OTHER_COLOUR = "#1f77b4";

  const colourOf = (type) => TYPE_COLOURS[type] || OTHER_COLOUR;

  function svg(tag, attrs) {
    const el = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
    return el;
  }

  function html(tag, cls, text) {
    const el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text != null) el.textContent = text;
    return el;
  }

  /* ---------- data ---------- */

  const worldCache = new Map(); // url -> Promise<rings per country>

  async function getJSON(url) {
    const resp = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (!resp.ok) throw new Error(`HTTP ${resp.status} for ${url}`);
    return resp.json();
  }

  // Decode a TopoJSON topology into [{name, rings: [[[lon, lat], ...], ...]}] (one per country).
  function decodeTopology(topo, objectName) {
    const tf = topo.transform;
    const arcs = topo.arcs.map((arc) => {
      let x = 0, y = 0;
      return arc.map((p) => {
        if (!tf) return [p[0], p[1]];
        x += p[0]; y += p[1];
        return [x * tf.scale[0] + tf.translate[0], y * tf.scale[1] + tf.translate[1]];
      });
    });
    const ring = (indices) => {
      const out = [];
      for (const i of indices) {
        let pts = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
        if (out.length) pts = pts.slice(1); // consecutive arcs share their end point
        for (const p of pts) out.push(p);
      }
      return out;
    };
    const obj = topo.objects[objectName];
    const geoms = obj.type === "GeometryCollection" ? obj.geometries : [obj];
    const countries = [];
    for (const g of geoms) {
      let polys;
      if (g.type === "Polygon") polys = [g.arcs];
      else if (g.type === "MultiPolygon") polys = g.arcs;
      else continue;
      const rings = [];
      for (const poly of polys) for (const r of poly) rings.push(ring(r));
      countries.push({ name: (g.properties && g.properties.name) || "", rings });
    }
    return countries;
  }

  function loadWorld(url) {
    if (!worldCache.has(url)) {
      worldCache.set(url, getJSON(url).then((topo) => decodeTopology(topo, "countries")));
    }
    return worldCache.get(url);
  }

  function validPoints(raw) {
    const out = [];
    for (const p of Array.isArray(raw) ? raw : []) {
      if (!p || typeof p !== "object") continue;
      const lat = Number(p.latitude), lon = Number(p.longitude);
      if (p.latitude == null || p.longitude == null || !Number.isFinite(lat) || !Number.isFinite(lon)) continue;
      if (Math.abs(lat) > 90 || Math.abs(lon) > 180) continue;
      const toll = Number(p.fatalities_low);
      out.push({
        id: p.id == null ? "" : String(p.id),
        lat, lon,
        toll: p.fatalities_low == null || !Number.isFinite(toll) || toll < 0 ? null : toll,
        type: p.event_type == null ? "" : String(p.event_type),
        subtype: p.sub_event_type == null ? "" : String(p.sub_event_type),
        location: p.location == null ? "" : String(p.location),
        date: p.event_date == null ? "" : String(p.event_date),
      });
    }
    return out;
  }

  function describe(p) {
    const toll = p.toll == null ? "toll unknown" : `${p.toll} killed`;
    return [p.location || "Unknown location", p.date || "date unknown", p.subtype || p.type || "incident", toll].join(", ");
  }

  // Oldest first, unknown dates last.
  function byDate(a, b) {
    if (a.date === b.date) return 0;
    if (!a.date) return 1;
    if (!b.date) return -1;
    return a.date < b.date ? -1 : 1;
  }

  /* ---------- projection (Web Mercator) ---------- */

  const clampLat = (lat) => Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
  const mx = (lon) => (lon * Math.PI) / 180;
  const my = (lat) => -Math.log(Math.tan(Math.PI / 4 + (clampLat(lat) * Math.PI) / 360));

  // A view is a geographic box; fit it into width x height pixels, centred.
  function makeProjection(view, width, height) {
    const x0 = mx(view.west), x1 = mx(view.east), y0 = my(view.north), y1 = my(view.south);
    const k = Math.min(width / (x1 - x0), height / (y1 - y0));
    const tx = width / 2 - (k * (x0 + x1)) / 2, ty = height / 2 - (k * (y0 + y1)) / 2;
    const project = (lon, lat) => [k * mx(lon) + tx, k * my(lat) + ty];
    project.widthDeg = ((width / k) * 180) / Math.PI; // visible longitude span
    return project;
  }

  // Bounding box of points plus a margin, at least MIN_WIDTH_DEG wide.
  function fitView(points) {
    if (!points.length) return { ...FALLBACK_VIEW };
    let west = Infinity, east = -Infinity, south = Infinity, north = -Infinity;
    for (const p of points) {
      west = Math.min(west, p.lon); east = Math.max(east, p.lon);
      south = Math.min(south, p.lat); north = Math.max(north, p.lat);
    }
    const mLon = (east - west) * 0.12 + 0.3, mLat = (north - south) * 0.12 + 0.3;
    west -= mLon; east += mLon; south -= mLat; north += mLat;
    if (east - west < MIN_WIDTH_DEG) {
      const c = (east + west) / 2;
      west = c - MIN_WIDTH_DEG / 2; east = c + MIN_WIDTH_DEG / 2;
    }
    if (north - south < MIN_HEIGHT_DEG) { // a wide, short box would zoom a wide map far in
      const c = (north + south) / 2;
      south = c - MIN_HEIGHT_DEG / 2; north = c + MIN_HEIGHT_DEG / 2;
    }
    return { west, east, south: clampLat(south), north: clampLat(north) };
  }

  function ringPath(ring, project) {
    let d = "", lastX = NaN, lastY = NaN;
    for (const [lon, lat] of ring) {
      const [x, y] = project(lon, lat);
      const rx = Math.round(x * 10) / 10, ry = Math.round(y * 10) / 10;
      if (rx === lastX && ry === lastY) continue;
      d += (d ? "L" : "M") + rx + "," + ry;
      lastX = rx; lastY = ry;
    }
    return d ? d + "Z" : "";
  }

  /* ---------- clustering (greedy, on screen coordinates) ---------- */

  function cluster(items, dist) {
    const grid = new Map();
    const key = (cx, cy) => cx + ":" + cy;
    items.forEach((it, i) => {
      const k = key(Math.floor(it.x / dist), Math.floor(it.y / dist));
      if (!grid.has(k)) grid.set(k, []);
      grid.get(k).push(i);
    });
    // Seed clusters from the deadliest incidents first.
    const order = items.map((_, i) => i).sort((a, b) => (items[b].p.toll || 0) - (items[a].p.toll || 0));
    const taken = new Uint8Array(items.length);
    const groups = [];
    for (const i of order) {
      if (taken[i]) continue;
      taken[i] = 1;
      const seed = items[i], members = [seed];
      const cx = Math.floor(seed.x / dist), cy = Math.floor(seed.y / dist);
      for (let gx = cx - 1; gx <= cx + 1; gx++) {
        for (let gy = cy - 1; gy <= cy + 1; gy++) {
          for (const j of grid.get(key(gx, gy)) || []) {
            if (taken[j]) continue;
            if (Math.hypot(items[j].x - seed.x, items[j].y - seed.y) <= dist) { taken[j] = 1; members.push(items[j]); }
          }
        }
      }
      groups.push(members);
    }
    return mergeOverlapping(groups);
  }

  const clusterRadius = (n) => Math.min(26, 8 + 2.2 * Math.sqrt(n));

  // Greedy seeds can leave two cluster circles overlapping: merge those until none do.
  function mergeOverlapping(groups) {
    const gs = groups.map((members) => {
      const n = members.length;
      return { members, x: members.reduce((s, m) => s + m.x, 0) / n, y: members.reduce((s, m) => s + m.y, 0) / n };
    });
    const reach = (g) => (g.members.length > 1 ? clusterRadius(g.members.length) : CLUSTER_PX / 2);
    for (let changed = true, guard = 0; changed && guard < 50; guard++) {
      changed = false;
      for (let i = 0; i < gs.length && !changed; i++) {
        if (gs[i].members.length < 2) continue; // only clusters pull others in
        for (let j = 0; j < gs.length; j++) {
          if (i === j) continue;
          const a = gs[i], b = gs[j];
          if (Math.hypot(a.x - b.x, a.y - b.y) >= reach(a) + reach(b)) continue;
          const n = a.members.length + b.members.length;
          a.x = (a.x * a.members.length + b.x * b.members.length) / n;
          a.y = (a.y * a.members.length + b.y * b.members.length) / n;
          a.members = a.members.concat(b.members);
          gs.splice(j, 1);
          changed = true;
          break;
        }
      }
    }
    return gs.map((g) => g.members);
  }

  /* ---------- drawing ---------- */

  function pointRadius(p) {
    return p.toll == null ? 3 : Math.min(30, 3 + 2 * Math.sqrt(p.toll));
  }

  function dominantType(members) {
    const counts = new Map();
    for (const m of members) counts.set(m.p.type, (counts.get(m.p.type) || 0) + 1);
    let best = "", n = -1;
    for (const [t, c] of counts) if (c > n) { best = t; n = c; }
    return best;
  }

  function clusterTitle(members) {
    const known = members.filter((m) => m.p.toll != null);
    const killed = known.reduce((s, m) => s + m.p.toll, 0);
    const lines = [`${members.length} incidents` + (known.length ? `, ${killed} killed` : "")];
    const shown = members.slice().sort((a, b) => byDate(a.p, b.p));
    for (const m of shown.slice(0, 10)) lines.push(describe(m.p));
    if (shown.length > 10) lines.push(`… and ${shown.length - 10} more`);
    return lines.join("\n");
  }

  function buildLegend() {
    const legend = html("div", "vigie-map-legend");
    const entries = Object.entries(TYPE_COLOURS).concat([["Other", OTHER_COLOUR]]);
    for (const [label, colour] of entries) {
      const row = html("span", "vigie-legend-item");
      const sw = html("span", "vigie-legend-swatch");
      sw.style.backgroundColor = colour;
      row.append(sw, document.createTextNode(label));
      legend.append(row);
    }
    legend.append(html("span", "vigie-legend-note", "Circle size: deaths; numbered circles: groups"));
    return legend;
  }

  class IncidentMap {
    constructor(el) {
      this.el = el;
      this.points = [];
      this.countries = [];
      this.view = null;
      this.homeView = null;
      this.listBox = null;
      this.lastSize = "";
    }

    async init() {
      const el = this.el;
      el.setAttribute("data-rendered", "0");
      const worldUrl = el.getAttribute("data-world") || DEFAULT_WORLD;
      const [pts, world] = await Promise.allSettled([getJSON(el.getAttribute("data-api")), loadWorld(worldUrl)]);
      if (pts.status === "rejected") {
        el.replaceChildren(html("p", "vigie-map-message", "Map unavailable: the incidents could not be loaded."));
        el.setAttribute("data-error", String(pts.reason && pts.reason.message || pts.reason));
        console.warn("vigie map:", pts.reason);
        return;
      }
      if (world.status === "rejected") console.warn("vigie map: world outlines unavailable:", world.reason);
      this.countries = world.status === "fulfilled" ? world.value : [];
      this.points = validPoints(pts.value && pts.value.points);
      this.homeView = fitView(this.points);
      this.view = this.homeView;
      this.buildFrame();
      this.render();
      if (typeof ResizeObserver === "function") {
        let timer = 0;
        new ResizeObserver(() => {
          clearTimeout(timer);
          timer = setTimeout(() => { if (this.size().join("x") !== this.lastSize) this.render(); }, 120);
        }).observe(el);
      }
    }

    buildFrame() {
      const el = this.el;
      this.svg = svg("svg", { class: "vigie-map-svg", role: "img", "aria-label": "Map of incidents" });
      this.gCountries = svg("g", { class: "vigie-countries" });
      this.gLabels = svg("g", { class: "vigie-country-labels", "pointer-events": "none" });
      this.gPoints = svg("g", { class: "vigie-points" });
      this.svg.append(this.gCountries, this.gLabels, this.gPoints);
      this.resetBtn = html("button", "vigie-map-reset", "Reset view");
      this.resetBtn.type = "button";
      this.resetBtn.hidden = true;
      this.resetBtn.addEventListener("click", () => { this.closeList(); this.view = this.homeView; this.render(); });
      this.canvas = html("div", "vigie-map-canvas");
      this.canvas.append(this.svg, this.resetBtn);
      if (!this.points.length) this.canvas.append(html("p", "vigie-map-message", "No incidents with coordinates to show."));
      el.replaceChildren(this.canvas, buildLegend());
    }

    size() {
      const box = this.canvas || this.el;
      return [box.clientWidth || 640, box.clientHeight || 390];
    }

    render() {
      const [w, h] = this.size();
      this.lastSize = w + "x" + h;
      this.svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
      const project = makeProjection(this.view, w, h);
      this.project = project;

      // Countries
      const paths = [];
      for (const c of this.countries) {
        const d = c.rings.map((r) => ringPath(r, project)).join("");
        if (!d) continue;
        const path = svg("path", { d, fill: "#d9d9d9", stroke: "#ffffff", "stroke-width": 0.7, "stroke-linejoin": "round" });
        if (c.name) {
          const title = svg("title");
          title.textContent = c.name;
          path.append(title);
        }
        paths.push(path);
      }
      this.gCountries.replaceChildren(...paths);
      this.gLabels.replaceChildren(...this.countryLabels(project, w, h));

      // Points in view, clustered on screen
      const pad = 2;
      const items = [];
      for (const p of this.points) {
        const [x, y] = project(p.lon, p.lat);
        if (x < -pad || y < -pad || x > w + pad || y > h + pad) continue;
        items.push({ x, y, p });
      }
      const groups = cluster(items, CLUSTER_PX);
      const marks = [];
      let nClusters = 0, nSingles = 0;
      for (const members of groups) {
        if (members.length === 1) { nSingles++; marks.push(this.singleMark(members[0])); }
        else { nClusters++; marks.push(this.clusterMark(members)); }
      }
      marks.sort((a, b) => b.r - a.r); // big circles below small ones
      this.gPoints.replaceChildren(...marks.map((m) => m.node));

      const zoomed = this.view !== this.homeView;
      this.resetBtn.hidden = !zoomed;
      this.svg.setAttribute("aria-label", `Map of ${items.length} incidents`);
      const el = this.el;
      el.setAttribute("data-countries", String(paths.length));
      el.setAttribute("data-points", String(items.length));
      el.setAttribute("data-clusters", String(nClusters));
      el.setAttribute("data-markers", String(nSingles));
      el.setAttribute("data-zoomed", zoomed ? "1" : "0");
      el.setAttribute("data-rendered", "1");
    }

    // Names of the countries whose largest polygon is big enough on screen to hold them.
    countryLabels(project, w, h) {
      const labels = [];
      for (const c of this.countries) {
        if (!c.name) continue;
        let best = null, bestArea = 0;
        for (const ring of c.rings) {
          let a = 0, cx = 0, cy = 0, minX = Infinity, maxX = -Infinity;
          const pts = ring.map(([lon, lat]) => project(lon, lat));
          for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
            const f = pts[j][0] * pts[i][1] - pts[i][0] * pts[j][1];
            a += f; cx += (pts[j][0] + pts[i][0]) * f; cy += (pts[j][1] + pts[i][1]) * f;
            minX = Math.min(minX, pts[i][0]); maxX = Math.max(maxX, pts[i][0]);
          }
          if (Math.abs(a) > bestArea) { bestArea = Math.abs(a); best = { x: cx / (3 * a), y: cy / (3 * a), width: maxX - minX }; }
        }
        if (!best || !Number.isFinite(best.x)) continue;
        const textWidth = c.name.length * 6.5;
        if (best.width < textWidth * 1.3 || best.x < textWidth / 2 || best.x > w - textWidth / 2 || best.y < 12 || best.y > h - 6) continue;
        const t = svg("text", { x: best.x.toFixed(1), y: best.y.toFixed(1), "text-anchor": "middle", "font-size": 11, fill: "#8c8c8c", "letter-spacing": "0.06em" });
        t.textContent = c.name.toUpperCase();
        labels.push(t);
      }
      return labels;
    }

    incidentHref(id) {
      return (this.el.getAttribute("data-incident-base") || DEFAULT_INCIDENT_BASE) + encodeURIComponent(id);
    }

    singleMark({ x, y, p }) {
      const r = pointRadius(p);
      const colour = colourOf(p.type);
      const a = svg("a", { class: "vigie-point", href: this.incidentHref(p.id) });
      const title = svg("title");
      title.textContent = describe(p);
      const c = svg("circle", {
        cx: x.toFixed(1), cy: y.toFixed(1), r: r.toFixed(1),
        fill: colour, "fill-opacity": 0.6, stroke: colour, "stroke-width": 1,
      });
      a.append(title, c);
      a.setAttribute("aria-label", describe(p));
      return { node: a, r };
    }

    clusterMark(members) {
      const n = members.length;
      const x = members.reduce((s, m) => s + m.x, 0) / n, y = members.reduce((s, m) => s + m.y, 0) / n;
      const r = clusterRadius(n);
      const colour = colourOf(dominantType(members));
      const g = svg("g", { class: "vigie-cluster", tabindex: 0, role: "button" });
      const title = svg("title");
      title.textContent = clusterTitle(members);
      const c = svg("circle", {
        cx: x.toFixed(1), cy: y.toFixed(1), r: r.toFixed(1),
        fill: colour, "fill-opacity": 0.75, stroke: "#ffffff", "stroke-width": 1.5,
      });
      const t = svg("text", {
        x: x.toFixed(1), y: y.toFixed(1), "text-anchor": "middle", "dominant-baseline": "central",
        "font-size": n > 99 ? 10 : 11, "font-weight": "bold", fill: "#ffffff",
        stroke: "rgba(0,0,0,0.45)", "stroke-width": 2, "paint-order": "stroke",
      });
      t.textContent = String(n);
      g.append(title, c, t);
      g.setAttribute("aria-label", `${n} incidents; activate to zoom in or list them`);
      const activate = () => this.openCluster(members.map((m) => m.p));
      g.addEventListener("click", activate);
      g.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); activate(); }
      });
      return { node: g, r };
    }

    openCluster(points) {
      const target = fitView(points);
      const [w, h] = this.size();
      const next = makeProjection(target, w, h);
      // Zoom only if it magnifies noticeably and would split the cluster; otherwise (maximum
      // zoom, or incidents at the same coordinates) list the incidents under the map.
      const split = cluster(points.map((p) => { const [x, y] = next(p.lon, p.lat); return { x, y, p }; }), CLUSTER_PX).length > 1;
      if (split && next.widthDeg < this.project.widthDeg * 0.9) {
        this.closeList();
        this.view = target;
        this.render();
      } else {
        this.showList(points);
      }
    }

    closeList() {
      if (this.listBox) { this.listBox.remove(); this.listBox = null; }
      this.el.removeAttribute("data-listed");
    }

    showList(points) {
      this.closeList();
      const box = html("div", "vigie-map-list");
      const head = html("div", "vigie-map-list-head");
      head.append(html("strong", null, `${points.length} incidents here`));
      const close = html("button", "vigie-map-list-close", "Close");
      close.type = "button";
      close.addEventListener("click", () => this.closeList());
      head.append(close);
      const ul = html("ul");
      const sorted = points.slice().sort(byDate);
      for (const p of sorted) {
        const li = html("li");
        const a = html("a", null, describe(p));
        a.href = this.incidentHref(p.id);
        const dot = html("span", "vigie-legend-swatch");
        dot.style.backgroundColor = colourOf(p.type);
        li.append(dot, a);
        ul.append(li);
      }
      box.append(head, ul);
      this.el.after(box);
      this.listBox = box;
      this.el.setAttribute("data-listed", String(points.length));
    }
  }

  function initAll(root) {
    for (const el of (root || document).querySelectorAll(".vigie-map[data-api]")) {
      if (el.vigieMap) continue;
      el.vigieMap = new IncidentMap(el);
      el.vigieMap.init().catch((err) => {
        console.warn("vigie map:", err);
        el.setAttribute("data-rendered", "0");
        el.setAttribute("data-error", String(err && err.message || err));
      });
    }
  }

  window.Vigie = Object.assign(window.Vigie || {}, { initMaps: initAll });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => initAll());
  else initAll();
})();
