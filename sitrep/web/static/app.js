// sitrep web page: filters, map, timeline, event list and evidence panel.
// Talks only to this server's /api and /static; map tiles are the one optional
// network dependency (configured by the server, /api/config).
/* global L, topojson */

const ACLED_TYPES = [
  ["Battles", "#b2182b"],
  ["Explosions/Remote violence", "#e66101"],
  ["Violence against civilians", "#8e44ad"],
  ["Protests", "#1f78b4"],
  ["Riots", "#33a1c9"],
  ["Strategic developments", "#1b9e77"],
];
const OTHER_COLOUR = "#6b6b6b";
const TYPE_COLOUR = new Map(ACLED_TYPES);
const PLOVER_TYPES = [
  "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
];
const COUNT_FIELDS = ["killed", "injured", "arrested", "abducted", "displaced"];
const PAGE_LIMIT = 1000;
const MAX_PAGES = 50;
const LIST_PAGE = 200;   // list and table rows per page
const DAY_MS = 86400000;
const MIN_TIMELINE_DAYS = 31;
// Places known only to a division or a country: drawn hollow, and said so.
const VAGUE_PRECISIONS = new Set(["admin1", "admin2", "region", "country"]);
const PRECISION_WORDS = { admin1: "province", admin2: "district", region: "region", country: "country" };

const state = {
  config: { tiles: null, tiles_attribution: null, reads_need_token: false },
  filters: [],       // the declared filters (GET /api/filters)
  token: sessionStorage.getItem("sitrep-token") || "",
  events: [],        // as loaded with the current filters
  total: 0,
  brush: null,       // {start: "YYYY-MM-DD", end: "YYYY-MM-DD"} or null
  zoom: null,        // the timeline's range when zoomed: {start, end} or null (fit the data)
  bin: "day",        // the timeline's bins: day, week or month
  sort: "-date",     // the list's and table's order: [-]date, killed, injured, country, type, place, outlet
  page: 0,           // the list's page
  table: false,      // the table view instead of the list
  countries: new Map(), // ISO alpha-3 -> name (GET /api/countries)
  mode: "incidents", // what the map, list and timeline show: incidents (when there are any) or events
  incidents: [],     // incidents matching the filters (GET /api/incidents), as list items
  incidentRecords: new Map(), // incident id -> its record, for the deduplicated totals
  openKind: null,    // "event" or "incident": what the panel shows
  fromIncident: null, // the incident an open event was reached from
  selected: null,    // event_id of the open event
  markers: new Map(), // event_id -> L.Marker
  loadSeq: 0,
};

const $ = (id) => document.getElementById(id);

function typeColour(t) {
  return TYPE_COLOUR.get(t) || OTHER_COLOUR;
}

function escapeHtml(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
  }[c]));
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "dataset") Object.assign(node.dataset, v);
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function setStatus(text, kind = "") {
  const s = $("status");
  s.textContent = text;
  s.dataset.kind = kind;
}

// ---------------------------------------------------------------- API

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(path) {
  const headers = { Accept: "application/json" };
  if (state.token) headers.Authorization = `Bearer ${state.token}`;
  const res = await fetch(path, { headers });
  let body = null;
  try {
    body = await res.json();
  } catch (_) {
    body = null;
  }
  if (!res.ok) {
    const msg = body && body.error ? body.error.message : `HTTP ${res.status}`;
    if (res.status === 401 || res.status === 403) $("token-label").hidden = false;
    throw new ApiError(res.status, msg);
  }
  return body;
}

// The query of the form's filters: the filters the server declares (GET /api/filters,
// sitrep/filters.py), each read from the form field named as its parameter; a filter
// the form has no field for is not sent. The country field takes names too
// (countryCode); the background checkbox includes background events, so unchecked
// sends background=false and checked sends nothing (both).
function filterParams() {
  const f = $("filters");
  const p = new URLSearchParams();
  for (const spec of state.filters) {
    const input = f.elements[spec.param];
    if (!input) continue;
    if (spec.kind === "flag") {
      if (!input.checked) p.set(spec.param, "false");
      continue;
    }
    const text = (input.value || "").trim();
    const value = spec.param === "country" ? countryCode(text) : text;
    if (value) p.set(spec.param, value);
  }
  return p;
}

async function loadFilters() {
  try {
    state.filters = (await api("/api/filters")).filters;
  } catch (err) {
    setStatus(`Could not read /api/filters: ${err.message}`, "error");
  }
}

async function loadEvents() {
  const seq = ++state.loadSeq;
  document.body.dataset.state = "loading";
  setStatus("Loading events…");
  const params = filterParams();
  params.set("sort", "-date");
  params.set("limit", String(PAGE_LIMIT));
  const items = [];
  let total = 0;
  let cursor = null;
  try {
    for (let page = 0; page < MAX_PAGES; page++) {
      if (cursor) params.set("cursor", cursor);
      const body = await api(`/api/events?${params}`);
      if (seq !== state.loadSeq) return; // a newer load started
      items.push(...body.items);
      total = body.total;
      cursor = body.next_cursor;
      if (!cursor) break;
    }
  } catch (err) {
    if (seq !== state.loadSeq) return;
    document.body.dataset.state = "error";
    setStatus(`Could not load events: ${err.message}`, "error");
    return;
  }
  const incidents = await loadIncidents(seq);
  if (seq !== state.loadSeq) return;
  state.events = items;
  state.total = total;
  state.incidentRecords = new Map(incidents.map((i) => [i.id, i]));
  state.incidents = incidents.map(incidentItem).filter((i) => $("f-background").checked || !i.background);
  document.body.dataset.mode = showingIncidents() ? "incidents" : "events";
  state.brush = null;
  state.zoom = null;
  state.page = 0;
  updateCountryList();
  render({ fit: true });
  const shown = items.length < total ? ` (first ${items.length} loaded)` : "";
  const bad = $("f-country").validationMessage;
  const inc = showingIncidents() ? `${state.incidents.length} incident${state.incidents.length === 1 ? "" : "s"} from ` : "";
  setStatus(`${inc}${total} event${total === 1 ? "" : "s"} match the filters${shown}${bad ? `; ${bad}, so no country filter` : ""}`,
    bad ? "error" : "");
  document.body.dataset.state = "ready";
}

// The country filter takes a name ("Nigeria", any case), an ISO alpha-3 code, or a
// suggestion's "Name (XXX)"; anything else is marked invalid and not sent.
function countryCode(text) {
  const input = $("f-country");
  const v = (text || "").trim();
  let code = null;
  if (v) {
    const bracket = /\(([A-Za-z]{3})\)\s*$/.exec(v);
    const upper = (bracket ? bracket[1] : v).toUpperCase();
    if (state.countries.has(upper) || (!state.countries.size && /^[A-Z]{3}$/.test(upper))) code = upper;
    else {
      const key = v.toLowerCase();
      for (const [c, name] of state.countries) if (name.toLowerCase() === key) { code = c; break; }
    }
  }
  input.setCustomValidity(v && !code ? `no country is called “${v}”` : "");
  input.dataset.code = code || "";
  return code;
}

function countryName(code) {
  return state.countries.get(code) || code;
}

async function loadCountries() {
  try {
    const body = await api("/api/countries");
    state.countries = new Map(body.countries.map((c) => [c.code, c.name]));
  } catch (_) {
    state.countries = new Map();  // codes still work
  }
  updateCountryList();
}

// Suggestions: the countries of the loaded events first (with how many), then every other.
// Incidents matching the filters: without "include background events", the server
// leaves out incidents known only from background mentions (background=false).
async function loadIncidents(seq) {
  const params = filterParams();
  params.set("sort", "-date");
  params.set("limit", String(PAGE_LIMIT));
  const out = [];
  try {
    for (let page = 0; page < MAX_PAGES; page++) {
      const body = await api(`/api/incidents?${params}`);
      if (seq !== state.loadSeq) return out;
      out.push(...body.items);
      if (!body.next_cursor) break;
      params.set("cursor", body.next_cursor);
    }
  } catch (_) {
    return [];  // a store without incidents: the page shows events
  }
  return out;
}

function tallyBest(t) {
  return t ? t.best ?? t.low ?? t.high ?? null : null;
}

// An incident as the map, list and timeline take an item: the fields of an event
// record, with ``kind: "incident"`` and its reports and outlets.
function incidentItem(i) {
  const t = i.type || {};
  const members = i.members || [];
  const count = (tally) => (tally && tallyBest(tally) !== null ? { best: tallyBest(tally), low: tally.low, high: tally.high } : null);
  return {
    kind: "incident",
    event_id: i.id,
    incident_id: i.id,
    acled_event_type: t.acled_event_type,
    acled_sub_event_type: t.acled_sub_event_type,
    plover: t.plover,
    date: i.date || {},
    place: i.place,
    actor1: i.actor1 ? { name: i.actor1 } : null,
    actor2: i.actor2 ? { name: i.actor2 } : null,
    killed: count(i.killed),
    injured: count(i.injured),
    arrested: count(i.arrested),
    abducted: count(i.abducted),
    displaced: count(i.displaced),
    background: members.length > 0 && members.every((m) => m.background),
    reports: i.n_articles,
    outlets: i.n_sources,
    source: { outlet: [...new Set(members.map((m) => m.source || hostOf(m.url)).filter(Boolean))].join(", ") },
  };
}

function hostOf(url) {
  try {
    return url ? new URL(url).hostname.replace(/^www\./, "") : null;
  } catch (_) {
    return null;
  }
}

function reportsText(item) {
  return `${item.reports} report${item.reports === 1 ? "" : "s"}, ${item.outlets} outlet${item.outlets === 1 ? "" : "s"}`;
}

function showingIncidents() {
  return state.mode === "incidents" && state.incidents.length > 0;
}

function currentItems() {
  return showingIncidents() ? state.incidents : state.events;
}

function openItem(item) {
  return item.kind === "incident" ? openIncident(item.event_id) : openEvent(item.event_id);
}

