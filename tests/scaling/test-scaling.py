#!/usr/bin/env python3
"""Growth test: every dimension of a document that can grow, typeset at size
n and 8n; fails when CPU time grows more than 16-fold (linear is 8,
quadratic 64), or when the output lost content.

    test-scaling.py --bin BIFOLIO --out DIR [--no-timing] [--only NAME...]

Each generator makes one document from n.  Both sizes are typeset twice, and
the smaller CPU time of the two runs is kept (getrusage of the children, so a
busy machine's other work does not count).  The output is then read back
(pdftotext for PDF, the XHTML files for EPUB) and the generator's marker
words are counted: every item the generator wrote must be there, the last
one included.

A generator known to be super-linear in code another change will fix is
marked with `known`: its ratio is printed as "KNOWN QUADRATIC: ..." and does
not fail the test; its content is still checked.  When a known case comes in
under the limit the test says so, so the mark can be removed.

--no-timing (for sanitizer builds, whose timings mean nothing) keeps only the
content checks and typesets size n only, once (its content, and under a
sanitizer its memory errors; 8n's content is the timed run's to check)."""
import argparse
import os
import re
import resource
import struct
import subprocess
import sys
import time
import zipfile
import zlib

LIMIT = 16.0


# ----------------------------------------------------------------- documents

def gen_nested_lists(n):
    # HTML, so the input grows as n (Markdown's indentation would grow as n²).
    body = "".join(f"<ul><li>nl{i}q zmk " for i in range(n)) + "</li></ul>" * n
    return {"ext": "html", "text": f"<html><body>{body}</body></html>", "count": n}


def gen_nested_quotes(n):
    # Markdown: one line opens n quotes (every level on its own line would
    # make the input grow as n²); each level is also an HTML quote below.
    deep = "> " * n + "nqdeepq zmk\n\n"
    html = "".join(f"<blockquote>nq{i}q zmk " for i in range(n)) + "</blockquote>" * n
    return {"ext": "md", "text": deep + html + "\n", "count": n + 1, "last_word": f"nq{n - 1}q"}


def gen_nested_divs(n):
    body = "".join(f"<div>nd{i}q zmk " for i in range(n)) + "</div>" * n
    return {"ext": "html", "text": f"<html><body>{body}</body></html>", "count": n}


def gen_paragraph_length(n):
    return {"ext": "md", "text": " ".join(f"pl{i}q zmk" for i in range(n)) + "\n", "count": n}


def gen_code_spans(n):
    # Long words between the spans, so each is offered to the hyphenator.
    return {"ext": "md", "text": " ".join(f"`cs{i}q` zmk considerations" for i in range(n)) + "\n",
            "count": n}


def gen_inline_boxes(n):
    # Keys in bordered, padded boxes, as an author's kbd rule draws them.
    sheet = "<style>kbd { border: 1px solid #888; padding: 0 2px; background: #eee }</style>"
    keys = " ".join(f"<kbd>ib{i}q</kbd> zmk" for i in range(n))
    return {"ext": "html", "text": f"<html><head>{sheet}</head><body><p>{keys}</p></body></html>",
            "count": n}


def gen_nested_inline_boxes(n):
    # Each level's box reaches to the paragraph's end: every line after it
    # is inside it (up to the depth whose boxes are drawn).
    sheet = "<style>span { border: 1px solid #888; padding: 0 1px }</style>"
    body = "".join(f"<span>ni{i}q zmk " for i in range(n)) + "</span>" * n
    return {"ext": "html", "text": f"<html><head>{sheet}</head><body><p>{body}</p></body></html>",
            "count": n}


def gen_emphasis_spans(n):
    return {"ext": "md", "text": " ".join(f"*em{i}q* **zmk**" for i in range(n)) + "\n", "count": n}


def gen_links_in_paragraph(n):
    return {"ext": "md",
            "text": " ".join(f"[lk{i}q zmk](https://example.org/{i})" for i in range(n)) + "\n",
            "count": n}


