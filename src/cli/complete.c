/* cdesk completion bash|zsh: the shell completion, generated from the same
 * tables as --help: the command table, the global options and each
 * command's option table (cli_command_options). Nothing is opened. */
#include "cli.h"
#include "cdesk/i18n.h"

#include <stdlib.h>
#include <string.h>

#define MAX_ARGS 4 /* positional arguments whose words are known */

/* A command's options: all, those that take a value, those whose value is
 * a file; as space-separated words. */
struct opt_words {
	struct strbuf all, value, file;
	struct cli_opt v[64];
	size_t n;
};

static size_t count(const struct cli_opt *opts)
{
	size_t n = 0;
	while (opts[n].name)
		n++;
	return n;
}

static int takes_file(const char *arg)
{
	return arg && (strncmp(arg, "FILE", 4) == 0 || strcmp(arg, "PATH") == 0);
}

static void opt_words(struct opt_words *w, const struct cli_opt *opts, size_t n)
{
	sb_init(&w->all);
	sb_init(&w->value);
	sb_init(&w->file);
	sb_puts(&w->value, " ");
	sb_puts(&w->file, " ");
	for (size_t i = 0; i < n; i++) {
		sb_printf(&w->all, "%s--%s", i ? " " : "", opts[i].name);
		if (opts[i].arg)
			sb_printf(&w->value, "--%s ", opts[i].name);
		if (takes_file(opts[i].arg))
			sb_printf(&w->file, "--%s ", opts[i].name);
	}
}

static void opt_words_free(struct opt_words *w)
{
	sb_free(&w->all);
	sb_free(&w->value);
	sb_free(&w->file);
}

static void command_opts(const struct cli_command *c, struct opt_words *w)
{
	w->n = cli_command_options(c, w->v, sizeof w->v / sizeof *w->v);
	opt_words(w, w->v, w->n);
}

/* What argument index of cmd may be, read from its usage ("ID
 * listen|apologize|…", "check [FILE] | show"): the words, space-separated,
 * into out; *file when it is a file. Alternatives around " | " are merged;
 * "--name VALUE" in the usage is an option, not an argument. */
