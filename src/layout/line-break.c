/* line-break.c — choosing where a paragraph's lines end.
 *
 * The break opportunities are those of UAX #14 (line breaks, mandatory
 * breaks, soft hyphens, found by breaks.c; after a Hebrew maqaf too, see
 * shape.c) plus the hyphenation points found for the paragraph; every
 * width comes from the paragraph's single shaping pass.
 * Two breakers share them:
 *
 *  - total fit (Knuth & Plass, "Breaking Paragraphs into Lines", 1981):
 *    boxes, glue and penalties; demerits for badness, hyphens, consecutive
 *    hyphens and changes of fitness class; looseness 0.  As in TeX, a
 *    first pass tries without hyphenating (adjustment ratios up to 1), a
 *    second with hyphenation (up to 2).  If neither finds a way through
 *    (a narrow measure, a table cell), a final pass accepts any line no
 *    looser than the loosest greedy breaking would set — greedy's own
 *    breaks are always a way through, so no paragraph's worst line is
 *    worse than greedy's — and, where nothing fits, a line that runs over
 *    (the one that runs over least).  Active breakpoints are capped, so
 *    long paragraphs stay near-linear.
 *  - greedy: each line takes as many words as fit at their natural width.
 *
 * In a justified paragraph, a line looser than BF_LOOSEST_RATIO (a word
 * alone on a line, two words across a narrow cell) is set ragged: its
 * spaces keep their natural width and the rest of the measure is left
 * white at its end.  The final pass counts each such line as worse than
 * all the justified ones together, so it sets as few as it can (greedy's
 * lines are among its choices), and rates them with emergency stretch
 * (TeX's \emergencystretch, here a share of the measure added to each
 * line's stretch): past ratio 4.6 badness stops growing, and without it a
 * word alone on a line would cost no more than a line filled but for a
 * space.  Lines within the bound are rated by their own ratio: adding the
 * emergency stretch to them too, as TeX does, loosened the 40-chapter
 * book's A6 edition (sum of squared ratios 29,358 against 32,603).
 *
 * A word wider than the measure (a long URL, an identifier in code) gets
 * emergency breaks, used only when nothing else fits: after a character that
 * splits paths and addresses (/ . : ? & and the like) or before a hyphen,
 * when that leaves the line at least half full, else between any two
 * grapheme clusters.  So every stretch between two candidates fits the
 * measure, and a way through always exists without running past it.
 *
 * Preformatted text breaks only where its lines end; a line wider than the
 * measure wraps (after white space or at one of those characters, else
 * anywhere), and its continuation is marked and indented by the caller. */
#include "layout/paragraph-private.h"

#include <math.h>
#include <string.h>

typedef enum {
  CAND_SPACE,      /* after white space, or another plain opportunity */
  CAND_HYPHEN,     /* a soft hyphen or a hyphenation point: adds a hyphen */
  CAND_EMERGENCY,  /* inside an over-wide word */
  CAND_FORCED,     /* a mandatory break */
  CAND_END
} CandidateKind;

typedef struct {
  int pos;         /* the next line starts here (character index) */
  int end;         /* this line's content ends here (trailing white space excluded) */
  CandidateKind kind;
  gboolean automatic;  /* a hyphenation point from the dictionary */
  int word_start;      /* emergency breaks: where the over-wide word starts */
  gboolean mid_word;   /* emergency breaks: between two letters, at no separator */
} Candidate;

/* Cumulative width, stretch and shrink before each character. */
typedef struct {
  double *width, *stretch, *shrink;
} Sums;

/* Ratios are compared with this much slack, so that rounding in the
 * shrink (a third of a space) does not make a line that fits exactly fail. */
#define RATIO_EPSILON 1e-6

enum {
  LINE_PENALTY = 10,
  HYPHEN_PENALTY = 50,
  EMERGENCY_PENALTY = 5000,
  DOUBLE_HYPHEN_DEMERITS = 10000,
  ADJACENT_DEMERITS = 10000,
  MAX_ACTIVE = 64
};

/* A line set ragged costs more than all the justified lines of a paragraph
 * together (each costs at most about 1.3e8), and a line that runs over more
 * than many ragged ones. */
#define RAGGED_DEMERITS 1e12
#define RUN_OVER_DEMERITS 1e15

