/* pdf-finish.c — what a tagged PDF needs that Cairo 1.16 cannot write,
 * added to Cairo's finished file (read and written again by
 * pdf-objects.c):
 *
 * - on structure elements: /Lang, a Figure's /Alt and /BBox, a TH's
 *   /Scope (Cairo 1.16 takes no attributes on structure tags);
 * - artifacts: page furniture was drawn in elements of a type of its own
 *   (BF_PDF_ARTIFACT); they leave the tree, the parent tree no longer
 *   points at them, and their marked content becomes /Artifact BMC in the
 *   pages' content;
 * - a block drawn in two parts (a paragraph going on after a page's
 *   notes) becomes one element again, and Spans that name no language
 *   are dissolved into their block;
 * - the catalog's /Lang, /MarkInfo, /ViewerPreferences /DisplayDocTitle,
 *   XMP metadata, and /Tabs /S on every page.
 *
 * The elements are matched with what pdf-structure.c began by walking the
 * tree depth first, the order in which Cairo's tags built it.  Elements
 * that leave the tree leave the file.  The file is written again with
 * object streams (the many small element objects compress well) and an
 * /ID made from its content, so the same input gives the same bytes. */
#define _GNU_SOURCE /* memmem */
#include "render/pdf-structure.h"
#include "render/pdf-objects.h"

#include <zlib.h>
#include <string.h>

/* The element object @value refers to, or NULL when it refers to none. */
static BfPdfValue *
element_of (BfPdfFile *file, const BfPdfValue *value)
{
  if (!value || value->kind != BF_PDF_REF)
    return NULL;
  BfPdfValue *object = bf_pdf_file_get_object (file, value->ref, NULL);
  return bf_pdf_dict_get (object, "/S") ? object : NULL;
}

/* Appends the object numbers of @node's element kids, and theirs, depth
 * first, to @found. */
static void
walk_kids (BfPdfFile *file, const BfPdfValue *node, GArray *found)
{
  BfPdfValue *kids = bf_pdf_dict_get (node, "/K");
  if (kids && kids->kind == BF_PDF_ARRAY)
    {
      for (guint i = 0; i < kids->len; i++)
        {
          const BfPdfValue *kid = kids->items[i];
          const BfPdfValue *element = element_of (file, kid);
          if (element)
            {
              g_array_append_val (found, kid->ref);
              walk_kids (file, element, found);
            }
        }
    }
  else if (element_of (file, kids))
    {
      g_array_append_val (found, kids->ref);
      walk_kids (file, element_of (file, kids), found);
    }
}

/* @element's /K made an array (an MCID alone, a dictionary alone or
 * nothing become its one item or none), which it returns. */
static BfPdfValue *
kids_array (BfPdfValue *element)
{
  BfPdfValue *kids = bf_pdf_dict_get (element, "/K");
  if (kids && kids->kind == BF_PDF_ARRAY)
    return kids;
  BfPdfValue *array = bf_pdf_value_new_array ();
  if (kids && kids->kind != BF_PDF_NULL)
    bf_pdf_array_append (array, bf_pdf_value_copy (kids));
  bf_pdf_dict_set (element, "/K", array);
  return array;
}

/* Appends the kids of element @from to @to (an array), as kids of element
 * @parent.  A bare MCID refers to its element's page, so it goes over as a
 * marked-content reference naming @from's page. */
static void
append_kids (BfPdfFile *file, BfPdfValue *to, int from, int parent)
{
  BfPdfValue *element = bf_pdf_file_get_object (file, from, NULL);
  BfPdfValue *from_kids = kids_array (element);
  BfPdfValue *page = bf_pdf_dict_get (element, "/Pg");
  for (guint i = 0; i < from_kids->len; i++)
    {
      BfPdfValue *kid = from_kids->items[i];
      if (bf_pdf_value_is_int (kid, NULL))
        {
          BfPdfValue *mcr = bf_pdf_value_new_dict ();
          bf_pdf_dict_set (mcr, "/Type", bf_pdf_value_new_name ("/MCR"));
          if (page)
            bf_pdf_dict_set (mcr, "/Pg", bf_pdf_value_copy (page));
          bf_pdf_dict_set (mcr, "/MCID", bf_pdf_value_copy (kid));
          bf_pdf_array_append (to, mcr);
          continue;
        }
      BfPdfValue *kid_element = element_of (file, kid);
      if (kid_element)
        {
          bf_pdf_dict_set (kid_element, "/P", bf_pdf_value_new_ref (parent));
          bf_pdf_file_touch (file, kid->ref);
        }
      BfPdfValue *copy = bf_pdf_value_copy (kid);
      if (copy->kind == BF_PDF_DICT && !bf_pdf_dict_get (copy, "/Pg") && page)
        bf_pdf_dict_set (copy, "/Pg", bf_pdf_value_copy (page));
      bf_pdf_array_append (to, copy);
    }
}

