/* cascade.h — computed styles by the CSS cascade: the built-in sheet
 * (styles/default.css), the lang and dir attributes, then author
 * stylesheets and style="" attributes; @page rules into page styles;
 * @font-face rules. */
#ifndef BF_CASCADE_H
#define BF_CASCADE_H

#include "style/css.h"
#include "style/style.h"

typedef struct _BfStyler BfStyler;
typedef struct _BfPageRules BfPageRules;

/* -------------------------------------------------------------- media
 * media.c: media queries (Media Queries Level 4). */

/* What is being made, as media queries see it. */
typedef struct {
  gboolean screen;        /* an e-reader's screen (the EPUB), whose features
                             only the reading system knows; else print */
  double width, height;   /* print: the page box, in points */
} BfMedium;

/* Print on the default paper, A5. */
extern const BfMedium bf_medium_print_a5;
/* An e-reader. */
extern const BfMedium bf_medium_screen;

typedef enum {
  BF_MEDIA_FALSE,
  BF_MEDIA_TRUE,
  BF_MEDIA_UNKNOWN        /* asks what only the reading system knows, or
                             what bifolio does not know; does not apply */
} BfMediaMatch;

/* Whether the media query list @tokens (an @media rule's prelude, or
 * tokens ending with BF_CSS_EOF) matches @medium; an empty list does. */
BfMediaMatch bf_media_query_list_match (GArray *tokens, const BfMedium *medium);

/* The same for the text of a media attribute (NULL matches). */
BfMediaMatch bf_media_attribute_match (const char *media, const BfMedium *medium);

/* The text of a media attribute written again as a media query list, for
 * an @media rule's prelude; NULL when it holds what no prelude may
 * (braces, a semicolon, a bad string). */
char *bf_media_attribute_serialize (const char *media);

/* The stylesheets of @doc: those added with bf_document_add_stylesheet()
 * (in order), then its <style> elements and linked sheets, the @media
 * rules and media attributes that match @medium.  @doc may be NULL (the
 * built-in sheet only).  Returns a new styler. */
BfStyler *bf_styler_new_for_medium (const BfDocument *doc, const BfMedium *medium);

/* bf_styler_new_for_medium() for print on A5 paper. */
BfStyler *bf_styler_new (const BfDocument *doc);
void bf_styler_free (BfStyler *styler);

/* What follows a property's name in the warning about a declaration of a
 * CSS property bifolio does not use. */
#define BF_STYLE_UNUSED_PROPERTY " is a CSS property bifolio does not use; declaration skipped"

/* css-names.c: whether @name is a property CSS defines (or a browser's,
 * by its prefix), known to bifolio or not. */
gboolean bf_css_property_is_standard (const char *name);

/* Makes the warnings about each sheet in @warnings (char*, owned; a
 * sheet's start with its name) fewer: those about declarations of
 * properties bifolio does not use become one, in the place of the first,
 * that counts them and names the properties; then the first 20 are kept,
 * and at the end a line says how many more there were.  A site's
 * framework (Bootstrap's sheet: 1,100 declarations and rules bifolio
 * cannot use) would bury every other warning. */
void bf_style_warnings_limit (GPtrArray *warnings);

/* Warnings from reading the sheets, owned by @styler: at most 20 about
 * each sheet, then how many more (bf_style_warnings_limit()). */
GPtrArray *bf_styler_get_warnings (const BfStyler *styler);

/* @element's style: inherited from @parent, then every matching
 * declaration in cascade order.  @styler may be NULL (built-in sheet and
 * attributes only).  What @out points to lives as long as @styler. */
void bf_styler_compute (const BfStyler *styler, const BfComputedStyle *parent,
                        xmlNodePtr element, BfComputedStyle *out);

/* The style of @element's ::before or ::after; FALSE when it has no
 * content (and so no box). */
gboolean bf_styler_compute_pseudo (const BfStyler *styler, const BfComputedStyle *element_style,
                                   xmlNodePtr element, BfCssPseudo pseudo, BfComputedStyle *out);

/* The style of @element's ::marker (CSS Lists 3, §3.1), from its own
 * style: FALSE when no sheet has a ::marker rule (the marker is in the
 * element's style).  Its content, when set, replaces the marker's text. */
gboolean bf_styler_compute_marker (const BfStyler *styler, const BfComputedStyle *element_style,
                                   xmlNodePtr element, BfComputedStyle *out);

/* TRUE when an author sheet of @styler sets -bf-digits to a form other
 * than as-typed somewhere (style="" attributes aside). */
gboolean bf_styler_converts_digits (const BfStyler *styler);

/* -bf-digits applied to the text of @root's tree under @styler's computed
 * styles, as the PDF's paragraphs apply it (digits.c): a new table of each
 * text node whose digits change → its new text (owned by the table), or
 * NULL when none does.  Costs nothing when no sheet or style="" names the
 * property. */
