/* render-trace.c — a text dump of every page's display list, one item a
 * line, for golden tests and debugging. */
#include "render/render.h"

static void
dump_glyphs (GString *out, const BfDisplayItem *item)
{
  const PangoItem *pi = item->glyphs->item;
  PangoFontDescription *desc = pi->analysis.font ? pango_font_describe (pi->analysis.font) : NULL;
  g_string_append_printf (out, "  glyphs x=%.1f y=%.1f w=%.1f level=%d font=\"%s\" #%06x \"%.*s\"\n",
                          item->x, item->y,
                          (double) item->glyphs->width / PANGO_SCALE,
                          pi->analysis.level,
                          desc ? pango_font_description_get_family (desc) : "?",
                          item->color, pi->length, item->text + pi->offset);
  if (desc)
    pango_font_description_free (desc);
}

char *
bf_layout_dump (const BfLayout *layout)
{
  GString *out = g_string_new (NULL);
  for (guint p = 0; p < layout->pages->len; p++)
    {
      const BfPage *page = layout->pages->pdata[p];
      g_string_append_printf (out, "page %u %.1fx%.1f\n", p + 1, layout->setup.width,
                              layout->setup.height);
      for (guint i = 0; i < page->items->len; i++)
        {
          const BfDisplayItem *item = &g_array_index (page->items, BfDisplayItem, i);
          switch (item->kind)
            {
            case BF_ITEM_GLYPHS:
              dump_glyphs (out, item);
              break;
            case BF_ITEM_RULE:
              g_string_append_printf (out, "  rule x=%.1f y=%.1f w=%.1f h=%.1f%s\n", item->x,
                                      item->y, item->width, item->height,
                                      item->line == BF_LINE_DASHED   ? " dashed"
                                      : item->line == BF_LINE_DOTTED ? " dotted"
                                                                     : "");
              break;
            case BF_ITEM_LINK:
              g_string_append_printf (out, "  link x=%.1f y=%.1f w=%.1f h=%.1f %s\n", item->x,
                                      item->y, item->width, item->height, item->name);
              break;
            case BF_ITEM_DEST:
              g_string_append_printf (out, "  dest x=%.1f y=%.1f %s\n", item->x, item->y,
                                      item->name);
              break;
            case BF_ITEM_IMAGE:
              g_string_append_printf (out, "  image x=%.1f y=%.1f w=%.1f h=%.1f %s\n", item->x,
                                      item->y, item->width, item->height,
                                      bf_image_kind_to_string (bf_image_get_kind (item->image)));
              break;
            }
        }
    }
  for (guint i = 0; i < layout->outline->len; i++)
    {
      const BfOutlineEntry *e = &g_array_index (layout->outline, BfOutlineEntry, i);
      g_string_append_printf (out, "outline %d page=%d y=%.1f \"%s\"\n", e->level, e->page + 1,
                              e->y, e->title);
    }
  return g_string_free (out, FALSE);
}