/* Moves the kids of element @from to the end of element @to's. */
static void
join_elements (BfPdfFile *file, int to, int from)
{
  BfPdfValue *to_kids = kids_array (bf_pdf_file_get_object (file, to, NULL));
  append_kids (file, to_kids, from, to);
  bf_pdf_file_touch (file, to);
}

/* The attributes pdf-structure.c recorded for @element_begun, on element
 * @number. */
static void
set_attributes (BfPdfFile *file, int number, const BfPdfElement *element_begun)
{
  static const BfPdfElementDetails none = { 0 };
  const char *lang = element_begun->lang;
  const BfPdfElementDetails *e = element_begun->details ? element_begun->details : &none;
  if (!lang && !e->alt && !e->id && !e->scope && !e->has_bbox)
    return;
  BfPdfValue *element = bf_pdf_file_get_object (file, number, NULL);
  if (lang)
    bf_pdf_dict_set (element, "/Lang", bf_pdf_value_new_text_string (lang));
  if (e->alt)
    bf_pdf_dict_set (element, "/Alt", bf_pdf_value_new_text_string (e->alt));
  if (e->id)
    bf_pdf_dict_set (element, "/ID", bf_pdf_value_new_string (e->id, strlen (e->id)));
  if (e->scope)
    {
      g_autofree char *a = g_strdup_printf ("<< /O /Table /Scope /%s >>", e->scope);
      bf_pdf_dict_set (element, "/A", bf_pdf_value_parse (a));
    }
  else if (e->has_bbox)
    {
      char v[4][G_ASCII_DTOSTR_BUF_SIZE];
      for (int i = 0; i < 4; i++)
        g_ascii_formatd (v[i], sizeof v[i], "%.2f", e->bbox[i]);
      g_autofree char *a = g_strdup_printf ("<< /O /Layout /BBox [%s %s %s %s] >>", v[0], v[1],
                                            v[2], v[3]);
      bf_pdf_dict_set (element, "/A", bf_pdf_value_parse (a));
    }
  bf_pdf_file_touch (file, number);
}

/* What becomes of an element that leaves the tree. */
typedef enum {
  GONE,                      /* an artifact: out, with its marked content */
  JOINED,                    /* a continued block: its kids went to the first part */
  DISSOLVED                  /* a Span naming nothing: its kids go in its place */
} Fate;

typedef struct {
  Fate fate;
  int heir;                  /* the element its marked content belongs to now */
} Leaving;

typedef struct {
  BfPdfFile *file;
  GHashTable *leaving;       /* object number → Leaving* */
  GHashTable *parents;       /* object numbers of the elements whose kids change */
} TreeEdit;

static void
leave (TreeEdit *edit, int element, Fate fate, int heir)
{
  Leaving *l = g_new (Leaving, 1);
  *l = (Leaving) { fate, heir };
  g_hash_table_insert (edit->leaving, GINT_TO_POINTER (element), l);
  BfPdfValue *parent = bf_pdf_dict_get (bf_pdf_file_get_object (edit->file, element, NULL), "/P");
  if (parent && parent->kind == BF_PDF_REF)
    g_hash_table_add (edit->parents, GINT_TO_POINTER (parent->ref));
}

static Leaving *
leaving_of (TreeEdit *edit, const BfPdfValue *value)
{
  if (!value || value->kind != BF_PDF_REF)
    return NULL;
  return g_hash_table_lookup (edit->leaving, GINT_TO_POINTER (value->ref));
}

/* The element that holds what element @number held: itself, or where it went. */
static int
heir_of (TreeEdit *edit, int number)
{
  Leaving *l = g_hash_table_lookup (edit->leaving, GINT_TO_POINTER (number));
  return l && l->fate != GONE ? l->heir : number;
}

static int
compare_numbers (gconstpointer a, gconstpointer b)
{
  int x = *(const int *) a, y = *(const int *) b;
  return (x > y) - (x < y);
}

/* Rewrites the kids of each element that loses some: gone and joined
 * ones out, dissolved ones replaced by their own kids.  In the order of
 * their numbers, so that the file does not depend on a hash table's. */
