/*
 * The real lab, said: the capabilities of a remote AP (`iw phy PHY info` through its host),
 * the environment of a run (per host: kernel; per role: radio, driver, module, the AP's
 * module parameters and crypto switch), what a run will do on each host (describe, for
 * --dry-run, from the scenario alone) and the read-only preflight.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wbench/daemons/hostapd.h"
#include "wbench/daemons/wpas.h"
#include "wbench/lab/crypto_switch_i.h"
#include "wbench/lab/lab_cleanup.h"
#include "wbench/lab/lab_real_i.h"
#include "wbench/lab/owrt.h"
#include "wbench/lib/util.h"
#include "wbench/sys/nl80211.h"
#include "wbench/wifi/ciphers.h"

#define TEXT_MAX 1024
/* `iw phy PHY info` of a radio with many bands is long; more is not a phy's. */
#define IW_INFO_MAX (256u * 1024)

/* "(00-0f-ac:6)" -> 0x000fac06 */
static bool suite_of(const char *line, uint32_t *suite)
{
	const char *p = strchr(line, '(');
	unsigned int a, b, c, n;

	if (!p || sscanf(p, "(%2x-%2x-%2x:%u)", &a, &b, &c, &n) != 4 || n > 255)
		return false;
	*suite = (a << 24) | (b << 16) | (c << 8) | n;
	return true;
}

size_t real_iw_ciphers(const char *text, uint32_t *out, size_t max)
{
	const char *p = strstr(text, "Supported Ciphers:");
	size_t n = 0;

	if (!p)
		return 0;
	p = strchr(p, '\n');
	while (p && *++p) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char line[128];
		uint32_t s;

		if (len >= sizeof(line))
			len = sizeof(line) - 1;
		memcpy(line, p, len);
		line[len] = '\0';
		/* the list: "\t\t* CCMP-128 (00-0f-ac:4)"; the next heading ends it */
		if (!strchr(line, '*') || !suite_of(line, &s))
			break;
		if (n < max)
			out[n++] = s;
		p = end;
	}
	return n;
}

/* The interface modes iw lists after "Supported interface modes:". */
static uint32_t iw_iftypes(const char *text)
{
	static const struct { const char *name; unsigned int type; } modes[] = {
		{ "* managed", NL80211_IFTYPE_STATION }, { "* AP", NL80211_IFTYPE_AP },
		{ "* monitor", NL80211_IFTYPE_MONITOR }, { "* AP/VLAN", NL80211_IFTYPE_AP_VLAN },
		{ "* mesh point", NL80211_IFTYPE_MESH_POINT }, { "* IBSS", NL80211_IFTYPE_ADHOC },
	};
	const char *p = strstr(text, "Supported interface modes:"), *end;
	uint32_t t = 0;

	if (!p)
		return 0;
	end = strstr(p, "\n\tBand ");
	for (size_t i = 0; i < WB_ARRAY_SIZE(modes); i++) {
		const char *m = strstr(p, modes[i].name);

		if (m && (!end || m < end) && (m[strlen(modes[i].name)] == '\n'))
			t |= 1u << modes[i].type;
	}
	return t;
}

int real_caps_iw(struct real_host *h, const char *phy, struct wb_capabilities *caps,
		 char *err, size_t errlen)
{
	char *text = NULL;
	int r;

	r = real_run(h, (char *const[]){ "iw", "phy", (char *)phy, "info", NULL }, &text, err,
		     errlen);
	if (r < 0)
		return r;
	memset(caps, 0, sizeof(*caps));
	wb_strlcpy(caps->name, phy, sizeof(caps->name));
	caps->n_ciphers = real_iw_ciphers(text, caps->ciphers, WB_CAPABILITIES_MAX_CIPHERS);
	caps->iftypes = iw_iftypes(text);
	caps->beacon_prot = strstr(text, "[ BEACON_PROTECTION ]") != NULL;
	caps->beacon_prot_client = strstr(text, "[ BEACON_PROTECTION_CLIENT ]") != NULL;
	caps->feature_sae = strstr(text, "Device supports SAE with AUTHENTICATE command") != NULL;
	free(text);
	return caps->n_ciphers ? 0 : wb_lab_fail(-EPROTO, err, errlen, "'iw phy %s info' on "
						 "%s lists no ciphers", phy, h->name);
}

