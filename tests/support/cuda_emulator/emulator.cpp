// The emulated CUDA device of include/cuda_runtime.h: one device of compute capability 9.0 and
// 2 SMs (so grid-stride launches still spread over several blocks) with 2 GiB of memory. A launch
// runs its blocks one after another; a block's threads are ucontext fibers, switched only at
// __syncthreads and warp shuffles, run in turn until each has returned.
#include <cuda_runtime.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#define EMULATOR_ASAN 1
#endif

thread_local uint3 threadIdx{0, 0, 0};
thread_local uint3 blockIdx{0, 0, 0};
thread_local dim3 blockDim{1, 1, 1};
thread_local dim3 gridDim{1, 1, 1};

namespace cuda_emulator {
namespace {

constexpr size_t kDeviceBytes = size_t{2} << 30;
constexpr int kSms = 2;
constexpr unsigned int kWarp = 32;
constexpr unsigned int kMaxThreadsPerBlock = 1024;
// Without cudaFuncSetAttribute a launch gets at most 48 KiB of dynamic shared memory.
constexpr size_t kSharedBytesPerBlock = 48 * 1024;
constexpr size_t kStackBytes = 256 * 1024;
constexpr unsigned char kPoison = 0xCB;  // fresh device and shared memory is not zero

thread_local cudaError_t last_error = cudaSuccess;

cudaError_t fail(cudaError_t error) {
  last_error = error;
  return error;
}

// --- memory -----------------------------------------------------------------------------------

struct Memory {
  std::mutex mutex;
  std::map<void*, size_t> device;  // allocation -> bytes
  size_t used = 0;
};

Memory& memory() {
  static Memory m;
  return m;
}

// --- fibers -----------------------------------------------------------------------------------

// A fiber's stack: mmap'd with a guard page below it, so an overflow faults instead of writing
// over a neighbour; kept for the next block.
class Stack {
 public:
  Stack() {
    page_ = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    void* p = mmap(nullptr, kStackBytes + page_, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
      std::perror("cuda emulator: fiber stack");
      std::abort();
    }
    base_ = static_cast<char*>(p);
    mprotect(base_, page_, PROT_NONE);
  }
  ~Stack() { munmap(base_, kStackBytes + page_); }
  Stack(const Stack&) = delete;
  Stack& operator=(const Stack&) = delete;
  char* bottom() const { return base_ + page_; }

