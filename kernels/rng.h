// Stateless random draws: Random123 Philox4x32-10.
//
// Determinism contract (docs/architecture.md): every draw is a pure function of
//   key     = (seed low 32 bits, seed high 32 bits)
//   counter = (entity id low 32 bits, entity id high 24 bits | purpose << 24, generation, step)
// so no generator state exists, and results do not depend on thread count, launch shape or
// backend. Probabilities are integer thresholds compared against 32-bit draws; no draw is ever
// turned into a float inside a kernel.
#pragma once

#include <cstdint>

#include <Random123/philox.h>

#include "kernels/evo_hd.h"

namespace evomarket {

// What a draw is for; part of the counter so purposes never share a stream.
enum class Purpose : uint32_t {
  kTurn = 1,              // per-turn strategy randomness and action noise of one match
  kMatchLength = 2,       // geometric match length (continuation probability)
  kPartner = 3,           // partner choice of one match in a population
  kPlacement = 4,         // random placement of strategies onto agents
  kUpdate = 5,            // evolutionary update (imitation, Moran)
  kMutation = 6,          // mutation
  kMigration = 7,         // whether a migration pair swaps places
  kMigrationPairing = 8,  // random pairing of agents for migration
  kAsyncEvent = 9,        // one update event of an asynchronous (one-at-a-time) process
  kProfile = 10,          // which profile an agent follows, its scale and time shift
  kBid = 11,              // a zero-intelligence agent's price in one trading slot
  kArrival = 12,          // order arrival in a continuous double auction (community, slot)
  kBattery = 13,          // which agents own a home battery
  kContractPairing = 14,  // who is whose bilateral contract partner in a generation
  kContract = 15,         // per-day randomness and noise of a bilateral contract
  kReplicate = 16,        // the seed of one replicate of an ensemble (derived_seed)
  kSweepPoint = 17,       // the seed of one point of a sweep (derived_seed)
  kShapleySample = 18,    // the player order of one permutation of sampled Shapley values
  kGroup = 19,     // the co-players of one group of a group game (kernels/group_population.h)
  kGenome = 20,    // an agent's initial continuous pricing genome (kernels/pricing_genome.h)
  kMudaHalf = 21,  // which MUDA half a trader is in (community slot, day, member)
};

struct Draw4 {
  uint32_t v[4];
};

// The raw Philox4x32-10 block function (for known-answer tests).
EVO_HD Draw4 philox4x32_10(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uint32_t k0,
                           uint32_t k1) {
  r123::Philox4x32_R<10> rng;
  r123::Philox4x32_R<10>::ctr_type ctr = {{c0, c1, c2, c3}};
  r123::Philox4x32_R<10>::key_type key = {{k0, k1}};
  const auto out = rng(ctr, key);
  return Draw4{{out[0], out[1], out[2], out[3]}};
}

// Largest entity id that fits the 56 bits the counter gives it.
constexpr uint64_t kMaxEntityId = (uint64_t{1} << 56) - 1;

// Four independent 32-bit draws for (entity, purpose, generation, step) under a run's seed.
EVO_HD Draw4 draw4(uint64_t seed, uint64_t entity, Purpose purpose, uint32_t generation,
                   uint32_t step) {
  return philox4x32_10(
      static_cast<uint32_t>(entity),
      static_cast<uint32_t>((entity >> 32) & 0xFFFFFFu) | (static_cast<uint32_t>(purpose) << 24),
      generation, step, static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32));
}

// The seed of member `index` of a family of runs (a replicate of an ensemble, a point of a
// sweep): the first two words of draw4(seed, index, purpose, 0, 0), high word first, cut to 63
// bits so it stays a valid experiment.seed (a TOML integer). Members never share draws, and one
// member can be re-run alone from (seed, index).
EVO_HD uint64_t derived_seed(uint64_t seed, uint64_t index, Purpose purpose) {
  const Draw4 d = draw4(seed, index, purpose, 0, 0);
  return ((static_cast<uint64_t>(d.v[0]) << 32) | d.v[1]) & 0x7FFFFFFFFFFFFFFFull;
}

// A probability as an integer threshold: an event with threshold t happens when a uniform
// 32-bit draw u satisfies u < t. t = round(p * 2^32) lies in [0, 2^32], so p = 0 and p = 1 are
// exact. Thresholds are computed once on the host (probability_threshold in host/).
struct Probability {
  uint64_t threshold;
};

EVO_HD bool bernoulli(uint32_t draw, Probability p) {
  return draw < p.threshold;
}

constexpr uint64_t kCertain = uint64_t{1} << 32;

// Uniform integer in [0, n) from 64 random bits by multiply-high (Lemire's method without the
// rejection step: bias below n / 2^64, deterministic on both backends).
EVO_HD uint64_t uniform_below(uint32_t hi, uint32_t lo, uint64_t n) {
  const uint64_t r = (static_cast<uint64_t>(hi) << 32) | lo;
#if defined(__CUDA_ARCH__)
  return __umul64hi(r, n);
#else
  __extension__ typedef unsigned __int128 u128;  // g++/clang builtin
  return static_cast<uint64_t>((static_cast<u128>(r) * n) >> 64);
#endif
}

}  // namespace evomarket
