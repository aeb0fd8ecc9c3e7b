/*
 * libFuzzer target for the parsers of what an OpenWrt router says (wbench/lab/owrt.h):
 * `ubus call network.wireless status` and `... hostapd.IF get_clients` JSON, `uci show
 * wireless`, `iw dev` and `station dump`, logread since a marker. A router's output is
 * hostile input. Any bytes are a text (cut at the first NUL, as captured output would
 * be). The evidence kept from the log must never carry a line with a secret word, and
 * every parse must leave nothing allocated. Seed inputs: tests/fixtures/owrt/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "wbench/lab/owrt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), ifn[16], *ev;
	struct wb_owrt_status st;
	struct wb_owrt_uci u;
	struct wb_owrt_log lg;
	const char *since;
	json_t *c;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (wb_owrt_status_parse(text, "radio0", &st) == 0 && !st.found &&
	    (st.up || st.ifname[0]))
		abort();
	c = wb_owrt_clients_parse(text);
	json_decref(c);
	(void)wb_owrt_station_mfp(text, "aa:bb:cc:dd:ee:ff");
	if (wb_owrt_uci_parse(text, NULL, "platform/10180000.wmac", &u) == 0) {
		if (!u.radio[0] || u.n_others > WB_OWRT_OTHERS_MAX)
			abort();
		wb_owrt_uci_release(&u);
	}
	if (wb_owrt_iw_ap(text, "phy0", "wbtest", ifn, sizeof(ifn)) && strlen(ifn) >= sizeof(ifn))
		abort();
	since = wb_owrt_log_since(text, "wbench-");
	wb_owrt_log_scan(since ? since : text, "wlan0", &lg);
	ev = wb_owrt_log_evidence(since ? since : text, 40);
	if (ev && (strcasestr(ev, "passphrase") || strcasestr(ev, "psk") ||
		   strcasestr(ev, "key=")))
		abort();
	free(ev);
	free(text);
	return 0;
}
