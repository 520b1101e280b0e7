#include "host/theory/core.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>

#include <glpk.h>

namespace evomarket::theory {
namespace {

void require_players(const CoalitionTable& g, const char* what) {
  if (g.size() < 2 || g.size() > kMaxExactPlayers) {
    throw std::invalid_argument(std::string(what) + " needs 2 to " +
                                std::to_string(kMaxExactPlayers) + " players, the game has " +
                                std::to_string(g.size()));
  }
}

// Most coalition rows one round adds: enough to converge in a few rounds, few enough to keep
// the program small (it never holds more than the coalitions that mattered).
uint64_t rows_per_round(uint32_t n) {
  return 4 * uint64_t{n};
}

struct GlpkProblem {
  void operator()(glp_prob* p) const { glp_delete_prob(p); }
};

}  // namespace

CoreCheck check_core(const CoalitionTable& g, const std::vector<Rational>& allocation,
                     std::size_t list_limit) {
  if (!g.exact()) throw std::invalid_argument("the core check needs the game's exact worths");
  require_players(g, "the core");
  const uint32_t n = g.size();
  if (allocation.size() != n) {
    throw std::invalid_argument("the allocation has " + std::to_string(allocation.size()) +
                                " shares, expected one per player (" + std::to_string(n) + ")");
  }
  // Everything over one common denominator: integer excesses.
  mpz_class common = g.scale;
  for (const Rational& x : allocation) common = lcm(common, x.get_den());
  std::vector<mpz_class> share(n);
  for (uint32_t i = 0; i < n; ++i) {
    share[i] = allocation[i].get_num() * (common / allocation[i].get_den());
  }
  const mpz_class factor = common / g.scale;
  const uint64_t grand = g.grand();
  // excess[S] = v(S) - x(S), x(S) built from S without its lowest member.
  std::vector<mpz_class> excess(grand + 1);
  for (uint64_t s = 1; s <= grand; ++s) {
    const uint64_t low = s & (~s + 1);
    excess[s] = excess[s ^ low] - share[__builtin_ctzll(low)];
  }
  for (uint64_t s = 1; s <= grand; ++s) excess[s] += g.worth[s] * factor;
  if (excess[grand] != 0) {
    Rational sum = 0;
    for (const Rational& x : allocation) sum += x;
    throw std::invalid_argument("the allocation sums to " + exact_text(sum) +
                                ", but v(N) = " + exact_text(g.value(grand)) +
                                "; an allocation divides exactly v(N)");
  }
  CoreCheck c;
  std::vector<uint64_t> violated;
  uint64_t best = 1;
  for (uint64_t s = 1; s < grand; ++s) {
    if (excess[s] > excess[best]) best = s;
    if (excess[s] > 0) violated.push_back(s);
  }
  const auto to_rational = [&](const mpz_class& e) {
    Rational q(e, common);
    q.canonicalize();
    return q;
  };
  c.max_excess = to_rational(excess[best]);
  c.max_excess_coalition = best;
  c.in_core = c.max_excess <= 0;
  c.violation_count = violated.size();
  const std::size_t listed = std::min(list_limit, violated.size());
  std::partial_sort(violated.begin(), violated.begin() + static_cast<std::ptrdiff_t>(listed),
                    violated.end(), [&](uint64_t a, uint64_t b) {
                      const int cmp_ab = cmp(excess[a], excess[b]);
                      return cmp_ab != 0 ? cmp_ab > 0 : a < b;
                    });
  for (std::size_t k = 0; k < listed; ++k) {
    c.violations.emplace_back(violated[k], to_rational(excess[violated[k]]));
  }
  return c;
}

LeastCore least_core(const CoalitionTable& g) {
  require_players(g, "the least core");
  const uint32_t n = g.size();
  const uint64_t grand = g.grand();
  // The program sees v / unit, all |values| <= 1, so GLPK's tolerances are relative ones.
  double unit = 1.0;
  for (uint64_t s = 1; s <= grand; ++s) unit = std::max(unit, std::abs(g.approx[s]));
  const auto v = [&](uint64_t s) { return g.approx[s] / unit; };

  glp_term_out(GLP_OFF);
  std::unique_ptr<glp_prob, GlpkProblem> lp(glp_create_prob());
  glp_prob* p = lp.get();
  glp_set_obj_dir(p, GLP_MIN);
  glp_add_cols(p, static_cast<int>(n) + 1);  // x_1 .. x_n, epsilon
  for (int j = 1; j <= static_cast<int>(n) + 1; ++j) glp_set_col_bnds(p, j, GLP_FR, 0.0, 0.0);
  glp_set_obj_coef(p, static_cast<int>(n) + 1, 1.0);
  std::vector<int> index(n + 2);
  std::vector<double> coef(n + 2);
  // Row x(S) (+ epsilon) for coalition S; GLPK's arrays start at 1.
  const auto add_row = [&](uint64_t s, bool with_epsilon, int type, double bound) {
    const int row = glp_add_rows(p, 1);
    int len = 0;
    for (uint32_t i = 0; i < n; ++i) {
      if ((s >> i) & 1u) {
        ++len;
        index[len] = static_cast<int>(i) + 1;
        coef[len] = 1.0;
      }
    }
    if (with_epsilon) {
      ++len;
      index[len] = static_cast<int>(n) + 1;
      coef[len] = 1.0;
    }
    glp_set_mat_row(p, row, len, index.data(), coef.data());
    glp_set_row_bnds(p, row, type, bound, bound);
  };
  add_row(grand, false, GLP_FX, v(grand));
  std::vector<char> added(grand + 1, 0);
  LeastCore out;
  for (uint32_t i = 0; i < n; ++i) {
    for (const uint64_t s : {uint64_t{1} << i, grand ^ (uint64_t{1} << i)}) {
      if (added[s]) continue;
      added[s] = 1;
      add_row(s, true, GLP_LO, v(s));
      ++out.constraints;
    }
  }
  const double tolerance = kLeastCoreTolerance;  // values are already relative to `unit`
  std::vector<double> x(n), sum(grand + 1, 0.0);
  std::vector<std::pair<double, uint64_t>> violated;
  glp_smcp parm;
  glp_init_smcp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  for (;;) {
    ++out.rounds;
    const int rc = glp_simplex(p, &parm);
    if (rc != 0 || glp_get_status(p) != GLP_OPT) {
      throw std::runtime_error("GLPK could not solve the least-core program (glp_simplex " +
                               std::to_string(rc) + ", status " +
                               std::to_string(glp_get_status(p)) + ")");
    }
    parm.meth = GLP_DUALP;  // rows added to an optimal basis keep it dual feasible
    const double epsilon = glp_get_col_prim(p, static_cast<int>(n) + 1);
    for (uint32_t i = 0; i < n; ++i) x[i] = glp_get_col_prim(p, static_cast<int>(i) + 1);
    violated.clear();
    for (uint64_t s = 1; s < grand; ++s) {
      const uint64_t low = s & (~s + 1);
      sum[s] = sum[s ^ low] + x[__builtin_ctzll(low)];
      const double by = v(s) - sum[s] - epsilon;
      if (by > tolerance && !added[s]) violated.emplace_back(by, s);
    }
    if (violated.empty()) {
      // Within the tolerance of 0 is 0: the simplex's rounding must not empty a core.
      out.epsilon = std::abs(epsilon) <= tolerance ? 0.0 : epsilon * unit;
      out.allocation.resize(n);
      for (uint32_t i = 0; i < n; ++i) out.allocation[i] = x[i] * unit;
      return out;
    }
    const std::size_t take = std::min<std::size_t>(rows_per_round(n), violated.size());
    std::partial_sort(violated.begin(), violated.begin() + static_cast<std::ptrdiff_t>(take),
                      violated.end(), [](const auto& a, const auto& b) {
                        return a.first != b.first ? a.first > b.first : a.second < b.second;
                      });
    for (std::size_t k = 0; k < take; ++k) {
      added[violated[k].second] = 1;
      add_row(violated[k].second, true, GLP_LO, v(violated[k].second));
      ++out.constraints;
    }
  }
}

}  // namespace evomarket::theory
