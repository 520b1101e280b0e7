#include "host/sweep/point_runner.h"

#include <chrono>
#include <csignal>
#include <deque>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "host/sweep/child_process.h"
#include "io/hdf5_error.h"
#include "io/results_file.h"

namespace evomarket {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

struct Running {
  const SweepPoint* point;
  pid_t pid;
  Clock::time_point started;
  bool signalled = false;
};

std::string results_status_or(const std::string& path, const std::string& unreadable) {
  try {
    return io::results_status(path);
  } catch (const io::H5Error&) {
    return unreadable;
  }
}

// An earlier attempt's file stays, renamed by its status, so nothing a run made is lost.
void move_aside(const std::string& results, const std::string& status) {
  const fs::path p(results);
  for (int k = 1;; ++k) {
    const fs::path aside =
        p.parent_path() / fmt::format("{}.{}-{}.h5", p.stem().string(), status, k);
    std::error_code error;
    if (!fs::exists(aside, error)) {
      fs::rename(p, aside);
      return;
    }
  }
}

std::vector<std::string> point_command(const SweepSpec& spec, const SweepFolder& folder,
                                       const SweepPoint& point, const PointRunOptions& options) {
  std::vector<std::string> argv{options.executable, "run", spec.base};
  for (const std::string& o : point.overrides) {
    argv.push_back("--set");
    argv.push_back(o);
  }
  argv.insert(argv.end(), {"--out", folder.results(point), "--quiet"});
  // A point stopped before (interrupted, preempted, killed) continues from its checkpoint: the
  // sweep refuses output.checkpoint_file, so it lies beside the results file.
  const std::string checkpoint = folder.results(point) + ".checkpoint";
  std::error_code error;
  if (fs::exists(checkpoint, error)) argv.insert(argv.end(), {"--resume", checkpoint});
  if (!options.backend.empty()) argv.insert(argv.end(), {"--backend", options.backend});
  if (options.threads > 0) argv.insert(argv.end(), {"--threads", std::to_string(options.threads)});
  return argv;
}

std::string status_of_exit(int code, const std::string& results) {
  if (code == 0) {
    return results_status_or(results, "failed") == io::kStatusComplete ? "complete" : "failed";
  }
  if (code == 128 + SIGINT || code == 128 + SIGTERM) return "interrupted";
  return "failed";
}

}  // namespace

PointRunSummary run_points(const SweepFolder& folder, const SweepSpec& spec,
                           const std::vector<SweepPoint>& points, const std::vector<size_t>& chosen,
                           const PointRunOptions& options, std::FILE* out) {
  PointRunSummary summary;
  const std::vector<std::string> keys = spec.axis_keys();
  std::deque<const SweepPoint*> queue;
  for (size_t index : chosen) {
    const SweepPoint& point = points[index];
    const std::string results = folder.results(point);
    std::error_code error;
    if (fs::exists(results, error)) {
      const std::string status = results_status_or(results, "unreadable");
      if (status == io::kStatusComplete) {
        if (read_point_status(folder, point).status != "complete") {
          write_point_status(folder, point, {"complete", std::nullopt});
        }
        ++summary.skipped;
        continue;
      }
      move_aside(results, status);
    }
    queue.push_back(&point);
  }
  if (summary.skipped > 0) {
    fmt::print(out, "{} of {} chosen points complete already\n", summary.skipped, chosen.size());
  }
  rebuild_manifest(folder, keys, points);

  install_sweep_signal_handlers();
  std::vector<Running> running;
  int signals_seen = 0;
  while (!running.empty() || (!queue.empty() && sweep_signal_count() == 0)) {
    const int signals = sweep_signal_count();
    if (signals > 0) {
      summary.signal = last_sweep_signal();
      if (signals > signals_seen && signals_seen == 0) {
        fmt::print(out, "sweep: {} received: no new points; stopping the {} running\n",
                   summary.signal == SIGINT ? "SIGINT" : "SIGTERM", running.size());
        std::fflush(out);
      }
      for (Running& r : running) {
        // The first signal asks each child once for a clean stop; another one ends them now.
        if (signals > 1 && signals > signals_seen) {
          ::kill(r.pid, summary.signal);
        } else if (!r.signalled) {
          r.signalled = forward_signal(r.pid, summary.signal);
        }
      }
      signals_seen = signals;
    }
    while (sweep_signal_count() == 0 && !queue.empty() &&
           running.size() < static_cast<size_t>(options.jobs)) {
      const SweepPoint& point = *queue.front();
      queue.pop_front();
      write_point_status(folder, point, {"running", std::nullopt});
      const pid_t pid =
          start_child(point_command(spec, folder, point, options), folder.log_file(point));
      running.push_back({&point, pid, Clock::now()});
    }
    for (auto it = running.begin(); it != running.end();) {
      const std::optional<int> code = poll_child(it->pid);
      if (!code) {
        ++it;
        continue;
      }
      const SweepPoint& point = *it->point;
      const std::string status = status_of_exit(*code, folder.results(point));
      write_point_status(folder, point, {status, *code});
      rebuild_manifest(folder, keys, points);
      const double seconds = std::chrono::duration<double>(Clock::now() - it->started).count();
      fmt::print(out, "point {} {} (exit {}, {:.1f} s){}{}\n", point.index, status, *code, seconds,
                 status == "complete" ? "" : "; log: ",
                 status == "complete" ? "" : folder.log_file(point));
      std::fflush(out);
      if (status == "complete") ++summary.complete;
      if (status == "failed") ++summary.failed;
      if (status == "interrupted") ++summary.interrupted;
      it = running.erase(it);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (sweep_signal_count() > 0) summary.signal = last_sweep_signal();
  rebuild_manifest(folder, keys, points);
  return summary;
}

}  // namespace evomarket
