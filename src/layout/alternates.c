/* alternates.c — justification alternates (the OpenType feature jalt) for
 * text-justify: kashida.
 *
 * Arabic typographers widen a line with wider forms of letters before
 * they stretch a join (W3C alreq §3.4; the order of devices): a
 * face that has the feature `jalt` maps final forms (yeh, noon, seen…) to
 * wider alternates.  When a paragraph is shaped, each Arabic-script run
 * in such a face is shaped again by HarfBuzz twice, with the run's own
 * font features, without jalt and with it; a word whose glyphs differ
 * gets its alternate glyphs, kept beside the paragraph.  They are used
 * only where they are exactly a substitute: the plain shaping gives the
 * glyphs Pango gave (so nothing else about the word changes), both
 * shapings have as many glyphs in the same clusters, and the alternates
 * are wider.  The word's glyphs, positions and marks come from HarfBuzz's
 * shaping with the feature, so its marks sit where the font puts them on
 * the wider letter, and each glyph keeps its characters: extraction gives
 * back the text as typed.
 *
 * The breaker counts each word's extra width as stretch (at its last
 * character); a line that needs more than its spaces' natural stretch
 * takes alternates first, spread along it, whole words only and never
 * more than it needs, and the joins of the words it left alone take the
 * rest as tatweels (kashida.c).  Nastaliq faces may have alternates too:
 * they widen letters, not joins. */
#include "layout/paragraph-private.h"

#include <hb.h>
#include <hb-ot.h>

/* Whether the face has jalt, kept on the face (a run is asked about for
 * every Arabic-script run of every paragraph). */
static hb_user_data_key_t has_jalt_key;
enum { JALT_UNKNOWN, JALT_NONE, JALT_PRESENT };

static gboolean
face_has_jalt (hb_face_t *face)
{
  hb_tag_t tags[64];
  unsigned int start = 0, count;
  do
    {
      count = G_N_ELEMENTS (tags);
      hb_ot_layout_table_get_feature_tags (face, HB_OT_TAG_GSUB, start, &count, tags);
      for (unsigned int i = 0; i < count; i++)
        if (tags[i] == HB_TAG ('j', 'a', 'l', 't'))
          return TRUE;
      start += count;
    }
  while (count == G_N_ELEMENTS (tags));
  return FALSE;
}

static gboolean
has_jalt (hb_font_t *font)
{
  hb_face_t *face = hb_font_get_face (font);
  int known = GPOINTER_TO_INT (hb_face_get_user_data (face, &has_jalt_key));
  if (known != JALT_UNKNOWN)
    return known == JALT_PRESENT;
  gboolean present = face_has_jalt (face);
  hb_face_set_user_data (face, &has_jalt_key, GINT_TO_POINTER (present ? JALT_PRESENT : JALT_NONE),
                         NULL, FALSE);
  return present;
}

/* The font features @item is shaped with (font-feature-settings), and
 * jalt on the whole run when @jalt: a new array, its length in @n. */
static hb_feature_t *
item_features (const PangoItem *item, gboolean jalt, unsigned int *n)
{
  GArray *features = g_array_new (FALSE, FALSE, sizeof (hb_feature_t));
  for (GSList *l = item->analysis.extra_attrs; l; l = l->next)
    {
      PangoAttribute *attr = l->data;
      if (attr->klass->type != PANGO_ATTR_FONT_FEATURES)
        continue;
      g_auto (GStrv) settings = g_strsplit (((PangoAttrFontFeatures *) attr)->features, ",", -1);
      for (char **s = settings; *s; s++)
        {
          hb_feature_t feature;
          if (hb_feature_from_string (g_strstrip (*s), -1, &feature))
            g_array_append_val (features, feature);
        }
    }
  if (jalt)
    {
      hb_feature_t feature = { HB_TAG ('j', 'a', 'l', 't'), 1, HB_FEATURE_GLOBAL_START,
                               HB_FEATURE_GLOBAL_END };
      g_array_append_val (features, feature);
    }
  *n = features->len;
  return (hb_feature_t *) g_array_free (features, FALSE);
}

