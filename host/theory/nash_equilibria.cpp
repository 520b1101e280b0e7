#include "host/theory/nash_equilibria.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <string>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "host/theory/degeneracy.h"
#include "host/theory/lrs_programs.h"
#include "host/theory/profile_check.h"

namespace evomarket::theory {
namespace {

using Strategy = std::vector<Rational>;

// lrsnash's input: "m n", then A and B row by row. Payoffs are made positive integers first
// (same equilibria); the payoffs it prints are recomputed from the game itself.
std::string lrsnash_input(const BimatrixGame& g) {
  std::string text = fmt::format("{} {}\n", g.rows(), g.cols());
  for (const RationalMatrix& m : {positive_integer_payoffs(g.a), positive_integer_payoffs(g.b)}) {
    text += "\n";
    for (const auto& row : m) {
      for (std::size_t j = 0; j < row.size(); ++j) text += (j ? " " : "") + exact_text(row[j]);
      text += "\n";
    }
  }
  return text;
}

struct Pairs {
  std::vector<std::pair<Strategy, Strategy>> found;  // (x, y)
  std::size_t reported = 0;                          // lrsnash's own count; 0 when it printed none
};

// lrsnash prints blocks separated by blank lines: one or more lines "2 y_1 .. y_n v" and then
// one or more lines "1 x_1 .. x_m w" (v, w: the other player's payoff); every x of a block is an
// equilibrium with every y of it. Lines starting with '*' are comments.
Pairs parse_lrsnash(const std::string& output, std::size_t m, std::size_t n) {
  Pairs pairs;
  std::vector<Strategy> xs;
  std::vector<Strategy> ys;
  const auto close_block = [&] {
    if (xs.empty() != ys.empty()) {
      throw std::runtime_error("lrsnash: a block of its output lacks one player's strategies");
    }
    for (const Strategy& y : ys) {
      for (const Strategy& x : xs) pairs.found.emplace_back(x, y);
    }
    xs.clear();
    ys.clear();
  };
  std::istringstream lines(output);
  std::string line;
  const std::string count_label = "*Number of equilibria found:";
  while (std::getline(lines, line)) {
    std::istringstream in(line);
    std::string player;
    if (!(in >> player)) {
      close_block();
      continue;
    }
    if (player[0] == '*') {
      if (line.rfind(count_label, 0) == 0) {
        pairs.reported = std::stoul(line.substr(count_label.size()));
      }
      continue;
    }
    const std::size_t size = player == "1" ? m : player == "2" ? n : 0;
    if (size == 0) throw std::runtime_error("lrsnash: unexpected line in its output: " + line);
    Strategy s;
    std::string token;
    while (in >> token) {
      const auto q = parse_rational(token);
      if (!q) throw std::runtime_error("lrsnash: not a number in its output: " + line);
      s.push_back(*q);
    }
    if (s.size() != size + 1) {
      throw std::runtime_error("lrsnash: a strategy of the wrong length in its output: " + line);
    }
    s.pop_back();  // the other player's payoff, of the shifted game
    if (player == "2" && !xs.empty()) close_block();  // a new block without a blank line
    (player == "1" ? xs : ys).push_back(std::move(s));
  }
  close_block();
  return pairs;
}

std::size_t support_size(const Strategy& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](const Rational& v) { return v != 0; }));
}

bool listed_before(const Equilibrium& p, const Equilibrium& q) {
  const std::size_t sp = support_size(p.row) + support_size(p.col);
  const std::size_t sq = support_size(q.row) + support_size(q.col);
  if (sp != sq) return sp < sq;
  if (p.row != q.row) return p.row > q.row;
  return p.col > q.col;
}

// Union-find over the distinct x and y vertices; an equilibrium joins its x and its y.
void label_components(NashSolution& s) {
  std::map<Strategy, std::size_t> x_node;
  std::map<Strategy, std::size_t> y_node;
  std::vector<std::size_t> parent;
  const auto node = [&parent](std::map<Strategy, std::size_t>& nodes, const Strategy& v) {
    const auto [at, added] = nodes.emplace(v, parent.size());
    if (added) parent.push_back(parent.size());
    return at->second;
  };
  const auto root = [&parent](std::size_t k) {
    while (parent[k] != k) k = parent[k] = parent[parent[k]];
    return k;
  };
  for (const Equilibrium& e : s.equilibria) {
    const std::size_t x = root(node(x_node, e.row));
    const std::size_t y = root(node(y_node, e.col));
    parent[x] = y;
  }
  std::map<std::size_t, std::size_t> index_of_root;
  for (Equilibrium& e : s.equilibria) {
    const std::size_t r = root(x_node.at(e.row));
    e.component = index_of_root.emplace(r, index_of_root.size()).first->second;
  }
  s.components = index_of_root.size();
}

}  // namespace

NashSolution solve_nash(const BimatrixGame& g) {
  require_bimatrix(g);
  const Pairs pairs = parse_lrsnash(run_lrsnash(lrsnash_input(g)), g.rows(), g.cols());
  if (pairs.reported != 0 && pairs.reported != pairs.found.size()) {
    throw std::runtime_error(fmt::format("lrsnash counted {} equilibria but printed {}",
                                         pairs.reported, pairs.found.size()));
  }
  NashSolution s;
  for (const auto& pair : pairs.found) {
    const Strategy& x = pair.first;
    const Strategy& y = pair.second;
    // A misread line must not pass as an equilibrium: check each one exactly.
    const ProfileCheck c = check_profile(g, x, y);
    if (!c.is_nash()) {
      throw std::runtime_error(fmt::format(
          "lrsnash reported x = ({}), y = ({}), which is not an equilibrium (gain {})",
          fmt::join(exact_texts(x), ", "), fmt::join(exact_texts(y), ", "), exact_text(c.epsilon)));
    }
    Equilibrium e{x, y, c.row.payoff, c.col.payoff, 0};
    const bool seen = std::any_of(s.equilibria.begin(), s.equilibria.end(),
                                  [&](const Equilibrium& o) { return o.row == x && o.col == y; });
    if (!seen) s.equilibria.push_back(std::move(e));
  }
  if (s.equilibria.empty()) throw std::runtime_error("lrsnash found no equilibrium");
  std::sort(s.equilibria.begin(), s.equilibria.end(), listed_before);
  label_components(s);
  s.degenerate = is_degenerate(g);
  return s;
}

}  // namespace evomarket::theory
