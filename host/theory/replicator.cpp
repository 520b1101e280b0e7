#include "host/theory/replicator.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace evomarket::theory {
namespace {

// Dormand–Prince 5(4) tableau (Dormand & Prince 1980). The 7th stage is evaluated at the new
// point with the 5th-order weights, so it is the first stage of the next step (FSAL).
constexpr double kC2 = 1.0 / 5, kC3 = 3.0 / 10, kC4 = 4.0 / 5, kC5 = 8.0 / 9;
constexpr double kA21 = 1.0 / 5;
constexpr double kA31 = 3.0 / 40, kA32 = 9.0 / 40;
constexpr double kA41 = 44.0 / 45, kA42 = -56.0 / 15, kA43 = 32.0 / 9;
constexpr double kA51 = 19372.0 / 6561, kA52 = -25360.0 / 2187, kA53 = 64448.0 / 6561,
                 kA54 = -212.0 / 729;
constexpr double kA61 = 9017.0 / 3168, kA62 = -355.0 / 33, kA63 = 46732.0 / 5247, kA64 = 49.0 / 176,
                 kA65 = -5103.0 / 18656;
constexpr double kB1 = 35.0 / 384, kB3 = 500.0 / 1113, kB4 = 125.0 / 192, kB5 = -2187.0 / 6784,
                 kB6 = 11.0 / 84;
// Error weights: 5th-order minus 4th-order weights.
constexpr double kE1 = 71.0 / 57600, kE3 = -71.0 / 16695, kE4 = 71.0 / 1920,
                 kE5 = -17253.0 / 339200, kE6 = 22.0 / 525, kE7 = -1.0 / 40;

// The 5th-order method's local error is O(h^5) in the 4th-order estimate: exponent 1/5.
constexpr double kSafety = 0.9, kMinFactor = 0.2, kMaxFactor = 5.0;

using Vec = std::vector<double>;

double scaled_rms(const Vec& v, const Vec& y, const Vec& y_new, const IntegratorOptions& o) {
  double sum = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const double scale = o.atol + o.rtol * std::max(std::abs(y[i]), std::abs(y_new[i]));
    const double r = v[i] / scale;
    sum += r * r;
  }
  return v.empty() ? 0.0 : std::sqrt(sum / static_cast<double>(v.size()));
}

// First trial step (Hairer, Nørsett & Wanner, "Solving ODEs I", II.4, algorithm of "hinit").
double initial_step(const OdeRhs& f, const Vec& y0, const Vec& f0, const IntegratorOptions& o) {
  const double d0 = scaled_rms(y0, y0, y0, o);
  const double d1 = scaled_rms(f0, y0, y0, o);
  const double h0 = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1;
  Vec y1(y0.size()), f1(y0.size());
  for (std::size_t i = 0; i < y0.size(); ++i) y1[i] = y0[i] + h0 * f0[i];
  f(y1, f1);
  Vec diff(y0.size());
  for (std::size_t i = 0; i < y0.size(); ++i) diff[i] = f1[i] - f0[i];
  const double d2 = scaled_rms(diff, y0, y0, o) / h0;
  const double dmax = std::max(d1, d2);
  const double h1 = dmax <= 1e-15 ? std::max(1e-6, h0 * 1e-3) : std::pow(0.01 / dmax, 1.0 / 5);
  return std::min(100 * h0, h1);
}

void require_options(const IntegratorOptions& o) {
  if (!(o.rtol > 0) || !(o.atol > 0) || !std::isfinite(o.rtol) || !std::isfinite(o.atol)) {
    throw std::invalid_argument("integrator: rtol and atol must be positive and finite");
  }
  if (!(o.initial_step >= 0) || !(o.max_step >= 0)) {
    throw std::invalid_argument("integrator: initial_step and max_step must be >= 0");
  }
  if (o.max_steps == 0) throw std::invalid_argument("integrator: max_steps must be > 0");
}

