/*
 * The PMF verifier on real hwsim captures (tests/fixtures/pcap, see its README):
 * verdicts, MIC verification with the passphrase, and corrupted MICs that must fail.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include <pcap/pcap.h>

#include "collectors/pmf.h"
#include "tests/unit/pmf_frames.h"

#define FX "tests/fixtures/pcap/"
#define PASS "wbench-fixture-pass"

/*
 * Run the verifier over @file; if @flip_frame is non-zero, XOR the last byte of that
 * frame (1-based) with 0x01 first. Returns the result object (new).
 */
static json_t *run(const char *file, const char *pass, uint64_t flip_frame, json_t **frames)
{
	struct wb_pmf_opts o = { .passphrase = pass, .record_frames = frames != NULL };
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *d;
	struct wb_pmf *p;
	uint64_t n = 0;
	uint8_t buf[4096];
	json_t *r;
	pcap_t *pc = pcap_open_offline(file, err);

	if (!pc)
		fail_msg("cannot open fixture '%s' (run from the source tree): %s", file, err);
	assert_int_equal(wb_pmf_new(&o, &p), 0);
	while (pcap_next_ex(pc, &h, &d) == 1) {
		uint64_t ts = (uint64_t)h->ts.tv_sec * 1000000u + (uint64_t)h->ts.tv_usec;

		assert_true(h->caplen <= sizeof(buf));
		memcpy(buf, d, h->caplen);
		if (++n == flip_frame)
			buf[h->caplen - 1] ^= 0x01;
		assert_int_equal(wb_pmf_feed(p, pcap_datalink(pc), ts, buf, h->caplen, h->len), 0);
	}
	pcap_close(pc);
	assert_int_equal(wb_pmf_result(p, &r), 0);
	if (frames)
		assert_int_equal(wb_pmf_frames(p, frames), 0);
	wb_pmf_free(p);
	return r;
}

static json_int_t num(json_t *r, const char *k)
{
	assert_non_null(json_object_get(r, k));
	return json_integer_value(json_object_get(r, k));
}

static const char *str(json_t *r, const char *k)
{
	assert_non_null(json_object_get(r, k));
	return json_string_value(json_object_get(r, k));
}

/* 1-based number of the first frame of @cls whose MIC verified and that has an MMIE
 * (@mmie) or not, or 0. */
static uint64_t first_verified(json_t *frames, const char *cls, bool mmie)
{
	size_t i;
	json_t *f;

	json_array_foreach(frames, i, f) {
		json_t *mic = json_object_get(f, "mic");

		if (mic && strcmp(json_string_value(mic), "ok") == 0 &&
		    strcmp(str(f, "class"), cls) == 0 &&
		    (json_object_get(f, "mmie_keyid") != NULL) == mmie)
			return i + 1;
	}
	return 0;
}

static void check_pass_verified(const char *file)
{
	json_t *r = run(file, PASS, 0, NULL);

	assert_string_equal(str(r, "verdict"), "pass");
	assert_string_equal(str(r, "mic"), "verified");
	assert_true(num(r, "mic_verified") > 0);
	assert_int_equal(num(r, "mic_failed"), 0);
	assert_int_equal(num(r, "findings_total"), 0);
	json_decref(r);
	/* Without the passphrase the same pass: the AP's new group keys when the station
	 * joins restart the IPNs, which the verifier must take without the keys too. */
	r = run(file, NULL, 0, NULL);
	assert_string_equal(str(r, "verdict"), "pass");
	assert_int_equal(num(r, "findings_total"), 0);
	json_decref(r);
}

static void test_psk2_na(void **state)
{
	json_t *r = run(FX "psk2.pcap", PASS, 0, NULL), *b;

	(void)state;
	assert_string_equal(str(r, "verdict"), "n/a");
	assert_int_equal(num(r, "findings_total"), 0);
	assert_true(num(r, "robust_frames") >= 1);
	b = json_array_get(json_object_get(r, "bss"), 0);
	assert_string_equal(str(b, "ssid"), "wbench-pmf");
	assert_false(json_is_true(json_object_get(b, "mfpc")));
	json_decref(r);
}

static void test_psk2pmf_sha256(void **state)
{
	json_t *r;

	(void)state;
	check_pass_verified(FX "psk2pmf_sha256.pcap");
	r = run(FX "psk2pmf_sha256.pcap", PASS, 0, NULL);
	/* SA Query request/response and the final deauth: protected, MICs checked. */
	assert_int_equal(num(r, "protected_unicast"), 3);
	assert_int_equal(num(r, "group_with_mmie"), 2);
	assert_int_equal(num(r, "mic_verified"), 5);
	json_decref(r);
	/* Without the passphrase: same verdict, MIC not checked. */
	r = run(FX "psk2pmf_sha256.pcap", NULL, 0, NULL);
	assert_string_equal(str(r, "verdict"), "pass");
	assert_string_equal(str(r, "mic"), "not_checked");
	json_decref(r);
}