/* The final pass's emergency stretch, as a share of the line's measure:
 * about TeX's customary 3 em on a 30 em measure, and the same rating at
 * any size. */
#define EMERGENCY_STRETCH_SHARE 0.1

static gboolean
is_soft_hyphen (const BfShaped *s, int c)
{
  return g_utf8_get_char (s->text + s->char_offsets[c]) == 0x00AD;
}

static int
trim_end (const BfShaped *s, int start, int end)
{
  while (end > start && s->log_attrs[end - 1].is_white)
    end--;
  return end;
}

static void
sums_init (const BfShaped *s, Sums *sums)
{
  sums->width = g_new (double, s->n_chars + 1);
  sums->stretch = g_new (double, s->n_chars + 1);
  sums->shrink = g_new (double, s->n_chars + 1);
  sums->width[0] = sums->stretch[0] = sums->shrink[0] = 0;
  /* text-justify: kashida: a word's alternates stretch it at its end. */
  int *alternate = NULL;
  if (s->alternates)
    {
      alternate = g_new0 (int, s->n_chars);
      bf_alternates_add_stretch (s, alternate);
    }
  for (int i = 0; i < s->n_chars; i++)
    {
      double w = s->widths[i];
      gboolean glue = s->log_attrs[i].is_expandable_space;
      sums->width[i + 1] = sums->width[i] + w;
      sums->stretch[i + 1] = sums->stretch[i] + (glue ? w * BF_SPACE_STRETCH : 0)
                             + (s->kashida_stretch ? s->kashida_stretch[i] : 0)
                             + (alternate ? alternate[i] : 0);
      sums->shrink[i + 1] = sums->shrink[i] + (glue ? w * BF_SPACE_SHRINK : 0);
    }
  g_free (alternate);
}

static void
sums_clear (Sums *sums)
{
  g_free (sums->width);
  g_free (sums->stretch);
  g_free (sums->shrink);
}

static void
add_candidate (GArray *cands, int pos, int end, CandidateKind kind)
{
  Candidate c = { pos, end, kind, FALSE, 0, FALSE };
  g_array_append_val (cands, c);
}

/* Emergency breaks inside any stretch between two candidates that is wider
 * than the narrowest line: the word is cut into pieces that each fill a
 * line, between grapheme clusters — one candidate a line, however long the
 * word (a 5 MB paragraph with no break opportunity stays cheap). */
/* Whether a line may wrap before character @i of a preformatted or
 * over-wide word and read well: after white space, or after a character
 * that separates the parts of paths and addresses (but not inside "://"),
 * or before a hyphen — never after one, where readers and text extractors
 * would take it for a hyphenation and drop it.  Not at "_", which is part
 * of a name (on_delete) for readers and extractors alike. */
static gboolean
is_gentle_break (const BfShaped *s, int i)
{
  if (i <= 0 || i >= s->n_chars || !s->log_attrs[i].is_cursor_position || s->log_attrs[i].is_white)
    return FALSE;
  if (s->log_attrs[i - 1].is_white)
    return TRUE;
  char before = s->text[s->char_offsets[i - 1]], at = s->text[s->char_offsets[i]];
  if (at == '-')
    return TRUE;
  if (before == '-' || (at == '/' && (before == '/' || before == ':')))
    return FALSE;
  return s->log_attrs[i].is_line_break || strchr ("/\\.:?&=#,;+|~", before) != NULL;
}

/* Where a piece that starts at @piece_start and must end by @cursor (the
 * last cluster boundary that fits) ends: at the last gentle break if that
 * fills at least half of @measure, else at @cursor. */
static int
piece_end (const Sums *sums, int piece_start, int gentle, int cursor, double measure)
{
  if (gentle > piece_start && sums->width[gentle] - sums->width[piece_start] >= measure / 2)
    return gentle;
  return cursor;
}

