/* accord's web pages: what happens when you click, drag or type.
 *
 * Plain JavaScript, no framework, no request outside the app. Every number
 * shown comes from the JSON API under /api (documented at /openapi.json); this
 * file only sends what the controls say and draws what comes back. Text from
 * the server is always inserted as text, never as HTML.
 */
"use strict";

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));
const PLOT_CONFIG = {displaylogo: false, responsive: true};

/* An element with attributes and children (strings become text nodes). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

/* Call the API; resolves to the JSON answer, rejects with the API's problems. */
async function api(method, url, body) {
  const init = {method, headers: {Accept: "application/json"}};
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (err) {
    throw Object.assign(new Error("the server does not answer"),
                        {errors: [{message: "the server does not answer", text: String(err)}]});
  }
  let data = null;
  try { data = await response.json(); } catch (err) { data = null; }
  if (!response.ok) {
    const errors = (data && data.errors) ||
      [{message: `HTTP ${response.status}`, text: `HTTP ${response.status}`}];
    throw Object.assign(new Error(errors.map((e) => e.message).join("; ")),
                        {status: response.status, errors});
  }
  return data;
}

/* Show the API's problems in a box, each as the command line prints it. */
function showErrors(box, err) {
  const errors = (err && err.errors) || [{message: String(err), text: String(err)}];
  box.replaceChildren(...errors.map((e) => el("pre", {class: "problem"}, e.text || e.message)));
  box.hidden = false;
}

function clearErrors(box) {
  box.replaceChildren();
  box.hidden = true;
}

const fixed = (x, digits = 3) => (x === null || x === undefined ? "–" : Number(x).toFixed(digits));
const signed = (x) => (x === null || x === undefined ? "–" : (x >= 0 ? "+" : "") + x.toFixed(3));
const percent = (x) => (x === null || x === undefined ? "–" : (100 * x).toFixed(1) + "%");

function plot(id, figure) {
  if (typeof Plotly === "undefined") return;
  const layout = Object.assign({}, figure.layout);
  if (layout.yaxis) layout.yaxis = Object.assign({automargin: true}, layout.yaxis);
  Plotly.react(id, figure.data, layout, PLOT_CONFIG);
}

/* ------------------------------------------------------------------ index */
function initIndex() {
  const form = $("#upload-form");
  const box = $("#upload-errors");
  const status = $("#upload-status");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData();
    const file = $("#upload-file").files[0];
    if (file) data.append("file", file, file.name);
    else data.append("text", $("#upload-text").value);
    status.textContent = "checking…";
    clearErrors(box);
    try {
      const served = await api("POST", "/api/scenarios", data);
      status.textContent = "opening…";
      window.location.assign(`/scenarios/${encodeURIComponent(served.id)}`);
    } catch (err) {
      status.textContent = "";
      showErrors(box, err);
    }
  });
}

