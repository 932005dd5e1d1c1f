/* The YAML configuration (cd_config_parse). A configuration that is refused
 * is refused with "fuzz.yaml:LINE:COLUMN: why". One that loads is written
 * back as YAML (cd_config_dump, what `cdesk config show` prints), and that
 * text loads again as the same configuration: written back once more it is
 * the same text, and the amounts (which the text rounds) are the same. */
#include "fuzz.h"
#include "cdesk/config.h"

static void check_error(const struct cd_err *err, size_t size)
{
	unsigned long line = 0, col = 0;
	int n = 0;
	fuzz_check(err->code == CD_ECONFIG, "error code %d: %s", err->code, err->msg);
	sscanf(err->msg, "fuzz.yaml:%lu:%lu: %n", &line, &col, &n);
	fuzz_check(n > 0 && line >= 1 && col >= 1, "the error has no file:line:column: %s", err->msg);
	fuzz_check(line <= size + 1 && col <= size + 1, "the error points past the text: %s", err->msg);
}

/* The configuration written as YAML (free it). */
static char *dump(const struct cd_config *c)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	if (!out)
		abort();
	fuzz_check(cd_config_dump(c, out) == 0, "the configuration cannot be written");
	fclose(out);
	return text;
}

static void check_same_amounts(const struct cd_config *a, const struct cd_config *b)
{
	fuzz_check(a->roles.n == b->roles.n, "%zu roles, written back %zu", a->roles.n, b->roles.n);
	for (size_t i = 0; i < a->roles.n; i++) {
		const struct cd_item *x = &a->roles.v[i], *y = &b->roles.v[i];
		fuzz_check(x->limit == y->limit, "role %s: limit %lld fen, written back %lld",
			   x->id, (long long)x->limit, (long long)y->limit);
		fuzz_check(x->nlimits == y->nlimits, "role %s: %zu limits, written back %zu",
			   x->id, x->nlimits, y->nlimits);
		for (size_t j = 0; j < x->nlimits; j++)
			fuzz_check(x->limits[j].amount == y->limits[j].amount,
				   "role %s: limit for %s %lld fen, written back %lld", x->id,
				   x->limits[j].remedy, (long long)x->limits[j].amount, (long long)y->limits[j].amount);
	}
}

static void check_written_back(const struct cd_config *c)
{
	struct cd_err err;
	char *text = dump(c);
	struct cd_config *again = cd_config_parse(text, strlen(text), "dump.yaml", &err);
	fuzz_check(again != NULL, "the configuration written back does not load: %s\n%s", err.msg, text);
	char *text2 = dump(again);
	fuzz_check(strcmp(text, text2) == 0, "written back twice, it differs:\n%s\n--- then:\n%s", text, text2);
	check_same_amounts(c, again);
	free(text2);
	free(text);
	cd_config_free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cd_err err;
	struct cd_config *c = cd_config_parse((const char *)data, size, "fuzz.yaml", &err);
	if (!c) {
		check_error(&err, size);
		return 0;
	}
	check_written_back(c);
	cd_config_free(c);
	return 0;
}
