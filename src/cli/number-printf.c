/* number-printf.c — __snprintf_chk for the command, answering at once the
 * few conversions Cairo 1.16 writes a PDF page's numbers with, exactly as
 * glibc would, and handing every other format to glibc.
 *
 * Cairo formats each number of a page's content through its own printf
 * (cairo-output-stream.c), which calls snprintf once per conversion: a
 * glyph's number as "%0*x", a TJ adjustment as "%d", a position as "%f",
 * or "%.18f" then "%.*f" below 0.1.  glibc's printf machinery (a FILE set
 * up per call, the format parsed, a float printed through multi-precision
 * arithmetic) cost a tenth of all the instructions of the 40-chapter book,
 * most of them on the drawing thread.  Cairo calls the fortified
 * __snprintf_chk; the command defines it and exports it
 * (CMakeLists.txt), so Cairo's calls come here, as the allocator's come
 * to mimalloc.  Not in the library, whose host decides, nor under the
 * sanitizers, which intercept it themselves.
 *
 * A float is written from its exact binary value, M × 2^E, scaled by
 * 10^precision in 128-bit integers and rounded half to even, which is
 * what glibc does under the default rounding mode; anything outside the
 * range where that is exact (a precision past 18, a magnitude of 10^15 or
 * more, infinities, NaN), any flag or width other than a zero-padded
 * width for an integer, another decimal point than "." or another
 * rounding mode goes to glibc.  tests/unit/test-number-printf.c compares
 * the two on millions of values.
 *
 * Written here because no library offers glibc's exact output faster, and
 * the format is Cairo's. */
#include "cli/number-printf.h"

#include <fenv.h>
#include <langinfo.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

/* What one conversion asks for. */
typedef struct {
  gboolean zero_pad;
  int width;      /* -1: none; -2: from the arguments */
  int precision;  /* -1: none; -2: from the arguments */
  gboolean is_long;
  char conversion; /* 'd', 'u', 'x' or 'f' */
} Conversion;

/* Reads @format as exactly one conversion of the kinds answered here. */
static gboolean
conversion_parse (const char *format, Conversion *c)
{
  const char *p = format;
  if (*p++ != '%')
    return FALSE;
  c->zero_pad = *p == '0';
  if (c->zero_pad)
    p++;
  c->width = -1;
  if (*p == '*')
    {
      c->width = -2;
      p++;
    }
  else if (*p >= '1' && *p <= '9')
    {
      c->width = 0;
      while (*p >= '0' && *p <= '9' && c->width < 100)
        c->width = c->width * 10 + (*p++ - '0');
    }
  c->precision = -1;
  if (*p == '.')
    {
      p++;
      if (*p == '*')
        {
          c->precision = -2;
          p++;
        }
      else
        {
          c->precision = 0;
          while (*p >= '0' && *p <= '9' && c->precision < 100)
            c->precision = c->precision * 10 + (*p++ - '0');
        }
    }
  c->is_long = *p == 'l';
  if (c->is_long)
    p++;
  c->conversion = *p++;
  if (*p != '\0')
    return FALSE;
  switch (c->conversion)
    {
    case 'd':
    case 'u':
    case 'x':
      return c->precision == -1;
    case 'f':
      return !c->is_long && c->width == -1 && !c->zero_pad;
    default:
      return FALSE;
    }
}

/* Writes @value's digits in @base backwards ending at @end; returns where
 * they begin. */
static char *
digits_before (char *end, uint64_t value, unsigned int base)
{
  static const char hex[] = "0123456789abcdef";
  do
    {
      *--end = hex[value % base];
      value /= base;
    }
  while (value);
  return end;
}

/* An integer conversion into @out (at least 128 bytes), at least @width
 * wide; its length. */
static int
format_integer (char *out, const Conversion *c, int width, gboolean negative, uint64_t magnitude)
{
  char digits[32];
  char *end = digits + sizeof digits;
  char *start = digits_before (end, magnitude, c->conversion == 'x' ? 16 : 10);
  int n_digits = end - start, pad = MAX (width - n_digits - negative, 0);
  char *o = out;
  if (!c->zero_pad)
    {
      memset (o, ' ', pad);
      o += pad;
    }
  if (negative)
    *o++ = '-';
  if (c->zero_pad)
    {
      memset (o, '0', pad);
      o += pad;
    }
  memcpy (o, start, n_digits);
  return o + n_digits - out;
}

static const uint64_t powers_of_ten[19] = {
  1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL, 100000000ULL,
  1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL, 10000000000000ULL,
  100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL, 100000000000000000ULL,
  1000000000000000000ULL,
};

