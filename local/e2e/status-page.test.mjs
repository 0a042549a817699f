// The local stack's status page in a real browser: `./dev up` runs a small scenario and keeps serving; headless
// Chromium (Debian's, never a downloaded one) opens the page the banner names, waits until it shows the
// reconciliation, and checks its totals against the ones `./dev up` printed. A screenshot goes to
// local/target/e2e/status-page.png (and to docs/status-page.png with SFBRIDGE_SCREENSHOT_TO=docs/status-page.png).
// Without /usr/bin/chromium the test is reported skipped, saying why.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, copyFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";

const CHROMIUM = "/usr/bin/chromium";
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SCREENSHOT = join(ROOT, "local/target/e2e/status-page.png");
const OPPORTUNITIES = Number(process.env.SFBRIDGE_E2E_OPPORTUNITIES ?? 120);
// the build `./dev up` starts with, the stack's start and the scenario, on two busy cores
const STACK_DEADLINE_MS = 8 * 60_000;
const PAGE_DEADLINE_MS = 60_000;

/** `./dev up` in a process group of its own, so the Maven build it starts with is stopped with it. */
function startStack() {
  const child = spawn("./dev", ["up", "--port", "0", "--status-port", "0", "--sqs-port", "0", "--dynamodb-port", "0",
    "--opportunities", String(OPPORTUNITIES), "--erp-outages", "2", "--log-file", "local/target/e2e/dev-up.log"],
    { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => { output += chunk; });
  child.stderr.on("data", (chunk) => { output += chunk; });
  const exited = new Promise((done) => child.on("exit", (code, signal) => done({ code, signal })));
  return { child, exited, output: () => output };
}

/** Resolves with the output once it contains `marker`; rejects when the process exits first or the deadline passes. */
function waitForOutput(stack, marker, deadlineMs) {
  return new Promise((done, fail) => {
    const check = () => {
      if (stack.output().includes(marker)) {
        finish();
        done(stack.output());
      }
    };
    const timer = setTimeout(() => { finish(); fail(new Error(`no "${marker}" within ${deadlineMs} ms:\n${stack.output()}`)); },
      deadlineMs);
    const finish = () => { clearTimeout(timer); stack.child.stdout.off("data", check); };
    stack.child.stdout.on("data", check);
    stack.exited.then(({ code, signal }) => {
      finish();
      fail(new Error(`./dev up exited (${code ?? signal}) before "${marker}":\n${stack.output()}`));
    });
    check();
  });
}

/** SIGTERM to the stack's process group (its shutdown hook stops the emulators), SIGKILL if it outlives 20 s. */
async function stopStack(stack) {
  if (stack.child.exitCode !== null || stack.child.signalCode !== null) return;
  process.kill(-stack.child.pid, "SIGTERM");
  const killer = setTimeout(() => process.kill(-stack.child.pid, "SIGKILL"), 20_000);
  await stack.exited;
  clearTimeout(killer);
}

/** The totals the reconciliation printed: its verdict and its four counts. */
function printedReconciliation(output) {
  const number = (label) => {
    const match = output.match(new RegExp(`^  ${label} +(\\d+)$`, "m"));
    assert.ok(match, `the reconciliation printed no "${label}":\n${output}`);
    return Number(match[1]);
  };
  return {
    verdict: output.match(/^Reconciliation: (PASSED|FAILED)$/m)?.[1],
    opportunities: number("Closed Won opportunities"),
    withOrder: number("with an ERP order"),
    ordersInErp: number("orders in the ERP"),
    callbacksMatching: number("order number and status in the org"),
  };
}

test("the status page shows the reconciled totals `./dev up` printed", async (t) => {
  if (!existsSync(CHROMIUM)) {
    t.skip(`SKIPPED: ${CHROMIUM} is not installed and could not be installed (apt-get install chromium); ` +
      "the status page was not tested in a browser");
    return;
  }
  const { chromium } = await import("playwright-core");
  const stack = startStack();
  const profile = mkdtempSync(join(tmpdir(), "sfbridge-e2e-chromium-"));
  let browser;
  try {
    const output = await waitForOutput(stack, "Still serving", STACK_DEADLINE_MS);
    const url = output.match(/^ {2}status page +(http:\/\/127\.0\.0\.1:\d+\/)/m)?.[1];
    assert.ok(url, `./dev up printed no status page URL:\n${output}`);
    const printed = printedReconciliation(output);
    assert.equal(printed.verdict, "PASSED", output);
    assert.equal(printed.opportunities, OPPORTUNITIES);

    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 1000 },
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    // the page loads nothing but its own origin: no CDN, no font service
    const elsewhere = [];
    await browser.route("**/*", (route) =>
      route.request().url().startsWith(url) ? route.continue() : (elsewhere.push(route.request().url()), route.abort()));
    const page = browser.pages()[0] ?? await browser.newPage();
    await page.goto(url);

    // the page polls the stack: wait, with a deadline, until it has drawn the reconciliation
    await page.waitForFunction(() => ["passed", "failed"].includes(document.getElementById("reconciliation").dataset.state),
      null, { timeout: PAGE_DEADLINE_MS, polling: 200 });
    const shown = await page.evaluate(() => {
      const number = (id) => Number(document.getElementById(id).textContent.replaceAll(",", ""));
      return {
        verdict: document.getElementById("reconciliation-verdict").textContent,
        opportunities: number("rec-opportunities"),
        withOrder: number("rec-with-order"),
        ordersInErp: number("rec-orders-in-erp"),
        callbacksMatching: number("rec-callbacks-matching"),
        ordersInFlow: number("orders"),
        latencySummary: document.getElementById("latency-summary").textContent,
        latencyPoints: document.querySelectorAll("#latency circle").length,
        errorRows: document.querySelectorAll("#errors tbody tr").length,
        syncJobs: [...document.querySelectorAll("#sync-table tbody tr")].map((row) =>
          [...row.cells].map((cell) => cell.textContent)),
        connection: document.getElementById("connection").dataset.state,
      };
    });
    assert.deepEqual({ verdict: shown.verdict, opportunities: shown.opportunities, withOrder: shown.withOrder,
      ordersInErp: shown.ordersInErp, callbacksMatching: shown.callbacksMatching }, printed);
    assert.equal(shown.ordersInFlow, printed.ordersInErp, "the flow's ERP stage counts what the reconciliation counted");
    assert.equal(shown.connection, "live");
    assert.ok(shown.latencyPoints > 0 && /p50 \d+ ms/.test(shown.latencySummary), JSON.stringify(shown));
    // the ERP outages answered 503: the worker's RETRY_LATER lines are among the last errors
    assert.ok(shown.errorRows > 0, "the ERP's outages show as errors");
    // the batch sync's jobs from the control table: their runs succeeded and the scenario reconciled both directions
    assert.equal(shown.syncJobs.length, 2, JSON.stringify(shown.syncJobs));
    assert.deepEqual(shown.syncJobs.map(([job, , , , reconciled]) => ({ job, reconciled })).sort((a, b) => a.job.localeCompare(b.job)),
      [{ job: "erp-invoices-to-salesforce", reconciled: "PASSED" }, { job: "salesforce-accounts-to-erp", reconciled: "PASSED" }]);
    // the schedule goes on while the stack serves: the page may catch a run under way
    for (const [, state] of shown.syncJobs) {
      assert.match(state, /^(SUCCEEDED|RUNNING)$/);
    }
    assert.deepEqual(elsewhere, []);

    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    if (process.env.SFBRIDGE_SCREENSHOT_TO) {
      copyFileSync(SCREENSHOT, resolve(ROOT, process.env.SFBRIDGE_SCREENSHOT_TO));
    }
    t.diagnostic(`screenshot: ${SCREENSHOT}`);
  } finally {
    await browser?.close();
    await stopStack(stack);
    rmSync(profile, { recursive: true, force: true });
  }
});
