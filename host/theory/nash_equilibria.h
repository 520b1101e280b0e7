// Every extreme Nash equilibrium of a bimatrix game (host/theory/bimatrix.h), exactly.
//
// lrsnash (Debian's lrslib; Avis, Rosenberg, Savani & von Stengel 2010) enumerates the vertex
// pairs of the two best-response polytopes that are completely labelled. In a nondegenerate game
// these are all the equilibria, each isolated. In a degenerate game they are the extreme points
// of the equilibrium components: every equilibrium is a convex combination of extreme equilibria
// that lie in one maximal clique (Nash subset), and two extreme equilibria lie in one component
// when a chain of them links them through shared x or y vertices (docs/solvers.md).
#pragma once

#include <cstddef>
#include <vector>

#include "host/theory/bimatrix.h"

namespace evomarket::theory {

struct Equilibrium {
  std::vector<Rational> row;  // x: probabilities of the row player's strategies
  std::vector<Rational> col;  // y: probabilities of the column player's strategies
  Rational payoff_row;        // x^T A y
  Rational payoff_col;        // x^T B y
  std::size_t component = 0;  // index of its component, 0-based, in order of first appearance
};

struct NashSolution {
  // Sorted by total support size, then by x and then y in decreasing lexicographic order (so
  // the first row's pure strategy comes first).
  std::vector<Equilibrium> equilibria;
  bool degenerate = false;     // host/theory/degeneracy.h
  std::size_t components = 0;  // connected components of the extreme equilibria
};

// Precondition (std::invalid_argument): `g` a valid game. Runs lrsnash and lrs (host/theory/
// lrs_programs.h) and checks every equilibrium they report exactly; std::runtime_error when a
// program fails or reports something that is not an equilibrium.
NashSolution solve_nash(const BimatrixGame& g);

}  // namespace evomarket::theory
