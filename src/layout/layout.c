/* layout.c — BfLayout: runs the layout stage over a document (box tree,
 * font coverage, lines, pages) and owns the result. */
#include "layout/paragraph-private.h"
#include "style/cascade.h"

/* Laying out and writing a PDF peaks at about 7 to 8 bytes per byte of
 * text (the book ten times over, 21 MB of Markdown, at about 155 MB): the
 * document tree, Cairo's record of its tags and the finishing pass's tag
 * tree.  32 MB of text would be about 250 MB; more is refused, as a
 * document to split. */
#define BF_LAYOUT_MAX_TEXT (32 * 1000 * 1000)

/* A document with no more text than this keeps the blocks of its first
 * walk for laying out; a longer one makes them again, one at a time. */
#define BF_LAYOUT_KEPT_TEXT (1000 * 1000)

gsize bf_layout_kept_text = BF_LAYOUT_KEPT_TEXT;

static void
page_free (BfPage *page)
{
  g_array_unref (page->items);
  g_free (page);
}

static void
outline_entry_clear (BfOutlineEntry *entry)
{
  g_free (entry->title);
}

static void
add_warning (BfLayout *layout, char *text)
{
  g_ptr_array_insert (layout->warnings, layout->warnings->len - 1, text);
}

/* ------------------------------------------------------- font coverage */

/* A character no bundled face has, at its first occurrence: the font and
 * the language the text asks for there. */
typedef struct {
  gunichar c;
  PangoFontDescription *desc;
  PangoLanguage *language;
} UncoveredChar;

static void
uncovered_char_clear (UncoveredChar *u)
{
  pango_font_description_free (u->desc);
}

/* Characters no bundled face has, first met in one paragraph, each once,
 * in the order met; source is the paragraph's element, or its table
 * row's.  What is known of each is kept, not the paragraph: the whole
 * document is looked through before the first paragraph is laid out. */
typedef struct {
  xmlNodePtr source;
  GArray *chars;                   /* UncoveredChar */
} Uncovered;

static void
uncovered_clear (Uncovered *u)
{
  g_array_unref (u->chars);
}

/* Each of @missing (characters of @para) with the font and language of
 * the text at its first occurrence. */
static GArray *
uncovered_chars_new (const BfParagraph *para, const char *missing)
{
  GArray *chars = g_array_new (FALSE, FALSE, sizeof (UncoveredChar));
  g_array_set_clear_func (chars, (GDestroyNotify) uncovered_char_clear);
  g_autoptr (GHashTable) wanted = g_hash_table_new (NULL, NULL);
  for (const char *p = missing; *p; p = g_utf8_next_char (p))
    g_hash_table_add (wanted, GUINT_TO_POINTER (g_utf8_get_char (p)));
  g_autoptr (PangoFontDescription) base = pango_font_description_new ();
  pango_font_description_set_family (base, para->style.font_family);
  pango_font_description_set_absolute_size (base, para->style.font_size * PANGO_SCALE);
  pango_font_description_set_weight (base, (PangoWeight) para->style.font_weight);
  pango_font_description_set_style (base, para->style.italic ? PANGO_STYLE_ITALIC
                                                              : PANGO_STYLE_NORMAL);
  PangoLanguage *base_language = para->style.lang ? pango_language_from_string (para->style.lang)
                                                  : NULL;
  PangoAttrIterator *it = para->attrs ? pango_attr_list_get_iterator (para->attrs) : NULL;
  int length = (int) para->text->len;
  do
    {
      int start = 0, end = length;
      g_autoptr (PangoFontDescription) desc = pango_font_description_copy (base);
      PangoLanguage *language = base_language;
      if (it)
        {
          pango_attr_iterator_range (it, &start, &end);
          end = MIN (end, length);
          pango_attr_iterator_get_font (it, desc, &language, NULL);
        }
      for (const char *p = para->text->str + start; p < para->text->str + end;
           p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);
          if (g_hash_table_remove (wanted, GUINT_TO_POINTER (c)))
            {
              UncoveredChar u = { c, pango_font_description_copy (desc), language };
              g_array_append_val (chars, u);
            }
        }
    }
  while (it && g_hash_table_size (wanted) && pango_attr_iterator_next (it));
  if (it)
    pango_attr_iterator_destroy (it);
  return chars;
}

