/* wbench run: the mode matrix of a scenario. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "wbench/cli/cmd_run.h"
#include "wbench/cli/cliarg.h"
#include "wbench/cli/commands.h"
#include "wbench/lib/log.h"
#include "wbench/run/progress.h"
#include "wbench/lib/util.h"
#include "wbench/vm/vm.h"

/* The command line of `wbench run`. */
struct args {
	const char *scenario;
	const char *output, *captures, *html, *md;
	unsigned int port, mem;
	bool no_vm, dry_run, preflight;
};

static void help(void)
{
	printf("usage: wbench run SCENARIO [-o RESULTS.json] [--report FILE.html] [OPTIONS]\n"
	       "       wbench run --dry-run [--preflight] SCENARIO [OPTIONS]\n\n"
	       "Run the scenario's matrix (crypto mode x security profile x traffic x\n"
	       "repetition) on real AP/STA pairs: hostapd and wpa_supplicant, libiperf traffic,\n"
	       "CPU on both ends, link statistics, PMF verified from the capture. Cells run in\n"
	       "a seeded order that interleaves the modes (real labs: in crypto blocks, ABBA);\n"
	       "each finished cell is written to the results file at once (atomic rewrite), so\n"
	       "an interrupted run keeps them. The run ends with a table of the summary (modes\n"
	       "as rows).\n\n"
	       "On a host without mac80211_hwsim, a sim scenario runs inside the simulated-lab\n"
	       "VM by itself (see 'wbench vm'); paths must then be under the current directory.\n\n"
	       "Options:\n"
	       "  -o, --output FILE   results file (default results/NAME-YYYYmmdd-HHMMSS.json)\n"
	       "  --report FILE       at the end, write the HTML report of the results there\n"
	       "                      (see 'wbench report'; also after an interrupt)\n"
	       "  --markdown FILE     at the end, write the Markdown summary there\n"
	       "  --captures DIR      save each cell's capture there (default with capture.save:\n"
	       "                      next to the results, RESULTS.captures/)\n"
	       "  --port N            iperf port (default 5201)\n"
	       "  --no-vm             never relay into the VM\n"
	       "  --vm-mem MB         VM memory when relaying (default 1024)\n"
	       "  --dry-run           validate, then print every cell in run order, the crypto\n"
	       "                      flips, and per host each step the run would take and how\n"
	       "                      it is undone; set up, start, write and connect nothing\n"
	       "  --preflight         with --dry-run: also run the lab's read-only checks of\n"
	       "                      its hosts (connections allowed, changes not); exit 1 when\n"
	       "                      one found a problem\n\n"
	       "Interrupt (Ctrl-C): the cell in progress is abandoned, the lab is torn down\n"
	       "(daemons stopped, radios and namespaces removed, the driver's crypto setting\n"
	       "restored) and the results file keeps the finished cells; exit status 130.\n\n%s",
	       wb_exit_codes_help);
}

/* Parses the options into @a. Returns -1 to go on, else the exit status (--help: OK). */
static int parse_args(int argc, char *argv[], struct args *a)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "captures", required_argument, NULL, 'C' },
		{ "report", required_argument, NULL, 'R' },
		{ "markdown", required_argument, NULL, 'M' },
		{ "port", required_argument, NULL, 'p' },
		{ "no-vm", no_argument, NULL, 'N' },
		{ "vm-mem", required_argument, NULL, 'm' },
		{ "dry-run", no_argument, NULL, 'D' },
		{ "preflight", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long v;
	int c;

	*a = (struct args){ .mem = 1024 };
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			a->output = optarg;
			break;
		case 'C':
			a->captures = optarg;
			break;
		case 'R':
			a->html = optarg;
			break;
		case 'M':
			a->md = optarg;
			break;
		case 'N':
			a->no_vm = true;
			break;
		case 'D':
			a->dry_run = true;
			break;
		case 'P':
			a->preflight = true;
			break;
		case 'p':
			if (wb_parse_uint(optarg, 1, 65535, &v) < 0)
				return wb_usage_error("run", "--port: expected 1..65535, got '%s'",
						      optarg);
			a->port = (unsigned int)v;
			break;
		case 'm':
			if (wb_parse_uint(optarg, 256, 65536, &v) < 0)
				return wb_usage_error("run", "--vm-mem: expected 256..65536, got '%s'",
						      optarg);
			a->mem = (unsigned int)v;
			break;
		case 'h':
			help();
			return WB_EXIT_OK;
		default:
			return wb_cliarg_getopt_error("run", c, argv);
		}
	}
	if (optind >= argc)
		return wb_usage_error("run", "missing SCENARIO");
	if (optind + 1 < argc)
		return wb_usage_error("run", "unexpected argument '%s'", argv[optind + 1]);
	if (a->preflight && !a->dry_run)
		return wb_usage_error("run", "--preflight goes with --dry-run");
	a->scenario = argv[optind];
	{
		const struct wb_cliarg_output outs[] = { { "-o", a->output },
							 { "--report", a->html },
							 { "--markdown", a->md } };
		const char *const ins[] = { a->scenario };

		return wb_cliarg_outputs_check("run", outs, WB_ARRAY_SIZE(outs), ins, 1) ?
		       WB_EXIT_USAGE : -1;
	}
}

