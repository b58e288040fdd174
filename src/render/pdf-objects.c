/* pdf-objects.c — a PDF file as Cairo wrote it, read and written again:
 * the cross-reference table and trailer read at once, an object parsed
 * when it is asked for, and the whole written out with every object that
 * is no stream in deflated object streams (PDF 1.7 §7.5.7), deflated on a
 * thread of their own while the rest is written and written after it, and
 * a cross-reference stream, the untouched ones copied as they were written.
 *
 * Written here rather than through libqpdf, which bifolio used before:
 * qpdf builds a model of the whole file, and on a 1,200-page book (19,000
 * objects, 12,000 of them structure elements) reading, editing through
 * its C API, writing and freeing it took 0.7 s and 45 MB — more than a
 * third of the untagged PDF's whole run — to change a few thousand small
 * dictionaries.  Cairo's files are regular (one classic cross-reference
 * section, objects one after another, no encryption), and only they are
 * read here: anything else is refused, never guessed at. */
#include "render/pdf-objects.h"
#include "bifolio.h"

#include <errno.h>
#include <string.h>
#include <libdeflate.h>

/* ---------------------------------------------------------------- values */

/* The keys and names a tag tree and its pages are made of, and the small
 * numbers (marked-content ids, counts): a key that is one of these points
 * into these tables, and a value that is one is the one value shared for
 * it, instead of a copy of its own.  The tree of a long book has a million
 * of them; copies took most of the finishing pass's memory. */
static const char common_names[]
    = "/Type\0/S\0/P\0/K\0/Pg\0/MCID\0/Obj\0/StructElem\0/MCR\0/OBJR\0/Kids\0/Parent\0"
      "/Count\0/Page\0/Pages\0/Contents\0/Resources\0/MediaBox\0/Annots\0/StructParents\0"
      "/Lang\0/Alt\0/ActualText\0/Length\0/Filter\0/FlateDecode\0/Subtype\0/Rect\0/Border\0"
      "/Dest\0/A\0/URI\0/Link\0/Annot\0/Nums\0/Names\0/Limits\0/Span\0/Document\0/H1\0/H2\0"
      "/H3\0/H4\0/H5\0/H6\0/L\0/LI\0/Lbl\0/LBody\0/Table\0/TR\0/TH\0/TD\0/THead\0/TBody\0"
      "/Figure\0/Caption\0/Note\0/Reference\0/Code\0/BlockQuote\0/Artifact\0/ID\0/Scope\0"
      "/BBox\0/Group\0/CS\0/I\0/StructParent\0/Tabs\0/Font\0/XObject\0/ExtGState\0"
      "/Pattern\0/Shading\0/ProcSet\0/Transparency\0/DeviceRGB\0/XYZ\0/Next\0/Prev\0"
      "/First\0/Last\0/Title\0/D\0/GoTo\0/ParentTree\0/ParentTreeNextKey\0/RoleMap\0"
      "/StructTreeRoot\0/MarkInfo\0/Marked\0";

#define SMALL_NUMBERS 4096
#define SMALL_NUMBER_SIZE 5 /* "4095" and its NUL */
#define MOST_COMMON_NAMES 128
static char small_numbers[SMALL_NUMBERS * SMALL_NUMBER_SIZE];
static GHashTable *common_index;  /* name → 1 + its index in shared_names */
/* The values shared: each small number, each common name, null. */
static BfPdfValue shared_numbers[SMALL_NUMBERS];
static BfPdfValue shared_names[MOST_COMMON_NAMES];
static BfPdfValue shared_null = { BF_PDF_NULL };

/* Writes @n in decimal backwards, ending at @end (24 bytes at most), as
 * printf's "%ld" would, without its formatting machinery (the many
 * numbers of a structure tree's references and the object streams'
 * tables); returns where it begins. */
static char *
decimal_before (char *end, gint64 n)
{
  char *p = end;
  guint64 magnitude = n < 0 ? 0 - (guint64) n : (guint64) n;
  do
    {
      *--p = '0' + magnitude % 10;
      magnitude /= 10;
    }
  while (magnitude);
  if (n < 0)
    *--p = '-';
  return p;
}

static void
append_decimal (GString *out, gint64 n)
{
  char digits[24];
  char *start = decimal_before (digits + sizeof digits, n);
  g_string_append_len (out, start, digits + sizeof digits - start);
}

static void
make_common_tables (void)
{
  static gsize made = 0;
  if (!g_once_init_enter (&made))
    return;
  for (int n = 0; n < SMALL_NUMBERS; n++)
    {
      char *text = small_numbers + n * SMALL_NUMBER_SIZE;
      g_snprintf (text, SMALL_NUMBER_SIZE, "%d", n);
      shared_numbers[n] = (BfPdfValue) { BF_PDF_TOKEN, .token = text };
    }
  common_index = g_hash_table_new (g_str_hash, g_str_equal);
  int i = 0;
  for (const char *p = common_names; p < common_names + sizeof common_names - 1;
       p += strlen (p) + 1, i++)
    {
      g_assert (i < MOST_COMMON_NAMES);
      shared_names[i] = (BfPdfValue) { BF_PDF_NAME, .token = (char *) p };
      g_hash_table_insert (common_index, (gpointer) p, GINT_TO_POINTER (i + 1));
    }
  g_once_init_leave (&made, 1);
}

/* Whether @text is one of the shared tables', not a copy to free. */
static gboolean
is_shared (const char *text)
{
  return (text >= common_names && text < common_names + sizeof common_names)
         || (text >= small_numbers && text < small_numbers + sizeof small_numbers);
}

/* Whether @value is one of those shared, never freed. */
static gboolean
is_shared_value (const BfPdfValue *value)
{
  return value == &shared_null
         || (value >= shared_numbers && value < shared_numbers + SMALL_NUMBERS)
         || (value >= shared_names && value < shared_names + MOST_COMMON_NAMES);
}

static void
free_text (char *text)
{
  if (!is_shared (text))
    g_free (text);
}

/* The number @text (@length bytes) is when it is one of the small numbers
 * written plainly ("7", not "07" or "+7"), else -1. */
