/*
 * The OpenWrt AP, read only (owrt.h): what `wbench run --dry-run --preflight` and
 * `wbench probe --lab` report about a router before a run, and what a run's --dry-run
 * says it will do there (every step with its undo).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wbench/lab/lab_real_i.h"
#include "wbench/lab/owrt.h"
#include "wbench/wifi/ciphers.h"

/* The router's tools that a run uses (19.07 names; ubox, uci, netifd, iw, BusyBox), and
 * iperf3 when the scenario puts the iperf peer there. */
static const char tools_script[] =
	"for t in \"$@\"; do command -v \"$t\" >/dev/null 2>&1 || printf '%s ' \"$t\"; done; "
	"exit 0";
#define TOOLS "uci", "ubus", "wifi", "logread", "logger", "iw", "insmod", "rmmod", "hostapd"

static int tools(struct wb_host *h, const char *hn, bool iperf3, struct wb_lab_findings *out)
{
	struct wb_host_exec x = { .timeout_ms = REAL_CMD_TIMEOUT_MS };
	char *const argv[] = { "sh", "-c", (char *)tools_script, "sh", TOOLS,
			       iperf3 ? "iperf3" : NULL, NULL };
	const char *need = iperf3 ? "uci ubus wifi logread logger iw insmod rmmod hostapd iperf3" :
		"uci ubus wifi logread logger iw insmod rmmod hostapd";
	char *missing = NULL;
	int r = wb_host_run(h, argv, &x, &missing, NULL);

	if (r != 0) {
		free(missing);
		return wb_lab_findings_add(out, hn, true, "cannot look for the router's tools "
					   "(sh -c 'command -v ...'): %s", r < 0 ? strerror(-r) :
					   "failed");
	}
	r = missing && *missing ?
		wb_lab_findings_add(out, hn, true, "missing on the router: %s(a run needs %s)",
				    missing, need) :
		wb_lab_findings_add(out, hn, false, "tools: %s", need);
	free(missing);
	if (iperf3)
		r |= wb_lab_findings_add(out, hn, false, "iperf3 runs on the router (lab.peer.host "
					 "is the router): it competes with the crypto for the "
					 "router's CPU; the results say so "
					 "(environment.ap.openwrt.iperf3_on_router)");
	return r;
}

/* The radio's ciphers (`iw phy PHY info`): BIP or not. */
static int ciphers(struct wb_host *h, const char *hn, const char *phy,
		   struct wb_lab_findings *out, struct wb_owrt_caps *caps)
{
	struct wb_host_exec x = { .timeout_ms = REAL_CMD_TIMEOUT_MS };
	uint32_t c[32];
	char *text = NULL;
	size_t n;
	int r = wb_host_run(h, (char *const[]){ "iw", "phy", (char *)phy, "info", NULL }, &x,
			    &text, NULL);

	if (r != 0) {
		free(text);
		return wb_lab_findings_add(out, hn, true, "'iw phy %s info' failed", phy);
	}
	n = real_iw_ciphers(text, c, 32);
	free(text);
	caps->bip = false;
	for (size_t i = 0; i < n; i++)
		caps->bip |= c[i] == WB_CIPHER_BIP_CMAC_128;
	caps->n_ciphers = n;
	return wb_lab_findings_add(out, hn, false, "%s advertises %zu cipher suites, %s: %s", phy,
				   n, caps->bip ? "with BIP-CMAC-128" : "no BIP", caps->bip ?
				   "PMF profiles can start" : "in this crypto mode every PMF "
				   "profile (sae, owe, sae-mixed, psk2+pmf*) is predicted to fail "
				   "(no_bip_cipher; rt2800soc: nohwcrypt=1 gives BIP in software)");
}

/* Each security entry the router cannot run: its cells will be "unsupported". */
static int profiles(const struct wb_scenario *sc, const char *hn, const struct wb_owrt_caps *caps,
		    struct wb_lab_findings *out)
{
	struct wb_owrt_iface f = { .radio = "-", .network = "-", .ssid = sc->ssid,
				   .ssid_len = sc->ssid_len };
	char why[256];
	int r = 0;

	for (size_t i = 0; i < sc->n_security; i++) {
		f.sec = sc->security[i].profile;
		f.beacon_prot = sc->security[i].beacon_protection;
		f.sae_pwe = sc->security[i].sae_pwe;
		if (wb_owrt_unsupported(&f, caps->release, caps->feat, why, sizeof(why)))
			r |= wb_lab_findings_add(out, hn, true, "security '%s': unsupported (its "
						 "cells will say so): %s", sc->security[i].label,
						 why);
	}
	return r;
}