/* @item's text shaped by HarfBuzz as Pango shapes it, with or without jalt. */
static hb_buffer_t *
shape_run (hb_font_t *font, const char *text, const PangoItem *item, gboolean jalt)
{
  hb_buffer_t *buf = hb_buffer_create ();
  hb_buffer_add_utf8 (buf, text + item->offset, item->length, 0, item->length);
  hb_buffer_set_direction (buf, item->analysis.level % 2 ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
  hb_buffer_set_script (buf, HB_SCRIPT_ARABIC);
  hb_buffer_set_language (buf, hb_language_from_string (pango_language_to_string (item->analysis.language), -1));
  hb_buffer_set_flags (buf, HB_BUFFER_FLAG_BOT | HB_BUFFER_FLAG_EOT);
  unsigned int n;
  hb_feature_t *features = item_features (item, jalt, &n);
  hb_shape (font, buf, features, n);
  g_free (features);
  return buf;
}

/* Where each word's glyphs are in a shaped run: [first, first + n). */
typedef struct {
  int first, n;
} GlyphRange;

/* The word of @starts (the words' first bytes, ascending) that byte
 * @cluster falls in, or -1 before the first. */
static int
word_at (const GArray *starts, int cluster)
{
  int lo = 0, hi = (int) starts->len;
  while (lo < hi)
    {
      int mid = (lo + hi) / 2;
      if (g_array_index (starts, int, mid) <= cluster)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo - 1;
}

/* The glyphs of each word (@starts and @stops, bytes of the run) among
 * @n glyphs whose clusters are @clusters (a word's glyphs are contiguous,
 * in either direction): one pass, a new array of starts->len ranges. */
static GlyphRange *
word_glyphs (const GArray *starts, const GArray *stops, const int *clusters, int n)
{
  GlyphRange *ranges = g_new (GlyphRange, MAX (starts->len, 1));
  for (guint w = 0; w < starts->len; w++)
    ranges[w] = (GlyphRange) { n, 0 };
  for (int g = 0; g < n; g++)
    {
      int w = word_at (starts, clusters[g]);
      if (w < 0 || clusters[g] >= g_array_index (stops, int, w))
        continue;
      ranges[w].first = MIN (ranges[w].first, g);
      ranges[w].n++;
    }
  return ranges;
}

/* The clusters of @buf's glyphs: a new array. */
static int *
buffer_clusters (hb_buffer_t *buf, int *n)
{
  unsigned int count;
  hb_glyph_info_t *info = hb_buffer_get_glyph_infos (buf, &count);
  int *clusters = g_new (int, MAX (count, 1));
  for (unsigned int g = 0; g < count; g++)
    clusters[g] = (int) info[g].cluster;
  *n = (int) count;
  return clusters;
}

/* Whether glyphs [@first, @first + @n) of @buf are @glyphs' from @from on
 * (the glyphs Pango gave the same word). */
static gboolean
same_as_pango (hb_buffer_t *buf, unsigned int first, unsigned int n, const PangoGlyphString *glyphs,
               int from)
{
  unsigned int count;
  hb_glyph_info_t *info = hb_buffer_get_glyph_infos (buf, &count);
  hb_glyph_position_t *pos = hb_buffer_get_glyph_positions (buf, &count);
  if (from < 0 || from + (int) n > glyphs->num_glyphs)
    return FALSE;
  for (unsigned int k = 0; k < n; k++)
    {
      const PangoGlyphInfo *g = &glyphs->glyphs[from + k];
      if (g->glyph != info[first + k].codepoint || g->geometry.width != pos[first + k].x_advance
          || (int) info[first + k].cluster != glyphs->log_clusters[from + k])
        return FALSE;
    }
  return TRUE;
}

/* The first glyph of @glyphs whose cluster lies in the bytes [@start,
 * @end) of its item, or -1. */
static int
pango_glyph_of_cluster (const PangoGlyphString *glyphs, int start, int end)
{
  for (int g = 0; g < glyphs->num_glyphs; g++)
    if (glyphs->log_clusters[g] >= start && glyphs->log_clusters[g] < end)
      return g;
  return -1;
}

/* Glyphs [@first, @first + @n) of @buf as a new glyph string, clusters
 * made relative to byte @start; its width in @width. */
static PangoGlyphString *
glyph_string_from (hb_buffer_t *buf, unsigned int first, unsigned int n, int start, int *width)
{
  unsigned int count;
  hb_glyph_info_t *info = hb_buffer_get_glyph_infos (buf, &count);
  hb_glyph_position_t *pos = hb_buffer_get_glyph_positions (buf, &count);
  PangoGlyphString *glyphs = pango_glyph_string_new ();
  pango_glyph_string_set_size (glyphs, n);
  *width = 0;
  for (unsigned int k = 0; k < n; k++)
    {
      PangoGlyphInfo *g = &glyphs->glyphs[k];
      g->glyph = info[first + k].codepoint;
      g->geometry.width = pos[first + k].x_advance;
      g->geometry.x_offset = pos[first + k].x_offset;
      g->geometry.y_offset = -pos[first + k].y_offset;
      g->attr.is_cluster_start = k == 0 || info[first + k].cluster != info[first + k - 1].cluster;
      g->attr.is_color = 0;
      glyphs->log_clusters[k] = info[first + k].cluster - start;
      *width += g->geometry.width;
    }
  return glyphs;
}

/* The words of @run (over @text) whose jalt glyphs are an exact, wider
 * substitute, appended to @words. */
static void
find_words (const BfShapedRun *run, const char *text, hb_font_t *font, GArray *words)
{
  hb_buffer_t *plain = shape_run (font, text, run->item, FALSE);
  hb_buffer_t *wide = shape_run (font, text, run->item, TRUE);
  const char *base = text + run->item->offset, *p = base, *end = p + run->item->length;
  g_autoptr (GArray) starts = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr (GArray) stops = g_array_new (FALSE, FALSE, sizeof (int));
  const char *word;
  while ((word = bf_next_word (&p, end)))
    {
      int start = word - base, stop = p - base;
      g_array_append_val (starts, start);
      g_array_append_val (stops, stop);
    }
  int n_plain, n_wide;
  g_autofree int *plain_clusters = buffer_clusters (plain, &n_plain);
  g_autofree int *wide_clusters = buffer_clusters (wide, &n_wide);
  g_autofree GlyphRange *in_plain = word_glyphs (starts, stops, plain_clusters, n_plain);
  g_autofree GlyphRange *in_wide = word_glyphs (starts, stops, wide_clusters, n_wide);
  g_autofree GlyphRange *in_pango = word_glyphs (starts, stops, run->glyphs->log_clusters,
                                                 run->glyphs->num_glyphs);
  for (guint w = 0; w < starts->len; w++)
    {
      int start = g_array_index (starts, int, w), n = in_plain[w].n;
      if (n == 0 || in_wide[w].n != n || in_pango[w].n != n
          || !same_as_pango (plain, in_plain[w].first, n, run->glyphs, in_pango[w].first))
        continue;
      int plain_width, width;
      PangoGlyphString *plain_glyphs = glyph_string_from (plain, in_plain[w].first, n, start,
                                                          &plain_width);
      PangoGlyphString *glyphs = glyph_string_from (wide, in_wide[w].first, n, start, &width);
      gboolean same_clusters = TRUE;
      for (int k = 0; k < n; k++)
        same_clusters &= glyphs->log_clusters[k] == plain_glyphs->log_clusters[k];
      pango_glyph_string_free (plain_glyphs);
      if (!same_clusters || width <= plain_width)
        {
          pango_glyph_string_free (glyphs);
          continue;
        }
      BfAlternateWord alt = { run->item->offset + start,
                              run->item->offset + g_array_index (stops, int, w),
                              width - plain_width, glyphs };
      g_array_append_val (words, alt);
    }
  hb_buffer_destroy (plain);
  hb_buffer_destroy (wide);
}

static void
alternate_word_clear (BfAlternateWord *word)
{
  pango_glyph_string_free (word->glyphs);
}

GArray *
bf_alternates_find (const BfShaped *s)
{
  GArray *words = g_array_new (FALSE, FALSE, sizeof (BfAlternateWord));
  g_array_set_clear_func (words, (GDestroyNotify) alternate_word_clear);
  for (guint i = 0; i < s->runs->len; i++)
    {
      const BfShapedRun *run = &g_array_index (s->runs, BfShapedRun, i);
      PangoItem *item = run->item;
      if (item->analysis.script != PANGO_SCRIPT_ARABIC || !item->analysis.font)
        continue;
      hb_font_t *font = pango_font_get_hb_font (item->analysis.font);
      if (has_jalt (font))
        find_words (run, s->text, font, words);
    }
  if (words->len == 0)
    g_clear_pointer (&words, g_array_unref);
  return words;
}

void
bf_alternates_add_stretch (const BfShaped *s, int *stretch)
{
  int c = 0;
  for (guint w = 0; s->alternates && w < s->alternates->len; w++)
    {
      const BfAlternateWord *word = &g_array_index (s->alternates, BfAlternateWord, w);
      while (c + 1 < s->n_chars && s->char_offsets[c + 1] < word->end)
        c++;
      stretch[c] += word->extra;
    }
}

/* Puts @word's alternate glyphs in place of its glyphs in @gi; FALSE,
 * changing nothing, when @gi's glyphs for it are not as many. */
static gboolean
substitute (PangoGlyphItem *gi, const BfAlternateWord *word)
{
  int start = word->start - gi->item->offset, stop = word->end - gi->item->offset;
  int first = pango_glyph_of_cluster (gi->glyphs, start, stop), n = 0;
  if (first < 0)
    return FALSE;
  while (first + n < gi->glyphs->num_glyphs && gi->glyphs->log_clusters[first + n] >= start
         && gi->glyphs->log_clusters[first + n] < stop)
    n++;
  if (n != word->glyphs->num_glyphs)
    return FALSE;
  for (int k = 0; k < n; k++)
    {
      gi->glyphs->glyphs[first + k] = word->glyphs->glyphs[k];
      gi->glyphs->log_clusters[first + k] = word->glyphs->log_clusters[k] + start;
    }
  return TRUE;
}

/* The first of @words (in logical order) that starts at or past byte @a:
 * a line looks only at its own words, so a long paragraph's lines take
 * linear time together. */
static guint
first_word_from (const GArray *words, int a)
{
  guint lo = 0, hi = words->len;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      if (g_array_index (words, BfAlternateWord, mid).start < a)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static int
compare_spans (gconstpointer a, gconstpointer b)
{
  return ((const BfSpan *) a)->start - ((const BfSpan *) b)->start;
}

int
bf_alternates_apply (const BfShaped *s, int a, int b, PangoGlyphItem **items, int n_items,
                     int excess, GArray *taken)
{
  if (!s->alternates || excess <= 0)
    return 0;
  /* The line's words that have alternates, each with the item that draws it. */
  GArray *candidates = g_array_new (FALSE, FALSE, sizeof (guint));
  GPtrArray *owners = g_ptr_array_new ();
  for (guint w = first_word_from (s->alternates, a); w < s->alternates->len; w++)
    {
      const BfAlternateWord *word = &g_array_index (s->alternates, BfAlternateWord, w);
      if (word->start >= b)
        break;
      if (word->end > b)
        continue;
      for (int i = 0; i < n_items; i++)
        if (items[i]->item->offset <= word->start
            && word->end <= items[i]->item->offset + items[i]->item->length)
          {
            g_array_append_val (candidates, w);
            g_ptr_array_add (owners, items[i]);
            break;
          }
    }
  /* Spread along the line: first words evenly spaced, as many as the
   * excess would take at their mean width, then any other that still fits. */
  guint n = candidates->len;
  long total = 0;
  for (guint k = 0; k < n; k++)
    total += g_array_index (s->alternates, BfAlternateWord, g_array_index (candidates, guint, k)).extra;
  guint wanted = n && total ? (guint) MIN ((long) n, (long) excess * n / total) : 0;
  gboolean *used = g_new0 (gboolean, MAX (n, 1));
  int added = 0;
  for (int pass = 0; pass < 2; pass++)
    for (guint k = 0; k < (pass ? n : wanted); k++)
      {
        guint at = pass ? k : (guint) (((2 * k + 1) * (long) n) / (2 * wanted));
        const BfAlternateWord *word
            = &g_array_index (s->alternates, BfAlternateWord, g_array_index (candidates, guint, at));
        if (used[at] || added + word->extra > excess || !substitute (owners->pdata[at], word))
          continue;
        used[at] = TRUE;
        added += word->extra;
        BfSpan span = { .start = word->start, .end = word->end };
        g_array_append_val (taken, span);
      }
  g_array_sort (taken, compare_spans);
  g_free (used);
  g_array_unref (candidates);
  g_ptr_array_unref (owners);
  return added;
}