static void
collect_uncovered (BfFonts *fonts, const BfParagraph *para, xmlNodePtr row, GHashTable *seen,
                   GArray *found);

static void
collect_uncovered_all (BfFonts *fonts, GPtrArray *paragraphs, xmlNodePtr row, GHashTable *seen,
                       GArray *found)
{
  for (guint i = 0; paragraphs && i < paragraphs->len; i++)
    collect_uncovered (fonts, paragraphs->pdata[i], row, seen, found);
}

/* Adds to @found what of @para (and of the blocks of its cells, when it
 * is a table) no bundled face has and @seen has not met. */
static void
collect_uncovered (BfFonts *fonts, const BfParagraph *para, xmlNodePtr row, GHashTable *seen,
                   GArray *found)
{
  xmlNodePtr source = para->source ? para->source : row;
  g_autoptr (GString) missing = g_string_new (NULL);
  bf_fonts_collect_uncovered (fonts, para->text->str, para->text->len, seen, missing);
  if (missing->len)
    {
      Uncovered u = { source, uncovered_chars_new (para, missing->str) };
      g_array_append_val (found, u);
    }
  if (para->kind != BF_BLOCK_TABLE)
    return;
  collect_uncovered_all (fonts, para->u.table.caption, source, seen, found);
  for (guint c = 0; c < para->u.table.cells->len; c++)
    collect_uncovered_all (fonts, ((BfTableCell *) para->u.table.cells->pdata[c])->blocks, source,
                           seen, found);
}

/* Characters grouped by the family that draws them, in order of first
 * appearance; the group of family NULL is drawn as empty boxes. */
typedef struct {
  char *family;
  GString *chars;
} FamilyGroup;

static void
family_group_clear (FamilyGroup *g)
{
  g_free (g->family);
  g_string_free (g->chars, TRUE);
}

static GArray *
family_groups_new (void)
{
  GArray *groups = g_array_new (FALSE, FALSE, sizeof (FamilyGroup));
  g_array_set_clear_func (groups, (GDestroyNotify) family_group_clear);
  return groups;
}

static void
family_groups_add (GArray *groups, char *family, gunichar c)
{
  for (guint i = 0; i < groups->len; i++)
    {
      FamilyGroup *g = &g_array_index (groups, FamilyGroup, i);
      if (g_strcmp0 (g->family, family) == 0)
        {
          g_string_append_unichar (g->chars, c);
          g_free (family);
          return;
        }
    }
  FamilyGroup g = { family, g_string_new (NULL) };
  g_string_append_unichar (g.chars, c);
  g_array_append_val (groups, g);
}

/* Adds each character of @u to @groups under the family Pango draws it in,
 * with the font and language of the text at its first occurrence. */
static void
find_families (BfFonts *fonts, PangoContext *context, const Uncovered *u, GArray *groups)
{
  for (guint i = 0; i < u->chars->len; i++)
    {
      const UncoveredChar *c = &g_array_index (u->chars, UncoveredChar, i);
      family_groups_add (groups, bf_fonts_find_family_for_char (fonts, context, c->desc,
                                                                c->language, c->c),
                         c->c);
    }
}

/* One warning per group: where the characters are drawn, or that they are
 * not (@where is "NAME:LINE" or "NAME", @lines says how many lines). */
static void
warn_family_groups (BfLayout *layout, const char *where, const char *lines, GArray *groups)
{
  for (guint i = 0; i < groups->len; i++)
    {
      const FamilyGroup *g = &g_array_index (groups, FamilyGroup, i);
      if (bf_fonts_is_fallback_family (layout->fonts, g->family))
        continue; /* a bundled face drew them: nothing to say */
      GString *listed = g_string_new (NULL), *codes = g_string_new (NULL);
      for (const char *p = g->chars->str; *p; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);
          if (listed->len)
            {
              g_string_append_c (listed, ' ');
              g_string_append_c (codes, ' ');
            }
          g_string_append_unichar (listed, c);
          g_string_append_printf (codes, "U+%04X", c);
        }
      if (g->family)
        add_warning (layout, g_strdup_printf ("%s: warning: %sno bundled font has these characters; "
                                              "drawn in the system's font \"%s\": %s (%s)",
                                              where, lines, g->family, listed->str, codes->str));
      else
        add_warning (layout, g_strdup_printf ("%s: warning: %sno font has these characters; drawn "
                                              "as empty boxes: %s (%s)",
                                              where, lines, listed->str, codes->str));
      g_string_free (listed, TRUE);
      g_string_free (codes, TRUE);
    }
}

