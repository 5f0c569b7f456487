#pragma once

namespace hammer::cli {

/// Process exit codes, the same for every command so scripts can rely on them.
enum ExitCode : int {
    exit_pass = 0,      ///< everything PASSed or was SKIPped
    exit_fail = 1,      ///< a device misbehaved
    exit_error = 2,     ///< setup or infrastructure broke
    exit_bad_input = 3, ///< a topology, config or flag was wrong; nothing was touched
};

} // namespace hammer::cli