static void
add_emergency_breaks (const BfShaped *s, const Sums *sums, int from, int to, double measure,
                      GArray *cands)
{
  if (sums->width[to] - sums->width[from] <= measure)
    return;
  int word_start = from;
  while (word_start < to && s->log_attrs[word_start].is_white)
    word_start++;
  int piece_start = word_start, last_cursor = -1, last_gentle = -1;
  /* Up to and with the word's end, so that its last piece fits too. */
  for (int i = word_start + 1; i <= to; i++)
    {
      if (i < to && !s->log_attrs[i].is_cursor_position)
        continue;
      if (sums->width[i] - sums->width[piece_start] > measure && last_cursor > piece_start)
        {
          int at = piece_end (sums, piece_start, last_gentle, last_cursor, measure);
          add_candidate (cands, at, at, CAND_EMERGENCY);
          g_array_index (cands, Candidate, cands->len - 1).word_start = word_start;
          g_array_index (cands, Candidate, cands->len - 1).mid_word = at != last_gentle;
          piece_start = at;
        }
      last_cursor = i;
      if (i < to && is_gentle_break (s, i))
        last_gentle = i;
    }
}

/* 1 for each character of a token (a run without white space) that is a web
 * address ("://" or "www." in it). */
static guint8 *
find_addresses (const BfShaped *s)
{
  guint8 *address = g_new0 (guint8, MAX (s->n_chars, 1));
  for (int c = 0; c < s->n_chars;)
    {
      if (s->log_attrs[c].is_white)
        {
          c++;
          continue;
        }
      int t = c;
      while (t < s->n_chars && !s->log_attrs[t].is_white)
        t++;
      const char *token = s->text + s->char_offsets[c];
      int length = s->char_offsets[t] - s->char_offsets[c];
      if (g_strstr_len (token, length, "://") || g_strstr_len (token, length, "www."))
        memset (address + c, 1, t - c);
      c = t;
    }
  return address;
}

static GArray *
find_candidates (const BfShaped *s, const Sums *sums, const BfBreakParams *p)
{
  GArray *cands = g_array_new (FALSE, FALSE, sizeof (Candidate));
  double measure = MIN (p->first_width, p->width);
  guint8 *address = find_addresses (s);
  int previous = 0;
  for (int i = 1; i < s->n_chars; i++)
    {
      const PangoLogAttr *la = &s->log_attrs[i];
      CandidateKind kind;
      int end;
      if (la->is_line_break && address[i - 1] && s->text[s->char_offsets[i - 1]] == '-'
          && !la->is_mandatory_break)
        {
          /* In an address the break goes before a hyphen: after it, readers
           * and text extractors would take it for a hyphenation. */
          if (i - 1 > previous && s->log_attrs[i - 1].is_cursor_position)
            {
              add_emergency_breaks (s, sums, previous, i - 1, measure, cands);
              add_candidate (cands, i - 1, i - 1, CAND_SPACE);
              previous = i - 1;
            }
          continue;
        }
      if (la->is_mandatory_break)
        kind = CAND_FORCED, end = trim_end (s, previous, i);
      else if (la->is_line_break && is_soft_hyphen (s, i - 1))
        kind = CAND_HYPHEN, end = i - 1;
      else if (la->is_line_break)
        kind = CAND_SPACE, end = trim_end (s, previous, i);
      else if (s->hyphen_after && s->hyphen_after[i - 1] && la->is_cursor_position)
        kind = CAND_HYPHEN, end = i;
      else
        continue;
      add_emergency_breaks (s, sums, previous, end, measure, cands);
      add_candidate (cands, i, end, kind);
      g_array_index (cands, Candidate, cands->len - 1).automatic
          = kind == CAND_HYPHEN && !la->is_line_break;
      previous = i;
    }
  add_emergency_breaks (s, sums, previous, s->n_chars, measure, cands);
  add_candidate (cands, s->n_chars, trim_end (s, previous, s->n_chars), CAND_END);
  g_free (address);
  return cands;
}

/* Where a line that follows a break at @pos starts: white space at the
 * start of a line is dropped (kept in preformatted text). */
static int
line_start (const BfShaped *s, int pos, gboolean preformatted)
{
  if (preformatted)
    return pos;
  while (pos < s->n_chars && s->log_attrs[pos].is_white && !s->log_attrs[pos].is_mandatory_break)
    pos++;
  return pos;
}

/* The adjustment ratio of the line [start, c->end) on a measure of @avail,
 * with @extra_stretch more stretch than its spaces give; *@overflow is how
 * far it runs past the measure at full shrink (negative when it does not). */
