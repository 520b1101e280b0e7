#include "host/theory/population_game.h"

#include <cmath>
#include <stdexcept>

namespace evomarket::theory {
namespace {

std::uint64_t total_of(const std::vector<std::uint64_t>& counts) {
  std::uint64_t z = 0;
  for (std::uint64_t c : counts) z += c;
  return z;
}

void require_counts(const PopulationGame& game, const std::vector<std::uint64_t>& counts,
                    std::size_t s, const char* what) {
  if (counts.size() != game.strategies() || s >= counts.size()) {
    throw std::invalid_argument(std::string(what) + ": needs one count per strategy and s < n");
  }
  if (counts[s] == 0 || total_of(counts) < game.min_population()) {
    throw std::invalid_argument(std::string(what) +
                                ": needs Z >= " + std::to_string(game.min_population()) +
                                " and at least one player of the strategy");
  }
}

// log C(n, k) as a sum of k logarithms: exact to a few ulp for the small k of group sizes,
// where lgamma of a large n would lose digits.
double log_binomial(std::uint64_t n, std::uint32_t k) {
  double sum = 0;
  for (std::uint32_t j = 1; j <= k; ++j) {
    sum += std::log(static_cast<double>(n - k + j) / static_cast<double>(j));
  }
  return sum;
}

void add_compositions(std::uint32_t left, std::size_t part, std::vector<std::uint32_t>& current,
                      std::vector<std::vector<std::uint32_t>>& out) {
  if (part + 1 == current.size()) {
    current[part] = left;
    out.push_back(current);
    return;
  }
  for (std::uint32_t k = left + 1; k-- > 0;) {  // more of the earlier strategy first
    current[part] = k;
    add_compositions(left - k, part + 1, current, out);
  }
}

}  // namespace

const char* self_interaction_name(SelfInteraction convention) {
  return convention == SelfInteraction::kExcluded ? "excluded" : "included";
}

SelfInteraction parse_self_interaction(const std::string& name) {
  if (name == "excluded") return SelfInteraction::kExcluded;
  if (name == "included") return SelfInteraction::kIncluded;
  throw std::invalid_argument("unknown self-interaction convention \"" + name +
                              "\" (expected excluded or included)");
}

MatrixPopulationGame::MatrixPopulationGame(Matrix a, SelfInteraction convention)
    : a_(std::move(a)), convention_(convention) {
  require_payoff_matrix(a_, "MatrixPopulationGame");
}

double MatrixPopulationGame::payoff(const std::vector<std::uint64_t>& counts, std::size_t s) const {
  require_counts(*this, counts, s, "expected_payoff");
  const bool excluded = convention_ == SelfInteraction::kExcluded;
  double sum = 0;
  for (std::size_t t = 0; t < a_.size(); ++t) {
    sum += a_[s][t] * static_cast<double>(counts[t] - (excluded && t == s ? 1 : 0));
  }
  const std::uint64_t z = total_of(counts);
  return sum / static_cast<double>(excluded ? z - 1 : z);
}

std::vector<std::vector<std::uint32_t>> compositions(std::uint32_t total, std::size_t parts) {
  if (parts == 0) throw std::invalid_argument("compositions: needs at least one part");
  std::vector<std::vector<std::uint32_t>> out;
  std::vector<std::uint32_t> current(parts, 0);
  add_compositions(total, 0, current, out);
  return out;
}

GroupPopulationGame::GroupPopulationGame(std::size_t strategies, std::uint32_t group_size,
                                         const GroupPayoff& payoff)
    : strategies_(strategies), group_size_(group_size) {
  if (strategies == 0 || group_size < 2) {
    throw std::invalid_argument(
        "GroupPopulationGame: needs at least one strategy and groups of at least 2");
  }
  compositions_ = compositions(group_size - 1, strategies);
  table_.assign(strategies, std::vector<double>(compositions_.size()));
  for (std::size_t s = 0; s < strategies; ++s) {
    for (std::size_t c = 0; c < compositions_.size(); ++c) {
      const double v = payoff(s, compositions_[c]);
      if (!std::isfinite(v)) {
        throw std::invalid_argument("GroupPopulationGame: a group payoff is not finite");
      }
      table_[s][c] = v;
    }
  }
}

double GroupPopulationGame::payoff(const std::vector<std::uint64_t>& counts, std::size_t s) const {
  require_counts(*this, counts, s, "expected_payoff");
  const std::uint32_t others = group_size_ - 1;
  const double log_all = log_binomial(total_of(counts) - 1, others);
  double sum = 0;
  for (std::size_t c = 0; c < compositions_.size(); ++c) {
    const std::vector<std::uint32_t>& k = compositions_[c];
    double log_ways = 0;
    bool possible = true;
    for (std::size_t t = 0; t < strategies_ && possible; ++t) {
      const std::uint64_t available = counts[t] - (t == s ? 1 : 0);
      possible = k[t] <= available;
      if (possible) log_ways += log_binomial(available, k[t]);
    }
    if (possible) sum += std::exp(log_ways - log_all) * table_[s][c];
  }
  return sum;
}

}  // namespace evomarket::theory
