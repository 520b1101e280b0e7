// Exact reading of integers, decimals and fractions, and rounding to the nearest double.
#include <gtest/gtest.h>

#include <cmath>

#include "host/theory/rational.h"

namespace evomarket::theory {
namespace {

Rational q(long num, long den = 1) {
  Rational r(num, den);
  r.canonicalize();
  return r;
}

TEST(TheoryRational, ReadsIntegersDecimalsAndFractionsExactly) {
  EXPECT_EQ(*parse_rational("3/7"), q(3, 7));
  EXPECT_EQ(*parse_rational("-6/14"), q(-3, 7));
  EXPECT_EQ(*parse_rational("-0.25"), q(-1, 4));
  EXPECT_EQ(*parse_rational("0.1"), q(1, 10));  // not the double nearest to 0.1
  EXPECT_EQ(*parse_rational("1e-3"), q(1, 1000));
  EXPECT_EQ(*parse_rational("2.5E2"), q(250));
  EXPECT_EQ(*parse_rational("+4"), q(4));
  EXPECT_EQ(*parse_rational(".5"), q(1, 2));
  EXPECT_EQ(*parse_rational("5."), q(5));
  EXPECT_EQ(*parse_rational("-0"), q(0));
  EXPECT_EQ(exact_text(*parse_rational("120")), "120");
  EXPECT_EQ(exact_text(*parse_rational("0.50")), "1/2");
}

TEST(TheoryRational, RejectsWhatIsNotANumber) {
  for (const char* text : {"", " 1", "1 ", "abc", "1/0", "1/-2", "1/2/3", "1.2.3", "1e", "e5",
                           "--1", "0x1", ".", "-", "1e99999", "inf", "nan", "1,5", "3/7.0"}) {
    EXPECT_FALSE(parse_rational(text).has_value()) << text;
  }
}

TEST(TheoryRational, ConvertsToTheNearestDouble) {
  EXPECT_EQ(to_double(q(3, 7)), 3.0 / 7.0);
  EXPECT_EQ(to_double(q(-2, 3)), -2.0 / 3.0);
  EXPECT_EQ(to_double(q(1, 10)), 0.1);
  EXPECT_EQ(to_double(q(0)), 0.0);
  EXPECT_EQ(to_double(q(142, 3)), 142.0 / 3.0);
  EXPECT_EQ(to_double(*parse_rational("1e300")), 1e300);
  EXPECT_EQ(to_double(*parse_rational("-1e-300")), -1e-300);
  // mpq_get_d truncates: 1/10 would come out one unit in the last place low.
  EXPECT_NE(q(1, 10).get_d(), 0.1);
}

}  // namespace
}  // namespace evomarket::theory
