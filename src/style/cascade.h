/* cascade.h — computed styles by the CSS cascade: the built-in defaults
 * (computed.c), then author stylesheets and style="" attributes. */
#ifndef BF_CASCADE_H
#define BF_CASCADE_H

#include "style/css.h"
#include "style/style.h"

typedef struct _BfStyler BfStyler;

/* The stylesheets of @doc: those added with bf_document_add_stylesheet()
 * (in order), then its <style> elements.  Returns a new styler. */
BfStyler *bf_styler_new (const BfDocument *doc);
void bf_styler_free (BfStyler *styler);

/* Warnings from reading the sheets, owned by @styler. */
GPtrArray *bf_styler_get_warnings (const BfStyler *styler);

/* @element's style: the defaults, then every matching declaration in
 * cascade order.  @styler may be NULL (defaults only). */
void bf_styler_compute (const BfStyler *styler, const BfComputedStyle *parent,
                        xmlNodePtr element, BfComputedStyle *out);

#endif
