// What a market agent's strategy is judged by between generations (docs/market.md, "Fitness").
// Savings depend mostly on what an agent owns (PV, battery, load), not on how it prices, so a
// strategy held by well-endowed agents spreads whatever it does. Two remedies, usable together:
// relative savings (what it saved as a share of what it could at most have saved) and imitation
// only among peers of the same class (PV or not, battery or not).
#pragma once

#include <cstdint>

#include "kernels/evo_hd.h"
#include "kernels/market.h"
#include "kernels/update.h"

namespace evomarket {

enum class MarketFitness : uint32_t {
  kRelativeSavings = 0,  // per mille of the most the agent could have saved this generation
  kSavings = 1,          // milli-currency saved per day (absolute)
};

enum class ImitationPeers : uint32_t {
  kCommunity = 0,  // any member of the agent's community
  kSameClass = 1,  // members of the same class only (market_class)
};

constexpr int64_t kPerMille = 1000;

// The fitness (2^-16 units) of an agent that saved `savings` (pico) over `days` days of a
// generation in which it could at most have saved `potential` (pico): the retail-feed-in spread
// times its net energy, since every community price lies between feed-in and retail. Relative
// fitness is exact integer arithmetic, floored; an agent with nothing to trade has relative
// fitness 0.
EVO_HD int64_t market_fitness_q16(MarketFitness f, int64_t savings, int64_t potential,
                                  uint32_t days) {
  if (f == MarketFitness::kSavings) return fitness_q16(payoff_milli(savings), days);
  if (potential <= 0 || savings == 0) return 0;
  constexpr uint64_t kScale = static_cast<uint64_t>(kPerMille * kFitnessOne);
  const uint64_t magnitude =
      savings < 0 ? 0 - static_cast<uint64_t>(savings) : static_cast<uint64_t>(savings);
  // Savings never exceed the potential by much; the cap keeps the quotient far inside int64.
  const uint64_t p = static_cast<uint64_t>(potential);
  const uint64_t capped = magnitude / p >= 1024 ? 1024 * p : magnitude;
  const auto q = static_cast<int64_t>(community_detail::mul_div_floor(capped, kScale, p));
  if (savings > 0) return q;
  // Floor for losses too, so that no loss rounds up to the fitness of saving nothing.
  return community_detail::mul_mod(capped, kScale, p) != 0 ? -q - 1 : -q;
}

// pack_agent() for a market agent.
EVO_HD uint64_t pack_market_agent(MarketFitness f, uint32_t strategy, int64_t savings,
                                  int64_t potential, uint32_t days) {
  return pack_fitness(strategy, market_fitness_q16(f, savings, potential, days));
}

// An agent's class: bit 1 when it generated anything this generation (PV), bit 0 when it owns
// a battery.
EVO_HD uint8_t market_class(int64_t generated_mwh, bool battery) {
  return static_cast<uint8_t>((generated_mwh > 0 ? 2u : 0u) | (battery ? 1u : 0u));
}

}  // namespace evomarket