static void
rebuild_parents (TreeEdit *edit)
{
  BfPdfFile *file = edit->file;
  g_autoptr (GArray) parents = g_array_new (FALSE, FALSE, sizeof (int));
  GHashTableIter iter;
  gpointer key;
  g_hash_table_iter_init (&iter, edit->parents);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      int number = GPOINTER_TO_INT (key);
      if (!g_hash_table_contains (edit->leaving, key)) /* else its kids went with it */
        g_array_append_val (parents, number);
    }
  g_array_sort (parents, compare_numbers);
  for (guint p = 0; p < parents->len; p++)
    {
      int parent = g_array_index (parents, int, p);
      BfPdfValue *element = bf_pdf_file_get_object (file, parent, NULL);
      if (!element)
        continue;
      BfPdfValue *kids = kids_array (element);
      BfPdfValue *kept = bf_pdf_value_new_array ();
      for (guint i = 0; i < kids->len; i++)
        {
          BfPdfValue *kid = kids->items[i];
          Leaving *l = leaving_of (edit, kid);
          if (!l)
            bf_pdf_array_append (kept, bf_pdf_value_copy (kid));
          else if (l->fate == DISSOLVED)
            append_kids (file, kept, kid->ref, parent);
        }
      bf_pdf_dict_set (element, "/K", kept);
      bf_pdf_file_touch (file, parent);
    }
}

/* Points the entries of a parent tree's node @node (and its kids') at the
 * elements that now hold their content: a joined block's first part, a
 * dissolved Span's block, nothing for an artifact. */
static void
repoint_numbers (TreeEdit *edit, BfPdfValue *node, int node_number, int depth)
{
  BfPdfFile *file = edit->file;
  BfPdfValue *nums_value = bf_pdf_dict_get (node, "/Nums");
  BfPdfValue *nums = bf_pdf_file_resolve (file, nums_value);
  int nums_number = nums_value && nums_value->kind == BF_PDF_REF ? nums_value->ref : node_number;
  for (guint i = 1; nums && nums->kind == BF_PDF_ARRAY && i < nums->len; i += 2)
    {
      BfPdfValue *value = nums->items[i];
      BfPdfValue *array = bf_pdf_file_resolve (file, value);
      if (array && array->kind == BF_PDF_ARRAY)
        {
          gboolean changed = FALSE;
          for (guint j = 0; j < array->len; j++)
            {
              Leaving *l = leaving_of (edit, array->items[j]);
              if (!l)
                continue;
              bf_pdf_value_free (array->items[j]);
              array->items[j] = l->fate == GONE ? bf_pdf_value_new_null ()
                                                : bf_pdf_value_new_ref (l->heir);
              changed = TRUE;
            }
          if (changed && value->kind == BF_PDF_REF)
            bf_pdf_file_touch (file, value->ref);
          else if (changed)
            bf_pdf_file_touch (file, nums_number);
        }
      else if (leaving_of (edit, value))
        {
          Leaving *l = leaving_of (edit, value);
          nums->items[i] = l->fate == GONE ? bf_pdf_value_new_null ()
                                           : bf_pdf_value_new_ref (l->heir);
          bf_pdf_value_free (value);
          bf_pdf_file_touch (file, nums_number);
        }
    }
  BfPdfValue *kids = bf_pdf_dict_get (node, "/Kids");
  for (guint i = 0; depth < 32 && kids && kids->kind == BF_PDF_ARRAY && i < kids->len; i++)
    {
      BfPdfValue *kid = kids->items[i];
      BfPdfValue *kid_node = bf_pdf_file_resolve (file, kid);
      if (kid->kind == BF_PDF_REF && kid_node && kid_node->kind == BF_PDF_DICT)
        repoint_numbers (edit, kid_node, kid->ref, depth + 1);
    }
}

static void
repoint_parent_tree (TreeEdit *edit, BfPdfValue *tree_root)
{
  BfPdfValue *ref = bf_pdf_dict_get (tree_root, "/ParentTree");
  BfPdfValue *parent_tree = bf_pdf_file_resolve (edit->file, ref);
  if (ref && ref->kind == BF_PDF_REF && parent_tree && parent_tree->kind == BF_PDF_DICT)
    repoint_numbers (edit, parent_tree, ref->ref, 0);
}

/* For each element that later ones continue (a block drawn in parts), the
 * indices of all its parts in reading order: by the layout page they were
 * drawn on (a booklet draws its sheets' pages out of order), then in
 * drawing order; NULL for the others.  An array of elements->len. */
