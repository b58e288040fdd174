/* test-number-printf.c — the command's own snprintf for Cairo's number
 * conversions (src/cli/number-printf.c) against glibc's vsnprintf, the
 * oracle: the same bytes and the same length, for every conversion it
 * answers, on millions of values (random magnitudes and digits, halfway
 * values that round to even, negative zero, tiny negatives, the extreme
 * integers), and truncated into short buffers; and -1 for what it leaves
 * to glibc. */
#include "cli/number-printf.h"

#include <fenv.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* Both answers for one call; fails the test where they differ.  Whether
 * it answered (FALSE: left to glibc). */
static gboolean
check_same (size_t maxlen, const char *format, ...)
{
  char ours[256], glibc[256];
  memset (ours, 'X', sizeof ours);
  memset (glibc, 'X', sizeof glibc);
  va_list a, b;
  va_start (a, format);
  va_copy (b, a);
  int n_ours = bf_number_vsnprintf (ours, maxlen, format, a);
  int n_glibc = vsnprintf (glibc, maxlen, format, b);
  va_end (a);
  va_end (b);
  if (n_ours == -1)
    return FALSE;
  if (n_ours != n_glibc || memcmp (ours, glibc, sizeof ours) != 0)
    g_error ("format \"%s\" (maxlen %zu): ours %d \"%.*s\", glibc %d \"%.*s\"", format, maxlen,
             n_ours, (int) MIN (maxlen, sizeof ours), ours, n_glibc,
             (int) MIN (maxlen, sizeof glibc), glibc);
  return TRUE;
}

/* Every fixed-point conversion of @value: answered, and as glibc's,
 * wherever it is finite and below 10^15. */
static void
check_double (double value)
{
  gboolean in_range = isfinite (value) && fabs (value) < 1e15;
  g_assert_true (check_same (256, "%f", value) == in_range);
  g_assert_true (check_same (256, "%.18f", value) == in_range);
  g_assert_true (check_same (256, "%.3f", value) == in_range);
  for (int precision = 0; precision <= 18; precision++)
    g_assert_true (check_same (256, "%.*f", precision, value) == in_range);
  /* A negative precision is taken as none. */
  g_assert_true (check_same (256, "%.*f", -1, value) == in_range);
}

static void
test_fixed_random (void)
{
  GRand *rand = g_rand_new_with_seed (20261203);
  for (int i = 0; i < 300000; i++)
    {
      /* Magnitudes from 1e-30 to 1e16, past the range answered. */
      double value = g_rand_double (rand) * pow (10, g_rand_int_range (rand, -30, 17));
      check_double (g_rand_boolean (rand) ? -value : value);
    }
  g_rand_free (rand);
}

/* Values exactly halfway between two results at some precision: k / 2^n
 * (0.5, 2.5, 0.0078125, 1.0000005 does not exist but 1.125 does). */
static void
test_fixed_halfway (void)
{
  for (int n = 1; n <= 24; n++)
    for (int k = -2000; k <= 2000; k++)
      check_double (ldexp (k, -n));
  GRand *rand = g_rand_new_with_seed (7);
  for (int i = 0; i < 100000; i++)
    check_double (ldexp ((double) g_rand_int_range (rand, -(1 << 30), 1 << 30),
                         -g_rand_int_range (rand, 1, 60)));
  g_rand_free (rand);
}

static void
test_fixed_edges (void)
{
  const double values[] = { 0.0,        -0.0,          1e-9,      -1e-9,     0.1,
                            -0.1,       0.09999999999, 1e15,      -1e15,     999999999999999.9,
                            1e300,      -1e300,        DBL_MIN,   -DBL_MIN,  DBL_TRUE_MIN,
                            DBL_MAX,    INFINITY,      -INFINITY, NAN,       0.0005,
                            1.0005,     2.5,           3.5,       0.125,     595.275591,
                            -28.056904, 0.413968,      1.707883,  10.5,      0.005 };
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    check_double (values[i]);
}

