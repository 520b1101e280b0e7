// The market game on the CPU: one OpenMP task per community, each running its members' slots
// through kernels/market.h with thread-local scratch (the community's book stays in cache).
#include <omp.h>

#include <algorithm>
#include <stdexcept>

#include "host/backend/backend.h"
#include "host/backend/cpu_steps.h"
#include "host/backend/population_checks.h"
#include "host/setup/market_setup.h"
#include "kernels/market_fitness.h"
#include "kernels/placement.h"
#include "kernels/update.h"

namespace evomarket {
namespace {

// Scratch of one thread for one community of up to `n` members and `slots` slots.
struct CommunityScratch {
  std::vector<int64_t> net, residual, contract, fill, money, extra, savings, traded;
  std::vector<uint64_t> keys;
  std::vector<Order> orders;
  std::vector<uint32_t> arrival;

  CommunityScratch(uint32_t n, uint32_t slots)
      : net(size_t{n} * slots),
        residual(size_t{n} * slots),
        contract(size_t{n} * slots),
        fill(n),
        money(n),
        extra(n),
        savings(n),
        traded(n),
        keys(n),
        orders(n),
        arrival(n) {}

  SlotScratch view() {
    return SlotScratch{orders.data(), fill.data(), money.data(), extra.data(), arrival.data()};
  }
};

class CpuMarket final : public MarketEngine {
 public:
  CpuMarket(const MarketSetup& setup, const EvolutionSetup& evolution, int threads)
      : setup_(setup),
        evolution_(evolution),
        threads_(threads),
        strategy_(setup.agents, 0),
        accounts_(setup.agents * kAccountFields, 0),
        nem_(setup.agents, 0),
        charge_(setup.battery.owners ? setup.agents : 0, 0),
        reneges_(setup.has_contracts() ? setup.agents : 0, 0),
        partners_(setup.has_contracts() ? setup.agents : 0, 0),
        genome_(setup.genome.enabled ? setup.agents * kGenomeWords : 0, 0),
        community_(setup.communities() * kCommunityFields, 0) {}

  void place_strategies(const std::vector<uint64_t>& counts) override {
    check_strategy_counts(counts, setup_.strategy_count(), setup_.agents);
    place_by_counts(counts, setup_.seed, threads_, strategy_);
    if (!setup_.genome.enabled) return;
    const auto n = static_cast<int64_t>(setup_.agents);
#pragma omp parallel for num_threads(threads_) schedule(static)
    for (int64_t i = 0; i < n; ++i) {
      initial_genome(setup_.genome.uniform, setup_.genome.initial, setup_.seed,
                     static_cast<uint64_t>(i), &genome_[static_cast<uint64_t>(i) * kGenomeWords]);
    }
  }

  void begin_generation(uint32_t generation) override {
    if (setup_.has_contracts()) {
      const MarketView view = market_view(nullptr);
      const auto n = static_cast<int64_t>(setup_.agents);
#pragma omp parallel for num_threads(threads_) schedule(static)
      for (int64_t i = 0; i < n; ++i) {
        partners_[i] = member_partner_local(view, static_cast<uint64_t>(i), generation);
      }
#pragma omp parallel for num_threads(threads_) schedule(static)
      for (int64_t i = 0; i < n; ++i) {
        reneges_[i] = member_reneges(view, strategy_.data(), static_cast<uint64_t>(i), generation,
                                     setup_.days_per_generation);
      }
    }
    std::fill(accounts_.begin(), accounts_.end(), 0);
    std::fill(nem_.begin(), nem_.end(), 0);
    std::fill(community_.begin(), community_.end(), 0);
  }

  MarketDay play_day(const EnergyBatch& batch, uint32_t sim_day) override {
    const MarketView view = market_view(reneges_.data());
    const EnergyBatchView energy = batch.view();
    const uint32_t day_of_generation = sim_day % setup_.days_per_generation;
    const bool contracts = setup_.has_contracts();
    const uint32_t slots = setup_.slots_per_day;
    const uint64_t communities = setup_.communities();
    MarketDay day;
    day.first_slot = batch.first_slot;
    day.slots = slots;
    day.communities = communities;
    day.summaries.assign(communities * slots * kSlotSummaryFields, 0);
    const bool book = uses_order_book(setup_.mechanism);
#pragma omp parallel num_threads(threads_)
    {
      CommunityScratch scratch(setup_.community_size, slots);
#pragma omp for schedule(dynamic, 4)
      for (int64_t ci = 0; ci < static_cast<int64_t>(communities); ++ci) {
        const auto c = static_cast<uint64_t>(ci);
        const uint64_t first = c * setup_.community_size;
        const auto n =
            static_cast<uint32_t>(std::min<uint64_t>(setup_.community_size, setup_.agents - first));
        int64_t* totals = &community_[c * kCommunityFields];
        for (uint32_t i = 0; i < n; ++i) {
          const uint64_t agent = first + i;
          int64_t no_battery = 0;
          const AgentSlotTotals t = agent_positions(view, energy, agent, batch.first_slot, slots,
                                                    charge_.empty() ? &no_battery : &charge_[agent],
                                                    &nem_[agent], &scratch.net[i], n);
          add_position_totals(&accounts_[agent * kAccountFields], t);
          totals[kCommunityLoad] += t.load;
          totals[kCommunityPv] += t.pv;
          totals[kCommunityGridOnly] += t.grid_only;
        }
        for (uint32_t s = 0; s < slots; ++s) {
          const int64_t* net = &scratch.net[size_t{s} * n];
          int64_t* residual = contracts ? &scratch.residual[size_t{s} * n] : nullptr;
          int64_t* contract = &scratch.contract[size_t{s} * n];
          if (contracts) {
            for (uint32_t i = 0; i < n; ++i) {
              const uint64_t partner = member_partner(view, first + i);
              contract[i] =
                  member_contract_trade(view, first + i, partner, net[i], net[partner - first],
                                        day_of_generation, s, &residual[i]);
            }
          }
          const int64_t* book_net = contracts ? residual : net;
          if (book) {
            for (uint32_t i = 0; i < n; ++i) {
              scratch.keys[i] =
                  order_key(view, first + i, i, book_net[i], strategy_[first + i], sim_day, s);
            }
            std::sort(scratch.keys.begin(), scratch.keys.begin() + n);
          }
          const SlotSummary r =
              trade_slot(view, c, n, sim_day, s, net, residual, contract, scratch.keys.data(),
                         scratch.view(), scratch.savings.data(), scratch.traded.data());
          for (uint32_t i = 0; i < n; ++i) {
            int64_t* account = &accounts_[(first + i) * kAccountFields];
            const int64_t contract_saving = contracts ? contract[i] : 0;
            account[kAccountSavings] += scratch.savings[i];
            add_slot_account(account, book_net[i], scratch.traded[i],
                             scratch.savings[i] - contract_saving,
                             contract_bought(net[i], book_net[i]), view.tariff, s);
            account[kAccountContract] += contract_saving;
          }
          store_summary(r, &day.summaries[(c * slots + s) * kSlotSummaryFields]);
        }
      }
    }
    return day;
  }

