/* test-shape.c — shaping word by word through the line breaker's cache
 * (shape-cache.c) against Pango shaping each item whole, with the bundled
 * fonts: Persian (joins, lam-alef, ZWNJ, a word half in bold), Urdu in
 * Nastaliq, pointed Hebrew with maqaf, English with ligatures and small
 * caps, mixed directions.  The glyphs, their positions and clusters, and
 * each character's advance must be the same, the first time a word is
 * shaped and when it comes from the cache; and the cache stays within its
 * bound however many distinct words it sees. */
#include <string.h>

#include "layout/paragraph-private.h"
#include "style/cascade.h"

static BfFonts *fonts;

/* Each paragraph, and whether every piece of it is kept (not: a word
 * half in bold, a word that starts with a mark). */
static const struct {
  const char *html;
  gboolean all_kept;
} paragraphs[] = {
  { "<p lang=\"en\">The official office offers affluent, efficient and fluffy waffles; "
    "the official office offers them again.</p>", TRUE },
  { "<p lang=\"en\" style=\"font-feature-settings: 'smcp' 1\">Small caps office, office.</p>",
    TRUE },
  { "<p lang=\"en\">Half <b>bo</b>ld: off<b>ice</b> off<i>ice</i> office, office.</p>", FALSE },
  { "<p lang=\"fa\" dir=\"rtl\">کتابخانه‌ها می‌خواهم سلام لاله بلال مدرسه، "
    "<b>کتاب</b>خانه کتا<b>ب</b>خانه کتابخانه‌ها می‌خواهم سلام لاله ‍سلام‍ کتابـــخانه.</p>",
    FALSE },
  { "<p lang=\"fa\" dir=\"rtl\">بِسْمِ اللّٰهِ الرَّحْمٰنِ، سلام سلام.</p>", TRUE },
  { "<p lang=\"fa\" dir=\"rtl\">حرکت‌ها: ِ َسلام ّ.</p>", FALSE },
  { "<p lang=\"ur\" dir=\"rtl\">اردو زبان میں یہ ایک جملہ ہے جو نستعلیق میں لکھا جاتا ہے۔ "
    "اردو زبان میں یہ ایک جملہ ہے۔</p>", TRUE },
  { "<p lang=\"he\" dir=\"rtl\">בְּרֵאשִׁית בָּרָא אֱלֹהִים, בית־ספר בית־ספר, English words, "
    "בְּרֵאשִׁית בָּרָא.</p>", TRUE },
  { "<p lang=\"en\">Mixed: the word שלום and سلام and 123, שלום again, سلام again.</p>", TRUE },
  { "<p lang=\"en\">Marks after spaces: a \u0301b, a \u0308c, and a b.</p>", FALSE },
};

/* A document parsed and its boxes built. */
typedef struct {
  BfDocument *doc;
  BfBoxTree *tree;
} Parsed;

/* The first paragraph of @html, in @parsed (free with parsed_clear ()). */
static BfParagraph *
parse_paragraph (const char *html, Parsed *parsed)
{
  GError *error = NULL;
  parsed->doc = bf_document_parse (html, strlen (html), "shape.html", BF_INPUT_HTML, &error);
  g_assert_no_error (error);
  parsed->tree = bf_box_tree_new (parsed->doc, bf_styler_new (parsed->doc), 300, 500);
  g_assert_cmpuint (parsed->tree->paragraphs->len, >=, 1);
  return parsed->tree->paragraphs->pdata[0];
}

static void
parsed_clear (Parsed *parsed)
{
  bf_box_tree_free (parsed->tree);
  bf_document_free (parsed->doc);
}

/* A line breaker 300 pt wide with a cache of its own, and one sharing
 * its context that shapes each item whole. */
static void
breaker_init (BfLineBreaker *breaker)
{
  *breaker = (BfLineBreaker) { fonts, bf_fonts_create_context (fonts), 300,
                               g_ptr_array_new_with_free_func ((GDestroyNotify) g_ref_string_release) };
  breaker->shape_cache = bf_shape_cache_new ();
}

