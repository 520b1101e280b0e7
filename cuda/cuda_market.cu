// The market game on the GPU (twin of host/backend/cpu_market.cpp). A day runs in chunks of slots:
//   positions: one thread per agent walks the chunk's slots (profile, battery) -> net[s][agent];
//   keys:      one thread per agent-slot computes its order key (order-book mechanisms);
//   sort:      cub::DeviceSegmentedSort sorts every (slot, community) segment of keys;
//   settle:    one thread per segment clears it (kernels/market.h) -> savings[s][agent];
//   sum:       one thread per agent adds its chunk savings in slot order.
// Every step is the kernels/ code the CPU calls on the same data, so results are identical.
#include <cuda_runtime.h>

#include <algorithm>
#include <cub/device/device_segmented_sort.cuh>
#include <stdexcept>
#include <vector>

#include "cuda/cuda_check.cuh"
#include "cuda/cuda_market.cuh"
#include "cuda/cuda_steps.cuh"
#include "cuda/device_buffer.cuh"
#include "cuda/grid_stride.cuh"
#include "cuda/launch.cuh"
#include "host/backend/population_checks.h"
#include "kernels/market.h"
#include "kernels/market_chunk.h"
#include "kernels/market_fitness.h"
#include "kernels/placement.h"
#include "kernels/update.h"

