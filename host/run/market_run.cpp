#include "host/run/market_run.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include <fmt/format.h>

#include "host/config/market_builder.h"
#include "host/errors.h"
#include "host/profiles/profile_feed.h"
#include "host/run/interrupt.h"
#include "host/run/stop_rules.h"

namespace evomarket {

namespace {

constexpr long double kScaleOneQ16 = 65536.0L;  // AgentProfileRule scales are in 2^-16 units
// A quarter of int64: the engines add a few such sums (grid-only cost, savings, net metering)
// before anything is checked, so each must stay well inside the range.
constexpr int64_t kMaxMoney = std::numeric_limits<int64_t>::max() / 4;

// Refuses a market whose money (int64 pico-currency per agent and generation, int64 totals per
// community and per strategy) could overflow: the profile bound keeps energies inside int64, but
// prices, scales and long generations multiply on top of them.
void check_money_fits(const MarketSetup& setup, const std::vector<EnergyBatch>& days) {
  // The largest energy one agent can move in a slot (mWh): its scaled profile plus its
  // battery's power, at the largest stored value of the days it will trade.
  int64_t stored = 0;
  for (const EnergyBatch& day : days) {
    for (int64_t v : day.load) stored = std::max(stored, v < 0 ? -v : v);
    for (int64_t v : day.pv) stored = std::max(stored, v < 0 ? -v : v);
  }
  const long double energy =
      static_cast<long double>(stored) * setup.profiles.scale_max_q16 / kScaleOneQ16 +
      static_cast<long double>(setup.battery.max_slot_mwh);
  int64_t price = 0;  // micro-currency per kWh: imports cost the most, feed-in is below
  for (uint32_t t = 0; t < setup.retail.size(); ++t) {
    price = std::max(price, setup.retail[t] + (setup.import_fee.empty() ? 0 : setup.import_fee[t]));
  }
  // Money is pico-currency (price x mWh). Per agent it sums over a generation's slots; community
  // totals over its members; per-strategy payoffs (milli-currency) over all agents.
  const long double per_agent =
      static_cast<long double>(price) * energy * setup.slots_per_day * setup.days_per_generation;
  const long double community = per_agent * setup.community_size;
  const long double strategies = per_agent / kPicoPerMilli * static_cast<long double>(setup.agents);
  const long double limit = static_cast<long double>(kMaxMoney);
  if (community > limit || strategies > limit) {
    throw ConfigError(fmt::format(
        "market: money could overflow its 64-bit integers: the largest stored value {:.6g} kWh, "
        "scaled by up to {:.6g}, at up to {:.6g} per kWh over {} slots per generation makes up to "
        "{:.3g} pico-currency per agent and {:.3g} per community (limit {:.3g}); lower "
        "market.scale_max, the prices, market.days_per_generation or market.community_size",
        static_cast<double>(stored) / kMilliwattHoursPerKilowattHour,
        static_cast<double>(setup.profiles.scale_max_q16) / kScaleOneQ16,
        static_cast<double>(price) / kPricePerCurrency,
        uint64_t{setup.slots_per_day} * setup.days_per_generation, static_cast<double>(per_agent),
        static_cast<double>(community), static_cast<double>(limit)));
  }
}

}  // namespace

MarketInputs load_market_inputs(const ExperimentConfig& config, const std::string& profiles) {
  const MarketConfig& m = config.market;
  ProfileFeed feed(profiles, 1, m.max_shift_slots);
  const io::ProfileStore& store = feed.store();
  MarketInputs in;
  in.profiles = profiles;
  in.start_utc = store.meta().start_utc;
  in.utc_offset_seconds = store.meta().utc_offset_seconds;
  in.slot_seconds = store.meta().slot_seconds;
  in.setup = make_market_setup(config, feed.profiles(), store.slots_per_day(),
                               store.meta().slot_seconds, store.days());
  in.setup.net_only = store.meta().kind == io::ProfileKind::kNet;
  for (uint32_t d = 0; d < m.days; ++d) in.days.push_back(feed.read(m.first_day + d));
  check_money_fits(in.setup, in.days);
  return in;
}

MarketRunResult run_market(const ExperimentConfig& config, const MarketInputs& inputs,
                           Backend& backend, const SimulationState* resume,
                           const MarketHooks& hooks) {
  const MarketConfig& m = config.market;
  MarketRunResult run;
  run.setup = inputs.setup;
  // The inputs' days do not depend on the seed: the replicates of an ensemble share them.
  run.setup.seed = config.seed;
  run.setup.profiles.seed = config.seed;
  const MarketSetup& setup = run.setup;
  const std::vector<EnergyBatch>& days = inputs.days;
  const EvolutionSetup evolution = make_market_evolution(config, setup);
  std::unique_ptr<MarketEngine> engine = backend.make_market(setup, evolution);
  uint32_t first_generation = 0;
  if (resume) {
    engine->set_strategies(resume->strategies);
    engine->set_battery_charge(resume->battery_charge);
    engine->set_genomes(resume->genome);
    first_generation = resume->generation;
    if (hooks.keep_agents) run.last_played = resume->last_played;
  } else {
    engine->place_strategies(m.counts);
  }
  const StopRules stop(config);
  const Stopwatch clock;
  run.stop_reason = kStopGenerations;
  for (uint32_t g = first_generation; g < m.generations; ++g) {
    if (interrupt_signal() != 0) {
      run.stop_reason = kStopInterrupted;
      if (hooks.on_interrupt) hooks.on_interrupt(g, *engine, run.last_played);
      break;
    }
    if (stop.time_spent(clock.seconds())) {
      run.stop_reason = kStopTimeBudget;
      break;
    }
    engine->begin_generation(g);
    MarketGenerationSums sums;
    for (uint32_t j = 0; j < m.days_per_generation; ++j) {
      const uint32_t sim_day = g * m.days_per_generation + j;
      const MarketDay day = engine->play_day(days[sim_day % m.days], sim_day);
      for (uint64_t c = 0; c < day.communities; ++c) {
        for (uint32_t t = 0; t < day.slots; ++t) sums.add(slot_summary(day, c, t));
      }
      run.agent_slots += setup.agents * day.slots;
      if (hooks.on_day) hooks.on_day(sim_day, day);
    }
    MarketTotals totals = engine->end_generation();
    if (hooks.keep_agents) {  // before the update changes the strategies
      // The accounts are fetched when needed (played_agents): the engine holds them until the
      // next generation begins.
      run.last_played = MarketAgents{g, engine->strategies(), {}};
      if (hooks.on_played) hooks.on_played(g, *engine, run.last_played);
    }
    sums.add_communities(totals, setup.communities());
    if (hooks.on_generation) hooks.on_generation(g, totals, sums);
    // Evolving prices hold one strategy, "Genome": there is nothing to fixate.
    const bool fixated = !setup.genome.enabled && stop.fixated(totals.agents, setup.agents);
    run.orders += static_cast<uint64_t>(sums.orders);
    run.generations.push_back(std::move(totals));
    run.sums.push_back(sums);
    if (fixated) {
      run.stop_reason = kStopFixation;
      break;
    }
    engine->evolve(g);  // also after the last generation: a checkpoint there can be extended
    if (hooks.after_update) hooks.after_update(g + 1, *engine, run.last_played);
  }
  run.seconds = clock.seconds();
  if (hooks.keep_agents) run.last_played = played_agents(run.last_played, *engine);
  return run;
}

MarketAgents played_agents(const MarketAgents& last, const MarketEngine& engine) {
  MarketAgents agents = last;
  if (agents.generation >= 0 && agents.accounts.empty()) agents.accounts = engine.accounts();
  return agents;
}

namespace {

// Terminal summaries show 0 where a share or mean is undefined (the results file holds NaN).
double or_zero(double x) {
  return std::isnan(x) ? 0.0 : x;
}

}  // namespace

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
    const double mean = or_zero(mean_savings_per_day(last, s, setup.days_per_generation));
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
  if (g.network_fees != 0) {
    out += fmt::format("network fees per agent and day {:.4f}\n", cur(g.network_fees) / days);
  }
  if (contracts) {
    out += fmt::format(
        "bilateral contracts delivered {:.1f}% of demand, saving {:.4f} per agent "
        "and day\n",
        g.demand > 0
            ? 100.0 * static_cast<double>(g.contract_traded) / static_cast<double>(g.demand)
            : 0.0,
        cur(g.contract_savings) / days);
  }
  if (setup.net_only) {
    out += fmt::format(
        "traded {:.1f}% of net demand inside communities; self-sufficiency and self-consumption "
        "unknown (the store holds net energy only)\n",
        g.demand > 0 ? 100.0 * static_cast<double>(g.traded) / static_cast<double>(g.demand) : 0.0);
    return out;
  }
  out += fmt::format(
      "traded {:.1f}% of demand inside communities; self-sufficiency {:.3f} (no market {:.3f}), "
      "self-consumption {:.3f} (no market {:.3f})\n",
      g.demand > 0 ? 100.0 * static_cast<double>(g.traded) / static_cast<double>(g.demand) : 0.0,
      or_zero(self_sufficiency(g)), or_zero(self_sufficiency_without_market(g)),
      or_zero(self_consumption(g)), or_zero(self_consumption_without_market(g)));
  return out;
}

}  // namespace evomarket
