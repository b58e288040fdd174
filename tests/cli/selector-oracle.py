#!/usr/bin/python3
"""Structural selectors checked against another engine: soupsieve (Debian's
python3-soupsieve, through python3-bs4), the selector engine of Beautiful
Soup, which implements Selectors Level 4.  Run with Debian's /usr/bin/python3,
which has the packages.

    selector-oracle.py epub BOOK.epub SHEET-NAME
        The rules after "/* from SHEET-NAME */" in the book's style.css,
        each selector applied to every chapter's XHTML; prints one line per
        selector: SELECTOR<TAB>the text of each element picked, "|" between.

    selector-oracle.py pdf BIFOLIO OUT-FOLDER
        A document of sections of twelve mixed children (p and div), one
        section per pseudo-class and An+B argument, each with a rule giving
        what it picks a background.  bifolio typesets it (--trace) and each
        child is found drawn with or without a background rectangle behind
        it; soupsieve picks from the same HTML.  Prints each disagreement,
        exits 1 on any.

soupsieve 2.3.2 gets a = ±1 with a negative b wrong ("n-3" picks nothing
where every child is an n - 3), and An+B over a single child ("2n+1" picks
nothing there), so those are left to the unit test, whose answers are
worked by hand."""
import os
import re
import subprocess
import sys
import zipfile

import bs4
import soupsieve

ARGUMENTS = ["2n+1", "odd", "even", "2n", "2n+0", "10n-1", "10n+9", "0n+5", "5", "n", "n+0",
             "1n+0", "-n+6", " 3n + 1 ", " +3n - 2 ", " -n+ 6", " +6 ", "-n+3", "+5", "2n-1",
             "-2n+5", "n+7", "3n-2", "4n -2", "4n- 2", "N+10", "+n+11", "-n- 0", "ODD", "0",
             "-3n+8", "5n+2", "13", "-n+12"]
FUNCTIONS = ["nth-child", "nth-last-child", "nth-of-type", "nth-last-of-type"]
PLAIN = ["first-of-type", "last-of-type", "only-child", "only-of-type", "first-child",
         "last-child"]
KINDS = ["p", "p", "div", "p", "div", "p", "p", "div", "p", "p", "div", "p"]


def epub(book, sheet):
    with zipfile.ZipFile(book) as z:
        names = z.namelist()
        css_name = next(n for n in names if n.endswith("style.css"))
        css = z.read(css_name).decode("utf-8")
        chapters = [bs4.BeautifulSoup(z.read(n).decode("utf-8"), "html.parser")
                    for n in sorted(names) if re.search(r"chapter-\d+\.xhtml$", n)]
    marker = f"/* from {sheet} */"
    if marker not in css:
        print(f"no {marker} in {css_name}", file=sys.stderr)
        return 1
    ours = re.sub(r"(?s)/\*.*?\*/", "", css.split(marker, 1)[1])
    for prelude, _ in re.findall(r"([^{}]+)\{([^{}]*)\}", ours):
        selector = " ".join(prelude.split())
        picked = []
        for soup in chapters:
            for element in soupsieve.select(selector, soup):
                picked.append(" ".join(element.get_text(" ").split()))
        print(f"{selector}\t{'|'.join(picked)}")
    return 0


def pdf(binary, out):
    # Each argument among twelve children; the pseudo-classes without one
    # also over a single child, for :only-child.
    selectors = [f":{f}({a})" for f in FUNCTIONS for a in ARGUMENTS] + [f":{p}" for p in PLAIN]
    shapes = [KINDS] * len(selectors) + [["div"]] * len(PLAIN)
    selectors += [f":{p}" for p in PLAIN]
    sections, rules = [], []
    for k, (pseudo, kinds) in enumerate(zip(selectors, shapes)):
        children = "".join(f"<{t}>s{k}c{j}q</{t}>" for j, t in enumerate(kinds, 1))
        sections.append(f'<section id="s{k}">{children}</section>')
        rules.append(f"#s{k} > {pseudo} {{ background-color: #c0c0c0 }}")
    html = (f"<html><head><style>{chr(10).join(rules)}</style></head><body>"
            + "".join(sections) + "</body></html>")
    os.makedirs(out, exist_ok=True)
    doc = os.path.join(out, "oracle.html")
    with open(doc, "w", encoding="utf-8") as f:
        f.write(html)
    run = subprocess.run([binary, doc, "--trace"], capture_output=True, text=True)
    if run.returncode != 0 or run.stderr.strip():
        print(f"bifolio: exit {run.returncode}\n{run.stderr}")
        return 1
    backed = {}
    previous = ""
    for line in run.stdout.splitlines():
        m = re.match(r'\s*glyphs .*"(s\d+c\d+q)"$', line)
        if m:
            backed[m.group(1)] = previous.lstrip().startswith("rule ")
        if not line.lstrip().startswith(("dest ", "link ")):
            previous = line
    soup = bs4.BeautifulSoup(html, "html.parser")
    disagreements = 0
    for k, (pseudo, section) in enumerate(zip(selectors, soup.find_all("section"))):
        assert section["id"] == f"s{k}"
        theirs = {e.get_text() for e in soupsieve.select(f":scope > {pseudo}", section)}
        words = [e.get_text() for e in section.find_all(recursive=False)]
        ours = {w for w in words if backed.get(w)}
        missing = [w for w in words if w not in backed]
        if missing or ours != theirs:
            disagreements += 1
            print(f"{pseudo!r}: bifolio {sorted(ours)}, soupsieve {sorted(theirs)}"
                  + (f", not drawn: {missing}" if missing else ""))
    print(f"{len(selectors)} selectors, {disagreements} disagreements")
    return 1 if disagreements else 0


def main():
    if sys.argv[1] == "epub":
        return epub(sys.argv[2], sys.argv[3])
    return pdf(sys.argv[2], sys.argv[3])


if __name__ == "__main__":
    sys.exit(main())
