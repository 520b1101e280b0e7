#include "host/run/market_run.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <fmt/format.h>

#include "host/errors.h"
#include "host/profiles/profile_feed.h"
#include "host/run/market_recorder.h"
#include "host/run/progress.h"
#include "host/setup/pricing_catalog.h"
#include "host/setup/probability.h"

namespace evomarket {
namespace {

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
  for (const std::string& name : pricing) {
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
  for (uint32_t t = 0; t < slots_per_day; ++t) {
    if (s.retail[t] < s.feed_in[t]) {
      throw ConfigError(fmt::format(
          "market.retail: expected a retail price at least the feed-in tariff in every slot; "
          "slot {} has retail {} below feed-in {}",
          t, double(s.retail[t]) / kPricePerCurrency, double(s.feed_in[t]) / kPricePerCurrency));
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
  s.k_den = 1000000;
  s.k_num = std::llround(m.k * s.k_den);
  const double slot_hours = slot_seconds / 3600.0;
  s.battery.owners = probability_threshold(m.battery.share, "market.battery.share").threshold;
  s.battery.capacity_mwh = std::llround(m.battery.capacity_kwh * 1e6);
  s.battery.max_slot_mwh = std::llround(m.battery.power_kw * slot_hours * 1e6);
  s.battery.efficiency_ppm =
      static_cast<uint32_t>(std::llround(m.battery.efficiency * kEfficiencyOne));
  s.profiles = AgentProfileRule{
      config.seed, profiles, static_cast<uint32_t>(std::llround(m.scale_min * 65536)),
      static_cast<uint32_t>(std::llround(m.scale_max * 65536)), m.max_shift_slots};
  s.agents = m.agents;
  s.community_size = m.community_size;
  s.seed = config.seed;
  return s;
}

EvolutionSetup make_market_evolution(const ExperimentConfig& config, const MarketSetup& setup) {
  const DynamicsConfig& d = config.dynamics;
  EvolutionSetup e;
  switch (d.rule) {
    case DynamicsRule::kFermi:
      e.rule = UpdateRule::kFermi;
      break;
    case DynamicsRule::kProportional:
      e.rule = UpdateRule::kProportional;
      break;
    case DynamicsRule::kImitateBest:
      e.rule = UpdateRule::kImitateBest;
      break;
    case DynamicsRule::kDeathBirth:
      e.rule = UpdateRule::kDeathBirth;
      break;
    default:
      e.rule = UpdateRule::kNone;
  }
  e.revise = probability_threshold(d.revise, "dynamics.revise");
  e.mutation = probability_threshold(d.mutation, "dynamics.mutation");
  build_fermi_table(d.beta, e);
  // Proportional imitation: the largest plausible difference in daily savings, the widest
  // spread (milli-currency per kWh) times 50 kWh a day.
  int64_t spread = 1;
  for (uint32_t t = 0; t < setup.slots_per_day; ++t) {
    spread = std::max(spread, setup.retail[t] - setup.feed_in[t]);
  }
  e.delta_max_q16 = std::max<int64_t>(1, spread / 1000 * 50) * kFitnessOne;
  e.w_q16 = std::llround(d.w * kFitnessOne);
  e.strategies = setup.strategy_count();
  return e;
}

MarketInputs load_market_inputs(const ExperimentConfig& config, const std::string& profiles) {
  const MarketConfig& m = config.market;
  ProfileFeed feed(profiles, 1, m.max_shift_slots);
  const io::ProfileStore& store = feed.store();
  MarketInputs in;
  in.profiles = profiles;
  in.setup = make_market_setup(config, feed.profiles(), store.slots_per_day(),
                               store.meta().slot_seconds, store.days());
  for (uint32_t d = 0; d < m.days; ++d) in.days.push_back(feed.read(m.first_day + d));
  return in;
}

MarketRunResult run_market(const ExperimentConfig& config, const MarketInputs& inputs,
                           Backend& backend, io::ResultsFile* file, bool quiet,
                           const MarketResume* resume, const MarketHooks& hooks) {
  const MarketConfig& m = config.market;
  MarketRunResult run;
  run.setup = inputs.setup;
  const MarketSetup& setup = run.setup;
  const std::vector<EnergyBatch>& days = inputs.days;
  const EvolutionSetup evolution = make_market_evolution(config, setup);
  std::unique_ptr<MarketEngine> engine = backend.make_market(setup, evolution);
  uint32_t first_generation = 0;
  if (resume) {
    engine->set_strategies(resume->state.strategies);
    engine->set_battery_charge(resume->state.battery_charge);
    first_generation = resume->state.generation;
  } else {
    engine->place_strategies(m.counts);
  }
  std::unique_ptr<MarketRecorder> recorder;
  if (file) {
    recorder = std::make_unique<MarketRecorder>(*file, setup, m.counts, inputs.profiles,
                                                m.per_community, config.output.community_counts);
    if (resume) recorder->replay(resume->history);
  }
  Progress progress("market", m.generations, "generations", quiet);
  const auto start = std::chrono::steady_clock::now();
  const bool can_fixate = config.stop.at_fixation && config.dynamics.mutation == 0;
  run.stop_reason = "generations";
  for (uint32_t g = first_generation; g < m.generations; ++g) {
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (config.stop.max_seconds > 0 && elapsed >= config.stop.max_seconds) {
      run.stop_reason = "time_budget";
      break;
    }
    engine->begin_generation(g);
    MarketGenerationSums sums;
    for (uint32_t j = 0; j < m.days_per_generation; ++j) {
      const uint32_t sim_day = g * m.days_per_generation + j;
      const MarketDay day = engine->play_day(days[sim_day % m.days], sim_day);
      for (uint64_t i = 0; i < day.summaries.size(); i += kSlotSummaryFields) {
        const int64_t* r = &day.summaries[i];
        sums.supply += r[0];
        sums.demand += r[1];
        sums.traded += r[2];
        sums.grid_import += r[3];
        sums.grid_export += r[4];
        sums.operator_surplus += r[7];
        sums.savings += r[8];
        run.orders += static_cast<uint64_t>(r[9]);
        sums.contract_traded += r[10];
        sums.contract_savings += r[11];
      }
      run.agent_slots += setup.agents * day.slots;
      if (recorder) recorder->record_day(sim_day, day);
    }
    MarketTotals totals = engine->end_generation();
    for (uint64_t c = 0; c < setup.communities(); ++c) {
      const int64_t* r = &totals.community[c * kCommunityFields];
      sums.load += r[kCommunityLoad];
      sums.pv += r[kCommunityPv];
      sums.grid_only += r[kCommunityGridOnly];
      sums.net_metering += r[kCommunityNetMetering];
    }
    if (recorder) {
      recorder->record_generation(g, totals, sums);
      file->flush();
    }
    const bool fixated = std::count(totals.agents.begin(), totals.agents.end(), setup.agents) == 1;
    run.generations.push_back(std::move(totals));
    run.sums.push_back(sums);
    progress.update(g + 1);
    if (can_fixate && fixated) {
      run.stop_reason = "fixation";
      break;
    }
    engine->evolve(g);  // also after the last generation: a checkpoint there can be extended
    if (hooks.after_update) hooks.after_update(g + 1, *engine);
  }
  if (recorder) {
    recorder->set_outcome(run.stop_reason,
                          first_generation + static_cast<uint32_t>(run.generations.size()));
  }
  progress.finish();
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return run;
}

std::string format_market_summary(const MarketRunResult& run) {
  const MarketSetup& setup = run.setup;
  if (run.generations.empty()) return "";
  std::string out;
  const MarketTotals& first = run.generations.front();
  const MarketTotals& last = run.generations.back();
  const bool contracts = setup.has_contracts();
  out += fmt::format("{:<22} {:>10} {:>10} {:>16}{}\n", "strategy", "share g0", "share end",
                     "savings/day end", contracts ? "   honoured end" : "");
  for (size_t s = 0; s < setup.names.size(); ++s) {
    const double mean = last.agents[s] ? double(last.payoff[s]) / 1e3 / double(last.agents[s]) /
                                             setup.days_per_generation
                                       : 0.0;
    const std::string honoured = !contracts ? ""
                                 : last.contract_days[s]
                                     ? fmt::format(" {:>15.4f}", double(last.honoured_days[s]) /
                                                                     double(last.contract_days[s]))
                                     : fmt::format(" {:>15}", "-");
    out += fmt::format("{:<22} {:>10.4f} {:>10.4f} {:>16.4f}{}\n", setup.names[s],
                       double(first.agents[s]) / double(setup.agents),
                       double(last.agents[s]) / double(setup.agents), mean, honoured);
  }
  const MarketGenerationSums& g = run.sums.back();
  const double days = double(setup.days_per_generation) * double(setup.agents);
  const auto cur = [](Int128 pico) { return static_cast<double>(pico) / kPicoPerCurrency; };
  out += fmt::format(
      "last generation, per agent and day: grid-only cost {:.4f}, P2P savings {:.4f}, "
      "net-metering savings {:.4f}\n",
      -cur(g.grid_only) / days, cur(g.savings) / days, cur(g.net_metering - g.grid_only) / days);
  if (contracts) {
    out += fmt::format(
        "bilateral contracts delivered {:.1f}% of demand, saving {:.4f} per agent "
        "and day\n",
        g.demand > 0
            ? 100.0 * static_cast<double>(g.contract_traded) / static_cast<double>(g.demand)
            : 0.0,
        cur(g.contract_savings) / days);
  }
  const double load = static_cast<double>(g.load), pv = static_cast<double>(g.pv);
  out += fmt::format(
      "traded {:.1f}% of demand inside communities; self-sufficiency {:.3f} (no market {:.3f}), "
      "self-consumption {:.3f} (no market {:.3f})\n",
      g.demand > 0 ? 100.0 * static_cast<double>(g.traded) / static_cast<double>(g.demand) : 0.0,
      load > 0 ? 1.0 - static_cast<double>(g.grid_import) / load : 0.0,
      load > 0 ? 1.0 - static_cast<double>(g.demand) / load : 0.0,
      pv > 0 ? 1.0 - static_cast<double>(g.grid_export) / pv : 0.0,
      pv > 0 ? 1.0 - static_cast<double>(g.supply) / pv : 0.0);
  return out;
}

}  // namespace evomarket
