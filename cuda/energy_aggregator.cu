// Community supply and demand per slot from profile batches, on the GPU.
//
// Two buffer sets alternate: submit() copies a batch into pinned host memory and starts its
// upload on a copy stream (into the set not in use); collect() makes the compute stream wait for
// that upload, runs one block per community (shared-memory integer sums per slot, so the result
// is the CPU's to the bit), and downloads the small result. Reading batch k + 1 from the store
// and uploading it thus overlap the work on batch k.
#include <cuda_runtime.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <stdexcept>

#include "cuda/cuda_check.cuh"
#include "cuda/device_buffer.cuh"
#include "cuda/energy_aggregator.cuh"
#include "cuda/launch.cuh"
#include "cuda/pinned_buffer.cuh"
#include "host/backend/population_checks.h"
#include "kernels/profile.h"

namespace evomarket::gpu {
namespace {

constexpr int kBlock = 128;

// One block per community (grid-stride over communities); dynamic shared memory holds the
// block's supply and demand per slot.
__global__ void __launch_bounds__(kBlock)
    community_energy_kernel(EnergyBatchView batch, AgentProfileRule rule, uint64_t agents,
                            uint32_t community_size, uint64_t communities, uint64_t first_slot,
                            uint64_t slots, int64_t* __restrict__ supply,
                            int64_t* __restrict__ demand) {
  // [supply slots | demand slots]
  unsigned long long* const sums = dynamic_shared<unsigned long long>();
  for (uint64_t c = blockIdx.x; c < communities; c += gridDim.x) {
    for (uint64_t s = threadIdx.x; s < 2 * slots; s += blockDim.x) sums[s] = 0;
    __syncthreads();
    const uint64_t begin = c * community_size;
    const uint64_t end = begin + community_size < agents ? begin + community_size : agents;
    for (uint64_t agent = begin + threadIdx.x; agent < end; agent += blockDim.x) {
      accumulate_agent(batch, rule, agent, first_slot, slots,
                       [&](uint64_t s, int64_t up, int64_t down) {
                         if (up) atomicAdd(&sums[s], static_cast<unsigned long long>(up));
                         if (down)
                           atomicAdd(&sums[slots + s], static_cast<unsigned long long>(down));
                       });
    }
    __syncthreads();
    for (uint64_t s = threadIdx.x; s < slots; s += blockDim.x) {
      supply[c * slots + s] = static_cast<int64_t>(sums[s]);
      demand[c * slots + s] = static_cast<int64_t>(sums[slots + s]);
    }
    __syncthreads();
  }
}

struct BufferSet {
  PinnedBuffer<int64_t> load_host, pv_host;
  DeviceBuffer<int64_t> load, pv;
  cudaEvent_t uploaded = nullptr;
  EnergyBatch shape;  // the batch's geometry (its vectors stay empty)
};

class CudaEnergyAggregator final : public EnergyAggregator {
 public:
  CudaEnergyAggregator(const ProfileAgents& agents, int device, int sms)
      : agents_(agents), device_(device), max_blocks_(sms * 16) {
    check_profile_agents(agents);
    EVO_CUDA_CHECK(cudaSetDevice(device_));
    EVO_CUDA_CHECK(cudaStreamCreateWithFlags(&copy_stream_, cudaStreamNonBlocking));
    EVO_CUDA_CHECK(cudaStreamCreateWithFlags(&compute_stream_, cudaStreamNonBlocking));
    for (BufferSet& set : sets_) {
      EVO_CUDA_CHECK(cudaEventCreateWithFlags(&set.uploaded, cudaEventDisableTiming));
    }
  }

  ~CudaEnergyAggregator() override {
    (void)cudaSetDevice(device_);
    (void)cudaStreamSynchronize(copy_stream_);
    (void)cudaStreamSynchronize(compute_stream_);
    for (BufferSet& set : sets_) (void)cudaEventDestroy(set.uploaded);
    (void)cudaStreamDestroy(copy_stream_);
    (void)cudaStreamDestroy(compute_stream_);
  }

