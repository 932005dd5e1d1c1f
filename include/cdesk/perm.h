/* Permissions: what a role may do. Roles grant them in the config
 * (`can:`), optionally narrowed to some severities; the desk checks them
 * in the core so the CLI, the TUI and imports are held to the same rules. */
#ifndef CDESK_PERM_H
#define CDESK_PERM_H

enum cd_perm {
	PERM_OPEN,          /* record new complaints (new, import) */
	PERM_HANDLE,        /* the handling steps and logs: listen … record, contact,
			    feedback, promises, notes, pauses, updates, remedies,
			    causes, measures, follow-up */
	PERM_ASSIGN,
	PERM_ESCALATE,
	PERM_RESOLVE,
	PERM_CLOSE,
	PERM_REOPEN,
	PERM_WITHDRAW,
	PERM_PERSONAL_DATA, /* see full names and phone numbers */
	PERM_EXPORT,
	PERM_REPORT,        /* the monthly analysis, for the sites one works at */
	PERM_AUDIT,         /* read and verify the audit trail */
	PERM_MANAGE_USERS,
	PERM_PURGE,         /* remove personal data of long-closed complaints */
	CD_NPERMS
};

/* "open", "handle", …; -1 when unknown. */
const char *cd_perm_id(int p);
int cd_perm_index(const char *id);
/* A short translated phrase: "close complaints". */
const char *cd_perm_label(int p);
/* Every permission id, comma-separated (for error messages). */
const char *cd_perm_known(void);

#endif
