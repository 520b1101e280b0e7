// The CUDA market engine's layout (kernels/market_chunk.h) run step by step on the host, in
// chunks of slots and with every community's book sorted as one segment of a [slot][agent]
// array, gives exactly what the CPU engine gives. This checks the GPU's indexing, chunking and
// segment offsets on machines without a GPU; tests/cuda/market_parity_test.cpp checks the
// device itself.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "host/backend/backend.h"
#include "host/config/config.h"
#include "host/config/market_builder.h"
#include "host/profiles/synth.h"
#include "host/run/market_run.h"
#include "kernels/market_chunk.h"
#include "support/temp_dir.h"
#include "support/unequal_communities.h"

namespace evomarket {
namespace {

// One generation of the market as cuda/cuda_market.cu runs it, with host loops for kernels.
class ChunkedMarket {
 public:
  ChunkedMarket(const MarketSetup& setup, std::vector<uint16_t> strategy, uint32_t chunk_slots)
      : setup_(setup),
        strategy_(std::move(strategy)),
        chunk_slots_(chunk_slots),
        accounts_(setup.agents * kAccountFields),
        nem_(setup.agents),
        charge_(setup.agents),
        reneges_(setup.agents),
        partners_(setup.agents),
        community_(setup.communities() * kCommunityFields) {}

  void begin_generation(uint32_t generation) {
    if (setup_.has_contracts()) {
      const MarketView m = view();
      for (uint64_t a = 0; a < setup_.agents; ++a) {
        partners_[a] = member_partner_local(m, a, generation);
      }
      for (uint64_t a = 0; a < setup_.agents; ++a) {
        reneges_[a] =
            member_reneges(m, strategy_.data(), a, generation, setup_.days_per_generation);
      }
    }
  }

  MarketDay play_day(const EnergyBatch& batch, uint32_t sim_day) {
    const MarketView m = view();
    const EnergyBatchView energy = batch.view();
    const uint64_t n = setup_.agents;
    const uint64_t items = uint64_t{chunk_slots_} * n;
    std::vector<int64_t> net(items), residual(items), contract(items), fill(items), money(items),
        extra(items), savings(items), traded(items);
    std::vector<uint64_t> keys(items), sorted(items);
    std::vector<Order> orders(items);
    std::vector<uint32_t> arrival(items);
    const bool contracts = setup_.has_contracts();
    MarketDay day;
    day.first_slot = batch.first_slot;
    day.slots = setup_.slots_per_day;
    day.communities = setup_.communities();
    day.summaries.assign(day.communities * day.slots * kSlotSummaryFields, 0);
    for (uint32_t first = 0; first < setup_.slots_per_day; first += chunk_slots_) {
      const uint32_t slots = std::min(chunk_slots_, setup_.slots_per_day - first);
      const MarketChunk c{first,
                          slots,
                          net.data(),
                          contracts ? residual.data() : nullptr,
                          contracts ? contract.data() : nullptr,
                          keys.data(),
                          sorted.data(),
                          orders.data(),
                          fill.data(),
                          money.data(),
                          extra.data(),
                          arrival.data(),
                          savings.data(),
                          traded.data()};
      for (uint64_t a = 0; a < n; ++a) {
        int64_t no_battery = 0;
        const AgentSlotTotals t =
            chunk_positions(m, energy, batch.first_slot, c, a,
                            setup_.battery.owners ? &charge_[a] : &no_battery, &nem_[a]);
        add_position_totals(&accounts_[a * kAccountFields], t);
        int64_t* totals = &community_[community_index(m, a) * kCommunityFields];
        totals[kCommunityLoad] += t.load;
        totals[kCommunityPv] += t.pv;
        totals[kCommunityGridOnly] += t.grid_only;
      }
      const uint64_t chunk_items = uint64_t{slots} * n;
      const uint64_t segments = day.communities * slots;
      if (contracts) {
        for (uint64_t i = 0; i < chunk_items; ++i) {
          chunk_contract(m, c, sim_day % setup_.days_per_generation, i);
        }
      }
      if (uses_order_book(setup_.mechanism)) {
        for (uint64_t i = 0; i < chunk_items; ++i) chunk_key(m, c, strategy_.data(), sim_day, i);
        sorted = keys;
        for (uint64_t k = 0; k < segments; ++k) {  // cub::DeviceSegmentedSort's job
          std::sort(sorted.begin() + chunk_segment_begin(m, k),
                    sorted.begin() + chunk_segment_begin(m, k + 1));
        }
        EXPECT_EQ(chunk_segment_begin(m, segments), chunk_items);
      }
      for (uint64_t k = 0; k < segments; ++k) chunk_settle(m, c, sim_day, k, day.summaries.data());
      for (uint64_t a = 0; a < n; ++a) chunk_sum_accounts(m, c, a, &accounts_[a * kAccountFields]);
    }
    return day;
  }

