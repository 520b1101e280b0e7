// The exact agents per strategy that [population] and [market] tables resolve from their shares
// or counts (host/config/toml_reader.h).
#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "host/config/toml_reader.h"

namespace evomarket {

// Largest-remainder rounding of shares to exact counts summing to `agents`.
std::vector<uint64_t> counts_from_shares(const std::vector<double>& shares, uint64_t agents) {
  std::vector<uint64_t> counts(shares.size());
  std::vector<std::pair<double, size_t>> remainders;
  const double total = std::accumulate(shares.begin(), shares.end(), 0.0);
  uint64_t assigned = 0;
  for (size_t s = 0; s < shares.size(); ++s) {
    const double exact = shares[s] / total * static_cast<double>(agents);
    counts[s] = static_cast<uint64_t>(std::floor(exact));
    assigned += counts[s];
    remainders.emplace_back(-(exact - std::floor(exact)), s);
  }
  std::sort(remainders.begin(), remainders.end());
  for (size_t i = 0; assigned < agents; ++i, ++assigned)
    ++counts[remainders[i % counts.size()].second];
  return counts;
}

// Exact agents per strategy from `shares` (fractions summing to 1) or `counts` (summing to
// `agents`): exactly one of them must be given, one entry per strategy.
std::vector<uint64_t> resolve_strategy_counts(TableReader& t,
                                              const std::vector<std::string>& strategies,
                                              const std::vector<double>& shares,
                                              const std::vector<int64_t>& counts, uint64_t agents) {
  const std::string where = t.qualified("");
  const std::string prefix = where.substr(0, where.size() - 1);  // e.g. "population"
  if (strategies.empty()) {
    t.fail("strategies", t.node("strategies"), "a non-empty list of strategy names");
  }
  if (!shares.empty() == !counts.empty()) {
    t.fail("shares", t.node("shares"),
           fmt::format("exactly one of {0}.shares (fractions summing to 1) or {0}.counts "
                       "(agents per strategy summing to {0}.agents)",
                       prefix));
  }
  const size_t given = counts.empty() ? shares.size() : counts.size();
  if (given != strategies.size()) {
    const char* key = counts.empty() ? "shares" : "counts";
    t.fail(key, t.node(key),
           fmt::format("one entry per strategy ({} strategies, {} entries)", strategies.size(),
                       given));
  }
  if (strategies.size() > 65535) {
    t.fail("strategies", t.node("strategies"), "at most 65535 strategies");
  }
  if (!counts.empty()) {
    int64_t sum = 0;
    for (int64_t n : counts) {
      if (n < 0) t.fail("counts", t.node("counts"), "counts >= 0");
      sum += n;
    }
    if (static_cast<uint64_t>(sum) != agents) {
      t.fail("counts", t.node("counts"),
             fmt::format("counts summing to {}.agents = {}, got {}", prefix, agents, sum));
    }
    return std::vector<uint64_t>(counts.begin(), counts.end());
  }
  double sum = 0;
  for (double x : shares) {
    if (!(x >= 0)) t.fail("shares", t.node("shares"), "shares >= 0");
    sum += x;
  }
  if (std::abs(sum - 1.0) > 1e-6) {
    t.fail("shares", t.node("shares"),
           fmt::format("shares summing to 1 (within 1e-6), got {}", sum));
  }
  return counts_from_shares(shares, agents);
}

}  // namespace evomarket
