// The CUDA market engine (segmented sort of order books, one thread per community-slot) against
// the CPU backend: identical per-slot summaries and per-generation totals for every mechanism.
#include <gtest/gtest.h>

#include "host/backend/backend.h"
#include "host/config/config.h"
#include "host/profiles/synth.h"
#include "host/run/market_run.h"
#include "support/cuda_device.h"
#include "support/temp_dir.h"
#include "support/unequal_communities.h"

namespace evomarket {
namespace {

// Every mechanism and structure on both engines, communities equal (sizes empty) or of the
// given sizes.
// `agents`: the [market] lines that set the agents and their communities.
void expect_cuda_matches_cpu(const std::string& store, const std::vector<uint64_t>& sizes,
                             const std::string& agents = "agents = 3001\ncommunity_size = 97") {
  const std::vector<std::string> cases = {
      "mechanism = \"uniform\"",
      "mechanism = \"pay_as_bid\"",
      "mechanism = \"pay_as_bid\"\npay_as_bid = \"bid_rate\"",
      "mechanism = \"trade_reduction\"",
      "mechanism = \"mcafee\"",
      "mechanism = \"muda\"",
      "mechanism = \"continuous\"",
      "mechanism = \"continuous\"\ncontinuous_price = \"midpoint\"",
      "mechanism = \"sdr\"",
      "mechanism = \"mid_market\"",
      "mechanism = \"reverse_auction\"",
      "mechanism = \"reverse_auction\"\nreverse_payment = \"vcg\"",
      "structure = \"bilateral\"\ncontract_noise = 0.05",
      "structure = \"composite\"\ndays_per_generation = 2\ncontract_noise = 0.05",
      "structure = \"composite\"\nstrategies = [\"TitForTat\", \"Defector\"]\n"
      "pricing_strategies = [\"ZIC\", \"Markup(0.3)\"]",
      "structure = \"composite\"\ncontract_noise = 0.05\nimport_fee = 0.05\n"
      "community_fee = [0.0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1, 0.11, "
      "0.0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1, 0.11, "
      "0.0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1, 0.11, "
      "0.0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1, 0.11]",
      "genome = { initial = \"uniform\", step = 0.1 }"};
  for (const std::string& market : cases) {
    SCOPED_TRACE(market);
    const ExperimentConfig c = parse_config(
        std::string("[experiment]\nmode = \"market\"\nseed = 5\n[market]\nprofiles = \"") + store +
            "\"\n" + agents + "\ndays = 2\ngenerations = 3\n" + market +
            "\nbattery = { share = 0.4 }\nmax_shift_slots = 2\n"
            "[dynamics]\nrule = \"fermi\"\nbeta = 0.05\nmutation = 0.05\n",
        "parity.toml");
    MarketInputs inputs = load_market_inputs(c, store);
    if (!sizes.empty()) testing::use_unequal_communities(inputs.setup, sizes);
    std::unique_ptr<Backend> cpu = make_cpu_backend(2);
    std::unique_ptr<Backend> gpu = make_cuda_backend();
    const MarketRunResult a = run_market(c, inputs, *cpu);
    const MarketRunResult b = run_market(c, inputs, *gpu);
    ASSERT_EQ(a.generations.size(), b.generations.size());
    for (size_t g = 0; g < a.generations.size(); ++g) {
      EXPECT_EQ(a.generations[g].agents, b.generations[g].agents) << g;
      EXPECT_EQ(a.generations[g].payoff, b.generations[g].payoff) << g;
      EXPECT_EQ(a.generations[g].fitness, b.generations[g].fitness) << g;
      EXPECT_EQ(a.generations[g].community, b.generations[g].community) << g;
      EXPECT_EQ(a.generations[g].honoured_days, b.generations[g].honoured_days) << g;
      EXPECT_TRUE(a.sums[g].traded == b.sums[g].traded && a.sums[g].savings == b.sums[g].savings &&
                  a.sums[g].network_fees == b.sums[g].network_fees)
          << g;
    }
  }
}

class CudaMarketParity : public evomarket::testing::TempDirTest {
 protected:
  std::string store() {
    SynthOptions o = default_community();
    o.meters = 60;
    o.days = 2;
    o.out = file("p.h5");
    synthesize_profiles(o);
    return o.out;
  }
};

TEST_F(CudaMarketParity, EveryMechanismMatchesTheCpu) {
  SKIP_WITHOUT_CUDA_DEVICE();
  expect_cuda_matches_cpu(store(), {});
}

// Real communities differ in size: one member (no peer, grid only) up to a few hundred.
TEST_F(CudaMarketParity, UnequalCommunitiesMatchTheCpu) {
  SKIP_WITHOUT_CUDA_DEVICE();
  expect_cuda_matches_cpu(store(), {1, 300, 2, 97, 7, 1, 513, 40});
}

// One agent per meter, in a file's communities (the meters' table on the device).
TEST_F(CudaMarketParity, RealMetersMatchTheCpu) {
  SKIP_WITHOUT_CUDA_DEVICE();
  const std::string profiles = store();
  const std::string communities = testing::write_communities_file(
      profiles, file("communities.csv"), {"north", "south", "east", "north", "hill", "south"});
  expect_cuda_matches_cpu(profiles, {},
                          "agents = \"meters\"\ncommunities_file = \"" + communities + "\"");
}

}  // namespace
}  // namespace evomarket
