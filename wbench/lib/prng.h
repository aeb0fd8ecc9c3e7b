/*
 * wbench: a tiny seeded pseudo-random generator (splitmix64) for reproducible plan
 * orders and resampling. Not for secrets. The exact algorithm is part of the results'
 * reproducibility contract (docs/scenario.md, "Execution order"): do not change it
 * without bumping the result schema.
 */
#ifndef WB_PRNG_H
#define WB_PRNG_H

#include <stdint.h>

struct wb_prng {
	uint64_t state;
};

/** wb_prng_init - seed the generator (any 64-bit value, 0 included). */
void wb_prng_init(struct wb_prng *p, uint64_t seed);

/**
 * wb_prng_next - next 64-bit output of splitmix64 (Steele, Lea, Flood 2014):
 * state += 0x9e3779b97f4a7c15, then the state is mixed by two xor-shift-multiply rounds.
 */
uint64_t wb_prng_next(struct wb_prng *p);

/**
 * wb_prng_below - uniform integer in [0, @bound) without modulo bias: draws are
 * rejected while below (2^64 - @bound) % @bound, then reduced modulo @bound
 * @bound: must be > 0 (0 returns 0)
 */
uint64_t wb_prng_below(struct wb_prng *p, uint64_t bound);

#endif /* WB_PRNG_H */