/* Lines that get a warning of their own; the characters first met on any
 * further lines are named together in one more. */
#define BF_COVERAGE_WARNINGS 20

/* Characters that no bundled face has (@found, from the whole document)
 * bring the system's fonts into the layout's own fonts; each is named in a
 * warning with the line it is first met on and the family that draws it,
 * or, when no font has it, as an empty box. */
static void
check_coverage (BfLayout *layout, GArray *found)
{
  if (found->len == 0)
    return;
  bf_fonts_add_system_fonts (layout->fonts);
  PangoContext *context = bf_fonts_create_context (layout->fonts);
  g_autoptr (GArray) groups = family_groups_new ();
  g_autoptr (GArray) rest = family_groups_new ();
  guint lines = 0;
  long line = 0;
  for (guint i = 0; i <= found->len; i++)
    {
      const Uncovered *u = i < found->len ? &g_array_index (found, Uncovered, i) : NULL;
      long u_line = u && u->source ? xmlGetLineNo (u->source) : -1;
      if (groups->len && (!u || u_line != line))
        {
          /* The paragraphs of one line (a table row's cells) warn together. */
          g_autofree char *where = line > 0 ? g_strdup_printf ("%s:%ld", layout->doc->name, line)
                                            : g_strdup (layout->doc->name);
          warn_family_groups (layout, where, "", groups);
          g_array_set_size (groups, 0);
        }
      if (!u)
        break;
      if (i == 0 || u_line != line)
        lines++;
      line = u_line;
      find_families (layout->fonts, context, u, lines <= BF_COVERAGE_WARNINGS ? groups : rest);
    }
  if (rest->len)
    {
      guint more = lines - BF_COVERAGE_WARNINGS;
      g_autofree char *on = g_strdup_printf ("on %u more %s, ", more, more == 1 ? "line" : "lines");
      warn_family_groups (layout, layout->doc->name, on, rest);
    }
  g_object_unref (context);
}

static void collect_anchors (const BfParagraph *para, GHashTable *anchors);

static void
collect_anchors_all (GPtrArray *paragraphs, GHashTable *anchors)
{
  for (guint i = 0; paragraphs && i < paragraphs->len; i++)
    collect_anchors (paragraphs->pdata[i], anchors);
}

/* Adds the anchors of @para, and of the paragraphs in its cells when it is
 * a table, to @anchors: each is placed as a destination on the first line
 * of the block it belongs to (bf_paragraph_layout). */
static void
collect_anchors (const BfParagraph *para, GHashTable *anchors)
{
  for (guint k = 0; para->anchors && k < para->anchors->len; k++)
    g_hash_table_add (anchors, g_strdup (g_array_index (para->anchors, BfSpan, k).target));
  if (para->kind != BF_BLOCK_TABLE)
    return;
  collect_anchors_all (para->u.table.caption, anchors);
  for (guint c = 0; c < para->u.table.cells->len; c++)
    collect_anchors_all (((BfTableCell *) para->u.table.cells->pdata[c])->blocks, anchors);
}

/* The faces of the sheets' @font-face rules join the layout's own fonts;
 * one that cannot be read is a warning, and the text falls back. */
static void
load_font_faces (BfLayout *layout, BfBoxTree *tree, GPtrArray *warnings)
{
  GPtrArray *faces = bf_styler_get_font_faces (tree->styler);
  for (guint i = 0; i < faces->len; i++)
    {
      const BfFontFace *face = faces->pdata[i];
      GError *error = NULL;
      if (!bf_fonts_add_face (layout->fonts, face->path, face->family, face->weight, face->italic,
                              &error))
        {
          g_ptr_array_add (warnings, g_strdup_printf ("%s: warning: @font-face \"%s\": %s",
                                                      layout->doc->name, face->family,
                                                      error->message));
          g_error_free (error);
        }
    }
}

/* Margins that leave less than half an inch between them shrink in
 * proportion until they leave that much: a sheet's margins are never an
 * error.  FALSE when the page itself is narrower than that. */
#define BF_MIN_TEXT_AREA 36.0

