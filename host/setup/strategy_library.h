// The built-in iterated-game strategies: for each its canonical name, the Axelrod library's
// display name (accepted as an alias, as are a few short names such as TFT), how it is written
// with arguments, and how it compiles to a machine. docs/strategies.md documents every entry.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "host/setup/strategy_machines.h"
#include "kernels/payoff.h"

namespace evomarket {

// What a builder gets: the specification as written (for error messages), its arguments, and
// the game's payoffs (GTFT's default generosity and the zero-determinant vectors use them).
struct StrategyArgs {
  const std::string& spec;
  const std::vector<std::string>& args;
  const PayoffMatrix& payoffs;
};

struct CompiledStrategy {
  std::string canonical;  // the name results files carry, arguments included
  LocalMachine machine;
};

struct BuiltinStrategy {
  std::string name;                  // canonical name without arguments, e.g. "HardTitForTat"
  std::string axelrod_name;          // Player.name in the Axelrod library, e.g. "Hard Tit For Tat"
  std::vector<std::string> aliases;  // further accepted names, e.g. "TFT"
  std::string usage;                 // how it is written, e.g. "GoByMajority(n)"
  // Compiles it; throws ConfigError naming the spec when the arguments are wrong.
  std::function<CompiledStrategy(const StrategyArgs&)> build;
};

// Every built-in strategy, in the order `evomarket strategies` lists them.
const std::vector<BuiltinStrategy>& builtin_strategies();

// The built-in strategy with this canonical name, Axelrod name or alias; nullptr if none.
const BuiltinStrategy* find_builtin(const std::string& name);

}  // namespace evomarket