GHashTable *bf_styler_convert_digits (const BfStyler *styler, xmlNodePtr root);

/* The time spent reading the sheets and computing styles so far. */
double bf_styler_get_seconds (const BfStyler *styler);

/* Warnings about the built-in sheet (none when it is as shipped). */
GPtrArray *bf_style_get_default_warnings (void);

/* Applies @declarations (BfCssDeclaration*, in cascade order), those on
 * which the others depend (font-size, direction) first. */
void bf_declarations_apply (GPtrArray *declarations, const BfComputedStyle *parent,
                            BfComputedStyle *out);

/* Applies one declaration; FALSE when its value cannot be used. */
gboolean bf_declaration_apply (const BfCssDeclaration *d, const BfComputedStyle *parent,
                               BfComputedStyle *style);

/* Where the family list of a `font` shorthand's value starts (an index
 * into @value), or -1 when the value is not one. */
int bf_css_font_shorthand_family (const GArray *value);

/* A length token in points: @em is what ems are of (rems are of the
 * 10.5 pt body size), @percent_of what percentages are of (negative when
 * they are not allowed); 0 may go without a unit. */
gboolean bf_css_length (const BfCssToken *t, double em, double percent_of, double *out);

/* Which of the 1 to 4 values of a box shorthand (top, right, bottom,
 * left) serves physical side @side (0 top, 1 right, 2 bottom, 3 left). */
int bf_css_shorthand_value (int side, int n_values);

/* Checks a declaration of a context other than an element's: with @name_only,
 * whether the property is known there; else whether the value is usable. */
typedef gboolean (*BfDeclarationCheck) (const BfCssDeclaration *d, gboolean name_only);

/* The declarations bifolio can use (element properties, or those @check
 * accepts; borrowed), with a warning about each of the others.  Returns a
 * new array. */
GPtrArray *bf_declarations_usable (GPtrArray *declarations, const char *sheet,
                                   GPtrArray *warnings, BfDeclarationCheck check);

/* -------------------------------------------------------------- @page
 * page.c: @page rules with :first, :left, :right and :blank, size,
 * margins and the sixteen margin boxes. */

BfPageRules *bf_page_rules_new (void);
BfPageRules *bf_page_rules_copy (const BfPageRules *rules);
void bf_page_rules_free (BfPageRules *rules);

/* Adds an @page rule of the built-in sheet or (@author) another; @rule
 * must outlive @rules.  An author's rules win over built-in ones. */
void bf_page_rules_add (BfPageRules *rules, BfCssRule *rule, const char *sheet, gboolean author,
                        GPtrArray *warnings);

/* The @page rules of the styler's sheets after the built-in ones. */
const BfPageRules *bf_styler_get_page_rules (const BfStyler *styler);

/* What @page rules select a page by (:first, :left, :right, :recto,
 * :verso, :blank). */
typedef enum {
  BF_PAGE_FIRST = 1 << 0,          /* the document's first page */
  BF_PAGE_LEFT = 1 << 1,           /* a left-hand page; else a right-hand one */
  BF_PAGE_BLANK = 1 << 2,          /* left blank for a forced break to a side */
  BF_PAGE_RTL = 1 << 3             /* of a right-to-left book, whose recto (its
                                      first page) is a left-hand page */
} BfPageFlags;

/* The style of a page (@page, BfPageFlags): @root is the root element's
 * style (margin boxes inherit from it); @width and @height the paper when
 * no sheet sets a size, or whatever they set when @size_fixed
 * (percentages of margins refer to the size). */
void bf_page_rules_compute (const BfPageRules *rules, const BfComputedStyle *root, guint page,
                            double width, double height, gboolean size_fixed, BfPageStyle *out);

/* A file a sheet names with @url: beside the user's sheet in @base_dir
 * (when @doc is NULL: a relative path, no address), or, relative to the
 * sheet's folder @base_dir (a linked sheet's may not be the document's),
 * where @doc's resources may come from.  Returns the file's canonical
 * path, or NULL with @why set when it is not one bifolio will read. */
char *bf_css_resolve_file (const char *url, const char *base_dir, const BfDocument *doc,
                           const char **why);

/* ------------------------------------------------------------ @import
 * import.c */

/* The deepest sheets import one another. */
#define BF_CSS_MAX_IMPORT_DEPTH 16

/* The sheet an @import brings. */
typedef struct {
  char *path;             /* its file, canonical */
  char *text;             /* what the file holds */
  BfMediaMatch match;     /* TRUE, or UNKNOWN: only a reading system can tell */
  char *media;            /* its media query list written out, or NULL: none */
  gboolean layered;       /* into a layer: layer(NAME), or "layer" alone */
  char *layer;            /* that layer's name, or NULL: anonymous or none */
} BfCssImport;

