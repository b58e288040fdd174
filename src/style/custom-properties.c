/* custom-properties.c — CSS custom properties ("--name: value") and their
 * use through var() (CSS Custom Properties for Cascading Variables Level 1):
 * which custom properties each element has, inherited, and each
 * declaration with its var() references replaced.
 *
 * An element's custom properties are a chain: those it declares, then its
 * parent's (shared, never copied), so a sheet that declares its variables
 * on :root costs one table for the whole document.  A custom property's
 * own var() references are replaced where it is declared, as the
 * specification says; one that refers back to itself is invalid, and so is
 * one whose replacement grows past BF_VAR_MAX_TOKENS (variables that each
 * repeat the one before would otherwise double it at every step).  The
 * properties an element declares are resolved in the order of their
 * references, without recursion, so a chain of any length costs its
 * length.  A
 * declaration whose var() refers to nothing, without a fallback, is left
 * out, so what the cascade had before it stays (the specification unsets
 * the property instead).
 *
 * Everything made here is owned by the store, which lives as long as the
 * styler: computed styles borrow from the declarations they were set by. */
#include "style/custom-properties.h"

#include <string.h>

/* The most tokens one custom property or declaration may hold once its
 * var() references are replaced, and the deepest var() written inside
 * another's fallback. */
#define BF_VAR_MAX_TOKENS 10000
#define BF_VAR_MAX_NESTING 64

typedef enum {
  ENTRY_UNRESOLVED,
  ENTRY_RESOLVING,
  ENTRY_VALID,
  ENTRY_INVALID           /* 'initial', a cycle, or too long */
} EntryState;

typedef struct {
  const GArray *declared;  /* BfCssToken as declared, borrowed; NULL: 'initial' */
  GArray *resolved;        /* owned: the declared tokens with var() replaced */
  EntryState state;
} Entry;

struct _BfCustomProperties {
  const BfCustomProperties *parent;
  GHashTable *own;         /* name (borrowed) → Entry* (owned) */
};

struct _BfVarStore {
  GPtrArray *maps;         /* BfCustomProperties*, owned */
  GHashTable *substituted; /* declaration → (properties → declaration or NULL: invalid) */
};

static void
entry_free (Entry *entry)
{
  if (entry->resolved)
    bf_css_tokens_free (entry->resolved);
  g_free (entry);
}

static void
custom_properties_free (BfCustomProperties *properties)
{
  g_hash_table_unref (properties->own);
  g_free (properties);
}

BfVarStore *
bf_var_store_new (void)
{
  BfVarStore *store = g_new0 (BfVarStore, 1);
  store->maps = g_ptr_array_new_with_free_func ((GDestroyNotify) custom_properties_free);
  store->substituted = g_hash_table_new_full (NULL, NULL, NULL,
                                              (GDestroyNotify) g_hash_table_unref);
  return store;
}

void
bf_var_store_free (BfVarStore *store)
{
  if (!store)
    return;
  g_hash_table_unref (store->substituted);
  g_ptr_array_unref (store->maps);
  g_free (store);
}

gboolean
bf_css_declaration_is_custom (const BfCssDeclaration *d)
{
  return d->name[0] == '-' && d->name[1] == '-';
}

/* The tokens @name stands for in @properties, or NULL when it is not
 * defined there or is invalid.  The entries it reaches are resolved. */
static const GArray *
lookup (const BfCustomProperties *properties, const char *name)
{
  for (const BfCustomProperties *p = properties; p; p = p->parent)
    {
      const Entry *entry = g_hash_table_lookup (p->own, name);
      if (!entry)
        continue;
      if (entry->state != ENTRY_VALID)
        return NULL;
      return entry->resolved ? entry->resolved : entry->declared;
    }
  return NULL;
}

static gboolean
is_whitespace (const GArray *tokens, guint i)
{
  return g_array_index (tokens, BfCssToken, i).type == BF_CSS_WHITESPACE;
}

static gboolean append_substituted (const BfCustomProperties *properties, const GArray *tokens,
                                    guint start, guint end, int nesting, GArray *out);

/* Appends to @out what the var() whose arguments start at @i stands for
 * (the property, or else the fallback after the first comma); @next is
 * set past its closing parenthesis.  FALSE when it stands for nothing. */