int real_ap_caps_remote(struct wb_lab *l, struct wb_capabilities *caps, char *err,
			size_t errlen)
{
	int r = real_caps_iw(l->ap.host, l->ap.radio.phy, caps, err, errlen);

	if (r < 0)
		return r;
	wb_strlcpy(caps->driver, l->ap.radio.driver, sizeof(caps->driver));
	wb_strlcpy(caps->module, l->ap.radio.module, sizeof(caps->module));
	return 0;
}

/* "a\nb\n" of `grep -r . DIR` as {"param": "value"}: a module's parameters. */
static json_t *module_params(struct real_host *h, const char *module)
{
	char dir[256], err[256], *text = NULL, *line, *save = NULL;
	json_t *o;

	if (!module || !*module)
		return json_null();
	snprintf(dir, sizeof(dir), "/sys/module/%s/parameters", module);
	if (real_run(h, (char *const[]){ "grep", "-r", ".", dir, NULL }, &text, err,
		     sizeof(err)) < 0 && !text)
		return json_null();
	o = json_object();
	for (line = strtok_r(text, "\n", &save); o && line; line = strtok_r(NULL, "\n", &save)) {
		char *colon = line + strlen(dir) + 1;

		if (strncmp(line, dir, strlen(dir)) || !(colon = strchr(colon, ':')))
			continue;
		*colon = '\0';
		json_object_set_new(o, line + strlen(dir) + 1, json_string(colon + 1));
	}
	free(text);
	return o;
}

static json_t *end_json(const struct real_end *x)
{
	return json_pack("{s:s, s:s, s:s?, s:s?, s:s?, s:s, s:s?}", "host", x->host->name,
			 "phy", x->radio.phy, "device", x->radio.device[0] ? x->radio.device : NULL,
			 "driver", x->radio.driver[0] ? x->radio.driver : NULL,
			 "module", x->radio.module[0] ? x->radio.module : NULL,
			 "interface", x->e.ifname, "netns", x->e.netns[0] ? x->e.netns : NULL);
}

static json_t *hosts_json(struct wb_lab *l)
{
	json_t *o = json_object();
	char err[256];

	for (size_t i = 0; o && i < l->n_hosts; i++) {
		char *k = NULL;

		if (real_run(&l->hosts[i], (char *const[]){ "uname", "-r", NULL }, &k, err,
			     sizeof(err)) == 0)
			k[strcspn(k, "\n")] = '\0';
		json_object_set_new(o, l->hosts[i].name, json_pack("{s:s, s:s?}", "kind",
			l->hosts[i].local ? "local" : "ssh", "kernel", k));
		free(k);
	}
	return o;
}

/* What the AP's crypto switch reads now ({raw, mode}), or null when it cannot be read. */
static json_t *switch_value(struct wb_lab *l)
{
	char raw[WB_CRYPTO_SWITCH_VALUE_MAX], err[TEXT_MAX];
	enum wb_crypto_mode m;

	if (wb_crypto_switch_read(l->cs, raw, sizeof(raw), &m, err, sizeof(err)) < 0)
		return json_null();
	return json_pack("{s:s, s:s}", "value", raw, "mode", wb_crypto_mode_name(m));
}

int real_environment(struct wb_lab *l, json_t **out)
{
	const struct wb_scenario_lab *lab = &l->sc->lab;
	json_t *env, *ap = end_json(&l->ap), *cs, *hosts;

	cs = l->cs ? wb_crypto_switch_describe(l->cs) : json_pack("{s:s}", "mechanism", "none");
	if (cs && l->driver)
		json_object_set_new(cs, "driver_notes", json_string(l->driver->notes));
	if (cs && l->cs)
		json_object_set_new(cs, "value_at_start", switch_value(l));
	json_object_set_new(ap, "crypto_switch", cs);
	json_object_set_new(ap, "module_parameters", module_params(l->ap.host, l->driver ?
				wb_driver_param_module(l->driver) : l->ap.radio.module));
	json_object_set_new(ap, "bridge", lab->bridge ? json_string(lab->bridge) : json_null());
	if (l->ow)
		json_object_set_new(ap, "openwrt", owrt_environment(l));
	hosts = hosts_json(l);
	env = json_pack("{s:s, s:O?, s:o, s:o, s:o, s:o, s:o}",
			"backend", wb_scenario_backend_name(lab->backend),
			"kernel", json_object_get(json_object_get(hosts, WB_SCENARIO_LOCAL),
						  "kernel"),
			"hosts", hosts, "ap", ap, "sta", end_json(&l->sta),
			"sniffer", l->have_sniffer ? end_json(&l->sniffer) : json_null(),
			"peer", json_pack("{s:s, s:s}", "host", lab->peer_on_ap ? l->ap.host->name :
					  wb_scenario_end_host(&lab->peer), "address", l->peer.ip));
	if (!env)
		return -ENOMEM;
	*out = env;
	return 0;
}

