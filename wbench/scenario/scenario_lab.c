#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wbench/scenario/scenario_priv.h"
#include "wbench/wifi/ieee80211.h"

static const char *const backend_names[] = { "sim", "local", "ssh", NULL };

/* Names of the simulated radio profiles; the sim lab maps each to a cipher set. */
static const char *const radio_profiles[] = { "full", "rt2800", "ath9k", "mt7915", NULL };

const char *const *wb_scenario_radio_profiles(void)
{
	return radio_profiles;
}

const char *wb_scenario_backend_name(enum wb_scenario_backend b)
{
	return (unsigned int)b < 3 ? backend_names[b] : "?";
}

char *wb_scenario_resolve_path(const char *base_dir, const char *p)
{
	char *out;

	if (p[0] == '/' || !base_dir || !*base_dir)
		return strdup(p);
	if (asprintf(&out, "%s/%s", base_dir, p) < 0)
		return NULL;
	return out;
}

static bool valid_channel(uint64_t c)
{
	return c <= 1000 && wb_80211_channel_freq((unsigned int)c) != 0;
}

int wb_scenario_get_token(struct wb_jsonv *jv, const json_t *obj, const char *path,
			  const char *key, bool required, size_t max, const char *allowed,
			  const char *what, char **out)
{
	char p[WB_JSONV_PATH_MAX], shown[WB_JSONV_VALUE_MAX + 8];
	const char *s = NULL;
	size_t len = 0, i;
	int ret;

	ret = wb_jsonv_get_string(jv, obj, path, key, required, &s, &len);
	if (ret < 0 || !s)
		return ret;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || (c && strchr(allowed, c))))
			break;
	}
	if (len == 0 || len > max || i < len)
		return wb_jsonv_fail(jv, wb_jsonv_path_key(p, path, key),
				     "expected %s (1..%zu characters), got %s", what, max,
				  wb_jsonv_render(json_object_get(obj, key), shown, sizeof(shown)));
	*out = strdup(s);
	return *out ? 0 : -ENOMEM;
}

int wb_scenario_get_object(struct wb_jsonv *jv, const json_t *obj, const char *path,
			   const char *key, bool required, char *p, json_t **out)
{
	int ret = wb_jsonv_member(jv, obj, path, key, required, p, out);

	if (ret < 0 || !*out)
		return ret;
	return wb_jsonv_expect(jv, *out, p, WB_JSONV_OBJECT, false);
}

int wb_scenario_get_channel(struct wb_jsonv *jv, const json_t *ap, const char *path,
			    struct wb_scenario_lab *lab)
{
	char p[WB_JSONV_PATH_MAX], shown[WB_JSONV_VALUE_MAX + 8];
	uint64_t ch = WB_SCENARIO_DEFAULT_CHANNEL;
	int ret;

	ret = wb_jsonv_get_uint(jv, ap, path, "channel", false, 0, 255, &ch);
	if (ret < 0)
		return ret;
	if (!valid_channel(ch))
		return wb_jsonv_fail(jv, wb_jsonv_path_key(p, path, "channel"),
				     "expected a 2.4 GHz channel (1..14) or a 5 GHz channel "
				     "(36..64 or 100..144 in steps of 4, 149..165), got %s",
				     wb_jsonv_render(json_object_get(ap, "channel"), shown,
						     sizeof(shown)));
	lab->channel = (unsigned int)ch;
	return 0;
}

static int get_radio_profile(struct wb_jsonv *jv, const json_t *obj, const char *path,
			     const char **out)
{
	char p[WB_JSONV_PATH_MAX];
	json_t *v;
	int ret, i;

	*out = radio_profiles[0];
	ret = wb_jsonv_member(jv, obj, path, "profile", false, p, &v);
	if (ret < 0 || !v)
		return ret;
	ret = wb_jsonv_enum(jv, v, p, radio_profiles, &i);
	if (ret == 0)
		*out = radio_profiles[i];
	return ret;
}

