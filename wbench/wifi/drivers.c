#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wbench/wifi/drivers.h"
#include "wbench/lib/util.h"

#define B WB_DRIVER_PARAM_BOOL
#define I WB_DRIVER_PARAM_INT
#define N WB_DRIVER_PARAM_NONE
#define RELOAD WB_DRIVER_SWITCH_RELOAD
#define REPROBE WB_DRIVER_SWITCH_REPROBE
#define NONE WB_DRIVER_SWITCH_NONE

static const char rt2800_notes[] =
	"hardware does WEP/TKIP/CCMP only; before v5.8 BIP (PMF) is advertised only with "
	"nohwcrypt=1; since v5.8 PMF stations' pairwise keys go to software anyway";
static const char ath10k_notes[] =
	"cryptmode=1 needs firmware raw-mode support and forces raw mode, A-MSDU off and no "
	"hardware checksum; BIP is always done in software";
static const char ath11k_notes[] =
	"crypto_mode=1 also turns off fast-xmit; BIP is always done in software";
static const char rtlwifi_notes[] = "hardware does WEP/TKIP/CCMP; BIP (CMAC) always in software";
static const char mt76_notes[] =
	"no crypto module parameter in any mt76 driver: not switchable; BIP advertised";
static const char fullmac_notes[] =
	"FullMAC: the firmware does all crypto; no switch; PMF depends on the firmware";