function updateCountryList() {
  const seen = new Map();
  for (const e of state.events) {
    const c = e.place && e.place.country;
    if (c) seen.set(c, (seen.get(c) || 0) + 1);
  }
  const options = [...seen].sort((a, b) => b[1] - a[1])
    .map(([c, n]) => el("option", { value: countryName(c), label: `${c} · ${n} event${n === 1 ? "" : "s"}` }));
  for (const [c, name] of state.countries) if (!seen.has(c)) options.push(el("option", { value: name, label: c }));
  $("country-names").replaceChildren(...options);
}

// ---------------------------------------------------------------- dates

function dayNumber(iso) {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

function isoDay(n) {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

function eventStart(e) {
  return e.date && e.date.start ? e.date.start : null;
}

function eventEnd(e) {
  return e.date ? e.date.end || e.date.start : null;
}

function inBrush(e) {
  if (!state.brush) return true;
  const s = eventStart(e);
  if (!s) return false;
  return s <= state.brush.end && eventEnd(e) >= state.brush.start;
}

function visibleEvents() {
  return state.events.filter(inBrush);
}

function visibleItems() {
  return currentItems().filter(inBrush);
}

// ---------------------------------------------------------------- map

let map;
let cluster;
let outlines = null;

function narrow() {
  return window.matchMedia("(max-width: 900px)").matches;
}

function killedOf(e) {
  const c = e.killed;
  const n = c ? c.best ?? c.low ?? c.high : null;
  return typeof n === "number" ? n : 0;
}

function injuredOf(e) {
  const c = e.injured;
  const n = c ? c.best ?? c.low ?? c.high : null;
  return typeof n === "number" ? n : 0;
}

// A marker's diameter grows with the log of the dead: 14 px with none, 26 px for 7, 40 px from 80.
function pinSize(e) {
  const k = killedOf(e);
  return k > 0 ? Math.min(40, Math.round(14 + 4 * Math.log2(1 + k))) : 14;
}

function vague(place) {
  return Boolean(place && VAGUE_PRECISIONS.has(place.precision));
}

function pinHtml(e, selected) {
  const p = e.place;
  const k = killedOf(e);
  const approx = vague(p) ? ` (known only to its ${PRECISION_WORDS[p.precision]}: drawn at its centre)` : "";
  const label = `${e.acled_sub_event_type || e.plover || "event"}: ${p.name || ""} ${eventStart(e) || ""}` +
    `${k ? `, ${k} killed` : ""}${approx}`;
  return `<span class="sitrep-pin${selected ? " selected" : ""}${e.background ? " background" : ""}` +
    `${vague(p) ? " approx" : ""}"` +
    ` style="--pin:${escapeHtml(typeColour(e.acled_event_type))}"` +
    ` data-${e.kind === "incident" ? "incident" : "event"}-id="${escapeHtml(e.event_id)}" data-id="${escapeHtml(e.event_id)}"` +
    `${e.kind === "incident" ? ` data-reports="${e.reports}" data-outlets="${e.outlets}"` : ""}` +
    ` data-country="${escapeHtml(p.country || "")}"` +
    ` data-lat="${Number(p.lat)}" data-lon="${Number(p.lon)}" data-killed="${k}"` +
    ` data-precision="${escapeHtml(p.precision || "")}"` +
    ` data-type="${escapeHtml(e.acled_event_type || "")}" data-background="${e.background ? "true" : "false"}"` +
    ` data-date="${escapeHtml(eventStart(e) || "")}" title="${escapeHtml(label)}"></span>`;
}

function pinIcon(e, selected) {
  const size = pinSize(e) + (selected ? 6 : 0);
  return L.divIcon({
    className: "sitrep-pin-wrap",
    html: pinHtml(e, selected),
    iconSize: [size, size],
  });
}

function clusterIcon(group) {
  const children = group.getAllChildMarkers();
  const counts = new Map();
  for (const m of children) {
    const c = typeColour(m.options.sitrepType);
    counts.set(c, (counts.get(c) || 0) + 1);
  }
  let at = 0;
  const stops = [];
  for (const [colour, n] of counts) {
    const next = at + (n / children.length) * 100;
    stops.push(`${colour} ${at.toFixed(1)}% ${next.toFixed(1)}%`);
    at = next;
  }
  const size = children.length < 10 ? 32 : children.length < 100 ? 38 : 44;
  return L.divIcon({
    className: "sitrep-cluster-wrap",
    html: `<span class="sitrep-cluster" data-count="${children.length}"` +
      ` style="background:conic-gradient(${stops.join(",")})"><b>${children.length}</b></span>`,
    iconSize: [size, size],
  });
}

function addLegend() {
  const legend = L.control({ position: "bottomright" });
  legend.onAdd = () => {
    const box = el("details", { class: "legend", "aria-label": "Marker colours by ACLED event type",
      open: window.innerWidth > 900 });
    box.append(el("summary", {}, "Legend"));
    for (const [name, colour] of [...ACLED_TYPES, ["other / none", OTHER_COLOUR]]) {
      box.append(el("div", { class: "legend-row" },
        el("span", { class: "swatch", style: `background:${colour}` }), name));
    }
    box.append(el("div", { class: "legend-row legend-note" },
      el("span", { class: "swatch hollow" }), "hollow: known only to its province or country"));
    box.append(el("div", { class: "legend-row legend-note" }, "size: the number killed"));
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  legend.addTo(map);
}

// Rings that cross the antimeridian (Russia's far east, Fiji) jump from +180 to -180;
// drawn flat they would stripe the map. Keep each point within 180 degrees of the one
// before, so such a ring continues past 180 instead. Antarctica's ring, which runs
// all round the pole, is left alone.
function unwrapAntimeridian(geometry) {
  if (!geometry) return;
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates]
    : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  for (const polygon of polygons) {
    for (const ring of polygon) {
      if (ring.some(([, lat]) => lat < -60)) continue;
      for (let i = 1; i < ring.length; i++) {
        const prev = ring[i - 1][0];
        while (ring[i][0] - prev > 180) ring[i][0] -= 360;
        while (prev - ring[i][0] > 180) ring[i][0] += 360;
      }
    }
  }
}

async function loadOutlines() {
  const res = await fetch("/static/vendor/world-atlas/countries-110m.json");
  if (!res.ok) throw new Error(`country outlines: HTTP ${res.status}`);
  const topo = await res.json();
  const countries = topojson.feature(topo, topo.objects.countries);
  for (const f of countries.features) unwrapAntimeridian(f.geometry);
  countryLabels = countries.features.map(countryLabel).filter(Boolean);
  return L.geoJSON(countries, {
    interactive: false,
    style: () => ({
      className: "country-outline",
      color: "#7d8590",
      weight: 0.8,
      fillColor: "#f4f1ea",
      fillOpacity: 1,
    }),
  });
}

// ---------------------------------------------------------------- offline map layers

// Without tiles the map can show no more than its own layers: country outlines (1:110m),
// province lines (Natural Earth 1:10m, simplified to about 2 km) and labels. Zoom stops here.
const OFFLINE_MAX_ZOOM = 10;
const PROVINCE_MIN_ZOOM = 4;
const LABEL_LIMIT = 250;  // labels drawn at once, the most important first
let countryLabels = [];   // [name, lat, lon, area]
let placeLabels = null;   // {provinces: [[name, lat, lon]], towns: [[name, lat, lon, population]]}
let provinceLines = null; // L.Polyline, once loaded
let labelLayer = null;
let offlineLayers = null; // L.LayerGroup of the province lines and the labels
let offlineLoad = null;   // the promise of the province lines and labels, while they load

// A country's label point: the centre of the bounding box of its largest ring (1:110m).
function countryLabel(f) {
  const g = f.geometry;
  if (!g || !f.properties || !f.properties.name) return null;
  const polygons = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
  let best = null;
  for (const polygon of polygons) {
    const ring = polygon[0];
    const xs = ring.map((p) => p[0]);
    const ys = ring.map((p) => p[1]);
    const box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
    const area = (box[2] - box[0]) * (box[3] - box[1]);
    if (!best || area > best[3]) best = [(box[1] + box[3]) / 2, (box[0] + box[2]) / 2, box, area];
  }
  return best && best[0] > -60 ? [f.properties.name, best[0], best[1], best[3]] : null;
}

async function loadProvinceLines() {
  const res = await fetch("/static/vendor/natural-earth-admin1/admin1-lines.json");
  if (!res.ok) throw new Error(`province lines: HTTP ${res.status}`);
  const data = await res.json();
  const lines = data.lines.map((flat) => {
    const out = [];
    let x = 0;
    let y = 0;
    for (let i = 0; i < flat.length; i += 2) {
      x += flat[i];
      y += flat[i + 1];
      out.push([y / data.scale, x / data.scale]);
    }
    return out;
  });
  return L.polyline(lines, {
    className: "province-line", interactive: false, weight: 0.8, dashArray: "3 3", smoothFactor: 1.5,
  });
}

async function loadPlaceLabels() {
  const res = await fetch("/static/vendor/geonames-labels/labels.json");
  if (!res.ok) throw new Error(`labels: HTTP ${res.status}`);
  return res.json();
}

// The labels in view for this zoom: countries from zoom 3 to 6, provinces from 5,
// towns of a million people from 5 and of 300,000 from 7; at most LABEL_LIMIT.
function renderLabels() {
  if (!labelLayer || !map.hasLayer(offlineLayers)) return;
  labelLayer.clearLayers();
  const z = map.getZoom();
  const view = map.getBounds().pad(0.1);
  const picked = [];
  const boxes = [];
  // the most important first; a label that would overlap one already placed is left out
  const add = (kind, name, lat, lon) => {
    if (picked.length >= LABEL_LIMIT || !view.contains([lat, lon])) return;
    const at = map.latLngToContainerPoint([lat, lon]);
    const half = (name.length * (kind === "country" ? 8 : 6.5)) / 2 + 4;
    if (boxes.some(([x, y, h]) => Math.abs(x - at.x) < h + half && Math.abs(y - at.y) < 14)) return;
    boxes.push([at.x, at.y, half]);
    picked.push([kind, name, lat, lon]);
  };
  if (z >= 3 && z <= 6) for (const [name, lat, lon] of [...countryLabels].sort((a, b) => b[3] - a[3])) add("country", name, lat, lon);
  if (placeLabels && z >= 5) {
    // towns of a million first, then provinces (one named like a town beside it yields), then smaller towns
    for (const [name, lat, lon, pop] of placeLabels.towns) if (pop >= 1e6) add("town", name, lat, lon);
    for (const [name, lat, lon] of placeLabels.provinces) add("province", name, lat, lon);
    if (z >= 7) for (const [name, lat, lon, pop] of placeLabels.towns) if (pop < 1e6) add("town", name, lat, lon);
  }
  for (const [kind, name, lat, lon] of picked) {
    L.marker([lat, lon], {
      pane: "labels", interactive: false, keyboard: false,
      icon: L.divIcon({ className: `map-label ${kind}`, html: `<span>${escapeHtml(name)}</span>`, iconSize: [0, 0] }),
    }).addTo(labelLayer);
  }
  $("map").dataset.labels = String(picked.length);
}

// Province lines and place labels: loaded the first time they are needed, shown from
// PROVINCE_MIN_ZOOM (lines) and as renderLabels says.
async function updateOfflineLayers() {
  if (!offlineLayers || !map.hasLayer(offlineLayers)) return;
  const z = map.getZoom();
  if (z >= PROVINCE_MIN_ZOOM && !provinceLines) {
    // one load, however many map events ask for it meanwhile
    offlineLoad = offlineLoad || Promise.all([loadProvinceLines(), loadPlaceLabels()]);
    try {
      [provinceLines, placeLabels] = await offlineLoad;
    } catch (err) {
      offlineLoad = null;
      setStatus(`Could not load the province lines: ${err.message}`, "error");
      return;
    }
  }
  if (provinceLines) {
    const show = map.getZoom() >= PROVINCE_MIN_ZOOM;
    if (show && !offlineLayers.hasLayer(provinceLines)) offlineLayers.addLayer(provinceLines);
    if (!show && offlineLayers.hasLayer(provinceLines)) offlineLayers.removeLayer(provinceLines);
    $("map").dataset.provinces = show ? "on" : "off";
  }
  renderLabels();
}

async function initMap() {
  const offline = !state.config.tiles;
  map = L.map("map", {
    worldCopyJump: true, zoomSnap: 0.5, minZoom: 1, maxZoom: offline ? OFFLINE_MAX_ZOOM : 18,
  }).setView([30, 30], 3);
  map.createPane("labels");
  map.getPane("labels").style.zIndex = 450;
  map.getPane("labels").style.pointerEvents = "none";
  map.attributionControl.setPrefix(false);
  const overlays = {};
  let tiles = null;
  if (state.config.tiles) {
    tiles = L.tileLayer(state.config.tiles, {
      attribution: state.config.tiles_attribution || "",
      maxZoom: 19,
    }).addTo(map);
    overlays["Map tiles"] = tiles;
  }
  $("map").dataset.tiles = tiles ? "on" : "off";
  try {
    outlines = await loadOutlines();
    if (!tiles) outlines.addTo(map);
    overlays["Country outlines"] = outlines;
    map.attributionControl.addAttribution("Country outlines: Natural Earth");
  } catch (err) {
    setStatus(`Could not load the country outlines: ${err.message}`, "error");
  }
  cluster = L.markerClusterGroup({
    animate: false,
    showCoverageOnHover: false,
    maxClusterRadius: 40,
    spiderfyOnMaxZoom: true,
    iconCreateFunction: clusterIcon,
  });
  cluster.addTo(map);
  labelLayer = L.layerGroup();
  offlineLayers = L.layerGroup([labelLayer]);
  if (offline) offlineLayers.addTo(map);
  overlays["Provinces and labels"] = offlineLayers;
  map.attributionControl.addAttribution("Provinces: Natural Earth; labels: GeoNames");
  map.on("zoomend moveend overlayadd", () => { updateOfflineLayers(); });
  $("map").dataset.maxZoom = String(map.getMaxZoom());
  window.__sitrepMap = map;  // for the browser tests and the console
  L.control.layers(null, overlays, { collapsed: true }).addTo(map);
  addLegend();
  updateOfflineLayers();
}

function renderMap(events, fit) {
  cluster.clearLayers();
  state.markers.clear();
  const markers = [];
  for (const e of events) {
    const p = e.place;
    if (!p || typeof p.lat !== "number" || typeof p.lon !== "number") continue;
    const m = L.marker([p.lat, p.lon], {
      icon: pinIcon(e, e.event_id === state.selected),
      keyboard: true,
      title: `${e.acled_sub_event_type || e.plover || "event"} at ${p.name || "?"}`,
      alt: `${e.acled_event_type || e.plover || "event"} at ${p.name || "?"}`,
      sitrepType: e.acled_event_type,
      sitrepId: e.event_id,
    });
    m.on("click", () => openItem(e));
    markers.push(m);
    state.markers.set(e.event_id, m);
  }
  cluster.addLayers(markers);
  $("map").dataset.markers = String(markers.length);
  if (fit && markers.length) {
    const bounds = L.latLngBounds(markers.map((m) => m.getLatLng()));
    map.fitBounds(bounds.pad(0.3), { maxZoom: 5.5, animate: false });
  }
}

// Called once the panel is open (the map has its final width): a clustered marker is
// zoomed to, and a marker outside the map, or under its edge, is panned into view.
function markSelectedMarker(prev, next) {
  const byId = new Map(currentItems().map((e) => [e.event_id, e]));
  for (const [id, selected] of [[prev, false], [next, true]]) {
    const m = id && state.markers.get(id);
    const e = id && byId.get(id);
    if (m && e) m.setIcon(pinIcon(e, selected));
  }
  const m = next && state.markers.get(next);
  if (!m || !cluster.hasLayer(m)) return;
  const reveal = () => {
    // the part of the map the reader sees: all of it, or above the panel on a phone
    const size = map.getSize();
    const box = $("map").getBoundingClientRect();
    const panelTop = narrow() ? $("panel").getBoundingClientRect().top : Infinity;
    const seen = Math.max(40, Math.min(size.y, panelTop - box.top));
    const at = map.latLngToContainerPoint(m.getLatLng());
    const margin = Math.min(40, seen / 4);
    if (at.x < margin || at.x > size.x - margin || at.y < margin || at.y > seen - margin) {
      map.panBy([at.x - size.x / 2, at.y - seen / 2], { animate: false });
    }
    $("map").dataset.revealed = next;
  };
  // Zoom in on the marker until its cluster opens (markercluster's own zoomToShowLayer
  // never calls back at a fractional zoom, as zoomSnap 0.5 gives; with the clusters'
  // animation off, each setView reclusters at once); spiderfy markers that never part.
  for (let z = Math.floor(map.getZoom()) + 1; cluster.getVisibleParent(m) !== m && z <= Math.min(map.getMaxZoom(), 8); z++) {
    map.setView(m.getLatLng(), z, { animate: false });
  }
  const parent = cluster.getVisibleParent(m);
  if (parent && parent !== m && parent.spiderfy) parent.spiderfy();
  reveal();
}

// ---------------------------------------------------------------- timeline

const SVG_NS = "http://www.w3.org/2000/svg";

function svgEl(tag, attrs = {}) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

const tl = { d0: 0, n: 1, left: 34, right: 10, top: 8, bottom: 22, width: 0, height: 0, drag: null };

// The range the timeline shows. Zoomed: the zoomed range. With a date filter: the
// filter. Otherwise the dense range of the loaded events' first days: events further
// than three interquartile ranges (at least two weeks) outside the middle half are
// outliers, left out of the axis and counted in a note, as undated events are.
function timelineDomain() {
  const items = currentItems();
  const starts = items.map(eventStart).filter(Boolean).map(dayNumber).sort((a, b) => a - b);
  const out = { outside: 0, before: 0, after: 0, undated: items.length - starts.length };
  if (state.zoom) {
    return { ...out, d0: dayNumber(state.zoom.start), n: dayNumber(state.zoom.end) - dayNumber(state.zoom.start) + 1,
      ...outsideOf(starts, dayNumber(state.zoom.start), dayNumber(state.zoom.end)), zoomed: true };
  }
  const since = $("f-since").value;
  const until = $("f-until").value;
  let lo = since ? dayNumber(since) : null;
  let hi = until ? dayNumber(until) : null;
  if (starts.length && (lo === null || hi === null)) {
    let [dlo, dhi] = [starts[0], starts[starts.length - 1]];
    if (starts.length >= 4) {
      const q1 = starts[Math.floor((starts.length - 1) * 0.25)];
      const q3 = starts[Math.ceil((starts.length - 1) * 0.75)];
      const reach = 3 * Math.max(14, q3 - q1);
      const inside = starts.filter((d) => d >= q1 - reach && d <= q3 + reach);
      [dlo, dhi] = [inside[0], inside[inside.length - 1]];
    }
    if (lo === null) lo = dlo;
    if (hi === null) hi = dhi;
  }
  if (lo === null || hi === null || !Number.isFinite(lo) || !Number.isFinite(hi)) return null;
  if (hi < lo) [lo, hi] = [hi, lo];
  const dense = outsideOf(starts, lo, hi);
  // at least a month wide, so that a few days of events do not make slabs
  const short = MIN_TIMELINE_DAYS - (hi - lo + 1);
  if (short > 0) {
    if (!since) lo -= Math.ceil(short / 2);
    if (!until) hi += Math.floor(short / 2);
    if (since && !until) hi += Math.ceil(short / 2);
    if (until && !since) lo -= Math.floor(short / 2);
  }
  return { ...out, ...dense, d0: lo, n: hi - lo + 1, zoomed: false };
}

function outsideOf(starts, lo, hi) {
  const before = starts.filter((d) => d < lo).length;
  const after = starts.filter((d) => d > hi).length;
  return { before, after, outside: before + after };
}

// Bins: a day, a week from Monday (day 0, 1 January 1970, was a Thursday), or a calendar month.
function binStart(d) {
  if (state.bin === "week") return d - ((d + 3) % 7);
  if (state.bin === "month") {
    const t = new Date(d * DAY_MS);
    return Math.floor(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1) / DAY_MS);
  }
  return d;
}

function binEnd(start) {
  if (state.bin === "week") return start + 6;
  if (state.bin === "month") {
    const t = new Date(start * DAY_MS);
    return Math.floor(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1) / DAY_MS) - 1;
  }
  return start;
}

