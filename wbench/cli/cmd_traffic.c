/* wbench traffic: one libiperf run with the throughput collector, result JSON on stdout. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/throughput.h"
#include "wbench/cli/cliarg.h"
#include "wbench/cli/commands.h"
#include "wbench/lib/log.h"
#include "wbench/lib/util.h"

static const char traffic_help[] =
	"usage: wbench traffic [OPTIONS]\n\n"
	"Run one iperf test (libiperf, each role in its own process) and print the\n"
	"throughput collector's result JSON: receiver goodput, sender rate, retransmits,\n"
	"UDP loss and jitter, per-second intervals and the monotonic measured window.\n\n"
	"Options:\n"
	"  -s, --server ADDR         address the server binds and the client connects to\n"
	"                            (default 127.0.0.1)\n"
	"  -p, --port N              port (default 5201)\n"
	"      --server-netns NS     run the server in network namespace NS (a name under\n"
	"                            /run/netns or a path)\n"
	"      --client-netns NS     run the client in network namespace NS\n"
	"      --client-only         do not start a server (one runs elsewhere, e.g. iperf3 -s)\n"
	"  -u, --udp                 UDP instead of TCP\n"
	"  -d, --direction up|down   up: client sends (STA->AP); down: server sends (default up)\n"
	"  -P, --streams N           parallel streams (default 1)\n"
	"  -t, --duration S          measured seconds (default 10)\n"
	"  -O, --omit S              warm-up seconds left out of the sums (default 2)\n"
	"  -b, --bitrate R           UDP target rate per stream in bits/s, suffix K, M or G;\n"
	"                            0 means unlimited (default 100M)\n"
	"  -l, --blksize N           bytes per write (default: UDP 1460, TCP 128 KiB)\n"
	"      --connect-timeout MS  how long the client keeps trying to reach the server\n"
	"                            (default 5000)\n"
	"      --deadline-slack MS   hard deadline: both roles are stopped connect-timeout +\n"
	"                            1.25 x (omit + duration) + MS after the start\n"
	"                            (default 10000)\n"
	"  -h, --help                this text\n\n"
	"Exit status: 0 the traffic ran; 2 usage error; 3 the traffic failed (the JSON has\n"
	"\"status\": \"traffic_failed\" and a message); 128+N when stopped by signal N.\n";

/* "100M", "1.5G", "800k" -> bits/s (decimal multipliers, like iperf3 -b). */
static int parse_rate(const char *s, uint64_t *out)
{
	char *end;
	double v, mult = 1;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || v < 0)
		return -EINVAL;
	switch (*end) {
	case 'k': case 'K': mult = 1e3; end++; break;
	case 'm': case 'M': mult = 1e6; end++; break;
	case 'g': case 'G': mult = 1e9; end++; break;
	default: break;
	}
	if (*end || v * mult > 1e13)
		return -EINVAL;
	*out = (uint64_t)(v * mult);
	return 0;
}

/* A bare name means /run/netns/NAME (what `ip netns add` creates). */
static char *netns_path(const char *arg)
{
	char *p;

	if (strchr(arg, '/'))
		return strdup(arg);
	if (asprintf(&p, "/run/netns/%s", arg) < 0)
		return NULL;
	return p;
}

enum {
	OPT_SERVER_NETNS = 256, OPT_CLIENT_NETNS, OPT_CLIENT_ONLY, OPT_CONNECT_TIMEOUT, OPT_SLACK,
};