static const char *radio_name(const struct wb_scenario_end *e, char *buf, size_t len)
{
	snprintf(buf, len, "%s %s", wb_scenario_radio_key(e->by), e->radio);
	return buf;
}

static int describe_role(const struct wb_scenario_end *e, const char *role, const char *ifname,
			 bool monitor, unsigned int channel, const char *bridge,
			 struct wb_lab_actions *out)
{
	static const char moved[] = "at the end: the interface deleted, the radio moved back to "
		"the initial namespace, the namespace deleted";
	const char *host = wb_scenario_end_host(e), *a = e->address ? e->address : "";
	char name[320], undo[128], br[64] = "";

	radio_name(e, name, sizeof(name));
	snprintf(undo, sizeof(undo), "iw dev %s del at the end (its address goes with it)",
		 ifname);
	if (bridge)
		snprintf(br, sizeof(br), " (hostapd adds it to the bridge %s)", bridge);
	if (monitor)
		return wb_lab_actions_addf(out, host, WB_LAB_AT_START, "deleted at the end",
					   "find the %s's radio (%s); iw phy <phy> interface add "
					   "%s type monitor, up, on channel %u", role, name, ifname,
					   channel);
	if (e->ssh)
		return wb_lab_actions_addf(out, host, WB_LAB_AT_START, undo, "find the %s's "
					   "radio (%s); iw phy <phy> interface add %s type "
					   "managed%s%s%s", role, name, ifname,
					   *a ? "; ip addr add " : "", a, br);
	return wb_lab_actions_addf(out, host, WB_LAB_AT_START, moved, "find the %s's radio (%s); "
				   "ip netns add wbench-%s-<pid>; iw phy <phy> set netns name "
				   "wbench-%s-<pid>; there: interface %s (station)%s%s", role, name,
				   role, role, ifname, *a ? " with " : "", a);
}

static int describe_switch(const struct wb_scenario *sc, struct wb_lab_actions *out)
{
	const struct wb_scenario_crypto_switch *cs = sc->lab.crypto_switch;
	const char *host = wb_scenario_end_host(&sc->lab.ap);
	static const char undo[] = "the setting found before the first switch is written into "
		"the state record first, and put back the same way at the end (read back)";
	char hw[TEXT_MAX / 4], sw[TEXT_MAX / 4], rd[TEXT_MAX / 4];

	if (!cs)
		return wb_lab_actions_addf(out, host, WB_LAB_AT_CRYPTO, undo, "the crypto switch "
					   "of the AP's driver (the driver table's row for the "
					   "driver found at the start): read "
					   "/sys/module/MOD/parameters/PARAM; unless it is the "
					   "mode's value, rmmod MOD then modprobe MOD PARAM=V "
					   "(insmod on OpenWrt), or write the 0644 parameter and "
					   "reload the bus module; read it back; find the radio "
					   "again by its device and set it up again as at the "
					   "start");
	wb_cs_argv_line(cs->set[WB_CRYPTO_HW], hw, sizeof(hw));
	wb_cs_argv_line(cs->set[WB_CRYPTO_SW], sw, sizeof(sw));
	wb_cs_argv_line(cs->read, rd, sizeof(rd));
	return wb_lab_actions_addf(out, host, WB_LAB_AT_CRYPTO, undo, "the scenario's crypto "
				   "switch: run '%s'; unless it prints '%s' (hwcrypt) or '%s' "
				   "(nohwcrypt) as the cell's mode wants, run '%s' (hwcrypt) or "
				   "'%s' (nohwcrypt) and '%s' again; find the radio again by its "
				   "device and set it up again as at the start", rd,
				   cs->value[WB_CRYPTO_HW], cs->value[WB_CRYPTO_SW], hw, sw, rd);
}

