/*
 * libFuzzer target for the iperf JSON reader (collectors/throughput_parse.c): a remote
 * host's iperf3 (any version) prints what the result is built from, so it is hostile
 * input. The first byte picks the protocol and direction; the rest, cut at the first NUL,
 * is the client's JSON, and a second part after a NUL (if any) the server's. A success
 * must leave a bits_per_second number in the result; a failure must say why.
 * Seed inputs: tests/fixtures/iperf/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/throughput.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wb_throughput_params p;
	char *text, *srv, err[512] = "";
	json_t *r;
	int ret;

	if (size < 1)
		return 0;
	text = malloc(size + 1);
	r = json_object();
	if (!text || !r) {
		free(text);
		json_decref(r);
		return 0;
	}
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	srv = strlen(text) + 1 < size - 1 ? text + strlen(text) + 1 : NULL;
	wb_throughput_params_init(&p);
	p.proto = data[0] & 1 ? WB_THROUGHPUT_UDP : WB_THROUGHPUT_TCP;
	p.dir = data[0] & 2 ? WB_THROUGHPUT_DOWN : WB_THROUGHPUT_UP;
	ret = wb_throughput_parse(text, srv, &p, r, err, sizeof(err));
	if (ret == 0 && !json_is_number(json_object_get(r, "bits_per_second")))
		abort();
	if (ret < 0 && !err[0])
		abort();
	json_decref(r);
	free(text);
	return 0;
}
