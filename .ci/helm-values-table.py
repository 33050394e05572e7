#!/usr/bin/env python3
"""The values table of a chart's README, generated from values.yaml the way helm-docs does it.

    helm-values-table.py VALUES_JSON VALUES_YAML README [--write]

VALUES_JSON is values.yaml as helm itself parsed it (.ci/helm.sh renders `toJson .Values`), so the
types and defaults are helm's; VALUES_YAML gives the order of the keys and their `# --`
descriptions (helm-docs' convention: a `# -- text` comment, continued by the comment lines after
it, right above the key). The table goes between `<!-- values:start -->` and
`<!-- values:end -->` in README. Without --write, exits 1 and prints a diff when the committed
README differs from the generated one; with --write, rewrites README.

Rows: every leaf key (scalars, lists, empty maps) and every map that carries its own description,
which heads its section (no default: its keys follow). Keys inside list items are not listed
(their list is, with its default). A multi-line string's default is shown as "see values.yaml".
Every listed key must have a `# --` description.
"""
import difflib
import json
import re
import sys

START, END = "<!-- values:start -->", "<!-- values:end -->"
KEY = re.compile(r'^( *)([A-Za-z0-9_./-]+|"[^"]+"):(?:[ \t]+(.*))?$')


def scan(lines):
    """(path, description) of every mapping key outside lists and block scalars, in file order."""
    stack = []        # (indent, key) of the enclosing mapping keys
    skip = None       # (indent, allow_items): lines deeper than indent belong to a block scalar or
                      # a list; with allow_items, "- " lines at that indent too (a list at its key's indent)
    described = None  # the pending `# --` description lines
    for line in lines:
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" "))
        if skip is not None:
            if not stripped or indent > skip[0] or (skip[1] and indent == skip[0] and stripped.startswith("- ")):
                continue
            skip = None
        if not stripped:
            described = None
            continue
        if stripped.startswith("#"):
            text = stripped[1:].strip()
            if text.startswith("-- ") or text == "--":
                described = [text[2:].strip()]
            elif described is not None:
                described.append(text)
            continue
        if stripped.startswith("- "):
            # The items of the list the last key holds: not listed, their list is.
            skip = (stack[-1][0] if stack else -1, True)
            described = None
            continue
        m = KEY.match(line)
        if not m:
            raise SystemExit(f"values.yaml: cannot read this line: {line!r}")
        key = m.group(2).strip('"')
        while stack and stack[-1][0] >= indent:
            stack.pop()
        yield [k for _, k in stack] + [key], (" ".join(d for d in described if d) if described else None)
        described = None
        rest = (m.group(3) or "").split(" #")[0].strip()
        if rest == "":
            stack.append((indent, key))
        elif re.match(r"^[|>][-+0-9]*$", rest):
            skip = (indent, False)


def type_of(value):
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    return "string"


def default_of(value):
    if isinstance(value, str) and "\n" in value:
        return "see values.yaml"
    if value is None:
        return "`nil`"
    return "`" + json.dumps(value, separators=(",", ":")) + "`"


def cell(text):
    """Text for a table cell: pipes escaped, and <...> outside code spans kept from being read as HTML."""
    parts = text.replace("|", "\\|").split("`")
    for i in range(0, len(parts), 2):
        parts[i] = parts[i].replace("<", "&lt;").replace(">", "&gt;")
    return "`".join(parts)


def table(values, lines):
    rows = ["| Key | Type | Default | Description |", "|-----|------|---------|-------------|"]
    missing = []
    for path, description in scan(lines):
        node = values
        for key in path:
            if not isinstance(node, dict) or key not in node:
                node = KeyError
                break
            node = node[key]
        if node is KeyError:
            raise SystemExit(f"values.yaml: {'.'.join(path)} is not in helm's parsed values")
        heads_section = isinstance(node, dict) and node
        if heads_section and description is None:
            continue
        if description is None:
            missing.append(".".join(path))
            continue
        default = "" if heads_section else default_of(node)
        rows.append(f"| {cell('.'.join(path))} | {type_of(node)} | {cell(default)} | {cell(description)} |")
    if missing:
        raise SystemExit("values.yaml: keys without a `# --` description: " + ", ".join(missing))
    return "\n".join(rows)


def main(argv):
    if len(argv) not in (4, 5) or (len(argv) == 5 and argv[4] != "--write"):
        raise SystemExit(__doc__)
    values = json.load(open(argv[1]))
    lines = open(argv[2]).read().splitlines()
    readme_path = argv[3]
    readme = open(readme_path).read()
    if START not in readme or END not in readme:
        raise SystemExit(f"{readme_path}: no {START} ... {END} section for the values table")
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    generated = f"{head}{START}\n{table(values, lines)}\n{END}{tail}"
    if len(argv) == 5:
        if generated != readme:
            open(readme_path, "w").write(generated)
        return 0
    if generated != readme:
        sys.stdout.writelines(difflib.unified_diff(
            readme.splitlines(True), generated.splitlines(True), readme_path + " (committed)", readme_path + " (generated)"))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