def gen_links_in_document(n):
    return {"ext": "md",
            "text": "".join(f"See [ld{i}q zmk](https://example.org/{i}).\n\n" for i in range(n)),
            "count": n}


def gen_anchors(n):
    # Anchors in one paragraph, each the target of a link in the next.
    spans = " ".join(f'<span id="a{i}">an{i}q</span> zmk' for i in range(n))
    links = " ".join(f'<a href="#a{i}">go</a>' for i in range(0, n, 8))
    return {"ext": "html", "text": f"<html><body><p>{spans}</p><p>{links}</p></body></html>",
            "count": n}


def gen_footnotes(n):
    refs = "".join(f"Note fr{i}q.[^{i}]\n\n" for i in range(n))
    bodies = "".join(f"[^{i}]: fb{i}q zmk\n" for i in range(n))
    return {"ext": "md", "text": refs + bodies, "count": n, "unique": "fb"}


def gen_pre_blank_lines(n):
    return {"ext": "md", "text": "```\nstart\n" + "\n" * n + "pbendq zmk\n```\n", "count": 1,
            "unique": "pbend", "last_only": True}


def gen_pre_lines(n):
    return {"ext": "md", "text": "```\n" + "".join(f"pr{i}q zmk\n" for i in range(n)) + "```\n",
            "count": n}


def gen_line_breaks(n):
    return {"ext": "html",
            "text": "<html><body><p>" + "".join(f"br{i}q zmk<br>" for i in range(n))
                    + "</p></body></html>",
            "count": n}


def gen_empty_line_breaks(n):
    return {"ext": "html",
            "text": "<html><body><p>first" + "<br>" * n + "bebendq zmk</p></body></html>",
            "count": 1, "unique": "bebend", "last_only": True}


def gen_table_rows(n):
    head = "| a | b | c |\n|---|---|---|\n"
    rows = "".join(f"| tr{i}q | zmk | x |\n" for i in range(n))
    return {"ext": "md", "text": head + rows, "count": n}


def gen_table_columns(n):
    # Many narrow columns across a wide page; each cell a short word.
    cells = "".join(f"<td>c{i}q zmk</td>" for i in range(n))
    return {"ext": "html",
            "text": f"<html><body><table><tr>{cells}</tr></table></body></html>",
            "count": n, "unique": "c", "by_characters": True}


def gen_table_grid(n):
    # n rows of 8 columns: columns and rows together.
    rows = "".join("<tr>" + "".join(f"<td>g{r}x{c}q zmk</td>" for c in range(8)) + "</tr>"
                   for r in range(n))
    return {"ext": "html", "text": f"<html><body><table>{rows}</table></body></html>",
            "count": 8 * n, "last_word": f"g{n - 1}x7q", "by_characters": True}


