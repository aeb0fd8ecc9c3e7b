/* wbench: the AP's crypto switch, run on the radio's host (see crypto_switch.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wbench/lab/crypto_switch.h"
#include "wbench/lab/crypto_switch_i.h"
#include "wbench/lab/radio.h"
#include "wbench/lib/log.h"
#include "wbench/lib/util.h"

/* Where OpenWrt says what it is: its modprobe (ubox) takes no module options. */
#define OPENWRT_RELEASE "/etc/openwrt_release"

struct wb_crypto_switch {
	struct wb_crypto_switch_cfg cfg;   /* borrowed pointers */
	enum wb_driver_loader loader;
	bool have_orig;                    /* @orig was read before any change */
	char orig[WB_CRYPTO_SWITCH_VALUE_MAX];
	enum wb_crypto_mode orig_mode;
	bool changed;                      /* a step ran since the original was read */
	unsigned int rec_id;               /* the record's change, 0: not recorded */
	char phy[WB_RADIO_PHY_MAX];
};

static const char *host_label(const struct wb_crypto_switch *s)
{
	return s->cfg.host_name ? s->cfg.host_name : WB_LAB_RECORD_LOCAL;
}

static int64_t step_timeout(const struct wb_crypto_switch *s)
{
	return s->cfg.timeout_ms > 0 ? s->cfg.timeout_ms : WB_CRYPTO_SWITCH_TIMEOUT_MS;
}

void wb_cs_argv_line(char *const argv[], char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; argv[i] && used + 1 < len; i++) {
		int n = snprintf(buf + used, len - used, "%s%s", i ? " " : "", argv[i]);

		if (n < 0)
			break;
		used += (size_t)n < len - used ? (size_t)n : len - used - 1;
	}
	for (char *p = buf; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
}

const char *wb_cs_last_line(char *out)
{
	char *end, *start;

	if (!out)
		return "";
	end = out + strlen(out);
	while (end > out && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' '))
		*--end = '\0';
	start = strrchr(out, '\n');
	return start ? start + 1 : out;
}

int wb_cs_host_step(struct wb_host *h, const char *label, int64_t timeout_ms,
		    char *const argv[], const char *input, struct wb_cancel *c, char *err,
		    size_t errlen)
{
	struct wb_host_exec x = { .timeout_ms = timeout_ms, .cancel = c,
				  .err = WB_HOST_STDERR_MERGE, .out_max = STEP_OUT_MAX,
				  .input = input, .input_len = input ? strlen(input) : 0 };
	char line[LINE_MAX_LEN], *out = NULL;
	int r;

	wb_cs_argv_line(argv, line, sizeof(line));
	wb_debug("crypto switch on %s: running '%s'", label, line);
	r = wb_host_run(h, argv, &x, &out, NULL);
	if (r == -ETIMEDOUT)
		wb_errbuf_set(err, errlen, "'%s' on %s did not finish within %lld s", line, label,
			      (long long)(timeout_ms / 1000));
	else if (r == -ECANCELED)
		wb_errbuf_set(err, errlen, "'%s' on %s was interrupted", line, label);
	else if (r < 0)
		wb_errbuf_set(err, errlen, "cannot run '%s' on %s: %s", line, label, strerror(-r));
	else if (r > 0)
		wb_errbuf_set(err, errlen, "'%s' on %s exited with status %d%s%s", line, label, r,
			      *wb_cs_last_line(out) ? ": " : "", wb_cs_last_line(out));
	free(out);
	if (r > 0 || (r < 0 && r != -ETIMEDOUT && r != -ECANCELED))
		return -EIO;
	return r;
}

static int run_argv(struct wb_crypto_switch *s, char *const argv[], const char *input,
		    struct wb_cancel *c, char *err, size_t errlen)
{
	s->changed = true;
	return wb_cs_host_step(s->cfg.host, host_label(s), step_timeout(s), argv, input, c, err,
			       errlen);
}

/*
 * Runs the steps of @p in order. @restore: an unload that fails is passed over (the module
 * may already be gone); otherwise the first failure stops.
 */