static GArray **
parts_by_page (const GArray *elements)
{
  GArray **parts = g_new0 (GArray *, elements->len);
  for (guint i = 0; i < elements->len; i++)
    {
      int first = g_array_index (elements, BfPdfElement, i).continues;
      if (first < 0)
        continue;
      if (!parts[first])
        {
          parts[first] = g_array_new (FALSE, FALSE, sizeof (guint));
          g_array_append_val (parts[first], first);
        }
      g_array_append_val (parts[first], i);
    }
  for (guint i = 0; i < elements->len; i++)
    for (guint k = 1; parts[i] && k < parts[i]->len; k++)
      {
        /* insertion sort: stable, and the parts come nearly in order */
        guint *index = (guint *) parts[i]->data, moving = index[k], j = k;
        int page = g_array_index (elements, BfPdfElement, moving).page;
        while (j > 0 && g_array_index (elements, BfPdfElement, index[j - 1]).page > page)
          {
            index[j] = index[j - 1];
            j--;
          }
        index[j] = moving;
      }
  return parts;
}

/* Joins a block's @parts (indices into @found, in reading order) into the
 * first, which stays in the tree; the others leave it. */
static void
join_parts (TreeEdit *edit, const GArray *found, const GArray *parts)
{
  int first = g_array_index (found, int, g_array_index (parts, guint, 0));
  for (guint k = 1; k < parts->len; k++)
    {
      int part = g_array_index (found, int, g_array_index (parts, guint, k));
      join_elements (edit->file, first, part);
      leave (edit, part, JOINED, first);
    }
}

static gboolean
drawn_out_of_order (const GArray *elements)
{
  for (guint i = 1; i < elements->len; i++)
    if (g_array_index (elements, BfPdfElement, i).page
        < g_array_index (elements, BfPdfElement, i - 1).page)
      return TRUE;
  return FALSE;
}

typedef struct {
  int page, position;
  BfPdfValue *kid;
} PlacedKid;

static int
compare_placed_kids (gconstpointer a, gconstpointer b)
{
  const PlacedKid *x = a, *y = b;
  return x->page != y->page ? (x->page > y->page) - (x->page < y->page)
                            : (x->position > y->position) - (x->position < y->position);
}

/* Where pages were drawn out of reading order (a booklet's sheets), each
 * element's kids put in the order of the pages they were drawn on: a kid
 * that is no element (marked content, an annotation) goes with the one
 * before it.  A block's parts are already joined in that order. */
static void
put_in_page_order (BfPdfFile *file, const GArray *found, const GArray *elements)
{
  g_autoptr (GHashTable) page_of = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (guint i = 0; i < found->len; i++)
    g_hash_table_insert (page_of, GINT_TO_POINTER (g_array_index (found, int, i)),
                         GINT_TO_POINTER (g_array_index (elements, BfPdfElement, i).page + 1));
  g_autoptr (GArray) placed = g_array_new (FALSE, FALSE, sizeof (PlacedKid));
  for (guint i = 0; i < found->len; i++)
    {
      int number = g_array_index (found, int, i);
      BfPdfValue *kids = bf_pdf_dict_get (bf_pdf_file_get_object (file, number, NULL), "/K");
      if (!kids || kids->kind != BF_PDF_ARRAY)
        continue;
      g_array_set_size (placed, 0);
      int page = g_array_index (elements, BfPdfElement, i).page;
      gboolean sorted = TRUE;
      for (guint k = 0; k < kids->len; k++)
        {
          BfPdfValue *kid = kids->items[k];
          int kid_page = kid->kind == BF_PDF_REF
                             ? GPOINTER_TO_INT (g_hash_table_lookup (page_of, GINT_TO_POINTER (kid->ref)))
                             : 0;
          if (kid_page)
            page = kid_page - 1;
          if (placed->len && page < g_array_index (placed, PlacedKid, placed->len - 1).page)
            sorted = FALSE;
          PlacedKid p = { page, k, kid };
          g_array_append_val (placed, p);
        }
      if (sorted)
        continue;
      g_array_sort (placed, compare_placed_kids);
      for (guint k = 0; k < placed->len; k++)
        kids->items[k] = g_array_index (placed, PlacedKid, k).kid;
      bf_pdf_file_touch (file, number);
    }
}

/* Gives the tree the elements' attributes, joins continued blocks,
 * dissolves Spans that name no language and takes artifacts out.  FALSE
 * when the tree is not the one drawn. */
