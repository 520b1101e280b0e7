// How a finite well-mixed population turns strategy counts into expected payoffs: the one
// function every finite-population result (fixation, gradient, stationary distributions) needs.
//
// Two kinds of games (docs/theory.md, "Payoff and fitness"):
//  - a matrix game a[s][t], each player meeting everyone else, with self-interaction excluded
//    (the default, EGTtools' convention) or included:
//      excluded: pi_s = sum_t a[s][t] (n_t - [s == t]) / (Z - 1)
//      included: pi_s = sum_t a[s][t] n_t / Z
//  - an N-player group game: the focal player's N - 1 co-players are drawn without replacement
//    from the other Z - 1 players (multivariate hypergeometric), and pi_s is the expectation of
//    the focal player's payoff over those groups.
//
// Errors: violated preconditions throw std::invalid_argument.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "host/theory/matrix.h"

namespace evomarket::theory {

class PopulationGame {
 public:
  virtual ~PopulationGame() = default;
  virtual std::size_t strategies() const = 0;
  // The smallest population the game is defined for (2; N for groups of N).
  virtual std::uint64_t min_population() const = 0;
  // Expected payoff of one s-player when counts[t] of the Z = sum(counts) players use strategy t.
  // Preconditions: counts.size() == strategies(), counts[s] >= 1, Z >= min_population().
  virtual double payoff(const std::vector<std::uint64_t>& counts, std::size_t s) const = 0;
};

enum class SelfInteraction { kExcluded, kIncluded };

// "excluded" / "included" (as `evomarket solve --self-interaction` spells them) and back.
const char* self_interaction_name(SelfInteraction convention);
SelfInteraction parse_self_interaction(const std::string& name);

class MatrixPopulationGame final : public PopulationGame {
 public:
  // `a` square, finite, n >= 1.
  explicit MatrixPopulationGame(Matrix a, SelfInteraction convention = SelfInteraction::kExcluded);
  std::size_t strategies() const override { return a_.size(); }
  std::uint64_t min_population() const override { return 2; }
  double payoff(const std::vector<std::uint64_t>& counts, std::size_t s) const override;
  const Matrix& matrix() const { return a_; }

 private:
  Matrix a_;
  SelfInteraction convention_;
};

// The payoff of a focal player of strategy `focal` in a group whose other N - 1 members are
// others[t] players of strategy t (sum others == N - 1).
using GroupPayoff =
    std::function<double(std::size_t focal, const std::vector<std::uint32_t>& others)>;

class GroupPopulationGame final : public PopulationGame {
 public:
  // n >= 1 strategies in groups of group_size >= 2; `payoff` is evaluated once per focal
  // strategy and composition of co-players when the game is made (it may be costly: a repeated
  // group game played out).
  GroupPopulationGame(std::size_t strategies, std::uint32_t group_size, const GroupPayoff& payoff);
  std::size_t strategies() const override { return strategies_; }
  std::uint64_t min_population() const override { return group_size_; }
  double payoff(const std::vector<std::uint64_t>& counts, std::size_t s) const override;
  std::uint32_t group_size() const { return group_size_; }

 private:
  std::size_t strategies_;
  std::uint32_t group_size_;
  std::vector<std::vector<std::uint32_t>> compositions_;  // of the N - 1 co-players
  std::vector<std::vector<double>> table_;                // [focal][composition]
};

// Every way to split `total` players among `parts` strategies, in lexicographic order of the
// counts (parts >= 1). There are C(total + parts - 1, parts - 1) of them.
std::vector<std::vector<std::uint32_t>> compositions(std::uint32_t total, std::size_t parts);

}  // namespace evomarket::theory