 private:
  char* base_ = nullptr;
  size_t page_ = 0;
};

enum class State { kRunnable, kAtBlockBarrier, kAtWarpBarrier, kFinished };

struct Fiber {
  ucontext_t context{};
  std::unique_ptr<Stack> stack;
  uint3 index{0, 0, 0};
  unsigned int linear = 0;
  State state = State::kFinished;
  unsigned int exchanges = 0;  // warp exchanges so far, whose parity picks the buffer
  void* fake_stack = nullptr;  // AddressSanitizer's, for its fiber switches
};

struct Block {
  const std::function<void()>* thread = nullptr;
  bool descending = true;  // order in which blocks start and fibers are resumed
  std::vector<Fiber>* fibers = nullptr;
  unsigned int size = 0;
  Fiber* current = nullptr;
  ucontext_t scheduler{};
  void* scheduler_fake_stack = nullptr;
  const void* scheduler_bottom = nullptr;
  size_t scheduler_size = 0;
  std::vector<unsigned char> shared;
  // Per thread, for warp exchanges: what it offered in which of its exchanges. Two buffers used
  // in turn, so that one barrier per exchange suffices (a lane writes a buffer again only after
  // every lane of its warp has passed the next exchange's barrier, and so has read this one).
  // The exchange number tells an offer of this exchange from that of a lane that has returned.
  struct Offer {
    unsigned int exchange;
    uint64_t bits;
  };
  std::vector<Offer> offered[2];
};

// Blocks, and the threads of a block, run last first unless EVOMARKET_CUDA_EMULATOR_ORDER is
// "ascending": index order would be the CPU backend's own loop order, and could hide a kernel
// whose result depends on the order its threads happen to run in.
bool descending_order() {
  static const bool descending = [] {
    const char* order = std::getenv("EVOMARKET_CUDA_EMULATOR_ORDER");
    return order == nullptr || std::string(order) != "ascending";
  }();
  return descending;
}

thread_local Block* running = nullptr;
thread_local std::vector<Fiber> pool;

void start_switch([[maybe_unused]] void** save, [[maybe_unused]] const void* bottom,
                  [[maybe_unused]] size_t size) {
#ifdef EMULATOR_ASAN
  __sanitizer_start_switch_fiber(save, bottom, size);
#endif
}

void finish_switch([[maybe_unused]] void* save, [[maybe_unused]] const void** old_bottom,
                   [[maybe_unused]] size_t* old_size) {
#ifdef EMULATOR_ASAN
  __sanitizer_finish_switch_fiber(save, old_bottom, old_size);
#endif
}

Block& block() {
  if (running == nullptr || running->current == nullptr) {
    std::fputs("cuda emulator: a device built-in was called outside a kernel\n", stderr);
    std::abort();
  }
  return *running;
}

// From the running fiber back to its block's scheduler, leaving the fiber in `state`.
void yield(State state) {
  Block& b = block();
  Fiber& f = *b.current;
  f.state = state;
  // A finished fiber's fake stack is released (null save).
  start_switch(state == State::kFinished ? nullptr : &f.fake_stack, b.scheduler_bottom,
               b.scheduler_size);
  swapcontext(&f.context, &b.scheduler);
  finish_switch(f.fake_stack, nullptr, nullptr);
}

void fiber_main() {
  Block& b = *running;
  finish_switch(nullptr, &b.scheduler_bottom, &b.scheduler_size);
  (*b.thread)();
  yield(State::kFinished);
}

void resume(Block& b, Fiber& f) {
  threadIdx = f.index;
  b.current = &f;
  start_switch(&b.scheduler_fake_stack, f.stack->bottom(), kStackBytes);
  swapcontext(&b.scheduler, &f.context);
  finish_switch(b.scheduler_fake_stack, nullptr, nullptr);
  b.current = nullptr;
}

// Releases the warps whose live lanes all wait at an exchange, else the block when every live
// thread waits at __syncthreads. False when the threads wait at different barriers (a deadlock
// on a device as well).
bool release_barriers(Block& b) {
  std::vector<Fiber>& fibers = *b.fibers;
  bool released = false;
  for (unsigned int warp = 0; warp < b.size; warp += kWarp) {
    const unsigned int end = std::min(b.size, warp + kWarp);
    bool all = true;
    bool any = false;
    for (unsigned int t = warp; t < end; ++t) {
      if (fibers[t].state == State::kFinished) continue;
      any = true;
      all = all && fibers[t].state == State::kAtWarpBarrier;
    }
    if (!any || !all) continue;
    for (unsigned int t = warp; t < end; ++t) {
      if (fibers[t].state == State::kAtWarpBarrier) fibers[t].state = State::kRunnable;
    }
    released = true;
  }
  if (released) return true;
  bool all = true;
  for (unsigned int t = 0; t < b.size; ++t) {
    all = all && (fibers[t].state == State::kFinished || fibers[t].state == State::kAtBlockBarrier);
  }
  if (!all) return false;
  for (unsigned int t = 0; t < b.size; ++t) {
    if (fibers[t].state == State::kAtBlockBarrier) fibers[t].state = State::kRunnable;
  }
  return true;
}

// Out of line: getcontext returns twice, which would clobber a caller's loop variables.
__attribute__((noinline)) void start_fiber(Fiber& f, uint3 index, unsigned int linear) {
  if (!f.stack) f.stack = std::make_unique<Stack>();
  f.index = index;
  f.linear = linear;
  f.state = State::kRunnable;
  f.exchanges = 0;
  f.fake_stack = nullptr;
  getcontext(&f.context);
  f.context.uc_stack.ss_sp = f.stack->bottom();
  f.context.uc_stack.ss_size = kStackBytes;
  f.context.uc_link = nullptr;
  makecontext(&f.context, fiber_main, 0);
}

cudaError_t run_block(Block& b) {
  std::vector<Fiber>& fibers = *b.fibers;
  unsigned int t = 0;
  for (unsigned int z = 0; z < blockDim.z; ++z) {
    for (unsigned int y = 0; y < blockDim.y; ++y) {
      for (unsigned int x = 0; x < blockDim.x; ++x, ++t) {
        start_fiber(fibers[t], uint3{x, y, z}, t);
      }
    }
  }
  b.shared.assign(b.shared.size(), kPoison);
  // Offers start unmatched (no exchange has the number ~0u): none is left from an earlier block.
  b.offered[0].assign(b.size, Block::Offer{~0u, 0});
  b.offered[1].assign(b.size, Block::Offer{~0u, 0});
  unsigned int live = b.size;
  while (live > 0) {
    bool ran = false;
    for (unsigned int k = 0; k < b.size; ++k) {
      const unsigned int i = b.descending ? b.size - 1 - k : k;
      if (fibers[i].state != State::kRunnable) continue;
      resume(b, fibers[i]);
      ran = true;
      if (fibers[i].state == State::kFinished) --live;
    }
    if (!ran && !release_barriers(b)) {
      std::fprintf(stderr,
                   "cuda emulator: the threads of block (%u, %u, %u) wait at different barriers\n",
                   blockIdx.x, blockIdx.y, blockIdx.z);
      // The stuck fibers are abandoned (launch() then drops their stacks).
      return cudaErrorLaunchFailure;
    }
  }
  return cudaSuccess;
}

bool valid_shape(const cudaLaunchConfig_t& c) {
  const uint64_t threads = uint64_t{c.blockDim.x} * c.blockDim.y * c.blockDim.z;
  return threads > 0 && threads <= kMaxThreadsPerBlock && c.blockDim.z <= 64 && c.gridDim.x > 0 &&
         c.gridDim.x <= 0x7FFFFFFFu && c.gridDim.y > 0 && c.gridDim.z > 0 && c.gridDim.y <= 65535 &&
         c.gridDim.z <= 65535 && c.dynamicSmemBytes <= kSharedBytesPerBlock;
}

}  // namespace

cudaError_t launch(const cudaLaunchConfig_t& config, const std::function<void()>& thread) {
  if (running != nullptr) return fail(cudaErrorLaunchFailure);  // no launches from kernels
  if (!valid_shape(config)) return fail(cudaErrorInvalidConfiguration);
  Block b;
  b.thread = &thread;
  b.descending = descending_order();
  b.size = config.blockDim.x * config.blockDim.y * config.blockDim.z;
  if (pool.size() < b.size) pool.resize(b.size);
  b.fibers = &pool;
  b.shared.resize(config.dynamicSmemBytes);
  gridDim = config.gridDim;
  blockDim = config.blockDim;
  running = &b;
  cudaError_t result = cudaSuccess;
  const uint64_t blocks = uint64_t{gridDim.x} * gridDim.y * gridDim.z;
  for (uint64_t k = 0; k < blocks && result == cudaSuccess; ++k) {
    const uint64_t n = b.descending ? blocks - 1 - k : k;
    blockIdx = uint3{static_cast<unsigned int>(n % gridDim.x),
                     static_cast<unsigned int>(n / gridDim.x % gridDim.y),
                     static_cast<unsigned int>(n / gridDim.x / gridDim.y)};
    result = run_block(b);
  }
  running = nullptr;
  if (result != cudaSuccess) pool.clear();  // abandoned fibers' stacks are not reused
  return result == cudaSuccess ? cudaSuccess : fail(result);
}

void* dynamic_shared_memory() {
  Block& b = block();
  return b.shared.empty() ? nullptr : b.shared.data();
}

void block_barrier() {
  yield(State::kAtBlockBarrier);
}

unsigned int lane() {
  return block().current->linear % kWarp;
}

uint64_t exchange(uint64_t bits, unsigned int source) {
  Block& b = block();
  Fiber& f = *b.current;
  const unsigned int number = f.exchanges++;
  std::vector<Block::Offer>& offered = b.offered[number % 2];
  offered[f.linear] = Block::Offer{number, bits};
  yield(State::kAtWarpBarrier);  // every live lane has offered
  const unsigned int from = f.linear / kWarp * kWarp + source;
  const bool there = from < b.size && offered[from].exchange == number;
  return there ? offered[from].bits : bits;
}

}  // namespace cuda_emulator

