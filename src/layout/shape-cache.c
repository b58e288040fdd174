/* shape-cache.c — each distinct word shaped once: a Pango item's text cut
 * at white space into words and runs of spaces, each piece's glyphs kept by
 * the layout's line breaker, and an item whose pieces are all kept joined
 * from them instead of shaped.  An item with a piece not kept yet is
 * shaped whole, as without the cache, and its new pieces are cut from
 * what that gives: a piece is kept only when its glyphs start a cluster
 * at its start and the next piece's glyphs do at its end, so that no glyph
 * (a ligature across a space) stands for characters of two pieces.
 *
 * A setting (a group) is everything pango_shape_with_flags reads besides
 * the text: the font (held by a reference, so its address names it), the
 * bidi level, script, gravity, language, the analysis flags and the item's
 * extra attributes (font features, letter-spacing, show, text-transform,
 * and colours and the like, which change no glyph but are compared all
 * the same: equal attributes give equal glyphs).  pango_itemize ends an
 * item wherever an attribute starts or ends, so the attributes cover the
 * whole item and their ranges need no comparing.  An item Pango would shape
 * differently word by word (an inline picture, vertical text, a hyphen
 * Pango adds) is not cut: the caller shapes it whole.
 *
 * Pango shapes an item with the paragraph around it as HarfBuzz's
 * context.  HarfBuzz (6.0) reads that context in two places only: the
 * joining of Arabic and the other cursive scripts its Arabic shaper takes
 * (Syriac, N'Ko, Mongolian…), which stops at the first character that is
 * not transparent (a space does not join), and the dotted circle before a
 * mark that begins the text, which any context at all prevents.  So in a
 * cursive script a word between spaces, or at the paragraph's start or
 * end, shapes the same wherever it stands, and is kept under its text and
 * which of its sides are the paragraph's ends, while a word that touches
 * another item's letters (half a word in bold) is never kept: its item is
 * shaped whole each time.  In Latin, Greek, Cyrillic and Hebrew only
 * whether the word starts the paragraph counts: a Hebrew word before a
 * comma from another font is kept too.  A run of spaces has no joining
 * forms and no marks: any context gives it the same glyphs.  What else
 * could tie a word to its neighbours is a GSUB or GPOS lookup that matches
 * a space: a font that has one (Amiri kerns a keheh after a final heh and
 * a space) is never cut; the Noto faces have none, nor the Droid fallback.
 * Noto Nastaliq Urdu only puts out space glyphs inside its words.
 *
 * The cache is bounded: a piece that would take it past
 * BF_SHAPE_CACHE_MAX_BYTES is not kept, and the cache is emptied before
 * the next item, to learn the words that come now; pieces longer than
 * MAX_PIECE_BYTES (text without spaces) are never kept.  One per layout,
 * never shared between threads. */
#include "layout/paragraph-private.h"

#include <hb-ot.h>
#include <string.h>

/* Longer pieces (whole paragraphs of Chinese or Thai) are shaped each time. */
#define MAX_PIECE_BYTES 256
/* An item with at most one piece in this many not kept yet has those
 * shaped on their own; with more, the item is shaped whole. */
#define PIECEWISE_RATIO 4
/* Past this many settings the cache starts again. */
#define MAX_GROUPS 256

/* The setting of an item: what, besides its text, its glyphs depend on. */
typedef struct {
  PangoFont *font;             /* a reference */
  PangoLanguage *language;     /* interned by Pango: compared by address */
  guint8 level;
  guint8 flags;
  PangoScript script;
  PangoGravity gravity;
  GSList *attrs;               /* copies of the item's extra attributes, in order */
  gboolean cut;                /* the font's lookups never reach across white space */
  GHashTable *pieces;          /* key (owned) → PangoGlyphString (owned) */
} Group;

struct _BfShapeCache {
  GPtrArray *groups;           /* Group */
  GHashTable *faces;           /* hb_face_t (a reference) → whether its lookups reach
                                  across white space (1 yes, 2 no) */
  gsize bytes;                 /* about what the pieces take */
  gboolean full;               /* a piece was not kept for want of room */
  guint hits, misses;
  /* Scratch, reused from item to item: */
  GString *key;
  GArray *item_pieces;         /* Piece: one item's, in logical order */
  GPtrArray *missing_keys;     /* the keys of the pieces not found (owned), or
                                  NULL for those that cannot be kept */
  GPtrArray *unkept;           /* glyphs of the item's pieces shaped but not kept */
};