static void arg_words(const char *args, int index, struct strbuf *out, int *file)
{
	char *copy = xstrdup(args), *alt = copy;
	*file = 0;
	while (alt) {
		char *bar = strstr(alt, " | ");
		if (bar)
			*bar = '\0';
		int at = 0, skip = 0;
		for (char *save = NULL, *t = strtok_r(alt, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
			if (skip) { /* the value of a "--name" */
				skip = 0;
				continue;
			}
			if (strncmp(t, "--", 2) == 0) {
				skip = 1;
				continue;
			}
			if (at++ != index)
				continue;
			t += strspn(t, "[");
			t[strcspn(t, "]")] = '\0';
			if (strncmp(t, "FILE", 4) == 0)
				*file = 1;
			else if (strpbrk(t, "abcdefghijklmnopqrstuvwxyz"))
				for (char *save2 = NULL, *v = strtok_r(t, "|", &save2); v; v = strtok_r(NULL, "|", &save2))
					sb_printf(out, "%s%s", out->len ? " " : "", v);
		}
		alt = bar ? bar + 3 : NULL;
	}
	free(copy);
}

/* The words of every known argument of cmd, as shell case arms:
 * arm(cmd, index, words, file). */
static void each_arg(const struct cli_command *c, void (*arm)(const char *, int, const char *, int))
{
	for (int i = 0; i < MAX_ARGS; i++) {
		struct strbuf words;
		int file;
		sb_init(&words);
		arg_words(c->args, i, &words, &file);
		if (file || words.len)
			arm(c->name, i, words.s ? words.s : "", file);
		sb_free(&words);
	}
}

/* _cdesk_options COMMAND: a case arm per command, arm() writing what it
 * sets (the options, those that take a value, those that take a file). */
static void options_function(void (*arm)(const struct cli_command *, const struct opt_words *))
{
	printf("# A command's options: all, those that take a value, those that take a file.\n"
	       "_cdesk_options() {\n\tcase $1 in\n");
	for (const struct cli_command *c = cli_commands; c->name; c++) {
		struct opt_words w;
		command_opts(c, &w);
		arm(c, &w);
		opt_words_free(&w);
	}
	printf("\tesac\n}\n\n");
}

/* _cdesk_arg COMMAND N: a case arm per known argument, then otherwise. */
static void args_function(void (*arm)(const char *, int, const char *, int), const char *otherwise)
{
	printf("# The words a command's argument N (from 0) may be, or a file.\n"
	       "_cdesk_arg() {\n\tcase \"$1 $2\" in\n");
	for (const struct cli_command *c = cli_commands; c->name; c++)
		each_arg(c, arm);
	printf("%s\tesac\n}\n\n", otherwise);
}

static void bash_options(const struct cli_command *c, const struct opt_words *w)
{
	printf("\t%s) _cdesk_o='%s' _cdesk_v='%s' _cdesk_f='%s' ;;\n", c->name, w->all.s ? w->all.s : "",
	       w->value.s, w->file.s);
}

static void bash_arm(const char *cmd, int i, const char *words, int file)
{
	printf("\t\"%s %d\") _cdesk_a='%s' ;;\n", cmd, i, file ? "FILE" : words);
}

/* Both shells' completion functions read the line as cdesk does: global
 * options anywhere, each option's value the word after it, the first
 * other word the command, the ones after it its arguments. The words are
 * WORDS[FIRST] to WORDS[END - 1]; this sets cmd, n (the arguments before
 * the word completed) and valopt (the option whose value it is), and
 * _cdesk_options sets _cdesk_v and _cdesk_f. */
#define SCAN_WORDS(FIRST, END, WORDS)                                                             \
	"\tfor ((i = " FIRST "; i < " END "; i++)); do\n"                                            \
	"\t\tw=${" WORDS "[i]}\n"                                                                    \
	"\t\tif [[ $w == -?* ]]; then\n"                                                             \
	"\t\t\tif [[ $_cdesk_global_values$_cdesk_v == *\" $w \"* ]]; then\n"                       \
	"\t\t\t\tif ((i + 1 == " END ")); then valopt=$w; break; fi\n"                               \
	"\t\t\t\t((i++))\n"                                                                          \
	"\t\t\tfi\n"                                                                                  \
	"\t\telif [[ -z $cmd ]]; then\n"                                                             \
	"\t\t\tcmd=$w\n"                                                                              \
	"\t\t\t_cdesk_options \"$cmd\"\n"                                                             \
	"\t\telse\n"                                                                                   \
	"\t\t\t((n++))\n"                                                                             \
	"\t\tfi\n"                                                                                     \
	"\tdone\n"

static const char bash_body[] =
	"_cdesk() {\n"
	"\tlocal cur=${COMP_WORDS[COMP_CWORD]} cmd='' w i n=0 valopt=''\n"
	"\tlocal _cdesk_o='' _cdesk_v=' ' _cdesk_f=' ' _cdesk_a=''\n"
	"\tCOMPREPLY=()\n"
	SCAN_WORDS("1", "COMP_CWORD", "COMP_WORDS")
	"\tif [[ -n $valopt ]]; then\n"
	"\t\tif [[ $_cdesk_global_files$_cdesk_f == *\" $valopt \"* ]]; then\n"
	"\t\t\tcompopt -o filenames 2>/dev/null\n"
	"\t\t\tmapfile -t COMPREPLY < <(compgen -f -- \"$cur\")\n"
	"\t\tfi\n"
	"\t\treturn 0\n"
	"\tfi\n"
	"\tif [[ $cur == -* ]]; then\n"
	"\t\tmapfile -t COMPREPLY < <(compgen -W \"$_cdesk_o $_cdesk_globals\" -- \"$cur\")\n"
	"\telif [[ -z $cmd ]]; then\n"
	"\t\tmapfile -t COMPREPLY < <(compgen -W \"$_cdesk_commands\" -- \"$cur\")\n"
	"\telse\n"
	"\t\t_cdesk_arg \"$cmd\" \"$n\"\n"
	"\t\tif [[ $_cdesk_a == FILE ]]; then\n"
	"\t\t\tcompopt -o filenames 2>/dev/null\n"
	"\t\t\tmapfile -t COMPREPLY < <(compgen -f -- \"$cur\")\n"
	"\t\telse\n"
	"\t\t\tmapfile -t COMPREPLY < <(compgen -W \"$_cdesk_a\" -- \"$cur\")\n"
	"\t\tfi\n"
	"\tfi\n"
	"\treturn 0\n"
	"}\n"
	"complete -F _cdesk cdesk\n";

static void bash(void)
{
	struct opt_words g;
	opt_words(&g, cli_global_opts, count(cli_global_opts));
	printf("# bash completion for cdesk(1). Generated by 'cdesk completion bash' from\n"
	       "# the tables its --help is printed from; do not edit.\n");
	printf("_cdesk_commands='");
	for (const struct cli_command *c = cli_commands; c->name; c++)
		printf("%s%s", c == cli_commands ? "" : " ", c->name);
	printf("'\n_cdesk_globals='%s'\n_cdesk_global_values='%s'\n_cdesk_global_files='%s'\n\n", g.all.s,
	       g.value.s, g.file.s);
	opt_words_free(&g);
	options_function(bash_options);
	args_function(bash_arm, "\t*) _cdesk_a='' ;;\n");
	fputs(bash_body, stdout);
}

/* Text in zsh single quotes. */
static void zsh_quoted(const char *s)
{
	putchar('\'');
	for (; *s; s++)
		if (*s == '\'')
			fputs("'\\''", stdout);
		else
			putchar(*s);
	putchar('\'');
}

static void zsh_described(const struct cli_opt *opts, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct strbuf item;
		sb_init(&item);
		sb_printf(&item, "--%s:%s", opts[i].name, _(opts[i].help));
		printf(" ");
		zsh_quoted(item.s);
		sb_free(&item);
	}
}

