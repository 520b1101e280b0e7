// Leader pricing's followers on the GPU. One block row per slot (blockIdx.y); the blocks of a
// row split the followers. Each thread evaluates one follower at a time at every candidate
// price (kernels/leader_pricing.h), a warp adds its 32 values by shuffles, lane 0 adds the
// warp's sum to the block's in shared memory, and the block adds its row to the result in
// global memory. Every sum is an integer, so the result is the CPU's to the bit whatever the
// launch shape. Twin: host/backend/cpu_followers.cpp.
#include <cuda_runtime.h>

#include <algorithm>
#include <stdexcept>

#include "cuda/cuda_check.cuh"
#include "cuda/cuda_followers.cuh"
#include "cuda/device_buffer.cuh"
#include "cuda/launch.cuh"

namespace evomarket::gpu {
namespace {

constexpr int kFollowerBlock = 256;
constexpr uint32_t kMaxRowWidth = 4096;  // shared memory: 32 KiB of sums per block

__device__ __forceinline__ int64_t warp_sum(int64_t v) {
  for (int offset = 16; offset > 0; offset /= 2) v += __shfl_xor_sync(0xffffffffu, v, offset);
  return v;
}

// Every thread runs the same number of rounds (followers past the end count as empty homes,
// which add zeros), so the warp shuffles always see all 32 lanes.
__global__ void __launch_bounds__(kFollowerBlock)
    followers_kernel(EnergyBatchView batch, FollowerRule rule, const FollowerClass* classes,
                     const uint8_t* profile_pv, FollowerQueryView query, uint64_t first_slot,
                     uint64_t per_block, uint32_t width, int64_t* __restrict__ out) {
  unsigned long long* const sums = dynamic_shared<unsigned long long>();
  for (uint32_t i = threadIdx.x; i < width; i += blockDim.x) sums[i] = 0;
  __syncthreads();
  const uint64_t slot = blockIdx.y;
  const uint64_t begin = blockIdx.x * per_block;
  const uint64_t end = begin + per_block < rule.followers ? begin + per_block : rule.followers;
  const bool lane0 = (threadIdx.x % 32) == 0;
  for (uint64_t base = begin; base < end; base += blockDim.x) {
    const uint64_t f = base + threadIdx.x;
    int64_t load = 0, pv = 0;
    uint32_t cls = 0;
    if (f < end) {
      const AgentProfile a = follower_profile(rule, f);
      cls = follower_class(rule, f, profile_pv[a.profile] != 0);
      const FollowerEnergy e = follower_energy(batch, a, first_slot + slot);
      load = e.load;
      pv = e.pv;
    }
    add_follower_slot(load, pv, cls, classes[cls], query, slot, [&](uint32_t i, int64_t v) {
      const int64_t warp = warp_sum(v);
      if (lane0 && warp != 0) atomicAdd(&sums[i], static_cast<unsigned long long>(warp));
    });
  }
  __syncthreads();
  for (uint32_t i = threadIdx.x; i < width; i += blockDim.x) {
    if (sums[i] != 0) {
      atomicAdd(reinterpret_cast<unsigned long long*>(&out[slot * width + i]), sums[i]);
    }
  }
}

class CudaFollowerEvaluator final : public FollowerEvaluator {
 public:
  CudaFollowerEvaluator(const FollowerSetup& setup, int device, int sms)
      : setup_(setup), device_(device), sms_(std::max(sms, 1)) {
    EVO_CUDA_CHECK(cudaSetDevice(device_));
    classes_ = DeviceBuffer<FollowerClass>(
        std::vector<FollowerClass>(setup.classes.begin(), setup.classes.end()));
    profile_pv_ = DeviceBuffer<uint8_t>(setup.profile_pv);
  }

  void load(const EnergyBatch& batch) override {
    EVO_CUDA_CHECK(cudaSetDevice(device_));
    load_.upload(batch.load);
    pv_.upload(batch.pv);
    shape_ = EnergyBatch{batch.first_slot,
                         batch.slots,
                         batch.stored_first,
                         batch.stored_slots,
                         batch.total_slots,
                         batch.profiles,
                         {},
                         {}};
    loaded_ = true;
  }

  std::vector<int64_t> evaluate(const FollowerQuery& q) override {
    if (!loaded_) throw std::logic_error("FollowerEvaluator::evaluate: no batch loaded");
    const uint32_t width = q.row_width();
    if (width > kMaxRowWidth) {
      throw std::invalid_argument("CUDA followers: at most 4096 sums per slot in one query");
    }
    if (q.slots > 65535) {
      throw std::invalid_argument("CUDA followers: at most 65535 slots in one query");
    }
    EVO_CUDA_CHECK(cudaSetDevice(device_));
    std::vector<int64_t> result(q.slots * width, 0);
    if (q.slots == 0 || setup_.rule.followers == 0) return result;
    factors_.upload(q.factors);
    fit_.upload(q.fit);
    if (out_.size() != result.size()) out_ = DeviceBuffer<int64_t>(result.size());
    out_.zero();
    // Enough blocks per slot row to fill the GPU a few times over, each a range of followers.
    const uint64_t followers = setup_.rule.followers;
    const uint64_t wanted = std::max<uint64_t>(1, uint64_t(sms_) * 8 / q.slots);
    const uint64_t rows =
        std::min<uint64_t>(wanted, (followers + kFollowerBlock - 1) / kFollowerBlock);
    const uint64_t per_block = (followers + rows - 1) / rows;
    const dim3 grid(static_cast<unsigned>((followers + per_block - 1) / per_block),
                    static_cast<unsigned>(q.slots));
    const EnergyBatchView view{load_.data(),        pv_.data(),          shape_.profiles,
                               shape_.stored_first, shape_.stored_slots, shape_.total_slots};
    const FollowerQueryView query{factors_.data(), fit_.data(), q.per_slot, q.settle ? 1u : 0u};
    launch(followers_kernel, grid, kFollowerBlock, width * sizeof(unsigned long long))(
        view, setup_.rule, classes_.data(), profile_pv_.data(), query, shape_.first_slot, per_block,
        width, out_.data());
    out_.download(result);
    return result;
  }

 private:
  const FollowerSetup& setup_;
  int device_;
  int sms_;
  DeviceBuffer<FollowerClass> classes_;
  DeviceBuffer<uint8_t> profile_pv_;
  DeviceBuffer<int64_t> load_, pv_, factors_, fit_, out_;
  EnergyBatch shape_;
  bool loaded_ = false;
};

}  // namespace

std::unique_ptr<FollowerEvaluator> make_cuda_follower_evaluator(const FollowerSetup& setup,
                                                                int device, int sms) {
  return std::make_unique<CudaFollowerEvaluator>(setup, device, sms);
}

}  // namespace evomarket::gpu