static double
line_ratio (const BfShaped *s, const Sums *sums, const BfBreakParams *p, int start,
            const Candidate *c, double avail, double extra_stretch, double *overflow)
{
  int end = MAX (c->end, start);
  double width = sums->width[end] - sums->width[start];
  double stretch = sums->stretch[end] - sums->stretch[start] + extra_stretch;
  double shrink = sums->shrink[end] - sums->shrink[start];
  if (p->ragged_stretch)
    {
      stretch += p->ragged_stretch;
      shrink = 0;
    }
  if (c->kind == CAND_HYPHEN)
    width += s->hyphen_width;
  gboolean last = c->kind == CAND_END || c->kind == CAND_FORCED;
  double r;
  if (width <= avail)
    r = last ? 0 : stretch > 0 ? (avail - width) / stretch : (width == avail ? 0 : INFINITY);
  else
    r = shrink > 0 ? (avail - width) / shrink : -INFINITY;
  *overflow = width - shrink - avail;
  if (r < -1 && r > -1 - RATIO_EPSILON)
    r = -1;
  return r;
}

/* Whether a line that runs @overflow past the measure at full shrink is
 * overfull: a Pango unit of slack. */
static gboolean
is_overfull (double overflow)
{
  return overflow > 1;
}

/* Whether a line of adjustment ratio @r is set ragged rather than
 * justified. */
static gboolean
is_ragged (const BfBreakParams *p, const Candidate *c, double r)
{
  gboolean last = c->kind == CAND_END || c->kind == CAND_FORCED;
  return !last && !p->ragged_stretch && r > BF_LOOSEST_RATIO + RATIO_EPSILON;
}

static BfLineSpan
make_span (const BfBreakParams *p, int start, const Candidate *c, double ratio, gboolean overfull)
{
  gboolean last = c->kind == CAND_END || c->kind == CAND_FORCED;
  BfLineSpan span = { start, MAX (c->end, start), c->pos, last, c->kind == CAND_HYPHEN,
                      overfull, 0, FALSE, c->kind == CAND_EMERGENCY && c->mid_word, 0,
                      is_ragged (p, c, ratio) };
  span.ratio = !isfinite (ratio) || (last && ratio >= 0) ? 0 : ratio;
  return span;
}

/* ----------------------------------------------------------------- greedy */

/* Greedy breaking; sets *@loosest, unless NULL, to the largest adjustment
 * ratio of its lines but the last (INFINITY when one has nothing to
 * stretch and does not fill its measure). */
static GArray *
break_greedy (const BfShaped *s, const Sums *sums, GArray *cands, const BfBreakParams *p,
              double *loosest)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (BfLineSpan));
  double worst = 0;
  int start = 0;
  guint k = 0;
  while (k < cands->len)
    {
      double avail = lines->len == 0 ? p->first_width : p->width;
      /* The last ordinary candidate that fits at natural width, else the
       * last emergency one; at least one. */
      int last_ordinary = -1, last_any = -1;
      for (guint j = k; j < cands->len; j++)
        {
          const Candidate *c = &g_array_index (cands, Candidate, j);
          double width = sums->width[MAX (c->end, start)] - sums->width[start]
                         + (c->kind == CAND_HYPHEN ? s->hyphen_width : 0);
          if (width > avail && last_any >= 0)
            break;
          last_any = j;
          if (c->kind != CAND_EMERGENCY)
            last_ordinary = j;
          if (c->kind == CAND_FORCED || c->kind == CAND_END)
            break;
        }
      guint chosen = last_ordinary >= 0 ? last_ordinary : last_any;
      const Candidate *c = &g_array_index (cands, Candidate, chosen);
      double overflow;
      double r = line_ratio (s, sums, p, start, c, avail, 0, &overflow);
      BfLineSpan span = make_span (p, start, c, r, is_overfull (overflow));
      g_array_append_val (lines, span);
      if (!span.last)
        worst = MAX (worst, r);
      start = line_start (s, c->pos, p->preformatted);
      k = chosen + 1;
    }
  if (loosest)
    *loosest = worst;
  return lines;
}

/* --------------------------------------------------------------- total fit */

typedef struct {
  int cand;          /* candidate index, -1 for the paragraph's start */
  int start;         /* where the line after this break starts */
  int line;          /* lines before this break */
  int fitness;       /* 0 tight, 1 decent, 2 loose, 3 very loose */
  double demerits;   /* total up to here */
  int prev;          /* node of the previous break */
  double ratio;      /* of the line that ends here, without emergency stretch */
  gboolean overfull;
} Node;

