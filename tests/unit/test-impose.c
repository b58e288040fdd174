/* test-impose.c — the saddle-stitch page order for 1…40 pages, both
 * bindings, with and without signatures and a kept back cover, against
 * the order worked out here from each page's position on the folded stack. */
#include "render/render.h"

/* Where book position @p (1-based) of a signature of @m pages lands:
 * slot 0 front left, 1 front right, 2 back left, 3 back right of sheet
 * *sheet (0 = outermost).  Positions in the first half are on the sheets'
 * right-hand fronts (odd) and left-hand backs (even); the second half
 * mirrors them.  Right binding swaps left and right. */
static int
slot_of (int p, int m, gboolean right, int *sheet)
{
  gboolean first_half = p <= m / 2;
  *sheet = first_half ? (p - 1) / 2 : (m - p) / 2;
  int slot;
  if (first_half)
    slot = p % 2 ? 1 : 2;
  else
    slot = p % 2 ? 3 : 0;
  if (right)
    slot ^= 1; /* 0↔1, 2↔3 */
  return slot;
}

static void
check_order (int n, int signature, gboolean right, gboolean keep_back)
{
  GArray *order = bf_booklet_page_order (n, signature, right, keep_back);
  int padded = (n + 3) / 4 * 4;
  g_assert_cmpuint (order->len, ==, (guint) padded);
  int size = signature ? signature : padded;
  int sheets_before = 0;
  for (int first = 0; first < padded; first += size)
    {
      int m = MIN (size, padded - first);
      for (int p = 1; p <= m; p++)
        {
          int sheet;
          int slot = slot_of (p, m, right, &sheet);
          int pos = first + p;
          int expected;
          if (keep_back && n > 1)
            expected = pos == padded ? n - 1 : pos < n ? pos - 1 : -1;
          else
            expected = pos <= n ? pos - 1 : -1;
          int got = g_array_index (order, int, 4 * (sheets_before + sheet) + slot);
          if (got != expected)
            g_error ("n=%d signature=%d %s%s: position %d expected page %d in slot %d of sheet %d, got %d",
                     n, signature, right ? "right" : "left", keep_back ? " keep-back" : "", pos,
                     expected, slot, sheets_before + sheet, got);
        }
      sheets_before += m / 4;
    }
  g_array_unref (order);
}

static void
test_every_size (void)
{
  for (int n = 1; n <= 40; n++)
    for (int right = 0; right <= 1; right++)
      for (int keep = 0; keep <= 1; keep++)
        {
          check_order (n, 0, right, keep);
          check_order (n, 8, right, keep);
          check_order (n, 16, right, keep);
        }
}

static void
test_outer_sheet_by_hand (void)
{
  /* Twelve pages bound on the left: 12|1, 2|11, 10|3, 4|9, 8|5, 6|7. */
  static const int left[] = { 11, 0, 1, 10, 9, 2, 3, 8, 7, 4, 5, 6 };
  /* Bound on the right every side is mirrored: 1|12, 11|2, … */
  static const int right[] = { 0, 11, 10, 1, 2, 9, 8, 3, 4, 7, 6, 5 };
  GArray *l = bf_booklet_page_order (12, 0, FALSE, FALSE);
  GArray *r = bf_booklet_page_order (12, 0, TRUE, FALSE);
  for (int i = 0; i < 12; i++)
    {
      g_assert_cmpint (g_array_index (l, int, i), ==, left[i]);
      g_assert_cmpint (g_array_index (r, int, i), ==, right[i]);
    }
  g_array_unref (l);
  g_array_unref (r);
  /* Five pages: three blanks at the end, or before the back cover. */
  GArray *b = bf_booklet_page_order (5, 0, FALSE, FALSE);
  static const int five[] = { -1, 0, 1, -1, -1, 2, 3, 4 };
  for (int i = 0; i < 8; i++)
    g_assert_cmpint (g_array_index (b, int, i), ==, five[i]);
  g_array_unref (b);
  b = bf_booklet_page_order (5, 0, FALSE, TRUE);
  static const int five_cover[] = { 4, 0, 1, -1, -1, 2, 3, -1 };
  for (int i = 0; i < 8; i++)
    g_assert_cmpint (g_array_index (b, int, i), ==, five_cover[i]);
  g_array_unref (b);
}

static void
test_options_check (void)
{
  BfBookletOptions o;
  BfPageSetup a5, a4;
  bf_booklet_options_init (&o);
  bf_page_setup_init (&a5);
  bf_page_setup_init (&a4);
  bf_page_setup_set_paper (&a4, "A4", NULL);
  g_assert_true (bf_booklet_options_check (&o, &a5, NULL));
  GError *error = NULL;
  g_assert_false (bf_booklet_options_check (&o, &a4, &error));
  g_assert_error (error, BF_ERROR, BF_ERROR_USAGE);
  g_clear_error (&error);
  o.signature = 6;
  g_assert_false (bf_booklet_options_check (&o, &a5, &error));
  g_assert_error (error, BF_ERROR, BF_ERROR_USAGE);
  g_clear_error (&error);
  /* A portrait sheet is used landscape. */
  o.signature = 0;
  o.sheet_width = 595.28;
  o.sheet_height = 841.89;
  g_assert_true (bf_booklet_options_check (&o, &a5, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/impose/every-size", test_every_size);
  g_test_add_func ("/impose/by-hand", test_outer_sheet_by_hand);
  g_test_add_func ("/impose/options-check", test_options_check);
  return g_test_run ();
}