/* --------------------------------------------------------------- scenario */
function initScenario(sid) {
  const base = `/api/scenarios/${encodeURIComponent(sid)}`;
  const errorBox = $("#request-errors");
  let detail = null;
  let sequence = 0;
  let timer = null;
  let nashKey = null;
  let nashDeal = null;
  let nearestDeal = null;

  /* The numbers changed from the scenario's: the number fields hold the truth. */
  function overrides() {
    const out = {};
    for (const field of $$("input[data-param-number]")) {
      const slider = $(`input[data-param="${CSS.escape(field.dataset.paramNumber)}"]`);
      if (field.value.trim() === "") continue;
      const value = Number(field.value);
      const original = Number(slider.dataset.original);
      if (!Number.isFinite(value) || Math.abs(value - original) > 1e-12) {
        out[field.dataset.paramNumber] = Number.isFinite(value) ? value : field.value;
      }
    }
    return out;
  }

  /* The composed deal: an open issue (empty choice) stays at its status quo. */
  function deal() {
    const out = {};
    for (const select of $$("select[data-issue]")) out[select.dataset.issue] = select.value || null;
    return out;
  }

  /* Set the composer from issue -> option (issues not named are left open). */
  function compose(choices) {
    for (const select of $$("select[data-issue]")) {
      select.value = choices[select.dataset.issue] || "";
    }
    schedule();
  }

  /* A full deal table as composer choices: status-quo entries stay open. */
  function choicesOf(table) {
    const out = {};
    for (const entry of table) if (!entry.status_quo) out[entry.issue] = entry.option;
    return out;
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 40);
  }

  async function refresh() {
    const mine = ++sequence;
    const changed = overrides();
    const count = Object.keys(changed).length;
    $("#override-count").textContent = count ? `${count} number(s) changed` : "";
    $("#verdict").dataset.state = "pending";
    let evaluation;
    try {
      evaluation = await api("POST", `${base}/evaluate`, {deal: deal(), overrides: changed});
    } catch (err) {
      if (mine === sequence) {
        showErrors(errorBox, err);
        $("#verdict").dataset.state = "error";
        $("#verdict").textContent = "The numbers or the deal are not valid: see above.";
      }
      return;
    }
    if (mine !== sequence) return;
    clearErrors(errorBox);
    renderEvaluation(evaluation);
    const key = JSON.stringify(changed);
    if (key !== nashKey) {
      nashKey = key;
      try {
        const found = await api("POST", `${base}/nash`, {overrides: changed});
        if (mine === sequence || JSON.stringify(overrides()) === key) renderNash(found);
      } catch (err) {
        nashKey = null;
      }
    }
  }

  function renderEvaluation(ev) {
    const verdict = $("#verdict");
    const names = Object.fromEntries(detail.actors.map((a) => [a.id, a.name]));
    if (ev.accepted) {
      verdict.textContent = "Agreement: every party with a veto accepts.";
      verdict.dataset.state = "agreement";
    } else {
      const who = ev.rejecters.map((a) => names[a] || a).join(", ");
      const broken = ev.broken_constraints.length ?
        ` It breaks ${ev.broken_constraints.join(", ")}.` : "";
      verdict.textContent = `Not an agreement${who ? ": rejected by " + who : ""}.${broken}`;
      verdict.dataset.state = "rejected";
    }
    $("#deal-summary").textContent = `Deal: ${ev.summary}`;
    for (const row of $$("#actor-results tr[data-actor]")) {
      const actor = row.dataset.actor;
      const accepts = ev.accepts[actor];
      $(".utility", row).textContent = fixed(ev.utilities[actor]);
      $(".reservation", row).textContent = fixed(ev.reservations[actor]);
      $(".margin", row).textContent = signed(ev.margins[actor]);
      const cell = $(".verdict", row);
      cell.textContent = accepts ? "accepts" : "rejects";
      cell.className = "verdict " + (accepts ? "yes" : "no");
      row.dataset.verdict = accepts ? "accepts" : "rejects";
    }
    const nearest = $("#nearest");
    nearestDeal = null;
    if (ev.accepted) {
      nearest.replaceChildren(el("p", {}, "The proposal is an agreement as it stands."));
    } else if (!ev.nearest_searched) {
      nearest.replaceChildren(el("p", {class: "no"},
        "The nearest agreement was not found in time: this deal space is too large to search " +
        "while you wait (the command line's 'accord evaluate' searches to the end)."));
    } else if (!ev.nearest_acceptable) {
      nearest.replaceChildren(el("p", {class: "no"},
        "No agreement exists under these numbers: no deal is accepted by every party with a veto."));
    } else {
      const n = ev.nearest_acceptable;
      nearestDeal = choicesOf(n.deal);
      const items = n.changes.map((c) => el("li", {},
        `${c.issue}: ${c.from} → ${c.to} (` + Object.entries(c.effects)
          .filter(([a, v]) => ev.veto.includes(a) && Math.abs(v) >= 0.0005)
          .map(([a, v]) => `${a} ${signed(v)}`).join(", ") + ")"));
      const button = el("button", {type: "button", id: "nearest-compose"}, "Compose it");
      button.addEventListener("click", () => compose(nearestDeal));
      nearest.replaceChildren(
        el("p", {}, `${n.distance} change(s) away (${n.equally_near_agreements} agreement(s) ` +
                    `that near); the best by Nash product: ${n.summary}`),
        el("ul", {id: "nearest-changes"}, ...items), button);
    }
    $("#explanation").replaceChildren(...ev.explanation.map((line) => el("li", {}, line)));
    const modelled = detail.actors.filter((a) => a.modelled);
    plot("fig-utilities", {
      data: [
        {type: "bar", name: "utility", x: modelled.map((a) => a.name),
         y: modelled.map((a) => ev.utilities[a.id]),
         marker: {color: modelled.map((a) => (ev.accepts[a.id] ? "#0072B2" : "#D55E00"))},
         hovertemplate: "%{x}: %{y:.3f}<extra>utility</extra>"},
        {type: "scatter", mode: "markers", name: "reservation value",
         x: modelled.map((a) => a.name), y: modelled.map((a) => ev.reservations[a.id]),
         marker: {symbol: "line-ew-open", size: 36, color: "#000", line: {width: 2}},
         hovertemplate: "%{x}: reservation %{y:.3f}<extra></extra>"},
      ],
      layout: {height: 260, margin: {l: 40, r: 10, t: 10, b: 40}, template: null,
               yaxis: {range: [0, 1], title: {text: "utility"}}, showlegend: true,
               legend: {orientation: "h", y: 1.15}, paper_bgcolor: "white",
               plot_bgcolor: "#fafafa"},
    });
  }

  function renderNash(found) {
    const box = $("#nash");
    const button = $("#nash-compose");
    if (!found.exists) {
      nashDeal = null;
      button.disabled = true;
      box.replaceChildren(el("p", {class: "no"}, "No agreement exists: there is no Nash solution."));
      return;
    }
    nashDeal = choicesOf(found.outcome.deal);
    button.disabled = false;
    const gains = Object.entries(found.outcome.utilities)
      .map(([a, u]) => `${a} ${fixed(u)}`).join(", ");
    box.replaceChildren(el("p", {}, `Deal: ${found.summary}`),
                        el("p", {class: "small"}, `Utilities: ${gains}; Nash product ` +
                                                  `${found.nash_product.toExponential(3)}.`));
  }

  /* ---- controls */
  for (const slider of $$("input[data-param]")) {
    const field = $(`input[data-param-number="${CSS.escape(slider.dataset.param)}"]`);
    slider.addEventListener("input", () => { field.value = slider.value; schedule(); });
    field.addEventListener("input", () => {
      if (field.value.trim() !== "" && Number.isFinite(Number(field.value))) {
        slider.value = field.value;
      }
      schedule();
    });
  }
  for (const select of $$("select[data-issue]")) select.addEventListener("change", schedule);
  $("#proposal-pick").addEventListener("change", (event) => {
    const chosen = detail.proposals.find((p) => p.id === event.target.value);
    compose(chosen ? chosen.deal : {});
  });
  $("#composer-clear").addEventListener("click", () => {
    $("#proposal-pick").value = "";
    compose({});
  });
  $("#reset-params").addEventListener("click", () => {
    for (const slider of $$("input[data-param]")) {
      slider.value = slider.dataset.original;
      $(`input[data-param-number="${CSS.escape(slider.dataset.param)}"]`).value =
        slider.dataset.original;
    }
    schedule();
  });
  $("#nash-compose").addEventListener("click", () => { if (nashDeal) compose(nashDeal); });

  /* ---- frontier */
  $("#frontier-draw").addEventListener("click", async () => {
    const status = $("#frontier-status");
    const button = $("#frontier-draw");
    button.disabled = true;
    status.textContent = "surveying every deal…";
    try {
      const found = await api("POST", `${base}/frontier`, {overrides: overrides()});
      plot("fig-frontier", found.figure);
      status.textContent = `${found.agreements.toLocaleString()} agreements among ` +
        `${found.feasible.toLocaleString()} feasible deals (of ${found.deals.toLocaleString()}).`;
    } catch (err) {
      status.textContent = "";
      showErrors(errorBox, err);
    } finally {
      button.disabled = false;
    }
  });

  /* ---- Monte Carlo */
  const mcForm = $("#mc-form");
  if (mcForm) {
    mcForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const run = $("#mc-run");
      const status = $("#mc-status");
      const progress = $("#mc-progress");
      const body = {
        draws: Number($("#mc-draws").value), seed: Number($("#mc-seed").value),
        overrides: overrides(),
        proposals: $$("input[data-mc-proposal]").filter((c) => c.checked)
          .map((c) => c.dataset.mcProposal),
        deal: $("#mc-composed").checked ? deal() : null,
      };
      run.disabled = true;
      progress.value = 0;
      status.textContent = "starting…";
      $("#mc-result").replaceChildren();
      try {
        let job = await api("POST", `${base}/montecarlo`, body);
        while (job.status === "queued" || job.status === "running") {
          progress.max = job.total || 1;
          progress.value = job.done;
          status.textContent = `${job.done.toLocaleString()} of ${job.total.toLocaleString()} draws`;
          await new Promise((resolve) => setTimeout(resolve, 200));
          job = await api("GET", `/api/jobs/${encodeURIComponent(job.id)}`);
        }
        progress.max = job.total || 1;
        progress.value = job.done;
        if (job.status === "failed") {
          status.textContent = "failed";
          showErrors(errorBox, {errors: job.errors});
        } else {
          status.textContent = `done: ${job.done.toLocaleString()} draws in ` +
                               `${job.seconds.toFixed(1)} s`;
          renderMonteCarlo(job.result);
        }
      } catch (err) {
        status.textContent = "";
        showErrors(errorBox, err);
      } finally {
        run.disabled = false;
      }
    });
  }

  function renderMonteCarlo(result) {
    const a = result.agreement_exists;
    const rows = result.proposals.map((p) => el("tr", {dataset: {mcRow: p.id}},
      el("td", {}, p.title || p.id), el("td", {class: "num"}, percent(p.accepted.p)),
      el("td", {class: "num"}, `${percent(p.accepted.low)} – ${percent(p.accepted.high)}`)));
    const blocking = Object.entries(result.blocking)
      .map(([actor, e]) => `${actor} ${percent(e.p)}`).join(", ");
    const nash = result.nash_deals.slice(0, 5).map((d) => el("li", {},
      `${percent(d.frequency.p)}: ${d.summary}`));
    $("#mc-result").replaceChildren(
      el("p", {id: "mc-agreement"}, `Some agreement exists in ${percent(a.p)} of the draws ` +
         `(95% interval ${percent(a.low)} – ${percent(a.high)}, ${a.draws.toLocaleString()} draws).`),
      rows.length ? el("table", {},
        el("thead", {}, el("tr", {}, el("th", {}, "proposal"), el("th", {class: "num"}, "accepted"),
                                    el("th", {class: "num"}, "95% interval"))),
        el("tbody", {}, ...rows)) : null,
      el("p", {class: "small"}, `Who alone blocks: ${blocking || "nobody"}.`),
      nash.length ? el("div", {class: "small"}, "Most frequent Nash deals:", el("ul", {}, ...nash))
        : null);
    plot("fig-probability", result.figures.probability);
    if (result.figures.tornado) plot("fig-tornado", result.figures.tornado);
    else if (typeof Plotly !== "undefined") Plotly.purge("fig-tornado");
  }

  /* ---- evidence */
  let evidenceSequence = 0;
  async function loadEvidence() {
    const mine = ++evidenceSequence;
    const params = new URLSearchParams();
    for (const field of $$("#ev-filters select, #ev-filters input")) {
      if (field.value) params.set(field.name, field.value);
    }
    let found;
    try {
      found = await api("GET", `${base}/evidence?${params}`);
    } catch (err) {
      if (mine === evidenceSequence) showErrors(errorBox, err);
      return;
    }
    if (mine !== evidenceSequence) return;
    clearErrors(errorBox);
    const sources = $("#ev-source");
    const known = new Set($$("option", sources).map((o) => o.value));
    for (const source of found.facets.sources) {
      if (!known.has(source)) sources.append(el("option", {value: source}, source));
    }
    $("#ev-origin").textContent = found.origin === "database" ?
      "Statements extracted from the evidence database given at start." :
      "The quotes the scenario gives for its numbers (start the server with --db for the " +
      "statements of an evidence database).";
    $("#ev-count").textContent = `${found.count} of ${found.total} shown` +
      (found.count > found.items.length ? ` (the first ${found.items.length})` : "");
    $("#ev-rows").replaceChildren(...found.items.map((r) => el("tr", {dataset: {act: r.act}},
      el("td", {}, r.date || "–"), el("td", {}, r.actor), el("td", {}, r.act),
      el("td", {}, r.issues.join(", ") + (r.option ? ` (${r.option})` : "")),
      el("td", {title: [r.source_title, r.outlet].filter(Boolean).join(", ")}, r.source),
      el("td", {}, el("q", {}, r.text),
         r.speaker ? el("span", {class: "note small"}, ` — ${r.speaker}`) : null))));
  }
  for (const field of $$("#ev-filters select, #ev-filters input")) {
    field.addEventListener("change", loadEvidence);
  }

  /* ---- start */
  api("GET", base).then((found) => {
    detail = found;
    refresh();
    loadEvidence();
  }).catch((err) => showErrors(errorBox, err));
}

document.addEventListener("DOMContentLoaded", () => {
  const page = document.body.dataset.page;
  if (page === "index") initIndex();
  if (page === "scenario") initScenario(document.body.dataset.scenario);
});
