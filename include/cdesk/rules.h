/* Escalation rules: declarative conditions from the config, evaluated
 * against a complaint, its clocks and "now". Pure: recording a firing (once
 * per complaint and rule) is the desk's job. */
#ifndef CDESK_RULES_H
#define CDESK_RULES_H

#include "cdesk/complaint.h"
#include "cdesk/config.h"

/* True when every condition of rule r holds for complaint c with clock
 * instances k at now. same_phone is how many complaints (this one included)
 * came from c's phone within the rule's repeat window; it is only read
 * when the rule has repeat_count. */
int rule_holds(const struct cd_config *cfg, const struct cd_rule *r,
	       const struct cd_complaint *c, const struct cd_clocks *k,
	       cd_time now, int64_t same_phone);

/* The start of r's repeat window for a complaint received at t. */
cd_time rule_repeat_from(const struct cd_rule *r, cd_time t);

/* The longest warning lead and the shortest "open longer than" of all
 * rules, in wall seconds: what a sweep must look at. */
int64_t rules_max_lead(const struct cd_config *cfg);
int64_t rules_min_open_days(const struct cd_config *cfg);

#endif
