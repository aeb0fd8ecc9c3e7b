#include <linux/nl80211.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "wbench/wifi/ciphers.h"
#include "wbench/sys/nl80211.h"
#include "wbench/diag/predict.h"

const char *wb_verdict_name(enum wb_verdict v)
{
	return v == WB_VERDICT_OK ? "ok" : "will_fail";
}

/* snprintf that may truncate on purpose: the texts are bounded, and cut rather than lost. */
WB_PRINTF(3, 4) static void fmt(char *buf, size_t len, const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	vsnprintf(buf, len, f, ap);
	va_end(ap);
}

static void fail(struct wb_prediction *out, const char *code)
{
	out->verdict = WB_VERDICT_WILL_FAIL;
	out->code = code;
}

/*
 * What to do on real hardware driven by @d (in @mode) that advertises no BIP. Written
 * without the "no BIP cipher; " prefix so the sim remedy can quote it.
 */
static void real_bip_remedy(const struct wb_driver *d, const char *module,
			    enum wb_crypto_mode mode, char *buf, size_t len)
{
	const char *pmod;

	if (!d) {
		snprintf(buf, len, "driver%s%s is not in wbench's driver table: look for a module "
			 "parameter such as nohwcrypt or swcrypto, or use a radio whose driver "
			 "advertises BIP", module && *module ? " " : "", module ? module : "");
		return;
	}
	if (!wb_driver_has_switch(d)) {
		snprintf(buf, len, "%s has no crypto switch, so no module parameter can add BIP "
			 "(%s); use another radio, or a driver or kernel that advertises BIP",
			 d->module, d->notes);
		return;
	}
	pmod = wb_driver_param_module(d);
	if (d->mfp == WB_DRIVER_MFP_NEVER) {
		snprintf(buf, len, "%s supports no PMF in hardware or software crypto mode (%s); "
			 "use another radio for PMF/WPA3", d->module, d->notes);
		return;
	}
	if (d->mfp == WB_DRIVER_MFP_HW_ONLY) {
		snprintf(buf, len, "switching to software crypto does not help: %s %s=1 removes "
			 "PMF altogether (%s); check that the firmware supports MFP, or use "
			 "another radio", pmod, d->param, d->notes);
		return;
	}
	if (mode == WB_CRYPTO_SW) {
		snprintf(buf, len, "%s is already in software crypto mode (%s=1) and still "
			 "advertises no BIP: this driver version lacks PMF; use another radio "
			 "or a newer kernel", pmod, d->param);
		return;
	}
	if (d->method == WB_DRIVER_SWITCH_REPROBE) {
		int n = snprintf(buf, len, "write 1 to /sys/module/%s/parameters/%s and reload %s",
				 pmod, d->param, d->module);

		if (d->modules_d && n > 0 && (size_t)n < len)
			snprintf(buf + n, len - (size_t)n,
				 ", or on OpenWrt put `%s %s=1` in /etc/modules.d/%s", pmod,
				 d->param, d->modules_d);
		return;
	}
	if (d->modules_d)
		snprintf(buf, len, "reload %s with %s=1, or on OpenWrt put `%s %s=1` in "
			 "/etc/modules.d/%s", pmod, d->param, pmod, d->param, d->modules_d);
	else
		snprintf(buf, len, "reload %s with %s=1", pmod, d->param);
}

static void bip_remedy(const struct wb_predict_input *in, char *buf, size_t len)
{
	const struct wb_driver *d = in->driver;
	char real[512];

	if (in->sim && in->sim->real_module) {
		const struct wb_driver *rd = wb_driver_find(in->sim->real_module);

		real_bip_remedy(rd, in->sim->real_module, WB_CRYPTO_HW, real, sizeof(real));
		fmt(buf, len, "no BIP cipher; this sim radio models %s: re-create it with "
		    "--profile full (= nohwcrypt): 'wbench sim radio del %s', then 'wbench sim "
		    "radio add %s --profile full'; on the real hardware: %s", in->sim->models,
		    in->caps->name, in->caps->name, real);
		return;
	}
	if (d && strcmp(d->module, WB_HWSIM_MODULE) == 0) {
		snprintf(buf, len, "no BIP cipher; this sim radio was created with a restricted "
			 "cipher list: re-create it with --profile full ('wbench sim radio del "
			 "%s', then 'wbench sim radio add %s --profile full')", in->caps->name,
			 in->caps->name);
		return;
	}
	real_bip_remedy(d, in->caps->module, in->mode, real, sizeof(real));
	fmt(buf, len, "no BIP cipher; %s", real);
}

