/* read.h — the read stage: every input becomes one libxml2 HTML tree plus
 * metadata (docs/design.md).  Stages after this one see only BfDocument. */
#ifndef BF_READ_H
#define BF_READ_H

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include "common/common.h"

/* Invariants: tree has an <html> root with a <head> and a <body>; <html>
 * carries lang and dir when the metadata has them; metadata keys are
 * lower case; warnings ends with a NULL. */
struct _BfDocument {
  xmlDocPtr tree;
  GHashTable *metadata;   /* char* → char*, owned */
  char *name;             /* the file name used in messages */
  char *base_dir;         /* folder of the input, for relative resources */
  GPtrArray *warnings;    /* char*, NULL-terminated */
  GPtrArray *stylesheets; /* user stylesheets: char*[2] { file name, text }, owned */
  GPtrArray *resource_dirs; /* char*: canonical folders resources may come from */
  char *inferred_language_warning; /* the warning saying so (in warnings), or NULL */
  char *default_title;    /* the file's base name without extension */
  GHashTable *style_origins; /* <style> element → where its text begins in the
                                file (style-origins.c), or NULL */
};

/* encoding.c: @data made UTF-8 into *@converted (freed by the caller) when
 * it opens with a UTF-16 byte order mark, or, for @html, is not UTF-8 and
 * declares an encoding of its own; *@converted stays NULL when @data is
 * to be read as it is.  FALSE, with the place of the first byte that is
 * not what it should be, when it cannot be converted. */
gboolean bf_input_to_utf8 (const char *data, gsize length, const char *name, gboolean html,
                           char **converted, gsize *converted_length, GError **error);

/* The anchor GitHub gives a heading: its text in lower case, less
 * punctuation, spaces as hyphens (newly allocated; may be empty). */
char *bf_heading_slug_new (xmlNodePtr heading);

/* The anchors links may reach the headings of @doc by as GitHub makes
 * them (README links to "#installation"): heading node → its slug, "-1",
 * "-2"… after a repeat; none that an id in the document already is, or
 * that is empty.  Free with g_hash_table_unref(). */
GHashTable *bf_document_heading_anchors_new (const BfDocument *doc);

/* What a link "#x" in @doc may lead to: every id, and the heading anchors
 * of @heading_anchors (bf_document_heading_anchors_new), as a set of
 * strings.  Free with g_hash_table_unref(). */
GHashTable *bf_document_fragment_targets_new (const BfDocument *doc, GHashTable *heading_anchors);

/* The document's <body> (never NULL after a successful read). */
xmlNodePtr bf_document_get_body (const BfDocument *doc);

/* Tree helpers every stage uses. */

/* The node after @n in a walk of @root's subtree in document order, without
 * recursion (input controls the depth); @descend FALSE skips @n's
 * children.  NULL at the end. */
xmlNodePtr bf_node_next_in_walk (xmlNodePtr n, xmlNodePtr root, gboolean descend);

/* @text's words (split at HTML's white space: space, tab, CR, LF, form
 * feed), one space between each, none at the ends (newly allocated). */
char *bf_text_collapse_spaces (const char *text);

/* Whether @n is an element named @name, whatever its case (NULL is not). */
gboolean bf_element_is (xmlNodePtr n, const char *name);

/* TRUE when @element's class attribute lists @name. */
gboolean bf_element_has_class (xmlNodePtr element, const char *name);

/* 1 to 6 for <h1>…<h6>, else 0. */
int bf_element_heading_level (xmlNodePtr node);

/* TRUE for cmark-gfm's footnote section (class "footnotes" or
 * data-footnotes). */
gboolean bf_element_is_footnotes (xmlNodePtr node);

