// A GameSetup copied to the device (iterated games: strategy machines, shortcut table and
// rules; matrix games: the payoff matrix; group games: the payoff table and strategy codes), for
// the CUDA backend's matches and populations.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "cuda/device_buffer.cuh"
#include "host/setup/game_setup.h"
#include "kernels/game.h"
#include "kernels/match.h"

namespace evomarket::gpu {

// view() is GameSetup::view() on device memory. Throws std::invalid_argument for a setup whose
// tables do not fit its strategies (on the device a bad index would end the CUDA context).
class DeviceGame {
 public:
  explicit DeviceGame(const GameSetup& game)
      : kind_(game.kind),
        strategy_count_(game.strategy_count()),
        machine_count_(game.strategies.size()),
        seed_(game.seed),
        rules_(game.rules),
        infos_(game.strategies.infos),
        states_(game.strategies.states),
        matrix_(game.matrix),
        group_size_(game.group.group_size),
        group_rounds_(game.group.rounds) {
    if (kind_ == GameKind::kGroup) {
      if (game.group_table.size() != kGroupTableEntries ||
          game.group_codes.size() != strategy_count_) {
        throw std::invalid_argument(
            "CUDA backend: a group game needs its payoff table and one code per strategy");
      }
      group_table_.upload(game.group_table);
      group_codes_.upload(game.group_codes);
      return;
    }
    if (kind_ == GameKind::kMatrix) {
      if (game.matrix.size() != static_cast<size_t>(strategy_count_) * strategy_count_) {
        throw std::invalid_argument(
            "CUDA backend: a matrix game of " + std::to_string(strategy_count_) +
            " strategies needs " +
            std::to_string(static_cast<size_t>(strategy_count_) * strategy_count_) +
            " payoffs, got " + std::to_string(game.matrix.size()));
      }
      return;
    }
    if (machine_count_ != strategy_count_) {
      throw std::invalid_argument("CUDA backend: an iterated game with " +
                                  std::to_string(strategy_count_) + " strategy names but " +
                                  std::to_string(machine_count_) + " compiled strategies");
    }
    const MatchTable& table = game.shortcuts;
    if (!table.outcomes.empty()) {
      const uint64_t n = table.strategy_count;
      if (table.known.size() != table.outcomes.size() || table.outcomes.size() < n * n ||
          n < machine_count_) {
        throw std::invalid_argument("CUDA backend: inconsistent match table (outcomes " +
                                    std::to_string(table.outcomes.size()) + ", known " +
                                    std::to_string(table.known.size()) + ", " + std::to_string(n) +
                                    " strategies)");
      }
      outcomes_.upload(table.outcomes);
      known_.upload(table.known);
      shortcut_count_ = table.strategy_count;
    }
  }

  // Null pointers exactly where GameSetup::view() has them.
  GameView view() const {
    const MatchTableView shortcuts =
        outcomes_.empty() ? MatchTableView{nullptr, nullptr, 0}
                          : MatchTableView{outcomes_.data(), known_.data(), shortcut_count_};
    return GameView{kind_,
                    strategy_count_,
                    seed_,
                    StrategyTableView{infos_.data(), states_.data(), machine_count_},
                    shortcuts,
                    rules_,
                    matrix_.empty() ? nullptr : matrix_.data(),
                    GroupView{group_table_.empty() ? nullptr : group_table_.data(),
                              group_codes_.empty() ? nullptr : group_codes_.data(), group_size_,
                              group_rounds_}};
  }
  uint64_t seed() const { return seed_; }
  uint32_t strategy_count() const { return strategy_count_; }

 private:
  GameKind kind_;
  uint32_t strategy_count_;
  uint32_t machine_count_;
  uint64_t seed_;
  MatchRules rules_;
  uint32_t shortcut_count_ = 0;
  DeviceBuffer<StrategyInfo> infos_;
  DeviceBuffer<MachineState> states_;
  DeviceBuffer<MatchOutcome> outcomes_;
  DeviceBuffer<uint8_t> known_;
  DeviceBuffer<int64_t> matrix_;
  int group_size_;
  int group_rounds_;
  DeviceBuffer<int64_t> group_table_;
  DeviceBuffer<int32_t> group_codes_;
};

}  // namespace evomarket::gpu
