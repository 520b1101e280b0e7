// Evolving prices end to end ([market.genome], docs/market.md "Evolving prices"): where the
// price rule makes quotes irrelevant (mid-market) the genome only drifts; in the k-double
// auction the markups fall; the same seed gives the same genomes on any thread count and after
// a resume; the histogram counts every agent; bad configs are refused.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "io/hdf5_dataset.h"
#include "io/hdf5_file.h"
#include "support/cli_expect.h"
#include "support/run_cli.h"
#include "support/same_datasets.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

using evomarket::testing::expect_bad_input;
using evomarket::testing::run_evomarket;

class MarketGenomeCli : public evomarket::testing::TempDirTest {
 protected:
  std::string config() {
    const std::string path = file("genome.toml");
    std::ofstream(path)
        << ("[experiment]\nname = \"genome\"\nmode = \"market\"\nseed = 1\n"
            "[market]\nagents = 4000\ncommunity_size = 100\ndays = 7\ngenerations = 20\n"
            "[market.genome]\ninitial = \"uniform\"\nstep = 0.05\n"
            "[dynamics]\nrule = \"fermi\"\nbeta = 0.05\nmutation = 0.05\n");
    return path;
  }
  io::Matrix<double> means(const std::string& results) {
    io::File f = io::File::open_read(results);
    return io::read_matrix<double>(f.root().open_group("observables/genome_mean"), "value");
  }
};

// Measured with seeds 1-3: mid-market moves the mean markups by at most 0.028 in 20
// generations; the k-DA takes the ask markup from 0.50 to 0.15-0.17 and the bid markdown to
// 0.29-0.36.
TEST_F(MarketGenomeCli, MarkupsOnlyDriftUnderMidMarketAndFallInTheDoubleAuction) {
  const std::string cfg = config();
  ASSERT_EQ(run_evomarket("run " + cfg + " --quiet --out " + file("mid.h5") +
                          " --set market.mechanism=mid_market")
                .exit_code,
            0);
  const io::Matrix<double> mid = means(file("mid.h5"));
  ASSERT_EQ(mid.rows, 20u);
  for (size_t k = 0; k < 2; ++k) EXPECT_NEAR(mid(19, k), mid(0, k), 0.06) << k;
  ASSERT_EQ(run_evomarket("run " + cfg + " --quiet --out " + file("kda.h5")).exit_code, 0);
  const io::Matrix<double> kda = means(file("kda.h5"));
  EXPECT_NEAR(kda(0, 0), 0.5, 0.02);
  EXPECT_LT(kda(19, 0), 0.25);
  EXPECT_LT(kda(19, 1), 0.42);
  // Every agent in one bin of each markup, every generation.
  io::File f = io::File::open_read(file("kda.h5"));
  size_t dims[3];
  const std::vector<int64_t> histogram =
      io::read_array3<int64_t>(f.root().open_group("observables/genome_histogram"), "value", dims);
  ASSERT_EQ(dims[1], 2u);
  ASSERT_EQ(dims[2], 20u);
  for (size_t g = 0; g < dims[0]; ++g) {
    for (size_t k = 0; k < 2; ++k) {
      int64_t total = 0;
      for (size_t b = 0; b < dims[2]; ++b) total += histogram[(g * 2 + k) * dims[2] + b];
      EXPECT_EQ(total, 4000);
    }
  }
}

TEST_F(MarketGenomeCli, SameGenomesOnAnyThreadCountAndAfterAResume) {
  const std::string cfg = config() + " --quiet --set market.generations=6";
  ASSERT_EQ(run_evomarket("run " + cfg + " --threads 1 --out " + file("one.h5")).exit_code, 0);
  ASSERT_EQ(run_evomarket("run " + cfg + " --threads 2 --out " + file("two.h5")).exit_code, 0);
  EXPECT_EQ(evomarket::testing::differing_datasets(file("one.h5"), file("two.h5")),
            std::vector<std::string>{});
  const std::string part = cfg + " --set output.checkpoint_every=2 --out " + file("part.h5");
  ASSERT_EQ(run_evomarket("run " + part + " --set market.generations=3").exit_code, 0);
  const auto resumed =
      run_evomarket("run " + part + " --overwrite --resume " + file("part.h5.checkpoint"));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  io::File a = io::File::open_read(file("one.h5"));
  io::File b = io::File::open_read(file("part.h5"));
  for (const char* name : {"genome_histogram", "genome_mean", "market_generation"}) {
    const io::Group ga = a.root().open_group(std::string("observables/") + name);
    const io::Group gb = b.root().open_group(std::string("observables/") + name);
    EXPECT_EQ(io::read_vector<int64_t>(ga, "generation"),
              io::read_vector<int64_t>(gb, "generation"))
        << name;
  }
  EXPECT_EQ(io::read_matrix<double>(a.root().open_group("observables/genome_mean"), "value").data,
            io::read_matrix<double>(b.root().open_group("observables/genome_mean"), "value").data);
}

TEST_F(MarketGenomeCli, AMenuBesideTheGenomeAndAnEnsembleAreRefused) {
  const std::string run = "run " + config() + " --out " + file("x.h5");
  expect_bad_input(run + " --set 'market.strategies=[\"Truthful\"]'",
                   "market.strategies: expected no strategy menu with [market.genome]");
  expect_bad_input(run + " --set experiment.replicates=4",
                   "experiment.replicates: expected 1 with [market.genome]");
  expect_bad_input(run + " --set market.genome.initial=[0.2]", "market.genome.initial: expected");
  expect_bad_input(run + " --set market.genome.step=2", "market.genome.step");
  expect_bad_input(run + " --set market.structure=composite",
                   "market.structure: expected structure = \"community\" with [market.genome]");
}

}  // namespace
}  // namespace evomarket