static int parse_sim(struct wb_jsonv *jv, const json_t *ap, const json_t *sta,
		     const json_t *sniffer, struct wb_scenario_lab *lab)
{
	static const char *const ap_keys[] = { "profile", "channel", NULL };
	static const char *const sta_keys[] = { "profile", NULL };
	static const char *const sniffer_keys[] = { "enabled", NULL };
	int ret = 0;

	lab->ap.profile = lab->sta.profile = radio_profiles[0];
	if (ap && ((ret = wb_jsonv_check_keys(jv, ap, "lab.ap", ap_keys)) < 0 ||
		   (ret = get_radio_profile(jv, ap, "lab.ap", &lab->ap.profile)) < 0 ||
		   (ret = wb_scenario_get_channel(jv, ap, "lab.ap", lab)) < 0))
		return ret;
	if (sta && ((ret = wb_jsonv_check_keys(jv, sta, "lab.sta", sta_keys)) < 0 ||
		    (ret = get_radio_profile(jv, sta, "lab.sta", &lab->sta.profile)) < 0))
		return ret;
	if (sniffer && ((ret = wb_jsonv_check_keys(jv, sniffer, "lab.sniffer", sniffer_keys)) < 0 ||
			(ret = wb_jsonv_get_bool(jv, sniffer, "lab.sniffer", "enabled", false,
						 &lab->sniffer)) < 0))
		return ret;
	return 0;
}

int wb_scenario_parse_lab(struct wb_jsonv *jv, const json_t *v, const char *base_dir,
			  struct wb_scenario_lab *lab)
{
	static const char *const keys[] = { "backend", "ap", "sta", "sniffer", NULL };
	char p[WB_JSONV_PATH_MAX];
	json_t *b, *ap, *sta, *sniffer;
	int ret, backend;

	lab->channel = WB_SCENARIO_DEFAULT_CHANNEL;
	lab->sniffer = true;
	if ((ret = wb_jsonv_expect(jv, v, "lab", WB_JSONV_OBJECT, false)) < 0 ||
	    (ret = wb_jsonv_member(jv, v, "lab", "backend", true, p, &b)) < 0 ||
	    (ret = wb_jsonv_enum(jv, b, p, backend_names, &backend)) < 0)
		return ret;
	lab->backend = (enum wb_scenario_backend)backend;
	if (lab->backend != WB_SCENARIO_BACKEND_SIM)
		return wb_scenario_parse_real(jv, v, base_dir, lab);
	if ((ret = wb_jsonv_check_keys(jv, v, "lab", keys)) < 0 ||
	    (ret = wb_scenario_get_object(jv, v, "lab", "ap", false, p, &ap)) < 0 ||
	    (ret = wb_scenario_get_object(jv, v, "lab", "sta", false, p, &sta)) < 0 ||
	    (ret = wb_scenario_get_object(jv, v, "lab", "sniffer", false, p, &sniffer)) < 0)
		return ret;
	return parse_sim(jv, ap, sta, sniffer, lab);
}

json_t *wb_scenario_lab_to_json(const struct wb_scenario_lab *lab)
{
	json_t *ap, *sta, *sniffer;

	if (lab->backend != WB_SCENARIO_BACKEND_SIM)
		return wb_scenario_real_to_json(lab);
	ap = json_pack("{s:s, s:I}", "profile", lab->ap.profile, "channel",
		       (json_int_t)lab->channel);
	sta = json_pack("{s:s}", "profile", lab->sta.profile);
	sniffer = json_pack("{s:b}", "enabled", lab->sniffer);
	if (!ap || !sta || !sniffer) {
		json_decref(ap);
		json_decref(sta);
		json_decref(sniffer);
		return NULL;
	}
	/* "o" steals the parts, also when packing fails (jansson >= 2.11). */
	return json_pack("{s:s, s:o, s:o, s:o}", "backend", wb_scenario_backend_name(lab->backend),
			 "ap", ap, "sta", sta, "sniffer", sniffer);
}
