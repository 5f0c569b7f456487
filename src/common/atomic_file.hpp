#pragma once

#include <filesystem>
#include <string_view>

namespace hammer {

/// Replaces `target` with `text` so that a crash leaves either the old file
/// or the new one, never half of one: a temporary file beside it, fsync,
/// rename, fsync of the directory. Throws std::system_error naming the path
/// that failed; the temporary file is removed then.
void write_file_atomically(const std::filesystem::path& target, std::string_view text);

} // namespace hammer