  MarketTotals end_generation() override {
    return collect_market_totals(setup_, strategy_, accounts_, nem_, community_, reneges_,
                                 partners_);
  }

  void evolve(uint32_t generation) override {
    check_evolution_setup(evolution_, setup_.strategy_count());
    const UpdateParams params = evolution_.params();
    const PopulationLayout layout = setup_.layout();
    const auto n = static_cast<int64_t>(setup_.agents);
    const bool classes = setup_.peers == ImitationPeers::kSameClass;
    std::vector<uint64_t> packed(setup_.agents);
    std::vector<uint8_t> peer_class(classes ? setup_.agents : 0);
    std::vector<uint16_t> next(setup_.agents);
#pragma omp parallel for num_threads(threads_) schedule(static)
    for (int64_t i = 0; i < n; ++i) {
      const int64_t* account = &accounts_[static_cast<uint64_t>(i) * kAccountFields];
      packed[i] = pack_market_agent(setup_.fitness, strategy_[i], account[kAccountSavings],
                                    account[kAccountPotential], setup_.days_per_generation);
      if (classes) {
        peer_class[i] =
            market_class(account[kAccountPv], owns_battery(setup_.battery, setup_.seed, i));
      }
    }
    const AgentsView agents{packed.data(), classes ? peer_class.data() : nullptr};
    if (setup_.genome.enabled) {  // the one strategy stays; the genomes evolve
      const GenomeParams g = genome_params(setup_, params);
      std::vector<uint32_t> genome(genome_.size());
#pragma omp parallel for num_threads(threads_) schedule(dynamic, 4096)
      for (int64_t i = 0; i < n; ++i) {
        const auto a = static_cast<uint64_t>(i);
        next_genome(layout, agents, params, g, setup_.seed, a, generation, genome_.data(),
                    &genome[a * kGenomeWords]);
      }
      genome_.swap(genome);
      return;
    }
    update_strategies(layout, agents, params, setup_.seed, generation, threads_, next);
    strategy_.swap(next);
  }

  std::vector<uint16_t> strategies() const override {
    return strategy_;
  }

  std::vector<int64_t> accounts() const override {
    return accounts_;
  }

  void set_strategies(const std::vector<uint16_t>& strategies) override {
    check_agent_strategies(strategies, setup_.strategy_count(), setup_.agents);
    strategy_ = strategies;
  }

  std::vector<int64_t> battery_charge() const override {
    return charge_;
  }

  std::vector<uint32_t> genomes() const override {
    return genome_;
  }

  void set_genomes(const std::vector<uint32_t>& genomes) override {
    check_genomes(setup_, genomes);
    genome_ = genomes;
  }

  void set_battery_charge(const std::vector<int64_t>& charge) override {
    if (charge.size() != charge_.size()) {
      throw std::invalid_argument("market: battery charge of the wrong size");
    }
    charge_ = charge;
  }

 private:
  // The kernels' view of this engine's tables (the genomes when prices evolve).
  MarketView market_view(const uint64_t* reneges) const {
    MarketView v = setup_.view(reneges, partners_.data());
    v.genome = genome_.empty() ? nullptr : genome_.data();
    return v;
  }

  const MarketSetup& setup_;
  const EvolutionSetup& evolution_;
  int threads_;
  std::vector<uint16_t> strategy_;
  std::vector<int64_t> accounts_;   // [agent][kAccountFields], this generation
  std::vector<int64_t> nem_;        // retail x net, this generation (net metering)
  std::vector<int64_t> charge_;     // battery state of charge, mWh (empty without batteries)
  std::vector<uint64_t> reneges_;   // contract structures: the days each agent reneges
  std::vector<uint32_t> partners_;  // contract structures: partner's index in the community
  std::vector<uint32_t> genome_;    // evolving prices: [agent][kGenomeWords] (else empty)
  std::vector<int64_t> community_;
};

}  // namespace

std::unique_ptr<MarketEngine> make_cpu_market(const MarketSetup& setup,
                                              const EvolutionSetup& evolution, int threads) {
  return std::make_unique<CpuMarket>(setup, evolution, threads);
}

}  // namespace evomarket
