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

#include "reports/report.h"
#include "reports/table.h"
#include "wbench/cli/commands.h"
#include "wbench/lib/log.h"
#include "wbench/run/progress.h"
#include "wbench/run/run.h"
#include "wbench/scenario/scenario.h"
#include "wbench/lib/util.h"
#include "wbench/vm/vm.h"

static void help(void)
{
	printf("usage: wbench run SCENARIO [-o RESULTS.json] [--report FILE.html] [OPTIONS]\n\n"
	       "Run the scenario's matrix (crypto mode x security profile x traffic x\n"
	       "repetition) on real AP/STA pairs: hostapd and wpa_supplicant, libiperf traffic,\n"
	       "CPU on both ends, link statistics, PMF verified from the capture. Cells run in\n"
	       "a seeded order that interleaves the modes; each finished cell is written to the\n"
	       "results file at once (atomic rewrite), so an interrupted run keeps them. The run\n"
	       "ends with a table of the summary (modes as rows).\n\n"
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
	       "  --vm-mem MB         VM memory when relaying (default 1024)\n\n"
	       "Interrupt (Ctrl-C): the cell in progress is abandoned, the lab is torn down\n"
	       "(daemons stopped, radios and namespaces removed, the driver's crypto setting\n"
	       "restored) and the results file keeps the finished cells; exit status 130.\n\n%s",
	       wb_exit_codes_help);
}

/* results/NAME-YYYYmmdd-HHMMSS.json, creating results/ when needed. */
static int default_output(const struct wb_scenario *sc, char *buf, size_t len)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	if (mkdir("results", 0755) < 0 && errno != EEXIST)
		return -errno;
	snprintf(buf, len, "results/%s-%s.json", sc->name ? sc->name : "run", stamp);
	return 0;
}

/* True when @path (an existing file's directory) lies under the current directory. */
static bool under_cwd(const char *path)
{
	char cwd[PATH_MAX], dir[PATH_MAX], real[PATH_MAX], *slash;

	if (!getcwd(cwd, sizeof(cwd)))
		return false;
	wb_strlcpy(dir, path, sizeof(dir));
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		wb_strlcpy(dir, ".", sizeof(dir));
	/* the results directory may not exist yet: one level is made, like results/ */
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return false;
	if (!realpath(dir, real))
		return false;
	return wb_str_has_prefix(real, cwd) && (real[strlen(cwd)] == '\0' || real[strlen(cwd)] == '/');
}

/* The sim's caveat under the table (the report and results carry their own). */
#define SIM_NOTE "note: the sim has no hardware crypto; both modes run mac80211's software " \
	"crypto, so throughput and CPU do not show the cost of nohwcrypt here (what it shows " \
	"is which modes start).\n"

/* The end of a successful run: the summary table, the sim's caveat, the results file. */
static void print_summary(FILE *out, const struct wb_run_end *end, const char *output)
{
	char *table = wb_table_render(json_object_get(end->doc, "summary"), 0);

	if (!table)
		return;
	fprintf(out, "\n%s", table);
	if (end->simulated)
		fputs("\n" SIM_NOTE, out);
	fprintf(out, "results: %s\n", output);
	free(table);
}

/* The report of the results as they are now (complete or not): HTML and/or Markdown. */
static int write_report(FILE *out, const json_t *doc, const char *output, const char *html,
			const char *md, struct wb_cancel *cancel)
{
	struct wb_report_input in = { .file = output, .doc = doc };
	char err[512];
	int r;

	/* After Ctrl-C the report of the partial results is still written, without charts. */
	r = wb_report_write(&in, 1, NULL, html, md, cancel, err, sizeof(err));
	if (r < 0) {
		wb_err("run: report: %s", err);
		return r;
	}
	if (html)
		fprintf(out, "report: %s\n", html);
	if (md)
		fprintf(out, "markdown: %s\n", md);
	return 0;
}

/*
 * After wb_run returned @r: the table when the run succeeded, then the report, written
 * whatever the outcome (an interrupted or failed run included). Returns @r, or the
 * report's error.
 */
static int present(int r, const struct wb_run_end *end, const struct wb_run_opts *ro,
		   const char *html, const char *md, struct wb_cancel *cancel)
{
	int rep;

	if (!end->doc)
		return r;
	if (r == 0)
		print_summary(ro->out, end, ro->output);
	if (html || md) {
		rep = write_report(ro->out, end->doc, ro->output, html, md, cancel);
		if (rep < 0 && r == 0)
			r = rep;
	}
	return r;
}

