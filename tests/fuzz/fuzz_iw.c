/*
 * libFuzzer target for the parser of `iw dev IF station dump` text (collectors/link_iw.c):
 * what a remote host prints is hostile input. Any bytes are a text (cut at the first NUL,
 * as a host's captured output would be); a parse that succeeds must give at most
 * WB_LINK_MAX_STATIONS stations whose values the JSON side turns into a result (start
 * and end both this dump: every delta 0), and a failure must leave nothing allocated.
 * Seed inputs: tests/fixtures/iw/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/link.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), err[256];
	struct wb_link_station *st;
	size_t n, i;
	json_t *j;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (wb_link_iw_parse(text, &st, &n, err, sizeof(err)) == 0) {
		if (n > WB_LINK_MAX_STATIONS || (n && !st) || (!n && st))
			abort();
		for (i = 0; i < n; i++)
			if (st[i].tx_rate.width_mhz == 0 || st[i].rx_rate.width_mhz == 0)
				abort();
		j = wb_link_stations_json(st, n, st, n);
		if (!j)
			abort();
		json_decref(j);
		free(st);
	} else if (!err[0]) {
		abort();  /* a failure always says why */
	}
	free(text);
	return 0;
}
