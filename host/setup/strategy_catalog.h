// The named iterated-game strategies and their compilation into kernel machine tables.
//
// Names and conventions follow the Axelrod Python library (docs/strategies.md lists them; the
// built-ins are in host/setup/strategy_library.h): a strategy is written `Name` or
// `Name(arg, ...)`, e.g. `TitForTat`, `Cycler(CCD)`, `Random(0.3)`, `GTFT(0.1)`,
// `GoByMajority(10)`, `MemoryOne(1, 0, 0, 1, C)`. Short aliases (TFT, ALLC, ALLD, WSLS, ...)
// and the Axelrod library's names and reprs ("Tit For Tat", "Soft Go By Majority: 10",
// "Cycler: CCD", "Cycler CCD") are accepted; user-defined finite-state machines and memory-one
// strategies come from the config file's [strategies.NAME] tables.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "host/setup/strategy_set.h"
#include "kernels/payoff.h"
#include "kernels/strategy_machine.h"

namespace evomarket {

// One row of an Axelrod-style finite-state machine: in `state`, after the opponent played
// `opponent_move`, go to `next_state` and play `action`.
struct FsmTransition {
  int64_t state;
  uint32_t opponent_move;
  int64_t next_state;
  uint32_t action;
};

// A strategy defined in the config file.
struct CustomStrategy {
  enum class Kind { kFiniteStateMachine, kMemoryOne };
  Kind kind = Kind::kFiniteStateMachine;
  std::vector<FsmTransition> transitions;  // kFiniteStateMachine
  int64_t initial_state = 0;               // kFiniteStateMachine
  double four_vector[4] = {0, 0, 0, 0};    // kMemoryOne: P(C) after CC, CD, DC, DD
  uint32_t initial_move = kCooperate;      // first move of both kinds
};

using CustomStrategies = std::map<std::string, CustomStrategy>;

// Compiles strategy specifications. Throws ConfigError naming the spec and what was expected
// (unknown name, wrong arguments, incomplete machine). `payoffs` sets GTFT's default generosity.
StrategySet compile_strategies(const std::vector<std::string>& specs,
                               const CustomStrategies& custom, const PayoffMatrix& payoffs);

// The canonical names of the built-in strategies (for help texts and error messages).
std::vector<std::string> builtin_strategy_names();

// Parses "C"/"D" (case-insensitive); throws ConfigError mentioning `where` otherwise.
uint32_t parse_move(const std::string& text, const std::string& where);

}  // namespace evomarket