static int
small_number (const char *text, gsize length)
{
  if (length == 0 || length >= SMALL_NUMBER_SIZE || !g_ascii_isdigit (text[0])
      || (text[0] == '0' && length > 1))
    return -1;
  int n = 0;
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return -1;
      n = n * 10 + (text[i] - '0');
    }
  return n < SMALL_NUMBERS ? n : -1;
}

/* Where the common name @text (@length bytes, with its slash) is in
 * shared_names, or -1 when it is not one. */
static int
common_name (const char *text, gsize length)
{
  if (length == 0 || text[0] != '/' || length >= 32)
    return -1;
  char name[32];
  memcpy (name, text, length);
  name[length] = '\0';
  return GPOINTER_TO_INT (g_hash_table_lookup (common_index, name)) - 1;
}

/* @text (@length bytes): the shared copy when there is one, else a copy
 * of its own. */
static char *
text_new (const char *text, gsize length)
{
  make_common_tables ();
  int n = small_number (text, length);
  if (n >= 0)
    return small_numbers + n * SMALL_NUMBER_SIZE;
  int name = common_name (text, length);
  if (name >= 0)
    return shared_names[name].token;
  return g_strndup (text, length);
}

static BfPdfValue *
value_new (BfPdfKind kind)
{
  BfPdfValue *v = g_new0 (BfPdfValue, 1);
  v->kind = kind;
  return v;
}

BfPdfValue *
bf_pdf_value_new_null (void)
{
  return &shared_null;
}

/* A token or name of @text (@length bytes): the one shared when it is a
 * small number or a common name. */
static BfPdfValue *
token_new (BfPdfKind kind, const char *text, gsize length)
{
  make_common_tables ();
  int n = kind == BF_PDF_TOKEN ? small_number (text, length) : -1;
  if (n >= 0)
    return &shared_numbers[n];
  int name = kind == BF_PDF_NAME ? common_name (text, length) : -1;
  if (name >= 0)
    return &shared_names[name];
  BfPdfValue *v = value_new (kind);
  v->token = g_strndup (text, length);
  return v;
}

BfPdfValue *
bf_pdf_value_new_int (long value)
{
  char digits[24];
  char *start = decimal_before (digits + sizeof digits, value);
  return token_new (BF_PDF_TOKEN, start, digits + sizeof digits - start);
}

BfPdfValue *
bf_pdf_value_new_name (const char *name)
{
  return token_new (BF_PDF_NAME, name, strlen (name));
}

BfPdfValue *
bf_pdf_value_new_ref (int object)
{
  BfPdfValue *v = value_new (BF_PDF_REF);
  v->ref = object;
  return v;
}

BfPdfValue *
bf_pdf_value_new_array (void)
{
  return value_new (BF_PDF_ARRAY);
}

BfPdfValue *
bf_pdf_value_new_dict (void)
{
  return value_new (BF_PDF_DICT);
}

/* Room in @value (an array or dictionary, of @size bytes an item) for one
 * more: twice as much as it had when full.  Its items. */
static gpointer
make_room (BfPdfValue *value, gpointer items, gsize size)
{
  if (value->len < value->alloc)
    return items;
  value->alloc = MAX (value->alloc * 2, 4);
  return g_realloc_n (items, value->alloc, size);
}

/* @value (an array or dictionary, of @size bytes an item) as large as it
 * holds, once read: the room left is given back.  Its items. */
static gpointer
fit (BfPdfValue *value, gpointer items, gsize size)
{
  if (value->alloc == value->len)
    return items;
  value->alloc = value->len;
  return g_realloc_n (items, value->len, size);
}

/* Appends @item, which it takes, to @array. */
static void
array_add (BfPdfValue *array, BfPdfValue *item)
{
  array->items = make_room (array, array->items, sizeof *array->items);
  array->items[array->len++] = item;
}

/* Appends the entry @key (a text of text_new()'s) and @value, both taken,
 * to @dict. */
static void
dict_add (BfPdfValue *dict, char *key, BfPdfValue *value)
{
  dict->entries = make_room (dict, dict->entries, sizeof *dict->entries);
  dict->entries[dict->len++] = (BfPdfEntry) { key, value };
}

BfPdfValue *
bf_pdf_value_new_string (const char *bytes, gsize length)
{
  GString *s = g_string_sized_new (length + 2);
  g_string_append_c (s, '(');
  for (gsize i = 0; i < length; i++)
    {
      guchar c = bytes[i];
      if (c == '(' || c == ')' || c == '\\')
        g_string_append_printf (s, "\\%c", c);
      else if (c < 32 || c > 126)
        g_string_append_printf (s, "\\%03o", c);
      else
        g_string_append_c (s, c);
    }
  g_string_append_c (s, ')');
  BfPdfValue *v = value_new (BF_PDF_TOKEN);
  v->token = g_string_free (s, FALSE);
  return v;
}

BfPdfValue *
bf_pdf_value_new_text_string (const char *utf8)
{
  gboolean ascii = TRUE;
  for (const char *p = utf8; *p; p++)
    ascii &= (guchar) *p >= 32 && (guchar) *p < 127;
  if (ascii)
    return bf_pdf_value_new_string (utf8, strlen (utf8));
  glong n = 0;
  g_autofree gunichar2 *utf16 = g_utf8_to_utf16 (utf8, -1, NULL, &n, NULL);
  GString *s = g_string_new ("<FEFF");
  for (glong i = 0; utf16 && i < n; i++)
    g_string_append_printf (s, "%04X", utf16[i]);
  g_string_append_c (s, '>');
  BfPdfValue *v = value_new (BF_PDF_TOKEN);
  v->token = g_string_free (s, FALSE);
  return v;
}

void
bf_pdf_value_free (BfPdfValue *value)
{
  if (!value || is_shared_value (value))
    return;
  switch (value->kind)
    {
    case BF_PDF_TOKEN:
    case BF_PDF_NAME:
      free_text (value->token);
      break;
    case BF_PDF_ARRAY:
      for (guint i = 0; i < value->len; i++)
        bf_pdf_value_free (value->items[i]);
      g_free (value->items);
      break;
    case BF_PDF_DICT:
      for (guint i = 0; i < value->len; i++)
        {
          free_text (value->entries[i].key);
          bf_pdf_value_free (value->entries[i].value);
        }
      g_free (value->entries);
      break;
    case BF_PDF_NULL:
    case BF_PDF_REF:
      break;
    }
  g_free (value);
}

