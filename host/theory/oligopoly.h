// Quantity competition under linear inverse demand P = A - B Q (Q: total quantity, A > 0 the
// price at zero quantity, B > 0 the slope) with constant marginal costs c_i >= 0 and no fixed
// costs: firm i's profit is (P - c_i) q_i. Exact rationals throughout (host/theory/rational.h).
//
// Cournot (cournot_equilibrium): all firms choose quantities at once. With the set S of firms
// that produce, each q_i = (P - c_i) / B and P = (A + sum_{j in S} c_j) / (|S| + 1). A firm
// whose cost is at least that price is priced out (q = 0). Solved with the active set: start with
// every firm, drop those with c_i >= P, recompute; the price only falls, so a dropped firm never
// returns, and the set that remains is the unique equilibrium's.
//
// Stackelberg (stackelberg_equilibrium): the leader chooses q_L first; the followers observe it
// and play Cournot among themselves on the residual demand P = (A - B q_L) - B Q_F (backward
// induction). As q_L grows, followers drop out (highest cost first), so the leader's profit is
// a different quadratic on each interval of q_L where the set of active followers is fixed. The
// leader's optimum is the best of the maxima on these intervals; q_L ranges over [0, A / B].
#pragma once

#include <vector>

#include "host/theory/rational.h"

namespace evomarket::theory {

struct LinearDemand {
  Rational intercept;  // A > 0
  Rational slope;      // B > 0
};

struct MarketOutcome {
  std::vector<Rational> quantities;  // one per firm, in input order (Stackelberg: leader first)
  Rational price;                    // A - B * sum of quantities
  std::vector<Rational> profits;     // (price - cost) * quantity
};

// Preconditions (std::invalid_argument): A > 0, B > 0, at least one firm, every cost >= 0.
MarketOutcome cournot_equilibrium(const LinearDemand& d, const std::vector<Rational>& costs);

// Preconditions as cournot_equilibrium's, with at least one follower.
MarketOutcome stackelberg_equilibrium(const LinearDemand& d, const Rational& leader_cost,
                                      const std::vector<Rational>& follower_costs);

}  // namespace evomarket::theory
