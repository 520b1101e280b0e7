// `evomarket sweep` and `evomarket stitch` end to end: points, manifest, resume, --point,
// refusals before anything runs, interruption, and the stitched index read back through io/
// and from Python.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "io/dimension_scales.h"
#include "io/hdf5_file.h"
#include "io/results_file.h"
#include "io/virtual_dataset.h"
#include "kernels/rng.h"
#include "support/run_cli.h"
#include "support/same_datasets.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

namespace fs = std::filesystem;
using evomarket::testing::run_evomarket;
using evomarket::testing::TempDirTest;

const std::string kSource = EVOMARKET_SOURCE_DIR;

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

template <class T>
std::vector<T> read_all(const io::Dataset& d) {
  size_t n = 1;
  for (uint64_t s : d.shape()) n *= s;
  std::vector<T> out(n);
  EXPECT_GE(H5Dread(d.id(), io::NativeType<T>::id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), 0);
  return out;
}

class Sweep : public TempDirTest {
 protected:
  // The hawk-dove game of experiments/, small: 4 points, two generation counts (so the
  // stitched series need padding) and two revision rates.
  void SetUp() override {
    TempDirTest::SetUp();
    fs::copy_file(kSource + "/experiments/hawk_dove.toml", file("hawk_dove.toml"));
    spec_ = write("spec.toml", R"(
base = "hawk_dove.toml"
[set]
population.agents = 500
[[axis]]
population.generations = [4, 7]
[[axis]]
"dynamics.revise" = [0.2, 0.6]
)");
  }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(file(name)) << text;
    return file(name);
  }
  testing::CliResult sweep(const std::string& args) {
    return run_evomarket("sweep " + spec_ + " --out " + file("out") + " --threads 1 " + args);
  }
  std::string spec_;
};

TEST_F(Sweep, RunsEveryPointAndWritesTheManifest) {
  const auto r = sweep("--jobs 2");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::vector<std::string> manifest = lines(read_text(file("out/manifest.csv")));
  ASSERT_EQ(manifest.size(), 5u);
  EXPECT_EQ(manifest[0], "point,status,exit_code,seed,file,population.generations,dynamics.revise");
  for (int i = 0; i < 4; ++i) {
    const uint64_t seed = derived_seed(42, i, Purpose::kSweepPoint);
    const std::string file_name = "point-000" + std::to_string(i) + ".h5";
    EXPECT_EQ(
        manifest[i + 1].rfind(
            std::to_string(i) + ",complete,0," + std::to_string(seed) + "," + file_name + ",", 0),
        0u)
        << manifest[i + 1];
    const io::File f = io::File::open_read(file("out/" + file_name));
    EXPECT_EQ(io::get_attr_string(f.root(), "status"), "complete");
    EXPECT_EQ(io::get_attr_uint(f.root(), "seed"), seed);
  }
  EXPECT_EQ(manifest[4], "3,complete,0," +
                             std::to_string(derived_seed(42, 3, Purpose::kSweepPoint)) +
                             ",point-0003.h5,7,0.6");
  // A rerun skips complete points and leaves their files as they were.
  const auto before = fs::last_write_time(file("out/point-0002.h5"));
  const auto again = sweep("");
  EXPECT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("4 of 4 chosen points complete already"), std::string::npos);
  EXPECT_EQ(fs::last_write_time(file("out/point-0002.h5")), before);
}

TEST_F(Sweep, ListsPointsWithoutRunning) {
  const auto r = sweep("--list");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("population.generations=7 dynamics.revise=0.2"), std::string::npos);
  EXPECT_NE(r.output.find(std::to_string(derived_seed(42, 1, Purpose::kSweepPoint))),
            std::string::npos);
  EXPECT_NE(r.output.find("4 points"), std::string::npos);
  EXPECT_FALSE(fs::exists(file("out")));
}

