// posterkit's translator page. It talks to the API of `posterkit serve`
// (same origin only) and keeps everything the translator brings in memory.
"use strict";

const state = {
  ui: "en", i18n: {}, kit: null, fontFile: null, fontID: null,
  seq: 0, timer: 0, previewURL: "", report: null,
};
const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";
const DEBOUNCE_MS = 400;

function t(key, args) {
  const cat = state.i18n[state.ui] || {};
  let s = cat[key] ?? (state.i18n.en || {})[key] ?? key;
  for (const [k, v] of Object.entries(args || {})) s = s.split("{" + k + "}").join(String(v));
  return s;
}

function applyI18n() {
  document.documentElement.lang = state.ui;
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  if (state.kit) { buildFields(false); showReport(state.report); }
}

async function api(path, opts) {
  const r = await fetch(path, Object.assign({ credentials: "same-origin" }, opts));
  if (!r.ok) {
    let msg = r.status + " " + r.statusText, body = null;
    try { body = await r.json(); msg = body.error || msg; } catch (_) { /* not JSON */ }
    const err = new Error(msg); err.status = r.status; err.body = body; throw err;
  }
  return r;
}

function postJSON(path, body) {
  return api(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

function lang() { return $("lang").value.trim(); }
function validLang(s) { return /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/.test(s); }

function texts() {
  const out = {};
  for (const f of state.kit.frames) out[f.id] = $("t-" + f.id).value;
  return out;
}

function request(extra) {
  const body = { template: state.kit.name, lang: lang(), texts: texts() };
  if (state.fontID) body.fonts = [state.fontID];
  return Object.assign(body, extra || {});
}

async function loadTemplates() {
  const list = await (await api("/api/templates")).json();
  const sel = $("template");
  sel.textContent = "";
  for (const tp of list) {
    const o = document.createElement("option");
    o.value = tp.name; o.textContent = tp.name + " — " + tp.title;
    sel.append(o);
  }
  await loadKit(sel.value);
}

async function loadKit(name) {
  state.kit = await (await api("/api/kit/" + encodeURIComponent(name))).json();
  state.report = null;
  buildFields(true);
  buildOverlay();
  schedule(0);
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function buildFields(fresh) {
  const form = $("fields");
  const old = fresh ? {} : texts();
  form.textContent = "";
  for (const f of state.kit.frames) {
    const sec = el("div", "frame"); sec.id = "frame-" + f.id;
    sec.append(el("h3", "", f.id));
    const lines = f.max_lines ? t("maxLines", { n: f.max_lines }) : t("anyLines");
    sec.append(el("p", "meta", t("frameMeta", { w: f.box_mm[2], h: f.box_mm[3], lines, min: f.min_size_pt, max: f.max_size_pt })));
    const src = el("p", "source"); src.lang = state.kit.source;
    src.append(el("span", "tag", state.kit.source), document.createTextNode(f.source));
    sec.append(src);
    if (f.reference) {
      const ref = el("p", "reference"); ref.lang = f.ref_lang;
      ref.append(el("span", "tag", f.ref_lang), document.createTextNode(f.reference));
      sec.append(ref);
    }
    const label = el("label", "", t("yourText", { id: f.id })); label.htmlFor = "t-" + f.id;
    const ta = el("textarea"); ta.id = "t-" + f.id; ta.name = f.id; ta.dir = state.dir || "auto"; ta.rows = 3;
    ta.value = old[f.id] || "";
    ta.setAttribute("aria-describedby", "c-" + f.id + " s-" + f.id);
    ta.addEventListener("input", () => { count(f); schedule(DEBOUNCE_MS); });
    const c = el("p", "count"); c.id = "c-" + f.id;
    const st = el("p", "status"); st.id = "s-" + f.id; st.setAttribute("aria-live", "polite");
    sec.append(label, ta, c, st);
    form.append(sec);
    count(f);
  }
}

function count(f) {
  const n = [...$("t-" + f.id).value].length;
  const c = $("c-" + f.id);
  c.textContent = t("count", { n, budget: f.budget_min });
  c.classList.toggle("over", n > f.budget_min);
}

function buildOverlay() {
  const k = state.kit, b = k.bleed_mm, svg = $("overlay");
  svg.setAttribute("viewBox", `0 0 ${k.width_mm + 2 * b} ${k.height_mm + 2 * b}`);
  svg.textContent = "";
  for (const f of k.frames) {
    const r = document.createElementNS(SVG, "rect");
    r.setAttribute("x", f.box_mm[0] + b); r.setAttribute("y", f.box_mm[1] + b);
    r.setAttribute("width", f.box_mm[2]); r.setAttribute("height", f.box_mm[3]);
    r.setAttribute("class", "box todo"); r.id = "box-" + f.id;
    r.dataset.frame = f.id;
    svg.append(r);
  }
  $("poster").style.aspectRatio = `${k.width_mm + 2 * b} / ${k.height_mm + 2 * b}`;
}

function schedule(ms) {
  clearTimeout(state.timer);
  state.timer = setTimeout(update, ms);
}

async function update() {
  const code = lang();
  if (!validLang(code)) {
    $("lang-info").textContent = code ? t("langBad") : "";
    return;
  }
  const seq = ++state.seq;
  const body = request();
  try {
    const [check, png] = await Promise.all([
      postJSON("/api/check", body).then((r) => r.json()),
      postJSON("/api/preview", Object.assign({ dpi: 50 }, body)).then((r) => r.blob()),
    ]);
    if (seq !== state.seq) return; // a newer edit is on its way
    const url = URL.createObjectURL(png);
    $("preview-img").src = url;
    $("preview-img").alt = t("previewAlt", { lang: code });
    if (state.previewURL) URL.revokeObjectURL(state.previewURL);
    state.previewURL = url;
    state.report = check;
    showReport(check);
  } catch (e) {
    if (seq !== state.seq) return;
    if (e.status === 409 && state.fontFile) { await uploadFont(state.fontFile); schedule(0); return; }
    if (e.status === 503) { schedule(1000); return; }
    $("summary").textContent = t("errorPrefix") + e.message;
    $("summary").className = "summary bad";
  }
}

function frameMessage(fr) {
  switch (fr.status) {
    case "ok": return [t("fits", { size: fr.size_pt.toFixed(1), lines: fr.lines }), "ok"];
    case "overflow": return [t("overflow", { msg: fr.message }), "bad"];
    case "uncovered": {
      const chars = (fr.uncovered || []).map((u) => u.char + " " + u.code_point).join(", ");
      return [t("uncovered", { chars, msg: fr.message }), "bad"];
    }
    case "untranslated": case "missing": return [t("todo"), "todo"];
    case "empty": return [t("empty"), "todo"];
    default: return [fr.message, "bad"];
  }
}

function showReport(rep) {
  if (!rep) return;
  let bad = 0, todo = 0;
  for (const fr of rep.frames) {
    const [msg, kind] = frameMessage(fr);
    const st = $("s-" + fr.id), box = $("box-" + fr.id), sec = $("frame-" + fr.id);
    if (!st) continue;
    st.textContent = msg; st.className = "status " + kind;
    st.dataset.status = fr.status;
    sec.classList.toggle("bad", kind === "bad");
    $("t-" + fr.id).setAttribute("aria-invalid", kind === "bad" ? "true" : "false");
    box.setAttribute("class", "box " + kind);
    box.dataset.status = fr.status;
    if (kind === "bad") bad++;
    if (kind === "todo") todo++;
  }
  const sum = $("summary");
  if (bad) { sum.textContent = t("problems", { n: bad }); sum.className = "summary bad"; }
  else if (todo) { sum.textContent = t("todoCount", { n: todo }); sum.className = "summary"; }
  else { sum.textContent = t("ready"); sum.className = "summary ok"; }
  state.dir = rep.direction;
  for (const f of state.kit.frames) $("t-" + f.id).dir = rep.direction;
  $("lang-info").textContent = rep.script ? t("langInfo", { dir: t(rep.direction), script: rep.script }) : t("langDir", { dir: t(rep.direction) });
}

async function uploadFont(file) {
  const info = $("font-info");
  try {
    const r = await api("/api/fonts?name=" + encodeURIComponent(file.name), { method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: file });
    const f = await r.json();
    state.fontID = f.id; state.fontFile = file;
    info.textContent = t("fontOK", { name: f.name }); info.className = "info";
  } catch (e) {
    state.fontID = null; state.fontFile = null;
    info.textContent = t("errorPrefix") + e.message; info.className = "info error";
  }
}

async function uploadStrings(file) {
  const info = $("strings-info");
  try {
    const r = await api("/api/strings/read?name=" + encodeURIComponent(file.name), { method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: file });
    const s = await r.json();
    if (s.template && s.template !== state.kit.name && [...$("template").options].some((o) => o.value === s.template)) {
      $("template").value = s.template; await loadKit(s.template);
    }
    if (s.lang) $("lang").value = s.lang;
    let n = 0;
    for (const f of state.kit.frames) {
      $("t-" + f.id).value = s.texts[f.id] || "";
      if (s.texts[f.id]) n++;
      count(f);
    }
    info.textContent = t("uploaded", { file: s.file, n }); info.className = "info";
    schedule(0);
  } catch (e) {
    info.textContent = t("errorPrefix") + e.message; info.className = "info error";
  }
}

function save(blob, name) {
  const a = document.createElement("a");
  const url = URL.createObjectURL(blob);
  a.href = url; a.download = name;
  document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

function filename(r, fallback) {
  const m = /filename="([^"]+)"/.exec(r.headers.get("Content-Disposition") || "");
  return m ? m[1] : fallback;
}

async function download(make, fallback) {
  const info = $("download-info");
  info.textContent = t("working", { file: fallback }); info.className = "info";
  try {
    const r = await make();
    const name = filename(r, fallback);
    save(await r.blob(), name);
    info.textContent = t("done", { file: name });
  } catch (e) {
    info.textContent = e.status === 422 ? t("notReady") : t("errorPrefix") + e.message;
    info.className = "info error";
    if (e.body && e.body.report) showReport(Object.assign({ direction: state.dir || "ltr", script: "" }, e.body.report));
  }
}

async function main() {
  state.i18n = await (await api("/static/i18n.json")).json();
  const sel = $("ui-lang");
  for (const [code, cat] of Object.entries(state.i18n)) {
    const o = document.createElement("option"); o.value = code; o.textContent = cat.name; sel.append(o);
  }
  const want = (navigator.language || "en").slice(0, 2);
  state.ui = new URLSearchParams(location.search).get("ui") || (state.i18n[want] ? want : "en");
  if (!state.i18n[state.ui]) state.ui = "en";
  sel.value = state.ui;
  sel.addEventListener("change", () => { state.ui = sel.value; applyI18n(); });
  applyI18n();
  $("template").addEventListener("change", (e) => loadKit(e.target.value));
  $("lang").addEventListener("input", () => schedule(DEBOUNCE_MS));
  $("font").addEventListener("change", async (e) => { if (e.target.files[0]) { await uploadFont(e.target.files[0]); schedule(0); } });
  $("strings-file").addEventListener("change", (e) => { if (e.target.files[0]) uploadStrings(e.target.files[0]); });
  const code = () => lang() || "xx";
  $("dl-pdf").addEventListener("click", () => download(() => postJSON("/api/render", request({ format: "pdf" })), code() + ".pdf"));
  $("dl-png").addEventListener("click", () => download(() => postJSON("/api/render", request({ format: "png", dpi: 300 })), code() + ".png"));
  $("dl-po").addEventListener("click", () => download(() => postJSON("/api/strings/write", request({ format: "po" })), code() + ".po"));
  $("dl-xlf").addEventListener("click", () => download(() => postJSON("/api/strings/write", request({ format: "xliff" })), code() + ".xlf"));
  $("dl-pot").addEventListener("click", () => download(() => api("/api/kit/" + encodeURIComponent(state.kit.name) + "/template.pot"), "template.pot"));
  $("dl-xlt").addEventListener("click", () => download(() => api("/api/kit/" + encodeURIComponent(state.kit.name) + "/template.xlf"), "template.xlf"));
  await loadTemplates();
  document.body.dataset.ready = "true";
}

main().catch((e) => { $("summary").textContent = "posterkit: " + e.message; });