/* A piece of an item: a word or a run of white space. */
typedef struct {
  int start, end;              /* bytes, in the paragraph */
  PangoGlyphString *glyphs;    /* kept in the cache, or NULL */
  int first_glyph;             /* in the item's glyphs (logical order): -1 none */
  int low, high;               /* and the range of them it has (visual order) */
  gboolean starts_cluster;     /* its first glyph is a cluster of its own start */
} Piece;

/* The marks a key starts with: which sides of a word are the paragraph's
 * ends ('n'), white space ('b') or anything ('c', where it does not
 * matter); a run of white space ("ss"); text shaped alone, with no
 * paragraph around it ("hh"). */
#define SIDE_END 'n'
#define SIDE_BLANK 'b'
#define SIDE_ANY 'c'

/* Whether HarfBuzz's shaping of @script reads the letters around the text
 * (cursive joining).  Those known not to, and Common (punctuation and
 * digits in their own item); any other script is taken to. */
static gboolean
reads_context (PangoScript script)
{
  switch (script)
    {
    case PANGO_SCRIPT_COMMON:
    case PANGO_SCRIPT_LATIN:
    case PANGO_SCRIPT_GREEK:
    case PANGO_SCRIPT_CYRILLIC:
    case PANGO_SCRIPT_HEBREW:
      return FALSE;
    default:
      return TRUE;
    }
}

/* White space a word is cut at.  ASCII only: a byte test, and no byte of
 * a multi-byte UTF-8 character is ASCII. */
static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void
group_free (Group *group)
{
  g_object_unref (group->font);
  g_slist_free_full (group->attrs, (GDestroyNotify) pango_attribute_destroy);
  g_hash_table_unref (group->pieces);
  g_free (group);
}

BfShapeCache *
bf_shape_cache_new (void)
{
  BfShapeCache *cache = g_new0 (BfShapeCache, 1);
  cache->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  cache->faces = g_hash_table_new_full (NULL, NULL, (GDestroyNotify) hb_face_destroy, NULL);
  cache->key = g_string_new (NULL);
  cache->item_pieces = g_array_new (FALSE, FALSE, sizeof (Piece));
  cache->missing_keys = g_ptr_array_new_with_free_func (g_free);
  cache->unkept = g_ptr_array_new_with_free_func ((GDestroyNotify) pango_glyph_string_free);
  return cache;
}

void
bf_shape_cache_free (BfShapeCache *cache)
{
  if (!cache)
    return;
  g_ptr_array_unref (cache->groups);
  g_hash_table_unref (cache->faces);
  g_string_free (cache->key, TRUE);
  g_array_unref (cache->item_pieces);
  g_ptr_array_unref (cache->missing_keys);
  g_ptr_array_unref (cache->unkept);
  g_free (cache);
}

void
bf_shape_cache_get_counts (const BfShapeCache *cache, guint *hits, guint *misses, gsize *bytes)
{
  *hits = cache->hits;
  *misses = cache->misses;
  *bytes = cache->bytes;
}

/* Whether @analysis's glyphs are its pieces' glyphs side by side. */
static gboolean
can_cut (const PangoAnalysis *analysis)
{
  if (!analysis->font || analysis->gravity != PANGO_GRAVITY_SOUTH
      || (analysis->flags & PANGO_ANALYSIS_FLAG_NEED_HYPHEN))
    return FALSE;
  for (GSList *l = analysis->extra_attrs; l; l = l->next)
    if (((PangoAttribute *) l->data)->klass->type == PANGO_ATTR_SHAPE)
      return FALSE;
  return TRUE;
}

static gboolean
same_attrs (GSList *a, GSList *b)
{
  for (; a && b; a = a->next, b = b->next)
    if (!pango_attribute_equal (a->data, b->data))
      return FALSE;
  return !a && !b;
}

