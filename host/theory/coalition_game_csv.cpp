// The game file reader (read_coalition_game, host/theory/coalition_game.h). Two passes over the
// text: the first finds the players (the single-member rows, in order), the second places every
// row's value at its coalition, so rows may come in any order.
#include <fstream>
#include <sstream>
#include <unordered_map>

#include <fmt/format.h>

#include "host/errors.h"
#include "host/theory/coalition_game.h"

namespace evomarket::theory {
namespace {

constexpr const char* kHeader = "coalition,value";

std::string trim(std::string_view s) {
  const auto begin = s.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return "";
  const auto end = s.find_last_not_of(" \t\r");
  return std::string(s.substr(begin, end - begin + 1));
}

struct Row {
  uint64_t line;
  std::vector<std::string> members;
  std::string value;
};

class GameFile {
 public:
  explicit GameFile(const std::string& path) : path_(path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError(fmt::format("{}: cannot open the game file", path));
    std::ostringstream text;
    text << in.rdbuf();
    text_ = text.str();
  }

  [[noreturn]] void fail(uint64_t line, const std::string& what) const {
    throw ConfigError(fmt::format("{}:{}: {}", path_, line, what));
  }

  // Calls f(row) for every data row (blank lines skipped); checks the header and the fields.
  template <class F>
  uint64_t for_each_row(F f) const {
    uint64_t line = 0;
    std::size_t at = 0;
    bool header = false;
    // A final newline ends the last line; it does not start another.
    while (at < text_.size() || (!header && line == 0)) {
      const std::size_t end = std::min(text_.find('\n', at), text_.size());
      const std::string_view raw(text_.data() + at, end - at);
      at = end + 1;
      ++line;
      const std::string content = trim(raw);
      if (!header) {
        if (content != kHeader) {
          fail(line, fmt::format("expected the header \"{}\", got \"{}\"", kHeader, content));
        }
        header = true;
        continue;
      }
      if (content.empty()) continue;
      f(parse_row(line, content));
    }
    return line;
  }

 private:
  Row parse_row(uint64_t line, const std::string& content) const {
    const std::size_t comma = content.find(',');
    if (comma == std::string::npos || content.find(',', comma + 1) != std::string::npos) {
      fail(line, fmt::format("\"{}\": expected two fields, coalition,value (members joined "
                             "by '+', e.g. A+C,4)",
                             content));
    }
    Row r{line, {}, trim(std::string_view(content).substr(comma + 1))};
    const std::string coalition = content.substr(0, comma);
    std::size_t from = 0;
    while (true) {
      const std::size_t plus = coalition.find('+', from);
      const std::string member = trim(std::string_view(coalition).substr(
          from, plus == std::string::npos ? std::string::npos : plus - from));
      if (member.empty()) {
        fail(line, fmt::format("coalition \"{}\" has an empty member name; expected names "
                               "joined by '+', e.g. A+C",
                               trim(coalition)));
      }
      r.members.push_back(member);
      if (plus == std::string::npos) break;
      from = plus + 1;
    }
    return r;
  }

  std::string path_;
  std::string text_;
};

}  // namespace

CoalitionTable read_coalition_game(const std::string& path, uint32_t max_players,
                                   const std::string& beyond) {
  const GameFile file(path);
  // Pass 1: the players.
  std::vector<std::string> players;
  std::unordered_map<std::string, uint32_t> index;
  std::unordered_map<std::string, uint64_t> defined_on;
  uint64_t rows = 0;
  const uint64_t last_line = file.for_each_row([&](const Row& r) {
    ++rows;
    if (r.members.size() != 1) return;
    const std::string& name = r.members.front();
    const auto [it, fresh] = defined_on.emplace(name, r.line);
    if (!fresh) {
      file.fail(r.line, fmt::format("duplicate coalition {}: already given on line {}; expected "
                                    "one row per coalition",
                                    name, it->second));
    }
    if (players.size() == max_players) {
      file.fail(r.line,
                fmt::format("player {} is player {}, more than the {} this command allows{}", name,
                            max_players + 1, max_players, beyond.empty() ? "" : ": " + beyond));
    }
    index.emplace(name, static_cast<uint32_t>(players.size()));
    players.push_back(name);
  });
  if (rows == 0) {
    file.fail(last_line,
              "no coalitions after the header; expected one row per non-empty coalition");
  }
  const uint32_t n = static_cast<uint32_t>(players.size());
  const uint64_t count = uint64_t{1} << n;
  if (n == 0) {
    file.fail(last_line,
              "no single-member rows; the players are the members of the single-member "
              "rows (e.g. A,1)");
  }
  // Pass 2: every row's value at its coalition.
  const bool exact = n <= kMaxExactPlayers;
  std::vector<Rational> values(exact ? count : 0);
  CoalitionTable t;
  t.approx.assign(count, 0.0);
  std::vector<uint32_t> line_of(count, 0);
  file.for_each_row([&](const Row& r) {
    uint64_t mask = 0;
    for (const std::string& m : r.members) {
      const auto it = index.find(m);
      if (it == index.end()) {
        file.fail(r.line, fmt::format("member {} has no single-member row (\"{},value\"); the "
                                      "players are the members of the single-member rows",
                                      m, m));
      }
      const uint64_t bit = uint64_t{1} << it->second;
      if (mask & bit) file.fail(r.line, fmt::format("member {} appears twice in the coalition", m));
      mask |= bit;
    }
    if (line_of[mask] != 0) {
      file.fail(r.line, fmt::format("duplicate coalition {}: already given on line {}; expected "
                                    "one row per coalition (members in any order)",
                                    coalition_name(players, mask), line_of[mask]));
    }
    line_of[mask] = static_cast<uint32_t>(r.line);
    const auto v = parse_rational(r.value);
    if (!v) {
      file.fail(r.line, fmt::format("value \"{}\" of coalition {} is not a number; expected an "
                                    "integer, a decimal or a fraction such as 3/7",
                                    r.value, coalition_name(players, mask)));
    }
    t.approx[mask] = v->get_d();
    if (exact) values[mask] = *v;
  });
  // Rows are distinct non-empty coalitions, so all are there when the count is. Otherwise name
  // a missing one, smallest first (the simplest to spot).
  for (uint32_t size = 2; rows < count - 1 && size <= n; ++size) {
    for (uint64_t s = 1; s < count; ++s) {
      if (line_of[s] != 0 || static_cast<uint32_t>(__builtin_popcountll(s)) != size) continue;
      file.fail(last_line,
                fmt::format("end of file, but coalition {} has no row; expected one row per "
                            "non-empty coalition, {} for {} players ({} given)",
                            coalition_name(players, s), count - 1, n, rows));
    }
  }
  if (!exact) {
    t.players = std::move(players);
    return t;
  }
  return make_coalition_table(std::move(players), values);
}

}  // namespace evomarket::theory
