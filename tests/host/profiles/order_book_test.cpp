// read_order_book: the rounding to engine units, the optional arrival column, and every bad book
// refused with FILE:LINE and what was expected.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "host/errors.h"
#include "host/profiles/order_book.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

class OrderBookTest : public evomarket::testing::TempDirTest {
 protected:
  std::string write(const std::string& text) {
    const std::string path = file("book.csv");
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  // The error a book gives, with FILE:LINE replaced by "@LINE" to keep the tests short.
  std::string error_of(const std::string& text) {
    const std::string path = write(text);
    try {
      read_order_book(path);
    } catch (const ConfigError& e) {
      std::string what = e.what();
      if (what.rfind(path + ":", 0) == 0) what = "@" + what.substr(path.size() + 1);
      return what;
    }
    return "no error";
  }
};

TEST_F(OrderBookTest, ReadsOrdersInFileOrderInEngineUnits) {
  const OrderBook b = read_order_book(
      write("id,side,price,quantity\ns1, sell ,0.10,5\nb1,buy,0.3500004,0.0000015\n"));
  ASSERT_EQ(b.orders.size(), 2u);
  EXPECT_FALSE(b.has_arrival);
  EXPECT_EQ(b.orders[0].id, "s1");
  EXPECT_TRUE(b.orders[0].seller);
  EXPECT_EQ(b.orders[0].price, 100000);      // 0.10 per kWh in micro-currency
  EXPECT_EQ(b.orders[0].quantity, 5000000);  // 5 kWh in mWh
  EXPECT_EQ(b.orders[0].line, 2u);
  EXPECT_FALSE(b.orders[1].seller);
  EXPECT_EQ(b.orders[1].price, 350000);  // 350000.4 rounds to nearest
  EXPECT_EQ(b.orders[1].quantity, 2);    // 1.5 mWh rounds half away from zero
}

TEST_F(OrderBookTest, ColumnsInAnyOrderWithArrivalAndBlankLines) {
  const OrderBook b = read_order_book(
      write("arrival,quantity,price,side,id\r\n2.5,1,0,buy,x\r\n\r\n-1,2,3,sell,y\r\n"));
  ASSERT_EQ(b.orders.size(), 2u);
  EXPECT_TRUE(b.has_arrival);
  EXPECT_EQ(b.orders[0].arrival, 2.5);
  EXPECT_EQ(b.orders[1].arrival, -1);
  EXPECT_EQ(b.orders[1].id, "y");
  EXPECT_EQ(b.orders[1].price, 3000000);
  EXPECT_EQ(b.orders[1].line, 4u);
}

TEST_F(OrderBookTest, RefusesEveryBadBookNamingTheLine) {
  const std::string h = "id,side,price,quantity\n";
  EXPECT_EQ(error_of(""), "@0: empty file (no header)");
  EXPECT_EQ(error_of(h), "@1: no orders (expected one line per order after the header)");
  EXPECT_EQ(error_of("id,side,price\na,buy,1\n"),
            "@1: no column \"quantity\" (expected id,side,price,quantity and optionally arrival)");
  EXPECT_EQ(error_of("id,side,price,quantity,note\na,buy,1,1,x\n"),
            "@1: unknown column \"note\" (expected id,side,price,quantity and optionally "
            "arrival)");
  EXPECT_EQ(error_of("id,side,price,quantity,price\n"), "@1: column \"price\" appears twice");
  EXPECT_EQ(error_of("name,side,price,quantity\na,buy,1,1\n"),
            "@1: unknown column \"name\" (expected id,side,price,quantity and optionally "
            "arrival)");
  // A title line above the header: the header is the line holding more of the columns.
  EXPECT_EQ(error_of("my book\nid,side,price\na,buy,1\n"),
            "@2: no column \"quantity\" (expected id,side,price,quantity and optionally arrival)");
  EXPECT_EQ(error_of(h + "a,buy,1,1\nb,sell,1\n"), "@3: 3 fields, expected 4 as in the header");
  EXPECT_EQ(error_of(h + "a,buy,1,1\na,sell,1,1\n"), "@3: duplicate id \"a\" (first on line 2)");
  EXPECT_EQ(error_of(h + " ,buy,1,1\n"), "@2: empty id (expected a name per order)");
  EXPECT_EQ(error_of(h + "a,bid,1,1\n"), "@2: side \"bid\" (expected buy or sell)");
  EXPECT_EQ(error_of(h + "a,buy,cheap,1\n"),
            "@2: price \"cheap\" is not a number (expected a price in [0, 1000] currency per "
            "kWh)");
  EXPECT_EQ(error_of(h + "a,buy,,1\n"),
            "@2: no price (expected a price in [0, 1000] currency per kWh)");
  EXPECT_EQ(error_of(h + "a,buy,-0.1,1\n"),
            "@2: price -0.1 is out of range (expected a price in [0, 1000] currency per kWh)");
  EXPECT_EQ(error_of(h + "a,buy,1,-2\n"),
            "@2: quantity -2 is out of range (expected a quantity in (0, 1e6] kWh)");
  EXPECT_EQ(error_of(h + "a,buy,1,0\n"),
            "@2: quantity 0 is out of range (expected a quantity in (0, 1e6] kWh)");
  EXPECT_EQ(error_of(h + "a,buy,1,1e-7\n"),
            "@2: quantity 1e-07 kWh rounds to 0 mWh (expected at least 0.000001 kWh)");
  EXPECT_EQ(error_of(h + "a,buy,1,2 kWh\n"),
            "@2: quantity \"2 kWh\" is not a number (expected a quantity in (0, 1e6] kWh)");
  EXPECT_EQ(error_of("id,side,price,quantity,arrival\na,buy,1,1,soon\n"),
            "@2: arrival \"soon\" is not a number (expected a number (orders arrive in "
            "ascending arrival))");
  EXPECT_EQ(error_of("id,side,price,quantity,arrival\na,buy,1,1,\n"),
            "@2: no arrival (expected a number (orders arrive in ascending arrival))");
}

TEST_F(OrderBookTest, AMissingFileIsBadInput) {
  EXPECT_THROW(read_order_book(file("absent.csv")), ConfigError);
}

}  // namespace
}  // namespace evomarket