/* What one pass of total fit accepts. */
typedef struct {
  double tolerance;          /* the loosest adjustment ratio a line may have */
  gboolean hyphenate;        /* break at hyphenation points from the dictionary too */
  double emergency_share;    /* lines are rated with this share of their measure
                                as more stretch (TeX's \emergencystretch) */
  gboolean rescue;           /* a line may run over rather than no way through */
} Pass;

static int
fitness_class (double r)
{
  return r < -0.5 ? 0 : r <= 0.5 ? 1 : r <= 1 ? 2 : 3;
}

static double
line_demerits (double r, const Candidate *c, const Node *from, int fitness)
{
  double badness = isfinite (r) ? MIN (100 * fabs (r * r * r), 10000) : 10000;
  double d = (LINE_PENALTY + badness) * (LINE_PENALTY + badness);
  if (c->kind == CAND_HYPHEN)
    d += HYPHEN_PENALTY * HYPHEN_PENALTY;
  else if (c->kind == CAND_EMERGENCY)
    d += (double) EMERGENCY_PENALTY * EMERGENCY_PENALTY;
  if (ABS (fitness - from->fitness) > 1)
    d += ADJACENT_DEMERITS;
  return d;
}

static int
compare_demerits (gconstpointer a, gconstpointer b, gpointer nodes)
{
  const Node *na = &g_array_index ((GArray *) nodes, Node, *(const int *) a);
  const Node *nb = &g_array_index ((GArray *) nodes, Node, *(const int *) b);
  return (na->demerits > nb->demerits) - (na->demerits < nb->demerits);
}

/* One pass, as @pass says.  Returns the node at the paragraph's end, or
 * -1. */
static int
total_fit_pass (const BfShaped *s, const Sums *sums, GArray *cands, const BfBreakParams *p,
                const Pass *pass, GArray *nodes)
{
  g_array_set_size (nodes, 0);
  Node first = { -1, 0, 0, 1, 0, -1, 0, FALSE };
  g_array_append_val (nodes, first);
  GArray *active = g_array_new (FALSE, FALSE, sizeof (int));
  GArray *next = g_array_new (FALSE, FALSE, sizeof (int));
  int zero = 0;
  g_array_append_val (active, zero);
  int end_node = -1;

  for (guint k = 0; k < cands->len && active->len > 0; k++)
    {
      const Candidate *c = &g_array_index (cands, Candidate, k);
      if (c->automatic && !pass->hyphenate)
        continue;
      gboolean last = c->kind == CAND_END || c->kind == CAND_FORCED;
      double best[4] = { INFINITY, INFINITY, INFINITY, INFINITY };
      int best_from[4] = { -1, -1, -1, -1 };
      double best_ratio[4] = { 0 };
      int rescue_from = -1;
      double rescue_ratio = 0, rescue_overflow = 0;
      g_array_set_size (next, 0);

      for (guint i = 0; i < active->len; i++)
        {
          int a = g_array_index (active, int, i);
          const Node *from = &g_array_index (nodes, Node, a);
          /* An over-wide word is broken only where it starts a line. */
          if (c->kind == CAND_EMERGENCY && from->start < c->word_start)
            {
              g_array_append_val (next, a);
              continue;
            }
          double avail = from->line == 0 ? p->first_width : p->width;
          double overflow;
          double r = line_ratio (s, sums, p, from->start, c, avail, 0, &overflow);
          gboolean keep = !last && r >= -1 - RATIO_EPSILON;
          if (r >= -1 - RATIO_EPSILON && r <= pass->tolerance + RATIO_EPSILON)
            {
              /* A line too loose to justify is rated (badness, fitness)
               * with the emergency stretch. */
              double rated = r, unused;
              if (pass->emergency_share > 0 && is_ragged (p, c, r))
                rated = line_ratio (s, sums, p, from->start, c, avail,
                                    pass->emergency_share * avail, &unused);
              int fitness = fitness_class (rated);
              double d = from->demerits + line_demerits (rated, c, from, fitness);
              const Candidate *fc = from->cand >= 0 ? &g_array_index (cands, Candidate, from->cand) : NULL;
              if (c->kind == CAND_HYPHEN && fc && fc->kind == CAND_HYPHEN)
                d += DOUBLE_HYPHEN_DEMERITS;
              if (is_ragged (p, c, r))
                d += RAGGED_DEMERITS;
              if (d < best[fitness])
                {
                  best[fitness] = d;
                  best_from[fitness] = a;
                  best_ratio[fitness] = r;
                }
            }
          else if (r < -1 - RATIO_EPSILON
                   && (rescue_from < 0 || overflow < rescue_overflow
                       || (overflow == rescue_overflow
                           && from->demerits < g_array_index (nodes, Node, rescue_from).demerits)))
            {
              /* Should nothing fit, the line that runs over least. */
              rescue_from = a;
              rescue_ratio = r;
              rescue_overflow = overflow;
            }
          if (keep)
            g_array_append_val (next, a);
        }

      gboolean added = FALSE;
      for (int f = 0; f < 4; f++)
        if (best_from[f] >= 0)
          {
            const Node *from = &g_array_index (nodes, Node, best_from[f]);
            Node n = { (int) k, line_start (s, c->pos, p->preformatted),
                       from->line + 1, f, best[f], best_from[f], best_ratio[f], FALSE };
            g_array_append_val (nodes, n);
            int index = nodes->len - 1;
            g_array_append_val (next, index);
            added = TRUE;
          }
      if (!added && next->len == 0 && pass->rescue && rescue_from >= 0)
        {
          /* Nothing fits: this line runs over, at a cost that makes it the
           * last resort. */
          const Node *from = &g_array_index (nodes, Node, rescue_from);
          Node n = { (int) k, line_start (s, c->pos, p->preformatted), from->line + 1, 0,
                     from->demerits + RUN_OVER_DEMERITS, rescue_from, rescue_ratio,
                     is_overfull (rescue_overflow) };
          g_array_append_val (nodes, n);
          int index = nodes->len - 1;
          g_array_append_val (next, index);
        }
      if (next->len > MAX_ACTIVE)
        {
          g_array_sort_with_data (next, compare_demerits, nodes);
          g_array_set_size (next, MAX_ACTIVE);
        }
      GArray *swap = active;
      active = next;
      next = swap;

      if (c->kind == CAND_END)
        {
          for (guint i = 0; i < active->len; i++)
            {
              int a = g_array_index (active, int, i);
              const Node *n = &g_array_index (nodes, Node, a);
              if (n->cand == (int) k
                  && (end_node < 0 || n->demerits < g_array_index (nodes, Node, end_node).demerits))
                end_node = a;
            }
        }
    }
  g_array_unref (active);
  g_array_unref (next);
  return end_node;
}

