/* The command line, NUL-separated in the input: the global options as
 * main() takes them (cli_global_options, which reads the words after a
 * command against that command's own option table), then the command's own options
 * (cli_parse) against a table like the commands' (flags, values, "=" or
 * the next argument, positionals) and against none, and their values
 * through the parsers the commands use: ids, whole numbers, times and
 * durations. Nothing runs: no command, no database. */
#include "fuzz.h"
#include "cli/cli.h"

#define MAX_ARGS 64

static const char *note, *at, *count, *within;
static int walk_in;
static const struct cli_opt opts[] = {
	{"note", "TEXT", "a note", &note, NULL},
	{"at", "TIME", "when", &at, NULL},
	{"count", "N", "how many", &count, NULL},
	{"within", "DURATION", "how soon", &within, NULL},
	{"walk-in", NULL, "a flag", NULL, &walk_in},
	{NULL, NULL, NULL, NULL, NULL},
};

/* Split the input at NUL bytes: argv[0] is "cdesk". Returns argc. */
static int split(char *buf, size_t size, char **argv)
{
	static char name[] = "cdesk";
	int argc = 0;
	argv[argc++] = name;
	for (size_t i = 0; i < size && argc < MAX_ARGS;) {
		argv[argc++] = buf + i;
		i += strlen(buf + i) + 1;
	}
	argv[argc] = NULL;
	return argc;
}

/* True when p points into one of the arguments. */
static int in_args(const char *p, char *const *args, int n)
{
	for (int i = 0; i < n; i++)
		if (p >= args[i] && p <= args[i] + strlen(args[i]))
			return 1;
	return 0;
}

/* What is left is the arguments in their order, with no global option
 * left to take out (a second reading takes nothing: a word like --json
 * that is left is the value of an option, or after "--"), and every value
 * taken is one of the arguments. */
static void check_globals(const struct cli *cli, const struct cli_globals *g,
			  char **orig, int argc, char **argv, int n)
{
	int j = 1;
	fuzz_check(n >= 1 && n <= argc && argv[n] == NULL, "%d arguments left of %d", n, argc);
	for (int i = 1; i < n; i++) {
		while (j < argc && orig[j] != argv[i])
			j++;
		fuzz_check(j < argc, "argument %d ('%s') is out of order", i, argv[i]);
	}
	if (!g->version) {
		char *again[MAX_ARGS + 1];
		struct cli cli2 = {0};
		struct cli_globals g2 = {0};
		memcpy(again, argv, sizeof *argv * (size_t)(n + 1));
		int n2 = cli_global_options(&cli2, n, again, &g2);
		fuzz_check(n2 == n, "a second reading left %d arguments of %d", n2, n);
		for (int i = 0; i < n && n2 == n; i++)
			fuzz_check(again[i] == argv[i], "a second reading changed argument %d ('%s')", i, argv[i]);
	}
	const char *values[] = {cli->db_path, cli->config_path, cli->actor, g->now, g->lang};
	for (size_t i = 0; i < sizeof values / sizeof *values; i++)
		fuzz_check(!values[i] || in_args(values[i], orig, argc), "a value that is no argument");
}

/* The values through the commands' parsers; they print what is wrong. */
static void parse_values(char **pos, int npos)
{
	struct cli cli = {0};
	struct cd_duration d;
	struct cd_err err;
	int64_t id;
	cd_time t;
	int n;
	if (npos > 0)
		cli_id(pos[0], &id);
	if (at)
		cli_time(&cli, at, &t);
	if (count)
		cli_int("--count", count, 1, 1000000, &n);
	if (within)
		cd_parse_duration(within, &d, &err);
}

static void check_command(const struct cli_command *cmd, int argc, char **argv)
{
	char *pos[2];
	int npos = -1;
	note = at = count = within = NULL;
	walk_in = 0;
	int r = cli_parse(cmd, opts, argc, argv, pos, 2, &npos);
	fuzz_check(r >= -1 && r <= 1 && npos >= 0 && npos <= 2, "cli_parse: %d, %d positionals", r, npos);
	const char *values[] = {note, at, count, within, npos > 0 ? pos[0] : NULL, npos > 1 ? pos[1] : NULL};
	for (size_t i = 0; i < sizeof values / sizeof *values; i++)
		fuzz_check(!values[i] || in_args(values[i], argv, argc), "a value that is no argument");
	if (r == 0)
		parse_values(pos, npos);
	/* Without options, any --name before "--" is refused or asks for help. */
	r = cli_parse(cmd, NULL, argc, argv, pos, 0, &npos);
	for (int i = 1; r == 0 && i < argc && strcmp(argv[i], "--") != 0; i++)
		fuzz_check(strncmp(argv[i], "--", 2) != 0 || !argv[i][2], "'%s' taken without options", argv[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_string(data, size);
	char *argv[MAX_ARGS + 1], *orig[MAX_ARGS + 1];
	struct cli cli = {0};
	struct cli_globals g = {0};
	int argc = split(buf, size, argv);
	memcpy(orig, argv, sizeof argv);
	int n = cli_global_options(&cli, argc, argv, &g);
	if (n >= 0)
		check_globals(&cli, &g, orig, argc, argv, n);
	const struct cli_command *cmd = n > 1 && !g.version && !g.help ? cli_find(argv[1]) : NULL;
	if (cmd)
		check_command(cmd, n - 1, argv + 1);
	free(buf);
	return 0;
}
