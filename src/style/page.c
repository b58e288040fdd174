/* page.c — @page rules (CSS Paged Media 3): page selectors with a name
 * and :first, :left, :right, :recto, :verso, :blank, their specificity;
 * the size and margin declarations; the sixteen margin boxes, whose
 * declarations are element properties plus `content`.  A page's style is
 * computed from the rules that match it, in cascade order. */
#include "style/cascade.h"

#include <string.h>

#define MM (72.0 / 25.4)

typedef struct {
  BfMarginBox position;
  GPtrArray *declarations;     /* usable ones, borrowed from the rule */
} BoxRule;

typedef struct {
  char *name;                  /* a page name, or NULL */
  gboolean first, left, right, recto, verso, blank;
  gboolean author;             /* from an author's sheet, not the built-in one */
  guint32 specificity;
  guint order;
  GPtrArray *declarations;     /* size and margins, borrowed */
  GArray *boxes;               /* BoxRule */
} PageRule;

struct _BfPageRules {
  GPtrArray *rules;            /* PageRule* in source order */
  guint n_borrowed;            /* the first ones belong to the copied set */
};

static const char *const box_names[BF_MARGIN_BOX_COUNT] = {
  "top-left-corner", "top-left", "top-center", "top-right", "top-right-corner",
  "right-top", "right-middle", "right-bottom", "bottom-right-corner", "bottom-right",
  "bottom-center", "bottom-left", "bottom-left-corner", "left-bottom", "left-middle", "left-top",
};

int
bf_margin_box_from_name (const char *name)
{
  for (int i = 0; i < BF_MARGIN_BOX_COUNT; i++)
    if (!g_ascii_strcasecmp (name, box_names[i]))
      return i;
  return -1;
}

static void
box_rule_clear (BoxRule *box)
{
  g_ptr_array_unref (box->declarations);
}

static void
page_rule_free (PageRule *rule)
{
  g_free (rule->name);
  g_ptr_array_unref (rule->declarations);
  g_array_unref (rule->boxes);
  g_free (rule);
}

BfPageRules *
bf_page_rules_new (void)
{
  BfPageRules *rules = g_new0 (BfPageRules, 1);
  rules->rules = g_ptr_array_new ();
  return rules;
}

BfPageRules *
bf_page_rules_copy (const BfPageRules *rules)
{
  BfPageRules *copy = bf_page_rules_new ();
  for (guint i = 0; rules && i < rules->rules->len; i++)
    g_ptr_array_add (copy->rules, rules->rules->pdata[i]);
  copy->n_borrowed = copy->rules->len;
  return copy;
}

void
bf_page_rules_free (BfPageRules *rules)
{
  if (!rules)
    return;
  for (guint i = rules->n_borrowed; i < rules->rules->len; i++)
    page_rule_free (rules->rules->pdata[i]);
  g_ptr_array_unref (rules->rules);
  g_free (rules);
}

/* ------------------------------------------------------------- selectors */

/* "name:first:left", ":right", "" …; FALSE when it is something else. */
static gboolean
parse_page_selector (GArray *prelude, PageRule *rule)
{
  guint names = 0, pseudos_g = 0, pseudos_h = 0;
  for (guint i = 0; i < prelude->len; i++)
    {
      const BfCssToken *t = &g_array_index (prelude, BfCssToken, i);
      if (t->type == BF_CSS_WHITESPACE)
        continue;
      if (t->type == BF_CSS_IDENT && i == 0)
        {
          rule->name = g_strdup (t->text);
          names++;
          continue;
        }
      if (t->type != BF_CSS_COLON || i + 1 >= prelude->len)
        return FALSE;
      const BfCssToken *p = &g_array_index (prelude, BfCssToken, ++i);
      if (p->type != BF_CSS_IDENT)
        return FALSE;
      if (!g_ascii_strcasecmp (p->text, "first"))
        rule->first = TRUE, pseudos_g++;
      else if (!g_ascii_strcasecmp (p->text, "blank"))
        rule->blank = TRUE, pseudos_g++;
      else if (!g_ascii_strcasecmp (p->text, "left"))
        rule->left = TRUE, pseudos_h++;
      else if (!g_ascii_strcasecmp (p->text, "right"))
        rule->right = TRUE, pseudos_h++;
      else if (!g_ascii_strcasecmp (p->text, "recto"))
        rule->recto = TRUE, pseudos_h++;
      else if (!g_ascii_strcasecmp (p->text, "verso"))
        rule->verso = TRUE, pseudos_h++;
      else
        return FALSE;
    }
  rule->specificity = names << 20 | pseudos_g << 10 | pseudos_h;
  return TRUE;
}