def gen_sheet_rules(n):
    css = "".join(f"p.c{i} > a[href^=x{i}], div#d{i} em {{ color: #{i % 0xffffff:06x}; "
                  f"margin-left: {i % 50}px }}\n" for i in range(n))
    # A few paragraphs use the classes, so matching does real work.
    body = "".join(f'<p class="c{i}">sr{i}q zmk <a href="x{i}">link</a></p>'
                   for i in range(0, n, max(1, n // 200)))
    count = len(range(0, n, max(1, n // 200)))
    return {"ext": "html", "text": f"<html><body>{body}</body></html>", "css": css,
            "count": count, "unique": "sr",
            "last_word": f"sr{list(range(0, n, max(1, n // 200)))[-1]}q"}


def gen_selector_length(n):
    # One rule whose selector has n compound parts, against 150 nested divs.
    depth = 150
    selector = "span " + " ".join(["div"] * n)
    style = f"<style>{selector} {{ color: red }} div.x > div {{ margin: 0 }}</style>"
    body = "".join(f"<div>sl{i}q zmk " for i in range(depth)) + "</div>" * depth
    return {"ext": "html", "text": f"<html><head>{style}</head><body>{body}</body></html>",
            "count": depth, "unique": "sl", "last_word": f"sl{depth - 1}q"}


def gen_selector_depth(n):
    # A fixed descendant selector against n nested divs (flattened past 200).
    style = "<style>span div div div div div div div div { color: red }</style>"
    body = "".join(f"<div>sd{i}q zmk " for i in range(n)) + "</div>" * n
    return {"ext": "html", "text": f"<html><head>{style}</head><body>{body}</body></html>",
            "count": n}


def gen_selectors_many(n):
    # Many descendant rules in the document's own sheet, over a 150-deep tree.
    depth = 150
    rules = "".join(f"section div.k{i} div p {{ color: #{i % 0xffffff:06x} }}\n" for i in range(n))
    body = "".join(f'<div class="k{i}">sm{i}q zmk ' for i in range(depth)) + "</div>" * depth
    return {"ext": "html", "text": f"<html><head><style>{rules}</style></head><body>{body}</body></html>",
            "count": depth, "unique": "sm", "last_word": f"sm{depth - 1}q"}


def gen_classes_per_element(n):
    # One element with n distinct classes, and a rule for some of them.
    classes = " ".join(f"k{i}" for i in range(n))
    rules = "".join(f".k{i} {{ margin-left: 1px }}\n" for i in range(0, 1000, 50))
    words = " ".join(f"ce{i}q zmk" for i in range(n // 8))
    return {"ext": "html", "text": f'<html><head><style>{rules}</style></head><body>'
            f'<p class="{classes}">{words}</p></body></html>', "count": n // 8,
            "unique": "ce"}


def gen_siblings(n):
    # n sibling paragraphs against sibling combinators that never match:
    # each paragraph may look at every earlier sibling.
    style = ("<style>h6 ~ p { color: red } h5 ~ div p { color: blue } "
             "p:last-child { margin: 0 } h4 + p { margin: 1px }</style>")
    body = "".join(f"<p>sb{i}q zmk</p>" for i in range(n))
    return {"ext": "html", "text": f"<html><head>{style}</head><body>{body}</body></html>",
            "count": n}


def gen_nth_child_rows(n):
    # Zebra stripes and the other structural pseudo-classes on n table rows:
    # each row's place among n siblings, which must not be counted anew for
    # every row.
    style = ("<style>tr:nth-child(even) { background-color: #e8e8f0 } "
             "tr:nth-last-child(-n+2) td { font-weight: bold } "
             "tr:nth-of-type(3n+1) td:first-of-type { color: #600 } "
             "td:only-of-type, tr:only-child { color: red }</style>")
    rows = "".join(f"<tr><td>nc{i}q</td><td>zmk</td></tr>" for i in range(n))
    return {"ext": "html",
            "text": f"<html><head>{style}</head><body><table>{rows}</table></body></html>",
            "count": n}


def gen_counters(n):
    # Generated content with counters on every item of a long list.
    style = ("<style>ol { counter-reset: item } li { counter-increment: item } "
             "li::before { content: counter(item) \". \" } "
             "h3::after { content: \" (\" attr(id) \")\" }</style>")
    items = "".join(f"<li>ct{i}q zmk</li>" for i in range(n))
    return {"ext": "html", "text": f"<html><head>{style}</head><body><h3 id=h>T</h3>"
            f"<ol>{items}</ol></body></html>", "count": n}


def gen_font_family_list(n):
    # One declaration whose value has n parts, on every paragraph (past 64
    # names it is skipped with a warning: the font matcher grows faster).
    families = ", ".join(f"Family{i}" for i in range(n)) + ", serif"
    style = f"<style>p {{ font-family: {families} }}</style>"
    body = "".join(f"<p>ff{i}q zmk</p>" for i in range(50))
    return {"ext": "html", "text": f"<html><head>{style}</head><body>{body}</body></html>",
            "count": 50, "last_word": "ff49q"}


def gen_selector_list(n):
    # One rule with a list of n selectors, matched against 50 paragraphs.
    selectors = ", ".join(f"p.x{i}" for i in range(n))
    style = f"<style>{selectors}, p {{ margin-left: 2px }}</style>"
    body = "".join(f"<p>sq{i}q zmk</p>" for i in range(50))
    return {"ext": "html", "text": f"<html><head>{style}</head><body>{body}</body></html>",
            "count": 50, "last_word": "sq49q"}


def gen_css_comments(n):
    # White space and comments alternating n times inside a declaration's
    # value and a selector, in the document's sheet.
    filler = " /**/" * n
    style = f"<style>p {{ margin-left:{filler} 2px }}{filler} h2 {{ color: red }}</style>"
    body = "".join(f"<p>cc{i}q zmk</p>" for i in range(50))
    return {"ext": "html", "text": f"<html><head>{style}</head><body>{body}</body></html>",
            "count": 50, "last_word": "cc49q"}


def styled(style, prefix):
    """50 paragraphs under a document sheet: what grows is the sheet."""
    body = "".join(f"<p>{prefix}{i}q zmk</p>" for i in range(50))
    return {"ext": "html", "text": f"<html><head><style>{style}</style></head><body>{body}</body></html>",
            "count": 50, "last_word": f"{prefix}49q"}


def gen_media_nesting(n):
    return styled("@media print { " * n + "p { margin-left: 2px }" + " }" * n, "mn")


def gen_declarations_per_rule(n):
    return styled("p { " + "".join(f"margin-left: {i % 40}px; " for i in range(n)) + "}", "dr")


def gen_page_rules(n):
    return styled("".join(f"@page :first {{ margin: {i % 30}mm }}\n" for i in range(n)), "pr")


def gen_font_face_rules(n):
    # Faces whose files are missing: each is a warning, none is loaded.
    return styled("".join(f"@font-face {{ font-family: F{i}; src: url(missing{i}.ttf) }}\n"
                          for i in range(n)), "fr")


def gen_custom_property_chain(n):
    # n custom properties on :root, each the one before it through var().
    chain = "".join(f"--c{i}: var(--c{i - 1}); " for i in range(1, n))
    return styled(f":root {{ --c0: #123456; {chain}}} p {{ color: var(--c{n - 1}) }}", "cc")


def gen_var_elements(n):
    # n paragraphs, each declaring a custom property and using it.
    body = "".join(f'<p style="--c: #{i % 0xffffff:06x}; color: var(--c)">ve{i}q zmk</p>'
                   for i in range(n))
    return {"ext": "html", "text": f"<html><body>{body}</body></html>", "count": n}


def gen_nested_is(n):
    # Selectors nested seven deep in :is(), their combinators on the left,
    # against n paragraphs inside 60 nested divs: without remembering what
    # a nested selector answered, each paragraph would cost 60 to the
    # seventh power.
    selector = "span *"
    for _ in range(7):
        selector = f":is({selector}) *"
    style = f"<style>{selector} {{ color: red }}</style>"
    paragraphs = "".join(f"<p>ni{i}q zmk</p>" for i in range(n))
    body = "<div>" * 60 + paragraphs + "</div>" * 60
    return {"ext": "html", "text": f"<html><head>{style}</head><body>{body}</body></html>",
            "count": n}


def gen_layer_names(n):
    # 40 layers named with n parts each, all but the last part shared.
    name = ".".join(f"l{i}" for i in range(n))
    rules = "".join(f"@layer {name}.x{k} {{ p {{ margin-left: {k}px }} }}\n" for k in range(40))
    return styled(rules, "ly")


def gen_style_elements(n):
    # n <style> elements on one line, as a minified page has them: each
    # one's place in the file is found for its warnings.
    styles = "<style>p{colr:red}</style>" * n
    body = "".join(f"<p>se{i}q zmk</p>" for i in range(50))
    return {"ext": "html", "text": f"<html><head>{styles}</head><body>{body}</body></html>",
            "count": 50, "last_word": "se49q"}


def gen_math_terms(n):
    # A formula of n terms, fractions and scripts among them, set linear.
    terms = "<mo>+</mo>".join(f"<mfrac><mi>mt{i}q</mi><mn>2</mn></mfrac><msup><mi>x</mi><mn>{i}</mn>"
                              f"</msup>" for i in range(n))
    return {"ext": "html",
            "text": f"<html><body><p>zmk <math>{terms}</math></p></body></html>", "count": 1}


def gen_inline_styles(n):
    body = "".join(f'<p style="margin-left: {i % 30}px; color: #{i % 0xffffff:06x}">is{i}q '
                   f'<span style="font-style: italic">zmk</span></p>' for i in range(n))
    return {"ext": "html", "text": f"<html><body>{body}</body></html>", "count": n}


def gen_pages(n):
    # n pages, each a heading and a page break.
    body = "".join(f'<h2>pg{i}q zmk</h2><p style="break-after: page">Page.</p>' for i in range(n))
    return {"ext": "html", "text": f"<html><body>{body}</body></html>", "count": n}


def gen_paragraphs(n):
    para = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor. "
    return {"ext": "md", "text": "".join(f"pa{i}q zmk {para}\n\n" for i in range(n)), "count": n}


def gen_headings(n):
    return {"ext": "md", "text": "".join(f"# hd{i}q zmk\n\nText.\n\n" for i in range(n)),
            "count": n}


def png_bytes():
    """A 4x4 opaque PNG, written here so the test needs no picture file."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))
    raw = b"".join(b"\0" + bytes([200, 40, 40] * 4) for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def gen_images(n):
    return {"ext": "md", "text": "".join(f"![im{i}q zmk](dot.png)\n\n" for i in range(n)),
            "files": {"dot.png": png_bytes()}, "count": n}


def gen_raw_html_blocks(n):
    return {"ext": "md",
            "text": "".join(f'<div class="b">\nrh{i}q zmk\n</div>\n\nText {i}.\n\n' for i in range(n)),
            "count": n}


# name, generator, n, output formats, known: where the known super-linear
# cost lies (None when the case must be linear).  n is chosen so that the 8n
# run takes about half a second to a second once the case is linear; EPUB
# costs less per item, so its cases are separate, with a larger n.
CASES = [
    ("nested-lists", gen_nested_lists, 4800, ["pdf"], None),
    ("nested-quotes", gen_nested_quotes, 600, ["pdf"], None),
    ("nested-divs", gen_nested_divs, 4800, ["pdf"], None),
    ("paragraph-length", gen_paragraph_length, 8000, ["pdf"], None),
    ("code-spans", gen_code_spans, 2000, ["pdf"], None),
    ("emphasis-spans", gen_emphasis_spans, 2000, ["pdf"], None),
    ("inline-boxes", gen_inline_boxes, 2000, ["pdf"], None),
    ("nested-inline-boxes", gen_nested_inline_boxes, 300, ["pdf"], None),
    ("links-in-paragraph", gen_links_in_paragraph, 2000, ["pdf"], None),
    ("links-in-document", gen_links_in_document, 1000, ["pdf"], None),
    ("links-in-document-epub", gen_links_in_document, 5000, ["epub"], None),
    ("anchors", gen_anchors, 3000, ["pdf"], None),
    ("footnotes", gen_footnotes, 1000, ["pdf"], None),
    ("footnotes-epub", gen_footnotes, 1000, ["epub"], None),
    ("pre-blank-lines", gen_pre_blank_lines, 20000, ["pdf"], None),
    ("pre-lines", gen_pre_lines, 5000, ["pdf"], None),
    ("line-breaks", gen_line_breaks, 2000, ["pdf"], None),
    ("empty-line-breaks", gen_empty_line_breaks, 10000, ["pdf"], None),
    ("table-rows", gen_table_rows, 800, ["pdf"], None),
    ("table-rows-epub", gen_table_rows, 4000, ["epub"], None),
    ("table-columns", gen_table_columns, 100, ["pdf"], None),
    ("table-grid", gen_table_grid, 200, ["pdf"], None),
    ("sheet-rules", gen_sheet_rules, 2000, ["pdf"],
     "memory-bound, not more work: about 6 KB a rule (each rule keeps its tokens); "
     "8x the rules run 5.7x the instructions but 11-16x the time"),
    ("classes-per-element", gen_classes_per_element, 6000, ["pdf"], None),
    ("selector-length", gen_selector_length, 3, ["pdf"], None),
    ("selector-depth", gen_selector_depth, 300, ["pdf"], None),
    ("selectors-many", gen_selectors_many, 4000, ["pdf"], None),
    ("siblings", gen_siblings, 5000, ["pdf"], None),
    ("nth-child-rows", gen_nth_child_rows, 1250, ["pdf"], None),
    ("counters", gen_counters, 1000, ["pdf"], None),
    ("font-family-list", gen_font_family_list, 2000, ["pdf"], None),
    ("selector-list", gen_selector_list, 40000, ["pdf"], None),
    ("css-comments", gen_css_comments, 50000, ["pdf"], None),
    ("media-nesting", gen_media_nesting, 20000, ["pdf"], None),
    ("declarations-per-rule", gen_declarations_per_rule, 5000, ["pdf"], None),
    ("page-rules", gen_page_rules, 10000, ["pdf"], None),
    ("font-face-rules", gen_font_face_rules, 10000, ["pdf"], None),
    ("custom-property-chain", gen_custom_property_chain, 10000, ["pdf"], None),
    ("var-elements", gen_var_elements, 1500, ["pdf"], None),
    ("nested-is", gen_nested_is, 1000, ["pdf"], None),
    ("layer-names", gen_layer_names, 600, ["pdf"], None),
    ("style-elements", gen_style_elements, 6000, ["pdf"], None),
    ("math-terms", gen_math_terms, 1000, ["pdf"], None),
    ("inline-styles", gen_inline_styles, 1500, ["pdf"], None),
    ("inline-styles-epub", gen_inline_styles, 3000, ["epub"], None),
    ("pages", gen_pages, 800, ["pdf"], None),
    ("paragraphs", gen_paragraphs, 1000, ["pdf"], None),
    ("paragraphs-epub", gen_paragraphs, 8000, ["epub"], None),
    ("headings", gen_headings, 900, ["pdf"], None),
    ("headings-epub", gen_headings, 1500, ["epub"], None),
    ("images", gen_images, 800, ["pdf"], None),
    ("images-epub", gen_images, 2000, ["epub"], None),
    ("raw-html-blocks", gen_raw_html_blocks, 1200, ["pdf"], None),
]


# ------------------------------------------------------------------ running

def child_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def typeset(binary, doc, out, extra):
    """Runs bifolio once; returns its CPU seconds."""
    before = child_cpu()
    p = subprocess.run([binary, doc, "-o", out] + extra, capture_output=True, text=True)
    cpu = child_cpu() - before
    if p.returncode != 0:
        raise RuntimeError(f"{os.path.basename(doc)} -> {os.path.basename(out)}: exit "
                           f"{p.returncode}\n{p.stderr[-2000:]}")
    return cpu


def text_of(path, raw=False):
    if path.endswith(".pdf"):
        return subprocess.run(["pdftotext", "-enc", "UTF-8"] + (["-raw"] if raw else [])
                              + [path, "-"], capture_output=True, text=True, check=True).stdout
    parts = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith((".xhtml", ".html")) and not name.endswith("nav.xhtml"):
                xml = z.read(name).decode("utf-8")
                body = re.sub(r"(?s)^.*?<body[^>]*>", "", xml)
                # A picture's text is its alt attribute.
                body = re.sub(r'<img[^>]*\balt="([^"]*)"[^>]*>', r" \1 ", body)
                parts.append(re.sub(r"<[^>]*>", " ", body))
    return "\n".join(parts)


def last_word(spec):
    if "last_word" in spec:
        return spec["last_word"]
    if spec.get("last_only"):
        return f"{spec['unique']}q"
    prefix = spec.get("unique") or re.search(r"[a-z]+(?=0q)", spec["text"]).group(0)
    return f"{prefix}{spec['count'] - 1}q"


def check_content(spec, path):
    """Returns a list of what is missing, empty when all is there."""
    problems = []
    count, last = spec["count"], last_word(spec)
    if spec.get("by_characters"):
        # Cells narrower than a word break it anywhere: count characters in
        # the order they were drawn, white space left out.
        text = re.sub(r"\s+", "", text_of(path, raw=True))
        markers = text.count("zmk")
        found = f"{last}zmk" in text
    else:
        tokens = re.findall(r"[A-Za-z0-9]+", text_of(path))
        markers = tokens.count("zmk")
        found = last in tokens
    if markers != count:
        problems.append(f"marker zmk {markers} times, expected {count}")
    if not found:
        problems.append(f"last item {last} missing")
    return problems


def write_case(dirname, name, spec):
    os.makedirs(dirname, exist_ok=True)
    doc = os.path.join(dirname, f"{name}.{spec['ext']}")
    with open(doc, "w", encoding="utf-8") as f:
        f.write(spec["text"])
    for fname, data in spec.get("files", {}).items():
        with open(os.path.join(dirname, fname), "wb") as f:
            f.write(data)
    extra = []
    if "css" in spec:
        sheet = os.path.join(dirname, f"{name}.css")
        with open(sheet, "w", encoding="utf-8") as f:
            f.write(spec["css"])
        extra = ["-s", sheet]
    return doc, extra


def run_case(args, name, gen, n, formats, known):
    """Returns the list of failures of one case (empty when it passed)."""
    failures = []
    base = os.path.join(args.out, name)
    sizes = {}
    # Under the sanitizers (no timing) only size n: its content and its
    # memory errors; 8n's content is checked by the timed run.
    typeset_sizes = (n,) if args.no_timing else (n, 8 * n)
    for size in typeset_sizes:
        spec = gen(size)
        doc, extra = write_case(os.path.join(base, str(size)), name, spec)
        sizes[size] = (spec, doc, extra)
    for fmt in formats:
        best = {}
        # A known case's ratio fails nothing: one round is enough to show it.
        rounds = 1 if args.no_timing or known else 2
        for _ in range(rounds):
            for size in typeset_sizes:
                spec, doc, extra = sizes[size]
                out = os.path.splitext(doc)[0] + "." + fmt
                try:
                    cpu = typeset(args.bin, doc, out, extra)
                except RuntimeError as e:
                    return [f"{name} ({fmt}): {e}"]
                best[size] = min(best.get(size, float("inf")), cpu)
        for size in typeset_sizes:
            spec, doc, _ = sizes[size]
            out = os.path.splitext(doc)[0] + "." + fmt
            for p in check_content(spec, out):
                failures.append(f"{name} ({fmt}, n={size}): {p}")
        if args.no_timing:
            print(f"{name:22} {fmt:4} n={n:<6} content {'ok' if not failures else 'LOST'}")
            continue
        ratio = best[8 * n] / max(best[n], 1e-3)
        line = (f"{name:22} {fmt:4} n={n:<6} {best[n]:7.3f} s  8n={8 * n:<6} "
                f"{best[8 * n]:7.3f} s  ratio {ratio:5.1f}")
        if ratio > LIMIT and known:
            print(f"KNOWN QUADRATIC: {line}  ({known})")
        elif ratio > LIMIT:
            print(f"{line}  FAIL (over {LIMIT:g})")
            failures.append(f"{name} ({fmt}): time ratio {ratio:.1f} over {LIMIT:g}")
        elif known:
            print(f"{line}  (marked known, under {LIMIT:g} in this run: remove the mark "
                  f"once it stays under)")
        else:
            print(line)
        sys.stdout.flush()
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--no-timing", action="store_true")
    ap.add_argument("--only", nargs="*", help="run only these generators")
    ap.add_argument("--scale", type=float, default=1.0,
                    help="multiply every n (to look closer at one case)")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    start = time.monotonic()
    failures = []
    for name, gen, n, formats, known in CASES:
        if args.only and name not in args.only:
            continue
        failures += run_case(args, name, gen, max(1, round(n * args.scale)), formats, known)
    print(f"{time.monotonic() - start:.0f} s in all")
    for f in failures:
        print(f"FAIL: {f}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
