/*
 * wbench pmf-capture: the capture collector on its own. Captures on a sniffer
 * interface until a deadline or a signal, verifies PMF live and prints the result.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wbench/wifi/confcheck.h"
#include "wbench/wifi/ieee80211.h"
#include "collectors/capture.h"
#include "collectors/pmf.h"
#include "wbench/cli/cliarg.h"
#include "wbench/cli/commands.h"
#include "wbench/lib/log.h"
#include "wbench/lib/util.h"
#include "wbench/lib/wait.h"

static const char help[] =
	"usage: wbench pmf-capture -i IFACE [--netns PATH] [-w FILE] [--seconds N]\n"
	"                          [--full | --filter BPF] [--snaplen N] [--bssid MAC]\n"
	"                          [--ssid SSID --passphrase-file FILE]\n\n"
	"Capture on a monitor interface (radiotap), verify management frame protection\n"
	"live and print the capture result (JSON) when the time is up or on Ctrl-C.\n"
	"Prints 'capturing on IFACE' to stderr once frames are being captured.\n\n"
	"  -i IFACE                sniffer interface (hwsim0 in the sim)\n"
	"  --netns PATH            network namespace file the interface lives in\n"
	"  -w FILE                 also save the capture to FILE (mode 0600)\n"
	"  --seconds N             stop after N seconds (default: at a signal only)\n"
	"  --full                  capture every frame in full (default: management\n"
	"                          and EAPOL-Key frames, 1024-byte snap length)\n"
	"  --filter BPF            another capture filter\n"
	"  --snaplen N             another snap length\n"
	"  --bssid MAC             verify only this BSS\n"
	"  --ssid SSID, --passphrase-file FILE   check MICs (PSK), as in pmf-verify\n\n"
	"Exit status: 0 pass or n/a, 1 fail, 2 usage error, 3 capture failure.\n";

/* Poll the capture and the cancel source until @seconds (0: no deadline). */
static int run_loop(struct wb_collector *c, unsigned long seconds, struct wb_cancel *cancel)
{
	struct wb_wait w;

	wb_wait_init(&w, seconds ? (int64_t)seconds * 1000 : -1, cancel);
	for (;;) {
		struct pollfd p = { .fd = wb_capture_ops.poll_fd(c), .events = POLLIN };
		int r = wb_wait_round(&w, &p, 1);

		/* Time up or a signal: stop cleanly; main turns the signal into the exit code. */
		if (r == -ETIMEDOUT || r == -ECANCELED)
			return 0;
		if (r < 0)
			return r;
		if (wb_cancel_check(cancel))
			return 0;  /* a signal during the poll: no further read */
		if (p.revents & POLLIN) {
			r = wb_capture_ops.read(c);
			if (r < 0)
				return r;
		}
	}
}

/* What the options ask for; cfg.priv points at cc, cc.bssid at bssid. */
struct capture_args {
	struct wb_capture_cfg cc;
	struct wb_collector_cfg cfg;
	unsigned long seconds;   /* 0: until a signal */
	char *pass;              /* the passphrase file's first line (wiped and freed) */
	uint8_t bssid[WB_80211_ADDR_LEN];
};

static void args_release(struct capture_args *a)
{
	if (a->pass) {
		wb_secure_zero(a->pass, strlen(a->pass));
		free(a->pass);
		a->pass = NULL;
	}
}

/* Reads the first line of @path as the passphrase. Returns 0 or an exit status. */
static int read_passphrase(struct capture_args *a, const char *path)
{
	size_t len;
	int ret;

	args_release(a);
	ret = wb_read_file(path, WB_PASSPHRASE_FILE_MAX, &a->pass, &len);
	if (ret < 0) {
		wb_err("cannot read passphrase file '%s': %s", path, wb_read_file_strerror(ret));
		return WB_EXIT_USAGE;
	}
	a->pass[strcspn(a->pass, "\r\n")] = '\0';
	a->cc.passphrase = a->pass;
	return 0;
}

/* Returns -1 to go on capturing, or the exit status (usage error, --help). */
static int parse_args(int argc, char *argv[], struct capture_args *a)
{
	static const struct option opts[] = {
		{ "netns", required_argument, NULL, 'n' },
		{ "seconds", required_argument, NULL, 't' },
		{ "full", no_argument, NULL, 'F' },
		{ "filter", required_argument, NULL, 'f' },
		{ "snaplen", required_argument, NULL, 's' },
		{ "bssid", required_argument, NULL, 'b' },
		{ "ssid", required_argument, NULL, 'S' },
		{ "passphrase-file", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long snap;
	int opt;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":i:w:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'i': a->cfg.ifname = optarg; break;
		case 'n': a->cfg.netns = optarg; break;
		case 'w': a->cc.save_path = optarg; break;
		case 'F': a->cc.full = true; break;
		case 'f': a->cc.filter = optarg; break;
		case 'S': a->cc.ssid = optarg; break;
		case 't':
			if (wb_parse_uint(optarg, 1, 86400, &a->seconds) < 0)
				return wb_usage_error("pmf-capture", "bad --seconds '%s'", optarg);
			break;
		case 's':
			if (wb_parse_uint(optarg, 64, 262144, &snap) < 0)
				return wb_usage_error("pmf-capture", "bad --snaplen '%s': "
						      "expected 64..262144", optarg);
			a->cc.snaplen = (int)snap;
			break;
		case 'b':
			if (wb_80211_addr_parse(optarg, a->bssid) < 0)
				return wb_usage_error("pmf-capture", "bad --bssid '%s'", optarg);
			a->cc.bssid = a->bssid;
			break;
		case 'p':
			if (read_passphrase(a, optarg) != 0)
				return WB_EXIT_USAGE;
			break;
		case 'h':
			fputs(help, stdout);
			return WB_EXIT_OK;
		default:
			return wb_cliarg_getopt_error("pmf-capture", opt, argv);
		}
	}
	if (!a->cfg.ifname || optind != argc)
		return wb_usage_error("pmf-capture", "expected -i IFACE and no other arguments");
	return -1;
}

int wb_cmd_pmf_capture(int argc, char *argv[], struct wb_cancel *cancel)
{
	struct capture_args a = { .cfg = { .label = "sniffer" } };
	struct wb_collector *c = NULL;
	json_t *res = NULL;
	int ret;

	a.cfg.priv = &a.cc;
	ret = parse_args(argc, argv, &a);
	if (ret >= 0)
		goto out;
	ret = wb_capture_ops.open(&a.cfg, &c);
	if (ret < 0) {
		ret = ret == -EINVAL ? WB_EXIT_USAGE : WB_EXIT_INFRA;
		goto out;
	}
	wb_say("capturing on %s", a.cfg.ifname);
	ret = run_loop(c, a.seconds, cancel);
	if (wb_capture_ops.stop(c) < 0 || ret < 0 || wb_capture_ops.result(c, &res) < 0) {
		ret = WB_EXIT_INFRA;
		goto out;
	}
	json_dumpf(res, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
	putchar('\n');
	ret = wb_pmf_verdict(wb_capture_pmf(c)) == WB_PMF_FAIL ? WB_EXIT_FAIL : WB_EXIT_OK;
out:
	json_decref(res);
	wb_capture_ops.close(c);
	args_release(&a);
	return ret;
}
