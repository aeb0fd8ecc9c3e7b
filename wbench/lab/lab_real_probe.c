/*
 * wbench: `wbench probe --lab` on the real backends: each role's radio on its host, the way
 * `wbench probe` reports a radio of this machine (ciphers, BIP, the driver, its crypto
 * switch and current value, a prediction per security profile), and the preflight's
 * findings next to it. Read-only: hosts are reached and files and `iw` read, nothing is
 * moved, loaded, written or started (the ssh host's private directory is made and removed,
 * as the preflight does).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "wbench/diag/probe.h"
#include "wbench/lab/lab_real_i.h"
#include "wbench/lib/util.h"

#define TEXT_MAX 512

/* The radio of @x as it is now: nl80211 here, `iw phy PHY info` on another host. */
static int end_caps(struct real_end *x, struct wb_capabilities *caps, char *err,
		    size_t errlen)
{
	int r;

	if (x->host->local) {
		r = wb_capabilities_get(NULL, x->radio.phy, NULL, caps);
		if (r < 0)
			return wb_lab_fail(r, err, errlen, "cannot read the capabilities of %s: %s",
					   x->radio.phy, strerror(-r));
	} else {
		r = real_caps_iw(x->host, x->radio.phy, caps, err, errlen);
		if (r < 0)
			return r;
	}
	if (!caps->driver[0])
		wb_strlcpy(caps->driver, x->radio.driver, sizeof(caps->driver));
	if (!caps->module[0])
		wb_strlcpy(caps->module, x->radio.module, sizeof(caps->module));
	return 0;
}

/* The driver-table switch of a STA or sniffer radio, read through its host. */
static void end_param(struct real_end *x, const struct wb_driver *d, char *raw, size_t len,
		      enum wb_crypto_mode *mode)
{
	char path[TEXT_MAX], *text = NULL;

	raw[0] = '\0';
	*mode = WB_CRYPTO_UNKNOWN;
	if (wb_driver_param_path(d, "/sys", path, sizeof(path)) < 0 ||
	    wb_host_read_file(x->host->h, path, 64, false, &text, NULL) < 0)
		return;
	text[strcspn(text, "\n")] = '\0';
	wb_strlcpy(raw, text, len);
	*mode = wb_driver_param_parse(text);
	free(text);
}

/* The AP's switch is the lab's (the driver table's or the scenario's commands). */
static void ap_param(struct wb_lab *l, char *raw, size_t len, enum wb_crypto_mode *mode)
{
	char err[TEXT_MAX];

	raw[0] = '\0';
	*mode = WB_CRYPTO_UNKNOWN;
	if (l->cs && wb_crypto_switch_read(l->cs, raw, len, mode, err, sizeof(err)) < 0) {
		raw[0] = '\0';
		*mode = WB_CRYPTO_UNKNOWN;
	}
}

/* One role's entry: the probe report of its radio. */
static int probe_end(struct wb_lab *l, struct real_end *x, struct wb_lab_probes *out,
		     struct wb_lab_findings *found)
{
	struct wb_capabilities caps;
	struct wb_lab_probe *p;
	const struct wb_driver *d;
	enum wb_crypto_mode mode;
	char raw[WB_CRYPTO_SWITCH_VALUE_MAX], err[TEXT_MAX];

	memset(&caps, 0, sizeof(caps));
	if (end_caps(x, &caps, err, sizeof(err)) < 0)
		return wb_lab_findings_add(found, x->host->name, true, "%s: %s", x->role, err);
	if (x == &l->ap) {
		d = l->driver;
		ap_param(l, raw, sizeof(raw), &mode);
	} else {
		d = wb_driver_lookup(caps.driver, caps.module,
				     x->host->local ? "/sys" : "/nonexistent");
		end_param(x, d, raw, sizeof(raw), &mode);
	}
	p = wb_lab_probes_add(out);
	if (!p)
		return -ENOMEM;
	wb_strlcpy(p->role, x->role, sizeof(p->role));
	wb_strlcpy(p->host, x->host->name, sizeof(p->host));
	wb_probe_phy_set(&p->phy, &caps, d, raw, mode);
	return 0;
}

int real_probe(const struct wb_scenario *sc, struct wb_cancel *c, struct wb_lab_probes *out,
	       struct wb_lab_findings *found)
{
	struct wb_lab *l = calloc(1, sizeof(*l));
	int r;

	if (!l)
		return -ENOMEM;
	l->sc = sc;
	l->cancel = c;  /* no state record: nothing is changed */
	/* the preflight finds each role's radio (or says why not) and the AP's switch */
	r = real_preflight_lab(l, found);
	struct real_end *e[] = { &l->ap, &l->sta, &l->sniffer };

	for (size_t k = 0; r == 0 && k < WB_ARRAY_SIZE(e); k++)
		if (e[k]->host && e[k]->radio.phy[0])
			r = probe_end(l, e[k], out, found);
	real_preflight_close(l);
	return r;
}
