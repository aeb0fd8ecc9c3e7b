/* Printing a scenario, its plan and a run's steps (see plan_print.h). */
#include <stdio.h>
#include <string.h>

#include "wbench/cli/plan_print.h"

/* "phy phy1 on local, 10.99.0.2/24" */
static void print_end(FILE *out, const char *role, const struct wb_scenario_end *e)
{
	fprintf(out, "  %-10s %s %s on %s", role, wb_scenario_radio_key(e->by), e->radio,
		wb_scenario_end_host(e));
	fprintf(out, "%s%s\n", e->address ? ", " : "", e->address ? e->address : "");
}

static void print_host(FILE *out, const struct wb_scenario_ssh *h)
{
	size_t k;

	fprintf(out, "  host       %s: ssh %s", h->name, h->target);
	if (h->port)
		fprintf(out, " -p %u", h->port);
	if (h->identity_file)
		fprintf(out, " -i %s", h->identity_file);
	if (h->proxy_jump)
		fprintf(out, " -J %s", h->proxy_jump);
	for (k = 0; h->options[k]; k++)
		fprintf(out, " -o %s", h->options[k]);
	fputc('\n', out);
}

/* A real lab: its hosts and where each role runs. */
static void print_real_lab(FILE *out, const struct wb_scenario_lab *lab)
{
	size_t i;

	fprintf(out, "  lab        %s, channel %u%s%s\n", wb_scenario_backend_name(lab->backend),
		lab->channel, lab->bridge ? ", AP bridged into " : "",
		lab->bridge ? lab->bridge : "");
	for (i = 0; i < lab->n_hosts; i++)
		print_host(out, &lab->hosts[i]);
	print_end(out, "ap", &lab->ap);
	print_end(out, "sta", &lab->sta);
	if (lab->peer_on_ap)
		fprintf(out, "  peer       the AP end\n");
	else
		fprintf(out, "  peer       %s on %s\n", lab->peer.address,
			wb_scenario_end_host(&lab->peer));
	if (lab->sniffer)
		print_end(out, "sniffer", &lab->sniffer_end);
	else
		fprintf(out, "  sniffer    off\n");
	if (lab->crypto_switch)
		fprintf(out, "  switch     the scenario's crypto_switch commands\n");
}

void wb_print_scenario(FILE *out, const struct wb_scenario *sc)
{
	const struct wb_scenario_traffic *t = &sc->traffic;
	size_t i;

	fprintf(out, "scenario %s: %zu modes x %u repetitions = %zu cells\n", sc->name,
		wb_scenario_n_modes(sc), sc->repetitions,
		wb_scenario_n_modes(sc) * sc->repetitions);
	if (wb_scenario_is_real(sc))
		print_real_lab(out, &sc->lab);
	else
		fprintf(out, "  lab        %s, AP %s on channel %u, STA %s, sniffer %s\n",
			wb_scenario_backend_name(sc->lab.backend), sc->lab.ap.profile,
			sc->lab.channel, sc->lab.sta.profile, sc->lab.sniffer ? "on" : "off");
	fprintf(out, "  crypto    ");
	for (i = 0; i < sc->n_crypto; i++)
		fprintf(out, " %s", wb_crypto_mode_name(sc->crypto[i]));
	fprintf(out, "\n  security  ");
	for (i = 0; i < sc->n_security; i++)
		fprintf(out, " %s", sc->security[i].label);
	fprintf(out, "\n  traffic   ");
	for (i = 0; i < t->n_protos; i++)
		fprintf(out, " %s", wb_scenario_proto_name(t->protos[i]));
	fprintf(out, ",");
	for (i = 0; i < t->n_dirs; i++)
		fprintf(out, " %s", wb_scenario_dir_name(t->dirs[i]));
	fprintf(out, ", %u stream%s, %u s (first %u s omitted)", t->streams,
		t->streams == 1 ? "" : "s", t->duration_s, t->omit_s);
	if (t->bitrate_bps)
		fprintf(out, ", %llu bit/s", (unsigned long long)t->bitrate_bps);
	fprintf(out, "\n  seed       %llu\n", (unsigned long long)sc->seed);
}

void wb_print_cells(FILE *out, const struct wb_plan *plan)
{
	char key[96];
	size_t k;

	fprintf(out, "order  index  rep  mode\n");
	for (k = 0; k < plan->n_cells; k++) {
		const struct wb_plan_cell *c = wb_plan_at(plan, k);

		fprintf(out, "%5zu  %5zu  %3u  %s\n", c->order, c->index, c->repetition,
			wb_plan_mode_key(c, key, sizeof(key)));
	}
}

void wb_print_flips(FILE *out, const struct wb_plan *plan)
{
	const struct wb_plan_cell *first = wb_plan_at(plan, 0);

	fprintf(out, "crypto flips: %zu between cells", wb_plan_flips(plan));
	if (plan->blocks)
		fprintf(out, " (crypto blocks in ABBA order, %s first; plus setting the first "
			"mode and restoring the driver's at the end, when they differ)\n",
			first ? wb_crypto_mode_name(first->crypto) : "none");
	else
		fprintf(out, " (interleaved: the sim re-creates the AP radio for every cell)\n");
}

/* The hosts of @a in order of first appearance, each once. */
static bool first_of_host(const struct wb_lab_actions *a, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (strcmp(a->v[j].host, a->v[i].host) == 0)
			return false;
	return true;
}

void wb_print_actions(FILE *out, const struct wb_lab_actions *a)
{
	size_t i, j;
	int w;

	for (i = 0; i < a->n; i++) {
		if (!first_of_host(a, i))
			continue;
		fprintf(out, "%s%s\n", a->v[i].host, strcmp(a->v[i].host, WB_SCENARIO_LOCAL) ?
			"" : " (this machine)");
		/* by when, then in the order they were added */
		for (w = 0; w < WB_LAB_WHENS; w++)
			for (j = i; j < a->n; j++) {
				if (strcmp(a->v[j].host, a->v[i].host) || (int)a->v[j].when != w)
					continue;
				fprintf(out, "  %-6s  %s\n", wb_lab_when_name(a->v[j].when),
					a->v[j].what);
				fprintf(out, "          undo: %s\n", a->v[j].undo ? a->v[j].undo :
					"nothing to undo (a read)");
			}
	}
}

void wb_print_findings(FILE *out, const struct wb_lab_findings *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		fprintf(out, "  %-10s %-7s  %s\n", f->v[i].host, f->v[i].problem ? "PROBLEM" : "ok",
			f->v[i].text);
}