namespace evomarket::gpu {
namespace {

// Scratch budget for one chunk of slots: per agent-slot the keys twice, the order, eight int64
// arrays (net, residual, contract, fill, money, extra, savings, traded) and the arrival rank.
constexpr uint64_t kChunkBytes = uint64_t{2} << 30;  // 2 GiB
constexpr uint64_t kBytesPerAgentSlot =
    2 * sizeof(uint64_t) + sizeof(Order) + 8 * sizeof(int64_t) + sizeof(uint32_t);

__global__ void positions_kernel(MarketView m, EnergyBatchView batch, uint64_t day_first_slot,
                                 MarketChunk c, int64_t* charge, int64_t* nem, int64_t* accounts,
                                 int64_t* community) {
  for (uint64_t a = first_index(); a < m.agents; a += grid_stride()) {
    int64_t no_battery = 0;
    const AgentSlotTotals t =
        chunk_positions(m, batch, day_first_slot, c, a, charge ? &charge[a] : &no_battery, &nem[a]);
    add_position_totals(&accounts[a * kAccountFields], t);
    int64_t* totals = &community[community_index(m, a) * kCommunityFields];
    atomic_add(&totals[kCommunityLoad], static_cast<uint64_t>(t.load));
    atomic_add(&totals[kCommunityPv], static_cast<uint64_t>(t.pv));
    atomic_add(&totals[kCommunityGridOnly], static_cast<uint64_t>(t.grid_only));
  }
}

__global__ void partners_kernel(MarketView m, uint32_t generation, uint32_t* partners) {
  for (uint64_t a = first_index(); a < m.agents; a += grid_stride()) {
    partners[a] = member_partner_local(m, a, generation);
  }
}

__global__ void reneges_kernel(MarketView m, const uint16_t* strategy, uint32_t generation,
                               uint32_t days, uint64_t* reneges) {
  for (uint64_t a = first_index(); a < m.agents; a += grid_stride()) {
    reneges[a] = member_reneges(m, strategy, a, generation, days);
  }
}

// One thread per agent-slot: the agent's side of its contract (partners compute their sides
// independently, so nothing is written twice).
__global__ void contracts_kernel(MarketView m, MarketChunk c, uint32_t day_of_generation) {
  const uint64_t items = uint64_t{c.slots} * m.agents;
  for (uint64_t i = first_index(); i < items; i += grid_stride()) {
    chunk_contract(m, c, day_of_generation, i);
  }
}

__global__ void keys_kernel(MarketView m, MarketChunk c, const uint16_t* strategy, uint32_t day) {
  const uint64_t items = uint64_t{c.slots} * m.agents;
  for (uint64_t i = first_index(); i < items; i += grid_stride()) chunk_key(m, c, strategy, day, i);
}

__global__ void offsets_kernel(MarketView m, uint64_t segments, int64_t* offsets) {
  for (uint64_t k = first_index(); k <= segments; k += grid_stride()) {
    offsets[k] = static_cast<int64_t>(chunk_segment_begin(m, k));
  }
}

__global__ void settle_kernel(MarketView m, MarketChunk c, uint32_t day, uint64_t segments,
                              int64_t* summaries) {
  for (uint64_t k = first_index(); k < segments; k += grid_stride()) {
    chunk_settle(m, c, day, k, summaries);
  }
}

__global__ void sum_savings_kernel(MarketView m, MarketChunk c, int64_t* accounts) {
  for (uint64_t a = first_index(); a < m.agents; a += grid_stride()) {
    chunk_sum_accounts(m, c, a, &accounts[a * kAccountFields]);
  }
}

// One thread per agent: its strategy and market fitness packed (kernels/market_fitness.h) and,
// when agents imitate only their own class, its class.
__global__ void pack_market_kernel(MarketView m, MarketFitness fitness, uint32_t days,
                                   const uint16_t* strategy, const int64_t* accounts,
                                   uint64_t* packed, uint8_t* peer_class) {
  for (uint64_t a = first_index(); a < m.agents; a += grid_stride()) {
    const int64_t* account = &accounts[a * kAccountFields];
    packed[a] = pack_market_agent(fitness, strategy[a], account[kAccountSavings],
                                  account[kAccountPotential], days);
    if (peer_class) {
      peer_class[a] = market_class(account[kAccountPv], owns_battery(m.battery, m.seed, a));
    }
  }
}

// Evolving prices: one thread per agent, its initial genome.
__global__ void initial_genome_kernel(uint64_t agents, bool uniform, uint32_t ask, uint32_t bid,
                                      uint64_t seed, uint32_t* genome) {
  const uint32_t fixed[2] = {ask, bid};
  for (uint64_t a = first_index(); a < agents; a += grid_stride()) {
    initial_genome(uniform, fixed, seed, a, &genome[a * kGenomeWords]);
  }
}

// Evolving prices: one thread per agent, its genome after the update (kernels/pricing_genome.h).
__global__ void genome_kernel(PopulationLayout layout, AgentsView agents, UpdateParams params,
                              GenomeParams g, uint64_t seed, uint32_t generation,
                              const uint32_t* genome, uint32_t* next) {
  for (uint64_t a = first_index(); a < layout.agents; a += grid_stride()) {
    next_genome(layout, agents, params, g, seed, a, generation, genome, &next[a * kGenomeWords]);
  }
}

class CudaMarket final : public MarketEngine {
 public:
  CudaMarket(const MarketSetup& setup, const EvolutionSetup& evolution, int device, int sms)
      : setup_(setup),
        evolution_(evolution),
        device_(device),
        sms_(sms),
        retail_(setup.retail),
        feed_in_(setup.feed_in),
        import_fee_(setup.import_fee),
        community_fee_(setup.community_fee),
        table_(setup.strategies),
        contract_infos_(setup.contracts.infos),
        contract_states_(setup.contracts.states),
        community_offsets_(setup.community_offsets),
        meters_(setup.meters),
        strategy_(setup.agents),
        genome_(setup.genome.enabled ? setup.agents * kGenomeWords : 0),
        accounts_(setup.agents * kAccountFields),
        nem_(setup.agents),
        community_(setup.communities() * kCommunityFields) {
    EVO_CUDA_CHECK(cudaSetDevice(device_));
    if (setup.battery.owners) {
      charge_ = DeviceBuffer<int64_t>(setup.agents);
      charge_.zero();
    }
    if (setup.has_contracts()) {
      reneges_ = DeviceBuffer<uint64_t>(setup.agents);
      partners_ = DeviceBuffer<uint32_t>(setup.agents);
    }
    const uint64_t fit = kChunkBytes / std::max<uint64_t>(1, setup.agents * kBytesPerAgentSlot);
    chunk_slots_ =
        static_cast<uint32_t>(std::max<uint64_t>(1, std::min<uint64_t>(fit, setup.slots_per_day)));
    const uint64_t items = uint64_t{chunk_slots_} * setup.agents;
    net_ = DeviceBuffer<int64_t>(items);
    keys_in_ = DeviceBuffer<uint64_t>(items);
    keys_out_ = DeviceBuffer<uint64_t>(items);
    orders_ = DeviceBuffer<Order>(items);
    fill_ = DeviceBuffer<int64_t>(items);
    money_ = DeviceBuffer<int64_t>(items);
    extra_ = DeviceBuffer<int64_t>(items);
    arrival_ = DeviceBuffer<uint32_t>(items);
    chunk_savings_ = DeviceBuffer<int64_t>(items);
    chunk_traded_ = DeviceBuffer<int64_t>(items);
    if (setup.has_contracts()) {
      residual_ = DeviceBuffer<int64_t>(items);
      contract_ = DeviceBuffer<int64_t>(items);
    }
    offsets_ = DeviceBuffer<int64_t>(setup.communities() * chunk_slots_ + 1);
    summaries_ =
        DeviceBuffer<int64_t>(setup.communities() * setup.slots_per_day * kSlotSummaryFields);
  }

