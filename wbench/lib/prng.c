#include "wbench/lib/prng.h"

void wb_prng_init(struct wb_prng *p, uint64_t seed)
{
	p->state = seed;
}

uint64_t wb_prng_next(struct wb_prng *p)
{
	uint64_t z = (p->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t wb_prng_below(struct wb_prng *p, uint64_t bound)
{
	uint64_t threshold, r;

	if (bound == 0)
		return 0;
	/* (2^64 - bound) % bound, computed in 64 bits: the size of the biased tail. */
	threshold = -bound % bound;
	do {
		r = wb_prng_next(p);
	} while (r < threshold);
	return r % bound;
}
