/*
 * Test helper: a fake lab (a struct wb_lab_ops of the tests' own) for the cell walk. Both
 * ends run on a given host (a fake_host), in the current namespace, on 127.0.0.1; there
 * is no sniffer. The AP radio advertises the rt2800's cipher set (no BIP) in hwcrypt mode,
 * the full software set in nohwcrypt mode, and its driver is rt2800soc, so predictions and
 * diagnoses carry the real remedies. The crypto switch can fail, and the cancel source can
 * fire while it switches or when the active check asks for the injector.
 */
#ifndef FAKE_LAB_H
#define FAKE_LAB_H

#include <stdbool.h>

#include "wbench/lab/lab.h"

struct fake_lab_script {
	int crypto_result;          /* what set_crypto returns: 0, or a negative errno */
	const char *crypto_err;     /* its message when it fails */
	bool cancel_in_crypto;      /* a signal arrives while the crypto mode switches */
	bool cancel_in_injector;    /* a signal arrives when the active check begins */
};

extern const struct wb_lab_ops fake_lab_ops;

/**
 * fake_lab_new - a lab acting out @s (copied), its ends on @host (borrowed)
 * @cancel_wfd: see fake_cancel_open
 * @out: receives the lab (free with fake_lab_ops.close)
 * Returns: 0 or -ENOMEM.
 */
int fake_lab_new(const struct fake_lab_script *s, struct wb_host *host, int cancel_wfd,
		 struct wb_lab **out);

/** fake_lab_crypto_calls - how often set_crypto was called. */
unsigned int fake_lab_crypto_calls(const struct wb_lab *l);

#endif /* FAKE_LAB_H */
