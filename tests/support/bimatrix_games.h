// Small bimatrix games with known equilibria, shared by the Nash, degeneracy and check tests.
#pragma once

#include <string>
#include <vector>

#include "host/theory/bimatrix.h"

namespace evomarket::theory::testing {

inline RationalMatrix matrix(const std::vector<std::vector<std::string>>& text) {
  RationalMatrix m;
  for (const auto& row : text) {
    m.emplace_back();
    for (const std::string& v : row) m.back().push_back(*parse_rational(v));
  }
  return m;
}

inline std::vector<Rational> strategy(const std::vector<std::string>& text) {
  std::vector<Rational> p;
  for (const std::string& v : text) p.push_back(*parse_rational(v));
  return p;
}

inline RationalMatrix negated(RationalMatrix m) {
  for (auto& row : m) {
    for (Rational& v : row) v = -v;
  }
  return m;
}

inline RationalMatrix transposed(const RationalMatrix& m) {
  RationalMatrix t(m.front().size(), std::vector<Rational>(m.size()));
  for (std::size_t i = 0; i < m.size(); ++i) {
    for (std::size_t j = 0; j < m[i].size(); ++j) t[j][i] = m[i][j];
  }
  return t;
}

// The seed's stoplight game (strategies Go, Stop): both Go -5,-5; Go against Stop 1,-1; both
// Stop -2,-2.
inline BimatrixGame stoplight() {
  return {matrix({{"-5", "1"}, {"-1", "-2"}}), matrix({{"-5", "-1"}, {"1", "-2"}})};
}

// Coordination: (1,1) when both play the first strategy, (2,2) when both play the second.
inline BimatrixGame coordination() {
  const RationalMatrix a = matrix({{"1", "0"}, {"0", "2"}});
  return {a, a};
}

// Hawk-dove with V = 2, C = 4, a symmetric game: B = A^T.
inline BimatrixGame hawk_dove() {
  const RationalMatrix a = matrix({{"-1", "2"}, {"0", "1"}});
  return {a, transposed(a)};
}

inline BimatrixGame matching_pennies() {
  const RationalMatrix a = matrix({{"1", "-1"}, {"-1", "1"}});
  return {a, negated(a)};
}

inline BimatrixGame rock_paper_scissors() {
  const RationalMatrix a = matrix({{"0", "-1", "1"}, {"1", "0", "-1"}, {"-1", "1", "0"}});
  return {a, negated(a)};
}

inline BimatrixGame coordination_3x3() {
  const RationalMatrix a = matrix({{"1", "0", "0"}, {"0", "1", "0"}, {"0", "0", "1"}});
  return {a, a};
}

// von Stengel's 3x2 example made degenerate: the top row has both columns as best replies, so
// (top, y) is an equilibrium for every y with y_1 >= 2/3, a continuum; one isolated mixed
// equilibrium besides.
inline BimatrixGame degenerate_3x2() {
  return {matrix({{"3", "3"}, {"2", "5"}, {"0", "6"}}),
          matrix({{"3", "3"}, {"2", "6"}, {"3", "1"}})};
}

}  // namespace evomarket::theory::testing
