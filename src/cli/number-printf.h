/* number-printf.h — glibc's snprintf answered at once for the
 * conversions Cairo writes a PDF's numbers with (cli, private;
 * number-printf.c). */
#ifndef BF_NUMBER_PRINTF_H
#define BF_NUMBER_PRINTF_H

#include <glib.h>
#include <stdarg.h>
#include <stddef.h>

/* vsnprintf (@s, @maxlen, @format, @ap) when @format is one conversion
 * answered here ("%d", "%0*x", "%.18f", "%.*f", …), byte for byte as
 * glibc's; -1 (nothing written) for any other, which glibc must take. */
int bf_number_vsnprintf (char *s, size_t maxlen, const char *format, va_list ap);

#endif
