#include "host/run/checkpoint_io.h"

namespace evomarket {

void write_history(const io::Group& group, const std::vector<StrategyTotals>& history) {
  const size_t width = history.empty() ? 0 : history.front().agents.size();
  const size_t rows = history.size();
  io::write_matrix(group, "agents", rows, width,
                   flatten(history, width, &StrategyTotals::agents).data());
  io::write_matrix(group, "payoff", rows, width,
                   flatten(history, width, &StrategyTotals::payoff).data());
  io::write_matrix(group, "turns", rows, width,
                   flatten(history, width, &StrategyTotals::turns).data());
  io::write_matrix(group, "cooperations", rows, width,
                   flatten(history, width, &StrategyTotals::cooperations).data());
  std::vector<uint64_t> matches;
  for (const auto& t : history) matches.push_back(t.matches);
  io::write_vector(group, "matches", matches);
  const size_t cells = history.empty() ? 0 : history.front().community_agents.size();
  io::write_matrix(group, "community_agents", rows, cells,
                   flatten(history, cells, &StrategyTotals::community_agents).data());
}

std::vector<StrategyTotals> read_history(const CheckpointReader& read, const std::string& prefix,
                                         uint64_t rows, uint64_t width, uint64_t cells,
                                         uint64_t agents) {
  const std::string p = prefix + "/";
  // The row count is a number from the file: every history dataset must agree with it, and
  // matches (one stored value per row) is read, before it sizes the history (a crafted
  // generation of 4e9 used to allocate the history first).
  for (const char* name : {"agents", "payoff", "turns", "cooperations"}) {
    read.check_matrix(p + name, rows, width);
  }
  read.check_matrix(p + "community_agents", rows, cells);
  const std::vector<uint64_t> matches = read.vector<uint64_t>(p + "matches", rows);
  std::vector<StrategyTotals> history(rows, StrategyTotals(width));
  read.history_field(p + "agents", rows, width, history, &StrategyTotals::agents);
  read.history_field(p + "payoff", rows, width, history, &StrategyTotals::payoff);
  read.history_field(p + "turns", rows, width, history, &StrategyTotals::turns);
  read.history_field(p + "cooperations", rows, width, history, &StrategyTotals::cooperations);
  for (size_t r = 0; r < rows; ++r) history[r].matches = matches[r];
  read.history_field(p + "community_agents", rows, cells, history,
                     &StrategyTotals::community_agents);
  for (size_t r = 0; r < rows; ++r) {
    uint64_t total = 0;
    for (uint64_t n : history[r].agents) total += n;
    if (total != agents) {
      read.fail(
          fmt::format("/{}agents row {} adds up to {}, expected {} agents", p, r, total, agents));
    }
  }
  return history;
}

}  // namespace evomarket