/* ------------------------------------------------------------ properties */

static const struct {
  const char *name;
  double width, height;   /* mm */
} paper_sizes[] = {
  { "a3", 297, 420 }, { "a4", 210, 297 }, { "a5", 148, 210 }, { "a6", 105, 148 },
  { "b4", 250, 353 }, { "b5", 176, 250 }, { "jis-b4", 257, 364 }, { "jis-b5", 182, 257 },
  { "letter", 215.9, 279.4 }, { "legal", 215.9, 355.6 }, { "ledger", 279.4, 431.8 },
};

gboolean
bf_paper_size_lookup (const char *name, double *width, double *height)
{
  for (gsize k = 0; k < G_N_ELEMENTS (paper_sizes); k++)
    if (!g_ascii_strcasecmp (name, paper_sizes[k].name))
      {
        *width = paper_sizes[k].width * MM;
        *height = paper_sizes[k].height * MM;
        return TRUE;
      }
  return FALSE;
}

/* A length with a unit: ems are of the 10.5 pt body size. */
static gboolean
page_length (const BfCssToken *t, double *out)
{
  return t->type == BF_CSS_DIMENSION && bf_css_length (t, 10.5, -1, out) && *out > 0
         && *out < 20000;
}

/* size: auto | <length>{1,2} | <page-size> || [portrait | landscape] */
static gboolean
apply_size (GArray *value, double *width, double *height)
{
  double w = *width, h = *height, lengths[2];
  int n_lengths = 0, orientation = 0; /* 1 portrait, 2 landscape */
  gboolean named = FALSE;
  for (guint i = 0; i < value->len; i++)
    {
      const BfCssToken *t = &g_array_index (value, BfCssToken, i);
      if (t->type == BF_CSS_WHITESPACE)
        continue;
      if (t->type == BF_CSS_IDENT && !g_ascii_strcasecmp (t->text, "auto") && value->len == 1)
        return TRUE;
      if (t->type == BF_CSS_IDENT && !g_ascii_strcasecmp (t->text, "portrait") && !orientation)
        {
          orientation = 1;
          continue;
        }
      if (t->type == BF_CSS_IDENT && !g_ascii_strcasecmp (t->text, "landscape") && !orientation)
        {
          orientation = 2;
          continue;
        }
      gboolean found = FALSE;
      for (gsize k = 0; t->type == BF_CSS_IDENT && !named && !n_lengths && k < G_N_ELEMENTS (paper_sizes); k++)
        if (!g_ascii_strcasecmp (t->text, paper_sizes[k].name))
          {
            w = paper_sizes[k].width * MM, h = paper_sizes[k].height * MM;
            named = found = TRUE;
          }
      if (found)
        continue;
      if (!named && n_lengths < 2 && page_length (t, &lengths[n_lengths]))
        {
          n_lengths++;
          continue;
        }
      return FALSE;
    }
  if (n_lengths && orientation)
    return FALSE;
  if (n_lengths)
    w = lengths[0], h = n_lengths == 2 ? lengths[1] : lengths[0];
  /* Pages smaller than an inch are a mistake, not a page. */
  if (w < 72 || h < 72)
    return FALSE;
  if (orientation && (w > h) != (orientation == 2))
    {
      double t = w;
      w = h, h = t;
    }
  *width = w, *height = h;
  return TRUE;
}

/* A page margin: a length or a percentage of the page's width (left and
 * right) or height (top and bottom). */
