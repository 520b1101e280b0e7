// Replicator dynamics: invariants, known rest points and their stability, closed-form solutions
// against the adaptive integrator, and the discrete map's weak-selection limit.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "host/theory/replicator.h"

namespace evomarket::theory {
namespace {

const Matrix kRps{{0, -1, 1}, {1, 0, -1}, {-1, 1, 0}};
const Matrix kHawkDove{{(2.0 - 4.0) / 2, 2}, {0, 2.0 / 2}};  // V = 2, C = 4
const Matrix kCoordination{{1, 0}, {0, 2}};
const Matrix kPrisonersDilemma{{3, 0}, {5, 1}};

std::vector<double> final_state(const Matrix& a, const std::vector<double>& x0, double t,
                                const IntegratorOptions& o = {}) {
  return integrate_replicator(a, x0, {t}, o).states.back();
}

TEST(TheoryReplicator, RhsMatchesTheDefinitionAndSumsToZero) {
  const std::vector<double> x{0.5, 0.3, 0.2};
  const std::vector<double> d = replicator_rhs(kRps, x);
  // (A x) = (-0.3 + 0.2, 0.5 - 0.2, -0.5 + 0.3) = (-0.1, 0.3, -0.2); x^T A x = 0 (zero-sum).
  EXPECT_NEAR(d[0], 0.5 * -0.1, 1e-15);
  EXPECT_NEAR(d[1], 0.3 * 0.3, 1e-15);
  EXPECT_NEAR(d[2], 0.2 * -0.2, 1e-15);
  EXPECT_NEAR(d[0] + d[1] + d[2], 0.0, 1e-15);
}

TEST(TheoryReplicator, RockPaperScissorsConservesTheProductOfShares) {
  const std::vector<double> x0{0.5, 0.3, 0.2};
  IntegratorOptions o;
  o.rtol = 1e-10;
  o.atol = 1e-12;
  const Trajectory tr = integrate_replicator(kRps, x0, evenly_spaced_times(100, 101), o);
  const double h0 = x0[0] * x0[1] * x0[2];
  double worst = 0, worst_sum = 0;
  for (const auto& x : tr.states) {
    worst = std::max(worst, std::abs(x[0] * x[1] * x[2] - h0) / h0);
    worst_sum = std::max(worst_sum, std::abs(x[0] + x[1] + x[2] - 1));
  }
  EXPECT_LT(worst, 1e-8);
  EXPECT_LT(worst_sum, 1e-9);
  EXPECT_GT(tr.accepted_steps, 10u);
  EXPECT_DOUBLE_EQ(tr.times.back(), 100.0);
  EXPECT_EQ(tr.states.front(), x0);  // t = 0 is returned as given
}

TEST(TheoryReplicator, HawkDoveConvergesToVOverCFromBothSides) {
  const auto rest = interior_fixed_point_2x2(kHawkDove);
  ASSERT_TRUE(rest.has_value());
  EXPECT_DOUBLE_EQ(rest->x, 0.5);
  EXPECT_TRUE(rest->stable);
  for (double hawks : {0.1, 0.9}) {
    const auto x = final_state(kHawkDove, {hawks, 1 - hawks}, 60);
    EXPECT_NEAR(x[0], 0.5, 1e-7) << "from " << hawks;
  }
}

TEST(TheoryReplicator, CoordinationGameHasAnUnstableInteriorPoint) {
  const auto rest = interior_fixed_point_2x2(kCoordination);
  ASSERT_TRUE(rest.has_value());
  EXPECT_NEAR(rest->x, 2.0 / 3, 1e-15);
  EXPECT_FALSE(rest->stable);
  const auto above = final_state(kCoordination, {2.0 / 3 + 0.01, 1.0 / 3 - 0.01}, 60);
  const auto below = final_state(kCoordination, {2.0 / 3 - 0.01, 1.0 / 3 + 0.01}, 60);
  EXPECT_GT(above[0], 1 - 1e-9);
  EXPECT_LT(below[0], 1e-9);
}

TEST(TheoryReplicator, PrisonersDilemmaGoesToFullDefection) {
  EXPECT_FALSE(interior_fixed_point_2x2(kPrisonersDilemma).has_value());
  const auto x = final_state(kPrisonersDilemma, {0.99, 0.01}, 40);
  EXPECT_LT(x[0], 1e-9);
  EXPECT_NEAR(x[1], 1.0, 1e-9);
}

TEST(TheoryReplicator, ConstantAdvantageFollowsTheLogisticClosedForm) {
  // pi_0 - pi_1 = 1 everywhere: dx/dt = x (1 - x).
  const Matrix a{{1, 1}, {0, 0}};
  const double x0 = 0.01;
  const auto exact = [x0](double t) { return x0 * std::exp(t) / (1 - x0 + x0 * std::exp(t)); };
  const std::vector<double> times = evenly_spaced_times(12, 25);
  double previous_error = 1;
  for (double rtol : {1e-6, 1e-9}) {
    IntegratorOptions o;
    o.rtol = rtol;
    o.atol = 1e-14;
    const Trajectory tr = integrate_replicator(a, {x0, 1 - x0}, times, o);
    double error = 0;
    for (std::size_t k = 0; k < times.size(); ++k) {
      error = std::max(error, std::abs(tr.states[k][0] - exact(times[k])));
    }
    EXPECT_LT(error, 10 * rtol) << "rtol " << rtol;  // global error within a small multiple
    EXPECT_LT(error, previous_error);
    previous_error = error;
  }
}

TEST(TheoryReplicator, GenericIntegratorSolvesAHarmonicOscillator) {
  const OdeRhs f = [](const std::vector<double>& y, std::vector<double>& d) {
    d[0] = y[1];
    d[1] = -y[0];
  };
  IntegratorOptions o;
  o.rtol = 1e-10;
  o.atol = 1e-12;
  const Trajectory tr = integrate_ode(f, {1, 0}, {1, 10, 2 * M_PI * 5}, o);
  EXPECT_NEAR(tr.states[0][0], std::cos(1.0), 1e-8);
  EXPECT_NEAR(tr.states[1][1], -std::sin(10.0), 1e-8);
  EXPECT_NEAR(tr.states[2][0], 1.0, 1e-8);
  EXPECT_NEAR(tr.states[2][1], 0.0, 1e-8);
}

TEST(TheoryReplicator, FixedStepOptionsAndLimitsAreHonoured) {
  IntegratorOptions o;
  o.max_step = 0.01;
  const Trajectory tr = integrate_replicator(kHawkDove, {0.2, 0.8}, {1.0}, o);
  EXPECT_GE(tr.accepted_steps, 100u);
  o.max_steps = 10;
  EXPECT_THROW(integrate_replicator(kHawkDove, {0.2, 0.8}, {1.0}, o), std::runtime_error);
}

TEST(TheoryReplicator, DiscreteMapWithLargeBackgroundApproximatesTheOde) {
  const std::vector<double> x0{0.1, 0.9};
  IntegratorOptions o;
  o.rtol = 1e-12;
  o.atol = 1e-14;
  const double ode = final_state(kHawkDove, x0, 1.0, o)[0];
  double previous_error = 1;
  for (double c : {100.0, 1000.0}) {
    const auto orbit = replicator_map_orbit(kHawkDove, x0, c, static_cast<std::size_t>(c));
    ASSERT_EQ(orbit.size(), static_cast<std::size_t>(c) + 1);
    const double error = std::abs(orbit.back()[0] - ode);
    EXPECT_LT(error, 5.0 / c) << "c " << c;  // first-order in 1/c
    EXPECT_LT(error, previous_error / 5);
    previous_error = error;
    EXPECT_NEAR(orbit.back()[0] + orbit.back()[1], 1.0, 1e-12);
  }
}

TEST(TheoryReplicator, DiscreteMapKeepsRestPointsAndChecksBackgroundFitness) {
  const auto x = replicator_step(kHawkDove, {0.5, 0.5}, 2.0);
  EXPECT_NEAR(x[0], 0.5, 1e-15);
  EXPECT_DOUBLE_EQ(minimal_background(kHawkDove), 1.0);
  EXPECT_THROW(replicator_step(kHawkDove, {0.5, 0.5}, 1.0), std::invalid_argument);
  EXPECT_NO_THROW(replicator_step(kHawkDove, {0.5, 0.5}, 1.001));
}

TEST(TheoryReplicator, BadInputIsRejected) {
  EXPECT_THROW(replicator_rhs({{1, 2}, {3}}, {0.5, 0.5}), std::invalid_argument);
  EXPECT_THROW(integrate_replicator(kRps, {0.5, 0.5}, {1.0}), std::invalid_argument);
  EXPECT_THROW(integrate_replicator(kRps, {0.5, 0.3, 0.3}, {1.0}), std::invalid_argument);
  EXPECT_THROW(integrate_replicator(kRps, {1.2, -0.1, -0.1}, {1.0}), std::invalid_argument);
  EXPECT_THROW(integrate_replicator(kRps, {0.5, 0.3, 0.2}, {2.0, 1.0}), std::invalid_argument);
  EXPECT_THROW(interior_fixed_point_2x2(kRps), std::invalid_argument);
  EXPECT_THROW(evenly_spaced_times(1.0, 1), std::invalid_argument);
}

}  // namespace
}  // namespace evomarket::theory
