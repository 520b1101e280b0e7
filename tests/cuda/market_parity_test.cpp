// The CUDA market engine (segmented sort of order books, one thread per community-slot) against
// the CPU backend: identical per-slot summaries and per-generation totals for every mechanism.
#include <gtest/gtest.h>

#include "host/backend/backend.h"
#include "host/config/config.h"
#include "host/profiles/synth.h"
#include "host/run/market_run.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

class CudaMarketParity : public evomarket::testing::TempDirTest {};

TEST_F(CudaMarketParity, EveryMechanismMatchesTheCpu) {
  std::string why;
  if (cuda_device_count(&why) == 0) GTEST_SKIP() << "no usable CUDA device: " << why;
  SynthOptions o = default_community();
  o.meters = 60;
  o.days = 2;
  o.out = file("p.h5");
  synthesize_profiles(o);
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
        std::string("[experiment]\nmode = \"market\"\nseed = 5\n[market]\nprofiles = \"") + o.out +
            "\"\nagents = 3001\ncommunity_size = 97\ndays = 2\ngenerations = 3\n" + market +
            "\nbattery = { share = 0.4 }\nmax_shift_slots = 2\n"
            "[dynamics]\nrule = \"fermi\"\nbeta = 0.05\nmutation = 0.05\n",
        "parity.toml");
    const MarketInputs inputs = load_market_inputs(c, o.out);
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

}  // namespace
}  // namespace evomarket