static void test_psk2pmf_opt_sha1(void **state)
{
	(void)state;
	check_pass_verified(FX "psk2pmf_opt.pcap");
}

static void test_beacon_protection(void **state)
{
	json_t *r;

	(void)state;
	check_pass_verified(FX "beaconprot.pcap");
	r = run(FX "beaconprot.pcap", PASS, 0, NULL);
	assert_int_equal(num(r, "beacons_without_mme"), 0);
	assert_true(num(r, "beacons_with_mme") > 10);
	json_decref(r);
}

static void test_gcmp256_gmac256(void **state)
{
	(void)state;
	check_pass_verified(FX "gcmp256.pcap");
}

static void test_ccmp256_cmac256(void **state)
{
	(void)state;
	check_pass_verified(FX "ccmp256.pcap");
}

static void test_sae_not_checked(void **state)
{
	const char *files[] = { FX "sae.pcap", FX "saemixed.pcap" };

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		json_t *r = run(files[i], PASS, 0, NULL), *b;

		assert_string_equal(str(r, "verdict"), "pass");
		assert_string_equal(str(r, "mic"), "not_checked");
		b = json_array_get(json_object_get(r, "bss"), 0);
		assert_non_null(strstr(str(b, "mic_note"), "SAE"));
		json_decref(r);
	}
}

static void test_saemixed_per_station(void **state)
{
	json_t *r = run(FX "saemixed.pcap", NULL, 0, NULL), *st;

	(void)state;
	/* The PSK station did not negotiate PMF: its unprotected deauth is no finding. */
	assert_true(num(r, "exempt_no_pmf") >= 1);
	st = json_object_get(json_array_get(json_object_get(r, "bss"), 0), "stations");
	assert_int_equal(json_array_size(st), 2);
	assert_true(json_is_true(json_object_get(json_array_get(st, 0), "pmf")));
	assert_true(json_is_false(json_object_get(json_array_get(st, 1), "pmf")));
	json_decref(r);
}

/* Flip one MIC byte of a frame whose MIC verified: the verdict must turn to fail. */
static void corrupt_and_fail(const char *file, const char *cls, bool mmie)
{
	json_t *frames, *r = run(file, PASS, 0, &frames);
	uint64_t n = first_verified(frames, cls, mmie);

	json_decref(r);
	json_decref(frames);
	assert_true(n > 0);
	r = run(file, PASS, n, NULL);
	assert_string_equal(str(r, "verdict"), "fail");
	assert_string_equal(str(r, "mic"), "failed");
	assert_int_equal(num(r, "mic_failed"), 1);
	assert_string_equal(str(json_array_get(json_object_get(r, "findings"), 0), "rule"),
			    "mic_failure");
	json_decref(r);
}

static void test_corrupted_mics(void **state)
{
	(void)state;
	corrupt_and_fail(FX "psk2pmf_sha256.pcap", "robust", true);   /* BIP-CMAC-128 */
	corrupt_and_fail(FX "psk2pmf_sha256.pcap", "robust", false);  /* CCMP-128 */
	corrupt_and_fail(FX "psk2pmf_opt.pcap", "robust", false);
	corrupt_and_fail(FX "beaconprot.pcap", "beacon", true);       /* beacon MME */
	corrupt_and_fail(FX "gcmp256.pcap", "beacon", true);          /* BIP-GMAC-256 */
	corrupt_and_fail(FX "gcmp256.pcap", "robust", false);         /* GCMP-256 */
	corrupt_and_fail(FX "ccmp256.pcap", "beacon", true);          /* BIP-CMAC-256 */
}

/*
 * psk2pmf_sha256.pcap has two handshakes; frames 16 and 33 are their messages 2. A
 * changed message 2 gives no keys, and since the other handshake proves the passphrase,
 * it is a MIC failure at that frame, before or after the good one.
 */
