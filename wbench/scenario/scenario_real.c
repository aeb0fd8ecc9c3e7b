/*
 * The `lab` of the real backends, local and ssh: lab.hosts, the roles (ap, sta, sniffer,
 * peer), the AP's crypto switch, and the rules that tie them together (a host named by a
 * role exists, a bridge brings the STA onto the AP's LAN, ...). docs/labs.md explains
 * the format; docs/scenario.md lists the keys.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "wbench/scenario/scenario_priv.h"

/* lab.hosts names: no '.', which JSON paths use */
#define HOST_NAME_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"
#define PHY_CHARS "_.-"
#define VALUE_MAX 256          /* a crypto-switch value */

/* Indexed by enum wb_scenario_radio_by - 1. */
static const char *const radio_keys[] = { "phy", "interface", "device", NULL };

const char *wb_scenario_radio_key(enum wb_scenario_radio_by by)
{
	return by >= WB_SCENARIO_RADIO_PHY && by <= WB_SCENARIO_RADIO_DEVICE ?
		radio_keys[by - 1] : "";
}

const char *wb_scenario_end_host(const struct wb_scenario_end *e)
{
	return e->ssh ? e->ssh->name : WB_SCENARIO_LOCAL;
}

bool wb_scenario_lab_peer_on_router(const struct wb_scenario_lab *lab)
{
	return lab->ap_kind == WB_SCENARIO_AP_OPENWRT && !lab->peer_on_ap && lab->peer.ssh &&
	       lab->ap.ssh && !strcmp(lab->peer.ssh->name, lab->ap.ssh->name);
}

bool wb_scenario_is_real(const struct wb_scenario *sc)
{
	return sc->lab.backend != WB_SCENARIO_BACKEND_SIM;
}

static int get_ssh_options(struct wb_jsonv *jv, const json_t *v, const char *path,
			   struct wb_scenario_ssh *out)
{
	char p[WB_JSONV_PATH_MAX];
	size_t i, j, n = v ? json_array_size(v) : 0;
	const char *s, *t;
	json_t *e;
	int ret;

	if (v && (ret = wb_jsonv_expect(jv, v, path, WB_JSONV_ARRAY, false)) < 0)
		return ret;
	if (n > WB_SCENARIO_SSH_OPTIONS_MAX)
		return wb_jsonv_fail(jv, path, "expected at most %d options, got %zu",
				     WB_SCENARIO_SSH_OPTIONS_MAX, n);
	out->options = calloc(n + 1, sizeof(*out->options));
	if (!out->options)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		e = json_array_get(v, i);
		wb_jsonv_path_idx(p, path, i);
		if ((ret = wb_scenario_check_ssh_option(jv, e, p)) < 0)
			return ret;
		s = json_string_value(e);
		/* ssh keeps the first value of an option: a second one would be ignored. */
		for (j = 0; j < i; j++) {
			t = out->options[j];
			if (strcspn(t, "=") == strcspn(s, "=") &&
			    strncasecmp(t, s, strcspn(s, "=")) == 0)
				return wb_jsonv_fail(jv, p, "'%.*s' is already set by %s[%zu] (ssh "
						     "would ignore this one)", (int)strcspn(s, "="),
						     s, path, j);
		}
		if (!(out->options[i] = strdup(s)))
			return -ENOMEM;
	}
	return 0;
}

