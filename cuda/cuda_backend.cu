// The CUDA backend: the CPU backend's twin (host/backend/cpu_backend.cpp). This file holds the
// device choice and the tournament's explicit matches; populations, energy aggregation and the
// market are in their own files (cuda_population.cu, energy_aggregator.cu, cuda_market.cu).
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "cuda/cuda_check.cuh"
#include "cuda/cuda_followers.cuh"
#include "cuda/cuda_game.cuh"
#include "cuda/cuda_market.cuh"
#include "cuda/cuda_population.cuh"
#include "cuda/cuda_population_batch.cuh"
#include "cuda/device_buffer.cuh"
#include "cuda/energy_aggregator.cuh"
#include "cuda/grid_stride.cuh"
#include "cuda/launch.cuh"
#include "host/backend/backend.h"
#include "host/backend/population_batch.h"
#include "host/setup/follower_setup.h"
#include "kernels/game.h"
#include "kernels/match.h"

namespace evomarket::gpu {
namespace {

// The oldest compute capability this build carries code for (PTX of the lowest virtual
// architecture JIT-compiles for every newer device), e.g. 80 from CUDA_ARCHITECTURES 80;90.
constexpr int oldest_built_arch() {
#if defined(__CUDA_ARCH_LIST__)
  constexpr int archs[] = {__CUDA_ARCH_LIST__};
  int oldest = archs[0];
  for (int a : archs) oldest = a < oldest ? a : oldest;
  return oldest / 10;  // 800 -> 80
#else
  return 80;
#endif
}

// One thread per listed match; the whole match runs in registers.
__global__ void __launch_bounds__(kBlock)
    play_jobs_kernel(GameView game, const MatchJob* __restrict__ jobs, uint64_t count,
                     MatchOutcome* __restrict__ out) {
  for (uint64_t i = first_index(); i < count; i += grid_stride()) {
    const MatchJob job = jobs[i];
    out[i] = play_pair(game, job.first, job.second, job.match_id, job.generation);
  }
}

// play_jobs_kernel that also records every turn's moves, `capacity` per seat.
__global__ void __launch_bounds__(kBlock)
    play_recorded_jobs_kernel(GameView game, const MatchJob* __restrict__ jobs, uint64_t count,
                              uint32_t capacity, MatchOutcome* __restrict__ out,
                              int8_t* __restrict__ moves) {
  for (uint64_t i = first_index(); i < count; i += grid_stride()) {
    const MatchJob job = jobs[i];
    int8_t* first = moves + 2 * i * capacity;
    out[i] = play_pair_recorded(game, job.first, job.second, job.match_id, job.generation, first,
                                first + capacity, capacity);
  }
}

struct DeviceInfo {
  int id = 0;
  std::string name;
  int major = 0;
  int minor = 0;
  int sms = 1;
};

class CudaBackend final : public Backend {
 public:
  explicit CudaBackend(int device) {
    EVO_CUDA_CHECK(cudaSetDevice(device));
    cudaDeviceProp props{};
    EVO_CUDA_CHECK(cudaGetDeviceProperties(&props, device));
    device_.id = device;
    device_.name = props.name;
    device_.major = props.major;
    device_.minor = props.minor;
    device_.sms = std::max(props.multiProcessorCount, 1);
    // Fails with cudaErrorNoKernelImageForDevice when this build carries no code the device
    // can run; better here, with the device named, than at the first launch.
    cudaFuncAttributes attributes{};
    const cudaError_t error = cudaFuncGetAttributes(&attributes, play_jobs_kernel);
    if (error != cudaSuccess) {
      const std::string what = "cudaFuncGetAttributes on " + device_.name + " (sm_" +
                               std::to_string(device_.major) + std::to_string(device_.minor) + ")";
      throw_cuda_error(error, what.c_str(), __FILE__, __LINE__);
    }
  }

  std::string name() const override { return "cuda"; }

  std::string device() const override {
    return device_.name + " (sm_" + std::to_string(device_.major) + std::to_string(device_.minor) +
           ", " + std::to_string(device_.sms) + " SMs)";
  }

  uint64_t device_memory_free() const override {
    EVO_CUDA_CHECK(cudaSetDevice(device_.id));
    size_t free = 0, total = 0;
    EVO_CUDA_CHECK(cudaMemGetInfo(&free, &total));
    return free;
  }

  std::vector<MatchOutcome> play_matches(const GameSetup& game,
                                         const std::vector<MatchJob>& jobs) override {
    EVO_CUDA_CHECK(cudaSetDevice(device_.id));
    std::vector<MatchOutcome> out;
    if (jobs.empty()) return out;
    check_jobs(game, jobs);
    const DeviceGame device_game(game);
    const DeviceBuffer<MatchJob> device_jobs(jobs);
    DeviceBuffer<MatchOutcome> device_out(jobs.size());
    launch(play_jobs_kernel, blocks_for(jobs.size(), device_.sms), kBlock)(
        device_game.view(), device_jobs.data(), jobs.size(), device_out.data());
    device_out.download(out);
    return out;
  }

  std::vector<MatchOutcome> play_matches_recorded(const GameSetup& game,
                                                  const std::vector<MatchJob>& jobs,
                                                  uint32_t capacity,
                                                  std::vector<int8_t>& moves) override {
    EVO_CUDA_CHECK(cudaSetDevice(device_.id));
    check_move_capacity(game.view(), capacity);
    std::vector<MatchOutcome> out;
    moves.clear();
    if (jobs.empty()) return out;
    check_jobs(game, jobs);
    const DeviceGame device_game(game);
    const DeviceBuffer<MatchJob> device_jobs(jobs);
    DeviceBuffer<MatchOutcome> device_out(jobs.size());
    DeviceBuffer<int8_t> device_moves(jobs.size() * 2 * size_t{capacity});
    launch(play_recorded_jobs_kernel, blocks_for(jobs.size(), device_.sms), kBlock)(
        device_game.view(), device_jobs.data(), jobs.size(), capacity, device_out.data(),
        device_moves.data());
    device_out.download(out);
    device_moves.download(moves);
    return out;
  }

