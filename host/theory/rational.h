// Exact rational numbers of the game solvers (Nash equilibria, Cournot and Stackelberg): GMP's
// mpq_class, always kept in canonical form (lowest terms, positive denominator).
//
// Text forms: integers ("-3"), decimals ("0.25", "1.5e-3") and fractions ("3/7", "-1/2") are read
// exactly, so a decimal input is the rational it spells, not its nearest double.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <gmpxx.h>

namespace evomarket::theory {

using Rational = mpq_class;
using RationalMatrix = std::vector<std::vector<Rational>>;

// The exact value of `text` (an integer, a decimal with optional exponent of at most 4 digits,
// or a fraction p/q of integers with q != 0; no blanks), or nullopt when it is none of these.
std::optional<Rational> parse_rational(std::string_view text);

// "3/7", "-2", "0": the canonical fraction.
std::string exact_text(const Rational& q);
std::vector<std::string> exact_texts(const std::vector<Rational>& v);

// The double nearest to q (mpq_get_d truncates instead; this rounds from 30 exact significant
// digits, so 3/7 prints as 0.4285714285714286).
double to_double(const Rational& q);
std::vector<double> to_doubles(const std::vector<Rational>& v);

}  // namespace evomarket::theory
