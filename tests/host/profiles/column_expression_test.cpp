// Column expressions of `evomarket ingest` (host/profiles/column_expression.h): parsing against a
// header, evaluation of a row, empty and bad cells.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "host/errors.h"
#include "host/profiles/column_expression.h"

namespace evomarket {
namespace {

const std::vector<std::string> kHeader = {"time", "grid_import", "pv", "grid_export"};

std::string error_of(const std::string& text) {
  try {
    parse_column_expression(text, kHeader, "f.csv:1", "--load");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(ColumnExpressionTest, ParsesSignedSumsOfColumns) {
  const ColumnExpression e =
      parse_column_expression("grid_import + pv - grid_export", kHeader, "f.csv:1", "--load");
  ASSERT_EQ(e.terms.size(), 3u);
  EXPECT_EQ(e.terms[0], (std::pair<int, double>{1, 1.0}));
  EXPECT_EQ(e.terms[1], (std::pair<int, double>{2, 1.0}));
  EXPECT_EQ(e.terms[2], (std::pair<int, double>{3, -1.0}));
  EXPECT_TRUE(e.has_subtraction());
  const ColumnExpression one = parse_column_expression("pv", kHeader, "f.csv:1", "--pv");
  ASSERT_EQ(one.terms.size(), 1u);
  EXPECT_FALSE(one.has_subtraction());
  EXPECT_FALSE(one.empty());
  EXPECT_TRUE(ColumnExpression{}.empty());
}

// Columns by position, e.g. one whose header name is empty; a sign before the first name (net
// data as "-import + export"). Gets instead: "#2" is an unknown column name, and a leading "-"
// an empty name.
TEST(ColumnExpressionTest, PositionsAndALeadingSign) {
  const ColumnExpression e =
      parse_column_expression("#2 + #3 - grid_export", kHeader, "f.csv:1", "--load");
  EXPECT_EQ(e.terms, (std::vector<std::pair<int, double>>{{1, 1.0}, {2, 1.0}, {3, -1.0}}));
  const ColumnExpression n =
      parse_column_expression(" - grid_import + grid_export", kHeader, "f.csv:1", "--net");
  EXPECT_EQ(n.terms, (std::vector<std::pair<int, double>>{{1, -1.0}, {3, 1.0}}));
  EXPECT_EQ(split_signed_sum("-E1 + B1", "--net"),
            (std::vector<std::pair<std::string, double>>{{"E1", -1.0}, {"B1", 1.0}}));
}

TEST(ColumnExpressionTest, RejectsUnknownColumnsAndDanglingOperators) {
  EXPECT_NE(error_of("load").find("f.csv:1: no column \"load\""), std::string::npos);
  EXPECT_NE(error_of("pv +").find("expected column names (or #N positions) joined by + or -"),
            std::string::npos);
  EXPECT_NE(error_of("").find("--load"), std::string::npos);
  EXPECT_NE(error_of("- - pv").find("--load"), std::string::npos);
  EXPECT_NE(error_of("#5").find("f.csv:1: no column #5"), std::string::npos);
  EXPECT_EQ(find_column(kHeader, "pv", "f.csv:1", "--pv"), 2);
  EXPECT_THROW(find_column(kHeader, "PV", "f.csv:1", "--pv"), ConfigError);
}

TEST(ColumnExpressionTest, EvaluatesARow) {
  const ColumnExpression e =
      parse_column_expression("grid_import + pv - grid_export", kHeader, "f.csv:1", "--load");
  bool present = false;
  EXPECT_DOUBLE_EQ(evaluate(e, {"t", "1.5", "2", "0.25"}, "f.csv:2", kHeader, &present, false),
                   3.25);
  EXPECT_TRUE(present);
  // An empty cell makes the value absent; the others still add up.
  EXPECT_DOUBLE_EQ(evaluate(e, {"t", "1.5", "", "0.25"}, "f.csv:3", kHeader, &present, false),
                   1.25);
  EXPECT_FALSE(present);
}

TEST(ColumnExpressionTest, BadCellsNameTheLineAndColumn) {
  const ColumnExpression e = parse_column_expression("pv", kHeader, "f.csv:1", "--pv");
  bool present = true;
  try {
    evaluate(e, {"t", "0", "x1", "0"}, "f.csv:7", kHeader, &present, false);
    ADD_FAILURE() << "accepted a non-number";
  } catch (const ConfigError& err) {
    EXPECT_EQ(std::string(err.what()), "f.csv:7: column pv: expected a number, got \"x1\"");
  }
  EXPECT_THROW(evaluate(e, {"t", "0", "-1", "0"}, "f.csv:8", kHeader, &present, false),
               ConfigError);
  EXPECT_DOUBLE_EQ(evaluate(e, {"t", "0", "-1", "0"}, "f.csv:8", kHeader, &present, true), -1.0);
  EXPECT_DOUBLE_EQ(cell_value({"t", "0", "2.5", "0"}, 2, "f.csv:9", kHeader, &present), 2.5);
}

}  // namespace
}  // namespace evomarket
