/*
 * What every unit test's main() shares. Include it after <cmocka.h>, and make
 * wbt_test_filter(argc, argv) the first line of main() (there it stays clear of the
 * lines that change when tests are added):
 *
 *   build/tests/test_ctrl                              every case
 *   build/tests/test_ctrl test_stale_reply_discarded   one case, by name
 *   build/tests/test_ctrl 'test_request_*'             the cases whose names match
 *                                                      ('*' and '?', cmocka's filter)
 */
#ifndef WBT_MAIN_H
#define WBT_MAIN_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Run only the cases named by argv[1] (a cmocka test filter), when there is one. */
static inline void wbt_test_filter(int argc, char **argv)
{
	if (argc > 2 || (argc == 2 && (strcmp(argv[1], "-h") == 0 ||
				       strcmp(argv[1], "--help") == 0))) {
		fprintf(argc == 2 ? stdout : stderr, "usage: %s [PATTERN]\n"
			"Runs the cases whose names match PATTERN ('*' and '?' are wildcards),"
			" or every case.\n", argv[0]);
		exit(argc == 2 ? 0 : 2);
	}
	if (argc == 2)
		cmocka_set_test_filter(argv[1]);
}

#endif
