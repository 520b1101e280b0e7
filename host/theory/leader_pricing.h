// Leader pricing at scale (docs/solvers.md, "Leader pricing at scale"): a leader (a utility or
// community manager) sets one price per slot at which it sells energy to its followers; it buys
// their surplus at the feed-in tariff, and settles the community's net position with the grid
// (imports at retail, exports at feed-in). Each follower best-responds (kernels/leader_pricing.h)
// and the leader searches, per slot, the price in [feed-in, retail] that maximises its profit
//   profit(p) = p D(p) - f S - r (D(p) - S)^+ + f (S - D(p))^+ = (p - r) D(p) + (r - f) min(D(p),
//   S)
// where D(p) is what the followers buy and S what they sell. The followers are evaluated on a
// backend (FollowerEvaluator); this file holds the search and the accounting.
//
// Units: prices micro-currency per kWh, energy mWh, money pico-currency (price x mWh), in 128
// bits where sums of many followers could pass int64.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "host/setup/follower_setup.h"
#include "kernels/leader_pricing.h"

namespace evomarket::theory {

// How the leader searches (the same for every slot, in lockstep, one backend query per step):
// a grid of `grid_points` prices f + floor(j (r - f) / (grid_points - 1)), j = 0 .. grid_points
// - 1; then a golden-section search on the bracket between the best grid price's neighbours,
// down to at most `final_width` + 1 integer prices, each of which is then evaluated. The answer
// is the best price evaluated (ties: the higher price), so its profit is at least that of every
// grid price.
struct LeaderSearch {
  uint32_t grid_points = 65;
  int64_t final_width = 8;
};

constexpr uint32_t kMinGridPoints = 3;
constexpr uint32_t kMaxGridPoints = 1001;

// One slot's answer. bought/sold/shift/loss are the followers' sums at the leader's price
// (kernels/leader_pricing.h, FollowerField); base_* the same when they face the grid alone
// (retail for what they buy, feed-in for what they sell): the no-leader baseline. What they
// sell does not depend on the price.
struct LeaderSlot {
  int64_t retail = 0;
  int64_t feed_in = 0;
  int64_t price = 0;
  int64_t bought = 0;
  int64_t sold = 0;
  int64_t shift = 0;
  int64_t loss = 0;
  int64_t base_bought = 0;
  int64_t base_shift = 0;
  int64_t base_loss = 0;
  uint32_t evaluations = 0;  // candidate prices evaluated in the search

  int64_t matched() const { return bought < sold ? bought : sold; }  // local PV sold on, mWh
  int64_t grid_import() const { return bought - matched(); }
  int64_t grid_export() const { return sold - matched(); }
  LeaderWide profit() const;
  // The followers' welfare at the leader's price minus at the baseline, pico (>= 0):
  // W(p) = r (shift - loss) - p bought + f sold, the benefit of consumption above the metered
  // load minus the net payment.
  LeaderWide follower_gain() const;
  // What the followers pay the grid in the baseline, and the community (leader and followers)
  // pays it with the leader (imports at retail minus exports at feed-in), pico.
  LeaderWide baseline_grid_bill() const;
  LeaderWide grid_bill() const;
};

// profit(p) above, pico.
LeaderWide leader_profit(int64_t price, int64_t retail, int64_t feed_in, int64_t bought,
                         int64_t sold);

// The query for `per_slot` candidate prices per slot, prices[slot * per_slot + j] (each in
// [feed_in, retail] of its slot), with the classes' demand factors.
FollowerQuery follower_query(const std::array<FollowerClass, kFollowerClasses>& classes,
                             const std::vector<int64_t>& retail,
                             const std::vector<int64_t>& feed_in,
                             const std::vector<int64_t>& prices, uint32_t per_slot, bool settle);

// Searches the price of every slot of the batch loaded into `followers`; retail[s] and
// feed_in[s] are slot s's tariffs (feed_in <= retail). Precondition: sums fit int64
// (check_follower_sums).
std::vector<LeaderSlot> search_leader_prices(
    FollowerEvaluator& followers, const std::array<FollowerClass, kFollowerClasses>& classes,
    const std::vector<int64_t>& retail, const std::vector<int64_t>& feed_in,
    const LeaderSearch& search);

// Throws std::invalid_argument (saying what to change) unless every sum over the followers of a
// batch provably fits int64: followers x (most stored load x (1 + most flexibility) + most
// stored PV) x the largest scale < 2^62.
void check_follower_sums(const EnergyBatch& batch, const FollowerSetup& setup);

}  // namespace evomarket::theory