static int run_plan(struct wb_crypto_switch *s, const struct wb_driver_plan *p, bool restore,
		    char *err, size_t errlen)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct wb_driver_step *st = &p->steps[i];
		char *argv[WB_DRIVER_STEP_MAX_ARGS + 1];
		char value[sizeof(st->value) + 1];
		int r, k;

		if (st->kind == WB_DRIVER_STEP_WRITE) {
			/* sysfs attributes are written in place: tee, the value on stdin */
			snprintf(value, sizeof(value), "%s", st->value);
			r = run_argv(s, (char *const[]){ "tee", (char *)st->path, NULL }, value,
				     NULL, err, errlen);
		} else {
			for (k = 0; k < st->argc; k++)
				argv[k] = (char *)st->argv[k];
			argv[k] = NULL;
			r = run_argv(s, argv, NULL, NULL, err, errlen);
			if (r == -EIO && restore && !strcmp(st->argv[0], "rmmod")) {
				wb_debug("crypto switch: %s (going on: the read-back decides)",
					 err);
				r = 0;
			}
		}
		if (r < 0)
			return r;
	}
	return 0;
}

static int driver_plan(const struct wb_crypto_switch *s, const char *value,
		       struct wb_driver_plan *p)
{
	const struct wb_driver_plan_opts o = { .bus_module = s->cfg.bus_module,
					       .sysfs_root = s->cfg.sysfs_root,
					       .loader = s->loader };

	return wb_driver_plan_set(s->cfg.driver, &o, value, p);
}

void wb_cs_first_line(const char *text, char *raw, size_t len)
{
	size_t n;

	text += strspn(text, " \t");
	n = strcspn(text, "\r\n");
	while (n && (text[n - 1] == ' ' || text[n - 1] == '\t'))
		n--;
	if (n >= len)
		n = len - 1;
	memcpy(raw, text, n);
	raw[n] = '\0';
}

static enum wb_crypto_mode meaning(const struct wb_crypto_switch *s, const char *raw)
{
	if (!s->cfg.cmds)
		return wb_driver_param_parse(raw);
	for (int m = 0; m < WB_CRYPTO_MODES; m++)
		if (!strcmp(raw, s->cfg.cmds->value[m]))
			return (enum wb_crypto_mode)m;
	return WB_CRYPTO_UNKNOWN;
}

static int read_cmds(struct wb_crypto_switch *s, char *raw, size_t rawlen, char *err,
		     size_t errlen)
{
	struct wb_host_exec x = { .timeout_ms = step_timeout(s), .out_max = STEP_OUT_MAX };
	char line[LINE_MAX_LEN], *out = NULL;
	int r;

	wb_cs_argv_line(s->cfg.cmds->read, line, sizeof(line));
	r = wb_host_run(s->cfg.host, s->cfg.cmds->read, &x, &out, NULL);
	if (r == 0)
		wb_cs_first_line(out, raw, rawlen);
	else if (r > 0)
		wb_errbuf_set(err, errlen, "'%s' on %s exited with status %d", line,
			      host_label(s), r);
	else
		wb_errbuf_set(err, errlen, "cannot run '%s' on %s: %s", line, host_label(s),
			      strerror(-r));
	free(out);
	return r > 0 ? -EIO : r;
}

int wb_crypto_switch_read(struct wb_crypto_switch *s, char *raw, size_t rawlen,
			  enum wb_crypto_mode *mode, char *err, size_t errlen)
{
	char buf[WB_CRYPTO_SWITCH_VALUE_MAX], path[512], *text = NULL;
	int r;

	if (s->cfg.cmds) {
		r = read_cmds(s, buf, sizeof(buf), err, errlen);
	} else {
		r = wb_driver_param_path(s->cfg.driver, s->cfg.sysfs_root, path, sizeof(path));
		if (r == 0)
			r = wb_host_read_file(s->cfg.host, path, 4096, false, &text, NULL);
		if (r == 0)
			wb_cs_first_line(text, buf, sizeof(buf));
		free(text);
		if (r == -ENOENT)
			wb_errbuf_set(err, errlen, "%s is not loaded on %s (no %s)",
				      wb_driver_param_module(s->cfg.driver), host_label(s), path);
		else if (r < 0)
			wb_errbuf_set(err, errlen, "cannot read %s on %s: %s", path,
				      host_label(s), strerror(-r));
	}
	if (r < 0)
		return r;
	if (raw)
		wb_strlcpy(raw, buf, rawlen);
	if (mode)
		*mode = meaning(s, buf);
	return 0;
}

