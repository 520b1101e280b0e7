#include "host/setup/strategy_library.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "host/errors.h"
#include "host/setup/probability.h"
#include "host/setup/strategy_catalog.h"

namespace evomarket {
namespace {

constexpr uint32_t C = kCooperate;
constexpr uint32_t D = kDefect;

// ---- arguments ----------------------------------------------------------------------------

void expect_args(const StrategyArgs& a, const std::string& name, size_t min, size_t max) {
  if (a.args.size() < min || a.args.size() > max) {
    throw ConfigError(fmt::format("strategy \"{}\": {} takes {} to {} arguments, got {}", a.spec,
                                  name, min, max, a.args.size()));
  }
}

double parse_number(const std::string& text, const StrategyArgs& a, const char* what) {
  size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || !std::isfinite(v)) {
    throw ConfigError(fmt::format("strategy \"{}\": expected {}, got \"{}\"", a.spec, what, text));
  }
  return v;
}

double parse_probability(const std::string& text, const StrategyArgs& a) {
  const double v = parse_number(text, a, "a probability in [0, 1]");
  if (!(v >= 0.0 && v <= 1.0)) {
    throw ConfigError(
        fmt::format("strategy \"{}\": expected a probability in [0, 1], got \"{}\"", a.spec, text));
  }
  return v;
}

uint32_t parse_count(const std::string& text, const StrategyArgs& a, long max, const char* what) {
  size_t used = 0;
  long v = -1;
  try {
    v = std::stol(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || v < 0 || v > max) {
    throw ConfigError(fmt::format("strategy \"{}\": expected {} in 0..{}", a.spec, what, max));
  }
  return static_cast<uint32_t>(v);
}

std::string format_probability(double p) {
  return fmt::format("{:g}", p);
}

Probability certain(bool cooperate) {
  return Probability{cooperate ? kCertain : 0};
}

// A strategy without arguments.
std::function<CompiledStrategy(const StrategyArgs&)> fixed(std::string name,
                                                           LocalMachine (*make)()) {
  return [name, make](const StrategyArgs& a) {
    expect_args(a, name, 0, 0);
    return CompiledStrategy{name, make()};
  };
}

// A memory-one strategy with one probability argument `p` (default `fallback`) mapped to its
// four-vector; the canonical name shows the probability, as GTFT(p) does.
std::function<CompiledStrategy(const StrategyArgs&)> memory_one_with(
    std::string name, double fallback, std::array<double, 4> (*vector)(double)) {
  return [name, fallback, vector](const StrategyArgs& a) {
    expect_args(a, name, 0, 1);
    const double p = a.args.empty() ? fallback : parse_probability(a.args[0], a);
    const std::array<double, 4> v = vector(p);
    std::array<Probability, 4> q{};
    for (int i = 0; i < 4; ++i) q[i] = probability_threshold(v[i], "strategy \"" + a.spec + "\"");
    return CompiledStrategy{name + "(" + format_probability(p) + ")", memory_one(q, kCertain)};
  };
}

// A memory-one strategy without arguments.
std::function<CompiledStrategy(const StrategyArgs&)> memory_one_fixed(std::string name,
                                                                      std::array<double, 4> v) {
  return [name, v](const StrategyArgs& a) {
    expect_args(a, name, 0, 0);
    std::array<Probability, 4> q{};
    for (int i = 0; i < 4; ++i) q[i] = probability_threshold(v[i], name);
    return CompiledStrategy{name, memory_one(q, kCertain)};
  };
}

std::function<CompiledStrategy(const StrategyArgs&)> counting_rule(std::string name,
                                                                   CountingRule rule) {
  return [name, rule](const StrategyArgs& a) {
    expect_args(a, name, 0, 0);
    return CompiledStrategy{name, counting(rule)};
  };
}

// ---- the classic strategies -------------------------------------------------------------

LocalMachine cooperator() {
  return constant(certain(true));
}
LocalMachine defector() {
  return constant(certain(false));
}
LocalMachine tit_for_tat() {
  return reactive(C, C, D);
}
LocalMachine suspicious_tit_for_tat() {
  return reactive(D, C, D);
}

LocalMachine tit_for_2_tats() {  // defect only after two opponent defections in a row
  LocalMachine m;
  const uint32_t calm = m.add_state(kCertain);
  const uint32_t one = m.add_state(kCertain);
  const uint32_t two = m.add_state(0);
  m.on_opponent(calm, calm, one);
  m.on_opponent(one, calm, two);
  m.on_opponent(two, calm, two);
  return m;
}

LocalMachine two_tits_for_tat() {  // defect if the opponent defected in either of 2 turns
  LocalMachine m;
  const uint32_t calm = m.add_state(kCertain);
  const uint32_t hit = m.add_state(0);
  const uint32_t echo = m.add_state(0);
  m.on_opponent(calm, calm, hit);
  m.on_opponent(hit, echo, hit);
  m.on_opponent(echo, calm, hit);
  return m;
}

LocalMachine grudger() {
  LocalMachine m;
  const uint32_t calm = m.add_state(kCertain);
  const uint32_t grudge = m.add_state(0);
  m.on_opponent(calm, calm, grudge);
  m.on_opponent(grudge, grudge, grudge);
  return m;
}

LocalMachine win_stay_lose_shift() {
  return memory_one({certain(true), certain(false), certain(false), certain(true)}, kCertain);
}

LocalMachine alternator() {  // the opposite of its own last move (as played), C first
  LocalMachine m;
  const uint32_t c = m.add_state(kCertain);
  const uint32_t d = m.add_state(0);
  m.next[c] = {d, d, c, c};
  m.next[d] = {d, d, c, c};
  return m;
}

CompiledStrategy cycler(const StrategyArgs& a) {  // plays its cycle regardless of history
  expect_args(a, "Cycler", 0, 1);
  const std::string cycle = a.args.empty() ? "CCD" : a.args[0];
  if (cycle.empty() || cycle.find_first_not_of("CD") != std::string::npos) {
    throw ConfigError(
        fmt::format("strategy \"{}\": Cycler expects a cycle of C and D such as CCD, got \"{}\"",
                    a.spec, cycle));
  }
  LocalMachine m;
  for (char c : cycle) m.add_state(c == 'C' ? kCertain : 0);
  const uint32_t n = static_cast<uint32_t>(cycle.size());
  for (uint32_t s = 0; s < n; ++s) m.next[s].fill((s + 1) % n);
  return CompiledStrategy{"Cycler(" + cycle + ")", m};
}

CompiledStrategy go_by_majority(const StrategyArgs& a, const std::string& name, bool soft) {
  expect_args(a, name, 0, 1);
  const uint32_t memory =
      a.args.empty() ? 0 : parse_count(a.args[0], a, 64, "a memory depth (0 = whole history)");
  LocalMachine m;
  m.add_state(kCertain);  // unused by the majority rule; keeps the pool index valid
  m.kind = StrategyKind::kMajority;
  m.majority_memory = memory;
  m.majority_soft = soft ? 1 : 0;
  return CompiledStrategy{memory ? fmt::format("{}({})", name, memory) : name, m};
}

CompiledStrategy random_player(const StrategyArgs& a) {
  expect_args(a, "Random", 0, 1);
  const double p = a.args.empty() ? 0.5 : parse_probability(a.args[0], a);
  return CompiledStrategy{"Random(" + format_probability(p) + ")",
                          constant(probability_threshold(p, a.spec))};
}

CompiledStrategy gtft(const StrategyArgs& a) {  // memory-one (1, p, 1, p)
  expect_args(a, "GTFT", 0, 1);
  double p = 0;
  if (a.args.empty()) {  // Axelrod's default generosity from the payoffs
    const double r = a.payoffs.value[0], s = a.payoffs.value[1], t = a.payoffs.value[2],
                 pp = a.payoffs.value[3];
    p = std::clamp(std::min(1.0 - (t - r) / (r - s), (r - pp) / (t - pp)), 0.0, 1.0);
  } else {
    p = parse_probability(a.args[0], a);
  }
  const Probability q = probability_threshold(p, a.spec);
  return CompiledStrategy{"GTFT(" + format_probability(p) + ")",
                          memory_one({certain(true), q, certain(true), q}, kCertain)};
}

CompiledStrategy generic_memory_one(const StrategyArgs& a) {
  expect_args(a, "MemoryOne", 4, 5);
  std::array<Probability, 4> q{};
  std::string canonical = "MemoryOne(";
  for (int i = 0; i < 4; ++i) {
    const double v = parse_probability(a.args[i], a);
    q[i] = probability_threshold(v, a.spec);
    canonical += format_probability(v) + ", ";
  }
  const uint32_t first =
      a.args.size() == 5 ? parse_move(a.args[4], "strategy \"" + a.spec + "\"") : kCooperate;
  canonical += first == kCooperate ? "C)" : "D)";
  return CompiledStrategy{canonical, memory_one(q, move_threshold(first))};
}

// ---- finite strategies: decisions over a history summary (strategy_machines.h) -------------

uint32_t last(const Recall& r) {  // the opponent's last move
  return r.opponent & 1u;
}

LocalMachine hard_tit_for_tat() {  // D if the opponent defected in any of its last 3 moves
  return enumerate_machine(
      {0, 3, 0}, [](Recall& r) { return r.opponent != 0 ? D : C; }, "HardTitForTat");
}

LocalMachine hard_tit_for_2_tats() {  // D if two of the opponent's last 3 moves were DD in a row
  return enumerate_machine(
      {0, 3, 0},
      [](Recall& r) { return (r.opponent & 3u) == 3u || (r.opponent & 6u) == 6u ? D : C; },
      "HardTitFor2Tats");
}

LocalMachine spiteful_tit_for_tat() {  // TFT until the opponent plays DD, then D forever
  return enumerate_machine(
      {0, 2, 0},
      [](Recall& r) {
        if ((r.opponent & 3u) == 3u) r.flag = 1;
        return r.flag != 0 || last(r) == D ? D : C;
      },
      "SpitefulTitForTat");
}

LocalMachine slow_tit_for_two_tats_2() {  // C, C; then copy a move the opponent repeated
  return enumerate_machine(
      {2, 2, 1},
      [](Recall& r) {
        if (r.turn < 2) return C;
        if (last(r) == ((r.opponent >> 1) & 1u)) return last(r);
        return r.own & 1u;
      },
      "SlowTitForTwoTats2");
}

LocalMachine sneaky_tit_for_tat() {  // tries a D once the opponent never defected; repents
  return enumerate_machine(
      {2, 1, 2},
      [](Recall& r) {
        if (last(r) == D) r.flag = 1;  // the opponent has defected
        if (r.turn < 2) return C;
        if (r.flag == 0) return D;
        if (last(r) == D && ((r.own >> 1) & 1u) == D) return C;
        return last(r);
      },
      "SneakyTitForTat");
}

LocalMachine forgetful_grudger() {  // a defection starts 10 turns of D (renewed by a new D)
  return enumerate_machine(
      {0, 1, 0},
      [](Recall& r) {
        if (r.count == 10) {
          r.count = 0;
          r.flag = 0;
        }
        if (last(r) == D) r.flag = 1;
        if (r.flag == 0) return C;
        ++r.count;
        return D;
      },
      "ForgetfulGrudger");
}

LocalMachine soft_grudger() {  // punishes a defection with D, D, D, D, C, C
  return enumerate_machine(
      {0, 1, 0},
      [](Recall& r) {
        if (r.flag != 0) {
          const uint32_t move = r.count < 3 ? D : C;
          if (++r.count == 5) {
            r.count = 0;
            r.flag = 0;
          }
          return move;
        }
        if (last(r) == D) {
          r.flag = 1;
          return D;
        }
        return C;
      },
      "SoftGrudger");
}

LocalMachine aggravater() {  // D, D, D, then Grudger
  return enumerate_machine(
      {3, 1, 0},
      [](Recall& r) {
        if (last(r) == D) r.flag = 1;
        return r.turn < 3 || r.flag != 0 ? D : C;
      },
      "Aggravater");
}

LocalMachine easy_go() {  // D until the opponent defects, then C forever
  return enumerate_machine(
      {0, 1, 0},
      [](Recall& r) {
        if (last(r) == D) r.flag = 1;
        return r.flag != 0 ? C : D;
      },
      "EasyGo");
}

LocalMachine opposite_grudger() {  // D until the opponent cooperates, then C forever
  return enumerate_machine(
      {1, 1, 0},
      [](Recall& r) {
        if (r.turn > 0 && last(r) == C) r.flag = 1;
        return r.flag != 0 ? C : D;
      },
      "OppositeGrudger");
}

LocalMachine grudger_alternator() {  // C until the opponent defects, then D, C, D, C, ...
  return enumerate_machine(
      {0, 1, 1},
      [](Recall& r) {
        if (last(r) == D) r.flag = 1;
        return r.flag != 0 && (r.own & 1u) == C ? D : C;
      },
      "GrudgerAlternator");
}

LocalMachine once_bitten() {  // after DD from the opponent, 10 turns of D
  return enumerate_machine(
      {2, 2, 0},
      [](Recall& r) {
        if (r.count >= 10) {
          r.count = 0;
          r.flag = 0;
        }
        if (r.turn < 2) return C;
        if (r.flag != 0) {
          ++r.count;
          return D;
        }
        if ((r.opponent & 3u) == 3u) {
          r.flag = 1;
          return D;
        }
        return C;
      },
      "OnceBitten");
}

LocalMachine fool_me_once() {  // forgives the opponent's first defection, not its second
  return enumerate_machine(
      {0, 1, 0},
      [](Recall& r) {
        if (last(r) == D) r.count = std::min(r.count + 1, 2);
        return r.count > 1 ? D : C;
      },
      "FoolMeOnce");
}

// ---- strategies that use the match length (defect on the last turns when they know it) -----

// `m` with Axelrod's FinalTransformer of `turns` D's.
LocalMachine ending_with_defections(LocalMachine m, uint32_t turns) {
  m.final_defections = turns;
  return m;
}

LocalMachine alexei() {  // Tit For Tat, D on the last turn
  return ending_with_defections(tit_for_tat(), 1);
}

LocalMachine eugine_nier() {  // Tit For Tat until the opponent's fifth D, then D; D last
  return ending_with_defections(enumerate_machine(
                                    {1, 1, 0},
                                    [](Recall& r) {
                                      if (r.turn == 0) return C;
                                      if (last(r) == D) r.count = std::min(r.count + 1, 5);
                                      return r.count >= 5 ? D : last(r);
                                    },
                                    "EugineNier"),
                                1);
}

// BackStabber's rule: C until the opponent has defected four times, then D (r.count: the
// opponent's defections, capped at 4).
uint32_t back_stabber_rule(Recall& r) {
  if (last(r) == D && r.turn > 0) r.count = std::min(r.count + 1, 4);
  return r.count > 3 ? D : C;
}

LocalMachine back_stabber() {  // the rule above, D on the last two turns
  return ending_with_defections(enumerate_machine({1, 1, 0}, back_stabber_rule, "BackStabber"), 2);
}

// BackStabber, but on turns 8..180 (1-based), if the opponent did not defect on turns 1..7,
// D only after the opponent's DD (r.flag: it did defect early).
LocalMachine double_crosser() {
  return ending_with_defections(enumerate_machine(
                                    {180, 2, 0},
                                    [](Recall& r) {
                                      if (r.turn >= 1 && r.turn <= 7 && last(r) == D) r.flag = 1;
                                      const uint32_t stab = back_stabber_rule(r);
                                      if (r.flag == 0 && r.turn >= 7 && r.turn < 180)
                                        return (r.opponent & 3u) == 3u ? D : C;
                                      return stab;
                                    },
                                    "DoubleCrosser", 16384),
                                2);
}

CompiledStrategy first_by_davis(const StrategyArgs& a) {  // C for n turns, then Grudger
  expect_args(a, "FirstByDavis", 0, 1);
  const uint32_t n = a.args.empty() ? 10 : parse_count(a.args[0], a, 1000, "a number of turns");
  const int32_t rounds = static_cast<int32_t>(n);
  LocalMachine m = enumerate_machine(
      {rounds, 1, 0},
      [rounds](Recall& r) {
        if (last(r) == D) r.flag = 1;
        return r.turn < rounds || r.flag == 0 ? C : D;
      },
      "FirstByDavis");
  return CompiledStrategy{n == 10 ? "FirstByDavis" : fmt::format("FirstByDavis({})", n), m};
}

LocalMachine handshake() {  // C, D; then C forever if the opponent opened C, D, else D forever
  return enumerate_machine(
      {3, 2, 0},
      [](Recall& r) {
        if (r.turn == 0) return C;
        if (r.turn == 1) return D;
        if (r.turn == 2) r.flag = (r.opponent & 3u) == 1u ? 1 : 0;  // opened C then D
        return r.flag != 0 ? C : D;
      },
      "Handshake");
}

// The Prober family: an opening, a verdict on the opponent's answer, then D forever or TFT.
LocalMachine prober() {  // D, C, C; D forever if the opponent answered C, C on turns 2-3
  return enumerate_machine(
      {4, 2, 0},
      [](Recall& r) {
        if (r.turn < 3) return r.turn == 0 ? D : C;
        if (r.turn == 3) r.flag = (r.opponent & 3u) == 0u ? 1 : 0;
        return r.flag != 0 ? D : last(r);
      },
      "Prober");
}

LocalMachine prober_2() {  // D, C, C; C forever if the opponent answered D, C on turns 2-3
  return enumerate_machine(
      {4, 2, 0},
      [](Recall& r) {
        if (r.turn < 3) return r.turn == 0 ? D : C;
        if (r.turn == 3) r.flag = (r.opponent & 3u) == 2u ? 1 : 0;
        return r.flag != 0 ? C : last(r);
      },
      "Prober2");
}

LocalMachine prober_3() {  // D, C; D forever if the opponent answered C on turn 2
  return enumerate_machine(
      {3, 1, 0},
      [](Recall& r) {
        if (r.turn < 2) return r.turn == 0 ? D : C;
        if (r.turn == 2) r.flag = last(r) == C ? 1 : 0;
        return r.flag != 0 ? D : last(r);
      },
      "Prober3");
}

LocalMachine hard_prober() {  // D, D, C, C; D forever if the opponent played C, C on turns 2-3
  return enumerate_machine(
      {5, 2, 0},
      [](Recall& r) {
        if (r.turn == 3) r.flag = (r.opponent & 3u) == 0u ? 1 : 0;
        if (r.turn < 4) return r.turn < 2 ? D : C;
        return r.flag != 0 ? D : last(r);
      },
      "HardProber");
}

LocalMachine prober_4() {
  // A 20-move probe that counts the opponent's defections after its own D (just) and after its
  // own C (unjust); if the two counts differ by at most 2, D forever, else C for 5 turns and TFT.
  static constexpr char kProbe[] = "CCDCDDDCCDCDCCDCDDCD";
  return enumerate_machine(
      {25, 1, 1},
      [](Recall& r) {
        if (r.turn < 20) {
          if (r.turn > 0 && last(r) == D) r.count += (r.own & 1u) == D ? 1 : -1;
          return kProbe[r.turn] == 'C' ? C : D;
        }
        if (r.turn == 20) {
          r.flag = std::abs(r.count) <= 2 ? 1 : 0;
          r.count = 0;  // no longer needed: fewer states
        }
        if (r.flag != 0) return D;
        return r.turn < 25 ? C : last(r);
      },
      "Prober4");
}

LocalMachine detective() {  // C, D, C, C; D forever if the opponent never defected, else TFT
  static constexpr char kOpening[] = "CDCC";
  return enumerate_machine(
      {5, 1, 0},
      [](Recall& r) {
        if (r.turn >= 1 && r.turn <= 4 && last(r) == D) r.flag = 1;
        if (r.turn < 4) return kOpening[r.turn] == 'C' ? C : D;
        return r.flag != 0 ? last(r) : D;
      },
      "Detective");
}

LocalMachine capri() {
  // Memory-three (Murase and Baek 2020): C in the listed profiles of the last three turns, D in
  // all others; turns before the first count as mutual cooperation. A profile is written oldest
  // turn first, each turn as (own move, opponent's move).
  static const std::set<std::string> kCooperateAfter = {
      "CC CC CC", "CC CC DC", "CC DC CD", "DC CD CC", "CD CC CC", "CC CD DC", "CD DC CC",
      "DC CC CC", "DD DD DC", "DD DC CC", "DD DD CD", "DD CD CC", "DD DD CC", "DD CC CC"};
  return enumerate_machine(
      {0, 3, 3},
      [](Recall& r) {
        std::string profile;
        for (int age = 2; age >= 0; --age) {
          profile += ((r.own >> age) & 1u) == D ? 'D' : 'C';
          profile += ((r.opponent >> age) & 1u) == D ? 'D' : 'C';
          if (age > 0) profile += ' ';
        }
        return kCooperateAfter.count(profile) != 0 ? C : D;
      },
      "CAPRI");
}

CompiledStrategy win_shift_lose_stay(const StrategyArgs& a) {  // memory-one (0, 1, 1, 0)
  expect_args(a, "WinShiftLoseStay", 0, 1);
  const uint32_t first =
      a.args.empty() ? kDefect : parse_move(a.args[0], "strategy \"" + a.spec + "\"");
  return CompiledStrategy{first == kDefect ? "WinShiftLoseStay" : "WinShiftLoseStay(C)",
                          memory_one({certain(false), certain(true), certain(true), certain(false)},
                                     move_threshold(first))};
}

LocalMachine appeaser() {  // switches its own move whenever the opponent defects
  return memory_one({certain(true), certain(false), certain(false), certain(true)}, kCertain);
}
LocalMachine anti_tit_for_tat() {
  return reactive(C, D, C);
}
LocalMachine bully() {
  return reactive(D, D, C);
}

// ---- zero-determinant strategies ------------------------------------------------------------

// Where the ZD strategy's baseline l comes from: a number, or the game's P or R.
enum class Baseline { kValue, kPunishment, kReward };

struct ZeroDeterminant {
  const char* name;
  double phi, s, l;
  Baseline baseline;
};

// Axelrod's LRPlayer: the memory-one vector that enforces the linear relation
// (own score - l) = s (opponent's score - l) with scale phi (Press and Dyson 2012; Stewart and
// Plotkin 2012). Arguments (phi, s) or (phi, s, l) replace the defaults; a baseline tied to P or
// R (ZD-Extort-2, ZD-GTFT-2) takes two arguments only.
CompiledStrategy zero_determinant(const StrategyArgs& a, const ZeroDeterminant& z) {
  const size_t max_args = z.baseline == Baseline::kValue ? 3 : 2;
  expect_args(a, z.name, 0, max_args);
  double phi = z.phi, s = z.s, l = z.l;
  if (!a.args.empty()) {
    expect_args(a, z.name, 2, max_args);
    phi = parse_number(a.args[0], a, "a number (phi)");
    s = parse_number(a.args[1], a, "a number (s)");
    if (a.args.size() == 3) l = parse_number(a.args[2], a, "a number (l)");
  }
  const double r = a.payoffs.value[0], ss = a.payoffs.value[1], t = a.payoffs.value[2],
               p = a.payoffs.value[3];
  if (z.baseline == Baseline::kPunishment) l = p;
  if (z.baseline == Baseline::kReward) l = r;
  const std::array<double, 4> v = {1 - phi * (1 - s) * (r - l), 1 - phi * (s * (l - ss) + (t - l)),
                                   phi * ((l - ss) + s * (t - l)), phi * (1 - s) * (l - p)};
  std::array<Probability, 4> q{};
  for (int i = 0; i < 4; ++i) {
    if (!(v[i] >= 0.0 && v[i] <= 1.0)) {
      throw ConfigError(fmt::format(
          "strategy \"{}\": phi = {:g}, s = {:g}, l = {:g} give P(C) = {:g} after outcome {} "
          "for these payoffs; expected probabilities in [0, 1]",
          a.spec, phi, s, l, v[i], i));
    }
    q[i] = probability_threshold(v[i], a.spec);
  }
  std::string canonical = z.name;  // arguments shown only where they differ from the defaults
  if (phi != z.phi || s != z.s || (a.args.size() == 3 && l != z.l)) {
    canonical += fmt::format("({:g}, {:g}", phi, s);
    canonical += a.args.size() == 3 ? fmt::format(", {:g})", l) : ")";
  }
  return CompiledStrategy{canonical, memory_one(q, kCertain)};
}

std::function<CompiledStrategy(const StrategyArgs&)> zd(ZeroDeterminant z) {
  return [z](const StrategyArgs& a) { return zero_determinant(a, z); };
}

// ---- the table --------------------------------------------------------------------------

std::vector<BuiltinStrategy> make_table() {
  using B = BuiltinStrategy;
  return {
      // The classic strategies.
      B{"Cooperator", "Cooperator", {"ALLC"}, "Cooperator", fixed("Cooperator", cooperator)},
      B{"Defector", "Defector", {"ALLD"}, "Defector", fixed("Defector", defector)},
      B{"TitForTat", "Tit For Tat", {"TFT"}, "TitForTat", fixed("TitForTat", tit_for_tat)},
      B{"SuspiciousTitForTat",
        "Suspicious Tit For Tat",
        {"STFT"},
        "SuspiciousTitForTat",
        fixed("SuspiciousTitForTat", suspicious_tit_for_tat)},
      B{"TitFor2Tats",
        "Tit For 2 Tats",
        {"TF2T"},
        "TitFor2Tats",
        fixed("TitFor2Tats", tit_for_2_tats)},
      B{"TwoTitsForTat",
        "Two Tits For Tat",
        {"2TFT"},
        "TwoTitsForTat",
        fixed("TwoTitsForTat", two_tits_for_tat)},
      B{"Grudger", "Grudger", {"Grim", "GrimTrigger"}, "Grudger", fixed("Grudger", grudger)},
      B{"WinStayLoseShift",
        "Win-Stay Lose-Shift",
        {"WSLS", "Pavlov"},
        "WinStayLoseShift",
        fixed("WinStayLoseShift", win_stay_lose_shift)},
      B{"Alternator", "Alternator", {}, "Alternator", fixed("Alternator", alternator)},
      B{"Cycler", "Cycler", {}, "Cycler(CCD)", cycler},
      B{"GoByMajority",
        "Soft Go By Majority",
        {"SoftGoByMajority", "Go By Majority"},
        "GoByMajority(n)",
        [](const StrategyArgs& a) { return go_by_majority(a, "GoByMajority", true); }},
      B{"HardGoByMajority",
        "Hard Go By Majority",
        {},
        "HardGoByMajority(n)",
        [](const StrategyArgs& a) { return go_by_majority(a, "HardGoByMajority", false); }},
      B{"Random", "Random", {}, "Random(p)", random_player},
      B{"GTFT", "GTFT", {"GenerousTitForTat"}, "GTFT(p)", gtft},
      B{"Joss",
        "First by Joss",
        {"FirstByJoss"},
        "Joss(p)",
        memory_one_with("Joss", 0.9,
                        [](double p) {
                          return std::array<double, 4>{p, 0, p, 0};
                        })},
      B{"MemoryOne",
        "Generic Memory One Player",
        {"MemoryOnePlayer"},
        "MemoryOne(pCC, pCD, pDC, pDD, C)",
        generic_memory_one},
      // Tit For Tat's relatives.
      B{"AntiTitForTat",
        "Anti Tit For Tat",
        {},
        "AntiTitForTat",
        fixed("AntiTitForTat", anti_tit_for_tat)},
      B{"Bully", "Bully", {"ReverseTitForTat"}, "Bully", fixed("Bully", bully)},
      B{"HardTitForTat",
        "Hard Tit For Tat",
        {},
        "HardTitForTat",
        fixed("HardTitForTat", hard_tit_for_tat)},
      B{"HardTitFor2Tats",
        "Hard Tit For 2 Tats",
        {},
        "HardTitFor2Tats",
        fixed("HardTitFor2Tats", hard_tit_for_2_tats)},
      B{"SpitefulTitForTat",
        "Spiteful Tit For Tat",
        {},
        "SpitefulTitForTat",
        fixed("SpitefulTitForTat", spiteful_tit_for_tat)},
      B{"SlowTitForTwoTats2",
        "Slow Tit For Two Tats 2",
        {},
        "SlowTitForTwoTats2",
        fixed("SlowTitForTwoTats2", slow_tit_for_two_tats_2)},
      B{"SneakyTitForTat",
        "Sneaky Tit For Tat",
        {},
        "SneakyTitForTat",
        fixed("SneakyTitForTat", sneaky_tit_for_tat)},
      B{"ForgivingTitForTat",
        "Forgiving Tit For Tat",
        {},
        "ForgivingTitForTat",
        counting_rule("ForgivingTitForTat", CountingRule::kForgivingTitForTat)},
      B{"Gradual", "Gradual", {}, "Gradual", counting_rule("Gradual", CountingRule::kGradual)},
      B{"OriginalGradual",
        "Original Gradual",
        {},
        "OriginalGradual",
        counting_rule("OriginalGradual", CountingRule::kOriginalGradual)},
      // Grudgers and punishers.
      B{"ForgetfulGrudger",
        "Forgetful Grudger",
        {},
        "ForgetfulGrudger",
        fixed("ForgetfulGrudger", forgetful_grudger)},
      B{"SoftGrudger", "Soft Grudger", {}, "SoftGrudger", fixed("SoftGrudger", soft_grudger)},
      B{"Aggravater", "Aggravater", {}, "Aggravater", fixed("Aggravater", aggravater)},
      B{"GrudgerAlternator",
        "GrudgerAlternator",
        {},
        "GrudgerAlternator",
        fixed("GrudgerAlternator", grudger_alternator)},
      B{"OppositeGrudger",
        "Opposite Grudger",
        {},
        "OppositeGrudger",
        fixed("OppositeGrudger", opposite_grudger)},
      B{"EasyGo",
        "EasyGo",
        {"FoolMeForever", "ReverseGrudger"},
        "EasyGo",
        fixed("EasyGo", easy_go)},
      B{"FoolMeOnce", "Fool Me Once", {}, "FoolMeOnce", fixed("FoolMeOnce", fool_me_once)},
      B{"OnceBitten", "Once Bitten", {}, "OnceBitten", fixed("OnceBitten", once_bitten)},
      B{"FirstByDavis", "First by Davis", {"Davis"}, "FirstByDavis(n)", first_by_davis},
      B{"Punisher", "Punisher", {}, "Punisher", counting_rule("Punisher", CountingRule::kPunisher)},
      B{"InversePunisher",
        "Inverse Punisher",
        {},
        "InversePunisher",
        counting_rule("InversePunisher", CountingRule::kInversePunisher)},
      B{"LevelPunisher",
        "Level Punisher",
        {},
        "LevelPunisher",
        counting_rule("LevelPunisher", CountingRule::kLevelPunisher)},
      B{"Forgiver", "Forgiver", {}, "Forgiver", counting_rule("Forgiver", CountingRule::kForgiver)},
      // Strategies that use the match length (docs/strategies.md).
      B{"Alexei", "Alexei", {}, "Alexei", fixed("Alexei", alexei)},
      B{"EugineNier",
        "EugineNier",
        {"Eugine Nier"},
        "EugineNier",
        fixed("EugineNier", eugine_nier)},
      B{"BackStabber",
        "BackStabber",
        {"Backstabber"},
        "BackStabber",
        fixed("BackStabber", back_stabber)},
      B{"DoubleCrosser",
        "DoubleCrosser",
        {"Double Crosser"},
        "DoubleCrosser",
        fixed("DoubleCrosser", double_crosser)},
      // Probers and openings.
      B{"Prober", "Prober", {}, "Prober", fixed("Prober", prober)},
      B{"Prober2", "Prober 2", {}, "Prober2", fixed("Prober2", prober_2)},
      B{"Prober3", "Prober 3", {}, "Prober3", fixed("Prober3", prober_3)},
      B{"Prober4", "Prober 4", {}, "Prober4", fixed("Prober4", prober_4)},
      B{"HardProber", "Hard Prober", {}, "HardProber", fixed("HardProber", hard_prober)},
      B{"NaiveProber",
        "Naive Prober",
        {},
        "NaiveProber(p)",
        memory_one_with("NaiveProber", 0.1,
                        [](double p) {
                          return std::array<double, 4>{1 - p, 0, 1 - p, 0};
                        })},
      B{"Detective", "Detective", {}, "Detective", fixed("Detective", detective)},
      B{"Handshake", "Handshake", {}, "Handshake", fixed("Handshake", handshake)},
      // Outcome-driven (memory-one and memory-three) strategies.
      B{"Appeaser", "Appeaser", {}, "Appeaser", fixed("Appeaser", appeaser)},
      B{"WinShiftLoseStay", "Win-Shift Lose-Stay", {}, "WinShiftLoseStay(D)", win_shift_lose_stay},
      B{"CAPRI", "CAPRI", {"Capri"}, "CAPRI", fixed("CAPRI", capri)},
      B{"StochasticWSLS",
        "Stochastic WSLS",
        {},
        "StochasticWSLS(ep)",
        memory_one_with("StochasticWSLS", 0.05,
                        [](double e) {
                          return std::array<double, 4>{1 - e, e, e, 1 - e};
                        })},
      B{"FirmButFair",
        "Firm But Fair",
        {},
        "FirmButFair",
        memory_one_fixed("FirmButFair", {1, 0, 1, 2.0 / 3.0})},
      B{"StochasticCooperator",
        "Stochastic Cooperator",
        {},
        "StochasticCooperator",
        memory_one_fixed("StochasticCooperator", {0.935, 0.229, 0.266, 0.42})},
      B{"SoftJoss",
        "Soft Joss",
        {},
        "SoftJoss(q)",
        memory_one_with("SoftJoss", 0.9,
                        [](double q) {
                          return std::array<double, 4>{1, 1 - q, 1, 1 - q};
                        })},
      B{"FirstByGrofman",
        "First by Grofman",
        {"Grofman"},
        "FirstByGrofman",
        memory_one_fixed("FirstByGrofman", {1, 2.0 / 7.0, 2.0 / 7.0, 1})},
      // Zero-determinant strategies.
      B{"ZDExtort2",
        "ZD-Extort-2",
        {},
        "ZDExtort2(phi, s)",
        zd({"ZDExtort2", 1.0 / 9.0, 0.5, 0, Baseline::kPunishment})},
      B{"ZDExtort3",
        "ZD-Extort3",
        {},
        "ZDExtort3(phi, s, l)",
        zd({"ZDExtort3", 3.0 / 26.0, 1.0 / 3.0, 1, Baseline::kValue})},
      B{"ZDExtort4",
        "ZD-Extort-4",
        {},
        "ZDExtort4(phi, s, l)",
        zd({"ZDExtort4", 4.0 / 17.0, 0.25, 1, Baseline::kValue})},
      B{"ZDGTFT2",
        "ZD-GTFT-2",
        {},
        "ZDGTFT2(phi, s)",
        zd({"ZDGTFT2", 0.25, 0.5, 0, Baseline::kReward})},
      B{"ZDGen2",
        "ZD-GEN-2",
        {},
        "ZDGen2(phi, s, l)",
        zd({"ZDGen2", 1.0 / 8.0, 0.5, 3, Baseline::kValue})},
      B{"ZDSet2",
        "ZD-SET-2",
        {},
        "ZDSet2(phi, s, l)",
        zd({"ZDSet2", 0.25, 0.0, 2, Baseline::kValue})},
  };
}

}  // namespace

const std::vector<BuiltinStrategy>& builtin_strategies() {
  static const std::vector<BuiltinStrategy> table = make_table();
  return table;
}

const BuiltinStrategy* find_builtin(const std::string& name) {
  static const std::map<std::string, const BuiltinStrategy*> index = [] {
    std::map<std::string, const BuiltinStrategy*> m;
    for (const BuiltinStrategy& b : builtin_strategies()) {
      m.emplace(b.name, &b);
      m.emplace(b.axelrod_name, &b);
      for (const auto& alias : b.aliases) m.emplace(alias, &b);
    }
    return m;
  }();
  const auto it = index.find(name);
  return it == index.end() ? nullptr : it->second;
}

}  // namespace evomarket