function timelineTicks(d0, n) {
  const ticks = [];
  const first = new Date(d0 * DAY_MS);
  const last = d0 + n - 1;
  if (n <= 62) {
    const step = Math.max(1, Math.ceil(n / 8));
    for (let d = d0; d <= last; d += step) ticks.push([d, isoDay(d).slice(5)]);
  } else if (n <= 365 * 4) {
    const months = Math.ceil(n / 30.4);
    const step = [1, 2, 3, 6, 12].find((s) => months / s <= 8) || 12;
    let y = first.getUTCFullYear();
    let m = first.getUTCMonth() + 1;
    for (;;) {
      if (m > 11) { y += Math.floor(m / 12); m %= 12; }
      const d = Math.floor(Date.UTC(y, m, 1) / DAY_MS);
      if (d > last) break;
      if (m % step === 0) ticks.push([d, `${y}-${String(m + 1).padStart(2, "0")}`]);
      m += 1;
    }
  } else {
    const years = n / 365.25;
    const step = [1, 2, 5, 10, 20, 50, 100].find((s) => years / s <= 8) || 100;
    for (let y = first.getUTCFullYear() + 1; ; y++) {
      const d = Math.floor(Date.UTC(y, 0, 1) / DAY_MS);
      if (d > last) break;
      if (y % step === 0) ticks.push([d, String(y)]);
    }
  }
  return ticks;
}

