/*
 * libFuzzer target for a capture streamed from a host (collectors/capture_stream.c): the
 * bytes `tcpdump -w -` sends over ssh are hostile input. The first byte sets the size of
 * the pieces the rest arrives in (1..256 bytes: ssh forwards in its own chunks); the rest
 * goes through the record finder, libpcap and the PMF verifier (wb_capture_stream_replay).
 * Nothing may crash, leak or read past the buffer; a success must give a verdict.
 * Seed inputs: the capture fixtures (tests/fixtures/pcap/, whole files).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "collectors/capture_i.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *pmf = NULL;

	if (size < 1)
		return 0;
	if (wb_capture_stream_replay(data + 1, size - 1, (size_t)data[0] + 1, &pmf) == 0) {
		if (!json_is_string(json_object_get(pmf, "verdict")))
			abort();
		json_decref(pmf);
	} else if (pmf) {
		abort();
	}
	return 0;
}
