// Payoffs of the 2x2 stage game, integer (fixed point) as the determinism contract requires.
#pragma once

#include <cstdint>

#include "kernels/evo_hd.h"
#include "kernels/move.h"

namespace evomarket {

// Row player's payoff by outcome_index(own, opponent): CC = R, CD = S, DC = T, DD = P.
struct PayoffMatrix {
  int64_t value[4];

  // Selects instead of a dynamic index, so a matrix held in registers or kernel parameters is
  // never spilled to local memory on the GPU.
  EVO_HD int64_t operator()(uint32_t own, uint32_t opponent) const {
    const int64_t if_own_c = opponent == kCooperate ? value[0] : value[1];
    const int64_t if_own_d = opponent == kCooperate ? value[2] : value[3];
    return own == kCooperate ? if_own_c : if_own_d;
  }
};

// The prisoner's dilemma of Axelrod's tournaments: R, S, T, P = 3, 0, 5, 1.
constexpr PayoffMatrix kAxelrodPayoffs{{3, 0, 5, 1}};

}  // namespace evomarket
