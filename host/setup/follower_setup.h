// The followers of leader pricing as the backends receive them, and the evaluator both backends
// implement (docs/solvers.md, "Leader pricing at scale"). Kept free of I/O headers: the CUDA
// backend includes it.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "host/setup/energy_batch.h"
#include "kernels/leader_pricing.h"

namespace evomarket {

struct FollowerSetup {
  FollowerRule rule{};
  std::array<FollowerClass, kFollowerClasses> classes{};  // by class (kClassPv | kClassBattery)
  std::vector<uint8_t> profile_pv;  // per profile of the store: 1 when it generates in the horizon
};

// Candidate prices of one batch as demand factors (kernels/leader_pricing.h, FollowerQueryView).
struct FollowerQuery {
  uint64_t slots = 0;
  uint32_t per_slot = 0;
  bool settle = false;
  std::vector<int64_t> factors;  // [slot][per_slot][kFollowerClasses]
  std::vector<int64_t> fit;      // [slot][kFollowerClasses]

  uint32_t row_width() const { return follower_row_width(per_slot, settle); }
};

// Evaluates every follower's best response on a backend. Sums are exact integers (mWh), so the
// CPU and CUDA twins return the same numbers whatever the thread count or launch shape; the
// caller guarantees they fit int64 (host/theory/leader_pricing.h checks).
class FollowerEvaluator {
 public:
  virtual ~FollowerEvaluator() = default;
  // The profiles the next queries read: their slot s is batch.first_slot + s.
  virtual void load(const EnergyBatch& batch) = 0;
  // Sums over followers per slot, [slot][query.row_width()] (follower_row_width).
  virtual std::vector<int64_t> evaluate(const FollowerQuery& query) = 0;
};

}  // namespace evomarket