static gboolean
finish_tree (BfPdfFile *file, BfPdfValue *tree_root, const GArray *elements)
{
  g_autoptr (GArray) found = g_array_new (FALSE, FALSE, sizeof (int));
  walk_kids (file, tree_root, found);
  gboolean same = found->len == elements->len;
  for (guint i = 0; same && i < elements->len; i++)
    {
      const BfPdfElement *e = &g_array_index (elements, BfPdfElement, i);
      BfPdfValue *s = bf_pdf_dict_get (bf_pdf_file_get_object (file, g_array_index (found, int, i), NULL),
                                       "/S");
      same = s && s->kind == BF_PDF_NAME && g_str_equal (s->token + 1, e->type);
    }
  if (!same)
    return FALSE;
  TreeEdit edit = { file, g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free),
                    g_hash_table_new (g_direct_hash, g_direct_equal) };
  g_autofree GArray **parts = parts_by_page (elements);
  /* Depth first: a block's parts are joined (when its first is met) before
   * the Spans in them are dissolved, so that they dissolve into the part
   * that holds the rest. */
  for (guint i = 0; i < elements->len; i++)
    {
      const BfPdfElement *e = &g_array_index (elements, BfPdfElement, i);
      int number = g_array_index (found, int, i);
      set_attributes (file, number, e);
      if (g_str_equal (e->type, BF_PDF_ARTIFACT))
        leave (&edit, number, GONE, 0);
      else if (parts[i])
        join_parts (&edit, found, parts[i]);
      else if (e->continues >= 0)
        ; /* joined with its first part */
      else if (g_str_equal (e->type, "Span") && !e->lang)
        {
          BfPdfValue *parent = bf_pdf_dict_get (bf_pdf_file_get_object (file, number, NULL), "/P");
          if (parent && parent->kind == BF_PDF_REF)
            leave (&edit, number, DISSOLVED, heir_of (&edit, parent->ref));
        }
    }
  rebuild_parents (&edit);
  repoint_parent_tree (&edit, tree_root);
  if (drawn_out_of_order (elements))
    put_in_page_order (file, found, elements);
  /* Out of the tree, out of the file. */
  GHashTableIter iter;
  gpointer key;
  g_hash_table_iter_init (&iter, edit.leaving);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    bf_pdf_file_remove (file, GPOINTER_TO_INT (key));
  g_hash_table_unref (edit.leaving);
  g_hash_table_unref (edit.parents);
  for (guint i = 0; i < elements->len; i++)
    if (parts[i])
      g_array_unref (parts[i]);
  return TRUE;
}

/* ------------------------------------------------------------- the catalog */

static void
append_escaped (GString *out, const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  g_string_append (out, escaped);
}

static void
append_alt (GString *out, const char *element, const char *text)
{
  g_string_append_printf (out, "   <%s><rdf:Alt><rdf:li xml:lang=\"x-default\">", element);
  append_escaped (out, text);
  g_string_append_printf (out, "</rdf:li></rdf:Alt></%s>\n", element);
}

char *
bf_pdf_xmp_packet (const BfDocument *doc)
{
  const char *title = bf_document_get_title (doc);
  const char *author = bf_document_get_metadata (doc, "author");
  const char *lang = bf_pdf_document_lang (doc);
  GString *x = g_string_new ("<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                             "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                             " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                             "  <rdf:Description rdf:about=\"\"\n"
                             "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                             "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
                             "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n");
  if (title)
    append_alt (x, "dc:title", title);
  if (author)
    {
      g_string_append (x, "   <dc:creator><rdf:Seq><rdf:li>");
      append_escaped (x, author);
      g_string_append (x, "</rdf:li></rdf:Seq></dc:creator>\n");
    }
  g_string_append (x, "   <dc:language><rdf:Bag><rdf:li>");
  append_escaped (x, lang);
  g_string_append (x, "</rdf:li></rdf:Bag></dc:language>\n");
  g_string_append (x, "   <dc:format>application/pdf</dc:format>\n");
  g_string_append_printf (x, "   <pdf:Producer>cairo %s</pdf:Producer>\n", cairo_version_string ());
  g_string_append_printf (x, "   <xmp:CreatorTool>bifolio %s</xmp:CreatorTool>\n", bf_version ());
  const char *epoch = g_getenv ("SOURCE_DATE_EPOCH");
  if (epoch && *epoch)
    {
      g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (g_ascii_strtoll (epoch, NULL, 10));
      g_autofree char *date = dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
      if (date)
        g_string_append_printf (x, "   <xmp:CreateDate>%s</xmp:CreateDate>\n"
                                   "   <xmp:ModifyDate>%s</xmp:ModifyDate>\n", date, date);
    }
  g_string_append (x, "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>\n");
  return g_string_free (x, FALSE);
}

