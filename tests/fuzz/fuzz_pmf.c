/*
 * libFuzzer target for the PMF verifier: radiotap, 802.11 header, elements, RSNE,
 * MMIE, EAPOL-Key and the whole rule/key state machine, fed a sequence of frames.
 *
 * Input: one flags byte, then frames as [length, 2 bytes little-endian][bytes]...
 *   flags bit 0: link type 105 (bare 802.11) instead of 127 (radiotap)
 *   flags bit 1: verify MICs with a passphrase (derives keys from handshakes)
 *   flags bit 2: record per-frame classification
 * tests/fuzz/pcap2corpus.c turns captures (the fixtures) into such inputs.
 *
 * Build (from the repository root):
 *   mkdir -p build-fuzz && clang -g -O1 -std=c11 -D_GNU_SOURCE -I. \
 *     -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
 *     $(pkg-config --cflags jansson libcrypto) tests/fuzz/fuzz_pmf.c \
 *     wbench/wifi/radiotap.c wbench/wifi/ieee80211.c collectors/pmf.c collectors/pmf_keys.c \
 *     collectors/pmf_crypto.c collectors/pmf_result.c wbench/lib/util.c wbench/lib/log.c \
 *     wbench/wifi/ciphers.c $(pkg-config --libs jansson libcrypto) -o build-fuzz/fuzz_pmf
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "collectors/pmf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wb_pmf_opts o = { 0 };
	struct wb_pmf *p;
	json_t *r = NULL;
	uint64_t ts = 1000000;
	uint8_t flags;
	size_t off = 1;

	if (size < 1)
		return 0;
	flags = data[0];
	o.passphrase = (flags & 2) ? "wbench-fixture-pass" : NULL;
	o.record_frames = flags & 4;
	o.max_findings = 8;
	if (wb_pmf_new(&o, &p) < 0)
		abort();
	while (off + 2 <= size) {
		size_t len = (size_t)(data[off] | data[off + 1] << 8);
		uint8_t *frame;

		off += 2;
		if (len > size - off)
			len = size - off;
		/* A copy of exactly len bytes, so ASan sees any read past the frame. */
		frame = malloc(len ? len : 1);
		if (!frame)
			abort();
		for (size_t i = 0; i < len; i++)
			frame[i] = data[off + i];
		if (wb_pmf_feed(p, (flags & 1) ? 105 : 127, ts, frame, len, len + (flags >> 7)) < 0)
			abort();
		free(frame);
		off += len;
		ts += 1000;
	}
	wb_pmf_note_drops(p, flags >> 6 & 1);
	if (wb_pmf_result(p, &r) < 0)
		abort();
	json_decref(r);
	if (o.record_frames) {
		if (wb_pmf_frames(p, &r) < 0)
			abort();
		json_decref(r);
	}
	wb_pmf_free(p);
	return 0;
}