static BfLineBreaker
without_cache (const BfLineBreaker *breaker)
{
  BfLineBreaker whole = *breaker;
  whole.shape_cache = NULL;
  return whole;
}

static void
breaker_clear (BfLineBreaker *breaker)
{
  bf_shape_cache_free (breaker->shape_cache);
  g_object_unref (breaker->context);
  g_ptr_array_unref (breaker->texts);
}

static void
shape_paragraph (BfLineBreaker *breaker, BfParagraph *para, BfShaped *s)
{
  PangoDirection dir = bf_paragraph_get_direction (para, PANGO_DIRECTION_LTR);
  bf_shape (breaker, para->text->str, para->attrs, para, dir, para->style.lang, s);
}

/* Fails, naming the first difference, unless @a and @b have the same
 * runs, glyphs and advances. */
static void
assert_same_shaping (const BfShaped *a, const BfShaped *b, const char *html)
{
  g_assert_cmpint (a->n_chars, ==, b->n_chars);
  g_assert_cmpuint (a->runs->len, ==, b->runs->len);
  for (guint r = 0; r < a->runs->len; r++)
    {
      const BfShapedRun *ra = &g_array_index (a->runs, BfShapedRun, r);
      const BfShapedRun *rb = &g_array_index (b->runs, BfShapedRun, r);
      g_assert_cmpint (ra->item->offset, ==, rb->item->offset);
      g_assert_cmpint (ra->item->length, ==, rb->item->length);
      if (ra->glyphs->num_glyphs != rb->glyphs->num_glyphs)
        g_error ("%s: run %u: %d glyphs, not %d", html, r, rb->glyphs->num_glyphs,
                 ra->glyphs->num_glyphs);
      for (int g = 0; g < ra->glyphs->num_glyphs; g++)
        {
          const PangoGlyphInfo *ga = &ra->glyphs->glyphs[g], *gb = &rb->glyphs->glyphs[g];
          if (ga->glyph != gb->glyph || ga->geometry.width != gb->geometry.width
              || ga->geometry.x_offset != gb->geometry.x_offset
              || ga->geometry.y_offset != gb->geometry.y_offset
              || ga->attr.is_cluster_start != gb->attr.is_cluster_start
              || ra->glyphs->log_clusters[g] != rb->glyphs->log_clusters[g])
            g_error ("%s: run %u, glyph %d: %u w%d x%d y%d c%d, not %u w%d x%d y%d c%d", html, r, g,
                     gb->glyph, gb->geometry.width, gb->geometry.x_offset, gb->geometry.y_offset,
                     rb->glyphs->log_clusters[g], ga->glyph, ga->geometry.width,
                     ga->geometry.x_offset, ga->geometry.y_offset, ra->glyphs->log_clusters[g]);
        }
    }
  for (int c = 0; c < a->n_chars; c++)
    if (a->widths[c] != b->widths[c])
      g_error ("%s: character %d is %d wide, not %d", html, c, b->widths[c], a->widths[c]);
}

/* Each paragraph shaped whole (no cache), then word by word with the cache
 * cold and again warm: the same glyphs every time, and the warm pass
 * shapes nothing anew. */
static void
test_same_as_whole (void)
{
  BfLineBreaker cached;
  breaker_init (&cached);
  BfLineBreaker whole = without_cache (&cached);
  for (gsize i = 0; i < G_N_ELEMENTS (paragraphs); i++)
    {
      Parsed parsed;
      BfParagraph *para = parse_paragraph (paragraphs[i].html, &parsed);
      BfShaped expected, cold, warm;
      shape_paragraph (&whole, para, &expected);
      shape_paragraph (&cached, para, &cold);
      guint hits, misses, hits_after, misses_after;
      gsize bytes;
      bf_shape_cache_get_counts (cached.shape_cache, &hits, &misses, &bytes);
      shape_paragraph (&cached, para, &warm);
      bf_shape_cache_get_counts (cached.shape_cache, &hits_after, &misses_after, &bytes);
      assert_same_shaping (&expected, &cold, paragraphs[i].html);
      assert_same_shaping (&expected, &warm, paragraphs[i].html);
      /* Where every piece can be kept, all come from the cache the second
       * time. */
      g_assert_cmpuint (hits_after, >, hits);
      if (paragraphs[i].all_kept && misses_after != misses)
        g_error ("%s: %u pieces shaped again", paragraphs[i].html, misses_after - misses);
      bf_shaped_clear (&expected);
      bf_shaped_clear (&cold);
      bf_shaped_clear (&warm);
      parsed_clear (&parsed);
    }
  breaker_clear (&cached);
}