/* ------------------------------------------------------------ artifacts */

/* A stream the pass rewrites: a page's content stream, with its artifacts
 * marked (the marked content Cairo began for page furniture, "/Private <<
 * /MCID n >> BDC", begun as /Artifact instead), or any stream Cairo left
 * unfiltered, deflated.  Cairo 1.16 deflates page content itself unless
 * CAIRO_DEBUG_PDF is set; the command line sets it (main.c), and then the
 * spool has already done this to every page as Cairo ended it
 * (pdf-spool.c), and the pass is left what the spool did not take.
 * Otherwise rewriting every page is the larger part of the pass's work
 * and needs nothing of the rest, so a second thread starts on it while
 * the tree is finished on the first, which then takes streams too; the
 * bytes do not depend on which thread rewrote a stream. */
typedef struct {
  int number;                /* the stream's object number */
  const guint8 *data;        /* its bytes, in the file read */
  gsize length;
  gboolean deflated;         /* as /FlateDecode (no parameters), or not filtered */
  GBytes *rewritten;         /* deflated, or NULL: left as it was */
} StreamWork;

static void
stream_work_clear (gpointer data)
{
  StreamWork *w = data;
  if (w->rewritten)
    g_bytes_unref (w->rewritten);
}

static GByteArray *
inflate_all (const unsigned char *data, size_t length)
{
  z_stream z = { 0 };
  if (inflateInit (&z) != Z_OK)
    return NULL;
  GByteArray *out = g_byte_array_sized_new (length * 4 + 64);
  z.next_in = (unsigned char *) data;
  z.avail_in = length;
  int status = Z_OK;
  while (status == Z_OK)
    {
      if (out->len == G_MAXUINT)
        break;
      guint used = out->len;
      g_byte_array_set_size (out, MAX (used * 2, used + 4096));
      z.next_out = out->data + used;
      z.avail_out = out->len - used;
      status = inflate (&z, Z_NO_FLUSH);
      g_byte_array_set_size (out, out->len - z.avail_out);
    }
  inflateEnd (&z);
  if (status != Z_STREAM_END)
    {
      g_byte_array_unref (out);
      return NULL;
    }
  return out;
}

/* @content (@length bytes) with each "/Private << /MCID n >> BDC" as
 * "/Artifact BMC", or NULL when it has none. */
static GByteArray *
mark_artifacts (const guint8 *content, gsize length)
{
  static const char marker[] = "/" BF_PDF_ARTIFACT " << /MCID ";
  static const char tail[] = " >> BDC";
  const char *p = (const char *) content, *end = p + length;
  if (!memmem (p, end - p, marker, sizeof marker - 1))
    return NULL;
  GByteArray *out = g_byte_array_sized_new (length);
  const char *hit;
  while ((hit = memmem (p, end - p, marker, sizeof marker - 1)))
    {
      const char *after = hit + sizeof marker - 1;
      while (after < end && g_ascii_isdigit (*after))
        after++;
      if ((gsize) (end - after) < sizeof tail - 1 || memcmp (after, tail, sizeof tail - 1) != 0)
        {
          g_byte_array_append (out, (const guint8 *) p, after - p);
          p = after;
          continue;
        }
      g_byte_array_append (out, (const guint8 *) p, hit - p);
      g_byte_array_append (out, (const guint8 *) "/Artifact BMC", 13);
      p = after + sizeof tail - 1;
    }
  g_byte_array_append (out, (const guint8 *) p, end - p);
  return out;
}

GBytes *
bf_pdf_content_finish (const guint8 *content, gsize length)
{
  GByteArray *marked = mark_artifacts (content, length);
  GBytes *deflated = marked ? bf_pdf_deflate (marked->data, marked->len)
                            : bf_pdf_deflate (content, length);
  if (marked)
    g_byte_array_unref (marked);
  return deflated;
}

static void
rewrite_stream (StreamWork *w)
{
  if (!w->deflated)
    {
      w->rewritten = bf_pdf_content_finish (w->data, w->length);
      return;
    }
  GByteArray *plain = inflate_all (w->data, w->length);
  if (!plain)
    return; /* left as Cairo wrote it */
  GByteArray *marked = mark_artifacts (plain->data, plain->len);
  if (marked)
    {
      w->rewritten = bf_pdf_deflate (marked->data, marked->len);
      g_byte_array_unref (marked);
    }
  g_byte_array_unref (plain);
}

