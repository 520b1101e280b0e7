// The [market] table of an experiment in market mode (docs/market.md, docs/config.md).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "host/profiles/meter_communities.h"
#include "kernels/clearing.h"
#include "kernels/market.h"
#include "kernels/market_fitness.h"

namespace evomarket {

class TableReader;

struct BatteryConfig {
  double share = 0.0;  // fraction of homes with a battery (drawn per agent)
  double capacity_kwh = 10.0;
  double power_kw = 5.0;    // charge and discharge limit
  double efficiency = 0.9;  // round trip, in (0, 1]
};

struct MarketConfig {
  MarketStructure structure = MarketStructure::kCommunity;
  // Composite: pricing strategies of the community market's orders. Agents hold a contract
  // strategy and one of these (every combination is a strategy of its own); one entry prices
  // every order alike.
  std::vector<std::string> pricing_strategies{"Truthful"};
  double contract_noise = 0.0;  // contract structures: P(an intended honour/renege is flipped)
  std::string profiles;         // profile store; empty: the synthetic default community
  uint64_t agents = 100000;
  uint32_t community_size = 100;
  // agents = "meters": one agent per meter of the store, in the communities of the data (the
  // store's meter groups, or communities_file), resolved by resolve_meter_agents().
  bool meter_agents = false;
  std::string communities_file;  // CSV meter,community; empty: the store's meter groups
  MeterCommunities communities;  // resolved (meter_agents only)
  // Pricing strategies (host/pricing_catalog.h), or contract strategies (iterated-game names,
  // docs/strategies.md) for the bilateral and composite structures.
  std::vector<std::string> strategies;
  // Evolving prices ([market.genome], kernels/pricing_genome.h): each agent carries its own
  // Markup(a, b) instead of a strategy of the menu; strategies is then {"Genome"}.
  struct Genome {
    bool enabled = false;
    bool uniform = true;          // initial a and b drawn uniformly in [0, 1] per agent
    double ask = 0.0, bid = 0.0;  // else everyone starts at Markup(ask, bid)
    double step = 0.05;           // a mutation moves each coordinate by up to this much
    uint32_t bins = 20;           // histogram bins over [0, 1] per generation
  } genome;
  std::vector<double> shares;
  std::vector<uint64_t> counts;  // resolved exact counts
  uint32_t first_day = 0;        // first day of the store used
  uint32_t days = 7;             // days of data used, from first_day (cycled when generations
                                 // need more)
  uint32_t days_per_generation = 1;
  uint32_t generations = 7;
  MarketMechanism mechanism = MarketMechanism::kUniform;
  UniformPrice uniform_rule = UniformPrice::kLastMatchedPair;
  PayAsBid pay_as_bid = PayAsBid::kOwnPrice;
  ContinuousPrice continuous_price = ContinuousPrice::kRestingOrder;  // mechanism "continuous"
  ReversePayment reverse_payment = ReversePayment::kUniform;          // mechanism "reverse_auction"
  double k = 0.5;
  std::vector<double> retail{0.30};  // currency per kWh: one value or one per slot of the day
  std::vector<double> feed_in{0.08};
  // Network charges, currency per kWh (one value or one per slot of the day): on every kWh
  // imported from the grid (also without a market), and on every kWh bought inside a community
  // (the buyer pays it; bilateral contracts too).
  std::vector<double> import_fee{0.0};
  std::vector<double> community_fee{0.0};
  double scale_min = 0.8;  // agents scale their profile by a factor in [scale_min, scale_max]
  double scale_max = 1.2;
  uint32_t max_shift_slots = 1;  // and shift it by up to this many slots
  BatteryConfig battery;
  bool per_community = false;  // also write per-community slot series
  // What imitation compares and with whom (docs/market.md, "Fitness").
  MarketFitness fitness = MarketFitness::kRelativeSavings;
  ImitationPeers imitation = ImitationPeers::kSameClass;
};

// The strategies agents hold: market.strategies, or in composite markets with several pricing
// strategies every "Contract+Pricing" combination (contract-major order).
std::vector<std::string> agent_strategy_names(const MarketConfig& m);

// Reads `market` into `m` (ConfigError naming the file, line and key). With agents = "meters"
// the agents and their counts wait for resolve_meter_agents().
void read_market(TableReader& market, MarketConfig& m);

// agents = "meters": opens the store m.profiles (and m.communities_file), sets the agents, the
// communities and the strategy counts (a no-op otherwise). Paths are already resolved.
void resolve_meter_agents(TableReader& market, MarketConfig& m);

// Names used in the config and the results file.
const char* mechanism_name(MarketMechanism m);
const char* structure_name(MarketStructure s);
const char* uniform_rule_name(UniformPrice r);
const char* pay_as_bid_name(PayAsBid r);
const char* continuous_price_name(ContinuousPrice p);
const char* reverse_payment_name(ReversePayment p);
const char* fitness_name(MarketFitness f);
const char* imitation_name(ImitationPeers p);

}  // namespace evomarket