/* Each character's advance, as shape.c sets it from the clusters, is
 * what pango_glyph_item_get_logical_widths gives for the same glyphs: a
 * ligature's width (ffi, lam-alef) shared among its letters, the rest of
 * the division going to the first; right to left too. */
static void
test_widths_as_pango (void)
{
  BfLineBreaker breaker;
  breaker_init (&breaker);
  for (gsize i = 0; i < G_N_ELEMENTS (paragraphs); i++)
    {
      Parsed parsed;
      BfParagraph *para = parse_paragraph (paragraphs[i].html, &parsed);
      BfShaped s;
      shape_paragraph (&breaker, para, &s);
      for (guint r = 0; r < s.runs->len; r++)
        {
          const BfShapedRun *run = &g_array_index (s.runs, BfShapedRun, r);
          g_autofree int *expected = g_new0 (int, run->item->num_chars + 1);
          PangoGlyphItem glyph_item = { run->item, run->glyphs };
          pango_glyph_item_get_logical_widths (&glyph_item, s.text, expected);
          for (int c = 0; c < run->item->num_chars; c++)
            if (s.widths[run->first_char + c] != expected[c])
              g_error ("%s: character %d is %d wide, Pango says %d", paragraphs[i].html,
                       run->first_char + c, s.widths[run->first_char + c], expected[c]);
        }
      bf_shaped_clear (&s);
      parsed_clear (&parsed);
    }
  breaker_clear (&breaker);
}

/* Words met in one order, then set in another: every piece of the second
 * paragraph comes from the cache (its first and last words stay where
 * they were: a word at a paragraph's end is kept apart), and the
 * glyphs joined from there are those Pango gives the whole item.  Then
 * with a new word twice in the middle: shaped on its own, kept once. */
static const char *const sentences[][3] = {
  { "en", "Office staff offered affluent clients efficient, fluffy waffles and official "
          "coffee in the office.", "fjord" },
  { "fa", "کتابخانه‌ها می‌خواهم که سلام و لاله و بلال در مدرسه، کتابِ رفیق بد را بخوانند.",
    "تازه" },
  { "ar", "قال المعلم للطلاب: اقرؤوا الكتاب في المكتبة، فالعلم نور والجهل ظلام.", "جديد" },
  { "ur", "اردو زبان میں یہ ایک جملہ ہے جو نستعلیق میں لکھا جاتا ہے اور پڑھا جاتا ہے۔", "نیا" },
  { "he", "בְּרֵאשִׁית בָּרָא אֱלֹהִים אֵת הַשָּׁמַיִם וְאֵת הָאָרֶץ, בית־ספר גדול.", "חָדָשׁ" },
};

/* The paragraph of @words, the middle ones backwards when @reorder, and
 * @new_word (or nothing) twice in the middle. */
static char *
paragraph_html (const char *lang, char **words, gboolean reorder, const char *new_word)
{
  guint n = g_strv_length (words);
  GString *html = g_string_new (NULL);
  g_string_printf (html, "<p lang=\"%s\"%s>", lang, strcmp (lang, "en") ? " dir=\"rtl\"" : "");
  for (guint i = 0; i < n; i++)
    {
      /* The middle words backwards. */
      guint w = reorder && i > 0 && i < n - 1 ? n - 1 - i : i;
      g_string_append_printf (html, "%s%s", i ? " " : "", words[w]);
      if (new_word && i == n / 2)
        g_string_append_printf (html, " %s %s", new_word, new_word);
    }
  g_string_append (html, "</p>");
  return g_string_free (html, FALSE);
}

