// Every extreme equilibrium through lrsnash: the seed's games, symmetric, completely mixed and
// degenerate games, and a game with seven equilibria, each checked against its known exact value.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "host/theory/nash_equilibria.h"
#include "host/theory/profile_check.h"
#include "support/bimatrix_games.h"

namespace evomarket::theory {
namespace {

using testing::matrix;
using testing::strategy;

struct Expected {
  std::vector<std::string> row;
  std::vector<std::string> col;
  std::string payoff_row;
  std::string payoff_col;
};

void expect_equilibria(const NashSolution& s, const std::vector<Expected>& expected) {
  ASSERT_EQ(s.equilibria.size(), expected.size());
  for (std::size_t k = 0; k < expected.size(); ++k) {
    const Equilibrium& e = s.equilibria[k];
    EXPECT_EQ(exact_texts(e.row), expected[k].row) << "equilibrium " << k;
    EXPECT_EQ(exact_texts(e.col), expected[k].col) << "equilibrium " << k;
    EXPECT_EQ(exact_text(e.payoff_row), expected[k].payoff_row) << "equilibrium " << k;
    EXPECT_EQ(exact_text(e.payoff_col), expected[k].payoff_col) << "equilibrium " << k;
  }
}

TEST(TheoryNash, StoplightHasTwoPureEquilibriaAndGoWithProbabilityThreeSevenths) {
  const NashSolution s = solve_nash(testing::stoplight());
  expect_equilibria(s, {{{"1", "0"}, {"0", "1"}, "1", "-1"},
                        {{"0", "1"}, {"1", "0"}, "-1", "1"},
                        {{"3/7", "4/7"}, {"3/7", "4/7"}, "-11/7", "-11/7"}});
  EXPECT_FALSE(s.degenerate);
  EXPECT_EQ(s.components, 3u);
}

TEST(TheoryNash, CoordinationGameHasBothConventionsAndTheMixedTwoThirds) {
  const NashSolution s = solve_nash(testing::coordination());
  expect_equilibria(s, {{{"1", "0"}, {"1", "0"}, "1", "1"},
                        {{"0", "1"}, {"0", "1"}, "2", "2"},
                        {{"2/3", "1/3"}, {"2/3", "1/3"}, "2/3", "2/3"}});
  EXPECT_FALSE(s.degenerate);
}

TEST(TheoryNash, SymmetricGameHasASymmetricSetOfEquilibria) {
  const NashSolution s = solve_nash(testing::hawk_dove());
  expect_equilibria(s, {{{"1", "0"}, {"0", "1"}, "2", "0"},
                        {{"0", "1"}, {"1", "0"}, "0", "2"},
                        {{"1/2", "1/2"}, {"1/2", "1/2"}, "1/2", "1/2"}});
  // Swapping the players' roles maps the set of equilibria onto itself.
  for (const Equilibrium& e : s.equilibria) {
    bool mirrored = false;
    for (const Equilibrium& f : s.equilibria) {
      mirrored = mirrored || (f.row == e.col && f.col == e.row && f.payoff_row == e.payoff_col);
    }
    EXPECT_TRUE(mirrored);
  }
}

TEST(TheoryNash, MatchingPenniesHasOnlyTheCompletelyMixedEquilibrium) {
  const NashSolution s = solve_nash(testing::matching_pennies());
  expect_equilibria(s, {{{"1/2", "1/2"}, {"1/2", "1/2"}, "0", "0"}});
  EXPECT_FALSE(s.degenerate);
}

TEST(TheoryNash, RockPaperScissorsHasOnlyOneThirdEach) {
  const NashSolution s = solve_nash(testing::rock_paper_scissors());
  expect_equilibria(s, {{{"1/3", "1/3", "1/3"}, {"1/3", "1/3", "1/3"}, "0", "0"}});
  EXPECT_FALSE(s.degenerate);
}

TEST(TheoryNash, ThreeByThreeCoordinationHasSevenEquilibria) {
  const NashSolution s = solve_nash(testing::coordination_3x3());
  // One per nonempty support S: both players uniform on S, payoff 1/|S|.
  expect_equilibria(s, {{{"1", "0", "0"}, {"1", "0", "0"}, "1", "1"},
                        {{"0", "1", "0"}, {"0", "1", "0"}, "1", "1"},
                        {{"0", "0", "1"}, {"0", "0", "1"}, "1", "1"},
                        {{"1/2", "1/2", "0"}, {"1/2", "1/2", "0"}, "1/2", "1/2"},
                        {{"1/2", "0", "1/2"}, {"1/2", "0", "1/2"}, "1/2", "1/2"},
                        {{"0", "1/2", "1/2"}, {"0", "1/2", "1/2"}, "1/2", "1/2"},
                        {{"1/3", "1/3", "1/3"}, {"1/3", "1/3", "1/3"}, "1/3", "1/3"}});
  EXPECT_EQ(s.equilibria.size() % 2, 1u);  // a nondegenerate game has an odd number
  EXPECT_FALSE(s.degenerate);
  EXPECT_EQ(s.components, 7u);
}

TEST(TheoryNash, DegenerateGameListsTheExtremePointsOfItsContinuum) {
  const NashSolution s = solve_nash(testing::degenerate_3x2());
  expect_equilibria(s, {{{"1", "0", "0"}, {"1", "0"}, "3", "3"},
                        {{"1", "0", "0"}, {"2/3", "1/3"}, "3", "3"},
                        {{"0", "1/3", "2/3"}, {"1/3", "2/3"}, "4", "8/3"}});
  EXPECT_TRUE(s.degenerate);
  ASSERT_EQ(s.components, 2u);
  EXPECT_EQ(s.equilibria[0].component, 0u);  // the segment between the first two
  EXPECT_EQ(s.equilibria[1].component, 0u);
  EXPECT_EQ(s.equilibria[2].component, 1u);
  // A point between two extreme equilibria of one component is an equilibrium too.
  EXPECT_TRUE(
      check_profile(testing::degenerate_3x2(), strategy({"1", "0", "0"}), strategy({"5/6", "1/6"}))
          .is_nash());
}

TEST(TheoryNash, ConstantGameIsOneComponentOfEveryProfile) {
  const RationalMatrix zero = matrix({{"0", "0"}, {"0", "0"}});
  const NashSolution s = solve_nash({zero, zero});
  EXPECT_EQ(s.equilibria.size(), 4u);  // the four pure profiles span all of them
  EXPECT_TRUE(s.degenerate);
  EXPECT_EQ(s.components, 1u);
}

TEST(TheoryNash, FractionsAndDecimalsGiveTheSameEquilibriaAsTheirScaledIntegers) {
  // The stoplight game with the row player's payoffs halved and the column player's shifted.
  const BimatrixGame g{matrix({{"-2.5", "1/2"}, {"-0.5", "-1"}}),
                       matrix({{"-4.9", "-0.9"}, {"1.1", "-1.9"}})};
  const NashSolution s = solve_nash(g);
  expect_equilibria(s, {{{"1", "0"}, {"0", "1"}, "1/2", "-9/10"},
                        {{"0", "1"}, {"1", "0"}, "-1/2", "11/10"},
                        {{"3/7", "4/7"}, {"3/7", "4/7"}, "-11/14", "-103/70"}});
}

TEST(TheoryNash, RectangularAndOneStrategyGames) {
  // Row player alone decides: the best row against a single column.
  const NashSolution one =
      solve_nash({matrix({{"1"}, {"3"}, {"2"}}), matrix({{"0"}, {"0"}, {"0"}})});
  expect_equilibria(one, {{{"0", "1", "0"}, {"1"}, "3", "0"}});
  // The lrsnash manual's 3x2 example.
  const NashSolution manual = solve_nash(
      {matrix({{"0", "6"}, {"2", "5"}, {"3", "3"}}), matrix({{"1", "0"}, {"0", "2"}, {"4", "3"}})});
  expect_equilibria(manual, {{{"0", "0", "1"}, {"1", "0"}, "3", "4"},
                             {{"2/3", "1/3", "0"}, {"1/3", "2/3"}, "4", "2/3"},
                             {{"0", "1/3", "2/3"}, {"2/3", "1/3"}, "3", "8/3"}});
}

TEST(TheoryNash, RejectsMismatchedShapes) {
  EXPECT_THROW(solve_nash({matrix({{"1", "2"}}), matrix({{"1"}, {"2"}})}), std::invalid_argument);
  EXPECT_THROW(solve_nash({{}, {}}), std::invalid_argument);
}

}  // namespace
}  // namespace evomarket::theory