static gboolean
fit_margins (double *a, double *b, double page, gboolean *shrunk)
{
  if (page - *a - *b >= BF_MIN_TEXT_AREA)
    return TRUE;
  if (page < BF_MIN_TEXT_AREA * 2)
    return FALSE;
  *shrunk = TRUE;
  double scale = (page - BF_MIN_TEXT_AREA) / (*a + *b);
  *a *= scale;
  *b *= scale;
  return TRUE;
}

/* The @page flags (BfPageFlags) of page style @k of the layout's. */
static guint
page_style_flags (const BfLayout *layout, int k)
{
  guint flags = layout->rtl ? BF_PAGE_RTL : 0;
  if (k >= 4)
    return flags | BF_PAGE_BLANK | (k == 5 ? BF_PAGE_LEFT : 0);
  return flags | (k / 2 ? BF_PAGE_FIRST : 0) | (k % 2 ? BF_PAGE_LEFT : 0);
}

/* The styles of the first, left, right and blank pages from the @page
 * rules, the paper size they give (unless the setup's was given) and the
 * measure: the narrowest text area of the pages that hold text, as lines
 * are broken once for every page.  Returns the measure, or -1 when a page
 * has no room. */
static double
compute_page_styles (BfLayout *layout, const BfStyler *styler)
{
  const BfPageRules *rules = bf_styler_get_page_rules (styler);
  BfComputedStyle initial, root;
  bf_style_init_root (&initial);
  bf_styler_compute (styler, &initial, xmlDocGetRootElement (layout->doc->tree), &root);
  BfPageSetup *setup = &layout->setup;
  if (!setup->paper_given)
    {
      BfPageStyle first;
      guint flags = page_style_flags (layout, 2 + bf_layout_page_is_left (layout, 0));
      bf_page_rules_compute (rules, &root, flags, setup->width, setup->height, FALSE, &first);
      setup->width = first.width;
      setup->height = first.height;
    }
  double measure = G_MAXDOUBLE;
  gboolean shrunk = FALSE;
  for (int k = 0; k < (int) G_N_ELEMENTS (layout->page_styles); k++)
    {
      BfPageStyle *ps = &layout->page_styles[k];
      bf_page_rules_compute (rules, &root, page_style_flags (layout, k), setup->width,
                             setup->height, TRUE, ps);
      if (!fit_margins (&ps->margin_left, &ps->margin_right, ps->width, &shrunk)
          || !fit_margins (&ps->margin_top, &ps->margin_bottom, ps->height, &shrunk))
        return -1;
      double width = ps->width - ps->margin_left - ps->margin_right;
      if (k == 2 + bf_layout_page_is_left (layout, 0) || k < 2)
        measure = MIN (measure, width); /* a blank page holds no text */
    }
  if (shrunk)
    add_warning (layout, g_strdup_printf ("%s: warning: the @page margins leave no room on a "
                                          "%.0f×%.0f pt page; shrunk to leave %.0f pt of text",
                                          layout->doc->name, setup->width, setup->height,
                                          BF_MIN_TEXT_AREA));
  return measure;
}

/* The height of the shortest page's text area (pictures must fit in it). */
static double
text_height (const BfLayout *layout)
{
  double height = G_MAXDOUBLE;
  for (int k = 0; k < 4; k++)
    {
      const BfPageStyle *ps = &layout->page_styles[k];
      height = MIN (height, ps->height - ps->margin_top - ps->margin_bottom);
    }
  return MAX (height, 1.0);
}

/* The narrowest side margin of any page: as far as a block may be pulled
 * out of the measure and stay on the paper. */
static double
narrowest_margin (const BfLayout *layout)
{
  double margin = G_MAXDOUBLE;
  for (int k = 0; k < 4; k++)
    {
      const BfPageStyle *ps = &layout->page_styles[k];
      margin = MIN (margin, MIN (ps->margin_left, ps->margin_right));
    }
  return MAX (margin, 0.0);
}

/* What the first walk of the body learns before any line is broken: the
 * characters no bundled face has, the anchors links may lead to, the size
 * of the text; and, while the text is short, the blocks themselves. */
typedef struct {
  BfLayout *layout;
  GHashTable *seen;                /* characters met that no bundled face has */
  GArray *found;                   /* Uncovered */
  gsize text_bytes;
  GPtrArray *kept;                 /* the blocks so far, or NULL: too long to keep */
} Survey;

