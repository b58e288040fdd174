/* kashida.c — elongated joins for text-justify: kashida.
 *
 * A justified line of Arabic-script text whose spaces have taken their
 * natural stretch gives the rest of its slack to tatweels (U+0640) drawn
 * inside its words: at most one join a word, chosen where HarfBuzz says a
 * tatweel changes no other glyph (HB_GLYPH_FLAG_SAFE_TO_INSERT_TATWEEL,
 * HarfBuzz 5.1) and where Arabic typographers prefer it (W3C alreq
 * §3.4.4; Microsoft's kashida priorities): after seen and sad, then before
 * a final heh, teh marbuta or dal, then before a final alef, tah, lam, kaf
 * or gaf, then before other finals that join.  Never at a ZWNJ or ZWJ,
 * never inside lam-alef.  The letter before the join is drawn further on
 * and the font's tatweel stroke fills the room: its glyph keeps its one
 * character, so every text extractor gives back the text as typed, with
 * no U+0640 (a tatweel glyph in the letter's cluster needs ActualText,
 * which MuPDF 1.21 ignores and poppler splits the word at).
 *
 * Nastaliq is never elongated: its words descend in a diagonal cascade
 * to the baseline, and a flat tatweel stroke would cut it apart.  HarfBuzz
 * 6.0 marks no join of Noto Nastaliq Urdu safe for a tatweel anyway (its
 * contextual lookups span every join); a face whose name says Nastaliq
 * (or Nastaleeq) is left out before it is asked, so another Nastaliq face
 * is not elongated either.  Its lines take their slack in the spaces, and
 * no Arabic-script line is ever letter-spaced (line.c).
 *
 * A face's justification alternates (jalt) come first, where it has
 * them (alternates.c): a word set with them is not elongated too. */
#include "layout/paragraph-private.h"

#include <hb.h>
#include <string.h>

#define TATWEEL 0x0640

/* A line never takes more tatweels than this per elongated word. */
#define MOST_TATWEELS_A_WORD 2

static gboolean
is_arabic_letter (gunichar c)
{
  return c != TATWEEL && ((c >= 0x0620 && c <= 0x064A) || (c >= 0x066E && c <= 0x06D3)
                          || c == 0x06D5 || (c >= 0x06FA && c <= 0x06FC) || c == 0x06FF);
}

static gboolean
is_alef (gunichar c)
{
  return c == 0x0627 || c == 0x0622 || c == 0x0623 || c == 0x0625 || c == 0x0671;
}

static gboolean
is_lam (gunichar c)
{
  return c == 0x0644 || (c >= 0x06B5 && c <= 0x06B8);
}

/* How much a tatweel between @before and @after (the word's last letter
 * when @final) is wanted: 1 the most, 0 not at all. */
int
bf_kashida_join_priority (gunichar before, gunichar after, gboolean final)
{
  if (!is_arabic_letter (before) || !is_arabic_letter (after))
    return 0;
  if (is_lam (before) && is_alef (after))
    return 0;
  switch (before)
    {
    case 0x0633: case 0x0634: case 0x0635: case 0x0636:  /* seen sheen sad dad */
      return 1;
    default:
      break;
    }
  if (!final)
    return 0;
  switch (after)
    {
    case 0x0647: case 0x06C1: case 0x06D5: case 0x0629:  /* heh, teh marbuta */
    case 0x062F: case 0x0630:                             /* dal thal */
      return 2;
    case 0x0627: case 0x0622: case 0x0623: case 0x0625:   /* alef */
    case 0x0637: case 0x0638:                             /* tah zah */
    case 0x0644: case 0x0643: case 0x06A9: case 0x06AF:   /* lam kaf keheh gaf */
      return 3;
    default:
      return 4;
    }
}

/* What HarfBuzz says of each byte of a run: a glyph starts its cluster,
 * and a tatweel may go before it without changing any glyph. */
enum { CLUSTER_START = 1, TATWEEL_SAFE = 2 };

/* @text (@length bytes, a right-to-left Arabic run) shaped in @font, asking
 * where a tatweel may go: a new array of @length marks. */
