// describe_file: the summary behind `evomarket inspect`.
#include "io/describe.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <unistd.h>
#include "support/temp_dir.h"

#include <filesystem>
#include <fstream>
#include <string>

#include "io/results_file.h"

namespace evomarket::io {
namespace {

namespace fs = std::filesystem;

class DescribeTest : public evomarket::testing::TempDirTest {
 protected:
  void SetUp() override {
    TempDirTest::SetUp();
    path_ = file("results.h5");
  }

  std::string path_;
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(DescribeTest, ListsAttributesDatasetsShapesAndColumns) {
  {
    RunMetadata meta;
    meta.version = "0.1.0";
    meta.mode = "simulate";
    meta.config_toml = "[a]\nb = 1\nc = 2\n";
    meta.seed = 42;
    ResultsFile rf = ResultsFile::create(path_, meta);
    std::vector<std::string> columns;
    for (int i = 0; i < 12; ++i) columns.push_back("s" + std::to_string(i));
    auto s = ObservableSeries::create<int64_t>(rf.observables(), "strategy_counts", 12, "agents",
                                               columns);
    for (int64_t step = 0; step < 10; ++step) s.append(step, std::vector<int64_t>(12, step));
    write_vector(rf.root(), "agents/wealth", std::vector<float>(3, 1.0F));
    H5Lcreate_soft("/agents/wealth", rf.root().id(), "alias", H5P_DEFAULT, H5P_DEFAULT);
    rf.complete();
  }
  const std::string text = describe_file(path_);
  EXPECT_TRUE(contains(text, "status = \"complete\"\n")) << text;
  EXPECT_TRUE(contains(text, "seed = 42\n")) << text;
  EXPECT_TRUE(contains(text, "evomarket_version = \"0.1.0\"\n")) << text;
  EXPECT_TRUE(contains(text, "/observables/strategy_counts/value  int64 [10, 12] (step, column)\n"))
      << text;
  EXPECT_TRUE(contains(text, "/observables/strategy_counts/step  int64 [10] (dimension)\n"))
      << text;
  EXPECT_TRUE(contains(text, "/observables/strategy_counts/\n  @unit = \"agents\"\n")) << text;
  EXPECT_TRUE(
      contains(text, "/observables/strategy_counts/column  string [12] (dimension)\n    \"s0\"\n"))
      << text;
  EXPECT_FALSE(contains(text, "DIMENSION_LIST")) << text;
  EXPECT_TRUE(contains(text, "    \"s11\"\n")) << text;
  EXPECT_TRUE(contains(text, "/agents/wealth  float32 [3]\n")) << text;
  EXPECT_TRUE(contains(text, "/alias -> /agents/wealth\n")) << text;
  EXPECT_TRUE(contains(text, "@config_toml = \"[a]\" ... (3 lines)\n")) << text;
  // Root attributes come first, then the tree.
  EXPECT_LT(text.find("status ="), text.find("/observables/"));
}

// The same summary as JSON: typed attribute values, every object with its kind, type, shape and
// dimensions, links with their targets, and no dimension-scale bookkeeping.
TEST_F(DescribeTest, JsonGivesTypedAttributesAndEveryObject) {
  {
    RunMetadata meta;
    meta.version = "0.1.0";
    meta.mode = "simulate";
    meta.config_toml = "[a]\nb = 1\n";
    meta.seed = 42;
    ResultsFile rf = ResultsFile::create(path_, meta);
    auto s = ObservableSeries::create<int64_t>(rf.observables(), "strategy_counts", 2, "agents",
                                               {"a", "b"});
    for (int64_t step = 0; step < 3; ++step) s.append(step, std::vector<int64_t>(2, step));
    write_vector(rf.root(), "agents/wealth", std::vector<float>(3, 1.0F));
    H5Lcreate_soft("/agents/wealth", rf.root().id(), "alias", H5P_DEFAULT, H5P_DEFAULT);
    rf.complete();
  }
  const nlohmann::json j = nlohmann::json::parse(describe_file_json(path_));
  EXPECT_EQ(j["file"], path_);
  EXPECT_EQ(j["attributes"]["status"], "complete");
  EXPECT_EQ(j["attributes"]["seed"], 42);
  EXPECT_EQ(j["attributes"]["evomarket_version"], "0.1.0");
  bool whole = false;  // long strings come whole, not shortened as in the text summary
  for (const auto& o : j["objects"]) {
    if (o.contains("attributes") && o["attributes"].contains("config_toml")) {
      whole = o["attributes"]["config_toml"] == "[a]\nb = 1\n";
    }
  }
  EXPECT_TRUE(whole);
  const auto object = [&](const std::string& path) {
    for (const auto& o : j["objects"]) {
      if (o["path"] == path) return o;
    }
    ADD_FAILURE() << "no object " << path;
    return nlohmann::json();
  };
  const nlohmann::json value = object("/observables/strategy_counts/value");
  EXPECT_EQ(value["kind"], "dataset");
  EXPECT_EQ(value["type"], "int64");
  EXPECT_EQ(value["shape"], nlohmann::json({3, 2}));
  EXPECT_EQ(value["dimensions"], nlohmann::json({"step", "column"}));
  EXPECT_EQ(object("/observables/strategy_counts/step")["dimension"], true);
  EXPECT_EQ(object("/observables/strategy_counts")["attributes"]["unit"], "agents");
  EXPECT_EQ(object("/alias")["target"], "/agents/wealth");
  EXPECT_EQ(object("/agents")["kind"], "group");
  EXPECT_FALSE(value["attributes"].contains("DIMENSION_LIST"));
}

TEST_F(DescribeTest, LongStringListsAreNotExpanded) {
  {
    File f = File::create(path_);
    write_strings(f.root(), "many", std::vector<std::string>(33, "x"));
    write_strings(f.root(), "few", std::vector<std::string>(32, "y"));
  }
  const std::string text = describe_file(path_);
  EXPECT_TRUE(contains(text, "/many  string [33]\n")) << text;
  EXPECT_TRUE(contains(text, "/few  string [32]\n    \"y\"\n")) << text;
  EXPECT_FALSE(contains(text, "\"x\"")) << text;
}

TEST_F(DescribeTest, MissingOrNonHdf5FileThrows) {
  const std::string missing = (dir_ / "absent.h5").string();
  try {
    describe_file(missing);
    FAIL() << "expected H5Error";
  } catch (const H5Error& e) {
    EXPECT_TRUE(contains(e.what(), missing)) << e.what();
  }
  const std::string text = (dir_ / "notes.h5").string();
  std::ofstream(text) << "definitely not HDF5\n";
  try {
    describe_file(text);
    FAIL() << "expected H5Error";
  } catch (const H5Error& e) {
    EXPECT_TRUE(contains(e.what(), text)) << e.what();
    EXPECT_TRUE(contains(e.what(), "not an HDF5 file")) << e.what();
  }
}

}  // namespace
}  // namespace evomarket::io
