// Counting rules: deterministic Axelrod strategies whose decisions depend on counts that grow
// without bound (the opponent's defections, the turns played, a punishment as long as either),
// so that no finite machine plays them in matches of every length.
//
// Each rule follows the shape of the library's Player.strategy(): counting_decide() chooses the
// next move from the history summary and updates the rule's registers as that method does while
// it chooses; counting_record() then adds the turn as actually played (after noise) to the
// summary. The player's move and its registers therefore never depend on noise that flips the
// move it intended, only the history does, exactly as in the library.
//
// The registers by rule (all zero at the start unless stated):
//   kGradual           count = punishment defections still to play, mode = calming
//                      cooperations still to play.
//   kOriginalGradual   count = punishment defections played (> 0 while punishing), limit =
//                      punishment length, mode = 1 on the second calming turn.
//   kPunisher,         count = grudge turns served (starts at 1), limit = grudge length (starts
//   kInversePunisher   at 1), mode = 1 while grudging.
//   kForgiver, kForgivingTitForTat, kLevelPunisher: no registers.
#pragma once

#include <cstdint>

#include "kernels/evo_hd.h"
#include "kernels/move.h"

namespace evomarket {

enum class CountingRule : uint32_t {
  kGradual = 0,             // Axelrod "Gradual" (the CRISTAL-SMAC 2018 version)
  kOriginalGradual = 1,     // "Original Gradual" (Beaufils, Delahaye and Mathieu 1997)
  kPunisher = 2,            // "Punisher"
  kInversePunisher = 3,     // "Inverse Punisher"
  kForgiver = 4,            // "Forgiver"
  kForgivingTitForTat = 5,  // "Forgiving Tit For Tat"
  kLevelPunisher = 6,       // "Level Punisher"
};

// What a counting player remembers: the history summary every rule shares, then the registers.
struct CountingState {
  uint32_t turns;       // turns played
  uint32_t defections;  // opponent's defections so far
  uint32_t last;        // opponent's last move (C before the first turn)
  uint32_t count;
  uint32_t limit;
  uint32_t mode;
};

EVO_HD CountingState counting_start(CountingRule rule) {
  CountingState s{0, 0, kCooperate, 0, 0, 0};
  if (rule == CountingRule::kPunisher || rule == CountingRule::kInversePunisher) {
    s.count = 1;
    s.limit = 1;
  }
  return s;
}

// The move the rule plays next; updates the registers as the library's strategy() does.
EVO_HD uint32_t counting_decide(CountingRule rule, CountingState& s) {
  switch (rule) {
    case CountingRule::kGradual:
      // After the opponent's n-th defection: n defections, then two cooperations.
      if (s.turns == 0) return kCooperate;
      if (s.count > 0) {
        --s.count;
        return kDefect;
      }
      if (s.mode > 0) {
        --s.mode;
        return kCooperate;
      }
      if (s.last == kDefect) {
        s.count = s.defections - 1;
        s.mode = 2;
        return kDefect;
      }
      return kCooperate;
    case CountingRule::kOriginalGradual:
      // The k-th punishment (started outside punishing and calming) is k defections, then two
      // cooperations; defections during a punishment do not lengthen it.
      if (s.mode != 0) {
        s.mode = 0;
        return kCooperate;
      }
      if (s.count > 0) {
        if (s.count < s.limit) {
          ++s.count;
          return kDefect;
        }
        s.count = 0;
        s.mode = 1;
        return kCooperate;
      }
      if (s.last == kDefect) {
        s.count = 1;
        ++s.limit;
        return kDefect;
      }
      return kCooperate;
    case CountingRule::kPunisher:
    case CountingRule::kInversePunisher:
      // A defection starts a grudge of (opponent's defection share * 20) turns (Punisher) or
      // (cooperation share * 20, at least 1) turns (Inverse Punisher), rounded down.
      if (s.count >= s.limit) {
        s.count = 0;
        s.mode = 0;
      }
      if (s.mode != 0) {
        ++s.count;
        return kDefect;
      }
      if (s.last == kDefect) {
        if (rule == CountingRule::kPunisher) {
          s.limit = static_cast<uint32_t>(uint64_t{s.defections} * 20 / s.turns);
        } else {
          s.limit = static_cast<uint32_t>(uint64_t{s.turns - s.defections} * 20 / s.turns);
          if (s.limit == 0) s.limit = 1;
        }
        s.mode = 1;
        return kDefect;
      }
      return kCooperate;
    case CountingRule::kForgiver:
      // D while the opponent defected in more than a tenth of the turns.
      return 10 * uint64_t{s.defections} > s.turns ? kDefect : kCooperate;
    case CountingRule::kForgivingTitForTat:
      // Tit For Tat while the opponent defected in more than a tenth of the turns, else C.
      return 10 * uint64_t{s.defections} > s.turns ? s.last : kCooperate;
    case CountingRule::kLevelPunisher:
      // From turn 11 on, D while the opponent defected in more than a fifth of the turns.
      if (s.turns < 10) return kCooperate;
      return 5 * uint64_t{s.defections} > s.turns ? kDefect : kCooperate;
  }
  return kCooperate;
}

// Adds a turn in which the opponent played `opponent` (as played) to the summary.
EVO_HD void counting_record(CountingState& s, uint32_t opponent) {
  ++s.turns;
  s.defections += opponent;
  s.last = opponent;
}

}  // namespace evomarket