static int relay(int argc, char *argv[], unsigned int mem, const char *output,
		 struct wb_cancel *cancel)
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
	wb_info("this host has no mac80211_hwsim: running the simulated lab inside the VM "
		"(wbench vm, about 10 s to boot)");
	r = wb_vm_run(&vo, vargv, cancel, &code);
	free(vargv);
	return r < 0 ? WB_EXIT_INFRA : code;
}

int wb_cmd_run(int argc, char *argv[], struct wb_cancel *cancel)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "captures", required_argument, NULL, 'C' },
		{ "report", required_argument, NULL, 'R' },
		{ "markdown", required_argument, NULL, 'M' },
		{ "port", required_argument, NULL, 'p' },
		{ "no-vm", no_argument, NULL, 'N' },
		{ "vm-mem", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct wb_scenario *sc = NULL;
	struct wb_run_opts ro = { .out = stdout };
	struct wb_run_end end;
	char err[512], outbuf[PATH_MAX], capbuf[PATH_MAX + 16];
	const char *output = NULL, *captures = NULL, *html = NULL, *md = NULL;
	unsigned long v, port = 0, mem = 1024;
	bool no_vm = false;
	int c, r, ret;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case 'C':
			captures = optarg;
			break;
		case 'R':
			html = optarg;
			break;
		case 'M':
			md = optarg;
			break;
		case 'p':
			if (wb_parse_uint(optarg, 1, 65535, &v) < 0)
				return wb_usage_error("run", "--port: expected 1..65535, got '%s'", optarg);
			port = v;
			break;
		case 'N':
			no_vm = true;
			break;
		case 'm':
			if (wb_parse_uint(optarg, 256, 65536, &v) < 0)
				return wb_usage_error("run", "--vm-mem: expected 256..65536, got '%s'",
						      optarg);
			mem = v;
			break;
		case 'h':
			help();
			return WB_EXIT_OK;
		default:
			return wb_usage_error("run", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return wb_usage_error("run", "missing SCENARIO");
	if (optind + 1 < argc)
		return wb_usage_error("run", "unexpected argument '%s'", argv[optind + 1]);
	r = wb_scenario_load(argv[optind], &sc, err, sizeof(err));
	if (r < 0) {
		fprintf(stderr, "wbench run: %s\n", err);
		return r == -ENOMEM ? WB_EXIT_INFRA : WB_EXIT_USAGE;
	}
	if (!output) {
		r = default_output(sc, outbuf, sizeof(outbuf));
		if (r < 0) {
			wb_err("cannot create 'results': %s", strerror(-r));
			ret = WB_EXIT_INFRA;
			goto out;
		}
		output = outbuf;
	}
	if (!captures && sc->capture_save) {
		snprintf(capbuf, sizeof(capbuf), "%.*s.captures",
			 (int)(strlen(output) > 5 && !strcmp(output + strlen(output) - 5, ".json") ?
			       strlen(output) - 5 : strlen(output)), output);
		captures = capbuf;
	}
	if (!no_vm && !wb_vm_inside() && sc->lab.backend == WB_SCENARIO_BACKEND_SIM &&
	    wb_vm_needed()) {
		const char *paths[] = { output, html, md };
		size_t i;

		for (i = 0; i < WB_ARRAY_SIZE(paths); i++) {
			if (paths[i] && !under_cwd(paths[i])) {
				ret = wb_usage_error("run", "'%s' is not under the current directory, "
						     "which is the only place the VM can write",
						     paths[i]);
				goto out;
			}
		}
		wb_scenario_free(sc);
		return relay(argc, argv, (unsigned int)mem, output, cancel);
	}
	if (geteuid() != 0) {
		wb_err("run: needs root (network namespaces, radios, daemons)");
		ret = WB_EXIT_INFRA;
		goto out;
	}
	if (captures && mkdir(captures, 0755) < 0 && errno != EEXIST) {
		wb_err("cannot create '%s': %s", captures, strerror(errno));
		ret = WB_EXIT_INFRA;
		goto out;
	}
	ro.output = output;
	ro.capture_dir = captures;
	ro.tty = wb_progress_tty_default();
	ro.port = (unsigned int)port;
	r = wb_run(sc, &ro, cancel, &end);
	r = present(r, &end, &ro, html, md, cancel);
	json_decref(end.doc);
	if (r < 0)
		ret = r == -EOPNOTSUPP ? WB_EXIT_USAGE : WB_EXIT_INFRA;
	else
		ret = WB_EXIT_OK;
out:
	wb_scenario_free(sc);
	return ret;
}