  void place_strategies(const std::vector<uint64_t>& counts) override {
    EVO_CUDA_CHECK(cudaSetDevice(device_));
    check_strategy_counts(counts, setup_.strategy_count(), setup_.agents);
    place_by_counts(counts, setup_.seed, setup_.agents, sms_, strategy_.data());
    if (setup_.genome.enabled && setup_.agents != 0) {
      launch(initial_genome_kernel, blocks_for(setup_.agents, sms_), kBlock)(
          setup_.agents, setup_.genome.uniform, setup_.genome.initial[0], setup_.genome.initial[1],
          setup_.seed, genome_.data());
    }
    EVO_CUDA_CHECK(cudaDeviceSynchronize());
  }

  void begin_generation(uint32_t generation) override {
    EVO_CUDA_CHECK(cudaSetDevice(device_));
    if (setup_.has_contracts()) {
      launch(partners_kernel, blocks_for(setup_.agents, sms_), kBlock)(view(), generation,
                                                                       partners_.data());
      launch(reneges_kernel, blocks_for(setup_.agents, sms_), kBlock)(
          view(), strategy_.data(), generation, setup_.days_per_generation, reneges_.data());
    }
    accounts_.zero();
    nem_.zero();
    community_.zero();
  }

  MarketDay play_day(const EnergyBatch& batch, uint32_t sim_day) override {
    EVO_CUDA_CHECK(cudaSetDevice(device_));
    DeviceBuffer<int64_t> load(batch.load), pv(batch.pv);
    const EnergyBatchView energy{load.data(),        pv.data(),          batch.profiles,
                                 batch.stored_first, batch.stored_slots, batch.total_slots};
    const MarketView view = this->view();
    const bool contracts = setup_.has_contracts();
    const uint32_t day_of_generation = sim_day % setup_.days_per_generation;
    const uint64_t communities = setup_.communities();
    const uint64_t n = setup_.agents;
    const bool book = uses_order_book(setup_.mechanism);
    for (uint32_t first = 0; first < setup_.slots_per_day; first += chunk_slots_) {
      const uint32_t slots = std::min(chunk_slots_, setup_.slots_per_day - first);
      const uint64_t items = uint64_t{slots} * n;
      const uint64_t segments = communities * slots;
      const MarketChunk chunk{first,
                              slots,
                              net_.data(),
                              contracts ? residual_.data() : nullptr,
                              contracts ? contract_.data() : nullptr,
                              keys_in_.data(),
                              keys_out_.data(),
                              orders_.data(),
                              fill_.data(),
                              money_.data(),
                              extra_.data(),
                              arrival_.data(),
                              chunk_savings_.data(),
                              chunk_traded_.data()};
      launch(positions_kernel, blocks_for(n, sms_), kBlock)(
          view, energy, batch.first_slot, chunk, charge_.empty() ? nullptr : charge_.data(),
          nem_.data(), accounts_.data(), community_.data());
      if (contracts) {
        launch(contracts_kernel, blocks_for(items, sms_), kBlock)(view, chunk, day_of_generation);
      }
      if (book) {
        launch(keys_kernel, blocks_for(items, sms_), kBlock)(view, chunk, strategy_.data(),
                                                             sim_day);
        launch(offsets_kernel, blocks_for(segments + 1, sms_), kBlock)(view, segments,
                                                                       offsets_.data());
        size_t temp_bytes = 0;
        EVO_CUDA_CHECK(cub::DeviceSegmentedSort::SortKeys(
            nullptr, temp_bytes, keys_in_.data(), keys_out_.data(), static_cast<int64_t>(items),
            static_cast<int64_t>(segments), offsets_.data(), offsets_.data() + 1));
        if (temp_.size() < temp_bytes) temp_ = DeviceBuffer<unsigned char>(temp_bytes);
        EVO_CUDA_CHECK(cub::DeviceSegmentedSort::SortKeys(
            temp_.data(), temp_bytes, keys_in_.data(), keys_out_.data(),
            static_cast<int64_t>(items), static_cast<int64_t>(segments), offsets_.data(),
            offsets_.data() + 1));
      }
      launch(settle_kernel, blocks_for(segments, sms_), kBlock)(view, chunk, sim_day, segments,
                                                                summaries_.data());
      launch(sum_savings_kernel, blocks_for(n, sms_), kBlock)(view, chunk, accounts_.data());
    }
    MarketDay day;
    day.first_slot = batch.first_slot;
    day.slots = setup_.slots_per_day;
    day.communities = communities;
    summaries_.download(day.summaries);
    return day;
  }

