#include "host/theory/leader_pricing.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

namespace evomarket::theory {
namespace {

// The golden section's inner points sit at 0.381966 and 0.618034 of the bracket (2 - phi).
constexpr int64_t kGoldenPpm = 381966;

struct Best {
  bool any = false;
  int64_t price = 0;
  LeaderWide profit = 0;

  // Ties go to the higher price: the grid's own retail price when the leader cannot gain.
  void consider(int64_t p, LeaderWide v) {
    if (!any || v > profit || (v == profit && p > price)) {
      any = true;
      price = p;
      profit = v;
    }
  }
};

}  // namespace

LeaderWide leader_profit(int64_t price, int64_t retail, int64_t feed_in, int64_t bought,
                         int64_t sold) {
  const int64_t matched = bought < sold ? bought : sold;
  return static_cast<LeaderWide>(price - retail) * bought +
         static_cast<LeaderWide>(retail - feed_in) * matched;
}

LeaderWide LeaderSlot::profit() const {
  return leader_profit(price, retail, feed_in, bought, sold);
}

LeaderWide LeaderSlot::follower_gain() const {
  const LeaderWide with =
      static_cast<LeaderWide>(retail) * (shift - loss) - static_cast<LeaderWide>(price) * bought;
  const LeaderWide without = static_cast<LeaderWide>(retail) * (base_shift - base_loss) -
                             static_cast<LeaderWide>(retail) * base_bought;
  return with - without;  // what they sell earns f sold in both
}

LeaderWide LeaderSlot::baseline_grid_bill() const {
  return static_cast<LeaderWide>(retail) * base_bought - static_cast<LeaderWide>(feed_in) * sold;
}

LeaderWide LeaderSlot::grid_bill() const {
  return static_cast<LeaderWide>(retail) * grid_import() -
         static_cast<LeaderWide>(feed_in) * grid_export();
}

FollowerQuery follower_query(const std::array<FollowerClass, kFollowerClasses>& classes,
                             const std::vector<int64_t>& retail,
                             const std::vector<int64_t>& feed_in,
                             const std::vector<int64_t>& prices, uint32_t per_slot, bool settle) {
  FollowerQuery q;
  q.slots = retail.size();
  q.per_slot = per_slot;
  q.settle = settle;
  q.factors.resize(q.slots * per_slot * kFollowerClasses);
  q.fit.resize(q.slots * kFollowerClasses);
  for (uint64_t s = 0; s < q.slots; ++s) {
    for (uint32_t c = 0; c < kFollowerClasses; ++c) {
      const int64_t eps = classes[c].elasticity_ppm;
      q.fit[s * kFollowerClasses + c] = demand_factor(eps, retail[s], feed_in[s]);
      for (uint32_t j = 0; j < per_slot; ++j) {
        q.factors[(s * per_slot + j) * kFollowerClasses + c] =
            demand_factor(eps, retail[s], prices[s * per_slot + j]);
      }
    }
  }
  return q;
}

std::vector<LeaderSlot> search_leader_prices(
    FollowerEvaluator& followers, const std::array<FollowerClass, kFollowerClasses>& classes,
    const std::vector<int64_t>& retail, const std::vector<int64_t>& feed_in,
    const LeaderSearch& search) {
  const size_t n = retail.size();
  if (feed_in.size() != n || search.grid_points < kMinGridPoints ||
      search.grid_points > kMaxGridPoints || search.final_width < 2) {
    throw std::invalid_argument("search_leader_prices: inconsistent tariffs or search");
  }
  std::vector<Best> best(n);
  std::vector<int64_t> sold(n, 0);
  std::vector<uint32_t> evaluations(n, 0);
  // One backend query: `k` candidates per slot; returns each candidate's profit.
  const auto evaluate = [&](const std::vector<int64_t>& prices, uint32_t k) {
    const std::vector<int64_t> sums =
        followers.evaluate(follower_query(classes, retail, feed_in, prices, k, false));
    std::vector<LeaderWide> profit(n * k);
    for (size_t s = 0; s < n; ++s) {
      sold[s] = sums[s * (k + 1) + k];
      for (uint32_t j = 0; j < k; ++j) {
        const int64_t p = prices[s * k + j];
        profit[s * k + j] = leader_profit(p, retail[s], feed_in[s], sums[s * (k + 1) + j], sold[s]);
        best[s].consider(p, profit[s * k + j]);
      }
      evaluations[s] += k;
    }
    return profit;
  };

  // 1. The grid, and the bracket around its best price.
  const uint32_t grid = search.grid_points;
  std::vector<int64_t> prices(n * grid);
  for (size_t s = 0; s < n; ++s) {
    for (uint32_t j = 0; j < grid; ++j) {
      prices[s * grid + j] = feed_in[s] + (retail[s] - feed_in[s]) * j / (grid - 1);
    }
  }
  evaluate(prices, grid);
  std::vector<int64_t> lo(n), hi(n);
  for (size_t s = 0; s < n; ++s) {
    uint32_t at = 0;
    while (prices[s * grid + at] != best[s].price) ++at;
    while (at + 1 < grid && prices[s * grid + at + 1] == best[s].price) ++at;
    lo[s] = prices[s * grid + (at == 0 ? 0 : at - 1)];
    hi[s] = prices[s * grid + std::min(at + 1, grid - 1)];
  }

  // 2. Golden section, every open slot one step per query (two fresh inner points, so a step
  // never depends on rounding from the one before).
  while (true) {
    bool open = false;
    std::vector<int64_t> inner(n * 2);
    for (size_t s = 0; s < n; ++s) {
      const int64_t w = hi[s] - lo[s];
      if (w > search.final_width) {
        open = true;
        const int64_t d = w * kGoldenPpm / kLeaderPpm;
        inner[2 * s] = lo[s] + d;
        inner[2 * s + 1] = hi[s] - d;
      } else {  // closed: re-evaluates its best price (the query has one shape for all)
        inner[2 * s] = inner[2 * s + 1] = best[s].price;
      }
    }
    if (!open) break;
    const std::vector<LeaderWide> profit = evaluate(inner, 2);
    for (size_t s = 0; s < n; ++s) {
      if (hi[s] - lo[s] <= search.final_width) continue;
      if (profit[2 * s + 1] >= profit[2 * s]) {
        lo[s] = inner[2 * s];
      } else {
        hi[s] = inner[2 * s + 1];
      }
    }
  }

  // 3. Every integer price left in the bracket.
  const auto last = static_cast<uint32_t>(search.final_width + 1);
  std::vector<int64_t> rest(n * last);
  for (size_t s = 0; s < n; ++s) {
    for (uint32_t i = 0; i < last; ++i) rest[s * last + i] = std::min(lo[s] + i, hi[s]);
  }
  evaluate(rest, last);

  // 4. The followers' full response at the leader's price and at the baseline's (retail).
  std::vector<int64_t> settle(n * 2);
  for (size_t s = 0; s < n; ++s) {
    settle[2 * s] = best[s].price;
    settle[2 * s + 1] = retail[s];
  }
  const std::vector<int64_t> sums =
      followers.evaluate(follower_query(classes, retail, feed_in, settle, 2, true));
  std::vector<LeaderSlot> out(n);
  for (size_t s = 0; s < n; ++s) {
    const int64_t* at = &sums[s * 2 * kFollowerFields];
    const int64_t* base = at + kFollowerFields;
    LeaderSlot& o = out[s];
    o.retail = retail[s];
    o.feed_in = feed_in[s];
    o.price = best[s].price;
    o.bought = at[kFollowerBought];
    o.sold = at[kFollowerSold];
    o.shift = at[kFollowerShift];
    o.loss = at[kFollowerLoss];
    o.base_bought = base[kFollowerBought];
    o.base_shift = base[kFollowerShift];
    o.base_loss = base[kFollowerLoss];
    o.evaluations = evaluations[s];
  }
  return out;
}

void check_follower_sums(const EnergyBatch& batch, const FollowerSetup& setup) {
  int64_t load = 0, pv = 0;
  for (int64_t v : batch.load) load = std::max(load, v);
  for (int64_t v : batch.pv) pv = std::max(pv, v);
  int64_t flex = 0;
  for (const FollowerClass& c : setup.classes) flex = std::max(flex, c.flex_ppm);
  const uint32_t scale =
      setup.rule.sampled != 0 ? setup.rule.profiles.scale_max_q16 : uint32_t{1} << 16;
  const LeaderWide per_follower =
      ((static_cast<LeaderWide>(load) * (kLeaderPpm + flex) / kLeaderPpm + pv + 1) * scale >> 16) +
      1;
  const LeaderWide limit = static_cast<LeaderWide>(1) << 62;
  if (per_follower * setup.rule.followers >= limit) {
    throw std::invalid_argument(fmt::format(
        "{} followers with up to {} kWh of load and {} kWh of PV per slot (scale up to {}) could "
        "pass the exact integer sums (2^62 mWh per slot); use fewer followers or a smaller "
        "scale",
        setup.rule.followers, double(load) / 1e6, double(pv) / 1e6, double(scale) / 65536));
  }
}

}  // namespace evomarket::theory