  std::unique_ptr<PopulationEngine> make_population(const GameSetup& game,
                                                    const PopulationSpec& population,
                                                    const EvolutionSetup& evolution) override {
    EVO_CUDA_CHECK(cudaSetDevice(device_.id));
    return make_cuda_population(game, population, evolution, device_.id, device_.sms);
  }

  // Small populations run as batches that fill the device as one large population would.
  size_t population_batch_slots(const GameSetup& game,
                                const PopulationSpec& population) const override {
    return static_cast<size_t>(device_batch_slots(population.layout.agents, game.strategy_count()));
  }

  std::unique_ptr<PopulationBatch> make_population_batch(const GameSetup& game,
                                                         const PopulationSpec& population,
                                                         const EvolutionSetup& evolution,
                                                         size_t slots) override {
    if (slots <= 1) return make_engine_batch(*this, game, population, evolution, slots);
    EVO_CUDA_CHECK(cudaSetDevice(device_.id));
    return make_cuda_population_batch(game, population, evolution, slots, device_.id, device_.sms);
  }

  std::unique_ptr<EnergyAggregator> make_energy_aggregator(const ProfileAgents& agents) override {
    return make_cuda_energy_aggregator(agents, device_.id, device_.sms);
  }

  std::unique_ptr<MarketEngine> make_market(const MarketSetup& setup,
                                            const EvolutionSetup& evolution) override {
    return make_cuda_market(setup, evolution, device_.id, device_.sms);
  }

  std::unique_ptr<FollowerEvaluator> make_follower_evaluator(const FollowerSetup& setup) override {
    return make_cuda_follower_evaluator(setup, device_.id, device_.sms);
  }

 private:
  static void check_jobs(const GameSetup& game, const std::vector<MatchJob>& jobs) {
    const uint32_t strategies = game.strategy_count();
    for (const MatchJob& job : jobs) {
      if (job.first >= strategies || job.second >= strategies) {
        throw std::out_of_range("CUDA backend: match job between strategies " +
                                std::to_string(job.first) + " and " + std::to_string(job.second) +
                                " of " + std::to_string(strategies));
      }
    }
  }

  DeviceInfo device_;
};

// Devices this build can run on, in CUDA's order; `why` explains an empty list. Never throws,
// never prints, and leaves no CUDA error pending.
std::vector<int> usable_devices(std::string* why) {
  std::vector<int> usable;
  try {
    int count = 0;
    const cudaError_t error = cudaGetDeviceCount(&count);
    if (error != cudaSuccess) {
      (void)cudaGetLastError();
      if (why) {
        // Without any driver the runtime reports an "insufficient" one; say what is meant.
        int driver = 0;
        const bool has_driver = cudaDriverGetVersion(&driver) == cudaSuccess && driver > 0;
        (void)cudaGetLastError();
        if (error == cudaErrorInsufficientDriver && !has_driver) {
          *why = "no NVIDIA driver is installed (libcuda.so.1 not found)";
        } else {
          *why = std::string(cudaGetErrorName(error)) + ": " + cudaGetErrorString(error);
          if (error == cudaErrorInsufficientDriver && has_driver) {
            *why += " (driver supports CUDA " + std::to_string(driver / 1000) + "." +
                    std::to_string(driver % 1000 / 10) + ", this evomarket needs " +
                    std::to_string(CUDART_VERSION / 1000) + "." +
                    std::to_string(CUDART_VERSION % 1000 / 10) + ")";
          }
        }
      }
      return usable;
    }
    if (count == 0) {
      if (why) *why = "the CUDA driver reports no device";
      return usable;
    }
    std::string skipped;
    for (int d = 0; d < count; ++d) {
      int major = 0;
      int minor = 0;
      if (cudaDeviceGetAttribute(&major, cudaDevAttrComputeCapabilityMajor, d) != cudaSuccess ||
          cudaDeviceGetAttribute(&minor, cudaDevAttrComputeCapabilityMinor, d) != cudaSuccess) {
        (void)cudaGetLastError();
        skipped += (skipped.empty() ? "" : ", ") + std::string("device ") + std::to_string(d) +
                   " (unreadable)";
        continue;
      }
      if (major * 10 + minor >= oldest_built_arch()) {
        usable.push_back(d);
      } else {
        skipped += (skipped.empty() ? "" : ", ") + std::string("device ") + std::to_string(d) +
                   " (sm_" + std::to_string(major) + std::to_string(minor) + ")";
      }
    }
    if (usable.empty() && why) {
      *why = "no device of compute capability " + std::to_string(oldest_built_arch() / 10) + "." +
             std::to_string(oldest_built_arch() % 10) +
             " or newer, the oldest this evomarket was built for: " + skipped;
    }
  } catch (...) {  // std::bad_alloc from the strings; report no device rather than throw
    (void)cudaGetLastError();
    usable.clear();
    if (why) why->clear();
  }
  return usable;
}

}  // namespace
}  // namespace evomarket::gpu

namespace evomarket {

bool cuda_backend_built() {
  return true;
}

int cuda_device_count(std::string* why) {
  return static_cast<int>(gpu::usable_devices(why).size());
}

std::unique_ptr<Backend> try_make_cuda_backend(std::string* why) {
  const std::vector<int> devices = gpu::usable_devices(why);
  if (devices.empty()) return nullptr;
  return std::make_unique<gpu::CudaBackend>(devices.front());
}

}  // namespace evomarket
