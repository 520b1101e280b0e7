#include "host/config/market_builder.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "host/config/game_builder.h"
#include "host/errors.h"
#include "host/setup/pricing_catalog.h"
#include "host/setup/probability.h"
#include "kernels/profile.h"

namespace evomarket {
namespace {

constexpr int64_t kKDenominator = 1000000;  // market.k in parts per million
constexpr double kSecondsPerHour = 3600.0;
constexpr double kMwhPerKwh = static_cast<double>(kMilliwattHoursPerKilowattHour);
constexpr double kScaleOne = 65536.0;  // AgentProfileRule scales are in 2^-16 units
constexpr int64_t kPricePerMilliCurrency = kPricePerCurrency / 1000;
constexpr int64_t kPlausibleDailyKwh = 50;  // an agent's largest plausible daily energy

// One price per slot of the day from a config list of one value or one per slot.
std::vector<int64_t> per_slot_prices(const std::vector<double>& prices, uint32_t slots,
                                     const char* key) {
  if (prices.size() != 1 && prices.size() != slots) {
    throw ConfigError(fmt::format(
        "market.{}: expected one price or one per slot of the day ({} slots in the profile "
        "store), got {}",
        key, slots, prices.size()));
  }
  std::vector<int64_t> out(slots);
  for (uint32_t s = 0; s < slots; ++s) {
    out[s] = std::llround(prices[prices.size() == 1 ? 0 : s] * kPricePerCurrency);
  }
  return out;
}

}  // namespace

MarketSetup make_market_setup(const ExperimentConfig& config, uint64_t profiles,
                              uint32_t slots_per_day, uint32_t slot_seconds, uint64_t store_days) {
  const MarketConfig& m = config.market;
  MarketSetup s;
  s.names = m.strategies;
  s.structure = m.structure;
  // Contract structures: agents hold iterated-game strategies; one pricing rule for all orders.
  const std::vector<std::string> pricing = s.has_contracts() ? m.pricing_strategies : m.strategies;
  if (m.genome.enabled) {  // the genome prices; the table holds one unused entry
    s.strategies.push_back(PricingStrategy{PricingKind::kMarkup, 0, 0});
    s.genome.enabled = true;
    s.genome.uniform = m.genome.uniform;
    s.genome.initial[0] = static_cast<uint32_t>(std::llround(m.genome.ask * kMarkupOne));
    s.genome.initial[1] = static_cast<uint32_t>(std::llround(m.genome.bid * kMarkupOne));
    s.genome.step_ppm = static_cast<uint32_t>(std::llround(m.genome.step * kMarkupOne));
    s.genome.bins = m.genome.bins;
  }
  for (const std::string& name : m.genome.enabled ? std::vector<std::string>{} : pricing) {
    std::string why;
    const auto strategy = parse_pricing_strategy(name, &why);
    if (!strategy) {
      throw ConfigError(fmt::format("market.strategies: \"{}\": expected {}", name, why));
    }
    s.strategies.push_back(*strategy);
  }
  if (s.has_contracts()) {
    try {
      s.contracts = compile_strategies(m.strategies, config.custom_strategies, config.game.payoffs);
    } catch (const ConfigError& e) {
      throw ConfigError(fmt::format("market.strategies: {}", e.what()));
    }
    s.names.clear();
    for (const std::string& contract : s.contracts.names) {
      if (pricing.size() == 1) {
        s.names.push_back(contract);
        continue;
      }
      for (const std::string& price : pricing) s.names.push_back(contract + "+" + price);
    }
    s.contract_noise = probability_threshold(m.contract_noise, "market.contract_noise");
  }
  s.slots_per_day = slots_per_day;
  s.retail = per_slot_prices(m.retail, slots_per_day, "retail");
  s.feed_in = per_slot_prices(m.feed_in, slots_per_day, "feed_in");
  s.import_fee = per_slot_prices(m.import_fee, slots_per_day, "import_fee");
  s.community_fee = per_slot_prices(m.community_fee, slots_per_day, "community_fee");
  for (uint32_t t = 0; t < slots_per_day; ++t) {
    if (s.retail[t] < s.feed_in[t]) {
      throw ConfigError(fmt::format(
          "market.retail: expected a retail price at least the feed-in tariff in every slot; "
          "slot {} has retail {} below feed-in {}",
          t, double(s.retail[t]) / kPricePerCurrency, double(s.feed_in[t]) / kPricePerCurrency));
    }
    // A community fee above the spread would make every local trade worse than the grid.
    if (s.local_value(t) < s.feed_in[t]) {
      throw ConfigError(fmt::format(
          "market.community_fee: expected at most retail + import fee - feed-in tariff in every "
          "slot (a dearer local trade never beats the grid); slot {} has community fee {} "
          "against retail {} + import fee {} - feed-in {}",
          t, double(s.community_fee[t]) / kPricePerCurrency,
          double(s.retail[t]) / kPricePerCurrency, double(s.import_fee[t]) / kPricePerCurrency,
          double(s.feed_in[t]) / kPricePerCurrency));
    }
  }
  if (uint64_t{m.first_day} + m.days > store_days) {
    throw ConfigError(
        fmt::format("market.days: the profile store has {} days, the config asks for days {} to {} "
                    "(market.first_day + market.days)",
                    store_days, m.first_day, uint64_t{m.first_day} + m.days - 1));
  }
  if (profiles == 0) throw ConfigError("market.profiles: the profile store has no meters");
  s.days_per_generation = m.days_per_generation;
  s.mechanism = m.mechanism;
  s.uniform_rule = m.uniform_rule;
  s.pay_as_bid = m.pay_as_bid;
  s.continuous_price = m.continuous_price;
  s.reverse_payment = m.reverse_payment;
  s.k_den = kKDenominator;
  s.k_num = std::llround(m.k * s.k_den);
  const double slot_hours = slot_seconds / kSecondsPerHour;
  s.battery.owners = probability_threshold(m.battery.share, "market.battery.share").threshold;
  s.battery.capacity_mwh = std::llround(m.battery.capacity_kwh * kMwhPerKwh);
  s.battery.max_slot_mwh = std::llround(m.battery.power_kw * slot_hours * kMwhPerKwh);
  s.battery.efficiency_ppm =
      static_cast<uint32_t>(std::llround(m.battery.efficiency * kEfficiencyOne));
  s.profiles = AgentProfileRule{
      config.seed, profiles, static_cast<uint32_t>(std::llround(m.scale_min * kScaleOne)),
      static_cast<uint32_t>(std::llround(m.scale_max * kScaleOne)), m.max_shift_slots};
  // scale_max <= 1000 (market_config.cpp) and stored values <= kMaxSlotKwh (the profile feed)
  // keep scaled energy inside int64 (the proof is in kernels/profile.h).
  if (s.profiles.scale_max_q16 > kMaxScaleQ16) {
    throw ConfigError(fmt::format("market.scale_max: expected at most {}, got {}",
                                  kMaxScaleQ16 / kScaleOne, m.scale_max));
  }
  s.agents = m.agents;
  s.community_size = m.community_size;
  if (m.meter_agents) {
    if (m.communities.meters.size() != m.agents) {
      throw ConfigError("market.agents = \"meters\": the communities were not resolved");
    }
    for (uint32_t meter : m.communities.meters) {
      if (meter >= profiles) {
        throw ConfigError(
            fmt::format("market.profiles: the store has {} meters, the communities name meter {}",
                        profiles, meter));
      }
    }
    s.community_offsets = m.communities.offsets;
    s.community_names = m.communities.names;
    s.meters = m.communities.meters;
  }
  s.seed = config.seed;
  s.fitness = m.fitness;
  s.peers = m.imitation;
  return s;
}

EvolutionSetup make_market_evolution(const ExperimentConfig& config, const MarketSetup& setup) {
  EvolutionSetup e = make_dynamics_setup(config.dynamics, setup.strategy_count());
  // Proportional imitation: relative savings differ by at most the whole potential (1000 per
  // mille); absolute savings by about the widest spread (milli-currency per kWh) times
  // kPlausibleDailyKwh.
  if (setup.fitness == MarketFitness::kRelativeSavings) {
    e.delta_max_q16 = kPerMille * kFitnessOne;
    return e;
  }
  int64_t spread = 1;
  for (uint32_t t = 0; t < setup.slots_per_day; ++t) {
    spread = std::max(spread, setup.local_value(t) - setup.feed_in[t]);
  }
  e.delta_max_q16 =
      std::max<int64_t>(1, spread / kPricePerMilliCurrency * kPlausibleDailyKwh) * kFitnessOne;
  return e;
}

}  // namespace evomarket
