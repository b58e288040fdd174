/* hello.c — the smallest program over libbifolio: a Markdown string, laid
 * out on A5 pages, written as a PDF.  Build it against an installed tree:
 *   cc hello.c $(pkg-config --cflags --libs bifolio) -o hello && ./hello out.pdf */
#include <stdio.h>
#include <string.h>
#include <bifolio.h>

int
main (int argc, char **argv)
{
  static const char text[] = "# Hello\n\nسلام، **دنیا**! Hello, world.\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (BfDocument) doc = bf_document_parse (text, strlen (text), "hello.md",
                                                  BF_INPUT_MARKDOWN, &error);
  g_autoptr (BfFonts) fonts = doc ? bf_fonts_new (NULL, &error) : NULL;
  BfPageSetup setup;
  bf_page_setup_init (&setup);
  g_autoptr (BfLayout) layout = fonts ? bf_layout_new (fonts, doc, &setup, &error) : NULL;
  if (!layout || !bf_layout_write_pdf (layout, argc > 1 ? argv[1] : "hello.pdf", &error))
    {
      fprintf (stderr, "hello: %s\n", error->message);
      return 1;
    }
  printf ("%d page(s), bifolio %s\n", bf_layout_get_page_count (layout), bf_version ());
  return 0;
}