static void
test_words_in_another_order (void)
{
  BfLineBreaker cached;
  breaker_init (&cached);
  BfLineBreaker whole = without_cache (&cached);
  for (gsize i = 0; i < G_N_ELEMENTS (sentences); i++)
    {
      char **words = g_strsplit (sentences[i][1], " ", -1);
      g_autofree char *first = paragraph_html (sentences[i][0], words, FALSE, NULL);
      g_autofree char *second = paragraph_html (sentences[i][0], words, TRUE, NULL);
      g_autofree char *third = paragraph_html (sentences[i][0], words, TRUE, sentences[i][2]);
      guint n_words = g_strv_length (words);
      g_strfreev (words);
      Parsed parsed_first, parsed_second;
      BfShaped warm_up, expected, joined;
      shape_paragraph (&cached, parse_paragraph (first, &parsed_first), &warm_up);
      BfParagraph *para = parse_paragraph (second, &parsed_second);
      shape_paragraph (&whole, para, &expected);
      guint hits, misses, hits_after, misses_after;
      gsize bytes;
      bf_shape_cache_get_counts (cached.shape_cache, &hits, &misses, &bytes);
      shape_paragraph (&cached, para, &joined);
      bf_shape_cache_get_counts (cached.shape_cache, &hits_after, &misses_after, &bytes);
      if (misses_after != misses)
        g_error ("%s: %u pieces not found", second, misses_after - misses);
      /* At least each word and each space. */
      g_assert_cmpuint (hits_after - hits, >=, 2 * n_words - 1);
      assert_same_shaping (&expected, &joined, second);
      bf_shaped_clear (&expected);
      bf_shaped_clear (&joined);

      Parsed parsed_third;
      BfShaped again;
      para = parse_paragraph (third, &parsed_third);
      shape_paragraph (&whole, para, &expected);
      shape_paragraph (&cached, para, &joined);
      guint hits_third, misses_third;
      bf_shape_cache_get_counts (cached.shape_cache, &hits_third, &misses_third, &bytes);
      g_assert_cmpuint (misses_third - misses_after, ==, 2);
      assert_same_shaping (&expected, &joined, third);
      shape_paragraph (&cached, para, &again);
      bf_shape_cache_get_counts (cached.shape_cache, &hits_after, &misses_after, &bytes);
      g_assert_cmpuint (misses_after, ==, misses_third);
      assert_same_shaping (&expected, &again, third);
      bf_shaped_clear (&warm_up);
      bf_shaped_clear (&expected);
      bf_shaped_clear (&joined);
      bf_shaped_clear (&again);
      parsed_clear (&parsed_first);
      parsed_clear (&parsed_second);
      parsed_clear (&parsed_third);
    }
  breaker_clear (&cached);
}

/* A new word twice in an item is kept once: "word" four times takes the
 * cache as much room as twice (the first, the others, the space). */
static void
test_kept_once (void)
{
  gsize bytes[2];
  const char *html[2] = { "<p>word word</p>", "<p>word word word word</p>" };
  for (int i = 0; i < 2; i++)
    {
      BfLineBreaker cached;
      breaker_init (&cached);
      Parsed parsed;
      BfShaped s;
      shape_paragraph (&cached, parse_paragraph (html[i], &parsed), &s);
      guint hits, misses;
      bf_shape_cache_get_counts (cached.shape_cache, &hits, &misses, &bytes[i]);
      g_assert_cmpuint (bytes[i], >, 0);
      bf_shaped_clear (&s);
      parsed_clear (&parsed);
      breaker_clear (&cached);
    }
  g_assert_cmpuint (bytes[0], ==, bytes[1]);
}

/* Amiri kerns a word's first keheh after a final heh and a space (a GPOS
 * lookup of its kern feature has the space in its backtrack: HarfBuzz
 * gives the keheh of "کتاب" an advance of 105 units after "ه ", 349
 * alone): a word's glyphs depend on the word before it, so Amiri's items
 * are never cut. */
