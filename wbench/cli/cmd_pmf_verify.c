/*
 * wbench pmf-verify: the passive PMF verifier on a capture file (pcap or pcapng,
 * radiotap or bare 802.11 link type).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "wbench/wifi/confcheck.h"
#include "wbench/wifi/ieee80211.h"
#include "collectors/pmf.h"
#include "wbench/cli/cliarg.h"
#include "wbench/cli/commands.h"
#include "wbench/lib/log.h"
#include "wbench/lib/util.h"

static const char help[] =
	"usage: wbench pmf-verify FILE [--json] [--frames] [--bssid MAC]\n"
	"                         [--ssid SSID --passphrase-file FILE]\n\n"
	"Verify management frame protection (802.11w) from a capture: unicast robust\n"
	"frames protected once keys are installed, group robust frames with a valid MMIE\n"
	"(key id 4/5, increasing IPN), beacons with an MME under beacon protection.\n"
	"With a PSK passphrase, the MICs are checked too (keys from the 4-way handshake).\n\n"
	"  --json                  print the result object (JSON) instead of a summary\n"
	"  --frames                list every frame's classification: with --json as\n"
	"                          \"frame_list\", otherwise one tab-separated line each:\n"
	"                          frame, protected (0/1), MMIE key id (or -), class, check\n"
	"  --bssid MAC             verify only this BSS\n"
	"  --ssid SSID             SSID for the PSK (default: from the beacons)\n"
	"  --passphrase-file FILE  PSK passphrase, first line of FILE (never printed)\n\n"
	"Exit status: 0 pass or n/a, 1 fail (a finding), 2 usage or unreadable input.\n";

/* First line of @path, without its newline; *out is new (wiped and freed by caller). */
static int read_passphrase(const char *path, char **out)
{
	char *buf = NULL;
	size_t len = 0;
	int ret = wb_read_file(path, WB_PASSPHRASE_FILE_MAX, &buf, &len);

	if (ret < 0) {
		wb_err("cannot read passphrase file '%s': %s", path, wb_read_file_strerror(ret));
		return WB_EXIT_USAGE;
	}
	buf[strcspn(buf, "\r\n")] = '\0';
	if (strlen(buf) < 8 || strlen(buf) > 63) {
		wb_err("passphrase file '%s': expected 8..63 characters on the first line", path);
		wb_secure_zero(buf, len);
		free(buf);
		return WB_EXIT_USAGE;
	}
	*out = buf;
	return 0;
}