// The integrator proper; `clamp_negative` zeroes components that an accepted step leaves below 0.
Trajectory integrate(const OdeRhs& f, const Vec& y0, const Vec& output_times,
                     const IntegratorOptions& o, bool clamp_negative) {
  require_options(o);
  if (output_times.empty()) throw std::invalid_argument("integrator: no output times");
  double previous = 0;
  for (double t : output_times) {
    if (!std::isfinite(t) || t < previous) {
      throw std::invalid_argument("integrator: output times must be finite, >= 0 and sorted");
    }
    previous = t;
  }
  const std::size_t n = y0.size();
  Trajectory out;
  out.times = output_times;
  out.states.reserve(output_times.size());

  Vec y = y0, y_new(n), tmp(n), err(n);
  Vec k1(n), k2(n), k3(n), k4(n), k5(n), k6(n), k7(n);
  f(y, k1);
  double t = 0;
  double h = o.initial_step > 0 ? o.initial_step : initial_step(f, y, k1, o);
  if (o.max_step > 0) h = std::min(h, o.max_step);

  for (double target : output_times) {
    while (t < target) {
      if (out.accepted_steps + out.rejected_steps >= o.max_steps) {
        throw std::runtime_error("integrator: more than " + std::to_string(o.max_steps) +
                                 " steps before t = " + std::to_string(target));
      }
      // Land exactly on the output time; the controller's proposal h survives for later.
      const bool last = t + h >= target;
      const double step = last ? target - t : h;
      if (step <= 1e-14 * std::max(1.0, std::abs(t))) {
        // A rounding-sized remainder before an output time is not worth a step.
        if (last) {
          t = target;
          break;
        }
        throw std::runtime_error("integrator: step size underflow at t = " + std::to_string(t));
      }
      for (std::size_t i = 0; i < n; ++i) tmp[i] = y[i] + step * kA21 * k1[i];
      f(tmp, k2);
      for (std::size_t i = 0; i < n; ++i) tmp[i] = y[i] + step * (kA31 * k1[i] + kA32 * k2[i]);
      f(tmp, k3);
      for (std::size_t i = 0; i < n; ++i) {
        tmp[i] = y[i] + step * (kA41 * k1[i] + kA42 * k2[i] + kA43 * k3[i]);
      }
      f(tmp, k4);
      for (std::size_t i = 0; i < n; ++i) {
        tmp[i] = y[i] + step * (kA51 * k1[i] + kA52 * k2[i] + kA53 * k3[i] + kA54 * k4[i]);
      }
      f(tmp, k5);
      for (std::size_t i = 0; i < n; ++i) {
        tmp[i] = y[i] +
                 step * (kA61 * k1[i] + kA62 * k2[i] + kA63 * k3[i] + kA64 * k4[i] + kA65 * k5[i]);
      }
      f(tmp, k6);
      for (std::size_t i = 0; i < n; ++i) {
        y_new[i] =
            y[i] + step * (kB1 * k1[i] + kB3 * k3[i] + kB4 * k4[i] + kB5 * k5[i] + kB6 * k6[i]);
      }
      f(y_new, k7);
      for (std::size_t i = 0; i < n; ++i) {
        err[i] = step * (kE1 * k1[i] + kE3 * k3[i] + kE4 * k4[i] + kE5 * k5[i] + kE6 * k6[i] +
                         kE7 * k7[i]);
      }
      const double e = scaled_rms(err, y, y_new, o);
      if (!std::isfinite(e)) {
        // Overflow in a trial stage: retry much smaller.
        ++out.rejected_steps;
        h = step * kMinFactor;
        continue;
      }
      if (e <= 1.0) {
        ++out.accepted_steps;
        t = last ? target : t + step;
        y.swap(y_new);
        k1.swap(k7);  // FSAL
        if (clamp_negative) {
          bool clamped = false;
          for (double& v : y) {
            if (v < 0) {
              v = 0;
              clamped = true;
            }
          }
          if (clamped) f(y, k1);
        }
        const double factor =
            e == 0 ? kMaxFactor : std::clamp(kSafety * std::pow(e, -0.2), kMinFactor, kMaxFactor);
        // A step shortened to hit an output time says nothing about the natural step size.
        h = last ? std::max(h, step * factor) : step * factor;
      } else {
        ++out.rejected_steps;
        h = step * std::max(kMinFactor, kSafety * std::pow(e, -0.2));
      }
      if (o.max_step > 0) h = std::min(h, o.max_step);
    }
    out.states.push_back(y);
  }
  return out;
}

}  // namespace

void require_simplex(const std::vector<double>& x, std::size_t n, const char* what,
                     double tolerance) {
  if (x.size() != n) {
    throw std::invalid_argument(std::string(what) + ": the state has " + std::to_string(x.size()) +
                                " entries, expected one per strategy (" + std::to_string(n) + ")");
  }
  double sum = 0;
  for (double v : x) {
    if (!std::isfinite(v) || v < 0) {
      throw std::invalid_argument(std::string(what) + ": shares must be finite and >= 0");
    }
    sum += v;
  }
  if (std::abs(sum - 1) > tolerance) {
    throw std::invalid_argument(std::string(what) + ": shares must sum to 1 (they sum to " +
                                std::to_string(sum) + ")");
  }
}

namespace {

// dx/dt into `out` without allocation (out.size() == x.size()).
void replicator_field(const Matrix& a, const Vec& x, Vec& out) {
  const std::size_t n = a.size();
  double mean = 0;
  for (std::size_t s = 0; s < n; ++s) {
    double fitness = 0;
    for (std::size_t t = 0; t < n; ++t) fitness += a[s][t] * x[t];
    out[s] = fitness;
    mean += x[s] * fitness;
  }
  for (std::size_t s = 0; s < n; ++s) out[s] = x[s] * (out[s] - mean);
}

}  // namespace