  MarketTotals end_generation() override {
    EVO_CUDA_CHECK(cudaSetDevice(device_));
    return collect_market_totals(
        setup_, strategy_.download(), accounts_.download(), nem_.download(), community_.download(),
        reneges_.empty() ? std::vector<uint64_t>{} : reneges_.download(),
        partners_.empty() ? std::vector<uint32_t>{} : partners_.download());
  }

  void evolve(uint32_t generation) override {
    EVO_CUDA_CHECK(cudaSetDevice(device_));
    check_evolution_setup(evolution_, setup_.strategy_count());
    const UpdateParams params = fermi_.params(evolution_);
    const uint64_t n = setup_.agents;
    const bool classes = setup_.peers == ImitationPeers::kSameClass;
    DeviceBuffer<uint64_t> packed(n);
    DeviceBuffer<uint8_t> peer_class(classes ? n : 0);
    DeviceBuffer<uint16_t> next(n);
    if (n != 0) {
      launch(pack_market_kernel, blocks_for(n, sms_), kBlock)(
          view(), setup_.fitness, setup_.days_per_generation, strategy_.data(), accounts_.data(),
          packed.data(), classes ? peer_class.data() : nullptr);
      const AgentsView agents{packed.data(), classes ? peer_class.data() : nullptr};
      if (setup_.genome.enabled) {  // the one strategy stays; the genomes evolve
        DeviceBuffer<uint32_t> genome(genome_.size());
        launch(genome_kernel, blocks_for(n, sms_), kBlock)(
            setup_.layout(community_offsets_.data()), agents, params, genome_params(setup_, params),
            setup_.seed, generation, genome_.data(), genome.data());
        std::swap(genome_, genome);
        EVO_CUDA_CHECK(cudaDeviceSynchronize());
        return;
      }
      launch(evolve_kernel, blocks_for(n, sms_), kBlock)(setup_.layout(community_offsets_.data()),
                                                         agents, params, setup_.seed, generation,
                                                         next.data());
    }
    std::swap(strategy_, next);
    EVO_CUDA_CHECK(cudaDeviceSynchronize());
  }

