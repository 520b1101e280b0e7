#include "host/setup/strategy_catalog.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <functional>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "host/errors.h"
#include "host/setup/probability.h"

namespace evomarket {
namespace {

// A strategy's machine before it is placed into the shared state pool (local state indices).
struct LocalMachine {
  std::vector<uint64_t> coop_threshold;
  std::vector<std::array<uint32_t, 4>> next;
  uint32_t initial = 0;
  StrategyKind kind = StrategyKind::kMachine;
  uint32_t majority_memory = 0;
  uint32_t majority_soft = 1;

  uint32_t add_state(uint64_t threshold) {
    coop_threshold.push_back(threshold);
    next.push_back({0, 0, 0, 0});
    return static_cast<uint32_t>(coop_threshold.size() - 1);
  }
  // Successor depends only on the opponent's last move.
  void on_opponent(uint32_t state, uint32_t after_c, uint32_t after_d) {
    next[state] = {after_c, after_d, after_c, after_d};
  }
};

uint64_t move_threshold(uint32_t move) {
  return move == kCooperate ? kCertain : 0;
}

// Memory-one strategy (Axelrod's MemoryOnePlayer): P(C) after the outcomes CC, CD, DC, DD of
// the previous turn, from the player's own point of view; a first move.
LocalMachine memory_one(const std::array<Probability, 4>& p, uint64_t first_threshold) {
  LocalMachine m;
  const uint32_t start = m.add_state(first_threshold);
  std::array<uint32_t, 4> after{};
  for (uint32_t o = 0; o < 4; ++o) after[o] = m.add_state(p[o].threshold);
  for (uint32_t s = start; s <= after[3]; ++s) m.next[s] = after;
  m.initial = start;
  return m;
}

// Tit For Tat and Suspicious Tit For Tat: copy the opponent's last move.
LocalMachine copy_opponent(uint32_t first_move) {
  LocalMachine m;
  const uint32_t c = m.add_state(kCertain);
  const uint32_t d = m.add_state(0);
  m.on_opponent(c, c, d);
  m.on_opponent(d, c, d);
  m.initial = first_move == kCooperate ? c : d;
  return m;
}

LocalMachine constant(Probability p) {
  LocalMachine m;
  m.add_state(p.threshold);
  return m;
}

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

ParsedSpec parse_spec(const std::string& spec) {
  ParsedSpec p;
  const auto open = spec.find('(');
  if (open == std::string::npos) {
    p.name = trim(spec);
    return p;
  }
  if (spec.back() != ')') {
    throw ConfigError(fmt::format("strategy \"{}\": expected Name or Name(arg, ...)", spec));
  }
  p.name = trim(spec.substr(0, open));
  const std::string inner = spec.substr(open + 1, spec.size() - open - 2);
  size_t pos = 0;
  while (pos <= inner.size() && !trim(inner).empty()) {
    const auto comma = inner.find(',', pos);
    p.args.push_back(trim(inner.substr(pos, comma - pos)));
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return p;
}

double parse_probability(const std::string& text, const std::string& spec) {
  size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || !(v >= 0.0 && v <= 1.0)) {
    throw ConfigError(
        fmt::format("strategy \"{}\": expected a probability in [0, 1], got \"{}\"", spec, text));
  }
  return v;
}

void expect_args(const ParsedSpec& p, const std::string& spec, size_t min, size_t max) {
  if (p.args.size() < min || p.args.size() > max) {
    throw ConfigError(fmt::format("strategy \"{}\": {} takes {} to {} arguments, got {}", spec,
                                  p.name, min, max, p.args.size()));
  }
}

std::string format_probability(double p) {
  return fmt::format("{:g}", p);
}

const std::map<std::string, std::string>& aliases() {
  static const std::map<std::string, std::string> table = {{"ALLC", "Cooperator"},
                                                           {"ALLD", "Defector"},
                                                           {"TFT", "TitForTat"},
                                                           {"STFT", "SuspiciousTitForTat"},
                                                           {"TF2T", "TitFor2Tats"},
                                                           {"2TFT", "TwoTitsForTat"},
                                                           {"WSLS", "WinStayLoseShift"},
                                                           {"GenerousTitForTat", "GTFT"},
                                                           {"SoftGoByMajority", "GoByMajority"},
                                                           {"MemoryOnePlayer", "MemoryOne"},
                                                           {"GrimTrigger", "Grudger"},
                                                           {"Grim", "Grudger"}};
  return table;
}

struct Compiled {
  std::string canonical;
  LocalMachine machine;
};

Compiled compile_builtin(const std::string& spec, const PayoffMatrix& payoffs) {
  ParsedSpec p = parse_spec(spec);
  if (auto it = aliases().find(p.name); it != aliases().end()) p.name = it->second;
  const auto no_args = [&](LocalMachine m) {
    expect_args(p, spec, 0, 0);
    return Compiled{p.name, std::move(m)};
  };
  if (p.name == "Cooperator") return no_args(constant(Probability{kCertain}));
  if (p.name == "Defector") return no_args(constant(Probability{0}));
  if (p.name == "TitForTat") return no_args(copy_opponent(kCooperate));
  if (p.name == "SuspiciousTitForTat") return no_args(copy_opponent(kDefect));
  if (p.name == "TitFor2Tats") {  // defect only after two opponent defections in a row
    LocalMachine m;
    const uint32_t calm = m.add_state(kCertain);
    const uint32_t one = m.add_state(kCertain);
    const uint32_t two = m.add_state(0);
    m.on_opponent(calm, calm, one);
    m.on_opponent(one, calm, two);
    m.on_opponent(two, calm, two);
    return no_args(m);
  }
  if (p.name == "TwoTitsForTat") {  // defect if the opponent defected in either of 2 turns
    LocalMachine m;
    const uint32_t calm = m.add_state(kCertain);
    const uint32_t hit = m.add_state(0);
    const uint32_t echo = m.add_state(0);
    m.on_opponent(calm, calm, hit);
    m.on_opponent(hit, echo, hit);
    m.on_opponent(echo, calm, hit);
    return no_args(m);
  }
  if (p.name == "Grudger") {
    LocalMachine m;
    const uint32_t calm = m.add_state(kCertain);
    const uint32_t grudge = m.add_state(0);
    m.on_opponent(calm, calm, grudge);
    m.on_opponent(grudge, grudge, grudge);
    return no_args(m);
  }
  if (p.name == "WinStayLoseShift") {
    return no_args(memory_one(
        {Probability{kCertain}, Probability{0}, Probability{0}, Probability{kCertain}}, kCertain));
  }
  if (p.name == "Alternator") {  // the opposite of its own last move (as played), C first
    LocalMachine m;
    const uint32_t c = m.add_state(kCertain);
    const uint32_t d = m.add_state(0);
    m.next[c] = {d, d, c, c};
    m.next[d] = {d, d, c, c};
    return no_args(m);
  }
  if (p.name == "Cycler") {  // plays its cycle regardless of history
    expect_args(p, spec, 0, 1);
    const std::string cycle = p.args.empty() ? "CCD" : p.args[0];
    if (cycle.empty() || cycle.find_first_not_of("CD") != std::string::npos) {
      throw ConfigError(
          fmt::format("strategy \"{}\": Cycler expects a cycle of C and D such as CCD, got \"{}\"",
                      spec, cycle));
    }
    LocalMachine m;
    for (char c : cycle) m.add_state(c == 'C' ? kCertain : 0);
    const uint32_t n = static_cast<uint32_t>(cycle.size());
    for (uint32_t s = 0; s < n; ++s) m.next[s].fill((s + 1) % n);
    return Compiled{"Cycler(" + cycle + ")", m};
  }
  if (p.name == "GoByMajority" || p.name == "HardGoByMajority") {
    expect_args(p, spec, 0, 1);
    uint32_t memory = 0;
    if (!p.args.empty()) {
      size_t used = 0;
      long v = -1;
      try {
        v = std::stol(p.args[0], &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != p.args[0].size() || v < 0 || v > 64) {
        throw ConfigError(fmt::format(
            "strategy \"{}\": expected a memory depth in 0..64 turns (0 = whole history)", spec));
      }
      memory = static_cast<uint32_t>(v);
    }
    LocalMachine m;
    m.add_state(kCertain);  // unused by the majority rule; keeps the pool index valid
    m.kind = StrategyKind::kMajority;
    m.majority_memory = memory;
    m.majority_soft = p.name == "GoByMajority" ? 1 : 0;
    return Compiled{memory ? fmt::format("{}({})", p.name, memory) : p.name, m};
  }
  if (p.name == "Random") {
    expect_args(p, spec, 0, 1);
    const double prob = p.args.empty() ? 0.5 : parse_probability(p.args[0], spec);
    return Compiled{"Random(" + format_probability(prob) + ")",
                    constant(probability_threshold(prob, spec))};
  }
  if (p.name == "GTFT") {  // memory-one (1, p, 1, p); Axelrod's default p from the payoffs
    expect_args(p, spec, 0, 1);
    double prob = 0;
    if (p.args.empty()) {
      const double r = payoffs.value[0], s = payoffs.value[1], t = payoffs.value[2],
                   pp = payoffs.value[3];
      prob = std::min(1.0 - (t - r) / (r - s), (r - pp) / (t - pp));
      prob = std::clamp(prob, 0.0, 1.0);
    } else {
      prob = parse_probability(p.args[0], spec);
    }
    const Probability q = probability_threshold(prob, spec);
    return Compiled{"GTFT(" + format_probability(prob) + ")",
                    memory_one({Probability{kCertain}, q, Probability{kCertain}, q}, kCertain)};
  }
  if (p.name == "Joss") {  // memory-one (p, 0, p, 0): TFT that sneaks a defection
    expect_args(p, spec, 0, 1);
    const double prob = p.args.empty() ? 0.9 : parse_probability(p.args[0], spec);
    const Probability q = probability_threshold(prob, spec);
    return Compiled{"Joss(" + format_probability(prob) + ")",
                    memory_one({q, Probability{0}, q, Probability{0}}, kCertain)};
  }
  if (p.name == "MemoryOne") {
    expect_args(p, spec, 4, 5);
    std::array<Probability, 4> q{};
    std::string canonical = "MemoryOne(";
    for (int i = 0; i < 4; ++i) {
      const double v = parse_probability(p.args[i], spec);
      q[i] = probability_threshold(v, spec);
      canonical += format_probability(v) + ", ";
    }
    const uint32_t first =
        p.args.size() == 5 ? parse_move(p.args[4], "strategy \"" + spec + "\"") : kCooperate;
    canonical += first == kCooperate ? "C)" : "D)";
    return Compiled{canonical, memory_one(q, move_threshold(first))};
  }
  std::string known;
  for (const auto& n : builtin_strategy_names()) known += (known.empty() ? "" : ", ") + n;
  throw ConfigError(fmt::format(
      "unknown strategy \"{}\": expected one of {} (or a [strategies.NAME] table)", spec, known));
}

Compiled compile_custom(const std::string& name, const CustomStrategy& c) {
  if (c.kind == CustomStrategy::Kind::kMemoryOne) {
    std::array<Probability, 4> q{};
    for (int i = 0; i < 4; ++i) {
      q[i] = probability_threshold(c.four_vector[i], "strategy " + name + " four_vector");
    }
    return Compiled{name, memory_one(q, move_threshold(c.initial_move))};
  }
  return Compiled{name, finite_state_machine(c, name)};
}

}  // namespace

uint32_t parse_move(const std::string& text, const std::string& where) {
  if (text == "C" || text == "c") return kCooperate;
  if (text == "D" || text == "d") return kDefect;
  throw ConfigError(fmt::format("{}: expected a move \"C\" or \"D\", got \"{}\"", where, text));
}

std::vector<std::string> builtin_strategy_names() {
  return {"Cooperator",  "Defector",      "TitForTat",       "SuspiciousTitForTat",
          "TitFor2Tats", "TwoTitsForTat", "Grudger",         "WinStayLoseShift",
          "Alternator",  "Cycler(CCD)",   "GoByMajority(n)", "HardGoByMajority(n)",
          "Random(p)",   "GTFT(p)",       "Joss(p)",         "MemoryOne(pCC, pCD, pDC, pDD, C)"};
}

StrategySet compile_strategies(const std::vector<std::string>& specs,
                               const CustomStrategies& custom, const PayoffMatrix& payoffs) {
  if (specs.empty()) throw ConfigError("strategy list is empty: expected at least one strategy");
  StrategySet set;
  std::set<std::string> seen;
  for (const auto& spec : specs) {
    const auto it = custom.find(trim(spec));
    const Compiled c =
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
                                     c.machine.majority_memory, c.machine.majority_soft,
                                     stochastic});
    set.names.push_back(c.canonical);
  }
  return set;
}

}  // namespace evomarket