static void
test_font_reaching_across_spaces (void)
{
  static const char html[] = "<p lang=\"fa\" dir=\"rtl\" style=\"font-family: Amiri\">"
                             "مدرسه کتاب و کتاب است</p>";
  BfLineBreaker cached;
  breaker_init (&cached);
  BfLineBreaker whole = without_cache (&cached);
  Parsed parsed;
  BfParagraph *para = parse_paragraph (html, &parsed);
  BfShaped expected, first, second;
  shape_paragraph (&whole, para, &expected);
  const BfShapedRun *run = &g_array_index (expected.runs, BfShapedRun, 0);
  PangoFontDescription *desc = pango_font_describe (run->item->analysis.font);
  g_assert_cmpstr (pango_font_description_get_family (desc), ==, "Amiri");
  pango_font_description_free (desc);

  /* The kaf's word shaped alone (the paragraph still around it) is not
   * what it is after the space in the item. */
  const char *text = expected.text;
  const char *word = strstr (text, "کتاب");
  int length = strlen ("کتاب");
  PangoGlyphString *alone = pango_glyph_string_new ();
  pango_shape_with_flags (word, length, text, strlen (text), &run->item->analysis, alone,
                          PANGO_SHAPE_NONE);
  const PangoGlyphString *in_item = run->glyphs;
  gboolean differs = FALSE;
  for (int g = 0; g < in_item->num_glyphs; g++)
    {
      if (text + run->item->offset + in_item->log_clusters[g] < word
          || text + run->item->offset + in_item->log_clusters[g] >= word + length)
        continue;
      for (int a = 0; a < alone->num_glyphs; a++)
        if (word + alone->log_clusters[a] == text + run->item->offset + in_item->log_clusters[g]
            && alone->glyphs[a].glyph == in_item->glyphs[g].glyph
            && (alone->glyphs[a].geometry.width != in_item->glyphs[g].geometry.width
                || alone->glyphs[a].geometry.x_offset != in_item->glyphs[g].geometry.x_offset))
          differs = TRUE;
    }
  g_assert_true (differs);
  pango_glyph_string_free (alone);

  guint hits, misses;
  gsize bytes;
  shape_paragraph (&cached, para, &first);
  shape_paragraph (&cached, para, &second);
  bf_shape_cache_get_counts (cached.shape_cache, &hits, &misses, &bytes);
  g_assert_cmpuint (hits + misses, ==, 0);
  assert_same_shaping (&expected, &second, html);
  bf_shaped_clear (&expected);
  bf_shaped_clear (&first);
  bf_shaped_clear (&second);
  parsed_clear (&parsed);
  breaker_clear (&cached);
}

/* A word's end shaped again with its hyphen keeps the features of a span
 * that starts inside the paragraph: "charac-" in small caps, the same
 * glyphs as Pango gives those letters in the paragraph. */
static void
test_hyphen_keeps_features (void)
{
  static const char html[] = "<p lang=\"en\">Some words then <span style=\"font-feature-settings: "
                             "'smcp' 1\">extraordinarily characteristically</span> done.</p>";
  BfLineBreaker breaker;
  breaker_init (&breaker);
  Parsed parsed;
  BfShaped s;
  shape_paragraph (&breaker, parse_paragraph (html, &parsed), &s);
  const char *word = strstr (s.text, "characteristically");
  const BfShapedRun *run = NULL;
  for (guint r = 0; r < s.runs->len; r++)
    {
      const BfShapedRun *candidate = &g_array_index (s.runs, BfShapedRun, r);
      if (s.text + candidate->item->offset <= word
          && word < s.text + candidate->item->offset + candidate->item->length)
        run = candidate;
    }
  g_assert_nonnull (run);
  const char *text;
  PangoGlyphItem *gi = bf_shape_with_hyphen (&breaker, run->item, word, 6, &text);
  g_assert_cmpstr (text, ==, "charac-");
  g_assert_cmpint (gi->glyphs->num_glyphs, ==, 7);
  for (int g = 0; g < 6; g++)
    {
      int at = word - s.text - run->item->offset + gi->glyphs->log_clusters[g];
      int in_run = -1;
      for (int k = 0; k < run->glyphs->num_glyphs; k++)
        if (run->glyphs->log_clusters[k] == at)
          in_run = k;
      g_assert_cmpint (in_run, >=, 0);
      g_assert_cmpuint (gi->glyphs->glyphs[g].glyph, ==, run->glyphs->glyphs[in_run].glyph);
    }
  pango_glyph_item_free (gi);
  bf_shaped_clear (&s);
  parsed_clear (&parsed);
  breaker_clear (&breaker);
}

