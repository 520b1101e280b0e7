// Leader pricing's followers on the CPU: OpenMP threads take fixed ranges of followers, each
// sums its followers' responses (kernels/leader_pricing.h) into its own row, and the rows are
// added at the end. Integer sums: the result does not depend on the thread count.
// Twin: cuda/cuda_followers.cu.
#include <omp.h>

#include <stdexcept>

#include "host/backend/backend.h"
#include "host/setup/follower_setup.h"

namespace evomarket {
namespace {

class CpuFollowerEvaluator final : public FollowerEvaluator {
 public:
  CpuFollowerEvaluator(const FollowerSetup& setup, int threads)
      : setup_(setup), threads_(threads) {}

  void load(const EnergyBatch& batch) override {
    batch_ = batch;
    loaded_ = true;
  }

  std::vector<int64_t> evaluate(const FollowerQuery& q) override {
    if (!loaded_) throw std::logic_error("FollowerEvaluator::evaluate: no batch loaded");
    const uint32_t width = q.row_width();
    std::vector<int64_t> total(q.slots * width, 0);
    const FollowerQueryView view{q.factors.data(), q.fit.data(), q.per_slot, q.settle ? 1u : 0u};
    const EnergyBatchView energy = batch_.view();
    const FollowerRule& rule = setup_.rule;
    const auto followers = static_cast<int64_t>(rule.followers);
#pragma omp parallel num_threads(threads_)
    {
      std::vector<int64_t> part(total.size(), 0);
#pragma omp for schedule(static)
      for (int64_t f = 0; f < followers; ++f) {
        const AgentProfile a = follower_profile(rule, static_cast<uint64_t>(f));
        const uint32_t cls =
            follower_class(rule, static_cast<uint64_t>(f), setup_.profile_pv[a.profile] != 0);
        const FollowerClass& c = setup_.classes[cls];
        for (uint64_t s = 0; s < q.slots; ++s) {
          const FollowerEnergy e = follower_energy(energy, a, batch_.first_slot + s);
          int64_t* row = &part[s * width];
          add_follower_slot(e.load, e.pv, cls, c, view, s,
                            [row](uint32_t i, int64_t v) { row[i] += v; });
        }
      }
#pragma omp critical
      for (size_t i = 0; i < total.size(); ++i) total[i] += part[i];
    }
    return total;
  }

 private:
  const FollowerSetup& setup_;
  int threads_;
  EnergyBatch batch_;
  bool loaded_ = false;
};

}  // namespace

std::unique_ptr<FollowerEvaluator> make_cpu_follower_evaluator(const FollowerSetup& setup,
                                                               int threads) {
  return std::make_unique<CpuFollowerEvaluator>(setup,
                                                threads > 0 ? threads : omp_get_max_threads());
}

}  // namespace evomarket
