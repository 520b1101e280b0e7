// Game files (read_coalition_game, host/theory/coalition_game.h): rows in any order, players in
// the order of their single-member rows, exact values; and every kind of bad input is a
// ConfigError naming file:line and what was expected.
#include <gtest/gtest.h>

#include <fstream>

#include "host/errors.h"
#include "host/theory/coalition_game.h"
#include "support/coalition_games.h"
#include "support/temp_dir.h"

namespace evomarket::theory {
namespace {

class GameFileTest : public evomarket::testing::TempDirTest {
 protected:
  std::string write(const std::string& text) {
    const std::string path = file("game.csv");
    std::ofstream(path) << text;
    return path;
  }
  CoalitionTable read(const std::string& text, uint32_t max_players = kMaxExactPlayers) {
    return read_coalition_game(write(text), max_players, "give --samples N");
  }
  // The message of the ConfigError that reading `text` throws.
  std::string error(const std::string& text, uint32_t max_players = kMaxExactPlayers) {
    try {
      read(text, max_players);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "(no error)";
  }
};

TEST_F(GameFileTest, PlayersComeInTheOrderOfTheirSingleMemberRows) {
  const CoalitionTable g = read(
      "coalition,value\r\nB+A,4\r\nB,1\r\nA , 1/2\r\n\r\nC,0.25\r\nA+C,3\r\nC+B,2\r\nA+B+C,"
      "-1e1\r\n");
  EXPECT_EQ(g.players, (std::vector<std::string>{"B", "A", "C"}));
  EXPECT_EQ(g.value(1), 1);               // B
  EXPECT_EQ(g.value(2), Rational(1, 2));  // A
  EXPECT_EQ(g.value(3), 4);               // A+B
  EXPECT_EQ(g.value(4), Rational(1, 4));
  EXPECT_EQ(g.value(6), 3);  // A+C
  EXPECT_EQ(g.value(7), -10);
  EXPECT_EQ(g.scale, 4);
  EXPECT_DOUBLE_EQ(g.approx[2], 0.5);
  EXPECT_EQ(coalition_name(g.players, 6), "A+C");
}

TEST_F(GameFileTest, RoundTripsTheGloveGame) {
  const CoalitionTable g = evomarket::testing::glove_game();
  const CoalitionTable back = read(evomarket::testing::game_file_text(g));
  EXPECT_EQ(back.players, g.players);
  EXPECT_EQ(back.worth, g.worth);
}

TEST_F(GameFileTest, APlayerBeyondTheLimitNamesItsLineAndTheWayOut) {
  std::string text = "coalition,value\n";
  for (uint64_t s = 1; s < 8; ++s) {
    text += coalition_name({"a", "b", "c"}, s) + "," + std::to_string(s) + "\n";
  }
  const CoalitionTable g = read_coalition_game(write(text), 3, "");
  EXPECT_TRUE(g.exact());
  EXPECT_NE(error(text, 2).find(":5: player c is player 3, more than the 2 this command allows: "
                                "give --samples N"),
            std::string::npos)
      << error(text, 2);
}

TEST_F(GameFileTest, AnIncompleteCharacteristicFunctionNamesAMissingCoalition) {
  const std::string e = error("coalition,value\nA,1\nB,1\nC,1\nA+B,2\nA+C,2\nA+B+C,3\n");
  EXPECT_NE(e.find("game.csv:7: end of file, but coalition B+C has no row; expected one row per "
                   "non-empty coalition, 7 for 3 players (6 given)"),
            std::string::npos)
      << e;
}

TEST_F(GameFileTest, DuplicateCoalitionsNameBothLines) {
  const std::string e = error("coalition,value\nA,1\nB,1\nA+B,2\nB+A,3\n");
  EXPECT_NE(e.find("game.csv:5: duplicate coalition A+B: already given on line 4"),
            std::string::npos)
      << e;
  const std::string single = error("coalition,value\nA,1\nB,1\nA,2\nA+B,3\n");
  EXPECT_NE(single.find("game.csv:4: duplicate coalition A: already given on line 2"),
            std::string::npos)
      << single;
}

TEST_F(GameFileTest, NonNumericValuesNameTheLine) {
  const std::string e = error("coalition,value\nA,1\nB,lots\nA+B,2\n");
  EXPECT_NE(e.find("game.csv:3: value \"lots\" of coalition B is not a number; expected an "
                   "integer, a decimal or a fraction such as 3/7"),
            std::string::npos)
      << e;
  EXPECT_NE(error("coalition,value\nA,1\nB,\nA+B,2\n").find("game.csv:3: value \"\""),
            std::string::npos);
  EXPECT_NE(error("coalition,value\nA,1\nB,1/0\nA+B,2\n").find("game.csv:3"), std::string::npos);
}

TEST_F(GameFileTest, MalformedRowsAndHeadersNameTheLine) {
  EXPECT_NE(error("").find("game.csv:1: expected the header \"coalition,value\""),
            std::string::npos);
  EXPECT_NE(error("players,worth\nA,1\n").find("game.csv:1: expected the header"),
            std::string::npos);
  EXPECT_NE(error("coalition,value\n").find("game.csv:1: no coalitions after the header"),
            std::string::npos);
  EXPECT_NE(error("coalition,value\nA,1,2\n").find("game.csv:2: \"A,1,2\": expected two fields"),
            std::string::npos);
  EXPECT_NE(error("coalition,value\nA,1\nB,1\nA++B,2\n")
                .find("game.csv:4: coalition \"A++B\" "
                      "has an empty member name"),
            std::string::npos);
  EXPECT_NE(error("coalition,value\nA,1\nA+D,2\n")
                .find("game.csv:3: member D has no "
                      "single-member row"),
            std::string::npos);
  EXPECT_NE(error("coalition,value\nA,1\nB,1\nA+A,2\n")
                .find("game.csv:4: member A appears "
                      "twice"),
            std::string::npos);
  EXPECT_NE(error("coalition,value\nA+B,1\n").find("game.csv:2: no single-member rows"),
            std::string::npos);
}

TEST_F(GameFileTest, MoreThanTwentyPlayersNeedSampling) {
  std::string text = "coalition,value\n";
  for (int i = 0; i < 21; ++i) text += "p" + std::to_string(i) + ",1\n";
  const std::string e = error(text);
  EXPECT_NE(e.find("game.csv:22: player p20 is player 21, more than the 20 this command allows: "
                   "give --samples N"),
            std::string::npos)
      << e;
}

TEST_F(GameFileTest, UnreadableFileIsNamed) {
  EXPECT_THROW(read_coalition_game(file("absent.csv"), 20, ""), ConfigError);
}

}  // namespace
}  // namespace evomarket::theory