/* drivers.md §2. Rows with the same module: the op-mode-neutral row comes first. */
static const struct wb_driver drivers[] = {
	/* module, drivers, opmode, param_module, param, type, method, unload, mfp, modules.d, notes */
	{ "rt2800soc", "rt2800_wmac", NULL, NULL, "nohwcrypt", B, RELOAD, NULL,
	  WB_DRIVER_MFP_SW_ONLY, "rt2800-soc", rt2800_notes },
	{ "rt2800pci", NULL, NULL, NULL, "nohwcrypt", B, RELOAD, NULL,
	  WB_DRIVER_MFP_SW_ONLY, "rt2800-pci", rt2800_notes },
	{ "rt2800usb", NULL, NULL, NULL, "nohwcrypt", B, RELOAD, NULL,
	  WB_DRIVER_MFP_SW_ONLY, "rt2800-usb", rt2800_notes },
	{ "rt61pci", NULL, NULL, NULL, "nohwcrypt", B, RELOAD, NULL, WB_DRIVER_MFP_NEVER,
	  "rt61-pci", "the driver never sets MFP_CAPABLE: no PMF/WPA3 in either mode" },
	{ "rt73usb", NULL, NULL, NULL, "nohwcrypt", B, RELOAD, NULL, WB_DRIVER_MFP_NEVER,
	  "rt73-usb", "the driver never sets MFP_CAPABLE: no PMF/WPA3 in either mode" },
	{ "rt2500usb", NULL, NULL, NULL, "nohwcrypt", B, RELOAD, NULL, WB_DRIVER_MFP_UNKNOWN,
	  NULL, "MFP support not checked" },
	{ "ath5k", NULL, NULL, NULL, "nohwcrypt", B, RELOAD, NULL, WB_DRIVER_MFP_ALWAYS,
	  "ath5k", "hardware does WEP/TKIP/CCMP; BIP in software" },
	{ "ath9k", NULL, NULL, NULL, "nohwcrypt", I, RELOAD, NULL, WB_DRIVER_MFP_SW_ONLY,
	  "ath9k", "mainline advertises BIP on AR9160 and later, or with nohwcrypt=1; "
	  "OpenWrt patches it to always" },
	{ "ath9k_htc", NULL, NULL, NULL, "nohwcrypt", I, RELOAD, NULL, WB_DRIVER_MFP_ALWAYS,
	  "ath9k-htc", "hardware does WEP/TKIP/CCMP; BIP in software" },
	{ "carl9170", NULL, NULL, NULL, "nohwcrypt", B, RELOAD, NULL, WB_DRIVER_MFP_ALWAYS,
	  "carl9170", "AP group keys always in software" },
	{ "b43", NULL, NULL, NULL, "nohwcrypt", I, RELOAD, NULL, WB_DRIVER_MFP_ALWAYS,
	  "b43", "PMF since v5.8; TKIP in software unless hwtkip=1" },
	{ "iwlwifi", NULL, NULL, NULL, "swcrypto", I, RELOAD, NULL,
	  WB_DRIVER_MFP_UNKNOWN, "iwlwifi",
	  "iwldvm honours swcrypto and then loses PMF; iwlmvm ignores it" },
	{ "iwlwifi", NULL, "iwldvm", NULL, "swcrypto", I, RELOAD, "iwldvm iwlwifi",
	  WB_DRIVER_MFP_HW_ONLY, "iwlwifi",
	  "swcrypto=1 removes MFP_CAPABLE, so software crypto means no PMF/WPA3" },
	{ "iwlwifi", NULL, "iwlmvm", NULL, NULL, N, NONE, NULL, WB_DRIVER_MFP_ALWAYS, "iwlwifi",
	  "iwlmvm ignores swcrypto since v5.8: not switchable" },
	{ "iwlwifi", NULL, "iwlmld", NULL, NULL, N, NONE, NULL, WB_DRIVER_MFP_ALWAYS, "iwlwifi",
	  "iwlmld: not switchable as far as known" },
	{ "iwl3945", NULL, NULL, NULL, "swcrypto", I, RELOAD, NULL, WB_DRIVER_MFP_NEVER, NULL,
	  "station/IBSS only, no PMF; software crypto is the default" },
	{ "iwl4965", NULL, NULL, NULL, "swcrypto", I, RELOAD, NULL, WB_DRIVER_MFP_NEVER, NULL,
	  "station/IBSS only, no PMF" },
	{ "ath10k_pci", NULL, NULL, "ath10k_core", "cryptmode", I, REPROBE, NULL,
	  WB_DRIVER_MFP_ALWAYS, "ath10k", ath10k_notes },
	{ "ath10k_sdio", NULL, NULL, "ath10k_core", "cryptmode", I, REPROBE, NULL,
	  WB_DRIVER_MFP_ALWAYS, "ath10k", ath10k_notes },
	{ "ath10k_snoc", NULL, NULL, "ath10k_core", "cryptmode", I, REPROBE, NULL,
	  WB_DRIVER_MFP_ALWAYS, "ath10k", ath10k_notes },
	{ "ath10k_usb", NULL, NULL, "ath10k_core", "cryptmode", I, REPROBE, NULL,
	  WB_DRIVER_MFP_ALWAYS, "ath10k", ath10k_notes },
	{ "ath11k_pci", NULL, NULL, "ath11k", "crypto_mode", I, REPROBE, NULL,
	  WB_DRIVER_MFP_ALWAYS, "ath11k-pci", ath11k_notes },
	{ "ath11k_ahb", NULL, NULL, "ath11k", "crypto_mode", I, REPROBE, NULL,
	  WB_DRIVER_MFP_ALWAYS, "ath11k-ahb", ath11k_notes },
	{ "ath12k", NULL, NULL, NULL, NULL, N, NONE, NULL, WB_DRIVER_MFP_ALWAYS, "ath12k",
	  "mainline has no crypto parameter (some downstream trees add crypto_mode)" },
	{ "rtl8192ce", NULL, NULL, NULL, "swenc", B, RELOAD, NULL, WB_DRIVER_MFP_ALWAYS,
	  "rtl8192ce", rtlwifi_notes },
	{ "rtl8192se", NULL, NULL, NULL, "swenc", B, RELOAD, NULL, WB_DRIVER_MFP_ALWAYS,
	  "rtl8192se", rtlwifi_notes },
	{ "rtl8192de", NULL, NULL, NULL, "swenc", B, RELOAD, NULL, WB_DRIVER_MFP_ALWAYS,
	  "rtl8192de", rtlwifi_notes },
	{ "rtl8192cu", NULL, NULL, NULL, "swenc", B, RELOAD, NULL, WB_DRIVER_MFP_ALWAYS,
	  "rtl8192cu", rtlwifi_notes },
	{ "rtl8192ee", NULL, NULL, NULL, "swenc", B, RELOAD, NULL, WB_DRIVER_MFP_ALWAYS,
	  NULL, rtlwifi_notes },
	{ "rtl8821ae", NULL, NULL, NULL, "swenc", B, RELOAD, NULL, WB_DRIVER_MFP_ALWAYS,
	  "rtl8821ae", rtlwifi_notes },
	{ "rtl8723ae", NULL, NULL, NULL, "swenc", B, RELOAD, NULL, WB_DRIVER_MFP_ALWAYS,
	  NULL, rtlwifi_notes },
	{ "rtl8723be", NULL, NULL, NULL, "swenc", B, RELOAD, NULL, WB_DRIVER_MFP_ALWAYS,
	  NULL, rtlwifi_notes },
	{ "rtl8188ee", NULL, NULL, NULL, "swenc", B, RELOAD, NULL, WB_DRIVER_MFP_ALWAYS,
	  NULL, rtlwifi_notes },
	{ "mt7603e", NULL, NULL, NULL, NULL, N, NONE, NULL, WB_DRIVER_MFP_ALWAYS, "mt7603",
	  mt76_notes },
	{ "mt76x0e", NULL, NULL, NULL, NULL, N, NONE, NULL, WB_DRIVER_MFP_ALWAYS, "mt76x0e",
	  mt76_notes },
	{ "mt76x0u", NULL, NULL, NULL, NULL, N, NONE, NULL, WB_DRIVER_MFP_ALWAYS, "mt76x0u",
	  mt76_notes },
	{ "mt76x2e", NULL, NULL, NULL, NULL, N, NONE, NULL, WB_DRIVER_MFP_ALWAYS, "mt76x2",
	  mt76_notes },
	{ "mt76x2u", NULL, NULL, NULL, NULL, N, NONE, NULL, WB_DRIVER_MFP_ALWAYS, "mt76x2u",
	  mt76_notes },
	{ "mt7615e", NULL, NULL, NULL, NULL, N, NONE, NULL, WB_DRIVER_MFP_ALWAYS, "mt7615e",
	  mt76_notes },
	{ "mt7663s", NULL, NULL, NULL, NULL, N, NONE, NULL, WB_DRIVER_MFP_ALWAYS, "mt7663s",
	  mt76_notes },
	{ "mt7663u", NULL, NULL, NULL, NULL, N, NONE, NULL, WB_DRIVER_MFP_ALWAYS, "mt7663u",
	  mt76_notes },
	{ "mt7915e", NULL, NULL, NULL, NULL, N, NONE, NULL, WB_DRIVER_MFP_ALWAYS, "mt7915e",
	  mt76_notes },
	{ "mt7921e", NULL, NULL, NULL, NULL, N, NONE, NULL, WB_DRIVER_MFP_ALWAYS, "mt7921e",
	  mt76_notes },
	{ "mt7921u", NULL, NULL, NULL, NULL, N, NONE, NULL, WB_DRIVER_MFP_ALWAYS, "mt7921u",
	  mt76_notes },
	{ "mt7921s", NULL, NULL, NULL, NULL, N, NONE, NULL, WB_DRIVER_MFP_ALWAYS, "mt7921s",
	  mt76_notes },
	{ "mt7996e", NULL, NULL, NULL, NULL, N, NONE, NULL, WB_DRIVER_MFP_ALWAYS, "mt7996e",
	  mt76_notes },
	{ "mt7925e", NULL, NULL, NULL, NULL, N, NONE, NULL, WB_DRIVER_MFP_ALWAYS, "mt7925e",
	  mt76_notes },
	{ "mt7925u", NULL, NULL, NULL, NULL, N, NONE, NULL, WB_DRIVER_MFP_ALWAYS, "mt7925u",
	  mt76_notes },
	{ "rtw88_*", "rtw_*", NULL, NULL, NULL, N, NONE, NULL, WB_DRIVER_MFP_ALWAYS, NULL,
	  "no crypto parameter; WEP/TKIP/CCMP in hardware, BIP and GCMP in software" },
	{ "rtl8xxxu", NULL, NULL, NULL, NULL, N, NONE, NULL, WB_DRIVER_MFP_UNKNOWN, "rtl8xxxu",
	  "no crypto parameter; PMF since about v6.10" },
	{ "brcmfmac", NULL, NULL, NULL, NULL, N, NONE, NULL, WB_DRIVER_MFP_FIRMWARE, "brcmfmac",
	  fullmac_notes },
	{ "mwifiex_pcie", NULL, NULL, NULL, NULL, N, NONE, NULL, WB_DRIVER_MFP_FIRMWARE,
	  "mwifiex-pcie", fullmac_notes },
	{ "mwifiex_sdio", NULL, NULL, NULL, NULL, N, NONE, NULL, WB_DRIVER_MFP_FIRMWARE,
	  "mwifiex-sdio", fullmac_notes },
	{ "mwifiex_usb", NULL, NULL, NULL, NULL, N, NONE, NULL, WB_DRIVER_MFP_FIRMWARE, NULL,
	  fullmac_notes },
	{ "mwl8k", NULL, NULL, NULL, NULL, N, NONE, NULL, WB_DRIVER_MFP_UNKNOWN, "mwl8k",
	  "no crypto parameter; station firmware does all keys in software" },
	{ "wcn36xx", NULL, NULL, NULL, NULL, N, NONE, NULL, WB_DRIVER_MFP_NEVER, NULL,
	  "no crypto parameter; no BIP advertised in the versions checked" },
	{ "mac80211_hwsim", NULL, NULL, NULL, NULL, N, NONE, NULL, WB_DRIVER_MFP_ALWAYS, NULL,
	  "simulated radio without set_key: always software crypto; its cipher list is "
	  "chosen at creation (wbench sim profiles)" },
};

