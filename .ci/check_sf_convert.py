#!/usr/bin/env python3
"""Checks what `sf project convert source` made of a Salesforce DX package directory (./dev sf-convert).

usage: check_sf_convert.py SOURCE_DIR METADATA_DIR

- Every XML file of the source is well-formed. The CLI's parser is lenient: it converts a file with an unclosed tag
  without a word (tried with @salesforce/cli 2.143.6), which the Metadata API would then refuse at deploy time.
- package.xml lists every component of the source under its metadata type, and nothing else, in the source's API
  version: a file the CLI skipped (a folder or suffix it does not know) would otherwise be missing from a deploy.

Exit 0 when all holds; 1 with one line per problem otherwise.
"""
import json
import os
import sys
import xml.etree.ElementTree as ET

NS = "{http://soap.sforce.com/2006/04/metadata}"

# A folder of a package directory's main/default: its metadata type and the suffix of its files. A folder not here is
# an error, so a new kind of metadata gets its line rather than going unchecked.
FOLDERS = {
    "externalClientApps": ("ExternalClientApplication", ".eca-meta.xml"),
    "externalCredentials": ("ExternalCredential", ".externalCredential-meta.xml"),
    "extlClntAppGlobalOauthSets": ("ExtlClntAppGlobalOauthSettings", ".ecaGlblOauth-meta.xml"),
    "extlClntAppOauthPolicies": ("ExtlClntAppOauthConfigurablePolicies", ".ecaOauthPlcy-meta.xml"),
    "extlClntAppOauthSettings": ("ExtlClntAppOauthSettings", ".ecaOauth-meta.xml"),
    "flows": ("Flow", ".flow-meta.xml"),
    "groups": ("Group", ".group-meta.xml"),
    "namedCredentials": ("NamedCredential", ".namedCredential-meta.xml"),
    "permissionsets": ("PermissionSet", ".permissionset-meta.xml"),
    "sharingRules": ("SharingRules", ".sharingRules-meta.xml"),
    "workflows": ("Workflow", ".workflow-meta.xml"),
}
# objects/<Object>/<child folder>/<name><suffix>: the children an object's folder may hold
OBJECT_CHILDREN = {
    "fields": ("CustomField", ".field-meta.xml"),
    "validationRules": ("ValidationRule", ".validationRule-meta.xml"),
}
# what an object's Workflow or SharingRules file decomposes into in package.xml: its element -> the child's type
DECOMPOSED_CHILDREN = {
    "Workflow": {"outboundMessages": "WorkflowOutboundMessage", "rules": "WorkflowRule",
                 "fieldUpdates": "WorkflowFieldUpdate", "alerts": "WorkflowAlert", "tasks": "WorkflowTask"},
    "SharingRules": {"sharingCriteriaRules": "SharingCriteriaRule", "sharingOwnerRules": "SharingOwnerRule",
                     "sharingGuestRules": "SharingGuestRule", "sharingTerritoryRules": "SharingTerritoryRule"},
}


def expected_components(source, problems):
    """{type: {member}} the source holds, by its layout; malformed XML files are added to problems."""
    expected = {}

    def add(kind, member):
        expected.setdefault(kind, set()).add(member)

    def parse(path):
        try:
            return ET.parse(path).getroot()
        except ET.ParseError as e:
            problems.append(f"{os.path.relpath(path, source)}: not well-formed XML: {e}")
            return None

    for directory, _, files in os.walk(source):
        for name in files:
            if name.endswith(".xml"):
                parse(os.path.join(directory, name))

    default = os.path.join(source, "main", "default")
    for folder in sorted(os.listdir(default)):
        path = os.path.join(default, folder)
        if folder == "lwc":
            for bundle in sorted(os.listdir(path)):
                if os.path.isfile(os.path.join(path, bundle, bundle + ".js-meta.xml")):
                    add("LightningComponentBundle", bundle)
                else:
                    problems.append(f"lwc/{bundle}: no {bundle}.js-meta.xml")
        elif folder == "objects":
            for sobject in sorted(os.listdir(path)):
                for entry in sorted(os.listdir(os.path.join(path, sobject))):
                    if entry == sobject + ".object-meta.xml":
                        add("CustomObject", sobject)
                    elif entry in OBJECT_CHILDREN:
                        kind, suffix = OBJECT_CHILDREN[entry]
                        for child in sorted(os.listdir(os.path.join(path, sobject, entry))):
                            if child.endswith(suffix):
                                add(kind, sobject + "." + child[:-len(suffix)])
                            else:
                                problems.append(f"objects/{sobject}/{entry}/{child}: not a {suffix} file")
                    else:
                        problems.append(f"objects/{sobject}/{entry}: not a folder this check knows (add it to OBJECT_CHILDREN)")
        elif folder in FOLDERS:
            kind, suffix = FOLDERS[folder]
            for entry in sorted(os.listdir(path)):
                if not entry.endswith(suffix):
                    problems.append(f"{folder}/{entry}: not a {suffix} file")
                    continue
                member = entry[:-len(suffix)]
                add(kind, member)
                if kind in DECOMPOSED_CHILDREN:
                    root = parse(os.path.join(path, entry))
                    for child in [] if root is None else root:
                        child_kind = DECOMPOSED_CHILDREN[kind].get(child.tag.replace(NS, ""))
                        if child_kind:
                            add(child_kind, member + "." + child.findtext(NS + "fullName"))
        else:
            problems.append(f"{folder}: a folder this check does not know (add its metadata type to FOLDERS)")
    return expected


def main(source, converted):
    problems = []
    expected = expected_components(source, problems)
    package = ET.parse(os.path.join(converted, "package.xml")).getroot()
    listed = {}
    for types in package.findall(NS + "types"):
        listed[types.findtext(NS + "name")] = {member.text for member in types.findall(NS + "members")}
    for kind in sorted(set(expected) | set(listed)):
        for member in sorted(expected.get(kind, set()) - listed.get(kind, set())):
            problems.append(f"package.xml does not list {kind} {member}")
        for member in sorted(listed.get(kind, set()) - expected.get(kind, set())):
            problems.append(f"package.xml lists {kind} {member}, which the source does not hold")
    project = os.path.join(source, os.pardir, "sfdx-project.json")
    if os.path.isfile(project):
        api_version = json.load(open(project))["sourceApiVersion"]
        if package.findtext(NS + "version") != api_version:
            problems.append(f"package.xml's version is {package.findtext(NS + 'version')}, not sfdx-project.json's {api_version}")
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        count = sum(len(members) for members in listed.values())
        print(f"package.xml lists all {count} components of {len(listed)} types in the source; every XML file is well-formed")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
