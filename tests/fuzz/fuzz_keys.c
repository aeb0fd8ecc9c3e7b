/*
 * libFuzzer target for the parser of the debugfs key reader's output
 * (collectors/crypto_keys.c, wb_crypto_keys_parse): what a remote host prints is hostile
 * input. Any bytes are a text (cut at the first NUL); a success must give an object whose
 * status is "ok" (with keys and a summary) or "unavailable" (with a reason), a failure
 * no object and a message. Seed inputs: tests/fixtures/debugfs/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/crypto_keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), err[256] = "";
	json_t *r = NULL;
	const char *st;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (wb_crypto_keys_parse(text, "phy0", "fuzz", &r, err, sizeof(err)) == 0) {
		st = json_string_value(json_object_get(r, "status"));
		if (!st || (strcmp(st, "ok") && strcmp(st, "unavailable")))
			abort();
		if (!strcmp(st, "ok") && (!json_is_array(json_object_get(r, "keys")) ||
					  !json_is_string(json_object_get(r, "summary"))))
			abort();
		if (!strcmp(st, "unavailable") && !json_is_string(json_object_get(r, "reason")))
			abort();
		json_decref(r);
	} else if (r || !err[0]) {
		abort();
	}
	free(text);
	return 0;
}
