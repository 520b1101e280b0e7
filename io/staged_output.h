// Writing a file under a temporary name beside its target and renaming it into place only when
// the writer succeeds (docs/reliability.md). A failed, interrupted or killed writer therefore
// never leaves a half-written file at the target, and never deletes or replaces what was there:
// the rename is the single moment the target changes, and POSIX makes it atomic on one file
// system (the temporary sits in the target's directory for that reason).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace evomarket::io {

class StagedOutput {
 public:
  /// Checks `target` before anything is written, throwing H5Error naming it when the writer
  /// must not go ahead: the directory is missing or not a directory; the target exists but is
  /// not a regular file (a directory, a device such as /dev/full, a FIFO); the target is one of
  /// `inputs` (the same file under any name). `what` names the file in messages ("profile
  /// store", "results file"). Creates nothing.
  StagedOutput(std::string target, std::string_view what,
               const std::vector<std::string>& inputs = {});
  /// Removes the temporary file unless commit() ran: the target is left as it was.
  ~StagedOutput();
  StagedOutput(const StagedOutput&) = delete;
  StagedOutput& operator=(const StagedOutput&) = delete;

  /// Where the writer writes: "<target>.tmp-<pid>" in the target's directory, unique per
  /// process and per StagedOutput within the process.
  const std::string& temporary() const { return temporary_; }
  const std::string& target() const { return target_; }
  /// True when the target existed when this StagedOutput was made.
  bool target_existed() const { return target_existed_; }

  /// Renames the temporary file onto the target (replacing a regular file there). Call after the
  /// writer closed the file. H5Error naming both paths if the rename fails; the temporary is
  /// then removed and the target is untouched.
  void commit();
  /// Removes the temporary file now (idempotent); the target stays as it was.
  void discard() noexcept;
  bool committed() const { return committed_; }

 private:
  std::string target_;
  std::string temporary_;
  std::string what_;
  bool target_existed_ = false;
  bool committed_ = false;
};

/// The check StagedOutput's constructor makes, for writers that write in place (checkpoints
/// have their own rotation): throws H5Error unless `target` may be written.
void check_output_target(const std::string& target, std::string_view what,
                         const std::vector<std::string>& inputs = {});

/// Reads the status of a file of a writer's own kind ("complete", "running", ...), or "" when
/// the file cannot be read as one.
using StatusReader = std::function<std::string(const std::string& path)>;

/// The never-overwrite rule (docs/reliability.md), checked before anything is written: throws
/// H5Error unless the writer may replace what is at `target`, that is when nothing is there,
/// when `overwrite` (--overwrite) was given, or when `status_of` reads the file as one of the
/// writer's own kind that did not finish (any status but "complete": rerunning is how such a
/// file is redone). A complete file and a file that is not of the writer's kind (a user's file)
/// are refused; the message names the file and its status and says to pass --overwrite or to
/// choose another --out. `what` names the kind ("results file", "profile store").
void check_may_replace(const std::string& target, std::string_view what, bool overwrite,
                       const StatusReader& status_of);

}  // namespace evomarket::io
