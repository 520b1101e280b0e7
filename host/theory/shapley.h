// The Shapley value of a coalitional game (docs/solvers.md, "Coalitional games"): exactly, by the
// subset formula over every coalition, or estimated by sampling random player orders, with a 95%
// interval per player.
#pragma once

#include <cstdint>
#include <vector>

#include "host/theory/coalition_game.h"
#include "host/theory/rational.h"

namespace evomarket::theory {

// phi_i = sum over S not containing i of |S|! (n - |S| - 1)! / n! (v(S + i) - v(S)), in exact
// rational arithmetic (the worths are integers over one common denominator, summed by
// coalition size in GMP integers on every thread, then weighted once per size). Precondition:
// g.exact() (at most kMaxExactPlayers players).
std::vector<Rational> shapley_exact(const CoalitionTable& g);

// A game that gives the marginal contributions along one player order: what sampling needs,
// also where the 2^n worths cannot be listed (thousands of players).
class PermutationGame {
 public:
  virtual ~PermutationGame() = default;
  virtual uint32_t players() const = 0;
  // marginal[order[k]] = v({order[0..k]}) - v({order[0..k-1]}) for k = 0 .. n-1. `scratch` is
  // the calling thread's own, kept between calls (the game sizes it on first use).
  virtual void marginals(const uint32_t* order, double* marginal,
                         std::vector<int64_t>& scratch) const = 0;
};

// The permutation game of a table (its doubles). Precondition: table.size() <= kMaxTablePlayers.
class TablePermutationGame final : public PermutationGame {
 public:
  explicit TablePermutationGame(const CoalitionTable& table) : table_(table) {}
  uint32_t players() const override { return table_.size(); }
  void marginals(const uint32_t* order, double* marginal,
                 std::vector<int64_t>& scratch) const override;

 private:
  const CoalitionTable& table_;
};

struct SampledShapley {
  std::vector<double> estimate;    // mean marginal contribution over the sampled orders
  std::vector<double> half_width;  // of the 95% interval estimate +- half_width
  uint64_t samples = 0;
};

// 1.959963984540054: the two-sided 95% quantile of the normal distribution.
constexpr double kZ95 = 1.959963984540054;

// Averages the marginal contributions over `samples` uniform random player orders (sample k's
// order is shapley_permutation(seed, k, n), kernels/coalition.h). The interval is the normal
// one, estimate +- kZ95 * s / sqrt(samples), s the per-player sample standard deviation.
// Parallel over OpenMP threads; the result does not depend on their number: samples go in
// blocks of fixed size whose means and squared deviations are merged in block order.
// Precondition: samples >= 2.
SampledShapley shapley_sampled(const PermutationGame& game, uint64_t samples, uint64_t seed);

}  // namespace evomarket::theory
