// The market game as the backends receive it: integer tariffs, the pricing strategy table,
// mechanism, batteries and the agent-to-profile rule, built once from the config and the
// profile store (docs/market.md). Kept free of I/O headers: the CUDA backend includes it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "host/setup/energy_batch.h"
#include "host/setup/evolution_setup.h"
#include "host/setup/strategy_set.h"
#include "kernels/market.h"
#include "kernels/market_fitness.h"

namespace evomarket {

constexpr int64_t kPricePerCurrency = 1000000;  // prices: micro-currency per kWh
constexpr double kPicoPerCurrency = 1e12;

struct MarketSetup {
  std::vector<std::string> names;  // pricing strategies
  std::vector<PricingStrategy> strategies;
  std::vector<int64_t> retail;  // per slot of the day, micro-currency per kWh
  std::vector<int64_t> feed_in;
  std::vector<int64_t> import_fee;     // per slot of the day; empty: none (kernels/bidding.h)
  std::vector<int64_t> community_fee;  // per slot of the day; empty: none
  uint32_t slots_per_day = 48;
  uint32_t days_per_generation = 1;
  MarketMechanism mechanism = MarketMechanism::kUniform;
  UniformPrice uniform_rule = UniformPrice::kLastMatchedPair;
  PayAsBid pay_as_bid = PayAsBid::kOwnPrice;
  ContinuousPrice continuous_price = ContinuousPrice::kRestingOrder;
  ReversePayment reverse_payment = ReversePayment::kUniform;
  int64_t k_num = 500000;
  int64_t k_den = 1000000;
  BatteryParams battery{0, 0, 0, kEfficiencyOne};
  AgentProfileRule profiles{};
  uint64_t agents = 0;
  uint32_t community_size = 1;  // equal blocks; with community_offsets: the largest community
  uint64_t seed = 0;
  // Real communities (market.agents = "meters"): community c holds agents [community_offsets[c],
  // community_offsets[c + 1]) and is called community_names[c]; agent a follows store meter
  // meters[a]. Empty: equal blocks of community_size, numbered, on sampled meters.
  std::vector<uint64_t> community_offsets;
  std::vector<std::string> community_names;
  std::vector<uint32_t> meters;
  // Bilateral and composite structures: the contract strategies; an agent's strategy s holds
  // contract s / strategies.size() and pricing s % strategies.size() (kernels/market.h).
  MarketStructure structure = MarketStructure::kCommunity;
  StrategySet contracts;
  Probability contract_noise{0};
  // The store holds net energy only (PV minus load): outputs that need gross load and PV
  // separately are NaN (docs/market.md, "On real meter data").
  bool net_only = false;
  // Evolving prices (kernels/pricing_genome.h): every agent carries its own Markup(a, b).
  struct Genome {
    bool enabled = false;
    bool uniform = true;           // initial genomes drawn uniformly
    uint32_t initial[2] = {0, 0};  // else everyone's, ppm
    uint32_t step_ppm = 50000;     // largest mutation step
    uint32_t bins = 20;            // histogram bins per generation
  } genome;
  // What imitation compares, and with whom (kernels/market_fitness.h).
  MarketFitness fitness = MarketFitness::kRelativeSavings;
  ImitationPeers peers = ImitationPeers::kSameClass;

  uint64_t communities() const {
    if (!community_offsets.empty()) return community_offsets.size() - 1;
    return (agents + community_size - 1) / community_size;
  }
  // The community of `agent`.
  uint64_t community_of(uint64_t agent) const {
    if (community_offsets.empty()) return agent / community_size;
    return static_cast<uint64_t>(
        std::upper_bound(community_offsets.begin(), community_offsets.end(), agent) -
        community_offsets.begin() - 1);
  }
  // Agents [community_first(c), community_first(c + 1)) form community c.
  uint64_t community_first(uint64_t c) const {
    if (!community_offsets.empty()) return community_offsets[c];
    return std::min<uint64_t>(c * community_size, agents);
  }
  // Strategies agents hold: pricing strategies, or contract strategies.
  uint32_t strategy_count() const { return static_cast<uint32_t>(names.size()); }
  bool has_contracts() const { return structure != MarketStructure::kCommunity; }
  // What a kWh bought inside a community is worth to a buyer in slot t (kernels/bidding.h).
  int64_t local_value(uint32_t t) const {
    return retail[t] + (import_fee.empty() ? 0 : import_fee[t]) -
           (community_fee.empty() ? 0 : community_fee[t]);
  }
  // The per-slot tables the kernels read, at the given addresses.
  struct Tariffs {
    const int64_t* retail;
    const int64_t* feed_in;
    const int64_t* import_fee;     // nullptr: none
    const int64_t* community_fee;  // nullptr: none
  };

  // The kernels' view with the tables at the given addresses (host or device copies).
  MarketView view(const Tariffs& tariffs, const PricingStrategy* table,
                  StrategyTableView contract_table, const uint64_t* reneges,
                  const uint32_t* partners, const uint64_t* offsets,
                  const uint32_t* meter_of_agent) const {
    return MarketView{TariffView{tariffs.retail, tariffs.feed_in, slots_per_day, tariffs.import_fee,
                                 tariffs.community_fee},
                      table,
                      mechanism,
                      uniform_rule,
                      pay_as_bid,
                      continuous_price,
                      reverse_payment,
                      k_num,
                      k_den,
                      battery,
                      profiles,
                      agents,
                      community_size,
                      seed,
                      static_cast<uint32_t>(strategies.size()),
                      structure,
                      contract_table,
                      contract_noise,
                      reneges,
                      partners,
                      community_offsets.empty() ? nullptr : offsets,
                      communities(),
                      meters.empty() ? nullptr : meter_of_agent};
  }
  MarketView view(const uint64_t* reneges = nullptr, const uint32_t* partners = nullptr) const {
    return view(
        Tariffs{retail.data(), feed_in.data(), import_fee.empty() ? nullptr : import_fee.data(),
                community_fee.empty() ? nullptr : community_fee.data()},
        strategies.data(), contracts.view(), reneges, partners, community_offsets.data(),
        meters.data());
  }