TEST_F(Sweep, RunsChosenPointsOnly) {
  ASSERT_EQ(sweep("--point 1").exit_code, 0);
  ASSERT_EQ(sweep("--point 3 --point 3").exit_code, 0);
  EXPECT_FALSE(fs::exists(file("out/point-0000.h5")));
  EXPECT_TRUE(fs::exists(file("out/point-0001.h5")));
  const std::vector<std::string> manifest = lines(read_text(file("out/manifest.csv")));
  EXPECT_EQ(manifest[1].rfind("0,pending,,", 0), 0u) << manifest[1];
  EXPECT_EQ(manifest[2].rfind("1,complete,0,", 0), 0u) << manifest[2];
  EXPECT_EQ(manifest[4].rfind("3,complete,0,", 0), 0u) << manifest[4];
  const auto bad = sweep("--point 4");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.output.find("--point 4: expected point indices in [0, 4)"), std::string::npos);
}

TEST_F(Sweep, RefusesBadPointsBeforeAnythingRuns) {
  write("spec.toml", "base = \"hawk_dove.toml\"\n[[axis]]\n\"dynamics.revise\" = [0.2, 1.5]\n");
  const auto r = sweep("");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("point 1 (dynamics.revise=1.5)"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(file("out")));
}

TEST_F(Sweep, RefusesAFolderOfAnotherSweepOrOtherFiles) {
  ASSERT_EQ(sweep("--point 0").exit_code, 0);
  const auto before = fs::last_write_time(file("out/point-0000.h5"));
  write("spec.toml",
        "base = \"hawk_dove.toml\"\n[set]\npopulation.agents = 600\n[[axis]]\n"
        "population.generations = [4, 7]\n[[axis]]\n\"dynamics.revise\" = [0.2, 0.6]\n");
  const auto r = sweep("");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("made from another sweep (point 0 was"), std::string::npos) << r.output;
  EXPECT_EQ(fs::last_write_time(file("out/point-0000.h5")), before);

  fs::create_directories(file("mine"));
  write("mine/notes.txt", "keep me");
  const auto other = run_evomarket("sweep " + spec_ + " --out " + file("mine"));
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_NE(other.output.find("holds files but no sweep"), std::string::npos) << other.output;
  EXPECT_EQ(read_text(file("mine/notes.txt")), "keep me");
}

TEST_F(Sweep, SigintStopsAndTheRerunResumes) {
  // Points of a few seconds each, one at a time.
  write("spec.toml",
        "base = \"hawk_dove.toml\"\n[set]\npopulation.generations = 60\n"
        "output.checkpoint_every = 2\n[[axis]]\n\"dynamics.revise\" = [0.2, 0.3]\n");
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const std::string out = file("out");
    const std::string log = file("sweep.log");
    freopen(log.c_str(), "w", stdout);
    execl(EVOMARKET_BINARY, EVOMARKET_BINARY, "sweep", spec_.c_str(), "--out", out.c_str(),
          "--threads", "1", static_cast<char*>(nullptr));
    _exit(127);
  }
  // Wait until the first point runs, then interrupt the sweep.
  for (int i = 0; i < 200 && !fs::exists(file("out/status/point-0000.toml")); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130) << read_text(file("sweep.log"));
  const std::vector<std::string> manifest = lines(read_text(file("out/manifest.csv")));
  EXPECT_EQ(manifest[1].rfind("0,interrupted,130,", 0), 0u) << manifest[1];
  EXPECT_EQ(manifest[2].rfind("1,pending,,", 0), 0u) << manifest[2];
  EXPECT_EQ(io::results_status(file("out/point-0000.h5")), "interrupted");

  const auto again = sweep("");
  EXPECT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(io::results_status(file("out/point-0000.h5")), "complete");
  EXPECT_EQ(io::results_status(file("out/point-0000.interrupted-1.h5")), "interrupted");
  EXPECT_EQ(lines(read_text(file("out/manifest.csv")))[2].rfind("1,complete,0,", 0), 0u);
  // The interrupted point continued from its checkpoint, to the results of an uninterrupted
  // run of the same point.
  EXPECT_NE(read_text(file("out/logs/point-0000.log")).find("resuming from"), std::string::npos)
      << read_text(file("out/logs/point-0000.log"));
  const auto alone =
      run_evomarket("run " + file("hawk_dove.toml") +
                    " --set population.generations=60 --set output.checkpoint_every=2"
                    " --set dynamics.revise=0.2 --set experiment.seed=" +
                    std::to_string(derived_seed(42, 0, Purpose::kSweepPoint)) + " --quiet --out " +
                    file("alone.h5"));
  ASSERT_EQ(alone.exit_code, 0) << alone.output;
  EXPECT_EQ(evomarket::testing::differing_datasets(file("alone.h5"), file("out/point-0000.h5")),
            std::vector<std::string>{});
}

