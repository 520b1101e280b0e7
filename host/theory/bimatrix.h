// A two-player game in normal form with exact payoffs: the row player picks a row i (of m), the
// column player a column j (of n); a[i][j] is the row player's payoff, b[i][j] the column
// player's. A mixed strategy is a probability vector over one player's own pure strategies
// (x over rows, y over columns); the expected payoffs are x^T A y and x^T B y.
#pragma once

#include <cstddef>
#include <vector>

#include "host/theory/rational.h"

namespace evomarket::theory {

struct BimatrixGame {
  RationalMatrix a;  // row player's payoffs, m x n
  RationalMatrix b;  // column player's payoffs, m x n
  std::size_t rows() const { return a.size(); }
  std::size_t cols() const { return a.empty() ? 0 : a.front().size(); }
};

// Throws std::invalid_argument unless a and b are non-empty m x n matrices of one shape.
void require_bimatrix(const BimatrixGame& g);

// Throws std::invalid_argument (naming `who`) unless p has `size` entries, all >= 0, summing to
// exactly 1.
void require_mixed_strategy(const std::vector<Rational>& p, std::size_t size, const char* who);

// s * m + t with s > 0 and t chosen so that every entry is an integer >= 1: the same player's
// preferences over mixed strategies, in the form lrslib's programs and the best-response
// polytopes of docs/solvers.md need.
RationalMatrix positive_integer_payoffs(const RationalMatrix& m);

// x^T M y.
Rational expected_payoff(const RationalMatrix& m, const std::vector<Rational>& x,
                         const std::vector<Rational>& y);

// (M y)_i for every row i: the payoff of each pure row against the column strategy y.
std::vector<Rational> row_payoffs(const RationalMatrix& m, const std::vector<Rational>& y);

// (x^T M)_j for every column j: the payoff of each pure column against the row strategy x.
std::vector<Rational> col_payoffs(const RationalMatrix& m, const std::vector<Rational>& x);

}  // namespace evomarket::theory
