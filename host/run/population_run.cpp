#include "host/run/population_run.h"

#include <algorithm>

#include <fmt/format.h>

#include "host/run/interrupt.h"
#include "host/run/stop_rules.h"

namespace evomarket {

PopulationRun run_population(const ExperimentConfig& config, Backend& backend,
                             const PopulationHooks& hooks) {
  Simulation sim(config, backend);
  return run_population(config, sim, hooks);
}

PopulationRun run_population(const ExperimentConfig& config, Simulation& sim,
                             const PopulationHooks& hooks, const Checkpoint* resume) {
  const PopulationConfig& p = config.population;
  PopulationRun run;
  run.names = sim.game().strategies.names;
  uint32_t start = 0;
  if (resume) {
    sim.restore(resume->state);
    run.generations = resume->history;
    start = resume->state.generation;
  }
  const StopRules stop(config);
  const Stopwatch clock;
  run.stop_reason = kStopGenerations;
  uint32_t playing = start;  // the generation whose matches on_play reports
  // The engine calls back into this frame while it runs, and never after (even on an error).
  struct PlayProgressScope {
    Simulation& sim;
    ~PlayProgressScope() { sim.set_play_progress({}); }
  } scope{sim};
  if (hooks.on_play) {
    sim.set_play_progress(
        [&](uint64_t done, uint64_t agents) { hooks.on_play(playing, done, agents); });
  }
  for (uint32_t g = start; g < p.generations; ++g) {
    if (interrupt_signal() != 0) {
      run.stop_reason = kStopInterrupted;
      if (hooks.on_interrupt) hooks.on_interrupt(g, sim, run.generations);
      break;
    }
    if (stop.time_spent(clock.seconds())) {
      run.stop_reason = kStopTimeBudget;
      break;
    }
    playing = g;
    StrategyTotals totals = sim.play(g);
    for (uint64_t t : totals.turns) run.agent_turns += t;
    if (hooks.on_generation) hooks.on_generation(g, totals, sim);
    const bool fixated = stop.fixated(totals.agents, p.agents);
    run.generations.push_back(std::move(totals));
    if (fixated) {
      run.stop_reason = kStopFixation;
      break;
    }
    sim.evolve(g);
    if (hooks.after_update) hooks.after_update(g + 1, sim, run.generations);
  }
  run.seconds = clock.seconds();
  if (p.record_agents) run.final_agents = sim.agents();
  return run;
}

std::string format_generation(const std::vector<std::string>& names, const StrategyTotals& t,
                              GameKind kind) {
  const bool iterated = kind != GameKind::kMatrix;  // moves C to show
  const double unit = kind == GameKind::kGroup ? 1.0 / static_cast<double>(kGroupPayoffOne) : 1.0;
  size_t width = 8;
  for (const auto& name : names) width = std::max(width, name.size());
  std::string out = fmt::format("{:<{}}  {:>10}  {:>15}{}\n", "strategy", width, "agents",
                                "payoff / round", iterated ? "  cooperation" : "");
  for (size_t s = 0; s < names.size(); ++s) {
    const double rounds = static_cast<double>(t.turns[s]);
    out += fmt::format("{:<{}}  {:>10}  {:>15.4f}", names[s], width, t.agents[s],
                       rounds > 0 ? t.payoff[s] / rounds * unit : 0.0);
    if (iterated) {
      out += fmt::format("  {:>10.1f}%", rounds > 0 ? 100.0 * t.cooperations[s] / rounds : 0.0);
    }
    out += "\n";
  }
  return out;
}

}  // namespace evomarket
