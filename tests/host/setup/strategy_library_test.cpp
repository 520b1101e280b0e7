// The built-in strategy table (host/setup/strategy_library.h): names, the Axelrod library's
// display names and reprs as aliases, canonical names with arguments, the zero-determinant
// vectors, and errors that name the problem. Match behaviour against the library's own numbers
// is in axelrod_fixture_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <vector>

#include "host/errors.h"
#include "host/setup/strategy_catalog.h"
#include "host/setup/strategy_library.h"
#include "host/theory/memory_one.h"

namespace evomarket {
namespace {

std::string canonical(const std::string& spec) {
  return compile_strategies({spec}, {}, kAxelrodPayoffs).names.at(0);
}

std::string error_of(const std::string& spec, const PayoffMatrix& payoffs = kAxelrodPayoffs) {
  try {
    compile_strategies({spec}, {}, payoffs);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(StrategyLibrary, HasAtLeastFortyNamedStrategiesWithUniqueNames) {
  EXPECT_GE(builtin_strategies().size(), 40u);
  std::set<std::string> names;
  for (const BuiltinStrategy& b : builtin_strategies()) {
    EXPECT_TRUE(names.insert(b.name).second) << b.name;
    // Every spelling finds its own entry: no alias shadows another strategy.
    EXPECT_EQ(find_builtin(b.name), &b) << b.name;
    EXPECT_EQ(find_builtin(b.axelrod_name), &b) << b.axelrod_name;
    for (const auto& alias : b.aliases) EXPECT_EQ(find_builtin(alias), &b) << alias;
  }
  EXPECT_EQ(find_builtin("Nope"), nullptr);
}

TEST(StrategyLibrary, AxelrodDisplayNamesAreAliases) {
  EXPECT_EQ(canonical("Tit For Tat"), "TitForTat");
  EXPECT_EQ(canonical("Win-Stay Lose-Shift"), "WinStayLoseShift");
  EXPECT_EQ(canonical("Soft Go By Majority"), "GoByMajority");
  EXPECT_EQ(canonical("Hard Tit For 2 Tats"), "HardTitFor2Tats");
  EXPECT_EQ(canonical("Prober 4"), "Prober4");
  EXPECT_EQ(canonical("ZD-GTFT-2"), "ZDGTFT2");
  EXPECT_EQ(canonical("Firm But Fair"), "FirmButFair");
  EXPECT_EQ(canonical("Stochastic WSLS"), "StochasticWSLS(0.05)");
}

// Axelrod's repr: "Name: arg, arg"; its fixed cyclers are "Cycler CCD".
TEST(StrategyLibrary, AxelrodReprsCarryArguments) {
  EXPECT_EQ(canonical("Cycler: CCD"), "Cycler(CCD)");
  EXPECT_EQ(canonical("Cycler CCCD"), "Cycler(CCCD)");
  EXPECT_EQ(canonical("Soft Go By Majority: 10"), "GoByMajority(10)");
  EXPECT_EQ(canonical("Hard Go By Majority: 5"), "HardGoByMajority(5)");
  EXPECT_EQ(canonical("Random: 0.5"), "Random(0.5)");
  EXPECT_EQ(canonical("First by Joss: 0.9"), "Joss(0.9)");
  EXPECT_EQ(canonical("Stochastic WSLS: 0.1"), "StochasticWSLS(0.1)");
  EXPECT_EQ(canonical("Win-Shift Lose-Stay: D"), "WinShiftLoseStay");
  EXPECT_EQ(canonical("Win-Shift Lose-Stay: C"), "WinShiftLoseStay(C)");
  EXPECT_EQ(canonical("First by Davis: 10"), "FirstByDavis");
  EXPECT_EQ(canonical("First by Davis: 5"), "FirstByDavis(5)");
  EXPECT_EQ(canonical("Generic Memory One Player: (1, 0, 0, 1), C"), "MemoryOne(1, 0, 0, 1, C)");
  // Arguments equal to the defaults leave a zero-determinant name bare.
  EXPECT_EQ(canonical("ZD-Extort-2: 0.1111111111111111, 0.5"), "ZDExtort2");
  EXPECT_EQ(canonical("ZD-Extort-2: 0.2, 0.5"), "ZDExtort2(0.2, 0.5)");
  EXPECT_EQ(canonical("ZDGen2(0.125, 0.5, 2.5)"), "ZDGen2(0.125, 0.5, 2.5)");
}

std::array<double, 4> four_vector(const std::string& spec,
                                  const PayoffMatrix& payoffs = kAxelrodPayoffs) {
  const StrategySet set = compile_strategies({spec}, {}, payoffs);
  const auto m = as_memory_one(set, 0);
  EXPECT_TRUE(m.has_value()) << spec;
  return m ? std::array<double, 4>{m->p[0], m->p[1], m->p[2], m->p[3]}
           : std::array<double, 4>{-1, -1, -1, -1};
}

void expect_vector(const std::string& spec, std::array<double, 4> want) {
  const std::array<double, 4> got = four_vector(spec);
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(got[i], want[i], 1e-9) << spec << " p" << i;
}

// Published vectors for R, S, T, P = 3, 0, 5, 1 (Stewart and Plotkin 2012 for Extort-2 and
// GTFT-2; the others from the Axelrod library's parameters).
TEST(StrategyLibrary, ZeroDeterminantVectors) {
  expect_vector("ZDExtort2", {8.0 / 9, 0.5, 1.0 / 3, 0});
  expect_vector("ZDGTFT2", {1, 0.125, 1, 0.25});
  expect_vector("ZDExtort4", {1 - 4.0 / 17 * 0.75 * 2, 1 - 4.0 / 17 * (0.25 + 4), 4.0 / 17 * 2, 0});
  expect_vector("ZDSet2", {0.75, 0.25, 0.5, 0.25});
  expect_vector("FirmButFair", {1, 0, 1, 2.0 / 3});
  expect_vector("StochasticWSLS(0.1)", {0.9, 0.1, 0.1, 0.9});
  expect_vector("SoftJoss", {1, 0.1, 1, 0.1});
  expect_vector("NaiveProber", {0.9, 0, 0.9, 0});
  expect_vector("Appeaser", {1, 0, 0, 1});
  expect_vector("WinShiftLoseStay", {0, 1, 1, 0});
}

// ZD-Extort-2's baseline is P and ZD-GTFT-2's is R, whatever the payoffs.
TEST(StrategyLibrary, ZeroDeterminantBaselinesFollowThePayoffs) {
  // R, S, T, P = 4, 0, 5, 2: p4 = phi (1 - s)(l - P) = 0 at l = P, p2 = 1 - (1 + 3) / 9.
  const auto extort = four_vector("ZDExtort2", PayoffMatrix{{4, 0, 5, 2}});
  EXPECT_NEAR(extort[3], 0.0, 1e-12);
  EXPECT_NEAR(extort[1], 5.0 / 9, 1e-9);
  // R, S, T, P = 2, 0, 3, 1: p1 = 1 - phi (1 - s)(R - l) = 1 at l = R, p3 = (2 + 0.5) / 4.
  const auto generous = four_vector("ZDGTFT2", PayoffMatrix{{2, 0, 3, 1}});
  EXPECT_NEAR(generous[0], 1.0, 1e-12);
  EXPECT_NEAR(generous[2], 0.625, 1e-9);
}

TEST(StrategyLibrary, ErrorsNameTheProblem) {
  EXPECT_NE(error_of("ZDSet2(0.9, 0, 2)").find("expected probabilities in [0, 1]"),
            std::string::npos);
  EXPECT_NE(error_of("Prober(1)").find("arguments"), std::string::npos);
  EXPECT_NE(error_of("FirstByDavis(x)").find("a number of turns"), std::string::npos);
  EXPECT_NE(error_of("StochasticWSLS(2)").find("probability"), std::string::npos);
  EXPECT_NE(error_of("Tit-for-tat").find("did you mean TitForTat?"), std::string::npos);
  EXPECT_NE(error_of("Nope").find("evomarket strategies"), std::string::npos);
}

TEST(StrategyLibrary, KindsAndDeterminism) {
  const StrategySet set = compile_strategies(
      {"Gradual", "Prober4", "FirmButFair", "GoByMajority", "CAPRI"}, {}, kAxelrodPayoffs);
  EXPECT_EQ(set.infos[0].kind, StrategyKind::kCounting);
  EXPECT_EQ(set.infos[0].counting_rule, CountingRule::kGradual);
  EXPECT_EQ(set.infos[1].kind, StrategyKind::kMachine);
  EXPECT_EQ(set.infos[1].stochastic, 0u);
  EXPECT_EQ(set.infos[2].stochastic, 1u);
  EXPECT_EQ(set.infos[3].kind, StrategyKind::kMajority);
  EXPECT_EQ(set.infos[4].stochastic, 0u);
  // The builtin listing shows how each is written.
  const std::vector<std::string> names = builtin_strategy_names();
  EXPECT_NE(std::find(names.begin(), names.end(), "ZDExtort2(phi, s)"), names.end());
}

}  // namespace
}  // namespace evomarket
