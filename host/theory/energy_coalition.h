// The energy coalition game (docs/solvers.md, "The energy coalition game"): homes that pool
// their PV, load and batteries behind one connection to the grid. The worth of a coalition is
// its bill saving:
//
//   v(S) = money(S pooled) - sum over i in S of money(i alone)
//
// where money(T) is what T earns (< 0: pays) settling its summed net position with the grid in
// every slot (exports at the feed-in tariff, imports at retail), after T's battery if the homes
// own one (each home its own alone, the members' batteries pooled into one of the summed
// capacity and power in a coalition, kernels/coalition.h). So v({i}) = 0, and v(S) > 0 is
// what S saves by trading inside instead of with the grid. Money in pico-currency (exact);
// worths and Shapley values are reported in currency.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "host/theory/coalition_game.h"
#include "host/theory/shapley.h"
#include "kernels/battery.h"
#include "kernels/bidding.h"
#include "kernels/coalition.h"
#include "kernels/profile.h"

namespace evomarket::theory {

constexpr int64_t kPicoPerCurrency = 1000000000000;

// The largest summed net position a coalition with batteries may have in a slot, in mWh
// (9.2 GWh): the battery's arithmetic multiplies a deficit by 10^6 in int64.
constexpr int64_t kMaxPooledSlotMwh = INT64_MAX / kEfficiencyOne;

struct EnergyCoalition {
  std::vector<std::string> members;      // the players: meter ids
  uint64_t slots = 0;                    // slot 0 is the first of a day
  std::vector<int64_t> net;              // [member][slot], PV - load in mWh
  std::vector<int64_t> retail;           // micro-currency per kWh, one per slot of the day
  std::vector<int64_t> feed_in;          // same length, each <= retail
  std::optional<BatteryParams> battery;  // every member's (owners ignored)

  uint32_t size() const { return static_cast<uint32_t>(members.size()); }
  TariffView tariff() const {
    return TariffView{retail.data(), feed_in.data(), static_cast<uint32_t>(retail.size())};
  }
};

// Throws std::invalid_argument (with what was expected) on inconsistent sizes, a tariff with
// retail below feed-in, or, with batteries, a grand coalition whose summed position could pass
// kMaxPooledSlotMwh or whose pooled battery would not fit int64.
void check_energy_coalition(const EnergyCoalition& g);

// What each member earns alone (pico), its own battery included.
std::vector<CoalitionMoney> standalone_money(const EnergyCoalition& g);

// Every coalition's worth, exactly (worth in pico, scale kPicoPerCurrency): one pass over the
// slots that keeps every coalition's summed position and battery charge (3 x 2^n numbers),
// parallel over coalitions. Precondition: g checked, at most kMaxExactPlayers members.
CoalitionTable energy_coalition_table(const EnergyCoalition& g);

// The game along player orders (in currency): adding a member re-settles the coalition over all
// slots, O(members x slots) per order, so thousands of members can be sampled.
class EnergyPermutationGame final : public PermutationGame {
 public:
  explicit EnergyPermutationGame(const EnergyCoalition& g);
  uint32_t players() const override { return game_.size(); }
  void marginals(const uint32_t* order, double* marginal,
                 std::vector<int64_t>& scratch) const override;

 private:
  const EnergyCoalition& game_;
  std::vector<CoalitionMoney> alone_;
};

}  // namespace evomarket::theory