/* Whether a lookup of @font's GSUB or GPOS table may match the glyph of a
 * space, tab or line end: in its backtrack or lookahead, or as input of a
 * lookup a feature applies (one applied only from another lookup meets
 * what that one's input matched).  Then a word's glyphs may depend on its
 * neighbours across the space (Amiri kerns a word's first kaf after a
 * space), and the font's items are shaped whole. */
static gboolean
reaches_across_blanks (hb_font_t *font)
{
  hb_face_t *face = hb_font_get_face (font);
  hb_set_t *blanks = hb_set_create ();
  static const hb_codepoint_t blank_chars[] = { ' ', '\t', '\n', '\r' };
  for (gsize i = 0; i < G_N_ELEMENTS (blank_chars); i++)
    {
      hb_codepoint_t glyph;
      if (hb_font_get_nominal_glyph (font, blank_chars[i], &glyph))
        hb_set_add (blanks, glyph);
    }
  static const hb_tag_t tables[] = { HB_OT_TAG_GSUB, HB_OT_TAG_GPOS };
  gboolean reaches = FALSE;
  hb_set_t *applied = hb_set_create ();
  hb_set_t *sets[4];
  for (int k = 0; k < 4; k++)
    sets[k] = hb_set_create ();
  for (gsize t = 0; t < G_N_ELEMENTS (tables) && !reaches; t++)
    {
      hb_set_clear (applied);
      hb_ot_layout_collect_lookups (face, tables[t], NULL, NULL, NULL, applied);
      unsigned n = hb_ot_layout_table_get_lookup_count (face, tables[t]);
      for (unsigned lookup = 0; lookup < n && !reaches; lookup++)
        {
          for (int k = 0; k < 4; k++)
            hb_set_clear (sets[k]);
          hb_ot_layout_lookup_collect_glyphs (face, tables[t], lookup, sets[0], sets[1], sets[2],
                                              sets[3]);
          hb_set_t *matched = sets[0];  /* backtrack, lookahead, and input if applied */
          hb_set_union (matched, sets[2]);
          if (hb_set_has (applied, lookup))
            hb_set_union (matched, sets[1]);
          hb_set_intersect (matched, blanks);
          reaches = !hb_set_is_empty (matched);
        }
    }
  for (int k = 0; k < 4; k++)
    hb_set_destroy (sets[k]);
  hb_set_destroy (applied);
  hb_set_destroy (blanks);
  return reaches;
}

/* Whether @font's items may be cut at white space, found once a face. */
static gboolean
can_cut_font (BfShapeCache *cache, PangoFont *font)
{
  hb_font_t *hb_font = pango_font_get_hb_font (font);
  if (!hb_font)
    return FALSE;
  hb_face_t *face = hb_font_get_face (hb_font);
  int verdict = GPOINTER_TO_INT (g_hash_table_lookup (cache->faces, face));
  if (!verdict)
    {
      verdict = reaches_across_blanks (hb_font) ? 1 : 2;
      g_hash_table_insert (cache->faces, hb_face_reference (face), GINT_TO_POINTER (verdict));
    }
  return verdict == 2;
}

/* @analysis's group, new if none has its setting. */
static Group *
lookup_group (BfShapeCache *cache, const PangoAnalysis *analysis)
{
  for (guint i = 0; i < cache->groups->len; i++)
    {
      Group *group = cache->groups->pdata[i];
      if (group->font == analysis->font && group->level == analysis->level
          && group->script == analysis->script && group->gravity == analysis->gravity
          && group->language == analysis->language && group->flags == analysis->flags
          && same_attrs (group->attrs, analysis->extra_attrs))
        return group;
    }
  Group *group = g_new0 (Group, 1);
  group->font = g_object_ref (analysis->font);
  group->language = analysis->language;
  group->level = analysis->level;
  group->flags = analysis->flags;
  group->script = analysis->script;
  group->gravity = analysis->gravity;
  group->cut = can_cut_font (cache, analysis->font);
  for (GSList *l = analysis->extra_attrs; l; l = l->next)
    group->attrs = g_slist_prepend (group->attrs, pango_attribute_copy (l->data));
  group->attrs = g_slist_reverse (group->attrs);
  group->pieces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) pango_glyph_string_free);
  g_ptr_array_add (cache->groups, group);
  return group;
}