  std::vector<uint16_t> strategies() const override {
    EVO_CUDA_CHECK(cudaSetDevice(device_));
    return strategy_.download();
  }

  std::vector<int64_t> accounts() const override {
    EVO_CUDA_CHECK(cudaSetDevice(device_));
    return accounts_.download();
  }

  void set_strategies(const std::vector<uint16_t>& strategies) override {
    EVO_CUDA_CHECK(cudaSetDevice(device_));
    check_agent_strategies(strategies, setup_.strategy_count(), setup_.agents);
    strategy_.upload(strategies);
  }

  std::vector<uint32_t> genomes() const override {
    EVO_CUDA_CHECK(cudaSetDevice(device_));
    return genome_.empty() ? std::vector<uint32_t>{} : genome_.download();
  }

  void set_genomes(const std::vector<uint32_t>& genomes) override {
    EVO_CUDA_CHECK(cudaSetDevice(device_));
    check_genomes(setup_, genomes);
    if (!genomes.empty()) genome_.upload(genomes);
  }

  std::vector<int64_t> battery_charge() const override {
    EVO_CUDA_CHECK(cudaSetDevice(device_));
    return charge_.empty() ? std::vector<int64_t>{} : charge_.download();
  }

  void set_battery_charge(const std::vector<int64_t>& charge) override {
    EVO_CUDA_CHECK(cudaSetDevice(device_));
    if (charge.size() != charge_.size()) {
      throw std::invalid_argument("market: battery charge of the wrong size");
    }
    if (!charge.empty()) charge_.upload(charge);
  }

 private:
  MarketView view() const {
    MarketView v = setup_.view(
        MarketSetup::Tariffs{retail_.data(), feed_in_.data(),
                             import_fee_.empty() ? nullptr : import_fee_.data(),
                             community_fee_.empty() ? nullptr : community_fee_.data()},
        table_.data(),
        StrategyTableView{contract_infos_.data(), contract_states_.data(), setup_.contracts.size()},
        reneges_.empty() ? nullptr : reneges_.data(),
        partners_.empty() ? nullptr : partners_.data(), community_offsets_.data(), meters_.data());
    v.genome = genome_.empty() ? nullptr : genome_.data();
    return v;
  }

  const MarketSetup& setup_;
  const EvolutionSetup& evolution_;
  int device_;
  int sms_;
  uint32_t chunk_slots_ = 1;
  DeviceBuffer<int64_t> retail_, feed_in_;
  DeviceBuffer<int64_t> import_fee_, community_fee_;  // empty: none
  DeviceBuffer<PricingStrategy> table_;
  DeviceBuffer<StrategyInfo> contract_infos_;
  DeviceBuffer<MachineState> contract_states_;
  DeviceBuffer<uint64_t> community_offsets_;  // real communities, else empty
  DeviceBuffer<uint32_t> meters_;             // real meters, else empty
  DeviceBuffer<uint64_t> reneges_;
  DeviceBuffer<uint32_t> partners_;
  DeviceBuffer<int64_t> residual_, contract_;
  DeviceBuffer<uint16_t> strategy_;
  DeviceBuffer<uint32_t> genome_;   // evolving prices: [agent][kGenomeWords] (else empty)
  DeviceBuffer<int64_t> accounts_;  // [agent][kAccountFields], this generation
  DeviceBuffer<int64_t> nem_, community_, charge_;
  DeviceBuffer<int64_t> net_, fill_, money_, extra_, chunk_savings_, chunk_traded_, offsets_,
      summaries_;
  DeviceBuffer<uint64_t> keys_in_, keys_out_;
  DeviceBuffer<Order> orders_;
  DeviceBuffer<uint32_t> arrival_;
  DeviceBuffer<unsigned char> temp_;
  DeviceFermiTable fermi_;
};

}  // namespace

std::unique_ptr<MarketEngine> make_cuda_market(const MarketSetup& setup,
                                               const EvolutionSetup& evolution, int device,
                                               int sms) {
  return std::make_unique<CudaMarket>(setup, evolution, device, sms);
}

}  // namespace evomarket::gpu
