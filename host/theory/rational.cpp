#include "host/theory/rational.h"

#include <cctype>
#include <cstdlib>

namespace evomarket::theory {
namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// An optionally signed integer of decimal digits.
std::optional<mpz_class> parse_integer(std::string_view s) {
  const std::string_view digits = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? s.substr(1) : s;
  if (!all_digits(digits)) return std::nullopt;
  mpz_class z(std::string(digits), 10);
  if (s[0] == '-') z = -z;
  return z;
}

mpz_class power_of_ten(unsigned long e) {
  mpz_class p;
  mpz_ui_pow_ui(p.get_mpz_t(), 10, e);
  return p;
}

std::optional<Rational> parse_decimal(std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  long exponent = 0;
  const std::size_t e_at = s.find_first_of("eE");
  if (e_at != std::string_view::npos) {
    std::string_view e = s.substr(e_at + 1);
    const bool e_negative = !e.empty() && e[0] == '-';
    if (!e.empty() && (e[0] == '+' || e[0] == '-')) e.remove_prefix(1);
    // Four digits keep 10^exponent small enough to compute exactly.
    if (!all_digits(e) || e.size() > 4) return std::nullopt;
    exponent = std::strtol(std::string(e).c_str(), nullptr, 10);
    if (e_negative) exponent = -exponent;
    s = s.substr(0, e_at);
  }
  const std::size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? "" : s.substr(dot + 1);
  if (whole.empty() && fraction.empty()) return std::nullopt;
  if ((!whole.empty() && !all_digits(whole)) || (!fraction.empty() && !all_digits(fraction))) {
    return std::nullopt;
  }
  const mpz_class mantissa(std::string(whole) + std::string(fraction), 10);
  exponent -= static_cast<long>(fraction.size());
  Rational q = exponent >= 0 ? Rational(mantissa * power_of_ten(exponent))
                             : Rational(mantissa, power_of_ten(-exponent));
  q.canonicalize();
  return negative ? Rational(-q) : q;
}

}  // namespace

std::optional<Rational> parse_rational(std::string_view text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return parse_decimal(text);
  const auto num = parse_integer(text.substr(0, slash));
  const std::string_view den_text = text.substr(slash + 1);
  if (!num || !all_digits(den_text)) return std::nullopt;
  const mpz_class den(std::string(den_text), 10);
  if (den == 0) return std::nullopt;
  Rational q(*num, den);
  q.canonicalize();
  return q;
}

std::string exact_text(const Rational& q) {
  return q.get_str();
}

std::vector<std::string> exact_texts(const std::vector<Rational>& v) {
  std::vector<std::string> out;
  for (const Rational& q : v) out.push_back(exact_text(q));
  return out;
}

double to_double(const Rational& q) {
  if (q == 0) return 0.0;
  const mpz_class num = abs(q.get_num());
  const mpz_class& den = q.get_den();
  // Scale by 10^k so that the integer part has at least 30 digits, then let strtod round.
  const long k = 30 - static_cast<long>(mpz_sizeinbase(num.get_mpz_t(), 10)) +
                 static_cast<long>(mpz_sizeinbase(den.get_mpz_t(), 10));
  mpz_class digits;
  if (k >= 0) {
    digits = num * power_of_ten(static_cast<unsigned long>(k)) / den;
  } else {
    digits = num / (den * power_of_ten(static_cast<unsigned long>(-k)));
  }
  const std::string text = (q < 0 ? "-" : "") + digits.get_str() + "e" + std::to_string(-k);
  return std::strtod(text.c_str(), nullptr);
}

std::vector<double> to_doubles(const std::vector<Rational>& v) {
  std::vector<double> out;
  for (const Rational& q : v) out.push_back(to_double(q));
  return out;
}

}  // namespace evomarket::theory