  MarketTotals end_generation() {
    return collect_market_totals(setup_, strategy_, accounts_, nem_, community_,
                                 setup_.has_contracts() ? reneges_ : std::vector<uint64_t>{},
                                 partners_);
  }

  const std::vector<int64_t>& accounts() const { return accounts_; }

 private:
  MarketView view() const { return setup_.view(reneges_.data(), partners_.data()); }

  const MarketSetup& setup_;
  std::vector<uint16_t> strategy_;
  uint32_t chunk_slots_;
  std::vector<int64_t> accounts_, nem_, charge_;
  std::vector<uint64_t> reneges_;
  std::vector<uint32_t> partners_;
  std::vector<int64_t> community_;
};

class MarketChunkLayout : public evomarket::testing::TempDirTest {};

// Every case of a market on the CPU engine and on the chunked layout, communities equal or of
// the given sizes.
// `agents`: the [market] lines that set the agents and their communities.
void expect_chunked_matches_cpu(const std::string& store, const std::vector<uint64_t>& sizes,
                                const std::string& agents = "agents = 1003\ncommunity_size = 41") {
  const std::vector<std::string> cases = {
      "mechanism = \"uniform\"",
      "mechanism = \"continuous\"",
      "mechanism = \"trade_reduction\"\nprice_rule = \"walrasian\"",
      "mechanism = \"sdr\"",
      "mechanism = \"reverse_auction\"",
      "structure = \"bilateral\"\ncontract_noise = 0.1",
      "structure = \"composite\"\nmechanism = \"pay_as_bid\"\ncontract_noise = 0.1",
      "structure = \"composite\"\nstrategies = [\"TitForTat\", \"Grudger\", \"Defector\"]\n"
      "pricing_strategies = [\"ZIC\", \"Markup(0.3)\"]"};
  for (const std::string& market : cases) {
    SCOPED_TRACE(market);
    const ExperimentConfig config =
        parse_config("[experiment]\nmode = \"market\"\nseed = 8\n[market]\nprofiles = \"" + store +
                         "\"\n" + agents + "\ndays = 2\ndays_per_generation = 2\n" +
                         "battery = { share = 0.5 }\nmax_shift_slots = 3\n" + market + "\n",
                     "layout.toml");
    MarketInputs inputs = load_market_inputs(config, store);
    if (!sizes.empty()) testing::use_unequal_communities(inputs.setup, sizes);
    const MarketSetup& setup = inputs.setup;
    const EvolutionSetup evolution = make_market_evolution(config, setup);
    std::unique_ptr<Backend> cpu = make_cpu_backend(2);
    std::unique_ptr<MarketEngine> engine = cpu->make_market(setup, evolution);
    engine->place_strategies(config.market.counts);
    ChunkedMarket chunked(setup, engine->strategies(), 5);  // 48 slots in chunks of 5
    // One generation of two days: contracts, batteries and the days' draws all in play.
    engine->begin_generation(0);
    chunked.begin_generation(0);
    for (uint32_t day = 0; day < 2; ++day) {
      const MarketDay a = engine->play_day(inputs.days[day], day);
      const MarketDay b = chunked.play_day(inputs.days[day], day);
      ASSERT_EQ(a.summaries, b.summaries) << "day " << day;
    }
    const MarketTotals a = engine->end_generation();
    const MarketTotals b = chunked.end_generation();
    EXPECT_EQ(a.payoff, b.payoff);
    EXPECT_EQ(a.fitness, b.fitness);
    EXPECT_EQ(engine->accounts(), chunked.accounts());
    EXPECT_EQ(a.community, b.community);
    EXPECT_EQ(a.honoured_days, b.honoured_days);
  }
}

// Communities of 1 to 97 members (a community of one trades only with the grid).
TEST_F(MarketChunkLayout, UnequalCommunitiesGiveTheCpuEnginesResults) {
  SynthOptions o = default_community();
  o.meters = 30;
  o.days = 2;
  o.out = file("p.h5");
  synthesize_profiles(o);
  expect_chunked_matches_cpu(o.out, {1, 2, 97, 5, 41, 13, 1, 60});
}

// One agent per meter (agents = "meters"): each follows its own meter, in the file's communities.
TEST_F(MarketChunkLayout, RealMetersGiveTheCpuEnginesResults) {
  SynthOptions o = default_community();
  o.meters = 30;
  o.days = 2;
  o.out = file("p.h5");
  synthesize_profiles(o);
  const std::string communities = testing::write_communities_file(
      o.out, file("communities.csv"), {"north", "south", "east", "north", "hill", "south"});
  expect_chunked_matches_cpu(o.out, {},
                             "agents = \"meters\"\ncommunities_file = \"" + communities + "\"");
}

TEST_F(MarketChunkLayout, ChunkedSegmentsGiveTheCpuEnginesResults) {
  SynthOptions o = default_community();
  o.meters = 30;
  o.days = 2;
  o.out = file("p.h5");
  synthesize_profiles(o);
  expect_chunked_matches_cpu(o.out, {});
}

}  // namespace
}  // namespace evomarket
