#include "host/theory/energy_coalition.h"

#include <omp.h>

#include <algorithm>
#include <stdexcept>

namespace evomarket::theory {
namespace {

// Members in the low bits of a coalition: 2^12 coalitions share one pass of sums per slot.
constexpr uint32_t kLowBits = 12;

__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

mpz_class to_mpz(CoalitionMoney m) {
  const bool negative = m < 0;
  const UInt128 a = negative ? -static_cast<UInt128>(m) : static_cast<UInt128>(m);
  mpz_class z = static_cast<unsigned long>(a >> 64);
  z <<= 64;
  z += static_cast<unsigned long>(a & 0xFFFFFFFFFFFFFFFFull);
  return negative ? mpz_class(-z) : z;
}

double to_currency(CoalitionMoney pico) {
  return static_cast<double>(pico) / static_cast<double>(kPicoPerCurrency);
}

}  // namespace

void check_energy_coalition(const EnergyCoalition& g) {
  const auto fail = [](const std::string& what) { throw std::invalid_argument(what); };
  if (g.members.empty() || g.slots == 0) fail("the energy coalition game needs members and slots");
  if (g.net.size() != g.members.size() * g.slots) fail("net positions: one per member and slot");
  if (g.retail.empty() || g.retail.size() != g.feed_in.size()) {
    fail("tariffs: as many retail prices as feed-in tariffs, at least one");
  }
  for (std::size_t t = 0; t < g.retail.size(); ++t) {
    if (g.retail[t] < g.feed_in[t]) {
      fail("tariffs: retail at least the feed-in tariff in every slot; slot " + std::to_string(t) +
           " has retail below feed-in");
    }
  }
  if (!g.battery) return;
  const BatteryParams& b = *g.battery;
  if (b.capacity_mwh < 0 || b.max_slot_mwh < 0 || b.efficiency_ppm == 0 ||
      b.efficiency_ppm > kEfficiencyOne) {
    fail("battery: capacity and power >= 0, efficiency in (0, 1]");
  }
  const Int128 n = g.size();
  if (Int128{b.capacity_mwh} * n > INT64_MAX || Int128{b.max_slot_mwh} * n > INT64_MAX) {
    fail("battery: the members' pooled capacity and power must stay below 9.2e12 kWh");
  }
  Int128 largest = 0;  // the most the grand coalition's summed position can be in a slot
  for (uint32_t i = 0; i < g.size(); ++i) {
    int64_t own = 0;
    for (uint64_t s = 0; s < g.slots; ++s) {
      const int64_t x = g.net[i * g.slots + s];
      own = std::max(own, x < 0 ? -x : x);
    }
    largest += own;
  }
  if (largest > kMaxPooledSlotMwh) {
    fail("battery: the members' positions could sum to " +
         std::to_string(static_cast<double>(largest) / kMilliwattHoursPerKilowattHour) +
         " kWh in one slot; a coalition with batteries may have at most " +
         std::to_string(kMaxPooledSlotMwh / kMilliwattHoursPerKilowattHour) + " kWh per slot");
  }
}

std::vector<CoalitionMoney> standalone_money(const EnergyCoalition& g) {
  std::vector<CoalitionMoney> alone(g.size());
  const BatteryParams one = g.battery ? pooled_battery(*g.battery, 1) : BatteryParams{};
  for (uint32_t i = 0; i < g.size(); ++i) {
    alone[i] = coalition_money(g.net.data() + i * g.slots, g.slots, g.tariff(),
                               g.battery ? &one : nullptr);
  }
  return alone;
}

CoalitionTable energy_coalition_table(const EnergyCoalition& g) {
  const uint32_t n = g.size();
  if (n > kMaxExactPlayers) {
    throw std::invalid_argument("every coalition's worth: at most " +
                                std::to_string(kMaxExactPlayers) + " members");
  }
  const uint64_t count = uint64_t{1} << n;
  std::vector<int64_t> charge(count, 0);
  std::vector<CoalitionMoney> money(count, 0);
  std::vector<BatteryParams> by_size(n + 1);
  if (g.battery) {
    for (uint32_t k = 0; k <= n; ++k) by_size[k] = pooled_battery(*g.battery, k);
  }
  const TariffView tariff = g.tariff();
  const bool battery = g.battery.has_value();
  // Coalition c = (high << low_bits) | low. Each thread takes a fixed range of `high` and runs
  // all slots in order for it (the batteries carry charge from slot to slot), so threads never
  // wait for each other; every coalition's sums are the same whatever the split.
  const uint32_t low_bits = std::min(n, kLowBits);
  const uint64_t lows = uint64_t{1} << low_bits;
  const uint64_t highs = count >> low_bits;
#pragma omp parallel if (highs > 1)
  {
    const uint64_t threads = static_cast<uint64_t>(omp_get_num_threads());
    const uint64_t me = static_cast<uint64_t>(omp_get_thread_num());
    const uint64_t first = highs * me / threads;
    const uint64_t last = highs * (me + 1) / threads;
    std::vector<int64_t> low_sum(lows, 0);  // the low members' summed position in this slot
    for (uint64_t s = 0; s < g.slots; ++s) {
      for (uint64_t low = 1; low < lows; ++low) {
        const uint64_t bit = low & (~low + 1);
        low_sum[low] = low_sum[low ^ bit] + g.net[__builtin_ctzll(bit) * g.slots + s];
      }
      const uint32_t of_day = static_cast<uint32_t>(s % tariff.slots_per_day);
      const int64_t retail = retail_price(tariff, of_day);
      const int64_t feed_in = feed_in_price(tariff, of_day);
      for (uint64_t high = first; high < last; ++high) {
        int64_t high_sum = 0;
        for (uint64_t rest = high; rest != 0; rest &= rest - 1) {
          high_sum += g.net[(low_bits + __builtin_ctzll(rest)) * g.slots + s];
        }
        for (uint64_t low = high == 0 ? 1 : 0; low < lows; ++low) {
          const uint64_t c = (high << low_bits) | low;
          const BatteryParams* b = battery ? &by_size[__builtin_popcountll(c)] : nullptr;
          money[c] += coalition_slot_money(high_sum + low_sum[low], b, &charge[c], retail, feed_in);
        }
      }
    }
  }
  CoalitionTable t;
  t.players = g.members;
  t.scale = kPicoPerCurrency;
  t.worth.resize(count);
  t.approx.assign(count, 0.0);
  // alone[S]: what S's members earn each alone, summed (money[{i}] is member i alone).
  std::vector<CoalitionMoney> alone(count, 0);
  for (uint64_t c = 1; c < count; ++c) {
    const uint64_t low = c & (~c + 1);
    alone[c] = alone[c ^ low] + money[low];
    const CoalitionMoney worth = money[c] - alone[c];
    t.worth[c] = to_mpz(worth);
    t.approx[c] = to_currency(worth);
  }
  return t;
}

EnergyPermutationGame::EnergyPermutationGame(const EnergyCoalition& g)
    : game_(g), alone_(standalone_money(g)) {}

void EnergyPermutationGame::marginals(const uint32_t* order, double* marginal,
                                      std::vector<int64_t>& scratch) const {
  const uint64_t slots = game_.slots;
  scratch.assign(slots, 0);  // the coalition's summed position per slot
  const TariffView tariff = game_.tariff();
  CoalitionMoney before = 0;
  for (uint32_t k = 0; k < game_.size(); ++k) {
    const uint32_t i = order[k];
    const int64_t* own = game_.net.data() + i * slots;
    for (uint64_t s = 0; s < slots; ++s) scratch[s] += own[s];
    const BatteryParams b = game_.battery ? pooled_battery(*game_.battery, k + 1) : BatteryParams{};
    const CoalitionMoney after =
        coalition_money(scratch.data(), slots, tariff, game_.battery ? &b : nullptr);
    marginal[i] = to_currency(after - before - alone_[i]);
    before = after;
  }
}

}  // namespace evomarket::theory
