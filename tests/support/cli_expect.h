// Expectations on one evomarket command line: its JSON output, or its refusal of bad input
// (exit status 2 and a message naming what was wrong).
#pragma once

#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "support/run_cli.h"

namespace evomarket::testing {

// The JSON the command prints (it must succeed).
inline nlohmann::json json_of(const std::string& args) {
  const CliResult r = run_evomarket(args);
  EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.output;
  return nlohmann::json::parse(r.output);
}

inline void expect_bad_input(const std::string& args, const std::string& message) {
  const CliResult r = run_evomarket(args);
  EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.output;
  EXPECT_NE(r.output.find(message), std::string::npos) << args << "\n" << r.output;
}

}  // namespace evomarket::testing
