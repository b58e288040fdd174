/* pdf-finish.c — what a tagged PDF needs that Cairo 1.16 cannot write,
 * added to Cairo's finished file through libqpdf (Debian's qpdf):
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
 * tree depth first, the order in which Cairo's tags built it.  The file is
 * written again with object streams (the many small element objects
 * compress well) and an /ID made from its content, so the same input
 * gives the same bytes. */
#define _GNU_SOURCE /* memmem */
#include "render/pdf-structure.h"

#include <qpdf/qpdf-c.h>
#include <zlib.h>
#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

typedef struct {
  qpdf_data q;
  GArray *found;             /* qpdf_oh of every element, depth first */
} Walk;

static gboolean
is_element (qpdf_data q, qpdf_oh oh)
{
  return qpdf_oh_is_dictionary (q, oh) && qpdf_oh_has_key (q, oh, "/S");
}

static void
walk_kids (Walk *walk, qpdf_oh node)
{
  qpdf_data q = walk->q;
  qpdf_oh kids = qpdf_oh_get_key (q, node, "/K");
  if (qpdf_oh_is_array (q, kids))
    {
      int n = qpdf_oh_get_array_n_items (q, kids);
      for (int i = 0; i < n; i++)
        {
          qpdf_oh kid = qpdf_oh_get_array_item (q, kids, i);
          if (is_element (q, kid))
            {
              g_array_append_val (walk->found, kid);
              walk_kids (walk, kid);
            }
          else
            qpdf_oh_release (q, kid);
        }
    }
  else if (is_element (q, kids))
    {
      g_array_append_val (walk->found, kids);
      walk_kids (walk, kids);
      return;
    }
  qpdf_oh_release (q, kids);
}

static void
set_string (qpdf_data q, qpdf_oh dict, const char *key, const char *value)
{
  qpdf_oh s = qpdf_oh_new_unicode_string (q, value);
  qpdf_oh_replace_key (q, dict, key, s);
  qpdf_oh_release (q, s);
}

static void
set_parsed (qpdf_data q, qpdf_oh dict, const char *key, const char *value)
{
  qpdf_oh v = qpdf_oh_parse (q, value);
  qpdf_oh_replace_key (q, dict, key, v);
  qpdf_oh_release (q, v);
}

/* The kids of @element's /K as a new array handle (an MCID alone, a
 * dictionary alone or an array). */
static qpdf_oh
kids_array (qpdf_data q, qpdf_oh element)
{
  qpdf_oh kids = qpdf_oh_get_key (q, element, "/K");
  if (qpdf_oh_is_array (q, kids))
    return kids;
  qpdf_oh array = qpdf_oh_new_array (q);
  if (!qpdf_oh_is_null (q, kids))
    qpdf_oh_append_item (q, array, kids);
  qpdf_oh_release (q, kids);
  return array;
}

/* Appends the kids of @from to @to (an array), as kids of @parent.  A
 * bare MCID refers to its element's page, so it goes over as a
 * marked-content reference naming @from's page. */
static void
append_kids (qpdf_data q, qpdf_oh to, qpdf_oh from, qpdf_oh parent)
{
  qpdf_oh from_kids = kids_array (q, from);
  qpdf_oh page = qpdf_oh_get_key (q, from, "/Pg");
  int n = qpdf_oh_get_array_n_items (q, from_kids);
  for (int i = 0; i < n; i++)
    {
      qpdf_oh kid = qpdf_oh_get_array_item (q, from_kids, i);
      if (qpdf_oh_is_integer (q, kid))
        {
          qpdf_oh mcr = qpdf_oh_new_dictionary (q);
          qpdf_oh type = qpdf_oh_new_name (q, "/MCR");
          qpdf_oh_replace_key (q, mcr, "/Type", type);
          qpdf_oh_release (q, type);
          qpdf_oh_replace_key (q, mcr, "/Pg", page);
          qpdf_oh_replace_key (q, mcr, "/MCID", kid);
          qpdf_oh_append_item (q, to, mcr);
          qpdf_oh_release (q, mcr);
        }
      else
        {
          if (is_element (q, kid))
            qpdf_oh_replace_key (q, kid, "/P", parent);
          else if (qpdf_oh_is_dictionary (q, kid) && !qpdf_oh_has_key (q, kid, "/Pg"))
            qpdf_oh_replace_key (q, kid, "/Pg", page);
          qpdf_oh_append_item (q, to, kid);
        }
      qpdf_oh_release (q, kid);
    }
  qpdf_oh_release (q, from_kids);
  qpdf_oh_release (q, page);
}

