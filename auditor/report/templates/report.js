/* trial-audit report: filters, sorting, paging and record views over the JSON embedded in the page.
   Every value from the audit is written with textContent or as an attribute value, never as markup. */
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("audit-data").textContent);
  var RANK = { error: 3, warning: 2, info: 1 };
  var FAIL = { error: 3, warning: 2, info: 1, never: 99 }[D.failOn] || 3;
  var SEVS = ["error", "warning", "info"];
  var SORTS = ["severity", "rule", "category", "record", "message", "baseline"];
  var SIZES = [50, 100, 250, 500];
  var MAXQ = 900;           // characters of one quote shown before "show the whole text"
  var PRINT_MAX = 2000;     // rows printed with their evidence
  var SVGNS = "http://www.w3.org/2000/svg";

  D.findings.forEach(function (f, i) { f._i = i; });
  D.waived.forEach(function (f, i) { f._i = i; });
  D.resolved.forEach(function (f, i) { f._i = i; });

  /* ---------- DOM helpers: text only ---------- */
  function el(tag, attrs) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === "class") e.className = v;
        else if (k === "text") e.textContent = v;
        else if (k.slice(0, 2) === "on") e.addEventListener(k.slice(2), v);
        else e.setAttribute(k, v === true ? "" : String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var kid = arguments[i];
      if (kid === null || kid === undefined || kid === false) continue;
      e.append(kid instanceof Node ? kid : String(kid));
    }
    return e;
  }
  function $(id) { return document.getElementById(id); }
  function sevOf(s) { return RANK[s] ? s : "info"; }
  function num(n) { return Number(n).toLocaleString("en-US"); }
  function plural(n, one, many) { return num(n) + " " + (n === 1 ? one : (many || one + "s")); }
  function icon(sev) {
    var s = document.createElementNS(SVGNS, "svg");
    s.setAttribute("class", "ico"); s.setAttribute("aria-hidden", "true"); s.setAttribute("focusable", "false");
    s.setAttribute("width", "14"); s.setAttribute("height", "14");
    var u = document.createElementNS(SVGNS, "use");
    u.setAttribute("href", "#i-" + sevOf(sev));
    s.append(u);
    return s;
  }
  function badge(sev) {
    var s = sevOf(sev);
    return el("span", { class: "badge sev-" + s }, icon(s), el("span", { text: s }));
  }
  function gating(f) { return RANK[f.severity] >= FAIL && f.waived == null && f.baseline !== "unchanged"; }

  /* ---------- state <-> URL fragment ---------- */
  function own(o, k) { return o != null && Object.prototype.hasOwnProperty.call(o, k); }
  function defaults() {
    return { sev: SEVS.slice(), cat: "", rule: "", rec: "", q: "", gate: false, nw: false,
             sort: "severity", dir: "desc", page: 1, size: D.pageSize, open: [], view: "" };
  }
  var S = defaults();

  function readHash() {
    var h = location.hash.slice(1);
    if (h.indexOf("=") < 0) return false;        // a plain anchor (#rules), not a filter state
    var p = new URLSearchParams(h), s = defaults();
    // Only known keys and values are taken: '#view=__proto__' or '#sev=constructor' name no record.
    if (p.has("sev")) s.sev = p.get("sev").split(",").filter(function (x) { return own(RANK, x); });
    ["cat", "rule", "rec", "q"].forEach(function (k) { if (p.has(k)) s[k] = p.get(k); });
    var v = p.get("view");
    if (v && (own(D.records, v) || own(D.views, v) || D.findings.some(function (f) { return f.record === v; }))) s.view = v;
    s.gate = p.get("gate") === "1";
    s.nw = p.get("new") === "1";
    if (SORTS.indexOf(p.get("sort")) >= 0) s.sort = p.get("sort");
    if (p.get("dir") === "asc" || p.get("dir") === "desc") s.dir = p.get("dir");
    var pg = parseInt(p.get("page"), 10); if (pg > 0) s.page = pg;
    var sz = parseInt(p.get("size"), 10); if (SIZES.indexOf(sz) >= 0) s.size = sz;
    if (p.get("open")) s.open = p.get("open").split(",");
    S = s;
    return true;
  }
  function writeHash(push) {           // push: a history state object, for a step Back can undo
    var p = new URLSearchParams(), d = defaults();
    if (S.sev.length !== SEVS.length) p.set("sev", S.sev.join(","));
    ["cat", "rule", "rec", "q"].forEach(function (k) { if (S[k]) p.set(k, S[k]); });
    if (S.gate) p.set("gate", "1");
    if (S.nw) p.set("new", "1");
    if (S.sort !== d.sort || S.dir !== d.dir) { p.set("sort", S.sort); p.set("dir", S.dir); }
    if (S.page !== 1) p.set("page", String(S.page));
    if (S.size !== d.size) p.set("size", String(S.size));
    if (S.open.length) p.set("open", S.open.join(","));
    if (S.view) p.set("view", S.view);
    var s = p.toString();
    var url = location.pathname + location.search + (s ? "#" + s : "");
    try {
      if (push) history.pushState(push, "", url);
      else history.replaceState(history.state, "", url);
    } catch (e) { /* some browsers refuse on file: pages */ }
  }

  /* ---------- filtering and sorting ---------- */
  function hay(f) {
    if (f._h === undefined) {
      var parts = [f.message, f.record, f.rule, f.category, (f.related || []).join(" "), f.waived || ""];
      (f.evidence || []).forEach(function (e) { parts.push(e.text || "", e.label || "", e.source || ""); });
      if (f.values) Object.keys(f.values).forEach(function (k) { parts.push(k, String(f.values[k])); });
      f._h = parts.join("\n").toLowerCase();
    }
    return f._h;
  }
  var recordIds = {};
  D.findings.forEach(function (f) { recordIds[f.record.toLowerCase()] = true; });

  function matches(f, sev, terms, rec, exact) {
    if (!sev[f.severity]) return false;
    if (S.cat && f.category !== S.cat) return false;
    if (S.rule && f.rule !== S.rule) return false;
    if (rec) {
      var r = f.record.toLowerCase();
      if (exact ? r !== rec : r.indexOf(rec) < 0) return false;
    }
    if (S.gate && !gating(f)) return false;
    if (S.nw && f.baseline !== "new") return false;
    for (var i = 0; i < terms.length; i++) if (hay(f).indexOf(terms[i]) < 0) return false;
    return true;
  }
  function keyOf(f, k) {
    if (k === "severity") return RANK[f.severity] || 0;
    if (k === "baseline") return f.baseline || "";
    return (f[k] || "").toLowerCase();
  }
  function searchTerms(q) {            // words, or "quoted phrases", all required
    var out = [], m, re = /"([^"]+)"|(\S+)/g;
    q = q.toLowerCase();
    while ((m = re.exec(q)) !== null) out.push(m[1] || m[2]);
    return out;
  }
  function filtered() {
    var sev = {}; S.sev.forEach(function (s) { sev[s] = true; });
    var terms = searchTerms(S.q);
    var rec = S.rec.trim().toLowerCase(), exact = !!recordIds[rec];
    var out = D.findings.filter(function (f) { return matches(f, sev, terms, rec, exact); });
    var k = S.sort, dir = S.dir === "asc" ? 1 : -1;
    out.sort(function (a, b) {
      var x = keyOf(a, k), y = keyOf(b, k);
      if (x < y) return -dir;
      if (x > y) return dir;
      if (k !== "severity" && a.severity !== b.severity) return RANK[b.severity] - RANK[a.severity];
      return a._i - b._i;                        // the audit's own order: record, severity, rule, line
    });
    return out;
  }

  /* ---------- quoted evidence ---------- */
  function fill(pre, s, hl, before, after) {
    pre.replaceChildren();
    if (before) pre.append("… ");
    var low = s.toLowerCase(), h = (hl || "").toLowerCase();
    if (h && low.length !== s.length) { low = s; h = hl; }   // case folding changed lengths: match exactly
    var i = 0, j;
    while (h && (j = low.indexOf(h, i)) >= 0) {
      pre.append(s.slice(i, j));
      pre.append(el("mark", { text: s.slice(j, j + h.length) }));
      i = j + h.length;
    }
    pre.append(s.slice(i));
    if (after) pre.append(" …");
  }
  function quote(text, hl) {
    text = text || "";
    var wrap = el("div", { class: "quote" }), pre = el("pre", { class: "ev-text" });
    wrap.append(pre);
    if (text.length <= MAXQ) { fill(pre, text, hl, false, false); return wrap; }
    var at = hl ? text.toLowerCase().indexOf(hl.toLowerCase()) : -1;
    var off = Math.max(0, (at < 0 ? 0 : at) - 300), part = text.slice(off, off + MAXQ);
    fill(pre, part, hl, off > 0, off + part.length < text.length);
    var more = el("button", { type: "button", class: "btn-link", text: "Show the whole text (" + num(text.length) + " characters)" });
    more.addEventListener("click", function () { fill(pre, text, hl, false, false); more.remove(); });
    wrap.append(more);
    return wrap;
  }
  function where(e) {
    if (!e.source) return "(no file)";
    return e.source + (e.line ? ":" + e.line + (e.col > 1 ? ":" + e.col : "") : "");
  }

  /* ---------- finding rows ---------- */
  function ruleLink(id) {
    var r = D.rules[id];
    if (!r) return el("span", { class: "rule-link", text: id });    // a resolved finding's rule: no docs here
    var a = el("a", { class: "rule-link", href: "#rule-" + encodeURIComponent(id), title: r ? r.title : null, text: id });
    a.addEventListener("click", function (ev) { ev.preventDefault(); ev.stopPropagation(); showRule(id); });
    return a;
  }
  function breakable(node, text, after) {  // line-break chances after / (DOIs, paths) or . (field paths)
    text.split(after || /(?<=\/)/).forEach(function (part, i) {
      if (i) node.append(document.createElement("wbr"));
      node.append(part);
    });
    return node;
  }
  function recButton(id) {
    var b = breakable(el("button", { type: "button", class: "rec-btn", title: "Open the record view" }), id);
    b.addEventListener("click", function (ev) { ev.stopPropagation(); openRecord(id, b); });
    return b;
  }
  function showRule(id) {
    var art = $("rule-" + id);
    if (!art) return;
    art.scrollIntoView({ block: "start" });
    art.focus({ preventScroll: true });
    art.classList.add("flash");
    setTimeout(function () { art.classList.remove("flash"); }, 1800);
  }

  function detail(f, mode) {
    var g = el("div", { class: "detail-grid" });
    if (mode === "waived") g.append(el("div", null, el("h4", { text: "Waived" }), el("p", { class: "reason", text: f.waived })));
    if (f.values && Object.keys(f.values).length) {
      var vals = el("div", { class: "values" });
      Object.keys(f.values).forEach(function (k) {
        vals.append(el("div", { class: "value" }, el("span", { class: "value-k", text: k }),
                       el("span", { class: "value-v", text: String(f.values[k]) })));
      });
      g.append(el("div", null, el("h4", { text: "Compared values" }), vals));
    }
    var ev = el("div", { class: "evidence" });
    (f.evidence || []).forEach(function (e) {
      ev.append(el("div", { class: "ev" },
        el("div", { class: "ev-head" }, e.label ? el("span", { class: "ev-label", text: e.label }) : null,
           el("span", { class: "ev-where", text: where(e) })),
        quote(e.text, e.highlight)));
    });
    if (!(f.evidence || []).length) ev.append(el("p", { class: "muted", text: "No quoted text." }));
    g.append(el("div", null, el("h4", { text: "Evidence" }), ev));
    if (f.related && f.related.length) {
      var rel = el("p", { class: "detail-actions" });
      f.related.forEach(function (id) { rel.append(recButton(id)); });
      g.append(el("div", null, el("h4", { text: "Related records" }), rel));
    }
    var r = D.rules[f.rule];
    if (r) {
      var how = el("details", { class: "how" }, el("summary", { text: "What the rule checks and why" }),
        el("p", { text: r.what }), r.why ? el("p", { class: "muted", text: "Why it matters: " + r.why }) : null);
      g.append(el("div", { class: "about" }, el("h4", { text: "About " + r.id }),
        el("p", null, el("strong", { text: r.title })), how));
    }
    var acts = el("p", { class: "detail-actions" });
    acts.append(el("button", { type: "button", class: "btn-link", text: "Open record " + f.record,
      onclick: function (ev2) { openRecord(f.record, ev2.currentTarget); } }));
    if (mode === "active") {
      acts.append(el("button", { type: "button", class: "btn-link", text: "Only this record",
        onclick: function () { setFilters({ rec: f.record }); } }));
      acts.append(el("button", { type: "button", class: "btn-link", text: "Only " + f.rule,
        onclick: function () { setFilters({ rule: f.rule }); } }));
    }
    if (r) acts.append(el("button", { type: "button", class: "btn-link", text: "Rule documentation",
      onclick: function () { showRule(f.rule); } }));
    g.append(acts);
    return g;
  }

  function findingRows(f, mode, open, cols) {
    var id = mode + "-" + f._i;
    var exp = el("button", { type: "button", class: "exp", "aria-expanded": open ? "true" : "false",
                             "aria-controls": "d-" + id, "aria-label": "Evidence for " + f.rule + " on " + f.record });
    var tr = el("tr", { class: "row" + (open ? " open" : ""), id: "r-" + id });
    tr.append(el("td", { class: "c-exp" }, exp), el("td", { class: "c-sev" }, badge(f.severity)),
              el("td", { class: "c-rule" }, ruleLink(f.rule)));
    if (mode === "active") tr.append(el("td", { class: "c-cat cat", text: f.category }));
    tr.append(el("td", { class: "c-rec" }, recButton(f.record)), el("td", { class: "c-msg", text: f.message }));
    if (mode === "active" && D.baseline) {
      tr.append(el("td", { class: "c-base" }, f.baseline ? el("span", { class: "tag tag-" + f.baseline,
        text: f.baseline + (f.baseline_severity ? " · was " + f.baseline_severity : "") }) : null));
    }
    if (mode === "waived") tr.append(el("td", { class: "c-reason reason", text: f.waived }),
                                     el("td", { class: "c-expires", text: f.waived_until ? "until " + f.waived_until : "no expiry" }));
    if (mode === "resolved" && f.status === "disabled") {
      tr.querySelector(".c-msg").append(el("span", { class: "tag tag-disabled", text: "rule disabled, not fixed" }));
    }
    var det = el("tr", { class: "detail", id: "d-" + id });
    det.hidden = !open;
    det.append(el("td", { colspan: String(cols) }, detail(f, mode)));
    function toggle() {
      var now = exp.getAttribute("aria-expanded") !== "true";
      exp.setAttribute("aria-expanded", now ? "true" : "false");
      det.hidden = !now;
      tr.classList.toggle("open", now);
      if (mode === "active") {
        S.open = S.open.filter(function (x) { return x !== f.fingerprint; });
        if (now) S.open.push(f.fingerprint);
        writeHash();
      }
    }
    exp.addEventListener("click", function (ev) { ev.stopPropagation(); toggle(); });
    tr.addEventListener("click", function (ev) {
      if (ev.target.closest("a, button") || String(window.getSelection())) return;   // keep text selectable
      toggle();
    });
    return [tr, det];
  }

  function pager(nav, page, pages, total, go, sizes) {
    nav.replaceChildren();
    if (total === 0) return;
    if (sizes) {
      var sel = el("select", { "aria-label": "Rows per page" });
      SIZES.forEach(function (n) { sel.append(el("option", { value: String(n), selected: n === S.size, text: n + " per page" })); });
      sel.addEventListener("change", function () { S.size = parseInt(sel.value, 10); S.page = 1; renderFindings(); writeHash(); });
      nav.append(sel);
    }
    if (pages <= 1) return;
    var prev = el("button", { type: "button", disabled: page <= 1, text: "‹ Previous" });
    var next = el("button", { type: "button", disabled: page >= pages, text: "Next ›" });
    prev.addEventListener("click", function () { go(page - 1); });
    next.addEventListener("click", function () { go(page + 1); });
    nav.append(el("span", { text: "Page " + num(page) + " of " + num(pages) }), prev, next);
  }

  /* ---------- the findings table ---------- */
  var body = $("findings-body");
  var COLS = D.baseline ? 7 : 6;

  function renderFindings(all) {
    var rows = filtered(), total = rows.length;
    var pages = Math.max(1, Math.ceil(total / S.size));
    if (S.page > pages) S.page = pages;
    var start = all ? 0 : (S.page - 1) * S.size;
    var slice = all ? rows.slice(0, PRINT_MAX) : rows.slice(start, start + S.size);
    var open = {}; S.open.forEach(function (x) { open[x] = true; });
    var frag = document.createDocumentFragment();
    slice.forEach(function (f) {
      findingRows(f, "active", all || !!open[f.fingerprint], COLS).forEach(function (r) { frag.append(r); });
    });
    if (!total) {
      var reset = el("button", { type: "button", class: "btn-link", text: "Clear the filters", onclick: resetFilters });
      frag.append(el("tr", null, el("td", { colspan: String(COLS), class: "empty" },
        D.findings.length ? "No finding matches these filters. " : "No findings: every rule passed.", D.findings.length ? reset : null)));
    }
    body.replaceChildren(frag);
    var shown = total ? num(start + 1) + "–" + num(start + slice.length) + " of " : "";
    $("result-count").textContent = total === D.findings.length
      ? (total ? "Showing " + shown + plural(total, "finding") : "")
      : "Showing " + shown + plural(total, "finding") + " matching the filters (of " + num(D.findings.length) + ")";
    pager($("findings-pager"), S.page, pages, total, function (p) {
      S.page = p; renderFindings(); writeHash(); $("findings").scrollIntoView({ block: "start" });
    }, true);
    document.querySelectorAll("#findings-table th[data-sort]").forEach(function (th) {
      th.setAttribute("aria-sort", th.getAttribute("data-sort") === S.sort ? (S.dir === "asc" ? "ascending" : "descending") : "none");
    });
  }

  /* ---------- filter controls ---------- */
  var form = $("filters");
  function countBy(key) {
    var c = {};
    D.findings.forEach(function (f) { c[f[key]] = (c[f[key]] || 0) + 1; });
    return c;
  }
  function fillSelect(sel, counts, label) {
    Object.keys(counts).sort().forEach(function (k) {
      sel.append(el("option", { value: k, text: label(k) + " (" + num(counts[k]) + ")" }));
    });
  }
  fillSelect($("f-cat"), countBy("category"), function (k) { return k; });
  fillSelect($("f-rule"), countBy("rule"), function (k) { return D.rules[k] ? k + " · " + D.rules[k].title : k; });

  function ensureOption(sel, v) {
    if (v && !Array.prototype.some.call(sel.options, function (o) { return o.value === v; })) {
      sel.append(el("option", { value: v, text: v + " (0)" }));
    }
  }
  function syncControls() {
    form.querySelectorAll("input[name=sev]").forEach(function (c) { c.checked = S.sev.indexOf(c.value) >= 0; });
    ensureOption($("f-cat"), S.cat); ensureOption($("f-rule"), S.rule);
    $("f-cat").value = S.cat; $("f-rule").value = S.rule;
    $("f-rec").value = S.rec; $("f-q").value = S.q;
    $("f-gate").checked = S.gate;
    if ($("f-new")) $("f-new").checked = S.nw;
  }
  function readControls() {
    S.sev = SEVS.filter(function (s) { return form.querySelector("input[name=sev][value=" + s + "]").checked; });
    S.cat = $("f-cat").value; S.rule = $("f-rule").value;
    S.rec = $("f-rec").value; S.q = $("f-q").value;
    S.gate = $("f-gate").checked;
    S.nw = $("f-new") ? $("f-new").checked : false;
    S.page = 1;
  }
  var timer = null;
  function applyControls() { readControls(); renderFindings(); writeHash(); }
  function onFilter(ev) {
    clearTimeout(timer);
    if (ev && ev.target && ev.target.type === "search") timer = setTimeout(applyControls, 160);   // typing
    else applyControls();
  }
  form.addEventListener("input", onFilter);
  form.addEventListener("change", onFilter);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  function resetFilters() {
    var keep = { sort: S.sort, dir: S.dir, size: S.size };
    S = defaults(); S.sort = keep.sort; S.dir = keep.dir; S.size = keep.size;
    syncControls(); renderFindings(); writeHash();
  }
  $("f-reset").addEventListener("click", resetFilters);
  function showOpenRow() {               // the page holding the first expanded finding
    if (!S.open.length) return;
    var i = filtered().findIndex(function (f) { return f.fingerprint === S.open[0]; });
    if (i >= 0) S.page = Math.floor(i / S.size) + 1;
  }
  function setFilters(over) {
    var keep = { sort: S.sort, dir: S.dir, size: S.size };
    S = defaults(); S.sort = keep.sort; S.dir = keep.dir; S.size = keep.size;
    Object.keys(over).forEach(function (k) { S[k] = over[k]; });
    showOpenRow();
    syncControls(); renderFindings(); writeHash();
    $("findings").scrollIntoView({ block: "start" });
  }
  document.querySelectorAll("#findings-table th[data-sort] button").forEach(function (b) {
    b.addEventListener("click", function () {
      var k = b.parentNode.getAttribute("data-sort");
      if (S.sort === k) S.dir = S.dir === "asc" ? "desc" : "asc";
      else { S.sort = k; S.dir = k === "severity" ? "desc" : "asc"; }
      S.page = 1; renderFindings(); writeHash();
    });
  });

  /* ---------- simple paged tables: waived, resolved ---------- */
  function simpleTable(list, bodyId, pagerId, mode, cols) {
    var tb = $(bodyId);
    if (!tb) return;
    var page = 1, size = 50;
    function draw() {
      var pages = Math.max(1, Math.ceil(list.length / size));
      var frag = document.createDocumentFragment();
      list.slice((page - 1) * size, page * size).forEach(function (f) {
        findingRows(f, mode, false, cols).forEach(function (r) { frag.append(r); });
      });
      tb.replaceChildren(frag);
      pager($(pagerId), page, pages, list.length, function (p) { page = p; draw(); });
    }
    draw();
  }

  /* ---------- records ---------- */
  var perRecord = {};
  function tally(f, key) {
    var c = perRecord[f.record] || (perRecord[f.record] = { error: 0, warning: 0, info: 0, waived: 0 });
    c[key] += 1;
  }
  D.findings.forEach(function (f) { tally(f, sevOf(f.severity)); });
  D.waived.forEach(function (f) { tally(f, "waived"); });
  var recList = Object.keys(D.records);
  Object.keys(perRecord).forEach(function (id) { if (!D.records[id]) recList.push(id); });
  function recWeight(id) {
    var c = perRecord[id] || { error: 0, warning: 0, info: 0 };
    return [c.error, c.warning, c.info];
  }
  recList.sort(function (a, b) {
    var x = recWeight(a), y = recWeight(b);
    for (var i = 0; i < 3; i++) if (x[i] !== y[i]) return y[i] - x[i];
    return a < b ? -1 : a > b ? 1 : 0;
  });
  var recPage = 1;
  function recHay(id) {
    var r = D.records[id] || {};
    return [id, r.title || "", (r.sources || []).map(function (s) { return s.source; }).join(" ")].join("\n").toLowerCase();
  }
  function renderRecords() {
    var q = $("r-q").value.trim().toLowerCase(), only = $("r-only").checked;
    var list = recList.filter(function (id) {
      if (only && !perRecord[id]) return false;
      return !q || recHay(id).indexOf(q) >= 0;
    });
    var size = 50, pages = Math.max(1, Math.ceil(list.length / size));
    if (recPage > pages) recPage = pages;
    var frag = document.createDocumentFragment();
    list.slice((recPage - 1) * size, recPage * size).forEach(function (id) {
      var r = D.records[id] || {}, c = perRecord[id];
      var counts = el("span", { class: "sev-counts" });
      if (c) SEVS.forEach(function (s) {
        if (c[s]) counts.append(el("span", { class: "sev-count sev-" + s, title: plural(c[s], s) }, icon(s), el("span", { text: num(c[s]) }), el("span", { class: "sr-only", text: " " + s })));
      });
      if (c && c.waived) counts.append(el("span", { class: "muted", text: num(c.waived) + " waived" }));
      if (!c) counts.append(el("span", { class: "muted", text: "none" }));
      var srcs = (r.sources || []).map(function (s) { return s.source + (s.rendering && s.rendering !== "main" ? " (" + s.rendering + ")" : ""); });
      frag.append(el("tr", null, el("td", null, recButton(id)), el("td", { class: "rec-title", text: r.title || "" }),
        el("td", { class: "cat", text: r.kind || (id === "(corpus)" ? "cross-record" : "file") }),
        el("td", { class: "mono", text: srcs.join(", ") }), el("td", { class: "num" }, counts)));
    });
    if (!list.length) frag.append(el("tr", null, el("td", { colspan: "5", class: "empty", text: "No record matches." })));
    $("records-body").replaceChildren(frag);
    var hidden = D.recordsTotal - D.recordsListed;
    $("records-count").textContent = plural(list.length, "record") + " shown" +
      (hidden > 0 ? " · " + num(hidden) + " records without findings are left out of this page" : "");
    pager($("records-pager"), recPage, pages, list.length, function (p) { recPage = p; renderRecords(); });
  }
  $("r-q").addEventListener("input", function () { recPage = 1; renderRecords(); });
  $("r-only").addEventListener("change", function () { recPage = 1; renderRecords(); });

  /* ---------- record view dialog ---------- */
  var dlg = $("record-dialog"), opener = null;
  function recordFindings(id) {
    var out = [];
    D.findings.concat(D.waived).forEach(function (f) {
      if (f.record === id || (f.related || []).indexOf(id) >= 0) out.push(f);
    });
    return out;
  }
  function human(name) {                 // min_age -> Min age; arms[0].label -> Arms 1 · label
    return name.replace(/\[(\d+)\]/g, function (m, i) { return " " + (Number(i) + 1); })
      .replace(/\./g, " · ").replace(/_/g, " ").replace(/\b(nct|id|ids|doi)\b/g, function (w) {
        return w === "ids" ? "IDs" : w.toUpperCase();
      }).replace(/^./, function (c) { return c.toUpperCase(); });
  }
  function pathOf(row) {                 // the API v2 path of a row's field (views name the attribute)
    var root = row.name.split(/[[.]/)[0];
    return D.fieldPaths[root] || root;
  }
  function flagsFor(row, rendering, fs) {
    var hit = [];
    fs.forEach(function (f) {
      var byField = (f.fields || []).some(function (n) {
        return row.name === n || row.name.indexOf(n + "[") === 0 || row.name.indexOf(n + ".") === 0 || pathOf(row) === n;
      });
      var byLine = row.line && (f.evidence || []).some(function (e) {
        return e.line === row.line && e.source === (row.source || rendering.source);
      });
      if ((byField || byLine) && !hit.some(function (h) { return h.rule === f.rule; })) hit.push({ rule: f.rule, sev: f.severity });
    });
    return hit;
  }
  function fieldTable(rendering, fs, onlyFlagged) {
    var tb = el("tbody");
    rendering.fields.forEach(function (row) {
      var flags = flagsFor(row, rendering, fs);
      if (onlyFlagged && !flags.length) return;
      var name = el("td", { class: "f-name" }, el("span", { class: "f-human", text: human(row.name) }),
                    breakable(el("span", { class: "f-path" }), pathOf(row), /(?<=\.)/));
      if (row.context) name.append(el("span", { class: "ctx", text: row.context }));
      var val = el("td", { class: "f-val" }, row.value);
      if (flags.length) {
        var worst = flags.reduce(function (a, b) { return RANK[b.sev] > RANK[a.sev] ? b : a; });
        val.append(el("span", { class: "flag-tag sev-" + sevOf(worst.sev) }, icon(worst.sev),
          el("span", { text: flags.map(function (h) { return h.rule; }).join(", ") })));
      }
      var raw = row.raw !== undefined ? el("td", { class: "f-raw", text: row.raw })
        : el("td", { class: "f-raw" }, el("span", { class: "same", text: row.line || row.source ? "as written" : "" }));
      var at = row.line ? (row.source && row.source !== rendering.source ? row.source + ":" : "line ") + row.line : "";
      tb.append(el("tr", { class: flags.length ? "flag" : null }, name, val, raw, el("td", { class: "f-where", text: at })));
    });
    if (!tb.children.length) tb.append(el("tr", null, el("td", { colspan: "4", class: "empty", text: "No field here is linked to a finding." })));
    return el("table", { class: "fields" },
      el("thead", null, el("tr", null, el("th", { scope: "col", text: "Field" }), el("th", { scope: "col", text: "Normalized" }),
        el("th", { scope: "col", text: "Original text" }), el("th", { scope: "col", text: "Where" }))), tb);
  }
  function renderRecord(id) {
    var r = D.records[id] || {}, fs = recordFindings(id), view = D.views[id];
    $("rv-kind").textContent = r.kind ? (r.kind === "publication" ? "Publication" : "Trial record") : "Record";
    $("rv-title").textContent = id;
    $("rv-sub").textContent = r.title || "";
    var b = $("rv-body");
    b.replaceChildren();
    if (r.sources && r.sources.length) {
      var ul = el("ul", { class: "rv-findings" });
      r.sources.forEach(function (s) { ul.append(el("li", null, el("span", { class: "mono", text: s.source }), el("span", { class: "muted", text: s.format + (s.rendering !== "main" ? " · " + s.rendering + " rendering" : "") }))); });
      if (r.registry_ids && r.registry_ids.length) ul.append(el("li", null, el("span", { class: "muted", text: "Registry ids named:" }), el("span", { class: "mono", text: r.registry_ids.join(", ") })));
      b.append(el("div", { class: "rv-block" }, el("h3", { text: "Sources" }), ul));
    }
    fs.sort(function (a, b) {
      return (b.record === id) - (a.record === id) || RANK[b.severity] - RANK[a.severity] ||
        (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
    });
    var fl = el("ul", { class: "rv-list" });
    fs.forEach(function (f) {
      var go = el("button", { type: "button", class: "btn-link", text: "evidence",
                              "aria-label": "Evidence for " + f.rule });
      go.addEventListener("click", function () {
        dlg.close();
        if (f.waived != null) { $("waived").scrollIntoView({ block: "start" }); return; }
        setFilters({ rec: f.record, open: [f.fingerprint] });
        var row = $("r-active-" + f._i);
        if (row) row.scrollIntoView({ block: "center" });
      });
      var msg = el("span", { class: "rv-msg", text: f.message });
      if (f.record !== id) msg.append(el("span", { class: "rv-via", text: "reported on " + f.record }));
      if (f.waived != null) msg.append(el("span", { class: "rv-via", text: "waived: " + f.waived }));
      fl.append(el("li", null, badge(f.severity), ruleLink(f.rule), msg, go));
    });
    if (!fs.length) fl.append(el("li", { class: "muted", text: "No findings for this record." }));
    b.append(el("div", { class: "rv-block" }, el("h3", null, "Findings ", el("span", { class: "muted", text: plural(fs.length, "finding") })), fl));
    if (!view) {
      b.append(el("p", { class: "muted", text: "The normalized fields of this record are not in this report: it has no findings, " +
        "it is not a registry record or publication, or it is beyond the first records with findings kept in the page." }));
      return;
    }
    view.renderings.forEach(function (rd) {
      var holder = el("div");
      var only = el("input", { type: "checkbox" });
      var tools = el("div", { class: "rv-tools" }, el("label", { class: "check" }, only, "Only fields linked to a finding"));
      function draw() { holder.replaceChildren(fieldTable(rd, fs, only.checked)); }
      only.addEventListener("change", draw);
      draw();
      b.append(el("div", { class: "rv-block" },
        el("h3", null, el("span", { class: "mono", text: rd.source }), el("span", { class: "muted", text: rd.format + (rd.rendering !== "main" ? " · " + rd.rendering + " rendering" : "") })),
        tools, el("div", { class: "table-wrap" }, holder)));
    });
  }
  /* Opening a record is a history step, so the browser's Back closes it and returns to the same place
     in the report (the scroll position rides in the history state) instead of leaving the page. */
  var fromHistory = false, handledHash = null;
  function openRecord(id, from) {
    opener = from || null;
    try { history.replaceState({ y: window.scrollY }, ""); } catch (e) { /* file: pages may refuse */ }
    S.view = id; writeHash({ view: id, y: window.scrollY });
    renderRecord(id);
    if (!dlg.open) dlg.showModal();
    $("rv-title").focus();
  }
  $("rv-close").addEventListener("click", function () { dlg.close(); });
  dlg.addEventListener("click", function (ev) { if (ev.target === dlg) dlg.close(); });   // backdrop
  dlg.addEventListener("close", function () {
    var pushed = history.state && history.state.view;
    if (!fromHistory && pushed) { history.back(); }      // Close, Esc or backdrop: the same as Back
    else if (!fromHistory) { S.view = ""; writeHash(); }
    if (opener && document.contains(opener)) opener.focus();
    opener = null;
  });
  window.addEventListener("popstate", function (ev) {
    var st = ev.state || {};
    if (typeof st.y !== "number") return;        // not a record step of ours: hashchange applies the fragment
    handledHash = location.hash;
    fromHistory = true;
    S.view = st.view || "";
    if (S.view) { renderRecord(S.view); if (!dlg.open) dlg.showModal(); }
    else if (dlg.open) dlg.close();
    fromHistory = false;
    window.scrollTo(0, st.y);
  });

  /* ---------- print: every filtered row with its evidence ---------- */
  window.addEventListener("beforeprint", function () { renderFindings(true); });
  window.addEventListener("afterprint", function () { renderFindings(); });

  /* ---------- start ---------- */
  function applyHash(scroll) {
    if (!readHash()) return;
    if (!/(^|&)page=/.test(location.hash.slice(1))) showOpenRow();
    syncControls();
    renderFindings();
    if (S.view) { renderRecord(S.view); if (!dlg.open) dlg.showModal(); }
    else if (dlg.open) dlg.close();
    if (scroll) {
      var first = S.open.length ? document.querySelector("tr.row.open") : null;
      (first || $("findings")).scrollIntoView({ block: first ? "center" : "start" });
    }
  }
  window.addEventListener("hashchange", function () {
    if (location.hash === handledHash) { handledHash = null; return; }   // a history step popstate handled
    applyHash(true);
  });
  var restored = location.hash.indexOf("=") >= 0;
  syncControls();
  if (restored) applyHash(true); else renderFindings();
  renderRecords();
  simpleTable(D.waived, "waived-body", "waived-pager", "waived", 7);
  simpleTable(D.resolved, "resolved-body", "resolved-pager", "resolved", 5);
  document.documentElement.classList.add("js");
}());