#undef B
#undef I
#undef N
#undef RELOAD
#undef REPROBE
#undef NONE

const struct wb_driver *wb_drivers_all(size_t *n)
{
	*n = WB_ARRAY_SIZE(drivers);
	return drivers;
}

const struct wb_driver *wb_driver_find(const char *module)
{
	size_t i;

	if (!module || !*module)
		return NULL;
	for (i = 0; i < WB_ARRAY_SIZE(drivers); i++)
		if (fnmatch(drivers[i].module, module, 0) == 0)
			return &drivers[i];
	return NULL;
}

/* Whether @word is one of the space-separated words of @list. */
static bool word_in(const char *list, const char *word)
{
	const char *p = list;

	while (*p) {
		size_t k = strcspn(p, " ");
		char pat[64];

		if (k < sizeof(pat)) {
			memcpy(pat, p, k);
			pat[k] = '\0';
			if (fnmatch(pat, word, 0) == 0)
				return true;
		}
		p += k;
		p += strspn(p, " ");
	}
	return false;
}

const struct wb_driver *wb_driver_find_by_driver(const char *driver)
{
	size_t i;

	if (!driver || !*driver)
		return NULL;
	for (i = 0; i < WB_ARRAY_SIZE(drivers); i++) {
		const struct wb_driver *d = &drivers[i];

		if (d->drivers ? word_in(d->drivers, driver) : fnmatch(d->module, driver, 0) == 0)
			return d;
	}
	return NULL;
}

