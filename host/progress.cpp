#include "host/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

namespace evomarket {

namespace {

constexpr double kTerminalSeconds = 0.2;  // an updating line: often enough to look alive
constexpr double kLogSeconds = 5.0;       // plain lines in a log: few enough to read
constexpr double kBytesPerMegabyte = 1e6;

}  // namespace

double Progress::interval_seconds(bool terminal) {
  const double fallback = terminal ? kTerminalSeconds : kLogSeconds;
  const char* text = std::getenv("EVOMARKET_PROGRESS_SECONDS");
  if (text == nullptr || *text == '\0') return fallback;
  char* end = nullptr;
  const double seconds = std::strtod(text, &end);
  // A progress setting never stops a run: anything but a number >= 0 means the default.
  return (*end == '\0' && seconds >= 0) ? seconds : fallback;
}

Progress::Progress(std::string label, uint64_t total, std::string unit, bool quiet, FILE* out)
    : label_(std::move(label)),
      total_(total),
      unit_(std::move(unit)),
      quiet_(quiet),
      out_(out),
      terminal_(isatty(fileno(out)) != 0),
      interval_(interval_seconds(terminal_)),
      start_(std::chrono::steady_clock::now()),
      last_print_(start_) {}

void Progress::update(uint64_t done, std::string_view detail) {
  // The line for the end is printed once, however often it is reached (a total that was an
  // estimate, such as the size of a file that grows, can be passed).
  const bool last = done >= total_ && !reached_total_;
  reached_total_ = reached_total_ || done >= total_;
  print(static_cast<double>(done), last, detail);
}

void Progress::update_within(uint64_t done, uint64_t part, uint64_t parts,
                             std::string_view part_unit) {
  // An item's last part ends it: the update for the item itself follows.
  if (quiet_ || part >= parts) return;
  const double fraction = static_cast<double>(std::min(part, parts)) / parts;
  print(static_cast<double>(done) + fraction, false,
        fmt::format("{}/{} {} in the next", part, parts, part_unit));
}

std::string Progress::amount(double count) const {
  if (unit_ == kProgressBytes) return fmt::format("{:.1f}", count / kBytesPerMegabyte);
  return fmt::format("{:.0f}", std::floor(count));
}

void Progress::print(double done, bool last, std::string_view detail) {
  if (quiet_) return;
  const auto now = std::chrono::steady_clock::now();
  const double since_print = std::chrono::duration<double>(now - last_print_).count();
  if (!last && since_print < interval_) return;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double rate = elapsed > 0 ? done / elapsed : 0.0;
  const double eta = rate > 0 ? (static_cast<double>(total_) - done) / rate : 0.0;
  const bool bytes = unit_ == kProgressBytes;
  const std::string shown_unit = bytes ? "MB" : unit_;
  const std::string line = fmt::format(
      "{}: {}/{} {}{}{} ({:.3g} {}/s, {:.0f} s elapsed, ETA {:.0f} s)", label_, amount(done),
      amount(static_cast<double>(total_)), shown_unit, detail.empty() ? "" : ", ", detail,
      bytes ? rate / kBytesPerMegabyte : rate, shown_unit, elapsed, std::max(0.0, eta));
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
  printed_ = false;
}

}  // namespace evomarket