/* Moves the kids of @from to the end of @to's. */
static void
join_elements (qpdf_data q, qpdf_oh to, qpdf_oh from)
{
  qpdf_oh to_kids = kids_array (q, to);
  append_kids (q, to_kids, from, to);
  qpdf_oh_replace_key (q, to, "/K", to_kids);
  qpdf_oh_release (q, to_kids);
}

/* The attributes pdf-structure.c recorded for @e, on @oh. */
static void
set_attributes (qpdf_data q, qpdf_oh oh, const BfPdfElement *e)
{
  if (e->lang)
    set_string (q, oh, "/Lang", e->lang);
  if (e->alt)
    set_string (q, oh, "/Alt", e->alt);
  if (e->id)
    {
      qpdf_oh id = qpdf_oh_new_string (q, e->id);
      qpdf_oh_replace_key (q, oh, "/ID", id);
      qpdf_oh_release (q, id);
    }
  if (e->scope)
    {
      g_autofree char *a = g_strdup_printf ("<< /O /Table /Scope /%s >>", e->scope);
      set_parsed (q, oh, "/A", a);
    }
  else if (e->has_bbox)
    {
      char v[4][G_ASCII_DTOSTR_BUF_SIZE];
      for (int i = 0; i < 4; i++)
        g_ascii_formatd (v[i], sizeof v[i], "%.2f", e->bbox[i]);
      g_autofree char *a = g_strdup_printf ("<< /O /Layout /BBox [%s %s %s %s] >>", v[0], v[1],
                                            v[2], v[3]);
      set_parsed (q, oh, "/A", a);
    }
}

/* What becomes of an element that leaves the tree. */
typedef enum {
  GONE,                      /* an artifact: out, with its marked content */
  JOINED,                    /* a continued block: its kids went to the first part */
  DISSOLVED                  /* a Span naming nothing: its kids go in its place */
} Fate;

typedef struct {
  Fate fate;
  qpdf_oh heir;              /* the element its marked content belongs to now */
} Leaving;

typedef struct {
  qpdf_data q;
  GHashTable *leaving;       /* object id → Leaving* */
  GHashTable *parents;       /* object id → qpdf_oh: elements whose kids change */
} TreeEdit;

static void
leave (TreeEdit *edit, qpdf_oh element, Fate fate, qpdf_oh heir)
{
  qpdf_data q = edit->q;
  Leaving *l = g_new (Leaving, 1);
  *l = (Leaving) { fate, heir };
  g_hash_table_insert (edit->leaving, GINT_TO_POINTER (qpdf_oh_get_object_id (q, element)), l);
  qpdf_oh parent = qpdf_oh_get_key (q, element, "/P");
  gpointer id = GINT_TO_POINTER (qpdf_oh_get_object_id (q, parent));
  if (g_hash_table_contains (edit->parents, id))
    qpdf_oh_release (q, parent);
  else
    g_hash_table_insert (edit->parents, id, GINT_TO_POINTER (parent));
}

static Leaving *
leaving_of (TreeEdit *edit, qpdf_oh oh)
{
  if (!qpdf_oh_is_indirect (edit->q, oh))
    return NULL;
  return g_hash_table_lookup (edit->leaving,
                              GINT_TO_POINTER (qpdf_oh_get_object_id (edit->q, oh)));
}

/* The element that holds what @oh held: itself, or where it went. */
static qpdf_oh
heir_of (TreeEdit *edit, qpdf_oh oh)
{
  Leaving *l = leaving_of (edit, oh);
  return l && l->fate != GONE ? l->heir : oh;
}

