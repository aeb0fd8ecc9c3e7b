/* wbench scenario: validate a scenario file and show what a run of it would do. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wbench/cli/commands.h"
#include "wbench/lib/log.h"
#include "wbench/scenario/plan.h"
#include "wbench/scenario/scenario.h"

static const char help[] =
	"usage: wbench scenario [--plan] [--json] SCENARIO.json\n"
	"\n"
	"Check a scenario file (docs/scenario.md) and print it in normalised form, with\n"
	"every default filled in and the passphrase redacted.\n"
	"\n"
	"  --plan   also list the cells in execution order\n"
	"  --json   print the normalised scenario as JSON (what results files store)\n"
	"  -h, --help\n"
	"\n";

/* "phy phy1 on local, 10.99.0.2/24" */
static void print_end(const char *role, const struct wb_scenario_end *e)
{
	printf("  %-10s %s %s on %s", role, wb_scenario_radio_key(e->by), e->radio,
	       wb_scenario_end_host(e));
	printf("%s%s\n", e->address ? ", " : "", e->address ? e->address : "");
}

/* A real lab: its hosts and where each role runs. */
static void print_real_lab(const struct wb_scenario_lab *lab)
{
	const struct wb_scenario_ssh *h;
	size_t i, k;

	printf("  lab        %s, channel %u%s%s\n", wb_scenario_backend_name(lab->backend),
	       lab->channel, lab->bridge ? ", AP bridged into " : "",
	       lab->bridge ? lab->bridge : "");
	for (i = 0; i < lab->n_hosts; i++) {
		h = &lab->hosts[i];
		printf("  host       %s: ssh %s", h->name, h->target);
		if (h->port)
			printf(" -p %u", h->port);
		if (h->identity_file)
			printf(" -i %s", h->identity_file);
		if (h->proxy_jump)
			printf(" -J %s", h->proxy_jump);
		for (k = 0; h->options[k]; k++)
			printf(" -o %s", h->options[k]);
		putchar('\n');
	}
	print_end("ap", &lab->ap);
	print_end("sta", &lab->sta);
	if (lab->peer_on_ap)
		printf("  peer       the AP end\n");
	else
		printf("  peer       %s on %s\n", lab->peer.address,
		       wb_scenario_end_host(&lab->peer));
	if (lab->sniffer)
		print_end("sniffer", &lab->sniffer_end);
	else
		printf("  sniffer    off\n");
	if (lab->crypto_switch)
		printf("  switch     the scenario's crypto_switch commands\n");
}

static void print_text(const struct wb_scenario *sc)
{
	const struct wb_scenario_traffic *t = &sc->traffic;
	size_t i;

	printf("scenario %s: %zu modes x %u repetitions = %zu cells\n", sc->name,
	       wb_scenario_n_modes(sc), sc->repetitions, wb_scenario_n_modes(sc) * sc->repetitions);
	if (wb_scenario_is_real(sc))
		print_real_lab(&sc->lab);
	else
		printf("  lab        %s, AP %s on channel %u, STA %s, sniffer %s\n",
		       wb_scenario_backend_name(sc->lab.backend), sc->lab.ap.profile,
		       sc->lab.channel, sc->lab.sta.profile, sc->lab.sniffer ? "on" : "off");
	printf("  crypto    ");
	for (i = 0; i < sc->n_crypto; i++)
		printf(" %s", wb_crypto_mode_name(sc->crypto[i]));
	printf("\n  security  ");
	for (i = 0; i < sc->n_security; i++)
		printf(" %s", sc->security[i].label);
	printf("\n  traffic   ");
	for (i = 0; i < t->n_protos; i++)
		printf(" %s", wb_scenario_proto_name(t->protos[i]));
	printf(",");
	for (i = 0; i < t->n_dirs; i++)
		printf(" %s", wb_scenario_dir_name(t->dirs[i]));
	printf(", %u stream%s, %u s (first %u s omitted)", t->streams, t->streams == 1 ? "" : "s",
	       t->duration_s, t->omit_s);
	if (t->bitrate_bps)
		printf(", %llu bit/s", (unsigned long long)t->bitrate_bps);
	printf("\n  seed       %llu\n", (unsigned long long)sc->seed);
}

static int print_plan(const struct wb_scenario *sc)
{
	struct wb_plan *plan;
	char key[96];
	size_t k;

	if (wb_plan_new(sc, &plan) < 0) {
		wb_err("out of memory");
		return WB_EXIT_INFRA;
	}
	printf("order  index  rep  mode\n");
	for (k = 0; k < plan->n_cells; k++) {
		const struct wb_plan_cell *c = wb_plan_at(plan, k);

		printf("%5zu  %5zu  %3u  %s\n", c->order, c->index, c->repetition,
		       wb_plan_mode_key(c, key, sizeof(key)));
	}
	wb_plan_free(plan);
	return WB_EXIT_OK;
}

int wb_cmd_scenario(int argc, char *argv[], struct wb_cancel *cancel)
{
	static const struct option opts[] = {
		{ "plan", no_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool plan = false, json = false;
	struct wb_scenario *sc;
	char err[1024];
	int opt, ret;

	(void)cancel;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'p':
			plan = true;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			printf("%s%s", help, wb_exit_codes_help);
			return WB_EXIT_OK;
		default:
			return wb_usage_error("scenario", "unknown option");
		}
	}
	if (argc - optind != 1)
		return wb_usage_error("scenario", "expected one scenario file");
	ret = wb_scenario_load(argv[optind], &sc, err, sizeof(err));
	if (ret < 0) {
		wb_err("%s", err);
		return ret == -ENOMEM ? WB_EXIT_INFRA : WB_EXIT_USAGE;
	}
	if (json) {
		json_t *j = wb_scenario_to_json(sc, true);

		ret = !j || json_dumpf(j, stdout, JSON_INDENT(2)) < 0;
		json_decref(j);
		if (ret) {
			wb_scenario_free(sc);
			wb_err("cannot print the scenario");
			return WB_EXIT_INFRA;
		}
		putchar('\n');
	} else {
		print_text(sc);
	}
	ret = plan ? print_plan(sc) : WB_EXIT_OK;
	wb_scenario_free(sc);
	return ret;
}
