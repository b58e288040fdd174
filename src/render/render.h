/* render.h — the render stage: draws a layout's pages with Cairo.  Nothing
 * here lays out; it only reads the display lists. */
#ifndef BF_RENDER_H
#define BF_RENDER_H

#include <cairo.h>

#include "layout/layout.h"

/* Draws the items of @page on @cr (no links or destinations). */
void bf_render_page_items (cairo_t *cr, const BfPage *page);

#endif
