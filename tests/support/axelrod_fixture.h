// Reads the Axelrod-library reference files of tests/fixtures/axelrod (written by its
// `generate` script): "# key value" header lines, a line of column names, tab-separated rows.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace evomarket::test {

struct AxelrodFixture {
  std::string version;  // "# axelrod X.Y.Z"
  uint32_t turns = 0;   // "# turns N"
  double noise = 0;     // "# noise q" (0 when absent)
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

inline std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  std::istringstream cells(line);
  for (std::string cell; std::getline(cells, cell, '\t');) fields.push_back(cell);
  return fields;
}

inline AxelrodFixture read_axelrod_fixture(const std::string& file) {
  const std::string path = std::string(EVOMARKET_SOURCE_DIR) + "/tests/fixtures/axelrod/" + file;
  std::ifstream in(path);
  EXPECT_TRUE(in) << "cannot open " << path;
  AxelrodFixture f;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (line[0] == '#') {
      std::istringstream words(line.substr(1));
      std::string key;
      words >> key;
      if (key == "axelrod") words >> f.version;
      if (key == "turns") words >> f.turns;
      if (key == "noise") words >> f.noise;
      continue;
    }
    if (f.columns.empty()) {
      f.columns = split_tabs(line);
      continue;
    }
    f.rows.push_back(split_tabs(line));
  }
  return f;
}

}  // namespace evomarket::test