static GArray *
break_total_fit (const BfShaped *s, const Sums *sums, GArray *cands, const BfBreakParams *p)
{
  /* As TeX does: first without hyphenating (tolerance 1), then with
   * hyphenation (tolerance 2), then a final pass with emergency stretch
   * that takes any line greedy breaking would take, or one that runs over
   * where nothing fits. */
  GArray *nodes = g_array_new (FALSE, FALSE, sizeof (Node));
  const Pass first = { 1.0, FALSE, 0, FALSE }, second = { 2.0, TRUE, 0, FALSE };
  int end = total_fit_pass (s, sums, cands, p, &first, nodes);
  if (end < 0)
    end = total_fit_pass (s, sums, cands, p, &second, nodes);
  if (end < 0)
    {
      double loosest;
      g_array_unref (break_greedy (s, sums, cands, p, &loosest));
      const Pass final = { MAX (loosest, second.tolerance), TRUE, EMERGENCY_STRETCH_SHARE, TRUE };
      end = total_fit_pass (s, sums, cands, p, &final, nodes);
    }
  if (end < 0)
    {
      g_array_unref (nodes);
      return break_greedy (s, sums, cands, p, NULL);
    }
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (BfLineSpan));
  for (int n = end; n > 0; n = g_array_index (nodes, Node, n).prev)
    {
      const Node *node = &g_array_index (nodes, Node, n);
      const Node *prev = &g_array_index (nodes, Node, node->prev);
      const Candidate *c = &g_array_index (cands, Candidate, node->cand);
      BfLineSpan span = make_span (p, prev->start, c, node->ratio, node->overfull);
      g_array_append_val (lines, span);
    }
  g_array_unref (nodes);
  /* Collected from the last line back; put in order. */
  for (guint i = 0, j = lines->len; i + 1 < j--; i++)
    {
      BfLineSpan tmp = g_array_index (lines, BfLineSpan, i);
      g_array_index (lines, BfLineSpan, i) = g_array_index (lines, BfLineSpan, j);
      g_array_index (lines, BfLineSpan, j) = tmp;
    }
  return lines;
}