static void
test_integers (void)
{
  const long values[] = { 0, 1, -1, 9, 10, -10, 255, 4095, 65535, 65536, INT_MAX, INT_MIN,
                          LONG_MAX, LONG_MIN, 123456789, -987654321 };
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      int v = (int) values[i];
      g_assert_true (check_same (256, "%d", v));
      check_same (256, "%u", (unsigned int) v);
      check_same (256, "%x", (unsigned int) v);
      check_same (256, "%04x", (unsigned int) v);
      check_same (256, "%5d", v);
      check_same (256, "%05d", v);
      check_same (256, "%ld", values[i]);
      check_same (256, "%lx", (unsigned long) values[i]);
      check_same (256, "%lu", (unsigned long) values[i]);
      for (int width = 0; width <= 12; width++)
        {
          check_same (256, "%0*x", width, (unsigned int) v);
          check_same (256, "%*d", width, v);
          check_same (256, "%0*d", width, v);
        }
    }
  GRand *rand = g_rand_new_with_seed (42);
  for (int i = 0; i < 200000; i++)
    {
      int v = (int) g_rand_int (rand);
      check_same (256, "%d", v);
      check_same (256, "%0*x", g_rand_int_range (rand, 0, 8), (unsigned int) v);
    }
  g_rand_free (rand);
}

/* Cut short as snprintf cuts: the length it would have had, and as much
 * as fits with its terminating NUL. */
static void
test_truncated (void)
{
  for (size_t maxlen = 0; maxlen <= 12; maxlen++)
    {
      check_same (maxlen, "%d", -123456789);
      check_same (maxlen, "%0*x", 8, 0xbeef);
      check_same (maxlen, "%f", -28.056904);
      check_same (maxlen, "%.18f", 0.0078125);
    }
}

static int
answered (const char *format, ...)
{
  char out[64];
  va_list ap;
  va_start (ap, format);
  int n = bf_number_vsnprintf (out, sizeof out, format, ap);
  va_end (ap);
  return n;
}

/* What it leaves to glibc: other conversions, flags, text around the
 * conversion, widths on a float, left-justified widths. */
static void
test_left_to_glibc (void)
{
  g_assert_cmpint (answered ("%s", "x"), ==, -1);
  g_assert_cmpint (answered ("%g", 1.5), ==, -1);
  g_assert_cmpint (answered ("%e", 1.5), ==, -1);
  g_assert_cmpint (answered ("%-5d", 1), ==, -1);
  g_assert_cmpint (answered ("%+d", 1), ==, -1);
  g_assert_cmpint (answered ("x%d", 1), ==, -1);
  g_assert_cmpint (answered ("%d ", 1), ==, -1);
  g_assert_cmpint (answered ("%8.3f", 1.5), ==, -1);
  g_assert_cmpint (answered ("%.20f", 1.5), ==, -1);
  g_assert_cmpint (answered ("%*d", -5, 1), ==, -1);
  /* Wider than its own buffer (128 bytes), written or given: glibc's.
   * The widest it takes is still its own, and as glibc's. */
  g_assert_cmpint (answered ("%150d", 1), ==, -1);
  g_assert_cmpint (answered ("%0150x", 1u), ==, -1);
  g_assert_cmpint (answered ("%*d", 150, 1), ==, -1);
  g_assert_true (check_same (256, "%99d", -1));
  g_assert_true (check_same (256, "%099x", 0xbeefu));
  g_assert_cmpint (answered ("%f", 1e15), ==, -1);
  g_assert_cmpint (answered ("%f", NAN), ==, -1);
  g_assert_cmpint (answered ("%.3d", 1), ==, -1);
  /* Another rounding mode, which glibc follows. */
  fesetround (FE_UPWARD);
  g_assert_cmpint (answered ("%f", 1.5), ==, -1);
  fesetround (FE_TONEAREST);
  g_assert_cmpint (answered ("%f", 1.5), ==, 8);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/number-printf/fixed-random", test_fixed_random);
  g_test_add_func ("/number-printf/fixed-halfway", test_fixed_halfway);
  g_test_add_func ("/number-printf/fixed-edges", test_fixed_edges);
  g_test_add_func ("/number-printf/integers", test_integers);
  g_test_add_func ("/number-printf/truncated", test_truncated);
  g_test_add_func ("/number-printf/left-to-glibc", test_left_to_glibc);
  return g_test_run ();
}