using cuda_emulator::fail;
using cuda_emulator::kDeviceBytes;
using cuda_emulator::memory;

cudaError_t cudaGetDeviceCount(int* count) {
  if (count == nullptr) return fail(cudaErrorInvalidValue);
  *count = 1;
  return cudaSuccess;
}

cudaError_t cudaSetDevice(int device) {
  return device == 0 ? cudaSuccess : fail(cudaErrorInvalidDevice);
}

cudaError_t cudaGetDeviceProperties(cudaDeviceProp* properties, int device) {
  if (properties == nullptr) return fail(cudaErrorInvalidValue);
  if (device != 0) return fail(cudaErrorInvalidDevice);
  *properties = cudaDeviceProp{};
  std::snprintf(properties->name, sizeof(properties->name), "CUDA emulated on the host");
  properties->totalGlobalMem = kDeviceBytes;
  properties->sharedMemPerBlock = cuda_emulator::kSharedBytesPerBlock;
  properties->warpSize = static_cast<int>(cuda_emulator::kWarp);
  properties->maxThreadsPerBlock = static_cast<int>(cuda_emulator::kMaxThreadsPerBlock);
  properties->multiProcessorCount = cuda_emulator::kSms;
  properties->major = 9;
  properties->minor = 0;
  return cudaSuccess;
}