/* results/NAME-YYYYmmdd-HHMMSS.json: the name only (a dry run makes nothing). */
static void default_output(const struct wb_scenario *sc, char *buf, size_t len)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	snprintf(buf, len, "results/%s-%s.json", sc->name ? sc->name : "run", stamp);
}

/* RESULTS.captures next to the results file (RESULTS without ".json"). */
static void default_captures(const char *output, char *buf, size_t len)
{
	size_t n = strlen(output);

	if (n > 5 && strcmp(output + n - 5, ".json") == 0)
		n -= 5;
	snprintf(buf, len, "%.*s.captures", (int)n, output);
}

/*
 * The directory @path is written in, resolved, into @real. Returns whether it lies
 * outside the current directory (which the VM shares anyway), or -errno.
 */
static int outside_cwd(const char *path, char *real)
{
	char cwd[PATH_MAX], dir[PATH_MAX];
	int r;

	if (!getcwd(cwd, sizeof(cwd)))
		return -errno;
	if ((r = wb_path_dir(path, dir, sizeof(dir))) < 0)
		return r;
	if (!realpath(dir, real))
		return -errno;
	return !wb_path_under(real, cwd);
}

static int relay(int argc, char *argv[], unsigned int mem, const char *output,
		 const char *const *shares, struct wb_cancel *cancel)
{
	char self[PATH_MAX], outarg[PATH_MAX + 16];
	char **vargv;
	struct wb_vm_opts vo;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	int i, k = 0, code, r;

	if (n <= 0)
		return WB_EXIT_INFRA;
	self[n] = '\0';
	vargv = calloc((size_t)argc + 6, sizeof(*vargv));
	if (!vargv)
		return WB_EXIT_INFRA;
	vargv[k++] = self;
	vargv[k++] = (char *)"run";
	vargv[k++] = (char *)"--no-vm";
	/* Fix the output name here, so host and VM agree on it. */
	snprintf(outarg, sizeof(outarg), "--output=%s", output);
	vargv[k++] = outarg;
	for (i = 1; i < argc; i++)
		vargv[k++] = argv[i];
	wb_vm_opts_init(&vo);
	vo.mem_mb = mem;
	vo.shares = shares;
	wb_info("this host has no mac80211_hwsim: running the simulated lab inside the VM "
		"(wbench vm, about 10 s to boot)");
	r = wb_vm_run(&vo, vargv, cancel, &code);
	free(vargv);
	return r < 0 ? WB_EXIT_INFRA : code;
}

/* A sim scenario on a host without hwsim runs in the VM. */
static bool wants_vm(const struct args *a, const struct wb_scenario *sc)
{
	return !a->no_vm && !wb_vm_inside() && sc->lab.backend == WB_SCENARIO_BACKEND_SIM &&
		wb_vm_needed();
}

/*
 * Relays the run into the VM. The VM shares the current directory; every other
 * directory an output goes to, and the scenario's, is shared too, at the same path, so
 * -o works wherever the user can write and a scenario in /tmp is found.
 */
static int run_in_vm(int argc, char *argv[], const struct args *a, const struct wb_run_opts *ro,
		     struct wb_cancel *cancel)
{
	/* the scenario's directory too: /tmp is a tmpfs in the VM, and a passphrase_file
	 * usually lies next to the scenario */
	const char *paths[] = { ro->output, a->html, a->md, ro->capture_dir, a->scenario };
	char real[WB_ARRAY_SIZE(paths)][PATH_MAX];
	const char *shares[WB_ARRAY_SIZE(paths) + 1] = { NULL };
	size_t i, k, n = 0;

