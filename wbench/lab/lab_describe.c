/*
 * The per-cell steps of a run on a lab's ends, for `wbench run --dry-run`: what run/cell.c
 * and the daemons do in every cell, said from the scenario alone. Backends describe their
 * own setup (namespaces, radios, the crypto switch) and call this for the cells.
 * File names follow wbench/daemons/daemon.c (TAG.conf, TAG.log, TAG-ctrl/IFNAME with
 * TAG hostapd-IFNAME or wpas-IFNAME).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "wbench/lab/lab.h"

/* " in namespace NS", or "" for the host's own. */
static const char *in_ns(const struct wb_lab_describe_end *e, char *buf, size_t len)
{
	if (!e->netns)
		return "";
	snprintf(buf, len, " in namespace %s", e->netns);
	return buf;
}

static bool needs_passphrase(const struct wb_scenario *sc)
{
	size_t i;

	for (i = 0; i < sc->n_security; i++)
		if (sc->security[i].profile->passphrase)
			return true;
	return false;
}

static int describe_daemons(const struct wb_scenario *sc, const struct wb_lab_describe_end *ap,
			    const struct wb_lab_describe_end *sta, const char *dir,
			    struct wb_lab_actions *out)
{
	static const char removed[] = "removed with the cell's directory when the cell ends";
	static const char stopped[] = "stopped when the cell ends (SIGTERM, then SIGKILL)";
	const char *secret = needs_passphrase(sc) ? "; holds the passphrase, not shown here" : "";
	char ns[64];

	/* an AP the lab provides (an OpenWrt router) is the backend's to describe */
	if (!ap->lab_ap &&
	    (wb_lab_actions_addf(out, ap->host, WB_LAB_PER_CELL, removed, "write "
				 "%s/hostapd-%s.conf (0600%s) and make its control directory "
				 "%s/hostapd-%s-ctrl", dir, ap->ifname, secret, dir,
				 ap->ifname) < 0 ||
	     wb_lab_actions_addf(out, ap->host, WB_LAB_PER_CELL, stopped, "start hostapd -t "
				 "%s/hostapd-%s.conf%s (log %s/hostapd-%s.log); wait for "
				 "AP-ENABLED", dir, ap->ifname, in_ns(ap, ns, sizeof(ns)), dir,
				 ap->ifname) < 0))
		return -ENOMEM;
	if (wb_lab_actions_addf(out, sta->host, WB_LAB_PER_CELL, removed, "write "
				"%s/wpas-%s.conf (0600%s) and make its control directory "
				"%s/wpas-%s-ctrl", dir, sta->ifname, secret, dir,
				sta->ifname) < 0 ||
	    wb_lab_actions_addf(out, sta->host, WB_LAB_PER_CELL, stopped, "start "
				"wpa_supplicant -t -Dnl80211 -i %s -c %s/wpas-%s.conf%s (log "
				"%s/wpas-%s.log); wait for CONNECTED; at the end DISCONNECT",
				sta->ifname, dir, sta->ifname, in_ns(sta, ns, sizeof(ns)), dir,
				sta->ifname) < 0)
		return -ENOMEM;
	if (sc->reconnect_cycles &&
	    wb_lab_actions_addf(out, sta->host, WB_LAB_PER_CELL, "the station is associated "
				"again at the end", "after the traffic, %u times: DISCONNECT, wait "
				"for DISCONNECTED, RECONNECT, wait for CONNECTED "
				"(stability.reconnect_cycles)", sc->reconnect_cycles) < 0)
		return -ENOMEM;
	return 0;
}

