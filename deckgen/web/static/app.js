// deckgen serve: the page's little script. It sends what was typed to the server, which
// validates it with deckgen's models and answers with the problems and derived figures; it
// polls the server for rebuilt slide images. Text from the user is only ever set as text
// (textContent, value), never as markup.
"use strict";

const csrf = document.querySelector('meta[name="csrf-token"]').content;
const pageData = JSON.parse(document.getElementById("page-data")?.textContent || "{}");
const words = pageData.words || {};

async function post(url, body, extraHeaders) {
  const headers = { "X-CSRF-Token": csrf, ...(extraHeaders || {}) };
  let payload = body;
  if (!(body instanceof Blob)) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body || {});
  }
  const response = await fetch(url, { method: "POST", headers, body: payload });
  let data = {};
  try { data = await response.json(); } catch (e) { data = { error: response.statusText }; }
  return { ok: response.ok, status: response.status, data };
}

function notice(text, bad) {
  const el = document.getElementById("notice");
  el.textContent = text;
  el.hidden = !text;
  el.classList.toggle("bad", !!bad);
}

// ------------------------------------------------------------------ reading the form

function ownFields(container) {
  // Fields directly in container: not inside a nested object or list item of it.
  return [...container.querySelectorAll("[data-key]")].filter(
    (el) => el.parentElement.closest(".obj, .item, .list") === container ||
      (el.parentElement.closest(".obj, .item, .list") === null && container.id === "form-root"));
}

function valueOf(el) {
  if (el.classList.contains("list")) {
    return [...el.querySelector(":scope > ol.items").children].map(itemValue);
  }
  if (el.classList.contains("obj")) return collect(el);
  if (el.dataset.type === "bool") return el.checked;
  if (el.dataset.type === "sources") {
    return [...el.querySelectorAll("input:checked")].map((c) => c.value);
  }
  return el.value;
}

function itemValue(li) {
  const body = li.querySelector(":scope > .item-body");
  const obj = body.querySelector(":scope > .obj");
  if (obj) return collect(obj);
  const list = body.querySelector(":scope > .list");
  if (list) return valueOf(list);
  return valueOf(body.querySelector(".fld"));
}

function collect(container) {
  const out = {};
  for (const el of ownFields(container)) out[el.dataset.key] = valueOf(el);
  return out;
}

// The content path of a field, as deckgen's messages write it: slides[3].points[1].text
function pathOf(el) {
  const root = document.getElementById("form-root");
  const parts = [];
  let node = el;
  while (node && node !== root) {
    if (node.dataset && node.dataset.key) parts.unshift("." + node.dataset.key);
    if (node.classList && node.classList.contains("item")) {
      parts.unshift("[" + [...node.parentElement.children].indexOf(node) + "]");
    }
    node = node.parentElement;
  }
  let path = (root.dataset.root || "") + parts.join("");
  return path.replace(/^\./, "");
}

// ------------------------------------------------------------------ showing problems

function showProblems(problems) {
  const root = document.getElementById("form-root");
  if (!root) return;
  for (const p of root.querySelectorAll(".err")) { p.textContent = ""; }
  for (const el of root.querySelectorAll(".invalid")) el.classList.remove("invalid");
  const places = new Map();
  for (const el of root.querySelectorAll(".field, .obj, .list")) {
    const key = el.matches(".field.scalar")
      ? pathOf(el.querySelector(".fld") || el) : pathOf(el);
    places.set(key, el);
  }
  const prefix = root.dataset.root;
  const here = [], elsewhere = [];
  for (const p of problems) {
    const mine = prefix ? (p.field === prefix || p.field.startsWith(prefix + ".") ||
      p.field.startsWith(prefix + "[")) : !p.field.startsWith("slides");
    (mine ? here : elsewhere).push(p);
    if (!mine) continue;
    let field = p.field, place = null;
    while (field && !(place = places.get(field))) {
      const cut = Math.max(field.lastIndexOf("."), field.lastIndexOf("["));
      field = cut > 0 ? field.slice(0, cut) : "";
    }
    place = place || root;
    const err = place.querySelector(":scope > .err") || root.querySelector(":scope > .err");
    err.textContent = (err.textContent ? err.textContent + "\n" : "") + p.text;
    place.classList.add("invalid");
  }
  const box = document.getElementById("problems");
  const list = box.querySelector("ul");
  list.replaceChildren(...[...here, ...elsewhere].map((p) => {
    const li = document.createElement("li");
    li.textContent = p.text;
    return li;
  }));
  shownProblems = problems.length;
  showBoxState(box);
}

