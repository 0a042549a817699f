// The local stack's status page: polls /status.json every second and draws it. No library, nothing fetched
// from elsewhere; every value is written with textContent, never as HTML.
"use strict";

const POLL_MS = 1000;
const SVG = "http://www.w3.org/2000/svg";
const $ = (id) => document.getElementById(id);
const n = (value) => Number(value).toLocaleString("en-US");

function text(id, value) {
  $(id).textContent = value;
}

function percentile(sorted, p) {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function drawFlow(counts) {
  text("sent", n(counts.posts));
  text("sent-detail", `${n(counts.retries)} retries · ${n(counts.dropped)} given up · ${n(counts.scenarioMessages)} in the scenario`);
  text("acked", n(counts.acked));
  text("acked-detail", `of ${n(counts.scenarioMessages)} scenario messages`);
  const queues = Object.keys(counts.queueDepths).filter((q) => !counts.deadLetterQueues.includes(q));
  const deadLetters = counts.deadLetterQueues;
  [1, 2].forEach((i) => {
    const queue = queues[i - 1];
    text(`queue-${i}-name`, queue ?? "no queue");
    text(`queue-${i}-depth`, queue ? n(counts.queueDepths[queue]) : "–");
    const dlq = deadLetters[i - 1];
    text(`queue-${i}-dlq`, dlq ? `dead letters: ${n(counts.queueDepths[dlq])}` : "");
  });
  text("orders", n(counts.ordersInErp));
  text("orders-detail", `${n(counts.erpRequests)} order requests · ${n(counts.erpUnavailable)} answered 503`);
  text("applied", `${n(counts.callbacksApplied)} / ${n(counts.watched)}`);
  text("applied-detail", `${n(counts.salesforceApiCalls)} API calls · ${n(counts.salesforceRefusedCalls)} refused · ` +
    `${n(counts.tokenRequests)} token requests`);
}

function drawQueues(counts) {
  const body = $("queues").tBodies[0];
  body.replaceChildren(...Object.entries(counts.queueDepths).map(([queue, depth]) => {
    const row = document.createElement("tr");
    const name = document.createElement("th");
    name.textContent = queue;
    const value = document.createElement("td");
    value.textContent = n(depth);
    if (counts.deadLetterQueues.includes(queue) && depth > 0) value.className = "dead";
    row.append(name, value);
    return row;
  }));
}

function drawReconciliation(scenario) {
  const section = $("reconciliation");
  const r = scenario.reconciliation;
  if (!r) {
    section.dataset.state = scenario.state;
    text("reconciliation-verdict", scenario.state === "none" ? "no scenario run (--opportunities 0)"
      : `scenario of ${n(scenario.opportunities)} opportunities running…`);
    return;
  }
  section.dataset.state = r.passed ? "passed" : "failed";
  text("reconciliation-verdict", r.passed ? "PASSED" : "FAILED");
  text("rec-opportunities", n(r.opportunities));
  text("rec-with-order", n(r.withOrder));
  text("rec-orders-in-erp", n(r.ordersInErp));
  text("rec-callbacks-matching", n(r.callbacksMatching));
  $("rec-mismatches").replaceChildren(...items(r.mismatches.slice(0, 10)));
}

function items(texts) {
  return texts.map((t) => {
    const item = document.createElement("li");
    item.textContent = t;
    return item;
  });
}

// each job's item in the control table, and the scenario's reconciliation of it once made
function drawSyncJobs(jobs, reconciliations) {
  text("sync-jobs", jobs.length === 0
    ? "No sync run yet: the control table is empty until the schedule's first run."
    : `${jobs.length} sync job${jobs.length === 1 ? "" : "s"} in the control table`);
  $("sync-table").hidden = jobs.length === 0;
  const verdicts = new Map((reconciliations ?? []).map((r) => [r.syncJob, r]));
  $("sync-table").tBodies[0].replaceChildren(...jobs.map((job) => {
    const row = document.createElement("tr");
    const counts = Object.entries(job.counts).sort().map(([name, count]) => `${name} ${count}`).join(", ");
    const verdict = verdicts.get(job.job);
    [job.job, job.status + (job.reason ? `: ${job.reason}` : ""), job.watermark.replace("T", " "), counts || "–",
      verdict === undefined ? "–" : verdict.passed ? "PASSED" : "FAILED"].forEach((value) => {
      const cell = document.createElement("td");
      cell.textContent = value;
      row.append(cell);
    });
    row.dataset.state = verdict === undefined ? "" : verdict.passed ? "passed" : "failed";
    return row;
  }));
  $("sync-mismatches").replaceChildren(...items((reconciliations ?? []).flatMap((r) => r.mismatches.slice(0, 10))));
}

function svg(name, attributes, content) {
  const element = document.createElementNS(SVG, name);
  Object.entries(attributes).forEach(([key, value]) => element.setAttribute(key, value));
  if (content !== undefined) element.textContent = content;
  return element;
}

function drawLatency(latencies) {
  const chart = $("latency");
  // drawn at the size it is shown, so the text is not stretched
  const width = Math.max(300, Math.round(chart.getBoundingClientRect().width)), height = 220;
  const left = 56, right = 12, top = 12, bottom = 28;
  chart.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const values = latencies.map((l) => l.durationMs);
  const sorted = [...values].sort((a, b) => a - b);
  const max = Math.max(10, sorted[sorted.length - 1] ?? 0);
  const x = (i) => left + (values.length < 2 ? 0 : (i * (width - left - right)) / (values.length - 1));
  const y = (ms) => top + (height - top - bottom) * (1 - ms / max);
  const parts = [
    svg("line", {class: "axis", x1: left, y1: top, x2: left, y2: height - bottom}),
    svg("line", {class: "axis", x1: left, y1: height - bottom, x2: width - right, y2: height - bottom}),
    svg("line", {class: "axis", x1: left, y1: y(max / 2), x2: width - right, y2: y(max / 2)}),
    svg("text", {x: 4, y: top + 10}, `${max} ms`),
    svg("text", {x: 4, y: y(max / 2) + 4}, `${Math.round(max / 2)} ms`),
    svg("text", {x: 4, y: height - bottom}, "0 ms"),
    svg("text", {x: left, y: height - 8}, `the listener's last ${values.length} answers, oldest first (faults in red)`),
  ];
  if (values.length > 0) {
    parts.push(svg("polyline", {class: "line", points: values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ")}));
    latencies.forEach((l, i) => {
      parts.push(svg("circle", {class: l.outcome === "ack" ? "point" : "fault", cx: x(i).toFixed(1), cy: y(l.durationMs).toFixed(1), r: 3}));
    });
  }
  chart.replaceChildren(...parts);
  text("latency-summary", values.length === 0 ? "no outbound message yet"
    : `p50 ${percentile(sorted, 0.5)} ms · p90 ${percentile(sorted, 0.9)} ms · p99 ${percentile(sorted, 0.99)} ms · max ${max} ms`);
}

function drawErrors(errors, seen) {
  text("errors-seen", `${n(seen)} error lines so far${seen > errors.length ? `, the last ${errors.length}` : ""}`);
  $("errors").tBodies[0].replaceChildren(...errors.map((e) => {
    const row = document.createElement("tr");
    [e.timestamp?.replace("T", " ").replace(/(\.\d{3})\d*Z$/, "$1"), e.message, e.outcome, e.reason, e.error, e.recordId].forEach((value) => {
      const cell = document.createElement("td");
      cell.textContent = value ?? "";
      row.append(cell);
    });
    return row;
  }));
}

async function refresh() {
  try {
    const response = await fetch("/status.json", {cache: "no-store"});
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const status = await response.json();
    drawFlow(status.counts);
    drawQueues(status.counts);
    drawReconciliation(status.scenario);
    drawSyncJobs(status.syncJobs, status.scenario.syncReconciliations);
    drawLatency(status.latencies);
    drawErrors(status.errors, status.errorsSeen);
    $("connection").dataset.state = "live";
    text("connection", `live · ${new Date().toLocaleTimeString("en-GB")}`);
  } catch (e) {
    $("connection").dataset.state = "lost";
    text("connection", `the local stack does not answer (${e.message}); retrying`);
  } finally {
    setTimeout(refresh, POLL_MS);
  }
}

refresh();
