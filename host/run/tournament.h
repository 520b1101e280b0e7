// Round-robin tournaments among a list of strategies, with the Axelrod library's result
// conventions (docs/tournaments.md): self-interactions are played when self_play is on and
// appear on the payoff matrix's diagonal, but are left out of scores, wins and cooperation.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "host/backend/backend.h"
#include "host/config/config.h"

namespace evomarket {

struct TournamentResult {
  std::vector<std::string> names;
  uint32_t repetitions = 0;
  uint32_t strategies = 0;
  // Row-major [repetition][strategy]:
  std::vector<int64_t> scores;            // total score against the other strategies
  std::vector<double> normalised_scores;  // mean over opponents of score per turn
  std::vector<int32_t> wins;              // matches with a strictly higher score
  // Row-major [row strategy][column strategy], means over repetitions:
  std::vector<double> payoff_matrix;       // row's payoff per turn against column
  std::vector<double> cooperation_matrix;  // share of row's moves that were C against column
  // Per strategy:
  std::vector<double> cooperation_rate;         // over all matches against others
  std::vector<double> median_normalised_score;  // over repetitions
  std::vector<uint32_t> ranking;                // strategy indices, best first
  // Iterated games only (empty for a matrix game), Axelrod's normalised state distribution:
  // [row][column][state], states CC, CD, DC, DD (the row's move first), the shares of the row's
  // turns against the column in each state, summed over repetitions. The diagonal is 0: the
  // library leaves self-interactions out.
  std::vector<double> state_distribution;
  // [strategy][state]: the per-player form (Axelrod's ResultSet.summarise CC_rate .. DD_rate):
  // the rows of state_distribution against the other strategies, summed and renormalised, i.e.
  // their mean with every opponent weighted alike.
  std::vector<double> player_state_distribution;
  // [repetition][row][column]: the row's total score against the column in that repetition.
  // Diagonal: the first seat of the self-interaction (0 without self-play).
  std::vector<int64_t> pair_scores;
  // tournament.record_moves: [repetition][row][column][turn], the row's moves against the
  // column (kernels/match.h: 0 = C, 1 = D, kNoMove after the match's end; diagonal: the first
  // seat of the self-interaction, kNoMove throughout without self-play). move_turns (the turn
  // axis) is the longest match played.
  std::vector<int8_t> moves;
  uint32_t move_turns = 0;
  // Row-major [step][strategy], steps 0..tournament.ecosystem_steps (empty when that is 0):
  // Axelrod's ecological variant, shares starting uniform, then theory::ecosystem_step on
  // payoff_matrix.
  std::vector<double> ecosystem;
  uint64_t matches = 0;
  uint64_t turns = 0;  // match turns played (each turn is two agent-turns)
};

// Matches a tournament of `strategies` plays: its pairs times its repetitions.
uint64_t tournament_matches(const TournamentConfig& config, uint32_t strategies);

// Told after each batch of matches how many of them are played (for progress lines).
using MatchProgress = std::function<void(uint64_t played, uint64_t matches)>;

// Plays every pair (i <= j with self-play, i < j without) `repetitions` times on `backend`.
// The match id of pair p in repetition r is r * pairs + p, so results do not depend on the
// backend, thread count or how the matches are batched.
TournamentResult run_tournament(const ExperimentConfig& config, const GameSetup& game,
                                Backend& backend, const MatchProgress& progress = {});

// A ranked table for the terminal.
std::string format_ranking(const TournamentResult& result);

}  // namespace evomarket