function xOfDay(d) {
  return tl.left + ((d - tl.d0) / tl.n) * tl.width;
}

function dayAtX(x) {
  const i = Math.floor(((x - tl.left) / tl.width) * tl.n);
  return tl.d0 + Math.min(tl.n - 1, Math.max(0, i));
}

function renderTimelineNote(domain) {
  const note = $("timeline-note");
  const parts = [];
  if (domain && domain.outside) {
    const side = domain.before && domain.after ? "outside this range"
      : domain.before ? `before ${isoDay(domain.d0)}` : `after ${isoDay(domain.d0 + domain.n - 1)}`;
    parts.push(`${domain.outside} event${domain.outside === 1 ? "" : "s"} ${side}`);
  }
  const undated = domain ? domain.undated : currentItems().filter((e) => !eventStart(e)).length;
  if (undated) parts.push(`${undated} undated`);
  note.replaceChildren(parts.length ? `${parts.join(", ")}: not drawn` : "");
  if (showingIncidents()) note.textContent = note.textContent.replace(/\bevents?\b/g, (w) => (w === "event" ? "incident" : "incidents"));
  if (domain && domain.outside && !domain.zoomed) {
    note.append(" ", el("button", { type: "button", id: "tl-all", onclick: () => zoomTo(null, true) }, "Show all"));
  }
  note.dataset.outside = String(domain ? domain.outside : 0);
  note.dataset.undated = String(undated);
}

// Zoom the timeline to a range ({start, end}), or out to fit the data (null); with
// ``all``, out to every dated event, outliers included.
function zoomTo(range, all = false) {
  if (all) {
    const starts = currentItems().map(eventStart).filter(Boolean).sort();
    range = starts.length ? { start: starts[0], end: starts[starts.length - 1] } : null;
  }
  state.zoom = range;
  render({ fit: false });
}

function renderTimeline() {
  const svg = $("timeline-svg");
  const box = svg.getBoundingClientRect();
  const W = Math.max(200, Math.round(box.width));
  const H = Math.max(60, Math.round(box.height));
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.replaceChildren();
  tl.width = W - tl.left - tl.right;
  tl.height = H - tl.top - tl.bottom;
  $("timeline-heading").textContent = `${showingIncidents() ? "Incidents" : "Events"} per ${state.bin}`;
  $("tl-bin").value = state.bin;
  const domain = timelineDomain();
  renderTimelineNote(domain);
  if (!domain) {
    const t = svgEl("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty" });
    t.textContent = "no dated events";
    svg.append(t);
    svg.dataset.days = "0";
    return;
  }
  tl.d0 = domain.d0;
  tl.n = domain.n;
  svg.dataset.start = isoDay(tl.d0);
  svg.dataset.end = isoDay(tl.d0 + tl.n - 1);
  svg.dataset.bin = state.bin;

  // counts per bin and type, and the dead per bin, each event on its first day
  const perBin = new Map();
  const deadPerBin = new Map();
  for (const e of currentItems()) {
    const s = eventStart(e);
    if (!s) continue;
    const d = dayNumber(s);
    if (d < tl.d0 || d >= tl.d0 + tl.n) continue;
    const b = binStart(d);
    const byType = perBin.get(b) || new Map();
    const c = typeColour(e.acled_event_type);
    byType.set(c, (byType.get(c) || 0) + 1);
    perBin.set(b, byType);
    if (inBrush(e) || !state.brush) deadPerBin.set(b, (deadPerBin.get(b) || 0) + killedOf(e));
  }
  let max = 1;
  for (const byType of perBin.values()) {
    let sum = 0;
    for (const n of byType.values()) sum += n;
    max = Math.max(max, sum);
  }
  svg.dataset.days = String(perBin.size);

  const axis = svgEl("g", { class: "axis" });
  axis.append(svgEl("line", { x1: tl.left, x2: tl.left + tl.width, y1: tl.top + tl.height, y2: tl.top + tl.height }));
  for (const [d, label] of timelineTicks(tl.d0, tl.n)) {
    const x = xOfDay(d);
    axis.append(svgEl("line", { x1: x, x2: x, y1: tl.top + tl.height, y2: tl.top + tl.height + 4 }));
    const t = svgEl("text", { x, y: H - 6, "text-anchor": "middle" });
    t.textContent = label;
    axis.append(t);
  }
  const maxLabel = svgEl("text", { x: tl.left - 4, y: tl.top + 9, "text-anchor": "end" });
  maxLabel.textContent = String(max);
  axis.append(maxLabel);
  svg.append(axis);

  const last = tl.d0 + tl.n - 1;
  const bars = svgEl("g", { class: "bars" });
  for (const [b, byType] of [...perBin.entries()].sort((x, y) => x[0] - y[0])) {
    let total = 0;
    for (const n of byType.values()) total += n;
    const from = Math.max(b, tl.d0);
    const to = Math.min(binEnd(b), last);
    const x = xOfDay(from);
    const full = xOfDay(to + 1) - x;
    const bw = Math.max(1.5, full - (full > 4 ? 1 : 0));
    const iso = isoDay(b);
    const inside = !state.brush || (isoDay(binEnd(b)) >= state.brush.start && iso <= state.brush.end);
    const g = svgEl("g", { class: `day${inside ? "" : " outside"}`, "data-day": iso, "data-count": total,
      "data-killed": deadPerBin.get(b) || 0 });
    const title = svgEl("title");
    const what = state.bin === "day" ? iso : `${state.bin} of ${iso}`;
    const noun = showingIncidents() ? "incident" : "event";
    title.textContent = `${what}: ${total} ${noun}${total === 1 ? "" : "s"}, ${deadPerBin.get(b) || 0} killed`;
    g.append(title);
    let y = tl.top + tl.height;
    for (const [colour, n] of byType) {
      const h = (n / max) * tl.height;
      y -= h;
      g.append(svgEl("rect", { class: "bar", x, y, width: bw, height: h, fill: colour }));
    }
    bars.append(g);
  }
  svg.append(bars);

  // the dead: a line over the bins, on its own scale (the number at the right is its top)
  // every bin of the range, none skipped: a day without events is a day without dead
  const dead = [];
  for (let b = binStart(tl.d0); b <= last; b = binEnd(b) + 1) dead.push([b, deadPerBin.get(b) || 0]);
  const maxDead = Math.max(0, ...dead.map(([, n]) => n));
  const series = svgEl("g", { class: "dead-series", "data-total": dead.reduce((t, [, n]) => t + n, 0),
    "data-max": maxDead });
  if (maxDead > 0) {
    const pts = dead.map(([b, n]) => {
      const x = (xOfDay(Math.max(b, tl.d0)) + xOfDay(Math.min(binEnd(b), last) + 1)) / 2;
      return [x, tl.top + tl.height - (n / maxDead) * tl.height];
    });
    series.append(svgEl("polyline", { points: pts.map((p) => p.join(",")).join(" ") }));
    pts.forEach(([x, y], i) => { if (dead[i][1] > 0) series.append(svgEl("circle", { cx: x, cy: y, r: 2 })); });
    const label = svgEl("text", { x: W - 2, y: tl.top + 9, "text-anchor": "end" });
    label.textContent = `${maxDead} killed`;
    series.append(label);
  }
  svg.append(series);

  if (state.brush) {
    const a = dayNumber(state.brush.start);
    const b = dayNumber(state.brush.end);
    const x0 = xOfDay(Math.max(a, tl.d0));
    const x1 = xOfDay(Math.min(b, tl.d0 + tl.n - 1) + 1);
    svg.append(svgEl("rect", {
      class: "brush", x: x0, y: tl.top, width: Math.max(1, x1 - x0), height: tl.height,
    }));
  }
}

function svgX(evt) {
  const svg = $("timeline-svg");
  const box = svg.getBoundingClientRect();
  const vb = svg.viewBox.baseVal;
  return ((evt.clientX - box.left) / box.width) * (vb && vb.width ? vb.width : box.width);
}

