// market.agents = "meters" end to end (issue 11 item 3): one agent per meter of a store, in the
// communities of the data (ingest --meter-group, or market.communities_file), with the real
// community names as the community coordinate; and the bad inputs, refused with exit status 2.
#include <gtest/gtest.h>

#include <fstream>
#include <numeric>
#include <string>
#include <vector>

#include "io/hdf5_attribute.h"
#include "io/hdf5_dataset.h"
#include "io/hdf5_file.h"
#include "io/profile_store.h"
#include "support/cli_expect.h"
#include "support/run_cli.h"
#include "support/same_datasets.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

using evomarket::testing::expect_bad_input;
using evomarket::testing::run_evomarket;

const std::string kFixtures = std::string(EVOMARKET_SOURCE_DIR) + "/tests/fixtures/meters/";

class RealCommunities : public evomarket::testing::TempDirTest {
 protected:
  // Five Ausgrid homes in postcodes 2076 (three homes), 2100 and 2261 (one each).
  std::string ausgrid_store() {
    const auto r = run_evomarket("ingest " + kFixtures + "ausgrid_postcodes.csv --format ausgrid" +
                                 " --meter-group Postcode --out " + file("ausgrid.h5"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return file("ausgrid.h5");
  }

  // A market on real meters; `extra` adds [market] lines.
  std::string config(const std::string& store, const std::string& extra = "") {
    const std::string path = file("real.toml");
    std::ofstream(path) << "[experiment]\nname = \"real\"\nmode = \"market\"\nseed = 3\n"
                           "[market]\nprofiles = \""
                        << store
                        << "\"\nagents = \"meters\"\ndays = 2\ngenerations = 6\n"
                           "per_community = true\nstrategies = [\"Truthful\", \"Markup(0.5)\", "
                           "\"Markup(0.9)\"]\n"
                        << extra
                        << "\n[dynamics]\nrule = \"fermi\"\nbeta = 5\nmutation = 0\n"
                           "[output]\ncommunity_counts = true\n";
    return path;
  }

  // Agents per community of every generation, from community_strategy_counts [G, C, S].
  static std::vector<std::vector<int64_t>> community_sizes(const io::File& f, size_t* strategies) {
    size_t dims[3] = {0, 0, 0};
    const std::vector<int64_t> counts = io::read_array3<int64_t>(
        f.root().open_group("observables/community_strategy_counts"), "value", dims);
    *strategies = dims[2];
    std::vector<std::vector<int64_t>> sizes(dims[0], std::vector<int64_t>(dims[1], 0));
    for (size_t g = 0; g < dims[0]; ++g) {
      for (size_t c = 0; c < dims[1]; ++c) {
        for (size_t s = 0; s < dims[2]; ++s) sizes[g][c] += counts[(g * dims[1] + c) * dims[2] + s];
      }
    }
    return sizes;
  }
};

TEST_F(RealCommunities, StorePostcodesBecomeCommunitiesWithTheirNames) {
  const std::string store = ausgrid_store();
  EXPECT_EQ(io::ProfileStore::open(store).meta().group_column, "Postcode");
  const auto r = run_evomarket("run " + config(store) + " --quiet --out " + file("a.h5"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  io::File f = io::File::open_read(file("a.h5"));
  for (const char* series : {"community_generation", "community_strategy_counts",
                             "community_strategy_savings", "community_price"}) {
    EXPECT_EQ(
        io::read_strings(f.root().open_group(std::string("observables/") + series), "community"),
        (std::vector<std::string>{"2076", "2100", "2261"}))
        << series;
  }
  const io::Group agents = f.root().open_group("agents/market");
  EXPECT_EQ(io::read_vector<int64_t>(agents, "community"), (std::vector<int64_t>{0, 0, 0, 1, 2}));
  EXPECT_EQ(io::read_vector<int64_t>(agents, "meter"), (std::vector<int64_t>{0, 1, 2, 3, 4}));
  size_t strategies = 0;
  for (const auto& sizes : community_sizes(f, &strategies)) {
    EXPECT_EQ(sizes, (std::vector<int64_t>{3, 1, 1}));
  }
  // The same seed gives the same file on one thread and on two.
  const auto again =
      run_evomarket("run " + config(store) + " --quiet --threads 1 --out " + file("b.h5"));
  ASSERT_EQ(again.exit_code, 0) << again.output;
  const auto two =
      run_evomarket("run " + config(store) + " --quiet --threads 2 --out " + file("c.h5"));
  ASSERT_EQ(two.exit_code, 0) << two.output;
  EXPECT_EQ(evomarket::testing::differing_datasets(file("b.h5"), file("c.h5")),
            std::vector<std::string>{});
}

// A community of one has no peer to imitate: without mutation its agent keeps its strategy in
// every generation, while imitation goes on in the larger community.
TEST_F(RealCommunities, ALoneMemberKeepsItsStrategy) {
  const auto r = run_evomarket("run " + config(ausgrid_store()) + " --quiet --out " + file("a.h5"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  io::File f = io::File::open_read(file("a.h5"));
  size_t dims[3] = {0, 0, 0};
  const std::vector<int64_t> counts = io::read_array3<int64_t>(
      f.root().open_group("observables/community_strategy_counts"), "value", dims);
  ASSERT_EQ(dims[1], 3u);
  for (size_t c = 1; c < 3; ++c) {  // 2100 and 2261 hold one home each
    for (size_t g = 1; g < dims[0]; ++g) {
      for (size_t s = 0; s < dims[2]; ++s) {
        EXPECT_EQ(counts[(g * dims[1] + c) * dims[2] + s], counts[c * dims[2] + s])
            << "community " << c << ", generation " << g;
      }
    }
  }
}

TEST_F(RealCommunities, CommunitiesFileRegroupsTheMeters) {
  const std::string store = ausgrid_store();
  const auto r = run_evomarket(
      "run " + config(store, "communities_file = \"" + kFixtures + "communities.csv\"") +
      " --quiet --out " + file("a.h5"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  io::File f = io::File::open_read(file("a.h5"));
  EXPECT_EQ(io::read_strings(f.root().open_group("observables/community_generation"), "community"),
            (std::vector<std::string>{"street-a", "street-b"}));
  const io::Group agents = f.root().open_group("agents/market");
  // street-a: homes 1 and 4; street-b: homes 2, 3 and 5 (store meters 0 to 4).
  EXPECT_EQ(io::read_vector<int64_t>(agents, "meter"), (std::vector<int64_t>{0, 3, 1, 2, 4}));
  EXPECT_EQ(io::read_vector<int64_t>(agents, "community"), (std::vector<int64_t>{0, 0, 1, 1, 1}));
  // The stored config names the file and reruns to the same results.
  const std::string stored = file("stored.toml");
  std::ofstream(stored) << io::get_attr_string(f.root().open_group("parameters"), "config_toml");
  const auto again = run_evomarket("run " + stored + " --quiet --out " + file("b.h5"));
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(evomarket::testing::differing_datasets(file("a.h5"), file("b.h5")),
            std::vector<std::string>{});
}

// Wide day rows holding only net energy, without a quantity column (--net row), grouped by a
// feeder column: a net-only store whose feeders are the communities.
TEST_F(RealCommunities, WideNetOnlyRowsWithFeeders) {
  const auto ingest = run_evomarket("ingest " + kFixtures +
                                    "wide_net.csv --format wide --meter-column meter "
                                    "--net row --meter-group feeder --out " +
                                    file("net.h5"));
  ASSERT_EQ(ingest.exit_code, 0) << ingest.output;
  const io::ProfileStore store = io::ProfileStore::open(file("net.h5"));
  EXPECT_EQ(store.meta().kind, io::ProfileKind::kNet);
  EXPECT_EQ(store.slots_per_day(), 4u);
  const io::DayBatch day = store.read_days(0, 1);
  // n1 on 2021-03-01: -1, 2.5, 1, -2 (cells are PV minus load).
  EXPECT_EQ(std::vector<float>(day.load.begin(), day.load.begin() + 4),
            (std::vector<float>{-1, 2.5, 1, -2}));
  const auto r = run_evomarket("run " + config(file("net.h5")) + " --quiet --out " + file("a.h5"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  io::File f = io::File::open_read(file("a.h5"));
  EXPECT_EQ(io::read_strings(f.root().open_group("observables/community_generation"), "community"),
            (std::vector<std::string>{"F1", "F2"}));
  size_t strategies = 0;
  for (const auto& sizes : community_sizes(f, &strategies)) {
    EXPECT_EQ(sizes, (std::vector<int64_t>{3, 1}));
  }
}

TEST_F(RealCommunities, BadInputNamesTheFileAndLine) {
  const std::string store = ausgrid_store();
  // A store meter missing from the communities file.
  std::ofstream(file("missing.csv")) << "meter,community\n1,a\n2,a\n3,b\n4,b\n";
  expect_bad_input("run " + config(store, "communities_file = \"missing.csv\"") + " --quiet",
                   "missing.csv:5: 1 meter of the profile store has no community, the first "
                   "\"5\"");
  // A meter the store does not hold.
  std::ofstream(file("unknown.csv")) << "meter,community\n1,a\n9,a\n";
  expect_bad_input("run " + config(store, "communities_file = \"unknown.csv\"") + " --quiet",
                   "unknown.csv:3: meter \"9\" is not in the profile store");
  // A meter named twice.
  std::ofstream(file("twice.csv")) << "meter,community\n1,a\n1,b\n";
  expect_bad_input("run " + config(store, "communities_file = \"twice.csv\"") + " --quiet",
                   "twice.csv:3: meter \"1\" is named twice (first at ");
  // A file without the community column.
  std::ofstream(file("columns.csv")) << "meter,group\n1,a\n";
  expect_bad_input("run " + config(store, "communities_file = \"columns.csv\"") + " --quiet",
                   "columns.csv:1: ");
  // A group column absent from the header.
  expect_bad_input("ingest " + kFixtures + "ausgrid_postcodes.csv --format ausgrid" +
                       " --meter-group Suburb --out " + file("x.h5"),
                   "ausgrid_postcodes.csv:2: ");
  expect_bad_input("ingest " + kFixtures + "ausgrid_postcodes.csv --format ausgrid" +
                       " --meter-group Suburb --out " + file("x.h5"),
                   "--meter-group");
  // A meter whose group changes between lines.
  std::ofstream(file("moves.csv")) << "meter,feeder,date,6:00,12:00,18:00,0:00\n"
                                      "m1,F1,2021-03-01,1,1,1,1\nm1,F2,2021-03-02,1,1,1,1\n";
  expect_bad_input("ingest " + file("moves.csv") +
                       " --format wide --meter-column meter --net row --meter-group feeder --out " +
                       file("y.h5"),
                   "moves.csv:3: meter \"m1\" is in group \"F2\" here but in group \"F1\" at ");
  // A store without groups and no communities file.
  const auto plain = run_evomarket("ingest " + kFixtures +
                                   "ausgrid_postcodes.csv --format ausgrid --out " + file("p.h5"));
  ASSERT_EQ(plain.exit_code, 0) << plain.output;
  expect_bad_input("run " + config(file("p.h5")) + " --quiet", "has no meter groups");
  // Settings that do not go with real meters.
  expect_bad_input("run " + config(store, "community_size = 3") + " --quiet",
                   "no community_size with agents = \"meters\"");
  expect_bad_input("run " + config(store) + " --quiet --set market.agents='\"homes\"'",
                   "a number of agents, or \"meters\"");
}

}  // namespace
}  // namespace evomarket
