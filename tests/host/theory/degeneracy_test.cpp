// Degeneracy of a bimatrix game: a mixed strategy with more pure best replies than its support.
#include <gtest/gtest.h>

#include "host/theory/degeneracy.h"
#include "support/bimatrix_games.h"

namespace evomarket::theory {
namespace {

using testing::matrix;

TEST(TheoryDegeneracy, GenericGamesAreNondegenerate) {
  EXPECT_FALSE(is_degenerate(testing::stoplight()));
  EXPECT_FALSE(is_degenerate(testing::coordination()));
  EXPECT_FALSE(is_degenerate(testing::matching_pennies()));
  EXPECT_FALSE(is_degenerate(testing::rock_paper_scissors()));
  EXPECT_FALSE(is_degenerate(testing::coordination_3x3()));
}

TEST(TheoryDegeneracy, TiesInBestRepliesMakeAGameDegenerate) {
  // The top row has two best replies.
  EXPECT_TRUE(is_degenerate(testing::degenerate_3x2()));
  const RationalMatrix zero = matrix({{"0", "0"}, {"0", "0"}});
  EXPECT_TRUE(is_degenerate({zero, zero}));
  // The column player is indifferent against the top row: two best replies to a pure strategy.
  EXPECT_TRUE(is_degenerate({matrix({{"1", "0"}, {"0", "1"}}), matrix({{"1", "1"}, {"0", "2"}})}));
  // The same for the row player against the left column.
  EXPECT_TRUE(is_degenerate({matrix({{"1", "0"}, {"1", "2"}}), matrix({{"1", "0"}, {"0", "1"}})}));
}

TEST(TheoryDegeneracy, ADegeneracyAwayFromEveryEquilibriumCountsToo) {
  // The top row is strictly dominant, so the only equilibrium is (top, left) and nothing ties
  // there; yet the row strategy (1/2, 1/2), of support 2, has all three columns as best replies.
  const BimatrixGame g{matrix({{"2", "2", "2"}, {"1", "1", "1"}}),
                       matrix({{"3", "0", "1"}, {"0", "3", "2"}})};
  EXPECT_TRUE(is_degenerate(g));
}

}  // namespace
}  // namespace evomarket::theory
