/* hyphenate.c — hyphenation points from libhyphen (the TeX patterns that
 * LibreOffice uses), with the dictionaries of Debian's hyphen-* packages
 * found at run time in /usr/share/hyphen (or $BIFOLIO_HYPHEN_DIR).  A
 * language without a dictionary is simply not hyphenated.  Also which words
 * of a shaped paragraph are looked up at all: letters-only words where the
 * style says hyphens: auto, never Arabic-script or Hebrew ones, code or
 * addresses. */
#include "layout/paragraph-private.h"

#include <hyphen.h>
#include <string.h>

/* Invariant: words holds, for every word hyphenated so far, its points as
 * a string of '0'/'1' per character, keyed by "LANG\x1fWORD". */
struct _BfHyphenator {
  GHashTable *dicts;   /* language tag → HyphenDict*, or a NULL value when none */
  GHashTable *words;   /* books repeat their words: each is hyphenated once */
};

static const char *
hyphen_dir (void)
{
  const char *env = g_getenv ("BIFOLIO_HYPHEN_DIR");
  return env && *env ? env : "/usr/share/hyphen";
}

/* A language tag as BCP 47 shapes them: letters, then subtags of letters and
 * digits.  Anything else (an empty tag, a path) finds no dictionary. */
static gboolean
is_language_tag (const char *lang)
{
  int n = 0;
  while (g_ascii_isalpha (lang[n]))
    n++;
  if (n < 2 || n > 8)
    return FALSE;
  for (const char *p = lang + n; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return strlen (lang) < 64;
}

/* "en-US" → hyph_en_US.dic, else hyph_en.dic, else any hyph_en_*.dic. */
static HyphenDict *
load_dictionary (const char *lang)
{
  if (!is_language_tag (lang))
    return NULL;
  g_autofree char *tag = g_strdelimit (g_strdup (lang), "-", '_');
  g_auto (GStrv) parts = g_strsplit (tag, "_", 3);
  g_autofree char *language = g_ascii_strdown (parts[0], -1);
  g_autofree char *region = parts[1] && *parts[1] ? g_ascii_strup (parts[1], -1) : NULL;
  g_autofree char *exact = region ? g_strdup_printf ("hyph_%s_%s.dic", language, region) : NULL;
  g_autofree char *plain = g_strdup_printf ("hyph_%s.dic", language);
  const char *candidates[] = { exact, plain };
  for (gsize i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      if (!candidates[i])
        continue;
      g_autofree char *path = g_build_filename (hyphen_dir (), candidates[i], NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return hnj_hyphen_load (path);
    }
  g_autoptr (GDir) dir = g_dir_open (hyphen_dir (), 0, NULL);
  g_autofree char *prefix = g_strdup_printf ("hyph_%s_", language);
  const char *name;
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
  while (dir && (name = g_dir_read_name (dir)))
    if (g_str_has_prefix (name, prefix) && g_str_has_suffix (name, ".dic"))
      g_ptr_array_add (found, g_strdup (name));
  HyphenDict *dict = NULL;
  if (found->len)
    {
      /* Directory order is not stable: take the first by name. */
      g_ptr_array_sort (found, (GCompareFunc) g_strcmp0);
      g_autofree char *path = g_build_filename (hyphen_dir (), *(char **) found->pdata, NULL);
      dict = hnj_hyphen_load (path);
    }
  g_ptr_array_unref (found);
  return dict;
}

static void
dict_free (gpointer dict)
{
  if (dict)
    hnj_hyphen_free (dict);
}

BfHyphenator *
bf_hyphenator_new (void)
{
  BfHyphenator *h = g_new0 (BfHyphenator, 1);
  h->dicts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, dict_free);
  h->words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return h;
}

void
bf_hyphenator_free (BfHyphenator *h)
{
  if (!h)
    return;
  g_hash_table_unref (h->dicts);
  g_hash_table_unref (h->words);
  g_free (h);
}

static void hyphenate_uncached (BfHyphenator *h, const char *lang, const char *word, int length,
                                guint8 *after);

void
bf_hyphenator_hyphenate (BfHyphenator *h, const char *lang, const char *word, int length,
                         guint8 *after)
{
  if (!lang || length < 5 || length > 200)
    return;
  gsize lang_length = strlen (lang);
  g_autofree char *key = g_malloc (lang_length + 1 + length + 1);
  memcpy (key, lang, lang_length);
  key[lang_length] = '\x1f';
  memcpy (key + lang_length + 1, word, length);
  key[lang_length + 1 + length] = '\0';
  const char *points = g_hash_table_lookup (h->words, key);
  int n = g_utf8_strlen (word, length);
  if (!points)
    {
      guint8 *found = g_new0 (guint8, n);
      hyphenate_uncached (h, lang, word, length, found);
      char *text = g_malloc (n + 1);
      for (int i = 0; i < n; i++)
        text[i] = found[i] ? '1' : '0';
      text[n] = '\0';
      g_free (found);
      g_hash_table_insert (h->words, g_steal_pointer (&key), text);
      points = text;
    }
  for (int i = 0; i < n; i++)
    after[i] |= points[i] == '1';
}

static void
hyphenate_uncached (BfHyphenator *h, const char *lang, const char *word, int length,
                    guint8 *after)
{
  HyphenDict *dict;
  if (!g_hash_table_lookup_extended (h->dicts, lang, NULL, (gpointer *) &dict))
    {
      dict = load_dictionary (lang);
      g_hash_table_insert (h->dicts, g_strdup (lang), dict);
    }
  if (!dict)
    return;
  /* The patterns are lower case; a word whose lower case changes length
   * (rare) is left alone rather than mapped. */
  g_autofree char *lower = g_utf8_strdown (word, length);
  if ((int) strlen (lower) != length)
    return;
  char *hyphens = g_malloc0 (length + 5);
  char **rep = NULL;
  int *pos = NULL, *cut = NULL;
  if (hnj_hyphen_hyphenate3 (dict, lower, length, hyphens, NULL, &rep, &pos, &cut, 2, 3, 2, 2) == 0)
    {
      int c = 0;
      for (const char *p = lower; p < lower + length; p = g_utf8_next_char (p), c++)
        {
          int last_byte = g_utf8_next_char (p) - lower - 1;
          /* Only standard points: a replacement (Schiffahrt) changes the text. */
          if ((hyphens[last_byte] & 1) && !(rep && rep[last_byte]))
            after[c] = 1;
        }
    }
  if (rep)
    {
      for (int i = 0; i < length; i++)
        free (rep[i]);
      free (rep);
    }
  free (pos);
  free (cut);
  g_free (hyphens);
}

/* ------------------------------------------------- a paragraph's words */

static gboolean
is_unhyphenated_script (gunichar c)
{
  switch (g_unichar_get_script (c))
    {
    case G_UNICODE_SCRIPT_ARABIC:
    case G_UNICODE_SCRIPT_HEBREW:
    case G_UNICODE_SCRIPT_SYRIAC:
    case G_UNICODE_SCRIPT_THAANA:
    case G_UNICODE_SCRIPT_NKO:
      return TRUE;
    default:
      return FALSE;
    }
}

/* One flag a byte of @length: set where a span of @spans covers it.  Made
 * once a paragraph, so that asking costs nothing however many spans. */
static guint8 *
span_mask (GArray *spans, gsize length)
{
  guint8 *mask = g_new0 (guint8, length + 1);
  for (guint i = 0; spans && i < spans->len; i++)
    {
      const BfSpan *span = &g_array_index (spans, BfSpan, i);
      int start = CLAMP (span->start, 0, (int) length), end = CLAMP (span->end, start, (int) length);
      memset (mask + start, 1, end - start);
    }
  return mask;
}

/* A token (a run without white space) that is an address: never hyphenated. */
static gboolean
looks_like_address (const char *token, int length)
{
  return g_strstr_len (token, length, "://") || g_strstr_len (token, length, "www.")
         || memchr (token, '@', length);
}

/* The language of the run holding @byte, runs being in logical order:
 * found by halving, so a paragraph of many runs costs no more per word. */
static const char *
language_at (const BfShaped *s, int byte)
{
  guint lo = 0, hi = s->runs->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const PangoItem *item = g_array_index (s->runs, BfShapedRun, mid).item;
      if (byte < item->offset)
        hi = mid;
      else if (byte >= item->offset + item->length)
        lo = mid + 1;
      else
        return item->analysis.language ? pango_language_to_string (item->analysis.language) : NULL;
    }
  return NULL;
}