function setBrush(a, b) {
  if (a === null) {
    state.brush = null;
  } else {
    const lo = binStart(Math.min(a, b));
    const hi = binEnd(binStart(Math.max(a, b)));
    state.brush = { start: isoDay(lo), end: isoDay(hi) };
  }
  render({ fit: true });
}

function initTimeline() {
  const svg = $("timeline-svg");
  svg.addEventListener("pointerdown", (evt) => {
    if (evt.button !== 0 || !tl.n) return;
    evt.preventDefault();
    svg.setPointerCapture(evt.pointerId);
    const x = svgX(evt);
    tl.drag = { x0: x, x1: x };
    drawDrag();
  });
  svg.addEventListener("pointermove", (evt) => {
    if (!tl.drag) return;
    tl.drag.x1 = svgX(evt);
    drawDrag();
  });
  const finish = (evt) => {
    if (!tl.drag) return;
    const { x0 } = tl.drag;
    const x1 = svgX(evt);
    tl.drag = null;
    svg.querySelector(".drag")?.remove();
    // a click picks the day under the pointer; a drag picks every day it covers
    setBrush(dayAtX(Math.min(x0, x1)), dayAtX(Math.max(x0, x1)));
  };
  svg.addEventListener("pointerup", finish);
  svg.addEventListener("pointercancel", () => {
    tl.drag = null;
    svg.querySelector(".drag")?.remove();
  });
  // keyboard: arrows move a one-day range, shift+arrows stretch it, Escape clears
  svg.addEventListener("keydown", (evt) => {
    if (evt.key === "Escape") {
      setBrush(null);
      return;
    }
    if (evt.key !== "ArrowLeft" && evt.key !== "ArrowRight") return;
    if (!tl.n) return;
    evt.preventDefault();
    const step = evt.key === "ArrowLeft" ? -1 : 1;
    const last = tl.d0 + tl.n - 1;
    const clamp = (d) => Math.min(last, Math.max(tl.d0, d));
    // one bin (a day, a week, a month) on from the bin that holds day d
    const move = (d) => clamp(step > 0 ? binEnd(binStart(d)) + 1 : binStart(binStart(d) - 1));
    if (!state.brush) {
      const d = step > 0 ? tl.d0 : last;
      setBrush(d, d);
    } else if (evt.shiftKey) {
      setBrush(dayNumber(state.brush.start), move(dayNumber(state.brush.end)));
    } else {
      setBrush(move(dayNumber(state.brush.start)), move(dayNumber(state.brush.end)));
    }
  });
  $("brush-clear").addEventListener("click", () => setBrush(null));
  $("brush-zoom").addEventListener("click", () => { if (state.brush) zoomTo({ ...state.brush }); });
  $("tl-unzoom").addEventListener("click", () => zoomTo(null));
  $("tl-bin").addEventListener("change", (evt) => {
    state.bin = evt.target.value;
    state.brush = null;
    render({ fit: false });
  });
  $("brush-apply").addEventListener("click", () => {
    if (!state.brush) return;
    $("f-since").value = state.brush.start;
    $("f-until").value = state.brush.end;
    loadEvents();
  });
}

function drawDrag() {
  const svg = $("timeline-svg");
  let r = svg.querySelector(".drag");
  if (!r) {
    r = svgEl("rect", { class: "drag", y: tl.top, height: tl.height });
    svg.append(r);
  }
  const a = xOfDay(Math.max(tl.d0, binStart(dayAtX(Math.min(tl.drag.x0, tl.drag.x1)))));
  const b = xOfDay(Math.min(tl.d0 + tl.n - 1, binEnd(binStart(dayAtX(Math.max(tl.drag.x0, tl.drag.x1))))) + 1);
  r.setAttribute("x", a);
  r.setAttribute("width", Math.max(1, b - a));
}

// ---------------------------------------------------------------- list

function countSummary(e) {
  const parts = [];
  for (const f of COUNT_FIELDS) {
    const c = e[f];
    if (!c) continue;
    const n = c.best ?? c.low ?? c.high;
    parts.push(`${typeof n === "number" ? n.toLocaleString("en-US") : "some"} ${f}`);
  }
  return parts.join(", ");
}

function actorName(a) {
  return a && a.name ? a.name : null;
}

function outletOf(e) {
  return (e.source && e.source.outlet) || "";
}

// Sort keys: each gives a value to compare; events without one go last, whatever the order.
const SORT_KEYS = {
  date: (e) => eventStart(e),
  killed: (e) => (e.killed ? killedOf(e) : null),
  injured: (e) => (e.injured ? injuredOf(e) : null),
  country: (e) => (e.place && e.place.country ? countryName(e.place.country) : null),
  type: (e) => e.acled_sub_event_type || e.acled_event_type || e.plover || null,
  place: (e) => (e.place && e.place.name) || null,
  outlet: (e) => outletOf(e) || null,
  reports: (e) => e.reports ?? null,
};

function sortedEvents(events) {
  const desc = state.sort.startsWith("-");
  const key = SORT_KEYS[state.sort.replace(/^-/, "")] || SORT_KEYS.date;
  const keyed = events.map((e) => [key(e), e]);
  keyed.sort((x, y) => {
    const [a, b] = [x[0], y[0]];
    if (a === null || a === undefined || a === "") return b === null || b === undefined || b === "" ? 0 : 1;
    if (b === null || b === undefined || b === "") return -1;
    const c = typeof a === "number" ? a - b : String(a).localeCompare(String(b));
    return desc ? -c : c;
  });
  return keyed.map(([, e]) => e);
}

function placeLabel(p) {
  if (!p) return "no place";
  const where = `${p.name || "?"}${p.country ? ` (${p.country})` : ""}`;
  return vague(p) ? `${where}, ${PRECISION_WORDS[p.precision]} only` : where;
}

function listItem(e) {
  const p = e.place;
  const actors = [actorName(e.actor1), actorName(e.actor2)].filter(Boolean).join(" → ");
  const counts = countSummary(e);
  const incident = e.kind === "incident";
  const button = el("button", {
    type: "button",
    class: `event-item${incident ? " incident-item" : ""}`,
    "aria-current": e.event_id === state.selected ? "true" : null,
    dataset: {
      id: e.event_id,
      [incident ? "incidentId" : "eventId"]: e.event_id,
      country: (p && p.country) || "",
      date: eventStart(e) || "",
      background: e.background ? "true" : "false",
      killed: String(killedOf(e)),
      ...(incident ? { reports: String(e.reports), outlets: String(e.outlets) } : {}),
    },
    onclick: () => openItem(e),
  },
  el("span", { class: "swatch", style: `background:${typeColour(e.acled_event_type)}`, "aria-hidden": "true" }),
  el("span", { class: "item-main" },
    el("span", { class: "item-type" }, e.acled_sub_event_type || e.acled_event_type || e.plover || "event"),
    e.background ? el("span", { class: "badge" }, "background") : null,
    el("span", { class: "item-place" }, placeLabel(p)),
    el("span", { class: "item-date" }, eventStart(e) ? dateText(e.date) : "undated"),
    actors ? el("span", { class: "item-actors" }, actors) : null,
    counts ? el("span", { class: "item-counts" }, counts) : null,
    incident ? el("span", { class: "item-reports" }, reportsText(e)) : null,
    outletOf(e) ? el("span", { class: "item-source" }, outletOf(e)) : null));
  return el("li", {}, button);
}

const TABLE_COLUMNS = [
  ["date", "Date", (e) => (eventStart(e) ? dateText(e.date) : "undated")],
  ["type", "Type", (e) => SORT_KEYS.type(e) || "event"],
  ["place", "Place", (e) => placeLabel(e.place)],
  ["country", "Country", (e) => SORT_KEYS.country(e) || ""],
  [null, "Actors", (e) => [actorName(e.actor1), actorName(e.actor2)].filter(Boolean).join(" → ")],
  ["killed", "Killed", (e) => (e.killed ? String(killedOf(e)) : "")],
  ["injured", "Injured", (e) => (e.injured ? String(injuredOf(e)) : "")],
  ["reports", "Reports", (e) => reportsText(e), () => showingIncidents()],
  ["outlet", "Source", (e) => outletOf(e)],
];

function renderTable(rows) {
  const table = $("event-table");
  const head = table.tHead.rows[0];
  const columns = TABLE_COLUMNS.filter(([, , , shown]) => !shown || shown());
  head.replaceChildren(...columns.map(([key, label]) => {
    if (!key) return el("th", { scope: "col" }, label);
    const current = state.sort.replace(/^-/, "") === key;
    const desc = state.sort.startsWith("-");
    return el("th", { scope: "col", "aria-sort": current ? (desc ? "descending" : "ascending") : null },
      el("button", {
        type: "button", class: "sort", "data-sort": key,
        onclick: () => setSort(current && !desc ? `-${key}` : current ? key : (key === "killed" || key === "injured" || key === "date" ? `-${key}` : key)),
      }, label, current ? (desc ? " ▼" : " ▲") : ""));
  }));
  table.tBodies[0].replaceChildren(...rows.map((e) => el("tr", {
    class: "event-row",
    "aria-current": e.event_id === state.selected ? "true" : null,
    dataset: { id: e.event_id, killed: String(killedOf(e)), date: eventStart(e) || "" },
    tabindex: "0",
    onclick: () => openItem(e),
    onkeydown: (evt) => { if (evt.key === "Enter") openItem(e); },
  }, ...columns.map(([key, , value]) => el("td", { "data-col": key || "actors" }, value(e))))));
}

function setSort(sort) {
  state.sort = sort;
  state.page = 0;
  $("list-sort").value = [...$("list-sort").options].some((o) => o.value === sort) ? sort : $("list-sort").value;
  renderList(visibleItems());
  writeHash();
}

