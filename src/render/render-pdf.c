/* render-pdf.c — the PDF writer: Cairo's PDF surface, one page per layout
 * page.  Fonts are subset and embedded by Cairo; glyphs are drawn with their
 * text and cluster map (pango_cairo_show_glyph_item), so text can be copied
 * out in logical order.  Pictures are drawn by the image stage, which
 * embeds each once.  Adds document information, an outline from the
 * headings, named destinations, links and page labels; each item is drawn
 * in its place in the tag tree (pdf-structure.c), and the file, kept in
 * memory, is finished (pdf-finish.c) before it is written. */
#include "render/render.h"
#include "render/pdf-structure.h"

#include <cairo-pdf.h>
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void
set_color (cairo_t *cr, guint32 rgb)
{
  cairo_set_source_rgb (cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                        (rgb & 0xff) / 255.0);
}

/* Draws a picture.  Cairo 1.16 names a picture painted twice on one page
 * twice in the page's resources (a duplicated key, for which some print
 * filters drop the page), so a second drawing on the same page goes inside
 * a group of its own, whose resources name it once.  (Not the first: a
 * group as the very first drawing of a tagged document makes Cairo fail.) */
static void
draw_picture (cairo_t *cr, const BfDisplayItem *item, GHashTable *pictures)
{
  gboolean again = pictures && g_hash_table_contains (pictures, item->image);
  if (again)
    cairo_push_group (cr);
  bf_image_draw (cr, item->image, item->x, item->y, item->width, item->height);
  if (again)
    {
      cairo_pop_group_to_source (cr);
      cairo_paint (cr);
    }
  else if (pictures)
    g_hash_table_add (pictures, item->image);
}

/* A border in dashes (three times as long as it is thick, two apart) or
 * dots (squares, one apart) along its length, the pattern laid from the
 * page's origin, so that a border drawn line by line goes on unbroken
 * from one line to the next.  Never finer than half a point, so that a
 * hair of a border does not become thousands of dots. */
static void
add_dashes (cairo_t *cr, const BfDisplayItem *rule)
{
  gboolean along_x = rule->width >= rule->height;
  double unit = MAX (along_x ? rule->height : rule->width, 0.5);
  double from = along_x ? rule->x : rule->y, to = from + (along_x ? rule->width : rule->height);
  double on = rule->line == BF_LINE_DOTTED ? unit : 3 * unit;
  double period = on + (rule->line == BF_LINE_DOTTED ? unit : 2 * unit);
  for (double at = floor (from / period) * period; at < to; at += period)
    {
      double a = MAX (at, from), b = MIN (at + on, to);
      if (b <= a)
        continue;
      if (along_x)
        cairo_rectangle (cr, a, rule->y, b - a, rule->height);
      else
        cairo_rectangle (cr, rule->x, a, rule->width, b - a);
    }
}

void
bf_render_item (cairo_t *cr, const BfDisplayItem *item, GHashTable *pictures)
{
  switch (item->kind)
    {
    case BF_ITEM_GLYPHS:
      set_color (cr, item->color);
      bf_render_glyph_run (cr, item->text, item->glyphs, item->x, item->y);
      break;
    case BF_ITEM_RULE:
      set_color (cr, item->color);
      if (item->line == BF_LINE_SOLID)
        cairo_rectangle (cr, item->x, item->y, item->width, item->height);
      else
        add_dashes (cr, item);
      cairo_fill (cr);
      break;
    case BF_ITEM_IMAGE:
      draw_picture (cr, item, pictures);
      break;
    default:
      break;
    }
}