/* The restore steps and the read of the record's change. */
static json_t *plan_json(const struct wb_driver_plan *p)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < p->n; i++) {
		const struct wb_driver_step *st = &p->steps[i];
		json_t *argv = json_array();

		if (st->kind == WB_DRIVER_STEP_WRITE) {
			json_decref(argv);
			json_array_append_new(a, json_pack("{s:s, s:s}", "write", st->path,
							   "value", st->value));
			continue;
		}
		for (int k = 0; argv && k < st->argc; k++)
			json_array_append_new(argv, json_string(st->argv[k]));
		json_array_append_new(a, json_pack("{s:o}", "run", argv));
	}
	return a;
}

static json_t *argv_json(char *const *argv)
{
	json_t *a = json_array();

	for (size_t i = 0; a && argv && argv[i]; i++)
		json_array_append_new(a, json_string(argv[i]));
	return a;
}

/* The restore steps of the record: the pre step first, as a restore here runs them. */
static json_t *with_pre(const struct wb_crypto_switch *s, json_t *steps)
{
	if (steps && s->cfg.pre)
		json_array_insert_new(steps, 0, json_pack("{s:o}", "run", argv_json(s->cfg.pre)));
	return steps;
}

static json_t *change_json(const struct wb_crypto_switch *s)
{
	struct wb_driver_plan p;
	char what[128], path[512];

	if (s->cfg.cmds) {
		snprintf(what, sizeof(what), "the scenario's crypto_switch");
		return wb_lab_change_crypto(host_label(s), what, s->orig,
					    with_pre(s, json_pack("[{s:o}]", "run",
						      argv_json(s->cfg.cmds->set[s->orig_mode]))),
					    json_pack("{s:o}", "run",
						      argv_json(s->cfg.cmds->read)));
	}
	if (driver_plan(s, s->orig, &p) < 0 ||
	    wb_driver_param_path(s->cfg.driver, s->cfg.sysfs_root, path, sizeof(path)) < 0)
		return NULL;
	snprintf(what, sizeof(what), "%s %s", wb_driver_param_module(s->cfg.driver),
		 s->cfg.driver->param);
	return wb_lab_change_crypto(host_label(s), what, s->orig, with_pre(s, plan_json(&p)),
				    json_pack("{s:s}", "file", path));
}

/* Reads the original, once, and makes sure this switch can put it back. */
static int take_original(struct wb_crypto_switch *s, char *err, size_t errlen)
{
	struct wb_driver_plan p;
	int r;

	if (s->have_orig)
		return 0;
	r = wb_crypto_switch_read(s, s->orig, sizeof(s->orig), &s->orig_mode, err, errlen);
	if (r < 0)
		return r;
	if (s->cfg.cmds && s->orig_mode == WB_CRYPTO_UNKNOWN) {
		wb_errbuf_set(err, errlen, "the crypto switch on %s reads '%s', neither hwcrypt's "
			      "'%s' nor nohwcrypt's '%s': wbench could not put it back, so it "
			      "changes nothing", host_label(s), s->orig,
			      s->cfg.cmds->value[WB_CRYPTO_HW], s->cfg.cmds->value[WB_CRYPTO_SW]);
		return -EPROTO;
	}
	if (!s->cfg.cmds && driver_plan(s, s->orig, &p) < 0) {
		wb_errbuf_set(err, errlen, "%s %s on %s reads '%s', which wbench could not load "
			      "it with again: it changes nothing",
			      wb_driver_param_module(s->cfg.driver), s->cfg.driver->param,
			      host_label(s), s->orig);
		return -EPROTO;
	}
	s->have_orig = true;
	return 0;
}

