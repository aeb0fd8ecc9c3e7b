/* Test helper: cmocka assertion for floating-point values within an absolute tolerance
 * (include after <cmocka.h> and <math.h>). */
#ifndef WBT_ASSERT_NEAR_H
#define WBT_ASSERT_NEAR_H

#define assert_near(a, b, eps) \
	do { \
		double a_ = (a), b_ = (b); \
		if (!(fabs(a_ - b_) <= (eps))) \
			fail_msg("%s = %.12g, want %.12g", #a, a_, b_); \
	} while (0)

#endif /* WBT_ASSERT_NEAR_H */
