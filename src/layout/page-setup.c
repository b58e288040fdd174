/* page-setup.c — paper sizes given on the command line. */
#include "layout/layout.h"
#include "style/cascade.h"

#include <stdlib.h>
#include <string.h>

#define MM (72.0 / 25.4)

void
bf_page_setup_init (BfPageSetup *setup)
{
  setup->width = bf_medium_print_a5.width;
  setup->height = bf_medium_print_a5.height;
  setup->paper_given = FALSE;
  setup->line_breaking = BF_LINE_BREAKING_OPTIMAL;
}

/* A length with a unit: "148mm", "6in", "420pt", "14.8cm". */
static gboolean
parse_length (const char *text, const char *default_unit, double *points)
{
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);
  if (end == text || !(value >= 0) || value > 5000)
    return FALSE;
  const char *unit = *end ? end : default_unit;
  if (!unit)
    return FALSE;
  if (!g_ascii_strcasecmp (unit, "mm"))
    *points = value * MM;
  else if (!g_ascii_strcasecmp (unit, "cm"))
    *points = value * 10 * MM;
  else if (!g_ascii_strcasecmp (unit, "in"))
    *points = value * 72;
  else if (!g_ascii_strcasecmp (unit, "pt"))
    *points = value;
  else
    return FALSE;
  return TRUE;
}

gboolean
bf_length_parse (const char *text, double *points)
{
  return text && parse_length (text, NULL, points);
}

gboolean
bf_page_setup_set_paper (BfPageSetup *setup, const char *spec, GError **error)
{
  if (bf_paper_size_lookup (spec, &setup->width, &setup->height))
    {
      setup->paper_given = TRUE;
      return TRUE;
    }
  g_auto (GStrv) parts = g_strsplit (spec, "x", 2);
  if (g_strv_length (parts) == 2)
    {
      /* "148x210mm": the unit of the height serves both. */
      const char *unit = parts[1];
      while (*unit && (g_ascii_isdigit (*unit) || *unit == '.'))
        unit++;
      double w, h;
      if (parse_length (parts[0], *unit ? unit : NULL, &w) && parse_length (parts[1], NULL, &h)
          && w > 0 && h > 0)
        {
          setup->width = w;
          setup->height = h;
          setup->paper_given = TRUE;
          return TRUE;
        }
    }
  g_set_error (error, BF_ERROR, BF_ERROR_USAGE,
               "unknown paper '%s' (use A3 A4 A5 A6 B5 letter legal, or WIDTHxHEIGHT with mm, cm, in or pt)",
               spec);
  return FALSE;
}