/* Rewrites the kids of each element that loses some: gone and joined
 * ones out, dissolved ones replaced by their own kids. */
static void
rebuild_parents (TreeEdit *edit)
{
  qpdf_data q = edit->q;
  GHashTableIter iter;
  gpointer value;
  g_hash_table_iter_init (&iter, edit->parents);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      qpdf_oh parent = GPOINTER_TO_INT (value);
      if (leaving_of (edit, parent))
        continue; /* its kids went elsewhere with it */
      qpdf_oh kids = kids_array (q, parent);
      qpdf_oh kept = qpdf_oh_new_array (q);
      int n = qpdf_oh_get_array_n_items (q, kids);
      for (int i = 0; i < n; i++)
        {
          qpdf_oh kid = qpdf_oh_get_array_item (q, kids, i);
          Leaving *l = leaving_of (edit, kid);
          if (!l)
            qpdf_oh_append_item (q, kept, kid);
          else if (l->fate == DISSOLVED)
            append_kids (q, kept, kid, parent);
          qpdf_oh_release (q, kid);
        }
      qpdf_oh_replace_key (q, parent, "/K", kept);
      qpdf_oh_release (q, kept);
      qpdf_oh_release (q, kids);
    }
}

/* Points the parent tree's entries at the elements that now hold their
 * content: a joined block's first part, a dissolved Span's block, nothing
 * for an artifact. */