/* stability.soak_s and the rekey intervals that run during it. */
static int describe_soak(const struct wb_scenario *sc, const struct wb_lab_describe_end *sta,
			 const struct wb_lab_describe_end *peer, struct wb_lab_actions *out)
{
	char rekeys[96] = "";

	if (!sc->soak_s)
		return 0;
	if (sc->group_rekey_s || sc->ptk_rekey_s)
		snprintf(rekeys, sizeof(rekeys), "; hostapd renews the group key every %u s and "
			 "the pairwise key every %u s (0: never)", sc->group_rekey_s,
			 sc->ptk_rekey_s);
	return wb_lab_actions_addf(out, sta->host, WB_LAB_PER_CELL, "each segment's iperf "
				   "exits with it", "soak: after the traffic, %u s more of it to "
				   "%s as iperf tests of at most %u s back to back, the station's "
				   "disconnects and rekeys read from its control socket "
				   "(stability.soak_s)%s", sc->soak_s, peer->ip, sc->soak_segment_s,
				   rekeys) < 0 ? -ENOMEM : 0;
}

static int describe_traffic(const struct wb_scenario *sc, const struct wb_lab_describe_end *ap,
			    const struct wb_lab_describe_end *sta,
			    const struct wb_lab_describe_end *peer, struct wb_lab_actions *out)
{
	static const char ends[] = "exits with the test; stopped when the cell ends";
	const struct wb_scenario_traffic *t = &sc->traffic;
	char ns[64], omit[48] = "";

	if (t->omit_s)
		snprintf(omit, sizeof(omit), " (the first %u s left out)", t->omit_s);
	if (wb_lab_actions_addf(out, peer->host, WB_LAB_PER_CELL, ends, "iperf server "
				"(libiperf) on %s port <port>%s", peer->ip,
				in_ns(peer, ns, sizeof(ns))) < 0 ||
	    wb_lab_actions_addf(out, sta->host, WB_LAB_PER_CELL, ends, "iperf client "
				"(libiperf) to %s port <port>%s: the cell's proto and "
				"direction, %u stream%s, %u s%s", peer->ip,
				in_ns(sta, ns, sizeof(ns)), t->streams,
				t->streams == 1 ? "" : "s", t->duration_s, omit) < 0 ||
	    wb_lab_actions_addf(out, ap->host, WB_LAB_PER_CELL, NULL, "read /proc/stat (CPU) "
				"and the nl80211 station info of %s%s over the measured "
				"window", ap->ifname, in_ns(ap, ns, sizeof(ns))) < 0 ||
	    wb_lab_actions_addf(out, sta->host, WB_LAB_PER_CELL, NULL, "read /proc/stat "
				"(CPU) and the nl80211 station info of %s%s over the measured "
				"window", sta->ifname, in_ns(sta, ns, sizeof(ns))) < 0)
		return -ENOMEM;
	if (sc->latency_rate && wb_lab_actions_addf(out, sta->host, WB_LAB_PER_CELL, "ping "
				"exits after its last probe", "latency: ping %s%s from the station, "
				"%u probes/s of %u bytes over the measured window%s", peer->ip,
				in_ns(sta, ns, sizeof(ns)), sc->latency_rate, sc->latency_size,
				sc->latency_idle_s ? ", and before the traffic on the idle link" :
				"") < 0)
		return -ENOMEM;
	return describe_soak(sc, sta, peer, out);
}

int wb_lab_describe_cells(const struct wb_scenario *sc, const struct wb_lab_describe_end *ap,
			  const struct wb_lab_describe_end *sta,
			  const struct wb_lab_describe_end *peer,
			  const struct wb_lab_describe_end *sniffer, const char *cell_dir,
			  struct wb_lab_actions *out)
{
	char ns[64];

	if (describe_daemons(sc, ap, sta, cell_dir, out) < 0 ||
	    describe_traffic(sc, ap, sta, peer, out) < 0)
		return -ENOMEM;
	if (sniffer && wb_lab_actions_addf(out, sniffer->host, WB_LAB_PER_CELL,
					   sc->capture_save ? "the pcap file is kept" : NULL,
					   "capture on %s%s (libpcap, %s) from before hostapd "
					   "starts, and verify PMF from it%s", sniffer->ifname,
					   in_ns(sniffer, ns, sizeof(ns)), sc->capture_full ?
					   "every frame" : "management frames", sc->capture_save ?
					   "; save it as <captures>/cell-NNN-MODE.pcap "
					   "(--captures)" : ", in memory") < 0)
		return -ENOMEM;
	return 0;
}
