/* pdf-objects.h — a PDF file as Cairo wrote it, read and written again
 * (render stage, private; pdf-objects.c): its objects parsed as they are
 * asked for, edited, and the whole written out with the small objects in
 * compressed object streams.  What pdf-finish.c edits its tag tree with. */
#ifndef BF_PDF_OBJECTS_H
#define BF_PDF_OBJECTS_H

#include <glib.h>
#include <stdio.h>

typedef enum {
  BF_PDF_NULL,
  BF_PDF_TOKEN,              /* a number, boolean or string, kept as written */
  BF_PDF_NAME,               /* kept as written, with its slash */
  BF_PDF_ARRAY,
  BF_PDF_DICT,
  BF_PDF_REF                 /* an indirect reference (generation 0) */
} BfPdfKind;

typedef struct _BfPdfValue BfPdfValue;

/* A dictionary is an array of entries, in the order written. */
typedef struct {
  char *key;                 /* the name, with its slash */
  BfPdfValue *value;
} BfPdfEntry;

/* A long book's tag tree is a few hundred thousand of these, so they are
 * kept small: an array or dictionary read holds exactly as many items as
 * it has, and a common name, a small number or null is one value shared by
 * every place it is in (pdf-objects.c).  So values are never changed in
 * place: one is replaced by another (bf_pdf_dict_set, or an item freed and
 * set anew). */
struct _BfPdfValue {
  BfPdfKind kind;
  guint len;                 /* ARRAY: items; DICT: entries */
  guint alloc;               /* ARRAY, DICT: room for as many */
  union {
    char *token;             /* TOKEN, NAME */
    BfPdfValue **items;      /* ARRAY: owned */
    BfPdfEntry *entries;     /* DICT */
    int ref;                 /* REF: the object number */
  };
};

BfPdfValue *bf_pdf_value_new_null (void);
BfPdfValue *bf_pdf_value_new_int (long value);
BfPdfValue *bf_pdf_value_new_name (const char *name);     /* with its slash */
BfPdfValue *bf_pdf_value_new_ref (int object);
BfPdfValue *bf_pdf_value_new_array (void);
BfPdfValue *bf_pdf_value_new_dict (void);
/* A byte string: @bytes (@length bytes) written as a literal string. */
BfPdfValue *bf_pdf_value_new_string (const char *bytes, gsize length);
/* A text string (PDF 1.7 §7.9.2.2): ASCII as is, anything else as UTF-16BE
 * with a byte order mark. */
BfPdfValue *bf_pdf_value_new_text_string (const char *utf8);
/* @text parsed as one PDF object ("<< /Marked true >>"); NULL when it is
 * not one. */
BfPdfValue *bf_pdf_value_parse (const char *text);
BfPdfValue *bf_pdf_value_copy (const BfPdfValue *value);
void bf_pdf_value_free (BfPdfValue *value);

gboolean bf_pdf_value_is_int (const BfPdfValue *value, long *out);
/* Whether @value is the name @name (with its slash). */
gboolean bf_pdf_value_is_name (const BfPdfValue *value, const char *name);

/* The value of @key (with its slash) in @dict, or NULL (also when @dict is
 * no dictionary). */
BfPdfValue *bf_pdf_dict_get (const BfPdfValue *dict, const char *key);
/* Sets @key of @dict to @value, which it takes. */
void bf_pdf_dict_set (BfPdfValue *dict, const char *key, BfPdfValue *value);
/* Appends @item, which it takes, to @array. */
void bf_pdf_array_append (BfPdfValue *array, BfPdfValue *item);

/* Appends @value as PDF syntax to @out. */
void bf_pdf_value_write (const BfPdfValue *value, GString *out);

/* @data (@length bytes) deflated as /FlateDecode reads it (the zlib
 * format, at zlib's default level, by libdeflate), or NULL when that
 * fails.  Any thread may deflate. */
GBytes *bf_pdf_deflate (const void *data, gsize length);

/* Frees the compressors kept idle between calls (one deflating on another
 * thread goes back to be kept again). */
void bf_pdf_deflate_let_go (void);

typedef struct _BfPdfFile BfPdfFile;

/* @pdf (which it references) read: its cross-reference table and trailer.
 * Only what Cairo writes is understood (one classic xref section, no
 * encryption); anything else is an error. */
BfPdfFile *bf_pdf_file_new (GBytes *pdf, GError **error);
void bf_pdf_file_free (BfPdfFile *file);

BfPdfValue *bf_pdf_file_get_trailer (BfPdfFile *file);

/* Object @number's value (a stream's dictionary), parsed the first time it
 * is asked for and owned by @file; NULL when there is no such object or it
 * cannot be read (@error, when not NULL, says why).  Editing it changes
 * what is written. */
BfPdfValue *bf_pdf_file_get_object (BfPdfFile *file, int number, GError **error);

/* One more than the highest object number in @file. */
int bf_pdf_file_get_size (BfPdfFile *file);
/* Whether object @number is there and is a stream. */
gboolean bf_pdf_file_is_stream (BfPdfFile *file, int number);
/* The value @value stands for: the object it refers to, or itself. */
BfPdfValue *bf_pdf_file_resolve (BfPdfFile *file, BfPdfValue *value);

/* Object @number's stream data as written (still filtered), or NULL. */
const guint8 *bf_pdf_file_get_stream (BfPdfFile *file, int number, gsize *length);

/* Replaces object @number's stream data with @data (filtered as its
 * dictionary says; its /Length is set when written). */
void bf_pdf_file_set_stream (BfPdfFile *file, int number, GBytes *data);

/* Marks object @number as edited (its parsed value is written, not its
 * bytes).  Objects asked for with bf_pdf_file_get_object () may be edited
 * without it only if this is called. */
void bf_pdf_file_touch (BfPdfFile *file, int number);

/* Leaves object @number out of the file (nothing may refer to it). */
void bf_pdf_file_remove (BfPdfFile *file, int number);

/* Adds @value (taken) as a new object, a stream with @data when not NULL;
 * returns its number. */
int bf_pdf_file_add (BfPdfFile *file, BfPdfValue *value, GBytes *data);

/* With @jobs above 1, the writing deflates its object streams on a
 * thread of its own (the same bytes; 1 when the file is made). */
void bf_pdf_file_set_jobs (BfPdfFile *file, int jobs);

/* The file written: objects that are no streams, in deflated object
 * streams after the rest, a cross-reference stream, an /ID made from the
 * bytes. */
GBytes *bf_pdf_file_write (BfPdfFile *file, GError **error);

/* The same file written into @stream as it is made, a megabyte at a time,
 * not held whole (the same bytes).  FALSE with @error set when it cannot
 * be written. */
gboolean bf_pdf_file_write_to (BfPdfFile *file, FILE *stream, GError **error);

#endif
