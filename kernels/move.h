// Moves of the iterated 2x2 games, numbered as the Axelrod library orders them: C = 0
// (cooperate), D = 1 (defect); a turn's outcome seen from one player is indexed CC, CD, DC, DD.
#pragma once

#include <cstdint>

#include "kernels/evo_hd.h"

namespace evomarket {

enum Move : uint32_t { kCooperate = 0, kDefect = 1 };

// Index of a turn outcome seen from one player: own move * 2 + opponent move (CC, CD, DC, DD).
EVO_HD uint32_t outcome_index(uint32_t own, uint32_t opponent) {
  return own * 2 + opponent;
}

}  // namespace evomarket