int wb_lab_openwrt_preflight(struct wb_host *h, const char *hn, const struct wb_scenario *sc,
			     const char *phy, struct wb_lab_findings *out,
			     struct wb_owrt_caps *caps)
{
	int r = 0;

	memset(caps, 0, sizeof(*caps));
	owrt_release(h, caps->release, sizeof(caps->release));
	if (!caps->release[0])
		r |= wb_lab_findings_add(out, hn, true, "no DISTRIB_RELEASE in "
					 "/etc/openwrt_release: not an OpenWrt router?");
	else
		r |= wb_lab_findings_add(out, hn, false, "OpenWrt %s%s", caps->release,
					 wb_owrt_release_old(caps->release) ? " (19.07 or older: "
					 "no sae_pwe, beacon_prot, ocv)" : "");
	caps->feat = owrt_features(h);
	if (caps->feat & WB_OWRT_FEAT_UNKNOWN)
		r |= wb_lab_findings_add(out, hn, true, "hostapd -v<feature> does not answer: "
					 "no hostapd (wpad) on the router?");
	else
		r |= wb_lab_findings_add(out, hn, false, "hostapd: sae %s, owe %s, 11w %s",
					 caps->feat & WB_OWRT_FEAT_SAE ? "yes" : "no",
					 caps->feat & WB_OWRT_FEAT_OWE ? "yes" : "no",
					 caps->feat & WB_OWRT_FEAT_11W ? "yes" : "no");
	r |= tools(h, hn, sc && wb_scenario_lab_peer_on_router(&sc->lab), out);
	if (phy && *phy)
		r |= ciphers(h, hn, phy, out, caps);
	if (sc)
		r |= profiles(sc, hn, caps, out);
	return r < 0 ? -ENOMEM : 0;
}

/* --dry-run: the router's steps, each with its undo. */
int owrt_describe(const struct wb_scenario *sc, struct wb_lab_actions *out)
{
	const char *h = wb_scenario_end_host(&sc->lab.ap);
	const char *radio = sc->lab.uci_radio ? sc->lab.uci_radio :
		"<the wifi-device whose option path is the AP radio's device>";
	const char *net = sc->lab.uci_network ? sc->lab.uci_network : "lan";
	static const char restore[] = "at the end (and by 'wbench cleanup' after a kill, from "
		"the state record): uci revert wireless; the saved bytes written back over stdin "
		"(cp -p to " WB_OWRT_TMP ", cat > it, mv -f over " WB_OWRT_WIRELESS "); uci "
		"revert wireless; wifi up RADIO if it was up (else wifi down RADIO)";

	if (wb_lab_actions_addf(out, h, WB_LAB_AT_START, NULL, "uci -q show wireless (find "
				"%s and its wifi-ifaces); cat /etc/openwrt_release; hostapd -vsae, "
				"-vowe, -v11w; ubus call network.wireless status", radio) < 0 ||
	    wb_lab_actions_addf(out, h, WB_LAB_AT_START, restore, "read " WB_OWRT_WIRELESS
				" (it holds the router's keys: kept only in the 0600 state record "
				"and in the remote private directory) into the state record "
				"(change \"uci\") before any change; cp -p " WB_OWRT_WIRELESS
				" <remote dir>/wireless.orig") < 0 ||
	    wb_lab_actions_addf(out, h, WB_LAB_AT_CRYPTO, "the module as found is put back at "
				"the end, and the radio brought up again", "wifi down %s (before "
				"rmmod/insmod of the driver; never /etc/modules.d)", radio) < 0 ||
	    wb_lab_actions_addf(out, h, WB_LAB_PER_CELL, "wifi down RADIO at the cell's end; the "
				"whole file is written back at the end", "uci batch <stdin: set "
				"wireless.wbench=wifi-iface, device %s, mode ap, network %s, ssid, "
				"encryption (psk2+ccmp, sae, sae-mixed, owe, none), key (stdin "
				"only), ieee80211w; the radio's other wifi-ifaces disabled '1'; "
				"the radio enabled on channel %u>; uci commit wireless; logger -t "
				"wbench <marker>; wifi up %s; then, at most 120 s: ubus call "
				"network.wireless status (up, not pending), logread -l 400 "
				"(AP-ENABLED since the marker), iw dev (type AP with the SSID), "
				"steady for 10 s", radio, net, sc->lab.channel, radio) < 0 ||
	    wb_lab_actions_addf(out, h, WB_LAB_PER_CELL, NULL, "ubus call hostapd.<if> "
				"get_clients (mfp per client); iw dev <if> station dump") < 0)
		return -ENOMEM;
	return 0;
}