/* The English paragraph really has ligatures: "office" is drawn with
 * fewer glyphs than its six letters (the bundled serif's ffi), so the
 * comparison above covers glyphs standing for several characters. */
static void
test_ligatures_covered (void)
{
  BfLineBreaker cached;
  breaker_init (&cached);
  Parsed parsed;
  BfParagraph *para = parse_paragraph ("<p lang=\"en\">office</p>", &parsed);
  BfShaped s;
  shape_paragraph (&cached, para, &s);
  g_assert_cmpuint (s.runs->len, ==, 1);
  g_assert_cmpint (g_array_index (s.runs, BfShapedRun, 0).glyphs->num_glyphs, <, 6);
  bf_shaped_clear (&s);
  parsed_clear (&parsed);
  breaker_clear (&cached);
}

/* Paragraphs of ever new words: the cache never holds more than its
 * bound, and empties to make room rather than refuse words. */
static void
test_bounded (void)
{
  BfLineBreaker cached;
  breaker_init (&cached);
  gsize most = 0, before = 0;
  gboolean emptied = FALSE;
  guint word = 0;
  for (int p = 0; p < 120; p++)
    {
      GString *html = g_string_new ("<p>");
      for (int w = 0; w < 400; w++, word++)
        {
          /* A new word each time: the number in letters, base 26. */
          g_string_append_c (html, ' ');
          for (guint n = word; ; n /= 26)
            {
              g_string_append_c (html, 'a' + n % 26);
              if (n < 26)
                break;
            }
        }
      g_string_append (html, "</p>");
      Parsed parsed;
      BfParagraph *para = parse_paragraph (html->str, &parsed);
      BfShaped s;
      shape_paragraph (&cached, para, &s);
      guint hits, misses;
      gsize bytes;
      bf_shape_cache_get_counts (cached.shape_cache, &hits, &misses, &bytes);
      g_assert_cmpuint (bytes, <=, BF_SHAPE_CACHE_MAX_BYTES);
      most = MAX (most, bytes);
      emptied |= bytes < before;
      before = bytes;
      bf_shaped_clear (&s);
      parsed_clear (&parsed);
      g_string_free (html, TRUE);
    }
  /* 48,000 words of 4 letters or so fill it more than once. */
  g_assert_cmpuint (most, >, BF_SHAPE_CACHE_MAX_BYTES / 2);
  g_assert_true (emptied);
  breaker_clear (&cached);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  fonts = bf_fonts_new (NULL, NULL);
  g_assert_nonnull (fonts);
  g_test_add_func ("/shape/same-as-whole", test_same_as_whole);
  g_test_add_func ("/shape/widths-as-pango", test_widths_as_pango);
  g_test_add_func ("/shape/words-in-another-order", test_words_in_another_order);
  g_test_add_func ("/shape/kept-once", test_kept_once);
  g_test_add_func ("/shape/font-reaching-across-spaces", test_font_reaching_across_spaces);
  g_test_add_func ("/shape/hyphen-keeps-features", test_hyphen_keeps_features);
  g_test_add_func ("/shape/ligatures-covered", test_ligatures_covered);
  g_test_add_func ("/shape/bounded", test_bounded);
  int result = g_test_run ();
  bf_fonts_unref (fonts);
  return result;
}