static int parse_host(struct wb_jsonv *jv, const json_t *h, const char *path,
		      const char *base_dir, struct wb_scenario_ssh *out)
{
	static const char *const keys[] = { "ssh", "port", "identity_file", "proxy_jump",
					    "ssh_options", NULL };
	char p[WB_JSONV_PATH_MAX];
	uint64_t port = 0;
	json_t *v;
	int ret;

	if ((ret = wb_jsonv_expect(jv, h, path, WB_JSONV_OBJECT, false)) < 0 ||
	    (ret = wb_jsonv_check_keys(jv, h, path, keys)) < 0 ||
	    (ret = wb_jsonv_member(jv, h, path, "ssh", true, p, &v)) < 0 ||
	    (ret = wb_scenario_check_target(jv, v, p)) < 0)
		return ret;
	if (!(out->target = strdup(json_string_value(v))))
		return -ENOMEM;
	if ((ret = wb_jsonv_get_uint(jv, h, path, "port", false, 1, 65535, &port)) < 0 ||
	    (ret = wb_jsonv_member(jv, h, path, "identity_file", false, p, &v)) < 0 ||
	    (v && (ret = wb_scenario_check_text(jv, v, p, 0, WB_TEXT_NO_CONTROL,
						"a file name")) < 0))
		return ret;
	out->port = (unsigned int)port;
	if (v && (!(out->identity_file_given = strdup(json_string_value(v))) ||
		  !(out->identity_file = wb_scenario_resolve_path(base_dir,
								  json_string_value(v)))))
		return -ENOMEM;
	if ((ret = wb_jsonv_member(jv, h, path, "proxy_jump", false, p, &v)) < 0 ||
	    (v && (ret = wb_scenario_check_jump(jv, v, p)) < 0))
		return ret;
	if (v && !(out->proxy_jump = strdup(json_string_value(v))))
		return -ENOMEM;
	if ((ret = wb_jsonv_member(jv, h, path, "ssh_options", false, p, &v)) < 0)
		return ret;
	return get_ssh_options(jv, v, p, out);
}

static int parse_hosts(struct wb_jsonv *jv, const json_t *v, const char *base_dir,
		       struct wb_scenario_lab *lab)
{
	char p[WB_JSONV_PATH_MAX], shown[WB_JSONV_VALUE_MAX + 8];
	const char *name;
	size_t i = 0, len;
	json_t *h, *key;
	int ret;