static int describe_hosts(const struct wb_scenario *sc, struct wb_lab_actions *out)
{
	static const char rec_undo[] = "removed at the end once everything is undone; after a "
		"kill, 'wbench cleanup' undoes what it lists";
	static const char ssh_undo[] = "its children killed by pid, the directory removed, the "
		"connection closed at the end";
	const char *dir = wb_lab_record_dir();

	if (wb_lab_actions_addf(out, WB_SCENARIO_LOCAL, WB_LAB_AT_START, rec_undo, "refuse to "
				"start while a killed run's state record is in %s; write this "
				"run's, %s/<pid>.json (0600), before each change", dir, dir) < 0)
		return -ENOMEM;
	for (size_t i = 0; i < sc->lab.n_hosts; i++)
		if (wb_lab_actions_addf(out, sc->lab.hosts[i].name, WB_LAB_AT_START, ssh_undo,
					"ssh %s: one master connection (BatchMode); mktemp -d "
					"/tmp/wbench-host.XXXXXX (0700) for configs, logs and pid "
					"files", sc->lab.hosts[i].target) < 0)
			return -ENOMEM;
	return 0;
}

int real_describe(const struct wb_scenario *sc, struct wb_lab_actions *out)
{
	const struct wb_scenario_lab *lab = &sc->lab;
	struct wb_lab_describe_end ap = { .host = wb_scenario_end_host(&lab->ap),
		.ifname = REAL_AP_IFNAME }, sta = { .host = wb_scenario_end_host(&lab->sta),
		.ifname = REAL_STA_IFNAME }, peer, sniffer = { .host =
		wb_scenario_end_host(&lab->sniffer_end), .ifname = REAL_MON_PREFIX "<pid>" };
	char ap_ip[32], sta_ip[32];
	bool sniff = lab->sniffer && lab->sniffer_end.radio;

	if (!lab->ap.ssh)
		ap.netns = "wbench-ap-<pid>";
	if (!lab->sta.ssh)
		sta.netns = "wbench-sta-<pid>";
	wb_strlcpy(ap_ip, lab->ap.address ? lab->ap.address : "", sizeof(ap_ip));
	wb_strlcpy(sta_ip, lab->sta.address ? lab->sta.address : "", sizeof(sta_ip));
	ap_ip[strcspn(ap_ip, "/")] = sta_ip[strcspn(sta_ip, "/")] = '\0';
	ap.ip = ap_ip;
	sta.ip = sta_ip;
	peer = ap;
	if (!lab->peer_on_ap)
		peer = (struct wb_lab_describe_end){ .host = wb_scenario_end_host(&lab->peer),
						     .ip = lab->peer.address };
	if (lab->ap_kind == WB_SCENARIO_AP_OPENWRT)
		ap.ifname = "<netifd's interface>", ap.lab_ap = true;
	if (describe_hosts(sc, out) < 0 ||
	    (lab->ap_kind == WB_SCENARIO_AP_OPENWRT ? owrt_describe(sc, out) :
	     describe_role(&lab->ap, "ap", REAL_AP_IFNAME, false, 0, lab->bridge, out)) < 0 ||
	    describe_role(&lab->sta, "sta", REAL_STA_IFNAME, false, 0, NULL, out) < 0 ||
	    (sniff && describe_role(&lab->sniffer_end, "sniffer", sniffer.ifname, true,
				    lab->channel, NULL, out) < 0) ||
	    describe_switch(sc, out) < 0)
		return -ENOMEM;
	return wb_lab_describe_cells(sc, &ap, &sta, &peer, sniff ? &sniffer : NULL,
				     "<run>/cell-<n>", out);
}

/* The AP's crypto switch as it is now, read only. */
static int preflight_switch(struct wb_lab *l, struct wb_lab_findings *out)
{
	const char *host = l->ap.host->name;
	char raw[WB_CRYPTO_SWITCH_VALUE_MAX], err[TEXT_MAX];
	enum wb_crypto_mode m;

	if (!l->cs)
		return wb_lab_findings_add(out, host, true, "the AP's driver %s has no "
					   "crypto switch%s%s and the scenario gives none: no cell "
					   "can set a crypto mode", l->ap.radio.driver,
					   l->driver ? ": " : "",
					   l->driver ? l->driver->notes : "");
	if (wb_crypto_switch_read(l->cs, raw, sizeof(raw), &m, err, sizeof(err)) < 0)
		return wb_lab_findings_add(out, host, true, "the AP's crypto switch: %s", err);
	if (m == WB_CRYPTO_UNKNOWN && l->sc->lab.crypto_switch)
		return wb_lab_findings_add(out, host, true, "the AP's crypto switch reads '%s', "
					   "neither mode's value: a run would refuse to change it",
					   raw);
	return wb_lab_findings_add(out, host, false, "the AP's crypto switch (%s) reads '%s' "
				   "(%s) now", l->sc->lab.crypto_switch ? "the scenario's" :
				   l->driver->param, raw, wb_crypto_mode_name(m));
}

