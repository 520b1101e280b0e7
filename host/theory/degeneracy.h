// Whether a bimatrix game is degenerate: some mixed strategy with support of size k has more than
// k pure best replies. In a nondegenerate game the equilibria are isolated points; in a
// degenerate one they may form continua (components) whose extreme points lrsnash lists.
//
// Test (von Stengel, "Computing equilibria for two-person games", 2002): with payoffs made
// positive, the row player's best-response polytope P = {x >= 0 : B^T x <= 1} has a label per
// zero coordinate of x and per tight column of B^T x <= 1, and likewise Q = {y >= 0 : A y <= 1};
// the game is nondegenerate exactly when no point of P has more than m labels and none of Q more
// than n. A face of a polytope has a vertex, so checking the vertices suffices; lrs enumerates
// them.
#pragma once

#include "host/theory/bimatrix.h"

namespace evomarket::theory {

// Precondition (std::invalid_argument): `g` a valid game. Runs lrs twice (host/theory/
// lrs_programs.h); std::runtime_error when lrs fails.
bool is_degenerate(const BimatrixGame& g);

}  // namespace evomarket::theory