static void iftype_list(const struct wb_capabilities *c, char *buf, size_t len)
{
	size_t used = 0;
	unsigned int t;

	buf[0] = '\0';
	for (t = 0; t < 32 && used < len; t++) {
		const char *n = wb_nl80211_iftype_name(t);
		int k;

		if (!n || !wb_capabilities_iftype(c, t))
			continue;
		k = snprintf(buf + used, len - used, "%s%s", used ? ", " : "", n);
		if (k < 0)
			break;
		used += (size_t)k;
	}
	if (!used)
		snprintf(buf, len, "none");
}

void wb_predict(const struct wb_predict_input *in, const struct wb_security *s,
		struct wb_prediction *out)
{
	const struct wb_capabilities *c = in->caps;
	const char *drv = c->driver[0] ? c->driver : "unknown";

	memset(out, 0, sizeof(*out));
	out->profile = s;
	out->verdict = WB_VERDICT_OK;

	if (!wb_capabilities_iftype(c, NL80211_IFTYPE_AP)) {
		char types[160];

		iftype_list(c, types, sizeof(types));
		fail(out, WB_PREDICT_NO_AP_MODE);
		snprintf(out->reason, sizeof(out->reason),
			 "%s does not support AP mode (interface modes: %s)", c->name, types);
		snprintf(out->remedy, sizeof(out->remedy),
			 "use a radio whose driver supports AP mode ('iw phy %s info' lists the "
			 "supported interface modes)", c->name);
		return;
	}
	if (s->key_mgmt && !wb_capabilities_has_cipher(c, WB_CIPHER_CCMP_128)) {
		fail(out, WB_PREDICT_NO_CCMP);
		snprintf(out->reason, sizeof(out->reason),
			 "no CCMP-128 cipher advertised by %s: %s needs it as pairwise cipher",
			 c->name, s->name);
		snprintf(out->remedy, sizeof(out->remedy), "use a radio that advertises CCMP-128");
		return;
	}
	if (wb_security_needs_bip(s) && !wb_capabilities_bip(c)) {
		fail(out, WB_PREDICT_NO_BIP);
		snprintf(out->reason, sizeof(out->reason),
			 "no BIP cipher (AES-128-CMAC) advertised by %s (driver %s): hostapd cannot "
			 "install the IGTK that ieee80211w=%d needs ('key setting validation "
			 "failed')", c->name, drv, s->ieee80211w);
		bip_remedy(in, out->remedy, sizeof(out->remedy));
		return;
	}
	if (s->sae && c->ap_sme && !c->sae_offload_ap) {
		fail(out, WB_PREDICT_SAE_UNSUPPORTED);
		snprintf(out->reason, sizeof(out->reason),
			 "%s (driver %s) runs the AP MLME in firmware (FullMAC) and offers no SAE "
			 "offload for AP mode, so hostapd cannot do SAE on it", c->name, drv);
		snprintf(out->remedy, sizeof(out->remedy),
			 "use psk2 or psk2+pmf on this radio, or a mac80211-based radio for WPA3");
		return;
	}
}

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

json_t *wb_prediction_to_json(const struct wb_prediction *p)
{
	return json_pack("{s:s,s:o,s:o,s:o}", "verdict", wb_verdict_name(p->verdict),
			 "code", str_or_null(p->code), "reason", str_or_null(p->reason),
			 "remedy", str_or_null(p->remedy));
}
