#!/usr/bin/env python3
"""Reads a PDF's tag tree through qpdf's JSON (qpdf --json, version 2), not
through bifolio, and prints facts about it for the tests, one a line:

  catalog KEY VALUE        /Lang, /MarkInfo's /Marked, /ViewerPreferences'
                           /DisplayDocTitle, /Metadata present
  page N tabs VALUE        each page's /Tabs
  element DEPTH TYPE [lang=L] [alt=A] [scope=S] [bbox=x0,y0,x1,y1] [mcids=N]
                           the tree depth first
  parent-tree-broken N     entries of the parent tree pointing at elements
                           not in the tree
  marked TAG N             marked-content sequences by tag in the pages
  label N TEXT             page N's label (/PageLabels), or "-" without one
  empty N                  elements with neither content nor kids
  xmp TEXT                 the XMP packet, on one line

Usage: pdf-structure.py FILE.pdf
"""
import json
import re
import subprocess
import sys
import zlib


def load(path):
    out = subprocess.run(["qpdf", "--json", "--json-key=qpdf", "--json-key=pages",
                          "--decode-level=generalized", "--json-stream-data=inline", path],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def main():
    data = load(sys.argv[1])
    trailer_and_objects = data["qpdf"][1]
    objects = {}
    for key, value in trailer_and_objects.items():
        if key.startswith("obj:"):
            objects[key[4:]] = value
    trailer = trailer_and_objects["trailer"]["value"]

    def resolve(v):
        while isinstance(v, str) and v in objects:
            o = objects[v]
            v = o["value"] if "value" in o else o["stream"]["dict"]
        return v

    def text(v):
        v = resolve(v)
        if isinstance(v, str):
            if v.startswith("u:"):
                return v[2:]
            if v.startswith("b:"):
                raw = bytes.fromhex(v[2:])
                if raw.startswith(b"\xfe\xff"):
                    return raw[2:].decode("utf-16-be")
                return raw.decode("latin-1")
        return v

    root = resolve(trailer["/Root"])
    print("catalog /Lang", text(root.get("/Lang")))
    print("catalog /Marked", resolve(resolve(root.get("/MarkInfo", {})).get("/Marked")))
    print("catalog /DisplayDocTitle",
          resolve(resolve(root.get("/ViewerPreferences", {})).get("/DisplayDocTitle")))
    metadata = root.get("/Metadata")
    print("catalog /Metadata", "yes" if metadata else "no")
    if metadata:
        stream = objects[metadata]["stream"]
        raw = stream.get("data")
        if raw is not None:
            import base64
            xml = base64.b64decode(raw).decode("utf-8", "replace")
            print("xmp", " ".join(xml.split()))

    for n, page in enumerate(data["pages"], 1):
        page_dict = resolve(page["object"])
        print("page", n, "tabs", page_dict.get("/Tabs"))

    labels = resolve(root.get("/PageLabels", {}))
    ranges = []
    if isinstance(labels, dict):
        nums = resolve(labels.get("/Nums", []))
        ranges = [(resolve(nums[i]), resolve(nums[i + 1])) for i in range(0, len(nums), 2)]
    for n in range(len(data["pages"])):
        found = [r for r in ranges if r[0] <= n]
        if not found:
            print("label", n + 1, "-")
            continue
        start, spec = found[-1]
        prefix = text(spec.get("/P", "")) or ""
        style = spec.get("/S")
        number = resolve(spec.get("/St", 1)) + n - start
        shown = str(number) if style == "/D" else ""
        print("label", n + 1, (prefix + shown) or "-")

    in_tree = set()
    empty = [0]
    tree_root = resolve(root.get("/StructTreeRoot", {}))

    def walk(ref, depth):
        node = resolve(ref)
        if not isinstance(node, dict) or "/S" not in node:
            return
        if isinstance(ref, str):
            in_tree.add(ref)
        facts = [node["/S"][1:]]
        if "/Lang" in node:
            facts.append("lang=" + text(node["/Lang"]))
        if "/ID" in node:
            facts.append("id=" + text(node["/ID"]))
        if "/Alt" in node:
            facts.append("alt=" + text(node["/Alt"]).replace(" ", "_"))
        attributes = resolve(node.get("/A", {}))
        if isinstance(attributes, dict):
            if "/Scope" in attributes:
                facts.append("scope=" + attributes["/Scope"][1:])
            if "/BBox" in attributes:
                facts.append("bbox=" + ",".join("%g" % resolve(x) for x in resolve(attributes["/BBox"])))
        kids = node.get("/K", [])
        if isinstance(kids, str) and isinstance(objects.get(kids, {}).get("value"), list):
            kids = objects[kids]["value"]
        if not isinstance(kids, list):
            kids = [kids]
        mcids = sum(1 for k in kids if isinstance(resolve(k), int)
                    or (isinstance(resolve(k), dict) and "/MCID" in resolve(k)))
        facts.append("mcids=%d" % mcids)
        if mcids == 0 and not any(isinstance(resolve(k), dict) and "/S" in resolve(k) for k in kids) \
                and not any(isinstance(resolve(k), dict) and resolve(k).get("/Type") == "/OBJR" for k in kids):
            empty[0] += 1
        print("element", depth, " ".join(facts))
        for k in kids:
            walk(k, depth + 1)

    kids = tree_root.get("/K", [])
    for k in (kids if isinstance(kids, list) else [kids]):
        walk(k, 0)

    broken = 0
    parent_tree = resolve(tree_root.get("/ParentTree", {}))
    nums = resolve(parent_tree.get("/Nums", []))
    for value in nums[1::2]:
        refs = resolve(value) if isinstance(resolve(value), list) else [value]
        for r in refs:
            if isinstance(r, str) and r.endswith(" R") and r not in in_tree:
                broken += 1
    print("parent-tree-broken", broken)
    print("empty", empty[0])

    tags = {}
    for page in data["pages"]:
        for content in page["contents"]:
            stream = objects[content]["stream"]
            import base64
            body = base64.b64decode(stream.get("data", "")).decode("latin-1")
            for m in re.finditer(r"/(\w+)\s*(?:<<[^>]*>>\s*BDC|BMC)", body):
                tags[m.group(1)] = tags.get(m.group(1), 0) + 1
    for tag, n in sorted(tags.items()):
        print("marked", tag, n)


if __name__ == "__main__":
    main()
