/* render-pdf.c — the PDF writer: Cairo's PDF surface, one page per layout
 * page.  Fonts are subset and embedded by Cairo; glyphs are drawn with their
 * text and cluster map (pango_cairo_show_glyph_item), so text can be copied
 * out in logical order.  Adds document information, an outline from the
 * headings, named destinations and links. */
#include "render/render.h"

#include <cairo-pdf.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void
set_color (cairo_t *cr, guint32 rgb)
{
  cairo_set_source_rgb (cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                        (rgb & 0xff) / 255.0);
}

void
bf_render_page_items (cairo_t *cr, const BfPage *page)
{
  for (guint i = 0; i < page->items->len; i++)
    {
      const BfDisplayItem *item = &g_array_index (page->items, BfDisplayItem, i);
      switch (item->kind)
        {
        case BF_ITEM_GLYPHS:
          set_color (cr, item->color);
          cairo_move_to (cr, item->x, item->y);
          pango_cairo_show_glyph_item (cr, item->text, item->glyph_item);
          break;
        case BF_ITEM_RULE:
          set_color (cr, item->color);
          cairo_rectangle (cr, item->x, item->y, item->width, item->height);
          cairo_fill (cr);
          break;
        default:
          break;
        }
    }
}

/* A string as a Cairo tag attribute value: quoted, ' and \ escaped. */
static char *
quote_attribute (const char *value)
{
  GString *out = g_string_new ("'");
  for (const char *p = value; *p; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');
  return g_string_free (out, FALSE);
}

static void
emit_links_and_dests (cairo_t *cr, const BfPage *page, GHashTable *dests, GHashTable *emitted)
{
  for (guint i = 0; i < page->items->len; i++)
    {
      const BfDisplayItem *item = &g_array_index (page->items, BfDisplayItem, i);
      if (item->kind == BF_ITEM_DEST && !g_hash_table_contains (emitted, item->name))
        {
          g_hash_table_add (emitted, item->name);
          g_autofree char *name = quote_attribute (item->name);
          g_autofree char *attrs = g_strdup_printf ("name=%s x=%.2f y=%.2f", name, item->x,
                                                    item->y);
          cairo_tag_begin (cr, CAIRO_TAG_DEST, attrs);
          cairo_tag_end (cr, CAIRO_TAG_DEST);
        }
      else if (item->kind == BF_ITEM_LINK)
        {
          g_autofree char *attrs = NULL;
          if (item->name[0] == '#')
            {
              if (!g_hash_table_contains (dests, item->name + 1))
                continue;
              g_autofree char *dest = quote_attribute (item->name + 1);
              attrs = g_strdup_printf ("rect=[%.2f %.2f %.2f %.2f] dest=%s", item->x, item->y,
                                       item->width, item->height, dest);
            }
          else
            {
              g_autofree char *uri = quote_attribute (item->name);
              attrs = g_strdup_printf ("rect=[%.2f %.2f %.2f %.2f] uri=%s", item->x, item->y,
                                       item->width, item->height, uri);
            }
          cairo_tag_begin (cr, CAIRO_TAG_LINK, attrs);
          cairo_tag_end (cr, CAIRO_TAG_LINK);
        }
    }
}

static void
add_outline (cairo_surface_t *surface, const BfLayout *layout)
{
  int parents[8] = { CAIRO_PDF_OUTLINE_ROOT };
  int levels[8] = { 0 };
  int depth = 0;
  for (guint i = 0; i < layout->outline->len; i++)
    {
      const BfOutlineEntry *e = &g_array_index (layout->outline, BfOutlineEntry, i);
      while (depth > 0 && levels[depth] >= e->level)
        depth--;
      g_autofree char *link = g_strdup_printf ("page=%d pos=[0 %.2f]", e->page + 1,
                                               MAX (0, e->y - 6));
      int id = cairo_pdf_surface_add_outline (surface, parents[depth], e->title, link,
                                              CAIRO_PDF_OUTLINE_FLAG_OPEN);
      if (depth < 7)
        {
          depth++;
          parents[depth] = id;
          levels[depth] = e->level;
        }
    }
}

/* ISO 8601 from SOURCE_DATE_EPOCH, or NULL when it is not set. */
static char *
reproducible_date (void)
{
  const char *epoch = g_getenv ("SOURCE_DATE_EPOCH");
  if (!epoch || !*epoch)
    return NULL;
  g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (g_ascii_strtoll (epoch, NULL, 10));
  return dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

static void
set_metadata (cairo_surface_t *surface, const BfLayout *layout)
{
  const char *title = bf_document_get_metadata (layout->doc, "title");
  const char *author = bf_document_get_metadata (layout->doc, "author");
  const char *subject = bf_document_get_metadata (layout->doc, "subtitle");
  if (title)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  if (author)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, author);
  if (subject)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, subject);
  g_autofree char *creator = g_strdup_printf ("bifolio %s", bf_version ());
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, creator);
  g_autofree char *date = reproducible_date ();
  if (date)
    {
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_MOD_DATE, date);
    }
}

static cairo_status_t
write_to_stream (void *closure, const unsigned char *data, unsigned int length)
{
  return fwrite (data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS
                                                     : CAIRO_STATUS_WRITE_ERROR;
}

gboolean
bf_layout_write_pdf (const BfLayout *layout, const char *path, GError **error)
{
  g_return_val_if_fail (layout && path, FALSE);
  g_autoptr (BfAtomicFile) file = bf_atomic_file_new (path, error);
  if (!file)
    return FALSE;

  const BfPageSetup *s = &layout->setup;
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (write_to_stream, file->stream,
                                                                  s->width, s->height);
  set_metadata (surface, layout);
  cairo_t *cr = cairo_create (surface);

  g_autoptr (GHashTable) dests = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) emitted = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint p = 0; p < layout->pages->len; p++)
    {
      const BfPage *page = layout->pages->pdata[p];
      for (guint i = 0; i < page->items->len; i++)
        {
          const BfDisplayItem *item = &g_array_index (page->items, BfDisplayItem, i);
          if (item->kind == BF_ITEM_DEST)
            g_hash_table_add (dests, item->name);
        }
    }
  cairo_tag_begin (cr, "Document", NULL);
  for (guint p = 0; p < layout->pages->len; p++)
    {
      const BfPage *page = layout->pages->pdata[p];
      bf_render_page_items (cr, page);
      emit_links_and_dests (cr, page, dests, emitted);
      cairo_show_page (cr);
    }
  cairo_tag_end (cr, "Document");
  add_outline (surface, layout);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_status_t status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, BF_ERROR,
                   status == CAIRO_STATUS_WRITE_ERROR ? BF_ERROR_IO : BF_ERROR_LIBRARY,
                   "%s: cannot write the PDF: %s", path, cairo_status_to_string (status));
      return FALSE;
    }
  return bf_atomic_file_commit (file, error);
}