// The problems box says "no problems" only while the draft validates and builds.
let shownProblems = 0, buildFailure = "";

function showBoxState(box) {
  const failed = box.querySelector(".build-problem");
  failed.textContent = buildFailure;
  failed.hidden = !buildFailure;
  box.querySelector(".none").hidden = shownProblems > 0 || !!buildFailure;
  box.classList.toggle("has", shownProblems > 0 || !!buildFailure);
}

function showSlides(slides) {
  for (const s of slides) {
    const li = document.querySelector(`#slide-list li[data-index="${s.index}"]`);
    if (!li) continue;
    li.querySelector(".headline").textContent = s.headline;
    li.classList.toggle("has-problems", s.problems);
  }
}

function showDerived(derived) {
  for (const [name, value] of Object.entries(derived || {})) {
    const dd = document.querySelector(`[data-derived="${name}"]`);
    if (dd) dd.textContent = value;
  }
}

function setDirty(dirty) {
  document.getElementById("dirty").hidden = !dirty;
  document.getElementById("saved").hidden = dirty;
}

// ------------------------------------------------------------------ sending edits

let timer = null;
// Sends run one after another. A send asked for while one is in flight waits for it and
// collects the form when it starts, so it carries every edit made until then; asks that come
// while it waits share it. Save awaits such a send: it never saves content older than the
// form (a move made while an earlier send was in flight was lost on a slow server).
let last = Promise.resolve(), waiting = null;

function changed() {
  clearTimeout(timer);
  timer = setTimeout(send, 300);
}

function send() {
  if (!waiting) {
    waiting = last.then(() => { waiting = null; return sendNow(); });
    last = waiting.catch(() => {});
  }
  return waiting;
}

async function sendNow() {
  const root = document.getElementById("form-root");
  const { ok, data } = await post(root.dataset.endpoint, { values: collect(root) });
  if (ok) {
    showProblems(data.problems);
    showDerived(data.derived);
    showSlides(data.slides);
    setDirty(data.dirty);
    poll.soon();
  } else {
    notice(data.error || "error", true);
  }
}

// ------------------------------------------------------------------ lists

function updateList(list) {
  const max = Number(list.dataset.max || 0);
  const count = list.querySelector(":scope > ol.items").children.length;
  const add = list.querySelector(":scope > .add");
  if (add) add.disabled = max > 0 && count >= max;
}

function onListClick(event) {
  const button = event.target.closest("button");
  if (!button) return;
  const list = button.closest(".list");
  if (button.classList.contains("add") && list) {
    const template = list.querySelector(":scope > template");
    const items = list.querySelector(":scope > ol.items");
    items.append(template.content.cloneNode(true));
    items.lastElementChild.querySelector("input, textarea, select")?.focus();
    updateList(list);
    changed();
    return;
  }
  const item = button.closest(".item");
  if (!item) return;
  if (button.classList.contains("remove")) {
    const owner = item.closest(".list");
    item.remove();
    updateList(owner);
    changed();
  } else if (button.classList.contains("up") && item.previousElementSibling) {
    item.parentElement.insertBefore(item, item.previousElementSibling);
    button.focus();
    changed();
  } else if (button.classList.contains("down") && item.nextElementSibling) {
    item.parentElement.insertBefore(item.nextElementSibling, item);
    button.focus();
    changed();
  }
}

// ------------------------------------------------------------------ preview

const poll = {
  generation: -1,
  handle: null,
  soon() { clearTimeout(this.handle); this.handle = setTimeout(() => this.run(), 400); },
  async run() {
    clearTimeout(this.handle);
    let status = null;
    try {
      const response = await fetch("/api/status", { headers: { "X-CSRF-Token": csrf } });
      status = await response.json();
    } catch (e) { status = null; }
    if (status) showStatus(status);
    const busy = status && (status.build.busy || (status.batch && status.batch.state === "building"));
    this.handle = setTimeout(() => this.run(), busy ? 500 : 2000);
  },
};

function thumbUrl(hash) { return `/thumb/${hash}.png`; }