static gboolean
append_var (const BfCustomProperties *properties, const GArray *tokens, guint i, guint end,
            int nesting, guint *next, GArray *out)
{
  guint inner_end = bf_css_tokens_closing_paren (tokens, i, end);
  *next = inner_end < end ? inner_end + 1 : end;
  while (i < inner_end && is_whitespace (tokens, i))
    i++;
  const BfCssToken *name = i < inner_end ? &g_array_index (tokens, BfCssToken, i) : NULL;
  if (!name || name->type != BF_CSS_IDENT || !g_str_has_prefix (name->text, "--"))
    return FALSE;
  const GArray *value = lookup (properties, name->text);
  if (value)
    return append_substituted (properties, value, 0, value->len, nesting, out);
  for (i++; i < inner_end && is_whitespace (tokens, i); i++)
    ;
  if (i >= inner_end || g_array_index (tokens, BfCssToken, i).type != BF_CSS_COMMA)
    return FALSE;
  return append_substituted (properties, tokens, i + 1, inner_end, nesting + 1, out);
}

/* Appends tokens @start to @end of @tokens to @out with each var()
 * replaced; FALSE when one stands for nothing or @out grows too long. */
static gboolean
append_substituted (const BfCustomProperties *properties, const GArray *tokens, guint start,
                    guint end, int nesting, GArray *out)
{
  if (nesting > BF_VAR_MAX_NESTING)
    return FALSE;
  for (guint i = start; i < end;)
    {
      const BfCssToken *t = &g_array_index (tokens, BfCssToken, i);
      if (out->len >= BF_VAR_MAX_TOKENS)
        return FALSE;
      if (t->type == BF_CSS_FUNCTION && !g_ascii_strcasecmp (t->text, "var"))
        {
          if (!append_var (properties, tokens, i + 1, end, nesting, &i, out))
            return FALSE;
          continue;
        }
      BfCssToken copy = bf_css_token_copy (t);
      g_array_append_val (out, copy);
      i++;
    }
  return TRUE;
}

/* @tokens with each var() replaced from @properties, without white space
 * at either end, or NULL when one stands for nothing. */
static GArray *
substitute (const BfCustomProperties *properties, const GArray *tokens)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (BfCssToken));
  if (!append_substituted (properties, tokens, 0, tokens->len, 0, out))
    {
      bf_css_tokens_free (out);
      return NULL;
    }
  guint first = 0;
  while (first < out->len && is_whitespace (out, first))
    first++;
  guint last = out->len;
  while (last > first && is_whitespace (out, last - 1))
    last--;
  for (guint i = 0; i < out->len; i++)
    if (i < first || i >= last)
      g_free (g_array_index (out, BfCssToken, i).text);
  g_array_set_size (out, last);
  g_array_remove_range (out, 0, first);
  return out;
}

/* Replaces the var() references of @entry, declared in @owner, whose own
 * references are resolved. */
static void
resolve_entry (BfCustomProperties *owner, Entry *entry)
{
  if (!entry->declared)
    {
      entry->state = ENTRY_INVALID;
      return;
    }
  if (!bf_css_tokens_have_var (entry->declared))
    {
      entry->state = ENTRY_VALID;
      return;
    }
  entry->resolved = substitute (owner, entry->declared);
  entry->state = entry->resolved ? ENTRY_VALID : ENTRY_INVALID;
}

/* Appends to @references the entries of @owner that @tokens refer to. */
static void
collect_references (BfCustomProperties *owner, const GArray *tokens, GPtrArray *references)
{
  for (guint i = 0; tokens && i + 1 < tokens->len; i++)
    {
      const BfCssToken *t = &g_array_index (tokens, BfCssToken, i);
      if (t->type != BF_CSS_FUNCTION || g_ascii_strcasecmp (t->text, "var"))
        continue;
      guint k = i + 1;
      while (k < tokens->len && is_whitespace (tokens, k))
        k++;
      const BfCssToken *name = k < tokens->len ? &g_array_index (tokens, BfCssToken, k) : NULL;
      Entry *entry = name && name->type == BF_CSS_IDENT
                         ? g_hash_table_lookup (owner->own, name->text) : NULL;
      if (entry)
        g_ptr_array_add (references, entry);
    }
}

/* Resolves every entry of @owner, each after those it refers to (a walk in
 * depth with a stack of its own); the entries of a cycle are invalid, as
 * are those that need one without a fallback. */
