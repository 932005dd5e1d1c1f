/* What the fuzz targets share. Each tests/fuzz/fuzz_*.c defines
 * LLVMFuzzerTestOneInput; linked with libFuzzer it is fuzzed (make fuzz),
 * linked with driver.c it replays saved inputs (make check). A target
 * aborts through fuzz_check when what it fuzzes breaks a promise that is
 * not a crash: a wrong error message, text that does not read back. */
#ifndef CDESK_FUZZ_H
#define CDESK_FUZZ_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a NUL-terminated string (free it). NUL bytes inside stay,
 * so the string seen by a parser ends at the first one. */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Where a failed check is told. make fuzz has libFuzzer close standard
 * error (the args target prints usage errors by the thousand), so keep a
 * copy of it from before libFuzzer's main() runs. */
static FILE *fuzz_out;
__attribute__((constructor)) static void fuzz_keep_stderr(void)
{
	int fd = dup(2);
	fuzz_out = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!fuzz_out)
		fuzz_out = stderr;
	setvbuf(fuzz_out, NULL, _IONBF, 0);
}

/* Stop with a message when cond is false: libFuzzer keeps the input. */
#define fuzz_check(cond, ...)                                                        \
	do {                                                                         \
		if (!(cond)) {                                                       \
			fprintf(fuzz_out, "fuzz check failed at %s:%d: %s\n",        \
				__FILE__, __LINE__, #cond);                          \
			fprintf(fuzz_out, __VA_ARGS__);                              \
			fputc('\n', fuzz_out);                                       \
			abort();                                                     \
		}                                                                    \
	} while (0)

#endif
