#!/usr/bin/env bash
# The proof that ./dev sf-convert fails the build on a malformed metadata file: salesforce/ copied to a temporary
# directory, then one file broken per case, and .ci/sf_convert.sh must exit non-zero saying why; the unbroken copy
# must pass. Needs the CLI installed (./dev sf-convert first).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=0

# expect_failure NAME EXPECTED_TEXT COMMAND...: a fresh copy, COMMAND run in it, then the conversion must fail with EXPECTED_TEXT
expect_failure() {
  local name="$1" expected="$2"; shift 2
  local copy="$work/$name"
  mkdir -p "$copy"
  (cd "$root/salesforce" && tar --exclude=node_modules --exclude=.sf --exclude=.sfdx -cf - .) | tar -xf - -C "$copy"
  (cd "$copy/force-app/main/default" && "$@")
  if "$root/.ci/sf_convert.sh" "$copy" >"$work/$name.log" 2>&1; then
    echo "FAIL $name: converted and checked without an error" >&2; failed=1
  elif ! grep -qF -- "$expected" "$work/$name.log"; then
    echo "FAIL $name: failed, but without \"$expected\":" >&2; cat "$work/$name.log" >&2; failed=1
  else
    echo "ok   $name: refused ($(grep -m1 -F -- "$expected" "$work/$name.log" | cut -c1-150))"
  fi
}

mkdir -p "$work/unbroken"
(cd "$root/salesforce" && tar --exclude=node_modules --exclude=.sf --exclude=.sfdx -cf - .) | tar -xf - -C "$work/unbroken"
if "$root/.ci/sf_convert.sh" "$work/unbroken" >"$work/unbroken.log" 2>&1; then
  echo "ok   unbroken copy: converted and checked"
else
  echo "FAIL unbroken copy:" >&2; cat "$work/unbroken.log" >&2; failed=1
fi
# a field file that is not XML at all: the CLI cannot parse it when it merges the object
expect_failure not-xml "error parsing" \
  sh -c 'echo "not <xml" > objects/ERP_Order_Update__e/fields/Status__c.field-meta.xml'
# an unclosed tag: the CLI converts it (its parser is lenient), the check refuses it
expect_failure unclosed-tag "SFBridge_Integration.permissionset-meta.xml: not well-formed XML" \
  sed -i '0,/<\/description>/s#</description>#<description>#' permissionsets/SFBridge_Integration.permissionset-meta.xml
# a misspelt suffix: the CLI knows no such metadata type
expect_failure unknown-suffix "Could not infer a metadata type" \
  mv objects/Opportunity/fields/ERP_Order_Status__c.field-meta.xml objects/Opportunity/fields/ERP_Order_Status__c.feld-meta.xml
# a flow without its -meta.xml suffix: the CLI skips the file without a word, the check does not
expect_failure skipped-file "flows/SFBridge_Opportunity_Closed_Won_Id_Only.flow.xml: not a .flow-meta.xml file" \
  mv flows/SFBridge_Opportunity_Closed_Won_Id_Only.flow-meta.xml flows/SFBridge_Opportunity_Closed_Won_Id_Only.flow.xml
# the second package directory is converted and checked too
expect_failure private-sharing-unclosed-tag "Opportunity.sharingRules-meta.xml: not well-formed XML" \
  sed -i '0,/<\/label>/s#</label>#<label>#' ../../../private-sharing/main/default/sharingRules/Opportunity.sharingRules-meta.xml
exit "$failed"
