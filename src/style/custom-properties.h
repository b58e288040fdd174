/* custom-properties.h — custom properties and var() (custom-properties.c),
 * for the cascade. */
#ifndef BF_CUSTOM_PROPERTIES_H
#define BF_CUSTOM_PROPERTIES_H

#include "style/css.h"
#include "style/style.h"

/* What a styler made for custom properties: every element's table and
 * every declaration with its var() replaced.  Lives as long as the styler. */
typedef struct _BfVarStore BfVarStore;

BfVarStore *bf_var_store_new (void);
void bf_var_store_free (BfVarStore *store);

/* Whether @d declares a custom property ("--name: …"). */
gboolean bf_css_declaration_is_custom (const BfCssDeclaration *d);

/* The custom properties of an element whose parent has @inherited and
 * whose matched @declarations (in cascade order, the last winning) are
 * these: @inherited itself when none of them is a custom property. */
const BfCustomProperties *bf_var_store_cascade (BfVarStore *store,
                                                const BfCustomProperties *inherited,
                                                GPtrArray *declarations);

/* @d, which has var(), with each var() replaced from @properties, or NULL
 * when one stands for nothing and has no fallback.  Owned by @store; the
 * same for the same @d and @properties. */
const BfCssDeclaration *bf_var_store_substitute (BfVarStore *store, const BfCssDeclaration *d,
                                                 const BfCustomProperties *properties);

#endif