	for (i = 0; i < WB_ARRAY_SIZE(paths); i++) {
		int r = paths[i] ? outside_cwd(paths[i], real[n]) : 0;

		if (r < 0) {
			wb_err("run: cannot reach the directory of '%s': %s", paths[i],
			       strerror(-r));
			return WB_EXIT_USAGE;
		}
		for (k = 0; r && k < n; k++)
			if (wb_path_under(real[n], shares[k]))
				r = 0;  /* that share holds it already */
		if (r) {
			shares[n] = real[n];
			n++;
		}
	}
	/* a directory inside another comes with it: one share each */
	for (i = 0; i < n; i++)
		for (k = 0; k < n; k++)
			if (k != i && shares[k] && shares[i] && wb_path_under(shares[i], shares[k])) {
				shares[i] = NULL;
				break;
			}
	for (i = k = 0; i < n; i++)
		if (shares[i])
			shares[k++] = shares[i];
	shares[k] = NULL;
	return relay(argc, argv, a->mem, ro->output, shares, cancel);
}

/* Before the first cell: every output can be written (in the VM too: it writes
 * through the shares as this user). */
static int outputs_writable(const struct args *a, const struct wb_run_opts *ro)
{
	const struct wb_cliarg_output outs[] = { { "-o", ro->output }, { "--report", a->html },
						 { "--markdown", a->md } };

	return wb_cliarg_outputs_writable("run", outs, WB_ARRAY_SIZE(outs));
}

/* The run itself, here: root, the captures directory, wb_run, the table and report. */
static int run_here(const struct wb_scenario *sc, const struct args *a,
		    struct wb_run_opts *ro, struct wb_cancel *cancel)
{
	struct wb_run_end end;
	int r;

	if (geteuid() != 0) {
		wb_err("run: needs root (network namespaces, radios, daemons)");
		return WB_EXIT_INFRA;
	}
	if (ro->capture_dir && mkdir(ro->capture_dir, 0755) < 0 && errno != EEXIST) {
		wb_err("cannot create '%s': %s", ro->capture_dir, strerror(errno));
		return WB_EXIT_INFRA;
	}
	ro->tty = wb_progress_tty_default();
	r = wb_run(sc, ro, cancel, &end);
	r = wb_cmd_run_present(r, &end, ro, a->html, a->md, cancel);
	json_decref(end.doc);
	if (r < 0)
		return r == -EOPNOTSUPP ? WB_EXIT_USAGE : WB_EXIT_INFRA;
	return WB_EXIT_OK;
}

int wb_cmd_run(int argc, char *argv[], struct wb_cancel *cancel)
{
	struct args a;
	struct wb_scenario *sc = NULL;
	struct wb_run_opts ro = { .out = stdout };
	char err[512], outbuf[PATH_MAX], capbuf[PATH_MAX + 16];
	int r, ret;

	ret = parse_args(argc, argv, &a);
	if (ret >= 0)
		return ret;
	r = wb_scenario_load(a.scenario, &sc, err, sizeof(err));
	if (r < 0) {
		wb_say("wbench run: %s", err);
		return r == -ENOMEM ? WB_EXIT_INFRA : WB_EXIT_USAGE;
	}
	if (!a.output)
		default_output(sc, outbuf, sizeof(outbuf));
	ro.output = a.output ? a.output : outbuf;
	ro.port = a.port;
	ro.capture_dir = a.captures;
	if (!a.captures && sc->capture_save) {
		default_captures(ro.output, capbuf, sizeof(capbuf));
		ro.capture_dir = capbuf;
	}
	if (a.dry_run) {
		ret = wb_cmd_run_dry(sc, &ro, a.preflight, wants_vm(&a, sc), cancel);
	} else if (!a.output && mkdir("results", 0755) < 0 && errno != EEXIST) {
		wb_err("cannot create 'results': %s", strerror(errno));
		ret = WB_EXIT_INFRA;
	} else if (outputs_writable(&a, &ro)) {
		ret = WB_EXIT_USAGE;
	} else if (wants_vm(&a, sc)) {
		/* the run in the VM loads the scenario again: its passphrase is not kept here */
		wb_scenario_free(sc);
		return run_in_vm(argc, argv, &a, &ro, cancel);
	} else {
		ret = run_here(sc, &a, &ro, cancel);
	}
	wb_scenario_free(sc);
	return ret;
}