static bool module_loaded(const char *sysfs_root, const char *module)
{
	char path[512];
	int n = snprintf(path, sizeof(path), "%s/module/%s", sysfs_root, module);

	return n > 0 && (size_t)n < sizeof(path) && access(path, F_OK) == 0;
}

const struct wb_driver *wb_driver_lookup(const char *driver, const char *module,
					 const char *sysfs_root)
{
	const struct wb_driver *d = wb_driver_find(module);
	size_t i;

	if (!d)
		d = wb_driver_find_by_driver(driver);
	if (!d || d->opmode)
		return d;
	/* Several rows for one module: pick the one whose op-mode is loaded. */
	for (i = 0; i < WB_ARRAY_SIZE(drivers); i++)
		if (drivers[i].opmode && strcmp(drivers[i].module, d->module) == 0 &&
		    module_loaded(sysfs_root, drivers[i].opmode))
			return &drivers[i];
	return d;
}

bool wb_driver_has_switch(const struct wb_driver *d)
{
	return d && d->param && d->method != WB_DRIVER_SWITCH_NONE;
}

const char *wb_driver_param_module(const struct wb_driver *d)
{
	return d->param_module ? d->param_module : d->module;
}

const char *wb_driver_param_value(enum wb_crypto_mode mode)
{
	return mode == WB_CRYPTO_SW ? "1" : "0";
}