/* "%.Nf" of @value into @out (at least 128 bytes), or -1 where glibc
 * must answer. */
static int
format_fixed (char *out, double value, int precision)
{
#ifndef __SIZEOF_INT128__
  return -1; /* no 128-bit integers to be exact with */
#else
  if (precision < 0 || precision > 18 || !isfinite (value) || fabs (value) >= 1e15)
    return -1;
  gboolean negative = signbit (value);
  int exponent;
  double fraction = frexp (fabs (value), &exponent); /* value = fraction × 2^exponent */
  uint64_t mantissa = (uint64_t) ldexp (fraction, 53); /* exact: 53 bits */
  int shift = 53 - exponent; /* value = mantissa × 2^-shift */
  unsigned __int128 scaled = (unsigned __int128) mantissa * powers_of_ten[precision];
  unsigned __int128 rounded;
  if (mantissa == 0)
    rounded = 0;
  else if (shift <= 0)
    rounded = scaled << -shift; /* below 10^15 × 10^18: fits */
  else if (shift >= 128)
    rounded = 0; /* below 2^-15: nearer 0 than 1 */
  else
    {
      unsigned __int128 one = (unsigned __int128) 1 << shift;
      unsigned __int128 rest = scaled & (one - 1), half = one >> 1;
      rounded = scaled >> shift;
      if (rest > half || (rest == half && (rounded & 1)))
        rounded++;
    }
  uint64_t whole = (uint64_t) (rounded / powers_of_ten[precision]);
  uint64_t part = (uint64_t) (rounded % powers_of_ten[precision]);
  char *o = out;
  if (negative)
    *o++ = '-';
  char digits[32];
  char *end = digits + sizeof digits, *start = digits_before (end, whole, 10);
  memcpy (o, start, end - start);
  o += end - start;
  if (precision > 0)
    {
      *o++ = '.';
      for (int i = precision - 1; i >= 0; i--)
        {
          o[i] = '0' + part % 10;
          part /= 10;
        }
      o += precision;
    }
  return o - out;
#endif
}

int
bf_number_vsnprintf (char *s, size_t maxlen, const char *format, va_list ap)
{
  Conversion c;
  if (!conversion_parse (format, &c))
    return -1;
  va_list args;
  va_copy (args, ap);
  int width = c.width == -2 ? va_arg (args, int) : c.width;
  int precision = c.precision == -2 ? va_arg (args, int) : c.precision;
  char out[128];
  int length = -1;
  if (width < -1 || (c.width == -2 && width < 0) || width >= 100)
    ; /* left-justified, or wider than @out holds: glibc's */
  else if (c.conversion == 'f')
    {
      double value = va_arg (args, double);
      const char *point = nl_langinfo (RADIXCHAR);
      if (point[0] == '.' && point[1] == '\0' && fegetround () == FE_TONEAREST)
        length = format_fixed (out, value, precision < 0 ? 6 : precision);
    }
  else
    {
      gboolean negative = FALSE;
      uint64_t magnitude;
      if (c.conversion == 'd')
        {
          long v = c.is_long ? va_arg (args, long) : va_arg (args, int);
          negative = v < 0;
          magnitude = negative ? 0 - (uint64_t) v : (uint64_t) v;
        }
      else
        magnitude = c.is_long ? va_arg (args, unsigned long) : va_arg (args, unsigned int);
      length = format_integer (out, &c, width, negative, magnitude);
    }
  va_end (args);
  if (length < 0)
    return -1;
  if (maxlen > 0)
    {
      size_t n = (size_t) length < maxlen ? (size_t) length : maxlen - 1;
      memcpy (s, out, n);
      s[n] = '\0';
    }
  return length;
}

#ifdef BIFOLIO_NUMBER_PRINTF
/* glibc's, not the one below. */
extern int __vsnprintf_chk (char *s, size_t maxlen, int flag, size_t slen, const char *format,
                            va_list ap);

__attribute__ ((visibility ("default"))) int __snprintf_chk (char *s, size_t maxlen, int flag,
                                                            size_t slen, const char *format,
                                                            ...);

int
__snprintf_chk (char *s, size_t maxlen, int flag, size_t slen, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  int length = -1;
  if (maxlen <= slen)
    length = bf_number_vsnprintf (s, maxlen, format, ap);
  if (length < 0)
    length = __vsnprintf_chk (s, maxlen, flag, slen, format, ap);
  va_end (ap);
  return length;
}
#endif