/* Marks where words may be hyphenated: letters-only words, in a language
 * with a dictionary, where the style says hyphens: auto, and never in
 * Arabic-script or Hebrew words, in code, or in addresses. */
void
bf_find_hyphenation_points (BfLineBreaker *breaker, const BfParagraph *para, BfShaped *s)
{
  if (!breaker->hyphenator || para->style.preformatted)
    return;
  s->hyphen_after = g_new0 (guint8, MAX (s->n_chars, 1));
  g_autofree guint8 *no_hyphens = span_mask (para->no_hyphens, s->length);
  int token_start = 0;
  gboolean address = FALSE;
  for (int c = 0; c < s->n_chars;)
    {
      gunichar ch = g_utf8_get_char (s->text + s->char_offsets[c]);
      if (s->log_attrs[c].is_white)
        {
          c++;
          token_start = c;
          address = FALSE;
          continue;
        }
      if (c == token_start)
        {
          int t = c;
          while (t < s->n_chars && !s->log_attrs[t].is_white)
            t++;
          address = looks_like_address (s->text + s->char_offsets[c],
                                        s->char_offsets[t] - s->char_offsets[c]);
        }
      if (!g_unichar_isalpha (ch))
        {
          c++;
          continue;
        }
      int w = c;
      gboolean skip = address;
      while (w < s->n_chars)
        {
          gunichar wc = g_utf8_get_char (s->text + s->char_offsets[w]);
          if (!g_unichar_isalpha (wc) && !g_unichar_ismark (wc))
            break;
          skip |= is_unhyphenated_script (wc) || no_hyphens[s->char_offsets[w]];
          w++;
        }
      if (!skip)
        bf_hyphenator_hyphenate (breaker->hyphenator, language_at (s, s->char_offsets[c]),
                                 s->text + s->char_offsets[c],
                                 s->char_offsets[w] - s->char_offsets[c], s->hyphen_after + c);
      c = w;
    }
}
