// Evolving prices (docs/market.md, "Evolving prices"): instead of holding one strategy of a
// menu, each agent carries a continuous pricing genome, its seller markup a and buyer markdown b
// in parts per million of the spread (Markup(a, b), kernels/bidding.h). In the update step an
// agent copies the genome of the agent whose strategy it would adopt (updated_source,
// kernels/update.h); then, with the mutation probability, each coordinate moves by a step drawn
// uniformly from [-step, step] and is clamped to [0, 1]. Integers and Philox draws throughout, so
// both backends evolve the same genomes.
#pragma once

#include <cstdint>

#include "kernels/bidding.h"
#include "kernels/evo_hd.h"
#include "kernels/population.h"
#include "kernels/rng.h"
#include "kernels/update.h"

namespace evomarket {

constexpr uint32_t kGenomeWords = 2;  // per agent: ask markup, bid markdown (ppm)

struct GenomeParams {
  Probability mutation;  // per agent and generation
  uint32_t step_ppm;     // largest move of one coordinate, in [0, kMarkupOne]
};

// The pricing strategy agent `agent` plays with genome table `genome` ([agent][kGenomeWords]).
EVO_HD PricingStrategy genome_pricing(const uint32_t* genome, uint64_t agent) {
  return PricingStrategy{PricingKind::kMarkup, genome[agent * kGenomeWords],
                         genome[agent * kGenomeWords + 1]};
}

// x moved by a step uniform in [-step, step] (from two draw words), clamped to [0, kMarkupOne].
EVO_HD uint32_t stepped_markup(uint32_t x, uint32_t step_ppm, uint32_t hi, uint32_t lo) {
  const int64_t move =
      static_cast<int64_t>(uniform_below(hi, lo, 2 * uint64_t{step_ppm} + 1)) - step_ppm;
  const int64_t y = static_cast<int64_t>(x) + move;
  return static_cast<uint32_t>(y < 0 ? 0 : y > kMarkupOne ? kMarkupOne : y);
}

// An agent's genome before the first generation: `fixed` ([ask, bid]) for everyone, or with
// `uniform` both coordinates drawn uniformly from [0, kMarkupOne].
EVO_HD void initial_genome(bool uniform, const uint32_t* fixed, uint64_t seed, uint64_t agent,
                           uint32_t* out) {
  if (!uniform) {
    out[0] = fixed[0];
    out[1] = fixed[1];
    return;
  }
  const Draw4 d = draw4(seed, agent, Purpose::kGenome, 0, 0);
  out[0] = static_cast<uint32_t>(uniform_below(d.v[0], d.v[1], uint64_t{kMarkupOne} + 1));
  out[1] = static_cast<uint32_t>(uniform_below(d.v[2], d.v[3], uint64_t{kMarkupOne} + 1));
}

// Agent `agent`'s genome after the update of `generation`: its source's (`genome`, the
// generation's genomes), then mutated; written to out[0..1].
EVO_HD void next_genome(const PopulationLayout& l, const AgentsView& a, const UpdateParams& p,
                        const GenomeParams& g, uint64_t seed, uint64_t agent, uint32_t generation,
                        const uint32_t* genome, uint32_t* out) {
  const uint64_t source = updated_source(l, a, p, seed, agent, generation);
  uint32_t ask = genome[source * kGenomeWords];
  uint32_t bid = genome[source * kGenomeWords + 1];
  const Draw4 d = draw4(seed, agent, Purpose::kMutation, generation, 0);
  if (bernoulli(d.v[0], g.mutation)) {
    const Draw4 e = draw4(seed, agent, Purpose::kMutation, generation, 1);
    ask = stepped_markup(ask, g.step_ppm, d.v[1], d.v[2]);
    bid = stepped_markup(bid, g.step_ppm, e.v[0], e.v[1]);
  }
  out[0] = ask;
  out[1] = bid;
}

}  // namespace evomarket