BfPdfValue *
bf_pdf_value_copy (const BfPdfValue *value)
{
  if (is_shared_value (value))
    return (BfPdfValue *) value;
  switch (value->kind)
    {
    case BF_PDF_TOKEN:
    case BF_PDF_NAME:
      return token_new (value->kind, value->token, strlen (value->token));
    case BF_PDF_REF:
      return bf_pdf_value_new_ref (value->ref);
    case BF_PDF_ARRAY:
      {
        BfPdfValue *copy = bf_pdf_value_new_array ();
        for (guint i = 0; i < value->len; i++)
          array_add (copy, bf_pdf_value_copy (value->items[i]));
        copy->items = fit (copy, copy->items, sizeof *copy->items);
        return copy;
      }
    case BF_PDF_DICT:
      {
        BfPdfValue *copy = bf_pdf_value_new_dict ();
        for (guint i = 0; i < value->len; i++)
          {
            const BfPdfEntry *e = &value->entries[i];
            dict_add (copy, text_new (e->key, strlen (e->key)), bf_pdf_value_copy (e->value));
          }
        copy->entries = fit (copy, copy->entries, sizeof *copy->entries);
        return copy;
      }
    case BF_PDF_NULL:
      break;
    }
  return bf_pdf_value_new_null ();
}

gboolean
bf_pdf_value_is_int (const BfPdfValue *value, long *out)
{
  if (!value || value->kind != BF_PDF_TOKEN)
    return FALSE;
  const char *t = value->token;
  char *end;
  long n = strtol (t, &end, 10);
  if (end == t || *end || !(g_ascii_isdigit (*t) || *t == '-' || *t == '+'))
    return FALSE;
  if (out)
    *out = n;
  return TRUE;
}

gboolean
bf_pdf_value_is_name (const BfPdfValue *value, const char *name)
{
  return value && value->kind == BF_PDF_NAME && g_str_equal (value->token, name);
}

BfPdfValue *
bf_pdf_dict_get (const BfPdfValue *dict, const char *key)
{
  if (!dict || dict->kind != BF_PDF_DICT)
    return NULL;
  for (guint i = 0; i < dict->len; i++)
    if (g_str_equal (dict->entries[i].key, key))
      return dict->entries[i].value;
  return NULL;
}

void
bf_pdf_dict_set (BfPdfValue *dict, const char *key, BfPdfValue *value)
{
  g_return_if_fail (dict->kind == BF_PDF_DICT);
  for (guint i = 0; i < dict->len; i++)
    {
      BfPdfEntry *e = &dict->entries[i];
      if (g_str_equal (e->key, key))
        {
          bf_pdf_value_free (e->value);
          e->value = value;
          return;
        }
    }
  dict_add (dict, text_new (key, strlen (key)), value);
}

void
bf_pdf_array_append (BfPdfValue *array, BfPdfValue *item)
{
  g_return_if_fail (array->kind == BF_PDF_ARRAY);
  array_add (array, item);
}

void
bf_pdf_value_write (const BfPdfValue *value, GString *out)
{
  switch (value->kind)
    {
    case BF_PDF_NULL:
      g_string_append (out, "null");
      break;
    case BF_PDF_TOKEN:
    case BF_PDF_NAME:
      g_string_append (out, value->token);
      break;
    case BF_PDF_REF:
      append_decimal (out, value->ref);
      g_string_append (out, " 0 R");
      break;
    case BF_PDF_ARRAY:
      g_string_append_c (out, '[');
      for (guint i = 0; i < value->len; i++)
        {
          if (i)
            g_string_append_c (out, ' ');
          bf_pdf_value_write (value->items[i], out);
        }
      g_string_append_c (out, ']');
      break;
    case BF_PDF_DICT:
      g_string_append (out, "<<");
      for (guint i = 0; i < value->len; i++)
        {
          const BfPdfEntry *e = &value->entries[i];
          g_string_append (out, e->key);
          g_string_append_c (out, ' ');
          bf_pdf_value_write (e->value, out);
        }
      g_string_append (out, ">>");
      break;
    }
}

/* ---------------------------------------------------------------- parsing */

typedef struct {
  const char *p, *end;
} Lexer;

/* Deeper nesting than this is no file Cairo writes. */
#define MOST_NESTING 64

