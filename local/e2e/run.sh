#!/usr/bin/env bash
# The status page's browser test (status-page.test.mjs): Debian's chromium, installed here if missing (as root,
# as CI runs), and playwright-core from package-lock.json. No browser is ever downloaded by Playwright.
# If chromium cannot be installed the test reports itself skipped and says why.
#   local/e2e/run.sh                       the test; the screenshot goes to local/target/e2e/status-page.png
#   SFBRIDGE_SCREENSHOT_TO=docs/status-page.png local/e2e/run.sh    the same, and the screenshot copied there
set -euo pipefail
cd "$(dirname "$0")"

if [[ ! -x /usr/bin/chromium ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    # a failed install leaves the test to say it was skipped, not passed
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; } >&2 \
      || echo "chromium could not be installed with apt-get: the browser test will be skipped" >&2
  else
    echo "chromium is not installed and this is not root with apt-get: the browser test will be skipped" >&2
  fi
fi
# Playwright must never fetch a browser of its own: the test drives /usr/bin/chromium
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
npm ci --no-audit --no-fund --loglevel=error
exec node --test --test-reporter=spec status-page.test.mjs
