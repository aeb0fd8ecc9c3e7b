/* Test helper: the fake lab of the cell walk (see fake_lab.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/fake_host.h"
#include "tests/unit/fake_lab.h"
#include "tests/unit/wbt_caps.h"
#include "wbench/lib/util.h"

struct wb_lab {
	struct fake_lab_script s;
	int cancel_wfd;
	struct wb_lab_end ap, sta;
	enum wb_crypto_mode mode;
	unsigned int crypto_calls;
};

static void end_init(struct wb_lab_end *e, struct wb_host *host, const char *ifname)
{
	memset(e, 0, sizeof(*e));
	e->host = host;
	wb_strlcpy(e->ifname, ifname, sizeof(e->ifname));
	wb_strlcpy(e->ip, "127.0.0.1", sizeof(e->ip));
	wb_strlcpy(e->cidr, "127.0.0.1/8", sizeof(e->cidr));
}

int fake_lab_new(const struct fake_lab_script *s, struct wb_host *host, int cancel_wfd,
		 struct wb_lab **out)
{
	struct wb_lab *l = calloc(1, sizeof(*l));

	*out = l;
	if (!l)
		return -ENOMEM;
	l->s = *s;
	l->cancel_wfd = cancel_wfd;
	end_init(&l->ap, host, "wbap0");
	end_init(&l->sta, host, "wbsta0");
	return 0;
}

unsigned int fake_lab_crypto_calls(const struct wb_lab *l)
{
	return l->crypto_calls;
}

/* The walk builds its lab with fake_lab_new. */
static int fake_open(const struct wb_scenario *sc, struct wb_cancel *c, struct wb_lab **out)
{
	(void)sc;
	(void)c;
	*out = NULL;
	return -EOPNOTSUPP;
}

static int fake_set_crypto(struct wb_lab *l, enum wb_crypto_mode mode, json_t **evidence,
			   char *err, size_t errlen)
{
	l->crypto_calls++;
	/* also on failure: how far it got (the cell must release it) */
	*evidence = json_pack("{s:s}", "method", "fake");
	if (l->s.cancel_in_crypto)
		fake_cancel_fire(l->cancel_wfd);
	if (l->s.crypto_result < 0) {
		wb_strlcpy(err, l->s.crypto_err ? l->s.crypto_err : "", errlen);
		return l->s.crypto_result;
	}
	l->mode = mode;
	return *evidence ? 0 : -ENOMEM;
}

static const struct wb_lab_end *fake_end(const struct wb_lab *l, enum wb_lab_role r)
{
	switch (r) {
	case WB_LAB_AP:
	case WB_LAB_PEER:    /* the iperf server on the AP end, as in the sim */
		return &l->ap;
	case WB_LAB_SNIFFER:
		return NULL;     /* fake_sniffer says there is none */
	default:
		return &l->sta;
	}
}

static int fake_ap_info(struct wb_lab *l, struct wb_lab_ap_info *out)
{
	bool hw = l->mode == WB_CRYPTO_HW;

	memset(out, 0, sizeof(*out));
	wbt_caps_init(&out->caps, "phy0", hw ? wbt_rt2800_ciphers : wbt_full_ciphers,
		      hw ? WB_ARRAY_SIZE(wbt_rt2800_ciphers) : WB_ARRAY_SIZE(wbt_full_ciphers),
		      "rt2800_wmac", "rt2800soc");
	out->driver = wb_driver_find("rt2800soc");
	out->mode = l->mode;
	return 0;
}

static const char *fake_sniffer(const struct wb_lab *l)
{
	(void)l;
	return NULL;
}

static const char *fake_injector(struct wb_lab *l)
{
	if (l->s.cancel_in_injector)
		fake_cancel_fire(l->cancel_wfd);
	return NULL;
}

static int fake_environment(struct wb_lab *l, json_t **out)
{
	(void)l;
	*out = json_pack("{s:s}", "backend", "fake");
	return *out ? 0 : -ENOMEM;
}

static void fake_close(struct wb_lab *l)
{
	free(l);
}

const struct wb_lab_ops fake_lab_ops = {
	.name = "fake",
	.simulated = true,
	.open = fake_open,
	.set_crypto = fake_set_crypto,
	.end = fake_end,
	.ap_info = fake_ap_info,
	.sniffer = fake_sniffer,
	.injector = fake_injector,
	.environment = fake_environment,
	.close = fake_close,
};