static void
resolve_all (BfCustomProperties *owner)
{
  g_autoptr (GPtrArray) stack = g_ptr_array_new ();
  g_autoptr (GPtrArray) references = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;
  g_hash_table_iter_init (&iter, owner->own);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (stack, value);
  while (stack->len > 0)
    {
      Entry *entry = stack->pdata[stack->len - 1];
      if (entry->state == ENTRY_VALID || entry->state == ENTRY_INVALID)
        {
          g_ptr_array_set_size (stack, stack->len - 1);
          continue;
        }
      if (entry->state == ENTRY_RESOLVING)
        {
          /* What it refers to is resolved. */
          resolve_entry (owner, entry);
          g_ptr_array_set_size (stack, stack->len - 1);
          continue;
        }
      entry->state = ENTRY_RESOLVING;
      g_ptr_array_set_size (references, 0);
      collect_references (owner, entry->declared, references);
      for (guint r = 0; r < references->len; r++)
        {
          Entry *target = references->pdata[r];
          if (target->state == ENTRY_UNRESOLVED)
            g_ptr_array_add (stack, target);
          else if (target->state == ENTRY_RESOLVING)
            {
              /* A cycle: the entries being resolved from @target's place
               * on the stack to the top are in it. */
              guint from = stack->len;
              while (from > 0 && stack->pdata[from - 1] != target)
                from--;
              for (guint k = from > 0 ? from - 1 : 0; k < stack->len; k++)
                {
                  Entry *member = stack->pdata[k];
                  if (member->state == ENTRY_RESOLVING)
                    member->state = ENTRY_INVALID;
                }
            }
        }
    }
}

/* Whether @value is the one keyword @keyword. */
static gboolean
is_keyword (const GArray *value, const char *keyword)
{
  if (value->len != 1)
    return FALSE;
  const BfCssToken *t = &g_array_index (value, BfCssToken, 0);
  return t->type == BF_CSS_IDENT && !g_ascii_strcasecmp (t->text, keyword);
}

const BfCustomProperties *
bf_var_store_cascade (BfVarStore *store, const BfCustomProperties *inherited,
                      GPtrArray *declarations)
{
  BfCustomProperties *made = NULL;
  for (guint i = 0; i < declarations->len; i++)
    {
      const BfCssDeclaration *d = declarations->pdata[i];
      if (!bf_css_declaration_is_custom (d))
        continue;
      if (!made)
        {
          made = g_new0 (BfCustomProperties, 1);
          made->parent = inherited;
          made->own = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                             (GDestroyNotify) entry_free);
          g_ptr_array_add (store->maps, made);
        }
      if (is_keyword (d->value, "inherit") || is_keyword (d->value, "unset"))
        {
          /* The parent's value, as if not declared here. */
          g_hash_table_remove (made->own, d->name);
          continue;
        }
      Entry *entry = g_new0 (Entry, 1);
      entry->declared = is_keyword (d->value, "initial") ? NULL : d->value;
      g_hash_table_replace (made->own, d->name, entry);
    }
  if (!made)
    return inherited;
  resolve_all (made);
  return made;
}

const BfCssDeclaration *
bf_var_store_substitute (BfVarStore *store, const BfCssDeclaration *d,
                         const BfCustomProperties *properties)
{
  GHashTable *by_properties = g_hash_table_lookup (store->substituted, d);
  if (!by_properties)
    {
      by_properties = g_hash_table_new_full (NULL, NULL, NULL,
                                             (GDestroyNotify) bf_css_declaration_free);
      g_hash_table_insert (store->substituted, (gpointer) d, by_properties);
    }
  gpointer found = NULL;
  if (g_hash_table_lookup_extended (by_properties, properties, NULL, &found))
    return found;
  GArray *value = substitute (properties, d->value);
  BfCssDeclaration *made = NULL;
  if (value && value->len > 0)
    {
      made = g_new0 (BfCssDeclaration, 1);
      made->name = g_strdup (d->name);
      made->value = g_steal_pointer (&value);
      made->important = d->important;
      made->line = d->line;
      made->column = d->column;
    }
  if (value)
    bf_css_tokens_free (value);
  g_hash_table_insert (by_properties, (gpointer) properties, made);
  return made;
}