static gboolean
survey_block (BfParagraph *block, gpointer data)
{
  Survey *survey = data;
  survey->text_bytes += block->text->len;
  if (survey->text_bytes > BF_LAYOUT_MAX_TEXT)
    {
      bf_paragraph_free (block);
      return FALSE;
    }
  collect_uncovered (survey->layout->fonts, block, NULL, survey->seen, survey->found);
  collect_anchors (block, survey->layout->anchors);
  if (survey->kept && survey->text_bytes > bf_layout_kept_text)
    g_clear_pointer (&survey->kept, g_ptr_array_unref);
  if (survey->kept)
    g_ptr_array_add (survey->kept, block);
  else
    bf_paragraph_free (block);
  return TRUE;
}

/* Where the blocks go, kept or made again: to lines, then pages. */
typedef struct {
  BfLineBreaker *breaker;
  BfPager *pager;
  GPtrArray *lines;
} LayingOut;

static gboolean
lay_out_block (BfParagraph *block, gpointer data)
{
  LayingOut *out = data;
  bf_paragraph_layout (out->breaker, block, out->lines);
  /* Its lines hold what they need, their texts included. */
  bf_paragraph_free (block);
  g_ptr_array_set_size (out->breaker->texts, 0);
  bf_pager_add_lines (out->pager, out->lines, FALSE);
  return TRUE;
}