static void
repoint_parent_tree (TreeEdit *edit, qpdf_oh tree_root)
{
  qpdf_data q = edit->q;
  qpdf_oh parent_tree = qpdf_oh_get_key (q, tree_root, "/ParentTree");
  qpdf_oh nums = qpdf_oh_get_key (q, parent_tree, "/Nums");
  qpdf_oh null = qpdf_oh_new_null (q);
  int n = qpdf_oh_get_array_n_items (q, nums);
  for (int i = 1; i < n; i += 2)
    {
      qpdf_oh value = qpdf_oh_get_array_item (q, nums, i);
      if (qpdf_oh_is_array (q, value))
        {
          int count = qpdf_oh_get_array_n_items (q, value);
          for (int j = 0; j < count; j++)
            {
              qpdf_oh ref = qpdf_oh_get_array_item (q, value, j);
              Leaving *l = leaving_of (edit, ref);
              if (l)
                qpdf_oh_set_array_item (q, value, j, l->fate == GONE ? null : l->heir);
              qpdf_oh_release (q, ref);
            }
        }
      else
        {
          Leaving *l = leaving_of (edit, value);
          if (l)
            qpdf_oh_set_array_item (q, nums, i, l->fate == GONE ? null : l->heir);
        }
      qpdf_oh_release (q, value);
    }
  qpdf_oh_release (q, null);
  qpdf_oh_release (q, nums);
  qpdf_oh_release (q, parent_tree);
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
join_parts (TreeEdit *edit, GArray *found, const GArray *parts)
{
  qpdf_oh first = g_array_index (found, qpdf_oh, g_array_index (parts, guint, 0));
  for (guint k = 1; k < parts->len; k++)
    {
      qpdf_oh part = g_array_index (found, qpdf_oh, g_array_index (parts, guint, k));
      join_elements (edit->q, first, part);
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
  qpdf_oh kid;
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
put_in_page_order (qpdf_data q, GArray *found, const GArray *elements)
{
  g_autoptr (GHashTable) page_of = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (guint i = 0; i < found->len; i++)
    {
      int id = qpdf_oh_get_object_id (q, g_array_index (found, qpdf_oh, i));
      g_hash_table_insert (page_of, GINT_TO_POINTER (id),
                           GINT_TO_POINTER (g_array_index (elements, BfPdfElement, i).page + 1));
    }
  g_autoptr (GArray) placed = g_array_new (FALSE, FALSE, sizeof (PlacedKid));
  for (guint i = 0; i < found->len; i++)
    {
      qpdf_oh element = g_array_index (found, qpdf_oh, i);
      qpdf_oh kids = qpdf_oh_get_key (q, element, "/K");
      int n = qpdf_oh_is_array (q, kids) ? qpdf_oh_get_array_n_items (q, kids) : 0;
      g_array_set_size (placed, 0);
      int page = g_array_index (elements, BfPdfElement, i).page;
      gboolean sorted = TRUE;
      for (int k = 0; k < n; k++)
        {
          qpdf_oh kid = qpdf_oh_get_array_item (q, kids, k);
          int kid_page = qpdf_oh_is_indirect (q, kid)
                             ? GPOINTER_TO_INT (g_hash_table_lookup (
                                   page_of, GINT_TO_POINTER (qpdf_oh_get_object_id (q, kid))))
                             : 0;
          if (kid_page)
            page = kid_page - 1;
          if (placed->len && page < g_array_index (placed, PlacedKid, placed->len - 1).page)
            sorted = FALSE;
          PlacedKid p = { page, k, kid };
          g_array_append_val (placed, p);
        }
      if (!sorted)
        {
          g_array_sort (placed, compare_placed_kids);
          for (guint k = 0; k < placed->len; k++)
            qpdf_oh_set_array_item (q, kids, k, g_array_index (placed, PlacedKid, k).kid);
        }
      for (guint k = 0; k < placed->len; k++)
        qpdf_oh_release (q, g_array_index (placed, PlacedKid, k).kid);
      qpdf_oh_release (q, kids);
    }
}

/* Gives the tree the elements' attributes, joins continued blocks,
 * dissolves Spans that name no language and takes artifacts out.  FALSE
 * when the tree is not the one drawn. */
static gboolean
finish_tree (qpdf_data q, qpdf_oh tree_root, const GArray *elements)
{
  Walk walk = { q, g_array_new (FALSE, FALSE, sizeof (qpdf_oh)) };
  walk_kids (&walk, tree_root);
  gboolean same = walk.found->len == elements->len;
  for (guint i = 0; same && i < elements->len; i++)
    {
      const BfPdfElement *e = &g_array_index (elements, BfPdfElement, i);
      qpdf_oh s = qpdf_oh_get_key (q, g_array_index (walk.found, qpdf_oh, i), "/S");
      same = g_str_equal (qpdf_oh_get_name (q, s) + 1, e->type);
      qpdf_oh_release (q, s);
    }
  if (!same)
    {
      g_array_unref (walk.found);
      return FALSE;
    }
  TreeEdit edit = { q, g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free),
                    g_hash_table_new (g_direct_hash, g_direct_equal) };
  g_autofree GArray **parts = parts_by_page (elements);
  /* Depth first: a block's parts are joined (when its first is met) before
   * the Spans in them are dissolved, so that they dissolve into the part
   * that holds the rest. */
  for (guint i = 0; i < elements->len; i++)
    {
      const BfPdfElement *e = &g_array_index (elements, BfPdfElement, i);
      qpdf_oh oh = g_array_index (walk.found, qpdf_oh, i);
      set_attributes (q, oh, e);
      if (g_str_equal (e->type, BF_PDF_ARTIFACT))
        leave (&edit, oh, GONE, 0);
      else if (parts[i])
        {
          join_parts (&edit, walk.found, parts[i]);
        }
      else if (e->continues >= 0)
        ; /* joined with its first part */
      else if (g_str_equal (e->type, "Span") && !e->lang)
        {
          /* The handle stays: the parent tree is pointed at it. */
          qpdf_oh parent = qpdf_oh_get_key (q, oh, "/P");
          leave (&edit, oh, DISSOLVED, heir_of (&edit, parent));
        }
    }
  rebuild_parents (&edit);
  repoint_parent_tree (&edit, tree_root);
  if (drawn_out_of_order (elements))
    put_in_page_order (q, walk.found, elements);
  g_hash_table_unref (edit.leaving);
  g_hash_table_unref (edit.parents);
  for (guint i = 0; i < elements->len; i++)
    if (parts[i])
      g_array_unref (parts[i]);
  g_array_unref (walk.found);
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

/* A page's content stream, as Cairo deflated it, and again with its
 * artifacts marked: the marked content Cairo began for page furniture
 * ("/Private << /MCID n >> BDC") begun as /Artifact instead.  Inflating,
 * rewriting and deflating every page is a third of the pass's work and
 * needs nothing of qpdf's, so it runs on a second thread while the tree
 * is finished on the first (qpdf itself is not thread-safe); the bytes do
 * not depend on the thread.  zlib directly: qpdf's own filters are only
 * reachable through the qpdf object the tree is being edited in. */
typedef struct {
  qpdf_oh contents;
  unsigned char *deflated;   /* Cairo's bytes (malloc'd by qpdf) */
  size_t deflated_length;
  GBytes *rewritten;         /* deflated again, or NULL: no artifacts, or
                                not a stream this code understands */
} PageContent;

static void
page_content_clear (gpointer data)
{
  PageContent *c = data;
  free (c->deflated);
  if (c->rewritten)
    g_bytes_unref (c->rewritten);
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

static GBytes *
deflate_all (const guint8 *data, gsize length)
{
  uLongf size = compressBound (length);
  guint8 *out = g_malloc (size);
  if (compress2 (out, &size, data, length, Z_DEFAULT_COMPRESSION) != Z_OK)
    {
      g_free (out);
      return NULL;
    }
  return g_bytes_new_take (g_realloc (out, size), size);
}

/* @content with each "/Private << /MCID n >> BDC" as "/Artifact BMC", or
 * NULL when it has none. */
static GByteArray *
mark_artifacts (const GByteArray *content)
{
  static const char marker[] = "/" BF_PDF_ARTIFACT " << /MCID ";
  static const char tail[] = " >> BDC";
  const char *p = (const char *) content->data, *end = p + content->len;
  if (!memmem (p, end - p, marker, sizeof marker - 1))
    return NULL;
  GByteArray *out = g_byte_array_sized_new (content->len);
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

static gpointer
rewrite_page_contents (gpointer data)
{
  GArray *contents = data;
  for (guint i = 0; i < contents->len; i++)
    {
      PageContent *c = &g_array_index (contents, PageContent, i);
      GByteArray *plain = inflate_all (c->deflated, c->deflated_length);
      GByteArray *marked = plain ? mark_artifacts (plain) : NULL;
      if (marked)
        {
          c->rewritten = deflate_all (marked->data, marked->len);
          g_byte_array_unref (marked);
        }
      if (plain)
        g_byte_array_unref (plain);
    }
  return NULL;
}

/* The content streams of @q's pages that Cairo deflated (with no
 * parameters: the only kind it writes), with their bytes. */
static GArray *
collect_page_contents (qpdf_data q)
{
  GArray *contents = g_array_new (FALSE, TRUE, sizeof (PageContent));
  g_array_set_clear_func (contents, page_content_clear);
  int pages = qpdf_get_num_pages (q);
  for (int i = 0; i < pages; i++)
    {
      qpdf_oh page = qpdf_get_page_n (q, i);
      PageContent c = { qpdf_oh_get_key (q, page, "/Contents"), NULL, 0, NULL };
      qpdf_oh_release (q, page);
      qpdf_oh dict = qpdf_oh_is_stream (q, c.contents) ? qpdf_oh_get_dict (q, c.contents) : 0;
      qpdf_oh filter = dict ? qpdf_oh_get_key (q, dict, "/Filter") : 0;
      gboolean deflated = dict && qpdf_oh_is_name_and_equals (q, filter, "/FlateDecode")
                          && !qpdf_oh_has_key (q, dict, "/DecodeParms");
      QPDF_BOOL filtered = QPDF_FALSE;
      if (deflated
          && !(qpdf_oh_get_stream_data (q, c.contents, qpdf_dl_none, &filtered, &c.deflated,
                                        &c.deflated_length) & QPDF_ERRORS)
          && !filtered)
        g_array_append_val (contents, c);
      else
        {
          free (c.deflated);
          qpdf_oh_release (q, c.contents);
        }
      if (filter)
        qpdf_oh_release (q, filter);
      if (dict)
        qpdf_oh_release (q, dict);
    }
  return contents;
}

static void
replace_page_contents (qpdf_data q, GArray *contents)
{
  qpdf_oh flate = qpdf_oh_new_name (q, "/FlateDecode");
  qpdf_oh null = qpdf_oh_new_null (q);
  for (guint i = 0; i < contents->len; i++)
    {
      PageContent *c = &g_array_index (contents, PageContent, i);
      if (c->rewritten)
        {
          gsize length;
          const unsigned char *data = g_bytes_get_data (c->rewritten, &length);
          qpdf_oh_replace_stream_data (q, c->contents, data, length, flate, null);
        }
      qpdf_oh_release (q, c->contents);
    }
  qpdf_oh_release (q, null);
  qpdf_oh_release (q, flate);
}

static void
finish_catalog (qpdf_data q, const char *lang, const char *xmp)
{
  qpdf_oh root = qpdf_get_root (q);
  set_string (q, root, "/Lang", lang);
  set_parsed (q, root, "/MarkInfo", "<< /Marked true >>");
  set_parsed (q, root, "/ViewerPreferences", "<< /DisplayDocTitle true >>");
  qpdf_oh stream = qpdf_oh_new_stream (q);
  qpdf_oh null = qpdf_oh_new_null (q);
  qpdf_oh_replace_stream_data (q, stream, (const unsigned char *) xmp, strlen (xmp), null, null);
  qpdf_oh dict = qpdf_oh_get_dict (q, stream);
  set_parsed (q, dict, "/Type", "/Metadata");
  set_parsed (q, dict, "/Subtype", "/XML");
  qpdf_oh_replace_key (q, root, "/Metadata", stream);
  int pages = qpdf_get_num_pages (q);
  qpdf_oh structure_order = qpdf_oh_new_name (q, "/S");
  for (int i = 0; i < pages; i++)
    {
      qpdf_oh page = qpdf_get_page_n (q, i);
      qpdf_oh_replace_key (q, page, "/Tabs", structure_order);
      qpdf_oh_release (q, page);
    }
  qpdf_oh_release (q, structure_order);
  qpdf_oh_release (q, dict);
  qpdf_oh_release (q, null);
  qpdf_oh_release (q, stream);
  qpdf_oh_release (q, root);
}

static gboolean
failed (qpdf_data q, GError **error)
{
  if (!qpdf_has_error (q))
    return FALSE;
  g_set_error (error, BF_ERROR, BF_ERROR_LIBRARY, "cannot finish the PDF's tags: %s",
               qpdf_get_error_full_text (q, qpdf_get_error (q)));
  return TRUE;
}

/* The tree, the catalog and the pages finished in @q, the pages' content
 * on a second thread when @jobs allows. */
static void
finish_document (qpdf_data q, const GArray *elements, const char *lang, const char *xmp,
                 int jobs)
{
  g_autoptr (GArray) contents = collect_page_contents (q);
  GThread *rewriter = jobs > 1 ? g_thread_new ("bifolio-artifacts", rewrite_page_contents, contents)
                               : NULL;
  qpdf_oh root = qpdf_get_root (q);
  qpdf_oh tree_root = qpdf_oh_get_key (q, root, "/StructTreeRoot");
  if (qpdf_oh_is_dictionary (q, tree_root) && !finish_tree (q, tree_root, elements))
    g_warning ("the PDF's structure tree is not the one drawn; its elements keep no attributes");
  qpdf_oh_release (q, tree_root);
  qpdf_oh_release (q, root);
  finish_catalog (q, lang, xmp);
  if (rewriter)
    g_thread_join (rewriter);
  else
    rewrite_page_contents (contents);
  replace_page_contents (q, contents);
}

/* ------------------------------------------------------------- writing */

/* qpdf's C API writes a file only by its name, through stdio, and does not
 * see a write fail once it is buffered (it checks no flush): so when a
 * second thread may be used it writes into a pipe, drained into the output
 * on that thread, where every write is checked.  The file is then never
 * held in memory whole (qpdf's growing buffer, then its copy of it, were
 * the peak of the pass over a long book). */
typedef struct {
  int read_end;
  FILE *stream;
  int error;                 /* errno of the first failed write, or 0 */
} Drain;

static gpointer
drain_pipe (gpointer data)
{
  Drain *d = data;
  guint8 buffer[65536];
  for (;;)
    {
      ssize_t n = read (d->read_end, buffer, sizeof buffer);
      if (n == 0)
        break;
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          d->error = errno;
          break;
        }
      /* After a failure the pipe is still read to its end, so that qpdf
       * never waits on it. */
      if (!d->error && fwrite (buffer, 1, n, d->stream) != (size_t) n)
        d->error = errno ? errno : EIO;
    }
  return NULL;
}

gboolean
bf_pdf_finish (GBytes *pdf, const GArray *elements, const char *lang, const char *xmp,
               int jobs, FILE *stream, GBytes **bytes, GError **error)
{
  g_return_val_if_fail (pdf && (stream != NULL) != (bytes != NULL), FALSE);
  qpdf_data q = qpdf_init ();
  qpdf_silence_errors (q);
  qpdf_set_suppress_warnings (q, QPDF_TRUE);
  gsize length;
  const char *data = g_bytes_get_data (pdf, &length);
  gboolean done = FALSE;
  Drain drain = { -1, stream, 0 };
  int write_end = -1;
  GThread *drainer = NULL;
  /* qpdf reads @pdf lazily: it lives until the new file is written. */
  if (qpdf_read_memory (q, "PDF", data, length, NULL) & QPDF_ERRORS)
    {
      failed (q, error);
      goto out;
    }
  finish_document (q, elements, lang, xmp, jobs);
  if (failed (q, error))
    goto out;
  /* The handles taken while finishing (one for every element, from the
   * walk) are let go before writing, which needs none: 6 MB on a table
   * of 10,000 rows. */
  qpdf_oh_release_all (q);
  if (stream && jobs > 1)
    {
      int ends[2];
      if (!g_unix_open_pipe (ends, FD_CLOEXEC, error))
        goto out;
      drain.read_end = ends[0];
      write_end = ends[1];
      drainer = g_thread_new ("bifolio-write", drain_pipe, &drain);
      g_autofree char *path = g_strdup_printf ("/proc/self/fd/%d", write_end);
      qpdf_init_write (q, path);
    }
  else
    qpdf_init_write_memory (q);
  if (failed (q, error))
    goto out;
  qpdf_set_deterministic_ID (q, QPDF_TRUE);
  qpdf_set_object_stream_mode (q, qpdf_o_generate);
  qpdf_set_decode_level (q, qpdf_dl_none);
  qpdf_set_compress_streams (q, QPDF_TRUE);
  if (qpdf_write (q) & QPDF_ERRORS)
    {
      failed (q, error);
      goto out;
    }
  g_clear_pointer (&pdf, g_bytes_unref);
  size_t written = drainer ? 0 : qpdf_get_buffer_length (q);
  if (bytes)
    *bytes = g_bytes_new (qpdf_get_buffer (q), written);
  else if (!drainer && fwrite (qpdf_get_buffer (q), 1, written, stream) != written)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_IO, "cannot write the PDF: %s", g_strerror (errno));
      goto out;
    }
  done = TRUE;
out:
  qpdf_cleanup (&q); /* closes qpdf's end of the pipe */
  if (drainer)
    {
      close (write_end);
      g_thread_join (drainer);
      close (drain.read_end);
      if (done && drain.error)
        {
          g_set_error (error, BF_ERROR, BF_ERROR_IO, "cannot write the PDF: %s",
                       g_strerror (drain.error));
          done = FALSE;
        }
    }
  if (pdf)
    g_bytes_unref (pdf);
  return done;
}