enum wb_crypto_mode wb_driver_param_parse(const char *text)
{
	size_t n;

	if (!text)
		return WB_CRYPTO_UNKNOWN;
	n = strcspn(text, "\n");
	if (n != 1)
		return WB_CRYPTO_UNKNOWN;
	switch (text[0]) {
	case 'Y': case 'y': case '1': return WB_CRYPTO_SW;
	case 'N': case 'n': case '0': return WB_CRYPTO_HW;
	default: return WB_CRYPTO_UNKNOWN;
	}
}

int wb_driver_param_path(const struct wb_driver *d, const char *sysfs_root, char *buf,
			 size_t len)
{
	int n;

	if (!wb_driver_has_switch(d))
		return -ENOTSUP;
	n = snprintf(buf, len, "%s/module/%s/parameters/%s", sysfs_root ? sysfs_root : "/sys",
		     wb_driver_param_module(d), d->param);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int wb_driver_param_read(const struct wb_driver *d, const char *sysfs_root, char *raw,
			 size_t rawlen, enum wb_crypto_mode *mode)
{
	char path[512], *text = NULL;
	int r;

	r = wb_driver_param_path(d, sysfs_root, path, sizeof(path));
	if (r < 0)
		return r;
	r = wb_read_file(path, 64, &text, NULL);
	if (r < 0)
		return r;
	text[strcspn(text, "\n")] = '\0';
	if (raw)
		wb_strlcpy(raw, text, rawlen);
	if (mode)
		*mode = wb_driver_param_parse(text);
	free(text);
	return 0;
}

static int add_word(struct wb_driver_step *s, const char *w)
{
	if (s->argc >= WB_DRIVER_STEP_MAX_ARGS ||
	    wb_strlcpy(s->argv[s->argc], w, WB_DRIVER_STEP_ARG_LEN) >= WB_DRIVER_STEP_ARG_LEN)
		return -ENAMETOOLONG;
	s->argc++;
	return 0;
}

/* Append a RUN step: the words of @args, then @extra (may be NULL). */
static int add_run(struct wb_driver_plan *p, const char *const *args, const char *extra)
{
	struct wb_driver_step *s;
	int r = 0;

	if (p->n >= WB_DRIVER_PLAN_MAX)
		return -E2BIG;
	s = &p->steps[p->n];
	memset(s, 0, sizeof(*s));
	s->kind = WB_DRIVER_STEP_RUN;
	for (; *args && r == 0; args++)
		r = add_word(s, *args);
	if (extra && r == 0)
		r = add_word(s, extra);
	if (r == 0)
		p->n++;
	return r;
}

/* One "rmmod W" per space-separated word of @list: ubox's rmmod takes one module. */
static int add_unloads(struct wb_driver_plan *p, const char *list)
{
	char w[WB_DRIVER_STEP_ARG_LEN];
	int r = 0;

	while (*list && r == 0) {
		size_t k = strcspn(list, " ");

		if (k >= sizeof(w))
			return -ENAMETOOLONG;
		memcpy(w, list, k);
		w[k] = '\0';
		r = add_run(p, (const char *const[]){ "rmmod", w, NULL }, NULL);
		list += k;
		list += strspn(list, " ");
	}
	return r;
}

/* A value the kernel's bool/int parsers take, and nothing a command line could misread. */
static bool value_ok(const char *v)
{
	size_t n = v ? strlen(v) : 0;

	return n > 0 && n < sizeof(((struct wb_driver_plan *)0)->value) &&
	       strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") == n &&
	       v[0] != '-';
}

/* The re-probe: the core module keeps the (writable) value, the bus module re-probes. */
static int plan_reprobe(struct wb_driver_plan *plan, const struct wb_driver *d,
			const char *bus_module, const char *sysfs_root, enum wb_driver_loader ld)
{
	struct wb_driver_step *s = &plan->steps[0];
	int r;

	s->kind = WB_DRIVER_STEP_WRITE;
	r = wb_driver_param_path(d, sysfs_root, s->path, sizeof(s->path));
	if (r < 0)
		return r;
	wb_strlcpy(s->value, plan->value, sizeof(s->value));
	plan->n = 1;
	r = add_run(plan, (const char *const[]){ "rmmod", bus_module, NULL }, NULL);
	if (r == 0)
		r = add_run(plan, (const char *const[]){ ld == WB_DRIVER_LOADER_INSMOD ? "insmod" :
				   "modprobe", bus_module, NULL }, NULL);
	return r;
}

int wb_driver_plan_set(const struct wb_driver *d, const struct wb_driver_plan_opts *o,
		       const char *value, struct wb_driver_plan *plan)
{
	static const struct wb_driver_plan_opts none;
	const char *pmod, *bus;
	char assign[WB_DRIVER_STEP_ARG_LEN];
	int n, r;

	memset(plan, 0, sizeof(*plan));
	if (!o)
		o = &none;
	if (!wb_driver_has_switch(d))
		return -ENOTSUP;
	if (!value_ok(value))
		return -EINVAL;
	plan->driver = d;
	plan->mode = wb_driver_param_parse(value);
	wb_strlcpy(plan->value, value, sizeof(plan->value));
	pmod = wb_driver_param_module(d);
	bus = o->bus_module && *o->bus_module ? o->bus_module : d->module;
	if (strpbrk(bus, "*?["))
		return -EINVAL;
	if (d->method != WB_DRIVER_SWITCH_RELOAD)
		return plan_reprobe(plan, d, bus, o->sysfs_root, o->loader);
	/* The parameter is read at probe and shown read-only: only a fresh load sets it. */
	n = snprintf(assign, sizeof(assign), "%s=%s", d->param, value);
	if (n < 0 || (size_t)n >= sizeof(assign))
		return -ENAMETOOLONG;
	r = add_unloads(plan, d->unload ? d->unload : pmod);
	if (r == 0)
		r = add_run(plan, (const char *const[]){ o->loader == WB_DRIVER_LOADER_INSMOD ?
				   "insmod" : "modprobe", pmod, NULL }, assign);
	return r;
}

int wb_driver_plan_switch(const struct wb_driver *d, const char *bus_module,
			  enum wb_crypto_mode mode, const char *sysfs_root,
			  struct wb_driver_plan *plan)
{
	const struct wb_driver_plan_opts o = { .bus_module = bus_module, .sysfs_root = sysfs_root };

	if (mode != WB_CRYPTO_HW && mode != WB_CRYPTO_SW) {
		memset(plan, 0, sizeof(*plan));
		return wb_driver_has_switch(d) ? -EINVAL : -ENOTSUP;
	}
	return wb_driver_plan_set(d, &o, wb_driver_param_value(mode), plan);
}

const char *wb_driver_step_format(const struct wb_driver_step *s, char *buf, size_t len)
{
	size_t used = 0;
	int i, n;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (s->kind == WB_DRIVER_STEP_WRITE) {
		snprintf(buf, len, "write %s > %s", s->value, s->path);
		return buf;
	}
	for (i = 0; i < s->argc && used < len; i++) {
		n = snprintf(buf + used, len - used, "%s%s", i ? " " : "", s->argv[i]);
		if (n < 0)
			break;
		used += (size_t)n;
	}
	return buf;
}