/* The latency probes (scenario latency.probes_per_s) are the station host's ping. */
static int preflight_ping(struct wb_lab *l, struct wb_lab_findings *out)
{
	char *const argv[] = { "sh", "-c", "command -v ping", NULL };
	char err[TEXT_MAX];

	if (!l->sc->latency_rate || real_run(l->sta.host, argv, NULL, err, sizeof(err)) == 0)
		return 0;
	return wb_lab_findings_add(out, l->sta.host->name, true, "no ping: no latency probes "
				   "from the station (set latency.probes_per_s to 0 to run "
				   "without them)");
}

static int preflight_roles(struct wb_lab *l, struct wb_lab_findings *out)
{
	struct real_end *e[] = { &l->ap, &l->sta, &l->sniffer };
	const struct wb_scenario_end *se[] = { &l->sc->lab.ap, &l->sc->lab.sta,
					       &l->sc->lab.sniffer_end };
	static const char *const roles[] = { "ap", "sta", "sniffer" };
	struct wb_owrt_caps ow;
	char err[TEXT_MAX], v[64];
	int r = 0;

	l->sniffer.monitor = true;
	for (size_t i = 0; i < 3; i++) {
		if (i == 2 && !(l->sc->lab.sniffer && se[i]->radio))
			continue;
		if (real_end_find(l, e[i], roles[i], se[i], "-", err, sizeof(err)) < 0) {
			r |= wb_lab_findings_add(out, wb_scenario_end_host(se[i]), true, "%s", err);
			continue;
		}
		r |= wb_lab_findings_add(out, e[i]->host->name, false, "%s: %s, device %s, driver "
					 "%s (module %s)", roles[i], e[i]->radio.phy,
					 e[i]->radio.device[0] ? e[i]->radio.device : "none",
					 e[i]->radio.driver, e[i]->radio.module[0] ?
					 e[i]->radio.module : "built in");
		if (i == 0 && l->sc->lab.ap_kind == WB_SCENARIO_AP_OPENWRT)
			r |= wb_lab_openwrt_preflight(e[i]->host->h, e[i]->host->name, l->sc,
						      e[i]->radio.phy, out, &ow);
		else if (i == 0 && wb_hostapd_version(e[i]->host->h, NULL, v, sizeof(v)) < 0)
			r |= wb_lab_findings_add(out, e[i]->host->name, true, "no hostapd: no cell "
						 "can start its AP");
		if (i == 1 && wb_wpas_version(e[i]->host->h, NULL, v, sizeof(v)) < 0)
			r |= wb_lab_findings_add(out, e[i]->host->name, true, "no wpa_supplicant: "
						 "no cell can connect");
		if (i == 1)
			r |= preflight_ping(l, out);
	}
	if (l->ap.host && real_switch_new(l, err, sizeof(err)) == 0)
		r |= preflight_switch(l, out);
	return r;
}

int real_preflight_lab(struct wb_lab *l, struct wb_lab_findings *out)
{
	char err[TEXT_MAX], path[TEXT_MAX];
	int r = 0;

	if (wb_lab_cleanup_stale(NULL, path, sizeof(path)) > 0)
		r |= wb_lab_findings_add(out, WB_SCENARIO_LOCAL, false, "a killed run's state "
					 "record %s: the run undoes what it lists first (or "
					 "'wbench cleanup' now)", path);
	if (geteuid() != 0)
		r |= wb_lab_findings_add(out, WB_SCENARIO_LOCAL, true, "not root: a run needs root "
					 "(namespaces, radios, modules, daemons)");
	if (real_hosts_open(l, err, sizeof(err)) < 0)
		r |= wb_lab_findings_add(out, WB_SCENARIO_LOCAL, true, "%s", err);
	else
		r |= preflight_roles(l, out);
	return r < 0 ? -ENOMEM : 0;
}

void real_preflight_close(struct wb_lab *l)
{
	if (!l)
		return;
	wb_crypto_switch_free(l->cs);
	real_hosts_close(l);
	if (l->ssh_dir)
		wb_rm_rf(l->ssh_dir);
	free(l->ssh_dir);
	free(l);
}

int real_preflight(const struct wb_scenario *sc, struct wb_cancel *c,
		   struct wb_lab_findings *out)
{
	struct wb_lab *l = calloc(1, sizeof(*l));
	int r;

	if (!l)
		return -ENOMEM;
	l->sc = sc;
	l->cancel = c;  /* no state record: nothing is changed */
	r = real_preflight_lab(l, out);
	real_preflight_close(l);
	return r;
}
