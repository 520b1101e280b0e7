#include "host/solve_command.h"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "host/errors.h"
#include "host/memory_one.h"
#include "host/strategy_catalog.h"

namespace evomarket {

void add_solve_subcommands(CLI::App& solve, SolveArgs& args) {
  solve.require_subcommand(1);
  CLI::App* m1 = solve.add_subcommand(
      "memory-one", "Exact expected payoffs per turn of two memory-one strategies with noise");
  m1->add_option("first", args.first,
                 "Strategy, e.g. TitForTat, GTFT(0.3), \"MemoryOne(1, 0, 0, 1, C)\"")
      ->required();
  m1->add_option("second", args.second, "Strategy of the second seat")->required();
  m1->add_option("--noise", args.noise, "Probability that a move is flipped")
      ->check(CLI::Range(0.0, 1.0));
  m1->add_option("--turns", args.turns, "Also solve the game of exactly this many turns");
  m1->add_option("--prob-end", args.prob_end,
                 "Also solve the game ending after each turn "
                 "with this probability")
      ->check(CLI::Range(0.0, 1.0));
  m1->add_option("--payoffs", args.payoffs, "R S T P (default 3 0 5 1)")->expected(4);
  m1->callback([&args] { args.memory_one = true; });
}

int run_solve(const SolveArgs& args, std::FILE* out) {
  if (!args.memory_one) return 0;
  const PayoffMatrix payoffs{{args.payoffs[0], args.payoffs[1], args.payoffs[2], args.payoffs[3]}};
  const bool same = args.first == args.second;
  const StrategySet set =
      compile_strategies(same ? std::vector<std::string>{args.first}
                              : std::vector<std::string>{args.first, args.second},
                         {}, payoffs);
  const auto a = as_memory_one(set, 0);
  const auto b = as_memory_one(set, same ? 0 : 1);
  if (!a || !b) {
    throw ConfigError(fmt::format("solve memory-one: {} is not a memory-one strategy",
                                  !a ? set.names[0] : set.names[same ? 0 : 1]));
  }
  const std::string& name_b = set.names[same ? 0 : 1];
  fmt::print(out, "{} vs {}, noise {}, R,S,T,P = {},{},{},{}: expected payoff per turn\n",
             set.names[0], name_b, args.noise, payoffs.value[0], payoffs.value[1], payoffs.value[2],
             payoffs.value[3]);
  const PairPayoff inf = infinite_game_payoff(*a, *b, args.noise, payoffs);
  fmt::print(out, "  infinitely repeated:     {:.10f}  {:.10f}\n", inf.first, inf.second);
  if (args.turns > 0) {
    const PairPayoff f = finite_game_payoff(*a, *b, args.noise, args.turns, payoffs);
    fmt::print(out, "  {:>6} turns:            {:.10f}  {:.10f}\n", args.turns, f.first, f.second);
  }
  if (args.prob_end > 0) {
    const PairPayoff d = discounted_game_payoff(*a, *b, args.noise, args.prob_end, payoffs);
    fmt::print(out, "  prob_end {:<8}:       {:.10f}  {:.10f}\n", args.prob_end, d.first, d.second);
  }
  return 0;
}

}  // namespace evomarket