std::vector<double> replicator_rhs(const Matrix& a, const std::vector<double>& x) {
  require_payoff_matrix(a, "replicator_rhs");
  if (x.size() != a.size()) {
    throw std::invalid_argument("replicator_rhs: the state needs one entry per strategy");
  }
  Vec out(x.size());
  replicator_field(a, x, out);
  return out;
}

Trajectory integrate_ode(const OdeRhs& f, const std::vector<double>& y0,
                         const std::vector<double>& output_times,
                         const IntegratorOptions& options) {
  return integrate(f, y0, output_times, options, false);
}

Trajectory integrate_replicator(const Matrix& a, const std::vector<double>& x0,
                                const std::vector<double>& output_times,
                                const IntegratorOptions& options) {
  require_payoff_matrix(a, "integrate_replicator");
  require_simplex(x0, a.size(), "integrate_replicator: x0");
  const OdeRhs f = [&a](const Vec& x, Vec& dxdt) { replicator_field(a, x, dxdt); };
  return integrate(f, x0, output_times, options, true);
}

std::vector<double> evenly_spaced_times(double t_end, std::size_t points) {
  if (!(t_end >= 0) || !std::isfinite(t_end)) {
    throw std::invalid_argument("evenly_spaced_times: t_end must be finite and >= 0");
  }
  if (points < 2) throw std::invalid_argument("evenly_spaced_times: need at least 2 points");
  std::vector<double> times(points);
  for (std::size_t k = 0; k < points; ++k) {
    times[k] = t_end * static_cast<double>(k) / static_cast<double>(points - 1);
  }
  times.back() = t_end;
  return times;
}

double minimal_background(const Matrix& a) {
  require_payoff_matrix(a, "minimal_background");
  double lowest = std::numeric_limits<double>::infinity();
  for (const auto& row : a) {
    for (double v : row) lowest = std::min(lowest, v);
  }
  return -lowest;
}

namespace {

// x_i (c + (A x)_i) / (c + x^T A x), summing in index order (the order of Axelrod's Ecosystem,
// whose numbers ecosystem_step reproduces). The callers check the preconditions.
Vec map_step(const Matrix& a, const Vec& x, double c) {
  const std::size_t n = a.size();
  Vec fitness(n);
  double mean = 0;
  for (std::size_t s = 0; s < n; ++s) {
    double f = c;
    for (std::size_t t = 0; t < n; ++t) f += a[s][t] * x[t];
    fitness[s] = f;
    mean += x[s] * f;
  }
  Vec next(n);
  for (std::size_t s = 0; s < n; ++s) next[s] = x[s] * fitness[s] / mean;
  return next;
}

}  // namespace

std::vector<double> replicator_step(const Matrix& a, const std::vector<double>& x, double c) {
  require_payoff_matrix(a, "replicator_step");
  require_simplex(x, a.size(), "replicator_step: x");
  if (!std::isfinite(c) || !(c > minimal_background(a))) {
    throw std::invalid_argument(
        "replicator_step: the background fitness c must exceed -min(A) so that all fitness "
        "stays positive");
  }
  return map_step(a, x, c);
}

std::vector<double> ecosystem_step(const Matrix& a, const std::vector<double>& x) {
  require_payoff_matrix(a, "ecosystem_step");
  require_simplex(x, a.size(), "ecosystem_step: x");
  if (minimal_background(a) > 0) {
    throw std::invalid_argument("ecosystem_step: the payoff matrix has a negative entry");
  }
  double mean = 0;
  for (std::size_t s = 0; s < a.size(); ++s) {
    for (std::size_t t = 0; t < a.size(); ++t) mean += x[s] * a[s][t] * x[t];
  }
  if (!(mean > 0)) {
    throw std::domain_error(
        "ecosystem_step: every strategy present earns 0, so the shares cannot be renormalised");
  }
  return map_step(a, x, 0.0);
}

std::vector<std::vector<double>> replicator_map_orbit(const Matrix& a,
                                                      const std::vector<double>& x0, double c,
                                                      std::size_t steps) {
  std::vector<std::vector<double>> orbit;
  orbit.reserve(steps + 1);
  orbit.push_back(x0);
  require_simplex(x0, a.size(), "replicator_map_orbit: x0");
  for (std::size_t k = 0; k < steps; ++k) orbit.push_back(replicator_step(a, orbit.back(), c));
  return orbit;
}

std::optional<InteriorFixedPoint> interior_fixed_point_2x2(const Matrix& a) {
  require_payoff_matrix(a, "interior_fixed_point_2x2");
  if (a.size() != 2) throw std::invalid_argument("interior_fixed_point_2x2: needs a 2x2 game");
  const double d = a[0][0] - a[0][1] - a[1][0] + a[1][1];
  if (d == 0) return std::nullopt;
  const double x = (a[1][1] - a[0][1]) / d;
  if (!(x > 0 && x < 1)) return std::nullopt;
  return InteriorFixedPoint{x, d < 0};
}

}  // namespace evomarket::theory