void
bf_render_page_items (cairo_t *cr, const BfPage *page, GHashTable *pictures)
{
  for (guint i = 0; i < page->items->len; i++)
    bf_render_item (cr, &g_array_index (page->items, BfDisplayItem, i), pictures);
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
transform_rect (const cairo_matrix_t *m, double x, double y, double w, double h, double out[4])
{
  double xs[4] = { x, x + w, x, x + w }, ys[4] = { y, y, y + h, y + h };
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  for (int i = 0; i < 4; i++)
    {
      cairo_matrix_transform_point (m, &xs[i], &ys[i]);
      x0 = MIN (x0, xs[i]);
      y0 = MIN (y0, ys[i]);
      x1 = MAX (x1, xs[i]);
      y1 = MAX (y1, ys[i]);
    }
  out[0] = x0;
  out[1] = y0;
  out[2] = x1 - x0;
  out[3] = y1 - y0;
}

/* A named destination or a link, at its place through @m.  Cairo reads
 * tag coordinates in user space, so they are written with an identity
 * matrix. */
static void
emit_dest (BfPdfWriter *w, const BfDisplayItem *item, const cairo_matrix_t *m)
{
  if (g_hash_table_contains (w->emitted, item->name))
    return;
  g_hash_table_add (w->emitted, g_strdup (item->name));
  double x = item->x, y = item->y;
  cairo_matrix_transform_point (m, &x, &y);
  g_autofree char *name = quote_attribute (item->name);
  g_autofree char *attrs = g_strdup_printf ("name=%s x=%.2f y=%.2f", name, x, y);
  cairo_save (w->cr);
  cairo_identity_matrix (w->cr);
  cairo_tag_begin (w->cr, CAIRO_TAG_DEST, attrs);
  cairo_tag_end (w->cr, CAIRO_TAG_DEST);
  cairo_restore (w->cr);
}

static void
emit_link (BfPdfWriter *w, GArray *items, guint index, const cairo_matrix_t *m)
{
  const BfDisplayItem *item = &g_array_index (items, BfDisplayItem, index);
  double r[4];
  transform_rect (m, item->x, item->y, item->width, item->height, r);
  g_autofree char *target = NULL;
  if (item->name[0] == '#')
    {
      /* The id as written, or percent-decoded (Markdown writes "#بخش"
       * as "#%D8%A8…"); "#top" and "#", which no id is, lead to the first
       * page, as in a browser.  A link to no id is not made (the layout
       * warned). */
      const char *id = item->name + 1;
      g_autofree char *decoded = NULL;
      if (!g_hash_table_contains (w->dests, id))
        {
          decoded = g_uri_unescape_string (id, NULL);
          if (decoded && g_hash_table_contains (w->dests, decoded))
            id = decoded;
          else if (!*id || g_ascii_strcasecmp (id, "top") == 0)
            id = NULL;
          else
            return;
        }
      g_autofree char *dest = id ? quote_attribute (id) : NULL;
      target = id ? g_strdup_printf ("dest=%s", dest) : g_strdup ("page=1 pos=[0 0]");
    }
  else
    {
      g_autofree char *uri = quote_attribute (item->name);
      target = g_strdup_printf ("uri=%s", uri);
    }
  g_autofree char *attrs = g_strdup_printf ("rect=[%.2f %.2f %.2f %.2f] %s", r[0], r[1], r[2],
                                            r[3], target);
  gboolean holds_text = bf_pdf_structure_enter_link (w->structure, items, index);
  cairo_save (w->cr);
  cairo_identity_matrix (w->cr);
  cairo_tag_begin (w->cr, CAIRO_TAG_LINK, attrs);
  if (!holds_text)
    cairo_tag_end (w->cr, CAIRO_TAG_LINK);
  bf_pdf_structure_leave_link (w->structure, holds_text);
  cairo_restore (w->cr);
}

static void
add_outline (BfPdfWriter *w)
{
  const BfLayout *layout = w->layout;
  int parents[8] = { CAIRO_PDF_OUTLINE_ROOT };
  int levels[8] = { 0 };
  int depth = 0;
  for (guint i = 0; i < layout->outline->len; i++)
    {
      const BfOutlineEntry *e = &g_array_index (layout->outline, BfOutlineEntry, i);
      while (depth > 0 && levels[depth] >= e->level)
        depth--;
      if ((guint) e->page >= w->n_placed || w->placed[e->page].output_page == 0)
        continue;
      double x = 0, y = MAX (0, e->y - 6);
      cairo_matrix_transform_point (&w->placed[e->page].matrix, &x, &y);
      g_autofree char *link = g_strdup_printf ("page=%d pos=[%.2f %.2f]",
                                               w->placed[e->page].output_page, MAX (0, x),
                                               MAX (0, y));
      int id = cairo_pdf_surface_add_outline (w->surface, parents[depth], e->title, link,
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
  const char *title = bf_document_get_title (layout->doc);
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

/* Pages freed before memory is first given back (about 4 MB of a book's
 * display lists); then each time as many again have been freed as before
 * (256, 512…): giving back walks the whole heap, so a fixed interval would
 * make a long book's drawing quadratic. */
#define PAGES_BEFORE_TRIM 128

/* Gives the system the memory freed pages leave free: glibc keeps it
 * otherwise, scattered through its heap where what is drawn next (Cairo's
 * file, the tag pass's objects) only partly fills it, and the process
 * would hold both.  Measured on the 40-chapter book: a peak of 129 MB
 * without, 121 MB with. */
static void
trim_freed_memory (void)
{
#ifdef __GLIBC__
  malloc_trim (0);
#endif
}

/* Cairo's file goes to the spool (a temporary file, or memory): it is
 * finished (pdf-finish.c) before it is written. */
static cairo_status_t
write_to_stream (void *closure, const unsigned char *data, unsigned int length)
{
  BfPdfSpool *spool = closure;
  bf_pdf_spool_write (spool, data, length);
  return CAIRO_STATUS_SUCCESS;
}

BfPdfWriter *
bf_pdf_writer_new (const BfLayout *layout, const char *path, double width, double height,
                   GError **error)
{
  BfAtomicFile *file = NULL;
  if (path && !(file = bf_atomic_file_new (path, error)))
    return NULL;
  BfPdfWriter *w = g_new0 (BfPdfWriter, 1);
  w->layout = layout;
  w->file = file;
  w->spool = bf_pdf_spool_new (layout->jobs);
  w->page_height = height;
  w->surface = cairo_pdf_surface_create_for_stream (write_to_stream, w->spool, width, height);
  set_metadata (w->surface, layout);
  w->cr = cairo_create (w->surface);
  w->dests = g_hash_table_ref (layout->anchors);
  w->pictures = g_hash_table_new (g_direct_hash, g_direct_equal);
  w->emitted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  w->output_page = 1;
  w->n_placed = MAX (layout->pages->len, 1);
  w->placed = g_malloc0_n (w->n_placed, sizeof *w->placed);
  w->structure = bf_pdf_structure_new (w->cr, layout);
  return w;
}

BfPdfWriter *
bf_pdf_writer_new_consume (BfLayout *layout, double width, double height)
{
  BfPdfWriter *w = bf_pdf_writer_new (layout, NULL, width, height, NULL);
  w->owned_layout = layout;
  w->draws_left = g_new (int, MAX (layout->pages->len, 1));
  for (guint p = 0; p < layout->pages->len; p++)
    w->draws_left[p] = 1;
  return w;
}

void
bf_pdf_writer_set_draws (BfPdfWriter *w, int index, int draws)
{
  g_return_if_fail (w->owned_layout && index >= 0
                    && (guint) index < w->owned_layout->pages->len);
  w->draws_left[index] = draws;
}

/* Draws @page, layout page @index, as bf_pdf_writer_draw_page() does, and
 * records where; lets nothing go. */
static void
draw_page (BfPdfWriter *w, const BfPage *page, int index, const cairo_matrix_t *base, double x,
           double y, const cairo_rectangle_t *clip)
{
  cairo_t *cr = w->cr;
  cairo_save (cr);
  if (base)
    cairo_set_matrix (cr, base);
  if (clip)
    {
      cairo_rectangle (cr, clip->x, clip->y, clip->width, clip->height);
      cairo_clip (cr);
    }
  cairo_translate (cr, x, y);
  cairo_matrix_t m;
  cairo_get_matrix (cr, &m);
  /* librsvg sets an SVG's text with the thread's default Pango font map:
   * for the time of the page that is the document's, so the text of
   * pictures comes from the same fonts as the rest, and no font map of the
   * system's is left behind. */
  pango_cairo_font_map_set_default (PANGO_CAIRO_FONT_MAP (w->layout->fonts->font_map));
  bf_pdf_structure_begin_page (w->structure, index);
  for (guint i = 0; i < page->items->len; i++)
    {
      const BfDisplayItem *item = &g_array_index (page->items, BfDisplayItem, i);
      if (item->kind == BF_ITEM_DEST)
        emit_dest (w, item, &m);
      else if (item->kind == BF_ITEM_LINK)
        emit_link (w, page->items, i, &m);
      else
        {
          bf_pdf_structure_enter_item (w->structure, page->items, i, &m, w->page_height);
          bf_render_item (cr, item, w->pictures);
          bf_pdf_structure_leave_item (w->structure, item);
        }
    }
  pango_cairo_font_map_set_default (NULL);
  cairo_restore (cr);
  if ((guint) index >= w->n_placed)
    {
      guint n = MAX ((guint) index + 1, w->n_placed * 2);
      w->placed = g_realloc_n (w->placed, n, sizeof *w->placed);
      memset (w->placed + w->n_placed, 0, (n - w->n_placed) * sizeof *w->placed);
      w->n_placed = n;
    }
  w->placed[index].output_page = w->output_page;
  w->placed[index].matrix = m;
}

/* Frees the display list of page @index of @layout, drawn, and now and then
 * gives the memory back. */
static void
release_page (BfPdfWriter *w, BfLayout *layout, int index)
{
  bf_layout_release_page (layout, index);
  int released = ++w->pages_released;
  if (released >= PAGES_BEFORE_TRIM && (released & (released - 1)) == 0)
    trim_freed_memory ();
}

void
bf_pdf_writer_draw_page (BfPdfWriter *w, int index, const cairo_matrix_t *base, double x,
                         double y, const cairo_rectangle_t *clip)
{
  g_return_if_fail (!w->owned_layout || w->draws_left[index] > 0);
  draw_page (w, w->layout->pages->pdata[index], index, base, x, y, clip);
  /* Let go after its last drawing, or at once when drawn as laid out. */
  BfLayout *releasing = w->streamed_layout;
  if (w->owned_layout && --w->draws_left[index] == 0)
    releasing = w->owned_layout;
  if (releasing)
    release_page (w, releasing, index);
}

void
bf_pdf_writer_next_page (BfPdfWriter *w)
{
  bf_pdf_structure_end_page (w->structure);
  cairo_show_page (w->cr);
  g_hash_table_remove_all (w->pictures);
  w->output_page++;
}

BfPdfDraft *
bf_pdf_writer_end_drawing (BfPdfWriter *w)
{
  g_return_val_if_fail (w->cr != NULL, NULL);
  const BfDocument *doc = w->layout->doc;
  BfPdfDraft *draft = g_new0 (BfPdfDraft, 1);
  draft->lang = g_strdup (bf_pdf_document_lang (doc));
  draft->xmp = bf_pdf_xmp_packet (doc);
  draft->jobs = w->layout->jobs;
  bf_pdf_structure_end (w->structure);
  /* Shown explicitly: Cairo drops a last page that is blank otherwise. */
  cairo_show_page (w->cr);
  add_outline (w);
  cairo_destroy (w->cr);
  w->cr = NULL;
  draft->surface = g_steal_pointer (&w->surface);
  draft->spool = g_steal_pointer (&w->spool);
  draft->fonts = bf_fonts_ref (w->layout->fonts);
  draft->structure = g_steal_pointer (&w->structure);
  draft->path = g_strdup (w->file ? w->file->path : "<memory>");
  w->streamed_layout = NULL;
  w->layout = NULL;
  return draft;
}

/* Finishes Cairo's file of @draft, and lets Cairo and the fonts go. */
static gboolean
finish_cairo (BfPdfDraft *draft, GError **error)
{
  if (!draft->surface)
    return TRUE;
  /* What was let go before (the layout, the document) goes back to the
   * system first: Cairo's finishing takes large blocks of its own. */
  trim_freed_memory ();
  cairo_surface_finish (draft->surface);
  cairo_status_t status = cairo_surface_status (draft->surface);
  /* What Cairo holds is written: let it go before the file is read again,
   * and the fonts with it (Cairo drew with them until now). */
  g_clear_pointer (&draft->surface, cairo_surface_destroy);
  g_clear_pointer (&draft->fonts, bf_fonts_unref);
  trim_freed_memory ();
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, BF_ERROR,
                   status == CAIRO_STATUS_WRITE_ERROR ? BF_ERROR_IO : BF_ERROR_LIBRARY,
                   "%s: cannot write the PDF: %s", draft->path, cairo_status_to_string (status));
      return FALSE;
    }
  GError *spool_error = NULL;
  draft->cairo_pdf = bf_pdf_spool_finish (g_steal_pointer (&draft->spool), &draft->finished,
                                          &spool_error);
  if (!draft->cairo_pdf)
    {
      g_set_error (error, BF_ERROR, spool_error->code, "%s: cannot write the PDF: %s",
                   draft->path, spool_error->message);
      g_error_free (spool_error);
      return FALSE;
    }
  return TRUE;
}

BfPdfDraft *
bf_pdf_writer_end_draft (BfPdfWriter *w, GError **error)
{
  g_return_val_if_fail (w->cr != NULL, NULL);
  BfLayout *owned = g_steal_pointer (&w->owned_layout);
  BfPdfDraft *draft = bf_pdf_writer_end_drawing (w);
  gboolean finished = finish_cairo (draft, error);
  if (owned)
    {
      bf_layout_free (owned);
      trim_freed_memory ();
    }
  if (!finished)
    {
      bf_pdf_draft_free (draft);
      return NULL;
    }
  return draft;
}

/* Finishes @draft into @file (and commits it), or into *@bytes when @file
 * is NULL. */
static gboolean
finish_draft (BfPdfDraft *draft, BfAtomicFile *file, GBytes **bytes, GError **error)
{
  if (file)
    {
      /* Named in what Cairo's finishing may fail with. */
      g_free (draft->path);
      draft->path = g_strdup (file->path);
    }
  if (!finish_cairo (draft, error))
    return FALSE;
  g_return_val_if_fail (draft->cairo_pdf != NULL, FALSE);
  gboolean done = bf_pdf_finish (g_steal_pointer (&draft->cairo_pdf), draft->finished,
                                 bf_pdf_structure_get_elements (draft->structure), draft->lang,
                                 draft->xmp, draft->jobs, file ? file->stream : NULL, bytes,
                                 error);
  if (!done)
    {
      g_prefix_error (error, "%s: ", file ? file->path : "<memory>");
      return FALSE;
    }
  return !file || bf_atomic_file_commit (file, error);
}

gboolean
bf_pdf_draft_finish (BfPdfDraft *draft, const char *path, GError **error)
{
  g_return_val_if_fail (draft && path, FALSE);
  g_autoptr (BfAtomicFile) file = bf_atomic_file_new (path, error);
  return file && finish_draft (draft, file, NULL, error);
}

GBytes *
bf_pdf_draft_finish_to_bytes (BfPdfDraft *draft, GError **error)
{
  g_return_val_if_fail (draft != NULL, NULL);
  GBytes *bytes = NULL;
  finish_draft (draft, NULL, &bytes, error);
  return bytes;
}

void
bf_pdf_draft_free (BfPdfDraft *draft)
{
  if (!draft)
    return;
  if (draft->surface)
    cairo_surface_destroy (draft->surface); /* finished into the spool, then freed */
  bf_pdf_spool_free (draft->spool);
  if (draft->fonts)
    bf_fonts_unref (draft->fonts);
  g_free (draft->path);
  if (draft->cairo_pdf)
    g_bytes_unref (draft->cairo_pdf);
  if (draft->finished)
    g_hash_table_unref (draft->finished);
  bf_pdf_structure_free (draft->structure);
  g_free (draft->lang);
  g_free (draft->xmp);
  g_free (draft);
}

gboolean
bf_pdf_writer_close (BfPdfWriter *w, GError **error)
{
  g_return_val_if_fail (w->file != NULL, FALSE);
  g_autoptr (BfPdfDraft) draft = bf_pdf_writer_end_draft (w, error);
  return draft && finish_draft (draft, w->file, NULL, error);
}

GBytes *
bf_pdf_writer_close_to_bytes (BfPdfWriter *w, GError **error)
{
  g_return_val_if_fail (w->file == NULL, NULL);
  g_autoptr (BfPdfDraft) draft = bf_pdf_writer_end_draft (w, error);
  return draft ? bf_pdf_draft_finish_to_bytes (draft, error) : NULL;
}

void
bf_pdf_writer_free (BfPdfWriter *w)
{
  if (!w)
    return;
  if (w->cr)
    cairo_destroy (w->cr);
  if (w->surface)
    {
      cairo_surface_finish (w->surface);
      cairo_surface_destroy (w->surface);
    }
  bf_atomic_file_free (w->file);
  bf_pdf_spool_free (w->spool);
  bf_pdf_structure_free (w->structure);
  bf_layout_free (w->owned_layout);
  g_free (w->draws_left);
  g_hash_table_unref (w->dests);
  g_hash_table_unref (w->pictures);
  g_hash_table_unref (w->emitted);
  g_free (w->placed);
  g_free (w);
}

/* The label of layout page @index: its number as its margin boxes show it
 * (Persian digits, roman numerals), so that a viewer's page box agrees
 * with the page. */
static char *
page_label_new (const BfLayout *layout, int index)
{
  const GPtrArray *labels = layout->page_labels;
  const char *shown = (guint) index < labels->len ? labels->pdata[index] : NULL;
  return shown ? g_strdup (shown) : g_strdup_printf ("%d", index + 1);
}

/* Labels the current PDF page as layout page @index. */
static void
label_page (BfPdfWriter *w, int index)
{
  g_autofree char *label = page_label_new (w->layout, index);
  cairo_pdf_surface_set_page_label (w->surface, label);
}

static void
draw_pages (BfPdfWriter *w, const BfLayout *layout)
{
  for (guint p = 0; p < layout->pages->len; p++)
    {
      if (p > 0)
        bf_pdf_writer_next_page (w);
      bf_pdf_writer_draw_page (w, p, NULL, 0, 0, NULL);
      label_page (w, p); /* after drawing: Cairo forgets a label set before a page starts */
    }
}

/* ------------------------------------------------- laid out as drawn */

/* With more than one job, each page is drawn on a thread of its own (the
 * drawer) while the next ones are laid out; with one, in the pager's sink.
 * Either way the pages are drawn one after the other in the same order,
 * so the file is the same byte for byte.
 *
 * Only the drawer touches Cairo's surface and the writer's drawing state
 * until it is joined.  Pango's font map is not safe in threads and stays
 * with the layout's thread: Pango makes a font's Cairo and HarfBuzz fonts
 * on first use, without a lock, so they are made there before a page is
 * handed over; a page is let go there once drawn, since a font's last
 * reference reaches the font map; and a page whose drawing calls into the
 * font map itself (an SVG picture, whose text librsvg sets with Pango; a
 * missing glyph's hex box, which Pango draws) is drawn while the layout
 * waits.  The display list of a final page is not changed again, and the
 * document's tree, which the tag tree reads, is not changed by layout. */

/* Pages laid out ahead of the one being drawn, at most: enough to keep both
 * threads busy through a page's unevenness, few enough to hold little. */
#define PAGES_AHEAD 8

/* A page handed to the drawer. */
typedef struct {
  const BfPage *page;
  int index;
  char *label;               /* owned */
} PageJob;

/* A layout being drawn as it is laid out. */
typedef struct {
  BfPdfWriter *w;            /* NULL until the first page */
  int jobs;                  /* 0: the default */
  GThread *drawer;           /* NULL: pages drawn in the sink */
  GAsyncQueue *to_draw;      /* PageJob*, then the Drawing itself: no more */
  GAsyncQueue *drawn;        /* the index + 1 of each page drawn, in order */
  int handed, released;      /* pages handed to the drawer, and let go since */
} Drawing;

static gpointer
draw_handed_pages (gpointer data)
{
  Drawing *d = data;
  PageJob *job;
  for (int n = 0; (job = g_async_queue_pop (d->to_draw)) != (gpointer) d; n++)
    {
      if (n > 0)
        bf_pdf_writer_next_page (d->w);
      draw_page (d->w, job->page, job->index, NULL, 0, 0, NULL);
      /* After drawing: Cairo forgets a label set before a page starts. */
      cairo_pdf_surface_set_page_label (d->w->surface, job->label);
      g_async_queue_push (d->drawn, GINT_TO_POINTER (job->index + 1));
      g_free (job->label);
      g_free (job);
    }
  return NULL;
}

/* Makes the Cairo and HarfBuzz fonts of every run on @page, and says
 * whether drawing it calls into Pango's font map. */
static gboolean
prepare_fonts (const BfPage *page)
{
  gboolean uses_font_map = FALSE;
  PangoFont *prepared = NULL;
  for (guint i = 0; i < page->items->len; i++)
    {
      const BfDisplayItem *item = &g_array_index (page->items, BfDisplayItem, i);
      if (item->kind == BF_ITEM_IMAGE)
        uses_font_map |= bf_image_get_kind (item->image) == BF_IMAGE_SVG;
      if (item->kind != BF_ITEM_GLYPHS)
        continue;
      PangoFont *font = item->glyphs->item->analysis.font;
      if (font != prepared)
        {
          prepared = font;
          pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (font));
          pango_font_get_hb_font (font);
        }
      uses_font_map |= bf_glyph_run_drawn_by_pango (item->glyphs);
    }
  return uses_font_map;
}

/* Lets the pages drawn go, first waiting until at least @count have been. */
static void
release_drawn (Drawing *d, BfLayout *layout, int count)
{
  for (;;)
    {
      gpointer drawn = d->released < count ? g_async_queue_pop (d->drawn)
                                            : g_async_queue_try_pop (d->drawn);
      if (!drawn)
        return;
      release_page (d->w, layout, GPOINTER_TO_INT (drawn) - 1);
      d->released++;
    }
}

/* The writer, made once the layout has loaded every font it draws with
 * (with its first page, or after it when it has none), with the threads it
 * may use, and the drawer when there are two or more. */
static void
start_drawing (Drawing *d, BfLayout *layout)
{
  if (d->jobs > 0)
    bf_layout_set_jobs (layout, d->jobs);
  d->w = bf_pdf_writer_new (layout, NULL, layout->setup.width, layout->setup.height, NULL);
  d->w->streamed_layout = layout;
  if (layout->jobs > 1)
    {
      d->to_draw = g_async_queue_new ();
      d->drawn = g_async_queue_new ();
      d->drawer = g_thread_new ("bifolio-draw", draw_handed_pages, d);
    }
}

/* Waits for the drawer to draw every page handed to it, and lets them go. */
static void
stop_drawing (Drawing *d, BfLayout *layout)
{
  if (!d->drawer)
    return;
  g_async_queue_push (d->to_draw, d);
  g_thread_join (g_steal_pointer (&d->drawer));
  if (layout)
    release_drawn (d, layout, d->handed);
  g_clear_pointer (&d->to_draw, g_async_queue_unref);
  g_clear_pointer (&d->drawn, g_async_queue_unref);
}

/* The pager's sink: draws layout page @index, final, and lets it go, or
 * hands it to the drawer. */
static void
draw_final_page (BfLayout *layout, int index, gpointer data)
{
  Drawing *d = data;
  gboolean first = !d->w;
  if (first)
    start_drawing (d, layout);
  if (!d->drawer)
    {
      if (!first)
        bf_pdf_writer_next_page (d->w);
      bf_pdf_writer_draw_page (d->w, index, NULL, 0, 0, NULL);
      label_page (d->w, index);
      return;
    }
  PageJob *job = g_new (PageJob, 1);
  job->page = layout->pages->pdata[index];
  job->index = index;
  job->label = page_label_new (layout, index);
  gboolean uses_font_map = prepare_fonts (job->page);
  g_async_queue_push (d->to_draw, job);
  d->handed++;
  release_drawn (d, layout, uses_font_map ? d->handed : d->handed - PAGES_AHEAD);
}

BfLayout *
bf_layout_new_drawing_pdf (BfFonts *fonts, const BfDocument *doc, const BfPageSetup *setup,
                           int jobs, BfPdfDraft **draft, GError **error)
{
  g_return_val_if_fail (fonts && doc && setup && draft, NULL);
  *draft = NULL;
  Drawing d = { NULL, jobs };
  BfLayout *layout = bf_layout_new_with_sink (fonts, doc, setup, draw_final_page, &d, error);
  stop_drawing (&d, layout);
  if (!layout)
    {
      bf_pdf_writer_free (d.w);
      return NULL;
    }
  if (!d.w)
    start_drawing (&d, layout);
  stop_drawing (&d, layout);
  /* Cairo's file is finished with the draft, once the caller has let the
   * layout and its document go. */
  *draft = bf_pdf_writer_end_drawing (d.w);
  bf_pdf_writer_free (d.w);
  return layout;
}

gboolean
bf_layout_write_pdf (const BfLayout *layout, const char *path, GError **error)
{
  g_return_val_if_fail (layout && path, FALSE);
  g_autoptr (BfPdfWriter) w = bf_pdf_writer_new (layout, path, layout->setup.width,
                                                 layout->setup.height, error);
  if (!w)
    return FALSE;
  draw_pages (w, layout);
  return bf_pdf_writer_close (w, error);
}

GBytes *
bf_layout_write_pdf_to_bytes (const BfLayout *layout, GError **error)
{
  g_return_val_if_fail (layout != NULL, NULL);
  g_autoptr (BfPdfWriter) w = bf_pdf_writer_new (layout, NULL, layout->setup.width,
                                                 layout->setup.height, error);
  draw_pages (w, layout);
  return bf_pdf_writer_close_to_bytes (w, error);
}

/* ---------------------------------------------------------- chosen pages */

static gboolean
check_pages (const BfLayout *layout, const int *pages, int n_pages, GError **error)
{
  if (n_pages < 1)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_USAGE, "no page chosen");
      return FALSE;
    }
  for (int i = 0; i < n_pages; i++)
    if (pages[i] < 1 || pages[i] > (int) layout->pages->len)
      {
        g_set_error (error, BF_ERROR, BF_ERROR_USAGE, "there is no page %d (the document has %u)",
                     pages[i], layout->pages->len);
        return FALSE;
      }
  return TRUE;
}