TEST_F(Sweep, StitchesPointsIntoVirtualDatasets) {
  ASSERT_EQ(sweep("--jobs 2").exit_code, 0);
  const auto r = run_evomarket("stitch " + file("out"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // Moving the folder, index included, keeps the index readable (sources beside the index).
  fs::rename(file("out"), file("moved"));

  const io::File index = io::File::open_read(file("moved/index.h5"));
  const io::Group root = index.root();
  const io::Dataset counts = root.open_dataset("observables/strategy_counts/value");
  EXPECT_TRUE(io::is_virtual(counts));
  ASSERT_EQ(counts.shape(), (std::vector<uint64_t>{4, 7, 2}));
  const std::vector<int64_t> stitched = read_all<int64_t>(counts);
  const std::vector<double> payoffs =
      read_all<double>(root.open_dataset("observables/mean_payoff_per_turn/value"));
  for (size_t p = 0; p < 4; ++p) {
    const io::File point = io::File::open_read(file("moved/point-000" + std::to_string(p) + ".h5"));
    const io::Group obs = point.root().open_group("observables");
    const io::Matrix<int64_t> c = io::read_matrix<int64_t>(obs, "strategy_counts/value");
    const io::Matrix<double> m = io::read_matrix<double>(obs, "mean_payoff_per_turn/value");
    ASSERT_EQ(c.rows, p < 2 ? 4u : 7u);
    for (size_t g = 0; g < 7; ++g) {
      for (size_t s = 0; s < 2; ++s) {
        const size_t at = (p * 7 + g) * 2 + s;
        if (g < c.rows) {
          EXPECT_EQ(stitched[at], c(g, s)) << p << " " << g;
          EXPECT_EQ(payoffs[at], m(g, s));
        } else {  // a shorter series is padded
          EXPECT_EQ(stitched[at], INT64_MIN);
          EXPECT_TRUE(std::isnan(payoffs[at]));
        }
      }
    }
  }
  EXPECT_EQ(io::read_vector<int64_t>(root, "observables/strategy_counts/length"),
            (std::vector<int64_t>{4, 4, 7, 7}));
  EXPECT_EQ(io::read_vector<double>(root, "sweep/dynamics.revise"),
            (std::vector<double>{0.2, 0.6, 0.2, 0.6}));
  EXPECT_EQ(io::read_vector<int64_t>(root, "sweep/population.generations"),
            (std::vector<int64_t>{4, 4, 7, 7}));
  EXPECT_EQ(io::read_vector<uint64_t>(root, "sweep/seed")[3],
            derived_seed(42, 3, Purpose::kSweepPoint));
  EXPECT_EQ(io::read_strings(root, "population/strategies"),
            (std::vector<std::string>{"Hawk", "Dove"}));
  EXPECT_TRUE(io::read_vector<int64_t>(root, "sweep/missing").empty());
  // Named axes (docs/sweeps.md): the points' dimensions once, the longest generation axis, and
  // the point axis in front.
  EXPECT_EQ(io::dimension_names(counts),
            (std::vector<std::string>{"point", "generation", "strategy"}));
  EXPECT_EQ(io::read_vector<int64_t>(root, "observables/strategy_counts/generation"),
            (std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(io::read_vector<int64_t>(root, "observables/strategy_counts/point"),
            (std::vector<int64_t>{0, 1, 2, 3}));
  EXPECT_EQ(io::dimension_names(root.open_dataset("observables/strategy_counts/length")),
            std::vector<std::string>{"point"});
  EXPECT_EQ(io::dimension_names(root.open_dataset("sweep/dynamics.revise")),
            std::vector<std::string>{"point"});
  EXPECT_EQ(io::dimension_names(root.open_dataset("population/initial_counts")),
            (std::vector<std::string>{"point", "strategy"}));
}

TEST_F(Sweep, FailedAndMissingPointsReadAsFill) {
  ASSERT_EQ(sweep("--jobs 2").exit_code, 0);
  {
    io::File f = io::File::open_rw(file("out/point-0001.h5"));
    io::set_attr(f.root(), "status", "failed");
  }
  fs::remove(file("out/point-0002.h5"));
  const auto r = run_evomarket("stitch " + file("out") + " --out " + file("index.h5"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("points 1, 2"), std::string::npos) << r.output;
  fs::rename(file("out"), file("moved"));  // the index beside the folder: move both
  fs::create_directories(file("elsewhere"));
  fs::rename(file("moved"), file("elsewhere/out"));
  fs::rename(file("index.h5"), file("elsewhere/index.h5"));

  const io::File index = io::File::open_read(file("elsewhere/index.h5"));
  const io::Group root = index.root();
  const std::vector<int64_t> counts =
      read_all<int64_t>(root.open_dataset("observables/strategy_counts/value"));
  for (size_t p = 1; p <= 2; ++p) {
    for (size_t i = 0; i < 14; ++i) EXPECT_EQ(counts[p * 14 + i], INT64_MIN) << p;
  }
  EXPECT_NE(counts[0], INT64_MIN);
  EXPECT_NE(counts[3 * 14], INT64_MIN);
  EXPECT_EQ(io::read_vector<int64_t>(root, "sweep/missing"), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(io::read_strings(root, "sweep/status"),
            (std::vector<std::string>{"complete", "failed", "missing", "complete"}));
  EXPECT_EQ(io::read_strings(root, "sweep/file")[0], "out/point-0000.h5");

  // From Python, as an analyst reads it.
  if (std::system((kSource + "/scripts/lib/find-python >/dev/null 2>&1").c_str()) != 0) {
    GTEST_SKIP() << "no Python with h5py";
  }
  const std::string script = write("read.py", R"(
import sys, h5py, numpy as np
with h5py.File(sys.argv[1]) as f:
    v = f["observables/mean_payoff_per_turn/value"][...]
    assert v.shape == (4, 7, 2), v.shape
    assert np.isnan(v[1]).all() and np.isnan(v[2]).all() and np.isnan(v[0, 4:]).all()
    assert not np.isnan(v[3]).any()
    c = f["observables/strategy_counts/value"]
    assert c.fillvalue == np.iinfo(np.int64).min
    assert (c[0, :4].sum(axis=1) == 500).all()
    assert list(f["sweep/dynamics.revise"][...]) == [0.2, 0.6, 0.2, 0.6]
    assert [s.decode() if isinstance(s, bytes) else s for s in f["sweep/status"][...]] == \
        ["complete", "failed", "missing", "complete"]
print("ok")
)");
  const std::string cmd = "cd / && \"$(" + kSource + "/scripts/lib/find-python)\" " + script + " " +
                          file("elsewhere/index.h5") + " 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  std::string output;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, n);
  EXPECT_EQ(pclose(pipe), 0) << output;
  EXPECT_EQ(output, "ok\n");
}

TEST_F(Sweep, StitchRefusesDifferentLayouts) {
  // Two points with two and three strategies: different widths.
  write("spec.toml", R"(
base = "hawk_dove.toml"
[set]
population.agents = 300
population.generations = 3
[[axis]]
game.matrix.strategies = [["Hawk", "Dove"], ["Hawk", "Dove", "Bourgeois"]]
game.matrix.payoffs = [[[-1, 2], [0, 1]], [[-1, 2, 0], [0, 1, 0], [1, 1, 1]]]
population.shares = [[0.1, 0.9], [0.1, 0.8, 0.1]]
)");
  ASSERT_EQ(sweep("").exit_code, 0);
  const auto r = run_evomarket("stitch " + file("out"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("cannot stitch point 1 (point-0001.h5) with point 0"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("strategy is [3] string, the first point's is [2] string"),
            std::string::npos)
      << r.output;
  EXPECT_FALSE(fs::exists(file("out/index.h5")));
  EXPECT_EQ(run_evomarket("stitch " + file("nowhere")).exit_code, 2);
}

}  // namespace
}  // namespace evomarket