/* Appends a warning ("NAME: warning: …" is the caller's format). */
void bf_document_add_warning (BfDocument *doc, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* Elements nested deeper than this below <body> are flattened by the read
 * stage (their text kept, with a warning), so no later stage meets more. */
#define BF_READ_MAX_DEPTH 200

/* markdown.c: CommonMark + GFM into a new tree; @line_offset lines come
 * before @text in the file (front matter).  Warnings go to @doc. */
xmlDocPtr bf_markdown_parse (BfDocument *doc, const char *text, gsize length, int line_offset);

/* emoji.c: GitHub's emoji short codes (":rocket:") in the texts under
 * @root, code and raw text left out, replaced by their emoji. */
void bf_document_expand_emoji_codes (xmlNodePtr root);

/* inline-svg.c: each <svg> in the body becomes an <img> of that SVG (a
 * data: URI), its alt text its name for a reader. */
void bf_document_inline_svg_to_pictures (BfDocument *doc);

/* markdown.c: puts the title into each GitHub alert the Markdown reader
 * made (an empty p.markdown-alert-title): "Note", "Tip"… in the language
 * in effect there (English, Persian, Arabic, Hebrew or Urdu), so it runs
 * after the language is inferred. */
void bf_document_title_alerts (BfDocument *doc);

/* front-matter.c: when @data starts with a "---" line, parses the YAML up to
 * the closing "---" or "..." line into @metadata and sets *@body_offset past
 * it.  Without front matter sets *@body_offset to 0 and returns TRUE. */
gboolean bf_front_matter_parse (const char  *data,
                                gsize        length,
                                const char  *name,
                                GHashTable  *metadata,
                                gsize       *body_offset,
                                GError     **error);

/* html.c: parses HTML (a whole page or a fragment) into a tree that holds
 * <html>, <head> and <body>.  Fills title/author/lang/dir into @metadata
 * when the page names them and they are not set yet. */
xmlDocPtr bf_html_parse (const char *data, gsize length, const char *name,
                         GHashTable *metadata, GError **error);

/* html-scan.c: HTML source in the pieces libxml2's HTML parser reads
 * differently, one after the other from the start. */
typedef enum {
  BF_HTML_PIECE_TEXT,
  BF_HTML_PIECE_TAG,      /* a start or end tag, to its '>' */
  BF_HTML_PIECE_COMMENT,  /* to its "-->" */
  BF_HTML_PIECE_RAW_TEXT, /* a <script>'s or <style>'s text, up to its end tag */
  BF_HTML_PIECE_DECLARATION, /* "<!DOCTYPE …>", "<?…>", to its '>' */
} BfHtmlPieceKind;

typedef struct {
  BfHtmlPieceKind kind;
  gsize start, end;     /* byte offsets; the next piece starts at end */
  const char *element;  /* "script" or "style": a raw text's element, or
                           the start tag that opens one; else NULL */
  gboolean unclosed;    /* it runs to the end without its '>', "-->" or
                           end tag */
} BfHtmlPiece;

typedef struct {
  const char *data;
  gsize length, at;
  const char *raw_text_of; /* the element whose raw text comes next */
} BfHtmlScanner;

void bf_html_scanner_init (BfHtmlScanner *scanner, const char *data, gsize length);
/* The next piece, FALSE at the end.  A <script> or <style> start tag is
 * always followed by its raw text, empty perhaps. */
gboolean bf_html_scanner_next (BfHtmlScanner *scanner, BfHtmlPiece *piece);

/* entities.c: @data with each named character reference HTML has and
 * libxml2 does not know ("&check;") written as numeric references, or
 * NULL when there is none (outside comments, <script> and <style>). */
GString *bf_html_number_references (const char *data, gsize length);

/* style-origins.c: records where the text of each <style> element of
 * @doc's tree begins in @data, the HTML the tree was parsed from. */
void bf_style_origins_find (BfDocument *doc, const char *data, gsize length);
/* The same for the <style> elements in @first and the nodes after it,
 * parsed from @data, a raw HTML block of Markdown whose first line is the
 * file's @first_line and whose lines each begin @column_offset characters
 * into the file's (past a list item's indent or a quote's '>'). */
void bf_style_origins_find_in (BfDocument *doc, xmlNodePtr first, const char *data, gsize length,
                               long first_line, int column_offset);
/* Forgets the origins of the elements no longer in @doc's tree (those the
 * reader's later passes took out, such as an inline SVG's), whose memory
 * another element may take. */
void bf_style_origins_forget_gone (BfDocument *doc);

/* Where the text of @style, a <style> element of @doc, begins in the
 * document's file: its line and column (1-based, in characters).  FALSE
 * when that is not known (a <style> in Markdown's inline HTML, or one
 * whose start tag was not found again). */
gboolean bf_document_style_origin (const BfDocument *doc, xmlNodePtr style, long *line,
                                   int *column);

/* An empty tree: <html> with <head> and <body>. */
xmlDocPtr bf_html_new_skeleton (void);
xmlNodePtr bf_html_get_body (xmlDocPtr doc);

/* Parses @data as the content of a <body>: returns its nodes as a list of
 * unlinked siblings belonging to @doc, element lines counted from
 * @first_line, or NULL when there are none. */
xmlNodePtr bf_html_parse_fragment (xmlDocPtr doc, const char *data, gsize length, int first_line);

/* document.c: flattens elements nested deeper than BF_READ_MAX_DEPTH, with
 * one warning; their text stays, in order. */
void bf_document_flatten_deep (BfDocument *doc);

/* resource.c: the file @url names, resolved (links too) and inside the
 * document's folder, the current folder's tree holding it, or a resource
 * path; a new string, or NULL with @why set to a reason for a warning. */
char *bf_document_resolve_resource (const BfDocument *doc, const char *url, const char **why);

/* tables.c: moves what a table cannot hold (text, paragraphs straight in
 * a table, its row groups or rows) in front of it, as HTML5 does. */
void bf_document_foster_table_content (BfDocument *doc);

/* notes.c: gives footnote sections, references and ways back, however
 * the input marked them, the one form layout and the EPUB read:
 * data-footnotes, data-footnote-ref, data-footnote-backref. */
void bf_document_normalize_notes (BfDocument *doc);

/* pictures.c: gives an <img> with a srcset but no src the src of its
 * largest candidate. */
void bf_document_normalize_pictures (BfDocument *doc);

/* controls.c: puts in the place of each <input> and <select> a span of
 * the text it shows (☐ ☑ for a check box, a field's value, the chosen
 * option), or nothing. */
void bf_document_normalize_controls (BfDocument *doc);

/* mathml.c: puts in the place of each <math> its linear form in HTML
 * (x<sup>2</sup> + 1/2), which both outputs draw. */
void bf_document_linearize_math (BfDocument *doc);

/* language.c: with no lang in the metadata, infers the language and
 * direction from the text (with a warning saying what was inferred). */
void bf_document_infer_language (BfDocument *doc);

/* language.c: the language the Arabic-script letters of @doc's prose name
 * (ur, fa or ar, by the letters each adds), or NULL when it has none. */
const char *bf_document_arabic_script_language (const BfDocument *doc);

/* text.c: plain text to a tree, one <p> per blank-line-separated paragraph. */
xmlDocPtr bf_text_parse (const char *data, gsize length);

#endif
