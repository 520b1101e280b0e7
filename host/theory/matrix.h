// Payoff matrices of the host-side theory (replicator dynamics, finite-population processes).
//
// A payoff matrix is square, n x n, in doubles: a[s][t] is the payoff of one play of the game to
// a player of strategy s (the row) against a player of strategy t (the column). Units are those
// of the game (payoff per play); the theory never rescales them.
#pragma once

#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace evomarket::theory {

using Matrix = std::vector<std::vector<double>>;

// Throws std::invalid_argument unless `a` is non-empty, square and finite; `what` names the
// caller in the message.
inline void require_payoff_matrix(const Matrix& a, const char* what) {
  if (a.empty()) throw std::invalid_argument(std::string(what) + ": the payoff matrix is empty");
  for (const auto& row : a) {
    if (row.size() != a.size()) {
      throw std::invalid_argument(std::string(what) + ": the payoff matrix must be square (" +
                                  std::to_string(a.size()) + " rows, a row of " +
                                  std::to_string(row.size()) + " entries)");
    }
    for (double v : row) {
      if (!std::isfinite(v)) {
        throw std::invalid_argument(std::string(what) +
                                    ": the payoff matrix has a non-finite entry");
      }
    }
  }
}

}  // namespace evomarket::theory
