// The resolved config a run stores in its results file (/parameters config_toml) runs again and
// reproduces the file's datasets bit for bit, for every documented experiment.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "io/hdf5_attribute.h"
#include "io/hdf5_file.h"
#include "support/run_cli.h"
#include "support/same_datasets.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

namespace fs = std::filesystem;
using evomarket::testing::run_evomarket;

const std::string kSource = EVOMARKET_SOURCE_DIR;

// Overrides that keep each experiment small enough for the suite; every experiment in
// experiments/ needs an entry, so a new scenario is covered the day it is added.
const std::map<std::string, std::string> kSmall = {
    {"axelrod_moran", ""},
    {"axelrod_tournament", ""},
    {"collective_risk", "--set population.generations=20"},
    {"default_market", "--set market.agents=2000"},
    {"default_population", "--set population.agents=10000"},
    {"hawk_dove", "--set population.agents=10000 --set population.generations=20"},
    {"market_batteries_tou", "--set market.agents=2000"},
    {"market_bilateral_contracts", "--set market.agents=2000 --set market.generations=3"},
    {"market_composite_coevolution", "--set market.agents=2000 --set market.generations=3"},
    {"market_genome", "--set market.agents=2000 --set market.generations=3"},
    {"market_network_fees", "--set market.agents=2000"},
    {"market_sdr_pricing", "--set market.agents=2000"},
    {"nowak_may_spatial_pd", "--set population.generations=20"},
    {"public_goods", "--set population.agents=2000"},
    {"well_mixed_pd", "--set population.agents=10000"},
};

class StoredConfig : public evomarket::testing::TempDirTest {};

TEST_F(StoredConfig, EveryExperimentRerunsFromItsStoredConfigBitIdentically) {
  size_t checked = 0;
  for (const auto& entry : fs::directory_iterator(kSource + "/experiments")) {
    if (entry.path().extension() != ".toml") continue;
    const std::string name = entry.path().stem();
    SCOPED_TRACE(name);
    ASSERT_TRUE(kSmall.count(name)) << "add experiments/" << name << ".toml to kSmall";
    const std::string first = file(name + ".h5");
    const auto r1 = run_evomarket("run " + entry.path().string() + " " + kSmall.at(name) +
                                  " --quiet --out " + first);
    ASSERT_EQ(r1.exit_code, 0) << r1.output;
    const std::string stored = file(name + ".stored.toml");
    {
      io::File results = io::File::open_read(first);
      std::ofstream(stored) << io::get_attr_string(results.root().open_group("parameters"),
                                                   "config_toml");
    }
    const std::string second = file(name + ".again.h5");
    const auto r2 = run_evomarket("run " + stored + " --quiet --out " + second);
    ASSERT_EQ(r2.exit_code, 0) << r2.output;
    EXPECT_EQ(evomarket::testing::differing_datasets(first, second), std::vector<std::string>{});
    ++checked;
  }
  EXPECT_EQ(checked, kSmall.size());
}

}  // namespace
}  // namespace evomarket
