/* layers.c — cascade layers (CSS Cascading 5, §6.4): the layers the
 * author's sheets name, in the order each is first named, nested by
 * dotted names ("a.b" is b inside a) and by @layer blocks inside others,
 * and the rank each takes in the cascade.  Ranks follow the layers in
 * order, each after the layers nested in it, and the sheets' top level
 * (what no layer holds) after them all: a rule of a later layer wins over
 * one of an earlier layer whatever their specificity, and an unlayered
 * rule wins over both (for normal declarations; !important ones rank the
 * other way, which the cascade does). */
#include "style/cascade.h"

#include <string.h>

typedef struct {
  guint parent;
  char *key;        /* "PARENT.NAME", the parent's index and the layer's own
                       name (not the whole dotted one: a name of k parts
                       costs its length, not k times it), or NULL: an
                       anonymous layer */
} Layer;

struct _BfLayers {
  GArray *layers;    /* Layer; index 0 is the top (BF_LAYER_NONE) */
  GHashTable *named; /* key → index + 1 */
};

static void
layer_clear (Layer *layer)
{
  g_free (layer->key);
}

BfLayers *
bf_layers_new (void)
{
  BfLayers *layers = g_new0 (BfLayers, 1);
  layers->layers = g_array_new (FALSE, FALSE, sizeof (Layer));
  g_array_set_clear_func (layers->layers, (GDestroyNotify) layer_clear);
  Layer top = { BF_LAYER_NONE, NULL };
  g_array_append_val (layers->layers, top);
  layers->named = g_hash_table_new (g_str_hash, g_str_equal); /* keys: the layers' */
  return layers;
}

void
bf_layers_free (BfLayers *layers)
{
  if (!layers)
    return;
  g_hash_table_unref (layers->named);
  g_array_unref (layers->layers);
  g_free (layers);
}

static guint
add_layer (BfLayers *layers, guint parent, char *key)
{
  Layer layer = { parent, key };
  g_array_append_val (layers->layers, layer);
  guint index = layers->layers->len - 1;
  if (key)
    g_hash_table_insert (layers->named, key, GUINT_TO_POINTER (index + 1));
  return index;
}

guint
bf_layers_name (BfLayers *layers, guint parent, const char *name)
{
  guint layer = parent;
  g_auto (GStrv) parts = g_strsplit (name, ".", -1);
  for (int i = 0; parts[i]; i++)
    {
      char *key = g_strdup_printf ("%u.%s", layer, parts[i]);
      guint known = GPOINTER_TO_UINT (g_hash_table_lookup (layers->named, key));
      if (known)
        {
          g_free (key);
          layer = known - 1;
        }
      else
        layer = add_layer (layers, layer, key);
    }
  return layer;
}

guint
bf_layers_new_anonymous (BfLayers *layers, guint parent)
{
  return add_layer (layers, parent, NULL);
}

guint *
bf_layers_ranks (const BfLayers *layers)
{
  guint n = layers->layers->len;
  /* Each layer's sublayers in the order they were named (the order they
   * were added), as first-child and next-sibling links. */
  guint *first = g_new (guint, n), *last = g_new (guint, n), *next = g_new (guint, n);
  for (guint i = 0; i < n; i++)
    first[i] = last[i] = next[i] = G_MAXUINT;
  for (guint i = 1; i < n; i++)
    {
      guint parent = g_array_index (layers->layers, Layer, i).parent;
      if (first[parent] == G_MAXUINT)
        first[parent] = i;
      else
        next[last[parent]] = i;
      last[parent] = i;
    }
  /* Ranks in post-order: a layer after everything nested in it. */
  guint *ranks = g_new (guint, n);
  guint rank = 0, at = BF_LAYER_NONE;
  gboolean descending = TRUE;
  while (TRUE)
    {
      if (descending && first[at] != G_MAXUINT)
        {
          at = first[at];
          continue;
        }
      ranks[at] = rank++;
      if (at == BF_LAYER_NONE)
        break;
      descending = next[at] != G_MAXUINT;
      at = descending ? next[at] : g_array_index (layers->layers, Layer, at).parent;
    }
  g_free (first);
  g_free (last);
  g_free (next);
  return ranks;
}

static const BfCssToken *
token_at (const GArray *tokens, guint i)
{
  return &g_array_index (tokens, BfCssToken, i);
}

GPtrArray *
bf_layer_names_parse (const GArray *tokens, guint from, guint end)
{
  /* The CSS-wide keywords are not layer names. */
  static const char *const reserved[] = { "initial", "inherit", "unset", "revert",
                                          "revert-layer", "default" };
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  GString *name = NULL;      /* the name being read: a part, then '.' and parts */
  gboolean after_dot = FALSE, after_space = FALSE;
  for (guint i = from; i < end; i++)
    {
      const BfCssToken *t = token_at (tokens, i);
      gboolean space = t->type == BF_CSS_WHITESPACE;
      if (space)
        ;
      else if (t->type == BF_CSS_IDENT && (!name || (after_dot && !after_space)))
        {
          for (gsize k = 0; k < G_N_ELEMENTS (reserved); k++)
            if (!g_ascii_strcasecmp (t->text, reserved[k]))
              goto invalid;
          if (!name)
            name = g_string_new (NULL);
          g_string_append (name, t->text);
          after_dot = FALSE;
        }
      else if (t->type == BF_CSS_DELIM && !strcmp (t->text, ".") && name && !after_dot
               && !after_space)
        {
          g_string_append_c (name, '.');
          after_dot = TRUE;
        }
      else if (t->type == BF_CSS_COMMA && name && !after_dot)
        {
          g_ptr_array_add (names, g_string_free (g_steal_pointer (&name), FALSE));
        }
      else
        goto invalid;
      after_space = space;
    }
  if (after_dot || (!name && names->len)) /* "a." or "a," */
    goto invalid;
  if (name)
    g_ptr_array_add (names, g_string_free (name, FALSE));
  return names; /* empty: an anonymous layer */
invalid:
  if (name)
    g_string_free (name, TRUE);
  g_ptr_array_unref (names);
  return NULL;
}

GPtrArray *
bf_layer_rule_names (const BfCssRule *rule, const char **why)
{
  GPtrArray *names = bf_layer_names_parse (rule->prelude, 0, rule->prelude->len);
  const char *wrong = !names ? "names no layer as CSS writes names"
                      : rule->has_block && names->len > 1 ? "with a block names more than one layer"
                      : !rule->has_block && !names->len ? "without a block names no layer"
                                                        : NULL;
  if (why)
    *why = wrong;
  if (wrong && names)
    g_clear_pointer (&names, g_ptr_array_unref);
  return names;
}