function renderList(events) {
  const ordered = sortedEvents(events);
  const pages = Math.max(1, Math.ceil(ordered.length / LIST_PAGE));
  state.page = Math.min(state.page, pages - 1);
  const rows = ordered.slice(state.page * LIST_PAGE, (state.page + 1) * LIST_PAGE);
  $("event-list").hidden = state.table;
  $("event-table").hidden = !state.table;
  if (state.table) {
    renderTable(rows);
    $("event-list").replaceChildren();
  } else {
    $("event-list").replaceChildren(...rows.map(listItem));
    $("event-table").tBodies[0].replaceChildren();
  }
  const first = ordered.length ? state.page * LIST_PAGE + 1 : 0;
  $("page-label").textContent = `${first}–${state.page * LIST_PAGE + rows.length} of ${ordered.length}`;
  $("page-prev").disabled = state.page === 0;
  $("page-next").disabled = state.page >= pages - 1;
  $("pager").hidden = pages <= 1;
  $("pager").dataset.page = String(state.page + 1);
  $("pager").dataset.pages = String(pages);
  const brushed = state.brush ? ` in ${state.brush.start} – ${state.brush.end}` : "";
  $("list-heading").textContent = `${showingIncidents() ? "Incidents" : "Events"}: ${events.length}${brushed}`;
  $("event-list").dataset.count = String(events.length);
}

function dateText(d) {
  if (!d || !d.start) return "undated";
  const range = d.end && d.end !== d.start ? `${d.start} – ${d.end}` : d.start;
  return d.precision && d.precision !== "day" ? `${range} (${d.precision})` : range;
}

// ---------------------------------------------------------------- totals

function topOf(counts, n = 5) {
  return [...counts].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0]))).slice(0, n);
}

// Totals of what the filters (and the brushed range) show, and the top countries,
// types and actors; a click on one of those filters by it.
function renderSummary(events) {
  const incidents = new Set();
  const countries = new Map();
  const types = new Map();
  const actors = new Map();
  let killed = 0;
  let injured = 0;
  const add = (m, k) => { if (k) m.set(k, (m.get(k) || 0) + 1); };
  // the dead and hurt of each incident once (its best figure over its reports), not once a report
  const counted = new Set();
  for (const e of events) {
    const rec = e.incident_id && state.incidentRecords.get(e.incident_id);
    if (rec) {
      if (!counted.has(rec.id)) {
        counted.add(rec.id);
        killed += tallyBest(rec.killed) || 0;
        injured += tallyBest(rec.injured) || 0;
      }
    } else {
      killed += killedOf(e);
      injured += injuredOf(e);
    }
  }
  for (const e of events) {
    if (e.incident_id) incidents.add(e.incident_id);
    add(countries, e.place && e.place.country);
    add(types, e.acled_event_type || (e.plover ? `PLOVER ${e.plover}` : null));
    for (const name of new Set([actorName(e.actor1), actorName(e.actor2)])) add(actors, name);
  }
  const fmt = (n) => n.toLocaleString("en-US");
  $("total-events").textContent = fmt(events.length);
  $("total-incidents").textContent = fmt(incidents.size);
  $("total-killed").textContent = fmt(killed);
  $("total-injured").textContent = fmt(injured);
  const summary = $("summary");
  Object.assign(summary.dataset, {
    events: String(events.length), incidents: String(incidents.size), killed: String(killed), injured: String(injured),
  });
  const tops = [
    ["top-countries", countries, (c) => countryName(c), (c) => { $("f-country").value = countryName(c); }],
    ["top-types", types, (t) => t, (t) => {
      if (t.startsWith("PLOVER ")) $("f-plover").value = t.slice(7);
      else $("f-acled").value = t;
    }],
    ["top-actors", actors, (a) => a, (a) => { $("f-actor").value = a; }],
  ];
  for (const [id, counts, label, apply] of tops) {
    const box = $(id);
    box.replaceChildren(box.firstElementChild, ...topOf(counts).map(([key, n]) => el("button", {
      type: "button", class: "top-item", "data-key": key, title: `Filter by ${label(key)}`,
      onclick: () => { apply(key); loadEvents(); },
    }, label(key), el("span", { class: "n" }, fmt(n)))));
  }
}

// ---------------------------------------------------------------- export

const EXPORTS = {
  csv: ["/api/events.csv", "", "events.csv"],
  acled: ["/api/events.csv", "columns=acled", "events-acled.csv"],
  geojson: ["/api/events.geojson", "", "events.geojson"],
};
// What the page shows when it shows incidents: one row (or feature) per incident.
const INCIDENT_EXPORTS = {
  csv: ["/api/incidents.csv", "", "incidents.csv"],
  acled: ["/api/incidents.csv", "columns=acled", "incidents-acled.csv"],
  geojson: ["/api/incidents.geojson", "", "incidents.geojson"],
};

// The export URL of what the page shows, events or incidents: the filters, narrowed to
// the brushed range (the server's date window keeps the same records: those whose dates
// overlap it).
function exportUrl(format) {
  const incidents = showingIncidents();
  const [path, extra, name] = (incidents ? INCIDENT_EXPORTS : EXPORTS)[format];
  const p = filterParams();
  if (state.brush) {
    const since = p.get("since");
    const until = p.get("until");
    p.set("since", since && since > state.brush.start ? since : state.brush.start);
    p.set("until", until && until < state.brush.end ? until : state.brush.end);
  }
  const query = [p.toString(), extra].filter(Boolean).join("&");
  return [`${path}${query ? `?${query}` : ""}`, name];
}

async function exportView(format) {
  const [url, name] = exportUrl(format);
  document.body.dataset.exportUrl = url;
  setStatus(`Exporting ${name}…`);
  const headers = {};
  if (state.token) headers.Authorization = `Bearer ${state.token}`;
  try {
    const res = await fetch(url, { headers });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const blob = await res.blob();
    const href = URL.createObjectURL(blob);
    const a = el("a", { href, download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(href), 60000);
    setStatus(`Exported ${name}: what the filters show`);
  } catch (err) {
    setStatus(`Could not export ${name}: ${err.message}`, "error");
  }
}

// ---------------------------------------------------------------- render all

function render({ fit }) {
  const items = visibleItems();
  renderMap(items, fit);
  renderList(items);
  renderSummary(visibleEvents());
  $("mode-toggle").hidden = !state.incidents.length;
  $("mode-toggle").textContent = showingIncidents() ? "Show events" : "Show incidents";
  document.body.dataset.mode = showingIncidents() ? "incidents" : "events";
  renderTimeline();
  const has = Boolean(state.brush);
  $("brush-clear").hidden = !has;
  $("brush-apply").hidden = !has;
  $("brush-zoom").hidden = !has;
  $("tl-unzoom").hidden = !state.zoom;
  $("brush-label").textContent = has
    ? `showing ${state.brush.start} – ${state.brush.end}`
    : "drag across the bars to pick a range";
  document.body.dataset.brush = has ? `${state.brush.start}/${state.brush.end}` : "";
  writeHash();
}

// ---------------------------------------------------------------- the view in the URL

// The filters, the brushed range and the open event live in the URL's fragment, so a
// view can be bookmarked or shared: #since=2023-09-01&background=1&range=...&event=...
// The declared filters the form has a text or date field for (the background box is
// written as background=1).
function hashFields() {
  const f = $("filters");
  return state.filters.filter((spec) => spec.kind !== "flag" && f.elements[spec.param]).map((spec) => spec.param);
}
const BINS = ["day", "week", "month"];

function writeHash() {
  const f = $("filters");
  const p = new URLSearchParams();
  for (const name of hashFields()) {
    const v = (f.elements[name].value || "").trim();
    if (v) p.set(name, v);
  }
  if (f.elements.background.checked) p.set("background", "1");
  if (state.brush) p.set("range", `${state.brush.start}/${state.brush.end}`);
  if (state.zoom) p.set("zoom", `${state.zoom.start}/${state.zoom.end}`);
  if (state.bin !== "day") p.set("bin", state.bin);
  if (state.sort !== "-date") p.set("sort", state.sort);
  if (state.table) p.set("view", "table");
  if (state.mode !== "incidents") p.set("mode", state.mode);
  if (state.selected) p.set(state.openKind === "incident" ? "incident" : "event", state.selected);
  const hash = p.toString();
  history.replaceState(null, "", hash ? `#${hash}` : `${location.pathname}${location.search}`);
}

function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  const f = $("filters");
  for (const name of hashFields()) if (p.has(name)) f.elements[name].value = p.get(name);
  f.elements.background.checked = p.get("background") === "1";
  const days = (v) => {
    const m = /^(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2})$/.exec(v || "");
    return m ? { start: m[1], end: m[2] } : null;
  };
  if (BINS.includes(p.get("bin"))) state.bin = p.get("bin");
  if (p.get("sort") && SORT_KEYS[p.get("sort").replace(/^-/, "")]) state.sort = p.get("sort");
  state.table = p.get("view") === "table";
  state.mode = p.get("mode") === "events" ? "events" : "incidents";
  return { range: days(p.get("range")), zoom: days(p.get("zoom")), event: p.get("event"), incident: p.get("incident") };
}

// ---------------------------------------------------------------- event panel

