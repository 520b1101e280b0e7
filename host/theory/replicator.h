// Mean-field theory of an infinite well-mixed population: the replicator equation, an adaptive
// Dormand–Prince 5(4) integrator for it, and the discrete-time replicator map.
//
// State: x is a point of the simplex (x_i >= 0, sum x_i = 1), x_i the share of strategy i. The
// payoff matrix convention is that of theory_matrix.h (a[s][t]: row s against column t). Time is
// in the units in which payoff differences are rates: dx_i/dt = x_i ((A x)_i - x^T A x).
// docs/theory.md states the conventions and how they relate to the finite-population processes.
//
// Errors: violated preconditions throw std::invalid_argument (`evomarket solve` reports them as
// ConfigError); an integration that needs more than max_steps steps, or whose step size
// underflows, throws std::runtime_error.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include "host/theory/matrix.h"

namespace evomarket::theory {

// Throws std::invalid_argument unless x has `n` entries, all >= 0 and finite, summing to 1
// within `tolerance`.
void require_simplex(const std::vector<double>& x, std::size_t n, const char* what,
                     double tolerance = 1e-9);

// The replicator vector field at x: dx_i/dt = x_i ((A x)_i - x^T A x).
// Preconditions: `a` square n x n, x.size() == n (x need not lie on the simplex, so the field can
// be evaluated at trial points of an integrator).
std::vector<double> replicator_rhs(const Matrix& a, const std::vector<double>& x);

// Settings of the adaptive integrator. A step is accepted when the root-mean-square over the
// components of err_i / (atol + rtol * max(|y_i|, |y_new_i|)) is at most 1, where err_i is the
// difference between the embedded 5th- and 4th-order solutions (Hairer, Nørsett & Wanner,
// "Solving ODEs I", II.4); the next step is h * clamp(0.9 * err^(-1/5), 0.2, 5).
struct IntegratorOptions {
  double rtol = 1e-8;               // relative tolerance per step, > 0
  double atol = 1e-12;              // absolute tolerance per step, > 0
  double initial_step = 0.0;        // first trial step (time units); 0: chosen automatically
  double max_step = 0.0;            // largest step (time units); 0: no limit
  std::size_t max_steps = 1000000;  // accepted + rejected steps before giving up
};

// States at the requested output times and the integrator's work.
struct Trajectory {
  std::vector<double> times;                // the requested output times
  std::vector<std::vector<double>> states;  // states[k]: the solution at times[k]
  std::size_t accepted_steps = 0;
  std::size_t rejected_steps = 0;
};

// Right-hand side of an autonomous ODE dy/dt = f(y): writes f(y) into dydt (already sized).
using OdeRhs = std::function<void(const std::vector<double>& y, std::vector<double>& dydt)>;

// Integrates dy/dt = f(y) from y(0) = y0 with Dormand–Prince 5(4) (FSAL, local extrapolation)
// and returns y at each output time. Steps are shortened to land exactly on every output time
// (no dense output is used, so every returned state carries the controlled local error).
// Preconditions: output_times non-empty, finite, >= 0 and non-decreasing; tolerances > 0.
Trajectory integrate_ode(const OdeRhs& f, const std::vector<double>& y0,
                         const std::vector<double>& output_times,
                         const IntegratorOptions& options = {});

// Integrates the replicator equation of `a` from x0 (a point of the simplex, tolerance 1e-9)
// and returns the state at each output time (see integrate_ode). The state is not renormalized:
// sum x_i drifts only by the integration error, which makes that drift a check of the accuracy.
// The one correction: a component that comes out of an accepted step below 0 (possible only by
// at most the accepted local error, since x_i = 0 is invariant) is clamped to 0.
Trajectory integrate_replicator(const Matrix& a, const std::vector<double>& x0,
                                const std::vector<double>& output_times,
                                const IntegratorOptions& options = {});

// `points` >= 2 evenly spaced times from 0 to t_end inclusive (t_end >= 0), the last one exactly
// t_end.
std::vector<double> evenly_spaced_times(double t_end, std::size_t points);

// One step of the discrete-time replicator map with background fitness c:
//   x_i' = x_i (c + (A x)_i) / (c + x^T A x).
// Fitness c + (A x)_i must be positive for every strategy; for all x on the simplex this holds
// exactly when c > -min_{s,t} a[s][t] (see minimal_background). A large c is a weak-selection
// map: x' = x + replicator_rhs(a, x) / c + O(1/c^2), so c steps approximate ODE time 1.
// Preconditions: `a` square n x n, x on the simplex (tolerance 1e-9), c > minimal_background(a).
std::vector<double> replicator_step(const Matrix& a, const std::vector<double>& x, double c);

// One step of Axelrod's ecological variant (axelrod.Ecosystem with its default fitness, on a
// tournament's mean payoff-per-turn matrix): the map with c = 0, x_i' = x_i (A x)_i / x^T A x.
// Unlike replicator_step it allows fitness 0 (a strategy earning nothing dies out at once).
// Preconditions: `a` square, no negative entry; x on the simplex (tolerance 1e-9). Throws
// std::invalid_argument when they fail and std::domain_error when x^T A x = 0.
std::vector<double> ecosystem_step(const Matrix& a, const std::vector<double>& x);

// The orbit x_0 = x0, x_{k+1} = replicator_step(a, x_k, c), k = 0 .. steps (steps + 1 states).
std::vector<std::vector<double>> replicator_map_orbit(const Matrix& a,
                                                      const std::vector<double>& x0, double c,
                                                      std::size_t steps);

// -min_{s,t} a[s][t]: the background fitness must exceed this for the map to be defined on the
// whole simplex.
double minimal_background(const Matrix& a);

// The interior rest point of a 2x2 game's replicator dynamics, if any.
struct InteriorFixedPoint {
  double x;     // share of strategy 0, in (0, 1)
  bool stable;  // asymptotically stable (the game is anti-coordination: d < 0 below)
};

// For a 2x2 game, dx/dt = x (1 - x) (d x + a01 - a11) with d = a00 - a01 - a10 + a11 and x the
// share of strategy 0, so the interior rest point is x* = (a11 - a01) / d when d != 0 and
// 0 < x* < 1; it is stable when d < 0 and unstable when d > 0. std::nullopt when there is none
// (including the degenerate d == 0, where payoffs are equal either everywhere or nowhere).
// Precondition: `a` is 2x2.
std::optional<InteriorFixedPoint> interior_fixed_point_2x2(const Matrix& a);

}  // namespace evomarket::theory