static guint8 *
mark_safe_clusters (hb_font_t *font, hb_language_t lang, const char *text, int length)
{
  hb_buffer_t *buf = hb_buffer_create ();
  hb_buffer_add_utf8 (buf, text, length, 0, length);
  hb_buffer_set_direction (buf, HB_DIRECTION_RTL);
  hb_buffer_set_script (buf, HB_SCRIPT_ARABIC);
  hb_buffer_set_language (buf, lang);
  hb_buffer_set_flags (buf, HB_BUFFER_FLAG_BOT | HB_BUFFER_FLAG_EOT
                                | HB_BUFFER_FLAG_PRODUCE_SAFE_TO_INSERT_TATWEEL);
  hb_shape (font, buf, NULL, 0);
  unsigned n;
  hb_glyph_info_t *info = hb_buffer_get_glyph_infos (buf, &n);
  guint8 *marks = g_new0 (guint8, MAX (length, 1));
  for (unsigned g = 0; g < n; g++)
    {
      int cluster = info[g].cluster;
      gboolean safe = (hb_glyph_info_get_glyph_flags (&info[g])
                       & HB_GLYPH_FLAG_SAFE_TO_INSERT_TATWEEL) != 0;
      if (cluster < 0 || cluster >= length)
        continue;
      /* Safe when every glyph of the cluster says so. */
      if (!(marks[cluster] & CLUSTER_START))
        marks[cluster] = CLUSTER_START | (safe ? TATWEEL_SAFE : 0);
      else if (!safe)
        marks[cluster] &= ~TATWEEL_SAFE;
    }
  hb_buffer_destroy (buf);
  return marks;
}

/* The byte of @word before which a tatweel goes best, or -1, from the
 * marks of its bytes; its priority in @priority. */
static int
find_join (const guint8 *marks, const char *word, int length, int *priority)
{
  int last_letter = -1;
  for (const char *p = word; p < word + length; p = g_utf8_next_char (p))
    if (is_arabic_letter (g_utf8_get_char (p)))
      last_letter = p - word;
  int best = -1;
  *priority = 0;
  gunichar before = 0;
  int before_at = 0;
  for (const char *p = word; p < word + length; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      int at = p - word;
      int rank = before ? bf_kashida_join_priority (before, c, at == last_letter) : 0;
      gboolean before_starts = (marks[before_at] & CLUSTER_START) != 0;
      before = c;
      before_at = at;
      if (!rank || (best >= 0 && rank > *priority))
        continue;
      /* Both letters start their clusters: the one before is drawn
       * further on, and no ligature spans the join. */
      if (before_starts && marks[at] == (CLUSTER_START | TATWEEL_SAFE))
        {
          best = at;
          *priority = rank;
        }
    }
  return best;
}

/* Whether @font is a Nastaliq face, from its family name. */
static gboolean
is_nastaliq (PangoFont *font)
{
  PangoFontDescription *desc = pango_font_describe (font);
  const char *family = pango_font_description_get_family (desc);
  g_autofree char *name = g_ascii_strdown (family ? family : "", -1);
  pango_font_description_free (desc);
  return strstr (name, "nastaliq") != NULL || strstr (name, "nastaleeq") != NULL;
}

/* The advance of a tatweel in @font (Pango units), or 0 when it has none. */
static int
tatweel_advance (hb_font_t *font)
{
  hb_codepoint_t glyph;
  if (!hb_font_get_nominal_glyph (font, TATWEEL, &glyph))
    return 0;
  return hb_font_get_glyph_h_advance (font, glyph);
}

/* The glyph of @gi that draws the letter at byte @at of its text, or -1. */
static int
glyph_of (const PangoGlyphItem *gi, int at)
{
  for (int g = 0; g < gi->glyphs->num_glyphs; g++)
    if (gi->item->offset + gi->glyphs->log_clusters[g] == at)
      return g;
  return -1;
}

typedef struct {
  PangoGlyphItem *gi;
  const char *text;
  int before;                /* byte of the letter the join follows */
  int advance;               /* of a tatweel in the run's font, Pango units */
  int tatweels;
} Join;

const char *
bf_next_word (const char **p, const char *end)
{
  const char *q = *p;
  while (q < end && g_unichar_isspace (g_utf8_get_char (q)))
    q = g_utf8_next_char (q);
  const char *word = q;
  while (q < end && !g_unichar_isspace (g_utf8_get_char (q)))
    q = g_utf8_next_char (q);
  *p = q;
  return q == word ? NULL : word;
}

/* The words of @gi (a right-to-left Arabic run over @text) and their best
 * joins, appended to @joins. */
static void
find_joins (PangoGlyphItem *gi, const char *text, hb_font_t *font, hb_language_t lang,
            GArray *joins)
{
  const char *p = text + gi->item->offset, *end = p + gi->item->length;
  guint8 *marks = mark_safe_clusters (font, lang, p, gi->item->length);
  const char *word;
  while ((word = bf_next_word (&p, end)))
    {
      int priority;
      int at = find_join (marks + (word - text - gi->item->offset), word, p - word, &priority);
      if (at < 0)
        continue;
      const char *before = g_utf8_prev_char (word + at);
      Join join = { gi, text, before - text, 0, 0 };
      g_array_append_val (joins, join);
    }
  g_free (marks);
}

