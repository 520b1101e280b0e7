// Keyed permutations of agent indices: random placement of exact strategy counts, and random
// pairings for migration. Stateless (a Feistel network keyed by Philox), so every agent computes
// its own image in parallel and both backends agree.
#pragma once

#include <cstdint>

#include "kernels/evo_hd.h"
#include "kernels/rng.h"

namespace evomarket {

struct FeistelDomain {
  uint32_t half_bits;  // the network permutes [0, 4^half_bits)
  uint64_t mask;
};

// The smallest power-of-4 domain that holds n.
EVO_HD FeistelDomain feistel_domain(uint64_t n) {
  uint32_t half_bits = 1;
  while (half_bits < 32 && (uint64_t{1} << (2 * half_bits)) < n) ++half_bits;
  return FeistelDomain{half_bits, (uint64_t{1} << half_bits) - 1};
}

// Round function: Philox keyed by the seed, counter (value, purpose, round, salt).
EVO_HD uint64_t feistel_round(uint64_t seed, Purpose purpose, uint32_t salt, uint32_t round,
                              uint64_t value, uint64_t mask) {
  return draw4(seed, value, purpose, round, salt).v[0] & mask;
}

// One application of the 4-round network on the whole power-of-4 domain, and its inverse.
EVO_HD uint64_t feistel_forward(uint64_t x, const FeistelDomain& d, uint64_t seed, Purpose purpose,
                                uint32_t salt) {
  uint64_t left = x >> d.half_bits;
  uint64_t right = x & d.mask;
  for (uint32_t round = 0; round < 4; ++round) {
    const uint64_t next_right = left ^ feistel_round(seed, purpose, salt, round, right, d.mask);
    left = right;
    right = next_right;
  }
  return (left << d.half_bits) | right;
}

EVO_HD uint64_t feistel_backward(uint64_t x, const FeistelDomain& d, uint64_t seed, Purpose purpose,
                                 uint32_t salt) {
  uint64_t left = x >> d.half_bits;
  uint64_t right = x & d.mask;
  for (uint32_t round = 4; round-- > 0;) {
    const uint64_t previous_left = right ^ feistel_round(seed, purpose, salt, round, left, d.mask);
    right = left;
    left = previous_left;
  }
  return (left << d.half_bits) | right;
}

// A keyed bijection of [0, n): the Feistel network with cycle walking back into [0, n).
// `salt` selects independent permutations under one seed (e.g. the generation).
EVO_HD uint64_t permute_index(uint64_t index, uint64_t n, uint64_t seed,
                              Purpose purpose = Purpose::kPlacement, uint32_t salt = 0) {
  const FeistelDomain d = feistel_domain(n);
  // Salt 0 of kPlacement keeps the step field equal to half_bits, as placements always had.
  const uint32_t s = purpose == Purpose::kPlacement && salt == 0 ? d.half_bits : salt;
  uint64_t x = index;
  do {
    x = feistel_forward(x, d, seed, purpose, s);
  } while (x >= n);
  return x;
}

// The inverse of permute_index for the same (n, seed, purpose, salt).
EVO_HD uint64_t unpermute_index(uint64_t position, uint64_t n, uint64_t seed,
                                Purpose purpose = Purpose::kPlacement, uint32_t salt = 0) {
  const FeistelDomain d = feistel_domain(n);
  const uint32_t s = purpose == Purpose::kPlacement && salt == 0 ? d.half_bits : salt;
  uint64_t x = position;
  do {
    x = feistel_backward(x, d, seed, purpose, s);
  } while (x >= n);
  return x;
}

// Strategy of an agent whose permuted position falls into the blocks given by cumulative
// counts (cumulative[s] = agents of strategies 0..s).
EVO_HD uint32_t strategy_at(const uint64_t* cumulative, uint32_t strategy_count,
                            uint64_t position) {
  uint32_t lo = 0;
  uint32_t hi = strategy_count - 1;
  while (lo < hi) {
    const uint32_t mid = (lo + hi) / 2;
    if (position < cumulative[mid]) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return lo;
}

}  // namespace evomarket
