/* read.h — the read stage: every input becomes one libxml2 HTML tree plus
 * metadata (DESIGN.md, read/).  Stages after this one see only BfDocument. */
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
};

/* The document's <body> (never NULL after a successful read). */
xmlNodePtr bf_document_get_body (const BfDocument *doc);

/* Tree helpers every stage uses. */

/* TRUE when @element's class attribute lists @name. */
gboolean bf_element_has_class (xmlNodePtr element, const char *name);

/* 1 to 6 for <h1>…<h6>, else 0. */
int bf_element_heading_level (xmlNodePtr node);

/* TRUE for cmark-gfm's footnote section (class "footnotes" or
 * data-footnotes). */
gboolean bf_element_is_footnotes (xmlNodePtr node);

/* Appends a warning ("NAME: warning: …" is the caller's format). */
void bf_document_add_warning (BfDocument *doc, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* markdown.c: CommonMark + GFM to an HTML fragment.  Returns a new string. */
char *bf_markdown_to_html (const char *text, gsize length);

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

/* text.c: plain text to a tree, one <p> per blank-line-separated paragraph. */
xmlDocPtr bf_text_parse (const char *data, gsize length);

#endif
