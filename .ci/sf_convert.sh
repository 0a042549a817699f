#!/usr/bin/env bash
# usage: .ci/sf_convert.sh [PROJECT_DIR]   (default salesforce/; ./dev sf-convert installs the CLI, then runs this)
# Converts a Salesforce DX project from source format to Metadata API format with the Salesforce CLI pinned in
# salesforce/package-lock.json, each package directory of sfdx-project.json into a temporary directory, then checks
# the result (.ci/check_sf_convert.py).
# Exits non-zero when the CLI cannot convert a file or the check finds a problem (docs/salesforce-setup.md).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
project="$(cd "${1:-$root/salesforce}" && pwd)"
sf="$root/salesforce/node_modules/.bin/sf"
[[ -x "$sf" ]] || { echo "no Salesforce CLI at $sf: ./dev sf-convert installs it (npm ci in salesforce/)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# No network and no state outside the run: no telemetry, no update or version checks, the CLI's config, cache and
# log files in the temporary directory instead of ~/.sf, ~/.sfdx and ~/.cache. SF_DISABLE_AUTOUPDATE is the name
# oclif's updater reads (without it a first run spawns `sf update --autoupdate`); SF_AUTOUPDATE_DISABLE the one
# Salesforce documents.
export SF_DISABLE_TELEMETRY=true SF_DISABLE_AUTOUPDATE=true SF_AUTOUPDATE_DISABLE=true SF_SKIP_NEW_VERSION_CHECK=true \
  SF_HIDE_RELEASE_NOTES=true \
  SF_HIDE_RELEASE_NOTES_FOOTER=true SF_DISABLE_LOG_FILE=true HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" \
  XDG_CACHE_HOME="$work/home/.cache" XDG_DATA_HOME="$work/home/.local/share"
mkdir -p "$work/home"
# each package directory on its own, as each is deployed on its own (force-app; private-sharing only to orgs whose
# Opportunity default is not Public Read/Write, docs/salesforce-setup.md)
package_dirs="$(python3 -c 'import json,sys; print("\n".join(d["path"] for d in json.load(open(sys.argv[1]))["packageDirectories"]))' "$project/sfdx-project.json")"
while IFS= read -r package_dir; do
  (cd "$project" && "$sf" project convert source --source-dir "$package_dir" --output-dir "$work/mdapi-$package_dir")
  python3 "$root/.ci/check_sf_convert.py" "$project/$package_dir" "$work/mdapi-$package_dir"
done <<< "$package_dirs"
