#include "host/theory/degeneracy.h"

#include <sstream>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "host/theory/lrs_programs.h"

namespace evomarket::theory {
namespace {

// lrs's H-representation of {z in R^k : z >= 0, M z <= 1}, one row `b a_1 .. a_k` per
// inequality b + a.z >= 0.
std::string polytope_input(const RationalMatrix& m) {
  const std::size_t k = m.front().size();
  std::string text =
      fmt::format("polytope\nH-representation\nbegin\n{} {} rational\n", k + m.size(), k + 1);
  for (std::size_t j = 0; j < k; ++j) {
    text += "0";
    for (std::size_t t = 0; t < k; ++t) text += t == j ? " 1" : " 0";
    text += "\n";
  }
  for (const auto& row : m) {
    text += "1";
    for (const Rational& v : row) text += " " + exact_text(-v);
    text += "\n";
  }
  return text + "end\n";
}

// The vertices of lrs's V-representation: the lines `1 v_1 .. v_k` between begin and end.
std::vector<std::vector<Rational>> vertices_of(const std::string& output, std::size_t k) {
  std::vector<std::vector<Rational>> vertices;
  std::istringstream lines(output);
  std::string line;
  bool inside = false;
  while (std::getline(lines, line)) {
    std::istringstream in(line);
    std::string first;
    if (!(in >> first) || first[0] == '*') continue;
    if (first == "begin") inside = true;
    if (first == "end") inside = false;
    if (!inside || first == "begin") continue;
    if (first != "1") throw std::runtime_error("lrs: unexpected line in its output: " + line);
    std::vector<Rational> v;
    std::string token;
    while (in >> token) {
      const auto q = parse_rational(token);
      if (!q) throw std::runtime_error("lrs: not a number in its output: " + line);
      v.push_back(*q);
    }
    if (v.size() != k) throw std::runtime_error("lrs: a vertex of the wrong dimension: " + line);
    vertices.push_back(std::move(v));
  }
  return vertices;
}

// True when some vertex of {z >= 0 : M z <= 1} has more than dim z labels.
bool has_degenerate_vertex(const RationalMatrix& m) {
  const std::size_t k = m.front().size();
  const auto vertices = vertices_of(run_lrs(polytope_input(m)), k);
  if (vertices.empty()) throw std::runtime_error("lrs found no vertex of a best-response polytope");
  for (const auto& z : vertices) {
    std::size_t labels = 0;
    for (const Rational& v : z) labels += v == 0;
    for (const auto& row : m) {
      Rational sum = 0;
      for (std::size_t t = 0; t < k; ++t) sum += row[t] * z[t];
      labels += sum == 1;
    }
    if (labels > k) return true;
  }
  return false;
}

RationalMatrix transposed(const RationalMatrix& m) {
  RationalMatrix t(m.front().size(), std::vector<Rational>(m.size()));
  for (std::size_t i = 0; i < m.size(); ++i) {
    for (std::size_t j = 0; j < m[i].size(); ++j) t[j][i] = m[i][j];
  }
  return t;
}

}  // namespace

bool is_degenerate(const BimatrixGame& g) {
  require_bimatrix(g);
  return has_degenerate_vertex(transposed(positive_integer_payoffs(g.b))) ||
         has_degenerate_vertex(positive_integer_payoffs(g.a));
}

}  // namespace evomarket::theory