/* Writes the original and its undo into the record, once, before the first change. */
static int record_original(struct wb_crypto_switch *s, char *err, size_t errlen)
{
	int r;

	if (s->rec_id || !s->cfg.record)
		return 0;
	r = wb_lab_record_add(s->cfg.record, change_json(s), &s->rec_id);
	if (r < 0)
		wb_errbuf_set(err, errlen, "cannot record the original crypto setting in '%s' "
			      "(%s): nothing was changed", wb_lab_record_path(s->cfg.record),
			      strerror(-r));
	return r;
}

/* The steps into @mode (or, with @value, to that value: the restore). */
static int run_steps(struct wb_crypto_switch *s, enum wb_crypto_mode mode, const char *value,
		     char *err, size_t errlen)
{
	struct wb_driver_plan p;
	int r;

	if (s->cfg.pre && (r = run_argv(s, s->cfg.pre, NULL, NULL, err, errlen)) < 0)
		return r;
	if (s->cfg.cmds)
		return run_argv(s, s->cfg.cmds->set[mode], NULL, NULL, err, errlen);
	r = driver_plan(s, value ? value : wb_driver_param_value(mode), &p);
	if (r < 0) {
		wb_errbuf_set(err, errlen, "cannot plan the crypto switch of %s: %s",
			      s->cfg.driver->module, strerror(-r));
		return r;
	}
	return run_plan(s, &p, value != NULL, err, errlen);
}

/* The value read back is not @want's: one line saying so. Returns -EPROTO. */
static int wrong_value(const struct wb_crypto_switch *s, const char *raw, const char *when,
		       enum wb_crypto_mode want, const char *want_raw, char *err, size_t errlen)
{
	if (s->cfg.cmds)
		wb_errbuf_set(err, errlen, "the crypto switch on %s reads '%s' after the %s, "
			      "expected '%s'", host_label(s), raw, when, want_raw);
	else
		wb_errbuf_set(err, errlen, "%s %s reads '%s' after the %s, expected %s (%s=%s)",
			      wb_driver_param_module(s->cfg.driver), s->cfg.driver->param, raw,
			      when, want == WB_CRYPTO_UNKNOWN ? "the original" :
			      wb_crypto_mode_name(want), s->cfg.driver->param, want_raw);
	return -EPROTO;
}

/* After steps ran: the radio's phy, found again by its device (bounded). */
static int find_radio(struct wb_crypto_switch *s, struct wb_cancel *c, char *err,
		      size_t errlen)
{
	struct wb_radio back;
	int r;

	if (!s->cfg.device)
		return 0;
	r = wb_radio_wait(s->cfg.host, s->cfg.sysfs_root, s->cfg.device, WB_RADIO_BY_NONE, NULL,
			  s->cfg.radio_timeout_ms, c, &back);
	if (r == 0)
		wb_strlcpy(s->phy, back.phy, sizeof(s->phy));
	if (r == -ETIMEDOUT) {
		wb_errbuf_set(err, errlen, "the radio at device '%s' on %s did not come back "
			      "after the crypto switch", s->cfg.device, host_label(s));
		return -ENODEV;
	}
	if (r < 0 && r != -ECANCELED)
		wb_errbuf_set(err, errlen, "cannot find the radio at device '%s' on %s: %s",
			      s->cfg.device, host_label(s), strerror(-r));
	return r;
}