/* Adds the names of the destinations on @page to @dests. */
static void
add_dests (GHashTable *dests, const BfPage *page)
{
  for (guint i = 0; i < page->items->len; i++)
    {
      const BfDisplayItem *item = &g_array_index (page->items, BfDisplayItem, i);
      if (item->kind == BF_ITEM_DEST)
        g_hash_table_add (dests, g_strdup (item->name));
    }
}

/* Draws @pages (from 1) one to a PDF page.  Links lead only to places on
 * the pages drawn; the outline names only headings on them. */
static void
draw_chosen_pages (BfPdfWriter *w, const int *pages, int n_pages)
{
  g_hash_table_unref (w->dests);
  w->dests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (int i = 0; i < n_pages; i++)
    add_dests (w->dests, w->layout->pages->pdata[pages[i] - 1]);
  if (w->owned_layout)
    {
      /* A page may be chosen twice: it is freed after its last drawing. */
      g_autofree int *draws = g_new0 (int, w->layout->pages->len);
      for (int i = 0; i < n_pages; i++)
        draws[pages[i] - 1]++;
      for (guint p = 0; p < w->layout->pages->len; p++)
        bf_pdf_writer_set_draws (w, p, draws[p]);
    }
  for (int i = 0; i < n_pages; i++)
    {
      if (i > 0)
        bf_pdf_writer_next_page (w);
      bf_pdf_writer_draw_page (w, pages[i] - 1, NULL, 0, 0, NULL);
      label_page (w, pages[i] - 1);
    }
}

