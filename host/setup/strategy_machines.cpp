#include "host/setup/strategy_machines.h"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <tuple>

namespace evomarket {

uint64_t move_threshold(uint32_t move) {
  return move == kCooperate ? kCertain : 0;
}

LocalMachine constant(Probability p) {
  LocalMachine m;
  m.add_state(p.threshold);
  return m;
}

LocalMachine reactive(uint32_t first, uint32_t after_c, uint32_t after_d) {
  LocalMachine m;
  const uint32_t c = m.add_state(kCertain);
  const uint32_t d = m.add_state(0);
  const uint32_t on_c = after_c == kCooperate ? c : d;
  const uint32_t on_d = after_d == kCooperate ? c : d;
  m.on_opponent(c, on_c, on_d);
  m.on_opponent(d, on_c, on_d);
  m.initial = first == kCooperate ? c : d;
  return m;
}

LocalMachine memory_one(const std::array<Probability, 4>& p, uint64_t first_threshold) {
  LocalMachine m;
  const uint32_t start = m.add_state(first_threshold);
  std::array<uint32_t, 4> after{};
  for (uint32_t o = 0; o < 4; ++o) after[o] = m.add_state(p[o].threshold);
  for (uint32_t s = start; s <= after[3]; ++s) m.next[s] = after;
  m.initial = start;
  return m;
}

LocalMachine counting(CountingRule rule) {
  LocalMachine m;
  m.add_state(kCertain);
  m.kind = StrategyKind::kCounting;
  m.counting_rule = rule;
  return m;
}

bool Recall::operator<(const Recall& o) const {
  return std::tie(turn, opponent, own, flag, count) <
         std::tie(o.turn, o.opponent, o.own, o.flag, o.count);
}

LocalMachine enumerate_machine(const RecallShape& shape, const DecideFn& decide,
                               const std::string& name, size_t max_states) {
  const auto mask = [](uint32_t bits) { return bits >= 32 ? ~0u : (1u << bits) - 1; };
  LocalMachine m;
  std::map<Recall, uint32_t> index;
  std::vector<Recall> pending;
  const auto state_of = [&](const Recall& r) {
    auto [it, added] = index.emplace(r, 0);
    if (added) {
      if (index.size() > max_states) {
        throw std::logic_error("strategy " + name + ": more than " + std::to_string(max_states) +
                               " reachable history summaries");
      }
      Recall scratch = r;
      it->second = m.add_state(move_threshold(decide(scratch)));
      pending.push_back(r);
    }
    return it->second;
  };
  m.initial = state_of(Recall{});
  for (size_t i = 0; i < pending.size(); ++i) {
    const Recall r = pending[i];
    const uint32_t self = index.at(r);
    for (uint32_t own : {kCooperate, kDefect}) {
      for (uint32_t opponent : {kCooperate, kDefect}) {
        Recall after = r;
        decide(after);  // the attribute updates of this turn's choice
        after.turn = std::min(after.turn + 1, shape.turn_cap);
        after.opponent = ((after.opponent << 1) | opponent) & mask(shape.opponent_bits);
        after.own = ((after.own << 1) | own) & mask(shape.own_bits);
        const uint32_t next = state_of(after);
        m.next[self][outcome_index(own, opponent)] = next;
      }
    }
  }
  return m;
}

}  // namespace evomarket
