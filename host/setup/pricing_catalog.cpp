#include "host/setup/pricing_catalog.h"

#include <cmath>
#include <cstdlib>

namespace evomarket {
namespace {

// A markup in [0, 1] written as a decimal number, to parts per million.
bool parse_markup(const std::string& text, uint32_t* ppm) {
  if (text.empty()) return false;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !(v >= 0.0 && v <= 1.0)) return false;
  *ppm = static_cast<uint32_t>(std::llround(v * kMarkupOne));
  return true;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(' ');
  const auto e = s.find_last_not_of(' ');
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

}  // namespace

std::optional<PricingStrategy> parse_pricing_strategy(const std::string& name, std::string* why) {
  if (name == "Truthful") return PricingStrategy{PricingKind::kMarkup, 0, 0};
  if (name == "ZIC") return PricingStrategy{PricingKind::kZeroIntelligence, 0, 0};
  const std::string head = "Markup(";
  if (name.compare(0, head.size(), head) == 0 && name.back() == ')') {
    const std::string args = name.substr(head.size(), name.size() - head.size() - 1);
    const auto comma = args.find(',');
    uint32_t a = 0, b = 0;
    const bool ok = comma == std::string::npos ? parse_markup(trim(args), &a) && (b = a, true)
                                               : parse_markup(trim(args.substr(0, comma)), &a) &&
                                                     parse_markup(trim(args.substr(comma + 1)), &b);
    if (ok) return PricingStrategy{PricingKind::kMarkup, a, b};
    if (why) *why = "Markup(a) or Markup(a,b) with markups a, b in [0, 1]";
    return std::nullopt;
  }
  if (why) {
    *why = "a pricing strategy: Truthful, ZIC, Markup(a) or Markup(a,b) with a, b in [0, 1]";
  }
  return std::nullopt;
}

const std::vector<PricingForm>& pricing_forms() {
  static const std::vector<PricingForm> forms = {
      {"Truthful", "asks the feed-in tariff, bids the retail price (Markup(0, 0))"},
      {"ZIC", "zero intelligence constrained: a fresh uniform price in [fit, retail] each slot"},
      {"Markup(a)", "asks fit + a (retail - fit), bids retail - a (retail - fit); a in [0, 1]"},
      {"Markup(a,b)", "asks with markup a, bids with markdown b; a, b in [0, 1]"},
  };
  return forms;
}

std::vector<std::string> default_pricing_strategies() {
  return {"Truthful", "ZIC", "Markup(0.1)", "Markup(0.25)", "Markup(0.5)", "Markup(0.75)"};
}

std::vector<std::string> default_contract_strategies() {
  return {"Cooperator", "Defector", "TitForTat", "Grudger", "WinStayLoseShift", "GTFT"};
}

}  // namespace evomarket