// Sentence ranges [start, end) of the text: ends at . ! ? … (with closing quotes or
// brackets) followed by white space, and at line breaks.
function sentences(text) {
  const out = [];
  const re = /[.!?…]+["'”’)\]]*(?=\s|$)|\n/g;
  let start = 0;
  let m;
  const push = (s, e) => {
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    if (e > s) out.push([s, e]);
  };
  while ((m = re.exec(text))) {
    const end = m.index + m[0].length;
    push(start, end);
    start = end;
  }
  push(start, text.length);
  return out;
}

function clampSpan(s, n) {
  const a = Math.max(0, Math.min(n, Number(s.start)));
  const b = Math.max(0, Math.min(n, Number(s.end)));
  return b > a ? [a, b] : null;
}

// The article's text as DOM nodes: every evidence span of the event in <mark>
// (overlapping spans split into pieces that name every field they support), every
// sentence holding evidence in span.evidence-sentence, the event's own sentence also
// .event-sentence. Only text nodes carry article text: nothing is parsed as HTML.
function renderArticle(text, event) {
  const n = text.length;
  const spans = [];
  (event.evidence || []).forEach((ev, i) => {
    const r = clampSpan(ev, n);
    if (r) spans.push({ i, field: ev.field, start: r[0], end: r[1] });
  });
  let sents = sentences(text);
  let main = null;
  if (event.sentence && clampSpan(event.sentence, n)) {
    const [a, b] = clampSpan(event.sentence, n);
    sents = sents.filter(([s, e]) => e <= a || s >= b);
    sents.push([a, b]);
    sents.sort((x, y) => x[0] - y[0]);
    main = sents.findIndex(([s]) => s === a);
  } else {
    const anchor = event.trigger && Number.isFinite(event.trigger.start) ? event.trigger.start
      : spans.length ? spans[0].start : null;
    if (anchor !== null) main = sents.findIndex(([s, e]) => anchor >= s && anchor < e);
  }
  const sentHasEvidence = sents.map(([s, e]) => spans.some((sp) => sp.field !== "mention" && sp.start < e && sp.end > s));

  const cuts = new Set([0, n]);
  for (const sp of spans) { cuts.add(sp.start); cuts.add(sp.end); }
  for (const [s, e] of sents) { cuts.add(s); cuts.add(e); }
  const points = [...cuts].sort((a, b) => a - b);

  const frag = document.createDocumentFragment();
  let si = 0;
  let sentNode = null;
  let sentIndex = -1;
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k];
    const b = points[k + 1];
    while (si < sents.length && sents[si][1] <= a) si++;
    const inSent = si < sents.length && sents[si][0] <= a && b <= sents[si][1] ? si : -1;
    if (inSent !== sentIndex) {
      sentIndex = inSent;
      if (inSent >= 0) {
        const cls = ["sentence"];
        if (sentHasEvidence[inSent]) cls.push("evidence-sentence");
        if (inSent === main) cls.push("event-sentence");
        sentNode = el("span", { class: cls.join(" "), "data-sentence": inSent });
        frag.append(sentNode);
      } else {
        sentNode = null;
      }
    }
    const parent = sentNode || frag;
    const piece = text.slice(a, b);
    const covering = spans.filter((sp) => sp.start <= a && sp.end >= b);
    if (!covering.length) {
      parent.append(document.createTextNode(piece));
      continue;
    }
    const fields = [...new Set(covering.map((sp) => sp.field))];
    const ending = [...new Set(covering.filter((sp) => sp.end === b && sp.field !== "mention").map((sp) => sp.field))];
    const onlyMentions = fields.every((f) => f === "mention");
    const mark = el("mark", {
      class: onlyMentions ? "ev mention" : "ev",
      "data-field": fields.join(" "),
      "data-span": covering.map((sp) => sp.i).join(" "),
      "data-label": ending.length ? ending.join(" · ") : null,
      title: `evidence: ${fields.join(", ")}`,
    }, piece);
    parent.append(mark);
  }
  return frag;
}

function evidenceFor(event, field) {
  const out = [];
  (event.evidence || []).forEach((ev, i) => { if (ev.field === field) out.push(i); });
  return out;
}

function showSpan(i) {
  const article = $("panel-article");
  for (const m of article.querySelectorAll("mark.active")) m.classList.remove("active");
  const marks = article.querySelectorAll(`mark[data-span~="${i}"]`);
  if (!marks.length) return;
  for (const m of marks) m.classList.add("active");
  marks[0].scrollIntoView({ block: "center", inline: "nearest" });
}

function actorText(a) {
  if (!a) return null;
  const extra = [a.kind, a.country].filter(Boolean).join(", ");
  return extra ? `${a.name} (${extra})` : a.name;
}

function placeText(p) {
  if (!p) return null;
  const where = [p.name, p.admin1 && p.admin1 !== p.name ? p.admin1 : null, p.country].filter(Boolean).join(", ");
  const coords = typeof p.lat === "number" ? ` at ${p.lat.toFixed(3)}, ${p.lon.toFixed(3)}` : "";
  return `${where}, precision: ${p.precision || "unknown"}${coords}`;
}

function countText(c) {
  if (!c) return null;
  const range = c.low != null && c.high != null && (c.low !== c.best || c.high !== c.best)
    ? ` (${c.low}–${c.high})` : "";
  const who = c.victims ? ` ${c.victims}` : "";
  const claim = c.claimed_by ? `, according to ${c.claimed_by}` : "";
  return `${c.best ?? "some"}${range}${who}${claim}`;
}

function renderFields(event) {
  const dl = $("panel-fields");
  dl.replaceChildren();
  const row = (label, value, field) => {
    if (value === null || value === undefined || value === "") return;
    const ids = field ? evidenceFor(event, field) : [];
    const dd = el("dd", { "data-field": field || null });
    dd.append(value);
    for (const i of ids) {
      dd.append(" ", el("button", {
        type: "button",
        class: "show-evidence",
        "data-span": i,
        "aria-label": `Show the evidence for ${label} in the article`,
        onclick: () => showSpan(i),
      }, `“${event.evidence[i].text.length > 40 ? `${event.evidence[i].text.slice(0, 38)}…` : event.evidence[i].text}”`));
    }
    dl.append(el("dt", {}, label), dd);
  };
  const type = [event.acled_event_type, event.acled_sub_event_type].filter(Boolean).join(": ");
  row("ACLED type", type || "none");
  row("PLOVER", event.plover ? `${event.plover}${event.plover_mode ? ` (${event.plover_mode})` : ""}` : null, "trigger");
  row("Date", event.date && event.date.start
    ? `${dateText(event.date)}, precision: ${event.date.precision || "unknown"}` : "undated", "date");
  row("Place", placeText(event.place), "place");
  if (vague(event.place)) {
    row("Precision", `known only to its ${PRECISION_WORDS[event.place.precision]}: the marker is hollow and sits at its centre`, null);
  }
  row("Actor 1", actorText(event.actor1), "actor1");
  row("Actor 2", actorText(event.actor2), "actor2");
  for (const f of COUNT_FIELDS) row(f[0].toUpperCase() + f.slice(1), countText(event[f]), f);
  row("Claimed by", event.claimed_by, "claimed_by");
  row("Background", event.background ? "yes: the article recalls it as background" : "no", null);
  const mentions = evidenceFor(event, "mention").length;
  if (mentions) row("Other mentions", `${mentions}`, "mention");
  row("Coder", event.coder, null);
  row("Source", sourceNode(event.source), null);
}

// Where it was reported: the title as a link to the original (opened in a new tab,
// without telling it where the reader came from), the outlet and the date.
function sourceNode(source) {
  if (!source || !(source.title || source.outlet || source.url)) return null;
  const span = el("span", { class: "source" });
  const title = source.title || source.url || "the article";
  const safe = source.url && /^https?:\/\//i.test(source.url);
  span.append(safe
    ? el("a", { href: source.url, target: "_blank", rel: "noopener noreferrer", class: "source-link" }, title)
    : el("span", { class: "source-title" }, title));
  const more = [source.outlet, source.published].filter(Boolean).join(", ");
  if (more) span.append(` (${more})`);
  return span;
}

// Open the panel on an item (the map narrows as it opens: size the map first, then
// bring the pin into view); on a phone the panel covers the map, from its top.
function showPanel(id, kind) {
  const prev = state.selected;
  state.selected = id;
  state.openKind = kind;
  for (const b of document.querySelectorAll(".event-item, .event-row")) {
    if (b.dataset.id === id) b.setAttribute("aria-current", "true");
    else b.removeAttribute("aria-current");
  }
  const panel = $("panel");
  panel.hidden = false;
  panel.dataset.kind = kind;
  delete panel.dataset.eventId;
  delete panel.dataset.incidentId;
  panel.dataset[kind === "incident" ? "incidentId" : "eventId"] = id;
  panel.dataset.state = "loading";
  document.body.classList.add("panel-open");
  // on a phone the list is far below the map: bring the map to the top, the panel covers the rest
  if (narrow()) window.scrollTo({ top: $("map").getBoundingClientRect().top + window.scrollY, behavior: "instant" });
  map.invalidateSize({ pan: false });
  markSelectedMarker(prev, id);
  renderTimeline();
  panel.scrollTop = 0;
  $("panel-back").hidden = !(kind === "event" && state.fromIncident);
  $("panel-title").textContent = "Loading…";
  return panel;
}

// The panel's data from ``path``; null when it failed (the panel then says why) or
// when another item was opened meanwhile.
async function panelData(panel, id, what, path) {
  try {
    const body = await api(path);
    return state.selected === id ? body : null;
  } catch (err) {
    if (state.selected !== id) return null;
    $("panel-title").textContent = `Could not load the ${what}`;
    $("panel-fields").replaceChildren(el("p", { class: "error" }, err.message));
    $("panel-article").replaceChildren();
    panel.dataset.state = "error";
    return null;
  }
}

async function openEvent(id, { fromIncident = null } = {}) {
  state.fromIncident = fromIncident;
  const panel = showPanel(id, "event");
  const body = await panelData(panel, id, "event", `/api/events/${encodeURIComponent(id)}`);
  if (!body) return;
  const { event, article } = body;
  const p = event.place;
  $("panel-title").textContent = `${event.acled_sub_event_type || event.plover || "Event"}${p && p.name ? ` at ${p.name}` : ""}`;
  renderFields(event);
  const src = event.source || {};
  $("panel-article-label").textContent = "Article";
  $("panel-article-head").hidden = false;
  $("panel-article-meta").textContent = [src.outlet, article.id, article.published ? `published ${article.published}` : null]
    .filter(Boolean).join(", ");
  const box = $("panel-article");
  box.replaceChildren(renderArticle(article.text || "", event));
  box.onclick = (evt) => {
    // a click on highlighted words points at the fields they support
    const mark = evt.target.closest?.("mark.ev");
    for (const dd of $("panel-fields").querySelectorAll("dd.pointed")) dd.classList.remove("pointed");
    if (!mark) return;
    const fields = mark.dataset.field.split(" ");
    for (const dd of $("panel-fields").querySelectorAll("dd[data-field]")) {
      if (fields.includes(dd.dataset.field)) dd.classList.add("pointed");
    }
  };
  box.scrollTop = 0;
  panel.dataset.state = "ready";
  writeHash();
  // the event's sentence near the top of the article box, with a little context above
  const focus = box.querySelector(".event-sentence") || box.querySelector(".evidence-sentence");
  if (focus) box.scrollTop = Math.max(0, focus.offsetTop - box.clientHeight * 0.15);
}

