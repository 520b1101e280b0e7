// Payoffs of the 2x2 stage game (kernels/payoff.h): the row player's payoff by outcome, and
// Axelrod's prisoner's dilemma.
#include <gtest/gtest.h>

#include <cstdint>

#include "kernels/payoff.h"

namespace evomarket {
namespace {

TEST(PayoffMatrix, AxelrodValuesAreRSTP) {
  EXPECT_EQ(kAxelrodPayoffs(kCooperate, kCooperate), 3);  // R
  EXPECT_EQ(kAxelrodPayoffs(kCooperate, kDefect), 0);     // S
  EXPECT_EQ(kAxelrodPayoffs(kDefect, kCooperate), 5);     // T
  EXPECT_EQ(kAxelrodPayoffs(kDefect, kDefect), 1);        // P
}

// T > R > P > S and 2R > T + S: mutual cooperation beats taking turns at exploiting.
TEST(PayoffMatrix, AxelrodGameIsAnIteratedPrisonersDilemma) {
  const int64_t R = kAxelrodPayoffs(kCooperate, kCooperate);
  const int64_t S = kAxelrodPayoffs(kCooperate, kDefect);
  const int64_t T = kAxelrodPayoffs(kDefect, kCooperate);
  const int64_t P = kAxelrodPayoffs(kDefect, kDefect);
  EXPECT_GT(T, R);
  EXPECT_GT(R, P);
  EXPECT_GT(P, S);
  EXPECT_GT(2 * R, T + S);
}

// Distinct entries (large and negative too) come back at outcome_index(own, opponent).
TEST(PayoffMatrix, LooksUpTheOutcomeFromTheRowPlayersSide) {
  const PayoffMatrix m{{-7, int64_t{1} << 40, 11, -(int64_t{1} << 50)}};
  for (uint32_t own : {kCooperate, kDefect}) {
    for (uint32_t opponent : {kCooperate, kDefect}) {
      EXPECT_EQ(m(own, opponent), m.value[outcome_index(own, opponent)]) << own << opponent;
    }
  }
  EXPECT_EQ(m(kDefect, kCooperate), 11);
  EXPECT_EQ(m(kCooperate, kDefect), int64_t{1} << 40);
}

}  // namespace
}  // namespace evomarket