/* What @rule, an @import of sheet @sheet_name in @base_dir (found as
 * bf_css_resolve_file() finds files), brings for @medium: NULL when it
 * does not apply there (its supports() condition or media list is
 * false), or, with *@warning set to a line saying why, when it names no
 * sheet or its file is not read. */
BfCssImport *bf_css_import_read (const BfCssRule *rule, const char *sheet_name,
                                 const char *base_dir, const BfDocument *doc,
                                 const BfMedium *medium, char **warning);
void bf_css_import_free (BfCssImport *import);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BfCssImport, bf_css_import_free)

/* Why @import may not be read by the sheets @importing (the files of the
 * sheets that import it, outermost first): it is one of them, or they are
 * too many; NULL when it may. */
const char *bf_css_import_refused (const BfCssImport *import, const GPtrArray *importing);

/* ------------------------------------------------------------ layers
 * layers.c: cascade layers (CSS Cascading 5, §6.4). */

typedef struct _BfLayers BfLayers;

/* The sheets' top level: what no layer holds. */
#define BF_LAYER_NONE 0u

BfLayers *bf_layers_new (void);
void bf_layers_free (BfLayers *layers);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BfLayers, bf_layers_free)

/* The layer @name (a name as written, "a" or "a.b") inside @parent,
 * named now, after those named before, when it is new. */
guint bf_layers_name (BfLayers *layers, guint parent, const char *name);

/* A new anonymous layer inside @parent (an @layer block without a name,
 * an @import's bare "layer"). */
guint bf_layers_new_anonymous (BfLayers *layers, guint parent);

/* Each layer's rank, indexed by layer (newly allocated): a normal
 * declaration in a layer of a higher rank wins over one in a layer of a
 * lower, and BF_LAYER_NONE ranks above them all. */
guint *bf_layers_ranks (const BfLayers *layers);

/* The layer names among @tokens from @from to @end ("a, b.c"), newly
 * allocated (char*); empty when there is none (an anonymous layer); NULL
 * when they are not names as CSS writes them. */
GPtrArray *bf_layer_names_parse (const GArray *tokens, guint from, guint end);

/* The names of @rule, an @layer rule, as bf_layer_names_parse() gives
 * them; NULL, with *@why (when not NULL) saying why, when the rule is not
 * one CSS reads: names that are not names, more than one with a block,
 * none without. */
GPtrArray *bf_layer_rule_names (const BfCssRule *rule, const char **why);

/* --------------------------------------------------------- @font-face
 * font-face.c */

typedef struct {
  char *family;          /* as the sheets name it */
  char *path;            /* the file, resolved against its sheet's folder */
  char *url;             /* as written */
  int weight;
  gboolean italic;
} BfFontFace;

/* @rule's face, its src resolved against @base_dir (a user's sheet, when
 * @doc is NULL) or where @doc's resources may come from (the document's own
 * <style>); NULL with a warning when it names no family or no readable
 * file. */
BfFontFace *bf_font_face_parse (const BfCssRule *rule, const char *sheet, const char *base_dir,
                                const BfDocument *doc, GPtrArray *warnings);
void bf_font_face_free (BfFontFace *face);

/* The @font-face rules of the styler's sheets: BfFontFace*, owned. */
GPtrArray *bf_styler_get_font_faces (const BfStyler *styler);

/* How far the media attribute of @element (a <style> or <link>)
 * matches @medium: an element without one matches. */
BfMediaMatch bf_element_media_match (xmlNodePtr element, const BfMedium *medium);

/* How warnings name the text of @style, a <style> element of @doc: the
 * document's file, with the line and column the text begins at there,
 * when the document knows it; else "DOC <style> at line N", from line 1,
 * column 1 of the text.  *@name is new. */
void bf_style_element_source (const BfDocument *doc, xmlNodePtr style, char **name, long *line,
                              int *column);

/* Whether @element is a <link rel="stylesheet"> (not an alternate one)
 * with an address. */
gboolean bf_linked_sheet_is_stylesheet (xmlNodePtr element);

/* The text of the file a <link rel="stylesheet"> @element names, *@path
 * set to the file, whatever its media attribute says.  NULL when @element
 * is no such link, or, with *@warning set to a line saying why, when its
 * file is not read (on the network, outside the document's folders,
 * missing).  Both strings are new. */
char *bf_linked_sheet_read (const BfDocument *doc, xmlNodePtr element, char **path,
                            char **warning);

/* supports.c: whether the condition of an @supports rule (its prelude)
 * holds for bifolio. */
gboolean bf_supports_condition_holds (GArray *prelude);

#endif