cudaError_t cudaDeviceGetAttribute(int* value, cudaDeviceAttr attribute, int device) {
  if (value == nullptr) return fail(cudaErrorInvalidValue);
  if (device != 0) return fail(cudaErrorInvalidDevice);
  switch (attribute) {
    case cudaDevAttrComputeCapabilityMajor:
      *value = 9;
      return cudaSuccess;
    case cudaDevAttrComputeCapabilityMinor:
      *value = 0;
      return cudaSuccess;
  }
  return fail(cudaErrorInvalidValue);
}

cudaError_t cudaDriverGetVersion(int* version) {
  if (version == nullptr) return fail(cudaErrorInvalidValue);
  *version = CUDART_VERSION;
  return cudaSuccess;
}

cudaError_t cudaGetLastError() {
  const cudaError_t error = cuda_emulator::last_error;
  cuda_emulator::last_error = cudaSuccess;
  return error;
}

cudaError_t cudaPeekAtLastError() {
  return cuda_emulator::last_error;
}

const char* cudaGetErrorName(cudaError_t error) {
  switch (error) {
    case cudaSuccess:
      return "cudaSuccess";
    case cudaErrorInvalidValue:
      return "cudaErrorInvalidValue";
    case cudaErrorMemoryAllocation:
      return "cudaErrorMemoryAllocation";
    case cudaErrorInvalidConfiguration:
      return "cudaErrorInvalidConfiguration";
    case cudaErrorInsufficientDriver:
      return "cudaErrorInsufficientDriver";
    case cudaErrorInvalidDevice:
      return "cudaErrorInvalidDevice";
    case cudaErrorNoKernelImageForDevice:
      return "cudaErrorNoKernelImageForDevice";
    case cudaErrorIllegalAddress:
      return "cudaErrorIllegalAddress";
    case cudaErrorLaunchFailure:
      return "cudaErrorLaunchFailure";
  }
  return "cudaErrorUnknown";
}

const char* cudaGetErrorString(cudaError_t error) {
  switch (error) {
    case cudaSuccess:
      return "no error";
    case cudaErrorInvalidValue:
      return "invalid argument";
    case cudaErrorMemoryAllocation:
      return "out of memory";
    case cudaErrorInvalidConfiguration:
      return "invalid configuration argument";
    case cudaErrorInvalidDevice:
      return "invalid device ordinal";
    case cudaErrorIllegalAddress:
      return "an illegal memory access was encountered";
    case cudaErrorLaunchFailure:
      return "unspecified launch failure";
    default:
      return "emulated CUDA error";
  }
}

