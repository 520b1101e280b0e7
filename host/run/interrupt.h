// SIGINT and SIGTERM end a run cleanly: the handlers only record the signal (no I/O in a signal
// handler); the population, market and tournament loops check it between generations, stop,
// and the driver marks the results file "interrupted", writes the final checkpoint when
// checkpoints are on, and the command exits with 128 + the signal (130 for SIGINT, 143 for
// SIGTERM). A second signal of the same kind ends the process at once (the handlers reset).
#pragma once

namespace evomarket {

// Installs the handlers for SIGINT and SIGTERM (the run command does, before the run starts).
void install_interrupt_handlers();

// The signal that asked the run to stop, or 0.
int interrupt_signal();

// "SIGINT", "SIGTERM" or "signal N".
const char* signal_name(int signal);

// For tests: behave as if `signal` had arrived (0 clears).
void set_interrupt_signal(int signal);

}  // namespace evomarket
