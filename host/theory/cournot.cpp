#include <vector>

#include "host/theory/oligopoly.h"
#include "host/theory/oligopoly_checks.h"

namespace evomarket::theory {

MarketOutcome cournot_equilibrium(const LinearDemand& d, const std::vector<Rational>& costs) {
  require_market(d, costs, "Cournot firms");
  std::vector<bool> active(costs.size(), true);
  Rational price;
  bool dropped = true;
  while (dropped) {
    Rational sum = d.intercept;
    std::size_t producing = 0;
    for (std::size_t i = 0; i < costs.size(); ++i) {
      if (active[i]) {
        sum += costs[i];
        ++producing;
      }
    }
    price = sum / (producing + 1);
    dropped = false;
    for (std::size_t i = 0; i < costs.size(); ++i) {
      if (active[i] && costs[i] >= price) {
        active[i] = false;
        dropped = true;
      }
    }
  }
  std::vector<Rational> q(costs.size(), Rational(0));
  for (std::size_t i = 0; i < costs.size(); ++i) {
    if (active[i]) q[i] = (price - costs[i]) / d.slope;
  }
  return settle(d, std::move(q), costs);
}

}  // namespace evomarket::theory
