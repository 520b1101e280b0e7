// Checkpoints: what is written reads back exactly, and a checkpoint whose dimensions disagree with
// each other or with the config is refused with the dataset named, before anything is allocated
// from its numbers (crafted files used to overflow the heap or end in a "complete" file).
#include "host/run/checkpoint.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "host/errors.h"
#include "io/hdf5_file.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t kAgents = 6;
constexpr uint32_t kStrategies = 3;

Checkpoint population_checkpoint() {
  Checkpoint c{"v1", "identity", {}, {}, false};
  c.state.generation = 2;
  c.state.strategies = {0, 1, 2, 2, 1, 0};
  for (uint32_t g = 0; g < 2; ++g) {
    StrategyTotals t(kStrategies);
    t.agents = {2, 2, 2};
    t.payoff = {int64_t(g), -5, 7};
    t.turns = {10, 20, 30};
    t.cooperations = {1, 2, 3};
    t.matches = 9 + g;
    c.history.push_back(t);
  }
  return c;
}

CheckpointShape population_shape() {
  CheckpointShape s;
  s.agents = kAgents;
  s.strategies = kStrategies;
  return s;
}

class CheckpointTest : public evomarket::testing::TempDirTest {
 protected:
  std::string written(const Checkpoint& c = population_checkpoint()) {
    const std::string path = file("run.checkpoint");
    write_checkpoint(path, c);
    return path;
  }
  // Rewrites one dataset of the checkpoint at `path`.
  template <class T>
  void replace_vector(const std::string& path, const std::string& name, const std::vector<T>& v) {
    io::File f = io::File::open_rw(path);
    f.root().remove(name);
    io::write_vector(f.root(), name, v);
  }
  template <class T>
  void replace_matrix(const std::string& path, const std::string& name, size_t rows, size_t cols) {
    io::File f = io::File::open_rw(path);
    f.root().remove(name);
    const std::vector<T> data(rows * cols, T(1));
    io::write_matrix(f.root(), name, rows, cols, data.data());
  }
  // The ConfigError read_checkpoint throws for the file at `path`.
  std::string refusal(const std::string& path, const CheckpointShape& shape = population_shape()) {
    try {
      read_checkpoint(path, "v1", "identity", shape);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "accepted";
  }
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(CheckpointTest, ReadsBackWhatWasWritten) {
  const Checkpoint c = read_checkpoint(written(), "v1", "identity", population_shape());
  EXPECT_EQ(c.state.generation, 2u);
  EXPECT_EQ(c.state.strategies, (std::vector<uint16_t>{0, 1, 2, 2, 1, 0}));
  ASSERT_EQ(c.history.size(), 2u);
  EXPECT_EQ(c.history[1].payoff, (std::vector<int64_t>{1, -5, 7}));
  EXPECT_EQ(c.history[1].matches, 10u);
  EXPECT_EQ(c.history[0].turns, (std::vector<uint64_t>{10, 20, 30}));
}

TEST_F(CheckpointTest, CarriesTheRecordedGroupsOfTheResultsFile) {
  io::File results = io::File::create(file("results.h5"));
  io::write_vector(results.root().create_group("agents"), "marker", std::vector<int64_t>{4, 2});
  const io::Group root = results.root();
  write_checkpoint(file("run.checkpoint"), population_checkpoint(), &root, {"agents", "absent"});
  io::File checkpoint = io::File::open_read(file("run.checkpoint"));
  EXPECT_EQ(io::read_vector<int64_t>(checkpoint.root(), "recorded/agents/marker"),
            (std::vector<int64_t>{4, 2}));
  EXPECT_FALSE(checkpoint.root().has("recorded/absent"));
}

TEST_F(CheckpointTest, AFailedWriteKeepsThePreviousCheckpointAndLeavesNoTemporary) {
  const std::string path = written();
  Checkpoint bad = population_checkpoint();
  io::File results = io::File::create(file("results.h5"));
  results.root().create_group("observables");
  const io::Group root = results.root();
  fs::create_directory(file("run.checkpoint.tmp-blocker"));  // unrelated: must stay
  // Copying into a group that exists fails half-way through writing the new checkpoint.
  EXPECT_ANY_THROW(write_checkpoint(path, bad, &root, {"observables", "observables"}));
  EXPECT_EQ(read_checkpoint(path, "v1", "identity", population_shape()).state.generation, 2u);
  size_t entries = 0;
  for (const auto& e : fs::directory_iterator(dir_)) {
    (void)e;
    ++entries;
  }
  EXPECT_EQ(entries, 3u);  // the checkpoint, the results file, the unrelated directory
}

TEST_F(CheckpointTest, MoreHistoryRowsThanGenerationsAreRefused) {
  const std::string path = written();
  replace_matrix<uint64_t>(path, "history/agents", 50, kStrategies);
  EXPECT_PRED2(contains, refusal(path), "/history/agents is 50 x 3, expected 2 x 3");
}

TEST_F(CheckpointTest, FewerRowsOrColumnsAreRefused) {
  std::string path = written();
  replace_matrix<int64_t>(path, "history/payoff", 1, kStrategies);
  EXPECT_PRED2(contains, refusal(path), "/history/payoff is 1 x 3");
  path = written();
  replace_matrix<uint64_t>(path, "history/turns", 2, 2);
  EXPECT_PRED2(contains, refusal(path), "/history/turns is 2 x 2");
}

TEST_F(CheckpointTest, AShortMatchesDatasetIsRefused) {
  const std::string path = written();
  replace_vector<uint64_t>(path, "history/matches", {9});
  EXPECT_PRED2(contains, refusal(path), "/history/matches holds 1 values, expected 2");
}

TEST_F(CheckpointTest, AgentsThatDoNotAddUpToThePopulationAreRefused) {
  const std::string path = written();
  {
    io::File f = io::File::open_rw(path);
    f.root().remove("history/agents");
    const std::vector<uint64_t> rows = {1000000000000000000ull, 0, 0, 2, 2, 2};
    io::write_matrix(f.root(), "history/agents", 2, kStrategies, rows.data());
  }
  EXPECT_PRED2(contains, refusal(path), "row 0 adds up to 1000000000000000000, expected 6");
}

TEST_F(CheckpointTest, StateOfTheWrongSizeOrOutOfRangeIsRefused) {
  std::string path = written();
  replace_vector<uint16_t>(path, "strategies", {0, 1});
  EXPECT_PRED2(contains, refusal(path), "/strategies holds 2 values, expected 6");
  path = written();
  replace_vector<uint16_t>(path, "strategies", {0, 1, 2, 3, 1, 0});
  EXPECT_PRED2(contains, refusal(path), "strategy index 3");
}

TEST_F(CheckpointTest, AGenerationOutOfRangeIsRefused) {
  const std::string path = written();
  {
    io::File f = io::File::open_rw(path);
    io::set_attr(f.root(), "generation", int64_t{-4});
  }
  EXPECT_PRED2(contains, refusal(path), "generation -4 is out of range");
}

// Found by the checkpoint fuzz harness (tests/fuzz/checkpoint_fuzz.cpp): a generation of
// 4e9 sized the history (4e9 rows) before any history dataset was looked at.
TEST_F(CheckpointTest, AHugeGenerationIsRefusedBeforeTheHistoryIsSized) {
  const std::string path = written();
  {
    io::File f = io::File::open_rw(path);
    io::set_attr(f.root(), "generation", int64_t{4000000000});
  }
  EXPECT_PRED2(contains, refusal(path), "dataset /history/agents is 2 x 3, expected 4000000000 x 3");
  // Nor does an empty strategy set, whose history rows store nothing whatever their number.
  CheckpointShape none = population_shape();
  none.agents = 0;
  none.strategies = 0;
  Checkpoint c = population_checkpoint();
  c.state.strategies.clear();
  c.history.assign(2, StrategyTotals(0));
  const std::string empty = written(c);
  {
    io::File f = io::File::open_rw(empty);
    io::set_attr(f.root(), "generation", int64_t{4000000000});
    for (const char* name : {"history/agents", "history/payoff", "history/turns",
                             "history/cooperations", "history/community_agents"}) {
      f.root().remove(name);
      io::write_matrix<uint64_t>(f.root(), name, 4000000000, 0, nullptr);
    }
  }
  EXPECT_PRED2(contains, refusal(empty, none),
               "dataset /history/matches holds 2 values, expected 4000000000");
}

TEST_F(CheckpointTest, AsynchronousCountsMustAddUpToTheAgents) {
  Checkpoint c = population_checkpoint();
  c.state.strategies.clear();
  c.state.counts = {1, 2, 3};
  CheckpointShape shape = population_shape();
  shape.asynchronous = true;
  const std::string path = written(c);
  EXPECT_EQ(refusal(path, shape), "accepted");
  replace_vector<uint64_t>(path, "counts", {1, 2, 2});
  EXPECT_PRED2(contains, refusal(path, shape), "/counts add up to 5, expected 6 agents");
  replace_vector<uint64_t>(path, "counts", {~uint64_t{0}, 7, 0});
  EXPECT_PRED2(contains, refusal(path, shape), "/counts add up to more than the agents");
}

TEST_F(CheckpointTest, AMissingDatasetOrRecordedGroupIsNamed) {
  std::string path = written();
  {
    io::File f = io::File::open_rw(path);
    f.root().remove("history/cooperations");
  }
  EXPECT_PRED2(contains, refusal(path), "dataset /history/cooperations is missing");
  path = written();
  {
    io::File f = io::File::open_rw(path);
    f.root().remove(kRecordedGroup);
  }
  EXPECT_PRED2(contains, refusal(path), "recorded history) is missing");
}

TEST_F(CheckpointTest, AnotherVersionOrConfigIsRefused) {
  const std::string path = written();
  EXPECT_ANY_THROW(read_checkpoint(path, "v2", "identity", population_shape()));
  EXPECT_ANY_THROW(read_checkpoint(path, "v1", "other", population_shape()));
  CheckpointShape market = population_shape();
  market.market = true;
  EXPECT_PRED2(contains, refusal(path, market), "a checkpoint of a population run");
}

}  // namespace
}  // namespace evomarket