/* The group for @analysis, or NULL when its text cannot be cut; empties
 * the cache first when it is full. */
static Group *
find_group (BfShapeCache *cache, const PangoAnalysis *analysis)
{
  if (!can_cut (analysis))
    return NULL;
  if (cache->full || cache->groups->len >= MAX_GROUPS)
    {
      g_ptr_array_set_size (cache->groups, 0);
      cache->bytes = 0;
      cache->full = FALSE;
    }
  Group *group = lookup_group (cache, analysis);
  return group->cut ? group : NULL;
}

/* Keeps @glyphs (which @group then owns) under a copy of @key in @group,
 * unless that would take the cache past its bound or @key is kept
 * already (a new word twice in an item): then returns FALSE. */
static gboolean
keep_glyphs (BfShapeCache *cache, Group *group, const char *key, PangoGlyphString *glyphs)
{
  gsize size = strlen (key) + 64 + glyphs->num_glyphs * (sizeof (PangoGlyphInfo) + sizeof (int));
  cache->full |= cache->bytes + size > BF_SHAPE_CACHE_MAX_BYTES;
  if (cache->full || g_hash_table_contains (group->pieces, key))
    return FALSE;
  g_hash_table_insert (group->pieces, g_strdup (key), glyphs);
  cache->bytes += size;
  return TRUE;
}

/* The key of the piece [@start, @end) of @text (@length bytes) in
 * cache->key, or NULL when it cannot be kept: a word that starts with a
 * mark; in a script whose joining reads the text around (@joins), a word
 * whose neighbour is not white space; a long piece. */
static const char *
piece_key (BfShapeCache *cache, const char *text, int length, int start, int end, gboolean blank,
           gboolean joins)
{
  if (end - start > MAX_PIECE_BYTES)
    return NULL;
  g_string_truncate (cache->key, 0);
  if (blank)
    g_string_append (cache->key, "ss");
  else if (g_unichar_ismark (g_utf8_get_char (text + start)))
    return NULL;  /* drawn on the blank before it, or on a dotted circle */
  else if (!joins)
    {
      g_string_append_c (cache->key, start == 0 ? SIDE_END : SIDE_ANY);
      g_string_append_c (cache->key, SIDE_ANY);
    }
  else
    {
      if (start > 0 && !is_blank (text[start - 1]))
        return NULL;
      if (end < length && !is_blank (text[end]))
        return NULL;
      g_string_append_c (cache->key, start == 0 ? SIDE_END : SIDE_BLANK);
      g_string_append_c (cache->key, end == length ? SIDE_END : SIDE_BLANK);
    }
  g_string_append_len (cache->key, text + start, end - start);
  return cache->key->str;
}

/* Copies the pieces of an item (logical order), all found in the cache,
 * into @glyphs, in visual order, their clusters made relative to @item. */
static void
join_pieces (BfShapeCache *cache, const PangoItem *item, PangoGlyphString *glyphs)
{
  guint n = cache->item_pieces->len;
  int total = 0;
  for (guint k = 0; k < n; k++)
    total += g_array_index (cache->item_pieces, Piece, k).glyphs->num_glyphs;
  pango_glyph_string_set_size (glyphs, total);
  int at = 0;
  for (guint k = 0; k < n; k++)
    {
      const Piece *piece = &g_array_index (cache->item_pieces, Piece,
                                           item->analysis.level % 2 ? n - 1 - k : k);
      const PangoGlyphString *kept = piece->glyphs;
      int offset = piece->start - item->offset;
      memcpy (glyphs->glyphs + at, kept->glyphs, kept->num_glyphs * sizeof (PangoGlyphInfo));
      for (int g = 0; g < kept->num_glyphs; g++)
        glyphs->log_clusters[at + g] = kept->log_clusters[g] + offset;
      at += kept->num_glyphs;
    }
}

/* Finds which of @glyphs (@item shaped whole) each piece has.  FALSE when
 * the clusters do not go one way through the item (never, from HarfBuzz's
 * monotone clusters). */
