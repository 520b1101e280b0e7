// Sweep specs: grid and zipped axes, seeds, and bad input named by file, line, key and point.
#include "host/sweep/sweep_spec.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "host/errors.h"
#include "host/sweep/point_selection.h"
#include "kernels/rng.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

using evomarket::testing::TempDirTest;

class SweepSpecTest : public TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    write("base.toml",
          "[experiment]\nseed = 42\n[game]\nkind = \"matrix\"\n"
          "matrix.strategies = [\"Hawk\", \"Dove\"]\nmatrix.payoffs = [[-1, 2], [0, 1]]\n"
          "[population]\nagents = 100\npartners = \"all\"\nshares = [0.1, 0.9]\n"
          "generations = 3\n[dynamics]\nrule = \"proportional\"\n");
  }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(file(name)) << text;
    return file(name);
  }
  // The ConfigError message of resolving `spec`, or "" when it resolves.
  std::string error_of(const std::string& spec) {
    try {
      resolve_points(load_sweep_spec(write("spec.toml", spec)));
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "";
  }
};

TEST_F(SweepSpecTest, GridOfZippedAxesLastAxisFastest) {
  const SweepSpec spec = load_sweep_spec(write("spec.toml", R"(
base = "base.toml"
[set]
population.generations = 2
[[axis]]
"dynamics.revise" = [0.1, 0.4]
[[axis]]
population.agents = [100, 200, 300]
population.shares = [[0.1, 0.9], [0.2, 0.8], [0.3, 0.7]]
)"));
  EXPECT_EQ(spec.base, file("base.toml"));
  EXPECT_EQ(spec.axis_keys(), (std::vector<std::string>{"dynamics.revise", "population.agents",
                                                        "population.shares"}));
  const std::vector<SweepPoint> points = resolve_points(spec);
  ASSERT_EQ(points.size(), 6u);
  EXPECT_EQ(points[4].values, (std::vector<KeyValue>{{"dynamics.revise", "0.4"},
                                                     {"population.agents", "200"},
                                                     {"population.shares", "[0.2, 0.8]"}}));
  EXPECT_EQ(points[4].file, "point-0004.h5");
  std::set<uint64_t> seeds;
  for (const SweepPoint& p : points) {
    EXPECT_EQ(p.seed, derived_seed(42, p.index, Purpose::kSweepPoint));
    EXPECT_EQ(p.overrides.front(), "population.generations=2");
    EXPECT_EQ(p.overrides.back(), "experiment.seed=" + std::to_string(p.seed));
    seeds.insert(p.seed);
  }
  EXPECT_EQ(seeds.size(), points.size());
}

TEST_F(SweepSpecTest, SharedSeedsAndSweptSeeds) {
  write("spec.toml",
        "base = \"base.toml\"\nseeds = \"shared\"\n[[axis]]\npopulation.agents = [100, 200]\n");
  for (const SweepPoint& p : resolve_points(load_sweep_spec(file("spec.toml")))) {
    EXPECT_EQ(p.seed, 42u);
  }
  write("spec.toml", "base = \"base.toml\"\n[[axis]]\nexperiment.seed = [7, 8, 9]\n");
  const std::vector<SweepPoint> points = resolve_points(load_sweep_spec(file("spec.toml")));
  ASSERT_EQ(points.size(), 3u);
  EXPECT_EQ(points[2].seed, 9u);
  EXPECT_EQ(points[2].overrides, std::vector<std::string>{"experiment.seed=9"});
}

TEST_F(SweepSpecTest, BadInputNamesTheLineKeyOrPoint) {
  EXPECT_NE(error_of("base = \"base.toml\"\nfoo = 1\n").find("spec.toml:2: foo: unknown sweep key"),
            std::string::npos);
  EXPECT_NE(
      error_of("replicates = 0\nbase = \"base.toml\"\n").find("replicates: expected a positive"),
      std::string::npos);
  EXPECT_NE(error_of("base = \"base.toml\"\n[[axis]]\na.b = [1, 2]\nc.d = [1]\n")
                .find(":4: c.d: has 1 values"),
            std::string::npos);
  EXPECT_NE(
      error_of("base = \"base.toml\"\n[[axis]]\ndynamics.revise = 0.5\n").find("non-empty array"),
      std::string::npos);
  EXPECT_NE(error_of("base = \"base.toml\"\n[set]\noutput.file = \"x.h5\"\n").find("output.file"),
            std::string::npos);
  EXPECT_NE(error_of("[[axis]]\ndynamics.revise = [0.1]\n").find("base: expected"),
            std::string::npos);
  EXPECT_NE(error_of("base = \"missing.toml\"\n").find("cannot open the base config"),
            std::string::npos);
  // A value that fails validation at one point only: its index, values and key are named.
  const std::string bad =
      error_of("base = \"base.toml\"\n[[axis]]\ndynamics.revise = [0.1, 0.5, 2.0]\n");
  EXPECT_NE(bad.find("point 2 (dynamics.revise=2.0)"), std::string::npos) << bad;
  EXPECT_NE(bad.find("dynamics.revise"), std::string::npos) << bad;
  const std::string unknown = error_of("base = \"base.toml\"\n[[axis]]\ndynamics.bta = [1.0]\n");
  EXPECT_NE(unknown.find("point 0"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("bta"), std::string::npos) << unknown;
}

TEST(PointSelection, IndicesRangesAndLists) {
  EXPECT_EQ(select_points({}, 3), (std::vector<size_t>{0, 1, 2}));
  EXPECT_EQ(select_points({"4", "1-2", "7,0"}, 8), (std::vector<size_t>{0, 1, 2, 4, 7}));
  EXPECT_THROW(select_points({"8"}, 8), ConfigError);
  EXPECT_THROW(select_points({"3-1"}, 8), ConfigError);
  EXPECT_THROW(select_points({"x"}, 8), ConfigError);
  EXPECT_THROW(select_points({"-1"}, 8), ConfigError);
}

}  // namespace
}  // namespace evomarket
