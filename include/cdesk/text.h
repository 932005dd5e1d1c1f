/* Display width of UTF-8 text: CJK characters take two columns. The one
 * width function for the CLI tables and the TUI alike. */
#ifndef CDESK_TEXT_H
#define CDESK_TEXT_H

#include <stddef.h>
#include "cdesk/util.h"

/* Columns s takes on a terminal (invalid bytes count one column each). */
int text_width(const char *s);
/* Append s to sb cut to at most width columns (an ellipsis marks a cut) and
 * padded with spaces to exactly width columns when pad is set. Newlines and
 * tabs become spaces. */
void text_fit(struct strbuf *sb, const char *s, int width, int pad);
/* Byte length of the longest prefix of s that fits in width columns. */
size_t text_prefix_bytes(const char *s, int width);

#endif
