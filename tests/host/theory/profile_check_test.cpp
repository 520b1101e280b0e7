// How far a profile is from an equilibrium: each player's exact gain from deviating alone.
#include <gtest/gtest.h>

#include <stdexcept>

#include "host/theory/profile_check.h"
#include "support/bimatrix_games.h"

namespace evomarket::theory {
namespace {

using testing::strategy;

TEST(TheoryProfileCheck, TheMixedStoplightEquilibriumLeavesNoGain) {
  const ProfileCheck c =
      check_profile(testing::stoplight(), strategy({"3/7", "4/7"}), strategy({"3/7", "4/7"}));
  EXPECT_TRUE(c.is_nash());
  EXPECT_EQ(exact_text(c.row.payoff), "-11/7");
  EXPECT_EQ(exact_text(c.col.payoff), "-11/7");
  EXPECT_EQ(c.row.best_responses, (std::vector<std::size_t>{0, 1}));  // indifferent
  EXPECT_EQ(c.col.best_responses, (std::vector<std::size_t>{0, 1}));
}

TEST(TheoryProfileCheck, HalfAndHalfAtTheStoplightIsAQuarterEquilibrium) {
  // Against y = (1/2, 1/2): Go pays -2, Stop -3/2; the profile pays -7/4 to each.
  const ProfileCheck c =
      check_profile(testing::stoplight(), strategy({"1/2", "1/2"}), strategy({"0.5", "0.5"}));
  EXPECT_FALSE(c.is_nash());
  EXPECT_EQ(exact_text(c.row.payoff), "-7/4");
  EXPECT_EQ(exact_text(c.row.best_payoff), "-3/2");
  EXPECT_EQ(exact_text(c.row.gain), "1/4");
  EXPECT_EQ(exact_text(c.col.gain), "1/4");
  EXPECT_EQ(c.row.best_responses, (std::vector<std::size_t>{1}));  // Stop
  EXPECT_EQ(exact_text(c.epsilon), "1/4");
}

TEST(TheoryProfileCheck, GainsDifferBetweenThePlayers) {
  // Coordination at (first, second): the row player gains 2 by switching, the column player 1.
  const ProfileCheck c =
      check_profile(testing::coordination(), strategy({"1", "0"}), strategy({"0", "1"}));
  EXPECT_EQ(exact_text(c.row.gain), "2");
  EXPECT_EQ(exact_text(c.col.gain), "1");
  EXPECT_EQ(exact_text(c.epsilon), "2");
}

TEST(TheoryProfileCheck, RejectsWhatIsNotAMixedStrategy) {
  const BimatrixGame g = testing::stoplight();
  EXPECT_THROW(check_profile(g, strategy({"1/2", "1/3"}), strategy({"1", "0"})),
               std::invalid_argument);
  EXPECT_THROW(check_profile(g, strategy({"3/2", "-1/2"}), strategy({"1", "0"})),
               std::invalid_argument);
  EXPECT_THROW(check_profile(g, strategy({"1"}), strategy({"1", "0"})), std::invalid_argument);
}

}  // namespace
}  // namespace evomarket::theory