	if (!v)
		return 0;
	if (lab->backend == WB_SCENARIO_BACKEND_LOCAL)
		return wb_jsonv_fail(jv, "lab.hosts", "the 'local' backend runs every role on this "
				     "machine; remote hosts need \"backend\": \"ssh\"");
	if ((ret = wb_jsonv_expect(jv, v, "lab.hosts", WB_JSONV_OBJECT, false)) < 0)
		return ret;
	if (json_object_size(v) > WB_SCENARIO_HOSTS_MAX)
		return wb_jsonv_fail(jv, "lab.hosts", "expected at most %d hosts, got %zu",
				     WB_SCENARIO_HOSTS_MAX, json_object_size(v));
	lab->hosts = calloc(json_object_size(v) + 1, sizeof(*lab->hosts));
	if (!lab->hosts)
		return -ENOMEM;
	/* (jansson refuses a NUL inside a key: the names are whole C strings) */
	json_object_foreach((json_t *)v, name, h) {
		len = strlen(name);
		if (len == 0 || len > WB_SCENARIO_HOST_NAME_MAX ||
		    strspn(name, HOST_NAME_CHARS) != len ||
		    strcmp(name, WB_SCENARIO_LOCAL) == 0 || strcmp(name, "ap") == 0) {
			key = json_string(name);
			ret = key ? wb_jsonv_fail(jv, "lab.hosts", "expected host names of 1..%d "
						  "characters from [A-Za-z0-9_-], not \"local\" or "
						  "\"ap\", got %s", WB_SCENARIO_HOST_NAME_MAX,
						  wb_jsonv_render(key, shown, sizeof(shown))) :
				-ENOMEM;
			json_decref(key);
			return ret;
		}
		lab->n_hosts = i + 1;
		if (!(lab->hosts[i].name = strdup(name)))
			return -ENOMEM;
		ret = parse_host(jv, h, wb_jsonv_path_key(p, "lab.hosts", name), base_dir,
				 &lab->hosts[i++]);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/* The role's "host": "local" (also when absent) or a key of lab.hosts. */
static int get_role_host(struct wb_jsonv *jv, const json_t *obj, const char *path,
			 const struct wb_scenario_lab *lab, struct wb_scenario_end *e)
{
	const char *names[WB_SCENARIO_HOSTS_MAX + 2];
	char p[WB_JSONV_PATH_MAX], shown[WB_JSONV_VALUE_MAX + 8];
	json_t *v;
	size_t i;
	int ret, idx;

	e->ssh = NULL;
	if ((ret = wb_jsonv_member(jv, obj, path, "host", false, p, &v)) < 0 || !v)
		return ret;
	if (lab->backend == WB_SCENARIO_BACKEND_LOCAL && json_is_string(v) &&
	    strcmp(json_string_value(v), WB_SCENARIO_LOCAL) != 0)
		return wb_jsonv_fail(jv, p, "the 'local' backend runs every role on this machine: "
				     "expected \"local\", got %s",
				     wb_jsonv_render(v, shown, sizeof(shown)));
	names[0] = WB_SCENARIO_LOCAL;
	for (i = 0; i < lab->n_hosts; i++)
		names[i + 1] = lab->hosts[i].name;
	names[i + 1] = NULL;
	if ((ret = wb_jsonv_enum(jv, v, p, names, &idx)) < 0)
		return ret;
	e->ssh = idx ? &lab->hosts[idx - 1] : NULL;
	return 0;
}

/* An interface name (the kernel's rules: 1..15 bytes, not "." or ".."), when present. */
static int get_ifname(struct wb_jsonv *jv, const json_t *obj, const char *path, const char *key,
		      const char *what, char **out)
{
	char p[WB_JSONV_PATH_MAX];
	int ret;

	ret = wb_scenario_get_token(jv, obj, path, key, false, 15, PHY_CHARS, what, out);
	if (ret == 0 && *out && (!strcmp(*out, ".") || !strcmp(*out, "..")))
		return wb_jsonv_fail(jv, wb_jsonv_path_key(p, path, key),
				     "expected %s, got \"%s\"", what, *out);
	return ret;
}

/* Exactly one of phy, interface, device (or none when not @required). */
static int get_radio(struct wb_jsonv *jv, const json_t *obj, const char *path, bool required,
		     struct wb_scenario_end *e)
{
	char p[WB_JSONV_PATH_MAX];
	int i, n = 0;

	for (i = 0; radio_keys[i]; i++) {
		if (!json_object_get(obj, radio_keys[i]))
			continue;
		if (n++)
			return wb_jsonv_fail(jv, path, "'%s' and '%s' both name the radio; give one "
					     "of them", wb_scenario_radio_key(e->by), radio_keys[i]);
		e->by = (enum wb_scenario_radio_by)(i + 1);
	}
	if (n == 0)
		return required ? wb_jsonv_fail(jv, path, "missing the radio: one of 'phy', "
						"'interface' or 'device'") : 0;
	switch (e->by) {
	case WB_SCENARIO_RADIO_PHY:
		return wb_scenario_get_token(jv, obj, path, "phy", true, 31, PHY_CHARS,
					     "a phy name", &e->radio);
	case WB_SCENARIO_RADIO_IFNAME:
		return get_ifname(jv, obj, path, "interface", "an interface name", &e->radio);
	default:
		return wb_scenario_get_device(jv, json_object_get(obj, "device"),
					      wb_jsonv_path_key(p, path, "device"), &e->radio);
	}
}

/* The role's "address" (with prefix), when present. */
static int get_address(struct wb_jsonv *jv, const json_t *obj, const char *path,
		       struct wb_scenario_ipv4 *a, struct wb_scenario_end *e)
{
	char p[WB_JSONV_PATH_MAX];
	json_t *v;
	int ret;

	if ((ret = wb_jsonv_member(jv, obj, path, "address", false, p, &v)) < 0 || !v)
		return ret;
	return wb_scenario_get_ipv4(jv, v, p, true, a, &e->address);
}

/*
 * lab.ap.crypto_switch: a command per mode, the read-back command and its output per
 * mode. Both modes are required whatever crypto_modes lists: the run restores the
 * setting it found, which may be either.
 */
static int parse_crypto_switch(struct wb_jsonv *jv, const json_t *v, const char *path,
			       struct wb_scenario_lab *lab)
{
	static const char *const keys[] = { "hwcrypt", "nohwcrypt", "read", "values", NULL };
	struct wb_scenario_crypto_switch *cs;
	char p[WB_JSONV_PATH_MAX], vp[WB_JSONV_PATH_MAX];
	json_t *e, *values;
	const char *s;
	int m, ret;

	_Static_assert(WB_CRYPTO_MODES == 2, "the keys list names the modes");
	if ((ret = wb_jsonv_check_keys(jv, v, path, keys)) < 0)
		return ret;
	if (!(cs = lab->crypto_switch = calloc(1, sizeof(*cs))))
		return -ENOMEM;
	for (m = 0; m < WB_CRYPTO_MODES; m++)
		if ((ret = wb_jsonv_member(jv, v, path, wb_crypto_mode_names[m], true, p, &e)) < 0 ||
		    (ret = wb_scenario_get_argv(jv, e, p, &cs->set[m])) < 0)
			return ret;
	if ((ret = wb_jsonv_member(jv, v, path, "read", true, p, &e)) < 0 ||
	    (ret = wb_scenario_get_argv(jv, e, p, &cs->read)) < 0 ||
	    (ret = wb_scenario_get_object(jv, v, path, "values", true, vp, &values)) < 0 ||
	    (ret = wb_jsonv_check_keys(jv, values, vp, wb_crypto_mode_names)) < 0)
		return ret;
	for (m = 0; m < WB_CRYPTO_MODES; m++) {
		if ((ret = wb_jsonv_member(jv, values, vp, wb_crypto_mode_names[m], true, p,
					   &e)) < 0 ||
		    (ret = wb_scenario_check_text(jv, e, p, VALUE_MAX, WB_TEXT_NO_CONTROL,
						  "the value the read command prints")) < 0)
			return ret;
		/* compared with the first line of the output, trimmed */
		s = json_string_value(e);
		if (s[0] == ' ' || s[strlen(s) - 1] == ' ')
			return wb_jsonv_fail(jv, p, "expected the value the read command prints, "
					     "got \"%s\": the output is compared trimmed, so "
					     "leading or trailing blanks never match", s);
		if (!(cs->value[m] = strdup(json_string_value(e))))
			return -ENOMEM;
	}
	if (strcmp(cs->value[0], cs->value[1]) == 0)
		return wb_jsonv_fail(jv, p, "the same value as %s.%s (\"%s\"): the read command "
				     "could not tell the modes apart", vp, wb_crypto_mode_names[0],
				     cs->value[0]);
	return 0;
}

static const char *const ap_kinds[] = { "linux", "openwrt", NULL };

const char *wb_scenario_ap_kind_name(enum wb_scenario_ap_kind k)
{
	return k == WB_SCENARIO_AP_OPENWRT ? ap_kinds[1] : ap_kinds[0];
}

/* lab.ap.kind, and the UCI names of an OpenWrt AP (radio, network: UCI section names). */
static int parse_ap_kind(struct wb_jsonv *jv, const json_t *ap, struct wb_scenario_lab *lab)
{
	char p[WB_JSONV_PATH_MAX];
	json_t *v;
	int ret, idx = 0;

	if ((ret = wb_jsonv_member(jv, ap, "lab.ap", "kind", false, p, &v)) < 0)
		return ret;
	if (v && (ret = wb_jsonv_enum(jv, v, p, ap_kinds, &idx)) < 0)
		return ret;
	lab->ap_kind = (enum wb_scenario_ap_kind)idx;
	if (lab->ap_kind != WB_SCENARIO_AP_OPENWRT) {
		if (json_object_get(ap, "radio") || json_object_get(ap, "network"))
			return wb_jsonv_fail(jv, wb_jsonv_path_key(p, "lab.ap",
					     json_object_get(ap, "radio") ? "radio" : "network"),
					     "a UCI name, only with \"kind\": \"openwrt\"");
		return 0;
	}
	if ((ret = wb_scenario_get_token(jv, ap, "lab.ap", "radio", false, 63, "_",
					 "a UCI section name",
					 &lab->uci_radio)) < 0 ||
	    (ret = wb_scenario_get_token(jv, ap, "lab.ap", "network", false, 63, "_",
					 "a UCI section name",
					 &lab->uci_network)) < 0)
		return ret;
	if (!lab->uci_network && !(lab->uci_network = strdup("lan")))
		return -ENOMEM;
	return 0;
}

static int parse_ap(struct wb_jsonv *jv, const json_t *ap, struct wb_scenario_lab *lab,
		    struct wb_scenario_ipv4 *addr)
{
	static const char *const keys[] = { "host", "phy", "interface", "device", "channel",
					    "address", "bridge", "crypto_switch", "kind",
					    "radio", "network", NULL };
	char p[WB_JSONV_PATH_MAX];
	json_t *cs;
	int ret;

	if (!ap)
		return wb_jsonv_fail(jv, "lab", "missing required key 'ap'");
	if ((ret = wb_jsonv_check_keys(jv, ap, "lab.ap", keys)) < 0 ||
	    (ret = parse_ap_kind(jv, ap, lab)) < 0 ||
	    (ret = get_role_host(jv, ap, "lab.ap", lab, &lab->ap)) < 0 ||
	    (ret = get_radio(jv, ap, "lab.ap", true, &lab->ap)) < 0 ||
	    (ret = wb_scenario_get_channel(jv, ap, "lab.ap", lab)) < 0 ||
	    (ret = get_address(jv, ap, "lab.ap", addr, &lab->ap)) < 0 ||
	    (ret = get_ifname(jv, ap, "lab.ap", "bridge", "a bridge interface name",
			      &lab->bridge)) < 0 ||
	    (ret = wb_scenario_get_object(jv, ap, "lab.ap", "crypto_switch", false, p, &cs)) < 0)
		return ret;
	return cs ? parse_crypto_switch(jv, cs, p, lab) : 0;
}

static int parse_sta(struct wb_jsonv *jv, const json_t *sta, struct wb_scenario_lab *lab,
		     struct wb_scenario_ipv4 *addr)
{
	static const char *const keys[] = { "host", "phy", "interface", "device", "address",
					    NULL };
	int ret;

	if (!sta)
		return wb_jsonv_fail(jv, "lab", "missing required key 'sta'");
	if ((ret = wb_jsonv_check_keys(jv, sta, "lab.sta", keys)) < 0 ||
	    (ret = get_role_host(jv, sta, "lab.sta", lab, &lab->sta)) < 0 ||
	    (ret = get_radio(jv, sta, "lab.sta", true, &lab->sta)) < 0)
		return ret;
	return get_address(jv, sta, "lab.sta", addr, &lab->sta);
}

static int parse_sniffer(struct wb_jsonv *jv, const json_t *sn, struct wb_scenario_lab *lab)
{
	static const char *const keys[] = { "enabled", "host", "phy", "interface", "device",
					    NULL };
	int ret;

	if (sn && ((ret = wb_jsonv_check_keys(jv, sn, "lab.sniffer", keys)) < 0 ||
		   (ret = wb_jsonv_get_bool(jv, sn, "lab.sniffer", "enabled", false,
					    &lab->sniffer)) < 0))
		return ret;
	/* A real lab needs a radio of its own in monitor mode to see the air. */
	if (!sn && lab->sniffer)
		return wb_jsonv_fail(jv, "lab", "missing required key 'sniffer' (a real lab needs "
				     "a radio in monitor mode to verify PMF, or \"enabled\": "
				     "false)");
	if (!sn)
		return 0;
	if ((ret = get_role_host(jv, sn, "lab.sniffer", lab, &lab->sniffer_end)) < 0)
		return ret;
	return get_radio(jv, sn, "lab.sniffer", lab->sniffer, &lab->sniffer_end);
}

/* lab.peer: absent or "ap" (the AP end), or {host, address}. */
static int parse_peer(struct wb_jsonv *jv, const json_t *v, struct wb_scenario_lab *lab,
		      struct wb_scenario_ipv4 *addr)
{
	static const char *const keys[] = { "host", "address", NULL };
	char p[WB_JSONV_PATH_MAX], shown[WB_JSONV_VALUE_MAX + 8];
	json_t *a;
	int ret;

	lab->peer_on_ap = !v || (json_is_string(v) && !strcmp(json_string_value(v), "ap") &&
				 json_string_length(v) == 2);
	if (lab->peer_on_ap)
		return 0;
	if (!json_is_object(v))
		return wb_jsonv_fail(jv, "lab.peer", "expected \"ap\" or an object {\"host\", "
				     "\"address\"}, got %s", wb_jsonv_render(v, shown,
									     sizeof(shown)));
	if ((ret = wb_jsonv_check_keys(jv, v, "lab.peer", keys)) < 0 ||
	    (ret = get_role_host(jv, v, "lab.peer", lab, &lab->peer)) < 0 ||
	    (ret = wb_jsonv_member(jv, v, "lab.peer", "address", true, p, &a)) < 0)
		return ret;
	return wb_scenario_get_ipv4(jv, a, p, false, addr, &lab->peer.address);
}

/* Every lab.hosts entry serves some role; the ssh backend has at least one. */
static int check_hosts_used(struct wb_jsonv *jv, const struct wb_scenario_lab *lab)
{
	const struct wb_scenario_end *ends[] = { &lab->ap, &lab->sta, &lab->sniffer_end,
						 &lab->peer };
	char p[WB_JSONV_PATH_MAX];
	size_t i, j;

	for (i = 0; i < lab->n_hosts; i++) {
		for (j = 0; j < WB_ARRAY_SIZE(ends) && ends[j]->ssh != &lab->hosts[i]; j++)
			;
		if (j == WB_ARRAY_SIZE(ends))
			return wb_jsonv_fail(jv, wb_jsonv_path_key(p, "lab.hosts", lab->hosts[i].name),
					     "not used by any role (ap, sta, sniffer, peer)");
	}
	if (lab->backend == WB_SCENARIO_BACKEND_SSH && lab->n_hosts == 0)
		return wb_jsonv_fail(jv, "lab.backend", "'ssh', but every role runs on this "
				     "machine: use \"local\" (or name a host of lab.hosts)");
	return 0;
}

/* No two roles on one radio: each needs its own (AP, STA, monitor). */
static int check_radios(struct wb_jsonv *jv, const struct wb_scenario_lab *lab)
{
	static const char *const paths[] = { "lab.ap", "lab.sta", "lab.sniffer" };
	const struct wb_scenario_end *ends[] = { &lab->ap, &lab->sta, &lab->sniffer_end };
	char p[WB_JSONV_PATH_MAX];
	size_t i, j;

	for (i = 1; i < WB_ARRAY_SIZE(ends); i++)
		for (j = 0; j < i; j++)
			if (ends[i]->radio && ends[j]->radio && ends[i]->ssh == ends[j]->ssh &&
			    ends[i]->by == ends[j]->by && !strcmp(ends[i]->radio, ends[j]->radio))
				return wb_jsonv_fail(jv, wb_jsonv_path_key(p, paths[i],
							wb_scenario_radio_key(ends[i]->by)),
						     "the same radio as %s (%s \"%s\" on %s): each "
						     "role needs a radio of its own", paths[j],
						     wb_scenario_radio_key(ends[j]->by),
						     ends[j]->radio, wb_scenario_end_host(ends[j]));
	return 0;
}

/* With ap.bridge: the STA on the AP's LAN, the peer a host there. */
static int check_bridge(struct wb_jsonv *jv, const struct wb_scenario_lab *lab,
			const struct wb_scenario_ipv4 *sta, const struct wb_scenario_ipv4 *peer)
{
	if (!lab->ap.ssh)
		return wb_jsonv_fail(jv, "lab.ap.bridge", "an AP on this machine runs in a network "
				     "namespace of its own, where no bridge of this machine is: a "
				     "bridge needs the AP on an ssh host");
	if (lab->ap.address)
		return wb_jsonv_fail(jv, "lab.ap.address", "with lab.ap.bridge the AP's interface "
				     "is a port of '%s' and has no address of its own; leave it "
				     "out", lab->bridge);
	if (!lab->sta.address)
		return wb_jsonv_fail(jv, "lab.sta", "missing required key 'address' (with "
				     "lab.ap.bridge the STA joins the AP's LAN and needs an "
				     "address there)");
	if (lab->peer_on_ap)
		return wb_jsonv_fail(jv, "lab", "missing required key 'peer' (with lab.ap.bridge "
				     "the iperf peer is a host on the AP's LAN: {\"host\": ..., "
				     "\"address\": ...})");
	if (!wb_scenario_in_subnet(sta, peer))
		return wb_jsonv_fail(jv, "lab.peer.address", "%s is not in the STA's subnet %s "
				     "(lab.sta.address): the STA reaches the peer on the AP's LAN",
				     lab->peer.address, lab->sta.address);
	if (sta->addr == peer->addr)
		return wb_jsonv_fail(jv, "lab.peer.address", "%s is the STA's own address",
				     lab->peer.address);
	return 0;
}

/*
 * An OpenWrt AP: on an ssh host (the router), its interface a port of the UCI network's
 * bridge (no address, no lab.ap.bridge), the STA and the peer on that LAN.
 */
static int check_openwrt(struct wb_jsonv *jv, const struct wb_scenario_lab *lab,
			 const struct wb_scenario_ipv4 *sta, const struct wb_scenario_ipv4 *peer)
{
	if (!lab->ap.ssh)
		return wb_jsonv_fail(jv, "lab.ap.host", "an OpenWrt AP is a router reached over "
				     "ssh: name a host of lab.hosts");
	if (lab->bridge)
		return wb_jsonv_fail(jv, "lab.ap.bridge", "an OpenWrt AP joins the UCI network "
				     "(lab.ap.network, \"%s\"): leave 'bridge' out",
				     lab->uci_network);
	if (lab->ap.address)
		return wb_jsonv_fail(jv, "lab.ap.address", "an OpenWrt AP's interface is a port "
				     "of network '%s' and has no address of its own; leave it out",
				     lab->uci_network);
	if (!lab->sta.address)
		return wb_jsonv_fail(jv, "lab.sta", "missing required key 'address' (the STA "
				     "joins the router's network '%s' and needs an address there)",
				     lab->uci_network);
	if (lab->peer_on_ap)
		return wb_jsonv_fail(jv, "lab", "missing required key 'peer' (an OpenWrt lab's "
				     "iperf peer is a host on the router's LAN: {\"host\": ..., "
				     "\"address\": ...}; the router's own host and LAN address "
				     "put iperf3 on the router, where it costs the CPU measured)");
	if (!wb_scenario_in_subnet(sta, peer))
		return wb_jsonv_fail(jv, "lab.peer.address", "%s is not in the STA's subnet %s "
				     "(lab.sta.address)", lab->peer.address, lab->sta.address);
	if (sta->addr == peer->addr)
		return wb_jsonv_fail(jv, "lab.peer.address", "%s is the STA's own address",
				     lab->peer.address);
	return 0;
}

/* Without a bridge: AP and STA on the lab's own subnet, the AP end as the peer. */
static int check_own_subnet(struct wb_jsonv *jv, struct wb_scenario_lab *lab,
			    struct wb_scenario_ipv4 *ap, struct wb_scenario_ipv4 *sta)
{
	const char *why;

	if (!lab->peer_on_ap)
		return wb_jsonv_fail(jv, "lab.peer", "without lab.ap.bridge the STA is on the "
				     "lab's own subnet, which only the AP end reaches: leave 'peer' "
				     "out (or \"ap\"), or bridge the AP into a LAN");
	if (!lab->ap.address != !lab->sta.address)
		return wb_jsonv_fail(jv, lab->ap.address ? "lab.ap" : "lab.sta", "'address' "
				     "without lab.%s.address: give both, in one subnet, or neither "
				     "(the lab's own %s and %s)", lab->ap.address ? "sta" : "ap",
				     WB_SCENARIO_AP_ADDRESS, WB_SCENARIO_STA_ADDRESS);
	if ((!lab->ap.address && !(lab->ap.address = strdup(WB_SCENARIO_AP_ADDRESS))) ||
	    (!lab->sta.address && !(lab->sta.address = strdup(WB_SCENARIO_STA_ADDRESS))))
		return -ENOMEM;
	if (wb_scenario_parse_ipv4(lab->ap.address, true, ap, &why) < 0 ||
	    wb_scenario_parse_ipv4(lab->sta.address, true, sta, &why) < 0)
		return -EINVAL; /* checked when read; the defaults are valid */
	if (ap->prefix != sta->prefix || !wb_scenario_in_subnet(ap, sta))
		return wb_jsonv_fail(jv, "lab.sta.address", "%s is not in the AP's subnet %s "
				     "(lab.ap.address)", lab->sta.address, lab->ap.address);
	if (ap->addr == sta->addr)
		return wb_jsonv_fail(jv, "lab.sta.address", "%s is the AP's address too",
				     lab->sta.address);
	return 0;
}

int wb_scenario_parse_real(struct wb_jsonv *jv, const json_t *v, const char *base_dir,
			   struct wb_scenario_lab *lab)
{
	static const char *const keys[] = { "backend", "hosts", "ap", "sta", "sniffer", "peer",
					    NULL };
	struct wb_scenario_ipv4 ap = { 0 }, sta = { 0 }, peer = { 0 };
	char p[WB_JSONV_PATH_MAX];
	json_t *ap_o, *sta_o, *sn_o;
	int ret;

	if ((ret = wb_jsonv_check_keys(jv, v, "lab", keys)) < 0 ||
	    (ret = parse_hosts(jv, json_object_get(v, "hosts"), base_dir, lab)) < 0 ||
	    (ret = wb_scenario_get_object(jv, v, "lab", "ap", false, p, &ap_o)) < 0 ||
	    (ret = parse_ap(jv, ap_o, lab, &ap)) < 0 ||
	    (ret = wb_scenario_get_object(jv, v, "lab", "sta", false, p, &sta_o)) < 0 ||
	    (ret = parse_sta(jv, sta_o, lab, &sta)) < 0 ||
	    (ret = wb_scenario_get_object(jv, v, "lab", "sniffer", false, p, &sn_o)) < 0 ||
	    (ret = parse_sniffer(jv, sn_o, lab)) < 0 ||
	    (ret = parse_peer(jv, json_object_get(v, "peer"), lab, &peer)) < 0 ||
	    (ret = check_hosts_used(jv, lab)) < 0 ||
	    (ret = check_radios(jv, lab)) < 0)
		return ret;
	if (lab->ap_kind == WB_SCENARIO_AP_OPENWRT)
		return check_openwrt(jv, lab, &sta, &peer);
	if (lab->bridge)
		return check_bridge(jv, lab, &sta, &peer);
	return check_own_subnet(jv, lab, &ap, &sta);
}
