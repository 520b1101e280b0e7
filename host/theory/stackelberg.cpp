#include <algorithm>
#include <optional>
#include <vector>

#include "host/theory/oligopoly.h"
#include "host/theory/oligopoly_checks.h"

namespace evomarket::theory {

MarketOutcome stackelberg_equilibrium(const LinearDemand& d, const Rational& leader_cost,
                                      const std::vector<Rational>& follower_costs) {
  require_market(d, {leader_cost}, "Stackelberg leader");
  require_market(d, follower_costs, "Stackelberg followers");
  const Rational& a = d.intercept;
  const Rational& b = d.slope;
  std::vector<Rational> c = follower_costs;
  std::sort(c.begin(), c.end());
  const std::size_t n = c.size();
  // prefix[k]: the cost sum of the k cheapest followers. The k-th cheapest produces exactly when
  // the residual intercept A - B q_L exceeds k c_k - prefix[k-1], i.e. when q_L < cutoff[k].
  std::vector<Rational> prefix(n + 1, Rational(0));
  for (std::size_t k = 1; k <= n; ++k) prefix[k] = prefix[k - 1] + c[k - 1];
  std::vector<Rational> cutoff(n + 1, Rational(0));
  const Rational q_max = a / b;
  cutoff[0] = q_max;
  for (std::size_t k = 1; k <= n; ++k) cutoff[k] = (a - (k * c[k - 1] - prefix[k - 1])) / b;

  // On [cutoff[k+1], cutoff[k]] the k cheapest followers produce, the price is
  // (A + prefix[k] - B q_L) / (k + 1), and the leader's profit (P - c_L) q_L is a concave
  // quadratic: its best point there is the stationary one, clipped to the interval.
  std::optional<Rational> best_q;
  Rational best_profit;
  for (std::size_t k = 0; k <= n; ++k) {
    const Rational lo = k == n ? Rational(0) : std::max<Rational>(0, cutoff[k + 1]);
    const Rational hi = std::min<Rational>(q_max, cutoff[k]);
    if (lo > hi) continue;
    Rational q = (a + prefix[k] - (k + 1) * leader_cost) / (2 * b);
    q = std::clamp<Rational>(q, lo, hi);
    const Rational profit = ((a + prefix[k] - b * q) / (k + 1) - leader_cost) * q;
    if (!best_q || profit > best_profit) {
      best_q = q;
      best_profit = profit;
    }
  }

  std::vector<Rational> quantities{*best_q};
  const Rational residual = a - b * *best_q;
  if (residual > 0) {
    const MarketOutcome followers = cournot_equilibrium({residual, b}, follower_costs);
    quantities.insert(quantities.end(), followers.quantities.begin(), followers.quantities.end());
  } else {
    quantities.resize(n + 1, Rational(0));
  }
  std::vector<Rational> costs{leader_cost};
  costs.insert(costs.end(), follower_costs.begin(), follower_costs.end());
  return settle(d, std::move(quantities), costs);
}

}  // namespace evomarket::theory