static gboolean
margin_value (const BfCssToken *t, double of, double *out)
{
  if (t->type == BF_CSS_PERCENTAGE && t->number >= 0 && t->number <= 100)
    return *out = t->number / 100 * of, TRUE;
  if (t->type == BF_CSS_NUMBER && t->number == 0)
    return *out = 0, TRUE;
  return page_length (t, out);
}

/* margin, margin-top…; FALSE when the value is not margins. */
static gboolean
apply_margin (const BfCssDeclaration *d, BfPageStyle *page)
{
  double *sides[4] = { &page->margin_top, &page->margin_right, &page->margin_bottom,
                       &page->margin_left };
  double of[4] = { page->height, page->width, page->height, page->width };
  static const char *const names[] = { "margin-top", "margin-right", "margin-bottom", "margin-left" };
  const BfCssToken *values[4];
  int n = 0;
  for (guint i = 0; i < d->value->len; i++)
    {
      const BfCssToken *t = &g_array_index (d->value, BfCssToken, i);
      if (t->type == BF_CSS_WHITESPACE)
        continue;
      if (n == 4)
        return FALSE;
      values[n++] = t;
    }
  for (int side = 0; side < 4; side++)
    if (!strcmp (d->name, names[side]))
      return n == 1 && margin_value (values[0], of[side], sides[side]);
  if (strcmp (d->name, "margin") || n == 0)
    return FALSE;
  double v[4];
  for (int side = 0; side < 4; side++)
    if (!margin_value (values[bf_css_shorthand_value (side, n)], of[side], &v[side]))
      return FALSE;
  for (int side = 0; side < 4; side++)
    *sides[side] = v[side];
  return TRUE;
}

static gboolean
check_page_declaration (const BfCssDeclaration *d, gboolean name_only)
{
  gboolean known = !strcmp (d->name, "size") || !strcmp (d->name, "margin")
                   || !strcmp (d->name, "margin-top") || !strcmp (d->name, "margin-right")
                   || !strcmp (d->name, "margin-bottom") || !strcmp (d->name, "margin-left");
  if (name_only || !known)
    return known;
  BfPageStyle page = { .width = 420, .height = 595 };
  if (!strcmp (d->name, "size"))
    return apply_size (d->value, &page.width, &page.height);
  return apply_margin (d, &page);
}

/* ----------------------------------------------------------------- rules */

void
bf_page_rules_add (BfPageRules *rules, BfCssRule *css, const char *sheet, gboolean author,
                   GPtrArray *warnings)
{
  PageRule *rule = g_new0 (PageRule, 1);
  rule->author = author;
  if (!parse_page_selector (css->prelude, rule))
    {
      g_ptr_array_add (warnings, g_strdup_printf ("%s:%d:%d: warning: an @page selector bifolio does not know; rule skipped",
                                                  sheet, css->line, css->column));
      g_free (rule->name);
      g_free (rule);
      return;
    }
  rule->order = rules->rules->len;
  rule->declarations = bf_declarations_usable (css->declarations, sheet, warnings,
                                               check_page_declaration);
  rule->boxes = g_array_new (FALSE, FALSE, sizeof (BoxRule));
  g_array_set_clear_func (rule->boxes, (GDestroyNotify) box_rule_clear);
  for (guint i = 0; i < css->rules->len; i++)
    {
      const BfCssRule *nested = css->rules->pdata[i];
      int position = nested->at_name ? bf_margin_box_from_name (nested->at_name) : -1;
      if (position < 0)
        {
          g_ptr_array_add (warnings, g_strdup_printf ("%s:%d:%d: warning: '@%s' is not a margin box; rule skipped",
                                                      sheet, nested->line, nested->column,
                                                      nested->at_name ? nested->at_name : ""));
          continue;
        }
      BoxRule box = { position, bf_declarations_usable (nested->declarations, sheet,
                                                        warnings, NULL) };
      g_array_append_val (rule->boxes, box);
    }
  g_ptr_array_add (rules->rules, rule);
}

static gboolean
page_rule_matches (const PageRule *rule, guint page)
{
  /* Named pages (the page property) are not supported: named rules never
   * match. */
  gboolean left = (page & BF_PAGE_LEFT) != 0;
  gboolean recto = left == ((page & BF_PAGE_RTL) != 0);
  return !rule->name && (!rule->blank || (page & BF_PAGE_BLANK))
         && (!rule->first || (page & BF_PAGE_FIRST)) && (!rule->left || left)
         && (!rule->right || !left) && (!rule->recto || recto) && (!rule->verso || !recto);
}