BfLayout *
bf_layout_new_with_sink (BfFonts *fonts, const BfDocument *doc, const BfPageSetup *setup,
                         BfPageSink sink, gpointer sink_data, GError **error)
{
  g_return_val_if_fail (fonts && doc && setup, NULL);
  gint64 start = g_get_monotonic_time ();
  BfLayout *layout = g_new0 (BfLayout, 1);
  /* What the document brings in (its @font-face faces, the system's fonts)
   * goes to fonts of the layout's own; the caller's are only read. */
  layout->fonts = bf_fonts_new_for_layout (fonts);
  layout->doc = doc;
  layout->setup = *setup;
  layout->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) page_free);
  layout->outline = g_array_new (FALSE, FALSE, sizeof (BfOutlineEntry));
  g_array_set_clear_func (layout->outline, (GDestroyNotify) outline_entry_clear);
  layout->page_sources = g_ptr_array_new ();
  layout->page_labels = g_ptr_array_new_with_free_func (g_free);
  layout->anchors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  layout->jobs = MAX (g_get_num_processors (), 1);
  layout->warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (layout->warnings, NULL);
  const char *dir = bf_document_get_metadata (doc, "dir");
  layout->rtl = dir ? g_ascii_strcasecmp (dir, "rtl") == 0
                    : bf_lang_is_rtl (bf_document_get_metadata (doc, "lang"));

  /* Media queries see the paper given, or A5, whatever the sheets' @page
   * rules make of it. */
  BfMedium medium = { FALSE, layout->setup.width, layout->setup.height };
  BfStyler *styler = bf_styler_new_for_medium (doc, &medium);
  double text_width = compute_page_styles (layout, styler);
  if (text_width < 0)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_USAGE,
                   "page too small: %.0f×%.0f pt leaves no room inside the margins",
                   layout->setup.width, layout->setup.height);
      bf_styler_free (styler);
      bf_layout_free (layout);
      return NULL;
    }
  BfBoxTree *tree = bf_box_tree_open (doc, styler, text_width, text_height (layout));
  GPtrArray *style_warnings = bf_styler_get_warnings (tree->styler);
  for (guint i = 0; i < style_warnings->len; i++)
    add_warning (layout, g_strdup (style_warnings->pdata[i]));
  g_autoptr (GPtrArray) face_warnings = g_ptr_array_new_with_free_func (g_free);
  load_font_faces (layout, tree, face_warnings);

  /* The whole body is walked once before the first line: the system's
   * fonts must come in before anything is shaped, and links may lead
   * forward.  The blocks of a long document are not kept but made again,
   * one at a time, as they are laid out, so that memory does not grow with
   * its length (the second walk costs 2–3% of the run, 6% of a table's of
   * 10,000 rows, which is one block). */
  Survey survey = { layout, g_hash_table_new (NULL, NULL),
                    g_array_new (FALSE, FALSE, sizeof (Uncovered)), 0,
                    g_ptr_array_new_with_free_func ((GDestroyNotify) bf_paragraph_free) };
  g_array_set_clear_func (survey.found, (GDestroyNotify) uncovered_clear);
  gboolean surveyed = bf_box_tree_walk (tree, survey_block, &survey);
  for (guint i = 0; i < tree->warnings->len; i++)
    add_warning (layout, g_strdup (tree->warnings->pdata[i]));
  for (guint i = 0; i < face_warnings->len; i++)
    add_warning (layout, g_strdup (face_warnings->pdata[i]));
  if (!surveyed)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_LIMIT,
                   "%s: more than the %d MB of text bifolio lays out at once; "
                   "split the document", doc->name, BF_LAYOUT_MAX_TEXT / 1000000);
      g_hash_table_unref (survey.seen);
      g_array_unref (survey.found);
      if (survey.kept)
        g_ptr_array_unref (survey.kept);
      bf_box_tree_free (tree);
      bf_layout_free (layout);
      return NULL;
    }
  for (guint i = 0; i < tree->note_order->len; i++)
    {
      GPtrArray *paras = g_hash_table_lookup (tree->notes, tree->note_order->pdata[i]);
      collect_uncovered_all (layout->fonts, paras, NULL, survey.seen, survey.found);
      collect_anchors_all (paras, layout->anchors);
    }
  check_coverage (layout, survey.found);
  g_hash_table_unref (survey.seen);
  g_array_unref (survey.found);

  BfLineBreaker breaker = { layout->fonts, bf_fonts_create_context (layout->fonts), text_width,
                            g_ptr_array_new_with_free_func ((GDestroyNotify) g_ref_string_release),
                            bf_hyphenator_new (),
                            setup->line_breaking == BF_LINE_BREAKING_OPTIMAL };
  breaker.page_height = tree->page_height;
  breaker.outdent_limit = narrowest_margin (layout);
  breaker.shape_cache = bf_shape_cache_new ();
  breaker.break_finder = bf_break_finder_new ();

  /* The notes first: a page makes room for those its lines reference. */
  GHashTable *note_lines = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                  (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < tree->note_order->len; i++)
    {
      const char *id = tree->note_order->pdata[i];
      GPtrArray *paras = g_hash_table_lookup (tree->notes, id);
      GPtrArray *nl = g_ptr_array_new_with_free_func ((GDestroyNotify) bf_line_free);
      for (guint j = 0; j < paras->len; j++)
        {
          bf_paragraph_layout (&breaker, paras->pdata[j], nl);
          g_ptr_array_set_size (breaker.texts, 0);
        }
      g_hash_table_insert (note_lines, (gpointer) id, nl);
    }

  /* The footnotes section's top margin and border make the space and the
   * rule above each page's notes. */
  layout->note_gap = tree->notes_style.margin_top;
  layout->note_rule = bf_style_get_border (&tree->notes_style, BF_SIDE_TOP);
  layout->note_rule_color = bf_style_get_border_color (&tree->notes_style, BF_SIDE_TOP);
  /* Each paragraph's lines go to the pages as it is broken: only the
   * lines of the page being filled are held, and a page's sink may draw
   * it and let it go before the next paragraph is shaped. */
  BfPager *pager = bf_pager_new (layout, &breaker, note_lines, sink, sink_data);
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) bf_line_free);
  LayingOut laying_out = { &breaker, pager, lines };
  if (survey.kept)
    {
      for (guint i = 0; i < survey.kept->len; i++)
        lay_out_block (g_steal_pointer (&survey.kept->pdata[i]), &laying_out);
      g_ptr_array_unref (survey.kept);
    }
  else
    bf_box_tree_walk (tree, lay_out_block, &laying_out);
  bf_pager_add_lines (pager, lines, TRUE);
  double drawing_seconds = bf_pager_free (pager);
  if (breaker.indents_clamped)
    add_warning (layout, g_strdup_printf ("%s: warning: blocks nested too deep to indent further "
                                          "are set at the deepest indent that fits",
                                          doc->name));
  if (breaker.outdents_clamped)
    add_warning (layout, g_strdup_printf ("%s: warning: negative margins or text-indent that "
                                          "would pull text off the paper are set at its edge",
                                          doc->name));

  layout->stats.style_seconds = bf_styler_get_seconds (tree->styler);
  layout->stats.layout_seconds = (g_get_monotonic_time () - start) / 1e6 - drawing_seconds;
  g_hash_table_unref (note_lines);
  g_ptr_array_unref (lines);
  g_object_unref (breaker.context);
  g_ptr_array_unref (breaker.texts);
  bf_hyphenator_free (breaker.hyphenator);
  bf_shape_cache_free (breaker.shape_cache);
  bf_break_finder_free (breaker.break_finder);
  bf_box_tree_free (tree);
  return layout;
}

