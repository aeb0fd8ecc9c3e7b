#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "wbench/scenario/scenario_priv.h"
#include "wbench/lib/util.h"

/* Sets @key of @obj to the new reference @v; false when either is missing. */
static bool put(json_t *obj, const char *key, json_t *v)
{
	return v && json_object_set_new(obj, key, v) == 0;
}

static json_t *security_to_json(const struct wb_scenario_security *s)
{
	json_t *o;

	if (!s->beacon_protection && s->sae_pwe < 0)
		return json_string(s->profile->name);
	o = json_pack("{s:s}", "profile", s->profile->name);
	if (o && s->beacon_protection && !put(o, "beacon_protection", json_true()))
		goto fail;
	if (o && s->sae_pwe >= 0 && !put(o, "sae_pwe", json_integer(s->sae_pwe)))
		goto fail;
	return o;
fail:
	json_decref(o);
	return NULL;
}

static json_t *traffic_to_json(const struct wb_scenario_traffic *t)
{
	json_t *o, *protos = json_array(), *dirs = json_array();
	size_t i;

	for (i = 0; protos && i < t->n_protos; i++)
		json_array_append_new(protos, json_string(wb_scenario_proto_name(t->protos[i])));
	for (i = 0; dirs && i < t->n_dirs; i++)
		json_array_append_new(dirs, json_string(wb_scenario_dir_name(t->dirs[i])));
	if (!protos || !dirs) {
		json_decref(protos);
		json_decref(dirs);
		return NULL;
	}
	o = json_pack("{s:o, s:o, s:I, s:I, s:I}", "proto", protos, "direction", dirs,
		      "streams", (json_int_t)t->streams, "duration_s", (json_int_t)t->duration_s,
		      "omit_s", (json_int_t)t->omit_s);
	/* Unset values stay absent: 0 is not a valid value for either. */
	if (o && t->bitrate_bps && !put(o, "bitrate", json_integer((json_int_t)t->bitrate_bps)))
		goto fail;
	if (o && t->blksize && !put(o, "blksize", json_integer((json_int_t)t->blksize)))
		goto fail;
	return o;
fail:
	json_decref(o);
	return NULL;
}

/* "ssid" when the bytes are valid UTF-8 (NULs included), else "ssid_hex". */
static json_t *ssid_to_json(const struct wb_scenario *sc, const char **key)
{
	char hex[2 * WB_SCENARIO_SSID_MAX + 1];
	json_t *s;

	*key = "ssid";
	s = json_stringn((const char *)sc->ssid, sc->ssid_len);
	if (s)
		return s;
	*key = "ssid_hex";
	wb_hex_encode(sc->ssid, sc->ssid_len, hex);
	return json_string(hex);
}

static json_t *seed_to_json(uint64_t seed)
{
	char buf[24];

	if (seed <= INT64_MAX)
		return json_integer((json_int_t)seed);
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)seed);
	return json_string(buf);
}

json_t *wb_scenario_to_json(const struct wb_scenario *sc, bool redact)
{
	json_t *crypto = json_array(), *sec = json_array(), *ssid, *pw = NULL, *pwf = NULL;
	const char *ssid_key;
	bool oom = !crypto || !sec;
	size_t i;

	for (i = 0; !oom && i < sc->n_crypto; i++)
		oom = json_array_append_new(crypto,
					    json_string(wb_crypto_mode_name(sc->crypto[i])));
	for (i = 0; !oom && i < sc->n_security; i++)
		oom = json_array_append_new(sec, security_to_json(&sc->security[i]));
	ssid = ssid_to_json(sc, &ssid_key);
	if (sc->passphrase_file)
		oom |= !(pwf = json_string(sc->passphrase_file));
	else if (sc->passphrase)
		/* json_stringn: an unredacted passphrase may be 64 hex digits or any printable. */
		oom |= !(pw = redact ? json_string("<redacted>")
				     : json_stringn(sc->passphrase, sc->passphrase_len));
	if (oom || !ssid) {
		json_decref(crypto);
		json_decref(sec);
		json_decref(ssid);
		json_decref(pw);
		json_decref(pwf);
		return NULL;
	}
	/* "o" steals its argument even when packing fails; "*" omits a NULL value. */
	return json_pack("{s:s, s:s*, s:o, s:o, s:o, s:o, s:o*, s:o*, s:o, s:I, s:o, "
			 "s:{s:b, s:I, s:I}, s:{s:b, s:b}, s:{s:I, s:I, s:I, s:I, s:I, s:I}, "
			 "s:{s:I, s:I, s:I}}",
			 "name", sc->name, "description", sc->description,
			 "lab", wb_scenario_lab_to_json(&sc->lab), "crypto_modes", crypto,
			 "security", sec, ssid_key, ssid, "passphrase", pw,
			 "passphrase_file", pwf, "traffic", traffic_to_json(&sc->traffic),
			 "repetitions", (json_int_t)sc->repetitions, "seed", seed_to_json(sc->seed),
			 "active_check", "forged_deauth", sc->forged_deauth, "burst",
			 (json_int_t)sc->deauth_burst, "burst_interval_ms",
			 (json_int_t)sc->burst_interval_ms,
			 "capture", "save", sc->capture_save, "full", sc->capture_full,
			 "stability", "reconnect_cycles", (json_int_t)sc->reconnect_cycles,
			 "soak_s", (json_int_t)sc->soak_s, "soak_segment_s",
			 (json_int_t)sc->soak_segment_s, "stall_pct", (json_int_t)sc->stall_pct,
			 "wpa_group_rekey", (json_int_t)sc->group_rekey_s,
			 "wpa_ptk_rekey", (json_int_t)sc->ptk_rekey_s,
			 "latency", "probes_per_s", (json_int_t)sc->latency_rate,
			 "idle_s", (json_int_t)sc->latency_idle_s,
			 "size_bytes", (json_int_t)sc->latency_size);
}