int
bf_kashida_elongate (const BfShaped *s, int start, int end, PangoGlyphItem **items,
                     const char **texts, const int *deltas, int n_items, int excess,
                     const GArray *taken, GArray *strokes)
{
  if (!s->kashida_stretch)
    return 0;
  /* The line's joins, found when the paragraph was shaped, each in the
   * run that holds its letter (both in reading order). */
  GArray *joins = g_array_new (FALSE, FALSE, sizeof (Join));
  int tatweel = 0, i = 0;
  guint t = 0;
  for (int c = start; c < end; c++)
    {
      if (!s->kashida_stretch[c])
        continue;
      int byte = s->char_offsets[c];
      /* A word set with its alternates is wide enough. */
      while (t < taken->len && g_array_index (taken, BfSpan, t).end <= byte)
        t++;
      if (t < taken->len && g_array_index (taken, BfSpan, t).start <= byte)
        continue;
      while (i < n_items && deltas[i] + items[i]->item->offset + items[i]->item->length <= byte)
        i++;
      if (i == n_items)
        break;
      if (byte < deltas[i] + items[i]->item->offset)
        continue;
      int advance = s->kashida_stretch[c] / MOST_TATWEELS_A_WORD;
      Join join = { items[i], texts[i], byte - deltas[i], advance, 0 };
      g_array_append_val (joins, join);
      tatweel = tatweel ? MIN (tatweel, advance) : advance;
    }
  int wanted = tatweel > 0 ? excess / tatweel : 0;
  wanted = MIN (wanted, (int) joins->len * MOST_TATWEELS_A_WORD);
  /* Spread over the line: each round gives one more tatweel to joins
   * evenly spaced along it. */
  int given = 0;
  while (given < wanted)
    {
      int now = MIN (wanted - given, (int) joins->len);
      for (int k = 0; k < now; k++)
        {
          guint j = (guint) (((2 * k + 1) * (long) joins->len) / (2 * now));
          g_array_index (joins, Join, j).tatweels++;
        }
      given += now;
    }
  /* Each elongated join: its letter's glyph wider by the tatweels, drawn
   * at the advance's far end, and a stroke in the room it leaves. */
  int added = 0;
  for (guint j = 0; j < joins->len; j++)
    {
      Join *join = &g_array_index (joins, Join, j);
      int g = join->tatweels ? glyph_of (join->gi, join->before) : -1;
      if (g < 0)
        continue;
      hb_font_t *font = pango_font_get_hb_font (join->gi->item->analysis.font);
      hb_codepoint_t glyph;
      hb_glyph_extents_t ink = { 0 };
      if (hb_font_get_nominal_glyph (font, TATWEEL, &glyph))
        hb_font_get_glyph_extents (font, glyph, &ink);
      int width = join->tatweels * join->advance;
      PangoGlyphGeometry *geometry = &join->gi->glyphs->glyphs[g].geometry;
      geometry->width += width;
      geometry->x_offset += width;
      BfKashidaStroke stroke = { join->gi, g, width, ink.y_bearing, -ink.height };
      g_array_append_val (strokes, stroke);
      added += width;
    }
  g_array_unref (joins);
  return added;
}

int *
bf_kashida_get_stretch (const BfShaped *s)
{
  int *stretch = g_new0 (int, MAX (s->n_chars, 1));
  for (guint i = 0; i < s->runs->len; i++)
    {
      const BfShapedRun *run = &g_array_index (s->runs, BfShapedRun, i);
      PangoItem *item = run->item;
      if (item->analysis.script != PANGO_SCRIPT_ARABIC || item->analysis.level % 2 == 0
          || !item->analysis.font || is_nastaliq (item->analysis.font))
        continue;
      hb_font_t *font = pango_font_get_hb_font (item->analysis.font);
      int advance = tatweel_advance (font);
      if (advance <= 0)
        continue;
      hb_language_t lang = hb_language_from_string (pango_language_to_string (item->analysis.language), -1);
      PangoGlyphItem gi = { item, run->glyphs };
      GArray *joins = g_array_new (FALSE, FALSE, sizeof (Join));
      find_joins (&gi, s->text, font, lang, joins);
      /* Joins come in reading order: one walk turns bytes into characters. */
      int c = run->first_char;
      for (guint j = 0; j < joins->len; j++)
        {
          int before = g_array_index (joins, Join, j).before;
          while (c < s->n_chars && s->char_offsets[c] < before)
            c++;
          if (c < s->n_chars)
            stretch[c] += MOST_TATWEELS_A_WORD * advance;
        }
      g_array_unref (joins);
    }
  return stretch;
}