function showStatus(status) {
  setDirty(status.dirty);
  document.getElementById("disk-banner").hidden = !status.disk_changed;
  const b = status.build;
  const thumbs = b.thumbs || [];
  for (const img of document.querySelectorAll("img.thumb, #big")) {
    const hash = thumbs[Number(img.dataset.slide)];
    if (hash && img.dataset.hash !== hash) {
      img.src = thumbUrl(hash);
      img.dataset.hash = hash;
      img.hidden = false;
    }
  }
  const grid = document.getElementById("thumb-grid");
  if (grid && grid.dataset.generation !== String(b.generation)) {
    grid.dataset.generation = String(b.generation);
    grid.replaceChildren(...thumbs.map((hash, i) => {
      const img = document.createElement("img");
      img.src = thumbUrl(hash);
      img.alt = `${words.slide || "Slide"} ${i + 1}`;
      img.dataset.hash = hash;
      return img;
    }));
  }
  // A failure is shown while it is the current draft's: the library's message beside the
  // preview and under the form, where the user is looking.
  const failed = !b.busy && b.current && b.state === "failed" && b.error ? b.error : "";
  const state = document.getElementById("build-state");
  if (state) {
    state.textContent = b.busy ? words.building : (!status.valid ? words.preview_stale :
      (failed ? words.build_failed :
        (b.current && b.state === "done" ? words.preview_ready : "")));
    state.classList.toggle("busy", b.busy);
    document.body.dataset.build = b.busy ? "busy" : (b.current ? b.state : "stale");
    document.body.dataset.generation = String(b.generation);
  }
  const imagesError = document.getElementById("images-error");
  if (imagesError) imagesError.hidden = !b.images_error;
  const error = document.getElementById("build-error");
  if (error && error.textContent !== failed) {
    error.textContent = failed;
    error.hidden = !failed;
  }
  const notes = document.getElementById("build-notes");
  const said = b.current ? b.notes || [] : [];
  if (notes && notes.dataset.said !== JSON.stringify(said)) {
    notes.dataset.said = JSON.stringify(said);
    notes.replaceChildren(...said.map((text) => {
      const li = document.createElement("li");
      li.textContent = text;
      return li;
    }));
    notes.hidden = said.length === 0;
  }
  const box = document.getElementById("problems");
  if (box && buildFailure !== failed) {
    buildFailure = failed;
    showBoxState(box);
  }
  if (status.batch) showBatch(status.batch);
}

// ------------------------------------------------------------------ batch

function showBatch(batch) {
  const bar = document.getElementById("batch-progress");
  if (!bar) return;
  if (batch.state !== "checked") bar.hidden = false;
  bar.max = Math.max(1, batch.total);
  bar.value = batch.done;
  const count = document.getElementById("batch-count");
  count.textContent = `${batch.done} / ${batch.total}`;
  if (batch.state === "done") {
    count.textContent = `${batch.built} ${words.built}, ${batch.failed} ${words.failed}`;
    document.getElementById("batch-files").hidden = false;
    document.body.dataset.batch = "done";
  } else if (batch.state === "failed") {
    notice(batch.error || "", true);
  }
}

// ------------------------------------------------------------------ uploads

function upload(input, url, after) {
  input.addEventListener("change", async (event) => {
    event.stopPropagation();  // a file is no form field: nothing to send as an edit
    const file = input.files[0];
    if (!file) return;
    const { ok, data } = await post(url, file, { "X-File-Name": encodeURIComponent(file.name) });
    if (ok) { after(data); } else { uploadError(input, data.error || "error"); input.value = ""; }
  });
}

// An upload refused is said beside its button, in the library's words.
function uploadError(input, text) {
  const place = input.closest(".field")?.querySelector(":scope > .err") ||
    input.closest("main")?.querySelector(".upload-error");
  if (!place) { notice(text, true); return; }
  place.textContent = text;
  place.hidden = false;
}

// ------------------------------------------------------------------ keyboard

// In the slide list the arrow keys, Home and End move between the slides' links, so a long
// deck is not a long walk with Tab; Enter opens the slide as on any link.
function onSlideListKey(event) {
  const links = [...document.querySelectorAll("#slide-list a")];
  const at = links.indexOf(document.activeElement);
  if (at < 0) return;
  const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: links.length - 1 }[event.key];
  if (to === undefined || !links[to]) return;
  event.preventDefault();
  links[to].focus();
}

// ------------------------------------------------------------------ wiring

async function reloadAt(query) { window.location.assign("/" + (query || window.location.search)); }

