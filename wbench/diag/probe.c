#include <string.h>

#include "wbench/wifi/ciphers.h"
#include "wbench/sys/nl80211.h"
#include "wbench/diag/probe.h"
#include "wbench/wifi/security.h"
#include "wbench/lib/util.h"

static bool is_hwsim(const struct wb_capabilities *c)
{
	return strcmp(c->module, WB_HWSIM_MODULE) == 0 || strcmp(c->driver, WB_HWSIM_MODULE) == 0;
}

void wb_probe_phy_init(struct wb_probe_phy *p, const struct wb_capabilities *caps,
		       const char *sysfs_root)
{
	const struct wb_driver *d = wb_driver_lookup(caps->driver, caps->module, sysfs_root);
	enum wb_crypto_mode mode = WB_CRYPTO_UNKNOWN;
	char raw[sizeof(p->param_raw)] = "";

	if (wb_driver_has_switch(d) &&
	    wb_driver_param_read(d, sysfs_root, raw, sizeof(raw), &mode) < 0) {
		raw[0] = '\0';
		mode = WB_CRYPTO_UNKNOWN;
	}
	wb_probe_phy_set(p, caps, d, raw, mode);
}

void wb_probe_phy_set(struct wb_probe_phy *p, const struct wb_capabilities *caps,
		      const struct wb_driver *driver, const char *param_raw,
		      enum wb_crypto_mode mode)
{
	struct wb_predict_input in;
	const struct wb_security *sec;
	size_t i, n;

	memset(p, 0, sizeof(*p));
	p->caps = *caps;
	p->driver = driver;
	p->mode = mode;
	wb_strlcpy(p->param_raw, param_raw ? param_raw : "", sizeof(p->param_raw));
	if (is_hwsim(caps))
		p->sim = wb_hwsim_profile_guess(caps->ciphers, caps->n_ciphers);
	in = (struct wb_predict_input){ .caps = &p->caps, .driver = p->driver, .mode = p->mode,
					.sim = p->sim };
	sec = wb_security_all(&n);
	for (i = 0; i < n && i < WB_PROBE_MAX_PROFILES; i++)
		wb_predict(&in, &sec[i], &p->predictions[i]);
	p->n_predictions = i;
}

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static const char *method_name(enum wb_driver_method m)
{
	return m == WB_DRIVER_SWITCH_REPROBE ? "reprobe" : "reload";
}

static json_t *switch_json(const struct wb_probe_phy *p)
{
	const struct wb_driver *d = p->driver;

	if (!wb_driver_has_switch(d))
		return json_null();
	return json_pack("{s:s,s:s,s:o,s:s,s:s,s:o}", "module", wb_driver_param_module(d),
			 "param", d->param, "value", str_or_null(p->param_raw),
			 "mode", wb_crypto_mode_name(p->mode), "method", method_name(d->method),
			 "openwrt_modules_d", str_or_null(d->modules_d));
}

json_t *wb_probe_phy_to_json(const struct wb_probe_phy *p)
{
	json_t *o = wb_capabilities_to_json(&p->caps), *preds = json_object();
	size_t i;

	if (!o || !preds)
		goto fail;
	for (i = 0; i < p->n_predictions; i++)
		if (json_object_set_new(preds, p->predictions[i].profile->name,
					wb_prediction_to_json(&p->predictions[i])) < 0)
			goto fail;
	if (json_object_set_new(o, "crypto_switch", switch_json(p)) < 0 ||
	    json_object_set_new(o, "driver_notes", str_or_null(p->driver ? p->driver->notes
								      : NULL)) < 0 ||
	    json_object_set_new(o, "sim_profile", str_or_null(p->sim ? p->sim->name : NULL)) < 0)
		goto fail;
	if (json_object_set_new(o, "predictions", preds) < 0) {
		json_decref(o);
		return NULL;
	}
	return o;
fail:
	json_decref(o);
	json_decref(preds);
	return NULL;
}

json_t *wb_probe_to_json(const struct wb_probe_phy *phys, size_t n)
{
	json_t *arr = json_array();
	size_t i;

	if (!arr)
		return NULL;
	for (i = 0; i < n; i++) {
		if (json_array_append_new(arr, wb_probe_phy_to_json(&phys[i])) < 0) {
			json_decref(arr);
			return NULL;
		}
	}
	return json_pack("{s:s,s:o}", "schema", WB_PROBE_SCHEMA, "phys", arr);
}

static const char *yes_no(bool b)
{
	return b ? "yes" : "no";
}

void wb_probe_phy_print(const struct wb_probe_phy *p, FILE *f)
{
	const struct wb_capabilities *c = &p->caps;
	const struct wb_driver *d = p->driver;
	char buf[24];
	size_t i;
	unsigned int t;

	fprintf(f, "%s (wiphy %u): driver %s, module %s\n", c->name, c->index,
		c->driver[0] ? c->driver : "unknown", c->module[0] ? c->module : "unknown");
	if (p->sim)
		fprintf(f, "  sim profile        %s (models %s)\n", p->sim->name, p->sim->models);
	fprintf(f, "  ciphers           ");
	for (i = 0; i < c->n_ciphers; i++)
		fprintf(f, " %s", wb_cipher_format(c->ciphers[i], buf, sizeof(buf)));
	fprintf(f, "%s\n", c->n_ciphers ? "" : " none");
	fprintf(f, "  BIP (PMF)          %s\n", yes_no(wb_capabilities_bip(c)));
	fprintf(f, "  beacon protection  %s\n", yes_no(wb_capabilities_beacon_protection(c)));
	fprintf(f, "  interface modes   ");
	for (t = 0; t < 32; t++)
		if (wb_capabilities_iftype(c, t) && wb_nl80211_iftype_name(t))
			fprintf(f, " %s", wb_nl80211_iftype_name(t));
	fprintf(f, "\n");
	if (c->ap_sme)
		fprintf(f, "  AP SME             in the device (FullMAC)%s\n",
			c->sae_offload_ap ? ", SAE offload" : "");
	if (wb_driver_has_switch(d))
		fprintf(f, "  crypto switch      %s %s=%s (%s)\n", wb_driver_param_module(d), d->param,
			p->param_raw[0] ? p->param_raw : "?", wb_crypto_mode_name(p->mode));
	else if (d)
		fprintf(f, "  crypto switch      none (%s)\n", d->notes);
	else
		fprintf(f, "  crypto switch      unknown (driver not in wbench's table)\n");
	fprintf(f, "  predictions (AP):\n");
	for (i = 0; i < p->n_predictions; i++) {
		const struct wb_prediction *pr = &p->predictions[i];

		fprintf(f, "    %-18s %s%s%s\n", pr->profile->name, wb_verdict_name(pr->verdict),
			pr->code ? "  " : "", pr->code ? pr->code : "");
		if (pr->verdict == WB_VERDICT_OK)
			continue;
		fprintf(f, "      why:    %s\n", pr->reason);
		if (pr->remedy[0])
			fprintf(f, "      remedy: %s\n", pr->remedy);
	}
}