static json_t *evidence_json(const struct wb_crypto_switch *s, enum wb_crypto_mode mode,
			     const char *before, const char *now, bool ran, int64_t ms,
			     const char *phy_before)
{
	json_t *ev;

	if (s->cfg.cmds)
		ev = json_pack("{s:s, s:o, s:o, s:s}",
			       "mechanism", "scenario crypto_switch commands",
			       "command", argv_json(s->cfg.cmds->set[mode]),
			       "read_command", argv_json(s->cfg.cmds->read),
			       "expected", s->cfg.cmds->value[mode]);
	else
		ev = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "mechanism",
			       s->cfg.driver->method == WB_DRIVER_SWITCH_RELOAD ?
			       "driver module parameter, module reloaded" :
			       "driver module parameter, written and the device re-probed",
			       "driver", s->cfg.driver->module,
			       "module", wb_driver_param_module(s->cfg.driver),
			       "param", s->cfg.driver->param,
			       "requested", wb_driver_param_value(mode),
			       "loader", s->loader == WB_DRIVER_LOADER_INSMOD ? "insmod" :
			       "modprobe");
	if (!ev)
		return NULL;
	json_object_set_new(ev, "host", json_string(host_label(s)));
	json_object_set_new(ev, "before", json_string(before));
	json_object_set_new(ev, "read_back", json_string(now));
	json_object_set_new(ev, "changed", json_boolean(ran));
	json_object_set_new(ev, "switch_ms", json_integer(ms));
	json_object_set_new(ev, "original", json_string(s->orig));
	if (s->cfg.device && ran) {
		json_object_set_new(ev, "device", json_string(s->cfg.device));
		json_object_set_new(ev, "phy_before", *phy_before ? json_string(phy_before) :
				    json_null());
		json_object_set_new(ev, "phy", *s->phy ? json_string(s->phy) : json_null());
	}
	return ev;
}

int wb_crypto_switch_set(struct wb_crypto_switch *s, enum wb_crypto_mode mode,
			 json_t **evidence, char *err, size_t errlen)
{
	char before[WB_CRYPTO_SWITCH_VALUE_MAX] = "", now[WB_CRYPTO_SWITCH_VALUE_MAX] = "";
	char phy_before[WB_RADIO_PHY_MAX];
	enum wb_crypto_mode cur = WB_CRYPTO_UNKNOWN;
	int64_t t0;
	bool ran = false;
	int r;

	*evidence = NULL;
	wb_errbuf_set(err, errlen, "%s", "");
	if (mode != WB_CRYPTO_HW && mode != WB_CRYPTO_SW)
		return -EINVAL;
	if (wb_cancel_check(s->cfg.cancel))
		return -ECANCELED;
	r = take_original(s, err, errlen);
	/* gone after an interrupted reload: the steps load it again */
	if (r == 0 && wb_crypto_switch_read(s, before, sizeof(before), &cur, err, errlen) < 0)
		cur = WB_CRYPTO_UNKNOWN;
	if (r < 0)
		return r;
	wb_strlcpy(phy_before, s->phy, sizeof(phy_before));
	t0 = wb_now_ms();
	if (cur != mode) {
		r = record_original(s, err, errlen);
		if (r == 0)
			r = run_steps(s, mode, NULL, err, errlen);
		if (r < 0)
			return r;
		ran = true;
	}
	/* nothing ran: the value just read is the value now */
	if (ran || !*before)
		r = wb_crypto_switch_read(s, now, sizeof(now), &cur, err, errlen);
	else
		wb_strlcpy(now, before, sizeof(now));
	if (r < 0)
		return r;
	if (cur != mode)
		return wrong_value(s, now, "switch", mode, s->cfg.cmds ? s->cfg.cmds->value[mode] :
				   wb_driver_param_value(mode), err, errlen);
	r = ran ? find_radio(s, s->cfg.cancel, err, errlen) : 0;
	if (r < 0)
		return r;
	*evidence = evidence_json(s, mode, before, now, ran, wb_now_ms() - t0, phy_before);
	return *evidence ? 0 : -ENOMEM;
}

int wb_crypto_switch_restore(struct wb_crypto_switch *s, char *err, size_t errlen)
{
	char now[WB_CRYPTO_SWITCH_VALUE_MAX];
	int r;

	wb_errbuf_set(err, errlen, "%s", "");
	if (!s || !s->have_orig || !s->changed)
		return 0;
	r = wb_crypto_switch_read(s, now, sizeof(now), NULL, err, errlen);
	if (r < 0 || strcmp(now, s->orig) != 0) {
		wb_info("crypto switch on %s: restoring '%s'", host_label(s), s->orig);
		r = run_steps(s, s->orig_mode, s->cfg.cmds ? NULL : s->orig, err, errlen);
		if (r < 0)
			return r;
		r = wb_crypto_switch_read(s, now, sizeof(now), NULL, err, errlen);
		if (r < 0)
			return r;
		if (strcmp(now, s->orig) != 0)
			return wrong_value(s, now, "restore", WB_CRYPTO_UNKNOWN, s->orig, err,
					   errlen);
		if (find_radio(s, NULL, err, errlen) < 0)
			wb_warn("crypto switch: the original is back, but %s", err);
	}
	s->changed = false;
	r = wb_lab_record_done(s->cfg.record, s->rec_id);
	s->rec_id = 0;
	return r;
}

