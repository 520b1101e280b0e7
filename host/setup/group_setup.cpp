#include "host/setup/group_setup.h"

#include <algorithm>
#include <cmath>
#include <regex>

namespace evomarket {

bool group_size_allowed(const GroupGame& g, int n) {
  if (n < 2 || n > kMaxGroupSize) return false;
  return g.kind != GroupGameKind::kTable || n == g.group_size;
}

namespace {

// Calls f(n, cooperates, others, payoff) for every entry the table holds.
template <typename F>
void for_each_entry(const GroupGame& g, F f) {
  for (int n = 2; n <= kMaxGroupSize; ++n) {
    if (!group_size_allowed(g, n)) continue;
    GroupGame sized = g;
    sized.group_size = n;
    for (int others = 0; others < n; ++others) {
      for (bool c : {false, true}) f(n, c, others, group_payoff(sized, c, others));
    }
  }
}

}  // namespace

std::vector<int64_t> build_group_payoff_table(const GroupGame& g) {
  std::vector<int64_t> table(kGroupTableEntries, 0);
  for_each_entry(g, [&](int n, bool c, int others, double p) {
    table[group_table_index(n, c, others)] = std::llround(p * static_cast<double>(kGroupPayoffOne));
  });
  return table;
}

std::pair<double, double> group_payoff_range(const GroupGame& g) {
  double lo = INFINITY, hi = -INFINITY;
  for_each_entry(g, [&](int, bool, int, double p) {
    lo = std::min(lo, p);
    hi = std::max(hi, p);
  });
  return {lo, hi};
}

double largest_group_payoff(const GroupGame& g) {
  const auto [lo, hi] = group_payoff_range(g);
  return std::max(std::fabs(lo), std::fabs(hi));
}

int32_t group_strategy_code(const std::string& name, int group_size) {
  if (name == "Cooperate") return kGroupCooperate;
  if (name == "Defect") return kGroupDefect;
  static const std::regex conditional(R"(Conditional\((\d{1,3})\))");
  std::smatch m;
  if (!std::regex_match(name, m, conditional)) return -1;
  const int k = std::stoi(m[1]);
  return k <= group_size - 1 ? group_conditional(k) : -1;
}

}  // namespace evomarket