cudaError_t cudaMalloc(void** pointer, size_t bytes) {
  if (pointer == nullptr) return fail(cudaErrorInvalidValue);
  *pointer = nullptr;
  if (bytes == 0) return cudaSuccess;
  auto& m = memory();
  const std::lock_guard<std::mutex> lock(m.mutex);
  if (bytes > kDeviceBytes - m.used) return fail(cudaErrorMemoryAllocation);
  void* p = std::aligned_alloc(256, (bytes + 255) / 256 * 256);
  if (p == nullptr) return fail(cudaErrorMemoryAllocation);
  std::memset(p, cuda_emulator::kPoison, bytes);
  m.device[p] = bytes;
  m.used += bytes;
  *pointer = p;
  return cudaSuccess;
}

cudaError_t cudaFree(void* pointer) {
  if (pointer == nullptr) return cudaSuccess;
  auto& m = memory();
  const std::lock_guard<std::mutex> lock(m.mutex);
  const auto it = m.device.find(pointer);
  if (it == m.device.end()) return fail(cudaErrorInvalidValue);
  m.used -= it->second;
  m.device.erase(it);
  std::free(pointer);
  return cudaSuccess;
}

cudaError_t cudaMallocHost(void** pointer, size_t bytes) {
  if (pointer == nullptr) return fail(cudaErrorInvalidValue);
  *pointer = std::malloc(bytes == 0 ? 1 : bytes);
  return *pointer == nullptr ? fail(cudaErrorMemoryAllocation) : cudaSuccess;
}

cudaError_t cudaFreeHost(void* pointer) {
  std::free(pointer);
  return cudaSuccess;
}

cudaError_t cudaMemcpy(void* to, const void* from, size_t bytes, cudaMemcpyKind /*kind*/) {
  if (bytes == 0) return cudaSuccess;
  if (to == nullptr || from == nullptr) return fail(cudaErrorInvalidValue);
  std::memmove(to, from, bytes);
  return cudaSuccess;
}

cudaError_t cudaMemcpyAsync(void* to, const void* from, size_t bytes, cudaMemcpyKind kind,
                            cudaStream_t /*stream*/) {
  return cudaMemcpy(to, from, bytes, kind);
}

cudaError_t cudaMemset(void* pointer, int value, size_t bytes) {
  if (bytes == 0) return cudaSuccess;
  if (pointer == nullptr) return fail(cudaErrorInvalidValue);
  std::memset(pointer, value, bytes);
  return cudaSuccess;
}

cudaError_t cudaMemGetInfo(size_t* free, size_t* total) {
  if (free == nullptr || total == nullptr) return fail(cudaErrorInvalidValue);
  auto& m = memory();
  const std::lock_guard<std::mutex> lock(m.mutex);
  *total = kDeviceBytes;
  *free = kDeviceBytes - m.used;
  return cudaSuccess;
}

// Everything runs synchronously: streams and events only need distinct handles.
cudaError_t cudaDeviceSynchronize() {
  return cudaSuccess;
}

namespace {

template <typename Handle>
cudaError_t new_handle(Handle* handle) {
  if (handle == nullptr) return fail(cudaErrorInvalidValue);
  *handle = reinterpret_cast<Handle>(new char);
  return cudaSuccess;
}

template <typename Handle>
cudaError_t delete_handle(Handle handle) {
  delete reinterpret_cast<char*>(handle);
  return cudaSuccess;
}

}  // namespace

cudaError_t cudaStreamCreateWithFlags(cudaStream_t* stream, unsigned int /*flags*/) {
  return new_handle(stream);
}

cudaError_t cudaStreamDestroy(cudaStream_t stream) {
  return delete_handle(stream);
}

cudaError_t cudaStreamSynchronize(cudaStream_t /*stream*/) {
  return cudaSuccess;
}

cudaError_t cudaStreamWaitEvent(cudaStream_t /*stream*/, cudaEvent_t /*event*/,
                                unsigned int /*flags*/) {
  return cudaSuccess;
}

cudaError_t cudaEventCreateWithFlags(cudaEvent_t* event, unsigned int /*flags*/) {
  return new_handle(event);
}

cudaError_t cudaEventDestroy(cudaEvent_t event) {
  return delete_handle(event);
}

cudaError_t cudaEventRecord(cudaEvent_t /*event*/, cudaStream_t /*stream*/) {
  return cudaSuccess;
}

cudaError_t cudaEventSynchronize(cudaEvent_t /*event*/) {
  return cudaSuccess;
}
