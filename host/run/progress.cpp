#include "host/run/progress.h"

#include <unistd.h>

#include <fmt/format.h>

namespace evomarket {

Progress::Progress(std::string label, uint64_t total, std::string unit, bool quiet, FILE* out)
    : label_(std::move(label)),
      total_(total),
      unit_(std::move(unit)),
      quiet_(quiet),
      out_(out),
      terminal_(isatty(fileno(out)) != 0),
      start_(std::chrono::steady_clock::now()),
      last_print_(start_) {}

void Progress::update(uint64_t done) {
  if (quiet_) return;
  const auto now = std::chrono::steady_clock::now();
  const double since_print = std::chrono::duration<double>(now - last_print_).count();
  if (done < total_ && since_print < (terminal_ ? 0.2 : 5.0)) return;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double rate = elapsed > 0 ? done / elapsed : 0.0;
  const double eta = rate > 0 ? (total_ - done) / rate : 0.0;
  const std::string line = fmt::format("{}: {}/{} {} ({:.3g} {}/s, {:.0f} s elapsed, ETA {:.0f} s)",
                                       label_, done, total_, unit_, rate, unit_, elapsed, eta);
  if (terminal_) {
    fmt::print(out_, "\r{:<100}", line);
  } else {
    fmt::print(out_, "{}\n", line);
  }
  std::fflush(out_);
  last_print_ = now;
  printed_ = true;
}

void Progress::finish() {
  if (!quiet_ && terminal_ && printed_) fmt::print(out_, "\n");
}

}  // namespace evomarket