static gboolean
find_piece_glyphs (BfShapeCache *cache, const PangoItem *item, const PangoGlyphString *glyphs)
{
  guint n = cache->item_pieces->len;
  for (guint k = 0; k < n; k++)
    g_array_index (cache->item_pieces, Piece, k).first_glyph = -1;
  gboolean rtl = item->analysis.level % 2;
  guint k = 0;
  int last_cluster = -1;
  for (int j = 0; j < glyphs->num_glyphs; j++)
    {
      int g = rtl ? glyphs->num_glyphs - 1 - j : j;
      int at = item->offset + glyphs->log_clusters[g];
      if (at < last_cluster)
        return FALSE;
      last_cluster = at;
      while (k + 1 < n && at >= g_array_index (cache->item_pieces, Piece, k + 1).start)
        k++;
      Piece *piece = &g_array_index (cache->item_pieces, Piece, k);
      if (piece->first_glyph < 0)
        {
          piece->first_glyph = g;
          piece->low = piece->high = g;
          piece->starts_cluster = at == piece->start;
        }
      piece->low = MIN (piece->low, g);
      piece->high = MAX (piece->high, g);
    }
  return TRUE;
}

/* Keeps the glyphs of the pieces of @item not found in the cache, cut
 * from @glyphs (the item shaped whole): those whose glyphs begin a cluster
 * at the piece's start and end where the next piece's begin, so that no
 * glyph stands for characters of two pieces. */
static void
keep_missing_pieces (BfShapeCache *cache, Group *group, const PangoItem *item,
                     const PangoGlyphString *glyphs)
{
  if (!find_piece_glyphs (cache, item, glyphs))
    return;
  guint n = cache->item_pieces->len;
  for (guint k = 0; k < n; k++)
    {
      const Piece *piece = &g_array_index (cache->item_pieces, Piece, k);
      char *key = cache->missing_keys->pdata[k];
      if (!key || piece->first_glyph < 0 || !piece->starts_cluster
          || (k + 1 < n && !g_array_index (cache->item_pieces, Piece, k + 1).starts_cluster))
        continue;
      int count = piece->high - piece->low + 1;
      PangoGlyphString *kept = pango_glyph_string_new ();
      pango_glyph_string_set_size (kept, count);
      memcpy (kept->glyphs, glyphs->glyphs + piece->low, count * sizeof (PangoGlyphInfo));
      int offset = piece->start - item->offset;
      for (int g = 0; g < count; g++)
        kept->log_clusters[g] = glyphs->log_clusters[piece->low + g] - offset;
      if (!keep_glyphs (cache, group, key, kept))
        pango_glyph_string_free (kept);
    }
}

/* Shapes the pieces of @item not found in the cache, each on its own with
 * the paragraph around it, and keeps them (or holds them in cache->unkept
 * for this item when the cache has no room). */
static void
shape_missing_pieces (BfShapeCache *cache, Group *group, const char *text, int length,
                      const PangoItem *item)
{
  for (guint k = 0; k < cache->item_pieces->len; k++)
    {
      Piece *piece = &g_array_index (cache->item_pieces, Piece, k);
      const char *key = cache->missing_keys->pdata[k];
      if (!piece->glyphs)  /* kept since, when a new word comes twice */
        piece->glyphs = g_hash_table_lookup (group->pieces, key);
      if (piece->glyphs)
        continue;
      piece->glyphs = pango_glyph_string_new ();
      pango_shape_with_flags (text + piece->start, piece->end - piece->start, text, length,
                              &item->analysis, piece->glyphs, PANGO_SHAPE_NONE);
      if (!keep_glyphs (cache, group, key, piece->glyphs))
        g_ptr_array_add (cache->unkept, piece->glyphs);
    }
}