static void zsh_options(const struct cli_command *c, const struct opt_words *w)
{
	printf("\t%s) opts=(", c->name);
	zsh_described(w->v, w->n);
	printf(" ) _cdesk_v='%s' _cdesk_f='%s' ;;\n", w->value.s, w->file.s);
}

static void zsh_arm(const char *cmd, int i, const char *words, int file)
{
	if (file)
		printf("\t\"%s %d\") _files ;;\n", cmd, i);
	else
		printf("\t\"%s %d\") compadd -- %s ;;\n", cmd, i, words);
}

static const char zsh_body[] =
	"_cdesk() {\n"
	"\tlocal cmd='' w valopt='' _cdesk_v=' ' _cdesk_f=' '\n"
	"\tlocal -a opts\n"
	"\tinteger i n=0\n"
	SCAN_WORDS("2", "CURRENT", "words")
	"\tif [[ -n $valopt ]]; then\n"
	"\t\tif [[ $_cdesk_global_files$_cdesk_f == *\" $valopt \"* ]]; then _files; else _message -e value \"$valopt\"; fi\n"
	"\t\treturn\n"
	"\tfi\n"
	"\tif [[ ${words[CURRENT]} == -* ]]; then\n"
	"\t\t_describe -t options option opts -- _cdesk_globals\n"
	"\telif [[ -z $cmd ]]; then\n"
	"\t\t_describe -t commands command _cdesk_commands\n"
	"\telse\n"
	"\t\t_cdesk_arg \"$cmd\" \"$n\"\n"
	"\tfi\n"
	"}\n\n"
	"_cdesk \"$@\"\n";

static void zsh(void)
{
	struct opt_words g;
	opt_words(&g, cli_global_opts, count(cli_global_opts));
	printf("#compdef cdesk\n# zsh completion for cdesk(1). Generated by 'cdesk completion zsh' from\n"
	       "# the tables its --help is printed from; do not edit.\n\n_cdesk_commands=(");
	for (const struct cli_command *c = cli_commands; c->name; c++) {
		struct strbuf item;
		sb_init(&item);
		sb_printf(&item, "%s:%s", c->name, _(c->summary));
		printf("\n\t");
		zsh_quoted(item.s);
		sb_free(&item);
	}
	printf("\n)\n_cdesk_globals=(");
	zsh_described(cli_global_opts, count(cli_global_opts));
	printf(" )\n_cdesk_global_values='%s'\n_cdesk_global_files='%s'\n\n", g.value.s, g.file.s);
	opt_words_free(&g);
	options_function(zsh_options);
	args_function(zsh_arm, "");
	fputs(zsh_body, stdout);
}

int cmd_completion(struct cli *cli, int argc, char **argv)
{
	const struct cli_command *cmd = cli_find("completion");
	char *pos[1];
	int npos, r = cli_parse(cmd, NULL, argc, argv, pos, 1, &npos);
	(void)cli;
	if (r)
		return r > 0 ? 0 : CD_EUSAGE;
	if (npos != 1 || (strcmp(pos[0], "bash") != 0 && strcmp(pos[0], "zsh") != 0))
		return cli_usage_error(cmd, _("expected: %s"), cmd->args);
	if (strcmp(pos[0], "bash") == 0)
		bash();
	else
		zsh();
	return 0;
}
