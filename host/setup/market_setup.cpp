#include "host/setup/market_setup.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace evomarket {

void check_genomes(const MarketSetup& setup, const std::vector<uint32_t>& genomes) {
  const uint64_t expected = setup.genome.enabled ? setup.agents * kGenomeWords : 0;
  if (genomes.size() != expected) {
    throw std::invalid_argument("market: " + std::to_string(genomes.size()) +
                                " genome words, expected " + std::to_string(expected));
  }
  for (uint32_t x : genomes) {
    if (x > kMarkupOne) {
      throw std::invalid_argument("market: a genome markup " + std::to_string(x) + " ppm above 1");
    }
  }
}

GenomeParams genome_params(const MarketSetup& setup, const UpdateParams& update) {
  return GenomeParams{update.mutation, setup.genome.step_ppm};
}

int64_t net_metering_money(int64_t v, int64_t fit_sum, int64_t retail_sum) {
  if (v <= 0 || retail_sum == 0) return v <= 0 ? v : 0;
  __extension__ typedef __int128 i128;
  return static_cast<int64_t>(static_cast<i128>(v) * fit_sum / retail_sum);
}

MarketTotals collect_market_totals(const MarketSetup& setup, const std::vector<uint16_t>& strategy,
                                   const std::vector<int64_t>& accounts,
                                   const std::vector<int64_t>& nem_value,
                                   std::vector<int64_t> community,
                                   const std::vector<uint64_t>& reneges,
                                   const std::vector<uint32_t>& partners) {
  MarketTotals t;
  t.agents.assign(setup.strategy_count(), 0);
  t.payoff.assign(setup.strategy_count(), 0);
  t.fitness.assign(setup.strategy_count(), 0);
  t.contract_days.assign(setup.strategy_count(), 0);
  t.honoured_days.assign(setup.strategy_count(), 0);
  t.community_agents.assign(setup.communities() * setup.strategy_count(), 0);
  t.community_savings.assign(setup.communities() * setup.strategy_count(), 0);
  const uint32_t days = setup.days_per_generation;
  const uint64_t all_days = days >= 64 ? ~uint64_t{0} : (uint64_t{1} << days) - 1;
  int64_t fit_sum = 0, retail_sum = 0;
  for (uint32_t s = 0; s < setup.slots_per_day; ++s) {
    fit_sum += setup.feed_in[s];
    retail_sum += setup.retail[s];
  }
  const uint64_t communities = setup.communities();
  for (uint64_t c = 0; c < communities; ++c) {
    const uint64_t first = c * setup.community_size;
    const uint64_t last = std::min<uint64_t>(first + setup.community_size, setup.agents);
    int64_t nem = 0;
    for (uint64_t a = first; a < last; ++a) {
      nem += net_metering_money(nem_value[a], fit_sum, retail_sum);
      t.agents[strategy[a]] += 1;
      t.community_agents[c * setup.strategy_count() + strategy[a]] += 1;
      t.community_savings[c * setup.strategy_count() + strategy[a]] +=
          accounts[a * kAccountFields + kAccountSavings];
      const int64_t* account = &accounts[a * kAccountFields];
      t.payoff[strategy[a]] += payoff_milli(account[kAccountSavings]);
      t.fitness[strategy[a]] += market_fitness_q16(setup.fitness, account[kAccountSavings],
                                                   account[kAccountPotential], days);
      if (!reneges.empty() && partners[a] != a - first) {
        t.contract_days[strategy[a]] += days;
        t.honoured_days[strategy[a]] +=
            days - static_cast<uint64_t>(__builtin_popcountll(reneges[a] & all_days));
      }
    }
    community[c * kCommunityFields + kCommunityNetMetering] = nem;
  }
  t.community = std::move(community);
  return t;
}

}  // namespace evomarket