static void test_changed_message2(void **state)
{
	const uint64_t m2[] = { 16, 33 };
	json_t *r, *f;

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		r = run(FX "psk2pmf_sha256.pcap", PASS, m2[i], NULL);
		assert_string_equal(str(r, "verdict"), "fail");
		assert_string_equal(str(r, "mic"), "failed");
		assert_int_equal(num(r, "mic_failed"), 1);
		f = json_array_get(json_object_get(r, "findings"), 0);
		assert_string_equal(str(f, "rule"), "mic_failure");
		assert_int_equal(num(f, "frame"), (json_int_t)m2[i]);
		assert_string_equal(str(f, "subtype"), "eapol-key");
		/* the other handshake's keys still verify what follows it */
		assert_true(num(r, "mic_verified") >= 2);
		json_decref(r);
	}
	/* A wrong passphrase verifies nothing: no finding, a note says why. */
	r = run(FX "psk2pmf_sha256.pcap", "not-the-passphrase", 0, NULL);
	assert_string_equal(str(r, "verdict"), "pass");
	assert_string_equal(str(r, "mic"), "not_checked");
	assert_int_equal(num(r, "findings_total"), 0);
	assert_non_null(strstr(str(json_array_get(json_object_get(r, "bss"), 0), "mic_note"),
			       "wrong passphrase"));
	json_decref(r);
}

/*
 * A group rekey seen in a capture with keys: psk2pmf_sha256.pcap up to its verified group
 * deauth (frame 25, IGTK key id 4), then the AP's first frame under key id 5 (a new key,
 * unknown here), then frame 25 once more. Its MIC verifies under the key that key id 5
 * replaced: an old frame replayed, not the AP's new key id 4.
 */
static void test_replay_after_group_rekey(void **state)
{
	struct wb_pmf_opts o = { .passphrase = PASS };
	char err[PCAP_ERRBUF_SIZE];
	uint8_t saved[4096];
	struct pcap_pkthdr *h;
	const u_char *d;
	struct pmft_frame f;
	struct wb_pmf *p;
	size_t saved_len = 0;
	uint64_t n = 0, ts = 0;
	json_t *r, *fi;
	pcap_t *pc = pcap_open_offline(FX "psk2pmf_sha256.pcap", err);

	(void)state;
	assert_non_null(pc);
	assert_int_equal(wb_pmf_new(&o, &p), 0);
	while (n < 25 && pcap_next_ex(pc, &h, &d) == 1) {
		ts = (uint64_t)h->ts.tv_sec * 1000000u + (uint64_t)h->ts.tv_usec;
		assert_int_equal(wb_pmf_feed(p, pcap_datalink(pc), ts, d, h->caplen, h->len), 0);
		if (++n == 25) {
			assert_true(h->caplen <= sizeof(saved));
			memcpy(saved, d, h->caplen);
			saved_len = h->caplen;
		}
	}
	pcap_close(pc);
	assert_int_equal(n, 25);
	r = NULL;
	assert_int_equal(wb_pmf_result(p, &r), 0);
	assert_int_equal(json_integer_value(json_object_get(r, "mic_verified")), 3);
	assert_int_equal(json_integer_value(json_object_get(r, "findings_total")), 0);
	json_decref(r);
	pmft_deauth(&f, pmft_bcast, pmft_ap, 3, 5, 1);  /* the AP moved to key id 5 */
	pmft_feed(p, &f, ts / 1000 + 100);
	assert_int_equal(wb_pmf_feed(p, WB_PMF_DLT_IEEE802_11_RADIO, ts + 200000, saved,
				     saved_len, saved_len), 0);
	assert_int_equal(wb_pmf_result(p, &r), 0);
	assert_string_equal(str(r, "verdict"), "fail");
	fi = json_array_get(json_object_get(r, "findings"), 0);
	assert_string_equal(str(fi, "rule"), "mmie_replay");
	assert_non_null(strstr(str(fi, "detail"), "under the key that key id 5 replaced"));
	assert_int_equal(num(r, "findings_total"), 1);
	json_decref(r);
	wb_pmf_free(p);
}

static void test_corrupted_fixture_files(void **state)
{
	const char *files[] = { FX "psk2pmf_sha256-badbip.pcap", FX "psk2pmf_sha256-badccmp.pcap" };

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		json_t *r = run(files[i], PASS, 0, NULL);

		assert_string_equal(str(r, "verdict"), "fail");
		assert_int_equal(num(r, "mic_failed"), 1);
		json_decref(r);
	}
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_psk2_na),
		cmocka_unit_test(test_psk2pmf_sha256),
		cmocka_unit_test(test_psk2pmf_opt_sha1),
		cmocka_unit_test(test_beacon_protection),
		cmocka_unit_test(test_gcmp256_gmac256),
		cmocka_unit_test(test_changed_message2),
		cmocka_unit_test(test_replay_after_group_rekey),
		cmocka_unit_test(test_ccmp256_cmac256),
		cmocka_unit_test(test_sae_not_checked),
		cmocka_unit_test(test_saemixed_per_station),
		cmocka_unit_test(test_corrupted_mics),
		cmocka_unit_test(test_corrupted_fixture_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