  // The community layout the update rule imitates within (`offsets`: a host or device copy of
  // community_offsets).
  PopulationLayout layout(const uint64_t* offsets) const {
    return PopulationLayout{agents,
                            PartnerMode::kCommunity,
                            0,
                            community_size,
                            0,
                            0,
                            nullptr,
                            nullptr,
                            0,
                            community_offsets.empty() ? nullptr : offsets,
                            communities()};
  }
  PopulationLayout layout() const { return layout(community_offsets.data()); }
};

// Per-community totals of one generation, [community][field]: what the summaries of the slots
// do not already hold. Money in pico, energy in mWh.
enum CommunityField : uint32_t {
  kCommunityLoad = 0,         // gross scaled consumption
  kCommunityPv = 1,           // gross scaled generation
  kCommunityGridOnly = 2,     // members' money without any market (imports < 0, exports > 0)
  kCommunityNetMetering = 3,  // members' money under net metering
  kCommunityFields = 4,
};

// One simulated day of every community.
struct MarketDay {
  uint64_t first_slot = 0;  // absolute slot of the store
  uint32_t slots = 0;
  uint64_t communities = 0;
  std::vector<int64_t> summaries;  // [community][slot][kSlotSummaryFields] (SlotSummary order)
};

// One generation: per strategy and per community.
struct MarketTotals {
  std::vector<uint64_t> agents;    // per strategy
  std::vector<int64_t> payoff;     // per strategy: savings in milli-currency (floored per agent)
  std::vector<int64_t> fitness;    // per strategy: the sum of its agents' fitness (2^-16 units)
  std::vector<int64_t> community;  // [community][kCommunityFields]
  // Contract structures, per strategy: days its agents were bound by a contract, and honoured.
  std::vector<uint64_t> contract_days;
  std::vector<uint64_t> honoured_days;
  // Agents per community and strategy, [community][strategy] (output.community_counts).
  std::vector<uint64_t> community_agents;
  // Their savings against grid-only settlement, [community][strategy], pico.
  std::vector<int64_t> community_savings;
};

// A market population on a backend. A generation is begin_generation(), play_day() for each of
// its days, end_generation(), then evolve().
class MarketEngine {
 public:
  virtual ~MarketEngine() = default;
  // Places exactly counts[s] agents of strategy s (kernels/placement.h, as for populations).
  virtual void place_strategies(const std::vector<uint64_t>& counts) = 0;
  // Resets the generation's sums; draws contract partners and plays the contracts' days.
  virtual void begin_generation(uint32_t generation) = 0;
  // Trades the whole store day covered by `batch` (batch.first_slot is its first slot);
  // `sim_day` numbers the simulated day (keys the day's random draws).
  virtual MarketDay play_day(const EnergyBatch& batch, uint32_t sim_day) = 0;
  // Net metering per agent over the generation, payoffs, per-strategy sums.
  virtual MarketTotals end_generation() = 0;
  virtual void evolve(uint32_t generation) = 0;
  virtual std::vector<uint16_t> strategies() const = 0;
  // Every agent's account of the generation just played, [agent][kAccountFields]
  // (kernels/market_accounts.h); valid between end_generation() and the next begin_generation().
  virtual std::vector<int64_t> accounts() const = 0;
  // Resuming from a checkpoint: every agent's strategy, and its battery's charge (empty vector
  // without batteries).
  virtual void set_strategies(const std::vector<uint16_t>& strategies) = 0;
  virtual std::vector<int64_t> battery_charge() const = 0;
  virtual void set_battery_charge(const std::vector<int64_t>& charge) = 0;
  // Evolving prices: every agent's pricing genome, [agent][kGenomeWords] (empty without
  // [market.genome]); place_strategies() draws the initial ones.
  virtual std::vector<uint32_t> genomes() const = 0;
  virtual void set_genomes(const std::vector<uint32_t>& genomes) = 0;
};

// Checks a genome table from a checkpoint: its size and every markup in [0, kMarkupOne]
// (std::invalid_argument otherwise).
void check_genomes(const MarketSetup& setup, const std::vector<uint32_t>& genomes);

// The genome parameters of the update step (mutation: the dynamics' mutation probability).
GenomeParams genome_params(const MarketSetup& setup, const UpdateParams& update);

// Net metering's money for one agent over a billing period: v = sum of retail x net (pico). A
// net consumer pays v (< 0); a net exporter's credit is paid out at the ratio of the period's
// mean feed-in tariff to its mean retail price (exactly the feed-in tariff for flat prices).
int64_t net_metering_money(int64_t v, int64_t fit_sum, int64_t retail_sum);

}  // namespace evomarket

namespace evomarket {

// The generation's per-strategy and per-community totals from per-agent arrays (both backends
// call this on host copies): net metering per agent, payoff = floor(savings / 1e9) milli, and
// fitness as the update rule compares it, from every agent's account ([agent][kAccountFields]).
// `reneges` and `partners` (contract structures, else empty) give the honour counts.
MarketTotals collect_market_totals(const MarketSetup& setup, const std::vector<uint16_t>& strategy,
                                   const std::vector<int64_t>& accounts,
                                   const std::vector<int64_t>& nem_value,
                                   std::vector<int64_t> community,
                                   const std::vector<uint64_t>& reneges,
                                   const std::vector<uint32_t>& partners);

}  // namespace evomarket
