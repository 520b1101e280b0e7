// Reading one TOML table of an experiment config with errors that name the file, line and key
// (host/config/config_reader.cpp, host/config/market_config.cpp).
#pragma once

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "host/errors.h"

namespace evomarket {

// Reads one TOML table, remembering which keys were consumed so unknown keys can be reported.
class TableReader {
 public:
  TableReader(const toml::table* table, std::string prefix, const std::string& source,
              const std::set<std::string>& overridden)
      : table_(table), prefix_(std::move(prefix)), source_(source), overridden_(overridden) {}

  bool present() const { return table_ != nullptr; }

  const toml::node* node(std::string_view key) { return table_ ? table_->get(key) : nullptr; }

  std::string where(std::string_view key, const toml::node* n) const {
    const std::string full = qualified(key);
    if (overridden_.count(full)) return fmt::format("--set {}", full);
    // A table created by --set a.b=...: name the override.
    const auto below = overridden_.lower_bound(full + ".");
    if (below != overridden_.end() && below->rfind(full + ".", 0) == 0) {
      return fmt::format("--set {}", *below);
    }
    const auto line = n ? n->source().begin.line : (table_ ? table_->source().begin.line : 0);
    return fmt::format("{}:{}: {}", source_, line, full);
  }

  std::string qualified(std::string_view key) const {
    return prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key);
  }

  [[noreturn]] void fail(std::string_view key, const toml::node* n,
                         const std::string& expected) const {
    throw ConfigError(fmt::format("{}: expected {}", where(key, n), expected));
  }

  int64_t integer(std::string_view key, int64_t fallback, int64_t min, int64_t max) {
    const toml::node* n = node(key);
    if (!n) return fallback;
    const auto v = n->value_exact<int64_t>();
    if (!v || *v < min || *v > max) {
      fail(key, n, fmt::format("an integer in [{}, {}]{}", min, max, got(n)));
    }
    return *v;
  }

  double real(std::string_view key, double fallback, double min, double max) {
    const toml::node* n = node(key);
    if (!n) return fallback;
    const auto v = n->value<double>();
    if (!v || !(*v >= min && *v <= max)) {
      fail(key, n, fmt::format("a number in [{}, {}]{}", min, max, got(n)));
    }
    return *v;
  }

  bool boolean(std::string_view key, bool fallback) {
    const toml::node* n = node(key);
    if (!n) return fallback;
    const auto v = n->value_exact<bool>();
    if (!v) fail(key, n, "true or false" + got(n));
    return *v;
  }

  std::string string(std::string_view key, std::string fallback) {
    const toml::node* n = node(key);
    if (!n) return fallback;
    const auto v = n->value_exact<std::string>();
    if (!v) fail(key, n, "a string" + got(n));
    return *v;
  }

  std::vector<std::string> strings(std::string_view key) {
    return array_of<std::string>(key, "an array of strings");
  }
  std::vector<double> reals(std::string_view key) {
    return array_of<double>(key, "an array of numbers");
  }
  std::vector<int64_t> integers(std::string_view key) {
    return array_of<int64_t>(key, "an array of integers");
  }

  // One of a fixed set of names, mapped to its value.
  template <class E>
  E choice(std::string_view key, E fallback,
           std::initializer_list<std::pair<std::string_view, E>> options) {
    const toml::node* n = node(key);
    if (!n) return fallback;
    const auto v = n->value_exact<std::string>();
    std::string names;
    for (const auto& [name, value] : options) {
      if (v && *v == name) return value;
      names += fmt::format("{}\"{}\"", names.empty() ? "" : ", ", name);
    }
    fail(key, n, "one of " + names + got(n));
  }

  TableReader table(std::string_view key) {
    const toml::node* n = node(key);
    if (n && !n->is_table()) fail(key, n, "a table" + got(n));
    return TableReader(n ? n->as_table() : nullptr, qualified(key), source_, overridden_);
  }

  // Rejects any key not in `allowed`, before anything is read, so a misspelt key is reported
  // as such rather than as the missing key it was meant to be.
  void only(std::initializer_list<std::string_view> allowed) const {
    if (!table_) return;
    for (const auto& [k, v] : *table_) {
      if (std::find(allowed.begin(), allowed.end(), k.str()) != allowed.end()) continue;
      std::string names;
      for (const auto& a : allowed) names += (names.empty() ? "" : ", ") + std::string(a);
      throw ConfigError(
          fmt::format("{}: unknown key (expected one of: {})", where(k.str(), &v), names));
    }
  }

  const toml::table* raw() const { return table_; }

 private:
  // An array whose elements all have type T (numbers also accept integers).
  template <class T>
  std::vector<T> array_of(std::string_view key, const std::string& expected) {
    const toml::node* n = node(key);
    std::vector<T> out;
    if (!n) return out;
    const toml::array* a = n->as_array();
    if (!a) fail(key, n, expected + got(n));
    for (const auto& e : *a) {
      std::optional<T> v;
      if constexpr (std::is_same_v<T, double>) {
        v = e.value<double>();
      } else {
        v = e.value_exact<T>();
      }
      if (!v) fail(key, &e, expected + got(&e));
      out.push_back(*v);
    }
    return out;
  }

  static std::string got(const toml::node* n) {
    if (!n) return "";
    std::ostringstream s;
    if (n->is_table()) return ", got a table";
    if (n->is_array()) return ", got an array";
    n->visit([&s](const auto& value) { s << value; });  // a scalar, printed as TOML
    return ", got " + s.str();
  }

  const toml::table* table_;
  std::string prefix_;
  const std::string& source_;
  const std::set<std::string>& overridden_;
};

// Largest-remainder rounding of shares to exact counts summing to `agents`.
std::vector<uint64_t> counts_from_shares(const std::vector<double>& shares, uint64_t agents);

// Exact agents per strategy from the table's `shares` (fractions summing to 1) or `counts`
// (summing to `agents`): exactly one of them, one entry per strategy
// (host/config/strategy_counts.cpp).
std::vector<uint64_t> resolve_strategy_counts(TableReader& t,
                                              const std::vector<std::string>& strategies,
                                              const std::vector<double>& shares,
                                              const std::vector<int64_t>& counts, uint64_t agents);

}  // namespace evomarket