static gboolean
is_white (char c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static gboolean
is_delimiter (char c)
{
  return strchr ("()<>[]{}/%", c) != NULL;
}

static void
skip_white (Lexer *lx)
{
  while (lx->p < lx->end)
    {
      if (is_white (*lx->p))
        lx->p++;
      else if (*lx->p == '%')
        while (lx->p < lx->end && *lx->p != '\n' && *lx->p != '\r')
          lx->p++;
      else
        break;
    }
}

/* The end of the regular characters from @p on. */
static const char *
word_end (const Lexer *lx, const char *p)
{
  while (p < lx->end && !is_white (*p) && !is_delimiter (*p))
    p++;
  return p;
}

static gboolean
is_unsigned (const char *p, const char *end)
{
  if (p == end)
    return FALSE;
  for (; p < end; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static const char *
literal_string_end (const Lexer *lx)
{
  int depth = 0;
  for (const char *p = lx->p; p < lx->end; p++)
    {
      if (*p == '\\')
        p++;
      else if (*p == '(')
        depth++;
      else if (*p == ')' && --depth == 0)
        return p + 1;
    }
  return NULL;
}

static BfPdfValue *parse_value (Lexer *lx, int depth);

static BfPdfValue *
parse_dict (Lexer *lx, int depth)
{
  BfPdfValue *dict = bf_pdf_value_new_dict ();
  lx->p += 2;
  for (;;)
    {
      skip_white (lx);
      if (lx->end - lx->p >= 2 && lx->p[0] == '>' && lx->p[1] == '>')
        {
          lx->p += 2;
          dict->entries = fit (dict, dict->entries, sizeof *dict->entries);
          return dict;
        }
      if (lx->p >= lx->end || *lx->p != '/')
        break;
      const char *key = lx->p, *key_end = word_end (lx, lx->p + 1);
      lx->p = key_end;
      BfPdfValue *value = parse_value (lx, depth + 1);
      if (!value)
        break;
      dict_add (dict, text_new (key, key_end - key), value);
    }
  bf_pdf_value_free (dict);
  return NULL;
}

static BfPdfValue *
parse_array (Lexer *lx, int depth)
{
  BfPdfValue *array = bf_pdf_value_new_array ();
  lx->p++;
  for (;;)
    {
      skip_white (lx);
      if (lx->p < lx->end && *lx->p == ']')
        {
          lx->p++;
          array->items = fit (array, array->items, sizeof *array->items);
          return array;
        }
      BfPdfValue *item = parse_value (lx, depth + 1);
      if (!item)
        break;
      array_add (array, item);
    }
  bf_pdf_value_free (array);
  return NULL;
}

/* A number, or "N G R" when one follows. */
static BfPdfValue *
parse_number (Lexer *lx)
{
  const char *start = lx->p, *end = word_end (lx, lx->p);
  if (is_unsigned (start, end))
    {
      Lexer ahead = { end, lx->end };
      skip_white (&ahead);
      const char *gen = ahead.p, *gen_end = word_end (&ahead, gen);
      if (is_unsigned (gen, gen_end))
        {
          ahead.p = gen_end;
          skip_white (&ahead);
          if (ahead.p < ahead.end && *ahead.p == 'R' && word_end (&ahead, ahead.p) == ahead.p + 1)
            {
              lx->p = ahead.p + 1;
              return bf_pdf_value_new_ref ((int) g_ascii_strtoll (start, NULL, 10));
            }
        }
    }
  lx->p = end;
  return token_new (BF_PDF_TOKEN, start, end - start);
}

static BfPdfValue *
parse_value (Lexer *lx, int depth)
{
  skip_white (lx);
  if (lx->p >= lx->end || depth > MOST_NESTING)
    return NULL;
  const char *start = lx->p;
  char c = *start;
  if (c == '/')
    {
      lx->p = word_end (lx, start + 1);
      return token_new (BF_PDF_NAME, start, lx->p - start);
    }
  if (c == '<' && lx->end - start >= 2 && start[1] == '<')
    return parse_dict (lx, depth);
  if (c == '<')
    {
      const char *close = memchr (start, '>', lx->end - start);
      if (!close)
        return NULL;
      lx->p = close + 1;
      return token_new (BF_PDF_TOKEN, start, lx->p - start);
    }
  if (c == '(')
    {
      const char *close = literal_string_end (lx);
      if (!close)
        return NULL;
      lx->p = close;
      return token_new (BF_PDF_TOKEN, start, lx->p - start);
    }
  if (c == '[')
    return parse_array (lx, depth);
  if (g_ascii_isdigit (c) || c == '-' || c == '+' || c == '.')
    return parse_number (lx);
  const char *end = word_end (lx, start);
  if (end - start == 4 && !memcmp (start, "null", 4))
    {
      lx->p = end;
      return bf_pdf_value_new_null ();
    }
  if ((end - start == 4 && !memcmp (start, "true", 4))
      || (end - start == 5 && !memcmp (start, "false", 5)))
    {
      lx->p = end;
      return token_new (BF_PDF_TOKEN, start, end - start);
    }
  return NULL;
}

BfPdfValue *
bf_pdf_value_parse (const char *text)
{
  Lexer lx = { text, text + strlen (text) };
  return parse_value (&lx, 0);
}

/* ------------------------------------------------------------------ files */

typedef enum {
  KEPT,                      /* written as it was */
  TOUCHED,                   /* written from its value */
  REMOVED,
  FREE                       /* no object (or an object that could not be read) */
} ObjectState;

typedef struct {
  gsize start, end;          /* its bytes, "N 0 obj" to past "endobj" */
  gsize value_end;           /* past its value, once parsed (a stream's data follows) */
  ObjectState state;
  gboolean is_stream;
  BfPdfValue *value;         /* parsed, or NULL */
  GBytes *stream;            /* its new stream data, or NULL */
} Object;

struct _BfPdfFile {
  GBytes *bytes;
  const char *data;
  gsize length;
  GArray *objects;           /* Object, by number */
  BfPdfValue *trailer;
  int jobs;                  /* threads the writing may use */
};

static void
object_clear (gpointer data)
{
  Object *o = data;
  bf_pdf_value_free (o->value);
  if (o->stream)
    g_bytes_unref (o->stream);
}

static gboolean
refuse (GError **error, const char *what)
{
  g_set_error (error, BF_ERROR, BF_ERROR_LIBRARY, "cannot finish the PDF's tags: %s", what);
  return FALSE;
}

static int
compare_starts (gconstpointer a, gconstpointer b, gpointer data)
{
  const Object *objects = data;
  gsize x = objects[*(const int *) a].start, y = objects[*(const int *) b].start;
  return (x > y) - (x < y);
}

/* Reads the classic cross-reference section at @offset and the trailer
 * after it; each object's bytes end where the next one's start. */
static gboolean
read_xref (BfPdfFile *file, gsize offset, GError **error)
{
  Lexer lx = { file->data + offset, file->data + file->length };
  if (lx.end - lx.p < 4 || memcmp (lx.p, "xref", 4))
    return refuse (error, "no cross-reference table where Cairo writes one");
  lx.p += 4;
  skip_white (&lx);
  char *end;
  long first = strtol (lx.p, &end, 10);
  long count = strtol (end, &end, 10);
  if (first != 0 || count <= 0 || count > 100000000)
    return refuse (error, "a cross-reference table in more than one section");
  lx.p = end;
  skip_white (&lx);
  if ((gsize) (lx.end - lx.p) < (gsize) count * 20)
    return refuse (error, "a cross-reference table cut short");
  g_array_set_size (file->objects, count);
  for (long i = 0; i < count; i++, lx.p += 20)
    {
      Object *o = &g_array_index (file->objects, Object, i);
      o->state = lx.p[17] == 'n' && i > 0 ? KEPT : FREE;
      o->start = g_ascii_strtoull (lx.p, NULL, 10);
      if (o->state == KEPT && (o->start >= offset || memcmp (lx.p + 11, "00000", 5)))
        return refuse (error, "an object outside the file, or of another generation");
    }
  skip_white (&lx);
  if (lx.end - lx.p < 7 || memcmp (lx.p, "trailer", 7))
    return refuse (error, "no trailer");
  lx.p += 7;
  file->trailer = parse_value (&lx, 0);
  if (!file->trailer || file->trailer->kind != BF_PDF_DICT || bf_pdf_dict_get (file->trailer, "/Prev")
      || bf_pdf_dict_get (file->trailer, "/Encrypt"))
    return refuse (error, "a trailer this pass does not understand");

  /* Objects follow one another: each ends where the next begins, the
   * last where the table does. */
  g_autoptr (GArray) order = g_array_new (FALSE, FALSE, sizeof (int));
  for (int i = 0; i < (int) count; i++)
    if (g_array_index (file->objects, Object, i).state == KEPT)
      g_array_append_val (order, i);
  g_array_sort_with_data (order, compare_starts, file->objects->data);
  for (guint k = 0; k < order->len; k++)
    {
      Object *o = &g_array_index (file->objects, Object, g_array_index (order, int, k));
      gsize bound = k + 1 < order->len
                        ? g_array_index (file->objects, Object, g_array_index (order, int, k + 1)).start
                        : offset;
      const char *body = file->data + o->start, *p = file->data + bound;
      if (g_ascii_strtoll (body, NULL, 10) != g_array_index (order, int, k))
        return refuse (error, "an object that is not where the table says");
      while (p > body && is_white (p[-1]))
        p--;
      if (p - body < 6 || memcmp (p - 6, "endobj", 6))
        return refuse (error, "an object that does not end where the next begins");
      o->end = p - file->data;
      const char *q = p - 6;
      while (q > body && is_white (q[-1]))
        q--;
      o->is_stream = q - body >= 9 && !memcmp (q - 9, "endstream", 9);
    }
  return TRUE;
}

BfPdfFile *
bf_pdf_file_new (GBytes *pdf, GError **error)
{
  BfPdfFile *file = g_new0 (BfPdfFile, 1);
  file->jobs = 1;
  file->bytes = g_bytes_ref (pdf);
  file->data = g_bytes_get_data (pdf, &file->length);
  file->objects = g_array_new (FALSE, TRUE, sizeof (Object));
  g_array_set_clear_func (file->objects, object_clear);
  /* "startxref", its offset and "%%EOF" close the file. */
  const char *tail = file->length > 64 ? file->data + file->length - 64 : file->data;
  const char *mark = g_strrstr_len (tail, file->data + file->length - tail, "startxref");
  gsize offset = mark ? g_ascii_strtoull (mark + 9, NULL, 10) : 0;
  if (!mark || offset == 0 || offset >= file->length || !read_xref (file, offset, error))
    {
      if (error && !*error)
        refuse (error, "no cross-reference table");
      bf_pdf_file_free (file);
      return NULL;
    }
  return file;
}

void
bf_pdf_file_free (BfPdfFile *file)
{
  if (!file)
    return;
  g_array_unref (file->objects);
  bf_pdf_value_free (file->trailer);
  g_bytes_unref (file->bytes);
  g_free (file);
}

BfPdfValue *
bf_pdf_file_get_trailer (BfPdfFile *file)
{
  return file->trailer;
}

static Object *
object_at (BfPdfFile *file, int number)
{
  if (number <= 0 || (guint) number >= file->objects->len)
    return NULL;
  Object *o = &g_array_index (file->objects, Object, number);
  return o->state == FREE || o->state == REMOVED ? NULL : o;
}

/* Past "N 0 obj" at the start of @o's bytes. */
static const char *
object_body (BfPdfFile *file, const Object *o)
{
  const char *p = file->data + o->start, *end = file->data + o->end;
  const char *obj = g_strstr_len (p, MIN (end - p, 32), "obj");
  return obj ? obj + 3 : NULL;
}

BfPdfValue *
bf_pdf_file_get_object (BfPdfFile *file, int number, GError **error)
{
  Object *o = object_at (file, number);
  if (!o)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_LIBRARY,
                   "cannot finish the PDF's tags: no object %d", number);
      return NULL;
    }
  if (!o->value)
    {
      const char *body = object_body (file, o);
      Lexer lx = { body, file->data + o->end };
      o->value = body ? parse_value (&lx, 0) : NULL;
      o->value_end = lx.p - file->data;
      if (!o->value)
        {
          g_set_error (error, BF_ERROR, BF_ERROR_LIBRARY,
                       "cannot finish the PDF's tags: object %d cannot be read", number);
          return NULL;
        }
    }
  return o->value;
}

int
bf_pdf_file_get_size (BfPdfFile *file)
{
  return (int) file->objects->len;
}

gboolean
bf_pdf_file_is_stream (BfPdfFile *file, int number)
{
  Object *o = object_at (file, number);
  return o && o->is_stream;
}

BfPdfValue *
bf_pdf_file_resolve (BfPdfFile *file, BfPdfValue *value)
{
  if (value && value->kind == BF_PDF_REF)
    return bf_pdf_file_get_object (file, value->ref, NULL);
  return value;
}

const guint8 *
bf_pdf_file_get_stream (BfPdfFile *file, int number, gsize *length)
{
  Object *o = object_at (file, number);
  BfPdfValue *dict = o && o->is_stream ? bf_pdf_file_get_object (file, number, NULL) : NULL;
  long n;
  if (!dict || !bf_pdf_value_is_int (bf_pdf_file_resolve (file, bf_pdf_dict_get (dict, "/Length")), &n)
      || n < 0)
    return NULL;
  Lexer lx = { file->data + o->value_end, file->data + o->end };
  skip_white (&lx);
  const char *keyword = lx.p, *end = lx.end;
  if (end - keyword < 6 || memcmp (keyword, "stream", 6))
    return NULL;
  const char *data = keyword + 6;
  if (*data == '\r')
    data++;
  if (*data == '\n')
    data++;
  if (n > end - data)
    return NULL;
  *length = n;
  return (const guint8 *) data;
}

void
bf_pdf_file_set_stream (BfPdfFile *file, int number, GBytes *data)
{
  Object *o = object_at (file, number);
  g_return_if_fail (o && o->is_stream && bf_pdf_file_get_object (file, number, NULL));
  if (o->stream)
    g_bytes_unref (o->stream);
  o->stream = g_bytes_ref (data);
  o->state = TOUCHED;
}

void
bf_pdf_file_touch (BfPdfFile *file, int number)
{
  Object *o = object_at (file, number);
  if (o && o->value)
    o->state = TOUCHED;
}

void
bf_pdf_file_remove (BfPdfFile *file, int number)
{
  Object *o = object_at (file, number);
  if (o)
    o->state = REMOVED;
}

int
bf_pdf_file_add (BfPdfFile *file, BfPdfValue *value, GBytes *data)
{
  Object o = { .state = TOUCHED, .is_stream = data != NULL, .value = value,
               .stream = data ? g_bytes_ref (data) : NULL };
  g_array_append_val (file->objects, o);
  return file->objects->len - 1;
}

/* ---------------------------------------------------------------- writing */

/* Objects in one object stream, at most. */
#define OBJECTS_A_STREAM 100

typedef struct {
  guint8 type;               /* 0 free, 1 at an offset, 2 in an object stream */
  guint64 field;             /* the offset, or the object stream's number */
  guint index;               /* in the object stream */
} XrefEntry;

/* An object stream, full: its table and bodies, deflated on the
 * writer's deflater thread (or at once, with one thread). */
typedef struct {
  int number, n_members, first;
  GString *plain;            /* the table, then the bodies; freed once deflated */
  GBytes *deflated;          /* NULL: libdeflate failed */
} ObjectStream;

static void
object_stream_free (ObjectStream *objects)
{
  if (objects->plain)
    g_string_free (objects->plain, TRUE);
  if (objects->deflated)
    g_bytes_unref (objects->deflated);
  g_free (objects);
}

typedef struct {
  GString *out;              /* the bytes not yet given to @stream (all, without one) */
  FILE *stream;              /* where the file goes, or NULL: kept in @out */
  gsize given;               /* bytes given to @stream so far */
  GChecksum *md5;            /* of the bytes given to @stream */
  int write_error;           /* errno of the first write to @stream that failed, or 0 */
  GArray *xref;              /* XrefEntry, by object number */
  GString *offsets, *bodies; /* the object stream being filled */
  GArray *members;           /* its objects' numbers */
  GPtrArray *object_streams; /* ObjectStream, full, in order: written last */
  GAsyncQueue *to_deflate;   /* ObjectStream for the deflater, then the Writer */
  GThread *deflater;         /* NULL: they are deflated as they fill */
} Writer;

/* zlib's default level, 6: at it libdeflate made the 40-chapter book's
 * PDF a little smaller than zlib did (3,019,697 bytes against 3,053,190)
 * and the run's user time fell by about 6%. */
#define DEFLATE_LEVEL 6

/* Compressors not in use, kept for the next stream: making one (670 kB)
 * takes longer than deflating a page.  As many are made as threads
 * deflate at once; bf_pdf_deflate_let_go() frees them. */
static GMutex idle_lock;
static GSList *idle_compressors;

static struct libdeflate_compressor *
compressor_take (void)
{
  g_mutex_lock (&idle_lock);
  struct libdeflate_compressor *compressor = NULL;
  if (idle_compressors)
    {
      compressor = idle_compressors->data;
      idle_compressors = g_slist_delete_link (idle_compressors, idle_compressors);
    }
  g_mutex_unlock (&idle_lock);
  return compressor ? compressor : libdeflate_alloc_compressor (DEFLATE_LEVEL);
}

static void
compressor_give_back (struct libdeflate_compressor *compressor)
{
  g_mutex_lock (&idle_lock);
  idle_compressors = g_slist_prepend (idle_compressors, compressor);
  g_mutex_unlock (&idle_lock);
}

void
bf_pdf_deflate_let_go (void)
{
  g_mutex_lock (&idle_lock);
  GSList *idle = g_steal_pointer (&idle_compressors);
  g_mutex_unlock (&idle_lock);
  g_slist_free_full (idle, (GDestroyNotify) libdeflate_free_compressor);
}

GBytes *
bf_pdf_deflate (const void *data, gsize length)
{
  struct libdeflate_compressor *compressor = compressor_take ();
  if (!compressor)
    return NULL;
  size_t bound = libdeflate_zlib_compress_bound (compressor, length);
  guint8 *out = g_malloc (bound);
  size_t size = libdeflate_zlib_compress (compressor, data, length, out, bound);
  compressor_give_back (compressor);
  if (size == 0)
    {
      g_free (out);
      return NULL;
    }
  return g_bytes_new_take (g_realloc (out, size), size);
}

/* Where the next byte written goes in the file. */
static gsize
position (const Writer *w)
{
  return w->given + w->out->len;
}

/* Gives what is held to the stream, once there is a good deal of it, or
 * all of it (@all). */
#define GIVE_AFTER (1024 * 1024)

static void
give (Writer *w, gboolean all)
{
  if (!w->stream || (!all && w->out->len < GIVE_AFTER) || w->out->len == 0)
    return;
  g_checksum_update (w->md5, (const guchar *) w->out->str, w->out->len);
  if (!w->write_error && fwrite (w->out->str, 1, w->out->len, w->stream) != w->out->len)
    w->write_error = errno ? errno : EIO;
  w->given += w->out->len;
  g_string_truncate (w->out, 0);
}

static XrefEntry *
xref_entry (Writer *w, int number)
{
  if ((guint) number >= w->xref->len)
    g_array_set_size (w->xref, number + 1);
  return &g_array_index (w->xref, XrefEntry, number);
}

static void
write_stream_object (Writer *w, int number, const BfPdfValue *dict, const void *data, gsize length)
{
  xref_entry (w, number)->type = 1;
  xref_entry (w, number)->field = position (w);
  append_decimal (w->out, number);
  g_string_append (w->out, " 0 obj\n");
  bf_pdf_value_write (dict, w->out);
  g_string_append (w->out, "\nstream\n");
  g_string_append_len (w->out, data, length);
  g_string_append (w->out, "\nendstream\nendobj\n");
  give (w, FALSE);
}

/* Deflates @objects' plain bytes and lets them go. */
static void
object_stream_deflate (ObjectStream *objects)
{
  objects->deflated = bf_pdf_deflate (objects->plain->str, objects->plain->len);
  g_string_free (g_steal_pointer (&objects->plain), TRUE);
}

static gpointer
deflate_object_streams (gpointer data)
{
  Writer *w = data;
  for (gpointer job; (job = g_async_queue_pop (w->to_deflate)) != w;)
    object_stream_deflate (job);
  return NULL;
}

/* Closes the object stream being filled as object @number: its objects'
 * places are known at once, and it is deflated while the rest is written
 * and itself written after them (an object stream may be anywhere in the
 * file; its members are found through it, not by their offsets). */
static void
flush_object_stream (Writer *w, int number)
{
  if (w->members->len == 0)
    return;
  ObjectStream *objects = g_new0 (ObjectStream, 1);
  objects->number = number;
  objects->n_members = w->members->len;
  objects->first = w->offsets->len;
  objects->plain = g_string_sized_new (w->offsets->len + w->bodies->len);
  g_string_append_len (objects->plain, w->offsets->str, w->offsets->len);
  g_string_append_len (objects->plain, w->bodies->str, w->bodies->len);
  g_ptr_array_add (w->object_streams, objects);
  if (w->deflater)
    g_async_queue_push (w->to_deflate, objects);
  else
    object_stream_deflate (objects);
  for (guint i = 0; i < w->members->len; i++)
    {
      XrefEntry *e = xref_entry (w, g_array_index (w->members, int, i));
      e->type = 2;
      e->field = number;
      e->index = i;
    }
  g_array_set_size (w->members, 0);
  g_string_truncate (w->offsets, 0);
  g_string_truncate (w->bodies, 0);
}

/* Waits until every object stream is deflated. */
static void
stop_deflater (Writer *w)
{
  if (!w->deflater)
    return;
  g_async_queue_push (w->to_deflate, w);
  g_thread_join (g_steal_pointer (&w->deflater));
}

/* Writes the object streams, deflated; FALSE when one could not be. */
static gboolean
write_object_streams (Writer *w)
{
  for (guint i = 0; i < w->object_streams->len; i++)
    {
      const ObjectStream *objects = w->object_streams->pdata[i];
      if (!objects->deflated)
        return FALSE;
      BfPdfValue *dict = bf_pdf_value_new_dict ();
      bf_pdf_dict_set (dict, "/Type", bf_pdf_value_new_name ("/ObjStm"));
      bf_pdf_dict_set (dict, "/N", bf_pdf_value_new_int (objects->n_members));
      bf_pdf_dict_set (dict, "/First", bf_pdf_value_new_int (objects->first));
      bf_pdf_dict_set (dict, "/Filter", bf_pdf_value_new_name ("/FlateDecode"));
      gsize length;
      const void *data = g_bytes_get_data (objects->deflated, &length);
      bf_pdf_dict_set (dict, "/Length", bf_pdf_value_new_int (length));
      write_stream_object (w, objects->number, dict, data, length);
      bf_pdf_value_free (dict);
    }
  return TRUE;
}

/* Appends @body (@length bytes of PDF syntax) to @out with each run of
 * white space outside strings made one space, none next to a delimiter
 * that needs none: Cairo writes its dictionaries a key a line. */
static void
append_squeezed (GString *out, const char *body, gsize length)
{
  const char *p = body, *end = body + length;
  while (p < end && is_white (*p))
    p++;
  while (p < end)
    {
      if (is_white (*p))
        {
          while (p < end && is_white (*p))
            p++;
          char before = out->len ? out->str[out->len - 1] : '[';
          if (p < end && !strchr ("[]<>(/", *p) && !strchr ("[]<>()", before))
            g_string_append_c (out, ' ');
          continue;
        }
      if (*p == '(')
        {
          Lexer lx = { p, end };
          const char *close = literal_string_end (&lx);
          close = close ? close : end;
          g_string_append_len (out, p, close - p);
          p = close;
          continue;
        }
      g_string_append_c (out, *p++);
    }
}

static void
add_to_object_stream (Writer *w, int number, const char *body, gsize length, gboolean squeeze)
{
  append_decimal (w->offsets, number);
  g_string_append_c (w->offsets, ' ');
  append_decimal (w->offsets, (gint64) w->bodies->len);
  g_string_append_c (w->offsets, ' ');
  if (squeeze)
    append_squeezed (w->bodies, body, length);
  else
    g_string_append_len (w->bodies, body, length);
  g_string_append_c (w->bodies, '\n');
  g_array_append_val (w->members, number);
}

/* The cross-reference stream, as object @number, and the file's end: its
 * rows of seven bytes (type, offset or object stream, index) each given
 * as its difference from the row above (the PNG "Up" predictor) and
 * deflated, which leaves a tenth of their size. */
static gboolean
write_xref_stream (Writer *w, BfPdfFile *file, int number)
{
  enum { ROW = 7 };
  xref_entry (w, number)->type = 1;
  xref_entry (w, number)->field = position (w);
  guint n = w->xref->len;
  guint8 *rows = g_malloc0 ((gsize) n * (ROW + 1));
  guint8 above[ROW] = { 0 };
  for (guint i = 0; i < n; i++)
    {
      const XrefEntry *e = &g_array_index (w->xref, XrefEntry, i);
      guint16 second = e->type == 2 ? e->index : e->type == 0 && i == 0 ? 0xffff : 0;
      guint8 row[ROW] = { e->type, e->field >> 24, e->field >> 16, e->field >> 8, e->field,
                          second >> 8, second };
      guint8 *out = rows + (gsize) i * (ROW + 1);
      out[0] = 2; /* Up */
      for (int k = 0; k < ROW; k++)
        out[k + 1] = row[k] - above[k];
      memcpy (above, row, ROW);
    }
  g_autoptr (GBytes) deflated = bf_pdf_deflate (rows, (gsize) n * (ROW + 1));
  g_free (rows);
  if (!deflated)
    return FALSE;
  /* An /ID from the bytes written, so that the same input gives the same file. */
  g_autoptr (GChecksum) md5 = g_checksum_copy (w->md5);
  g_checksum_update (md5, (const guchar *) w->out->str, w->out->len);
  g_autofree char *digest = g_strdup (g_checksum_get_string (md5));
  g_autofree char *id = g_strdup_printf ("[<%s> <%s>]", digest, digest);
  BfPdfValue *dict = bf_pdf_value_new_dict ();
  bf_pdf_dict_set (dict, "/Type", bf_pdf_value_new_name ("/XRef"));
  bf_pdf_dict_set (dict, "/Size", bf_pdf_value_new_int (n));
  bf_pdf_dict_set (dict, "/W", bf_pdf_value_parse ("[1 4 2]"));
  BfPdfValue *root = bf_pdf_dict_get (file->trailer, "/Root");
  BfPdfValue *info = bf_pdf_dict_get (file->trailer, "/Info");
  if (root)
    bf_pdf_dict_set (dict, "/Root", bf_pdf_value_copy (root));
  if (info)
    bf_pdf_dict_set (dict, "/Info", bf_pdf_value_copy (info));
  bf_pdf_dict_set (dict, "/ID", bf_pdf_value_parse (id));
  bf_pdf_dict_set (dict, "/Filter", bf_pdf_value_new_name ("/FlateDecode"));
  bf_pdf_dict_set (dict, "/DecodeParms", bf_pdf_value_parse ("<< /Columns 7 /Predictor 12 >>"));
  bf_pdf_dict_set (dict, "/Length", bf_pdf_value_new_int (g_bytes_get_size (deflated)));
  gsize at = position (w);
  write_stream_object (w, number, dict, g_bytes_get_data (deflated, NULL), g_bytes_get_size (deflated));
  bf_pdf_value_free (dict);
  g_string_append_printf (w->out, "startxref\n%" G_GSIZE_FORMAT "\n%%%%EOF\n", at);
  return TRUE;
}

/* Writes @file into @stream, or, when it is NULL, into new bytes in
 * *@bytes. */
static gboolean
write_file (BfPdfFile *file, FILE *stream, GBytes **bytes, GError **error)
{
  Writer w = { g_string_sized_new (stream ? GIVE_AFTER * 2 : file->length), stream, 0,
               g_checksum_new (G_CHECKSUM_MD5), 0,
               g_array_new (FALSE, TRUE, sizeof (XrefEntry)), g_string_new (NULL),
               g_string_new (NULL), g_array_new (FALSE, FALSE, sizeof (int)),
               g_ptr_array_new_with_free_func ((GDestroyNotify) object_stream_free) };
  if (file->jobs > 1)
    {
      w.to_deflate = g_async_queue_new ();
      w.deflater = g_thread_new ("bifolio-deflate", deflate_object_streams, &w);
    }
  int next = file->objects->len;  /* numbers for the object streams and the xref stream */
  g_string_append (w.out, "%PDF-1.5\n%\xbf\xf7\xa2\xfe\n");
  xref_entry (&w, file->objects->len - 1);
  gboolean ok = TRUE;
  GString *body = g_string_new (NULL);
  for (guint i = 1; ok && i < file->objects->len; i++)
    {
      Object *o = &g_array_index (file->objects, Object, i);
      if (o->state == FREE || o->state == REMOVED)
        continue;
      if (o->is_stream && o->state == KEPT)
        {
          xref_entry (&w, i)->type = 1;
          xref_entry (&w, i)->field = position (&w);
          g_string_append_len (w.out, file->data + o->start, o->end - o->start);
          g_string_append_c (w.out, '\n');
          give (&w, FALSE);
        }
      else if (o->is_stream)
        {
          gsize length = 0;
          const void *data = o->stream ? g_bytes_get_data (o->stream, &length)
                                       : bf_pdf_file_get_stream (file, i, &length);
          if (!data && length == 0 && !o->stream)
            {
              ok = refuse (error, "a stream that cannot be read");
              break;
            }
          bf_pdf_dict_set (o->value, "/Length", bf_pdf_value_new_int (length));
          write_stream_object (&w, i, o->value, data, length);
        }
      else
        {
          if (o->state == KEPT)
            {
              const char *start = object_body (file, o), *end = file->data + o->end - 6;
              ok = start != NULL;
              add_to_object_stream (&w, i, start, ok ? end - start : 0, TRUE);
            }
          else
            {
              g_string_truncate (body, 0);
              bf_pdf_value_write (o->value, body);
              add_to_object_stream (&w, i, body->str, body->len, FALSE);
            }
          if (w.members->len == OBJECTS_A_STREAM)
            flush_object_stream (&w, next++);
        }
    }
  g_string_free (body, TRUE);
  if (ok)
    flush_object_stream (&w, next++);
  stop_deflater (&w);
  if (ok)
    ok = write_object_streams (&w) && write_xref_stream (&w, file, next);
  if (!ok && error && !*error)
    refuse (error, "cannot compress the objects");
  give (&w, TRUE);
  if (ok && w.write_error)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_IO, "cannot write the PDF: %s",
                   g_strerror (w.write_error));
      ok = FALSE;
    }
  g_array_unref (w.xref);
  g_string_free (w.offsets, TRUE);
  g_string_free (w.bodies, TRUE);
  g_array_unref (w.members);
  g_ptr_array_unref (w.object_streams);
  if (w.to_deflate)
    g_async_queue_unref (w.to_deflate);
  g_checksum_free (w.md5);
  if (!ok || stream)
    {
      g_string_free (w.out, TRUE);
      return ok;
    }
  gsize length = w.out->len;
  *bytes = g_bytes_new_take (g_string_free (w.out, FALSE), length);
  return TRUE;
}

void
bf_pdf_file_set_jobs (BfPdfFile *file, int jobs)
{
  file->jobs = jobs;
}

GBytes *
bf_pdf_file_write (BfPdfFile *file, GError **error)
{
  GBytes *bytes = NULL;
  return write_file (file, NULL, &bytes, error) ? bytes : NULL;
}

gboolean
bf_pdf_file_write_to (BfPdfFile *file, FILE *stream, GError **error)
{
  g_return_val_if_fail (stream != NULL, FALSE);
  return write_file (file, stream, NULL, error);
}