/* ------------------------------------------------------------ preformatted */

/* Where a preformatted line from @start that is wider than @avail wraps,
 * given @overflow, the first character that does not fit: at the last gentle
 * break that leaves the line half full, else before that character (at
 * least one cluster a line). */
static int
wrap_point (const BfShaped *s, const Sums *sums, int start, int overflow, double avail)
{
  int cursor = -1, gentle = -1;
  for (int i = start + 1; i <= overflow; i++)
    if (s->log_attrs[i].is_cursor_position)
      {
        cursor = i;
        if (is_gentle_break (s, i))
          gentle = i;
      }
  if (cursor < 0)
    {
      /* Not one cluster fits: take the first whole one. */
      cursor = overflow + 1;
      while (cursor < s->n_chars && !s->log_attrs[cursor].is_cursor_position)
        cursor++;
    }
  return piece_end (sums, start, gentle, cursor, avail);
}

/* The width of the white space a preformatted line starting at @start is
 * indented by, kept by its continuations: at most half of @measure. */
static int
leading_white (const BfShaped *s, const Sums *sums, int start, double measure)
{
  int c = start;
  while (c < s->n_chars && s->log_attrs[c].is_white
         && !(c > start && s->log_attrs[c].is_mandatory_break))
    c++;
  return (int) MIN (sums->width[c] - sums->width[start], measure / 2);
}

/* Preformatted text: a line for each of its lines, each wrapped into as
 * many as it takes; continuations keep the line's indentation.  Each character is looked at about twice (once to find
 * where a line overflows, once to find where it wraps), so this is linear. */
static GArray *
break_preformatted (const BfShaped *s, const Sums *sums, const BfBreakParams *p)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (BfLineSpan));
  int start = 0, hang = 0;
  gboolean continued = FALSE;
  while (start < s->n_chars || lines->len == 0)
    {
      if (!continued)
        hang = leading_white (s, sums, start, p->width);
      double avail = (lines->len == 0 ? p->first_width : p->width)
                     - (continued ? p->continuation_indent + hang : 0);
      int i = start, overflow = -1;
      for (; i < s->n_chars; i++)
        {
          if (i > start && s->log_attrs[i].is_mandatory_break)
            break;
          if (!s->log_attrs[i].is_white && sums->width[i + 1] - sums->width[start] > avail)
            {
              overflow = i;
              break;
            }
        }
      BfLineSpan span = { start, 0, 0, TRUE, FALSE, FALSE, 0, continued, FALSE,
                          continued ? hang : 0 };
      if (overflow >= 0)
        {
          int next = MIN (wrap_point (s, sums, start, overflow, avail), s->n_chars);
          span.end = trim_end (s, start, next);
          span.next = next;
          span.overfull = sums->width[span.end] - sums->width[start] > avail + 1;
          continued = next < s->n_chars;
        }
      else
        {
          int next = MIN (i, s->n_chars);
          span.end = trim_end (s, start, next);
          span.next = next;
          continued = FALSE;
        }
      g_array_append_val (lines, span);
      if (span.next <= start)
        break;
      start = span.next;
    }
  return lines;
}

GArray *
bf_break_lines (const BfShaped *s, const BfBreakParams *params)
{
  if (s->n_chars == 0)
    {
      GArray *lines = g_array_new (FALSE, FALSE, sizeof (BfLineSpan));
      BfLineSpan empty = { 0, 0, 0, TRUE, FALSE, FALSE, 0, FALSE, FALSE, 0 };
      g_array_append_val (lines, empty);
      return lines;
    }
  Sums sums;
  sums_init (s, &sums);
  if (params->preformatted)
    {
      GArray *lines = break_preformatted (s, &sums, params);
      sums_clear (&sums);
      return lines;
    }
  GArray *cands = find_candidates (s, &sums, params);
  GArray *lines = params->optimal ? break_total_fit (s, &sums, cands, params)
                                  : break_greedy (s, &sums, cands, params, NULL);
  g_array_unref (cands);
  sums_clear (&sums);
  return lines;
}
