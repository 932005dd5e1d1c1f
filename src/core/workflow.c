/* The state machine of the handling method, as one transition table. */
#include "cdesk/workflow.h"
#include "cdesk/i18n.h"

#include <string.h>

static const char *const state_ids[ST__COUNT] = {
	"received", "listened", "apologized", "recorded", "resolving",
	"resolved", "followed_up", "closed", "reopened", "withdrawn",
};

static const char *const state_labels[ST__COUNT] = {
	N_("received"), N_("listened"), N_("apologized"), N_("recorded"), N_("resolving"),
	N_("resolved"), N_("followed up"), N_("closed"), N_("reopened"), N_("withdrawn"),
};

const char *cd_state_id(enum cd_state s) { return (unsigned)s < ST__COUNT ? state_ids[s] : "?"; }
const char *cd_state_label(enum cd_state s) { return (unsigned)s < ST__COUNT ? _(state_labels[s]) : "?"; }

int cd_state_parse(const char *id)
{
	for (int i = 0; i < ST__COUNT; i++)
		if (id && strcmp(id, state_ids[i]) == 0)
			return i;
	return -1;
}

int cd_state_is_final(enum cd_state s) { return s == ST_CLOSED || s == ST_WITHDRAWN; }

int cd_state_is_handling(enum cd_state s)
{
	return s != ST_RESOLVED && s != ST_FOLLOWED_UP && !cd_state_is_final(s);
}

static const char *const step_ids[STEP__COUNT] = {
	"listen", "apologize", "record", "start", "resolve", "follow-up", "close", "reopen", "withdraw",
};
static const char *const step_labels[STEP__COUNT] = {
	N_("Listen"), N_("Apologize"), N_("Record"), N_("Start handling"), N_("Resolve"),
	N_("Follow up"), N_("Close"), N_("Reopen"), N_("Withdraw"),
};

const char *cd_step_id(enum cd_step s) { return (unsigned)s < STEP__COUNT ? step_ids[s] : "?"; }
const char *cd_step_label(enum cd_step s) { return (unsigned)s < STEP__COUNT ? _(step_labels[s]) : "?"; }

int cd_step_parse(const char *id)
{
	if (!id)
		return -1;
	if (strcmp(id, "follow_up") == 0)
		return STEP_FOLLOW_UP;
	for (int i = 0; i < STEP__COUNT; i++)
		if (strcmp(id, step_ids[i]) == 0)
			return i;
	return -1;
}

/* Each row: a step, the states it may start from (bit set), and the state
 * it leads to. "resolve" from recorded passes through resolving so the log
 * shows that handling began. */
#define B(s) (1u << (s))
static const struct {
	enum cd_step step;
	unsigned from;
	enum cd_state to;
} transitions[] = {
	{STEP_LISTEN, B(ST_RECEIVED), ST_LISTENED},
	{STEP_APOLOGIZE, B(ST_LISTENED), ST_APOLOGIZED},
	{STEP_RECORD, B(ST_APOLOGIZED), ST_RECORDED},
	{STEP_START, B(ST_RECORDED) | B(ST_REOPENED), ST_RESOLVING},
	{STEP_RESOLVE, B(ST_RECORDED) | B(ST_RESOLVING) | B(ST_REOPENED), ST_RESOLVED},
	{STEP_FOLLOW_UP, B(ST_RESOLVED), ST_FOLLOWED_UP},
	{STEP_CLOSE, B(ST_RESOLVED) | B(ST_FOLLOWED_UP), ST_CLOSED},
	{STEP_REOPEN, B(ST_RESOLVED) | B(ST_FOLLOWED_UP) | B(ST_CLOSED) | B(ST_WITHDRAWN), ST_REOPENED},
	{STEP_WITHDRAW, ~(B(ST_CLOSED) | B(ST_WITHDRAWN)) & (B(ST__COUNT) - 1), ST_WITHDRAWN},
};

int cd_step_path(enum cd_step step, enum cd_state from, enum cd_state path[3], struct cd_err *err)
{
	for (size_t i = 0; i < sizeof transitions / sizeof *transitions; i++) {
		if (transitions[i].step != step || !(transitions[i].from & B(from)))
			continue;
		int n = 0;
		if (step == STEP_RESOLVE && (from == ST_RECORDED || from == ST_REOPENED))
			path[n++] = ST_RESOLVING;
		path[n++] = transitions[i].to;
		return n;
	}
	return cd_fail(err, CD_ESTATE, _("the step '%s' is not possible: the complaint is %s"),
		       cd_step_label(step), cd_state_label(from));
}

#define KIND_NAME(k) #k,
static const char *const event_kinds[] = {CD_EVENT_KINDS(KIND_NAME) NULL};

static const char *const event_labels[] = {
	N_("received"), N_("step"), N_("note"), N_("customer contact"), N_("progress feedback"),
	N_("assignment"), N_("escalation"), N_("remedy"), N_("promise"), N_("promise kept"),
	N_("pause"), N_("resume"), N_("satisfaction"), N_("root cause"), N_("update"),
	N_("measure carried out"), N_("remedy awaiting approval"), N_("remedy refused"),
};

int cd_is_event_kind(const char *name)
{
	for (size_t i = 0; event_kinds[i]; i++)
		if (strcmp(name, event_kinds[i]) == 0)
			return 1;
	return 0;
}

const char *cd_event_label(const char *kind)
{
	for (size_t i = 0; event_kinds[i]; i++)
		if (strcmp(kind, event_kinds[i]) == 0)
			return _(event_labels[i]);
	return kind;
}

int cd_is_trigger_name(const char *name)
{
	return cd_is_event_kind(name) || cd_state_parse(name) >= 0;
}

const char *const cd_needs[] = {"respect", "vent", "compensation", "advice", NULL};
const char *const cd_behaviours[] = {"passive", "voicer", "irate", "activist", NULL};
const char *const cd_cause_sides[] = {"staff", "company", "external", "customer", NULL};

static int index_of(const char *const *v, const char *id)
{
	for (int i = 0; id && v[i]; i++)
		if (strcmp(v[i], id) == 0)
			return i;
	return -1;
}

int cd_need_index(const char *id) { return index_of(cd_needs, id); }
int cd_behaviour_index(const char *id) { return index_of(cd_behaviours, id); }
int cd_cause_side_index(const char *id) { return index_of(cd_cause_sides, id); }

const char *cd_vocab_label(const char *id)
{
	static const char *const ids[] = {
		"respect", "vent", "compensation", "advice",
		"passive", "voicer", "irate", "activist",
		"staff", "company", "external", "customer",
		"phone", "visit", "message", "email", "in_person", "third_party", NULL,
	};
	static const char *const labels[] = {
		N_("respect"), N_("to vent"), N_("compensation"), N_("to give advice"),
		N_("passive"), N_("voicer"), N_("irate"), N_("activist"),
		N_("staff"), N_("company / system"), N_("external"), N_("customer"),
		N_("by phone"), N_("visit"), N_("message"), N_("email"), N_("in person"), N_("third party"),
	};
	int i = index_of(ids, id);
	return i < 0 ? (id ? id : "") : _(labels[i]);
}
