#include "host/theory/bimatrix.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace evomarket::theory {

void require_bimatrix(const BimatrixGame& g) {
  if (g.a.empty() || g.a.front().empty()) {
    throw std::invalid_argument("bimatrix game: the row player's matrix is empty");
  }
  const std::size_t m = g.rows();
  const std::size_t n = g.cols();
  for (const RationalMatrix* mat : {&g.a, &g.b}) {
    const char* name = mat == &g.a ? "A" : "B";
    if (mat->size() != m) {
      throw std::invalid_argument(std::string("bimatrix game: matrix ") + name + " has " +
                                  std::to_string(mat->size()) + " rows, expected " +
                                  std::to_string(m));
    }
    for (const auto& row : *mat) {
      if (row.size() != n) {
        throw std::invalid_argument(std::string("bimatrix game: matrix ") + name +
                                    " has a row of " + std::to_string(row.size()) +
                                    " entries, expected " + std::to_string(n));
      }
    }
  }
}

void require_mixed_strategy(const std::vector<Rational>& p, std::size_t size, const char* who) {
  if (p.size() != size) {
    throw std::invalid_argument(std::string(who) + ": expected " + std::to_string(size) +
                                " probabilities, got " + std::to_string(p.size()));
  }
  Rational sum = 0;
  for (const Rational& v : p) {
    if (v < 0) {
      throw std::invalid_argument(std::string(who) + ": probability " + exact_text(v) +
                                  " < 0; expected probabilities >= 0");
    }
    sum += v;
  }
  if (sum != 1) {
    throw std::invalid_argument(std::string(who) + ": probabilities sum to " + exact_text(sum) +
                                ", expected exactly 1");
  }
}

RationalMatrix positive_integer_payoffs(const RationalMatrix& m) {
  mpz_class scale = 1;
  for (const auto& row : m) {
    for (const Rational& v : row) mpz_lcm(scale.get_mpz_t(), scale.get_mpz_t(), v.get_den_mpz_t());
  }
  Rational lowest = m.front().front() * scale;
  for (const auto& row : m) {
    for (const Rational& v : row) lowest = std::min<Rational>(lowest, v * scale);
  }
  RationalMatrix out = m;
  for (auto& row : out) {
    for (Rational& v : row) v = v * scale - lowest + 1;
  }
  return out;
}

Rational expected_payoff(const RationalMatrix& m, const std::vector<Rational>& x,
                         const std::vector<Rational>& y) {
  const std::vector<Rational> per_row = row_payoffs(m, y);
  Rational sum = 0;
  for (std::size_t i = 0; i < x.size(); ++i) sum += x[i] * per_row[i];
  return sum;
}

std::vector<Rational> row_payoffs(const RationalMatrix& m, const std::vector<Rational>& y) {
  std::vector<Rational> out(m.size(), Rational(0));
  for (std::size_t i = 0; i < m.size(); ++i) {
    for (std::size_t j = 0; j < y.size(); ++j) out[i] += m[i][j] * y[j];
  }
  return out;
}

std::vector<Rational> col_payoffs(const RationalMatrix& m, const std::vector<Rational>& x) {
  const std::size_t n = m.empty() ? 0 : m.front().size();
  std::vector<Rational> out(n, Rational(0));
  for (std::size_t i = 0; i < x.size(); ++i) {
    for (std::size_t j = 0; j < n; ++j) out[j] += x[i] * m[i][j];
  }
  return out;
}

}  // namespace evomarket::theory
