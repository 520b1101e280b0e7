#include "host/population_run.h"

#include <chrono>

#include <fmt/format.h>

namespace evomarket {

PopulationLayout make_layout(const PopulationConfig& p) {
  return PopulationLayout{p.agents, p.partners, p.matches_per_agent, p.community_size};
}

PopulationRun run_population(const ExperimentConfig& config, const GameSetup& game,
                             Backend& backend, const GenerationCallback& on_generation) {
  const PopulationConfig& p = config.population;
  PopulationRun run;
  run.names = game.strategies.names;
  std::unique_ptr<PopulationEngine> population = backend.make_population(game, make_layout(p));
  population->place_strategies(p.counts);
  const auto start = std::chrono::steady_clock::now();
  for (uint32_t g = 0; g < p.generations; ++g) {
    StrategyTotals totals = population->play_generation(g);
    for (uint64_t t : totals.turns) run.agent_turns += t;
    if (on_generation) on_generation(g, totals);
    run.generations.push_back(std::move(totals));
  }
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (p.record_agents) run.final_agents = population->snapshot();
  return run;
}

std::string format_generation(const std::vector<std::string>& names, const StrategyTotals& t) {
  size_t width = 8;
  for (const auto& name : names) width = std::max(width, name.size());
  std::string out = fmt::format("{:<{}}  {:>10}  {:>14}  {:>11}\n", "strategy", width, "agents",
                                "payoff / turn", "cooperation");
  for (size_t s = 0; s < names.size(); ++s) {
    const double turns = static_cast<double>(t.turns[s]);
    out += fmt::format("{:<{}}  {:>10}  {:>14.4f}  {:>10.1f}%\n", names[s], width, t.agents[s],
                       turns > 0 ? t.payoff[s] / turns : 0.0,
                       turns > 0 ? 100.0 * t.cooperations[s] / turns : 0.0);
  }
  return out;
}

}  // namespace evomarket