/* The hidden --bare mode: the cost of reading the file alone, for `make bench`. */
/* A capture file: a regular file only (a FIFO would block for ever). NULL: @errbuf says. */
static pcap_t *open_capture(const char *file, char *errbuf)
{
	int fd = wb_open_regular(file);
	FILE *fp = fd < 0 ? NULL : fdopen(fd, "rb");
	pcap_t *pc;

	if (!fp) {
		snprintf(errbuf, PCAP_ERRBUF_SIZE, "%s", wb_read_file_strerror(fd < 0 ? fd : -errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	pc = pcap_fopen_offline_with_tstamp_precision(fp, PCAP_TSTAMP_PRECISION_MICRO, errbuf);
	if (!pc)
		fclose(fp);
	return pc;
}

static int bare_loop(pcap_t *pc)
{
	struct pcap_pkthdr *h;
	const u_char *d;
	uint64_t n = 0, bytes = 0;
	int r;

	while ((r = pcap_next_ex(pc, &h, &d)) == 1) {
		n++;
		bytes += h->caplen;
	}
	printf("%" PRIu64 " frames %" PRIu64 " bytes\n", n, bytes);
	return r == PCAP_ERROR_BREAK ? WB_EXIT_OK : WB_EXIT_USAGE;
}

static int verify(pcap_t *pc, const char *file, struct wb_pmf *pmf)
{
	int dlt = pcap_datalink(pc), r;
	bool classic = pcap_major_version(pc) == 2;
	uint64_t n = 0, off = 24;
	struct pcap_pkthdr *h;
	const u_char *d;

	while ((r = pcap_next_ex(pc, &h, &d)) == 1) {
		uint64_t ts = (uint64_t)h->ts.tv_sec * 1000000u + (uint64_t)h->ts.tv_usec;

		n++;
		r = wb_pmf_feed(pmf, dlt, ts, d, h->caplen, h->len);
		if (r < 0) {
			wb_err("'%s': frame %" PRIu64 ": %s", file, n, strerror(-r));
			return WB_EXIT_INFRA;
		}
		off += 16 + h->caplen;
	}
	if (r != PCAP_ERROR_BREAK) {
		if (classic)
			wb_err("'%s': bad record after frame %" PRIu64 " at byte offset %" PRIu64
			       ": %s", file, n, off, pcap_geterr(pc));
		else
			wb_err("'%s': bad block after frame %" PRIu64 ": %s", file, n,
			       pcap_geterr(pc));
		return WB_EXIT_USAGE;
	}
	return WB_EXIT_OK;
}

/* The per-frame lines for cross-checks with tshark -T fields. */
static int print_frames(struct wb_pmf *pmf)
{
	json_t *fl, *o;
	size_t i;

	if (wb_pmf_frames(pmf, &fl) < 0)
		return -ENOMEM;
	json_array_foreach(fl, i, o) {
		json_t *k = json_object_get(o, "mmie_keyid");

		printf("%" JSON_INTEGER_FORMAT "\t%d\t", json_integer_value(json_object_get(o, "frame")),
		       json_is_true(json_object_get(o, "protected")));
		if (k)
			printf("%" JSON_INTEGER_FORMAT, json_integer_value(k));
		else
			putchar('-');
		printf("\t%s\t%s\n", json_string_value(json_object_get(o, "class")),
		       json_object_get(o, "check") ? json_string_value(json_object_get(o, "check")) :
		       "-");
	}
	json_decref(fl);
	return 0;
}

static int output(struct wb_pmf *pmf, bool json, bool frames)
{
	json_t *res = NULL, *fl = NULL;

	if (!json && frames)
		return print_frames(pmf);
	if (!json) {
		wb_pmf_print(pmf, stdout);
		return 0;
	}
	if (wb_pmf_result(pmf, &res) < 0 || (frames && wb_pmf_frames(pmf, &fl) < 0) ||
	    (fl && json_object_set_new(res, "frame_list", fl) < 0)) {
		json_decref(res);
		wb_err("out of memory");
		return -ENOMEM;
	}
	if (json_dumpf(res, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(17)) < 0) {
		json_decref(res);
		return -EIO;
	}
	putchar('\n');
	json_decref(res);
	return 0;
}

int wb_cmd_pmf_verify(int argc, char *argv[], struct wb_cancel *cancel)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "frames", no_argument, NULL, 'f' },
		{ "bssid", required_argument, NULL, 'b' },
		{ "ssid", required_argument, NULL, 's' },
		{ "passphrase-file", required_argument, NULL, 'p' },
		{ "bare", no_argument, NULL, 'B' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct wb_pmf_opts po = { 0 };
	const char *pass_file = NULL, *file;
	bool json = false, frames = false, bare = false;
	char errbuf[PCAP_ERRBUF_SIZE], *pass = NULL;
	struct wb_pmf *pmf = NULL;
	uint8_t bssid[6];
	pcap_t *pc = NULL;
	int c, ret, dlt;

	(void)cancel;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'f': frames = true; break;
		case 'B': bare = true; break;
		case 's': po.ssid = optarg; break;
		case 'p': pass_file = optarg; break;
		case 'b':
			if (wb_80211_addr_parse(optarg, bssid) < 0)
				return wb_usage_error("pmf-verify", "bad --bssid '%s': expected "
						      "aa:bb:cc:dd:ee:ff", optarg);
			po.bssid = bssid;
			break;
		case 'h':
			fputs(help, stdout);
			return WB_EXIT_OK;
		default:
			return wb_cliarg_getopt_error("pmf-verify", c, argv);
		}
	}
	if (optind != argc - 1)
		return wb_usage_error("pmf-verify", "expected exactly one capture file");
	file = argv[optind];
	if (po.ssid && (strlen(po.ssid) < 1 || strlen(po.ssid) > 32))
		return wb_usage_error("pmf-verify", "--ssid must be 1..32 bytes");
	if (po.ssid && !pass_file)
		return wb_usage_error("pmf-verify", "--ssid needs --passphrase-file");

	pc = open_capture(file, errbuf);
	if (!pc) {
		wb_err("cannot read capture '%s': %s", file, errbuf);
		return WB_EXIT_USAGE;
	}
	if (bare) {
		ret = bare_loop(pc);
		goto out;
	}
	dlt = pcap_datalink(pc);
	if (dlt != WB_PMF_DLT_IEEE802_11_RADIO && dlt != WB_PMF_DLT_IEEE802_11) {
		wb_err("capture '%s': link type %d (%s), expected 127 (IEEE802_11_RADIO) or "
		       "105 (IEEE802_11)", file, dlt, pcap_datalink_val_to_name(dlt) ?
		       pcap_datalink_val_to_name(dlt) : "unknown");
		ret = WB_EXIT_USAGE;
		goto out;
	}
	if (pass_file) {
		ret = read_passphrase(pass_file, &pass);
		if (ret)
			goto out;
		po.passphrase = pass;
	}
	po.record_frames = frames;
	ret = wb_pmf_new(&po, &pmf);
	if (pass) {
		wb_secure_zero(pass, strlen(pass));
		free(pass);
	}
	if (ret < 0) {
		wb_err("cannot set up the verifier: %s", strerror(-ret));
		ret = WB_EXIT_USAGE;
		goto out;
	}
	ret = verify(pc, file, pmf);
	if (ret == WB_EXIT_OK) {
		if (output(pmf, json, frames) < 0)
			ret = WB_EXIT_INFRA;
		else if (wb_pmf_verdict(pmf) == WB_PMF_FAIL)
			ret = WB_EXIT_FAIL;
	}
out:
	wb_pmf_free(pmf);
	pcap_close(pc);
	return ret;
}