function wire() {
  const root = document.getElementById("form-root");
  if (root) {
    root.addEventListener("input", changed);
    root.addEventListener("change", changed);
    root.addEventListener("click", onListClick);
    root.querySelectorAll(".list").forEach(updateList);
    for (const swatch of root.querySelectorAll("input.swatch")) {
      swatch.addEventListener("input", () => {
        const text = swatch.parentElement.querySelector(".fld");
        text.value = swatch.value.toUpperCase();
        changed();
      });
    }
    showProblems(pageData.problems || []);
  }
  document.getElementById("slide-list")?.addEventListener("keydown", onSlideListKey);
  const selected = pageData.selected;
  document.getElementById("slide-up")?.addEventListener("click", async () => {
    const { ok, data } = await post(`/api/slides/${selected}/move`, { to: selected - 1 });
    if (ok) reloadAt(`?slide=${data.index}`);
  });
  document.getElementById("slide-down")?.addEventListener("click", async () => {
    const { ok, data } = await post(`/api/slides/${selected}/move`, { to: selected + 1 });
    if (ok) reloadAt(`?slide=${data.index}`);
  });
  document.getElementById("slide-remove")?.addEventListener("click", async () => {
    if (!window.confirm(words.remove_confirm)) return;
    const { ok } = await post(`/api/slides/${selected}/remove`, {});
    if (ok) reloadAt(`?slide=${Math.max(0, selected - 1)}`);
  });
  document.getElementById("add-slide")?.addEventListener("submit", async (event) => {
    event.preventDefault();
    const kind = document.getElementById("new-kind").value;
    const at = selected === null || selected === undefined ? pageData.count : selected + 1;
    const { ok, data } = await post("/api/slides", { kind, at });
    if (ok) reloadAt(`?slide=${data.index}`); else notice(data.error, true);
  });
  for (const button of document.querySelectorAll(".starter-button")) {
    button.addEventListener("click", async () => {
      if (!window.confirm(words.starter_confirm)) return;
      const { ok } = await post("/api/starter", { language: button.dataset.language });
      if (ok) reloadAt("?slide=0");
    });
  }
  document.getElementById("save").addEventListener("click", () => save(false));
  document.getElementById("keep-mine").addEventListener("click", () => save(true));
  document.getElementById("load-disk").addEventListener("click", async () => {
    const { ok, data } = await post("/api/reload", {});
    if (ok) reloadAt(); else notice(data.error, true);
  });
  const logo = document.getElementById("logo-file");
  if (logo) upload(logo, "/api/logo", () => reloadAt());
  document.getElementById("logo-remove")?.addEventListener("click", async () => {
    const { ok } = await post("/api/logo/remove", {});
    if (ok) reloadAt();
  });
  const template = document.getElementById("template-file");
  if (template) upload(template, "/api/template", () => window.location.reload());
  document.getElementById("template-reset")?.addEventListener("click", async () => {
    const { ok } = await post("/api/template/reset", {});
    if (ok) window.location.reload();
  });
  const table = document.getElementById("table-file");
  if (table) upload(table, "/api/batch/table", () => window.location.reload());
  document.getElementById("batch-build")?.addEventListener("click", async () => {
    const { ok, data } = await post("/api/batch/build", {});
    if (ok) { document.body.dataset.batch = "building"; poll.soon(); }
    else notice(data.error, true);
  });
  for (const link of document.querySelectorAll("#download-pptx, #download-pdf")) {
    link.addEventListener("click", async (event) => {
      // Say why there is no file instead of saving an error as a deck.
      event.preventDefault();
      const response = await fetch(link.href, { method: "HEAD" });
      if (response.ok) { window.location.assign(link.href); return; }
      const check = await fetch(link.href);
      let message = check.statusText;
      try { message = (await check.json()).error; } catch (e) { /* keep the status */ }
      notice(message, true);
    });
  }
  poll.run();
}

async function save(force) {
  await send();
  const { ok, status, data } = await post("/api/save", { force });
  if (ok) {
    notice("");
    setDirty(false);
    document.getElementById("disk-banner").hidden = true;
  } else if (status === 409) {
    document.getElementById("disk-banner").hidden = false;
  } else {
    if (data.problems) showProblems(data.problems);
    notice(data.error || "error", true);
  }
}

document.addEventListener("DOMContentLoaded", wire);
