// Counting rules (kernels/counting_rules.h): hand traces of each rule against scripted
// opponents, derived from the Axelrod library's definitions (docs/strategies.md).
#include <gtest/gtest.h>

#include <string>

#include "kernels/counting_rules.h"

namespace evomarket {
namespace {

// Plays `rule` against the opponent's scripted moves ("DCC..."), returning its own moves.
std::string trace(CountingRule rule, const std::string& opponent) {
  CountingState s = counting_start(rule);
  std::string moves;
  for (char o : opponent) {
    moves += counting_decide(rule, s) == kCooperate ? 'C' : 'D';
    counting_record(s, o == 'D' ? kDefect : kCooperate);
  }
  return moves;
}

TEST(CountingRules, RecordCountsTurnsAndOpponentDefections) {
  CountingState s = counting_start(CountingRule::kForgiver);
  EXPECT_EQ(s.turns, 0u);
  EXPECT_EQ(s.last, static_cast<uint32_t>(kCooperate));
  counting_record(s, kDefect);
  counting_record(s, kCooperate);
  counting_record(s, kDefect);
  EXPECT_EQ(s.turns, 3u);
  EXPECT_EQ(s.defections, 2u);
  EXPECT_EQ(s.last, static_cast<uint32_t>(kDefect));
}

// Gradual answers the n-th defection with n defections and two cooperations; defections during
// a punishment are counted for the next one (3 defections in all -> 3 Ds at turn 6).
TEST(CountingRules, GradualPunishesWithAllDefectionsSoFar) {
  EXPECT_EQ(trace(CountingRule::kGradual, "DDCCDCCCCC"), "CDCCCDDDCC");
}

// Original Gradual's k-th punishment is k defections whatever the opponent did meanwhile.
TEST(CountingRules, OriginalGradualPunishesByThePunishmentCount) {
  EXPECT_EQ(trace(CountingRule::kOriginalGradual, "DDCCDCCCCC"), "CDCCCDDCCC");
}

// Punisher: a defection at turn 4 of 4 (share 1/4) starts a grudge of 20 / 4 = 5 turns after
// the defection that starts it; Inverse Punisher's grudge is 3/4 * 20 = 15 turns.
TEST(CountingRules, PunishersGrudgeByTheOpponentsShares) {
  EXPECT_EQ(trace(CountingRule::kPunisher, "CCCDCCCCCCCC"), "CCCCDDDDDDCC");
  const std::string inverse =
      trace(CountingRule::kInversePunisher, std::string(3, 'C') + "D" + std::string(20, 'C'));
  EXPECT_EQ(inverse, std::string(4, 'C') + std::string(16, 'D') + std::string(4, 'C'));
}

// Inverse Punisher's grudge is at least one turn, even against an opponent that never
// cooperated.
TEST(CountingRules, InversePunisherGrudgesAtLeastOneTurn) {
  EXPECT_EQ(trace(CountingRule::kInversePunisher, "DDDD"), "CDDD");
  EXPECT_EQ(trace(CountingRule::kPunisher, "DCCC"), "CDDD");  // 20 * 1/1 = 20 turns
}

// Forgiver defects while more than a tenth of the opponent's moves were D: after one D, for
// turns 2..10, cooperating again at turn 11 (1 of 10 is not more than a tenth).
TEST(CountingRules, ForgiverToleratesATenth) {
  EXPECT_EQ(trace(CountingRule::kForgiver, "D" + std::string(11, 'C')),
            "C" + std::string(9, 'D') + "CC");
}

TEST(CountingRules, ForgivingTitForTatCopiesOnlyAboveATenth) {
  EXPECT_EQ(trace(CountingRule::kForgivingTitForTat, "DCDC"), "CDCD");
  // One D in 11 or more moves is forgiven: C although the last move was D.
  EXPECT_EQ(trace(CountingRule::kForgivingTitForTat, std::string(10, 'C') + "DC"),
            std::string(11, 'C') + "C");
}

// Level Punisher cooperates for 10 turns, then defects while more than a fifth were D.
TEST(CountingRules, LevelPunisherJudgesFromTurnEleven) {
  EXPECT_EQ(trace(CountingRule::kLevelPunisher, "DDD" + std::string(14, 'C')),
            std::string(10, 'C') + std::string(5, 'D') + "CC");
}

}  // namespace
}  // namespace evomarket
