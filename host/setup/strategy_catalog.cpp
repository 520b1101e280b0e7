#include "host/setup/strategy_catalog.h"

#include <array>
#include <cctype>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "host/errors.h"
#include "host/setup/probability.h"
#include "host/setup/strategy_library.h"
#include "host/setup/strategy_machines.h"

namespace evomarket {
namespace {

// Mealy machine (state, opponent move) -> (next state, action) as Axelrod's FSMPlayer defines
// it, turned into a Moore machine whose states are (Mealy state, action to play now).
LocalMachine finite_state_machine(const CustomStrategy& fsm, const std::string& name) {
  std::map<std::pair<int64_t, uint32_t>, std::pair<int64_t, uint32_t>> delta;
  for (const auto& t : fsm.transitions) {
    if (!delta
             .emplace(std::make_pair(t.state, t.opponent_move),
                      std::make_pair(t.next_state, t.action))
             .second) {
      throw ConfigError(fmt::format("strategy {}: two transitions for state {} after {}", name,
                                    t.state, t.opponent_move == kCooperate ? 'C' : 'D'));
    }
  }
  LocalMachine m;
  std::map<std::pair<int64_t, uint32_t>, uint32_t> index;
  std::vector<std::pair<int64_t, uint32_t>> pending;
  auto state_of = [&](int64_t q, uint32_t action) {
    auto [it, added] = index.emplace(std::make_pair(q, action), 0);
    if (added) {
      it->second = m.add_state(move_threshold(action));
      pending.emplace_back(q, action);
    }
    return it->second;
  };
  m.initial = state_of(fsm.initial_state, fsm.initial_move);
  for (size_t i = 0; i < pending.size(); ++i) {
    const auto [q, action] = pending[i];
    const uint32_t self = index.at({q, action});
    std::array<uint32_t, 2> succ{};
    for (uint32_t o = 0; o < 2; ++o) {
      auto it = delta.find({q, o});
      if (it == delta.end()) {
        throw ConfigError(fmt::format(
            "strategy {}: state {} is reachable but has no transition after the opponent "
            "plays {}",
            name, q, o == kCooperate ? 'C' : 'D'));
      }
      succ[o] = state_of(it->second.first, it->second.second);
    }
    m.on_opponent(self, succ[0], succ[1]);
  }
  return m;
}

struct ParsedSpec {
  std::string name;
  std::vector<std::string> args;
};

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

// "a, b, c" -> {"a", "b", "c"}; nothing for an empty or blank text.
std::vector<std::string> split_args(const std::string& inner) {
  std::vector<std::string> args;
  if (trim(inner).empty()) return args;
  size_t pos = 0;
  while (true) {
    const auto comma = inner.find(',', pos);
    args.push_back(trim(inner.substr(pos, comma - pos)));
    if (comma == std::string::npos) return args;
    pos = comma + 1;
  }
}

// Name, Name(arg, ...), or the Axelrod library's repr "Display Name: arg, arg" (parentheses
// among its arguments are dropped, so "Generic Memory One Player: (1, 0, 0, 1), C" reads as
// MemoryOne(1, 0, 0, 1, C)); Axelrod's fixed cyclers "Cycler CCD" read as Cycler(CCD).
ParsedSpec parse_spec(const std::string& spec) {
  ParsedSpec p;
  if (const auto colon = spec.find(':'); colon != std::string::npos) {
    p.name = trim(spec.substr(0, colon));
    std::string inner;
    for (char c : spec.substr(colon + 1)) {
      if (c != '(' && c != ')') inner += c;
    }
    p.args = split_args(inner);
    return p;
  }
  const auto open = spec.find('(');
  if (open == std::string::npos) {
    p.name = trim(spec);
    if (p.name.rfind("Cycler ", 0) == 0) {
      p.args = {trim(p.name.substr(7))};
      p.name = "Cycler";
    }
    return p;
  }
  if (trim(spec).back() != ')') {
    throw ConfigError(fmt::format("strategy \"{}\": expected Name or Name(arg, ...)", spec));
  }
  p.name = trim(spec.substr(0, open));
  const auto close = spec.rfind(')');
  p.args = split_args(spec.substr(open + 1, close - open - 1));
  return p;
}

// Lower case without spaces, dashes or underscores: "Tit-for-tat" and "TitForTat" agree.
std::string loose(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

CompiledStrategy compile_builtin(const std::string& spec, const PayoffMatrix& payoffs) {
  const ParsedSpec p = parse_spec(spec);
  if (const BuiltinStrategy* b = find_builtin(p.name)) {
    return b->build(StrategyArgs{spec, p.args, payoffs});
  }
  std::string hint;
  for (const BuiltinStrategy& b : builtin_strategies()) {
    if (loose(b.name) == loose(p.name) || loose(b.axelrod_name) == loose(p.name)) {
      hint = fmt::format(" (did you mean {}?)", b.name);
    }
  }
  throw ConfigError(fmt::format(
      "unknown strategy \"{}\"{}: expected a built-in strategy (`evomarket strategies` lists "
      "them with the Axelrod library's names, docs/strategies.md describes them) or a "
      "[strategies.NAME] table",
      spec, hint));
}

CompiledStrategy compile_custom(const std::string& name, const CustomStrategy& c) {
  if (c.kind == CustomStrategy::Kind::kMemoryOne) {
    std::array<Probability, 4> q{};
    for (int i = 0; i < 4; ++i) {
      q[i] = probability_threshold(c.four_vector[i], "strategy " + name + " four_vector");
    }
    return CompiledStrategy{name, memory_one(q, move_threshold(c.initial_move))};
  }
  return CompiledStrategy{name, finite_state_machine(c, name)};
}

}  // namespace

uint32_t parse_move(const std::string& text, const std::string& where) {
  if (text == "C" || text == "c") return kCooperate;
  if (text == "D" || text == "d") return kDefect;
  throw ConfigError(fmt::format("{}: expected a move \"C\" or \"D\", got \"{}\"", where, text));
}

std::vector<std::string> builtin_strategy_names() {
  std::vector<std::string> names;
  for (const BuiltinStrategy& b : builtin_strategies()) names.push_back(b.usage);
  return names;
}

StrategySet compile_strategies(const std::vector<std::string>& specs,
                               const CustomStrategies& custom, const PayoffMatrix& payoffs) {
  if (specs.empty()) throw ConfigError("strategy list is empty: expected at least one strategy");
  StrategySet set;
  std::set<std::string> seen;
  for (const auto& spec : specs) {
    const auto it = custom.find(trim(spec));
    const CompiledStrategy c =
        it != custom.end() ? compile_custom(it->first, it->second) : compile_builtin(spec, payoffs);
    if (!seen.insert(c.canonical).second) {
      throw ConfigError(fmt::format("strategy \"{}\" is listed twice (as {})", spec, c.canonical));
    }
    const uint32_t base = static_cast<uint32_t>(set.states.size());
    uint32_t stochastic = 0;
    for (size_t s = 0; s < c.machine.coop_threshold.size(); ++s) {
      MachineState st{};
      st.coop_threshold = c.machine.coop_threshold[s];
      for (int o = 0; o < 4; ++o) st.next[o] = base + c.machine.next[s][o];
      if (st.coop_threshold != 0 && st.coop_threshold != kCertain) stochastic = 1;
      set.states.push_back(st);
    }
    set.infos.push_back(StrategyInfo{base + c.machine.initial, c.machine.kind,
                                     c.machine.majority_memory, c.machine.majority_soft, stochastic,
                                     c.machine.counting_rule, c.machine.final_defections});
    set.names.push_back(c.canonical);
  }
  return set;
}

}  // namespace evomarket