gboolean
bf_shape_cache_shape_item (BfShapeCache *cache, const char *text, int length,
                           const PangoItem *item, PangoGlyphString *glyphs)
{
  if (!cache)
    return FALSE;
  Group *group = find_group (cache, &item->analysis);
  if (!group)
    return FALSE;
  g_array_set_size (cache->item_pieces, 0);
  g_ptr_array_set_size (cache->missing_keys, 0);
  int end = item->offset + item->length;
  gboolean joins = reads_context (item->analysis.script);
  gboolean all_found = TRUE, all_keyed = TRUE;
  guint missing = 0;
  for (int start = item->offset; start < end;)
    {
      gboolean blank = is_blank (text[start]);
      int stop = start + 1;
      while (stop < end && is_blank (text[stop]) == blank)
        stop++;
      Piece piece = { start, stop, NULL };
      const char *key = piece_key (cache, text, length, start, stop, blank, joins);
      if (key)
        piece.glyphs = g_hash_table_lookup (group->pieces, key);
      if (piece.glyphs)
        cache->hits++;
      else
        cache->misses++;
      all_found &= piece.glyphs != NULL;
      all_keyed &= key != NULL;
      missing += piece.glyphs == NULL;
      g_array_append_val (cache->item_pieces, piece);
      g_ptr_array_add (cache->missing_keys, key && !piece.glyphs ? g_strdup (key) : NULL);
      start = stop;
    }
  /* A few new words (a number in a sentence met before): shaped on their
   * own, a Pango call each, and the item joined. */
  if (!all_found && all_keyed && missing * PIECEWISE_RATIO <= cache->item_pieces->len)
    {
      shape_missing_pieces (cache, group, text, length, item);
      all_found = TRUE;
    }
  if (all_found)
    {
      join_pieces (cache, item, glyphs);
      g_ptr_array_set_size (cache->unkept, 0);
      return TRUE;
    }
  /* A piece not seen yet (or that cannot be kept): the item shaped whole,
   * as without the cache, and its new pieces kept from there. */
  pango_shape_with_flags (text + item->offset, item->length, text, length, &item->analysis, glyphs,
                          PANGO_SHAPE_NONE);
  keep_missing_pieces (cache, group, item, glyphs);
  g_ptr_array_set_size (cache->missing_keys, 0);
  return TRUE;
}

/* Whether @analysis has attributes that give HarfBuzz features over a
 * range of the paragraph (font-feature-settings; letter-spacing, which
 * turns ligatures off): shaped alone, text takes them or not by where the
 * range starts (a hyphen's advance, measured in the paragraph's first
 * run), so the same text may give other glyphs elsewhere. */
static gboolean
has_ranged_features (const PangoAnalysis *analysis)
{
  for (GSList *l = analysis->extra_attrs; l; l = l->next)
    {
      PangoAttrType type = ((PangoAttribute *) l->data)->klass->type;
      if (type == PANGO_ATTR_FONT_FEATURES || type == PANGO_ATTR_LETTER_SPACING)
        return TRUE;
    }
  return FALSE;
}

void
bf_shape_cache_shape_alone (BfShapeCache *cache, const char *text, int length,
                            const PangoAnalysis *analysis, PangoGlyphString *glyphs)
{
  Group *group = cache && !has_ranged_features (analysis) && length <= MAX_PIECE_BYTES
                     ? find_group (cache, analysis)
                     : NULL;
  if (!group)
    {
      pango_shape_with_flags (text, length, text, length, analysis, glyphs, PANGO_SHAPE_NONE);
      return;
    }
  g_string_truncate (cache->key, 0);
  g_string_append (cache->key, "hh");
  g_string_append_len (cache->key, text, length);
  PangoGlyphString *kept = g_hash_table_lookup (group->pieces, cache->key->str);
  if (kept)
    cache->hits++;
  else
    {
      cache->misses++;
      pango_shape_with_flags (text, length, text, length, analysis, glyphs, PANGO_SHAPE_NONE);
      PangoGlyphString *copy = pango_glyph_string_copy (glyphs);
      if (!keep_glyphs (cache, group, cache->key->str, copy))
        pango_glyph_string_free (copy);
      return;
    }
  pango_glyph_string_set_size (glyphs, kept->num_glyphs);
  memcpy (glyphs->glyphs, kept->glyphs, kept->num_glyphs * sizeof (PangoGlyphInfo));
  memcpy (glyphs->log_clusters, kept->log_clusters, kept->num_glyphs * sizeof (int));
}