static int
compare_page_rules (gconstpointer a, gconstpointer b)
{
  const PageRule *x = *(PageRule **) a, *y = *(PageRule **) b;
  if (x->author != y->author)
    return x->author ? 1 : -1;
  if (x->specificity != y->specificity)
    return x->specificity < y->specificity ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

/* Applies the size declarations of @matching (in cascade order: origin,
 * then specificity, then order), or the margin ones: normal ones first,
 * then !important ones. */
static void
apply_page_declarations (GPtrArray *matching, BfPageStyle *out, gboolean sizes)
{
  for (int important = 0; important < 2; important++)
    for (guint i = 0; i < matching->len; i++)
      {
        const PageRule *rule = matching->pdata[i];
        for (guint k = 0; k < rule->declarations->len; k++)
          {
            const BfCssDeclaration *d = rule->declarations->pdata[k];
            if (d->important != important || (!strcmp (d->name, "size")) != sizes)
              continue;
            if (sizes)
              apply_size (d->value, &out->width, &out->height);
            else
              apply_margin (d, out);
          }
      }
}

/* Where a margin box's text goes when no rule says: toward the page area
 * for corners, and by the box's place along its edge. */
static BfTextAlign
box_alignment (BfMarginBox position)
{
  switch (position)
    {
    case BF_MARGIN_TOP_LEFT_CORNER:
    case BF_MARGIN_BOTTOM_LEFT_CORNER:
    case BF_MARGIN_TOP_RIGHT:
    case BF_MARGIN_BOTTOM_RIGHT:
      return BF_ALIGN_RIGHT;
    case BF_MARGIN_TOP_RIGHT_CORNER:
    case BF_MARGIN_BOTTOM_RIGHT_CORNER:
    case BF_MARGIN_TOP_LEFT:
    case BF_MARGIN_BOTTOM_LEFT:
      return BF_ALIGN_LEFT;
    default:
      return BF_ALIGN_CENTER;
    }
}

void
bf_page_rules_compute (const BfPageRules *rules, const BfComputedStyle *root, guint page,
                       double width, double height, gboolean size_fixed, BfPageStyle *out)
{
  memset (out, 0, sizeof *out);
  out->width = width;
  out->height = height;
  GPtrArray *matching = g_ptr_array_new ();
  for (guint i = 0; i < rules->rules->len; i++)
    if (page_rule_matches (rules->rules->pdata[i], page))
      g_ptr_array_add (matching, rules->rules->pdata[i]);
  g_ptr_array_sort (matching, compare_page_rules);
  if (!size_fixed)
    apply_page_declarations (matching, out, TRUE);
  apply_page_declarations (matching, out, FALSE);

  for (int position = 0; position < BF_MARGIN_BOX_COUNT; position++)
    {
      BfComputedStyle *box = &out->boxes[position];
      bf_style_inherit (root, box);
      box->display = BF_DISPLAY_BLOCK;
      box->text_align = box_alignment (position);
      box->hyphens = BF_HYPHENS_NONE;
      /* The box's declarations in cascade order: normal, then important;
       * within each, by the rules' order. */
      GPtrArray *declarations = g_ptr_array_new ();
      for (int important = 0; important < 2; important++)
        for (guint i = 0; i < matching->len; i++)
          {
            const PageRule *rule = matching->pdata[i];
            for (guint b = 0; b < rule->boxes->len; b++)
              {
                const BoxRule *br = &g_array_index (rule->boxes, BoxRule, b);
                for (guint k = 0; br->position == (BfMarginBox) position && k < br->declarations->len; k++)
                  if (((BfCssDeclaration *) br->declarations->pdata[k])->important == important)
                    g_ptr_array_add (declarations, br->declarations->pdata[k]);
              }
          }
      bf_declarations_apply (declarations, root, box);
      g_ptr_array_unref (declarations);
    }
  g_ptr_array_unref (matching);
}
