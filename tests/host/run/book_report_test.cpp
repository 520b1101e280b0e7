// exact_decimal and the JSON of one clearing: engine integers written back exactly.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "host/run/book_report.h"

namespace evomarket {
namespace {

TEST(BookReport, ExactDecimalDropsTrailingZerosOnly) {
  EXPECT_EQ(exact_decimal(2500, 1000), "2.5");
  EXPECT_EQ(exact_decimal(3000, 1000), "3");
  EXPECT_EQ(exact_decimal(0, 1000000), "0");
  EXPECT_EQ(exact_decimal(-7, 1000), "-0.007");
  EXPECT_EQ(exact_decimal(833333250000, 1000000000000), "0.83333325");
  EXPECT_EQ(exact_decimal(1, 1000000000000), "0.000000000001");
  EXPECT_EQ(exact_decimal(INT64_MIN, 1000000000000), "-9223372.036854775808");
}

TEST(BookReport, JsonHasEveryFieldAndEscapesIds) {
  OrderBook book;
  BookOrder a;
  a.id = "a\"1";
  a.seller = true;
  a.price = 100000;
  a.quantity = 1500000;
  book.orders = {a};
  BookClearing c;
  c.mechanism = MarketMechanism::kReverseAuction;
  c.retail = 250000;
  c.filled = {1000000};
  c.payment = {250000000000};
  c.traded = 1000000;
  c.grid_export = 500000;
  EXPECT_EQ(clearing_json(book, c),
            "{\"mechanism\": \"reverse_auction\", \"price\": null, \"traded_kwh\": 1, "
            "\"operator_surplus\": 0, \"grid_import_kwh\": 0, \"grid_export_kwh\": 0.5, "
            "\"reserve\": 0.25, \"orders\": [\n"
            "  {\"id\": \"a\\\"1\", \"side\": \"sell\", \"price\": 0.1, \"quantity\": 1.5, "
            "\"filled_kwh\": 1, \"payment\": 0.25}\n]}\n");
}

}  // namespace
}  // namespace evomarket