// ---------------------------------------------------------------- incident panel

const TALLY_KINDS = ["killed", "injured", "arrested", "abducted", "displaced"];

function tallyText(t) {
  const best = tallyBest(t);
  if (best === null) return null;
  const range = t.low != null && t.high != null && (t.low !== best || t.high !== best) ? ` (${t.low}–${t.high})` : "";
  return `${best}${range}`;
}

// Where the reports disagree: a figure given differently by different reports
// ("killed: 5 by Northern Courier, 7 by Lagos Ledger, 8 by sahel-wire.test").
function disagreements(incident, outletOfEvent) {
  const out = [];
  for (const kind of TALLY_KINDS) {
    const figures = (incident[kind] && incident[kind].figures) || [];
    const values = new Set(figures.map((f) => f.best ?? f.low ?? f.high).filter((v) => v !== null && v !== undefined));
    if (values.size < 2) continue;
    const parts = figures.map((f) => {
      const who = outletOfEvent.get(f.event_id) || f.article_id;
      const claim = f.claimed_by ? `, according to ${f.claimed_by}` : "";
      return `${f.best ?? f.low ?? f.high} by ${who}${claim}`;
    });
    out.push([kind, parts]);
  }
  return out;
}

// One report of an incident: its outlet, title (a link to the original) and date, its
// figures with who gave them, the sentence that reports it with the evidence marked,
// and a button that opens the event with its whole article.
function reportCard(event, incidentId) {
  const src = event.source || {};
  const card = el("article", { class: "report", "data-event-id": event.event_id, "data-outlet": src.outlet || "" });
  card.append(el("header", { class: "report-head" },
    el("b", { class: "report-outlet" }, src.outlet || event.article_id),
    src.published ? ` · ${src.published}` : "",
    event.background ? el("span", { class: "badge" }, "background") : null));
  const title = sourceNode(src);
  if (title) card.append(el("div", { class: "report-title" }, title));
  const figures = [];
  for (const kind of COUNT_FIELDS) {
    const c = event[kind];
    if (!c) continue;
    figures.push(`${kind} ${countText(c)}`);
  }
  card.append(el("div", { class: "report-figures", "data-killed": event.killed ? String(killedOf(event)) : "" },
    figures.length ? figures.join("; ") : "no figures"));
  if (event.claimed_by) card.append(el("div", { class: "report-claim" }, `claimed by ${event.claimed_by}`));
  const sentence = event.sentence || {};
  if (sentence.text && Number.isFinite(sentence.start)) {
    const shift = (sp) => ({ ...sp, start: sp.start - sentence.start, end: sp.end - sentence.start });
    const inside = (event.evidence || []).filter((ev) => ev.start >= sentence.start && ev.end <= sentence.end && ev.field !== "mention");
    const view = { evidence: inside.map(shift), sentence: { start: 0, end: sentence.text.length } };
    card.append(el("blockquote", { class: "report-sentence article" }, renderArticle(sentence.text, view)));
  }
  card.append(el("button", {
    type: "button", class: "open-report",
    onclick: () => openEvent(event.event_id, { fromIncident: incidentId }),
  }, "Open this report with its article"));
  return card;
}

async function openIncident(id) {
  state.fromIncident = null;
  const panel = showPanel(id, "incident");
  const body = await panelData(panel, id, "incident", `/api/incidents/${encodeURIComponent(id)}`);
  if (!body) return;
  const { incident, events } = body;
  const item = incidentItem(incident);
  const p = incident.place;
  $("panel-title").textContent = `${item.acled_sub_event_type || item.acled_event_type || item.plover || "Incident"}` +
    `${p && p.name ? ` at ${p.name}` : ""}: ${reportsText(item)}`;
  const dl = $("panel-fields");
  dl.replaceChildren();
  const row = (label, value, attrs = {}) => {
    if (value === null || value === undefined || value === "") return;
    dl.append(el("dt", {}, label), el("dd", attrs, value));
  };
  row("ACLED type", [item.acled_event_type, item.acled_sub_event_type].filter(Boolean).join(": ") || "none");
  row("PLOVER", item.plover);
  row("Date", incident.date && incident.date.start ? dateText(incident.date) : "undated");
  row("Place", placeText(p));
  if (vague(p)) row("Precision", `known only to its ${PRECISION_WORDS[p.precision]}: the marker is hollow and sits at its centre`);
  row("Actor 1", incident.actor1);
  row("Actor 2", incident.actor2);
  for (const kind of TALLY_KINDS) row(kind[0].toUpperCase() + kind.slice(1), tallyText(incident[kind]), { "data-field": kind });
  row("Reports", `${reportsText(item)}, first ${incident.first_report || "?"}, last ${incident.last_report || "?"}`,
    { "data-field": "reports" });
  const outlets = new Map(events.map((e) => [e.event_id, (e.source && e.source.outlet) || null]));
  for (const [kind, parts] of disagreements(incident, outlets)) {
    row("Reports disagree", `${kind}: ${parts.join("; ")}`, { class: "disagree", "data-kind": kind });
  }
  $("panel-article-head").hidden = false;
  $("panel-article-label").textContent = "Reports";
  $("panel-article-meta").textContent = "each with its evidence; open one for its whole article";
  const box = $("panel-article");
  box.onclick = null;
  box.replaceChildren(...events.map((e) => reportCard(e, id)));
  box.scrollTop = 0;
  panel.dataset.reports = String(events.length);
  panel.dataset.state = "ready";
  writeHash();
}

function closePanel() {
  const prev = state.selected;
  state.selected = null;
  state.fromIncident = null;
  $("panel").hidden = true;
  document.body.classList.remove("panel-open");
  for (const b of document.querySelectorAll("[aria-current]")) b.removeAttribute("aria-current");
  markSelectedMarker(prev, null);
  map.invalidateSize();
  renderTimeline();
  writeHash();
}

// ---------------------------------------------------------------- start

function initList() {
  $("list-sort").addEventListener("change", (evt) => setSort(evt.target.value));
  $("page-prev").addEventListener("click", () => { state.page -= 1; renderList(visibleItems()); });
  $("page-next").addEventListener("click", () => { state.page += 1; renderList(visibleItems()); });
  $("mode-toggle").addEventListener("click", () => {
    state.mode = showingIncidents() ? "events" : "incidents";
    if (state.selected) closePanel();
    state.brush = null;
    state.zoom = null;
    state.page = 0;
    render({ fit: true });
  });
  $("panel-back").addEventListener("click", () => { if (state.fromIncident) openIncident(state.fromIncident); });
  $("view-table").addEventListener("click", () => {
    state.table = !state.table;
    $("view-table").setAttribute("aria-pressed", String(state.table));
    document.body.classList.toggle("table-view", state.table);
    renderList(visibleItems());
    map.invalidateSize();
    renderTimeline();
    writeHash();
  });
  for (const b of document.querySelectorAll("button.export")) {
    b.addEventListener("click", () => exportView(b.dataset.format));
  }
}

function initFilters() {
  const acled = $("f-acled");
  for (const [name] of ACLED_TYPES) acled.append(el("option", { value: name }, name));
  const plover = $("f-plover");
  for (const name of PLOVER_TYPES) plover.append(el("option", { value: name }, name));
  const form = $("filters");
  let timer = null;
  form.addEventListener("submit", (evt) => { evt.preventDefault(); loadEvents(); });
  form.addEventListener("change", (evt) => {
    if (evt.target.id === "f-token") return;
    clearTimeout(timer);
    loadEvents();
  });
  form.addEventListener("input", (evt) => {
    if (evt.target.type !== "search" && evt.target.type !== "text") return;
    clearTimeout(timer);
    timer = setTimeout(loadEvents, 400);
  });
  form.addEventListener("reset", () => {
    // Reset starts over: no open event, no brushed or zoomed range
    if (state.selected) closePanel();
    state.brush = null;
    state.zoom = null;
    state.page = 0;
    setTimeout(loadEvents, 0);
  });
  const token = $("f-token");
  token.value = state.token;
  token.addEventListener("change", () => {
    state.token = token.value.trim();
    sessionStorage.setItem("sitrep-token", state.token);
    loadEvents();
  });
}

async function main() {
  initFilters();
  initTimeline();
  initList();
  $("panel-close").addEventListener("click", closePanel);
  document.addEventListener("keydown", (evt) => {
    if (evt.key === "Escape" && !$("panel").hidden && evt.target.closest?.("#panel")) closePanel();
  });
  try {
    state.config = await api("/api/config");
  } catch (err) {
    setStatus(`Could not read /api/config: ${err.message}`, "error");
  }
  if (state.config.reads_need_token) $("token-label").hidden = false;
  await initMap();
  let resizeTimer = null;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(renderTimeline, 150);
  });
  await Promise.all([loadCountries(), loadFilters()]);
  const initial = readHash();
  $("list-sort").value = state.sort;
  $("view-table").setAttribute("aria-pressed", String(state.table));
  document.body.classList.toggle("table-view", state.table);
  await loadEvents();
  if ((initial.range || initial.zoom) && document.body.dataset.state === "ready") {
    state.brush = initial.range;
    state.zoom = initial.zoom;
    render({ fit: true });
  }
  if (initial.incident) await openIncident(initial.incident);
  else if (initial.event) await openEvent(initial.event);
}

main().catch((err) => {
  document.body.dataset.state = "error";
  setStatus(`The page failed to start: ${err.message}`, "error");
});
