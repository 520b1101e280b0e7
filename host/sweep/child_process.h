// The sweep's child processes: each point runs as `evomarket run ...` in a process of its own
// (its own staging, signal handling and exit status), in its own process group so that a
// terminal's Ctrl-C reaches the sweep once and the sweep decides what the children get.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace evomarket {

// The running executable (/proc/self/exe), to run points with the same build.
std::string own_executable();

// Starts `argv` (argv[0] is the program) with stdout and stderr appended to `log_file`.
// std::runtime_error naming the program if it cannot be started.
pid_t start_child(const std::vector<std::string>& argv, const std::string& log_file);

// The exit status of `pid` if it has ended (128 + signal when a signal ended it), else nothing.
std::optional<int> poll_child(pid_t pid);

// Passes `signal` on to `pid` once it can take it cleanly: true when it was sent, or when the
// child already has it pending (a scheduler that signals every process of a job reaches the
// children itself, and a second copy would end them at once instead of cleanly). False while
// the child does not catch the signal: it has not installed its handler yet, or it handled the
// signal already (the run's handler resets itself); ask again later.
bool forward_signal(pid_t pid, int signal);

// SIGINT and SIGTERM only record themselves while the sweep runs (every one counts).
void install_sweep_signal_handlers();
// How many SIGINT / SIGTERM arrived, and the last one.
int sweep_signal_count();
int last_sweep_signal();

}  // namespace evomarket
