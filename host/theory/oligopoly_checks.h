// Shared precondition check of the oligopoly solvers (host/theory/oligopoly.h).
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "host/theory/oligopoly.h"

namespace evomarket::theory {

// Throws std::invalid_argument unless A > 0, B > 0 and every cost >= 0; `who` names the costs.
inline void require_market(const LinearDemand& d, const std::vector<Rational>& costs,
                           const char* who) {
  if (d.intercept <= 0) {
    throw std::invalid_argument("demand intercept A must be > 0, got " + exact_text(d.intercept));
  }
  if (d.slope <= 0) {
    throw std::invalid_argument("demand slope B must be > 0, got " + exact_text(d.slope));
  }
  if (costs.empty()) throw std::invalid_argument(std::string(who) + ": no firm");
  for (const Rational& c : costs) {
    if (c < 0) {
      throw std::invalid_argument(std::string(who) + ": a cost must be >= 0, got " + exact_text(c));
    }
  }
}

// profits[i] = (price - costs[i]) * quantities[i], price = A - B * sum of quantities.
inline MarketOutcome settle(const LinearDemand& d, std::vector<Rational> quantities,
                            const std::vector<Rational>& costs) {
  MarketOutcome out;
  Rational total = 0;
  for (const Rational& q : quantities) total += q;
  out.price = d.intercept - d.slope * total;
  for (std::size_t i = 0; i < quantities.size(); ++i) {
    out.profits.push_back((out.price - costs[i]) * quantities[i]);
  }
  out.quantities = std::move(quantities);
  return out;
}

}  // namespace evomarket::theory