BfLayout *
bf_layout_new (BfFonts *fonts, const BfDocument *doc, const BfPageSetup *setup, GError **error)
{
  return bf_layout_new_with_sink (fonts, doc, setup, NULL, NULL, error);
}

void
bf_layout_free (BfLayout *layout)
{
  if (!layout)
    return;
  g_ptr_array_unref (layout->pages);
  g_array_unref (layout->outline);
  g_ptr_array_unref (layout->page_sources);
  g_ptr_array_unref (layout->page_labels);
  g_hash_table_unref (layout->anchors);
  g_ptr_array_unref (layout->warnings);
  bf_fonts_unref (layout->fonts);
  g_free (layout);
}

void
bf_layout_release_page (BfLayout *layout, int page_index)
{
  g_return_if_fail (layout && page_index >= 0 && (guint) page_index < layout->pages->len);
  BfPage *page = layout->pages->pdata[page_index];
  g_array_unref (page->items);
  page->items = g_array_new (FALSE, TRUE, sizeof (BfDisplayItem));
  g_array_set_clear_func (page->items, (GDestroyNotify) bf_display_item_clear);
}

int
bf_layout_get_page_count (const BfLayout *layout)
{
  return layout->pages->len;
}

void
bf_layout_set_jobs (BfLayout *layout, int jobs)
{
  g_return_if_fail (layout != NULL);
  layout->jobs = MAX (jobs, 1);
}

gboolean
bf_layout_add_cover (BfLayout *layout, GBytes *picture, GError **error)
{
  g_return_val_if_fail (layout && picture, FALSE);
  g_autoptr (BfImage) image = bf_image_load_bytes (picture, "cover", error);
  if (!image)
    return FALSE;
  /* As large as the first page allows, proportions kept, centred. */
  const BfPageStyle *ps = bf_layout_get_page_style (layout, 0);
  double w, h;
  bf_image_get_size (image, &w, &h);
  double scale = (w > 0 && h > 0) ? MIN (ps->width / w, ps->height / h) : 0;
  BfPage *page = g_new0 (BfPage, 1);
  page->items = g_array_new (FALSE, TRUE, sizeof (BfDisplayItem));
  g_array_set_clear_func (page->items, (GDestroyNotify) bf_display_item_clear);
  BfDisplayItem item = { .kind = BF_ITEM_IMAGE, .width = w * scale, .height = h * scale,
                         .image = bf_image_ref (image), .alt = g_strdup ("Cover") };
  item.x = (ps->width - item.width) / 2;
  item.y = (ps->height - item.height) / 2;
  g_array_append_val (page->items, item);
  g_ptr_array_insert (layout->pages, 0, page);
  if (layout->page_sources)
    g_ptr_array_insert (layout->page_sources, 0, NULL);
  g_ptr_array_insert (layout->page_labels, 0, NULL);
  for (guint i = 0; i < layout->outline->len; i++)
    g_array_index (layout->outline, BfOutlineEntry, i).page++;
  return TRUE;
}

const char *const *
bf_layout_get_warnings (const BfLayout *layout)
{
  return (const char *const *) layout->warnings->pdata;
}

void
bf_layout_get_stats (const BfLayout *layout, BfLayoutStats *stats)
{
  *stats = layout->stats;
  const BfLineQuality *q = &layout->quality;
  stats->lines = q->lines;
  stats->justified_lines = q->justified_lines;
  stats->mean_ratio = q->justified_lines ? q->sum_ratios / q->justified_lines : 0;
  stats->worst_ratio = q->worst_ratio;
  stats->sum_squared_ratios = q->sum_squared_ratios;
  stats->loose_lines = q->loose_lines;
  stats->tight_lines = q->tight_lines;
  stats->ragged_lines = q->ragged_lines;
  stats->hyphenated_lines = q->hyphenated_lines;
  stats->consecutive_hyphens = q->consecutive_hyphens;
}