/* The streams to rewrite, shared by the threads that rewrite them: each
 * takes the next one not yet taken. */
typedef struct {
  GArray *work;              /* StreamWork */
  gint next;                 /* atomic */
} Rewriting;

static gpointer
rewrite_streams (gpointer data)
{
  Rewriting *rewriting = data;
  guint i;
  while ((i = (guint) g_atomic_int_add (&rewriting->next, 1)) < rewriting->work->len)
    rewrite_stream (&g_array_index (rewriting->work, StreamWork, i));
  return NULL;
}

/* Appends the object numbers of the pages under page tree node @node to
 * @pages, in order. */
static void
collect_pages (BfPdfFile *file, BfPdfValue *node, GArray *pages, int depth)
{
  BfPdfValue *kids = bf_pdf_dict_get (node, "/Kids");
  for (guint i = 0; depth < 32 && kids && kids->kind == BF_PDF_ARRAY && i < kids->len; i++)
    {
      BfPdfValue *kid = kids->items[i];
      BfPdfValue *object = bf_pdf_file_resolve (file, kid);
      if (kid->kind != BF_PDF_REF || !object)
        continue;
      if (bf_pdf_value_is_name (bf_pdf_dict_get (object, "/Type"), "/Pages"))
        collect_pages (file, object, pages, depth + 1);
      else
        g_array_append_val (pages, kid->ref);
    }
}

/* The streams to rewrite: the content streams of @pages that Cairo
 * deflated (with no parameters: the only kind it writes) and every stream
 * it left unfiltered, in object order; not those @finished (object numbers,
 * or NULL), deflated with their artifacts marked as Cairo wrote them
 * (pdf-spool.c). */
static GArray *
collect_streams (BfPdfFile *file, const GArray *pages, GHashTable *finished)
{
  g_autoptr (GHashTable) contents = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < pages->len; i++)
    {
      BfPdfValue *page = bf_pdf_file_get_object (file, g_array_index (pages, int, i), NULL);
      BfPdfValue *ref = bf_pdf_dict_get (page, "/Contents");
      if (ref && ref->kind == BF_PDF_REF)
        g_hash_table_add (contents, GINT_TO_POINTER (ref->ref));
    }
  GArray *work = g_array_new (FALSE, TRUE, sizeof (StreamWork));
  g_array_set_clear_func (work, stream_work_clear);
  for (int n = 1; n < bf_pdf_file_get_size (file); n++)
    {
      if (!bf_pdf_file_is_stream (file, n)
          || (finished && g_hash_table_contains (finished, GINT_TO_POINTER (n))))
        continue;
      BfPdfValue *dict = bf_pdf_file_get_object (file, n, NULL);
      BfPdfValue *filter = bf_pdf_dict_get (dict, "/Filter");
      StreamWork w = { n, NULL, 0, filter != NULL, NULL };
      gboolean wanted = !filter || (g_hash_table_contains (contents, GINT_TO_POINTER (n))
                                    && bf_pdf_value_is_name (filter, "/FlateDecode")
                                    && !bf_pdf_dict_get (dict, "/DecodeParms"));
      if (wanted && (w.data = bf_pdf_file_get_stream (file, n, &w.length)))
        g_array_append_val (work, w);
    }
  return work;
}

/* Stream @number's length written in its dictionary, and the object Cairo
 * wrote it in (after the stream, which alone refers to it) left out. */
static void
inline_length (BfPdfFile *file, int number)
{
  BfPdfValue *dict = bf_pdf_file_get_object (file, number, NULL);
  BfPdfValue *length = bf_pdf_dict_get (dict, "/Length");
  long n;
  if (!length || length->kind != BF_PDF_REF
      || !bf_pdf_value_is_int (bf_pdf_file_resolve (file, length), &n))
    return;
  int object = length->ref;
  bf_pdf_dict_set (dict, "/Length", bf_pdf_value_new_int (n));
  bf_pdf_file_touch (file, number);
  bf_pdf_file_remove (file, object);
}