const char *wb_crypto_switch_phy(const struct wb_crypto_switch *s)
{
	return s ? s->phy : "";
}

bool wb_crypto_switch_changed(const struct wb_crypto_switch *s)
{
	return s && s->changed;
}

static json_t *steps_json(const struct wb_crypto_switch *s, const char *value)
{
	struct wb_driver_plan p;
	json_t *a = json_array();
	char line[LINE_MAX_LEN];

	if (driver_plan(s, value, &p) < 0)
		return a;
	for (size_t i = 0; a && i < p.n; i++)
		json_array_append_new(a, json_string(wb_driver_step_format(&p.steps[i], line,
									   sizeof(line))));
	return a;
}

json_t *wb_crypto_switch_describe(const struct wb_crypto_switch *s)
{
	char path[512];

	if (s->cfg.cmds)
		return json_pack("{s:s, s:s, s:{s:o, s:o}, s:o, s:{s:s, s:s}}",
				 "mechanism", "scenario crypto_switch commands",
				 "host", host_label(s),
				 "commands", "hwcrypt", argv_json(s->cfg.cmds->set[WB_CRYPTO_HW]),
				 "nohwcrypt", argv_json(s->cfg.cmds->set[WB_CRYPTO_SW]),
				 "read_command", argv_json(s->cfg.cmds->read),
				 "values", "hwcrypt", s->cfg.cmds->value[WB_CRYPTO_HW],
				 "nohwcrypt", s->cfg.cmds->value[WB_CRYPTO_SW]);
	if (wb_driver_param_path(s->cfg.driver, s->cfg.sysfs_root, path, sizeof(path)) < 0)
		path[0] = '\0';
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:{s:o, s:o}}",
			 "mechanism", s->cfg.driver->method == WB_DRIVER_SWITCH_RELOAD ?
			 "module reload" : "sysfs write and re-probe",
			 "host", host_label(s), "driver", s->cfg.driver->module,
			 "module", wb_driver_param_module(s->cfg.driver),
			 "param", s->cfg.driver->param, "read", path,
			 "loader", s->loader == WB_DRIVER_LOADER_INSMOD ? "insmod" : "modprobe",
			 "steps", "hwcrypt", steps_json(s, wb_driver_param_value(WB_CRYPTO_HW)),
			 "nohwcrypt", steps_json(s, wb_driver_param_value(WB_CRYPTO_SW)));
}

static bool cmds_complete(const struct wb_crypto_cmds *c)
{
	for (int m = 0; m < WB_CRYPTO_MODES; m++)
		if (!c->set[m] || !c->set[m][0] || !c->value[m])
			return false;
	return c->read && c->read[0] && strcmp(c->value[WB_CRYPTO_HW], c->value[WB_CRYPTO_SW]);
}

int wb_crypto_switch_new(const struct wb_crypto_switch_cfg *cfg, struct wb_crypto_switch **out)
{
	struct wb_crypto_switch *s;
	char *text = NULL;

	*out = NULL;
	if (!cfg->host)
		return -EINVAL;
	if (cfg->cmds && !cmds_complete(cfg->cmds))
		return -EINVAL;
	if (!cfg->cmds && !wb_driver_has_switch(cfg->driver))
		return -ENOTSUP;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->cfg = *cfg;
	s->orig_mode = WB_CRYPTO_UNKNOWN;
	if (!cfg->cmds && wb_host_read_file(cfg->host, OPENWRT_RELEASE, 4096, false, &text,
					    NULL) == 0)
		s->loader = WB_DRIVER_LOADER_INSMOD;
	free(text);
	*out = s;
	return 0;
}

void wb_crypto_switch_free(struct wb_crypto_switch *s)
{
	free(s);
}
