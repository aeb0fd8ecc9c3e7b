/*
 * Benchmark input generator: writes OUT with the frames of IN repeated until at least
 * N frames, timestamps shifted so that time keeps increasing across repetitions.
 * Build: cc -O2 -o pcap_repeat tests/bench/pcap_repeat.c -lpcap
 * Usage: pcap_repeat IN OUT N
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

struct rec {
	struct pcap_pkthdr h;
	unsigned char *d;
};

int main(int argc, char *argv[])
{
	char err[PCAP_ERRBUF_SIZE];
	struct rec *r = NULL;
	size_t n = 0, cap = 0;
	unsigned long want, written = 0;
	struct pcap_pkthdr *h;
	const unsigned char *d;
	pcap_dumper_t *out;
	pcap_t *in;
	long span;

	if (argc != 4 || (want = strtoul(argv[3], NULL, 10)) == 0) {
		fprintf(stderr, "usage: pcap_repeat IN OUT N\n");
		return 2;
	}
	in = pcap_open_offline(argv[1], err);
	if (!in) {
		fprintf(stderr, "pcap_repeat: cannot read '%s': %s\n", argv[1], err);
		return 1;
	}
	while (pcap_next_ex(in, &h, &d) == 1) {
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			r = realloc(r, cap * sizeof(*r));
			if (!r)
				return 1;
		}
		r[n].h = *h;
		r[n].d = malloc(h->caplen);
		if (!r[n].d)
			return 1;
		memcpy(r[n].d, d, h->caplen);
		n++;
	}
	if (!n) {
		fprintf(stderr, "pcap_repeat: '%s' has no frames\n", argv[1]);
		return 1;
	}
	out = pcap_dump_open(in, argv[2]);
	if (!out) {
		fprintf(stderr, "pcap_repeat: cannot write '%s': %s\n", argv[2], pcap_geterr(in));
		return 1;
	}
	span = r[n - 1].h.ts.tv_sec - r[0].h.ts.tv_sec + 1;
	for (unsigned long rep = 0; written < want; rep++) {
		for (size_t i = 0; i < n && written < want; i++, written++) {
			struct pcap_pkthdr hh = r[i].h;

			hh.ts.tv_sec += (time_t)(rep * (unsigned long)span);
			pcap_dump((unsigned char *)out, &hh, r[i].d);
		}
	}
	pcap_dump_close(out);
	pcap_close(in);
	printf("%lu frames\n", written);
	return 0;
}