static void
replace_streams (BfPdfFile *file, GArray *work, GHashTable *finished)
{
  for (guint i = 0; i < work->len; i++)
    {
      StreamWork *w = &g_array_index (work, StreamWork, i);
      if (!w->rewritten)
        continue;
      if (!w->deflated)
        bf_pdf_dict_set (bf_pdf_file_get_object (file, w->number, NULL), "/Filter",
                         bf_pdf_value_new_name ("/FlateDecode"));
      inline_length (file, w->number);
      bf_pdf_file_set_stream (file, w->number, w->rewritten);
    }
  if (!finished)
    return;
  GHashTableIter iter;
  gpointer number;
  g_hash_table_iter_init (&iter, finished);
  while (g_hash_table_iter_next (&iter, &number, NULL))
    inline_length (file, GPOINTER_TO_INT (number));
}

static void
finish_catalog (BfPdfFile *file, int root_number, BfPdfValue *root, const GArray *pages,
                const char *lang, const char *xmp)
{
  bf_pdf_dict_set (root, "/Lang", bf_pdf_value_new_text_string (lang));
  bf_pdf_dict_set (root, "/MarkInfo", bf_pdf_value_parse ("<< /Marked true >>"));
  bf_pdf_dict_set (root, "/ViewerPreferences", bf_pdf_value_parse ("<< /DisplayDocTitle true >>"));
  g_autoptr (GBytes) data = g_bytes_new (xmp, strlen (xmp));
  BfPdfValue *dict = bf_pdf_value_parse ("<< /Type /Metadata /Subtype /XML >>");
  bf_pdf_dict_set (root, "/Metadata", bf_pdf_value_new_ref (bf_pdf_file_add (file, dict, data)));
  bf_pdf_file_touch (file, root_number);
  for (guint i = 0; i < pages->len; i++)
    {
      int number = g_array_index (pages, int, i);
      bf_pdf_dict_set (bf_pdf_file_get_object (file, number, NULL), "/Tabs",
                       bf_pdf_value_new_name ("/S"));
      bf_pdf_file_touch (file, number);
    }
}

/* The tree, the catalog and the pages finished in @file, the pages'
 * content on a second thread when @jobs allows. */
static gboolean
finish_document (BfPdfFile *file, const GArray *elements, const char *lang, const char *xmp,
                 GHashTable *finished, int jobs, GError **error)
{
  BfPdfValue *root_ref = bf_pdf_dict_get (bf_pdf_file_get_trailer (file), "/Root");
  BfPdfValue *root = bf_pdf_file_resolve (file, root_ref);
  BfPdfValue *page_tree = bf_pdf_file_resolve (file, bf_pdf_dict_get (root, "/Pages"));
  if (!root || root->kind != BF_PDF_DICT || root_ref->kind != BF_PDF_REF || !page_tree)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_LIBRARY,
                   "cannot finish the PDF's tags: the file has no catalog or pages");
      return FALSE;
    }
  g_autoptr (GArray) pages = g_array_new (FALSE, FALSE, sizeof (int));
  collect_pages (file, page_tree, pages, 0);
  g_autoptr (GArray) work = collect_streams (file, pages, finished);
  Rewriting rewriting = { work, 0 };
  GThread *rewriter = jobs > 1 ? g_thread_new ("bifolio-streams", rewrite_streams, &rewriting)
                               : NULL;
  BfPdfValue *tree_root = bf_pdf_file_resolve (file, bf_pdf_dict_get (root, "/StructTreeRoot"));
  if (tree_root && tree_root->kind == BF_PDF_DICT && !finish_tree (file, tree_root, elements))
    g_warning ("the PDF's structure tree is not the one drawn; its elements keep no attributes");
  finish_catalog (file, root_ref->ref, root, pages, lang, xmp);
  /* The tree done, this thread takes streams too. */
  rewrite_streams (&rewriting);
  if (rewriter)
    g_thread_join (rewriter);
  replace_streams (file, work, finished);
  return TRUE;
}

gboolean
bf_pdf_finish (GBytes *pdf, GHashTable *finished, const GArray *elements, const char *lang,
               const char *xmp, int jobs, FILE *stream, GBytes **bytes, GError **error)
{
  g_return_val_if_fail (pdf && (stream != NULL) != (bytes != NULL), FALSE);
  BfPdfFile *file = bf_pdf_file_new (pdf, error);
  g_bytes_unref (pdf); /* the file holds it while it is read */
  if (!file)
    return FALSE;
  bf_pdf_file_set_jobs (file, jobs);
  gboolean done = finish_document (file, elements, lang, xmp, finished, jobs, error);
  if (done && stream)
    done = bf_pdf_file_write_to (file, stream, error);
  else if (done)
    done = (*bytes = bf_pdf_file_write (file, error)) != NULL;
  bf_pdf_file_free (file);
  bf_pdf_deflate_let_go ();
  return done;
}
