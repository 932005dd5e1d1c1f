/* Privacy masks: 138****5678, 张*, 沪A***45. Who sees what is the desk's
 * rule; these only say what a masked value looks like. */
#ifndef CDESK_MASK_H
#define CDESK_MASK_H

#include "cdesk/complaint.h"
#include "cdesk/util.h"

/* The first three and last four digits of a long number, the last two of
 * a short one; other characters kept. Appended to out. */
void cd_mask_phone(const char *phone, struct strbuf *out);
/* The first character of each word: 张三 → 张*, Li Lei → L* L**. */
void cd_mask_name(const char *name, struct strbuf *out);
/* The first two and last two characters: 沪A12345 → 沪A***45. */
void cd_mask_plate(const char *plate, struct strbuf *out);
/* c's customer, phone and plate masked in place. */
void cd_mask_complaint(struct cd_complaint *c);
/* Event data for showing: its personal values masked when masked is set,
 * purged ones "(removed)" either way. Returns a new string. */
char *cd_mask_data(const char *data, int masked);

#endif
