#include "host/theory/profile_check.h"

#include <algorithm>

namespace evomarket::theory {
namespace {

DeviationGain deviation_gain(const std::vector<Rational>& pure_payoffs, const Rational& payoff) {
  DeviationGain d;
  d.payoff = payoff;
  d.best_payoff = *std::max_element(pure_payoffs.begin(), pure_payoffs.end());
  d.gain = d.best_payoff - payoff;
  for (std::size_t k = 0; k < pure_payoffs.size(); ++k) {
    if (pure_payoffs[k] == d.best_payoff) d.best_responses.push_back(k);
  }
  return d;
}

}  // namespace

ProfileCheck check_profile(const BimatrixGame& g, const std::vector<Rational>& x,
                           const std::vector<Rational>& y) {
  require_bimatrix(g);
  require_mixed_strategy(x, g.rows(), "row strategy");
  require_mixed_strategy(y, g.cols(), "column strategy");
  ProfileCheck c;
  c.row = deviation_gain(row_payoffs(g.a, y), expected_payoff(g.a, x, y));
  c.col = deviation_gain(col_payoffs(g.b, x), expected_payoff(g.b, x, y));
  c.epsilon = std::max(c.row.gain, c.col.gain);
  return c;
}

}  // namespace evomarket::theory