static const struct option traffic_opts[] = {
	{ "server", required_argument, NULL, 's' },
	{ "port", required_argument, NULL, 'p' },
	{ "server-netns", required_argument, NULL, OPT_SERVER_NETNS },
	{ "client-netns", required_argument, NULL, OPT_CLIENT_NETNS },
	{ "client-only", no_argument, NULL, OPT_CLIENT_ONLY },
	{ "udp", no_argument, NULL, 'u' },
	{ "direction", required_argument, NULL, 'd' },
	{ "streams", required_argument, NULL, 'P' },
	{ "duration", required_argument, NULL, 't' },
	{ "omit", required_argument, NULL, 'O' },
	{ "bitrate", required_argument, NULL, 'b' },
	{ "blksize", required_argument, NULL, 'l' },
	{ "connect-timeout", required_argument, NULL, OPT_CONNECT_TIMEOUT },
	{ "deadline-slack", required_argument, NULL, OPT_SLACK },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Parse a numeric option into *out, or print the usage error. Returns 0 or WB_EXIT_USAGE. */
static int uint_opt(const char *name, const char *arg, unsigned long min, unsigned long max,
		    unsigned int *out)
{
	unsigned long v;

	if (wb_parse_uint(arg, min, max, &v) < 0)
		return wb_usage_error("traffic", "option '%s' expects an integer in %lu..%lu, got "
				      "'%s'", name, min, max, arg);
	*out = (unsigned int)v;
	return 0;
}

static int parse_args(int argc, char *argv[], struct wb_throughput_params *p,
		      char **sns, char **cns)
{
	int c;

	optind = 0;  /* glibc: full re-initialisation */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:p:ud:P:t:O:b:l:h", traffic_opts, NULL)) != -1) {
		int r = 0;

		switch (c) {
		case 's': p->server_addr = optarg; break;
		case 'p': r = uint_opt("--port", optarg, 1, 65535, &p->port); break;
		case OPT_SERVER_NETNS:
			free(*sns);
			*sns = netns_path(optarg);
			if (!*sns)
				return WB_EXIT_INFRA;
			break;
		case OPT_CLIENT_NETNS:
			free(*cns);
			*cns = netns_path(optarg);
			if (!*cns)
				return WB_EXIT_INFRA;
			break;
		case OPT_CLIENT_ONLY: p->client_only = true; break;
		case 'u': p->proto = WB_THROUGHPUT_UDP; break;
		case 'd':
			if (strcmp(optarg, "up") == 0)
				p->dir = WB_THROUGHPUT_UP;
			else if (strcmp(optarg, "down") == 0)
				p->dir = WB_THROUGHPUT_DOWN;
			else
				return wb_usage_error("traffic", "option '--direction' expects 'up' or "
						      "'down', got '%s'", optarg);
			break;
		case 'P': r = uint_opt("--streams", optarg, 1, 128, &p->streams); break;
		case 't': r = uint_opt("--duration", optarg, 1, 86400, &p->duration_s); break;
		case 'O': r = uint_opt("--omit", optarg, 0, 600, &p->omit_s); break;
		case 'b':
			if (parse_rate(optarg, &p->udp_bitrate) < 0)
				return wb_usage_error("traffic", "option '--bitrate' expects a rate "
						      "such as 100M, got '%s'", optarg);
			break;
		case 'l': r = uint_opt("--blksize", optarg, 1, 1048576, &p->blksize); break;
		case OPT_CONNECT_TIMEOUT:
			r = uint_opt("--connect-timeout", optarg, 1, 600000, &p->connect_timeout_ms);
			break;
		case OPT_SLACK:
			r = uint_opt("--deadline-slack", optarg, 0, 3600000, &p->slack_ms);
			break;
		case 'h': fputs(traffic_help, stdout); return -1;
		default:
			return wb_cliarg_getopt_error("traffic", c, argv);
		}
		if (r)
			return r;
	}
	if (optind < argc)
		return wb_usage_error("traffic", "unexpected argument '%s'", argv[optind]);
	p->server_netns = *sns;
	p->client_netns = *cns;
	return 0;
}

int wb_cmd_traffic(int argc, char *argv[], struct wb_cancel *cancel)
{
	struct wb_throughput_params p;
	struct wb_host *local = NULL;
	char *sns = NULL, *cns = NULL, err[256], *text;
	json_t *res = NULL;
	int r, ret;

	wb_throughput_params_init(&p);
	p.cancel = cancel;
	if (wb_host_local_new(&local) < 0) {
		wb_err("out of memory");
		return WB_EXIT_INFRA;
	}
	p.server_host = p.client_host = local;
	r = parse_args(argc, argv, &p, &sns, &cns);
	if (r) {
		ret = r < 0 ? WB_EXIT_OK : r;
		goto out;
	}
	if (wb_throughput_params_check(&p, err, sizeof(err)) < 0) {
		ret = wb_usage_error("traffic", "%s", err);
		goto out;
	}
	r = wb_throughput_run(&p, &res);
	if (r < 0) {
		wb_err("cannot run the traffic: %s", strerror(-r));
		ret = WB_EXIT_INFRA;
		goto out;
	}
	text = json_dumps(res, JSON_INDENT(2) | JSON_REAL_PRECISION(12));
	if (!text) {
		wb_err("cannot format the result");
		ret = WB_EXIT_INFRA;
		goto out;
	}
	puts(text);
	free(text);
	ret = strcmp(json_string_value(json_object_get(res, "status")), "ok") == 0 ?
	      WB_EXIT_OK : WB_EXIT_INFRA;
	if (ret != WB_EXIT_OK)
		wb_err("traffic failed: %s", json_string_value(json_object_get(res, "message")));
out:
	json_decref(res);
	free(sns);
	free(cns);
	wb_host_free(local);
	return ret;
}