  void submit(const EnergyBatch& batch) override {
    EVO_CUDA_CHECK(cudaSetDevice(device_));
    if (pending_.size() == 2) {
      throw std::logic_error("EnergyAggregator::submit: two batches in flight; collect first");
    }
    const int index = next_;
    next_ = 1 - next_;
    BufferSet& set = sets_[index];
    // The previous upload from this set's pinned memory must be finished before overwriting it.
    EVO_CUDA_CHECK(cudaEventSynchronize(set.uploaded));
    const size_t n = batch.load.size();
    if (set.load_host.size() < n) {
      set.load_host = PinnedBuffer<int64_t>(n);
      set.pv_host = PinnedBuffer<int64_t>(n);
      set.load = DeviceBuffer<int64_t>(n);
      set.pv = DeviceBuffer<int64_t>(n);
    }
    std::memcpy(set.load_host.data(), batch.load.data(), n * sizeof(int64_t));
    std::memcpy(set.pv_host.data(), batch.pv.data(), n * sizeof(int64_t));
    EVO_CUDA_CHECK(cudaMemcpyAsync(set.load.data(), set.load_host.data(), n * sizeof(int64_t),
                                   cudaMemcpyHostToDevice, copy_stream_));
    EVO_CUDA_CHECK(cudaMemcpyAsync(set.pv.data(), set.pv_host.data(), n * sizeof(int64_t),
                                   cudaMemcpyHostToDevice, copy_stream_));
    EVO_CUDA_CHECK(cudaEventRecord(set.uploaded, copy_stream_));
    set.shape = EnergyBatch{batch.first_slot,
                            batch.slots,
                            batch.stored_first,
                            batch.stored_slots,
                            batch.total_slots,
                            batch.profiles,
                            {},
                            {}};
    pending_.push_back(index);
  }

  CommunityEnergy collect() override {
    EVO_CUDA_CHECK(cudaSetDevice(device_));
    if (pending_.empty()) throw std::logic_error("EnergyAggregator::collect: nothing submitted");
    BufferSet& set = sets_[pending_.front()];
    pending_.pop_front();
    const EnergyBatch& b = set.shape;
    CommunityEnergy e;
    e.first_slot = b.first_slot;
    e.slots = b.slots;
    e.communities = (agents_.agents + agents_.community_size - 1) / agents_.community_size;
    const size_t cells = e.communities * e.slots;
    if (supply_.size() < cells) {
      supply_ = DeviceBuffer<int64_t>(cells);
      demand_ = DeviceBuffer<int64_t>(cells);
    }
    EVO_CUDA_CHECK(cudaStreamWaitEvent(compute_stream_, set.uploaded, 0));
    if (cells > 0) {
      const EnergyBatchView view{set.load.data(), set.pv.data(),  b.profiles,
                                 b.stored_first,  b.stored_slots, b.total_slots};
      const size_t shared = 2 * e.slots * sizeof(unsigned long long);
      if (shared > 48 * 1024) {
        throw std::invalid_argument("CUDA energy aggregation: at most 3072 slots per batch");
      }
      const unsigned blocks = static_cast<unsigned>(
          std::min<uint64_t>(e.communities, static_cast<uint64_t>(std::max(max_blocks_, 1))));
      launch(community_energy_kernel, blocks, kBlock, shared, compute_stream_)(
          view, agents_.rule, agents_.agents, agents_.community_size, e.communities, e.first_slot,
          e.slots, supply_.data(), demand_.data());
    }
    e.supply.resize(cells);
    e.demand.resize(cells);
    EVO_CUDA_CHECK(cudaMemcpyAsync(e.supply.data(), supply_.data(), cells * sizeof(int64_t),
                                   cudaMemcpyDeviceToHost, compute_stream_));
    EVO_CUDA_CHECK(cudaMemcpyAsync(e.demand.data(), demand_.data(), cells * sizeof(int64_t),
                                   cudaMemcpyDeviceToHost, compute_stream_));
    EVO_CUDA_CHECK(cudaStreamSynchronize(compute_stream_));
    return e;
  }

 private:
  ProfileAgents agents_;
  int device_;
  int max_blocks_;
  cudaStream_t copy_stream_ = nullptr;
  cudaStream_t compute_stream_ = nullptr;
  BufferSet sets_[2];
  int next_ = 0;
  std::deque<int> pending_;
  DeviceBuffer<int64_t> supply_, demand_;
};

}  // namespace

std::unique_ptr<EnergyAggregator> make_cuda_energy_aggregator(const ProfileAgents& agents,
                                                              int device, int sms) {
  return std::make_unique<CudaEnergyAggregator>(agents, device, sms);
}

}  // namespace evomarket::gpu
