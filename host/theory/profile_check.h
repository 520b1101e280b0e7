// How far a mixed-strategy profile (x, y) of a bimatrix game is from a Nash equilibrium, exactly.
//
// Each player's gain is the most it could add to its expected payoff by switching alone to
// another strategy: max_i (A y)_i - x^T A y for the row player, max_j (x^T B)_j - x^T B y for
// the column player (a pure best reply attains the maximum over all mixed ones). The profile is an
// epsilon-equilibrium exactly for epsilon >= max(gains), and a Nash equilibrium when both are 0.
#pragma once

#include <cstddef>
#include <vector>

#include "host/theory/bimatrix.h"

namespace evomarket::theory {

struct DeviationGain {
  Rational payoff;                          // expected payoff in the profile
  Rational best_payoff;                     // payoff of a best reply to the other's strategy
  Rational gain;                            // best_payoff - payoff, >= 0
  std::vector<std::size_t> best_responses;  // the pure best replies (0-based)
};

struct ProfileCheck {
  DeviationGain row;
  DeviationGain col;
  Rational epsilon;  // max(row.gain, col.gain): the least epsilon of an epsilon-equilibrium
  bool is_nash() const { return epsilon == 0; }
};

// Preconditions (std::invalid_argument): `g` a valid game; x (over rows) and y (over columns)
// probability vectors of the right sizes summing to exactly 1.
ProfileCheck check_profile(const BimatrixGame& g, const std::vector<Rational>& x,
                           const std::vector<Rational>& y);

}  // namespace evomarket::theory
