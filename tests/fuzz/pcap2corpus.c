/*
 * Turns capture files into inputs for fuzz_pmf (see its header): for each FILE, writes
 * OUTDIR/<basename>-N with flags N = 0, 2, 4 and all of FILE's frames.
 * Build: cc -O2 -o build-fuzz/pcap2corpus tests/fuzz/pcap2corpus.c -lpcap
 * Usage: pcap2corpus OUTDIR FILE...
 */
#include <libgen.h>
#include <stdio.h>
#include <string.h>

#include <pcap/pcap.h>

int main(int argc, char *argv[])
{
	static const unsigned char flags[] = { 0, 2, 4 };
	char err[PCAP_ERRBUF_SIZE], path[4096], base[1024];

	if (argc < 3) {
		fprintf(stderr, "usage: pcap2corpus OUTDIR FILE...\n");
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		snprintf(base, sizeof(base), "%s", argv[i]);
		for (size_t k = 0; k < sizeof(flags); k++) {
			struct pcap_pkthdr *h;
			const unsigned char *d;
			pcap_t *pc = pcap_open_offline(argv[i], err);
			FILE *out;

			if (!pc) {
				fprintf(stderr, "pcap2corpus: cannot read '%s': %s\n", argv[i], err);
				return 1;
			}
			snprintf(path, sizeof(path), "%s/%s-%u", argv[1], basename(base), flags[k]);
			out = fopen(path, "wb");
			if (!out) {
				perror(path);
				pcap_close(pc);
				return 1;
			}
			fputc(flags[k], out);
			while (pcap_next_ex(pc, &h, &d) == 1) {
				unsigned int n = h->caplen > 65535 ? 65535 : h->caplen;

				fputc((int)(n & 0xff), out);
				fputc((int)(n >> 8), out);
				fwrite(d, 1, n, out);
			}
			pcap_close(pc);
			if (fclose(out) != 0) {
				perror(path);
				return 1;
			}
		}
	}
	return 0;
}