gboolean
bf_layout_write_pdf_pages (const BfLayout *layout, const int *pages, int n_pages,
                           const char *path, GError **error)
{
  g_return_val_if_fail (layout && path && (pages || n_pages == 0), FALSE);
  if (!check_pages (layout, pages, n_pages, error))
    return FALSE;
  g_autoptr (BfPdfWriter) w = bf_pdf_writer_new (layout, path, layout->setup.width,
                                                 layout->setup.height, error);
  if (!w)
    return FALSE;
  draw_chosen_pages (w, pages, n_pages);
  return bf_pdf_writer_close (w, error);
}

GBytes *
bf_layout_write_pdf_pages_to_bytes (const BfLayout *layout, const int *pages, int n_pages,
                                    GError **error)
{
  g_return_val_if_fail (layout && (pages || n_pages == 0), NULL);
  if (!check_pages (layout, pages, n_pages, error))
    return NULL;
  g_autoptr (BfPdfWriter) w = bf_pdf_writer_new (layout, NULL, layout->setup.width,
                                                 layout->setup.height, error);
  draw_chosen_pages (w, pages, n_pages);
  return bf_pdf_writer_close_to_bytes (w, error);
}

BfPdfDraft *
bf_layout_draw_pdf_consume (BfLayout *layout, const int *pages, int n_pages, GError **error)
{
  g_return_val_if_fail (layout != NULL, NULL);
  if (pages && !check_pages (layout, pages, n_pages, error))
    {
      bf_layout_free (layout);
      return NULL;
    }
  g_autoptr (BfPdfWriter) w = bf_pdf_writer_new_consume (layout, layout->setup.width,
                                                         layout->setup.height);
  if (pages)
    draw_chosen_pages (w, pages, n_pages);
  else
    draw_pages (w, layout);
  return bf_pdf_writer_end_draft (w, error);
}
