/* SHA-256 of a whole message (see core/sha256.c). */
#ifndef CDESK_SHA256_H
#define CDESK_SHA256_H

#include <stddef.h>

void cd_sha256(const void *msg, size_t len, unsigned char out[32]);
/* libsodium's, whatever the processor: for the test that compares. */
void cd_sha256_portable(const void *msg, size_t len, unsigned char out[32]);

#endif
