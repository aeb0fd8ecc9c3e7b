/* The real labs' `lab` in normalised form (for results and `wbench scenario --json`), and
 * its release. */
#include <stdlib.h>
#include <string.h>

#include "wbench/scenario/scenario_priv.h"

/* Sets @key of @obj to the new reference @v (stolen); false when either is missing. */
static bool put(json_t *obj, const char *key, json_t *v)
{
	if (!obj || !v) {
		json_decref(v);
		return false;
	}
	return json_object_set_new(obj, key, v) == 0;
}

/* A NULL-terminated argv as a JSON list of strings. */
static json_t *argv_to_json(char *const *argv)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && argv && argv[i]; i++)
		if (json_array_append_new(a, json_string(argv[i])) < 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *host_to_json(const struct wb_scenario_ssh *h)
{
	json_t *o = json_pack("{s:s}", "ssh", h->target);
	bool ok = o != NULL;

	if (h->port)
		ok &= put(o, "port", json_integer(h->port));
	if (h->identity_file_given)
		ok &= put(o, "identity_file", json_string(h->identity_file_given));
	if (h->proxy_jump)
		ok &= put(o, "proxy_jump", json_string(h->proxy_jump));
	ok &= put(o, "ssh_options", argv_to_json(h->options));
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* "host", the radio by its key, and "address" where there is one, added to the new object
 * @o (stolen). Returns @o, or NULL (and @o released) when @o is NULL or memory runs out. */
static json_t *end_to_json(json_t *o, const struct wb_scenario_end *e)
{
	bool ok = put(o, "host", json_string(wb_scenario_end_host(e)));

	if (e->radio)
		ok &= put(o, wb_scenario_radio_key(e->by), json_string(e->radio));
	if (e->address)
		ok &= put(o, "address", json_string(e->address));
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *crypto_switch_to_json(const struct wb_scenario_crypto_switch *cs)
{
	json_t *o = json_object(), *values = json_object();
	bool ok = o && values;
	int m;

	for (m = 0; m < WB_CRYPTO_MODES; m++) {
		ok &= put(o, wb_crypto_mode_names[m], argv_to_json(cs->set[m]));
		ok &= put(values, wb_crypto_mode_names[m], json_string(cs->value[m]));
	}
	ok &= put(o, "read", argv_to_json(cs->read));
	ok &= put(o, "values", values);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *ap_to_json(const struct wb_scenario_lab *lab)
{
	json_t *o = end_to_json(json_object(), &lab->ap);
	bool ok = o != NULL;

	ok &= put(o, "channel", json_integer(lab->channel));
	if (lab->bridge)
		ok &= put(o, "bridge", json_string(lab->bridge));
	if (lab->crypto_switch)
		ok &= put(o, "crypto_switch", crypto_switch_to_json(lab->crypto_switch));
	if (lab->ap_kind != WB_SCENARIO_AP_LINUX)
		ok &= put(o, "kind", json_string(wb_scenario_ap_kind_name(lab->ap_kind)));
	if (lab->uci_radio)
		ok &= put(o, "radio", json_string(lab->uci_radio));
	if (lab->uci_network)
		ok &= put(o, "network", json_string(lab->uci_network));
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *wb_scenario_real_to_json(const struct wb_scenario_lab *lab)
{
	json_t *o = json_pack("{s:s}", "backend", wb_scenario_backend_name(lab->backend));
	json_t *hosts;
	bool ok = o != NULL;
	size_t i;

	if (lab->backend == WB_SCENARIO_BACKEND_SSH) {
		hosts = json_object();
		for (i = 0; hosts && i < lab->n_hosts; i++)
			ok &= put(hosts, lab->hosts[i].name, host_to_json(&lab->hosts[i]));
		ok &= put(o, "hosts", hosts);
	}
	ok &= put(o, "ap", ap_to_json(lab));
	ok &= put(o, "sta", end_to_json(json_object(), &lab->sta));
	ok &= put(o, "sniffer", end_to_json(json_pack("{s:b}", "enabled", lab->sniffer),
					   &lab->sniffer_end));
	ok &= put(o, "peer", lab->peer_on_ap ? json_string("ap") : end_to_json(json_object(), &lab->peer));
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static void release_end(struct wb_scenario_end *e)
{
	free(e->radio);
	free(e->address);
	memset(e, 0, sizeof(*e));
}

void wb_scenario_release_lab(struct wb_scenario_lab *lab)
{
	struct wb_scenario_crypto_switch *cs = lab->crypto_switch;
	size_t i;
	int m;

	for (i = 0; i < lab->n_hosts; i++) {
		free(lab->hosts[i].name);
		free(lab->hosts[i].target);
		free(lab->hosts[i].identity_file);
		free(lab->hosts[i].identity_file_given);
		free(lab->hosts[i].proxy_jump);
		wb_scenario_argv_free(lab->hosts[i].options);
	}
	free(lab->hosts);
	lab->hosts = NULL;
	lab->n_hosts = 0;
	release_end(&lab->ap);
	release_end(&lab->sta);
	release_end(&lab->sniffer_end);
	release_end(&lab->peer);
	free(lab->bridge);
	lab->bridge = NULL;
	free(lab->uci_radio);
	free(lab->uci_network);
	lab->uci_radio = lab->uci_network = NULL;
	for (m = 0; cs && m < WB_CRYPTO_MODES; m++) {
		wb_scenario_argv_free(cs->set[m]);
		free(cs->value[m]);
	}
	if (cs)
		wb_scenario_argv_free(cs->read);
	free(cs);
	lab->crypto_switch = NULL;
}
